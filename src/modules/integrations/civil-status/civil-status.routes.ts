import { z } from 'zod';
import { DomainError } from '../../../core/errors/index.ts';
import type { Deps } from '../../../platform/deps.ts';
import type { App } from '../../../platform/http/index.ts';
import { canView, getRecordState } from '../../records/index.ts';
import { connectorProblems, OFFICIAL_PROBLEMS } from '../connector-problems.ts';
import { CivilStatusDifference } from './civil-status.service.ts';
import * as store from './civil-status.store.ts';

/** A record's civil-status handover and the result synchronised back, as the record page shows it. */
export const CivilStatusView = z.object({
  handedOver: z.boolean(),
  handedOverAt: z.string().nullable(),
  remoteId: z.string().nullable().describe("the civil-status system's id of the record"),
  result: z
    .object({
      registrationNumber: z.string().describe('số đăng ký'),
      bookNumber: z.string().nullable().describe('quyển số'),
      registeredOn: z.string().nullable().describe('ngày đăng ký (YYYY-MM-DD)'),
      signer: z.string().nullable().describe('người ký'),
      syncedAt: z.string(),
      source: z.enum(['pull', 'reconciliation']),
      by: z.object({ kind: z.literal('system'), integration: z.literal('civil-status') }),
    })
    .nullable(),
});

const ReconciliationItem = z.object({
  id: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  trigger: z.enum(['job', 'cli']),
  checked: z.number().int(),
  repaired: z.number().int(),
  failed: z.number().int().describe('records the civil-status system could not be asked about'),
  differences: z.array(CivilStatusDifference),
});

export function civilStatusRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  app.get(
    '/api/records/:id/civil-status',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['integrations'],
        summary:
          'The record’s handover to the civil-status software and the registration synchronised back from it (registration number, book, date, signer), attached by the system actor civil-status; handedOver false for a record not handed over',
        params: z.object({ id: z.uuid() }),
        response: { 200: CivilStatusView, ...connectorProblems([...OFFICIAL_PROBLEMS, 'record.not_found']) },
      },
    },
    async (req) => {
      const state = await getRecordState(db, req.params.id);
      if (!canView(state, req)) throw new DomainError('record.not_found', { id: req.params.id });
      const h = await store.findHandover(db, req.params.id);
      return {
        handedOver: h !== undefined,
        handedOverAt: h ? h.handedOverAt.toISOString() : null,
        remoteId: h?.remoteId ?? null,
        result:
          h?.registrationNumber && h.resultSyncedAt && h.resultSource
            ? {
                registrationNumber: h.registrationNumber,
                bookNumber: h.bookNumber,
                registeredOn: h.registeredOn,
                signer: h.signer,
                syncedAt: h.resultSyncedAt.toISOString(),
                source: h.resultSource,
                by: { kind: 'system' as const, integration: 'civil-status' as const },
              }
            : null,
      };
    },
  );
  app.get(
    '/api/integrations/civil-status/reconciliations',
    {
      config: { access: { roles: ['monitor', 'admin'] } },
      schema: {
        tags: ['integrations'],
        summary:
          'The latest civil-status reconciliation runs, newest first: records checked, differences found (unknown_there, result_missing_here, result_differs, result_missing_there) and which were repaired',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
        response: {
          200: z.object({ items: z.array(ReconciliationItem) }),
          ...connectorProblems([...OFFICIAL_PROBLEMS, 'auth.forbidden', 'request.invalid']),
        },
      },
    },
    async (req) => {
      const rows = await store.listReconciliations(db, req.query.limit);
      return {
        items: rows.map((r) => ({
          id: r.id,
          startedAt: r.startedAt.toISOString(),
          finishedAt: r.finishedAt.toISOString(),
          trigger: r.trigger,
          checked: r.checked,
          repaired: r.repaired,
          failed: r.failed,
          differences: CivilStatusDifference.array().parse(r.differences),
        })),
      };
    },
  );
}
