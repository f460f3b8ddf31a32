import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, vnInstant } from '../../src/core/calendar/index.ts';
import { indicatorsCostingPoints, type RecordFact, recordCounts766 } from '../../src/core/reports/index.ts';
import { createCalendarService } from '../../src/modules/calendar/index.ts';
import { seededRandom, simulate } from '../../src/modules/reports/simulate.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

/**
 * The Decision 766 index as the API serves it, from the report counters, against the pure reference
 * (`recordCounts766`, `indicatorsCostingPoints`) run over the same records' facts.
 */

let ctx: TestContext;
let monitor: string;
const FROM = '2026-01-05';
const TO = '2026-02-20';

beforeAll(async () => {
  ctx = await createTestContext();
  monitor = await ctx.signIn(['monitor'], { username: 'i766.monitor' });
  const calendars = createCalendarService({ cutoffMinutes: ctx.deps.config.MOTCUA_CUTOFF });
  await simulate(ctx.database.db, calendars, {
    records: 70,
    from: FROM,
    to: TO,
    seed: 766,
    online: 0.4,
    supplement: 0.25,
    late: 0.3,
    refused: 0.05,
    crossBoundary: 0.3,
    rated: 0.6,
  });
}, 300_000);
afterAll(() => ctx.close());

function get(url: string, token = monitor) {
  return ctx.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
}

/** Every record's fact as the reference reads it (from report_facts, the projector's output). */
async function facts(): Promise<RecordFact[]> {
  const rows = await ctx.database.db.selectFrom('reportFacts').selectAll().execute();
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return rows.map((r) => ({
    recordId: r.recordId,
    code: r.code,
    competentAgencyId: r.competentAgencyId,
    receivingAgencyId: r.receivingAgencyId,
    procedureCode: r.procedureCode,
    channel: r.channel,
    receivedAt: iso(r.receivedAt),
    dueAt766: iso(r.pausedDueAt),
    finishedAt: iso(r.finishedAt),
    awaitingSupplementSince: iso(r.awaitingSupplementSince),
    outcome: r.outcome,
    supplementRequests: Number(r.supplementRequests),
    digitised: r.digitised,
    reused: r.reused,
    electronicResult: r.electronicResult,
    paperResult: r.paperResult,
    feeBearing: r.feeBearing,
    paidOnline: r.paidOnline,
    sharedToRepository: r.shared,
    returnedAt: null,
    rating: r.rating === null ? null : Number(r.rating),
  }));
}

