import type { AgencyView } from '../../contracts/units.ts';
import { WorkingHours } from '../../core/calendar/index.ts';
import { DomainError } from '../../core/errors/index.ts';
import { tokenize } from '../../core/vn/index.ts';
import type { Tx } from '../../platform/db/index.ts';
import { appendAudit } from '../audit/index.ts';
import * as store from './units.store.ts';

export type { AdminUnitRow, AgencyRow } from './units.store.ts';
export { agenciesOnSystem, agencyContactPhones, agencyNames } from './units.store.ts';

/**
 * An agency as the API answers it (contracts/units.ts AgencyView): stored office hours that no longer read as
 * office hours answer null, the default, as {@link getAgencyWorkingHours} treats them.
 */
export function presentAgency(row: store.AgencyRow): AgencyView {
  const hours = WorkingHours.safeParse(row.workingHours);
  return { ...row, workingHours: hours.success ? hours.data : null };
}

/** @throws agency.not_found */
export async function getAgency(tx: Tx, id: string): Promise<store.AgencyRow> {
  const agency = await store.findAgency(tx, id);
  if (!agency) throw new DomainError('agency.not_found', { id });
  return agency;
}

/** @throws agency.not_found */
export async function getAgencyByCode(tx: Tx, code: string): Promise<store.AgencyRow> {
  const agency = await store.findAgencyByCode(tx, code);
  if (!agency) throw new DomainError('agency.not_found', { code });
  return agency;
}

/** @throws unit.not_found */
export async function getUnit(tx: Tx, key: string) {
  const unit = await store.findUnit(tx, key);
  if (!unit) throw new DomainError('unit.not_found', { key });
  return unit;
}

export function searchUnits(tx: Tx, f: Omit<store.UnitFilter, 'q'> & { q?: string | undefined }) {
  return store.searchUnits(tx, { ...f, q: f.q ? tokenize(f.q) : undefined });
}

export function searchAgencies(tx: Tx, f: Omit<store.AgencyFilter, 'q'> & { q?: string | undefined }) {
  return store.searchAgencies(tx, { ...f, q: f.q ? tokenize(f.q) : undefined });
}

/**
 * The current unit(s) a pre-2025 commune became part of. A unit split between several new units returns
 * all of them with their share; a current unit resolves to itself.
 * @throws unit.not_found when no unit has that code.
 */
export async function resolveUnit(tx: Tx, code: string) {
  const old = await store.findUnit(tx, `pre2025:${code}`);
  if (!old) {
    const current = await store.findUnit(tx, `2025:${code}`);
    if (!current) throw new DomainError('unit.not_found', { code });
    return {
      from: current,
      current: [
        { unit: current, share: 'full' as const, source: 'unchanged', confidence: 'authoritative' as const },
      ],
    };
  }
  const successors = await store.listSuccessors(tx, old.key);
  return {
    from: old,
    current: successors.map((s) => ({
      unit: {
        key: s.key,
        code: s.code,
        generation: s.generation,
        name: s.name,
        fullName: s.fullName,
        nameEn: s.nameEn,
        kind: s.kind,
        level: s.level,
        parentKey: s.parentKey,
        validFrom: s.validFrom,
        validTo: s.validTo,
      },
      share: s.share,
      source: s.source,
      confidence: s.confidence,
      note: s.note,
    })),
  };
}

/** The agency's own office hours, or undefined when it keeps the default. @throws agency.not_found */
export async function getAgencyWorkingHours(tx: Tx, id: string): Promise<WorkingHours | undefined> {
  const agency = await getAgency(tx, id);
  const parsed = WorkingHours.safeParse(agency.workingHours);
  return parsed.success ? parsed.data : undefined;
}

/** Sets (or, with null, clears) an agency's office hours. @throws agency.not_found */
export async function setAgencyWorkingHours(tx: Tx, id: string, hours: WorkingHours | null) {
  if (!(await store.updateAgencyWorkingHours(tx, id, hours)))
    throw new DomainError('agency.not_found', { id });
  return getAgency(tx, id);
}

/**
 * Sets (or, with null, clears) an agency's contact phone, already normalised to E.164, and audits the change
 * (agency.contact_phone_set) in the caller's transaction. @throws agency.not_found
 */
