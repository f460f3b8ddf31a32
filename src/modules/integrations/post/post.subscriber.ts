import type { Clock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/index.ts';
import { byKeyConcurrently, type Subscriber } from '../../../platform/jobs/subscriptions.ts';
import type { PostPort } from './port.ts';
import { handOverShipment } from './post.service.ts';

/**
 * Subscriber `post`: a result issued (or a refusal after appraisal) on a record whose applicant chose to
 * receive it by post is handed to Vietnam Post, once per message, in order per record.
 */
export function postSubscriber(db: Db, port: PostPort, clock: Clock): Subscriber {
  return {
    name: 'post',
    topics: ['record.result_issued', 'record.rejected'],
    orderedByKey: true,
    batchSize: 20,
    // One delivery per record in a batch (orderedByKey): four shipments at a time.
    handle: byKeyConcurrently(async (d) => {
      await handOverShipment(db, port, clock, d.id, d.payload);
    }, 4),
  };
}
