import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { addDays, type IsoDate, vnInstant } from '../../../core/calendar/index.ts';
import type { Clock } from '../../../platform/clock.ts';
import { type Database, inTransaction, type Tx } from '../../../platform/db/index.ts';
import { enqueue } from '../../../platform/jobs/outbox.ts';
import { listNationalStatuses } from '../../records/index.ts';
import type { PortalPort } from './port.ts';
import { PORTAL_RESYNC_TOPIC, pushKey } from './portal.subscriber.ts';

export interface ReconcileDeps {
  readonly database: Database;
  readonly clock: Clock;
  readonly portal: PortalPort;
}

/** One record whose status differs between Motcua and the portal. */
export interface Difference {
  readonly recordId: string;
  readonly motcuaCode: number;
  readonly motcuaSeq: number;
  readonly portalCode: number | null;
  readonly portalSeq: number | null;
  readonly kind: 'missing_on_portal' | 'older_on_portal' | 'portal_ahead';
  readonly repaired: boolean;
}

/** A reconciliation run as stored. */
export interface ReconcileResult {
  readonly runId: string;
  readonly compared: number;
  readonly inSync: number;
  readonly repaired: number;
  readonly unrepaired: number;
  readonly differences: readonly Difference[];
}

const BATCH = 200;

/**
 * Compares Motcua's latest national status of each record (all records past their draft, or those changed
 * on `date`, a Vietnam day) with the portal's, in batches. A record missing on the portal or older there is
 * repaired: its status is re-sent through the outbox (`portal.resync`, handled by the `portal` subscriber)
 * with the idempotency key of the change it came from, so a change the portal already has is never applied
 * twice. A portal ahead of Motcua is reported, not repaired. The run and its differences are stored; the
 * portal's answers update `portal_sync` (what Decision 766 indicator 1.4 counts).
 */
export async function reconcilePortal(
  deps: ReconcileDeps,
  opts: { date?: IsoDate } = {},
): Promise<ReconcileResult> {
  const { db } = deps.database;
  const runId = uuidv7();
  const startedAt = deps.clock.now();
  await db
    .insertInto('portalReconciliationRuns')
    .values({ id: runId, startedAt, scopeDate: opts.date ?? null })
    .execute();
  const differences: Difference[] = [];
  let compared = 0;
  let inSync = 0;
  try {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const page = await listNationalStatuses(db, {
        after,
        limit: BATCH,
        ...(opts.date !== undefined
          ? { updatedFrom: vnInstant(opts.date, 0), updatedTo: vnInstant(addDays(opts.date, 1), 0) }
          : {}),
      });
      const marks = page.length
        ? await db
            .selectFrom('portalSync')
            .select(['recordId', 'pushedSeq', 'pushedCode', 'portalCode', 'portalSeq'])
            .where(
              'recordId',
              'in',
              page.map((r) => r.id),
            )
            .execute()
        : [];
      const markOf = new Map(marks.map((m) => [m.recordId, m]));
      const rows = page.map((r) => {
        const m = markOf.get(r.id);
        return {
          ...r,
          pushedSeq: m?.pushedSeq ?? null,
          pushedCode: m?.pushedCode ?? null,
          portalCode: m?.portalCode ?? null,
          portalSeq: m?.portalSeq ?? null,
        };
      });
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.id;
      const portal = await deps.portal.statusesOf(rows.map((r) => r.id));
      const now = deps.clock.now();
      const resend: Parameters<typeof enqueue>[1][number][] = [];
      for (const r of rows) {
        compared += 1;
        const code = r.nationalStatus;
        // The change the current status came from: the pushed one when it is the same status, else the
        // record's latest event (an earlier change of the same status then finds the mark and is skipped).
        const seq = r.pushedCode === code && r.pushedSeq !== null ? r.pushedSeq : r.version;
        const theirs = portal.get(r.id);
        // Only what changed is written (a daily run over a large city mostly finds everything as it was).
        if (
          theirs &&
          r.pushedSeq !== null &&
          (theirs.status !== r.portalCode || theirs.seq !== r.portalSeq)
        ) {
          await db
            .updateTable('portalSync')
            .set({ portalCode: theirs.status, portalSeq: theirs.seq, confirmedAt: now })
            .where('recordId', '=', r.id)
            .execute();
        }
        if (theirs && theirs.status === code) {
          inSync += 1;
          continue;
        }
        const kind = !theirs ? 'missing_on_portal' : theirs.seq < seq ? 'older_on_portal' : 'portal_ahead';
        const repaired = kind !== 'portal_ahead';
        differences.push({
          recordId: r.id,
          motcuaCode: code,
          motcuaSeq: seq,
          portalCode: theirs?.status ?? null,
          portalSeq: theirs?.seq ?? null,
          kind,
          repaired,
        });
        if (repaired) {
          resend.push({
            topic: PORTAL_RESYNC_TOPIC,
            key: r.id,
            payload: { recordId: r.id, seq, status: r.status, reconciliation: runId },
            idempotencyKey: `portal-resync:${runId}:${pushKey(r.id, seq)}`,
          });
        }
      }
      await inTransaction(db, async (tx) => {
        await enqueue(tx, resend, now);
        const mine = differences.filter((d) => rows.some((r) => r.id === d.recordId));
        if (mine.length) {
          await tx
            .insertInto('portalReconciliationDifferences')
            .values(mine.map((d) => ({ runId, ...d })))
            .execute();
        }
      });
      if (rows.length < BATCH) break;
    }
  } catch (e) {
    await db
      .updateTable('portalReconciliationRuns')
      .set({ error: e instanceof Error ? e.message : String(e), finishedAt: deps.clock.now() })
      .where('id', '=', runId)
      .execute();
    throw e;
  }
  const repaired = differences.filter((d) => d.repaired).length;
  const result = {
    runId,
    compared,
    inSync,
    repaired,
    unrepaired: differences.length - repaired,
    differences,
  };
  await db
    .updateTable('portalReconciliationRuns')
    .set({
      compared,
      inSync,
      repaired,
      unrepaired: result.unrepaired,
      finishedAt: deps.clock.now(),
    })
    .where('id', '=', runId)
    .execute();
  return result;
}

