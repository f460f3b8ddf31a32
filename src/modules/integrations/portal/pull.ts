import { type ErrorCode, isDomainError } from '../../../core/errors/index.ts';
import { type Actor, ApplicantData, type RecordPolicy, RoutingFacts } from '../../../core/records/index.ts';
import type { Clock } from '../../../platform/clock.ts';
import { type Database, inTransaction } from '../../../platform/db/index.ts';
import type { Logger } from '../../../platform/log.ts';
import type { CalendarService } from '../../calendar/index.ts';
import { assertReceivableOnline, getCurrentVersionId } from '../../catalog/index.ts';
import { executeCommand, type RecordsCache } from '../../records/index.ts';
import { getAgencyByCode } from '../../units/index.ts';
import { IntegrationError } from '../http.ts';
import type { PortalPort, PortalSubmission, SubmissionAck } from './port.ts';

/** The national portal acting on its own (audited as `system:portal`). */
export const PORTAL_ACTOR: Actor = { kind: 'system', integration: 'portal' };

export interface PullDeps {
  readonly database: Database;
  readonly clock: Clock;
  readonly portal: PortalPort;
  readonly calendars: CalendarService;
  readonly cache: RecordsCache;
  readonly policy?: Partial<RecordPolicy>;
  readonly logger?: Pick<Logger, 'warn'>;
}

/** What one pull did. */
export interface PullResult {
  readonly fetched: number;
  readonly created: number;
  /** Submissions pulled before (a repeated page, a duplicate delivery): nothing done. */
  readonly duplicates: number;
  readonly rejected: readonly { portalRecordId: string; reason: string }[];
  readonly acknowledged: number;
  readonly more: boolean;
}

class AlreadyTaken extends Error {}

/** What `read` finds, or undefined when it throws the not-found error `code`. */
async function orNotFound<T>(read: () => Promise<T>, code: ErrorCode): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    if (isDomainError(e, code)) return undefined;
    throw e;
  }
}

/** Why a submission cannot become a record (null: it can), from the catalogue, the units and the applicant. */
async function problemOf(
  db: Database['db'],
  s: PortalSubmission,
): Promise<{ problem: string } | { versionId: string; agencyId: string; applicant: ApplicantData }> {
  const versionId = await orNotFound(() => getCurrentVersionId(db, s.procedureCode), 'procedure.not_found');
  if (!versionId) return { problem: `unknown procedure ${s.procedureCode}` };
  const agency = await orNotFound(() => getAgencyByCode(db, s.agencyCode), 'agency.not_found');
  if (!agency || agency.validTo !== null) return { problem: `unknown receiving agency ${s.agencyCode}` };
  if (!agency.canReceive) return { problem: `agency ${s.agencyCode} does not receive records` };
  const applicant = ApplicantData.safeParse(s.applicant);
  if (!applicant.success) {
    const i = applicant.error.issues[0];
    return { problem: `invalid applicant ${i?.path.join('.') || ''}: ${i?.message ?? 'invalid'}`.trim() };
  }
  return { versionId, agencyId: agency.id, applicant: applicant.data };
}

/**
 * Takes one submission into online reception, exactly as an online submission here (draft → submitted),
 * as the portal's system actor, in one transaction with its `portal_submissions` row; a submission pulled
 * before does nothing. Bad data (unknown procedure or agency, invalid applicant) is stored as rejected.
 */
