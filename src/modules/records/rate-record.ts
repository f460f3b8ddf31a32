import { DomainError } from '../../core/errors/index.ts';
import type { Actor, RecordState } from '../../core/records/index.ts';
import type { Tx } from '../../platform/db/index.ts';
import { appendAudit } from '../audit/index.ts';
import { noteRecordChanged } from './record-changed.ts';
import * as store from './records.store.ts';

/**
 * The applicant rates how their record was handled, once, after the result was returned (feeds Decision 766
 * index 5.4): the rating, an audit row and a note for the reports, in the caller's transaction.
 * @throws rating.not_allowed before delivery or when already rated
 */
export async function rateRecord(
  tx: Tx,
  state: RecordState,
  rating: { score: number; comment: string | null },
  meta: { actor: Actor; requestId?: string | undefined; now: Date },
) {
  if (state.status !== 'delivered') throw new DomainError('rating.not_allowed', { status: state.status });
  const row = await store.insertRating(tx, {
    recordId: state.id,
    score: rating.score,
    comment: rating.comment,
    ratedAt: meta.now,
  });
  if (!row) throw new DomainError('rating.not_allowed', { reason: 'already rated' });
  await appendAudit(
    tx,
    [
      {
        actorRole: 'applicant',
        onBehalfOf: meta.actor.kind === 'applicant' ? meta.actor.accountId : undefined,
        requestId: meta.requestId,
        action: 'record.rated',
        entityType: 'record',
        entityId: state.id,
        change: { score: rating.score, comment: rating.comment },
      },
    ],
    meta.now,
  );
  await noteRecordChanged(tx, state.id, 'rated', meta.now);
  return { score: row.score, comment: row.comment, ratedAt: row.ratedAt.toISOString() };
}
