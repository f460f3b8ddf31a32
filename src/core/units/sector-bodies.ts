import { DomainError } from '../errors/index.ts';
import {
  type Agency,
  type AgencyCodeScheme,
  type AgencySector,
  agencyCode,
  CAN_THO_AGENCY_CODES,
} from './agencies.ts';
import { type AdminUnit, UNITS_2025_VALID_FROM } from './units.ts';

/** What the derivation reads of a catalogue procedure (`ProcedureDraft` fields, see src/core/catalog). */
export interface CatalogueAgencyText {
  readonly code: string;
  readonly competentAgencyText: string | null;
  readonly implementingAgencyText: string | null;
}

/**
 * A sector body the catalogue may name. `names` are the catalogue's own phrasings of it (a body is created
 * only when one of them occurs in some procedure's competent or implementing agency text); `aliases` are
 * further phrasings routing reads as the same local body (the central department whose local unit does the
 * work, a pre-2025 name). Patterns are matched case-insensitively on the published text.
 * - `scope: 'city'`: one body serving the whole city;
 * - `scope: 'open'`: the catalogue names a kind of office ("Thuế cơ sở", "Chi nhánh Văn phòng đăng ký đất
 *   đai") but not how many there are or which communes each serves: one body is created with
 *   `servesUnitCodes: null`, for the administrator to set (or to split into offices with their areas).
 * Numbers are fixed and never reused: level 2 (`number`) for a top body, level 3 (`sub`) under `parent`.
 */
export interface SectorBodyTemplate {
  readonly slug: string;
  readonly sector: AgencySector;
  readonly name: string;
  readonly shortName: string;
  readonly names: readonly RegExp[];
  readonly aliases?: readonly RegExp[];
  readonly scope: 'city' | 'open';
  readonly atOneStopCentre: boolean;
  /** Level-2 number, for a body directly under the city's tree. */
  readonly number?: number;
  /** Level-3 number under `parent` (a template slug or a city body slug such as `so-tu-phap`). */
  readonly parent?: string;
  readonly sub?: number;
}

const ci = (s: string) => new RegExp(s, 'iu');

/**
 * Can Tho's sector bodies as the catalogue names them (co_quan_co_tham_quyen, co_quan_thuc_hien of
 * data/vn-tthc-catalog), mapped onto the two-level structure (DOMAIN.md §1.4: vertically organised
 * agencies — tax, social insurance, police, customs, State Bank, treasury, judgment enforcement, courts,
 * port authorities — have offices in the locality and staff at the TTPVHCC). Police, tax and social
 * insurance have counters at the one-stop centres (`atOneStopCentre`). Names of the form "<body> thành phố
 * Cần Thơ" are the catalogue's "<body> tỉnh/cấp Tỉnh" read for this city; where the catalogue names a
 * regional body without its number ("Chi cục Hải quan khu vực") the name keeps the catalogue's words.
 */
