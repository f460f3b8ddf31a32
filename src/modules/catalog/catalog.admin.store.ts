import { sql } from 'kysely';
import type { Tx } from '../../platform/db/index.ts';

export type VersionOrigin = 'import' | 'edit' | 'bulk_edit' | 'cross_boundary_list';

/**
 * The newest version of each procedure (not necessarily in force: a later effective date may wait). The
 * procedures' rows are locked first, in one order, and only then is the newest version read (a statement of
 * its own, so under READ COMMITTED it sees a version another transaction has just added): two edits of one
 * procedure at once queue up and number their versions N+1 and N+2, instead of the second failing on the
 * unique (procedure, version) key.
 */
export async function latestVersionRows(tx: Tx, filter: { codes?: readonly string[] | undefined } = {}) {
  if (filter.codes?.length === 0) return [];
  let lock = tx.selectFrom('procedures').select('id').orderBy('id').forUpdate();
  if (filter.codes) lock = lock.where('code', 'in', [...new Set(filter.codes)]);
  await lock.execute();
  let q = tx
    .selectFrom('procedures as p')
    .innerJoin('procedureVersions as pv', 'pv.procedureId', 'p.id')
    .select([
      'p.id as procedureId',
      'p.code',
      'p.currentVersionId',
      'pv.id as versionId',
      'pv.version',
      'pv.effectiveFrom',
      'pv.sourceHash',
      'pv.name',
      'pv.field',
      'pv.levels',
      'pv.data',
      'pv.raw',
      'pv.localChanges',
    ])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('procedureVersions as later')
            .select('later.id')
            .whereRef('later.procedureId', '=', 'pv.procedureId')
            .whereRef('later.version', '>', 'pv.version'),
        ),
      ),
    );
  if (filter.codes) q = q.where('p.code', 'in', [...new Set(filter.codes)]);
  return q.orderBy('p.code').execute();
}

/** Codes of the procedures whose newest version is in a field and/or at a level. */
export async function codesMatching(
  tx: Tx,
  f: { field?: string | undefined; level?: 'city' | 'commune' | undefined },
): Promise<string[]> {
  const rows = await sql<{ code: string }>`
    select p.code from procedures p join procedure_versions pv on pv.procedure_id = p.id
    where not exists (select 1 from procedure_versions l where l.procedure_id = pv.procedure_id and l.version > pv.version)
      ${f.field !== undefined ? sql`and pv.field = ${f.field}` : sql``}
      ${f.level !== undefined ? sql`and pv.levels like ${`%${f.level}%`}` : sql``}
    order by p.code`.execute(tx);
  return rows.rows.map((r) => r.code);
}

export function versionsOf(tx: Tx, procedureId: string) {
  return tx
    .selectFrom('procedureVersions')
    .select([
      'id',
      'version',
      'effectiveFrom',
      'origin',
      'edit',
      'localChanges',
      'timeValue',
      'timeUnit',
      'crossBoundary',
      'onlineLevel',
      'importedAt',
    ])
    .where('procedureId', '=', procedureId)
    .orderBy('version', 'desc')
    .execute();
}

export function findProcedure(tx: Tx, code: string) {
  return tx
    .selectFrom('procedures')
    .select(['id', 'code', 'currentVersionId'])
    .where('code', '=', code)
    .executeTakeFirst();
}

/**
 * Makes the newest version whose effective date has come the one in force, for every procedure (or the
 * given ones). Returns how many procedures switched.
 */
export async function activateDueVersions(tx: Tx, today: string, procedureIds?: readonly string[]) {
  if (procedureIds && procedureIds.length === 0) return 0;
  const only = procedureIds ? sql`and procedure_id in (${sql.join([...new Set(procedureIds)])})` : sql``;
  const r = await sql`
    update procedures p set current_version_id = due.id
    from (
      select distinct on (procedure_id) id, procedure_id from procedure_versions
      where effective_from <= ${today}::date ${only}
      order by procedure_id, version desc
    ) due
    where due.procedure_id = p.id and p.current_version_id is distinct from due.id`.execute(tx);
  return Number(r.numAffectedRows ?? 0);
}

export interface CrossBoundaryListInsert {
  id: string;
  decisionNo: string;
  effectiveFrom: string;
  fileName: string;
  uploadedBy: string;
  uploadedAt: Date;
  items: { rowNo: number; code: string; name: string | null; notes: string | null }[];
}

export async function insertCrossBoundaryList(tx: Tx, list: CrossBoundaryListInsert): Promise<void> {
  const { items, ...head } = list;
  await tx
    .insertInto('crossBoundaryLists')
    .values({ ...head, itemCount: items.length })
    .execute();
  for (let i = 0; i < items.length; i += 500) {
    await tx
      .insertInto('crossBoundaryListItems')
      .values(items.slice(i, i + 500).map((x) => ({ ...x, listId: list.id })))
      .execute();
  }
}

export function crossBoundaryLists(tx: Tx) {
  return tx
    .selectFrom('crossBoundaryLists as l')
    .innerJoin('users as u', 'u.id', 'l.uploadedBy')
    .select([
      'l.id',
      'l.decisionNo',
      'l.effectiveFrom',
      'l.fileName',
      'l.uploadedBy',
      'u.displayName as uploadedByName',
      'l.uploadedAt',
      'l.itemCount',
    ])
    .orderBy('l.effectiveFrom', 'desc')
    .orderBy('l.uploadedAt', 'desc')
    .execute();
}

export function crossBoundaryListItems(tx: Tx, listId: string) {
  return tx
    .selectFrom('crossBoundaryListItems')
    .select(['rowNo', 'code', 'name', 'notes'])
    .where('listId', '=', listId)
    .orderBy('rowNo')
    .execute();
}

/** The codes of the newest list (by effective date, then upload), or null when the city has none. */
export async function latestCrossBoundaryCodes(tx: Tx): Promise<Set<string> | null> {
  const list = await tx
    .selectFrom('crossBoundaryLists')
    .select('id')
    .orderBy('effectiveFrom', 'desc')
    .orderBy('uploadedAt', 'desc')
    .executeTakeFirst();
  if (!list) return null;
  return new Set((await crossBoundaryListItems(tx, list.id)).map((i) => i.code));
}
