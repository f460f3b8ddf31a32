import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendarService } from '../../src/modules/calendar/index.ts';
import { IntegrationError } from '../../src/modules/integrations/http.ts';
import {
  dvcqgPortal,
  type Fault,
  PORTAL_RESYNC_TOPIC,
  type PortalPort,
  portalSubscriber,
  pullFromPortal,
  type RunningFakePortal,
  reconcilePortal,
  startFakePortal,
} from '../../src/modules/integrations/portal/index.ts';
import { createRecordsCache } from '../../src/modules/records/index.ts';
import { reportsHandler } from '../../src/modules/reports/index.ts';
import { index766 } from '../../src/modules/reports/index766.service.ts';
import type { Delivery, Subscriber } from '../../src/platform/jobs/subscriptions.ts';
import { createTestContext, landCorrectionProcedure, type TestContext } from '../support/context.ts';

/**
 * The national portal integration (issue 16) against the fake portal's own HTTP server: the `portal`
 * subscriber fed with the real record messages of the outbox (after real commands through the API), each
 * fault of the fake switched on, exactly once on the portal's log; the pull (idempotent, bad data
 * recorded); the reconciliation (finds and repairs, then reports zero); indicator 1.4.
 */

let ctx: TestContext;
let running: RunningFakePortal;
let portal: PortalPort;
let subscriber: Subscriber;
let reception: Record<string, string>;
let versionId: string;
let documents: string[];
let agencyId: string;
let agencyCode: string;
/** Outbox messages the simulated dispatcher delivered to the subscriber. */
const delivered = new Set<string>();

const TIMEOUT_MS = 400;

beforeAll(async () => {
  ctx = await createTestContext();
  running = await startFakePortal();
  portal = dvcqgPortal({ baseUrl: running.url, timeoutMs: TIMEOUT_MS });
  subscriber = portalSubscriber({ database: ctx.database, portal, clock: ctx.deps.clock });
  reception = {
    authorization: `Bearer ${await ctx.signIn(['reception'], { agencyKey: '31135-ttpvhcc' })}`,
  };
  ({ versionId, documents } = await landCorrectionProcedure(ctx));
  const agency = await ctx.database.db
    .selectFrom('agencies')
    .select(['id', 'code'])
    .where('key', '=', '31135-ttpvhcc')
    .executeTakeFirstOrThrow();
  agencyId = agency.id;
  agencyCode = agency.code;
}, 120_000);
afterAll(async () => {
  await running?.close();
  await ctx?.close();
});

