import type { FeeChannel, FeeExemption, FeeLineEdit, FeeReduction, FeeUnit } from './fee-line.ts';

/**
 * Structured fee lines from the published catalogue text (docs/FEES.md "From the catalogue"). The
 * catalogue gives, per channel row, one fee cell: "Miễn phí", "Không có thông tin" or an amount with its
 * wording ("800,000 Việt Nam Đồng((áp dụng mức phí 400.000 đồng/hồ sơ kể từ ngày 01/7/2025 đến hết ngày
 * 31/12/2026 theo Thông tư số 64/2025/TT-BTC))"). A procedure's lines are derived only when every amount
 * is certain in đồng and no channel lists two different fees (those are cases — "trường hợp…" — of which
 * one applies, which the text does not say how to tell apart): an administrator enters those.
 */

/** What the derivation needs of a channel row (the catalogue's `ProcedureChannel`, structurally). */
export interface CatalogueFeeRow {
  readonly channel: FeeChannel;
  readonly fees: readonly {
    readonly amountVnd?: number | undefined;
    readonly amount?: number | undefined;
    readonly currency?: 'VND' | 'USD' | undefined;
    readonly text: string;
    readonly free: boolean;
  }[];
}

/**
 * How a procedure's published fees came out: `structured` (lines with amounts), `free` (every row says
 * "Miễn phí": nothing is due), `none` (no fee information), or why not: `foreign_currency` (an amount in
 * USD), `uncertain_amount` (a number whose đồng value is not certain, e.g. "20 VNĐ" with no wording), `cases`
 * (a channel lists several fees, or a fee and "Miễn phí").
 */
export type DeriveStatus = 'structured' | 'free' | 'none' | 'foreign_currency' | 'uncertain_amount' | 'cases';

export interface DerivedFees {
  readonly status: DeriveStatus;
  readonly lines: FeeLineEdit[];
}

const CIRCULAR =
  /(Thông tư(?: liên tịch)?(?: số)?\s*\d+\/\d{4}\/TT(?:LT)?-[A-ZĐ]+|Nghị quyết(?: số)?\s*\d+\/\d{4}\/NQ-HĐND|Nghị định(?: số)?\s*\d+\/\d{4}\/NĐ-CP)/;

const UNIT_WORDS: readonly [RegExp, FeeUnit][] = [
  [/^\s*(?:01\s*)?tờ khai/i, 'per_declaration'],
  [/^\s*(?:01\s*)?trang/i, 'per_page'],
  [/^\s*(?:01\s*)?bản\b/i, 'per_copy'],
  [/^\s*(?:01\s*)?người/i, 'per_person'],
  [
    /^\s*(?:01\s*)?(?:giấy|thẻ|hộ chiếu|chứng chỉ|cchn|tem|giấy phép|giấy chứng nhận|giấy thông hành)/i,
    'per_certificate',
  ],
];

/** The unit the wording names right after a "/" ("20.000 đồng/tờ khai"), per record otherwise. */
export function unitOf(wording: string): FeeUnit {
  for (const m of wording.matchAll(/\/\s*/g)) {
    const after = wording.slice((m.index ?? 0) + m[0].length);
    for (const [re, unit] of UNIT_WORDS) if (re.test(after)) return unit;
    return 'per_record';
  }
  return 'per_record';
}

/** The first legal document the text cites, normalised ("Thông tư số 64/2025/TT-BTC"). */
export function legalBasisIn(text: string): string | null {
  const m = CIRCULAR.exec(text);
  return m ? m[1]!.replace(/\s+/g, ' ').replace(/^(Thông tư|Nghị quyết|Nghị định) (?!số)/, '$1 số ') : null;
}

const DATE = String.raw`(\d{1,2})\s*(?:\/|tháng)\s*(\d{1,2})\s*(?:\/|năm)\s*(\d{4})`;
const PERIOD = new RegExp(
  String.raw`(?:(?:kể\s+)?từ(?:\s+kể\s+từ)?\s+ngày\s+${DATE}\s*)?đến\s+hết\s+ngày\s+${DATE}`,
  'i',
);

