/**
 * Checklists: the "Thành phần hồ sơ" of every published procedure split into documents the applicant
 * hands in and notes (conditions, instructions, rules for the official). Counts the procedures whose
 * checklist was parsed into rows, split (had notes separated), kept raw (no table, or text no row
 * closes), or empty; documents per procedure before (every published row was an upload slot, a counter
 * checklist line and a receipt line) and after (documents only); alternatives and cases recognised; the
 * parse rate. Pure: no database.
 *
 * `npm run motcua -- bench checklists` (or `node src/cli.ts bench checklists`); `CATALOG=<file.jsonl>`
 * measures another catalogue.
 */
import { readFileSync } from 'node:fs';
import {
  documentsOnly,
  type ProcedureDocument,
  parseProcedure,
  RawProcedure,
} from '../src/core/catalog/index.ts';
import { parseDocuments } from '../src/core/catalog/parse-documents.ts';
import { createProgress } from '../src/platform/progress.ts';
import { percentile, round, writeResult } from './support.ts';

const DEFAULT_CATALOG = new URL('../data/vn-tthc-catalog/procedures_cap_tinh_cap_xa.jsonl', import.meta.url);

/** The documents one applicant is asked for: those of no case plus those of the largest case. */
function largestCase(slots: ProcedureDocument[]): number {
  const byCase = new Map<string, number>();
  for (const d of slots) if (d.case) byCase.set(d.case, (byCase.get(d.case) ?? 0) + 1);
  return slots.filter((d) => !d.case).length + Math.max(0, ...byCase.values());
}

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((n, v) => n + v, 0);
  return {
    procedures: sorted.length,
    total: sum,
    mean: round(sum / Math.max(1, sorted.length), 2),
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted.at(-1) ?? 0,
  };
}

export async function run(env: Record<string, string | undefined>): Promise<void> {
  const file = env.CATALOG ?? DEFAULT_CATALOG;
  const raws = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => RawProcedure.parse(JSON.parse(l)));
  const bar = createProgress();
  bar.start(raws.length, 'checklists');
  const before: number[] = [];
  const after: number[] = [];
  const perCase: number[] = [];
  let parsed = 0;
  let split = 0;
  let keptRaw = 0;
  let empty = 0;
  let withAlternatives = 0;
  let withCases = 0;
  let rows = 0;
  let notes = 0;
  let duplicates = 0;
  const largest: { code: string; before: number; after: number }[] = [];
  let birth: { code: string; name: string; before: number; after: number; documents: string[] } | null = null;
  const started = performance.now();
  for (const raw of raws) {
    const text = parseDocuments(raw.thanh_phan_ho_so);
    const documents: ProcedureDocument[] = parseProcedure(raw).draft.documents;
    const slots = documentsOnly(documents);
    const noteRows = documents.filter((d) => d.kind === 'note').length;
    const classified = documents.length - noteRows;
    rows += documents.length;
    notes += noteRows;
    duplicates += classified - slots.length;
    if (documents.length === 0) empty++;
    else {
      before.push(documents.length);
      after.push(slots.length);
      perCase.push(largestCase(slots));
      largest.push({ code: raw.ma_thu_tuc, before: documents.length, after: slots.length });
      if (text.keptRaw) keptRaw++;
      else parsed++;
      if (noteRows > 0) split++;
      if (slots.some((d) => d.alternativeGroup)) withAlternatives++;
      if (slots.some((d) => d.case)) withCases++;
    }
    if (raw.ma_thu_tuc === '1.001193') {
      birth = {
        code: raw.ma_thu_tuc,
        name: raw.ten_thu_tuc,
        before: documents.length,
        after: slots.length,
        documents: slots.map((d) => (d.name.length > 90 ? `${d.name.slice(0, 90)}…` : d.name)),
      };
    }
    bar.increment();
  }
  const ms = performance.now() - started;
  bar.stop();
  writeResult('checklists', {
    catalog: typeof file === 'string' ? file : 'data/vn-tthc-catalog/procedures_cap_tinh_cap_xa.jsonl',
    procedures: raws.length,
    checklists: {
      parsed,
      split,
      keptRaw,
      empty,
      withAlternatives,
      withCases,
      note: 'parsed = split into table rows; split = had notes separated from documents (a subset of parsed and keptRaw); keptRaw = no table, or text no row closes (kept as a note with its published text); empty = "Không có thông tin"',
    },
    rows: { total: rows, documents: rows - notes, notes, repeatedDocuments: duplicates },
    documentsPerProcedure: {
      before: stats(before),
      after: stats(after),
      afterOneCase: stats(perCase),
      note: 'over procedures with a published checklist; before = every published row (an upload slot and a receipt line until issue 14), after = documents only, a document the text repeats listed once; afterOneCase = the documents of no case plus those of the largest case (what one applicant who picks a case is asked for)',
    },
    largestBefore: largest
      .sort((a, b) => b.before - a.before)
      .slice(0, 5)
      .map((x) => `${x.code}: ${x.before} → ${x.after}`),
    largestAfter: largest
      .sort((a, b) => b.after - a.after)
      .slice(0, 5)
      .map((x) => `${x.code}: ${x.before} → ${x.after}`),
    birthRegistration: birth,
    parseMsPerProcedure: round(ms / raws.length, 3),
  });
}
