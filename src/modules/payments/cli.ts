import { IsoDate } from '../../core/calendar/index.ts';
import { bootstrap } from '../../main.ts';
import { createProgress } from '../../platform/progress.ts';
import { createCalendarService } from '../calendar/index.ts';
import { paymentSettings } from './config.ts';
import { reconcilePayments, reconciliationText } from './reconcile.service.ts';
import { importTransfers } from './transfers.service.ts';

export { startFakePaymentPlatform } from './fake-platform.ts';

const USAGE = 'usage: motcua payments reconcile|transfers --date YYYY-MM-DD\n';

/** `motcua payments reconcile|transfers --date D`: exit 0 when nothing is left for an operator, 1 otherwise. */
export async function paymentsCommand(args: readonly string[], date: string | undefined): Promise<number> {
  const day = IsoDate.safeParse(date);
  const what = args[0];
  if ((what !== 'reconcile' && what !== 'transfers') || !day.success) {
    process.stderr.write(USAGE);
    return 2;
  }
  const { deps } = await bootstrap({ ...process.env, LOG_LEVEL: 'warn' });
  try {
    const settings = paymentSettings(deps.config);
    if (!settings.configured) {
      process.stderr.write(
        'set MOTCUA_PAYMENT_URL and MOTCUA_PAYMENT_SECRET to reach the payment platform\n',
      );
      return 2;
    }
    const s = {
      db: deps.database.db,
      clock: deps.clock,
      calendars: createCalendarService({ cutoffMinutes: deps.config.MOTCUA_CUTOFF }),
    };
    if (what === 'reconcile') {
      const run = await reconcilePayments(s, settings.port, day.data, 'cli', createProgress());
      process.stdout.write(`${reconciliationText(run)}\n`);
      return run.differences.length === 0 ? 0 : 1;
    }
    const out = await importTransfers(s, settings.port, day.data, createProgress());
    process.stdout.write(
      `transfers ${out.day}: ${out.transfers} on the statement, ${out.alreadyImported} imported before, ${out.matched} matched, ${out.unmatched.length} left\n`,
    );
    for (const u of out.unmatched)
      process.stdout.write(`  ${u.outcome}: ${u.bankRef} ${u.amountVnd} "${u.reference}"\n`);
    return out.unmatched.length === 0 ? 0 : 1;
  } finally {
    await deps.database.close();
  }
}
