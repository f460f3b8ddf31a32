import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, vnInstant } from '../../src/core/calendar/index.ts';
import { COUNTERS, counterColumn } from '../../src/core/reports/index.ts';
import { createCalendarService } from '../../src/modules/calendar/index.ts';
import { projectRecord } from '../../src/modules/reports/index.ts';
import { simulateBulk } from '../../src/modules/reports/simulate-bulk.ts';
import { inTransaction } from '../../src/platform/db/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { directRecordCounts } from '../support/report-counts.ts';
import { scaled } from '../support/time-limits.ts';

/**
 * Bulk simulation writes final states, facts and counters without the projector: the statistics must still
 * equal plain SQL over the records, and the counters what the projector makes of the same records.
 */

let ctx: TestContext;
let monitor: string;
const FROM = '2026-01-05';
const TO = '2026-03-20';
const RECORDS = 300;
const COUNTER_COLUMNS = COUNTERS.map(counterColumn);

beforeAll(async () => {
  ctx = await createTestContext();
  // Now is after the simulated history (which ends on 21 March), as it is for a real one: periods that end
  // later are judged at today, which is then the same day for every breakdown.
  ctx.deps.clock.set(new Date('2026-04-01T03:00:00Z'));
  monitor = await ctx.signIn(['monitor'], { username: 'bulk.monitor' });
  const calendars = createCalendarService({ cutoffMinutes: ctx.deps.config.MOTCUA_CUTOFF });
  const made = await simulateBulk(ctx.database.db, calendars, {
    records: RECORDS,
    from: FROM,
    to: TO,
    // The history ends before the last records are finished, so some are left in progress.
    until: vnInstant(addDays(TO, 1), 8 * 60),
    seed: 9,
    online: 0.3,
    supplement: 0.2,
    late: 0.25,
    refused: 0.05,
    crossBoundary: 0.3,
    rated: 0.5,
    batch: 70,
    // Counter sums are added to the tables several times over the run, as at millions of records.
    counterRowsInMemory: 400,
  });
  expect(made.records).toBe(RECORDS);
}, scaled(900_000));
afterAll(() => ctx.close());

