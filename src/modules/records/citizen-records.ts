import { z } from 'zod';
import { CitizenRecordDetail, CitizenRecordList } from '../../contracts/citizen.ts';
import {
  NATIONAL_STATUS_NAMES,
  nationalStatus,
  type RecordState,
  type RecordStatus,
  submissionReference,
} from '../../core/records/index.ts';
import type { Tx } from '../../platform/db/index.ts';
import type { Deps } from '../../platform/deps.ts';
import { type App, problemSchema, requireCitizen } from '../../platform/http/index.ts';
import { procedureVersionNames } from '../catalog/index.ts';
import { citizenState } from './records.access.ts';
import { presentTracking } from './tracking.ts';

/** Once the result is issued (or the refusal decided), its signed documents can be taken. */
const ISSUED: ReadonlySet<RecordStatus> = new Set(['result_ready', 'delivered', 'rejected']);
/** "Hồ sơ của tôi" lists at most this many records, newest first. */
const MY_RECORDS_LIMIT = 200;

/** The ids of the records whose applicant personal ID is this one (not drafts), newest first. */
async function recordIdsOf(tx: Tx, personalId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('records')
    .select('id')
    .where('applicantPersonalId', '=', personalId)
    .where('status', '<>', 'draft')
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(MY_RECORDS_LIMIT)
    .execute();
  return rows.map((r) => r.id);
}

async function statesOf(tx: Tx, ids: string[]): Promise<RecordState[]> {
  if (!ids.length) return [];
  const rows = await tx.selectFrom('records').select(['id', 'state']).where('id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r.state as RecordState]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

const unauthenticated = { 401: problemSchema(['citizen.unauthenticated']) };

/**
 * "Hồ sơ của tôi" (issue 17 item 2): the records of the citizen signed in with e-ID, those submitted online
 * and those received at a counter for their personal ID, and one of them for its owner. Slips, results
 * and the repository are served by their modules under /api/citizen/ with the same check.
 */
export function citizenRecordsRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;

  app.get(
    '/api/citizen/records',
    {
      config: { access: 'citizen', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['citizen'],
        summary: 'Hồ sơ của tôi: every record whose applicant personal ID is the one VNeID verified',
        description: `Online submissions and records received at a counter alike (drafts are their token holder's), newest first, at most ${MY_RECORDS_LIMIT}. Without a citizen session (cookie motcua_citizen): 401 citizen.unauthenticated; typing a personal ID anywhere never opens this list.`,
        response: { 200: CitizenRecordList, ...unauthenticated },
      },
    },
    async (req, reply) => {
      const citizen = requireCitizen(req);
      const states = await statesOf(db, await recordIdsOf(db, citizen.personalId));
      const names = await procedureVersionNames(
        db,
        states.map((s) => s.procedureVersionId),
      );
      reply.header('cache-control', 'private, no-store');
      return {
        items: states.map((s) => {
          const national = nationalStatus(s.status);
          return {
            id: s.id,
            code: s.code,
            reference: s.channel === 'online' ? submissionReference(s.id) : null,
            channel: s.channel,
            procedureCode: s.procedureCode,
            procedureName: names.get(s.procedureVersionId) ?? null,
            status: s.status,
            nationalStatusName: national ? NATIONAL_STATUS_NAMES[national] : null,
            submittedAt: s.submittedAt,
            receivedAt: s.receivedAt,
            appointment: s.appointment,
            deliveredAt: s.delivery?.at ?? null,
            resultIssued: ISSUED.has(s.status),
            paymentDue: Boolean(s.payment && !s.payment.confirmedAt),
          };
        }),
      };
    },
  );

  app.get(
    '/api/citizen/records/:id',
    {
      config: { access: 'citizen', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['citizen'],
        summary: 'One of my records (e-ID): status, steps, reasons, appointment and the payment asked for',
        description:
          "A record whose applicant personal ID is not the signed-in citizen's answers 404 record.not_found, exactly as an unknown id.",
        params: z.object({ id: z.uuid() }),
        response: {
          200: CitizenRecordDetail,
          ...unauthenticated,
          404: problemSchema(['record.not_found']),
        },
      },
    },
    async (req, reply) => {
      const state = await citizenState(db, req.params.id, req);
      const names = await procedureVersionNames(db, [state.procedureVersionId]);
      reply.header('cache-control', 'private, no-store');
      return {
        ...presentTracking(state),
        id: state.id,
        channel: state.channel,
        procedureName: names.get(state.procedureVersionId) ?? null,
        applicantName: state.applicant.fullName,
        payment: state.payment ?? null,
      };
    },
  );
}
