import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { project, type RecordEvent } from '../../src/core/records/index.ts';
import { expireIdempotencyKeys } from '../../src/modules/records/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

/**
 * A land-correction record (1.012796, 8 working days) received at the one-stop unit of phường Ninh Kiều for
 * a parcel in phường Cái Khế: routed to UBND phường Cái Khế, processed there and returned at Ninh Kiều.
 * The test clock stands at Mon 2/3/2026 10:00 in Vietnam.
 */

let ctx: TestContext;
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};
let agencyIds: Record<string, string>;
let versionId: string;
let documents: string[];

async function user(name: string, role: 'reception' | 'specialist' | 'leader', agencyKey: string) {
  tokens[name] = await ctx.signIn([role], { agencyKey, username: `${name}.test` });
  const me = await ctx.app.inject({ method: 'GET', url: '/api/auth/me', headers: auth(name) });
  users[name] = me.json().userId;
}

const auth = (name: string) => ({ authorization: `Bearer ${tokens[name]}` });

function post(name: string, url: string, payload: unknown, headers: Record<string, string> = {}) {
  return ctx.app.inject({
    method: 'POST',
    url,
    headers: { ...auth(name), ...headers },
    payload: payload as object,
  });
}

const citizen = {
  kind: 'citizen',
  fullName: 'Nguyễn Văn An',
  personalId: '092085001234',
  birthDate: '1985-04-12',
  sex: 'male',
  phone: '0912 345 678',
};

function opening(extra: Record<string, unknown> = {}) {
  return {
    procedureVersionId: versionId,
    channel: 'in_person',
    applicant: citizen,
    routing: { residenceUnitCode: '31135', landParcelUnitCode: '31120' },
    ...extra,
  };
}

const checklist = () => documents.slice(0, 2).map((document) => ({ document, provided: true, originals: 1 }));

beforeAll(async () => {
  ctx = await createTestContext();
  const rows = await ctx.database.db.selectFrom('agencies').select(['id', 'key']).execute();
  agencyIds = Object.fromEntries(rows.map((r) => [r.key, r.id]));
  await user('nk.reception', 'reception', '31135-ttpvhcc');
  await user('ck.reception', 'reception', '31120-ttpvhcc');
  await user('ck.specialist', 'specialist', '31120-ubnd');
  await user('ck.leader', 'leader', '31120-ubnd');
  const p = (await ctx.app.inject({ method: 'GET', url: '/api/procedures/1.012796' })).json();
  versionId = p.versionId;
  documents = (p.details.documents as { name: string }[]).map((d) => d.name);
});
afterAll(() => ctx.close());

