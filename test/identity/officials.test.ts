import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/context.ts';

/** The officials of an agency, for assigning a step: own agency; an administrator the agencies they manage; a monitor any. */

let ctx: TestContext;
const agency: Record<string, string> = {};
beforeAll(async () => {
  ctx = await createTestContext();
  for (const r of await ctx.database.db.selectFrom('agencies').select(['id', 'key']).execute())
    agency[r.key] = r.id;
});
afterAll(() => ctx.close());

describe('GET /api/agencies/:id/officials', () => {
  it('lists the active officials of my agency with their roles, and answers another agency as unknown', async () => {
    const leader = await ctx.signIn(['leader'], { agencyKey: '31120-ubnd', username: 'ck.leader.list' });
    await ctx.signIn(['specialist'], { agencyKey: '31120-ubnd', username: 'ck.specialist.list' });
    const mine = await ctx.app.inject({
      method: 'GET',
      url: `/api/agencies/${agency['31120-ubnd']}/officials`,
      headers: { authorization: `Bearer ${leader}` },
    });
    expect(mine.statusCode).toBe(200);
    const roles = mine.json().items.map((u: { roles: string[] }) => u.roles.join(','));
    expect(roles).toEqual(expect.arrayContaining(['leader', 'specialist']));
    const other = await ctx.app.inject({
      method: 'GET',
      url: `/api/agencies/${agency['31135-ttpvhcc']}/officials`,
      headers: { authorization: `Bearer ${leader}` },
    });
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('agency.not_found');
  });

  it('lets a monitor see any agency', async () => {
    const monitor = await ctx.signIn(['monitor'], { agencyKey: '31135-ttpvhcc', username: 'monitor.list' });
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/agencies/${agency['31120-ubnd']}/officials`,
      headers: { authorization: `Bearer ${monitor}` },
    });
    expect(res.statusCode).toBe(200);
  });
});

describe('GET /api/agencies/:id/officials for administrators (issue 13 #3)', () => {
  it("lets a commune administrator list their own agency's officials and answers another agency as unknown", async () => {
    const admin = await ctx.signIn(['admin'], { agencyKey: '31120-ubnd', username: 'ck.admin.officials' });
    const mine = await ctx.app.inject({
      method: 'GET',
      url: `/api/agencies/${agency['31120-ubnd']}/officials`,
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items.map((u: { roles: string[] }) => u.roles.join(','))).toContain('admin');
    const other = await ctx.app.inject({
      method: 'GET',
      url: `/api/agencies/${agency['31135-ttpvhcc']}/officials`,
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('agency.not_found');
  });

  it('lets a city administrator list the officials of an agency under the city', async () => {
    const admin = await ctx.signIn(['admin'], { agencyKey: '92-ubnd', username: 'city.admin.officials' });
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/agencies/${agency['31120-ubnd']}/officials`,
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(res.statusCode).toBe(200);
  });
});
