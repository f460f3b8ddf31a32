import { timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { DomainError } from '../../core/errors/index.ts';
import {
  NATIONAL_STATUS_NAMES,
  nationalStatus,
  parseSubmissionReference,
  type RecordState,
  readTypedRecordCode,
  submissionReference,
} from '../../core/records/index.ts';
import type { Tx } from '../../platform/db/index.ts';
import { getRecordState } from './records.service.ts';

/** The tracking check: the last 4 digits of the applicant's phone or personal ID. */
export const TrackingCheck = z.object({
  check: z.string().regex(/^\d{4}$/, 'the last 4 digits of the phone or personal ID'),
});

/** Stands in for the digits of a record that does not exist, so that the comparison is done all the same. */
const NO_DIGITS = Buffer.from('\0\0\0\0');

/** The last 4 digits of a phone or personal ID as compared bytes, or {@link NO_DIGITS}. */
function lastDigits(value: string | null): Buffer {
  const digits = (value ?? '').replace(/\D/g, '').slice(-4);
  return digits.length === 4 ? Buffer.from(digits) : NO_DIGITS;
}

/**
 * The records a typed code or submission reference may stand for, with what the check is compared to.
 * A record code is read the way people type it (any case, spaces or dashes: {@link readTypedRecordCode}).
 */
async function candidates(tx: Tx, typed: string) {
  const text = typed.trim().toUpperCase();
  const q = tx
    .selectFrom('records')
    .select(['id', 'status', 'applicantPhone', 'applicantPersonalId'])
    .where('status', '<>', 'draft');
  const code = readTypedRecordCode(text);
  if (code) return q.where('code', '=', code).execute();
  const range = parseSubmissionReference(text);
  if (!range) return [];
  return q
    .where(sql<boolean>`id between ${range.fromId}::uuid and ${range.toId}::uuid`)
    .where(sql<boolean>`right(id::text, 4) = ${range.idSuffix}`)
    .execute();
}

/**
 * The record tracked by its code (or its submission reference) and the last 4 digits of the applicant's
 * phone or personal ID. An unknown code and a wrong check do the same work (one query, then both digits
 * compared in constant time against the record's or a stand-in's) and fail with the same error, without
 * params; only a match reads the record. @throws record.not_found
 */
export async function trackRecord(tx: Tx, typed: string, check: string): Promise<RecordState> {
  const rows = await candidates(tx, typed);
  const given = /^\d{4}$/.test(check) ? Buffer.from(check) : Buffer.from('----');
  const compared = rows.length ? rows : [{ id: '', applicantPhone: null, applicantPersonalId: null }];
  let found: string | undefined;
  for (const row of compared) {
    // Both comparisons run whatever the first one says.
    const byPhone = timingSafeEqual(lastDigits(row.applicantPhone), given);
    const byPersonalId = timingSafeEqual(lastDigits(row.applicantPersonalId), given);
    if ((Number(byPhone) | Number(byPersonalId)) === 1 && row.id) found = row.id;
  }
  if (!found) throw new DomainError('record.not_found', {});
  return getRecordState(tx, found);
}

/** What public tracking shows: status, dates, steps and reasons; nothing about the applicant. */
export function presentTracking(state: RecordState) {
  const national = nationalStatus(state.status);
  return {
    code: state.code,
    reference: state.channel === 'online' ? submissionReference(state.id) : null,
    procedureCode: state.procedureCode,
    status: state.status,
    nationalStatus: national,
    nationalStatusName: national ? NATIONAL_STATUS_NAMES[national] : null,
    submittedAt: state.submittedAt,
    receivedAt: state.receivedAt,
    appointment: state.appointment,
    steps: state.stepHistory.map((s) => ({
      step: s.key,
      startedAt: s.startedAt,
      dueAt: s.dueAt,
      finishedAt: s.finishedAt,
      timing: s.timing,
    })),
    reasons: {
      completion: state.completionRequest?.reasons ?? [],
      supplement: state.supplement?.reasons ?? [],
      extension: state.extension?.reason ?? null,
    },
    deliveredAt: state.delivery?.at ?? null,
    fees: state.fees
      ? {
          totalVnd: state.fees.totalVnd,
          lines: state.fees.lines.map((l) => ({
            name: l.name,
            quantity: l.quantity,
            unit: l.unit,
            amountVnd: l.amountVnd,
            exempted: l.adjustments.some((a) => a.kind === 'exemption'),
            reduced: l.adjustments.some((a) => a.kind === 'reduction'),
            legalBasis: l.legalBasis,
          })),
        }
      : null,
    payment: state.payment
      ? {
          totalVnd: state.payment.totalVnd,
          items: state.payment.items,
          requestedAt: state.payment.requestedAt,
          confirmedAt: state.payment.confirmedAt,
        }
      : null,
  };
}
