import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors/index.ts';
import {
  type Agency,
  agencyCode,
  CAN_THO_AGENCY_CODES,
  CAN_THO_CITY_BODIES,
  canThoAgencies,
} from './agencies.ts';
import { resolveUnit, successorLinks } from './successor-links.ts';
import { unitsFrom2025, unitsPre2025 } from './units.ts';

const file = (path: string): string =>
  readFileSync(new URL(`../../../data/${path}`, import.meta.url), 'utf8');
const json = (path: string): unknown => JSON.parse(file(path));

const units2025 = unitsFrom2025(json('vn-admin-units-2025/vn_units_full_2025-07-01.json'));
const agencies = canThoAgencies(units2025);
const canThoCommunes = units2025.filter((u) => u.parentCode === '92');

const ofKind = (kind: Agency['kind']) => agencies.filter((a) => a.kind === kind);

describe('canThoAgencies', () => {
  it('seeds the city committee, its bodies, the service center, 2 reception points and 103 × 2 commune agencies', () => {
    expect(CAN_THO_CITY_BODIES).toHaveLength(13);
    expect(agencies).toHaveLength(1 + 1 + 2 + 13 + 103 + 103);
    expect(ofKind('peoples_committee')).toHaveLength(1 + 103);
    expect(ofKind('department')).toHaveLength(13);
    expect(ofKind('service_center')).toHaveLength(1);
    expect(ofKind('reception_point')).toHaveLength(2);
    expect(ofKind('one_stop')).toHaveLength(103);
  });

  it('gives every agency a unique key and a unique code in the H13 format', () => {
    expect(new Set(agencies.map((a) => a.key)).size).toBe(agencies.length);
    expect(new Set(agencies.map((a) => a.code)).size).toBe(agencies.length);
    for (const a of agencies) expect(a.code).toMatch(/^H13(\.\d{3}(\.\d{2})?)?$/);
    expect(agencies.find((a) => a.key === '92-ubnd')).toMatchObject({
      code: 'H13',
      name: 'Ủy ban nhân dân thành phố Cần Thơ',
      level: 'city',
      parentKey: null,
    });
  });

  it('gives every Can Tho commune exactly one one-stop agency, under its People’s Committee', () => {
    for (const u of canThoCommunes) {
      const here = agencies.filter((a) => a.unitCode === u.code && a.level === 'commune');
      const oneStop = here.filter((a) => a.kind === 'one_stop');
      const committee = here.filter((a) => a.kind === 'peoples_committee');
      expect(oneStop).toHaveLength(1);
      expect(committee).toHaveLength(1);
      expect(oneStop[0]?.parentKey).toBe(committee[0]?.key);
      expect(oneStop[0]?.code.startsWith(`${committee[0]?.code}.`)).toBe(true);
    }
    expect(agencies.find((a) => a.key === '31120-ttpvhcc')?.name).toBe(
      'Trung tâm Phục vụ hành chính công phường Cái Khế',
    );
  });

  it('places the reception points in Phú Lợi (formerly Sóc Trăng) and Vị Thanh (formerly Hậu Giang)', () => {
    const links = successorLinks(
      file('vn-admin-mapping-2025/can_tho_92_old_to_new_from_resolution_1668.csv'),
      json('vn-admin-mapping-2025/splits_old_to_new.json'),
    );
    const unitsOld = unitsPre2025(json('vn-admin-units-pre2025/vn_units_63_provinces_2025-03-01.json'));
    const districtOf = new Map(unitsOld.map((u) => [u.key, u.parentCode]));
    const provinceOf = new Map(unitsOld.filter((u) => u.level === 2).map((u) => [u.code, u.parentCode]));
    const formerProvinces = (newCode: string) =>
      new Set(
        links
          .filter((l) => l.toKey === `2025:${newCode}` && l.fromKey.length === 'pre2025:'.length + 5)
          .map((l) => provinceOf.get(districtOf.get(l.fromKey) ?? '')),
      );

    const points = ofKind('reception_point');
    const wards = points.map((p) => units2025.find((u) => u.code === p.unitCode));
    expect(wards.map((w) => w?.fullName)).toEqual(['Phường Phú Lợi', 'Phường Vị Thanh']);
    expect(wards.every((w) => w?.kind === 'ward' && w.parentCode === '92')).toBe(true);
    expect([...formerProvinces(points[0]?.unitCode ?? '')]).toEqual(['94']);
    expect([...formerProvinces(points[1]?.unitCode ?? '')]).toEqual(['93']);
    expect(resolveUnit('31318', links).map((r) => r.code)).toEqual([points[1]?.unitCode]);
    expect(points.every((p) => p.parentKey === '92-ttpvhcc' && p.validTo === null)).toBe(true);
  });

  it('lets only the service center, its reception points and the one-stop units receive records', () => {
    const receivers = agencies.filter((a) => a.canReceive).map((a) => a.kind);
    expect(new Set(receivers)).toEqual(new Set(['service_center', 'reception_point', 'one_stop']));
    expect(receivers).toHaveLength(1 + 2 + 103);
  });

  it('hangs every agency but the city committee under another agency of the list', () => {
    const keys = new Set(agencies.map((a) => a.key));
    expect(agencies.filter((a) => a.parentKey === null).map((a) => a.key)).toEqual(['92-ubnd']);
    expect(agencies.every((a) => a.parentKey === null || keys.has(a.parentKey))).toBe(true);
    expect(agencies.find((a) => a.kind === 'service_center')?.parentKey).toBe('92-van-phong-ubnd');
    expect(agencies.every((a) => a.validFrom === '2025-07-01')).toBe(true);
  });

  it('gives the same codes whatever the order of the units', () => {
    const shuffled = [...units2025].reverse();
    expect(canThoAgencies(shuffled)).toEqual(agencies);
    expect(agencies.find((a) => a.unitCode === canThoCommunes[0]?.code)?.code).toBe('H13.101');
    expect(agencies.at(-1)?.code).toBe('H13.203.01');
  });

  it('builds codes from a configured scheme', () => {
    const scheme = { root: 'H99', level2Digits: 4, level3Digits: 3, communeBase: 500 };
    const custom = canThoAgencies(units2025, { scheme });
    expect(custom.find((a) => a.key === '92-so-tu-phap')?.code).toBe('H99.0003');
    expect(custom.find((a) => a.key === '31120-ttpvhcc')?.code).toBe('H99.0501.001');
  });

  it('refuses a reception point in a ward that does not exist', () => {
    const run = () =>
      canThoAgencies(units2025, {
        receptionPoints: [{ number: 1, wardFullName: 'Phường Không Có', validTo: null }],
      });
    expect(run).toThrow();
    try {
      run();
    } catch (e) {
      expect(isDomainError(e, 'unit.not_found')).toBe(true);
    }
  });

  it('refuses a unit list without the city', () => {
    expect(() => canThoAgencies(canThoCommunes.slice(0, 3))).toThrow(/not found/i);
  });
});

describe('agencyCode', () => {
  it('writes the highest level first with zero-padded segments', () => {
    expect(agencyCode(CAN_THO_AGENCY_CODES)).toBe('H13');
    expect(agencyCode(CAN_THO_AGENCY_CODES, 5)).toBe('H13.005');
    expect(agencyCode(CAN_THO_AGENCY_CODES, 101, 1)).toBe('H13.101.01');
  });

  it('refuses a number that does not fit its segment', () => {
    expect(() => agencyCode(CAN_THO_AGENCY_CODES, 1000)).toThrow();
    expect(() => agencyCode(CAN_THO_AGENCY_CODES, 1, 100)).toThrow();
    expect(() => agencyCode(CAN_THO_AGENCY_CODES, 0)).toThrow();
  });
});
