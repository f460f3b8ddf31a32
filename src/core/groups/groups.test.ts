import { describe, expect, it } from 'vitest';
import { calendar, vn } from '../records/test-fixtures.ts';
import { BIRTH_GROUP, checkGroupFacts, DEATH_GROUP, findGroup, groupAppointment, underSix } from './index.ts';

const birthFacts = {
  child: {
    fullName: 'Trần Gia Bảo',
    birthDate: '2026-11-30',
    sex: 'male',
    placeOfBirth: 'Bệnh viện Phụ sản Cần Thơ',
  },
  mother: { fullName: 'Lê Thị Hồng' },
  residence: { address: '12 Hai Bà Trưng, phường Ninh Kiều' },
};

describe('group definitions', () => {
  it('are found by code from their effective date only', () => {
    expect(findGroup('nd63-khai-sinh', '2026-12-08')?.publishedProcedureCode).toBe('2.000986');
    expect(findGroup('nd63-khai-sinh', '2024-06-30')).toBeUndefined();
    expect(findGroup('nd63-nothing', '2026-12-08')).toBeUndefined();
  });

  it('name only catalogue procedure codes, and each member fact is a declared fact of its group', () => {
    for (const g of [BIRTH_GROUP, DEATH_GROUP]) {
      const declared = new Set(g.facts.map((f) => f.key));
      for (const m of g.members) {
        expect(m.procedureCode).toMatch(/^\d\.\d{6}$/);
        for (const f of m.facts) expect(declared.has(f), `${g.code} ${m.key} ${f}`).toBe(true);
      }
    }
  });
});

describe('checkGroupFacts', () => {
  it('accepts complete facts', () => {
    expect(checkGroupFacts(BIRTH_GROUP, birthFacts, '2026-12-08')).toEqual([]);
  });

  it('names a missing fact with the member that needs it', () => {
    const { placeOfBirth: _p, ...child } = birthFacts.child;
    const issues = checkGroupFacts(BIRTH_GROUP, { ...birthFacts, child }, '2026-12-08');
    expect(issues).toEqual([
      expect.objectContaining({ path: 'facts.child.placeOfBirth', code: 'group.fact_missing' }),
    ]);
    expect(issues[0]!.message_en).toContain('Birth registration');
  });

  it('refuses a child of six or more, a date in the future, an unknown fact and a bad social insurance number', () => {
    const old = { ...birthFacts, child: { ...birthFacts.child, birthDate: '2020-12-08' } };
    expect(checkGroupFacts(BIRTH_GROUP, old, '2026-12-08').map((i) => i.code)).toEqual([
      'group.child_not_under_six',
    ]);
    const future = {
      ...birthFacts,
      child: { ...birthFacts.child, birthDate: '2026-12-09' },
      pet: { name: 'Mun' },
    };
    expect(checkGroupFacts(BIRTH_GROUP, future, '2026-12-08').map((i) => i.path)).toEqual([
      'facts.pet.name',
      'facts.child.birthDate',
    ]);
    const death = {
      deceased: {
        fullName: 'Nguyễn Văn Tư',
        personalId: '092050001234',
        dateOfDeath: '2026-12-07',
        placeOfDeath: 'Nhà riêng',
        socialInsuranceNumber: '12345',
      },
      declarant: { relationship: 'con' },
    };
    expect(checkGroupFacts(DEATH_GROUP, death, '2026-12-08').map((i) => i.path)).toEqual([
      'facts.deceased.socialInsuranceNumber',
    ]);
  });

  it('counts the sixth birthday, 29 February included', () => {
    expect(underSix('2020-12-08', '2026-12-07')).toBe(true);
    expect(underSix('2020-12-08', '2026-12-08')).toBe(false);
    expect(underSix('2020-02-29', '2026-02-28')).toBe(true);
    expect(underSix('2020-02-29', '2026-03-01')).toBe(false);
  });
});

describe('groupAppointment (Decree 63/2024 art. 7, DOMAIN.md §2.8)', () => {
  it('counts 3 working days from the day after a submission before 15:00', () => {
    // Tue 8/12/2026 14:30: Wed 9, Thu 10, Fri 11.
    expect(groupAppointment(calendar, BIRTH_GROUP, vn('2026-12-08', '14:30'))).toMatchObject({
      dueDate: '2026-12-11',
      startDate: '2026-12-08',
      basis: 'group',
      workingDays: 3,
      afterCutoff: false,
    });
  });

  it('counts a submission at 15:30 on a working day from the next working day', () => {
    // Start Wed 9/12; Thu 10, Fri 11, Mon 14.
    expect(groupAppointment(calendar, BIRTH_GROUP, vn('2026-12-08', '15:30'))).toMatchObject({
      dueDate: '2026-12-14',
      startDate: '2026-12-09',
      afterCutoff: true,
    });
    // Friday after 15:00: start Mon 14/12; Tue 15, Wed 16, Thu 17.
    expect(groupAppointment(calendar, BIRTH_GROUP, vn('2026-12-11', '15:01')).dueDate).toBe('2026-12-17');
  });

  it('gives 5 working days with verification', () => {
    expect(
      groupAppointment(calendar, BIRTH_GROUP, vn('2026-12-08', '09:00'), { verification: true }),
    ).toMatchObject({ dueDate: '2026-12-15', workingDays: 5 });
  });

  it('shows the latest member appointment when the group limit is not confirmed', () => {
    const due = groupAppointment(calendar, DEATH_GROUP, vn('2026-12-08', '15:30'), {
      memberLimits: [
        { value: 1, unit: 'same_day' },
        { value: 5, unit: 'working_days' },
        { value: 8, unit: 'working_days' },
      ],
    });
    // Start Wed 9/12 (after 15:00); 8 working days: 10, 11, 14, 15, 16, 17, 18, 21.
    expect(due).toMatchObject({
      dueDate: '2026-12-21',
      basis: 'members',
      workingDays: null,
      afterCutoff: true,
    });
  });
});
