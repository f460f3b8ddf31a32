import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordEvent, RecordState } from '../../src/core/records/index.ts';
import { verifyAudit } from '../../src/modules/audit/index.ts';
import { findState, writeTransition } from '../../src/modules/records/records.store.ts';
import {
  createTestContext,
  landCorrectionProcedure,
  receiveLandCorrection,
  signInLandCorrectionOfficials,
  type TestContext,
} from '../support/context.ts';

/**
 * A command on an existing record writes its projection, events, audit row and outbox messages in one
 * statement, outside any transaction when the request carries no Idempotency-Key: the version guard alone
 * decides whether anything is written.
 */

let ctx: TestContext;
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};
let recordId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  await signInLandCorrectionOfficials(ctx, 'write', tokens, users);
  const procedure = await landCorrectionProcedure(ctx);
  recordId = (await receiveLandCorrection(ctx, tokens['nk.reception']!, procedure, 'Lê Thị Cúc')).id;
});
afterAll(() => ctx.close());

async function counts() {
  const db = ctx.database.db;
  const n = async (q: Promise<{ n: string | number | bigint }>) => Number((await q).n);
  return {
    events: await n(
      db
        .selectFrom('recordEvents')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('recordId', '=', recordId)
        .executeTakeFirstOrThrow(),
    ),
    audit: await n(
      db
        .selectFrom('auditLog')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('entityId', '=', recordId)
        .executeTakeFirstOrThrow(),
    ),
    outbox: await n(
      db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('key', '=', recordId)
        .executeTakeFirstOrThrow(),
    ),
  };
}

/** A note event on the record's next version (what the write does not judge: decide already has). */
function nextWrite(state: RecordState, expectedVersion: number) {
  const event = { type: 'forwarded', at: '2026-03-02T03:30:00.000Z' } as unknown as RecordEvent;
  const seq = state.version + 1;
  return {
    state: { ...state, version: seq },
    expectedVersion,
    events: [
      {
        id: crypto.randomUUID(),
        recordId,
        seq,
        event,
        actorId: users['nk.reception']!,
        agencyId: null,
        requestId: 'req-write',
        occurredAt: new Date('2026-03-02T03:30:00Z'),
      },
    ],
    audit: {
      actorId: users['nk.reception'],
      action: 'record.forward',
      entityType: 'record',
      entityId: recordId,
      change: { seq },
    },
    messages: [
      {
        topic: 'record.forwarded',
        key: recordId,
        payload: { seq },
        idempotencyKey: `test:${recordId}:${seq}`,
      },
    ],
    now: new Date('2026-03-02T03:30:00Z'),
  };
}

describe('the one-statement write of a command', () => {
  it('writes nothing at all on a stale version', async () => {
    const state = (await findState(ctx.database.db, recordId))!;
    const before = await counts();
    expect(await writeTransition(ctx.database.db, nextWrite(state, state.version - 1))).toBe(false);
    expect(await counts()).toEqual(before);
    expect((await findState(ctx.database.db, recordId))!.version).toBe(state.version);
  });

  it('writes the projection, one event, one audit row and one outbox message on the current version', async () => {
    const state = (await findState(ctx.database.db, recordId))!;
    const before = await counts();
    expect(await writeTransition(ctx.database.db, nextWrite(state, state.version))).toBe(true);
    expect(await counts()).toEqual({
      events: before.events + 1,
      audit: before.audit + 1,
      outbox: before.outbox + 1,
    });
    expect((await findState(ctx.database.db, recordId))!.version).toBe(state.version + 1);
    expect(await verifyAudit(ctx.database.db)).toMatchObject({ ok: true, problems: [] });
  });
});
