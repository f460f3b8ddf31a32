import { z } from 'zod';
import { DomainError } from '../errors/index.ts';
import { tonePlacementKey } from './tone-placement-key.ts';
import { type AdminUnit, UNITS_2025_VALID_FROM } from './units.ts';

/**
 * Glossary code names: UBND = `peoples_committee`, Sở / Thanh tra / Văn phòng UBND = `department`, city
 * TTPVHCC = `service_center`, its điểm tiếp nhận = `reception_point`, commune TTPVHCC = `one_stop`; a body
 * of a sector the catalogue names as competent or implementing (commune and city police, tax, social
 * insurance, land registration, customs, …; see `sector-bodies.ts`) = `sector_body`.
 */
export const AgencyKind = z.enum([
  'peoples_committee',
  'service_center',
  'reception_point',
  'department',
  'one_stop',
  'sector_body',
]);
export type AgencyKind = z.infer<typeof AgencyKind>;

/** The sector of a `sector_body` (null for the other kinds). */
export const AgencySector = z.enum([
  'police',
  'tax',
  'social_insurance',
  'land_registration',
  'customs',
  'state_bank',
  'treasury',
  'judgment_enforcement',
  'other',
]);
export type AgencySector = z.infer<typeof AgencySector>;

/** Two-level local government from 1 July 2025: city and commune; there is no district level. */
export const AgencyLevel = z.enum(['city', 'commune']);
export type AgencyLevel = z.infer<typeof AgencyLevel>;

/** An agency that holds, receives or decides records. */
export const Agency = z.object({
  /** Stable slug: `<unit code>-<role>`, e.g. `92-ubnd`, `92-so-tu-phap`, `31120-ttpvhcc`. */
  key: z.string(),
  /** Electronic identifier code (mã định danh điện tử, QĐ 20/2020/QĐ-TTg), see {@link agencyCode}. */
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  kind: AgencyKind,
  level: AgencyLevel,
  /** The 2025 unit the agency sits in: the city for city bodies, the ward for a reception point. */
  unitCode: z.string(),
  parentKey: z.string().nullable(),
  /** Bộ phận Một cửa (ND118 art. 1 cl. 1: the TTPVHCC at both levels) and their reception points. */
  canReceive: z.boolean(),
  /** The sector of a `sector_body`; null for People's Committees, departments and one-stop units. */
  sector: AgencySector.nullable(),
  /**
   * The 2025 communes whose citizens, land or businesses it serves: its own commune for a commune body,
   * every commune of the city for a city-wide body; null when the data does not say (a "Thuế cơ sở" or a
   * land registration branch): the service area is open and an administrator sets it.
   */
  servesUnitCodes: z.array(z.string()).nullable(),
  /** Has a counter at the one-stop centres (police, tax, social insurance sit at Can Tho's TTPVHCC). */
  atOneStopCentre: z.boolean(),
  /** What it was derived from: the catalogue phrasing and how many procedures name it; null when configured. */
  source: z.string().nullable(),
  validFrom: z.iso.date(),
  validTo: z.iso.date().nullable(),
});
export type Agency = z.infer<typeof Agency>;

/**
 * How electronic identifier codes are built. QĐ 20/2020/QĐ-TTg (amended by QĐ 09/2025/QĐ-TTg) writes the
 * highest level first, `MX1X2.Y1Y2Y3.Z1Z2` (as in the record code of Circular 04/2025), e.g. `H55.242`;
 * Can Tho's level-1 code is H13 (DOMAIN §4.2 [C]). What each lower level stands for is not confirmed
 * (DOMAIN §4.2 [U]), so the numbers below are this project's assignment, not the official register:
 * - level 1: `root`, the city People's Committee;
 * - level 2 (`level2Digits` digits): city bodies by their configured number (1–99), the service center
 *   (it has its own seal and account, ND118), and commune People's Committees as `communeBase` + their
 *   rank by GSO code (101–203 for Can Tho's 103);
 * - level 3 (`level3Digits` digits): a reception point under the service center, the one-stop TTPVHCC
 *   under its commune People's Committee.
 * Codes are deterministic for a given unit list; once seeded they are stored, so a later change of the
 * unit list does not renumber existing agencies.
 */
