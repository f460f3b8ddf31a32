import type { CompetentAgencyRule } from '../catalog/index.ts';
import {
  type Agency,
  CAN_THO_SECTOR_BODIES,
  type SectorBodyTemplate,
  sectorTemplateOf,
} from '../units/index.ts';
import { normalizeSearchText } from '../vn/index.ts';
import type { RoutingFacts } from './applicant-data.ts';
import { type RecordResult, recordError } from './record-error-codes.ts';

/**
 * What routing needs to know of an agency (the fields of src/core/units `Agency`). `sector` and
 * `servesUnitCodes` matter for sector bodies (commune police, area offices); absent means none / unknown.
 */
export type RoutingAgency = Pick<Agency, 'key' | 'code' | 'kind' | 'level' | 'unitCode' | 'name'> &
  Partial<Pick<Agency, 'sector' | 'servesUnitCodes'>>;

/** Kinds of agency that are a Bộ phận Một cửa or one of its reception points (Decree 118/2025 art. 1 cl. 1). */
const ONE_STOP_KINDS: ReadonlySet<RoutingAgency['kind']> = new Set([
  'one_stop',
  'service_center',
  'reception_point',
]);

/** True when the agency is a one-stop unit (commune TTPVHCC, city TTPVHCC or one of its reception points). */
export function isOneStopUnit(agency: RoutingAgency): boolean {
  return ONE_STOP_KINDS.has(agency.kind);
}

/** The routing facts each commune rule reads. */
const COMMUNE_FACT = {
  residence_commune: 'residenceUnitCode',
  land_parcel_commune: 'landParcelUnitCode',
  business_commune: 'businessUnitCode',
  original_commune: 'originalUnitCode',
} as const satisfies Partial<Record<CompetentAgencyRule['kind'], keyof RoutingFacts>>;

/** "Ủy ban nhân dân cấp tỉnh", "Chủ tịch UBND tỉnh", … at the start of a published agency text. */
const PROVINCIAL_COMMITTEE = /^(?:chu tich )?(?:uy ban nhan dan|ubnd) (?:cap tinh|tinh|thanh pho)\b/;
/** The provincial People's Committee (or its chairman) as one item of a list of bodies. */
const PROVINCIAL_COMMITTEE_ITEM =
  /^(?:chu tich )?(?:uy ban nhan dan|ubnd) (?:cap tinh|tinh)(?: (?:va )?thanh pho truc thuoc trung uong)?$/;
/**
 * Names of a city department the catalogue uses besides its own (normalised): a generic description, or a
 * department merged into it in the 2025 reorganisation (Sở Nông nghiệp và Phát triển nông thôn and Sở Tài
 * nguyên và Môi trường → Sở Nông nghiệp và Môi trường; Sở Giao thông vận tải, HCMC's Sở Giao thông công
 * chánh → Sở Xây dựng).
 */
const DEPARTMENT_ALIASES: readonly [RegExp, string][] = [
  [
    / co quan chuyen mon ve nong nghiep va moi truong thuoc (?:uy ban nhan dan|ubnd) cap tinh /g,
    'so nong nghiep va moi truong',
  ],
  [/ co quan co chuc nang quan ly dat dai cap tinh /g, 'so nong nghiep va moi truong'],
  [/ so nong nghiep va phat trien nong thon /g, 'so nong nghiep va moi truong'],
  [/ so tai nguyen va moi truong /g, 'so nong nghiep va moi truong'],
  [/ so giao thong van tai /g, 'so xay dung'],
  [/ so giao thong cong chanh /g, 'so xay dung'],
];

/** The province or city part that ends a department's name ("… thành phố Cần Thơ"). */
const PLACE_SUFFIX = / (?:thanh pho|tinh) .*$/;

