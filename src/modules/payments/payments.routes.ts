import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { fileResponse } from '../../contracts/common.ts';
import { MyPayments, PaymentView, RecordPayments } from '../../contracts/payments.ts';
import { IsoDate } from '../../core/calendar/index.ts';
import { DomainError } from '../../core/errors/index.ts';
import { PaymentState } from '../../core/payments/index.ts';
import type { Deps } from '../../platform/deps.ts';
import { APPLICANT_TOKEN, type App } from '../../platform/http/index.ts';
import { keepRawJsonBody, signatureMatches } from '../../platform/http/signed-body.ts';
import type { CalendarService } from '../calendar/index.ts';
import { connectorProblems, OFFICIAL_PROBLEMS } from '../integrations/connector-problems.ts';
import { IntegrationError } from '../integrations/http.ts';
import { canView, getRecordState, officialActor, ownedState } from '../records/index.ts';
import type { PaymentSettings } from './config.ts';
import { ownerPaymentsRoutes } from './owner-payments.routes.ts';
import {
  applyCallback,
  findPayment,
  noteRefusedCallback,
  type PaymentRow,
  type PaymentServices,
  paymentsOf,
  recordCounterPayment,
  refundPayment,
  startPayment,
  syncPayment,
} from './payments.service.ts';
import { PaymentCallback, SIGNATURE_HEADER } from './port.ts';
import { receiptPdf } from './receipt.ts';
import { reconcilePayments } from './reconcile.service.ts';
import { importTransfers } from './transfers.service.ts';

export function presentPayment(p: NonNullable<PaymentRow>): z.infer<typeof PaymentView> {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: p.id,
    recordId: p.recordId,
    recordCode: p.recordCode,
    channel: p.channel,
    amountVnd: p.amountVnd,
    currency: 'VND',
    state: p.state,
    redirectUrl: p.state === 'pending' ? p.redirectUrl : null,
    transferReference: p.transferReference,
    expiresAt: iso(p.expiresAt),
    settledAt: iso(p.settledAt),
    failureReason: p.failureReason,
    receiptNumber: p.receiptNumber,
    counterReceipt: p.counterReceipt,
    note: p.note,
    refundedAt: iso(p.refundedAt),
    refundReason: p.refundReason,
    createdAt: p.createdAt.toISOString(),
  };
}

const Difference = z.object({
  kind: z.enum(['missing_here', 'not_paid_here', 'missing_at_provider', 'amount_differs']),
  paymentId: z.string().nullable(),
  providerRef: z.string().nullable(),
  localAmountVnd: z.number().nullable(),
  providerAmountVnd: z.number().nullable(),
  localState: PaymentState.nullable(),
});
const ReconciliationView = z.object({
  id: z.uuid(),
  day: z.string(),
  providerRows: z.number().int(),
  localRows: z.number().int(),
  matched: z.number().int(),
  settled: z.number().int().describe('pending payments settled by asking the platform first'),
  differences: z.array(Difference),
});
const TransferImportView = z.object({
  day: z.string(),
  transfers: z.number().int(),
  alreadyImported: z.number().int(),
  matched: z.number().int(),
  unmatched: z.array(
    z.object({
      bankRef: z.string(),
      amountVnd: z.number().int(),
      reference: z.string(),
      outcome: z.enum(['no_record', 'wrong_amount']),
    }),
  ),
});

const RecordId = z.object({ id: z.uuid() });
const PaymentId = z.object({ id: z.uuid() });
const PUBLIC_RECORD = [
  'applicant.token_expired',
  'record.not_found',
  'request.invalid',
  'request.rate_limited',
] as const;