export interface AgencyCodeScheme {
  readonly root: string;
  readonly level2Digits: number;
  readonly level3Digits: number;
  readonly communeBase: number;
  /** Level-2 base of the commune police (Công an xã/phường): base + the commune's rank (default 300). */
  readonly communePoliceBase?: number;
}

/** The default scheme for Can Tho: `H13`, `H13.nnn`, `H13.nnn.mm`. */
export const CAN_THO_AGENCY_CODES: AgencyCodeScheme = {
  root: 'H13',
  level2Digits: 3,
  level3Digits: 2,
  communeBase: 100,
  communePoliceBase: 300,
};

/**
 * The identifier at the given position: `agencyCode(s)` = `H13`, `agencyCode(s, 5)` = `H13.005`,
 * `agencyCode(s, 101, 1)` = `H13.101.01`.
 * @throws DomainError system.internal when a number does not fit its digits
 */
export function agencyCode(scheme: AgencyCodeScheme, level2?: number, level3?: number): string {
  const segment = (n: number, digits: number) => {
    if (!Number.isInteger(n) || n < 1 || n >= 10 ** digits) {
      throw new DomainError('system.internal', { reason: 'agency code segment out of range', n, digits });
    }
    return String(n).padStart(digits, '0');
  };
  let code = scheme.root;
  if (level2 !== undefined) code += `.${segment(level2, scheme.level2Digits)}`;
  if (level2 !== undefined && level3 !== undefined) code += `.${segment(level3, scheme.level3Digits)}`;
  return code;
}

/** A city-level body with its fixed level-2 number (numbers are never reused). */
export interface CityBody {
  readonly slug: string;
  readonly number: number;
  readonly name: string;
  readonly shortName: string;
}

/**
 * Can Tho's specialised agencies (cơ quan chuyên môn) after the 2025 reorganisation, numbered in this
 * order. Confidence of each one existing under this name in Can Tho:
 * [S] Sở Nội vụ, Sở Xây dựng, Sở Công Thương, Sở Y tế, Sở Văn hóa, Thể thao và Du lịch, Sở Dân tộc và Tôn
 *     giáo, Văn phòng UBND (named in Can Tho's merger work, news.laodong.vn 2025-06); Sở Khoa học và Công
 *     nghệ (Can Tho Official Letter 2908/UBND-KSTT, 23/6/2025, as reported by news.laodong.vn);
 * [U] Sở Tài chính, Sở Tư pháp, Sở Nông nghiệp và Môi trường, Sở Giáo dục và Đào tạo, Thanh tra thành phố
 *     (the standard set after the 2025 national merger of ministries; not read in a Can Tho decision).
 */
export const CAN_THO_CITY_BODIES: readonly CityBody[] = [
  { slug: 'so-noi-vu', number: 1, name: 'Sở Nội vụ thành phố Cần Thơ', shortName: 'Sở Nội vụ' },
  { slug: 'so-tai-chinh', number: 2, name: 'Sở Tài chính thành phố Cần Thơ', shortName: 'Sở Tài chính' },
  { slug: 'so-tu-phap', number: 3, name: 'Sở Tư pháp thành phố Cần Thơ', shortName: 'Sở Tư pháp' },
  { slug: 'so-xay-dung', number: 4, name: 'Sở Xây dựng thành phố Cần Thơ', shortName: 'Sở Xây dựng' },
  {
    slug: 'so-nong-nghiep-va-moi-truong',
    number: 5,
    name: 'Sở Nông nghiệp và Môi trường thành phố Cần Thơ',
    shortName: 'Sở Nông nghiệp và Môi trường',
  },
  {
    slug: 'so-cong-thuong',
    number: 6,
    name: 'Sở Công Thương thành phố Cần Thơ',
    shortName: 'Sở Công Thương',
  },
  { slug: 'so-y-te', number: 7, name: 'Sở Y tế thành phố Cần Thơ', shortName: 'Sở Y tế' },
  {
    slug: 'so-giao-duc-va-dao-tao',
    number: 8,
    name: 'Sở Giáo dục và Đào tạo thành phố Cần Thơ',
    shortName: 'Sở Giáo dục và Đào tạo',
  },
  {
    slug: 'so-van-hoa-the-thao-va-du-lich',
    number: 9,
    name: 'Sở Văn hóa, Thể thao và Du lịch thành phố Cần Thơ',
    shortName: 'Sở Văn hóa, Thể thao và Du lịch',
  },
  {
    slug: 'so-khoa-hoc-va-cong-nghe',
    number: 10,
    name: 'Sở Khoa học và Công nghệ thành phố Cần Thơ',
    shortName: 'Sở Khoa học và Công nghệ',
  },
  {
    slug: 'so-dan-toc-va-ton-giao',
    number: 11,
    name: 'Sở Dân tộc và Tôn giáo thành phố Cần Thơ',
    shortName: 'Sở Dân tộc và Tôn giáo',
  },
  { slug: 'thanh-tra', number: 12, name: 'Thanh tra thành phố Cần Thơ', shortName: 'Thanh tra thành phố' },
  {
    slug: 'van-phong-ubnd',
    number: 13,
    name: 'Văn phòng Ủy ban nhân dân thành phố Cần Thơ',
    shortName: 'Văn phòng UBND thành phố',
  },
];