async function setFault(fault: Fault, setting: { next?: number; rate?: number; ms?: number }) {
  const res = await fetch(`${running.url}/control/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fault, ...setting }),
  });
  expect(res.status).toBe(200);
}
async function clearFaults() {
  await fetch(`${running.url}/control/faults`, { method: 'DELETE' });
}

/** Submits online (1), receives at the counter (2), and withdraws (7): three national status changes. */
async function lifecycle(name: string): Promise<string> {
  const submitted = await ctx.app.inject({
    method: 'POST',
    url: '/api/public/records',
    payload: {
      procedureVersionId: versionId,
      applicant: { kind: 'citizen', fullName: name, phone: '0918 765 432' },
      routing: { landParcelUnitCode: '31120' },
      receivingAgencyId: agencyId,
    },
  });
  expect(submitted.statusCode, submitted.body).toBe(201);
  const record = submitted.json().record as { id: string; version: number };
  const received = await ctx.app.inject({
    method: 'POST',
    url: `/api/records/${record.id}/receive`,
    headers: reception,
    payload: {
      version: record.version,
      checklist: documents.slice(0, 2).map((document) => ({ document, provided: true })),
    },
  });
  expect(received.statusCode, received.body).toBe(200);
  const withdrawn = await ctx.app.inject({
    method: 'POST',
    url: `/api/records/${record.id}/withdraw`,
    headers: reception,
    payload: { version: received.json().record.version, reason: 'Công dân rút hồ sơ' },
  });
  expect(withdrawn.statusCode, withdrawn.body).toBe(200);
  return record.id;
}

/** The record messages (and re-sends) of the outbox not yet delivered to the subscriber, as Deliveries. */
async function pendingDeliveries(): Promise<Delivery[]> {
  const rows = await ctx.database.db
    .selectFrom('outbox')
    .select(['id', 'topic', 'key', 'payload', 'createdAt'])
    .where((eb) => eb.or([eb('topic', 'like', 'record.%'), eb('topic', '=', PORTAL_RESYNC_TOPIC)]))
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
  return rows
    .filter((r) => !delivered.has(r.id))
    .map((r) => ({
      id: r.id,
      topic: r.topic,
      key: r.key,
      payload: r.payload,
      attempts: 0,
      createdAt: new Date(r.createdAt),
    }));
}

/**
 * What the dispatcher does for an `orderedByKey` subscriber: per key, the oldest undelivered message first,
 * keys in parallel; a failed one is tried again in the next round (without the backoff's waiting).
 * Returns the errors seen.
 */
async function deliverAll(rounds = 40): Promise<string[]> {
  const errors: string[] = [];
  const queue = await pendingDeliveries();
  const byKey = new Map<string, Delivery[]>();
  for (const d of queue) byKey.set(d.key, [...(byKey.get(d.key) ?? []), d]);
  for (let round = 0; round < rounds && [...byKey.values()].some((l) => l.length); round++) {
    await Promise.all(
      [...byKey.values()].map(async (list) => {
        while (list.length) {
          const d = list[0]!;
          const outcome = await subscriber.handle([d]);
          const error = outcome?.failed?.get(d.id);
          if (error) {
            errors.push(error);
            return;
          }
          delivered.add(d.id);
          list.shift();
        }
      }),
    );
  }
  expect(
    [...byKey.values()].every((l) => l.length === 0),
    errors.join('\n'),
  ).toBe(true);
  return errors;
}

async function log() {
  return (await (await fetch(`${running.url}/control/log`)).json()) as {
    appliedPerRecord: Record<string, number>;
    appliedPerKey: Record<string, number>;
    duplicatePushes: number;
    acknowledgements: Record<string, { result: string; recordId?: string; times: number }>;
  };
}

describe('the provider parses every answer', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url?.startsWith('/api/hoso/moi')) res.end(JSON.stringify({ DanhSach: [{ MaHoSoQG: 1 }] }));
      else if (req.url === '/api/hoso/tracuu')
        res.end(JSON.stringify({ DanhSach: [{ MaHoSo: 'x', TrangThaiHoSo: 11, ThuTu: 1 }] }));
      else res.end(JSON.stringify({ KetQua: 'OK' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('calls an answer of the wrong shape invalid_response, never retryable', async () => {
    const p = dvcqgPortal({ baseUrl: url, timeoutMs: 5000 });
    const update = {
      idempotencyKey: 'r:1',
      recordId: 'r',
      recordCode: null,
      portalRecordId: null,
      procedureCode: '1.012796',
      status: 1 as const,
      seq: 1,
      at: new Date(),
    };
    for (const call of [
      () => p.pushStatus(update),
      () => p.fetchSubmissions(null, 10),
      () => p.statusesOf(['x']),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IntegrationError);
      expect((error as IntegrationError).failure).toBe('invalid_response');
      expect((error as IntegrationError).retryable).toBe(false);
    }
  });
});

describe('the portal subscriber', () => {
  it('declares itself an ordered subscriber of record topics', () => {
    expect(subscriber.name).toBe('portal');
    expect(subscriber.orderedByKey).toBe(true);
    expect(subscriber.topics).toContain('record.');
  });

  it('applies every national status change exactly once despite timeouts, 5xx, lost answers, slow and reordered answers and repeated deliveries', async () => {
    const ids = [
      await lifecycle('Phạm Văn Một'),
      await lifecycle('Phạm Văn Hai'),
      await lifecycle('Phạm Văn Ba'),
    ];
    await setFault('timeout', { next: 2, ms: TIMEOUT_MS * 4 });
    await setFault('error', { next: 2 });
    await setFault('lost_answer', { next: 3 });
    await setFault('slow', { next: 2, ms: 50 });
    await setFault('reorder', { rate: 1, ms: 100 });
    const all = await pendingDeliveries();
    const errors = await deliverAll();
    await clearFaults();
    expect(errors.some((e) => e.includes('no answer within'))).toBe(true);
    expect(errors.some((e) => e.includes('HTTP 503'))).toBe(true);
    // Every message delivered again (at-least-once delivery): nothing more reaches the portal.
    for (const d of all) expect(await subscriber.handle([d])).toEqual({ failed: new Map() });
    const l = await log();
    for (const id of ids) {
      expect(l.appliedPerRecord[id]).toBe(3); // 1 submitted, 2 received, 7 withdrawn
      expect(running.fake.statusOf(id)?.status).toBe(7);
    }
    expect(Object.values(l.appliedPerKey).every((n) => n === 1)).toBe(true);
    expect(l.duplicatePushes).toBeGreaterThanOrEqual(3); // the retries after the lost answers
    const marks = await ctx.database.db
      .selectFrom('portalSync')
      .selectAll()
      .where('recordId', 'in', ids)
      .execute();
    expect(marks.map((m) => m.pushedCode)).toEqual([7, 7, 7]);
  }, 120_000);

  it('fails a delivery the portal refuses with the portal’s reason (dead after its attempts)', async () => {
    await lifecycle('Phạm Văn Bốn');
    await setFault('refuse', { next: 1 });
    const [first] = (await pendingDeliveries()).filter((d) => d.topic === 'record.submitted');
    const outcome = await subscriber.handle([first!]);
    expect(outcome?.failed?.get(first!.id)).toMatch(/portal refused national status 1 .*HTTP 422/);
    await clearFaults();
    await deliverAll();
  });
  it('reads the records of a batch in one query, and fails only the delivery whose record is missing', async () => {
    const ids = [
      await lifecycle('Phạm Văn Năm'),
      await lifecycle('Phạm Văn Sáu'),
      await lifecycle('Phạm Văn Bảy'),
    ];
    const firsts = (await pendingDeliveries()).filter(
      (d) => d.topic === 'record.submitted' && ids.includes(d.key),
    );
    expect(firsts).toHaveLength(3);
    const missing = '01900000-0000-7000-8000-000000000000';
    const ghost: Delivery = {
      ...firsts[0]!,
      id: '01900000-0000-7000-8000-00000000aaaa',
      key: missing,
      payload: { ...(firsts[0]!.payload as object), recordId: missing },
    };
    let recordReads = 0;
    const counting = ctx.database.db.withPlugin({
      transformQuery: (a) => {
        if (a.node.kind === 'SelectQueryNode' && JSON.stringify(a.node).includes('"name":"records"'))
          recordReads += 1;
        return a.node;
      },
      transformResult: async (a) => a.result,
    });
    const batched = portalSubscriber({
      database: { ...ctx.database, db: counting },
      portal,
      clock: ctx.deps.clock,
    });
    const outcome = await batched.handle([firsts[0]!, ghost, firsts[1]!, firsts[2]!]);
    expect(recordReads).toBe(1);
    expect([...(outcome?.failed?.keys() ?? [])]).toEqual([ghost.id]);
    expect(outcome?.failed?.get(ghost.id)).toMatch(/record .* not found/);
    for (const id of ids) expect(running.fake.statusOf(id)?.status).toBe(1);
    for (const d of firsts) delivered.add(d.id);
    await deliverAll();
    for (const id of ids) expect(running.fake.statusOf(id)?.status).toBe(7);
  });

  it('writes the marks of a batch in one statement after its pushes, only for the deliveries pushed, each record’s changes in order', async () => {
    const ids = [
      await lifecycle('Phạm Văn Tám'),
      await lifecycle('Phạm Văn Chín'),
      await lifecycle('Phạm Văn Mười'),
    ];
    // Every change of the three records in one batch, in order (as a dispatcher may hand them over).
    const batch = (await pendingDeliveries()).filter((d) => ids.includes(d.key));
    expect(batch.length).toBeGreaterThanOrEqual(9);
    let markWrites = 0;
    const counting = ctx.database.db.withPlugin({
      transformQuery: (a) => {
        const node = JSON.stringify(a.node);
        if (a.node.kind !== 'SelectQueryNode' && /portal_?sync/i.test(node)) markWrites += 1;
        return a.node;
      },
      transformResult: async (a) => a.result,
    });
    const batched = portalSubscriber({
      database: { ...ctx.database, db: counting },
      portal,
      clock: ctx.deps.clock,
    });
    await setFault('error', { next: 1 }); // the first push to arrive is refused for now (503)
    const outcome = await batched.handle(batch);
    const failed = batch.filter((d) => outcome?.failed?.has(d.id));
    // One record's first change failed, so did its later ones (never pushed out of order); the others went.
    const failedKeys = [...new Set(failed.map((d) => d.key))];
    expect(failedKeys).toHaveLength(1);
    const ofFailedKey = batch.filter((d) => d.key === failedKeys[0]).map((d) => d.id);
    expect(failed.map((d) => d.id)).toEqual(ofFailedKey.slice(ofFailedKey.indexOf(failed[0]!.id)));
    expect(outcome?.failed?.get(failed[0]!.id)).toMatch(/HTTP 503/);
    expect(markWrites).toBe(1);
    const marks = await ctx.database.db
      .selectFrom('portalSync')
      .select(['recordId', 'pushedSeq', 'pushedCode', 'pushedKey'])
      .where('recordId', 'in', ids)
      .execute();
    expect(marks.map((m) => m.recordId).sort()).toEqual(ids.filter((id) => id !== failedKeys[0]).sort());
    for (const m of marks) {
      const last = Math.max(
        ...batch.filter((d) => d.key === m.recordId).map((d) => (d.payload as { seq: number }).seq),
      );
      expect(m).toMatchObject({ pushedSeq: last, pushedCode: 7 });
      expect(running.fake.statusOf(m.recordId)?.status).toBe(7);
    }
    expect(running.fake.statusOf(failedKeys[0]!)).toBeFalsy();
    for (const d of batch) if (!outcome?.failed?.has(d.id)) delivered.add(d.id);
    await deliverAll();
    for (const id of ids) expect(running.fake.statusOf(id)?.status).toBe(7);
    expect(Object.values((await log()).appliedPerKey).every((n) => n === 1)).toBe(true);
  });
});

describe('the pull from the portal', () => {
  const pullDeps = () => ({
    database: ctx.database,
    clock: ctx.deps.clock,
    portal,
    calendars: createCalendarService({ cutoffMinutes: ctx.deps.config.MOTCUA_CUTOFF }),
    cache: createRecordsCache(),
  });

  it('takes a submission into online reception once, however often the portal delivers it, and acknowledges it after the commit', async () => {
    const s = running.fake.submit({ MaTTHC: '1.012796', MaDonVi: agencyCode, MaXaThuaDat: '31120' });
    const first = await pullFromPortal(pullDeps());
    expect(first).toMatchObject({ fetched: 1, created: 1, duplicates: 0, rejected: [], acknowledged: 1 });
    const row = await ctx.database.db
      .selectFrom('portalSubmissions')
      .selectAll()
      .where('portalId', '=', s.MaHoSoQG)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('accepted');
    const record = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${row.recordId}`,
      headers: reception,
    });
    expect(record.statusCode, record.body).toBe(200);
    expect(record.json()).toMatchObject({ status: 'submitted', channel: 'online', applicantAccountId: null });
    expect(record.json().applicant.fullName).toBe('Trần Thị Bình');
    expect((await log()).acknowledgements[s.MaHoSoQG]).toMatchObject({
      result: 'TiepNhan',
      recordId: row.recordId,
    });
    // The portal delivers it again (from the start, and with its duplicate fault): nothing more happens.
    await ctx.database.db.deleteFrom('portalPullState').execute();
    await setFault('duplicate', { next: 1 });
    const again = await pullFromPortal(pullDeps());
    await clearFaults();
    expect(again.created).toBe(0);
    expect(again.duplicates).toBeGreaterThanOrEqual(2);
    const n = await ctx.database.db
      .selectFrom('portalSubmissions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('portalId', '=', s.MaHoSoQG)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
    const audit = await ctx.database.db
      .selectFrom('auditLog')
      .select(['actorRole', 'action'])
      .where('entityId', '=', row.recordId!)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['record.create_draft', 'record.submit']);
    expect(audit.every((a) => a.actorRole === 'system:portal')).toBe(true);
    await deliverAll();
  });

  it('records and reports bad portal data instead of failing on it', async () => {
    const unknown = running.fake.submit({ MaTTHC: '9.999999', MaDonVi: agencyCode });
    const badId = running.fake.submit({
      MaTTHC: '1.012796',
      MaDonVi: agencyCode,
      ChuHoSo: {
        Loai: 'CongDan',
        HoTen: 'Lê Văn Sai',
        SoDinhDanh: '092085001234',
        NgaySinh: '1990-01-01',
        GioiTinh: 'Nam',
      },
    });
    const notReception = running.fake.submit({
      MaTTHC: '1.012796',
      MaDonVi: 'H13.102',
      MaXaThuaDat: '31120',
    });
    const good = running.fake.submit({ MaTTHC: '1.012796', MaDonVi: agencyCode, MaXaThuaDat: '31120' });
    const result = await pullFromPortal(pullDeps());
    expect(result.created).toBe(1);
    expect(result.rejected.map((r) => r.portalRecordId).sort()).toEqual(
      [unknown.MaHoSoQG, badId.MaHoSoQG, notReception.MaHoSoQG].sort(),
    );
    expect(result.rejected.find((r) => r.portalRecordId === notReception.MaHoSoQG)?.reason).toBe(
      'agency H13.102 does not receive records',
    );
    expect(result.rejected.find((r) => r.portalRecordId === unknown.MaHoSoQG)?.reason).toMatch(
      /unknown procedure 9\.999999/,
    );
    expect(result.rejected.find((r) => r.portalRecordId === badId.MaHoSoQG)?.reason).toMatch(
      /invalid applicant personalId/,
    );
    const acks = (await log()).acknowledgements;
    expect(acks[unknown.MaHoSoQG]?.result).toBe('TuChoi');
    expect(acks[good.MaHoSoQG]?.result).toBe('TiepNhan');
    // The next pull neither takes them again nor acknowledges them again.
    const next = await pullFromPortal(pullDeps());
    expect(next).toMatchObject({ fetched: 0, created: 0, acknowledged: 0 });
    await deliverAll();
  });

  it('fails a pull retryably when the portal is unavailable, with nothing written', async () => {
    running.fake.submit({ MaTTHC: '1.012796', MaDonVi: agencyCode, MaXaThuaDat: '31120' });
    await setFault('error', { next: 1 });
    const error = await pullFromPortal(pullDeps()).catch((e: unknown) => e);
    await clearFaults();
    expect(error).toBeInstanceOf(IntegrationError);
    expect((error as IntegrationError).retryable).toBe(true);
    expect((await pullFromPortal(pullDeps())).created).toBe(1);
    await deliverAll();
  });
});