async function takeIn(deps: PullDeps, s: PortalSubmission): Promise<'created' | 'duplicate' | string> {
  const { db } = deps.database;
  const seen = await db
    .selectFrom('portalSubmissions')
    .select('portalId')
    .where('portalId', '=', s.portalRecordId)
    .executeTakeFirst();
  if (seen) return 'duplicate';
  const now = deps.clock.now();
  const payload = JSON.stringify(s);
  const checked = await problemOf(db, s);
  let problem = 'problem' in checked ? checked.problem : undefined;
  if (!('problem' in checked)) {
    try {
      await inTransaction(db, async (tx) => {
        await assertReceivableOnline(tx, checked.versionId);
        const services = { calendars: deps.calendars, cache: deps.cache };
        const meta = {
          actor: PORTAL_ACTOR,
          actorRole: 'system:portal',
          requestId: `portal:${s.portalRecordId}`,
          now,
          ...(deps.policy ? { policy: deps.policy } : {}),
        };
        const routing = RoutingFacts.parse({
          ...(s.residenceUnitCode ? { residenceUnitCode: s.residenceUnitCode } : {}),
          ...(s.landParcelUnitCode ? { landParcelUnitCode: s.landParcelUnitCode } : {}),
        });
        const created = await executeCommand(
          tx,
          services,
          {},
          {
            type: 'create_draft',
            procedureVersionId: checked.versionId,
            applicant: checked.applicant,
            routing,
            receivingAgencyId: checked.agencyId,
          },
          meta,
        );
        await executeCommand(tx, services, { recordId: created.state.id }, { type: 'submit' }, meta);
        const row = await tx
          .insertInto('portalSubmissions')
          .values({
            portalId: s.portalRecordId,
            recordId: created.state.id,
            status: 'accepted',
            payload,
            pulledAt: now,
          })
          .onConflict((oc) => oc.column('portalId').doNothing())
          .returning('portalId')
          .executeTakeFirst();
        // Another process took it in meanwhile: roll this record back.
        if (!row) throw new AlreadyTaken();
      });
      return 'created';
    } catch (e) {
      if (e instanceof AlreadyTaken) return 'duplicate';
      if (!isDomainError(e)) throw e;
      problem = `${e.code}${Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`;
    }
  }
  const reason = problem ?? 'rejected';
  await db
    .insertInto('portalSubmissions')
    .values({
      portalId: s.portalRecordId,
      recordId: null,
      status: 'rejected',
      problem: reason,
      payload,
      pulledAt: now,
    })
    .onConflict((oc) => oc.column('portalId').doNothing())
    .execute();
  return reason;
}

/** Tells the portal about every committed submission it was not told about yet (never inside a transaction). */
async function acknowledgePending(deps: PullDeps): Promise<number> {
  const { db } = deps.database;
  const rows = await db
    .selectFrom('portalSubmissions')
    .select(['portalId', 'recordId', 'status', 'problem'])
    .where('acknowledgedAt', 'is', null)
    .orderBy('pulledAt')
    .limit(500)
    .execute();
  if (rows.length === 0) return 0;
  const acks: SubmissionAck[] = rows.map((r) =>
    r.status === 'accepted' && r.recordId
      ? { portalRecordId: r.portalId, outcome: 'accepted', recordId: r.recordId }
      : { portalRecordId: r.portalId, outcome: 'rejected', reason: r.problem ?? 'rejected' },
  );
  await deps.portal.acknowledge(acks);
  await db
    .updateTable('portalSubmissions')
    .set({ acknowledgedAt: deps.clock.now() })
    .where(
      'portalId',
      'in',
      rows.map((r) => r.portalId),
    )
    .execute();
  return rows.length;
}

/**
 * One pull from the national portal: the submissions after the stored cursor become records in online
 * reception (status "submitted", awaiting reception), each in its own transaction; the cursor moves once
 * the page is committed; then the portal is told what became of every submission not yet acknowledged
 * (after the commits; an acknowledgement that fails is sent again by the next pull).
 */
export async function pullFromPortal(deps: PullDeps, limit = 50): Promise<PullResult> {
  const { db } = deps.database;
  const state = await db.selectFrom('portalPullState').select('cursor').executeTakeFirst();
  const page = await deps.portal.fetchSubmissions(state?.cursor ?? null, limit);
  let created = 0;
  let duplicates = 0;
  const rejected: { portalRecordId: string; reason: string }[] = [];
  for (const s of page.items) {
    const outcome = await takeIn(deps, s);
    if (outcome === 'created') created += 1;
    else if (outcome === 'duplicate') duplicates += 1;
    else {
      rejected.push({ portalRecordId: s.portalRecordId, reason: outcome });
      deps.logger?.warn({ portalRecordId: s.portalRecordId, reason: outcome }, 'portal submission rejected');
    }
  }
  const now = deps.clock.now();
  await db
    .insertInto('portalPullState')
    .values({ id: true, cursor: page.cursor, pulledAt: now })
    .onConflict((oc) => oc.column('id').doUpdateSet({ cursor: page.cursor, pulledAt: now }))
    .execute();
  let acknowledged = 0;
  try {
    acknowledged = await acknowledgePending(deps);
  } catch (e) {
    if (!(e instanceof IntegrationError && e.retryable)) throw e;
    deps.logger?.warn({ err: e.message }, 'portal acknowledgement failed; the next pull sends it again');
  }
  return { fetched: page.items.length, created, duplicates, rejected, acknowledged, more: page.more };
}
