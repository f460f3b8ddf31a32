import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { Clock } from '../../../platform/clock.ts';
import { type Db, inTransaction, type Tx } from '../../../platform/db/index.ts';
import { appendAudit } from '../../audit/index.ts';
import { procedureHeadings } from '../../catalog/index.ts';
import { getRecordState } from '../../records/index.ts';
import { IntegrationError } from '../http.ts';
import * as store from './civil-status.store.ts';
import type { CivilStatusPort, CivilStatusResult } from './port.ts';

/** The catalogue's sector (lĩnh vực) of the procedures the civil-status software handles. */
export const CIVIL_STATUS_SECTOR = 'Hộ tịch';
/** How the integration appears as an actor (`system:civil-status` in the audit). */
export const CIVIL_STATUS_ACTOR = { kind: 'system', integration: 'civil-status' } as const;
const AUDIT_ROLE = 'system:civil-status';

/** The part of a record message the civil-status handover reads. */
const RecordMessage = z.object({ recordId: z.uuid() });

async function audit(tx: Tx, recordId: string, action: string, change: unknown, now: Date) {
  await appendAudit(
    tx,
    [{ actorRole: AUDIT_ROLE, action, entityType: 'record', entityId: recordId, change }],
    now,
  );
}

/**
 * Hands a received record over when its procedure is of the civil-status sector; does nothing for other
 * records and for one already handed over (idempotent by record, and by the message id the civil-status
 * system is given as idempotency key, so a retry after a lost answer is taken once there too).
 * @returns what happened. @throws IntegrationError (retried by the dispatcher)
 */
export async function handOver(
  db: Db,
  port: CivilStatusPort,
  clock: Clock,
  messageId: string,
  payload: unknown,
): Promise<'handed_over' | 'already' | 'not_civil_status'> {
  const { recordId } = RecordMessage.parse(payload);
  if (await store.findHandover(db, recordId)) return 'already';
  const state = await getRecordState(db, recordId);
  const heading = (await procedureHeadings(db, [state.procedureCode])).get(state.procedureCode);
  if (heading?.field.trim() !== CIVIL_STATUS_SECTOR || state.code === null) return 'not_civil_status';
  const receipt = await port.handover({
    recordCode: state.code,
    procedureCode: state.procedureCode,
    procedureName: heading.name,
    receivedAt: state.receivedAt ?? clock.now().toISOString(),
    applicant: { fullName: state.applicant.fullName, personalId: state.applicant.personalId ?? null },
    idempotencyKey: messageId,
  });
  const now = clock.now();
  await inTransaction(db, async (tx) => {
    const inserted = await store.insertHandover(tx, {
      recordId,
      recordCode: state.code as string,
      procedureCode: state.procedureCode,
      messageId,
      remoteId: receipt.remoteId,
      handedOverAt: now,
    });
    if (inserted) {
      await audit(tx, recordId, 'civil_status.handed_over', { remoteId: receipt.remoteId, messageId }, now);
    }
  });
  return 'handed_over';
}

/** Stores one result (audited as system:civil-status); true when it changed what Motcua held. */
async function applyResult(
  db: Db,
  result: CivilStatusResult,
  source: 'pull' | 'reconciliation',
  now: Date,
): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const recordId = await store.storeResult(tx, result, source, now);
    if (recordId) await audit(tx, recordId, 'civil_status.result_synced', { source, result }, now);
    return recordId !== undefined;
  });
}

export interface PullOutcome {
  readonly read: number;
  readonly applied: number;
}

/**
 * The scheduled pull: reads the results changed since the stored cursor, page by page, stores each on its
 * handover (an unknown record code, or a result already held, changes nothing), and moves the cursor.
 * A failed call leaves the cursor where the last good page put it: the next pull reads the rest.
 */
export async function pullResults(
  db: Db,
  port: CivilStatusPort,
  clock: Clock,
  pageSize = 100,
): Promise<PullOutcome> {
  let cursor = await store.readCursor(db);
  let read = 0;
  let applied = 0;
  for (let page = 0; page < 1000; page++) {
    const results = await port.resultsSince(cursor, pageSize);
    read += results.length;
    let last = cursor;
    for (const r of results) {
      if (await applyResult(db, r, 'pull', clock.now())) applied++;
      const at = new Date(r.updatedAt);
      if (at > last) last = at;
    }
    await store.writeCursor(db, last, clock.now());
    if (results.length < pageSize || last.getTime() === cursor.getTime()) break;
    cursor = last;
  }
  return { read, applied };
}