function sendPdf(reply: FastifyReply, bytes: Uint8Array, fileName: string) {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="${fileName}"`)
    .send(Buffer.from(bytes));
}

const unavailable = (e: unknown) => {
  if (e instanceof IntegrationError)
    return new DomainError('payment.platform_unavailable', { failure: e.failure });
  return e;
};

/** Payments (issue 18): the citizen's online payment, the platform's callbacks, counter payments, receipts. */
export function paymentsRoutes(
  app: App,
  deps: Deps,
  calendars: CalendarService,
  settings: PaymentSettings,
): void {
  const { db } = deps.database;
  const s: PaymentServices = { db, clock: deps.clock, calendars };
  const returnUrl = (recordId: string) =>
    `${(settings.returnBase ?? `http://localhost:${deps.config.PORT}`).replace(/\/$/, '')}/ho-so/${recordId}`;

  // The callback is signed over its exact bytes: this scope keeps them while parsing JSON.
  app.register(async (scope) => {
    const sc = scope as unknown as App;
    keepRawJsonBody(sc);
    sc.post(
      '/api/payments/callbacks',
      {
        config: { access: 'public' },
        schema: {
          tags: ['payments'],
          summary:
            'The national payment platform calls back about a payment. Signed: header x-payment-signature = "sha256=" + hex HMAC-SHA256 of the raw body under MOTCUA_PAYMENT_SECRET (else 401). A success settles the payment once (paid, e-receipt number) and confirms the record’s payment as the system actor payment (channel online), in one transaction; the same outcome again answers 200 duplicate, an interim status after the final one superseded, a contradicting one conflict (kept, reported by reconciliation). Every callback, refused ones included, is logged (payment_callbacks)',
          headers: z.object({ [SIGNATURE_HEADER]: z.string().max(200).optional() }),
          body: PaymentCallback,
          response: {
            200: z.object({
              outcome: z.enum(['applied', 'duplicate', 'superseded', 'conflict']),
              state: PaymentState.describe('the payment’s state after it'),
              receiptNumber: z.string().nullable(),
            }),
            ...connectorProblems([
              'payment.bad_signature',
              'payment.unknown',
              'payment.amount_mismatch',
              'payment.currency_mismatch',
              'request.invalid',
              'system.database_unavailable',
            ]),
          },
        },
        // The signature first (an unsigned caller learns nothing of the body's shape), then the shape; both
        // refusals are logged, bounded (a flood of forged callbacks writes small rows).
        preValidation: async (req) => {
          const raw = req.rawBody ?? '';
          const header = req.headers[SIGNATURE_HEADER] as string | undefined;
          if (!signatureMatches(settings.secret || '\u0000', raw, header) || !settings.secret) {
            req.log.warn({ bytes: raw.length }, 'payment callback refused: bad or missing signature');
            await noteRefusedCallback(
              db,
              deps.clock.now(),
              'bad_signature',
              req.body,
              'bad or missing signature',
            );
            throw new DomainError('payment.bad_signature', {});
          }
          const parsed = PaymentCallback.safeParse(req.body);
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            await noteRefusedCallback(
              db,
              deps.clock.now(),
              'invalid',
              req.body,
              `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
            );
          }
        },
      },
      async (req) => await applyCallback(s, req.body),
    );
  });

  // --- the citizen (x-applicant-token) ---
  app.get(
    '/api/public/records/:id/payments',
    {
      config: { access: 'public' },
      schema: {
        tags: ['payments'],
        summary:
          'Portal: the payments of the applicant’s own record (x-applicant-token), newest first, and the amount due while it awaits payment',
        params: RecordId,
        headers: z.object({ [APPLICANT_TOKEN]: z.string().min(20).max(200) }),
        response: {
          200: MyPayments,
          ...connectorProblems([...PUBLIC_RECORD, 'system.database_unavailable']),
        },
      },
    },
    async (req) => {
      const state = await ownedState(db, req.params.id, req.headers[APPLICANT_TOKEN] as string);
      const awaiting = state.status === 'awaiting_payment' && state.payment !== null;
      return {
        awaitingPayment: awaiting,
        amountDueVnd: awaiting ? state.payment!.totalVnd : null,
        items: (await paymentsOf(db, req.params.id)).map(presentPayment),
      };
    },
  );

  app.post(
    '/api/public/records/:id/payments',
    {
      config: { access: 'public' },
      schema: {
        tags: ['payments'],
        summary:
          'Portal: pay the amount due of the applicant’s own record (x-applicant-token): online (answers the platform’s page to send the citizen to, valid MOTCUA_PAYMENT_EXPIRY_MINUTES) or by bank transfer (answers the reference to put on it; matched from the bank statement). Asking again returns the pending attempt. 503 when the platform does not answer (try again: the same attempt is reused)',
        params: RecordId,
        headers: z.object({ [APPLICANT_TOKEN]: z.string().min(20).max(200) }),
        body: z.object({ channel: z.enum(['online', 'transfer']) }),
        response: {
          200: PaymentView,
          ...connectorProblems([
            ...PUBLIC_RECORD,
            'payment.not_awaiting',
            'payment.platform_unavailable',
            'system.database_unavailable',
          ]),
        },
      },
    },
    async (req) => {
      await ownedState(db, req.params.id, req.headers[APPLICANT_TOKEN] as string);
      try {
        const row = await startPayment(s, settings.port, req.params.id, req.body.channel, {
          createdBy: 'applicant',
          returnUrl: returnUrl(req.params.id),
          expiryMinutes: settings.expiryMinutes,
        });
        return presentPayment(row);
      } catch (e) {
        // An expired attempt is settled by asking the platform first: it may not answer either.
        throw unavailable(e);
      }
    },
  );

  /** A payment of the applicant's own record (their token), else payment.not_found. */
  async function applicantsPayment(params: { id: string; paymentId: string }, token: string) {
    await ownedState(db, params.id, token);
    const p = await findPayment(db, params.paymentId);
    if (!p || p.recordId !== params.id) throw new DomainError('payment.not_found', { id: params.paymentId });
    return p;
  }

  app.post(
    '/api/public/records/:id/payments/:paymentId/check',
    {
      config: { access: 'public' },
      schema: {
        tags: ['payments'],
        summary:
          'Portal: ask the platform now about a pending online payment of the applicant’s own record (back from the platform’s page before its callback arrived); answers the payment after it',
        params: z.object({ id: z.uuid(), paymentId: z.uuid() }),
        headers: z.object({ [APPLICANT_TOKEN]: z.string().min(20).max(200) }),
        response: {
          200: PaymentView,
          ...connectorProblems([
            ...PUBLIC_RECORD,
            'payment.not_found',
            'payment.platform_unavailable',
            'system.database_unavailable',
          ]),
        },
      },
    },
    async (req) => {
      const p = await applicantsPayment(req.params, req.headers[APPLICANT_TOKEN] as string);
      try {
        return presentPayment(await syncPayment(s, settings.port, p.id));
      } catch (e) {
        throw unavailable(e);
      }
    },
  );

  app.get(
    '/api/public/records/:id/payments/:paymentId/receipt.pdf',
    {
      config: { access: 'public' },
      schema: {
        tags: ['payments'],
        summary:
          'Portal: the e-receipt (biên lai điện tử) of a paid payment of the applicant’s own record, as PDF',
        params: z.object({ id: z.uuid(), paymentId: z.uuid() }),
        headers: z.object({ [APPLICANT_TOKEN]: z.string().min(20).max(200) }),
        response: {
          200: fileResponse(['application/pdf'], 'The e-receipt (A5 PDF), inline'),
          ...connectorProblems([
            ...PUBLIC_RECORD,
            'payment.not_found',
            'payment.not_paid',
            'system.database_unavailable',
          ]),
        },
      },
    },
    async (req, reply) => {
      const p = await applicantsPayment(req.params, req.headers[APPLICANT_TOKEN] as string);
      return sendPdf(reply, await receiptPdf(db, p), `${p.receiptNumber ?? p.id}.pdf`);
    },
  );

  // --- the tracked record's and the e-ID citizen's (owner-payments.routes.ts) ---
  ownerPaymentsRoutes(app, deps, s, settings, presentPayment);

  // --- officials ---
  app.get(
    '/api/records/:id/payments',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['payments'],
        summary: 'The record’s payments (every attempt, every channel), newest first',
        params: RecordId,
        response: {
          200: RecordPayments,
          ...connectorProblems([...OFFICIAL_PROBLEMS, 'record.not_found', 'request.invalid']),
        },
      },
    },
    async (req) => {
      const state = await getRecordState(db, req.params.id);
      if (!canView(state, req)) throw new DomainError('record.not_found', { id: req.params.id });
      return { items: (await paymentsOf(db, req.params.id)).map(presentPayment) };
    },
  );

  app.post(
    '/api/records/:id/payments/counter',
    {
      config: { access: { roles: ['reception', 'specialist', 'leader'] } },
      schema: {
        tags: ['payments'],
        summary:
          'Record a payment at the counter (cash or card) with the number of the receipt given: the payment is paid (with its e-receipt) and the record’s payment confirmed by the official, in one transaction (the confirm_payment rules decide who may)',
        params: RecordId,
        body: z.object({
          channel: z.enum(['cash', 'card']),
          receiptNumber: z
            .string()
            .trim()
            .min(1)
            .max(100)
            .describe('the number of the receipt given at the counter'),
        }),
        response: {
          201: PaymentView,
          ...connectorProblems([
            ...OFFICIAL_PROBLEMS,
            'auth.forbidden',
            'record.not_found',
            'payment.not_awaiting',
            'record.transition_not_allowed',
            'request.invalid',
          ]),
        },
      },
    },
    async (req, reply) => {
      const state = await getRecordState(db, req.params.id);
      if (!canView(state, req)) throw new DomainError('record.not_found', { id: req.params.id });
      const a = req.actor!;
      const row = await recordCounterPayment(
        s,
        req.params.id,
        { channel: req.body.channel, counterReceipt: req.body.receiptNumber },
        { actor: officialActor(req), actorRole: a.roles.join(','), userId: a.userId },
      );
      return reply.status(201).send(presentPayment(row));
    },
  );

  app.post(
    '/api/payments/:id/refund',
    {
      config: { access: { roles: ['leader'] } },
      schema: {
        tags: ['payments'],
        summary:
          'Record the refund of a paid payment with its reason (a leader of an agency that sees the record; audited as payment.refunded)',
        params: PaymentId,
        body: z.object({ reason: z.string().trim().min(5).max(1000) }),
        response: {
          200: PaymentView,
          ...connectorProblems([
            ...OFFICIAL_PROBLEMS,
            'auth.forbidden',
            'payment.not_found',
            'payment.not_paid',
            'payment.already_refunded',
            'request.invalid',
          ]),
        },
      },
    },
    async (req) => {
      const p = await findPayment(db, req.params.id);
      if (!p || !canView(await getRecordState(db, p.recordId), req)) {
        throw new DomainError('payment.not_found', { id: req.params.id });
      }
      const a = req.actor!;
      return presentPayment(
        await refundPayment(s, p.id, req.body.reason, { userId: a.userId, actorRole: a.roles.join(',') }),
      );
    },
  );

  app.get(
    '/api/payments/:id/receipt.pdf',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['payments'],
        summary:
          'The e-receipt (biên lai điện tử) of a paid payment, as PDF, for an official who sees the record',
        params: PaymentId,
        response: {
          200: fileResponse(['application/pdf'], 'The e-receipt (A5 PDF), inline'),
          ...connectorProblems([
            ...OFFICIAL_PROBLEMS,
            'payment.not_found',
            'payment.not_paid',
            'request.invalid',
          ]),
        },
      },
    },
    async (req, reply) => {
      const p = await findPayment(db, req.params.id);
      if (!p || !canView(await getRecordState(db, p.recordId), req)) {
        throw new DomainError('payment.not_found', { id: req.params.id });
      }
      return sendPdf(reply, await receiptPdf(db, p), `${p.receiptNumber ?? p.id}.pdf`);
    },
  );

  app.post(
    '/api/payments/reconcile',
    {
      config: { access: { roles: ['admin', 'monitor'] } },
      schema: {
        tags: ['payments'],
        summary:
          'Reconcile a Vietnam day’s online payments against the platform’s statement now (as the daily job and `motcua payments reconcile` do): pending payments are first settled by asking the platform; the run and its differences are stored and answered',
        body: z.object({ date: IsoDate }),
        response: {
          200: ReconciliationView,
          ...connectorProblems([
            ...OFFICIAL_PROBLEMS,
            'auth.forbidden',
            'payment.platform_unavailable',
            'request.invalid',
          ]),
        },
      },
    },
    async (req) => {
      try {
        return await reconcilePayments(s, settings.port, req.body.date, 'api');
      } catch (e) {
        throw unavailable(e);
      }
    },
  );

  app.post(
    '/api/payments/transfers/import',
    {
      config: { access: { roles: ['admin', 'monitor', 'reception'] } },
      schema: {
        tags: ['payments'],
        summary:
          'Import a Vietnam day’s incoming bank transfers from the bank’s statement and match each to the record awaiting payment whose code its reference carries, for the amount due (the record continues); a transfer already imported is not taken again; the rest are answered with why',
        body: z.object({ date: IsoDate }),
        response: {
          200: TransferImportView,
          ...connectorProblems([
            ...OFFICIAL_PROBLEMS,
            'auth.forbidden',
            'payment.platform_unavailable',
            'request.invalid',
          ]),
        },
      },
    },
    async (req) => {
      try {
        return await importTransfers(s, settings.port, req.body.date);
      } catch (e) {
        throw unavailable(e);
      }
    },
  );
}
