import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tonePlacementKey } from './tone-placement-key.ts';
import { DONG_NAI_2026_VALID_FROM, unitChanges } from './unit-changes.ts';

const json = (path: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../data/${path}`, import.meta.url), 'utf8'));

describe('unitChanges', () => {
  const changes = unitChanges(
    json('vn-admin-units-2025/vn_units_full_2025-07-01.json'),
    json('vn-admin-units-2025/vn_units_full_current.json'),
    DONG_NAI_2026_VALID_FROM,
  );

  it('finds Đồng Nai becoming a city and 10 of its communes becoming wards from 30 April 2026', () => {
    const reclassified = changes.filter((c) => c.changed.includes('kind'));
    expect(reclassified).toHaveLength(11);
    expect(reclassified[0]).toMatchObject({
      key: '2025:75',
      validFrom: '2026-04-30',
      before: { fullName: 'Tỉnh Đồng Nai', kind: 'province' },
      after: { fullName: 'Thành phố Đồng Nai', kind: 'city' },
    });
    const wards = reclassified.slice(1);
    expect(wards.every((c) => c.before.kind === 'commune' && c.after.kind === 'ward')).toBe(true);
    expect(wards.map((c) => c.after.fullName)).toContain('Phường Long Thành');
  });

  it('ignores the 200-odd tone-mark respellings and reports the one real spelling correction', () => {
    const renamed = changes.filter((c) => c.changed.includes('name'));
    expect(renamed.map((c) => [c.code, c.before.name, c.after.name, c.changed])).toEqual([
      ['00745', 'Phó Bảng', 'Phố Bảng', ['name']],
    ]);
    expect(changes).toHaveLength(12);
  });
});

describe('tonePlacementKey', () => {
  it('equates old and new tone placement but not different tones', () => {
    expect(tonePlacementKey('Hòa Bình')).toBe(tonePlacementKey('Hoà Bình'));
    expect(tonePlacementKey('Thủy')).toBe(tonePlacementKey('Thuỷ'));
    expect(tonePlacementKey('Hòa')).not.toBe(tonePlacementKey('Hoa'));
    expect(tonePlacementKey('Hòa')).not.toBe(tonePlacementKey('Họa'));
    expect(tonePlacementKey('Phó')).not.toBe(tonePlacementKey('Phố'));
  });

  it('does not depend on Unicode composition', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(tonePlacementKey(s.normalize('NFC'))).toBe(tonePlacementKey(s.normalize('NFD')));
      }),
    );
  });
});