function get(url: string) {
  return ctx.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${monitor}` } });
}

/**
 * report_competent_monthly beside report_daily summed by month and competent agency, and
 * report_procedure_monthly and report_competent_procedure_monthly beside report_monthly summed to their keys.
 */
async function balances() {
  const db = ctx.database.db;
  const sums = COUNTER_COLUMNS.map((c) => `sum(${c})::integer as ${c}`).join(', ');
  const channels = ['in_person', 'online', 'post']
    .map((ch) => `(coalesce(sum(received) filter (where channel = '${ch}'), 0))::integer as received_${ch}`)
    .join(', ');
  const [stored, summed, procedures, byProcedure, agencyProcedures, byAgencyProcedure] = await Promise.all([
    sql`select * from report_competent_monthly order by 1, 2`.execute(db),
    sql`select date_trunc('month', day)::date as month, competent_agency_id, ${sql.raw(sums)}, ${sql.raw(channels)}
      from report_daily group by 1, 2 order by 1, 2`.execute(db),
    sql`select * from report_procedure_monthly order by 1, 2`.execute(db),
    sql`select month, procedure_code, ${sql.raw(sums)}, ${sql.raw(channels)}
      from report_monthly group by 1, 2 order by 1, 2`.execute(db),
    sql`select * from report_competent_procedure_monthly order by 1, 2, 3`.execute(db),
    sql`select competent_agency_id, month, procedure_code, ${sql.raw(sums)}, ${sql.raw(channels)}
      from report_monthly group by 1, 2, 3 order by 1, 2, 3`.execute(db),
  ]);
  return {
    stored: stored.rows,
    summed: summed.rows,
    procedures: procedures.rows,
    byProcedure: byProcedure.rows,
    agencyProcedures: agencyProcedures.rows,
    byAgencyProcedure: byAgencyProcedure.rows,
  };
}

// Each test reads or rewrites every record: generous limits that scale, so a loaded machine does not fail them.
describe('simulate --bulk', { timeout: scaled(300_000) }, () => {
  it('writes every record once, with unique codes, in the planned mix', async () => {
    const r = await sql<{ n: string; codes: string; online: string; open: string; refused: string }>`
      select count(*) as n, count(distinct code) as codes,
        count(*) filter (where channel = 'online') as online,
        count(*) filter (where status not in ('delivered', 'refused')) as open,
        count(*) filter (where status = 'refused') as refused
      from records`.execute(ctx.database.db);
    const row = r.rows[0]!;
    expect(Number(row.n)).toBe(RECORDS);
    expect(Number(row.codes)).toBe(RECORDS - Number(row.refused));
    expect(Number(row.online)).toBeGreaterThan(0);
    expect(Number(row.open)).toBeGreaterThan(0);
    const facts = await ctx.database.db.selectFrom('reportFacts').select('recordId').execute();
    expect(facts).toHaveLength(RECORDS);
    // Worklists read the active-step columns: every record at a step has its worklist keys.
    const steps = await sql<{ atStep: string; tagged: string }>`
      select count(*) filter (where state->>'currentStep' is not null) as "atStep",
        count(*) filter (where state->>'currentStep' is not null and cardinality(active_step_tags) > 0
          and jsonb_array_length(active_steps) > 0) as tagged
      from records`.execute(ctx.database.db);
    expect(Number(steps.rows[0]!.atStep)).toBeGreaterThan(0);
    expect(steps.rows[0]!.tagged).toBe(steps.rows[0]!.atStep);
  });

  it('gives statistics equal to direct counts over the records', async () => {
    for (const [a, b] of [
      [FROM, TO],
      ['2026-02-01', '2026-02-28'],
      ['2026-01-20', '2026-03-31'],
      ['2025-06-01', '2026-12-31'],
    ] as const) {
      const res = await get(`/api/reports/statistics?from=${a}&to=${b}&groupBy=agency`);
      expect(res.statusCode).toBe(200);
      const { rows, total } = res.json();
      expect({
        received: total.received.total,
        refused: total.refused,
        resolved: total.resolved.total,
        inProgress: total.inProgress.total,
      }).toEqual(await directRecordCounts(ctx.database.db, a, b));
      expect(rows.reduce((n: number, r: typeof total) => n + r.received.total, 0)).toBe(total.received.total);
      // The balance before the period read per competent agency (by agency, by month) or per receiving
      // agency and channel (by channel) gives the same totals.
      for (const groupBy of ['month', 'channel', 'receiving']) {
        const other = await get(`/api/reports/statistics?from=${a}&to=${b}&groupBy=${groupBy}`);
        expect(other.json().total).toEqual(total);
      }
      // By procedure (whole months), city-wide from report_procedure_monthly, for one agency from
      // report_competent_procedure_monthly.
      if (a.endsWith('-01')) {
        const month = `${b.slice(0, 7)}-01`;
        const end = addDays(`${addDays(month, 32).slice(0, 7)}-01`, -1);
        const byProcedure = await get(`/api/reports/statistics?from=${a}&to=${end}&groupBy=procedure`);
        const byAgency = await get(`/api/reports/statistics?from=${a}&to=${end}&groupBy=agency`);
        expect(byProcedure.statusCode).toBe(200);
        expect(byProcedure.json().total).toEqual(byAgency.json().total);
        const [one] = byAgency.json().rows;
        const scoped = `from=${a}&to=${end}&agencyId=${one.key}`;
        const agencyByProcedure = await get(`/api/reports/statistics?${scoped}&groupBy=procedure`);
        const agencyTotal = await get(`/api/reports/statistics?${scoped}&groupBy=total`);
        expect([agencyByProcedure.statusCode, agencyTotal.statusCode]).toEqual([200, 200]);
        expect(agencyTotal.json().total.received.total).toBeGreaterThan(0);
        expect(agencyByProcedure.json().total).toEqual(agencyTotal.json().total);
      }
    }
  });

  it('keeps the same counters and facts as projecting every record one by one', async () => {
    const db = ctx.database.db;
    const snapshot = async () => ({
      daily: (await sql`select * from report_daily order by 1, 2, 3, 4`.execute(db)).rows,
      monthly: (await sql`select * from report_monthly order by 1, 2, 3, 4, 5`.execute(db)).rows,
      agencyMonthly: (await sql`select * from report_agency_monthly order by 1, 2, 3, 4`.execute(db)).rows,
      competentMonthly: (await sql`select * from report_competent_monthly order by 1, 2`.execute(db)).rows,
      procedureMonthly: (await sql`select * from report_procedure_monthly order by 1, 2`.execute(db)).rows,
      competentProcedureMonthly: (
        await sql`select * from report_competent_procedure_monthly order by 1, 2, 3`.execute(db)
      ).rows,
      facts: (
        await sql<Record<string, unknown>>`select * from report_facts order by record_id`.execute(db)
      ).rows.map(({ updatedAt: _, ...fact }) => fact),
    });
    const bulk = await snapshot();
    const simulated = await balances();
    expect(simulated.stored.length).toBeGreaterThan(0);
    expect(simulated.stored).toEqual(simulated.summed);
    expect(simulated.procedures.length).toBeGreaterThan(0);
    expect(simulated.procedures).toEqual(simulated.byProcedure);
    expect(simulated.agencyProcedures.length).toBeGreaterThan(0);
    expect(simulated.agencyProcedures).toEqual(simulated.byAgencyProcedure);
    await sql`truncate report_daily, report_monthly, report_agency_monthly, report_competent_monthly, report_procedure_monthly, report_competent_procedure_monthly, report_facts`.execute(
      db,
    );
    const ids = await db.selectFrom('records').select('id').orderBy('id').execute();
    await inTransaction(db, async (tx) => {
      for (const { id } of ids) await projectRecord(tx, id, new Date());
    });
    expect(await snapshot()).toEqual(bulk);
    const projected = await balances();
    expect(projected.stored).toEqual(projected.summed);
    expect(projected.procedures).toEqual(projected.byProcedure);
    expect(projected.agencyProcedures).toEqual(projected.byAgencyProcedure);
    // Projecting again over the stored facts moves nothing.
    await inTransaction(db, async (tx) => {
      for (const { id } of ids) await projectRecord(tx, id, new Date());
    });
    expect(await balances()).toEqual(projected);
  });

  it('leaves the code sequences where receptions continue them', async () => {
    const r = await sql<{ behind: string; days: string }>`
      select count(*) filter (where s.last_value is null or s.last_value < c.n) as behind, count(*) as days
      from (
        select receiving_agency_id as agency_id, (received_at at time zone 'Asia/Ho_Chi_Minh')::date as day,
          count(*) as n
        from records where code is not null group by 1, 2
      ) c
      left join record_code_sequences s on s.agency_id = c.agency_id and s.day = c.day`.execute(
      ctx.database.db,
    );
    expect(Number(r.rows[0]!.days)).toBeGreaterThan(0);
    expect(Number(r.rows[0]!.behind)).toBe(0);
  });
});
