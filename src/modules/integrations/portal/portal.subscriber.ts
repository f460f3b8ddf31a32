import { z } from 'zod';
import { nationalStatus, RecordStatus } from '../../../core/records/index.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/index.ts';
import { byKeyConcurrently, type Delivery, type Subscriber } from '../../../platform/jobs/subscriptions.ts';
import { IntegrationError } from '../http.ts';
import type { PortalPort } from './port.ts';

/** Topic of a status the reconciliation re-sends (payload as a record message's). */
export const PORTAL_RESYNC_TOPIC = 'portal.resync';

/** The part of a record message (records.service.ts) the portal needs. */
const RecordMessage = z.object({
  recordId: z.string().min(1),
  seq: z.number().int().positive(),
  status: RecordStatus,
  event: z.object({ at: z.string() }).loose().optional(),
});

/** The idempotency key of a record's national status change: stable across retries and re-sends. */
export const pushKey = (recordId: string, seq: number) => `${recordId}:${seq}`;

/**
 * The `portal` subscriber: every national status change of every record goes to the national portal, once.
 * Messages of one record come in order (`orderedByKey`); one whose national status (DOMAIN.md §2.9,
 * `nationalStatus` in core) equals the last one pushed only moves the record's mark. Each change is sent with
 * the key `<record id>:<seq>`, so a retry after a timeout or a lost answer is a duplicate the portal ignores.
 * An unavailable portal fails the delivery (retried with backoff); a refusal fails it with the portal's
 * reason (dead after the attempts, shown to operators). `portal.resync` messages from the reconciliation are
 * pushed even when the mark says they were: the portal lost them.
 */
export function portalSubscriber(deps: { database: Database; portal: PortalPort; clock: Clock }): Subscriber {
  const { db } = deps.database;
  async function handle(d: Delivery): Promise<void> {
    const parsed = RecordMessage.safeParse(d.payload);
    if (!parsed.success) throw new Error(`portal: message ${d.id} is not a record message`);
    const m = parsed.data;
    const code = nationalStatus(m.status);
    if (code === null) return; // a draft is not on the portal
    const resync = d.topic === PORTAL_RESYNC_TOPIC;
    const mark = await db
      .selectFrom('portalSync')
      .selectAll()
      .where('recordId', '=', m.recordId)
      .executeTakeFirst();
    if (!resync && mark && mark.pushedSeq >= m.seq) return; // already pushed (a repeated delivery)
    if (!resync && mark && mark.pushedCode === code) {
      await db
        .updateTable('portalSync')
        .set({ pushedSeq: m.seq })
        .where('recordId', '=', m.recordId)
        .execute();
      return;
    }
    const record = await db
      .selectFrom('records')
      .leftJoin('portalSubmissions', 'portalSubmissions.recordId', 'records.id')
      .select(['records.code', 'records.procedureCode', 'portalSubmissions.portalId'])
      .where('records.id', '=', m.recordId)
      .executeTakeFirst();
    if (!record) throw new Error(`portal: record ${m.recordId} not found`);
    const key = pushKey(m.recordId, m.seq);
    const now = deps.clock.now();
    try {
      await deps.portal.pushStatus({
        idempotencyKey: key,
        recordId: m.recordId,
        recordCode: record.code,
        portalRecordId: record.portalId,
        procedureCode: record.procedureCode,
        status: code,
        seq: m.seq,
        at: m.event?.at ? new Date(m.event.at) : d.createdAt,
      });
    } catch (e) {
      if (e instanceof IntegrationError && !e.retryable) {
        throw new Error(
          `portal refused national status ${code} of record ${m.recordId} (${key}): ${e.message}`,
        );
      }
      throw e;
    }
    const values = {
      pushedSeq: m.seq,
      pushedCode: code,
      pushedKey: key,
      pushedAt: now,
      portalCode: code,
      portalSeq: m.seq,
      confirmedAt: now,
    };
    await db
      .insertInto('portalSync')
      .values({ recordId: m.recordId, ...values })
      .onConflict((oc) =>
        oc
          .column('recordId')
          .doUpdateSet(values)
          // A re-send of an older change never moves the mark back.
          .where('portalSync.pushedSeq', '<=', m.seq),
      )
      .execute();
  }
  return {
    name: 'portal',
    topics: ['record.', PORTAL_RESYNC_TOPIC],
    orderedByKey: true,
    batchSize: 20,
    concurrency: 4,
    maxAttempts: 10,
    // A batch has one delivery per record (orderedByKey): four records' pushes at a time.
    handle: byKeyConcurrently(handle, 4),
  };
}
