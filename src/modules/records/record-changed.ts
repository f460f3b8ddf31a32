import { uuidv7 } from 'uuidv7';
import type { Tx } from '../../platform/db/index.ts';
import { enqueue } from '../../platform/jobs/outbox.ts';

/** Topic prefix of the notes below; the reports projector follows them as it follows record events. */
export const RECORD_CHANGED_TOPIC = 'record-changed.';

/**
 * Announces that something counted about a record changed outside its event history (a document added, a
 * result signed, a rating given, a document kept in the citizen's repository), in the caller's transaction.
 */
export function noteRecordChanged(tx: Tx, recordId: string, reason: string, now: Date): Promise<void> {
  return enqueue(
    tx,
    [
      {
        topic: `${RECORD_CHANGED_TOPIC}${reason}`,
        key: recordId,
        payload: { recordId },
        idempotencyKey: uuidv7(),
      },
    ],
    now,
  );
}
