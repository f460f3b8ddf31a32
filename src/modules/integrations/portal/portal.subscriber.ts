import { sql } from 'kysely';
import { z } from 'zod';
import { nationalStatus, RecordStatus } from '../../../core/records/index.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/index.ts';
import { byKeyConcurrently, type Delivery, type Subscriber } from '../../../platform/jobs/subscriptions.ts';
import { recordIdentities } from '../../records/index.ts';
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

interface BatchFacts {
  readonly records: ReadonlyMap<string, { code: string | null; procedureCode: string }>;
  readonly portalIds: ReadonlyMap<string, string>;
  /** The push marks, kept current as the batch goes (a later message of a key sees an earlier one's). */
  readonly marks: Map<string, { pushedSeq: number; pushedCode: number }>;
  /** What the batch's handled deliveries change in `portal_sync`, written in one go after the pushes. */
  readonly writes: Map<string, MarkWrite>;
}

/** A record's pending `portal_sync` change: a push (every column) and/or a move of its seq only. */
interface MarkWrite {
  push?: { seq: number; code: number; key: string; at: Date };
  seq: number;
}

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
  /** What a batch needs of the records it is about, read once per batch (keys are distinct in a batch). */
  async function readBatch(batch: readonly Delivery[]): Promise<BatchFacts> {
    const ids = [
      ...new Set(
        batch.flatMap((d) => {
          const p = RecordMessage.safeParse(d.payload);
          return p.success && nationalStatus(p.data.status) !== null ? [p.data.recordId] : [];
        }),
      ),
    ];
    if (ids.length === 0)
      return { records: new Map(), portalIds: new Map(), marks: new Map(), writes: new Map() };
    const [records, submissions, marks] = await Promise.all([
      recordIdentities(db, ids),
      db
        .selectFrom('portalSubmissions')
        .select(['recordId', 'portalId'])
        .where('recordId', 'in', ids)
        .execute(),
      db
        .selectFrom('portalSync')
        .select(['recordId', 'pushedSeq', 'pushedCode'])
        .where('recordId', 'in', ids)
        .execute(),
    ]);
    return {
      records,
      portalIds: new Map(submissions.map((r) => [r.recordId!, r.portalId])),
      marks: new Map(marks.map((r) => [r.recordId, { pushedSeq: r.pushedSeq, pushedCode: r.pushedCode }])),
      writes: new Map(),
    };
  }
  /**
   * Writes the batch's marks: one upsert for the records pushed, one update for those whose mark only moves.
   * A mark never moves back (a re-send of an older change). Called after every push of the batch: a failure
   * here fails the batch, whose pushes are then sent again with the same keys (duplicates the portal ignores).
   */
  async function writeMarks(writes: ReadonlyMap<string, MarkWrite>): Promise<void> {
    const pushed = [...writes].flatMap(([recordId, w]) =>
      w.push
        ? [
            {
              recordId,
              pushedSeq: w.seq,
              pushedCode: w.push.code,
              pushedKey: w.push.key,
              pushedAt: w.push.at,
              portalCode: w.push.code,
              portalSeq: w.push.seq,
              confirmedAt: w.push.at,
            },
          ]
        : [],
    );
    const moved = [...writes].filter(([, w]) => !w.push);
    await Promise.all([
      pushed.length &&
        db
          .insertInto('portalSync')
          .values(pushed)
          .onConflict((oc) =>
            oc
              .column('recordId')
              .doUpdateSet((eb) => ({
                pushedSeq: eb.ref('excluded.pushedSeq'),
                pushedCode: eb.ref('excluded.pushedCode'),
                pushedKey: eb.ref('excluded.pushedKey'),
                pushedAt: eb.ref('excluded.pushedAt'),
                portalCode: eb.ref('excluded.portalCode'),
                portalSeq: eb.ref('excluded.portalSeq'),
                confirmedAt: eb.ref('excluded.confirmedAt'),
              }))
              .where('portalSync.pushedSeq', '<=', (eb) => eb.ref('excluded.pushedSeq')),
          )
          .execute(),
      moved.length &&
        sql`update portal_sync p set pushed_seq = f.seq
          from unnest(${moved.map(([id]) => id)}::uuid[], ${moved.map(([, w]) => w.seq)}::integer[]) as f (id, seq)
          where p.record_id = f.id and p.pushed_seq < f.seq`.execute(db),
    ]);
  }
  async function handle(d: Delivery, facts: BatchFacts): Promise<void> {
    const parsed = RecordMessage.safeParse(d.payload);
    if (!parsed.success) throw new Error(`portal: message ${d.id} is not a record message`);
    const m = parsed.data;
    const code = nationalStatus(m.status);
    if (code === null) return; // a draft is not on the portal
    const resync = d.topic === PORTAL_RESYNC_TOPIC;
    const mark = facts.marks.get(m.recordId);
    if (!resync && mark && mark.pushedSeq >= m.seq) return; // already pushed (a repeated delivery)
    if (!resync && mark && mark.pushedCode === code) {
      const w = facts.writes.get(m.recordId);
      facts.writes.set(m.recordId, { ...w, seq: Math.max(w?.seq ?? 0, m.seq) });
      facts.marks.set(m.recordId, { pushedSeq: m.seq, pushedCode: code });
      return;
    }
    const record = facts.records.get(m.recordId);
    if (!record) throw new Error(`portal: record ${m.recordId} not found`);
    const key = pushKey(m.recordId, m.seq);
    const now = deps.clock.now();
    try {
      await deps.portal.pushStatus({
        idempotencyKey: key,
        recordId: m.recordId,
        recordCode: record.code,
        portalRecordId: facts.portalIds.get(m.recordId) ?? null,
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
    const w = facts.writes.get(m.recordId);
    if (!w || w.seq <= m.seq) {
      facts.writes.set(m.recordId, { push: { seq: m.seq, code, key, at: now }, seq: m.seq });
    }
    if (!mark || mark.pushedSeq <= m.seq) facts.marks.set(m.recordId, { pushedSeq: m.seq, pushedCode: code });
  }
  return {
    name: 'portal',
    topics: ['record.', PORTAL_RESYNC_TOPIC],
    orderedByKey: true,
    batchSize: 20,
    concurrency: 4,
    maxAttempts: 10,
    // One read of the batch's records, then every record's pushes at once (a batch has one delivery per
    // record: orderedByKey), then the marks of the pushed ones in one write; each delivery's failure is its
    // own (bench lifecycle-e2e: a write per delivery and four pushes at a time let the backlog grow).
    handle: async (batch) => {
      const facts = await readBatch(batch);
      const outcome = await byKeyConcurrently((d) => handle(d, facts), batch.length)(batch);
      await writeMarks(facts.writes);
      return outcome;
    },
  };
}
