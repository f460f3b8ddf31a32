import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { fileResponse } from '../../contracts/common.ts';
import { MyPayments, PaymentView } from '../../contracts/payments.ts';
import { DomainError, type ErrorCode } from '../../core/errors/index.ts';
import type { RecordState } from '../../core/records/index.ts';
import type { Deps } from '../../platform/deps.ts';
import type { App } from '../../platform/http/index.ts';
import { connectorProblems } from '../integrations/connector-problems.ts';
import { IntegrationError } from '../integrations/http.ts';
import { citizenState, TrackingCheck, trackRecord } from '../records/index.ts';
import type { PaymentSettings } from './config.ts';
import {
  findPayment,
  type PaymentRow,
  type PaymentServices,
  paymentsOf,
  startPayment,
  syncPayment,
} from './payments.service.ts';
import { receiptPdf } from './receipt.ts';

type Present = (p: NonNullable<PaymentRow>) => z.infer<typeof PaymentView>;

const unavailable = (e: unknown) =>
  e instanceof IntegrationError ? new DomainError('payment.platform_unavailable', { failure: e.failure }) : e;

/**
 * The payments of a record whose owner was proven some other way than the submission's applicant token:
 * by the tracking check (record code and the last 4 digits of the phone or personal ID, as the tracking page
 * and its VietQR code: a citizen who follows the e-mail's link on another device) or by the e-ID session
 * ("Hồ sơ của tôi"). Same flow as the applicant's: the amount due, online or by transfer, asking the
 * platform on return, the e-receipt.
 */
