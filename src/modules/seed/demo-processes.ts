import { processTemplate, type TimeLimit } from '../../core/catalog/index.ts';
import type { ChangeSet } from '../../core/catalog/procedure-edit.ts';
import type { Tx } from '../../platform/db/index.ts';
import {
  createProcedureVersion,
  getCurrentVersionId,
  getProcedure,
  getProcedureFacts,
} from '../catalog/index.ts';
import { getAgencyByCode, setAgencyServiceArea } from '../units/index.ts';

/**
 * The demo's inter-agency procedure (liên thông, issue 15): 1.013978, first-time registration and
 * land-use certificate for a household or individual ("Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy
 * chứng nhận … lần đầu đối với hộ gia đình, cá nhân…"), a commune-level procedure whose certificate the
 * Chairman of the commune People's Committee signs (the catalogue's implementing bodies: "Văn phòng đăng ký
 * đất đai, Chi nhánh Văn phòng đăng ký đất đai, Chủ tịch Ủy ban nhân dân xã"; Decree 151/2025/NĐ-CP).
 * Received at the commune counter, checked by the commune, then the land registration branch and the tax
 * office work in parallel (cadastral information; financial obligations), back to the commune leader, and
 * returned at the counter: the `inter_agency_land_tax` template over the procedure's in-person limit.
 */
export const DEMO_LAND_PROCEDURE = '1.013978';

/** The deciding document the demo version cites (the catalogue's own decision publishing the procedure). */
const DEMO_DECISION = '3380/QĐ-BNNMT (quy trình liên thông, dữ liệu demo)';

/** The demo version's changes: the parcel's commune People's Committee decides, through the land+tax process. */
export function demoLandChanges(limit: TimeLimit): ChangeSet {
  return {
    competentAgencyRule: {
      kind: 'land_parcel_commune',
      basis:
        'demo: Chủ tịch Ủy ban nhân dân xã nơi có đất cấp Giấy chứng nhận lần đầu cho hộ gia đình, cá nhân (Nghị định 151/2025/NĐ-CP)',
    },
    process: processTemplate('inter_agency_land_tax', limit),
  };
}

/**
 * Publishes the demo's inter-agency version of {@link DEMO_LAND_PROCEDURE}, in force from `today`, by the
 * administrator `admin` (audited as any local edit). Idempotent: a procedure already on it is left alone.
 */
export async function seedDemoLandProcess(
  tx: Tx,
  admin: { userId: string; displayName: string; agencyId: string },
  today: string,
  now: Date,
): Promise<void> {
  const current = await getProcedure(tx, DEMO_LAND_PROCEDURE);
  const process = (current.details as { process?: { key: string }[] }).process ?? [];
  if (process.some((s) => s.key === 'land_office')) return;
  const limit = current.timeLimit as TimeLimit | null;
  if (!limit) throw new Error(`demo seed: ${DEMO_LAND_PROCEDURE} has no time limit`);
  await createProcedureVersion(
    tx,
    DEMO_LAND_PROCEDURE,
    { effectiveFrom: today, decisionNo: DEMO_DECISION, changes: demoLandChanges(limit) },
    { actor: admin, requestId: 'demo-seed', now },
  );
}

/**
 * The demo's Decree 63/2024 group 1 ("Liên thông … khai sinh, đăng ký thường trú, cấp thẻ BHYT cho trẻ em
 * dưới 6 tuổi"), published as 2.000986 in person only (`onlineLevel: none`). The group is an electronic
 * inter-agency service, received online with its group limit of 3 working days (DOMAIN.md §2.8; docs/GROUPS.md).
 */
export const DEMO_GROUP_PROCEDURE = '2.000986';

/** The group limit the demo version publishes online (3 working days; 5 with verification is the group's). */
const DEMO_GROUP_ONLINE_LIMIT: TimeLimit = { value: 3, unit: 'working_days' };

/** The deciding document the demo group version cites. */
const DEMO_GROUP_DECISION = '63/2024/NĐ-CP (nhóm liên thông điện tử, dữ liệu demo)';

/** The code of "Bảo hiểm xã hội cơ sở" (`92-bhxh-co-so`), which decides group 2's funeral allowance (2.000821). */
export const DEMO_SOCIAL_INSURANCE_AREA_OFFICE = 'H13.023.01';
/** The city social insurance body (`92-bhxh`), whose area (every commune of the city) the demo gives the office. */
const CITY_SOCIAL_INSURANCE = 'H13.023';

/**
 * What the Decree 63/2024 groups need on the demo (docs/GROUPS.md), done as the administrator `admin` would,
 * audited: 2.000986 offered online with the 3 working-day group limit, as a local version in force from
 * `today` citing Decree 63/2024; and the service area of "Bảo hiểm xã hội cơ sở" (left open by the reference
 * data: the catalogue does not say how many offices Can Tho has) set to every commune of the city, the
 * city social insurance body's area, since the catalogue names one such office and readiness wants every
 * commune served. A demo setting: the administrator sets the real areas (docs/AGENCIES.md). Idempotent.
 */
export async function seedDemoGroups(
  tx: Tx,
  admin: { userId: string; displayName: string; agencyId: string },
  today: string,
  now: Date,
): Promise<void> {
  const facts = await getProcedureFacts(tx, await getCurrentVersionId(tx, DEMO_GROUP_PROCEDURE));
  if (facts.onlineLevel === 'none' || !facts.timeLimits.online) {
    await createProcedureVersion(
      tx,
      DEMO_GROUP_PROCEDURE,
      {
        effectiveFrom: today,
        decisionNo: DEMO_GROUP_DECISION,
        changes: { onlineLevel: 'full', timeLimits: { online: DEMO_GROUP_ONLINE_LIMIT } },
      },
      { actor: admin, requestId: 'demo-seed', now },
    );
  }
  const office = await getAgencyByCode(tx, DEMO_SOCIAL_INSURANCE_AREA_OFFICE);
  const city = await getAgencyByCode(tx, CITY_SOCIAL_INSURANCE);
  if (!city.servesUnitCodes) throw new Error('demo seed: the city social insurance body has no area');
  if (office.servesUnitCodes === null) {
    await setAgencyServiceArea(tx, office.id, city.servesUnitCodes, {
      actorId: admin.userId,
      requestId: 'demo-seed',
      now,
    });
  }
}
