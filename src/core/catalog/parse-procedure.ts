import { inferCompetentAgencyRule } from './competent-agency-rule.ts';
import { parseChannels } from './parse-channels.ts';
import { parseDocuments } from './parse-documents.ts';
import { parseLegalBasis } from './parse-legal-basis.ts';
import { parseResult } from './parse-result.ts';
import type {
  CompetentAgencyRule,
  FeeLine,
  ParseReport,
  ProcedureChannel,
  ProcedureDraft,
  ProcedureField,
  ProcedureLevel,
} from './procedure-draft.ts';
import { PROCEDURE_FIELDS } from './procedure-draft.ts';
import type { RawProcedure } from './raw-procedure.ts';

/** Settings that replace an inferred default for one procedure code. */
export interface ProcedureOverride {
  /** E.g. from the city's published list of procedures received regardless of boundaries. */
  readonly crossBoundary?: boolean;
  readonly competentAgencyRule?: CompetentAgencyRule;
  readonly onlineLevel?: ProcedureDraft['onlineLevel'];
}

/** Options of {@link parseProcedure}. */
export interface ParseOptions {
  /** Overrides keyed by procedure code (`ma_thu_tuc`). */
  readonly overrides?: Readonly<Record<string, ProcedureOverride>>;
}

const NO_INFORMATION = /^\s*(Không có thông tin|Không có|Không quy định|Không)?\s*[.;]?\s*$/iu;
/** The portal's empty search widgets copied into some fields ("Từ khóaKhông có thông tinMô tả…"). */
const UI_NOISE =
  /Từ khóa(?:Không có thông tin)?Mô tả(?:Không có thông tin)?(?:Chọn cơ quan thực hiện[\s\S]*)?$/u;
const LEVELS: Readonly<Record<string, ProcedureLevel>> = { 'Cấp tỉnh': 'city', 'Cấp xã': 'commune' };
const OTHER_LEVELS = new Set(['Cấp bộ', 'Cơ quan khác']);
/** Subjects whose published name itself contains ", ". */
const COMPOUND_SUBJECTS = ['Cán bộ, công chức, viên chức'];
/**
 * An online row that still needs a physical step: "một phần", not "toàn trình" (Decree 224/2026 art. 14,
 * DOMAIN.md §5.5).
 */
const PHYSICAL_STEP =
  /một phần|(?:nộp|xuất trình|mang theo|đối chiếu)[^.;\n]{0,60}bản (?:chính|giấy)|(?:đến|có mặt) trực tiếp/iu;
const FULLY_ONLINE = /toàn trình/iu;

function informative(text: string): string | null {
  const t = text
    .replace(/\u00a0/g, ' ')
    .replace(UI_NOISE, '')
    .trim();
  return NO_INFORMATION.test(t) ? null : t;
}

/** Splits on ", " outside brackets, then rejoins subjects whose names contain ", ". */
function splitSubjects(text: string): string[] {
  let t = text;
  const compound = COMPOUND_SUBJECTS.map((c, i) => [c, `\u0000${i}\u0000`] as const);
  for (const [c, token] of compound) t = t.replaceAll(c, token);
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of t) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts
    .map((p) => compound.reduce((acc, [c, token]) => acc.replaceAll(token, c), p).trim())
    .filter(Boolean);
}

const STEP_START = /\n[ \t]*(?:[-–•*+][ \t]*)?(?=Bước[ \t]*\d)/u;

function splitSteps(text: string): string[] {
  const t = informative(text);
  if (t === null) return [];
  const byStep = `\n${t}`
    .split(STEP_START)
    .map((s) => s.trim())
    .filter(Boolean);
  if (byStep.length >= 2) return byStep;
  return t
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
}

function onlineLevelOf(channels: readonly ProcedureChannel[]): ProcedureDraft['onlineLevel'] {
  const online = channels.filter((c) => c.channel === 'online');
  if (online.length === 0) return 'none';
  const says = (re: RegExp) => online.some((c) => c.description !== null && re.test(c.description));
  if (says(FULLY_ONLINE)) return 'full';
  return says(PHYSICAL_STEP) ? 'partial' : 'full';
}

function distinctFees(channels: readonly ProcedureChannel[]): FeeLine[] {
  const seen = new Map<string, FeeLine>();
  for (const c of channels) for (const f of c.fees) seen.set(JSON.stringify(f), f);
  return [...seen.values()];
}

/**
 * Parses one catalog line into a {@link ProcedureDraft} and a report of which fields were structured,
 * kept as raw text, or had no information. Never throws on text: whatever cannot be structured stays in
 * the draft as published (channel `raw`, document `raw`, unsplit legal basis) and is listed in
 * `rawKept`.
 *
 * Inferred defaults (the catalog has no field for them; `options.overrides` replaces them per code):
 * - `onlineLevel`: `none` without an online channel; `full` when an online row says "toàn trình";
 *   `partial` when an online row says "một phần", asks for originals or paper copies to be brought or
 *   sent, or for the applicant to come in person; else `full` (the catalog rarely says which, and
 *   Decree 224/2026 art. 14 makes fully online the default).
 * - `crossBoundary`: true when the procedure can be submitted in person or by post (or the catalog shows
 *   no channel): Decree 118/2025 art. 14 makes city and commune one-stop units receive city, commune
 *   and vertically organised agencies' procedures regardless of administrative boundaries within the
 *   province (DOMAIN.md §1.4, §2.7); the city's published list may narrow it.
 * - `competentAgencyRule`: see `inferCompetentAgencyRule`.
 */