export function ownerPaymentsRoutes(
  app: App,
  deps: Deps,
  s: PaymentServices,
  settings: PaymentSettings,
  present: Present,
): void {
  const { db } = deps.database;
  const publicBase = (settings.returnBase ?? `http://localhost:${deps.config.PORT}`).replace(/\/$/, '');

  const overview = async (state: RecordState) => {
    const awaiting = state.status === 'awaiting_payment' && state.payment !== null;
    return {
      awaitingPayment: awaiting,
      amountDueVnd: awaiting ? state.payment!.totalVnd : null,
      items: (await paymentsOf(db, state.id)).map(present),
    };
  };
  const start = async (
    state: RecordState,
    channel: 'online' | 'transfer',
    createdBy: string,
    returnUrl: string,
  ) => {
    try {
      return present(
        await startPayment(s, settings.port, state.id, channel, {
          createdBy,
          returnUrl,
          expiryMinutes: settings.expiryMinutes,
        }),
      );
    } catch (e) {
      throw unavailable(e);
    }
  };
  const paymentOf = async (state: RecordState, paymentId: string) => {
    const p = await findPayment(db, paymentId);
    if (!p || p.recordId !== state.id) throw new DomainError('payment.not_found', { id: paymentId });
    return p;
  };
  const check = async (state: RecordState, paymentId: string) => {
    const p = await paymentOf(state, paymentId);
    try {
      return present(await syncPayment(s, settings.port, p.id));
    } catch (e) {
      throw unavailable(e);
    }
  };
  const receipt = async (reply: FastifyReply, state: RecordState, paymentId: string) => {
    const p = await paymentOf(state, paymentId);
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="${p.receiptNumber ?? p.id}.pdf"`)
      .header('cache-control', 'private, no-store')
      .send(Buffer.from(await receiptPdf(db, p)));
  };
  const Channel = z.object({ channel: z.enum(['online', 'transfer']) });

  // --- by the tracking check ---
  const Code = z.object({ code: z.string().min(10).max(60) });
  const CodePayment = z.object({ code: z.string().min(10).max(60), paymentId: z.uuid() });
  const TRACKED: ErrorCode[] = [
    'record.not_found',
    'request.invalid',
    'request.rate_limited',
    'system.database_unavailable',
  ];
  const tracked = (code: string, checkDigits: string) => trackRecord(db, code, checkDigits);
  const trackedReturn = (state: RecordState) =>
    `${publicBase}/tra-cuu?code=${encodeURIComponent(state.code ?? '')}`;

  app.get(
    '/api/public/records/:code/tracked-payments',
    {
      config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['payments'],
        summary:
          'Tracking page: the payments of the tracked record (record code and the tracking check, as GET /api/public/records/{code}; a wrong code or check answers the same 404), newest first, and the amount due while it awaits payment',
        params: Code,
        querystring: TrackingCheck,
        response: { 200: MyPayments, ...connectorProblems(TRACKED) },
      },
    },
    async (req) => overview(await tracked(req.params.code, req.query.check)),
  );
  app.post(
    '/api/public/records/:code/tracked-payments',
    {
      config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['payments'],
        summary:
          'Tracking page: pay the amount due of the tracked record (record code and the tracking check), online (answers the platform’s page; back to /tra-cuu) or by bank transfer, exactly as the applicant’s POST /api/public/records/{id}/payments: asking again returns the pending attempt, a paid record answers 409 payment.not_awaiting',
        params: Code,
        querystring: TrackingCheck,
        body: Channel,
        response: {
          200: PaymentView,
          ...connectorProblems([...TRACKED, 'payment.not_awaiting', 'payment.platform_unavailable']),
        },
      },
    },
    async (req) => {
      const state = await tracked(req.params.code, req.query.check);
      return await start(state, req.body.channel, 'tracking', trackedReturn(state));
    },
  );
  app.post(
    '/api/public/records/:code/tracked-payments/:paymentId/check',
    {
      config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['payments'],
        summary:
          'Tracking page: ask the platform now about a pending online payment of the tracked record (back from the platform’s page); answers the payment after it',
        params: CodePayment,
        querystring: TrackingCheck,
        response: {
          200: PaymentView,
          ...connectorProblems([...TRACKED, 'payment.not_found', 'payment.platform_unavailable']),
        },
      },
    },
    async (req) => check(await tracked(req.params.code, req.query.check), req.params.paymentId),
  );
  app.get(
    '/api/public/records/:code/tracked-payments/:paymentId/receipt.pdf',
    {
      config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['payments'],
        summary: 'Tracking page: the e-receipt of a paid payment of the tracked record, as PDF',
        params: CodePayment,
        querystring: TrackingCheck,
        response: {
          200: fileResponse(['application/pdf'], 'The e-receipt (A5 PDF), inline'),
          ...connectorProblems([...TRACKED, 'payment.not_found', 'payment.not_paid']),
        },
      },
    },
    async (req, reply) =>
      receipt(reply, await tracked(req.params.code, req.query.check), req.params.paymentId),
  );

  // --- the citizen signed in with e-ID (Hồ sơ của tôi) ---
  const Id = z.object({ id: z.uuid() });
  const IdPayment = z.object({ id: z.uuid(), paymentId: z.uuid() });
  const CITIZEN: ErrorCode[] = [
    'citizen.unauthenticated',
    'record.not_found',
    'request.invalid',
    'request.rate_limited',
    'system.database_unavailable',
  ];
  const citizenReturn = (state: RecordState) => `${publicBase}/ho-so-cua-toi/${state.id}`;
  const OWNER =
    "Another person's record answers 404 record.not_found, exactly as an unknown id; without a citizen session 401.";

  app.get(
    '/api/citizen/records/:id/payments',
    {
      config: { access: 'citizen', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['citizen', 'payments'],
        summary:
          'Hồ sơ của tôi: the payments of one of my records (e-ID), newest first, and the amount due while it awaits payment',
        description: OWNER,
        params: Id,
        response: { 200: MyPayments, ...connectorProblems(CITIZEN) },
      },
    },
    async (req, reply) => {
      const state = await citizenState(db, req.params.id, req);
      reply.header('cache-control', 'private, no-store');
      return await overview(state);
    },
  );
  app.post(
    '/api/citizen/records/:id/payments',
    {
      config: { access: 'citizen', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['citizen', 'payments'],
        summary:
          'Hồ sơ của tôi: pay the amount due of one of my records (e-ID), online (back to /ho-so-cua-toi/{id}) or by bank transfer; asking again returns the pending attempt, a paid record answers 409 payment.not_awaiting',
        description: OWNER,
        params: Id,
        body: Channel,
        response: {
          200: PaymentView,
          ...connectorProblems([...CITIZEN, 'payment.not_awaiting', 'payment.platform_unavailable']),
        },
      },
    },
    async (req) => {
      const state = await citizenState(db, req.params.id, req);
      return await start(state, req.body.channel, 'citizen', citizenReturn(state));
    },
  );
  app.post(
    '/api/citizen/records/:id/payments/:paymentId/check',
    {
      config: { access: 'citizen', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['citizen', 'payments'],
        summary:
          'Hồ sơ của tôi: ask the platform now about a pending online payment of one of my records (back from the platform’s page)',
        description: OWNER,
        params: IdPayment,
        response: {
          200: PaymentView,
          ...connectorProblems([...CITIZEN, 'payment.not_found', 'payment.platform_unavailable']),
        },
      },
    },
    async (req) => check(await citizenState(db, req.params.id, req), req.params.paymentId),
  );
  app.get(
    '/api/citizen/records/:id/payments/:paymentId/receipt.pdf',
    {
      config: { access: 'citizen', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['citizen', 'payments'],
        summary: 'Hồ sơ của tôi: the e-receipt of a paid payment of one of my records (e-ID), as PDF',
        description: OWNER,
        params: IdPayment,
        response: {
          200: fileResponse(['application/pdf'], 'The e-receipt (A5 PDF), inline'),
          ...connectorProblems([...CITIZEN, 'payment.not_found', 'payment.not_paid']),
        },
      },
    },
    async (req, reply) => receipt(reply, await citizenState(db, req.params.id, req), req.params.paymentId),
  );
}
