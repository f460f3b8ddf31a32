import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRecord } from '../../src/modules/reports/index.ts';
import { applyDeltas } from '../../src/modules/reports/reports.store.ts';
import { inTransaction } from '../../src/platform/db/index.ts';
import { MIGRATIONS_DIR } from '../../src/platform/db/migrate.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

/**
 * "In progress, overdue" in the statistics stops the clock while the applicant owes a supplement, as the
 * records core and Decision 766 do (DOMAIN.md §2.4): land correction 1.012796 (8 working days), received at
 * phường Ninh Kiều on Mon 2/3/2026 for a parcel in phường Cái Khế, due Thu 12/3.
 */

const DAY = 86_400_000;
let ctx: TestContext;
const tokens: Record<string, string> = {};
let specialistId = '';
let versionId = '';
let documents: string[] = [];

beforeAll(async () => {
  ctx = await createTestContext({ SESSION_TTL_HOURS: '720' });
  for (const [name, role, key] of [
    ['reception', 'reception', '31135-ttpvhcc'],
    ['specialist', 'specialist', '31120-ubnd'],
    ['leader', 'leader', '31120-ubnd'],
  ] as const)
    tokens[name] = await ctx.signIn([role], { agencyKey: key, username: `overdue.${name}` });
  const me = await ctx.app.inject({
    method: 'GET',
    url: '/api/auth/me',
    headers: { authorization: `Bearer ${tokens.specialist}` },
  });
  specialistId = me.json().userId;
  const p = (await ctx.app.inject({ method: 'GET', url: '/api/procedures/1.012796' })).json();
  versionId = p.versionId;
  documents = (p.details.documents as { name: string }[]).map((d) => d.name);
});
afterAll(() => ctx.close());

async function ok(who: string, url: string, payload: object) {
  const res = await ctx.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${tokens[who]}` },
    payload,
  });
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  const record = res.json().record as { id: string; version: number };
  // The projector's work, done here instead of waiting for the outbox dispatcher.
  await inTransaction(ctx.database.db, (tx) => projectRecord(tx, record.id, ctx.deps.clock.now()));
  return record;
}

async function assigned() {
  let r = await ok('reception', '/api/records', {
    type: 'receive',
    checklist: documents.slice(0, 2).map((document) => ({ document, provided: true })),
    opening: {
      procedureVersionId: versionId,
      channel: 'in_person',
      applicant: { kind: 'citizen', fullName: 'Lê Thị Hoa', phone: '0987654321' },
      routing: { landParcelUnitCode: '31120' },
    },
  });
  r = await ok('reception', `/api/records/${r.id}/forward`, { version: r.version });
  return ok('leader', `/api/records/${r.id}/assign`, { version: r.version, assigneeId: specialistId });
}

let asked = 0;
/** March's statistics read on 1 April (a period is judged at its end once it is over; before, at today). */
async function inProgressAtEndOfMarch() {
  const now = ctx.deps.clock.now();
  ctx.deps.clock.set(new Date('2026-04-01T03:00:00Z'));
  try {
    const token = await ctx.signIn(['monitor'], { username: `overdue.monitor.april.${++asked}` });
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/reports/statistics?from=2026-03-01&to=2026-03-31&groupBy=total',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(200);
    return res.json().total.inProgress as { total: number; onTime: number; overdue: number };
  } finally {
    ctx.deps.clock.set(now);
  }
}

describe('in progress, overdue', () => {
  it('counts a record waiting for the applicant’s supplement as on time, and overdue again once supplied late', async () => {
    const waiting = await assigned();
    const plain = await assigned();
    expect(plain.id).not.toBe(waiting.id);
    ctx.deps.clock.advance(DAY); // Tue 3/3
    const asked = await ok('specialist', `/api/records/${waiting.id}/request-supplement`, {
      version: waiting.version,
      reasons: ['Thiếu bản gốc Giấy chứng nhận'],
      missingDocuments: [],
    });
    // At the end of March both are past 12/3 and unfinished: the plain one is overdue, the waiting one is not.
    expect(await inProgressAtEndOfMarch()).toEqual({ total: 2, onTime: 1, overdue: 1 });
    // The supplement arrives: the clock runs again from a later due day, which the end of March has passed.
    ctx.deps.clock.advance(2 * DAY); // Thu 5/3
    await ok('reception', `/api/records/${asked.id}/supplement`, {
      version: asked.version,
      documents: ['Bản gốc Giấy chứng nhận'],
    });
    expect(await inProgressAtEndOfMarch()).toEqual({ total: 2, onTime: 0, overdue: 2 });
  });

  it('is mended in a database kept by the earlier rule by migration 0018', async () => {
    const waiting = await assigned();
    await ok('specialist', `/api/records/${waiting.id}/request-supplement`, {
      version: waiting.version,
      reasons: ['Thiếu bản gốc Giấy chứng nhận'],
      missingDocuments: [],
    });
    const db = ctx.database.db;
    const tables = [
      'report_daily',
      'report_monthly',
      'report_agency_monthly',
      'report_competent_monthly',
      'report_procedure_monthly',
      'report_competent_procedure_monthly',
    ];
    const dues = async () =>
      Promise.all(
        tables.map(
          async (t) =>
            (
              await sql<{
                due: string;
              }>`select coalesce(sum(due), 0)::text as due from ${sql.table(t)}`.execute(db)
            ).rows[0]!.due,
        ),
      );
    const now = await dues();
    // What the earlier rule had added: the waiting record due on its due day, in every counter table.
    const fact = await db
      .selectFrom('reportFacts')
      .selectAll()
      .where('recordId', '=', waiting.id)
      .executeTakeFirstOrThrow();
    expect(fact.awaitingSupplementSince).not.toBeNull();
    await inTransaction(db, (tx) =>
      applyDeltas(tx, [
        {
          day: String(fact.dueDay),
          competentAgencyId: fact.competentAgencyId,
          receivingAgencyId: fact.receivingAgencyId,
          channel: fact.channel,
          procedureCode: fact.procedureCode,
          counts: { due: 1 },
        },
      ]),
    );
    expect((await dues()).map(Number)).toEqual(now.map((n) => Number(n) + 1));
    const migration = readFileSync(
      join(MIGRATIONS_DIR, '0018_report_due_stops_while_awaiting_supplement.sql'),
      'utf8',
    );
    await ctx.database.execScript(migration);
    expect(await dues()).toEqual(now);
  });
});