export const CAN_THO_SECTOR_BODIES: readonly SectorBodyTemplate[] = [
  {
    slug: 'cong-an',
    sector: 'police',
    number: 21,
    name: 'Công an thành phố Cần Thơ',
    shortName: 'Công an thành phố',
    names: [ci('Công an (?:cấp )?tỉnh')],
    scope: 'city',
    atOneStopCentre: true,
  },
  {
    slug: 'cong-an-pc06',
    sector: 'police',
    parent: 'cong-an',
    sub: 1,
    name: 'Phòng Cảnh sát quản lý hành chính về trật tự xã hội, Công an thành phố Cần Thơ',
    shortName: 'Phòng CSQLHC về TTXH (PC06)',
    names: [ci('Phòng cảnh sát quản lý hành chính về trật tự,? xã hội')],
    aliases: [ci('Cục cảnh sát quản lý hành chính về trật tự,? xã hội')],
    scope: 'city',
    atOneStopCentre: true,
  },
  {
    slug: 'cong-an-pa08',
    sector: 'police',
    parent: 'cong-an',
    sub: 2,
    name: 'Phòng Quản lý xuất nhập cảnh, Công an thành phố Cần Thơ',
    shortName: 'Phòng Quản lý xuất nhập cảnh (PA08)',
    names: [ci('Phòng (?:quản lý )?xuất,? nhập cảnh')],
    aliases: [ci('Cục quản lý xuất,? nhập cảnh')],
    scope: 'city',
    atOneStopCentre: true,
  },
  {
    slug: 'cong-an-pc08',
    sector: 'police',
    parent: 'cong-an',
    sub: 3,
    name: 'Phòng Cảnh sát giao thông, Công an thành phố Cần Thơ',
    shortName: 'Phòng Cảnh sát giao thông (PC08)',
    names: [ci('Phòng cảnh sát giao thông')],
    aliases: [ci('Cục cảnh sát giao thông')],
    scope: 'city',
    atOneStopCentre: true,
  },
  {
    slug: 'cong-an-pc07',
    sector: 'police',
    parent: 'cong-an',
    sub: 4,
    name: 'Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ, Công an thành phố Cần Thơ',
    shortName: 'Phòng Cảnh sát PCCC và CNCH (PC07)',
    // The catalogue copies Ho Chi Minh City's ("… TP HCM"); as for departments, Can Tho has its own.
    names: [ci('Phòng cảnh sát phòng cháy,? chữa cháy')],
    aliases: [ci('Cục cảnh sát phòng cháy,? chữa cháy')],
    scope: 'city',
    atOneStopCentre: true,
  },
  {
    slug: 'thue',
    sector: 'tax',
    number: 22,
    name: 'Thuế thành phố Cần Thơ',
    shortName: 'Thuế thành phố',
    names: [ci('Thuế tỉnh, thành phố'), ci('Thuế tỉnh')],
    aliases: [ci('Cục Thuế tỉnh'), ci('Cục Thuế'), ci('Cơ quan thuế')],
    scope: 'city',
    atOneStopCentre: true,
  },
  {
    slug: 'thue-co-so',
    sector: 'tax',
    parent: 'thue',
    sub: 1,
    name: 'Thuế cơ sở (thành phố Cần Thơ)',
    shortName: 'Thuế cơ sở',
    names: [ci('Thuế cơ sở')],
    aliases: [ci('Chi cục thuế khu vực'), ci('Chi cục thuế huyện')],
    scope: 'open',
    atOneStopCentre: true,
  },
  {
    slug: 'bhxh',
    sector: 'social_insurance',
    number: 23,
    name: 'Bảo hiểm xã hội thành phố Cần Thơ',
    shortName: 'BHXH thành phố',
    names: [ci('Bảo hiểm xã hội (?:cấp )?tỉnh')],
    scope: 'city',
    atOneStopCentre: true,
  },
  {
    slug: 'bhxh-co-so',
    sector: 'social_insurance',
    parent: 'bhxh',
    sub: 1,
    name: 'Bảo hiểm xã hội cơ sở (thành phố Cần Thơ)',
    shortName: 'BHXH cơ sở',
    names: [ci('Bảo hiểm xã hội cấp huyện'), ci('Bảo hiểm xã hội cơ sở')],
    scope: 'open',
    atOneStopCentre: true,
  },
  {
    slug: 'vpdkdd',
    sector: 'land_registration',
    number: 24,
    name: 'Văn phòng đăng ký đất đai thành phố Cần Thơ',
    shortName: 'Văn phòng đăng ký đất đai',
    names: [ci('(?<!Chi nhánh )Văn phòng đăng ký đất đai')],
    scope: 'city',
    atOneStopCentre: false,
  },
  {
    slug: 'vpdkdd-chi-nhanh',
    sector: 'land_registration',
    parent: 'vpdkdd',
    sub: 1,
    name: 'Chi nhánh Văn phòng đăng ký đất đai (thành phố Cần Thơ)',
    shortName: 'Chi nhánh VPĐKĐĐ',
    names: [ci('Chi nhánh Văn phòng đăng ký đất đai')],
    scope: 'open',
    atOneStopCentre: false,
  },
  {
    slug: 'hai-quan',
    sector: 'customs',
    number: 25,
    name: 'Chi cục Hải quan khu vực (địa bàn thành phố Cần Thơ)',
    shortName: 'Chi cục Hải quan khu vực',
    names: [ci('Chi cục Hải quan khu vực'), ci('Hải quan (?:ngoài )?cửa khẩu')],
    aliases: [ci('Cục Hải quan tỉnh'), ci('Cục Hải quan')],
    scope: 'city',
    atOneStopCentre: false,
  },
  {
    slug: 'nhnn',
    sector: 'state_bank',
    number: 26,
    name: 'Ngân hàng Nhà nước Khu vực (địa bàn thành phố Cần Thơ)',
    shortName: 'Ngân hàng Nhà nước Khu vực',
    names: [ci('Ngân hàng Nhà nước Khu vực')],
    aliases: [ci('Ngân hàng Nhà nước Chi nhánh tỉnh, thành phố trực thuộc')],
    scope: 'city',
    atOneStopCentre: false,
  },
  {
    slug: 'kho-bac',
    sector: 'treasury',
    number: 27,
    name: 'Kho bạc Nhà nước khu vực (địa bàn thành phố Cần Thơ)',
    shortName: 'Kho bạc Nhà nước khu vực',
    names: [ci('Kho bạc Nhà nước khu vực'), ci('Kho bạc nhà nước các cấp')],
    aliases: [ci('Kho bạc Nhà nước')],
    scope: 'city',
    atOneStopCentre: false,
  },
  {
    slug: 'thads',
    sector: 'judgment_enforcement',
    number: 28,
    name: 'Thi hành án dân sự thành phố Cần Thơ',
    shortName: 'Thi hành án dân sự thành phố',
    names: [ci('Thi hành án dân sự tỉnh')],
    scope: 'city',
    atOneStopCentre: false,
  },
  {
    slug: 'toa-an',
    sector: 'other',
    number: 29,
    name: 'Tòa án nhân dân thành phố Cần Thơ',
    shortName: 'Tòa án nhân dân thành phố',
    names: [ci('Tòa án nhân dân tỉnh')],
    scope: 'city',
    atOneStopCentre: false,
  },
  {
    slug: 'cang-vu-hang-hai',
    sector: 'other',
    number: 30,
    name: 'Cảng vụ hàng hải (địa bàn thành phố Cần Thơ)',
    shortName: 'Cảng vụ hàng hải',
    names: [ci('Cảng vụ hàng hải')],
    scope: 'city',
    atOneStopCentre: false,
  },
  {
    slug: 'cang-vu-dtnd',
    sector: 'other',
    number: 31,
    name: 'Cảng vụ đường thủy nội địa (địa bàn thành phố Cần Thơ)',
    shortName: 'Cảng vụ đường thủy nội địa',
    names: [ci('Cảng vụ đường thủy nội địa')],
    scope: 'city',
    atOneStopCentre: false,
  },
  {
    slug: 'bql-kcn',
    sector: 'other',
    number: 32,
    name: 'Ban Quản lý các khu công nghiệp thành phố Cần Thơ',
    shortName: 'Ban Quản lý các khu công nghiệp',
    names: [ci('Ban Quản lý các Khu công nghiệp'), ci('Ban quản lý khu công nghiệp')],
    aliases: [ci('Ban Quản lý Khu chế xuất'), ci('Ban Quản lý Khu kinh tế')],
    scope: 'city',
    atOneStopCentre: false,
  },
  {
    slug: 'kiem-lam',
    sector: 'other',
    parent: 'so-nong-nghiep-va-moi-truong',
    sub: 1,
    name: 'Chi cục Kiểm lâm thành phố Cần Thơ',
    shortName: 'Chi cục Kiểm lâm',
    names: [ci('Chi cục Kiểm lâm'), ci('Chi cục Lâm nghiệp và Kiểm lâm')],
    scope: 'city',
    atOneStopCentre: false,
  },
  {
    slug: 'thuy-san',
    sector: 'other',
    parent: 'so-nong-nghiep-va-moi-truong',
    sub: 2,
    name: 'Chi cục Thủy sản thành phố Cần Thơ',
    shortName: 'Chi cục Thủy sản',
    names: [ci('Chi cục Thủy sản')],
    aliases: [ci('Cơ quan quản lý nhà nước về thủy sản cấp tỉnh')],
    scope: 'city',
    atOneStopCentre: false,
  },
  {
    slug: 'trong-trot-bvtv',
    sector: 'other',
    parent: 'so-nong-nghiep-va-moi-truong',
    sub: 3,
    name: 'Chi cục Trồng trọt và Bảo vệ thực vật thành phố Cần Thơ',
    shortName: 'Chi cục Trồng trọt và BVTV',
    names: [ci('Chi cục Trồng trọt và Bảo vệ thực vật')],
    scope: 'city',
    atOneStopCentre: false,
  },
  {
    slug: 'tro-giup-phap-ly',
    sector: 'other',
    parent: 'so-tu-phap',
    sub: 1,
    name: 'Trung tâm Trợ giúp pháp lý nhà nước thành phố Cần Thơ',
    shortName: 'Trung tâm Trợ giúp pháp lý',
    names: [ci('Trung tâm trợ giúp pháp lý')],
    scope: 'city',
    atOneStopCentre: false,
  },
];

