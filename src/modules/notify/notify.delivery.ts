import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { DomainError } from '../../core/errors/index.ts';
import {
  type Channel,
  type Language,
  plannedMessages,
  recipients,
  renderPlanned,
} from '../../core/notify/index.ts';
import { submissionReference } from '../../core/records/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { type Db, inTransaction, type Tx } from '../../platform/db/index.ts';
import { enqueue } from '../../platform/jobs/outbox.ts';
import { byKeyConcurrently, type Delivery, type Subscriber } from '../../platform/jobs/subscriptions.ts';
import { procedureVersionNames } from '../catalog/index.ts';
import { getRecordState } from '../records/index.ts';
import { agencyNames } from '../units/index.ts';
import { type DeliveryReceipt, type NotificationPort, type NotificationPorts, SendError } from './port.ts';

/** The record events a citizen hears of (the others are skipped without reading anything). */
const NOTIFIABLE = new Set([
  'submitted',
  'received',
  'completion_requested',
  'supplement_requested',
  'extended',
  'payment_requested',
  'result_issued',
  'result_returned',
]);

/** Attempts of a send before the message is dead (waits from 1 s doubling, ~17 minutes in all). */
export const SEND_ATTEMPTS = 10;
/** Undelivered receipts after which a message is not sent again (dead, for an official to see). */
export const MAX_RESENDS = 2;
/** A throttle this short is waited out in the send instead of failing the attempt. */
const WAIT_OUT_MS = 3000;

const RecordMessage = z.object({
  recordId: z.uuid(),
  code: z.string().nullable().optional(),
  event: z.looseObject({ type: z.string() }),
});
const SendMessage = z.object({ notificationId: z.uuid(), recordId: z.uuid() });

export interface NotifyOptions {
  readonly db: Db;
  readonly clock: Clock;
  /** Motcua's public base URL (links in the messages). */
  readonly publicUrl: string;
}

/**
 * Subscriber `notify`: each record event a citizen hears of becomes one message per chosen channel, its text
 * rendered now (a template that cannot be filled fails the delivery, visibly; nothing goes out), stored as
 * queued with a `notify.<channel>` outbox message, in one transaction. Idempotent on the event's message id.
 */
export function notifySubscriber(o: NotifyOptions): Subscriber {
  return {
    name: 'notify',
    topics: ['record.'],
    batchSize: 100,
    handle: byKeyConcurrently(async (d) => {
      await planDelivery(o, d);
    }, 4),
  };
}

export async function planDelivery(o: NotifyOptions, d: Delivery): Promise<number> {
  const parsed = RecordMessage.safeParse(d.payload);
  if (!parsed.success || !NOTIFIABLE.has(parsed.data.event.type)) return 0;
  const { recordId, event } = parsed.data;
  const state = await getRecordState(o.db, recordId);
  const to = recipients(state.applicant);
  if (to.length === 0) return 0;
  const language: Language = state.applicant.language ?? 'vi';
  const returnAgencyId = state.returnPoint?.kind === 'counter' ? state.returnPoint.agencyId : null;
  const agencyIds = [state.receivingAgencyId, returnAgencyId].filter((x): x is string => x !== null);
  const [agencies, procedures] = await Promise.all([
    agencyNames(o.db, agencyIds),
    procedureVersionNames(o.db, [state.procedureVersionId]),
  ]);
  const plans = plannedMessages(event as never, {
    recordId,
    code: parsed.data.code ?? state.code,
    reference: submissionReference(recordId),
    applicantName: state.applicant.fullName,
    procedureName: procedures.get(state.procedureVersionId) ?? state.procedureCode,
    agencyName: (state.receivingAgencyId && agencies.get(state.receivingAgencyId)) || 'Bộ phận Một cửa',
    returnPoint: state.returnPoint,
    returnAgencyName: returnAgencyId ? (agencies.get(returnAgencyId) ?? null) : null,
    publicUrl: o.publicUrl.replace(/\/+$/, ''),
  });
  // Rendered before anything is written: a template that cannot be filled throws here (TemplateError).
  const now = o.clock.now();
  const rows = plans.flatMap((p) => {
    const text = renderPlanned(p, language);
    return to.map((r) => ({
      id: uuidv7(),
      recordId,
      sourceMessageId: d.id,
      kind: p.kind,
      channel: r.channel,
      recipient: r.to,
      language,
      subject: text.subject,
      body: text.text,
      shortText: text.short,
      status: 'queued' as const,
      createdAt: now,
      updatedAt: now,
    }));
  });
  if (rows.length === 0) return 0;
  return inTransaction(o.db, async (tx) => {
    const written = await tx
      .insertInto('notificationMessages')
      .values(rows)
      .onConflict((oc) => oc.columns(['sourceMessageId', 'kind', 'channel']).doNothing())
      .returning(['id', 'channel'])
      .execute();
    if (written.length === 0) return 0;
    await tx
      .insertInto('notificationEvents')
      .values(
        written.map((w) => ({
          id: uuidv7(),
          messageId: w.id,
          status: 'queued' as const,
          detail: null,
          at: now,
        })),
      )
      .execute();
    await enqueue(
      tx,
      written.map((w) => ({
        topic: `notify.${w.channel}`,
        key: recordId,
        payload: { notificationId: w.id, recordId },
        idempotencyKey: `notify:${w.id}`,
      })),
      now,
    );
    return written.length;
  });
}

