import { processTemplate, type TimeLimit } from '../../core/catalog/index.ts';
import type { ChangeSet } from '../../core/catalog/procedure-edit.ts';
import type { Tx } from '../../platform/db/index.ts';
import {
  createProcedureVersion,
  getCurrentVersionId,
  getProcedure,
  getProcedureFacts,
} from '../catalog/index.ts';
// The services themselves, not the modules' index (whose routes pull the PDF module into the seed, which the
// test suite's global setup runs outside Node's own loader).
import { findBankAccount } from '../fees/bank-accounts.store.ts';
import { setBankAccount } from '../fees/fees.service.ts';
import { createDelegation, listDelegations } from '../identity/organisation/delegations.ts';
import { getAgency, getAgencyByCode, setAgencyServiceArea } from '../units/index.ts';

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

/**
 * DEMO ONLY (embedded demo, MOTCUA_DEMO_SEED): the fee account every demo agency's VietQR code names, so a
 * record awaiting payment shows its transfer QR (docs/FEES.md). A real bank's NAPAS BIN (Vietcombank,
 * 970436) with an account "number" that is **not** a number — `DEMO` and the agency's code — so no banking
 * app can send money anywhere with it; on a real deployment each administrator sets the agency's real
 * account (`PUT /api/agencies/:id/bank-account`).
 */
export const DEMO_BANK = {
  bankBin: '970436',
  bankName: 'Ngân hàng demo (Vietcombank BIN, tài khoản không có thật)',
};

/** The demo account number of an agency: `DEMO` and the letters and digits of its code (at most 19). */
export function demoAccountNumber(agencyCode: string): string {
  return `DEMO${agencyCode.replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 19);
}

/**
 * DEMO ONLY: a fee account for each agency a demo official works at (the counters of phường Ninh Kiều and
 * of the city centre, the People's Committees of Ninh Kiều and Cái Khế, the police of phường Ninh Kiều,
 * which decides residence procedures such as 1.004194 with its catalogue fee, the land and tax offices),
 * set as `admin` would and audited (`agency.bank_account_set`). Idempotent: an agency that has an account
 * keeps it.
 */
export async function seedDemoBankAccounts(
  tx: Tx,
  admin: { userId: string },
  agencyIds: readonly string[],
  now: Date,
): Promise<void> {
  for (const agencyId of new Set(agencyIds)) {
    if (await findBankAccount(tx, agencyId)) continue;
    const agency = await getAgency(tx, agencyId);
    await setBankAccount(
      tx,
      agencyId,
      {
        ...DEMO_BANK,
        accountNumber: demoAccountNumber(agency.code),
        accountName: `${agency.name} (demo)`.slice(0, 200),
      },
      { actorId: admin.userId, requestId: 'demo-seed', now },
    );
  }
}

/**
 * DEMO ONLY: `lanhdao.congan.ninhkieu` (the leader of the police of phường Ninh Kiều) lets
 * `chuyenvien.congan.ninhkieu` act on their behalf for a year from the demo's first start (docs/OFFICIALS.md,
 * Delegation): the specialist then approves a residence record on the leader's behalf, recorded as such.
 * Audited as `delegation.created` by the leader. Idempotent: a delegation between them is left alone.
 */
export async function seedDemoDelegation(
  tx: Tx,
  leader: { userId: string; agencyId: string },
  delegate: { userId: string },
  now: Date,
): Promise<void> {
  const given = await listDelegations(tx, leader, now);
  if (given.some((d) => d.given && d.to.userId === delegate.userId)) return;
  await createDelegation(
    tx,
    leader,
    {
      toUserId: delegate.userId,
      startsAt: now,
      endsAt: new Date(now.getTime() + 365 * 86_400_000),
      reason: 'Dữ liệu demo: lãnh đạo đi công tác, chuyên viên ký thay (chỉ có trên bản demo)',
    },
    { now, requestId: 'demo-seed' },
  );
}
