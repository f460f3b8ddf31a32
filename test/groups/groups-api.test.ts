import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/context.ts';

/**
 * Decree 63/2024 groups (issue 15 item 4): one online submission creates one linked record per member at
 * its competent agency, with the group's own code and appointment (15:00 rule), tracked as one.
 */

let ctx: TestContext;
const agency: Record<string, string> = {};
const vn = (date: string, time: string) => new Date(`${date}T${time}:00+07:00`);

const applicant = {
  kind: 'citizen',
  fullName: 'Lê Thị Hồng',
  phone: '0912 345 678',
};
const birthFacts = {
  child: {
    fullName: 'Trần Gia Bảo',
    birthDate: '2026-02-20',
    sex: 'male',
    placeOfBirth: 'Bệnh viện Phụ sản thành phố Cần Thơ',
  },
  mother: { fullName: 'Lê Thị Hồng' },
  residence: { address: '12 Hai Bà Trưng, phường Ninh Kiều' },
};
const deathFacts = {
  deceased: {
    fullName: 'Nguyễn Văn Tư',
    personalId: '092050001234',
    dateOfDeath: '2026-03-01',
    placeOfDeath: 'Nhà riêng, phường Ninh Kiều',
    socialInsuranceNumber: '9205000123',
  },
  declarant: { relationship: 'con' },
};

async function counts() {
  const records = await ctx.database.db
    .selectFrom('records')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const groups = await ctx.database.db
    .selectFrom('groupSubmissions' as never)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return { records: Number(records.n), groups: Number((groups as { n: string }).n) };
}

/** The 103 communes and wards of the city (the area of the city-wide social insurance body). */
async function allCommunes(): Promise<string[]> {
  const row = await ctx.database.db
    .selectFrom('agencies')
    .select('servesUnitCodes')
    .where('key', '=', '92-bhxh')
    .executeTakeFirstOrThrow();
  return row.servesUnitCodes as string[];
}

function submit(payload: Record<string, unknown>) {
  return ctx.app.inject({
    method: 'POST',
    url: '/api/public/group-submissions',
    payload: {
      applicant,
      routing: { residenceUnitCode: '31135' },
      receivingAgencyId: agency['31135-ttpvhcc'],
      ...payload,
    },
  });
}

let admin: string;

beforeAll(async () => {
  ctx = await createTestContext();
  const rows = await ctx.database.db.selectFrom('agencies').select(['id', 'key']).execute();
  for (const r of rows) agency[r.key] = r.id;
  admin = await ctx.signIn(['admin'], { agencyKey: '92-ubnd', username: 'city.admin.groups' });
});
afterAll(() => ctx.close());