/** A reception point of the city service center, found in the unit data by the ward's full name. */
export interface ReceptionPoint {
  readonly number: number;
  readonly wardFullName: string;
  readonly validTo: string | null;
}

/**
 * The city TTPVHCC (QĐ 816/QĐ-UBND of 13/8/2025, under Văn phòng UBND thành phố; DOMAIN §1.1 [C]) and its
 * two reception points in phường Phú Lợi (former Sóc Trăng city) and phường Vị Thanh (former Vị Thanh city,
 * Hậu Giang: old Phường I, III and VII; Resolution 1668 art. 1 cl. 16), as the foundation issue names them.
 * [S] Press reports of 31/12/2025 (plo.vn, news.laodong.vn) place point no. 2 in phường Vị Tân and say
 * QĐ 3583/QĐ-UBND (2025) closed both points from 1/1/2026; unverified against the decision itself, so the
 * seed keeps them open. Both are configuration (`receptionPoints`).
 */
export const CAN_THO_SERVICE_CENTER = {
  slug: 'ttpvhcc',
  number: 14,
  parentSlug: 'van-phong-ubnd',
  name: 'Trung tâm Phục vụ hành chính công thành phố Cần Thơ',
  shortName: 'TTPVHCC thành phố',
  receptionPoints: [
    { number: 1, wardFullName: 'Phường Phú Lợi', validTo: null },
    { number: 2, wardFullName: 'Phường Vị Thanh', validTo: null },
  ] as readonly ReceptionPoint[],
} as const;

export interface CanThoAgencyOptions {
  readonly cityCode?: string;
  readonly scheme?: AgencyCodeScheme;
  readonly cityBodies?: readonly CityBody[];
  readonly receptionPoints?: readonly ReceptionPoint[];
}

/** "Phường Cái Khế" → "phường Cái Khế", as the type word reads inside a longer name. */
function inName(fullName: string): string {
  return fullName.charAt(0).toLowerCase() + fullName.slice(1);
}

/**
 * Can Tho's agencies under the two-level model, in a fixed order: the city People's Committee; the city
 * bodies by number; the city TTPVHCC and its reception points; then, for each of the 103 communes and
 * wards in GSO-code order, its People's Committee and its TTPVHCC (the commune's Bộ phận Một cửa, ND118
 * art. 1 cl. 1). All valid from 1/7/2025. Can Tho has a TTPVHCC at both levels (it did not choose the
 * single-level model of ND118), so every commune has exactly one one-stop unit.
 *
 * @param units2025 the 2025 units ({@link unitsFrom2025}); other generations are ignored
 * @throws DomainError unit.not_found when the city or a reception point's ward is missing
 * @throws DomainError system.internal when a ward name matches several wards, a number does not fit its
 *   digits, or two agencies get the same code
 */