/** One difference between the two sides, as a reconciliation run stores it. */
export const CivilStatusDifference = z.object({
  recordId: z.string(),
  recordCode: z.string(),
  kind: z.enum(['unknown_there', 'result_missing_here', 'result_differs', 'result_missing_there']),
  here: z.record(z.string(), z.string().nullable()).nullable(),
  there: z.record(z.string(), z.string().nullable()).nullable(),
  repaired: z.boolean(),
  error: z.string().nullable(),
});
export type CivilStatusDifference = z.infer<typeof CivilStatusDifference>;

export interface ReconciliationRun {
  readonly id: string;
  readonly checked: number;
  readonly repaired: number;
  readonly failed: number;
  readonly differences: CivilStatusDifference[];
}

const view = (r: {
  registrationNumber: string | null;
  bookNumber: string | null;
  registeredOn: string | null;
  signer: string | null;
}) =>
  r.registrationNumber === null
    ? null
    : {
        registrationNumber: r.registrationNumber,
        bookNumber: r.bookNumber,
        registeredOn: r.registeredOn,
        signer: r.signer,
      };

/**
 * The daily reconciliation: compares every handover of the last `days` days with the civil-status
 * system's record of it. The civil-status system is the register of record, so a result it holds that
 * Motcua lacks or holds differently is repaired here (stored, audited as system:civil-status); a record it
 * does not know is handed over again (idempotently); a result Motcua holds that it lacks is reported. The
 * run is stored with its differences (table civil_status_reconciliations).
 */
export async function reconcile(
  db: Db,
  port: CivilStatusPort,
  clock: Clock,
  o: { trigger: 'job' | 'cli'; days?: number },
): Promise<ReconciliationRun> {
  const startedAt = clock.now();
  const since = new Date(startedAt.getTime() - (o.days ?? 90) * 86_400_000);
  const handovers = await store.handoversSince(db, since);
  const differences: CivilStatusDifference[] = [];
  let failed = 0;
  for (const h of handovers) {
    const here = view(h);
    let there: Awaited<ReturnType<CivilStatusPort['record']>>;
    try {
      there = await port.record(h.recordCode);
    } catch (e) {
      if (!(e instanceof IntegrationError)) throw e;
      failed++;
      continue;
    }
    const diff = (kind: CivilStatusDifference['kind'], thereView: CivilStatusDifference['there']) => {
      const d: CivilStatusDifference = {
        recordId: h.recordId,
        recordCode: h.recordCode,
        kind,
        here,
        there: thereView,
        repaired: false,
        error: null,
      };
      differences.push(d);
      return d;
    };
    if (there === null) {
      const d = diff('unknown_there', null);
      try {
        const state = await getRecordState(db, h.recordId);
        await port.handover({
          recordCode: h.recordCode,
          procedureCode: h.procedureCode,
          procedureName: null,
          receivedAt: state.receivedAt ?? h.handedOverAt.toISOString(),
          applicant: { fullName: state.applicant.fullName, personalId: state.applicant.personalId ?? null },
          idempotencyKey: h.messageId,
        });
        d.repaired = true;
      } catch (e) {
        if (!(e instanceof IntegrationError)) throw e;
        d.error = e.message;
      }
      continue;
    }
    const r = there.result;
    const thereView = r
      ? {
          registrationNumber: r.registrationNumber,
          bookNumber: r.bookNumber,
          registeredOn: r.registeredOn,
          signer: r.signer,
        }
      : null;
    if (r === null) {
      if (here !== null) diff('result_missing_there', null);
      continue;
    }
    const same =
      here !== null &&
      here.registrationNumber === r.registrationNumber &&
      here.bookNumber === r.bookNumber &&
      here.registeredOn === r.registeredOn &&
      here.signer === r.signer;
    if (same) continue;
    const d = diff(here === null ? 'result_missing_here' : 'result_differs', thereView);
    d.repaired = await applyResult(db, { ...r, recordCode: h.recordCode }, 'reconciliation', clock.now());
  }
  const run = {
    id: uuidv7(),
    checked: handovers.length,
    repaired: differences.filter((d) => d.repaired).length,
    failed,
    differences,
  };
  await store.insertReconciliation(db, {
    ...run,
    startedAt,
    finishedAt: clock.now(),
    trigger: o.trigger,
  });
  return run;
}

/** A reconciliation run as `motcua reconcile civil-status` prints it. */
export function reconciliationText(run: ReconciliationRun): string {
  const lines = [
    `civil status reconciliation ${run.id}: ${run.checked} record(s) checked, ${run.differences.length} difference(s), ${run.repaired} repaired, ${run.failed} not reachable`,
    ...run.differences.map(
      (d) =>
        `  ${d.recordCode}: ${d.kind}${d.repaired ? ' (repaired)' : ''}${d.error ? ` — ${d.error}` : ''}`,
    ),
  ];
  return lines.join('\n');
}
