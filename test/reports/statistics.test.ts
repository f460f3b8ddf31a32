import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/core/calendar/index.ts';
import { createCalendarService } from '../../src/modules/calendar/index.ts';
import { projectRecord, reportsHandler } from '../../src/modules/reports/index.ts';
import { seededRandom, simulate } from '../../src/modules/reports/simulate.ts';
import { inTransaction } from '../../src/platform/db/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { directRecordCounts } from '../support/report-counts.ts';

/**
 * Statistics come from counters the projector keeps per day and month; here they are checked against
 * plain SQL counts over the records themselves, for random periods of a simulated history.
 */

let ctx: TestContext;
let monitor: string;
const FROM = '2026-01-05';
const TO = '2026-02-20';

beforeAll(async () => {
  ctx = await createTestContext();
  monitor = await ctx.signIn(['monitor'], { username: 'reports.monitor' });
  const calendars = createCalendarService({ cutoffMinutes: ctx.deps.config.MOTCUA_CUTOFF });
  const made = await simulate(ctx.database.db, calendars, {
    records: 70,
    from: FROM,
    to: TO,
    seed: 42,
    online: 0.3,
    supplement: 0.2,
    late: 0.25,
    refused: 0.05,
    crossBoundary: 0.3,
    rated: 0.5,
  });
  expect(made.records).toBe(70);
}, 300_000);
afterAll(() => ctx.close());

function get(url: string, token = monitor) {
  return ctx.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
}