describe('the Decision 766 index', () => {
  it('counts the records of random periods as the pure reference does, city-wide and per agency', async () => {
    const all = await facts();
    const agency = all.find((f) => f.receivedAt !== null)!.competentAgencyId!;
    const random = seededRandom(11);
    for (let i = 0; i < 6; i++) {
      const from = addDays(FROM, Math.floor(random() * 40) - 5);
      const to = addDays(from, Math.floor(random() * 40));
      const period = {
        from: vnInstant(from, 0).toISOString(),
        to: vnInstant(addDays(to, 1), 0).toISOString(),
      };
      for (const [query, mine] of [
        ['', all],
        [`&agencyId=${agency}`, all.filter((f) => f.competentAgencyId === agency)],
      ] as const) {
        const res = await get(`/api/reports/index766?from=${from}&to=${to}${query}`);
        expect(res.statusCode).toBe(200);
        expect(res.json().counts.records).toEqual(recordCounts766(mine, period));
      }
    }
  });

  it('counts online services with records (3.2) as plain SQL over the facts, city-wide and per agency', async () => {
    const all = await facts();
    const agency = all.find((f) => f.channel === 'online' && f.outcome !== 'not_received')!
      .competentAgencyId!;
    let seen = 0;
    for (const [from, to, firstMonth, nextMonth] of [
      [FROM, TO, '2026-01-01', '2026-03-01'],
      ['2026-02-01', '2026-02-28', '2026-02-01', '2026-03-01'],
    ] as const) {
      for (const [query, scope] of [
        ['', sql``],
        [`&agencyId=${agency}`, sql`and f.competent_agency_id = ${agency}`],
      ] as const) {
        // Whole months covering the period, as the counters keep them.
        const expected = await sql<{ n: string }>`
          select count(*) as n from procedures p join procedure_versions v on v.id = p.current_version_id
          where v.online_level in ('full', 'partial') and p.code in (
            select f.procedure_code from report_facts f
            where f.channel = 'online' and f.outcome <> 'not_received'
              and f.received_day >= ${firstMonth}::date and f.received_day < ${nextMonth}::date ${scope})`.execute(
          ctx.database.db,
        );
        const res = await get(`/api/reports/index766?from=${from}&to=${to}${query}`);
        expect(res.statusCode).toBe(200);
        expect(res.json().counts.procedures.onlineServicesWithRecords).toBe(Number(expected.rows[0]!.n));
        seen += Number(expected.rows[0]!.n);
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('counts complete and fee-bearing procedures (1.3, 3.5) as the JSON of their current versions says', async () => {
    // The stored columns (migration 0017) against the expressions over each version's JSON they replaced.
    const r = await sql<{ complete: string; fees: string }>`
      select
        count(*) filter (where pv.name <> ''
          and jsonb_array_length(pv.data->'steps') > 0
          and jsonb_array_length(pv.data->'channels') > 0
          and jsonb_array_length(pv.data->'documents') > 0
          and pv.time_value is not null
          and jsonb_array_length(pv.data->'subjects') > 0
          and coalesce(pv.data->>'implementingAgencyText', pv.data->>'competentAgencyText') is not null) as complete,
        count(*) filter (where exists (
          select 1 from jsonb_array_elements(pv.data->'fees') f
          where coalesce((f->>'amountVnd')::numeric, (f->>'amount')::numeric, 0) > 0)) as fees
      from procedures p join procedure_versions pv on pv.id = p.current_version_id`.execute(ctx.database.db);
    const { procedures } = (await get(`/api/reports/index766?from=${FROM}&to=${TO}`)).json().counts;
    expect(Number(r.rows[0]!.complete)).toBeGreaterThan(0);
    expect(Number(r.rows[0]!.fees)).toBeGreaterThan(0);
    expect([procedures.complete, procedures.withFees]).toEqual([
      Number(r.rows[0]!.complete),
      Number(r.rows[0]!.fees),
    ]);
  });

  it('has the variety the checks need: late, online, rated and disliked records', async () => {
    const res = await get(`/api/reports/index766?from=2025-12-01&to=2026-12-31`);
    const { records } = res.json().counts;
    expect(records.received).toBeGreaterThan(40);
    expect(records.overdue).toBeGreaterThan(0);
    expect(records.onTime21).toBeGreaterThan(0);
    expect(records.disliked).toBeGreaterThan(0);
    // Online submissions exist, but one returned with a paper result and no e-result is not "online" for 3.3.
    const stats = (await get(`/api/reports/statistics?from=2025-12-01&to=2026-12-31&groupBy=total`)).json();
    expect(stats.total.received.online).toBeGreaterThan(0);
    expect(records.online).toBeLessThanOrEqual(stats.total.received.online);
  });

  it('scores five groups within their maxima, group 2 from the on-time ratio, and leaves unknowns unmeasured', async () => {
    const body = (await get(`/api/reports/index766?from=${FROM}&to=${TO}`)).json();
    expect(body.groups.map((g: { id: number }) => g.id)).toEqual([1, 2, 3, 4, 5]);
    for (const g of body.groups) if (g.points !== null) expect(g.points).toBeLessThanOrEqual(g.max + 1e-9);
    expect(body.total).toBeLessThanOrEqual(body.max);
    const g2 = body.groups.find((g: { id: number }) => g.id === 2);
    const { onTime21, inScope21 } = body.counts.records;
    expect(g2.points).toBeCloseTo((20 * onTime21) / inScope21, 9);
    const indicator = (id: string) =>
      body.groups
        .flatMap((g: { indicators: { id: string }[] }) => g.indicators)
        .find((x: { id: string }) => x.id === id);
    expect(indicator('1.4').measured).toBe(false);
    expect(indicator('5.2').measured).toBe(false);
    expect(indicator('1.3').measured).toBe(true);
    expect(body.counts.procedures.published).toBeGreaterThan(100);
  });

  it('drills down to exactly the records the reference says cost points, page by page', async () => {
    const all = await facts();
    const end = vnInstant(addDays(TO, 1), 0).toISOString();
    const start = vnInstant(FROM, 0).toISOString();
    for (const indicator of ['2.1', '3.3', '4.2', '5.4']) {
      const expected = all
        .filter((f) => f.receivedAt !== null && f.receivedAt >= start && f.receivedAt < end)
        .filter((f) => indicatorsCostingPoints(f, end).includes(indicator as never))
        .map((f) => f.recordId)
        .sort();
      const got: string[] = [];
      let after = '';
      for (let page = 0; page < 20; page++) {
        const res = await get(
          `/api/reports/index766/records?from=${FROM}&to=${TO}&indicator=${indicator}&limit=7${after ? `&after=${after}` : ''}`,
        );
        expect(res.statusCode).toBe(200);
        got.push(...res.json().items.map((x: { recordId: string }) => x.recordId));
        if (!res.json().next) break;
        after = res.json().next;
      }
      expect(got).toEqual(expected);
      if (indicator === '2.1') expect(got.length).toBeGreaterThan(0);
    }
  });

  it('answers a leader for their agency only, and an unknown indicator with 422 naming it', async () => {
    const leader = await ctx.signIn(['leader'], { agencyKey: '31120-ubnd', username: 'i766.leader' });
    expect((await get(`/api/reports/index766?from=${FROM}&to=${TO}`, leader)).statusCode).toBe(200);
    expect(
      (await get(`/api/reports/index766?from=${FROM}&to=${TO}&unit=2025:31120`, leader)).statusCode,
    ).toBe(403);
    const bad = await get(`/api/reports/index766/records?from=${FROM}&to=${TO}&indicator=9.9`);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].path).toContain('indicator');
  });
});
