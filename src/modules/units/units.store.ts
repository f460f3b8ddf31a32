import { sql } from 'kysely';
import type { AdminUnitsTable, AgenciesTable, Tx, UnitSuccessionsTable } from '../../platform/db/index.ts';

export type AdminUnitRow = AdminUnitsTable;
export type AgencyRow = Omit<AgenciesTable, 'workingHours' | 'searchText' | 'servesUnitCodes'> & {
  workingHours: unknown;
  servesUnitCodes: string[] | null;
};
export type SuccessionRow = UnitSuccessionsTable;

const UNIT_COLUMNS = [
  'key',
  'code',
  'generation',
  'name',
  'fullName',
  'nameEn',
  'kind',
  'level',
  'parentKey',
  'validFrom',
  'validTo',
] as const;

const AGENCY_COLUMNS = [
  'id',
  'key',
  'code',
  'name',
  'shortName',
  'kind',
  'level',
  'unitKey',
  'parentId',
  'canReceive',
  'sector',
  'servesUnitCodes',
  'atOneStopCentre',
  'source',
  'workingHours',
  'contactPhone',
  'validFrom',
  'validTo',
] as const;

const BATCH = 500;

async function insertBatched<T>(
  items: readonly T[],
  insert: (chunk: T[]) => Promise<unknown>,
  onBatch?: (n: number) => void,
) {
  for (let i = 0; i < items.length; i += BATCH) {
    const chunk = items.slice(i, i + BATCH);
    await insert(chunk);
    onBatch?.(chunk.length);
  }
}

export function insertUnits(tx: Tx, rows: readonly AdminUnitRow[], onBatch?: (n: number) => void) {
  return insertBatched(
    rows,
    (chunk) =>
      tx
        .insertInto('adminUnits')
        .values(chunk)
        .onConflict((oc) => oc.column('key').doNothing())
        .execute(),
    onBatch,
  );
}

export function insertSuccessions(tx: Tx, rows: readonly SuccessionRow[], onBatch?: (n: number) => void) {
  return insertBatched(
    rows,
    (chunk) =>
      tx
        .insertInto('unitSuccessions')
        .values(chunk)
        .onConflict((oc) => oc.columns(['fromKey', 'toKey']).doNothing())
        .execute(),
    onBatch,
  );
}

export function insertAgencies(
  tx: Tx,
  rows: readonly (Omit<AgencyRow, 'workingHours' | 'contactPhone'> & { searchText: string })[],
) {
  return insertBatched(rows, (chunk) =>
    tx
      .insertInto('agencies')
      .values(
        chunk.map((r) => ({
          ...r,
          workingHours: null,
          servesUnitCodes: r.servesUnitCodes === null ? null : JSON.stringify(r.servesUnitCodes),
        })),
      )
      .onConflict((oc) => oc.column('key').doNothing())
      .execute(),
  );
}