export async function setAgencyContactPhone(
  tx: Tx,
  id: string,
  phone: string | null,
  meta: { actorId: string; requestId: string; now: Date },
) {
  if (!(await store.updateAgencyContactPhone(tx, id, phone)))
    throw new DomainError('agency.not_found', { id });
  await appendAudit(
    tx,
    [
      {
        actorId: meta.actorId,
        actorRole: 'admin',
        requestId: meta.requestId,
        action: 'agency.contact_phone_set',
        entityType: 'agency',
        entityId: id,
        change: { contactPhone: phone },
      },
    ],
    meta.now,
  );
  return getAgency(tx, id);
}

/**
 * Sets (or, with null, reopens) the service area of a sector body: the 2025 communes of its city whose
 * citizens, land or businesses it serves (a "Thuế cơ sở", a land registration branch). Audited
 * (agency.service_area_set) in the caller's transaction.
 * @throws agency.not_found; request.invalid naming body.servesUnitCodes (not a sector body, or a code that
 *   is not a current commune of the city)
 */
export async function setAgencyServiceArea(
  tx: Tx,
  id: string,
  codes: readonly string[] | null,
  meta: { actorId: string; requestId: string; now: Date },
) {
  const agency = await getAgency(tx, id);
  const invalid = (path: string, message: string) =>
    new DomainError('request.invalid', {}, { issues: [{ path, code: 'custom', message }] });
  if (agency.kind !== 'sector_body') {
    throw invalid('body.servesUnitCodes', 'only a sector body has a service area to set');
  }
  const unique = codes === null ? null : [...new Set(codes)].sort();
  if (unique !== null) {
    const city = (await store.findUnit(tx, agency.unitKey))?.parentKey ?? agency.unitKey;
    const cityKey = agency.level === 'city' ? agency.unitKey : city;
    const found = new Set(
      unique.length === 0
        ? []
        : (
            await tx
              .selectFrom('adminUnits')
              .select('code')
              .where('generation', '=', '2025')
              .where('parentKey', '=', cityKey)
              .where('code', 'in', unique)
              .execute()
          ).map((u) => u.code),
    );
    const i = (codes ?? []).findIndex((c) => !found.has(c));
    if (i >= 0)
      throw invalid(`body.servesUnitCodes.${i}`, `${codes![i]} is not a current commune of the city`);
  }
  await store.updateAgencyServiceArea(tx, id, unique);
  await appendAudit(
    tx,
    [
      {
        actorId: meta.actorId,
        actorRole: 'admin',
        requestId: meta.requestId,
        action: 'agency.service_area_set',
        entityType: 'agency',
        entityId: id,
        change: { servesUnitCodes: unique },
      },
    ],
    meta.now,
  );
  return getAgency(tx, id);
}

/**
 * The agencies an official of `agencyId` oversees: their own and every agency under it. An official of
 * the city People's Committee (the root) oversees the whole city.
 */
export async function agencyScope(tx: Tx, agencyId: string): Promise<ReadonlySet<string>> {
  return new Set(await store.agencySubtreeIds(tx, agencyId));
}

/**
 * For administration: the agency when `actorAgencyId` manages it (it is that agency or under it).
 * @throws agency.not_found otherwise, as for an agency that does not exist.
 */
export async function getManagedAgency(tx: Tx, actorAgencyId: string, id: string): Promise<store.AgencyRow> {
  if (!(await agencyScope(tx, actorAgencyId)).has(id)) throw new DomainError('agency.not_found', { id });
  return getAgency(tx, id);
}

/** Whether an agency is at the top of the tree (the city People's Committee): its officials manage the city. */
export async function isCityLevelAgency(tx: Tx, id: string): Promise<boolean> {
  return (await getAgency(tx, id)).parentId === null;
}

/** The city People's Committee's office (Văn phòng UBND), which runs the city-wide tables with it. */
const CITY_OFFICE_KEY = /-van-phong-ubnd$/;

/**
 * What is the whole city's (the catalogue, the sector bodies' service areas) is administered only by an
 * administrator of the city People's Committee or of its office. @throws auth.forbidden
 */
export async function requireCityAdministration(tx: Tx, agencyId: string): Promise<void> {
  if (await isCityLevelAgency(tx, agencyId)) return;
  const agency = await getAgency(tx, agencyId);
  if (CITY_OFFICE_KEY.test(agency.key) && agency.parentId && (await isCityLevelAgency(tx, agency.parentId)))
    return;
  throw new DomainError('auth.forbidden', { requiredRoles: ['admin'], requiredLevel: 'city' });
}
