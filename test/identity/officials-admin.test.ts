import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeSearchText, tokenize } from '../../src/core/vn/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

/** Officials at city scale: search, bulk roles and deactivation, delegations. */

let ctx: TestContext;
let cityAdmin: string;
let communeAdmin: string;
let communeAdminId: string;
const agency: Record<string, string> = {};
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function me(token: string) {
  return (await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) })).json();
}
async function official(
  username: string,
  displayName: string,
  roles: ('reception' | 'specialist' | 'leader')[],
  agencyKey = '31120-ubnd',
) {
  const token = await ctx.signIn(roles, { agencyKey, username });
  const id = (await me(token)).userId as string;
  await ctx.database.db.updateTable('users').set({ displayName }).where('id', '=', id).execute();
  return { id, token };
}
async function search(query: string, token = cityAdmin) {
  return ctx.app.inject({ method: 'GET', url: `/api/officials?${query}`, headers: bearer(token) });
}

beforeAll(async () => {
  ctx = await createTestContext();
  for (const r of await ctx.database.db.selectFrom('agencies').select(['id', 'key']).execute())
    agency[r.key] = r.id;
  cityAdmin = await ctx.signIn(['admin'], { agencyKey: '92-ubnd', username: 'quantri.tp.tim' });
  communeAdmin = await ctx.signIn(['admin'], { agencyKey: '31120-ubnd', username: 'quantri.caikhe.tim' });
  communeAdminId = (await me(communeAdmin)).userId;
});
afterAll(() => ctx.close());

describe('the search key kept by the database', () => {
  it('equals normalizeSearchText for every Vietnamese letter, upper and lower case', async () => {
    const names: string[] = ['đ', 'Đ'];
    for (const l of 'aăâeêioôơuưyAĂÂEÊIOÔƠUƯY')
      for (const t of ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'])
        names.push(`${l}${t}`.normalize('NFC'));
    const name = `Nguyễn ${names.join('')} Trần`;
    const u = await official('tim.key', name, ['specialist']);
    const row = await ctx.database.db
      .selectFrom('users')
      .select(['searchName', 'searchWords'])
      .where('id', '=', u.id)
      .executeTakeFirstOrThrow();
    expect(row.searchName).toBe(normalizeSearchText(name));
    expect(row.searchWords).toEqual(tokenize(name));
  });
});

describe('GET /api/officials', () => {
  it('finds names by whole words without marks, usernames by their start, filters by agency, role and active, and pages by username', async () => {
    await official('tim.an', 'Nguyễn Văn An', ['specialist']);
    await official('tim.anh', 'Nguyễn Thị Ánh', ['leader']);
    await official('tim.binh', 'Trần Văn Bình', ['reception'], '31135-ubnd');
    const byName = await search('q=nguyen%20van');
    expect(byName.statusCode).toBe(200);
    expect(byName.json().items.map((i: { username: string }) => i.username)).toEqual(['tim.an']);
    expect(byName.json().items[0]).toMatchObject({
      displayName: 'Nguyễn Văn An',
      agencyName: 'Ủy ban nhân dân phường Cái Khế',
      active: true,
    });
    const marked = await search(`q=${encodeURIComponent('ÁNH')}`);
    expect(marked.json().items.map((i: { username: string }) => i.username)).toEqual(['tim.anh']);
    const byUser = await search('q=tim.b');
    expect(byUser.json().items.map((i: { username: string }) => i.username)).toEqual(['tim.binh']);
    const leaders = await search(`q=tim&role=leader&agencyId=${agency['31120-ubnd']}`);
    expect(leaders.json().items.map((i: { username: string }) => i.username)).toEqual(['tim.anh']);
    const page1 = await search('q=tim.&limit=2');
    expect(page1.json().items.map((i: { username: string }) => i.username)).toEqual(['tim.an', 'tim.anh']);
    expect(page1.json().next).toBe('tim.anh');
    const page2 = await search('q=tim.&limit=2&after=tim.anh');
    expect(page2.json().items.map((i: { username: string }) => i.username)).toEqual(['tim.binh', 'tim.key']);
  });

  it('shows a commune administrator only their commune, and refuses another agency', async () => {
    const mine = await search('q=tim', communeAdmin);
    expect(mine.json().items.map((i: { username: string }) => i.username)).not.toContain('tim.binh');
    expect(mine.json().items.map((i: { username: string }) => i.username)).toContain('tim.an');
    const other = await search(`agencyId=${agency['31135-ubnd']}`, communeAdmin);
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('agency.not_found');
  });
});

describe('bulk changes', () => {
  it('adds and removes roles on selected accounts, audited per account', async () => {
    const a = await official('bulk.a', 'Lê Văn A', ['specialist']);
    const b = await official('bulk.b', 'Lê Văn B', ['specialist', 'reception']);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/officials/bulk-roles',
      headers: bearer(communeAdmin),
      payload: { userIds: [a.id, b.id], add: ['leader'], remove: ['reception'] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ changed: 2 });
    expect((await me(a.token)).roles).toEqual(['specialist', 'leader']);
    expect((await me(b.token)).roles).toEqual(['specialist', 'leader']);
    const audit = await ctx.database.db
      .selectFrom('auditLog')
      .select('entityId')
      .where('action', '=', 'user.updated')
      .where('entityId', 'in', [a.id, b.id])
      .execute();
    expect(audit).toHaveLength(2);
  });

  it('changes nothing when one account is refused, naming it by position', async () => {
    const a = await official('bulk.c', 'Lê Văn C', ['specialist']);
    const outside = await official('bulk.out', 'Lê Văn Ngoài', ['specialist'], '31135-ubnd');
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/officials/bulk-roles',
      headers: bearer(communeAdmin),
      payload: {
        userIds: [a.id, outside.id, communeAdminId],
        add: ['reception'],
        remove: ['admin', 'specialist'],
      },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('official.bulk_refused');
    expect(res.json().errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([
      ['body.userIds.1', 'not_found'],
      ['body.userIds.2', 'self_lockout'],
    ]);
    expect((await me(a.token)).roles).toEqual(['specialist']);
    const monitor = await ctx.app.inject({
      method: 'POST',
      url: '/api/officials/bulk-roles',
      headers: bearer(communeAdmin),
      payload: { userIds: [a.id], add: ['monitor'] },
    });
    expect(monitor.statusCode).toBe(403);
  });

  it('deactivates selected accounts and ends their sessions at once, and reactivates them', async () => {
    const a = await official('bulk.d', 'Lê Văn D', ['specialist']);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/officials/bulk-active',
      headers: bearer(communeAdmin),
      payload: { userIds: [a.id], active: false },
    });
    expect(res.json()).toEqual({ changed: 1 });
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(a.token) })).statusCode,
    ).toBe(401);
    const sessions = await ctx.database.db
      .selectFrom('sessions')
      .select('id')
      .where('userId', '=', a.id)
      .execute();
    expect(sessions).toEqual([]);
    const inactive = await search('q=bulk.d&active=false', communeAdmin);
    expect(inactive.json().items.map((i: { username: string }) => i.username)).toEqual(['bulk.d']);
    const self = await ctx.app.inject({
      method: 'POST',
      url: '/api/officials/bulk-active',
      headers: bearer(communeAdmin),
      payload: { userIds: [communeAdminId], active: false },
    });
    expect(self.statusCode).toBe(422);
    const back = await ctx.app.inject({
      method: 'POST',
      url: '/api/officials/bulk-active',
      headers: bearer(communeAdmin),
      payload: { userIds: [a.id], active: true },
    });
    expect(back.json()).toEqual({ changed: 1 });
  });
});

