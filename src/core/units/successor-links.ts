import { z } from 'zod';
import { parseCsv } from '../csv/index.ts';
import { DomainError } from '../errors/index.ts';
import { unitKey } from './units.ts';

/**
 * How much of an old unit went into a new one. Resolution 1668/NQ-UBTVQH15 art. 1 says "toàn bộ" (`full`),
 * "một phần diện tích …" (`partial`) or "phần còn lại của …" (`remainder`, what is left after the partial
 * transfers). The national mapping knows only `full` and `partial`.
 */
export const SuccessionShare = z.enum(['full', 'partial', 'remainder']);
export type SuccessionShare = z.infer<typeof SuccessionShare>;

/**
 * Where a link comes from:
 * - `resolution-1668`: Resolution 1668/NQ-UBTVQH15 (Can Tho communes), parsed and checked by this project;
 * - `resolution-202`: Resolution 202/2025/QH15 (Can Tho, Hậu Giang and Sóc Trăng merged into Can Tho);
 * - `dvhcvn-national`: github.com/dvhcvn/20250701 `mapping/splits.json` (+ `merges.json` for shares),
 *   LLM-assisted, wrong for 4 of 263 Can Tho units, so `low` confidence everywhere.
 */
export const SuccessionSource = z.enum(['resolution-1668', 'resolution-202', 'dvhcvn-national']);
export type SuccessionSource = z.infer<typeof SuccessionSource>;

/** `authoritative` = read from the resolution text; `low` = unchecked third-party mapping. */
export const SuccessionConfidence = z.enum(['authoritative', 'low']);
export type SuccessionConfidence = z.infer<typeof SuccessionConfidence>;

/** One old unit → new unit link of the 1 July 2025 reform; keys are {@link unitKey}s. */
export const SuccessorLink = z.object({
  fromKey: z.string(),
  toKey: z.string(),
  share: SuccessionShare,
  source: SuccessionSource,
  confidence: SuccessionConfidence,
  note: z.string().nullable(),
});
export type SuccessorLink = z.infer<typeof SuccessorLink>;

/** One row of `can_tho_92_old_to_new_from_resolution_1668.csv`. */
export const CanThoMappingRow = z.object({
  new_code: z.string().regex(/^\d{5}$/),
  new_name: z.string().min(1),
  resolution_clause: z.string().min(1),
  old_code: z.string().regex(/^\d{5}$/),
  old_name: z.string().min(1),
  old_district_code: z.string().regex(/^\d{3}$/),
  old_district: z.string().min(1),
  old_province_code: z.string().regex(/^\d{2}$/),
  old_province: z.string().min(1),
  share: SuccessionShare,
  match_note: z.string(),
});
export type CanThoMappingRow = z.infer<typeof CanThoMappingRow>;

const SplitTarget = z.object({ new_id: z.string().regex(/^\d{2,5}$/), name: z.string() });
const splitTargets = z.array(SplitTarget).min(1);

/** `data/vn-admin-mapping-2025/splits_old_to_new.json` (dvhcvn/20250701 `mapping/splits.json`). */
export const NationalSplitsJson = z.object({
  data: z.array(
    z.object({
      level1_id: z.string().regex(/^\d{2}$/),
      name: z.string(),
      splits: splitTargets,
      /** Only the five island districts without communes, which became special zones. */
      level2s: z
        .array(z.object({ level2_id: z.string().regex(/^\d{3}$/), name: z.string(), splits: splitTargets }))
        .optional(),
      level3s: z.array(
        z.object({ level3_id: z.string().regex(/^\d{5}$/), name: z.string(), splits: splitTargets }),
      ),
    }),
  ),
});
export type NationalSplitsJson = z.infer<typeof NationalSplitsJson>;

const MergeSource = z.object({
  old_id: z.string().regex(/^\d{2,5}$/),
  name: z.string(),
  type: z.enum(['full', 'partial']),
});