/**
 * Subscriber `notify-<channel>`: sends each queued message through its provider, outside any transaction,
 * then records the outcome on the message's timeline. A failure (the provider down, refusing, throttling)
 * is recorded as `failed` (or `throttled`, and the channel waits the provider's Retry-After in every
 * process) and retried by the outbox; after SEND_ATTEMPTS it is `dead` and shows on the integrations page.
 */
export function sendSubscriber(o: { db: Db; clock: Clock; port: NotificationPort }): Subscriber {
  return {
    name: `notify-${o.port.channel}`,
    topics: [`notify.${o.port.channel}`],
    orderedByKey: true,
    batchSize: 50,
    maxAttempts: SEND_ATTEMPTS,
    concurrency: 2,
    handle: byKeyConcurrently(async (d) => {
      await sendOne(o, d);
    }, 8),
  };
}

async function event(tx: Tx, messageId: string, status: string, detail: string | null, at: Date) {
  await tx
    .insertInto('notificationEvents')
    .values({ id: uuidv7(), messageId, status: status as 'sent', detail, at })
    .execute();
}

export async function sendOne(
  o: { db: Db; clock: Clock; port: NotificationPort },
  d: Delivery,
): Promise<'sent' | 'already'> {
  const { notificationId } = SendMessage.parse(d.payload);
  const m = await o.db
    .selectFrom('notificationMessages')
    .selectAll()
    .where('id', '=', notificationId)
    .executeTakeFirstOrThrow();
  if (m.status === 'sent' || m.status === 'delivered') return 'already';
  const channel = m.channel as Channel;
  const last = d.attempts + 1 >= SEND_ATTEMPTS;
  // The provider throttled this channel: no call before its Retry-After (a short wait is waited out).
  const throttle = await o.db
    .selectFrom('notificationThrottles')
    .select('until')
    .where('channel', '=', channel)
    .executeTakeFirst();
  const wait = throttle ? throttle.until.getTime() - o.clock.now().getTime() : 0;
  if (wait > WAIT_OUT_MS) {
    if (last)
      await markFailed(o, m.id, 'dead', `throttled by the provider until ${throttle!.until.toISOString()}`);
    throw new Error(`${channel} throttled until ${throttle!.until.toISOString()}`);
  }
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const resends = Number(
    (
      await o.db
        .selectFrom('notificationEvents')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('messageId', '=', m.id)
        .where('status', '=', 'undelivered')
        .executeTakeFirst()
    )?.n ?? 0,
  );
  if (m.status === 'failed' || d.attempts > 0) {
    await inTransaction(o.db, (tx) => event(tx, m.id, 'retried', `attempt ${m.attempts + 1}`, o.clock.now()));
  }
  let accepted: Awaited<ReturnType<NotificationPort['send']>>;
  try {
    accepted = await o.port.send({
      // A message sent again after an undelivered receipt is a new one for the provider.
      id: resends === 0 ? m.id : `${m.id}.${resends}`,
      channel,
      to: m.recipient,
      kind: m.kind as never,
      language: m.language,
      subject: m.subject,
      text: m.body,
      short: m.shortText,
      params: { text: m.shortText },
    });
  } catch (e) {
    const error =
      e instanceof SendError ? e : new SendError('unavailable', e instanceof Error ? e.message : String(e));
    if (error.failure === 'throttled') {
      const until = new Date(o.clock.now().getTime() + (error.retryAfterMs ?? 1000));
      await o.db
        .insertInto('notificationThrottles')
        .values({ channel, until, updatedAt: o.clock.now() })
        .onConflict((oc) =>
          oc.column('channel').doUpdateSet({
            until: sql`greatest(notification_throttles.until, excluded.until)`,
            updatedAt: o.clock.now(),
          }),
        )
        .execute();
    }
    await markFailed(
      o,
      m.id,
      last ? 'dead' : error.failure === 'throttled' ? 'throttled' : 'failed',
      error.message,
    );
    throw error;
  }
  const now = o.clock.now();
  await inTransaction(o.db, async (tx) => {
    await lockProviderMessage(tx, channel, accepted.providerMessageId);
    await tx
      .updateTable('notificationMessages')
      .set({
        status: 'sent',
        providerMessageId: accepted.providerMessageId,
        attempts: sql`attempts + 1`,
        lastError: null,
        updatedAt: now,
      })
      .where('id', '=', m.id)
      .where('status', 'in', ['queued', 'failed', 'dead'])
      .execute();
    await event(
      tx,
      m.id,
      'sent',
      `${o.port.channel} ${accepted.providerMessageId}${accepted.duplicate ? ' (duplicate)' : ''}`,
      now,
    );
    await applyEarlyReceipts(tx, now, channel, accepted.providerMessageId);
  });
  return 'sent';
}