describe('delegations', () => {
  it('a leader delegates to an official of the same agency for a period; both see it; it is audited and revocable', async () => {
    const leader = await official('uq.lanhdao', 'Phạm Văn Lãnh', ['leader']);
    const deputy = await official('uq.chuyenvien', 'Phạm Thị Viên', ['specialist']);
    const now = ctx.deps.clock.now();
    const startsAt = new Date(now.getTime() - 3600_000);
    const endsAt = new Date(now.getTime() + 7 * 86_400_000);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/delegations',
      headers: bearer(leader.token),
      payload: {
        toUserId: deputy.id,
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        reason: 'Nghỉ phép',
      },
    });
    expect(res.statusCode).toBe(201);
    const id = res.json().id;
    const received = await ctx.app.inject({
      method: 'GET',
      url: '/api/delegations',
      headers: bearer(deputy.token),
    });
    expect(received.json().items).toMatchObject([
      {
        id,
        from: { userId: leader.id, displayName: 'Phạm Văn Lãnh' },
        to: { userId: deputy.id },
        running: true,
        given: false,
        reason: 'Nghỉ phép',
      },
    ]);
    const audit = await ctx.database.db
      .selectFrom('auditLog')
      .select(['action', 'actorId'])
      .where('entityType', '=', 'delegation')
      .where('entityId', '=', id)
      .execute();
    expect(audit).toEqual([{ action: 'delegation.created', actorId: leader.id }]);

    const stranger = await official('uq.khac', 'Người Khác', ['specialist'], '31135-ubnd');
    const refused = await ctx.app.inject({
      method: 'POST',
      url: `/api/delegations/${id}/revoke`,
      headers: bearer(stranger.token),
    });
    expect(refused.statusCode).toBe(404);
    const revoked = await ctx.app.inject({
      method: 'POST',
      url: `/api/delegations/${id}/revoke`,
      headers: bearer(leader.token),
    });
    expect(revoked.statusCode).toBe(204);
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/delegations', headers: bearer(deputy.token) })).json()
        .items,
    ).toEqual([]);
  });

  it('refuses a delegate of another agency, the leader themselves, and a period that ends before it starts', async () => {
    const leader = await official('uq.lanhdao2', 'Phạm Văn Hai', ['leader']);
    const other = await official('uq.ngoai', 'Phạm Văn Ngoài', ['specialist'], '31135-ubnd');
    const now = ctx.deps.clock.now().getTime();
    const post = (payload: Record<string, unknown>) =>
      ctx.app.inject({ method: 'POST', url: '/api/delegations', headers: bearer(leader.token), payload });
    const base = { startsAt: new Date(now).toISOString(), endsAt: new Date(now + 86_400_000).toISOString() };
    const a = await post({ ...base, toUserId: other.id });
    expect([a.statusCode, a.json().code, a.json().errors[0].path]).toEqual([
      422,
      'delegation.invalid',
      'body.toUserId',
    ]);
    const b = await post({ ...base, toUserId: leader.id });
    expect(b.json().errors[0]).toMatchObject({ path: 'body.toUserId', code: 'self' });
    const deputy = await official('uq.cv2', 'Phạm Thị Ba', ['specialist']);
    const c = await post({ toUserId: deputy.id, startsAt: base.endsAt, endsAt: base.startsAt });
    expect(c.json().errors[0]).toMatchObject({ path: 'body.endsAt', code: 'not_after' });
    const notLeader = await ctx.app.inject({
      method: 'POST',
      url: '/api/delegations',
      headers: bearer(deputy.token),
      payload: { ...base, toUserId: leader.id },
    });
    expect(notLeader.statusCode).toBe(403);
  });
});
