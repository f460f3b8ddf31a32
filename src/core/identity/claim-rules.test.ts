import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ClaimRule, foldTitle, rolesFromClaims } from './claim-rules.ts';

const rule = (
  id: string,
  agencyCode: string | null,
  position: string | null,
  roles: string[],
): ClaimRule => ({
  id,
  agencyCode,
  position,
  roles,
});

describe('rolesFromClaims', () => {
  const rules = [
    rule('a', null, 'Chuyên viên', ['specialist']),
    rule('b', null, 'Lãnh đạo', ['leader']),
    rule('c', 'H13.57.16', 'Công chức tiếp nhận', ['reception']),
    rule('d', 'H13.57.*', 'Lãnh đạo', ['specialist']),
  ];

  it('gives the roles of the rule whose position matches, ignoring case and diacritics', () => {
    expect(rolesFromClaims(rules, { agencyCode: 'H13.40', position: 'CHUYEN VIEN' })).toEqual({
      roles: ['specialist'],
      ruleIds: ['a'],
    });
  });

  it('adds up the roles of every matching rule, an agency prefix included', () => {
    expect(rolesFromClaims(rules, { agencyCode: 'h13.57.16', position: 'lãnh  đạo' })).toEqual({
      roles: ['leader', 'specialist'],
      ruleIds: ['b', 'd'],
    });
  });

  it('matches an exact agency code only for that agency', () => {
    expect(
      rolesFromClaims(rules, { agencyCode: 'H13.57.17', position: 'Công chức tiếp nhận' }).roles,
    ).toEqual([]);
    expect(
      rolesFromClaims(rules, { agencyCode: 'H13.57.16', position: 'Công chức tiếp nhận' }).roles,
    ).toEqual(['reception']);
  });

  it('gives no roles when no rule matches, nor for missing claims against a rule that names them', () => {
    expect(rolesFromClaims(rules, { agencyCode: 'H13.40', position: 'Văn thư' })).toEqual({
      roles: [],
      ruleIds: [],
    });
    expect(rolesFromClaims(rules, {})).toEqual({ roles: [], ruleIds: [] });
    expect(rolesFromClaims([], { agencyCode: 'H13.40', position: 'Chuyên viên' }).roles).toEqual([]);
  });

  it('lets a rule with neither agency nor position match every official', () => {
    expect(rolesFromClaims([rule('all', null, null, ['reception'])], {}).roles).toEqual(['reception']);
  });

  it('never gives a role that no matching rule names, and the order of rules does not change the set', () => {
    const roleArb = fc.constantFrom('reception', 'specialist', 'leader', 'monitor', 'admin');
    const ruleArb = fc.record({
      id: fc.uuid(),
      agencyCode: fc.option(fc.constantFrom('H13.40', 'H13.*', 'H13.57.16'), { nil: null }),
      position: fc.option(fc.constantFrom('Chuyên viên', 'Lãnh đạo'), { nil: null }),
      roles: fc.array(roleArb, { minLength: 1, maxLength: 3 }),
    });
    fc.assert(
      fc.property(
        fc.array(ruleArb, { maxLength: 6 }),
        fc.constantFrom('H13.40', 'H13.57.16', 'X'),
        fc.constantFrom('chuyen vien', 'Lãnh Đạo', 'khác'),
        (rs, agencyCode, position) => {
          const out = rolesFromClaims(rs, { agencyCode, position });
          const named = new Set(rs.filter((r) => out.ruleIds.includes(r.id)).flatMap((r) => r.roles));
          expect(out.roles.every((r) => named.has(r))).toBe(true);
          expect(new Set(rolesFromClaims([...rs].reverse(), { agencyCode, position }).roles)).toEqual(
            new Set(out.roles),
          );
        },
      ),
    );
  });
});

describe('foldTitle', () => {
  it('folds Vietnamese diacritics, đ and spacing', () => {
    expect(foldTitle('  Phó  Trưởng phòng Đăng ký ')).toBe('pho truong phong dang ky');
  });
});