/** How the catalogue names the commune police (Công an xã/phường; Law on People's Public Security 2018, as amended 2025). */
export const COMMUNE_POLICE_NAMES: readonly RegExp[] = [ci('Công an cấp xã'), ci('Công an xã(?!,? phường)')];

/** "Phường Cái Khế" → "phường Cái Khế", as the type word reads inside a longer name. */
function inName(fullName: string): string {
  return fullName.charAt(0).toLowerCase() + fullName.slice(1);
}

/** The procedures (codes) naming one of `patterns`, and each phrasing as published with its count. */
function namedBy(procedures: readonly CatalogueAgencyText[], patterns: readonly RegExp[]) {
  const codes = new Set<string>();
  const phrasings = new Map<string, Set<string>>();
  for (const p of procedures) {
    for (const text of [p.competentAgencyText, p.implementingAgencyText]) {
      if (!text) continue;
      const taken: [number, number][] = [];
      for (const re of patterns) {
        const m = re.exec(text.replace(/\s+/gu, ' '));
        if (!m) continue;
        const [from, to] = [m.index, m.index + m[0].length];
        // A shorter phrasing inside one already counted ("Thuế tỉnh" in "Thuế tỉnh, thành phố") is the same.
        if (taken.some(([a, b]) => from < b && a < to)) continue;
        taken.push([from, to]);
        codes.add(p.code);
        const set = phrasings.get(m[0]) ?? new Set<string>();
        set.add(p.code);
        phrasings.set(m[0], set);
      }
    }
  }
  const phrases = [...phrasings]
    .sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1))
    .map(([text, set]) => `"${text}" (${set.size})`)
    .join(', ');
  const source = `${phrases} — named in ${codes.size} procedures of the catalogue`;
  return { count: codes.size, source };
}

