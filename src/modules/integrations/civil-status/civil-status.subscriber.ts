import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/index.ts';
import { byKeyConcurrently, type Subscriber } from '../../../platform/jobs/subscriptions.ts';
import { handOver } from './civil-status.service.ts';
import type { CivilStatusPort } from './port.ts';

/**
 * Subscriber `civil-status`: every received record of a civil-status procedure is handed over to the
 * civil-status software, in order per record and once (idempotent by record and by the message id).
 */
export function civilStatusSubscriber(db: Db, port: CivilStatusPort, clock: Clock): Subscriber {
  return {
    name: 'civil-status',
    topics: ['record.received'],
    orderedByKey: true,
    batchSize: 20,
    // One delivery per record in a batch (orderedByKey): four hand-overs at a time.
    handle: byKeyConcurrently(async (d) => {
      await handOver(db, port, clock, d.id, d.payload);
    }, 4),
  };
}
