import { type RawBuilder, sql } from 'kysely';
import { type CatalogQuery, CompetentAgencyRule, type SearchConcept } from '../../core/catalog/index.ts';
import type { Tx } from '../../platform/db/index.ts';

export interface VersionInsert {
  id: string;
  procedureId: string;
  version: number;
  effectiveFrom: string;
  sourceHash: string;
  name: string;
  field: string;
  levels: string;
  decisionNo: string | null;
  onlineLevel: 'full' | 'partial' | 'none';
  crossBoundary: boolean;
  timeValue: number | null;
  timeUnit: string | null;
  data: string;
  raw: string;
  searchName: string;
  searchText: string;
  importedAt: Date;
  /** Migration 0025: where the version came from (default import), its edit, the local changes in it. */
  origin?: 'import' | 'edit' | 'bulk_edit' | 'cross_boundary_list';
  edit?: string | null;
  localChanges?: string | null;
}

/** Code → latest version number and content hash, for the importer's change detection. */
export async function latestVersions(
  tx: Tx,
): Promise<Map<string, { procedureId: string; version: number; hash: string }>> {
  const rows = await tx
    .selectFrom('procedures')
    .innerJoin('procedureVersions', 'procedureVersions.id', 'procedures.currentVersionId')
    .select(['procedures.code', 'procedures.id', 'procedureVersions.version', 'procedureVersions.sourceHash'])
    .execute();
  return new Map(rows.map((r) => [r.code, { procedureId: r.id, version: r.version, hash: r.sourceHash }]));
}

export async function insertProcedures(
  tx: Tx,
  rows: { id: string; code: string; createdAt: Date }[],
): Promise<void> {
  if (rows.length) await tx.insertInto('procedures').values(rows).execute();
}

/** Rows per INSERT: 21 parameters a row stays well under PostgreSQL's 65,535 bound parameters. */
const VERSION_INSERT_CHUNK = 500;

export async function insertVersions(tx: Tx, rows: VersionInsert[]): Promise<void> {
  for (let i = 0; i < rows.length; i += VERSION_INSERT_CHUNK) {
    await tx
      .insertInto('procedureVersions')
      .values(rows.slice(i, i + VERSION_INSERT_CHUNK))
      .execute();
  }
}

export async function setCurrentVersions(
  tx: Tx,
  pairs: { procedureId: string; versionId: string }[],
): Promise<void> {
  for (const p of pairs) {
    await tx
      .updateTable('procedures')
      .set({ currentVersionId: p.versionId })
      .where('id', '=', p.procedureId)
      .execute();
  }
}

export async function countProcedures(tx: Tx): Promise<{ procedures: number; versions: number }> {
  const r = await tx
    .selectFrom('procedureVersions')
    .select([
      (eb) => eb.fn.countAll<number>().as('versions'),
      (eb) => eb.fn.count<number>('procedureId').distinct().as('procedures'),
    ])
    .executeTakeFirstOrThrow();
  return { procedures: Number(r.procedures), versions: Number(r.versions) };
}

export interface SearchFilter {
  /** What to look for ({@link CatalogQuery}): concepts, whole phrases, penalised wordings, intent leads. */
  readonly query: CatalogQuery;
  /**
   * `all`: every required concept must occur. `any`: at least one, ranked by how many (the fallback when
   * nothing holds them all).
   */
  readonly match: 'all' | 'any';
  /** The query as typed, to match a procedure code exactly. */
  readonly rawCode: string;
  readonly field?: string | undefined;
  readonly level?: 'city' | 'commune' | undefined;
  readonly onlineLevel?: 'full' | 'partial' | 'none' | undefined;
  readonly crossBoundary?: boolean | undefined;
  readonly limit: number;
  readonly offset: number;
}

/** Rank of a name equal to a query phrase, starting with it, holding it; of all concepts in order. */
const RANK = {
  code: 1000,
  typed: 250,
  exact: 200,
  prefix: 60,
  phrase: 40,
  ordered: 20,
  lead: 8,
  covered: 30,
} as const;

const anyLike = (column: RawBuilder<string>, patterns: readonly string[]) =>
  sql.join(
    patterns.map((p) => sql`${column} like ${p}`),
    sql` or `,
  );

/**
 * Search over current versions, best first by the rank below; the caller takes off the penalties for
 * unasked special cases ({@link CatalogQuery.penalties}, cheaper in JavaScript on the few rows it keeps than
 * as dozens of LIKEs on every matching row) and orders again. Rank: exact code first; then the name exactly
 * as typed; a name equal to
 * the query (in catalogue wording or as typed, without a leading "Thủ tục"), starting with it or holding it as whole words; all concepts in order; each concept
 * as whole words in the name (6), inside a word (3) or elsewhere in the search text (1);
 * a name starting "Cấp"/"Đăng ký" when the query asks for something to be issued. A leading "Thủ tục" is
 * ignored. Ties: shorter name, code.
 * Same SQL on PGlite and PostgreSQL (LIKE on the normalised columns, no extension).
 */
