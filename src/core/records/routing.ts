import type { CompetentAgencyRule } from '../catalog/index.ts';
import type { Agency } from '../units/index.ts';
import { normalizeSearchText } from '../vn/index.ts';
import type { RoutingFacts } from './applicant-data.ts';
import { type RecordResult, recordError } from './record-error-codes.ts';

/** What routing needs to know of an agency (the fields of src/core/units `Agency`). */
export type RoutingAgency = Pick<Agency, 'key' | 'code' | 'kind' | 'level' | 'unitCode' | 'name'>;

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
/** The province or city part that ends a department's name ("… thành phố Cần Thơ"). */
const PLACE_SUFFIX = / (?:thanh pho|tinh) .*$/;

/**
 * The city body a published agency text names: the department (or other city body) whose name, without
 * the city, appears first in the text, or the city People's Committee when the text starts with it
 * ("Chủ tịch ủy ban nhân dân cấp tỉnh", "Ủy ban nhân dân cấp tỉnh, Sở Tư pháp"). Bodies "designated by the
 * provincial People's Committee" match nothing: someone must decide which one.
 */
function cityBodyNamed<A extends RoutingAgency>(text: string, agencies: readonly A[]): A | undefined {
  const haystack = ` ${normalizeSearchText(text)} `;
  let best: { agency: A; at: number; length: number } | undefined;
  for (const a of agencies) {
    if (a.level !== 'city' || a.kind === 'peoples_committee' || isOneStopUnit(a)) continue;
    const core = normalizeSearchText(a.name).replace(PLACE_SUFFIX, '');
    const at = haystack.indexOf(` ${core} `);
    if (at < 0) continue;
    if (!best || at < best.at || (at === best.at && core.length > best.length)) {
      best = { agency: a, at, length: core.length };
    }
  }
  if (best?.at === 0) return best.agency;
  if (PROVINCIAL_COMMITTEE.test(haystack.trim())) {
    return agencies.find((a) => a.level === 'city' && a.kind === 'peoples_committee');
  }
  return best?.agency;
}

function communeCommittee<A extends RoutingAgency>(unitCode: string, agencies: readonly A[]): A | undefined {
  return agencies.find(
    (a) => a.level === 'commune' && a.kind === 'peoples_committee' && a.unitCode === unitCode,
  );
}

/**
 * The competent agency of a record (cơ quan có thẩm quyền), from the procedure version's rule and the
 * applicant's data — never from the receiving counter (Decree 118/2025 art. 14, DOMAIN.md §2.7):
 * - commune rules: the People's Committee of the commune named by the matching fact (residence, land
 *   parcel, business location, the commune that certified the earlier transaction);
 * - `any_commune`: the receiving commune's People's Committee, else the residence commune's;
 * - `fixed_city_department`: the city body named by the rule's `department` text;
 * - `city_or_commune_by_case`: by `facts.level`, the city body or the residence commune;
 * - `vertical_agency`: the named body, when the list holds it.
 * `agencies` are the city's current agencies; `receiving` is the one-stop unit that receives the record.
 * Errors: `record.competent_agency_unresolved` with `rule` and `reason` (`missing_fact` with the `field` to
 * fill, `no_agency` with the `unitCode` or `department`, `unresolved_rule`).
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
  const commune = (unitCode: string | undefined, field: keyof RoutingFacts): RecordResult<A> => {
    if (unitCode === undefined) return fail('missing_fact', { field: `routing.${field}` });
    const found = communeCommittee(unitCode, agencies);
    return found ? { ok: true, value: found } : fail('no_agency', { unitCode });
  };
  const named = (): RecordResult<A> => {
    if (!rule.department) return fail('unresolved_rule');
    const found = cityBodyNamed(rule.department, agencies);
    return found ? { ok: true, value: found } : fail('no_agency', { department: rule.department });
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
    case 'unresolved':
      return fail('unresolved_rule');
  }
}

/**
 * Whether `agency` is the competent body for some records of a procedure with this rule (its "own"
 * procedures, the denominators of the Decision 766 catalogue indicators 1.3, 3.1, 3.5): every commune
 * People's Committee for the commune rules, the named city body for the department and vertical-agency rules,
 * both for `city_or_commune_by_case`; nobody for an unresolved rule.
 */
export function isCompetentFor<A extends RoutingAgency>(
  rule: CompetentAgencyRule,
  agency: A,
  agencies: readonly A[],
): boolean {
  const communeCommitteeOf = agency.level === 'commune' && agency.kind === 'peoples_committee';
  const named = () =>
    Boolean(rule.department) && cityBodyNamed(rule.department!, agencies)?.key === agency.key;
  switch (rule.kind) {
    case 'residence_commune':
    case 'land_parcel_commune':
    case 'business_commune':
    case 'original_commune':
    case 'any_commune':
      return communeCommitteeOf;
    case 'fixed_city_department':
    case 'vertical_agency':
      return named();
    case 'city_or_commune_by_case':
      return communeCommitteeOf || named();
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
