import { sql } from 'kysely';
import { addDays } from '../../src/core/calendar/index.ts';
import type { Db } from '../../src/platform/db/index.ts';

/**
 * Counts straight from the records, not the report counters: received, refused and resolved in [from, to]
 * (Vietnam days), and in progress at the end of `to` — what the statistics must equal.
 */
export async function directRecordCounts(db: Db, from: string, to: string) {
  const end = addDays(to, 1);
  const r = await sql<{ received: string; refused: string; resolved: string; inProgress: string }>`
    select
      count(*) filter (where (received_at at time zone 'Asia/Ho_Chi_Minh')::date between ${from}::date and ${to}::date) as received,
      count(*) filter (where status = 'refused'
        and ((state->'closure'->>'at')::timestamptz at time zone 'Asia/Ho_Chi_Minh')::date between ${from}::date and ${to}::date) as refused,
      count(*) filter (where state->>'resultAt' is not null
        and ((state->>'resultAt')::timestamptz at time zone 'Asia/Ho_Chi_Minh')::date between ${from}::date and ${to}::date) as resolved,
      count(*) filter (where received_at is not null
        and (received_at at time zone 'Asia/Ho_Chi_Minh')::date < ${end}::date
        and (state->>'resultAt' is null
          or ((state->>'resultAt')::timestamptz at time zone 'Asia/Ho_Chi_Minh')::date >= ${end}::date)) as in_progress
    from records`.execute(db);
  const row = r.rows[0]!;
  return {
    received: Number(row.received),
    refused: Number(row.refused),
    resolved: Number(row.resolved),
    inProgress: Number(row.inProgress),
  };
}