export function canThoAgencies(units2025: readonly AdminUnit[], options: CanThoAgencyOptions = {}): Agency[] {
  const cityCode = options.cityCode ?? '92';
  const scheme = options.scheme ?? CAN_THO_AGENCY_CODES;
  const bodies = [...(options.cityBodies ?? CAN_THO_CITY_BODIES)].sort((a, b) => a.number - b.number);
  const points = options.receptionPoints ?? CAN_THO_SERVICE_CENTER.receptionPoints;
  const current = units2025.filter((u) => u.generation === '2025');
  const city = current.find((u) => u.level === 1 && u.code === cityCode);
  if (!city) throw new DomainError('unit.not_found', { code: cityCode });
  const communes = current
    .filter((u) => u.level === 2 && u.parentCode === cityCode)
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

  const allCommunes = communes.map((u) => u.code);
  const base = {
    validFrom: UNITS_2025_VALID_FROM,
    validTo: null,
    sector: null,
    servesUnitCodes: allCommunes,
    atOneStopCentre: false,
    source: null,
  };
  const cityKey = `${cityCode}-ubnd`;
  const agencies: Agency[] = [
    {
      ...base,
      key: cityKey,
      code: agencyCode(scheme),
      name: `Ủy ban nhân dân ${inName(city.fullName)}`,
      shortName: `UBND ${inName(city.fullName)}`,
      kind: 'peoples_committee',
      level: 'city',
      unitCode: cityCode,
      parentKey: null,
      canReceive: false,
    },
  ];
  for (const b of bodies) {
    agencies.push({
      ...base,
      key: `${cityCode}-${b.slug}`,
      code: agencyCode(scheme, b.number),
      name: b.name,
      shortName: b.shortName,
      kind: 'department',
      level: 'city',
      unitCode: cityCode,
      parentKey: cityKey,
      canReceive: false,
    });
  }

  const center = CAN_THO_SERVICE_CENTER;
  const centerKey = `${cityCode}-${center.slug}`;
  agencies.push({
    ...base,
    key: centerKey,
    code: agencyCode(scheme, center.number),
    name: center.name,
    shortName: center.shortName,
    kind: 'service_center',
    level: 'city',
    unitCode: cityCode,
    parentKey: bodies.some((b) => b.slug === center.parentSlug)
      ? `${cityCode}-${center.parentSlug}`
      : cityKey,
    canReceive: true,
  });
  for (const p of points) {
    const wanted = tonePlacementKey(p.wardFullName);
    const wards = communes.filter((u) => u.kind === 'ward' && tonePlacementKey(u.fullName) === wanted);
    const ward = wards[0];
    if (!ward) throw new DomainError('unit.not_found', { fullName: p.wardFullName, parentCode: cityCode });
    if (wards.length > 1) {
      throw new DomainError('system.internal', { reason: 'ambiguous ward name', fullName: p.wardFullName });
    }
    agencies.push({
      ...base,
      key: `${centerKey}-diem-${p.number}`,
      code: agencyCode(scheme, center.number, p.number),
      name: `Điểm tiếp nhận hồ sơ và trả kết quả số ${p.number} tại ${inName(ward.fullName)}`,
      shortName: `Điểm tiếp nhận số ${p.number} (${inName(ward.fullName)})`,
      kind: 'reception_point',
      level: 'city',
      unitCode: ward.code,
      parentKey: centerKey,
      canReceive: true,
      validTo: p.validTo,
    });
  }

  communes.forEach((u, i) => {
    const n = scheme.communeBase + i + 1;
    const ubndKey = `${u.code}-ubnd`;
    agencies.push(
      {
        ...base,
        key: ubndKey,
        code: agencyCode(scheme, n),
        name: `Ủy ban nhân dân ${inName(u.fullName)}`,
        shortName: `UBND ${inName(u.fullName)}`,
        kind: 'peoples_committee',
        level: 'commune',
        unitCode: u.code,
        parentKey: cityKey,
        canReceive: false,
        servesUnitCodes: [u.code],
      },
      {
        ...base,
        key: `${u.code}-ttpvhcc`,
        code: agencyCode(scheme, n, 1),
        name: `Trung tâm Phục vụ hành chính công ${inName(u.fullName)}`,
        shortName: `TTPVHCC ${inName(u.fullName)}`,
        kind: 'one_stop',
        level: 'commune',
        unitCode: u.code,
        parentKey: ubndKey,
        canReceive: true,
        servesUnitCodes: [u.code],
      },
    );
  });
  if (new Set(agencies.map((a) => a.code)).size !== agencies.length) {
    throw new DomainError('system.internal', { reason: 'agency codes collide; check the numbers' });
  }
  return agencies;
}