export function searchProcedures(tx: Tx, f: SearchFilter) {
  const { query } = f;
  const name = sql<string>`pv.search_name`;
  const text = sql<string>`pv.search_text`;
  const padded = sql<string>`(' ' || pv.search_name || ' ')`;
  const core = sql<string>`(case when pv.search_name like 'thu tuc %' then substr(pv.search_name, 9) else pv.search_name end)`;
  const required = query.concepts.filter((c) => c.required);
  const holds = (c: SearchConcept) =>
    anyLike(
      text,
      c.alternatives.map((a) => `%${a}%`),
    );
  const parts = [
    sql`case when p.code = ${f.rawCode} then ${RANK.code} else 0 end`,
    // The phrases are alternatives (the query in catalogue wording, and as typed): the best one counts.
    sql`greatest(${sql.join(
      [
        query.typed ? sql`case when ${name} = ${query.typed} then ${RANK.typed} else 0 end` : sql`0`,
        ...query.phrases.map(
          (ph) =>
            sql`case when ${core} = ${ph} then ${RANK.exact} when ${core} like ${`${ph} %`} then ${RANK.prefix} when ${padded} like ${`% ${ph} %`} then ${RANK.phrase} else 0 end`,
        ),
      ],
      sql`, `,
    )})`,
    ...(required.length > 1
      ? [
          sql`case when ${name} like ${`%${required.map((c) => c.alternatives[0]).join('%')}%`} then ${RANK.ordered} else 0 end`,
        ]
      : []),
    ...query.concepts.map((c) => {
      return sql`case when ${anyLike(
        padded,
        c.alternatives.map((a) => `% ${a} %`),
      )} then 6
        when ${anyLike(
          name,
          c.alternatives.map((a) => `%${a}%`),
        )} then 3
        when ${holds(c)} then 1 else 0 end`;
    }),
    ...(query.leads.length
      ? [
          sql`case when ${anyLike(
            core,
            query.leads.map((l) => `${l} %`),
          )} then ${RANK.lead} else 0 end`,
        ]
      : []),
    ...(f.match === 'any'
      ? required.map((c) => sql`case when ${holds(c)} then ${RANK.covered} else 0 end`)
      : []),
  ];
  const rank = sql.join(parts, sql` + `);
  const matches = required.length
    ? f.match === 'all'
      ? sql.join(
          required.map((c) => sql`(${holds(c)})`),
          sql` and `,
        )
      : sql.join(
          required.map((c) => sql`(${holds(c)})`),
          sql` or `,
        )
    : sql`true`;
  const where = [
    sql`(${matches} or p.code = ${f.rawCode})`,
    ...(f.field ? [sql`pv.field = ${f.field}`] : []),
    ...(f.level ? [sql`pv.levels like ${`%${f.level}%`}`] : []),
    ...(f.onlineLevel ? [sql`pv.online_level = ${f.onlineLevel}`] : []),
    ...(f.crossBoundary !== undefined ? [sql`pv.cross_boundary = ${f.crossBoundary}`] : []),
  ];
  return sql<{
    code: string;
    name: string;
    searchName: string;
    field: string;
    levels: string;
    onlineLevel: 'full' | 'partial' | 'none';
    crossBoundary: boolean;
    timeValue: string | null;
    timeUnit: string | null;
    version: number;
    rank: number;
    total: number;
  }>`
    select p.code, pv.name, pv.search_name, pv.field, pv.levels, pv.online_level, pv.cross_boundary, pv.time_value,
           pv.time_unit, pv.version, (${rank}) as rank, count(*) over () as total
    from procedures p join procedure_versions pv on pv.id = p.current_version_id
    where ${sql.join(where, sql` and `)}
    order by rank desc, length(pv.name), p.code
    limit ${f.limit} offset ${f.offset}`.execute(tx);
}

/** The version in force of a procedure code, or the given version of it (`versionId`, when it is one of its). */
export function findCurrentVersion(tx: Tx, code: string, versionId?: string) {
  return tx
    .selectFrom('procedures')
    .innerJoin('procedureVersions', (join) =>
      versionId === undefined
        ? join.onRef('procedureVersions.id', '=', 'procedures.currentVersionId')
        : join
            .onRef('procedureVersions.procedureId', '=', 'procedures.id')
            .on('procedureVersions.id', '=', versionId),
    )
    .select([
      'procedures.id as procedureId',
      'procedures.code',
      'procedureVersions.id as versionId',
      'procedureVersions.version',
      'procedureVersions.effectiveFrom',
      'procedureVersions.name',
      'procedureVersions.field',
      'procedureVersions.levels',
      'procedureVersions.decisionNo',
      'procedureVersions.onlineLevel',
      'procedureVersions.crossBoundary',
      'procedureVersions.timeValue',
      'procedureVersions.timeUnit',
      'procedureVersions.data',
      'procedureVersions.importedAt',
    ])
    .where('procedures.code', '=', code)
    .executeTakeFirst();
}

export function listVersions(tx: Tx, procedureId: string) {
  return tx
    .selectFrom('procedureVersions')
    .select(['version', 'effectiveFrom', 'sourceHash', 'importedAt'])
    .where('procedureId', '=', procedureId)
    .orderBy('version')
    .execute();
}

