import { z } from 'zod';
import { DomainError } from '../../../core/errors/index.ts';
import type { Deps } from '../../../platform/deps.ts';
import type { App } from '../../../platform/http/index.ts';
import { keepRawJsonBody, signatureMatches } from '../../../platform/http/signed-body.ts';
import type { CalendarService } from '../../calendar/index.ts';
import { canView, getRecordState } from '../../records/index.ts';
import { connectorProblems, OFFICIAL_PROBLEMS } from '../connector-problems.ts';
import { postSecret } from './config.ts';
import { PostCallback, SIGNATURE_HEADER } from './port.ts';
import { applyCallback, noteRefusedCallback, returnedShipments, shipmentsOf } from './post.service.ts';

const Shipment = z.object({
  trackingNumber: z.string().describe('số hiệu bưu gửi (UPU S10)'),
  address: z.string(),
  recipientName: z.string(),
  status: z.enum(['handed_over', 'delivered', 'returned']),
  statusAt: z.string(),
  returnReason: z.string().nullable().describe('why the post returned it to sender'),
  recordReturnedAt: z
    .string()
    .nullable()
    .describe('when the delivery closed the record (return as system:post)'),
  note: z.string().nullable(),
  createdAt: z.string(),
});

const ReturnedShipment = z.object({
  recordId: z.string(),
  recordCode: z.string(),
  trackingNumber: z.string(),
  address: z.string(),
  recipientName: z.string(),
  returnedAt: z.string(),
  reason: z.string().nullable(),
});

export function postRoutes(app: App, deps: Deps, calendars: CalendarService): void {
  const { db } = deps.database;
  // The callback is signed over its exact bytes: this scope keeps them while parsing JSON.
  app.register(async (scope) => {
    const s = scope as unknown as App;
    keepRawJsonBody(s);
    s.post(
      '/api/integrations/post/callbacks',
      {
        config: { access: 'public' },
        schema: {
          tags: ['integrations'],
          summary:
            'Vietnam Post calls back about a shipment: delivered (the record’s result is returned, as the system actor post) or returned to sender (listed for the return point’s officials with the reason). Signed: header x-post-signature = "sha256=" + hex HMAC-SHA256 of the raw body under MOTCUA_POST_SECRET (else 401, nothing written). A repeated event id answers 200 with outcome duplicate; an event older than the shipment’s latest answers 200 with outcome superseded',
          headers: z.object({ [SIGNATURE_HEADER]: z.string().max(200).optional() }),
          body: PostCallback,
          response: {
            200: z.object({
              outcome: z.enum(['applied', 'superseded', 'duplicate']),
              status: z
                .enum(['handed_over', 'delivered', 'returned'])
                .describe('the shipment’s status after it'),
              recordReturned: z.boolean().describe('whether the record’s result counts as returned'),
            }),
            ...connectorProblems([
              'post.bad_signature',
              'post.unknown_shipment',
              'request.invalid',
              'system.database_unavailable',
            ]),
          },
        },
        // The signature is checked before the body's shape: an unsigned caller learns nothing of it, and
        // writes nothing (a flood of forged callbacks must not fill a table); it is only logged.
        preValidation: async (req) => {
          const raw = req.rawBody ?? '';
          if (
            !signatureMatches(
              postSecret(deps.config),
              raw,
              req.headers[SIGNATURE_HEADER] as string | undefined,
            )
          ) {
            req.log.warn({ bytes: raw.length }, 'post callback refused: bad or missing signature');
            throw new DomainError('post.bad_signature', {});
          }
        },
      },
      async (req) => {
        try {
          return await applyCallback(db, { calendars }, deps.clock, req.body);
        } catch (e) {
          if (e instanceof DomainError && e.code === 'post.unknown_shipment') {
            await noteRefusedCallback(
              db,
              deps.clock.now(),
              'unknown_tracking',
              req.body,
              'unknown tracking number',
            );
          }
          throw e;
        }
      },
    );
  });

  app.get(
    '/api/records/:id/shipments',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['integrations'],
        summary:
          'The record’s shipments by Vietnam Post (return of results by post), newest first: tracking number, address, status (handed_over, delivered, returned) with the reason of a return to sender',
        params: z.object({ id: z.uuid() }),
        response: {
          200: z.object({ items: z.array(Shipment) }),
          ...connectorProblems([...OFFICIAL_PROBLEMS, 'record.not_found', 'request.invalid']),
        },
      },
    },
    async (req) => {
      const state = await getRecordState(db, req.params.id);
      if (!canView(state, req)) throw new DomainError('record.not_found', { id: req.params.id });
      const rows = await shipmentsOf(db, req.params.id);
      return {
        items: rows.map((r) => ({
          ...r,
          statusAt: r.statusAt.toISOString(),
          recordReturnedAt: r.recordReturnedAt?.toISOString() ?? null,
          createdAt: r.createdAt.toISOString(),
        })),
      };
    },
  );

  app.get(
    '/api/integrations/post/returned',
    {
      config: { access: { roles: ['reception', 'leader', 'monitor'] } },
      schema: {
        tags: ['integrations'],
        summary:
          'Results the post returned to sender, with the reason, newest first: a reception officer or leader sees those of their agency (the record’s return point), a monitor all',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: {
          200: z.object({ items: z.array(ReturnedShipment) }),
          ...connectorProblems([...OFFICIAL_PROBLEMS, 'auth.forbidden', 'request.invalid']),
        },
      },
    },
    async (req) => {
      const a = req.actor!;
      const rows = await returnedShipments(
        db,
        a.roles.includes('monitor') ? null : a.agencyId,
        req.query.limit,
      );
      return {
        items: rows.map((r) => ({
          recordId: r.recordId,
          recordCode: r.recordCode,
          trackingNumber: r.trackingNumber,
          address: r.address,
          recipientName: r.recipientName,
          returnedAt: r.statusAt.toISOString(),
          reason: r.returnReason,
        })),
      };
    },
  );
}
