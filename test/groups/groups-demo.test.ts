import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listProcedureVersions } from '../../src/modules/catalog/index.ts';
import {
  DEMO_GROUP_PROCEDURE,
  DEMO_PASSWORD,
  DEMO_SOCIAL_INSURANCE_AREA_OFFICE,
  seedDemoAccounts,
} from '../../src/modules/seed/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

/**
 * The README's Decree 63/2024 journey on `npm start` (docs/GROUPS.md): the embedded demo seed publishes
 * 2.000986 online with the group's 3 working-day limit (a local version citing Decree 63/2024) and sets the
 * service area of "Bảo hiểm xã hội cơ sở", so that on a freshly seeded demo database the portal offers both
 * groups and a citizen submits them with no administrator step, and the demo reception official sees them.
 */

let ctx: TestContext;
const agency: Record<string, string> = {};

const applicant = { kind: 'citizen', fullName: 'Lê Thị Hồng', phone: '0912 345 678' };
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
    dateOfDeath: '2026-02-27',
    placeOfDeath: 'Nhà riêng, phường Ninh Kiều',
    socialInsuranceNumber: '9205000123',
  },
  declarant: { relationship: 'con' },
};

function submit(groupCode: string, facts: unknown) {
  return ctx.app.inject({
    method: 'POST',
    url: '/api/public/group-submissions',
    payload: {
      groupCode,
      applicant,
      routing: { residenceUnitCode: '31135' },
      receivingAgencyId: agency['31135-ttpvhcc'],
      facts,
    },
  });
}

beforeAll(async () => {
  ctx = await createTestContext();
  // What `npm start` does on an empty embedded database after the reference data: the demo seed.
  await seedDemoAccounts(ctx.deps);
  const rows = await ctx.database.db.selectFrom('agencies').select(['id', 'key']).execute();
  for (const r of rows) agency[r.key] = r.id;
});
afterAll(() => ctx.close());

describe('the Decree 63/2024 groups on the seeded demo', () => {
  it('publishes 2.000986 online with the 3 working-day group limit, as a local version citing Decree 63/2024', async () => {
    const versions = await listProcedureVersions(ctx.database.db, DEMO_GROUP_PROCEDURE);
    const current = versions.items.find((v) => v.inForce);
    expect(current?.origin).toBe('edit');
    expect(current?.edit).toMatchObject({
      decisionNo: expect.stringContaining('63/2024/NĐ-CP'),
      changes: { onlineLevel: 'full', timeLimits: { online: { value: 3, unit: 'working_days' } } },
    });
    const office = await ctx.database.db
      .selectFrom('agencies')
      .select(['key', 'servesUnitCodes'])
      .where('code', '=', DEMO_SOCIAL_INSURANCE_AREA_OFFICE)
      .executeTakeFirstOrThrow();
    expect(office.key).toBe('92-bhxh-co-so');
    expect(office.servesUnitCodes).toContain('31135');
  });

  it('lists both groups as available on the portal', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/public/groups' });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { code: string; available: boolean; unavailable: unknown }[];
    expect(items.map((g) => [g.code, g.available, g.unavailable])).toEqual([
      ['nd63-khai-sinh', true, null],
      ['nd63-khai-tu', true, null],
    ]);
  });

  it('accepts a group 1 and a group 2 submission with no setup call; the demo reception official sees the members', async () => {
    const birth = await submit('nd63-khai-sinh', birthFacts);
    expect(birth.statusCode, birth.body).toBe(201);
    const birthMembers = birth.json().group.members as { recordId: string; procedureCode: string }[];
    expect(birthMembers.map((m) => m.procedureCode)).toEqual(['1.001193', '1.004222', '2.000986']);
    // Monday 2 March 2026, 10:00: the group limit of 3 working days → Thursday 5 March.
    expect(birth.json().group.appointment).toMatchObject({ basis: 'group', dueDate: '2026-03-05' });

    const death = await submit('nd63-khai-tu', deathFacts);
    expect(death.statusCode, death.body).toBe(201);
    const deathMembers = death.json().group.members as {
      recordId: string;
      key: string;
      competentAgency: { id: string };
    }[];
    expect(deathMembers.find((m) => m.key === 'funeral_allowance')?.competentAgency.id).toBe(
      agency['92-bhxh-co-so'],
    );

    const login = await ctx.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'tiepnhan.ninhkieu', password: DEMO_PASSWORD },
    });
    expect(login.statusCode, login.body).toBe(200);
    const waiting = await ctx.app.inject({
      method: 'GET',
      url: '/api/worklists?scope=waiting&limit=200',
      headers: { authorization: `Bearer ${login.json().token}` },
    });
    expect(waiting.statusCode, waiting.body).toBe(200);
    const ids = (waiting.json().items as { id: string }[]).map((i) => i.id);
    for (const m of birthMembers) expect(ids).toContain(m.recordId);
  });
});
