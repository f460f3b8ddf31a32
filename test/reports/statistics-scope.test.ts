import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportsHandler } from '../../src/modules/reports/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { TEST_NOW } from '../support/deps.ts';

/**
 * Whose statistics: one cross-boundary record, received at the Ninh Kiều one-stop unit (TTPVHCC) for a land
 * parcel in another commune, so that its competent body is that commune's People's Committee.
 */

let ctx: TestContext;
let monitor: string;
let receivingId: string;
let competentId: string;
const DAY = '2026-03-02';

beforeAll(async () => {
  ctx = await createTestContext();
  monitor = await ctx.signIn(['monitor'], { username: 'scope.monitor' });
  const reception = await ctx.signIn(['reception'], { agencyKey: '31135-ttpvhcc', username: 'scope.nk' });
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
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().record.id;
  const record = await ctx.database.db
    .selectFrom('records')
    .select(['receivingAgencyId', 'competentAgencyId'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  receivingId = record.receivingAgencyId!;
  competentId = record.competentAgencyId!;
  expect(competentId).not.toBe(receivingId);
  const handler = reportsHandler(ctx.database.db, ctx.deps.clock);
  const messages = await ctx.database.db
    .selectFrom('outbox')
    .select(['id', 'topic', 'key', 'payload', 'createdAt'])
    .where('key', '=', id)
    .execute();
  await handler(messages.map((m) => ({ ...m, attempts: 0, createdAt: new Date(m.createdAt) })));
});
afterAll(() => ctx.close());

async function stats(token: string, query: string) {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/api/reports/statistics?${query}`,
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    rows: { key: string; received: { total: number }; inProgress: { total: number; overdue: number } }[];
    total: { received: { total: number }; inProgress: { total: number; onTime: number; overdue: number } };
  };
}

describe('statistics scope', () => {
  it('counts a cross-boundary record once, under its competent agency, not the receiving one', async () => {
    const { rows } = await stats(monitor, `from=${DAY}&to=${DAY}&groupBy=agency`);
    expect(rows.map((r) => [r.key, r.received.total])).toEqual([[competentId, 1]]);
    expect(rows.some((r) => r.key === receivingId)).toBe(false);
  });

  it("shows a one-stop unit's leader what the unit received, by competent agency (issue 13 #21)", async () => {
    const director = await ctx.signIn(['leader'], { agencyKey: '31135-ttpvhcc', username: 'scope.director' });
    const own = await stats(director, `from=${DAY}&to=${DAY}&groupBy=agency`);
    expect(own.total.received.total).toBe(1);
    expect(own.rows.map((r) => [r.key, r.received.total])).toEqual([[competentId, 1]]);
    // The competent body's leader sees it too, as theirs.
    const competent = await ctx.database.db
      .selectFrom('agencies')
      .select('key')
      .where('id', '=', competentId)
      .executeTakeFirstOrThrow();
    const leader = await ctx.signIn(['leader'], { agencyKey: competent.key, username: 'scope.leader' });
    expect((await stats(leader, `from=${DAY}&to=${DAY}&groupBy=total`)).total.received.total).toBe(1);
  });

  it('counts a record still open past its due date as late in Decision 766 group 2 (2.1)', async () => {
    ctx.deps.clock.set(new Date('2026-03-20T03:00:00Z'));
    try {
      const token = await ctx.signIn(['monitor'], { username: 'scope.monitor.766' });
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/api/reports/index766?from=2026-03-01&to=2026-03-19&agencyId=${competentId}`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.statusCode, res.body).toBe(200);
      const { records } = res.json().counts;
      expect(records).toMatchObject({ inScope21: 1, onTime21: 0, overdue: 1 });
      // Unmeasured indicators earn nothing and the basis is stated: nothing is extrapolated (issue 13 #28).
      const body = res.json();
      expect(body.unmeasured).toContain('1.1');
      expect(body.max).toBe(100);
      expect(body.measuredMax).toBeLessThan(100);
      for (const g of body.groups as {
        points: number | null;
        measuredMax: number;
        indicators: { points: number | null; max: number; measured: boolean }[];
      }[]) {
        const measured = g.indicators.filter((i) => i.measured);
        expect(g.measuredMax).toBe(measured.reduce((n, i) => n + i.max, 0));
        if (g.points !== null)
          expect(g.points).toBeCloseTo(
            measured.reduce((n, i) => n + (i.points ?? 0), 0),
            9,
          );
      }
      expect(body.total).toBeLessThanOrEqual(body.measuredMax);
      const group2 = res.json().groups.find((g: { id: number }) => g.id === 2);
      expect(group2.indicators.find((i: { id: string }) => i.id === '2.1')).toMatchObject({
        numerator: 0,
        denominator: 1,
        points: 0,
      });
    } finally {
      ctx.deps.clock.set(TEST_NOW);
    }
  });

  it('divides the catalogue indicators by each unit’s own procedures, not every procedure of its level (issue 13 #28)', async () => {
    const departments = await ctx.database.db
      .selectFrom('agencies')
      .select(['id', 'name'])
      .where('level', '=', 'city')
      .where((eb) => eb.or([eb('name', 'like', 'Sở Tư pháp%'), eb('name', 'like', 'Sở Xây dựng%')]))
      .orderBy('name')
      .execute();
    expect(departments).toHaveLength(2);
    const denominators = [];
    for (const d of departments) {
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/api/reports/index766?from=2026-03-01&to=2026-03-31&agencyId=${d.id}`,
        headers: { authorization: `Bearer ${monitor}` },
      });
      expect(res.statusCode, res.body).toBe(200);
      const published = res.json().counts.procedures.published as number;
      const i13 = res.json().groups[0].indicators.find((i: { id: string }) => i.id === '1.3');
      expect(i13.denominator).toBe(published);
      denominators.push(published);
    }
    const cityLevel = await ctx.database.db
      .selectFrom('procedures')
      .innerJoin('procedureVersions', 'procedureVersions.id', 'procedures.currentVersionId')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('procedureVersions.levels', 'like', '%city%')
      .executeTakeFirstOrThrow();
    // Each department has procedures of its own, fewer than the city level's, and not the same count.
    for (const n of denominators) {
      expect(n).toBeGreaterThan(0);
      expect(n).toBeLessThan(Number(cityLevel.n));
    }
    expect(denominators[0]).not.toBe(denominators[1]);
  });

  it('judges overdue at the earlier of the period end and today, not at a future period end (issue 13 #21)', async () => {
    const month = 'from=2026-03-01&to=2026-03-31';
    // Today (2 March) the record is far from its due date: in progress and on time, for the whole month too.
    for (const groupBy of ['total', 'agency', 'month']) {
      const now = await stats(monitor, `${month}&groupBy=${groupBy}`);
      expect(now.total.inProgress, groupBy).toEqual({ total: 1, onTime: 1, overdue: 0 });
      expect(now.rows.map((r) => r.inProgress.overdue)).toEqual(now.rows.map(() => 0));
    }
    // Weeks later, still open past its due date, it is overdue.
    ctx.deps.clock.set(new Date('2026-03-30T03:00:00Z'));
    try {
      const again = await ctx.signIn(['monitor'], { username: 'scope.monitor.later' });
      const later = await stats(again, `${month}&groupBy=agency`);
      expect(later.total.inProgress).toEqual({ total: 1, onTime: 0, overdue: 1 });
      expect(later.rows.map((r) => [r.key, r.inProgress.overdue])).toEqual([[competentId, 1]]);
    } finally {
      ctx.deps.clock.set(TEST_NOW);
    }
  });
});
