import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  NationalSplitsJson,
  parseCanThoMapping,
  resolveUnit,
  type SuccessorLink,
  successorLinks,
} from './successor-links.ts';
import { unitsFrom2025, unitsPre2025 } from './units.ts';

const file = (path: string): string =>
  readFileSync(new URL(`../../../data/${path}`, import.meta.url), 'utf8');
const json = (path: string): unknown => JSON.parse(file(path));

const csv = file('vn-admin-mapping-2025/can_tho_92_old_to_new_from_resolution_1668.csv');
const splits = json('vn-admin-mapping-2025/splits_old_to_new.json');
const merges = json('vn-admin-mapping-2025/merges_new_to_old.json');
const links = successorLinks(csv, splits, { merges });
const units2025 = unitsFrom2025(json('vn-admin-units-2025/vn_units_full_2025-07-01.json'));
const unitsOld = unitsPre2025(json('vn-admin-units-pre2025/vn_units_63_provinces_2025-03-01.json'));

const districtProvince = new Map(unitsOld.filter((u) => u.level === 2).map((u) => [u.code, u.parentCode]));
const oldCanTho = unitsOld.filter(
  (u) => u.level === 3 && ['92', '93', '94'].includes(districtProvince.get(u.parentCode ?? '') ?? ''),
);
const newCanTho = new Set(units2025.filter((u) => u.parentCode === '92').map((u) => u.key));

const targets = (oldCode: string, from: readonly SuccessorLink[] = links) =>
  resolveUnit(oldCode, from).map((r) => r.code);

describe('Can Tho links from Resolution 1668', () => {
  it('parses the 266 rows of the checked mapping', () => {
    expect(parseCanThoMapping(csv)).toHaveLength(266);
  });

  it('maps every one of the 263 old communes to at least one of the 103 new units', () => {
    expect(oldCanTho).toHaveLength(263);
    for (const u of oldCanTho) {
      const to = resolveUnit(u.code, links);
      expect(to.length, u.fullName).toBeGreaterThan(0);
      expect(to.every((r) => newCanTho.has(r.key))).toBe(true);
    }
    const reached = new Set(links.filter((l) => newCanTho.has(l.toKey)).map((l) => l.toKey));
    expect(reached.size).toBe(103);
  });

  it('sends each of the three split wards to more than one unit, one of them as the remainder', () => {
    const split = {
      '31178': 'Phường Bùi Hữu Nghĩa',
      '31183': 'Phường Long Tuyền',
      '31207': 'Phường Thốt Nốt',
    };
    for (const [code, name] of Object.entries(split)) {
      expect(oldCanTho.find((u) => u.code === code)?.fullName).toBe(name);
      const to = resolveUnit(code, links);
      expect(to.length).toBeGreaterThan(1);
      expect(to.map((r) => r.share)).toEqual(['partial', 'remainder']);
    }
    expect(targets('31178')).toEqual(['31120', '31168']);
    const multi = oldCanTho.filter((u) => resolveUnit(u.code, links).length > 1).map((u) => u.code);
    expect(multi.sort()).toEqual(['31178', '31183', '31207']);
  });

  it('does not carry the four errors of the national mapping', () => {
    const national = successorLinks('', splits);
    // The national file does hold the errors; the Can Tho links must not.
    expect(targets('31240', national).sort()).toEqual(['31231', '31246']);
    expect(targets('31240')).toEqual(['31246']);
    expect(targets('31588')).toEqual(['31579']);
    expect(targets('31771')).toEqual(['31777']);
    expect(targets('31379')).toEqual(['31378']);
  });

  it('marks every Can Tho link authoritative and takes none from the national mapping', () => {
    const oldKeys = new Set([...oldCanTho.map((u) => u.key), 'pre2025:92', 'pre2025:93', 'pre2025:94']);
    const canTho = links.filter((l) => oldKeys.has(l.fromKey));
    expect(canTho).toHaveLength(266 + 3);
    expect(canTho.every((l) => l.confidence === 'authoritative')).toBe(true);
    expect(canTho.filter((l) => l.source === 'resolution-202').map((l) => l.fromKey)).toEqual([
      'pre2025:92',
      'pre2025:93',
      'pre2025:94',
    ]);
    expect(links.filter((l) => l.source !== 'dvhcvn-national')).toHaveLength(266 + 3);
    expect(resolveUnit('31240', links)[0]?.note).toBe('1668/NQ-UBTVQH15 Điều 1 khoản 43');
  });
});

describe('national links', () => {
  it('point only from and to units that exist in the GSO lists', () => {
    const keys = new Set([...units2025, ...unitsOld].map((u) => u.key));
    expect(links.filter((l) => !keys.has(l.fromKey) || !keys.has(l.toKey))).toEqual([]);
    expect(links.some((l) => l.fromKey === 'pre2025:07693')).toBe(false);
    expect(links.some((l) => l.toKey === '2025:06970')).toBe(false);
    expect(links.filter((l) => l.toKey === '2025:06978').length).toBeGreaterThan(0);
  });

  it('cover every old commune, province and island district outside Can Tho, with low confidence', () => {
    const from = new Set(links.map((l) => l.fromKey));
    const canThoKeys = new Set(oldCanTho.map((u) => u.key));
    const communesOutside = unitsOld.filter((u) => u.level === 3 && !canThoKeys.has(u.key));
    expect(communesOutside).toHaveLength(10035 - 263);
    expect(communesOutside.every((u) => from.has(u.key))).toBe(true);
    expect(unitsOld.filter((u) => u.level === 1).every((u) => from.has(u.key))).toBe(true);
    expect(['318', '471', '498', '536', '755'].map((c) => resolveUnit(c, links)[0]?.code)).toEqual([
      '11948',
      '19742',
      '20333',
      '21548',
      '26732',
    ]);
    const national = links.filter((l) => l.source === 'dvhcvn-national');
    expect(national.every((l) => l.confidence === 'low')).toBe(true);
  });

  it('join each pair of units at most once', () => {
    const pairs = new Set(links.map((l) => `${l.fromKey}>${l.toKey}`));
    expect(pairs.size).toBe(links.length);
  });

  it('take the same province links and shares with or without the merges file', () => {
    const withoutMerges = successorLinks(csv, splits);
    expect(withoutMerges).toEqual(links);
    const hcm = resolveUnit('74', links).map((r) => [r.code, r.share]);
    expect(hcm).toEqual([['79', 'full']]);
  });

  it('refuse a national file of the wrong shape', () => {
    expect(() => successorLinks(csv, { data: [{ level1_id: '01' }] })).toThrow();
    expect(NationalSplitsJson.safeParse(splits).success).toBe(true);
  });
});

describe('resolveUnit', () => {
  it('returns the one unit a merged commune became part of', () => {
    expect(resolveUnit('31117', links)).toEqual([
      {
        key: '2025:31120',
        code: '31120',
        share: 'full',
        source: 'resolution-1668',
        confidence: 'authoritative',
        note: '1668/NQ-UBTVQH15 Điều 1 khoản 2',
      },
    ]);
  });

  it('returns every unit of a split commune, each as a partial share', () => {
    const cv = resolveUnit('00007', links);
    expect(cv.map((r) => r.code)).toEqual(['00008', '00025']);
    expect(cv.every((r) => r.share === 'partial' && r.confidence === 'low')).toBe(true);
  });

  it('returns nothing for a code that has no successor', () => {
    expect(resolveUnit('99999', links)).toEqual([]);
    expect(resolveUnit('31120', [])).toEqual([]);
  });
});
