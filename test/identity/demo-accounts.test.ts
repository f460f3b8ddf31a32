import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoAccounts } from '../../src/modules/seed/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

/**
 * The README's demo accounts (issue 13, item 13): the demo seed creates every account the README lists,
 * with the README's password, role and agency, and they cover the README's journey: a Ninh Kiều (or Cái
 * Khế) commune record is received by the ward's one-stop unit and appraised and approved by its People's
 * Committee, whose demo specialist and leader exist and are offered by the forward dialog.
 */

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('### Demo accounts'), readme.indexOf('## Commands'));
const password = /All use the password `([^`]+)`/.exec(section)?.[1] ?? '';
/** The table's rows: username, role (the English word before any translation), agency. */
const listed = [...section.matchAll(/^\| `([a-z.]+)`\s*\| ([a-z]+)[^|]*\| ([^|]+?)\s*\|$/gm)].map((m) => ({
  username: m[1]!,
  role: m[2]!,
  agency: m[3]!,
}));

let ctx: TestContext;
const agencyKeys = new Map<string, string>();

async function signIn(username: string) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
  });
  expect(res.statusCode, `${username} signs in with the README's password`).toBe(200);
  const token = res.json().token as string;
  const me = await ctx.app.inject({
    method: 'GET',
    url: '/api/auth/me',
    headers: { authorization: `Bearer ${token}` },
  });
  const actor = me.json() as { userId: string; roles: string[]; agencyId: string };
  return { token, ...actor, agencyKey: agencyKeys.get(actor.agencyId) };
}

beforeAll(async () => {
  ctx = await createTestContext();
  await seedDemoAccounts(ctx.deps);
  const rows = await ctx.database.db.selectFrom('agencies').select(['id', 'key']).execute();
  for (const r of rows) agencyKeys.set(r.id, r.key);
});
afterAll(() => ctx.close());

