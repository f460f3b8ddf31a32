import type { z } from 'zod';
import type { ProcedureDetails } from '../../contracts/catalog.ts';
import {
  checklistNotes,
  documentsOnly,
  ProcedureDocument,
  ProcedureDraft,
  ProcessStep,
  parseCatalogQuery,
  rankPenalty,
  timeLimitsOf,
} from '../../core/catalog/index.ts';

import { DomainError } from '../../core/errors/index.ts';
import { FeeLineEdit, feeLinesOf } from '../../core/fees/index.ts';
import type { ProcedureFacts } from '../../core/records/index.ts';
import type { Tx } from '../../platform/db/index.ts';
import * as store from './catalog.store.ts';

export interface SearchInput {
  readonly q?: string | undefined;
  readonly field?: string | undefined;
  readonly level?: 'city' | 'commune' | undefined;
  readonly onlineLevel?: 'full' | 'partial' | 'none' | undefined;
  readonly crossBoundary?: boolean | undefined;
  readonly limit: number;
  readonly offset: number;
}

/**
 * Ranked catalog search for citizens and officials, with or without diacritics ("dang ky khai sinh" finds
 * "Đăng ký khai sinh"), in everyday words and abbreviations ("cccd", "làm giấy khai sinh", "sổ đỏ", "hkd":
 * {@link parseCatalogQuery}), the base procedure before its follow-ups and special cases unless the query
 * asks for them. When no procedure holds every word, those holding the most of them are given.
 */
export async function searchCatalog(tx: Tx, input: SearchInput) {
  const q = input.q ?? '';
  const query = parseCatalogQuery(q);
  const filter: store.SearchFilter = {
    query,
    match: 'all',
    rawCode: q.trim(),
    field: input.field,
    level: input.level,
    onlineLevel: input.onlineLevel,
    crossBoundary: input.crossBoundary,
    limit: input.limit,
    offset: input.offset,
  };
  let found = await ranked(tx, filter);
  if (found.total === 0 && query.concepts.filter((c) => c.required).length > 1) {
    found = await ranked(tx, { ...filter, match: 'any' });
  }
  const { total, rows } = found;
  return {
    total,
    items: rows.map((r) => ({
      code: r.code,
      name: r.name,
      field: r.field,
      levels: r.levels.split(',').filter(Boolean),
      onlineLevel: r.onlineLevel,
      crossBoundary: r.crossBoundary,
      timeLimit: r.timeUnit ? { value: Number(r.timeValue), unit: r.timeUnit } : null,
      version: r.version,
      rank: r.rank,
    })),
  };
}

/**
 * The page `offset`…`offset + limit` of a search, ranked with the penalties taken off
 * ({@link rankPenalty}). The store returns the best rows before penalties; more are fetched until no row left
 * out could reach the page (a penalty only lowers a rank, so a row ranked below the last one fetched ends
 * below it too).
 */
async function ranked(tx: Tx, filter: store.SearchFilter) {
  const end = filter.offset + filter.limit;
  for (let fetch = Math.max(2 * end, 60); ; fetch *= 4) {
    const { rows } = await store.searchProcedures(tx, { ...filter, limit: fetch, offset: 0 });
    const total = Number(rows[0]?.total ?? 0);
    const scored = rows
      .map((r) => ({ ...r, rank: Number(r.rank) - rankPenalty(r.searchName, filter.query.penalties) }))
      .sort(byRank);
    const last = rows.at(-1);
    const boundary = scored[end - 1];
    // Rows not fetched come after `last` by their rank before penalties, so after it with them too.
    if (
      rows.length >= total ||
      !last ||
      (boundary && byRank(boundary, { ...last, rank: Number(last.rank) }) < 0)
    ) {
      return { total, rows: scored.slice(filter.offset, end) };
    }
  }
}

/** The store's order: rank, then the shorter name, then the code. */
const byRank = (
  a: { rank: number; name: string; code: string },
  b: { rank: number; name: string; code: string },
): number =>
  b.rank - a.rank || a.name.length - b.name.length || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * A stored version's `data` as the API shows it: `documents` lists only what the applicant hands in (the
 * upload slots, the counter's checklist), `checklistNotes` the conditions, notes and instructions of the
 * published checklist, shown as guidance. Versions stored before the split are classified as they are read.
 */