export interface SectorBodyOptions {
  readonly cityCode?: string;
  readonly scheme?: AgencyCodeScheme;
  readonly templates?: readonly SectorBodyTemplate[];
}

/**
 * Can Tho's sector bodies derived from the catalogue: for each template whose `names` occur in some
 * procedure's competent or implementing agency text, that body (city-wide, or with an open service area);
 * and, when the catalogue names "Công an cấp Xã", the police of every commune and ward (Công an phường
 * Ninh Kiều, …), serving its own commune, under the city police. Nothing the catalogue does not name.
 * Codes (see {@link agencyCode}): a top body `H13.<number>` (21–39), a body under another `H13.<parent>.<sub>`,
 * the commune police `H13.<communePoliceBase + rank by GSO code>` (301–403). Vertical bodies sit under the
 * city People's Committee in the agency tree (the system's administration tree, not a chain of command).
 *
 * @param procedures the catalogue's agency texts (`ProcedureDraft` competentAgencyText/implementingAgencyText)
 * @param units2025 the 2025 units ({@link unitsFrom2025})
 * @throws DomainError unit.not_found when the city is missing; system.internal when a template's parent is
 *   unknown or numbers collide
 */
export function canThoSectorBodies(
  procedures: readonly CatalogueAgencyText[],
  units2025: readonly AdminUnit[],
  options: SectorBodyOptions = {},
): Agency[] {
  const cityCode = options.cityCode ?? '92';
  const scheme = options.scheme ?? CAN_THO_AGENCY_CODES;
  const templates = options.templates ?? CAN_THO_SECTOR_BODIES;
  const current = units2025.filter((u) => u.generation === '2025');
  const city = current.find((u) => u.level === 1 && u.code === cityCode);
  if (!city) throw new DomainError('unit.not_found', { code: cityCode });
  const communes = current
    .filter((u) => u.level === 2 && u.parentCode === cityCode)
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const allCommunes = communes.map((u) => u.code);
  const cityKey = `${cityCode}-ubnd`;
  // Level-2 numbers of the city bodies a sector body may sit under (CAN_THO_CITY_BODIES).
  const cityBodyNumbers: Record<string, number> = { 'so-tu-phap': 3, 'so-nong-nghiep-va-moi-truong': 5 };
  const numbers = new Map<string, number>(Object.entries(cityBodyNumbers));
  for (const t of templates) if (t.number !== undefined) numbers.set(t.slug, t.number);

  const out: Agency[] = [];
  const base = { level: 'city' as const, unitCode: cityCode, canReceive: false };
  for (const t of templates) {
    const named = namedBy(procedures, t.names);
    if (named.count === 0) continue;
    let code: string;
    let parentKey = cityKey;
    if (t.number !== undefined) code = agencyCode(scheme, t.number);
    else {
      const parentNumber = t.parent ? numbers.get(t.parent) : undefined;
      if (parentNumber === undefined || t.sub === undefined) {
        throw new DomainError('system.internal', {
          reason: 'sector body without a parent number',
          slug: t.slug,
        });
      }
      code = agencyCode(scheme, parentNumber, t.sub);
      parentKey = `${cityCode}-${t.parent}`;
    }
    out.push({
      ...base,
      key: `${cityCode}-${t.slug}`,
      code,
      name: t.name,
      shortName: t.shortName,
      kind: 'sector_body',
      parentKey,
      sector: t.sector,
      servesUnitCodes: t.scope === 'city' ? allCommunes : null,
      atOneStopCentre: t.atOneStopCentre,
      source: named.source,
      validFrom: UNITS_2025_VALID_FROM,
      validTo: null,
    });
  }
  // A child whose parent was not derived hangs under the city committee (still a real body the catalogue names).
  const keys = new Set(out.map((a) => a.key));
  for (const a of out) {
    if (a.parentKey !== cityKey && !keys.has(a.parentKey!) && !a.parentKey!.startsWith(`${cityCode}-so-`)) {
      a.parentKey = cityKey;
    }
  }

  const police = namedBy(procedures, COMMUNE_POLICE_NAMES);
  if (police.count > 0) {
    const policeBase = scheme.communePoliceBase ?? 300;
    const cityPolice = keys.has(`${cityCode}-cong-an`) ? `${cityCode}-cong-an` : cityKey;
    communes.forEach((u, i) => {
      out.push({
        key: `${u.code}-cong-an-xa`,
        code: agencyCode(scheme, policeBase + i + 1),
        name: `Công an ${inName(u.fullName)}`,
        shortName: `Công an ${inName(u.fullName)}`,
        kind: 'sector_body',
        level: 'commune',
        unitCode: u.code,
        parentKey: cityPolice,
        canReceive: false,
        sector: 'police',
        servesUnitCodes: [u.code],
        atOneStopCentre: true,
        source: police.source,
        validFrom: UNITS_2025_VALID_FROM,
        validTo: null,
      });
    });
  }
  if (new Set(out.map((a) => a.code)).size !== out.length) {
    throw new DomainError('system.internal', { reason: 'sector body codes collide; check the numbers' });
  }
  return out;
}

/** The template a sector body was derived from (by its key `<city>-<slug>`), if any. */
export function sectorTemplateOf(
  key: string,
  templates: readonly SectorBodyTemplate[] = CAN_THO_SECTOR_BODIES,
): SectorBodyTemplate | undefined {
  const slug = key.slice(key.indexOf('-') + 1);
  return templates.find((t) => t.slug === slug || (t.scope === 'open' && slug.startsWith(`${t.slug}-`)));
}
