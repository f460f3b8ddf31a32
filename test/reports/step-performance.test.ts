import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordState } from '../../src/core/records/index.ts';
import { stepPerformance, stepVisitFacts } from '../../src/core/reports/index.ts';
import {
  type ScenarioAgencies,
  type ScenarioCase,
  type ScenarioPeople,
  scenarioRecord,
} from '../../src/core/reports/inter-agency-fixtures.ts';
import { projectRecord } from '../../src/modules/reports/index.ts';
import { inTransaction } from '../../src/platform/db/index.ts';
import {
  createTestContext,
  landCorrectionProcedure,
  signInLandCorrectionOfficials,
  type TestContext,
} from '../support/context.ts';

/**
 * Issue 15 item 7: a record whose steps ran at three agencies besides its competent one (the Ninh Kiều
 * one-stop unit, a land registration branch, the tax office; competent phường Cái Khế) is counted once, by
 * its competent agency, in the statistics and the Decision 766 index; each agency's steps for others are
 * measured by GET /api/reports/step-performance. Until the engine runs parallel steps, the records are
 * received through the API and their state is replaced by the contract's shapes (inter-agency-fixtures.ts),
 * then projected as the outbox would.
 */

let ctx: TestContext;
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};
let agencies: ScenarioAgencies;
let people: ScenarioPeople;
const states: RecordState[] = [];

const auth = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });

async function agencyId(pattern: string): Promise<string> {
  const row = await ctx.database.db
    .selectFrom('agencies')
    .select('id')
    .where('key', 'like', pattern)
    .orderBy('key')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function get(who: string, url: string) {
  return ctx.app.inject({ method: 'GET', url, headers: auth(who) });
}

async function scenario(kind: ScenarioCase, versionId: string, documents: string[]): Promise<RecordState> {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/records',
    headers: auth('nk.reception'),
    payload: {
      type: 'receive',
      checklist: documents.slice(0, 2).map((document) => ({ document, provided: true })),
      opening: {
        procedureVersionId: versionId,
        channel: 'in_person',
        applicant: { kind: 'citizen', fullName: 'Lê Thị Hoa', phone: '0987654321' },
        routing: { landParcelUnitCode: '31120' },
      },
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().record.id as string;
  const state = scenarioRecord(id, kind, agencies, people);
  const received = res.json().record as RecordState;
  const fixed: RecordState = {
    ...state,
    code: received.code,
    procedureVersionId: received.procedureVersionId,
  };
  await ctx.database.db
    .updateTable('records')
    .set({ state: JSON.stringify(fixed), status: fixed.status })
    .where('id', '=', id)
    .execute();
  await inTransaction(ctx.database.db, (tx) => projectRecord(tx, id, ctx.deps.clock.now()));
  return fixed;
}

beforeAll(async () => {
  ctx = await createTestContext({ SESSION_TTL_HOURS: '720' });
  await signInLandCorrectionOfficials(ctx, 'steps', tokens, users);
  agencies = {
    receiving: await agencyId('31135-ttpvhcc'),
    competent: await agencyId('31120-ubnd'),
    land: await agencyId('%-vpdkdd-chi-nhanh%'),
    tax: await agencyId('%-thue%'),
  };
  for (const [name, key] of [
    ['land.leader', agencies.land],
    ['tax.leader', agencies.tax],
  ] as const) {
    const row = await ctx.database.db
      .selectFrom('agencies')
      .select('key')
      .where('id', '=', key)
      .executeTakeFirstOrThrow();
    tokens[name] = await ctx.signIn(['leader', 'specialist'], {
      agencyKey: row.key,
      username: `steps.${name}`,
    });
    users[name] = (await get(name, '/api/auth/me')).json().userId;
  }
  tokens.monitor = await ctx.signIn(['monitor'], { username: 'steps.monitor' });
  people = {
    reception: users['nk.reception']!,
    landOfficer: users['land.leader']!,
    taxOfficer: users['tax.leader']!,
    leader: users['ck.leader']!,
  };
  const { versionId, documents } = await landCorrectionProcedure(ctx);
  for (const kind of ['on_time', 'land_late', 'tax_sent_back'] as const)
    states.push(await scenario(kind, versionId, documents));
  // Reports are read early on 1 April, after the period (and before the 30-day sessions end).
  ctx.deps.clock.set(new Date('2026-04-01T00:30:00Z'));
}, 120_000);
afterAll(() => ctx.close());

type Row = {
  agencyId: string;
  received: number;
  finished: { total: number; early: number; onTime: number; late: number };
  sentBack: number;
  closed: number;
  open: { total: number; overdue: number };
  onTimeRate: number | null;
};

describe('step performance', () => {
  it('gives the known numbers: on time, late, and sent back at another agency’s step', async () => {
    const res = await get('monitor', '/api/reports/step-performance?from=2026-03-01&to=2026-03-31');
    expect(res.statusCode, res.body).toBe(200);
    const by = new Map((res.json().rows as Row[]).map((r) => [r.agencyId, r]));
    expect(by.get(agencies.land)).toMatchObject({
      received: 4,
      finished: { total: 3, early: 1, onTime: 1, late: 1 },
      sentBack: 0,
      open: { total: 1, overdue: 1 },
    });
    expect(by.get(agencies.tax)).toMatchObject({
      received: 3,
      finished: { total: 3, early: 3, onTime: 0, late: 0 },
      sentBack: 1,
      open: { total: 0, overdue: 0 },
      onTimeRate: 1,
    });
    expect(by.get(agencies.receiving)).toMatchObject({ received: 4, finished: { total: 4, onTime: 4 } });
    expect(by.has(agencies.competent)).toBe(false);
    expect(res.json().total).toMatchObject({ received: 11, sentBack: 1, open: { total: 1, overdue: 1 } });
  });

  it('equals the pure reference for other periods', async () => {
    const facts = states.flatMap(stepVisitFacts);
    for (const [from, to] of [
      ['2026-03-01', '2026-03-03'],
      ['2026-03-04', '2026-03-05'],
      ['2026-03-06', '2026-03-06'],
      ['2026-02-01', '2026-02-28'],
    ] as const) {
      const res = await get('monitor', `/api/reports/step-performance?from=${from}&to=${to}`);
      expect(res.statusCode).toBe(200);
      const end = nextDay(to);
      const expected = stepPerformance(facts, { from, to: end, judgedAt: new Date(`${end}T00:00:00+07:00`) });
      const rows = (res.json().rows as Row[]).map(
        ({ agencyId, received, finished, sentBack, closed, open, onTimeRate }) => ({
          agencyId,
          received,
          finished,
          sentBack,
          closed,
          open,
          onTimeRate,
        }),
      );
      expect(rows, `${from}..${to}`).toEqual(
        [...expected].sort((a, b) => a.agencyId.localeCompare(b.agencyId)),
      );
    }
  });

  it('shows a leader their own agency only; another agency is forbidden', async () => {
    const own = await get('tax.leader', '/api/reports/step-performance?from=2026-03-01&to=2026-03-31');
    expect(own.statusCode).toBe(200);
    expect((own.json().rows as Row[]).map((r) => r.agencyId)).toEqual([agencies.tax]);
    const other = await get(
      'tax.leader',
      `/api/reports/step-performance?from=2026-03-01&to=2026-03-31&agencyId=${agencies.land}`,
    );
    expect(other.statusCode).toBe(403);
    const specialist = await get(
      'ck.specialist',
      '/api/reports/step-performance?from=2026-03-01&to=2026-03-31',
    );
    expect(specialist.statusCode).toBe(403);
  });

  it('refuses a period that ends before it starts, naming the field', async () => {
    const res = await get('monitor', '/api/reports/step-performance?from=2026-03-31&to=2026-03-01');
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].path).toContain('to');
    const xlsx = await get('monitor', '/api/reports/step-performance.xlsx?from=2026-03-31&to=2026-03-01');
    expect(xlsx.statusCode).toBe(422);
    const unit = await get(
      'monitor',
      '/api/reports/step-performance?from=2026-03-01&to=2026-03-31&unit=2025:99999',
    );
    expect(unit.statusCode).toBe(404);
  });

  it('is idempotent: projecting a record again leaves the same visits', async () => {
    const before = await ctx.database.db
      .selectFrom('reportStepVisits')
      .selectAll()
      .orderBy('recordId')
      .orderBy('visit')
      .execute();
    for (const s of states)
      await inTransaction(ctx.database.db, (tx) => projectRecord(tx, s.id, ctx.deps.clock.now()));
    const after = await ctx.database.db
      .selectFrom('reportStepVisits')
      .selectAll()
      .orderBy('recordId')
      .orderBy('visit')
      .execute();
    expect(after).toEqual(before);
    expect(after.length).toBe(states.flatMap(stepVisitFacts).length);
  });

  it('exports the same numbers as .xlsx', async () => {
    const json = (await get('monitor', '/api/reports/step-performance?from=2026-03-01&to=2026-03-31')).json();
    const res = await get('monitor', '/api/reports/step-performance.xlsx?from=2026-03-01&to=2026-03-31');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/buoc-lien-thong-.*-2026-03-01-2026-03-31\.xlsx/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Bước liên thông')!;
    const values: (string | number | null)[][] = [];
    ws.eachRow((row) => {
      values.push((row.values as (string | number | null)[]).slice(1));
    });
    const landName = (json.rows as (Row & { name: string })[]).find(
      (r) => r.agencyId === agencies.land,
    )!.name;
    const land = values.find((v) => v[0] === landName)!;
    expect(land.slice(1)).toEqual([4, 3, 1, 1, 1, 0, 0, 1, 1, 2 / 3]);
    const total = values.find((v) => v[0] === 'Tổng cộng')!;
    expect(total[1]).toBe(json.total.received);
  });
});