function isoOf(d: string, m: string, y: string): string | null {
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const t = Date.parse(`${iso}T00:00:00Z`);
  return Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== iso ? null : iso;
}

function numberOf(s: string): number {
  return Number(s.replace(/[.,\s]/g, ''));
}

/**
 * Reductions for a period the wording states: a lower amount ("áp dụng mức phí 400.000 đồng/hồ sơ kể từ
 * ngày 01/7/2025 đến hết ngày 31/12/2026 theo Thông tư số 64/2025/TT-BTC", "25.000 đồng/CCHN (áp dụng từ
 * … đến hết ngày …") or a percentage for online submissions ("trực tuyến bằng 50% mức thu"). A lower amount
 * must be below the line's amount and above 0; each needs an end date and a cited legal document.
 */
export function reductionsIn(wording: string, amountVnd: number): FeeReduction[] {
  const found: FeeReduction[] = [];
  for (const m of wording.matchAll(new RegExp(PERIOD.source, 'gi'))) {
    const at = m.index ?? 0;
    const until = isoOf(m[4]!, m[5]!, m[6]!);
    const from = m[1] ? isoOf(m[1], m[2]!, m[3]!) : null;
    if (!until) continue;
    const basis = legalBasisIn(wording.slice(at));
    if (!basis) continue;
    // The amount or percentage it sets: the nearest one before the period (within the same sentence).
    const before = wording.slice(Math.max(0, at - 160), at);
    const sentence = before.split(/[;]|\.\s/).pop() ?? before;
    const around = `${sentence}${wording.slice(at, at + 200).split(/[;]/)[0]}`;
    const percent = /bằng\s+(\d{1,3})\s*%/i.exec(around);
    const period = { ...(from ? { from } : {}), until };
    if (percent && /trực tuy[ếể]n/i.test(around)) {
      const p = Number(percent[1]);
      if (p >= 1 && p < 100) {
        found.push({ legalBasis: basis, channel: 'online', percent: 100 - p, ...period });
      }
      continue;
    }
    const amounts = [...sentence.matchAll(/(\d{1,3}(?:[.,]\d{3})+)\s*(?:đồng|đ\b|vnđ|VNĐ)/gi)];
    const last = amounts.pop();
    if (!last) continue;
    const reduced = numberOf(last[1]!);
    if (reduced > 0 && reduced < amountVnd) found.push({ legalBasis: basis, amountVnd: reduced, ...period });
  }
  return found;
}

/** Groups the wording says are exempt ("Miễn phí đối với: …", "… được miễn lệ phí …"), as text. */
export function exemptionsIn(wording: string, fallbackBasis: string): FeeExemption[] {
  const out: FeeExemption[] = [];
  const basis = legalBasisIn(wording) ?? fallbackBasis;
  const head = /Miễn (?:phí|lệ phí)\s+đối với:?\s*([^.;]+)/i.exec(wording);
  if (head) out.push({ who: head[1]!.trim().slice(0, 500), legalBasis: basis });
  for (const m of wording.matchAll(/([^.;()]{3,200}?)\s+được miễn (?:lệ phí|phí|chi phí)/gi)) {
    out.push({
      who: m[1]!
        .replace(/^[\s\-+–]+/, '')
        .trim()
        .slice(0, 500),
      legalBasis: basis,
    });
  }
  return out;
}

/** The line's name: "Phí …" / "Lệ phí …" before a colon in the wording, else by the word it uses. */
export function nameOf(wording: string): string {
  const named = /((?:Lệ phí|Phí)\s[^:()]{2,120}?)\s*:/.exec(wording);
  if (named) return named[1]!.trim();
  if (/lệ phí/i.test(wording)) return 'Lệ phí';
  if (/\bphí\b/i.test(wording)) return 'Phí';
  return 'Phí, lệ phí';
}

