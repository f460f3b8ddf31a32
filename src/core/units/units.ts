import { z } from 'zod';
import { DomainError } from '../errors/index.ts';

/**
 * The two generations of administrative units: the three tiers before the reform (province, district,
 * commune) and the two tiers from 1 July 2025 (Decision 19/2025/QĐ-TTg; Resolution 202/2025/QH15 for the
 * provinces, Resolutions 1654–1687/NQ-UBTVQH15 for the communes).
 */
export const UnitGeneration = z.enum(['pre2025', '2025']);
export type UnitGeneration = z.infer<typeof UnitGeneration>;

/**
 * What a unit is, from its legal type word:
 * - level 1: `city` (thành phố trực thuộc trung ương), `province` (tỉnh);
 * - level 2 before 2025: `urban_district` (quận), `district` (huyện), `district_town` (thị xã),
 *   `district_city` (thành phố thuộc tỉnh or thuộc thành phố trực thuộc trung ương);
 * - communes (level 3 before 2025, level 2 from 2025): `ward` (phường), `commune` (xã), `town` (thị trấn,
 *   abolished in 2025), `special_zone` (đặc khu tại hải đảo, from 2025).
 */
export const UnitKind = z.enum([
  'city',
  'province',
  'urban_district',
  'district',
  'district_town',
  'district_city',
  'ward',
  'commune',
  'town',
  'special_zone',
]);
export type UnitKind = z.infer<typeof UnitKind>;

/**
 * One administrative unit of one generation.
 *
 * `key` is `${generation}:${code}` ({@link unitKey}). GSO codes are unique within a generation (2, 3 and
 * 5 digits for the three tiers, so tiers cannot collide either) but are reused across generations: Can Tho
 * is `92` in both, and many new communes took the code of one of the communes they absorbed (e.g. new
 * Phường Cái Khế is `31120`, the code of old Phường An Hòa). The generation prefix makes the key unique
 * across both and keeps the GSO code readable in it.
 */
export const AdminUnit = z.object({
  key: z.string(),
  code: z.string().regex(/^\d{2,5}$/),
  generation: UnitGeneration,
  name: z.string().min(1),
  fullName: z.string().min(1),
  nameEn: z.string().min(1).optional(),
  kind: UnitKind,
  level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  parentCode: z.string().nullable(),
  parentKey: z.string().nullable(),
  /** First day in force; null when the data does not say (the pre-2025 units existed long before). */
  validFrom: z.iso.date().nullable(),
  /** Last day in force; null while in force. */
  validTo: z.iso.date().nullable(),
});
export type AdminUnit = z.infer<typeof AdminUnit>;

/** First day of the two-tier units: Decision 19/2025/QĐ-TTg and Resolution 202/2025/QH15, in force 01/7/2025. */
export const UNITS_2025_VALID_FROM = '2025-07-01';
/** Last day of the three-tier units, the day before {@link UNITS_2025_VALID_FROM}. */
export const UNITS_PRE2025_VALID_TO = '2025-06-30';

/** The key of a unit, unique across generations: `2025:92` (Can Tho now), `pre2025:92` (Can Tho before). */
export function unitKey(generation: UnitGeneration, code: string): string {
  return `${generation}:${code}`;
}

const optionalText = z
  .string()
  .nullish()
  .transform((s) => (s ? s : undefined));

/** A commune of `vn_units_full_*.json` (thanglequoc/vietnamese-provinces-database v3+, GSO codes). */
const Commune2025Json = z.object({
  Code: z.string().regex(/^\d{5}$/),
  Name: z.string().min(1),
  NameEn: optionalText,
  FullName: z.string().min(1),
  FullNameEn: optionalText,
  CodeName: optionalText,
  ProvinceCode: z.string().regex(/^\d{2}$/),
  /** 3 = Phường, 4 = Xã, 5 = Đặc khu tại hải đảo. */
  AdministrativeUnitId: z.union([z.literal(3), z.literal(4), z.literal(5)]),
});

/** A province of `vn_units_full_*.json`. */
const Province2025Json = z.object({
  Code: z.string().regex(/^\d{2}$/),
  Name: z.string().min(1),
  NameEn: optionalText,
  FullName: z.string().min(1),
  FullNameEn: optionalText,
  CodeName: optionalText,
  /** 1 = Thành phố trực thuộc trung ương, 2 = Tỉnh. */
  AdministrativeUnitId: z.union([z.literal(1), z.literal(2)]),
  Wards: z.array(Commune2025Json),
});

/**
 * `data/vn-admin-units-2025/vn_units_full_2025-07-01.json` (and the later `vn_units_full_current.json`,
 * same shape): 34 provinces, each with its communes in `Wards`.
 */
export const Units2025Json = z.array(Province2025Json);
export type Units2025Json = z.infer<typeof Units2025Json>;

/** A commune of the pre-2025 simplified JSON; the type word is only in `FullName`. */
const CommunePre2025Json = z.object({
  Code: z.string().regex(/^\d{5}$/),
  Name: z.string().min(1),
  NameEn: optionalText,
  FullName: z.string().regex(/^(Phường|Xã|Thị trấn) /),
  FullNameEn: optionalText,
  CodeName: optionalText,
  DistrictCode: z.string().regex(/^\d{3}$/),
});

const DistrictPre2025Json = z.object({
  Code: z.string().regex(/^\d{3}$/),
  Name: z.string().min(1),
  NameEn: optionalText,
  FullName: z.string().regex(/^(Quận|Huyện|Thị xã|Thành phố) /),
  FullNameEn: optionalText,
  CodeName: optionalText,
  ProvinceCode: z.string().regex(/^\d{2}$/),
  /** null for the five island districts without communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo). */
  Ward: z
    .array(CommunePre2025Json)
    .nullable()
    .transform((w) => w ?? []),
});