async function count(table: 'records' | 'recordEvents' | 'auditLog' | 'outbox') {
  const r = await ctx.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('a record received at a commune that is not the competent one', () => {
  let id: string;
  let version: number;

  it('is received at Ninh Kiều with a legal code and an appointment, and routed to UBND Cái Khế', async () => {
    const res = await post('nk.reception', '/api/records', {
      type: 'receive',
      checklist: checklist(),
      opening: opening(),
    });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json().record;
    expect(r.code).toMatch(/^H13\.\d{3}\.01-260302-0001$/);
    expect(r).toMatchObject({
      status: 'received',
      receivingAgencyId: agencyIds['31135-ttpvhcc'],
      competentAgencyId: agencyIds['31120-ubnd'],
      appointment: { dueDate: '2026-03-12' },
    });
    expect(r.availableActions).toContain('forward');
    id = r.id;
    version = r.version;
  });

  it('wrote the events, the projection, an audit row and outbox rows in the same transaction', async () => {
    const events = await ctx.database.db
      .selectFrom('recordEvents')
      .select(['seq', 'type'])
      .where('recordId', '=', id)
      .execute();
    expect(events.length).toBe(version);
    const audit = await ctx.database.db
      .selectFrom('auditLog')
      .select('action')
      .where('entityId', '=', id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['record.receive']);
    const outbox = await ctx.database.db.selectFrom('outbox').select('topic').where('key', '=', id).execute();
    expect(outbox.length).toBe(events.length);
  });

  it('refuses a stale version with 409 and writes nothing', async () => {
    const before = await count('recordEvents');
    const res = await post('nk.reception', `/api/records/${id}/forward`, { version: version - 1 });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('record.version_conflict');
    expect(await count('recordEvents')).toBe(before);
  });

  it('names the state and the allowed actions when a transition is not allowed', async () => {
    const res = await post('nk.reception', `/api/records/${id}/approve`, { version });
    expect([403, 409]).toContain(res.statusCode);
    if (res.statusCode === 409) {
      expect(res.json().code).toBe('record.transition_not_allowed');
      expect(res.json().params).toMatchObject({ status: 'received' });
      expect(res.json().params.allowedActions).toContain('forward');
    }
  });

  it('goes through the steps: forward to Cái Khế, assign, appraise, approve, issue, return at Ninh Kiều', async () => {
    let res = await post('nk.reception', `/api/records/${id}/forward`, { version });
    expect(res.statusCode, res.body).toBe(200);
    version = res.json().record.version;
    res = await post('ck.leader', `/api/records/${id}/assign`, {
      version,
      assigneeId: users['ck.specialist'],
    });
    expect(res.statusCode, res.body).toBe(200);
    version = res.json().record.version;
    res = await post('ck.specialist', `/api/records/${id}/forward`, { version });
    expect(res.statusCode, res.body).toBe(200);
    version = res.json().record.version;
    res = await post('ck.leader', `/api/records/${id}/approve`, { version });
    expect(res.statusCode, res.body).toBe(200);
    version = res.json().record.version;
    res = await post('ck.specialist', `/api/records/${id}/issue-result`, {
      version,
      documents: [{ name: 'Giấy chứng nhận đã đính chính', number: 'CS 01234' }],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().record).toMatchObject({ status: 'result_ready' });
    version = res.json().record.version;
    res = await post('nk.reception', `/api/records/${id}/return-result`, {
      version,
      method: 'counter',
      recipientName: 'Nguyễn Văn An',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().record).toMatchObject({ status: 'delivered', delivery: { method: 'counter' } });
    version = res.json().record.version;
  });

  it('has a projection equal to the replay of its stored events', async () => {
    const rows = await ctx.database.db
      .selectFrom('recordEvents')
      .select('payload')
      .where('recordId', '=', id)
      .orderBy('seq')
      .execute();
    const replayed = project(rows.map((r) => r.payload as RecordEvent));
    const stored = await ctx.database.db
      .selectFrom('records')
      .select(['state', 'version', 'status'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(replayed).toEqual(stored.state);
    expect(stored).toMatchObject({ version: replayed?.version, status: replayed?.status });
  });

  it('shows the control slip: every step visit with its due time and timing', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${id}/timeline`,
      headers: auth('ck.leader'),
    });
    expect(res.statusCode).toBe(200);
    const { events, steps } = res.json();
    expect(events.length).toBe(version);
    expect(steps.map((s: { key: string }) => s.key)).toEqual([
      'reception',
      'appraisal',
      'approval',
      'return',
    ]);
    expect(steps.every((s: { timing: string }) => ['early', 'on_time', 'late'].includes(s.timing))).toBe(
      true,
    );
  });

  it('lets the applicant track it with the last 4 digits of the phone, and answers a wrong check like a wrong code', async () => {
    const code = (
      await ctx.app.inject({ method: 'GET', url: `/api/records/${id}`, headers: auth('nk.reception') })
    ).json().code;
    const ok = await ctx.app.inject({ method: 'GET', url: `/api/public/records/${code}?check=5678` });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'delivered', nationalStatus: 10 });
    expect(JSON.stringify(ok.json())).not.toContain('Nguyễn Văn An');
    const wrongCheck = await ctx.app.inject({ method: 'GET', url: `/api/public/records/${code}?check=0000` });
    const wrongCode = await ctx.app.inject({
      method: 'GET',
      url: '/api/public/records/H13.999.01-260302-0001?check=5678',
    });
    expect(wrongCheck.statusCode).toBe(404);
    expect(wrongCode.statusCode).toBe(404);
    expect(wrongCheck.json().code).toBe(wrongCode.json().code);
    expect(wrongCheck.json().title).toBe(wrongCode.json().title);
  });

  it('tracks it by its code typed in lower case, with spaces or other dashes, or without the leading zeros', async () => {
    const code: string = (
      await ctx.app.inject({ method: 'GET', url: `/api/records/${id}`, headers: auth('nk.reception') })
    ).json().code;
    const typed = [
      code.toLowerCase(),
      code.replaceAll('-', ' '),
      ` ${code.toLowerCase().replaceAll('-', ' – ')} `,
      code.replace(/-0+(\d+)$/, '-$1'),
    ];
    for (const t of typed) {
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/api/public/records/${encodeURIComponent(t)}?check=5678`,
      });
      expect(res.statusCode, t).toBe(200);
      expect(res.json().code, t).toBe(code);
      const wrong = await ctx.app.inject({
        method: 'GET',
        url: `/api/public/records/${encodeURIComponent(t)}?check=0000`,
      });
      expect(wrong.statusCode, t).toBe(404);
    }
  });

  it('finds the record by code, by name without diacritics, by personal ID and by phone', async () => {
    const code = (
      await ctx.app.inject({ method: 'GET', url: `/api/records/${id}`, headers: auth('nk.reception') })
    ).json().code;
    for (const q of [
      code,
      code.toLowerCase().replaceAll('-', ' '),
      'nguyen van an',
      '092085001234',
      '0912345678',
    ]) {
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/api/records?q=${encodeURIComponent(q)}`,
        headers: auth('nk.reception'),
      });
      expect(res.statusCode, q).toBe(200);
      expect(
        res.json().items.map((r: { id: string }) => r.id),
        q,
      ).toContain(id);
    }
  });
});

describe('who may read a record', () => {
  it('hides a record from officials of agencies that take no part in it', async () => {
    const outsider = await ctx.signIn(['specialist'], {
      agencyKey: '31321-ttpvhcc',
      username: 'vithanh.outsider',
    });
    const headers = { authorization: `Bearer ${outsider}` };
    const [any] = await ctx.database.db.selectFrom('records').select(['id', 'code']).limit(1).execute();
    const res = await ctx.app.inject({ method: 'GET', url: `/api/records/${any!.id}`, headers });
    expect(res.statusCode).toBe(404);
    const timeline = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${any!.id}/timeline`,
      headers,
    });
    expect(timeline.statusCode).toBe(404);
    const search = await ctx.app.inject({ method: 'GET', url: `/api/records?q=${any!.code}`, headers });
    expect(search.json().items).toEqual([]);
    const monitor = await ctx.signIn(['monitor'], {
      agencyKey: '31321-ttpvhcc',
      username: 'vithanh.monitor',
    });
    const seen = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${any!.id}`,
      headers: { authorization: `Bearer ${monitor}` },
    });
    expect(seen.statusCode).toBe(200);
  });
});

describe('counter refusals and completion requests are not received', () => {
  it('refuses with reasons (status 3, no appointment)', async () => {
    const res = await post('nk.reception', '/api/records', {
      type: 'refuse',
      reasons: ['Không thuộc thẩm quyền giải quyết'],
      opening: opening(),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().record).toMatchObject({ status: 'refused', appointment: null });
  });

  it('asks for completion with the missing documents (not received)', async () => {
    const res = await post('nk.reception', '/api/records', {
      type: 'request_completion',
      reasons: ['Thiếu giấy tờ'],
      missingDocuments: [documents[0]],
      opening: opening(),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().record.status).toBe('returned_for_completion');
    expect(res.json().record.receivedAt).toBeNull();
  });
});

describe('bad input writes nothing', () => {
  it('rejects an invalid personal ID and phone with 422 naming the fields', async () => {
    const before = await Promise.all([
      count('records'),
      count('recordEvents'),
      count('auditLog'),
      count('outbox'),
    ]);
    for (const [applicant, path] of [
      [{ ...citizen, personalId: '12345' }, 'body.opening.applicant.personalId'],
      [{ ...citizen, phone: 'abc' }, 'body.opening.applicant.phone'],
      [{ ...citizen, birthDate: '1985-02-30' }, 'body.opening.applicant.birthDate'],
    ] as const) {
      const res = await post('nk.reception', '/api/records', {
        type: 'receive',
        checklist: checklist(),
        opening: opening({ applicant }),
      });
      expect(res.statusCode, path).toBe(422);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect(
      await Promise.all([count('records'), count('recordEvents'), count('auditLog'), count('outbox')]),
    ).toEqual(before);
  });

  it('answers an unknown record with 404', async () => {
    const res = await post('nk.reception', '/api/records/01900000-0000-7000-8000-000000000000/forward', {
      version: 1,
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('record.not_found');
  });
});

describe('Idempotency-Key', () => {
  it('gives a retry the same outcome and creates one record, even when two arrive at once', async () => {
    const before = await count('records');
    const body = { type: 'receive', checklist: checklist(), opening: opening() };
    const headers = { 'idempotency-key': 'counter-7-20260302-0001' };
    const [a, b] = await Promise.all([
      post('nk.reception', '/api/records', body, headers),
      post('nk.reception', '/api/records', body, headers),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json().record.id).toBe(b.json().record.id);
    expect(await count('records')).toBe(before + 1);
    const again = await post('nk.reception', '/api/records', { ...body, checklist: [] }, headers);
    expect(again.statusCode).toBe(422);
    expect(again.json().code).toBe('idempotency.key_reused');
  });

  it('forgets a stored outcome after the retention period, and only then', async () => {
    const headers = { 'idempotency-key': 'counter-7-expiry' };
    await post(
      'nk.reception',
      '/api/records',
      { type: 'receive', checklist: checklist(), opening: opening() },
      headers,
    );
    const stored = await ctx.database.db
      .selectFrom('idempotencyKeys')
      .select('createdAt')
      .where('key', '=', 'counter-7-expiry')
      .executeTakeFirstOrThrow();
    const day = 24 * 3600_000;
    const db = ctx.database.db;
    await expireIdempotencyKeys(db, new Date(stored.createdAt.getTime() + 6 * day), 7);
    expect(
      await db.selectFrom('idempotencyKeys').select('key').where('key', '=', 'counter-7-expiry').execute(),
    ).toHaveLength(1);
    expect(
      await expireIdempotencyKeys(db, new Date(stored.createdAt.getTime() + 8 * day), 7),
    ).toBeGreaterThanOrEqual(1);
    expect(
      await db.selectFrom('idempotencyKeys').select('key').where('key', '=', 'counter-7-expiry').execute(),
    ).toHaveLength(0);
  });
});

describe('optimistic concurrency', () => {
  it('lets one of two concurrent transitions win and answers the other with 409', async () => {
    const created = await post('nk.reception', '/api/records', {
      type: 'receive',
      checklist: checklist(),
      opening: opening(),
    });
    const { id, version } = created.json().record;
    const [a, b] = await Promise.all([
      post('nk.reception', `/api/records/${id}/forward`, { version }),
      post('nk.reception', `/api/records/${id}/forward`, { version }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json().code).toBe('record.version_conflict');
    const events = await ctx.database.db
      .selectFrom('recordEvents')
      .select('seq')
      .where('recordId', '=', id)
      .execute();
    const winner = (a.statusCode === 200 ? a : b).json().record;
    expect(events.length).toBe(winner.version);
  });
});