/** The wording inside the outer brackets of a catalogue fee text ("800,000 VNĐ(…)" → "…"). */
function wordingOf(text: string): string {
  const open = text.indexOf('(');
  return open < 0 ? '' : text.slice(open + 1, text.endsWith(')') ? -1 : undefined);
}

/**
 * Structured lines from a procedure's published channel rows (see {@link DeriveStatus}). A fee listed by
 * every channel that lists a fee becomes one line for all channels; one listed by some channels, one line
 * per channel. `fallbackBasis` (the announcing decision) is the legal basis of an exemption whose wording
 * cites none.
 */
export function deriveFeeLines(
  rows: readonly CatalogueFeeRow[],
  fallbackBasis = 'Quyết định công bố thủ tục',
): DerivedFees {
  const withFees = rows.filter((r) => r.fees.length > 0);
  if (withFees.length === 0) return { status: 'none', lines: [] };
  const all = withFees.flatMap((r) => r.fees);
  if (all.some((f) => f.currency === 'USD')) return { status: 'foreign_currency', lines: [] };
  if (all.some((f) => !f.free && f.amountVnd === undefined)) return { status: 'uncertain_amount', lines: [] };
  const byChannel = new Map<FeeChannel, Set<string>>();
  for (const r of withFees) {
    const set = byChannel.get(r.channel) ?? new Set<string>();
    for (const f of r.fees) set.add(f.free ? 'free' : `vnd:${f.amountVnd}`);
    byChannel.set(r.channel, set);
  }
  if ([...byChannel.values()].some((s) => s.size > 1)) return { status: 'cases', lines: [] };
  if (all.every((f) => f.free)) return { status: 'free', lines: [] };

  const channels = [...byChannel.keys()];
  const lines: FeeLineEdit[] = [];
  const seen = new Set<string>();
  for (const r of withFees) {
    const fee = r.fees[0]!;
    if (fee.free || fee.amountVnd === undefined) continue;
    const key = `vnd:${fee.amountVnd}`;
    const payingChannels = channels.filter((c) => byChannel.get(c)?.has(key));
    const everywhere = payingChannels.length === channels.length;
    const lineKey = everywhere ? key : `${key}:${r.channel}`;
    if (seen.has(lineKey)) continue;
    seen.add(lineKey);
    const wording = wordingOf(fee.text);
    const reductions = reductionsIn(wording, fee.amountVnd);
    // The line's own basis: the first document cited that is not a reduction's.
    const cited = [...wording.matchAll(new RegExp(CIRCULAR.source, 'g'))].map((m) => legalBasisIn(m[0]));
    const legalBasis = cited.find((c) => c && !reductions.some((x) => x.legalBasis === c)) ?? null;
    const exemptions = exemptionsIn(wording, legalBasis ?? fallbackBasis);
    lines.push({
      name: nameOf(wording),
      amountVnd: fee.amountVnd,
      unit: unitOf(wording),
      payer: 'applicant',
      ...(legalBasis ? { legalBasis } : {}),
      exemptions,
      ...(reductions.length ? { reductions } : {}),
      ...(everywhere ? {} : { channel: r.channel }),
    });
  }
  return { status: 'structured', lines };
}

/**
 * The fee lines in force for a procedure version's data: an administrator's (`feeLines`, even an empty list:
 * "nothing is due"), else those derived from the published channel rows, else none.
 */
export function feeLinesOf(data: {
  readonly feeLines?: readonly FeeLineEdit[] | undefined;
  readonly channels: readonly CatalogueFeeRow[];
  readonly decisionNo?: string | null;
}): {
  lines: FeeLineEdit[];
  source: 'administrator' | 'catalogue' | 'none';
  status: DeriveStatus | 'administrator';
} {
  if (data.feeLines) return { lines: [...data.feeLines], source: 'administrator', status: 'administrator' };
  const derived = deriveFeeLines(data.channels, data.decisionNo ?? undefined);
  return {
    lines: derived.lines,
    source: derived.lines.length > 0 ? 'catalogue' : 'none',
    status: derived.status,
  };
}
