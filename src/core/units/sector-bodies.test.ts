import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canThoAgencies } from './agencies.ts';
import {
  CAN_THO_SECTOR_BODIES,
  type CatalogueAgencyText,
  canThoSectorBodies,
  sectorTemplateOf,
} from './sector-bodies.ts';
import { unitsFrom2025 } from './units.ts';

const file = (path: string): string =>
  readFileSync(new URL(`../../../data/${path}`, import.meta.url), 'utf8');

const units2025 = unitsFrom2025(JSON.parse(file('vn-admin-units-2025/vn_units_full_2025-07-01.json')));
const canThoCommunes = units2025.filter((u) => u.parentCode === '92').map((u) => u.code);
const catalogue: CatalogueAgencyText[] = file('vn-tthc-catalog/procedures_cap_tinh_cap_xa.jsonl')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Record<string, string>)
  .map((r) => ({
    code: r.ma_thu_tuc!,
    competentAgencyText: r.co_quan_co_tham_quyen || null,
    implementingAgencyText: r.co_quan_thuc_hien || null,
  }));
const bodies = canThoSectorBodies(catalogue, units2025);
const byKey = (key: string) => bodies.find((a) => a.key === key);
/** How many procedures name one of the template's own phrasings, counted here independently. */
const namingCount = (res: readonly RegExp[]) =>
  catalogue.filter((p) =>
    [p.competentAgencyText, p.implementingAgencyText].some(
      (t) => t !== null && res.some((re) => re.test(t.replace(/\s+/gu, ' '))),
    ),
  ).length;

describe('canThoSectorBodies on the real catalogue', () => {
  it('gives each of the 103 communes its own police, serving that commune, at the one-stop centre', () => {
    const police = bodies.filter((a) => a.level === 'commune');
    expect(canThoCommunes).toHaveLength(103);
    expect(police.map((a) => a.unitCode).sort()).toEqual([...canThoCommunes].sort());
    for (const a of police) {
      expect(a).toMatchObject({ kind: 'sector_body', sector: 'police', atOneStopCentre: true });
      expect(a.servesUnitCodes).toEqual([a.unitCode]);
      expect(a.parentKey).toBe('92-cong-an');
      expect(a.source).toMatch(/"Công an cấp Xã" \(\d+\)/);
    }
    const ninhKieu = police.find((a) => a.name === 'Công an phường Ninh Kiều');
    expect(ninhKieu?.key).toMatch(/^\d{5}-cong-an-xa$/);
  });

  it('creates the city bodies the catalogue names, each with its phrasing and procedure count', () => {
    for (const [key, sector] of [
      ['92-cong-an', 'police'],
      ['92-cong-an-pc06', 'police'],
      ['92-cong-an-pa08', 'police'],
      ['92-thue', 'tax'],
      ['92-thue-co-so', 'tax'],
      ['92-bhxh', 'social_insurance'],
      ['92-bhxh-co-so', 'social_insurance'],
      ['92-vpdkdd', 'land_registration'],
      ['92-vpdkdd-chi-nhanh', 'land_registration'],
      ['92-hai-quan', 'customs'],
      ['92-nhnn', 'state_bank'],
      ['92-kho-bac', 'treasury'],
      ['92-thads', 'judgment_enforcement'],
    ] as const) {
      const a = byKey(key);
      expect(a, key).toMatchObject({ kind: 'sector_body', level: 'city', sector });
      const template = sectorTemplateOf(key)!;
      expect(a?.source).toContain(`named in ${namingCount(template.names)} procedures`);
    }
    expect(byKey('92-cong-an')?.name).toBe('Công an thành phố Cần Thơ');
    expect(byKey('92-cong-an')?.source).toMatch(/"Công an tỉnh" \(\d+\)/);
    expect(byKey('92-thue')?.atOneStopCentre).toBe(true);
    expect(byKey('92-bhxh')?.atOneStopCentre).toBe(true);
    expect(byKey('92-vpdkdd')?.atOneStopCentre).toBe(false);
  });

  it('leaves the service area open where the catalogue names a kind of office but not its area', () => {
    const open = bodies.filter((a) => a.servesUnitCodes === null).map((a) => a.key);
    expect(open.sort()).toEqual(['92-bhxh-co-so', '92-thue-co-so', '92-vpdkdd-chi-nhanh']);
    for (const a of bodies.filter((b) => b.level === 'city' && b.servesUnitCodes !== null)) {
      expect(a.servesUnitCodes).toHaveLength(103);
    }
  });

  it('never invents a body: every body is named by some procedure, and a catalogue without the name yields none', () => {
    for (const t of CAN_THO_SECTOR_BODIES) {
      expect(Boolean(byKey(`92-${t.slug}`)), t.slug).toBe(namingCount(t.names) > 0);
    }
    const withoutPolice = catalogue.map((p) => ({
      ...p,
      competentAgencyText: p.competentAgencyText?.replace(/Công an/giu, 'X') ?? null,
      implementingAgencyText: p.implementingAgencyText?.replace(/Công an/giu, 'X') ?? null,
    }));
    const none = canThoSectorBodies(withoutPolice, units2025);
    expect(none.some((a) => a.level === 'commune')).toBe(false);
    expect(none.find((a) => a.key === '92-cong-an')).toBeUndefined();
    // The police departments the catalogue still names hang under the city committee instead.
    expect(none.find((a) => a.key === '92-cong-an-pc06')?.parentKey).toBe('92-ubnd');
    expect(canThoSectorBodies([], units2025)).toEqual([]);
  });

  it('extends the H13 code scheme without colliding with the other agencies', () => {
    const all = [...canThoAgencies(units2025), ...bodies];
    expect(new Set(all.map((a) => a.code)).size).toBe(all.length);
    expect(new Set(all.map((a) => a.key)).size).toBe(all.length);
    expect(byKey('92-cong-an')?.code).toBe('H13.021');
    expect(byKey('92-cong-an-pc06')?.code).toBe('H13.021.01');
    const police = bodies.filter((a) => a.level === 'commune').map((a) => a.code);
    expect(police[0]).toBe('H13.301');
    expect(police.at(-1)).toBe('H13.403');
    // Every parent is an agency the seed creates.
    const keys = new Set(all.map((a) => a.key));
    for (const a of bodies) expect(keys.has(a.parentKey!), a.key).toBe(true);
  });
});
