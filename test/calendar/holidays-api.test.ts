import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/context.ts';

let ctx: TestContext;
let admin: string;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.signIn(['admin'], { agencyKey: '92-ubnd' });
});
afterAll(() => ctx.close());

const auth = () => ({ authorization: `Bearer ${admin}` });
const dueDate = async (from: string, n: number) =>
  (
    await ctx.app.inject({ method: 'GET', url: `/api/calendar/due-date?from=${from}&workingDays=${n}` })
  ).json().dueDate;

describe('the holiday table administrators edit', () => {
  it('lists the seeded 2026 schedule with its source notes, including the make-up Saturdays', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/holidays?year=2026' });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { day: string; kind: string; sourceNote: string; origin: string }[];
    expect(items.find((h) => h.day === '2026-02-17')).toMatchObject({ kind: 'day_off', origin: 'seed' });
    expect(items.find((h) => h.day === '2026-01-10')).toMatchObject({ kind: 'working_day' });
    expect(items.find((h) => h.day === '2026-08-22')).toMatchObject({ kind: 'working_day' });
    expect(items.every((h) => h.sourceNote.length > 0)).toBe(true);
    expect(items.find((h) => h.day === '2026-11-24')).toBeUndefined();
  });

  it('seeds 2027 from the statutory rules, with Tết from the lunar calendar', async () => {
    const items = (await ctx.app.inject({ method: 'GET', url: '/api/holidays?year=2027' })).json().items as {
      day: string;
      status: string;
    }[];
    expect(items.map((h) => h.day)).toEqual(
      expect.arrayContaining(['2027-01-01', '2027-02-08', '2027-04-16']),
    );
    expect(items.every((h) => h.status === 'statutory')).toBe(true);
  });

  it('adds a day off (24/11, once confirmed) and due dates change at once; removing it restores them', async () => {
    expect(await dueDate('2026-11-23T09:00:00%2B07:00', 1)).toBe('2026-11-24');
    const add = await ctx.app.inject({
      method: 'POST',
      url: '/api/holidays',
      headers: auth(),
      payload: {
        day: '2026-11-24',
        kind: 'day_off',
        occasion: 'Ngày Văn hóa Việt Nam',
        sourceNote: 'Labour Code art. 112 as amended (test)',
      },
    });
    expect(add.statusCode).toBe(201);
    expect(add.json()).toMatchObject({ origin: 'admin', status: 'announced' });
    expect(await dueDate('2026-11-23T09:00:00%2B07:00', 1)).toBe('2026-11-25');
    const del = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/holidays/${add.json().id}`,
      headers: auth(),
    });
    expect(del.statusCode).toBe(204);
    expect(await dueDate('2026-11-23T09:00:00%2B07:00', 1)).toBe('2026-11-24');
  });

  it('edits an entry and refuses a second entry for the same day', async () => {
    const items = (await ctx.app.inject({ method: 'GET', url: '/api/holidays?year=2026' })).json().items;
    const makeUp = items.find((h: { day: string }) => h.day === '2026-01-10');
    const dup = await ctx.app.inject({
      method: 'POST',
      url: '/api/holidays',
      headers: auth(),
      payload: { day: '2026-01-10', kind: 'day_off', occasion: 'x', sourceNote: 'y' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('holiday.duplicate');
    const patch = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/holidays/${makeUp.id}`,
      headers: auth(),
      payload: { sourceNote: 'Công văn 12729/VPCP-KGVX (25/12/2025)' },
    });
    expect(patch.statusCode).toBe(200);
    expect(patch.json()).toMatchObject({
      sourceNote: 'Công văn 12729/VPCP-KGVX (25/12/2025)',
      origin: 'admin',
    });
  });

  it('answers an unknown entry with 404 and bad fields with 422 naming them', async () => {
    const missing = await ctx.app.inject({
      method: 'DELETE',
      url: '/api/holidays/00000000-0000-7000-8000-000000000000',
      headers: auth(),
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('holiday.not_found');
    const bad = await ctx.app.inject({
      method: 'POST',
      url: '/api/holidays',
      headers: auth(),
      payload: { day: '2026-02-30', kind: 'holiday', occasion: '', sourceNote: 'x' },
    });
    expect(bad.statusCode).toBe(422);
    const paths = bad.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.day', 'body.kind', 'body.occasion']));
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/holidays?year=2026' })).json().items,
    ).toHaveLength(
      (await ctx.app.inject({ method: 'GET', url: '/api/holidays?year=2026' })).json().items.length,
    );
  });
});

describe('office hours per agency', () => {
  it("counts hour-based limits in the agency's own office hours once an administrator sets them", async () => {
    const agency = (
      await ctx.app.inject({ method: 'GET', url: '/api/agencies?kind=one_stop&limit=1' })
    ).json().items[0];
    const url = `/api/calendar/due-date?from=2026-03-02T07:00:00%2B07:00&workingHours=1&agencyId=${agency.id}`;
    // Default hours start at 07:30: one office hour from 07:00 ends at 08:30.
    expect((await ctx.app.inject({ method: 'GET', url })).json().dueAt).toBe('2026-03-02T01:30:00.000Z');
    const set = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/agencies/${agency.id}/working-hours`,
      headers: auth(),
      payload: { workingHours: { start: 420, lunchStart: 660, lunchEnd: 780, end: 1020 } },
    });
    expect(set.statusCode).toBe(200);
    expect(set.json().workingHours).toEqual({ start: 420, lunchStart: 660, lunchEnd: 780, end: 1020 });
    // 07:00–11:00 and 13:00–17:00: one office hour from 07:00 ends at 08:00.
    expect((await ctx.app.inject({ method: 'GET', url })).json().dueAt).toBe('2026-03-02T01:00:00.000Z');
  });

  it('refuses office hours that end before they start, naming the field', async () => {
    const agency = (
      await ctx.app.inject({ method: 'GET', url: '/api/agencies?kind=one_stop&limit=1' })
    ).json().items[0];
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/agencies/${agency.id}/working-hours`,
      headers: auth(),
      payload: { workingHours: { start: 1000, end: 400 } },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].path).toMatch(/^body\.workingHours/);
  });
});