/** `data/vn-admin-mapping-2025/merges_new_to_old.json` (dvhcvn/20250701 `mapping/merges.json`). */
export const NationalMergesJson = z.object({
  data: z.array(
    z.object({
      level1_id: z.string().regex(/^\d{2}$/),
      name: z.string(),
      merges: z.array(MergeSource),
      level2s: z.array(
        z.object({ level2_id: z.string().regex(/^\d{5}$/), name: z.string(), merges: z.array(MergeSource) }),
      ),
    }),
  ),
});
export type NationalMergesJson = z.infer<typeof NationalMergesJson>;

/**
 * New commune codes that GSO changed after Official Letter 1027/CTK-CSCL, which dvhcvn still uses
 * (data/vn-admin-mapping-2025/SOURCE.md): Xã Ba Chẽ and Xã Ia Mơ.
 */
export const GSO_RECODED_2025: Readonly<Record<string, string>> = { '06970': '06978', '23737': '23938' };

/**
 * Old commune codes in dvhcvn that the GSO pre-2025 list does not have (data/vn-admin-units-pre2025/
 * SOURCE.md; none in Can Tho). Their links would point from a unit that does not exist, so they are dropped.
 */
export const DVHCVN_CODES_NOT_IN_GSO: ReadonlySet<string> = new Set([
  '07693',
  '07732',
  '07744',
  '16387',
  '16411',
  '18448',
  '20176',
  '20674',
  '25102',
  '25174',
  '25177',
  '25186',
]);

/** The new Can Tho (Resolution 202/2025/QH15 art. 1 kept code 92 for the merged city). */
const CAN_THO = '92';
const DVHCVN_NOTE = 'dvhcvn/20250701 mapping (LLM-assisted), not checked against the resolutions';

/** Parses `can_tho_92_old_to_new_from_resolution_1668.csv`. @throws ZodError on a malformed row */
export function parseCanThoMapping(csvText: string): CanThoMappingRow[] {
  const [header, ...rows] = parseCsv(csvText);
  if (!header) return [];
  return rows.map((cells) => CanThoMappingRow.parse(Object.fromEntries(header.map((h, i) => [h, cells[i]]))));
}

export interface SuccessorLinkOptions {
  /**
   * The parsed `merges_new_to_old.json`. When given, national shares come from its `type`; otherwise a
   * link is `full` when the old unit has one successor and `partial` when it has several (the two files
   * agree on this for every link).
   */
  readonly merges?: unknown;
}

/**
 * All old → new links of the 1 July 2025 reform, sorted by `fromKey` then `toKey`:
 * - Can Tho (every old province that appears in the CSV: 92, 93, 94): communes only from the CSV parsed
 *   from Resolution 1668/NQ-UBTVQH15 (`authoritative`), plus one province link per old province to new 92
 *   (Resolution 202/2025/QH15). The national file is ignored there because it is wrong for 4 old Can Tho
 *   communes (e.g. it splits 31240 Xã Thạnh An, which went wholly to 31246 under clause 43).
 * - Every other old province, its communes and its five island districts: the national mapping, `low`.
 *   New codes are translated through {@link GSO_RECODED_2025}; old codes in {@link DVHCVN_CODES_NOT_IN_GSO}
 *   are dropped.
 *
 * @param canThoCsvText text of `can_tho_92_old_to_new_from_resolution_1668.csv`
 * @param nationalSplitsJson the parsed `splits_old_to_new.json`
 * @throws ZodError when an input does not have the expected shape
 * @throws DomainError system.internal when two links join the same pair of units
 */
