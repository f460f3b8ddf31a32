import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { DomainError } from '../../core/errors/index.ts';
import {
  mayExpire,
  type PaymentChannel,
  type ProviderStatus,
  receiptNumber,
  settle,
  transferReference,
} from '../../core/payments/index.ts';
import type { Actor, PaidVia } from '../../core/records/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { type Db, inTransaction, type Tx } from '../../platform/db/index.ts';
import { appendAudit } from '../audit/index.ts';
import type { CalendarService } from '../calendar/index.ts';
import { IntegrationError } from '../integrations/http.ts';
import { createRecordsCache, executeCommand, getRecordState } from '../records/index.ts';
import type { PaymentCallback, PaymentPlatformPort } from './port.ts';
import { STATUS_OF } from './port.ts';

/** How the payment platform appears as an actor (`system:payment` in the audit and on the record's events). */
export const PAYMENT_ACTOR = { kind: 'system', integration: 'payment' } as const;
const AUDIT_ROLE = 'system:payment';

const PAID_VIA: Record<PaymentChannel, PaidVia> = {
  online: 'online_portal',
  transfer: 'bank_transfer',
  cash: 'cash',
  card: 'card',
};

export interface PaymentServices {
  readonly db: Db;
  readonly clock: Clock;
  readonly calendars: CalendarService;
}

const cache = createRecordsCache();

export type PaymentRow = Awaited<ReturnType<typeof findPayment>>;