describe('Decree 63/2024 groups', () => {
  it('lists both groups with their members by catalogue code', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/public/groups' });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { code: string; members: { procedureCode: string }[] }[];
    expect(items.map((g) => [g.code, g.members.map((m) => m.procedureCode)])).toEqual([
      ['nd63-khai-sinh', ['1.001193', '1.004222', '2.000986']],
      ['nd63-khai-tu', ['1.000656', '1.003197', '2.000821']],
    ]);
  });

  it('is refused, writing nothing, while the catalogue does not offer the health insurance member (2.000986) online', async () => {
    ctx.deps.clock.set(vn('2026-03-02', '10:00'));
    const before = await counts();
    const res = await submit({ groupCode: 'nd63-khai-sinh', facts: birthFacts });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'procedure.not_receivable',
      params: { code: '2.000986', reason: 'channel.not_offered' },
    });
    expect(await counts()).toEqual(before);
    // The portal says why (a database seeded without the demo, as in production: docs/GROUPS.md).
    const listed = (await ctx.app.inject({ method: 'GET', url: '/api/public/groups' })).json();
    expect(listed.items[0]).toMatchObject({
      code: 'nd63-khai-sinh',
      available: false,
      unavailable: { procedureCode: '2.000986', reason: 'channel.not_offered' },
    });
    // The city turns the electronic group on: 2.000986 online, with the group limit (DOMAIN.md §2.8).
    const edit = await ctx.app.inject({
      method: 'POST',
      url: '/api/catalog/procedures/2.000986/versions',
      headers: { authorization: `Bearer ${admin}` },
      payload: {
        effectiveFrom: '2026-03-02',
        decisionNo: '63/2024/NĐ-CP',
        changes: { onlineLevel: 'full', timeLimits: { online: { value: 3, unit: 'working_days' } } },
      },
    });
    expect(edit.statusCode, edit.body).toBe(201);
  });

  it('submitted at 15:30 on a working day: one record per member at its competent agency, the group counted from the next working day, tracked as one', async () => {
    // Tuesday 3 March 2026, 15:30: counting starts on Wednesday 4; 3 working days → Monday 9 March.
    ctx.deps.clock.set(vn('2026-03-03', '15:30'));
    const before = await counts();
    const res = await submit({ groupCode: 'nd63-khai-sinh', facts: birthFacts });
    expect(res.statusCode, res.body).toBe(201);
    const { group, applicantToken } = res.json();
    expect(group.code).toMatch(/^H13\.\S+-260303-\d{4}$/);
    expect(group.appointment).toMatchObject({
      startDate: '2026-03-04',
      dueDate: '2026-03-09',
      basis: 'group',
      afterCutoff: true,
    });
    const members = group.members as {
      key: string;
      recordId: string;
      status: string;
      procedureCode: string;
      competentAgency: { id: string };
      receivingAgency: { id: string };
      reference: string;
    }[];
    expect(members.map((m) => [m.key, m.procedureCode, m.status])).toEqual([
      ['birth_registration', '1.001193', 'submitted'],
      ['permanent_residence', '1.004222', 'submitted'],
      ['health_insurance_card', '2.000986', 'submitted'],
    ]);
    // Civil status at the commune People's Committee, residence at the commune police.
    expect(members[0]!.competentAgency.id).toBe(agency['31135-ubnd']);
    expect(members[1]!.competentAgency.id).toBe(agency['31135-cong-an-xa']);
    for (const m of members) {
      expect(m.receivingAgency.id).toBe(agency['31135-ttpvhcc']);
      expect(m.reference).toMatch(/^\w{4}-\w{4}-\w{5}$/);
    }
    expect(await counts()).toEqual({ records: before.records + 3, groups: before.groups + 1 });

    // Each member is the applicant's own online record (the group's token), and knows its siblings.
    for (const m of members) {
      const mine = await ctx.app.inject({
        method: 'GET',
        url: `/api/public/records/${m.recordId}/mine`,
        headers: { 'x-applicant-token': applicantToken },
      });
      expect(mine.statusCode, mine.body).toBe(200);
      expect(mine.json()).toMatchObject({ status: 'submitted', procedureCode: m.procedureCode });
      const siblings = await ctx.app.inject({
        method: 'GET',
        url: `/api/public/records/${m.recordId}/group`,
        headers: { 'x-applicant-token': applicantToken },
      });
      expect(siblings.json().group.code).toBe(group.code);
    }

    // The receiving unit receives one member as any online submission; the official sees the group.
    ctx.deps.clock.set(vn('2026-03-04', '09:00'));
    const reception = await ctx.signIn(['reception'], {
      agencyKey: '31135-ttpvhcc',
      username: 'nk.reception.groups',
    });
    const waiting = await ctx.app.inject({
      method: 'GET',
      url: '/api/worklists?scope=waiting&limit=200',
      headers: { authorization: `Bearer ${reception}` },
    });
    const waitingIds = (waiting.json().items as { id: string }[]).map((i) => i.id);
    for (const m of members) expect(waitingIds).toContain(m.recordId);
    const residence = members[1]!;
    const procedure = (await ctx.app.inject({ method: 'GET', url: '/api/procedures/1.004222' })).json();
    const received = await ctx.app.inject({
      method: 'POST',
      url: `/api/records/${residence.recordId}/receive`,
      headers: { authorization: `Bearer ${reception}` },
      payload: {
        version: 2,
        checklist: (procedure.details.documents as { name: string }[]).map((d) => ({
          document: d.name,
          provided: true,
        })),
      },
    });
    expect(received.statusCode, received.body).toBe(200);
    expect(received.json().record.competentAgencyId).toBe(agency['31135-cong-an-xa']);
    // A member received after 15:00 counts from the next working day too (the group's rule, on its records):
    // Wednesday 4 March 15:30 → counted from Thursday 5; 3 working days (2.000986 online) → Tuesday 10.
    ctx.deps.clock.set(vn('2026-03-04', '15:30'));
    const card = members[2]!;
    const cardProcedure = (await ctx.app.inject({ method: 'GET', url: '/api/procedures/2.000986' })).json();
    const late = await ctx.app.inject({
      method: 'POST',
      url: `/api/records/${card.recordId}/receive`,
      headers: { authorization: `Bearer ${reception}` },
      payload: {
        version: 2,
        checklist: (cardProcedure.details.documents as { name: string }[]).map((d) => ({
          document: d.name,
          provided: true,
        })),
      },
    });
    expect(late.statusCode, late.body).toBe(200);
    expect(late.json().record).toMatchObject({
      clockStartDate: '2026-03-05',
      appointment: { dueDate: '2026-03-10' },
    });
    const seen = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${residence.recordId}/group`,
      headers: { authorization: `Bearer ${reception}` },
    });
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json().group).toMatchObject({ code: group.code, appointment: { dueDate: '2026-03-09' } });
    expect(seen.json().group.facts).toBeUndefined();

    // The citizen tracks the group as one: by its code and the last 4 digits of the phone.
    const tracked = await ctx.app.inject({
      method: 'GET',
      url: `/api/public/group-submissions/by-code/${encodeURIComponent(group.code.toLowerCase())}?check=5678`,
    });
    expect(tracked.statusCode, tracked.body).toBe(200);
    expect(
      (
        tracked.json().members as { key: string; status: string; recordId: null; recordCode: string | null }[]
      ).map((m) => [m.key, m.status, m.recordId, m.recordCode === null]),
    ).toEqual([
      ['birth_registration', 'submitted', null, true],
      ['permanent_residence', 'received', null, false],
      ['health_insurance_card', 'received', null, false],
    ]);
    expect(tracked.json().facts).toBeUndefined();
    const wrong = await ctx.app.inject({
      method: 'GET',
      url: `/api/public/group-submissions/by-code/${encodeURIComponent(group.code)}?check=0000`,
    });
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json().code).toBe('group.not_found');
    const own = await ctx.app.inject({
      method: 'GET',
      url: `/api/public/group-submissions/${group.id}`,
      headers: { 'x-applicant-token': applicantToken },
    });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().facts.child.fullName).toBe('Trần Gia Bảo');
    const stranger = await ctx.app.inject({
      method: 'GET',
      url: `/api/public/group-submissions/${group.id}`,
      headers: { 'x-applicant-token': 'x'.repeat(43) },
    });
    expect(stranger.statusCode).toBe(404);
  });

  it('counts a submission before 15:00 from the submission day, and gives 5 working days with verification', async () => {
    ctx.deps.clock.set(vn('2026-03-03', '14:30'));
    const plain = await submit({ groupCode: 'nd63-khai-sinh', facts: birthFacts });
    expect(plain.json().group.appointment).toMatchObject({
      startDate: '2026-03-03',
      dueDate: '2026-03-06',
      afterCutoff: false,
    });
    const verified = await submit({ groupCode: 'nd63-khai-sinh', facts: birthFacts, verification: true });
    expect(verified.json().group.appointment.dueDate).toBe('2026-03-10');
  });

  it('refuses bad input with the field named and writes nothing', async () => {
    ctx.deps.clock.set(vn('2026-03-03', '10:00'));
    const before = await counts();
    const cases: [Record<string, unknown>, string][] = [
      [{ groupCode: 'nd63-unknown', facts: birthFacts }, 'body.groupCode'],
      [
        {
          groupCode: 'nd63-khai-sinh',
          facts: { ...birthFacts, child: { ...birthFacts.child, placeOfBirth: '' } },
        },
        'body.facts.child.placeOfBirth',
      ],
      [
        {
          groupCode: 'nd63-khai-sinh',
          facts: { ...birthFacts, child: { ...birthFacts.child, birthDate: '2019-01-01' } },
        },
        'body.facts.child.birthDate',
      ],
      [{ groupCode: 'nd63-khai-sinh', facts: birthFacts, routing: {} }, 'body.routing.residenceUnitCode'],
      [
        { groupCode: 'nd63-khai-sinh', facts: birthFacts, receivingAgencyId: agency['31135-ubnd'] },
        'body.receivingAgencyId',
      ],
    ];
    for (const [payload, path] of cases) {
      const res = await submit(payload);
      expect(res.statusCode, `${path}: ${res.body}`).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const errors = res.json().errors as { path: string; message: string; messageVi?: string }[];
      expect(errors.map((e) => e.path)).toContain(path);
    }
    expect(await counts()).toEqual(before);
  });

  it('routes the funeral allowance to the social insurance office serving the commune, once its area is set', async () => {
    ctx.deps.clock.set(vn('2026-03-03', '10:00'));
    const before = await counts();
    const open = await submit({ groupCode: 'nd63-khai-tu', facts: deathFacts });
    expect(open.statusCode, open.body).toBe(409);
    expect(open.json().params).toMatchObject({ code: '2.000821', reason: 'agency.service_area_open' });
    expect(await counts()).toEqual(before);
    const listed = (await ctx.app.inject({ method: 'GET', url: '/api/public/groups' })).json();
    expect(listed.items[1]).toMatchObject({
      code: 'nd63-khai-tu',
      available: false,
      unavailable: { procedureCode: '2.000821', reason: 'agency.service_area_open' },
    });
    const admin = await ctx.signIn(['admin'], { agencyKey: '92-ubnd', username: 'city.admin.groups.2' });
    const area = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/agencies/${agency['92-bhxh-co-so']}`,
      headers: { authorization: `Bearer ${admin}` },
      // Readiness wants every commune served: in this test one office serves the whole city.
      payload: { servesUnitCodes: await allCommunes() },
    });
    expect(area.statusCode, area.body).toBe(200);
    const now = (await ctx.app.inject({ method: 'GET', url: '/api/public/groups' })).json();
    expect(now.items.map((g: { available: boolean }) => g.available)).toEqual([true, true]);
    const res = await submit({ groupCode: 'nd63-khai-tu', facts: deathFacts });
    expect(res.statusCode, res.body).toBe(201);
    const members = res.json().group.members as {
      key: string;
      competentAgency: { id: string };
      receivingAgency: { id: string };
    }[];
    expect(members.map((m) => [m.key, m.competentAgency.id])).toEqual([
      ['death_registration', agency['31135-ubnd']],
      ['residence_deletion', agency['31135-cong-an-xa']],
      ['funeral_allowance', agency['92-bhxh-co-so']],
    ]);
    // The group limit is not confirmed: the latest member appointment (2.000821: 8 working days).
    expect(res.json().group.appointment).toMatchObject({ basis: 'members', dueDate: '2026-03-13' });
  });
});
