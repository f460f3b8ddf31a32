import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { type AdminUnit, unitKey, unitsFrom2025, unitsPre2025 } from './units.ts';

const data = (path: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../data/${path}`, import.meta.url), 'utf8'));

const units2025 = unitsFrom2025(data('vn-admin-units-2025/vn_units_full_2025-07-01.json'));
const unitsOld = unitsPre2025(data('vn-admin-units-pre2025/vn_units_63_provinces_2025-03-01.json'));

function tally(units: readonly AdminUnit[], by: (u: AdminUnit) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const u of units) out[by(u)] = (out[by(u)] ?? 0) + 1;
  return out;
}

describe('unitsFrom2025', () => {
  it('reads the 34 provinces and 3,321 communes in force from 1 July 2025', () => {
    expect(tally(units2025, (u) => `${u.level}:${u.kind}`)).toEqual({
      '1:city': 6,
      '1:province': 28,
      '2:commune': 2621,
      '2:ward': 687,
      '2:special_zone': 13,
    });
    expect(units2025.every((u) => u.generation === '2025')).toBe(true);
    expect(units2025.every((u) => u.validFrom === '2025-07-01' && u.validTo === null)).toBe(true);
  });

  it('gives Can Tho 103 communes: 31 phường and 72 xã', () => {
    const canTho = units2025.filter((u) => u.parentCode === '92');
    expect(canTho).toHaveLength(103);
    expect(tally(canTho, (u) => u.kind)).toEqual({ ward: 31, commune: 72 });
    expect(units2025.find((u) => u.key === '2025:92')).toMatchObject({
      fullName: 'Thành phố Cần Thơ',
      kind: 'city',
      level: 1,
    });
  });

  it('links every commune to its province and keeps the English name', () => {
    const provinces = new Set(units2025.filter((u) => u.level === 1).map((u) => u.key));
    const communes = units2025.filter((u) => u.level === 2);
    expect(communes.every((u) => u.parentKey !== null && provinces.has(u.parentKey))).toBe(true);
    expect(units2025.find((u) => u.code === '31120')).toMatchObject({
      fullName: 'Phường Cái Khế',
      nameEn: 'Cai Khe',
      parentKey: '2025:92',
    });
  });
});

describe('unitsPre2025', () => {
  it('reads 63 provinces, 696 districts and 10,035 communes closed on 30 June 2025', () => {
    expect(tally(unitsOld, (u) => String(u.level))).toEqual({ '1': 63, '2': 696, '3': 10035 });
    expect(tally(unitsOld, (u) => u.kind)).toEqual({
      city: 5 + 1,
      province: 57,
      urban_district: 49,
      district: 508,
      district_town: 52,
      district_city: 87,
      ward: 1726,
      commune: 7692,
      town: 617,
    });
    expect(unitsOld.every((u) => u.validFrom === null && u.validTo === '2025-06-30')).toBe(true);
  });

  it('keeps the five island districts that have no communes', () => {
    const islands = ['318', '471', '498', '536', '755'];
    for (const code of islands) {
      expect(unitsOld.find((u) => u.key === `pre2025:${code}`)?.kind).toBe('district');
      expect(unitsOld.some((u) => u.parentCode === code)).toBe(false);
    }
  });

  it('finds 263 communes in the old Can Tho, Hậu Giang and Sóc Trăng', () => {
    const districtProvince = new Map(
      unitsOld.filter((u) => u.level === 2).map((u) => [u.code, u.parentCode]),
    );
    const communes = unitsOld.filter((u) => u.level === 3);
    const byProvince = tally(communes, (u) => districtProvince.get(u.parentCode ?? '') ?? '?');
    expect([byProvince['92'], byProvince['93'], byProvince['94']]).toEqual([80, 75, 108]);
  });

  it('points every parent key at a unit one level up in the same generation', () => {
    const byKey = new Map(unitsOld.map((u) => [u.key, u]));
    for (const u of unitsOld.filter((x) => x.level > 1)) {
      const parent = byKey.get(u.parentKey ?? '');
      expect(parent?.level).toBe(u.level - 1);
    }
  });
});

describe('unit keys', () => {
  it('stay unique across generations although many codes repeat', () => {
    const all = [...units2025, ...unitsOld];
    const oldCodes = new Set(unitsOld.map((u) => u.code));
    const reused = units2025.filter((u) => oldCodes.has(u.code));
    expect(reused.length).toBeGreaterThan(1000);
    expect(reused.some((u) => u.code === '92')).toBe(true);
    expect(new Set(all.map((u) => u.key)).size).toBe(all.length);
    expect(unitKey('pre2025', '92')).not.toBe(unitKey('2025', '92'));
  });
});

describe('input validation', () => {
  it('rejects a file that does not have the expected shape', () => {
    expect(() => unitsFrom2025([{ Code: '92', Name: 'Cần Thơ' }])).toThrow(ZodError);
    expect(() => unitsPre2025({ provinces: [] })).toThrow(ZodError);
  });

  it('rejects a pre-2025 unit whose full name has no known type word', () => {
    const province = {
      Code: '92',
      Name: 'Cần Thơ',
      FullName: 'Thủ đô Cần Thơ',
      District: [],
    };
    expect(() => unitsPre2025([province])).toThrow(ZodError);
  });
});