describe('statistics', () => {
  it('equal direct counts over the records for random periods', async () => {
    const random = seededRandom(7);
    for (let i = 0; i < 6; i++) {
      const a = addDays(FROM, Math.floor(random() * 40) - 5);
      const b = addDays(a, Math.floor(random() * 50));
      const res = await get(`/api/reports/statistics?from=${a}&to=${b}&groupBy=agency`);
      expect(res.statusCode).toBe(200);
      const { rows, total } = res.json();
      const direct = await directRecordCounts(ctx.database.db, a, b);
      expect({
        received: total.received.total,
        refused: total.refused,
        resolved: total.resolved.total,
        inProgress: total.inProgress.total,
      }).toEqual(direct);
      // Each record counts once, by its competent agency: the agencies add up to the city.
      const sum = (f: (r: typeof total) => number) =>
        rows.reduce((n: number, r: typeof total) => n + f(r), 0);
      expect(sum((r) => r.received.total)).toBe(total.received.total);
      expect(sum((r) => r.resolved.late)).toBe(total.resolved.late);
      expect(total.received.total).toBe(
        total.received.in_person + total.received.online + total.received.post,
      );
    }
  });

  it('counts the whole history consistently: every received record is resolved, in progress or closed', async () => {
    const res = await get(`/api/reports/statistics?from=2025-01-01&to=2026-12-31&groupBy=channel`);
    const { total } = res.json();
    const direct = await directRecordCounts(ctx.database.db, '2025-01-01', '2026-12-31');
    expect(total.received.total).toBe(direct.received);
    expect(total.received.total).toBeGreaterThan(40);
    expect(total.resolved.total + total.inProgress.total + total.withdrawn + total.stopped).toBe(
      total.received.total,
    );
    expect(total.received.online).toBeGreaterThan(0);
    expect(total.resolved.late).toBeGreaterThan(0);
    expect(total.supplements).toBeGreaterThan(0);
  });

  it('projecting every record again changes nothing', async () => {
    const before = await sql`select * from report_daily order by 1, 2, 3, 4`.execute(ctx.database.db);
    const ids = await ctx.database.db.selectFrom('reportFacts').select('recordId').execute();
    await inTransaction(ctx.database.db, async (tx) => {
      for (const { recordId } of ids) await projectRecord(tx, recordId, new Date());
    });
    const after = await sql`select * from report_daily order by 1, 2, 3, 4`.execute(ctx.database.db);
    expect(after.rows).toEqual(before.rows);
  });

  it('breaks down by procedure and field over whole months, and refuses a period that is not', async () => {
    const byProcedure = await get('/api/reports/statistics?from=2026-01-01&to=2026-02-28&groupBy=procedure');
    expect(byProcedure.statusCode).toBe(200);
    const p = byProcedure.json();
    expect(p.rows.reduce((n: number, r: { received: { total: number } }) => n + r.received.total, 0)).toBe(
      p.total.received.total,
    );
    expect(p.rows.every((r: { name: string; key: string }) => r.name !== r.key)).toBe(true);
    const byField = await get('/api/reports/statistics?from=2026-01-01&to=2026-02-28&groupBy=field');
    expect(byField.json().total).toEqual(p.total);
    const partial = await get('/api/reports/statistics?from=2026-01-05&to=2026-02-28&groupBy=procedure');
    expect(partial.statusCode).toBe(422);
    expect(partial.json().code).toBe('report.period_not_months');
  });

  it('shows a leader their own agency only, and names the bad field of a bad period', async () => {
    const agency = await ctx.database.db
      .selectFrom('reportFacts')
      .select('competentAgencyId')
      // An agency that handled a record in the period (a refusal alone gives an officer nothing to count).
      .where('receivedDay', '>=', FROM)
      .where('receivedDay', '<=', TO)
      .orderBy('recordId')
      .limit(1)
      .executeTakeFirstOrThrow();
    const key = await ctx.database.db
      .selectFrom('agencies')
      .select('key')
      .where('id', '=', agency.competentAgencyId)
      .executeTakeFirstOrThrow();
    const leader = await ctx.signIn(['leader'], { agencyKey: key.key, username: 'reports.leader' });
    const own = await get(`/api/reports/statistics?from=${FROM}&to=${TO}&groupBy=officer`, leader);
    expect(own.statusCode).toBe(200);
    expect(own.json().rows.length).toBeGreaterThan(0);
    // Each record received in the period has one officer row (or the unassigned row): they add up.
    const officers = own.json().rows as {
      received: { total: number; in_person: number; online: number; post: number };
    }[];
    const agencyTotal = own.json().total.received;
    expect(officers.reduce((n, r) => n + r.received.total, 0)).toBe(agencyTotal.total);
    expect(officers.reduce((n, r) => n + r.received.online, 0)).toBe(agencyTotal.online);
    expect(officers.reduce((n, r) => n + r.received.in_person, 0)).toBe(agencyTotal.in_person);
    const city = await get(`/api/reports/statistics?from=${FROM}&to=${TO}&unit=2025:31135`, leader);
    expect(city.statusCode).toBe(403);
    const bad = await get(`/api/reports/statistics?from=2026-03-01&to=2026-02-01`);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].path).toContain('to');
  });

  it('follows a new record through the outbox: received at the counter, it shows in the statistics', async () => {
    const today = '2026-03-02';
    const before = (await get(`/api/reports/statistics?from=${today}&to=${today}&groupBy=total`)).json();
    const reception = await ctx.signIn(['reception'], { agencyKey: '31135-ttpvhcc', username: 'reports.nk' });
    const p = (await ctx.app.inject({ method: 'GET', url: '/api/procedures/1.012796' })).json();
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/records',
      headers: { authorization: `Bearer ${reception}` },
      payload: {
        type: 'receive',
        checklist: [],
        opening: {
          procedureVersionId: p.versionId,
          channel: 'in_person',
          applicant: { kind: 'citizen', fullName: 'Đoàn Văn Hậu', phone: '0912000999' },
          routing: { landParcelUnitCode: '31120' },
        },
      },
    });
    expect(res.statusCode).toBe(201);
    const handler = reportsHandler(ctx.database.db, ctx.deps.clock);
    const messages = await ctx.database.db
      .selectFrom('outbox')
      .select(['id', 'topic', 'key', 'payload', 'createdAt'])
      .where('key', '=', res.json().record.id)
      .execute();
    await handler(messages.map((m) => ({ ...m, attempts: 0, createdAt: new Date(m.createdAt) })));
    const after = (await get(`/api/reports/statistics?from=${today}&to=${today}&groupBy=total`)).json();
    expect(after.total.received.total).toBe(before.total.received.total + 1);
    expect(after.total.received.in_person).toBe(before.total.received.in_person + 1);
  });

  it('reports each month the records received regardless of boundaries, as the records themselves show', async () => {
    for (const month of ['2026-01', '2026-02']) {
      const res = await get(`/api/reports/cross-boundary?month=${month}`);
      expect(res.statusCode).toBe(200);
      const direct = await sql<{ receivingAgencyId: string; competentAgencyId: string; n: string }>`
        select r.receiving_agency_id, r.competent_agency_id, count(*) as n
        from records r
        join agencies ra on ra.id = r.receiving_agency_id
        join agencies ca on ca.id = r.competent_agency_id
        where ra.unit_key <> ca.unit_key and r.received_at is not null
          and to_char(r.received_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM') = ${month}
        group by 1, 2 order by 1, 2`.execute(ctx.database.db);
      const body = res.json();
      expect(
        body.rows.map((x: { receivingAgencyId: string; competentAgencyId: string; received: number }) => [
          x.receivingAgencyId,
          x.competentAgencyId,
          x.received,
        ]),
      ).toEqual(direct.rows.map((x) => [x.receivingAgencyId, x.competentAgencyId, Number(x.n)]));
      expect(body.total).toBe(direct.rows.reduce((n, x) => n + Number(x.n), 0));
    }
    const all = (await get('/api/reports/cross-boundary?month=2026-01')).json();
    expect(all.total).toBeGreaterThan(0);
    expect((await get('/api/reports/cross-boundary?month=2026-13')).statusCode).toBe(422);
  });
});