describe('the README’s demo accounts', () => {
  it('lists the People’s Committee officials of Ninh Kiều and Cái Khế next to the one-stop ones', () => {
    expect(password).toBe(DEMO_PASSWORD);
    expect(listed.map((a) => a.username).sort()).toEqual(DEMO_ACCOUNTS.map((a) => a.username).sort());
    expect(listed.map((a) => a.username)).toEqual(
      expect.arrayContaining([
        'tiepnhan.ninhkieu',
        'chuyenvien.ubnd.ninhkieu',
        'lanhdao.ubnd.ninhkieu',
        'chuyenvien.ubnd.caikhe',
        'lanhdao.ubnd.caikhe',
      ]),
    );
  });

  it('signs in every listed account with the README’s password and the listed role', async () => {
    for (const a of listed) {
      const me = await signIn(a.username);
      expect({ username: a.username, roles: me.roles }).toEqual({ username: a.username, roles: [a.role] });
    }
  });

  it('puts the journey’s accounts where the journey needs them', async () => {
    const where = async (username: string) => {
      const me = await signIn(username);
      return `${me.roles.join(',')}@${me.agencyKey}`;
    };
    // Phường Ninh Kiều is 31135, phường Cái Khế 31120: -ttpvhcc is the one-stop unit, -ubnd the UBND.
    expect({
      reception: await where('tiepnhan.ninhkieu'),
      nkSpecialist: await where('chuyenvien.ubnd.ninhkieu'),
      nkLeader: await where('lanhdao.ubnd.ninhkieu'),
      ckSpecialist: await where('chuyenvien.ubnd.caikhe'),
      ckLeader: await where('lanhdao.ubnd.caikhe'),
    }).toEqual({
      reception: 'reception@31135-ttpvhcc',
      nkSpecialist: 'specialist@31135-ubnd',
      nkLeader: 'leader@31135-ubnd',
      ckSpecialist: 'specialist@31120-ubnd',
      ckLeader: 'leader@31120-ubnd',
    });
  });

  it.each([
    ['31135', 'ninhkieu'],
    ['31120', 'caikhe'],
  ])(
    'offers the demo specialist, then the demo leader, of the parcel’s ward (%s) when forwarding',
    async (unit, ward) => {
      const reception = await signIn('tiepnhan.ninhkieu');
      const auth = { authorization: `Bearer ${reception.token}` };
      const p = (await ctx.app.inject({ method: 'GET', url: '/api/procedures/1.012796' })).json();
      const received = await ctx.app.inject({
        method: 'POST',
        url: '/api/records',
        headers: auth,
        payload: {
          type: 'receive',
          checklist: (p.details.documents as { name: string }[])
            .slice(0, 2)
            .map((d) => ({ document: d.name, provided: true })),
          opening: {
            procedureVersionId: p.versionId,
            channel: 'in_person',
            applicant: { kind: 'citizen', fullName: 'Trịnh Văn Tâm', phone: '0912 000 111' },
            routing: { landParcelUnitCode: unit },
          },
        },
      });
      expect(received.statusCode).toBe(201);
      const record = received.json().record as { id: string; version: number };
      const usernames = async (token: string, id: string) =>
        (
          await ctx.app.inject({
            method: 'GET',
            url: `/api/records/${id}/assignees`,
            headers: { authorization: `Bearer ${token}` },
          })
        )
          .json()
          .items.map((o: { username: string }) => o.username);
      expect(await usernames(reception.token, record.id)).toEqual([`chuyenvien.ubnd.${ward}`]);
      const specialist = await signIn(`chuyenvien.ubnd.${ward}`);
      const forwarded = await ctx.app.inject({
        method: 'POST',
        url: `/api/records/${record.id}/forward`,
        headers: auth,
        payload: { version: record.version, assigneeId: specialist.userId },
      });
      expect(forwarded.statusCode).toBe(200);
      expect(await usernames(specialist.token, record.id)).toEqual([`lanhdao.ubnd.${ward}`]);
    },
  );

  it('lets the Ninh Kiều demo accounts finish a temporary-residence record (1.004194): counter, then Công an phường Ninh Kiều', async () => {
    const reception = await signIn('tiepnhan.ninhkieu');
    const specialist = await signIn('chuyenvien.congan.ninhkieu');
    const leader = await signIn('lanhdao.congan.ninhkieu');
    const police = await ctx.database.db
      .selectFrom('agencies')
      .select(['id', 'key', 'name'])
      .where('name', '=', 'Công an phường Ninh Kiều')
      .executeTakeFirstOrThrow();
    expect([specialist.agencyKey, leader.agencyKey]).toEqual([police.key, police.key]);
    const post = async (who: { token: string }, url: string, payload: Record<string, unknown>) =>
      ctx.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${who.token}` }, payload });

    const p = (await ctx.app.inject({ method: 'GET', url: '/api/procedures/1.004194' })).json();
    let res = await post(reception, '/api/records', {
      type: 'receive',
      checklist: (p.details.documents as { name: string }[])
        .slice(0, 1)
        .map((d) => ({ document: d.name, provided: true })),
      opening: {
        procedureVersionId: p.versionId,
        channel: 'in_person',
        applicant: { kind: 'citizen', fullName: 'Phan Thị Hồng', phone: '0912 000 222' },
        routing: { residenceUnitCode: '31135' },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    let record = res.json().record as { id: string; version: number; competentAgencyId: string };
    expect(record.competentAgencyId).toBe(police.id);
    const offered = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${record.id}/assignees`,
      headers: { authorization: `Bearer ${reception.token}` },
    });
    expect(offered.json().items.map((o: { username: string }) => o.username)).toEqual([
      'chuyenvien.congan.ninhkieu',
    ]);
    res = await post(reception, `/api/records/${record.id}/forward`, {
      version: record.version,
      assigneeId: specialist.userId,
    });
    expect(res.statusCode, res.body).toBe(200);
    record = res.json().record;
    res = await post(specialist, `/api/records/${record.id}/forward`, { version: record.version });
    expect(res.statusCode, res.body).toBe(200);
    record = res.json().record;
    res = await post(leader, `/api/records/${record.id}/approve`, { version: record.version });
    expect(res.statusCode, res.body).toBe(200);
    record = res.json().record;
    res = await post(specialist, `/api/records/${record.id}/issue-result`, {
      version: record.version,
      documents: [{ name: 'Xác nhận đăng ký tạm trú', number: 'TT-0001' }],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().record).toMatchObject({ status: 'result_ready' });
    record = res.json().record;
    res = await post(reception, `/api/records/${record.id}/return-result`, {
      version: record.version,
      method: 'counter',
      recipientName: 'Phan Thị Hồng',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().record).toMatchObject({ status: 'delivered' });
  });
});