const ProvincePre2025Json = z.object({
  Code: z.string().regex(/^\d{2}$/),
  Name: z.string().min(1),
  NameEn: optionalText,
  FullName: z.string().regex(/^(Thành phố|Tỉnh) /),
  FullNameEn: optionalText,
  CodeName: optionalText,
  District: z.array(DistrictPre2025Json),
});

/**
 * `data/vn-admin-units-pre2025/vn_units_63_provinces_2025-03-01.json` (GSO cutoff 01/3/2025, the last
 * three-tier list): 63 provinces → `District[]` → `Ward[]`.
 */
export const UnitsPre2025Json = z.array(ProvincePre2025Json);
export type UnitsPre2025Json = z.infer<typeof UnitsPre2025Json>;

const PROVINCE_KIND_2025: Record<1 | 2, UnitKind> = { 1: 'city', 2: 'province' };
const COMMUNE_KIND_2025: Record<3 | 4 | 5, UnitKind> = { 3: 'ward', 4: 'commune', 5: 'special_zone' };

/**
 * The kind of a pre-2025 unit from the type word its full name starts with. "Thành phố" is a centrally-run
 * city at level 1 and a city under a province (or under a centrally-run city, e.g. Thủ Đức) at level 2.
 */
function kindFromFullName(fullName: string, level: 1 | 2 | 3): UnitKind {
  const prefixes: readonly (readonly [string, UnitKind])[] =
    level === 1
      ? [
          ['Thành phố ', 'city'],
          ['Tỉnh ', 'province'],
        ]
      : level === 2
        ? [
            ['Quận ', 'urban_district'],
            ['Huyện ', 'district'],
            ['Thị xã ', 'district_town'],
            ['Thành phố ', 'district_city'],
          ]
        : [
            ['Phường ', 'ward'],
            ['Xã ', 'commune'],
            ['Thị trấn ', 'town'],
          ];
  const hit = prefixes.find(([p]) => fullName.startsWith(p));
  // The schemas only admit these type words, so a miss means a schema and this table disagree.
  if (!hit) throw new DomainError('system.internal', { reason: 'unit kind', fullName, level });
  return hit[1];
}

/**
 * The 34 provinces and 3,321 communes in force from 1 July 2025 (Decision 19/2025/QĐ-TTg), provinces
 * first, each followed by its communes in file order. Can Tho (92) has 103: 31 phường and 72 xã
 * (Resolution 1668/NQ-UBTVQH15).
 *
 * @param json the parsed `vn_units_full_2025-07-01.json`
 * @throws ZodError when the JSON does not have the expected shape
 */
export function unitsFrom2025(json: unknown): AdminUnit[] {
  const provinces = Units2025Json.parse(json);
  const out: AdminUnit[] = [];
  for (const p of provinces) {
    out.push({
      key: unitKey('2025', p.Code),
      code: p.Code,
      generation: '2025',
      name: p.Name,
      fullName: p.FullName,
      nameEn: p.NameEn,
      kind: PROVINCE_KIND_2025[p.AdministrativeUnitId],
      level: 1,
      parentCode: null,
      parentKey: null,
      validFrom: UNITS_2025_VALID_FROM,
      validTo: null,
    });
    for (const c of p.Wards) {
      out.push({
        key: unitKey('2025', c.Code),
        code: c.Code,
        generation: '2025',
        name: c.Name,
        fullName: c.FullName,
        nameEn: c.NameEn,
        kind: COMMUNE_KIND_2025[c.AdministrativeUnitId],
        level: 2,
        parentCode: p.Code,
        parentKey: unitKey('2025', p.Code),
        validFrom: UNITS_2025_VALID_FROM,
        validTo: null,
      });
    }
  }
  return out;
}

/**
 * The 63 provinces, 696 districts and 10,035 communes of the three-tier system as of the GSO cutoff of
 * 01/3/2025, closed on 30/6/2025 (the day before Decision 19/2025/QĐ-TTg). Each province is followed by
 * its districts, each district by its communes. `validFrom` is null: the file does not say when each unit
 * was created.
 *
 * @param json the parsed `vn_units_63_provinces_2025-03-01.json`
 * @throws ZodError when the JSON does not have the expected shape
 */
export function unitsPre2025(json: unknown): AdminUnit[] {
  const provinces = UnitsPre2025Json.parse(json);
  const out: AdminUnit[] = [];
  const base = { generation: 'pre2025', validFrom: null, validTo: UNITS_PRE2025_VALID_TO } as const;
  for (const p of provinces) {
    out.push({
      ...base,
      key: unitKey('pre2025', p.Code),
      code: p.Code,
      name: p.Name,
      fullName: p.FullName,
      nameEn: p.NameEn,
      kind: kindFromFullName(p.FullName, 1),
      level: 1,
      parentCode: null,
      parentKey: null,
    });
    for (const d of p.District) {
      out.push({
        ...base,
        key: unitKey('pre2025', d.Code),
        code: d.Code,
        name: d.Name,
        fullName: d.FullName,
        nameEn: d.NameEn,
        kind: kindFromFullName(d.FullName, 2),
        level: 2,
        parentCode: p.Code,
        parentKey: unitKey('pre2025', p.Code),
      });
      for (const c of d.Ward) {
        out.push({
          ...base,
          key: unitKey('pre2025', c.Code),
          code: c.Code,
          name: c.Name,
          fullName: c.FullName,
          nameEn: c.NameEn,
          kind: kindFromFullName(c.FullName, 3),
          level: 3,
          parentCode: d.Code,
          parentKey: unitKey('pre2025', d.Code),
        });
      }
    }
  }
  return out;
}