export function findPayment(db: Tx, id: string) {
  return db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The payments of a record, newest first. */
export function paymentsOf(db: Tx, recordId: string) {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('recordId', '=', recordId)
    .orderBy('createdAt', 'desc')
    .execute();
}

/** The record's amount due, or payment.not_awaiting when it awaits no payment. */
async function amountDue(tx: Tx, recordId: string) {
  const state = await getRecordState(tx, recordId);
  if (state.status !== 'awaiting_payment' || !state.payment || state.payment.totalVnd <= 0 || !state.code) {
    throw new DomainError('payment.not_awaiting', { recordId, status: state.status });
  }
  return { state, amountVnd: state.payment.totalVnd, code: state.code };
}

/**
 * Starts (or resumes) the citizen's payment of a record awaiting one: `online` through the payment platform
 * (its page's address, valid until `expiresAt`), or `transfer` (the reference to put on the bank transfer,
 * which the VietQR code carries). One pending attempt per channel: asking again returns it; an attempt
 * whose time is up is first settled by asking the platform. The platform is called outside any transaction;
 * when it does not answer the attempt stays pending and the next request tries again with the same
 * reference (the platform makes one payment of it). @throws payment.not_awaiting, payment.platform_unavailable
 */
export async function startPayment(
  s: PaymentServices,
  port: PaymentPlatformPort,
  recordId: string,
  channel: 'online' | 'transfer',
  o: { createdBy: string; returnUrl: string; expiryMinutes: number },
) {
  const now = s.clock.now();
  let existing = await s.db
    .selectFrom('payments')
    .selectAll()
    .where('recordId', '=', recordId)
    .where('channel', '=', channel)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  if (existing && existing.expiresAt && existing.expiresAt <= now) {
    await syncPayment(s, port, existing.id);
    existing = undefined;
  }
  const row =
    existing ??
    (await inTransaction(s.db, async (tx) => {
      const due = await amountDue(tx, recordId);
      const id = uuidv7();
      const inserted = await tx
        .insertInto('payments')
        .values({
          id,
          recordId,
          recordCode: due.code,
          procedureCode: due.state.procedureCode,
          agencyId: due.state.competentAgencyId ?? due.state.receivingAgencyId!,
          channel,
          amountVnd: due.amountVnd,
          currency: 'VND',
          state: 'pending',
          transferReference: channel === 'transfer' ? transferReference(due.code) : null,
          expiresAt: channel === 'online' ? new Date(now.getTime() + o.expiryMinutes * 60_000) : null,
          createdBy: o.createdBy,
          createdAt: now,
        })
        // Two requests at once: the second finds the first's row below.
        .onConflict((oc) => oc.columns(['recordId', 'channel']).where('state', '=', 'pending').doNothing())
        .returningAll()
        .executeTakeFirst();
      return (
        inserted ??
        (await tx
          .selectFrom('payments')
          .selectAll()
          .where('recordId', '=', recordId)
          .where('channel', '=', channel)
          .where('state', '=', 'pending')
          .executeTakeFirstOrThrow())
      );
    }));
  if (channel === 'transfer' || row.redirectUrl) return row;
  let created: { providerRef: string; redirectUrl: string };
  try {
    created = await port.createPayment({
      paymentId: row.id,
      amountVnd: row.amountVnd,
      recordCode: row.recordCode,
      description: `Nộp phí, lệ phí hồ sơ ${row.recordCode}`,
      returnUrl: o.returnUrl,
      expiresAt: row.expiresAt!,
    });
  } catch (e) {
    if (e instanceof IntegrationError) {
      throw new DomainError('payment.platform_unavailable', { paymentId: row.id, failure: e.failure });
    }
    throw e;
  }
  return await s.db
    .updateTable('payments')
    .set({ providerRef: created.providerRef, redirectUrl: created.redirectUrl })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export type ReportOutcome = 'applied' | 'duplicate' | 'superseded' | 'conflict';

/** What the platform (a callback, the answer to a query) or the bank statement said about a payment. */
export interface PaymentReport {
  readonly status: ProviderStatus;
  readonly providerRef: string | null;
  readonly source: 'callback' | 'query' | 'expiry' | 'transfer';
  readonly reason?: string | undefined;
  readonly callback?: PaymentCallback | undefined;
}

/**
 * Applies a report to a payment in one transaction: the state changes once (`settle`), a paid payment gets
 * its e-receipt number and confirms the record's payment (confirm_payment as the system actor `payment`,
 * with how it was paid) in the same transaction, the callback (if any) is logged with its outcome, and the
 * change is audited. A payment paid while its record no longer awaits one (paid at the counter meanwhile,
 * withdrawn) keeps a note for an official: it is to be refunded.
 */
export async function applyReport(
  s: PaymentServices,
  paymentId: string,
  report: PaymentReport,
): Promise<{ outcome: ReportOutcome; payment: NonNullable<PaymentRow> }> {
  return await inTransaction(s.db, (tx) => applyReportIn(tx, s, paymentId, report));
}

/** {@link applyReport} in the caller's transaction. */
export async function applyReportIn(
  tx: Tx,
  s: PaymentServices,
  paymentId: string,
  report: PaymentReport,
): Promise<{ outcome: ReportOutcome; payment: NonNullable<PaymentRow> }> {
  const now = s.clock.now();
  {
    const p = await tx
      .selectFrom('payments')
      .selectAll()
      .where('id', '=', paymentId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const decision = settle(p.state, report.status);
    const outcome: ReportOutcome = decision.kind === 'settle' ? 'applied' : decision.kind;
    let updated = p;
    if (decision.kind === 'settle') {
      const paid = decision.to === 'paid';
      let receipt: string | null = null;
      if (paid) {
        const seq = await sql<{ n: string }>`select nextval('payment_receipt_seq') as n`.execute(tx);
        receipt = receiptNumber(Number(vnYear(now)), Number(seq.rows[0]!.n));
      }
      updated = await tx
        .updateTable('payments')
        .set({
          state: decision.to,
          settledAt: now,
          settledBy: report.source,
          failureReason: paid ? null : (report.reason ?? decision.to),
          receiptNumber: receipt,
          providerRef: p.providerRef ?? report.providerRef,
        })
        .where('id', '=', p.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      if (paid) updated = await confirmRecord(tx, s, updated, PAYMENT_ACTOR, AUDIT_ROLE, now);
      await appendAudit(
        tx,
        [
          {
            actorRole: AUDIT_ROLE,
            action: `payment.${decision.to}`,
            entityType: 'record',
            entityId: p.recordId,
            change: { paymentId: p.id, source: report.source, providerRef: updated.providerRef, receipt },
          },
        ],
        now,
      );
    }
    if (report.callback) {
      await tx
        .insertInto('paymentCallbacks')
        .values({
          id: uuidv7(),
          receivedAt: now,
          eventId: report.callback.maSuKien,
          paymentId: p.id,
          providerRef: report.callback.maGiaoDich,
          reference: report.callback.maThamChieu,
          status: report.callback.trangThai,
          amountVnd: report.callback.soTien,
          currency: report.callback.donViTienTe,
          outcome,
          detail:
            decision.kind === 'conflict'
              ? `settled ${decision.settled}, reported ${decision.reported}`
              : null,
        })
        .execute();
    }
    return { outcome, payment: updated };
  }
}

function vnYear(now: Date): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 4);
}

/** Confirms the record's payment for a paid payment (in the caller's transaction), or notes why not. */
async function confirmRecord(
  tx: Tx,
  s: PaymentServices,
  p: NonNullable<PaymentRow>,
  actor: Actor,
  actorRole: string,
  now: Date,
): Promise<NonNullable<PaymentRow>> {
  const state = await getRecordState(tx, p.recordId);
  if (state.status !== 'awaiting_payment') {
    return await tx
      .updateTable('payments')
      .set({ note: `paid while the record was ${state.status}: to be refunded` })
      .where('id', '=', p.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  await executeCommand(
    tx,
    { calendars: s.calendars, cache },
    { recordId: p.recordId },
    {
      type: 'confirm_payment',
      reference: (p.counterReceipt ?? p.providerRef ?? p.receiptNumber ?? p.id).slice(0, 200),
      paidVia: PAID_VIA[p.channel],
    },
    { actor, actorRole, now },
  );
  return await tx
    .updateTable('payments')
    .set({ recordConfirmedAt: now })
    .where('id', '=', p.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export type CallbackRefusal =
  | 'bad_signature'
  | 'unknown_payment'
  | 'wrong_amount'
  | 'wrong_currency'
  | 'invalid';

/** Logs a callback the route refused (kept small: a flood of forged callbacks writes bounded rows). */
export async function noteRefusedCallback(
  db: Db,
  now: Date,
  outcome: CallbackRefusal,
  body: unknown,
  detail: string,
) {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const str = (v: unknown, n: number) => (typeof v === 'string' ? v.slice(0, n) : null);
  const int = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);
  const id = str(b.maThamChieu, 100);
  const isUuid = id !== null && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
  const known = isUuid
    ? await db.selectFrom('payments').select('id').where('id', '=', id).executeTakeFirst()
    : undefined;
  await db
    .insertInto('paymentCallbacks')
    .values({
      id: uuidv7(),
      receivedAt: now,
      eventId: str(b.maSuKien, 100),
      paymentId: known?.id ?? null,
      providerRef: str(b.maGiaoDich, 100),
      reference: id,
      status: str(b.trangThai, 20),
      amountVnd: int(b.soTien),
      currency: str(b.donViTienTe, 10),
      outcome,
      detail: detail.slice(0, 500),
    })
    .execute();
}

/**
 * A signed callback of the platform (signature checked by the route): refused and logged when it names no
 * payment of ours (or another transaction than the one we hold), or another amount or currency; otherwise
 * applied. @throws payment.unknown, payment.amount_mismatch, payment.currency_mismatch
 */
export async function applyCallback(s: PaymentServices, cb: PaymentCallback) {
  const now = s.clock.now();
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(cb.maThamChieu);
  const p = isUuid ? await findPayment(s.db, cb.maThamChieu) : undefined;
  if (!p || p.channel !== 'online' || (p.providerRef !== null && p.providerRef !== cb.maGiaoDich)) {
    await noteRefusedCallback(
      s.db,
      now,
      'unknown_payment',
      cb,
      'no online payment has this reference and transaction',
    );
    throw new DomainError('payment.unknown', { reference: cb.maThamChieu });
  }
  if (cb.donViTienTe !== p.currency) {
    await noteRefusedCallback(s.db, now, 'wrong_currency', cb, `expected ${p.currency}`);
    throw new DomainError('payment.currency_mismatch', { expected: p.currency, got: cb.donViTienTe });
  }
  if (cb.soTien !== p.amountVnd) {
    await noteRefusedCallback(s.db, now, 'wrong_amount', cb, `expected ${p.amountVnd}`);
    throw new DomainError('payment.amount_mismatch', { expected: p.amountVnd, got: cb.soTien });
  }
  const { outcome, payment } = await applyReport(s, p.id, {
    status: STATUS_OF[cb.trangThai],
    providerRef: cb.maGiaoDich,
    source: 'callback',
    reason: cb.lyDo,
    callback: cb,
  });
  return { outcome, state: payment.state, receiptNumber: payment.receiptNumber };
}

/**
 * Asks the platform about a pending online payment and applies the answer (a lost callback, a citizen back
 * before the callback); expires it when its time is up and the platform does not know it as paid. The call
 * is made outside any transaction. Returns the payment after it. @throws IntegrationError
 */
export async function syncPayment(s: PaymentServices, port: PaymentPlatformPort, paymentId: string) {
  const p = await findPayment(s.db, paymentId);
  if (!p) throw new DomainError('payment.not_found', { id: paymentId });
  if (p.state !== 'pending' || p.channel !== 'online') return p;
  const answer = await port.queryPayment(p.id);
  if (
    answer &&
    answer.amountVnd === p.amountVnd &&
    answer.currency === p.currency &&
    answer.status !== 'processing'
  ) {
    return (
      await applyReport(s, p.id, { status: answer.status, providerRef: answer.providerRef, source: 'query' })
    ).payment;
  }
  if (mayExpire(p.expiresAt, s.clock.now(), answer?.status)) {
    return (
      await applyReport(s, p.id, {
        status: 'expired',
        providerRef: answer?.providerRef ?? null,
        source: 'expiry',
      })
    ).payment;
  }
  return p;
}

/**
 * Settles the pending online payments created before `olderThan` by asking the platform (the job, and the
 * reconciliation first). Returns how many changed and how many could not be asked.
 */
export async function syncPending(
  s: PaymentServices,
  port: PaymentPlatformPort,
  olderThan: Date,
  onEach?: () => void,
): Promise<{ checked: number; settled: number; unavailable: number }> {
  const rows = await s.db
    .selectFrom('payments')
    .select('id')
    .where('state', '=', 'pending')
    .where('channel', '=', 'online')
    .where('createdAt', '<', olderThan)
    .orderBy('createdAt')
    .limit(5000)
    .execute();
  let settled = 0;
  let unavailable = 0;
  for (const r of rows) {
    try {
      const after = await syncPayment(s, port, r.id);
      if (after.state !== 'pending') settled++;
    } catch (e) {
      if (!(e instanceof IntegrationError)) throw e;
      unavailable++;
    }
    onEach?.();
  }
  return { checked: rows.length, settled, unavailable };
}

/**
 * A payment at the counter (cash or card) with the number of the receipt the officer gave: a paid payment
 * with its e-receipt, and the record's payment confirmed by the officer (whose right to confirm the record
 * checks), in one transaction. @throws payment.not_awaiting and the confirm_payment refusals
 */
export async function recordCounterPayment(
  s: PaymentServices,
  recordId: string,
  input: { channel: 'cash' | 'card'; counterReceipt: string },
  by: { actor: Actor; actorRole: string; userId: string },
) {
  const now = s.clock.now();
  return await inTransaction(s.db, async (tx) => {
    const due = await amountDue(tx, recordId);
    const seq = await sql<{ n: string }>`select nextval('payment_receipt_seq') as n`.execute(tx);
    const row = await tx
      .insertInto('payments')
      .values({
        id: uuidv7(),
        recordId,
        recordCode: due.code,
        procedureCode: due.state.procedureCode,
        agencyId: due.state.competentAgencyId ?? due.state.receivingAgencyId!,
        channel: input.channel,
        amountVnd: due.amountVnd,
        currency: 'VND',
        state: 'paid',
        settledAt: now,
        settledBy: `user:${by.userId}`,
        receiptNumber: receiptNumber(Number(vnYear(now)), Number(seq.rows[0]!.n)),
        counterReceipt: input.counterReceipt,
        createdBy: `user:${by.userId}`,
        createdAt: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const confirmed = await confirmRecord(tx, s, row, by.actor, by.actorRole, now);
    await appendAudit(
      tx,
      [
        {
          actorId: by.userId,
          actorRole: by.actorRole,
          action: 'payment.paid',
          entityType: 'record',
          entityId: recordId,
          change: { paymentId: row.id, channel: input.channel, counterReceipt: input.counterReceipt },
        },
      ],
      now,
    );
    return confirmed;
  });
}

/** Records the refund of a paid payment with its reason (audited). @throws payment.not_paid, payment.already_refunded */
export async function refundPayment(
  s: PaymentServices,
  paymentId: string,
  reason: string,
  by: { userId: string; actorRole: string },
) {
  const now = s.clock.now();
  return await inTransaction(s.db, async (tx) => {
    const p = await tx
      .selectFrom('payments')
      .selectAll()
      .where('id', '=', paymentId)
      .forUpdate()
      .executeTakeFirst();
    if (!p) throw new DomainError('payment.not_found', { id: paymentId });
    if (p.state !== 'paid') throw new DomainError('payment.not_paid', { id: paymentId, state: p.state });
    if (p.refundedAt) throw new DomainError('payment.already_refunded', { id: paymentId });
    const row = await tx
      .updateTable('payments')
      .set({ refundedAt: now, refundedBy: `user:${by.userId}`, refundReason: reason })
      .where('id', '=', p.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(
      tx,
      [
        {
          actorId: by.userId,
          actorRole: by.actorRole,
          action: 'payment.refunded',
          entityType: 'record',
          entityId: p.recordId,
          change: { paymentId: p.id, amountVnd: p.amountVnd, reason },
        },
      ],
      now,
    );
    return row;
  });
}
