import { processTemplate, type TimeLimit } from '../../core/catalog/index.ts';
import type { ChangeSet } from '../../core/catalog/procedure-edit.ts';
import type { Tx } from '../../platform/db/index.ts';
import { createProcedureVersion, getProcedure } from '../catalog/index.ts';

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
