import { ProcedureDraft, ProcessStep, timeLimitsOf } from '../../core/catalog/index.ts';
import { DomainError } from '../../core/errors/index.ts';
import type { ProcedureFacts } from '../../core/records/index.ts';
import { normalizeSearchText, SEARCH_STOPWORDS, tokenize } from '../../core/vn/index.ts';
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
 * Ranked catalog search, with or without diacritics ("dang ky khai sinh" finds "Đăng ký khai sinh").
 * Stop words rank lower but are not required to match; words that matter in procedure names ("cấp",
 * "lại") are not stop words.
 */
export async function searchCatalog(tx: Tx, input: SearchInput) {
  const q = input.q ?? '';
  const tokens = tokenize(q).slice(0, 12);
  const required = tokens.filter((t) => !SEARCH_STOPWORDS.has(t));
  const result = await store.searchProcedures(tx, {
    required: required.length ? required : tokens,
    tokens,
    phrase: normalizeSearchText(q),
    rawCode: q.trim(),
    field: input.field,
    level: input.level,
    onlineLevel: input.onlineLevel,
    crossBoundary: input.crossBoundary,
    limit: input.limit,
    offset: input.offset,
  });
  const total = Number(result.rows[0]?.total ?? 0);
  return {
    total,
    items: result.rows.map((r) => ({
      code: r.code,
      name: r.name,
      field: r.field,
      levels: r.levels.split(',').filter(Boolean),
      onlineLevel: r.onlineLevel,
      crossBoundary: r.crossBoundary,
      timeLimit: r.timeUnit ? { value: Number(r.timeValue), unit: r.timeUnit } : null,
      version: r.version,
      rank: Number(r.rank),
    })),
  };
}

/**
 * The procedure in force with its documents, fees, channels and default internal process.
 * @throws procedure.not_found
 */
export async function getProcedure(tx: Tx, code: string) {
  const row = await store.findCurrentVersion(tx, code);
  if (!row) throw new DomainError('procedure.not_found', { code });
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
    details: row.data as Record<string, unknown>,
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
  countOnlineServices,
  countProcedures,
  procedureCounts766,
  procedureHeadings,
  procedureVersionNames,
} from './catalog.store.ts';

/**
 * What the record lifecycle needs of a procedure version: routing rule, process, time limits per channel
 * and the names of the required documents.
 * @throws procedure.not_found
 */
export async function getProcedureFacts(tx: Tx, versionId: string): Promise<ProcedureFacts> {
  const row = await store.findVersion(tx, versionId);
  if (!row) throw new DomainError('procedure.not_found', { versionId });
  const draft = ProcedureDraft.parse(row.data);
  const process = ProcessStep.array().parse((row.data as { process?: unknown }).process ?? []);
  const timeLimits = timeLimitsOf(draft.channels);
  return {
    versionId: row.id,
    code: row.code,
    onlineLevel: draft.onlineLevel,
    crossBoundary: draft.crossBoundary,
    competentAgencyRule: draft.competentAgencyRule,
    process,
    timeLimits,
    documents: draft.documents.map((d) => d.name),
  };
}

/** The version in force of a procedure code, for opening a record. @throws procedure.not_found */
export async function getCurrentVersionId(tx: Tx, code: string): Promise<string> {
  const row = await store.findCurrentVersion(tx, code);
  if (!row) throw new DomainError('procedure.not_found', { code });
  return row.versionId;
}