export function withChecklistSplit(data: Record<string, unknown>): Record<string, unknown> {
  const rows = ProcedureDocument.array().safeParse(data.documents ?? []);
  if (!rows.success) return data;
  return { ...data, documents: documentsOnly(rows.data), checklistNotes: checklistNotes(rows.data) };
}

/**
 * The procedure in force with its documents (only those the applicant hands in; the checklist's notes in
 * `details.checklistNotes`), fees, channels and default internal process; or, with `versionId`, that version
 * of it (a record keeps the version it was opened under, and its checklist is that version's).
 * @throws procedure.not_found (also when `versionId` is not a version of this procedure)
 */
export async function getProcedure(tx: Tx, code: string, versionId?: string) {
  const row = await store.findCurrentVersion(tx, code, versionId);
  if (!row) throw new DomainError('procedure.not_found', { code, ...(versionId ? { versionId } : {}) });
  const versions = await store.listVersions(tx, row.procedureId);
  return {
    code: row.code,
    versionId: row.versionId,
    version: row.version,
    effectiveFrom: row.effectiveFrom,
    name: row.name,
    field: row.field,
    levels: row.levels.split(',').filter(Boolean),
    decisionNo: row.decisionNo,
    onlineLevel: row.onlineLevel,
    crossBoundary: row.crossBoundary,
    timeLimit: row.timeUnit ? { value: Number(row.timeValue), unit: row.timeUnit } : null,
    // The stored JSON as the contract reads it (the response serializer checks it against ProcedureDetails).
    details: withChecklistSplit(row.data as Record<string, unknown>) as z.output<typeof ProcedureDetails>,
    versions: versions.map((v) => ({
      version: v.version,
      effectiveFrom: v.effectiveFrom,
      importedAt: v.importedAt,
    })),
  };
}

export function listFields(tx: Tx) {
  return store.listFields(tx);
}

export {
  countFeeBearing,
  countOnlineServices,
  countProcedures,
  procedureCounts766,
  procedureHeadings,
  procedureVersionNames,
} from './catalog.store.ts';

/**
 * What the record lifecycle needs of a procedure version: routing rule, process, time limits per channel
 * and the names of the documents the applicant hands in (never the checklist's notes).
 * @throws procedure.not_found
 */
export async function getProcedureFacts(tx: Tx, versionId: string): Promise<ProcedureFacts> {
  const row = await store.findVersion(tx, versionId);
  if (!row) throw new DomainError('procedure.not_found', { versionId });
  const draft = ProcedureDraft.parse(row.data);
  // An unreadable stored process is no process: reception refuses the procedure as not configured.
  const parsed = ProcessStep.array().safeParse((row.data as { process?: unknown }).process ?? []);
  const process = parsed.success ? parsed.data : [];
  const timeLimits = timeLimitsOf(draft.channels);
  return {
    versionId: row.id,
    code: row.code,
    onlineLevel: draft.onlineLevel,
    crossBoundary: draft.crossBoundary,
    competentAgencyRule: draft.competentAgencyRule,
    process,
    timeLimits,
    documents: documentsOnly(draft.documents).map((d) => d.name),
    fees: feeLinesOf({ ...draft, feeLines: storedFeeLines(row.data) }),
  };
}

/** The administrator's fee lines of a version's data, when it has readable ones. */
function storedFeeLines(data: unknown): FeeLineEdit[] | undefined {
  const raw = (data as { feeLines?: unknown }).feeLines;
  if (raw === undefined) return undefined;
  const parsed = FeeLineEdit.array().safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** The version in force of a procedure code, for opening a record. @throws procedure.not_found */
export async function getCurrentVersionId(tx: Tx, code: string): Promise<string> {
  const row = await store.findCurrentVersion(tx, code);
  if (!row) throw new DomainError('procedure.not_found', { code });
  return row.versionId;
}