/** Where a sector body template is named in a text: the earliest of its names and aliases. */
function templateAt(t: SectorBodyTemplate, text: string): number {
  let at = -1;
  for (const re of [...t.names, ...(t.aliases ?? [])]) {
    const i = text.search(re);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  return at;
}

/** A body a published text names: a city body (by its name) or sector bodies (by their template). */
type Named<A> = { agencies: A[]; template?: SectorBodyTemplate };

/**
 * The sector bodies of the template named first in `text` ("Công an tỉnh" → Công an thành phố, "Cục Thuế" →
 * Thuế thành phố, "Chi nhánh Văn phòng đăng ký đất đai" → the branches), with the position in the text.
 */
function sectorBodiesNamed<A extends RoutingAgency>(
  text: string,
  agencies: readonly A[],
): { at: number; named: Named<A> } | undefined {
  const clean = text.replace(/\s+/gu, ' ');
  let best: { at: number; t: SectorBodyTemplate } | undefined;
  for (const t of CAN_THO_SECTOR_BODIES) {
    const at = templateAt(t, clean);
    if (at < 0) continue;
    if (!best || at < best.at) best = { at, t };
  }
  if (!best) return undefined;
  const t = best.t;
  const found = agencies.filter(
    (a) => a.kind === 'sector_body' && a.level === 'city' && sectorTemplateOf(a.key)?.slug === t.slug,
  );
  if (found.length === 0) return undefined;
  // Position in the normalised text, comparable with the city bodies' (same length prefix up to `at`).
  return { at: normalizeSearchText(clean.slice(0, best.at)).length, named: { agencies: found, template: t } };
}

/**
 * The body a published agency text names: the department (or other city body) whose name, without the
 * city, appears first in the text, or the sector body named first ({@link sectorBodiesNamed}), or the city
 * People's Committee when the text starts with it ("Chủ tịch ủy ban nhân dân cấp tỉnh", "Ủy ban nhân dân
 * cấp tỉnh, Sở Tư pháp"). Bodies "designated by the provincial People's Committee" match nothing: someone
 * must decide which one.
 */
function bodyNamed<A extends RoutingAgency>(text: string, agencies: readonly A[]): Named<A> | undefined {
  let haystack = ` ${normalizeSearchText(text)} `;
  for (const [alias, name] of DEPARTMENT_ALIASES) haystack = haystack.replace(alias, ` ${name} `);
  let best: { agency: A; at: number; length: number } | undefined;
  for (const a of agencies) {
    if (a.level !== 'city' || a.kind === 'peoples_committee' || a.kind === 'sector_body' || isOneStopUnit(a))
      continue;
    const core = normalizeSearchText(a.name).replace(PLACE_SUFFIX, '');
    const at = haystack.indexOf(` ${core} `);
    if (at < 0) continue;
    if (!best || at < best.at || (at === best.at && core.length > best.length)) {
      best = { agency: a, at, length: core.length };
    }
  }
  const sector = sectorBodiesNamed(text, agencies);
  if (sector && (!best || sector.at < best.at)) {
    if (sector.at === 0 || !PROVINCIAL_COMMITTEE.test(haystack.trim())) return sector.named;
  }
  if (best?.at === 0) return { agencies: [best.agency] };
  const ubnd = () => {
    const found = agencies.find((a) => a.level === 'city' && a.kind === 'peoples_committee');
    return found ? { agencies: [found] } : undefined;
  };
  if (PROVINCIAL_COMMITTEE.test(haystack.trim())) return ubnd();
  if (best) return { agencies: [best.agency] };
  if (sector) return sector.named;
  // Central bodies listed with the provincial committee ("Cục Đường sắt Việt Nam, Chủ tịch ủy ban nhân dân
  // cấp tỉnh"): the committee is the only local body named.
  const items = text.split(',').map((t) => normalizeSearchText(t));
  return items.some((t) => PROVINCIAL_COMMITTEE_ITEM.test(t)) ? ubnd() : undefined;
}

function communeCommittee<A extends RoutingAgency>(unitCode: string, agencies: readonly A[]): A | undefined {
  return agencies.find(
    (a) => a.level === 'commune' && a.kind === 'peoples_committee' && a.unitCode === unitCode,
  );
}

/** The commune's police (Công an xã/phường), a `sector_body` of sector `police` at commune level. */
function communePolice<A extends RoutingAgency>(unitCode: string, agencies: readonly A[]): A | undefined {
  return agencies.find(
    (a) =>
      a.level === 'commune' && a.kind === 'sector_body' && a.sector === 'police' && a.unitCode === unitCode,
  );
}

/**
 * The competent agency of a record (cơ quan có thẩm quyền), from the procedure version's rule and the
 * applicant's data — never from the receiving counter (Decree 118/2025 art. 14, DOMAIN.md §2.7):
 * - `agencyKey` set (an administrator's choice): that agency, whatever the kind;
 * - commune rules: the People's Committee — or with `body: 'police'` the police (Công an xã/phường) — of
 *   the commune named by the matching fact (residence, land parcel, business location, the commune that
 *   certified the earlier transaction);
 * - `any_commune`: the receiving commune's body, else the residence commune's;
 * - `fixed_city_department`, `vertical_agency`: the city body or sector body the rule's `department` text
 *   names (aliases in src/core/units `CAN_THO_SECTOR_BODIES`); an area office ("Thuế cơ sở", a land
 *   registration branch) is the one whose `servesUnitCodes` holds the commune of the rule's `servedBy` fact;
 * - `city_or_commune_by_case`: by `facts.level`, the city body or the residence commune's body;
 * - `named_agency` without `agencyKey`, `unresolved`: nobody.
 * `agencies` are the city's current agencies; `receiving` is the one-stop unit that receives the record.
 * Errors: `record.competent_agency_unresolved` with `rule` and `reason` (`missing_fact` with the `field` to
 * fill, `no_agency` with the `unitCode`, `department` or `agencyKey`, `unresolved_rule`,
 * `service_area_open` when the area office's service area is not set yet).
 */
export function competentAgency<A extends RoutingAgency>(
  rule: CompetentAgencyRule,
  facts: RoutingFacts,
  agencies: readonly A[],
  receiving?: RoutingAgency,
): RecordResult<A> {
  const fail = (reason: string, more: Record<string, unknown> = {}) =>
    ({
      ok: false,
      error: recordError('record.competent_agency_unresolved', { rule: rule.kind, reason, ...more }),
    }) as const;
  if (rule.agencyKey !== undefined) {
    const chosen = agencies.find((a) => a.key === rule.agencyKey);
    return chosen ? { ok: true, value: chosen } : fail('no_agency', { agencyKey: rule.agencyKey });
  }
  const commune = (unitCode: string | undefined, field: keyof RoutingFacts): RecordResult<A> => {
    if (unitCode === undefined) return fail('missing_fact', { field: `routing.${field}` });
    const found =
      rule.body === 'police' ? communePolice(unitCode, agencies) : communeCommittee(unitCode, agencies);
    return found
      ? { ok: true, value: found }
      : fail('no_agency', { unitCode, body: rule.body ?? 'peoples_committee' });
  };
  const named = (): RecordResult<A> => {
    if (!rule.department) return fail('unresolved_rule');
    const found = bodyNamed(rule.department, agencies);
    if (!found) return fail('no_agency', { department: rule.department });
    if (found.template?.scope !== 'open') return { ok: true, value: found.agencies[0]! };
    // An area office: the one whose service area holds the commune the rule's fact names.
    if (!rule.servedBy) return fail('service_area_open', { department: rule.department });
    const unitCode = facts[rule.servedBy];
    if (unitCode === undefined) return fail('missing_fact', { field: `routing.${rule.servedBy}` });
    const serving = found.agencies.find((a) => a.servesUnitCodes?.includes(unitCode));
    if (serving) return { ok: true, value: serving };
    return found.agencies.some((a) => a.servesUnitCodes == null)
      ? fail('service_area_open', { department: rule.department, unitCode })
      : fail('no_agency', { department: rule.department, unitCode });
  };
  switch (rule.kind) {
    case 'residence_commune':
    case 'land_parcel_commune':
    case 'business_commune':
    case 'original_commune': {
      const field = COMMUNE_FACT[rule.kind];
      return commune(facts[field], field);
    }
    case 'any_commune':
      return receiving?.level === 'commune'
        ? commune(receiving.unitCode, 'residenceUnitCode')
        : commune(facts.residenceUnitCode, 'residenceUnitCode');
    case 'fixed_city_department':
      return named();
    case 'city_or_commune_by_case':
      if (facts.level === undefined) return fail('missing_fact', { field: 'routing.level' });
      return facts.level === 'city' ? named() : commune(facts.residenceUnitCode, 'residenceUnitCode');
    case 'vertical_agency':
      return named();
    case 'named_agency':
      return fail('unresolved_rule');
    case 'unresolved':
      return fail('unresolved_rule');
  }
}

/**
 * The routing facts the counter and online forms must ask for a procedure with this rule (only those):
 * the commune fact of a commune rule, `level` and the residence for a case-by-case rule, the `servedBy`
 * fact of an area office; none for a fixed body or an administrator's explicit choice (`agencyKey`).
 * `any_commune` asks the residence, used when the record is not received at a commune's counter.
 */
export function routingFactsNeeded(rule: CompetentAgencyRule): (keyof RoutingFacts)[] {
  if (rule.agencyKey !== undefined) return [];
  switch (rule.kind) {
    case 'residence_commune':
    case 'land_parcel_commune':
    case 'business_commune':
    case 'original_commune':
      return [COMMUNE_FACT[rule.kind]];
    case 'any_commune':
      return ['residenceUnitCode'];
    case 'city_or_commune_by_case':
      return ['level', 'residenceUnitCode'];
    case 'fixed_city_department':
    case 'vertical_agency':
      return rule.servedBy ? [rule.servedBy] : [];
    case 'named_agency':
    case 'unresolved':
      return [];
  }
}

/**
 * Whether `agency` is the competent body for some records of a procedure with this rule (its "own"
 * procedures, the denominators of the Decision 766 catalogue indicators 1.3, 3.1, 3.5), consistent with
 * {@link competentAgency}: the chosen agency when `agencyKey` is set; every commune People's Committee (or
 * commune police for `body: 'police'`) for the commune rules; the named city or sector body for the
 * department and vertical-agency rules (every office of an area-office rule); both for
 * `city_or_commune_by_case`; nobody for an unresolved rule.
 */
export function isCompetentFor<A extends RoutingAgency>(
  rule: CompetentAgencyRule,
  agency: A,
  agencies: readonly A[],
): boolean {
  if (rule.agencyKey !== undefined) return agency.key === rule.agencyKey;
  const communeBody =
    agency.level === 'commune' &&
    (rule.body === 'police'
      ? agency.kind === 'sector_body' && agency.sector === 'police'
      : agency.kind === 'peoples_committee');
  const named = () => {
    if (!rule.department) return false;
    const found = bodyNamed(rule.department, agencies);
    if (!found) return false;
    return found.template?.scope === 'open'
      ? found.agencies.some((a) => a.key === agency.key)
      : found.agencies[0]?.key === agency.key;
  };
  switch (rule.kind) {
    case 'residence_commune':
    case 'land_parcel_commune':
    case 'business_commune':
    case 'original_commune':
    case 'any_commune':
      return communeBody;
    case 'fixed_city_department':
    case 'vertical_agency':
      return named();
    case 'city_or_commune_by_case':
      return communeBody || named();
    case 'named_agency':
    case 'unresolved':
      return false;
  }
}

/**
 * Whether `receiving` may receive a record that `competent` decides (Decree 118/2025 art. 14; DOMAIN.md
 * §1.4, §2.7). Only one-stop units receive. A procedure marked `crossBoundary` (on the city's list of
 * procedures received regardless of administrative boundaries) may be received by any one-stop unit of the
 * city; otherwise only by the competent commune's own TTPVHCC, or, for a city body, by the city TTPVHCC
 * and its reception points.
 */
export function canReceive(
  crossBoundary: boolean,
  receiving: RoutingAgency,
  competent: RoutingAgency,
): boolean {
  if (!isOneStopUnit(receiving)) return false;
  if (crossBoundary) return true;
  if (competent.level === 'commune')
    return receiving.kind === 'one_stop' && receiving.unitCode === competent.unitCode;
  return receiving.level === 'city';
}
