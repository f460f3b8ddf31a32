import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { DomainError } from '../../../core/errors/index.ts';
import { stepKind } from '../../../core/records/index.ts';
import type { Clock } from '../../../platform/clock.ts';
import { type Db, inTransaction } from '../../../platform/db/index.ts';
import { appendAudit } from '../../audit/index.ts';
import type { CalendarService } from '../../calendar/index.ts';
import { createRecordsCache, executeCommand, getRecordState } from '../../records/index.ts';
import type { PostCallback, PostPort } from './port.ts';

/** How the post appears as an actor (`system:post` in the audit and on the record's return event). */
export const POST_ACTOR = { kind: 'system', integration: 'post' } as const;
const AUDIT_ROLE = 'system:post';

const RecordMessage = z.object({ recordId: z.uuid(), event: z.object({ type: z.string() }) });

/**
 * Hands a record's result (or its refusal notice) to the post when the applicant chose to receive it by
 * post (`returnPoint.kind === 'post'`): creates the shipment, stores its tracking number. Idempotent by
 * message id (the post is given it as the order reference, so a retry after a lost answer makes no second
 * shipment). @throws IntegrationError (retried by the dispatcher)
 */
export async function handOverShipment(
  db: Db,
  port: PostPort,
  clock: Clock,
  messageId: string,
  payload: unknown,
): Promise<'handed_over' | 'already' | 'not_by_post'> {
  const { recordId, event } = RecordMessage.parse(payload);
  const known = await db
    .selectFrom('postShipments')
    .select('id')
    .where('messageId', '=', messageId)
    .executeTakeFirst();
  if (known) return 'already';
  const state = await getRecordState(db, recordId);
  const code = state.code;
  if (state.returnPoint?.kind !== 'post' || code === null) return 'not_by_post';
  const address = state.returnPoint.address;
  const returnStep = state.steps.findIndex((_, i) => stepKind(state.steps, i) === 'return');
  const receipt = await port.createShipment({
    reference: messageId,
    recordCode: code,
    recipient: { name: state.applicant.fullName, phone: state.applicant.phone ?? null, address },
    contents:
      event.type === 'rejected'
        ? `Thông báo từ chối giải quyết hồ sơ ${code}`
        : `Kết quả giải quyết hồ sơ ${code}`,
  });
  const now = clock.now();
  await inTransaction(db, async (tx) => {
    const row = await tx
      .insertInto('postShipments')
      .values({
        id: uuidv7(),
        recordId,
        recordCode: code,
        messageId,
        trackingNumber: receipt.trackingNumber,
        address,
        recipientName: state.applicant.fullName,
        returnAgencyId: state.steps[returnStep]?.agencyId ?? state.receivingAgencyId,
        status: 'handed_over',
        statusAt: now,
        createdAt: now,
      })
      // The same message again is a no-op; a tracking number already stored for another shipment fails the
      // delivery (retried, then a dead letter operators see) instead of the shipment being dropped silently.
      .onConflict((oc) => oc.column('messageId').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row) {
      await appendAudit(
        tx,
        [
          {
            actorRole: AUDIT_ROLE,
            action: 'post.handed_over',
            entityType: 'record',
            entityId: recordId,
            change: { trackingNumber: receipt.trackingNumber, messageId },
          },
        ],
        now,
      );
    }
  });
  return 'handed_over';
}

export type CallbackOutcome = 'applied' | 'superseded' | 'duplicate';

/** Records a callback the route refused (bad signature, unknown tracking number). */
export async function noteRefusedCallback(
  db: Db,
  now: Date,
  outcome: 'unknown_tracking',
  body: unknown,
  detail: string,
): Promise<void> {
  const b = z
    .object({ eventId: z.string().max(100), trackingNumber: z.string().max(50), status: z.string().max(20) })
    .partial()
    .safeParse(body);
  await db
    .insertInto('postCallbacks')
    .values({
      id: uuidv7(),
      receivedAt: now,
      eventId: b.success ? (b.data.eventId ?? null) : null,
      trackingNumber: b.success ? (b.data.trackingNumber ?? null) : null,
      kind: b.success ? (b.data.status ?? null) : null,
      occurredAt: null,
      outcome,
      detail,
    })
    .execute();
}

/**
 * Applies a callback of the post (signature already checked): a repeated event id changes nothing
 * (`duplicate`); an event older than the shipment's latest one is kept but changes nothing (`superseded`);
 * otherwise the shipment takes its status. A delivered shipment then closes the record with the `return`
 * command as the system actor `post` (method post, with the tracking number) when the record is still
 * waiting for its return; a returned one is listed for the return point's officials with the reason.
 * @throws post.unknown_shipment
 */