/** A run as text for the CLI. */
export function reconcileReportText(r: ReconcileResult): string {
  const lines = [
    `portal reconciliation ${r.runId}: ${r.compared} records compared, ${r.inSync} in sync, ${r.repaired} repaired (re-sent), ${r.unrepaired} left to an operator`,
  ];
  for (const d of r.differences.slice(0, 50)) {
    lines.push(
      `  ${d.recordId}  ${d.kind.padEnd(17)} motcua ${d.motcuaCode} (seq ${d.motcuaSeq}), portal ${d.portalCode ?? '-'}${d.portalSeq === null ? '' : ` (seq ${d.portalSeq})`}${d.repaired ? '  re-sent' : ''}`,
    );
  }
  if (r.differences.length > 50)
    lines.push(`  … and ${r.differences.length - 50} more (table portal_reconciliation_differences)`);
  return lines.join('\n');
}

/**
 * Decision 766 indicator 1.4 numerator: records received in [from, end) (among `agencyIds`, null: all) that
 * the portal holds, per the last push answers and reconciliations; null when no reconciliation run has
 * finished yet (not measured, like before the portal integration).
 */
export async function countSyncedReceived(
  tx: Tx,
  agencyIds: string[] | null,
  from: IsoDate,
  end: IsoDate,
): Promise<number | null> {
  const run = await tx
    .selectFrom('portalReconciliationRuns')
    .select('id')
    .where('finishedAt', 'is not', null)
    .where('error', 'is', null)
    .limit(1)
    .executeTakeFirst();
  if (!run) return null;
  const r = await sql<{ n: string }>`
    select count(*) as n from report_facts f join portal_sync s on s.record_id = f.record_id
    where f.received_day >= ${from}::date and f.received_day < ${end}::date and f.outcome <> 'not_received'
      and s.portal_code is not null
      ${agencyIds ? sql`and f.competent_agency_id = any(${agencyIds}::uuid[])` : sql``}`.execute(tx);
  return Number(r.rows[0]!.n);
}