export function parseProcedure(
  raw: RawProcedure,
  options: ParseOptions = {},
): { draft: ProcedureDraft; report: ParseReport } {
  const state = new Map<ProcedureField, 'parsed' | 'kept_raw' | 'empty'>();
  const mark = (field: ProcedureField, empty: boolean, keptRaw = false) =>
    state.set(field, empty ? 'empty' : keptRaw ? 'kept_raw' : 'parsed');

  const code = raw.ma_thu_tuc.trim();
  const name = raw.ten_thu_tuc.replace(/\s+/g, ' ').trim();
  mark('code', false);
  mark('name', false);
  const field = raw.linh_vuc.trim();
  mark('field', field === '');

  const levelTokens = raw.cap_thuc_hien
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const levels = [...new Set(levelTokens.flatMap((t) => (LEVELS[t] ? [LEVELS[t] as ProcedureLevel] : [])))];
  const otherLevels = levelTokens.filter((t) => !LEVELS[t]);
  mark(
    'levels',
    levelTokens.length === 0,
    otherLevels.some((t) => !OTHER_LEVELS.has(t)) || levels.length === 0,
  );

  const kind = informative(raw.loai_thu_tuc);
  mark('kind', kind === null);
  const subjectsText = informative(raw.doi_tuong_thuc_hien);
  const subjects = subjectsText === null ? [] : splitSubjects(subjectsText);
  mark('subjects', subjects.length === 0);
  const competentAgencyText = informative(raw.co_quan_co_tham_quyen);
  mark('competentAgencyText', competentAgencyText === null);
  const implementingAgencyText = informative(raw.co_quan_thuc_hien);
  mark('implementingAgencyText', implementingAgencyText === null);
  const decisionNo = informative(raw.so_quyet_dinh);
  mark('decisionNo', decisionNo === null);

  const { channels, notes } = parseChannels(raw.cach_thuc_parsed, raw.trinh_tu_thuc_hien);
  const anyRows = raw.cach_thuc_parsed.length > 0;
  mark('channels', !anyRows, notes.rowsKeptRaw);
  mark('channels.time', !anyRows || (!notes.timeShown && !notes.timeKeptRaw), notes.timeKeptRaw);
  const fees = distinctFees(channels);
  mark('channels.fees', fees.length === 0 && !notes.feesKeptRaw, notes.feesKeptRaw);

  const docs = parseDocuments(raw.thanh_phan_ho_so);
  mark('documents', docs.documents.length === 0, docs.keptRaw);
  mark('documents.form', !docs.documents.some((d) => d.form) && !docs.formKeptRaw, docs.formKeptRaw);

  const parsedResult = parseResult(raw.ket_qua_xu_ly);
  const result = {
    names: parsedResult.names,
    codes: parsedResult.codes,
    ...(parsedResult.note ? { note: parsedResult.note } : {}),
  };
  mark('result', result.names.length === 0 && result.codes.length === 0, parsedResult.keptRaw);

  const legal = parseLegalBasis(raw.can_cu_phap_ly);
  mark('legalBasis', legal.documents.length === 0, legal.keptRaw);

  const steps = splitSteps(raw.trinh_tu_thuc_hien);
  mark('steps', steps.length === 0);
  const conditions = informative(raw.yeu_cau_dieu_kien);
  mark('conditions', conditions === null);

  const override = options.overrides?.[code] ?? {};
  const competentAgencyRule =
    override.competentAgencyRule ??
    inferCompetentAgencyRule({ name, field, levels, competentAgencyText, implementingAgencyText });
  mark('competentAgencyRule', false, competentAgencyRule.kind === 'unresolved');
  const onlineLevel = override.onlineLevel ?? onlineLevelOf(channels);
  const crossBoundary =
    override.crossBoundary ??
    (channels.length === 0 || channels.some((c) => c.channel === 'in_person' || c.channel === 'post'));

  const report: ParseReport = { parsed: [], kept_raw: [], empty: [] };
  for (const f of PROCEDURE_FIELDS) {
    const s = state.get(f);
    if (s) report[s].push(f);
  }
  const draft: ProcedureDraft = {
    code,
    name,
    field,
    levels,
    otherLevels,
    kind,
    subjects,
    competentAgencyText,
    implementingAgencyText,
    decisionNo,
    channels,
    fees,
    documents: docs.documents,
    result,
    legalBasis: legal.documents,
    steps,
    conditions,
    onlineLevel,
    crossBoundary,
    competentAgencyRule,
    rawKept: [...report.kept_raw],
  };
  return { draft, report };
}