async function markFailed(
  o: { db: Db; clock: Clock },
  id: string,
  how: 'failed' | 'throttled' | 'dead',
  error: string,
): Promise<void> {
  const now = o.clock.now();
  await inTransaction(o.db, async (tx) => {
    await tx
      .updateTable('notificationMessages')
      .set({
        status: how === 'dead' ? 'dead' : 'failed',
        attempts: sql`attempts + 1`,
        lastError: error.slice(0, 2000),
        updatedAt: now,
      })
      .where('id', '=', id)
      .where('status', 'in', ['queued', 'failed', 'dead'])
      .execute();
    await event(tx, id, how, error.slice(0, 2000), now);
  });
}

export type ReceiptOutcome = 'applied' | 'duplicate' | 'superseded';
export type MessageStatus = 'queued' | 'sent' | 'delivered' | 'failed' | 'dead';

/**
 * A provider's delivery receipt: `delivered` closes the message; `failed` (not delivered: the handset was
 * off, the Zalo user never got it) marks it failed and queues it again (a new send, at most MAX_RESENDS
 * times, then dead). A repeated event id is a duplicate; a receipt after the message's final state is
 * superseded. Everything is recorded in notification_receipts. @throws DomainError notify.unknown_message
 */
export async function applyReceipt(
  db: Db,
  clock: Clock,
  provider: 'sms' | 'zalo',
  r: DeliveryReceipt,
): Promise<{ outcome: ReceiptOutcome; status: MessageStatus }> {
  const now = clock.now();
  const applied = await inTransaction(db, async (tx) => {
    await lockProviderMessage(tx, provider, r.messageId);
    const result = await applyReceiptIn(tx, now, provider, r);
    if (result === null) {
      // Kept, with what it said: applied if the send's answer is written later (applyEarlyReceipts).
      await tx
        .insertInto('notificationReceipts')
        .values({
          id: uuidv7(),
          provider,
          eventId: r.eventId,
          providerMessageId: r.messageId,
          status: r.status,
          outcome: 'unknown_message',
          detail: (r.reason ?? 'no message has this provider id (yet)').slice(0, 500),
          receivedAt: now,
        })
        .execute();
    }
    return result;
  });
  if (applied === null) throw new DomainError('notify.unknown_message', { provider, messageId: r.messageId });
  return applied;
}

/**
 * Serialises a receipt and the write of the send's answer for one provider message id (a transaction-scoped
 * advisory lock): a receipt that beats the answer is either seen by it (kept as unknown_message first) or
 * finds the message sent.
 */