export async function applyCallback(
  db: Db,
  services: { calendars: CalendarService },
  clock: Clock,
  cb: PostCallback,
): Promise<{
  outcome: CallbackOutcome;
  status: 'handed_over' | 'delivered' | 'returned';
  recordReturned: boolean;
}> {
  const now = clock.now();
  const occurredAt = new Date(cb.occurredAt);
  const applied = await inTransaction(db, async (tx) => {
    const shipment = await tx
      .selectFrom('postShipments')
      .select(['id', 'recordId', 'status', 'statusAt', 'recordReturnedAt', 'note'])
      .where('trackingNumber', '=', cb.trackingNumber)
      .forUpdate()
      .executeTakeFirst();
    if (!shipment) return undefined;
    const seen = await tx
      .selectFrom('postCallbacks')
      .select('id')
      .where('eventId', '=', cb.eventId)
      .where('outcome', 'in', ['applied', 'superseded'])
      .executeTakeFirst();
    const newer = shipment.status === 'handed_over' || occurredAt > new Date(shipment.statusAt);
    const outcome: CallbackOutcome = seen ? 'duplicate' : newer ? 'applied' : 'superseded';
    await tx
      .insertInto('postCallbacks')
      .values({
        id: uuidv7(),
        receivedAt: now,
        eventId: cb.eventId,
        trackingNumber: cb.trackingNumber,
        kind: cb.status,
        occurredAt,
        outcome,
        detail: cb.reason ?? cb.recipientName ?? null,
      })
      .execute();
    let status = shipment.status;
    if (outcome === 'applied') {
      status = cb.status;
      await tx
        .updateTable('postShipments')
        .set({
          status: cb.status,
          statusAt: occurredAt,
          returnReason: cb.status === 'returned' ? (cb.reason ?? null) : null,
        })
        .where('id', '=', shipment.id)
        .execute();
      await appendAudit(
        tx,
        [
          {
            actorRole: AUDIT_ROLE,
            action: `post.${cb.status}`,
            entityType: 'record',
            entityId: shipment.recordId,
            change: cb,
          },
        ],
        now,
      );
    }
    return { outcome, status, shipment };
  });
  if (!applied) throw new DomainError('post.unknown_shipment', { trackingNumber: cb.trackingNumber });
  const { outcome, status, shipment } = applied;
  // A delivery closes the record once (also on a repeat of the callback, if closing failed before).
  let recordReturned = shipment.recordReturnedAt !== null;
  if (status === 'delivered' && !recordReturned && shipment.note === null) {
    recordReturned = await returnRecord(db, services, clock, shipment.id, shipment.recordId, cb);
  }
  return { outcome, status, recordReturned };
}

const cache = createRecordsCache();

async function returnRecord(
  db: Db,
  services: { calendars: CalendarService },
  clock: Clock,
  shipmentId: string,
  recordId: string,
  cb: PostCallback,
): Promise<boolean> {
  const tracking = await db
    .selectFrom('postShipments')
    .select('trackingNumber')
    .where('id', '=', shipmentId)
    .executeTakeFirstOrThrow();
  try {
    await executeCommand(
      db,
      { calendars: services.calendars, cache },
      { recordId },
      {
        type: 'return_result',
        method: 'post',
        trackingNumber: tracking.trackingNumber,
        ...(cb.recipientName ? { recipientName: cb.recipientName } : {}),
      },
      { actor: POST_ACTOR, actorRole: AUDIT_ROLE, now: clock.now() },
    );
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    // Already returned by an official, or not waiting for its return: kept as a note, not retried.
    await db
      .updateTable('postShipments')
      .set({ note: `${e.code}: the record was not closed by the delivery` })
      .where('id', '=', shipmentId)
      .execute();
    return false;
  }
  await db
    .updateTable('postShipments')
    .set({ recordReturnedAt: clock.now() })
    .where('id', '=', shipmentId)
    .execute();
  return true;
}

/** The shipments of a record, newest first. */
export function shipmentsOf(db: Db, recordId: string) {
  return db
    .selectFrom('postShipments')
    .select([
      'trackingNumber',
      'address',
      'recipientName',
      'status',
      'statusAt',
      'returnReason',
      'recordReturnedAt',
      'note',
      'createdAt',
    ])
    .where('recordId', '=', recordId)
    .orderBy('createdAt', 'desc')
    .execute();
}

/** Shipments returned to sender, newest first; `agencyId`: only those of that return point. */
export function returnedShipments(db: Db, agencyId: string | null, limit: number) {
  return db
    .selectFrom('postShipments')
    .select([
      'recordId',
      'recordCode',
      'trackingNumber',
      'address',
      'recipientName',
      'statusAt',
      'returnReason',
    ])
    .where('status', '=', 'returned')
    .$if(agencyId !== null, (q) => q.where('returnAgencyId', '=', agencyId as string))
    .orderBy('statusAt', 'desc')
    .limit(limit)
    .execute();
}
