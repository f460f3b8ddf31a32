import type { HolidaysTable, Tx } from '../../platform/db/index.ts';

export type HolidayRow = HolidaysTable;

const COLUMNS = [
  'id',
  'day',
  'kind',
  'occasion',
  'sourceNote',
  'status',
  'origin',
  'createdAt',
  'updatedAt',
] as const;

export function listHolidays(tx: Tx, range?: { from: string; to: string }) {
  let q = tx.selectFrom('holidays').select(COLUMNS).orderBy('day');
  if (range) q = q.where('day', '>=', range.from).where('day', '<=', range.to);
  return q.execute();
}

/** A cheap fingerprint of the table: the calendar cache reloads when it changes (even from another node). */
export async function holidaysFingerprint(tx: Tx): Promise<string> {
  const r = await tx
    .selectFrom('holidays')
    .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.max('updatedAt').as('latest')])
    .executeTakeFirst();
  return `${r?.n ?? 0}:${r?.latest ? new Date(r.latest as Date).toISOString() : '-'}`;
}

export function findHoliday(tx: Tx, id: string) {
  return tx.selectFrom('holidays').select(COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** Inserts unless the day already has an entry; returns whether it inserted. */
export async function insertHoliday(tx: Tx, row: HolidayRow): Promise<boolean> {
  const r = await tx
    .insertInto('holidays')
    .values(row)
    .onConflict((oc) => oc.column('day').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function updateHoliday(
  tx: Tx,
  id: string,
  patch: Partial<Pick<HolidayRow, 'day' | 'kind' | 'occasion' | 'sourceNote' | 'status'>> & {
    updatedAt: Date;
  },
): Promise<boolean> {
  const r = await tx
    .updateTable('holidays')
    .set({ ...patch, origin: 'admin' })
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function deleteHoliday(tx: Tx, id: string): Promise<boolean> {
  const r = await tx.deleteFrom('holidays').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

export async function existsHolidayOn(tx: Tx, day: string, exceptId?: string): Promise<boolean> {
  let q = tx.selectFrom('holidays').select('id').where('day', '=', day);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}
