import { uuidv7 } from 'uuidv7';
import { addDays, type IsoDate, vnInstant } from '../../core/calendar/index.ts';
import { type Difference, type LocalPayment, reconcileStatement } from '../../core/payments/index.ts';
import type { Progress } from '../../platform/progress.ts';
import { type PaymentServices, syncPending } from './payments.service.ts';
import type { PaymentPlatformPort } from './port.ts';

export interface ReconciliationRun {
  readonly id: string;
  readonly day: string;
  readonly providerRows: number;
  readonly localRows: number;
  readonly matched: number;
  readonly settled: number;
  readonly differences: Difference[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The daily reconciliation of online payments for a Vietnam day: first the pending online payments are
 * settled by asking the platform (lost callbacks), then the platform's statement of the day is compared with
 * the online payments paid here that day (and those the statement names). The run and its differences are
 * stored (payment_reconciliations). @throws IntegrationError (the platform not answering the statement)
 */
export async function reconcilePayments(
  s: PaymentServices,
  port: PaymentPlatformPort,
  day: IsoDate,
  trigger: 'job' | 'cli' | 'api',
  progress?: Progress,
): Promise<ReconciliationRun> {
  const startedAt = s.clock.now();
  const pending = await s.db
    .selectFrom('payments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', 'pending')
    .where('channel', '=', 'online')
    .executeTakeFirstOrThrow();
  progress?.start(Number(pending.n) + 1, `payments ${day}`);
  const synced = await syncPending(s, port, startedAt, () => progress?.increment());
  const statement = await port.statement(day);
  progress?.increment();
  progress?.stop();
  const from = vnInstant(day, 0);
  const to = vnInstant(addDays(day, 1), 0);
  const paidThatDay = await s.db
    .selectFrom('payments')
    .select(['id', 'providerRef', 'amountVnd', 'state'])
    .where('channel', '=', 'online')
    .where('state', '=', 'paid')
    .where('settledAt', '>=', from)
    .where('settledAt', '<', to)
    .execute();
  const named = statement.map((l) => l.paymentId).filter((id) => UUID.test(id));
  const others = named.length
    ? await s.db
        .selectFrom('payments')
        .select(['id', 'providerRef', 'amountVnd', 'state'])
        .where('id', 'in', named)
        .execute()
    : [];
  const local = new Map<string, LocalPayment>();
  for (const p of [...paidThatDay, ...others]) local.set(p.id, p);
  const outcome = reconcileStatement(statement, [...local.values()], new Set(paidThatDay.map((p) => p.id)));
  const run: ReconciliationRun = {
    id: uuidv7(),
    day,
    providerRows: statement.length,
    localRows: paidThatDay.length,
    matched: outcome.matched,
    settled: synced.settled,
    differences: outcome.differences,
  };
  await s.db
    .insertInto('paymentReconciliations')
    .values({
      id: run.id,
      day,
      startedAt,
      finishedAt: s.clock.now(),
      trigger,
      providerRows: run.providerRows,
      localRows: run.localRows,
      matched: run.matched,
      settled: run.settled,
      differences: JSON.stringify(run.differences),
    })
    .execute();
  return run;
}

/** The run as the CLI prints it. */
export function reconciliationText(run: ReconciliationRun): string {
  const lines = [
    `payments ${run.day}: platform ${run.providerRows}, here ${run.localRows}, matched ${run.matched}, settled by asking ${run.settled}, differences ${run.differences.length}`,
  ];
  for (const d of run.differences) {
    lines.push(
      `  ${d.kind}: payment ${d.paymentId ?? '—'} transaction ${d.providerRef ?? '—'} here ${d.localAmountVnd ?? '—'} (${d.localState ?? '—'}) platform ${d.providerAmountVnd ?? '—'}`,
    );
  }
  return lines.join('\n');
}