export function successorLinks(
  canThoCsvText: string,
  nationalSplitsJson: unknown,
  options: SuccessorLinkOptions = {},
): SuccessorLink[] {
  const rows = parseCanThoMapping(canThoCsvText);
  const splits = NationalSplitsJson.parse(nationalSplitsJson);
  const mergeShares = options.merges === undefined ? undefined : sharesFromMerges(options.merges);
  const canThoOld = new Set(rows.map((r) => r.old_province_code));
  const links = new Map<string, SuccessorLink>();
  const add = (link: SuccessorLink) => {
    const id = `${link.fromKey}>${link.toKey}`;
    if (links.has(id)) throw new DomainError('system.internal', { reason: 'duplicate succession', id });
    links.set(id, link);
  };

  for (const r of rows) {
    add({
      fromKey: unitKey('pre2025', r.old_code),
      toKey: unitKey('2025', r.new_code),
      share: r.share,
      source: 'resolution-1668',
      confidence: 'authoritative',
      note: r.match_note ? `${r.resolution_clause}; ${r.match_note}` : r.resolution_clause,
    });
  }
  for (const province of [...canThoOld].sort()) {
    add({
      fromKey: unitKey('pre2025', province),
      toKey: unitKey('2025', CAN_THO),
      share: 'full',
      source: 'resolution-202',
      confidence: 'authoritative',
      note: '202/2025/QH15: Thành phố Cần Thơ, Tỉnh Hậu Giang and Tỉnh Sóc Trăng merged into Thành phố Cần Thơ',
    });
  }

  const national = (oldCode: string, targets: readonly { new_id: string }[]) => {
    if (DVHCVN_CODES_NOT_IN_GSO.has(oldCode)) return;
    for (const t of targets) {
      const recoded = GSO_RECODED_2025[t.new_id];
      const newCode = recoded ?? t.new_id;
      const share = mergeShares?.get(`${oldCode}>${newCode}`) ?? (targets.length === 1 ? 'full' : 'partial');
      add({
        fromKey: unitKey('pre2025', oldCode),
        toKey: unitKey('2025', newCode),
        share,
        source: 'dvhcvn-national',
        confidence: 'low',
        note: recoded ? `${DVHCVN_NOTE}; new code ${t.new_id} recoded by GSO to ${newCode}` : DVHCVN_NOTE,
      });
    }
  };
  for (const p of splits.data) {
    if (canThoOld.has(p.level1_id)) continue;
    national(p.level1_id, p.splits);
    for (const d of p.level2s ?? []) national(d.level2_id, d.splits);
    for (const c of p.level3s) national(c.level3_id, c.splits);
  }

  return [...links.values()].sort((a, b) => compare(a.fromKey, b.fromKey) || compare(a.toKey, b.toKey));
}

function sharesFromMerges(json: unknown): Map<string, SuccessionShare> {
  const merges = NationalMergesJson.parse(json);
  const shares = new Map<string, SuccessionShare>();
  const put = (oldId: string, newId: string, type: SuccessionShare) =>
    shares.set(`${oldId}>${GSO_RECODED_2025[newId] ?? newId}`, type);
  for (const p of merges.data) {
    for (const m of p.merges) put(m.old_id, p.level1_id, m.type);
    for (const c of p.level2s) for (const m of c.merges) put(m.old_id, c.level2_id, m.type);
  }
  return shares;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A current unit that an old unit became (part of). */
export interface ResolvedUnit {
  readonly key: string;
  readonly code: string;
  readonly share: SuccessionShare;
  readonly source: SuccessionSource;
  readonly confidence: SuccessionConfidence;
  readonly note: string | null;
}

const SHARE_ORDER: Record<SuccessionShare, number> = { full: 0, partial: 1, remainder: 2 };

/**
 * The 2025 unit(s) a pre-2025 unit (commune, island district or province) became part of: one `full` link
 * for a merged unit, several for a split one (each `partial`, and for Can Tho one `remainder`; which
 * streets went where is in no file, so an address in a split unit needs a street-level lookup).
 * Sorted `full`, `partial`, `remainder`, then by code. Empty when `oldCode` has no link.
 */
export function resolveUnit(oldCode: string, links: readonly SuccessorLink[]): ResolvedUnit[] {
  const from = unitKey('pre2025', oldCode);
  const prefix = unitKey('2025', '');
  return links
    .filter((l) => l.fromKey === from)
    .map((l) => ({
      key: l.toKey,
      code: l.toKey.startsWith(prefix) ? l.toKey.slice(prefix.length) : l.toKey,
      share: l.share,
      source: l.source,
      confidence: l.confidence,
      note: l.note,
    }))
    .sort((a, b) => SHARE_ORDER[a.share] - SHARE_ORDER[b.share] || compare(a.code, b.code));
}