async function lockProviderMessage(tx: Tx, provider: Channel, providerMessageId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`notify:${provider}:${providerMessageId}`}))`.execute(tx);
}

/** {@link applyReceipt} in the caller's transaction. */
async function applyReceiptIn(
  tx: Tx,
  now: Date,
  provider: 'sms' | 'zalo',
  r: DeliveryReceipt,
): Promise<{ outcome: ReceiptOutcome; status: MessageStatus } | null> {
  {
    const m = await tx
      .selectFrom('notificationMessages')
      .select(['id', 'status', 'recordId'])
      .where('channel', '=', provider)
      .where('providerMessageId', '=', r.messageId)
      .forUpdate()
      .executeTakeFirst();
    if (!m) return null;
    const seen = await tx
      .selectFrom('notificationReceipts')
      .select('id')
      .where('provider', '=', provider)
      .where('eventId', '=', r.eventId)
      .where('outcome', 'in', ['applied', 'superseded'])
      .executeTakeFirst();
    const record = (outcome: 'applied' | 'duplicate' | 'superseded', detail: string | null) =>
      tx
        .insertInto('notificationReceipts')
        .values({
          id: uuidv7(),
          provider,
          eventId: r.eventId,
          providerMessageId: r.messageId,
          status: r.status,
          outcome,
          detail,
          receivedAt: now,
        })
        .execute();
    if (seen) {
      await record('duplicate', null);
      return { outcome: 'duplicate' as const, status: m.status };
    }
    if (m.status !== 'sent') {
      await record('superseded', `message already ${m.status}`);
      return { outcome: 'superseded' as const, status: m.status };
    }
    await record('applied', r.reason ?? null);
    if (r.status === 'delivered') {
      await tx
        .updateTable('notificationMessages')
        .set({ status: 'delivered', updatedAt: now })
        .where('id', '=', m.id)
        .execute();
      await event(tx, m.id, 'delivered', `${provider} at ${r.occurredAt}`, now);
      return { outcome: 'applied' as const, status: 'delivered' as const };
    }
    await event(tx, m.id, 'undelivered', r.reason ?? 'not delivered', now);
    const undelivered = Number(
      (
        await tx
          .selectFrom('notificationEvents')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('messageId', '=', m.id)
          .where('status', '=', 'undelivered')
          .executeTakeFirst()
      )?.n ?? 0,
    );
    if (undelivered > MAX_RESENDS) {
      await tx
        .updateTable('notificationMessages')
        .set({
          status: 'dead',
          lastError: `not delivered ${undelivered} times: ${r.reason ?? ''}`,
          updatedAt: now,
        })
        .where('id', '=', m.id)
        .execute();
      await event(tx, m.id, 'dead', `not delivered ${undelivered} times`, now);
      return { outcome: 'applied' as const, status: 'dead' as const };
    }
    await tx
      .updateTable('notificationMessages')
      .set({ status: 'failed', lastError: `not delivered: ${r.reason ?? ''}`, updatedAt: now })
      .where('id', '=', m.id)
      .execute();
    await enqueue(
      tx,
      [
        {
          topic: `notify.${provider}`,
          key: m.recordId,
          payload: { notificationId: m.id, recordId: m.recordId },
          idempotencyKey: `notify:${m.id}:resend:${undelivered}`,
        },
      ],
      now,
    );
    return { outcome: 'applied' as const, status: 'failed' as const };
  }
}

/**
 * Receipts that arrived before the send's answer was written (a fast provider): recorded as unknown_message
 * then, applied now that the message has its provider id (in the send's transaction).
 */
async function applyEarlyReceipts(
  tx: Tx,
  now: Date,
  provider: Channel,
  providerMessageId: string,
): Promise<void> {
  if (provider === 'email') return;
  const early = await tx
    .selectFrom('notificationReceipts')
    .selectAll()
    .where('provider', '=', provider)
    .where('providerMessageId', '=', providerMessageId)
    .where('outcome', '=', 'unknown_message')
    .orderBy('receivedAt')
    .orderBy('id')
    .execute();
  for (const e of early) {
    if (e.eventId === null || (e.status !== 'delivered' && e.status !== 'failed')) continue;
    await applyReceiptIn(tx, now, provider, {
      eventId: e.eventId,
      messageId: providerMessageId,
      status: e.status,
      ...(e.detail && e.status === 'failed' ? { reason: e.detail } : {}),
      occurredAt: e.receivedAt.toISOString(),
    });
  }
}

/** Notes a receipt refused before it was read (bad signature: no body kept) or for an unknown message. */
export async function noteRefusedReceipt(
  db: Db,
  clock: Clock,
  provider: string,
  outcome: 'bad_signature' | 'unknown_message',
  r: { eventId?: string; messageId?: string; status?: string } | undefined,
  detail: string,
): Promise<void> {
  await db
    .insertInto('notificationReceipts')
    .values({
      id: uuidv7(),
      provider: provider.slice(0, 20),
      eventId: r?.eventId?.slice(0, 100) ?? null,
      providerMessageId: r?.messageId?.slice(0, 100) ?? null,
      status: r?.status?.slice(0, 20) ?? null,
      outcome,
      detail: detail.slice(0, 500),
      receivedAt: clock.now(),
    })
    .execute();
}

/** A record's messages, oldest first, each with its timeline. */
export async function notificationsOf(tx: Tx, recordId: string) {
  const messages = await tx
    .selectFrom('notificationMessages')
    .selectAll()
    .where('recordId', '=', recordId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
  const events = messages.length
    ? await tx
        .selectFrom('notificationEvents')
        .selectAll()
        .where(
          'messageId',
          'in',
          messages.map((m) => m.id),
        )
        .orderBy('at')
        .orderBy('id')
        .execute()
    : [];
  return messages.map((m) => ({ ...m, events: events.filter((e) => e.messageId === m.id) }));
}

export type { NotificationPorts };