export function listFields(tx: Tx) {
  return tx
    .selectFrom('procedures')
    .innerJoin('procedureVersions', 'procedureVersions.id', 'procedures.currentVersionId')
    .select(['procedureVersions.field', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy('procedureVersions.field')
    .orderBy('procedureVersions.field')
    .execute();
}

export function findVersion(tx: Tx, versionId: string) {
  return tx
    .selectFrom('procedureVersions')
    .innerJoin('procedures', 'procedures.id', 'procedureVersions.procedureId')
    .select(['procedureVersions.id', 'procedures.code', 'procedureVersions.data'])
    .where('procedureVersions.id', '=', versionId)
    .executeTakeFirst();
}

/** Names of the given procedure versions by id (unknown ids are left out). */
export async function procedureVersionNames(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .selectFrom('procedureVersions')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The current name and field of the given procedures by code (unknown codes are left out). */
export async function procedureHeadings(
  tx: Tx,
  codes: readonly string[],
): Promise<Map<string, { name: string; field: string }>> {
  if (codes.length === 0) return new Map();
  const rows = await tx
    .selectFrom('procedures')
    .innerJoin('procedureVersions', 'procedureVersions.id', 'procedures.currentVersionId')
    .select(['procedures.code', 'procedureVersions.name', 'procedureVersions.field'])
    .where('procedures.code', 'in', [...new Set(codes)])
    .execute();
  return new Map(rows.map((r) => [r.code, { name: r.name, field: r.field }]));
}

/**
 * Counts over the current versions of the procedures of a level (all when null) that the Decision 766
 * catalogue indicators read (DOMAIN.md §6.2 rows 1.3, 3.1, 3.5): how many, how many publish every part
 * Decree 63/2010 art. 8 cl. 2 lists (name, sequence of steps, channels, documents, time limit, subjects,
 * implementing body), how many have an online service, how many charge a fee.
 */
export async function procedureCounts766(
  tx: Tx,
  level: 'city' | 'commune' | null,
  own?: (rule: CompetentAgencyRule) => boolean,
) {
  if (own) return ownProcedureCounts766(tx, level, own);
  // complete_766 and fee_bearing are computed when a version is stored (migration 0017).
  const r = await sql<{ published: string; complete: string; online: string; withFees: string }>`
    select
      count(*) as published,
      count(*) filter (where pv.complete_766) as complete,
      count(*) filter (where pv.online_level in ('full', 'partial')) as online,
      count(*) filter (where pv.fee_bearing) as with_fees
    from procedures p join procedure_versions pv on pv.id = p.current_version_id
    where ${level === null ? sql`true` : sql`pv.levels like ${`%${level}%`}`}`.execute(tx);
  const row = r.rows[0]!;
  return {
    published: Number(row.published),
    complete: Number(row.complete),
    withOnlineService: Number(row.online),
    withFees: Number(row.withFees),
  };
}

/** Of the given procedure codes, how many bear fees in their current version (Decision 766 row 3.5). */
export async function countFeeBearing(tx: Tx, codes: readonly string[]): Promise<number> {
  if (codes.length === 0) return 0;
  const r = await tx
    .selectFrom('procedures')
    .innerJoin('procedureVersions', 'procedureVersions.id', 'procedures.currentVersionId')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('procedures.code', 'in', [...new Set(codes)])
    .where('procedureVersions.feeBearing', '=', true)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Of the given procedure codes, how many have an online service now (Decision 766 row 3.2). */
export async function countOnlineServices(tx: Tx, codes: readonly string[]): Promise<number> {
  if (codes.length === 0) return 0;
  const r = await tx
    .selectFrom('procedures')
    .innerJoin('procedureVersions', 'procedureVersions.id', 'procedures.currentVersionId')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('procedures.code', 'in', [...new Set(codes)])
    .where('procedureVersions.onlineLevel', 'in', ['full', 'partial'])
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * {@link procedureCounts766} over the procedures a unit is competent for (`own`, on each version's competent
 * agency rule): a department's or a commune's own procedures, not every procedure of its level.
 */
async function ownProcedureCounts766(
  tx: Tx,
  level: 'city' | 'commune' | null,
  own: (rule: CompetentAgencyRule) => boolean,
) {
  const rows = await sql<{ rule: unknown; complete: boolean; online: boolean; withFees: boolean }>`
    select pv.data -> 'competentAgencyRule' as rule, pv.complete_766 as complete,
      pv.online_level in ('full', 'partial') as online, pv.fee_bearing as with_fees
    from procedures p join procedure_versions pv on pv.id = p.current_version_id
    where ${level === null ? sql`true` : sql`pv.levels like ${`%${level}%`}`}`.execute(tx);
  const mine = rows.rows.filter((r) => {
    const rule = CompetentAgencyRule.safeParse(r.rule);
    return rule.success && own(rule.data);
  });
  return {
    published: mine.length,
    complete: mine.filter((r) => r.complete).length,
    withOnlineService: mine.filter((r) => r.online).length,
    withFees: mine.filter((r) => r.withFees).length,
  };
}