describe('the reconciliation and indicator 1.4', () => {
  const deps = () => ({ database: ctx.database, clock: ctx.deps.clock, portal });
  const synced14 = async () =>
    (await index766(ctx.database.db, { scope: { kind: 'city' }, from: '2026-03-02', to: '2026-03-02' }))
      .counts.records.synced;

  it('finds a status the portal lost, repairs it through the outbox, then reports zero; 1.4 counts from it', async () => {
    // The reports projection of every record so far (report_facts), as the dispatcher would run it.
    const project = reportsHandler(ctx.database.db, ctx.deps.clock);
    const projectAll = async () => {
      const messages = await ctx.database.db
        .selectFrom('outbox')
        .select(['id', 'topic', 'key', 'payload', 'createdAt'])
        .where('topic', 'like', 'record.%')
        .orderBy('createdAt')
        .execute();
      await project(messages.map((m) => ({ ...m, attempts: 0, createdAt: new Date(m.createdAt) })));
    };
    await projectAll();
    expect(await synced14()).toBeNull(); // not measured before a reconciliation
    await deliverAll();
    const lost = await lifecycle('Phạm Văn Năm');
    await setFault('drop', { next: 3 });
    await deliverAll();
    await clearFaults();
    expect(running.fake.statusOf(lost)).toBeUndefined();
    const first = await reconcilePortal(deps());
    expect(first.differences).toEqual([
      expect.objectContaining({ recordId: lost, kind: 'missing_on_portal', motcuaCode: 7, repaired: true }),
    ]);
    expect(first).toMatchObject({ repaired: 1, unrepaired: 0 });
    expect(first.compared).toBe(first.inSync + 1);
    const resend = (await pendingDeliveries()).filter((d) => d.topic === PORTAL_RESYNC_TOPIC);
    expect(resend.map((d) => d.key)).toEqual([lost]);
    await deliverAll();
    expect(running.fake.statusOf(lost)?.status).toBe(7);
    const second = await reconcilePortal(deps());
    expect(second).toMatchObject({ repaired: 0, unrepaired: 0, differences: [] });
    expect(second.inSync).toBe(second.compared);
    const runs = await ctx.database.db
      .selectFrom('portalReconciliationRuns')
      .selectAll()
      .where('id', 'in', [first.runId, second.runId])
      .orderBy('startedAt')
      .execute();
    expect(runs.map((r) => [r.repaired, r.unrepaired, r.finishedAt !== null])).toEqual([
      [1, 0, true],
      [0, 0, true],
    ]);
    // 1.4: the records received that day that the portal holds (every one, after the repair).
    await projectAll();
    const received = await ctx.database.db
      .selectFrom('reportFacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('receivedDay', '=', '2026-03-02')
      .where('outcome', '<>', 'not_received')
      .executeTakeFirstOrThrow();
    expect(Number(received.n)).toBeGreaterThanOrEqual(5);
    expect(await synced14()).toBe(Number(received.n));
    // The portal forgets one: the next reconciliation finds it missing and 1.4 counts one fewer.
    running.fake.forget(lost);
    await ctx.database.db
      .updateTable('portalSync')
      .set({ portalCode: null })
      .where('recordId', '=', lost)
      .execute();
    expect(await synced14()).toBe(Number(received.n) - 1);
    const third = await reconcilePortal(deps());
    expect(third.differences).toEqual([
      expect.objectContaining({ recordId: lost, kind: 'missing_on_portal', repaired: true }),
    ]);
    await deliverAll();
    expect(running.fake.statusOf(lost)?.status).toBe(7);
    expect((await reconcilePortal(deps())).differences).toEqual([]);
    expect(await synced14()).toBe(Number(received.n));
  }, 120_000);

  it('reports a portal ahead of Motcua without repairing it', async () => {
    const id = await lifecycle('Phạm Văn Sáu');
    await deliverAll();
    const res = await fetch(`${running.url}/api/hoso/trangthai`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        IdempotencyKey: `${id}:999`,
        MaHoSo: id,
        SoHoSo: null,
        MaHoSoQG: null,
        MaTTHC: '1.012796',
        TrangThaiHoSo: 10,
        ThuTu: 999,
        NgayCapNhat: new Date().toISOString(),
      }),
    });
    expect(res.status).toBe(200);
    const r = await reconcilePortal(deps());
    expect(r.differences).toEqual([
      expect.objectContaining({ recordId: id, kind: 'portal_ahead', portalCode: 10, repaired: false }),
    ]);
    expect(r.unrepaired).toBe(1);
    expect((await pendingDeliveries()).filter((d) => d.topic === PORTAL_RESYNC_TOPIC)).toHaveLength(0);
  });
});