describe('counted once, by the competent agency', () => {
  it('statistics count each record once at Cái Khế, none at the agencies that held steps', async () => {
    const res = await get('monitor', '/api/reports/statistics?from=2026-03-01&to=2026-03-31&groupBy=agency');
    expect(res.statusCode).toBe(200);
    const rows = res.json().rows as {
      key: string;
      received: { total: number };
      inProgress: { total: number };
      resolved: { total: number };
    }[];
    const keys = rows.map((r) => r.key);
    expect(keys).toContain(agencies.competent);
    for (const other of [agencies.land, agencies.tax, agencies.receiving]) expect(keys).not.toContain(other);
    const ck = rows.find((r) => r.key === agencies.competent)!;
    expect(ck.received.total).toBe(3);
    expect(res.json().total.received.total).toBe(3);
    // One returned (resolved), two in progress.
    expect(ck.resolved.total + ck.inProgress.total).toBe(3);
  });

  it('the officer breakdown of Cái Khế names only its own officials, not those of the land or tax steps', async () => {
    const res = await get(
      'monitor',
      `/api/reports/statistics?from=2026-03-01&to=2026-03-31&groupBy=officer&agencyId=${agencies.competent}`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().total.received.total).toBe(3);
    const keys = (res.json().rows as { key: string }[]).map((r) => r.key);
    expect(keys).not.toContain(users['land.leader']);
    expect(keys).not.toContain(users['tax.leader']);
    // No specialist step ran at Cái Khế in these records: they are the unassigned row.
    expect(keys).toEqual(['']);
  });

  it('Decision 766 counts the records at Cái Khế and none at the land or tax agency', async () => {
    const at = async (id: string) => {
      const res = await get('monitor', `/api/reports/index766?from=2026-03-01&to=2026-03-31&agencyId=${id}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().counts as { records: { received: number } }).records.received;
    };
    expect(await at(agencies.competent)).toBe(3);
    expect(await at(agencies.land)).toBe(0);
    expect(await at(agencies.tax)).toBe(0);
  });
});

function nextDay(d: string): string {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}