export async function countUnits(tx: Tx): Promise<{ generation: string; level: number; n: number }[]> {
  return tx
    .selectFrom('adminUnits')
    .select(['generation', 'level', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['generation', 'level'])
    .orderBy('generation')
    .orderBy('level')
    .execute();
}

export async function countAgencies(tx: Tx): Promise<number> {
  const r = await tx
    .selectFrom('agencies')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export interface UnitFilter {
  readonly q?: string[] | undefined;
  readonly generation?: 'pre2025' | '2025' | undefined;
  readonly level?: number | undefined;
  readonly parentKey?: string | undefined;
  readonly limit: number;
  readonly offset: number;
}

export function searchUnits(tx: Tx, f: UnitFilter) {
  let q = tx.selectFrom('adminUnits').select(UNIT_COLUMNS);
  for (const token of f.q ?? []) q = q.where('searchText', 'like', `%${token}%`);
  if (f.generation) q = q.where('generation', '=', f.generation);
  if (f.level) q = q.where('level', '=', f.level);
  if (f.parentKey) q = q.where('parentKey', '=', f.parentKey);
  return q.orderBy(sql`length(name)`).orderBy('key').limit(f.limit).offset(f.offset).execute();
}

export function findUnit(tx: Tx, key: string) {
  return tx.selectFrom('adminUnits').select(UNIT_COLUMNS).where('key', '=', key).executeTakeFirst();
}

export function listSuccessors(tx: Tx, fromKey: string) {
  return tx
    .selectFrom('unitSuccessions')
    .innerJoin('adminUnits', 'adminUnits.key', 'unitSuccessions.toKey')
    .select([
      'unitSuccessions.share',
      'unitSuccessions.source',
      'unitSuccessions.confidence',
      'unitSuccessions.note',
      ...UNIT_COLUMNS.map((c) => `adminUnits.${c}` as const),
    ])
    .where('unitSuccessions.fromKey', '=', fromKey)
    .orderBy('adminUnits.key')
    .execute();
}

export interface AgencyFilter {
  readonly q?: string[] | undefined;
  readonly kind?: string | undefined;
  readonly level?: 'city' | 'commune' | undefined;
  readonly unitKey?: string | undefined;
  readonly canReceive?: boolean | undefined;
  readonly sector?: string | undefined;
  readonly limit: number;
  readonly offset: number;
}

export function searchAgencies(tx: Tx, f: AgencyFilter) {
  let q = tx.selectFrom('agencies').select(AGENCY_COLUMNS);
  for (const token of f.q ?? []) q = q.where('searchText', 'like', `%${token}%`);
  if (f.kind) q = q.where('kind', '=', f.kind as AgencyRow['kind']);
  if (f.level) q = q.where('level', '=', f.level);
  if (f.unitKey) q = q.where('unitKey', '=', f.unitKey);
  if (f.canReceive !== undefined) q = q.where('canReceive', '=', f.canReceive);
  if (f.sector) q = q.where('sector', '=', f.sector as NonNullable<AgencyRow['sector']>);
  return q.orderBy('code').limit(f.limit).offset(f.offset).execute();
}

export function findAgency(tx: Tx, id: string) {
  return tx.selectFrom('agencies').select(AGENCY_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export function findAgencyByCode(tx: Tx, code: string) {
  return tx.selectFrom('agencies').select(AGENCY_COLUMNS).where('code', '=', code).executeTakeFirst();
}

export async function updateAgencyWorkingHours(tx: Tx, id: string, hours: unknown | null): Promise<boolean> {
  const r = await tx
    .updateTable('agencies')
    .set({ workingHours: hours === null ? null : JSON.stringify(hours) })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Sets (or, with null, clears) an agency's contact phone (E.164); false when there is no such agency. */
export async function updateAgencyContactPhone(tx: Tx, id: string, phone: string | null): Promise<boolean> {
  const r = await tx
    .updateTable('agencies')
    .set({ contactPhone: phone })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Sets (or, with null, clears) a sector body's service area (2025 commune codes). */
export async function updateAgencyServiceArea(tx: Tx, id: string, codes: readonly string[] | null) {
  await tx
    .updateTable('agencies')
    .set({ servesUnitCodes: codes === null ? null : JSON.stringify(codes) })
    .where('id', '=', id)
    .execute();
}

/** Contact phones (E.164) of the given agencies by id; agencies without one are left out. */
export async function agencyContactPhones(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .selectFrom('agencies')
    .select(['id', 'contactPhone'])
    .where('id', 'in', [...new Set(ids)])
    .where('contactPhone', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.id, r.contactPhone!]));
}

/** Names of the given agencies by id (unknown ids are left out). */
export async function agencyNames(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .selectFrom('agencies')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Which of the given agencies work on this system (`agencies.on_system`, migration 0026): a hand-over to
 * one that does not fails. Unknown ids are left out.
 */
export async function agenciesOnSystem(tx: Tx, ids: readonly string[]): Promise<Map<string, boolean>> {
  if (ids.length === 0) return new Map();
  const rows = await sql<{ id: string; onSystem: boolean }>`
    select id, on_system from agencies where id in (${sql.join([...new Set(ids)])})`.execute(tx);
  return new Map(rows.rows.map((r) => [r.id, r.onSystem]));
}

/** The ids of an agency and of every agency under it (children, their children…); empty for an unknown id. */
export async function agencySubtreeIds(tx: Tx, id: string): Promise<string[]> {
  const res = await sql<{ id: string }>`
    WITH RECURSIVE tree (id) AS (
      SELECT id FROM agencies WHERE id = ${id}
      UNION
      SELECT a.id FROM agencies a JOIN tree t ON a.parent_id = t.id
    )
    SELECT id FROM tree`.execute(tx);
  return res.rows.map((r) => r.id);
}
