import { z } from 'zod';
import { DomainError } from '../../core/errors/index.ts';
import type { RecordState } from '../../core/records/index.ts';
import type { TransferFailure } from '../../core/records/record-state.ts';
import type { Tx } from '../../platform/db/index.ts';
import type { Deps } from '../../platform/deps.ts';
import type { App } from '../../platform/http/index.ts';
import { procedureVersionNames } from '../catalog/index.ts';
import { activeOfficialCounts } from '../identity/index.ts';
import { agenciesOnSystem, agencyNames, isCityLevelAgency } from '../units/index.ts';
import { OFFICIAL, problemResponses } from './records.problems.ts';

/**
 * The monitor's list of hand-overs that could not happen ("chuyển xử lý không thành công", issue 15): one
 * indexed query on `records.transfer_failed_at` (migration 0026), which the command that failed writes in
 * the same statement as its event, so a failure is listed as soon as that command commits.
 */

/** Who sees which failures: a city monitor or city administrator all of them, a leader their agency's. */
export type FailureScope = { all: true } | { all: false; agencyId: string };

/** The records with a pending failed hand-over, newest failure first; `agencyId`: received or decided there. */
export async function listTransferFailures(tx: Tx, scope: FailureScope, limit: number) {
  let q = tx
    .selectFrom('records')
    .select([
      'id',
      'code',
      'procedureCode',
      'procedureVersionId',
      'status',
      'version',
      'transferFailedAt',
      'state',
    ])
    .where('transferFailedAt', 'is not', null)
    .orderBy('transferFailedAt', 'desc')
    .orderBy('id')
    .limit(limit);
  if (!scope.all) {
    const agencyId = scope.agencyId;
    q = q.where((eb) =>
      eb.or([eb('receivingAgencyId', '=', agencyId), eb('competentAgencyId', '=', agencyId)]),
    );
  }
  return q.execute();
}

/** One failed hand-over as the monitor's list shows it. */
export const TransferFailureItem = z.object({
  recordId: z.string(),
  code: z.string().nullable(),
  procedureCode: z.string(),
  procedureName: z.string().nullable(),
  status: z.string(),
  version: z.number().int().describe('the record version, for retry_transfer'),
  reason: z.enum(['no_official', 'agency_not_on_system', 'integration_down']),
  detail: z.string().nullable(),
  at: z.string().describe('when it last failed'),
  attempts: z.number().int().positive(),
  fromStep: z.object({ index: z.number().int(), key: z.string(), agencyId: z.string() }),
  fromAgencyName: z.string().nullable(),
  toAgencyId: z.string(),
  toAgencyName: z.string().nullable(),
  toSteps: z.array(
    z.object({ index: z.number().int(), key: z.string(), role: z.string(), agencyId: z.string() }),
  ),
  retryable: z
    .boolean()
    .describe(
      'every step it was for now has an agency on the system with an active official of its role: a retry (retry_transfer) would go through unless the integration is down',
    ),
});
export type TransferFailureItem = z.infer<typeof TransferFailureItem>;

function item(row: {
  id: string;
  code: string | null;
  procedureCode: string;
  status: string;
  version: number;
  state: unknown;
}) {
  const state = row.state as RecordState;
  const f = state.transferFailure as TransferFailure;
  const from = state.steps[f.fromStep];
  return {
    recordId: row.id,
    code: row.code,
    procedureCode: row.procedureCode,
    status: row.status,
    version: row.version,
    reason: f.reason,
    detail: f.detail,
    at: f.at,
    attempts: f.attempts,
    fromStep: { index: f.fromStep, key: from?.key ?? '', agencyId: from?.agencyId ?? '' },
    toAgencyId: f.agencyId,
    toSteps: f.toSteps.map((i) => ({
      index: i,
      key: state.steps[i]?.key ?? '',
      role: state.steps[i]?.role ?? '',
      agencyId: state.steps[i]?.agencyId ?? '',
    })),
  };
}

const transferFailureProblems = problemResponses([
  ...OFFICIAL.filter((c) => c !== 'request.cross_origin'),
  ['auth.forbidden', 'not a monitor, a leader, nor an administrator of the city'],
  ['request.invalid', 'errors[] names the query field'],
]);

export function transferFailureRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  app.get(
    '/api/monitor/transfer-failures',
    {
      config: { access: { roles: ['monitor', 'leader', 'admin'] } },
      schema: {
        tags: ['records'],
        summary:
          'Records whose hand-over to another agency failed ("chuyển xử lý không thành công") and has not yet succeeded: code, procedure, from and to agency, reason (no_official, agency_not_on_system, integration_down), time, attempts; newest first. A monitor or an administrator of the city sees the whole city, a leader the records their agency received or decides',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ items: z.array(TransferFailureItem) }), ...transferFailureProblems },
      },
    },
    async (req) => {
      const a = req.actor!;
      const all =
        a.roles.includes('monitor') ||
        (a.roles.includes('admin') && (await isCityLevelAgency(db, a.agencyId)));
      if (!all && !a.roles.includes('leader')) {
        throw new DomainError('auth.forbidden', { requiredRoles: ['monitor', 'leader'] });
      }
      const rows = await listTransferFailures(
        db,
        all ? { all: true } : { all: false, agencyId: a.agencyId },
        req.query.limit,
      );
      const items = rows.map(item);
      const names = await agencyNames(
        db,
        items.flatMap((i) => [i.fromStep.agencyId, i.toAgencyId]).filter((id) => id !== ''),
      );
      const targets = [...new Set(items.flatMap((i) => i.toSteps.map((t) => t.agencyId)))].filter(
        (id) => id !== '',
      );
      const onSystem = await agenciesOnSystem(db, targets);
      const counts = await activeOfficialCounts(db, targets);
      const canTake = (t: { agencyId: string; role: string }) =>
        onSystem.get(t.agencyId) === true &&
        (counts.get(t.agencyId) ?? []).some((c) => c.role === t.role && c.count > 0);
      const procedures = await procedureVersionNames(
        db,
        rows.map((r) => r.procedureVersionId),
      );
      return {
        items: items.map((i, n) => ({
          ...i,
          procedureName: procedures.get(rows[n]!.procedureVersionId) ?? null,
          fromAgencyName: names.get(i.fromStep.agencyId) ?? null,
          toAgencyName: names.get(i.toAgencyId) ?? null,
          retryable: i.reason !== 'integration_down' && i.toSteps.every(canTake),
        })),
      };
    },
  );
}
