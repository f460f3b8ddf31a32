import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { DomainError } from '../../core/errors/index.ts';
import type { RecordState, RecordStatus } from '../../core/records/index.ts';
import { buildResultDocument } from '../../core/slips/index.ts';
import type { Tx } from '../../platform/db/index.ts';
import { appendAudit } from '../audit/index.ts';
import { type FileStore, registerFile, renderSlip, type StoredPdf } from '../documents/index.ts';
import { getRecordState, noteRecordChanged } from '../records/index.ts';
import { agencyNames } from '../units/index.ts';
import type { KeyStore, SignerRef } from './keystore.ts';
import { isSigned, prepareForSigning, signPdf, type VerificationReport, verifyPdf } from './pades.ts';

/** States in which a result may be made and signed: the decision exists (approved or refused after appraisal). */
const RESULT_STATES: ReadonlySet<RecordStatus> = new Set([
  'approved',
  'result_ready',
  'rejected',
  'delivered',
]);

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A 10-character verification code (about 50 bits; no 0/O or 1/I to misread). */
export function newVerificationCode(): string {
  return Array.from({ length: 10 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

/** One signature on a result, as Motcua records it (the PDF itself is the proof). */
export interface SignatureEntry {
  readonly as: 'agency' | 'personal';
  readonly signer: string;
  readonly userId: string;
  readonly at: string;
}

/** @throws result.not_allowed */
export function checkResultAllowed(state: RecordState): void {
  if (!RESULT_STATES.has(state.status)) throw new DomainError('result.not_allowed', { status: state.status });
}

export function presentResult(r: {
  id: string;
  recordId: string;
  verificationCode: string;
  name: string;
  number: string | null;
  source: string;
  fileSha256: string;
  signatures: unknown;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}) {
  return {
    id: r.id,
    recordId: r.recordId,
    verificationCode: r.verificationCode,
    name: r.name,
    number: r.number,
    source: r.source,
    sha256: r.fileSha256,
    signatures: r.signatures as SignatureEntry[],
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** A result PDF from the template (rendered, made ready for signing), before anything is stored. */
export async function renderResultFromTemplate(
  input: Parameters<typeof buildResultDocument>[0],
): Promise<Uint8Array> {
  return prepareForSigning(await renderSlip(buildResultDocument(input)));
}

/** An uploaded result PDF made ready for signing (kept as is if it already carries signatures). */
export async function prepareUploadedResult(pdf: Uint8Array): Promise<Uint8Array> {
  if (isSigned(pdf)) return pdf;
  try {
    return await prepareForSigning(pdf);
  } catch (cause) {
    throw new DomainError(
      'result.not_signable',
      {},
      { cause, issues: [{ path: 'body.file', code: 'result.not_signable', message: 'unreadable PDF' }] },
    );
  }
}

/** Stores a new result's rows in the caller's transaction (the bytes are already in the file store). */
export async function insertResult(
  tx: Tx,
  input: {
    recordId: string;
    code: string;
    name: string;
    number: string | null;
    source: 'template' | 'upload';
    file: StoredPdf;
  },
  author: { userId: string; role: string; requestId: string },
  now: Date,
) {
  const { sha256 } = input.file;
  await registerFile(tx, input.file, now);
  const row = {
    id: uuidv7(),
    recordId: input.recordId,
    verificationCode: input.code,
    name: input.name,
    number: input.number,
    source: input.source,
    unsignedSha256: sha256,
    fileSha256: sha256,
    signatures: JSON.stringify([]),
    createdBy: author.userId,
    createdAt: now,
    updatedAt: now,
  };
  await tx.insertInto('results').values(row).execute();
  await appendAudit(
    tx,
    [
      {
        actorId: author.userId,
        actorRole: author.role,
        requestId: author.requestId,
        action: 'result.created',
        entityType: 'record',
        entityId: input.recordId,
        change: { resultId: row.id, sha256, name: input.name, source: input.source },
      },
    ],
    now,
  );
  return presentResult({ ...row, signatures: [], version: 1 });
}

/** @throws result.not_found */
export async function findResult(tx: Tx, recordId: string, resultId: string) {
  const row = await tx
    .selectFrom('results')
    .selectAll()
    .where('recordId', '=', recordId)
    .where('id', '=', resultId)
    .executeTakeFirst();
  if (!row) throw new DomainError('result.not_found', { id: resultId });
  return row;
}

export async function listResults(tx: Tx, recordId: string) {
  const rows = await tx
    .selectFrom('results')
    .selectAll()
    .where('recordId', '=', recordId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
  return rows.map(presentResult);
}

/**
 * Signs the result's current PDF with the signer's certificate (one more incremental signature). Done
 * outside any transaction; {@link recordSignature} then stores the outcome if nobody signed meanwhile.
 * @throws result.already_signed, signing.no_certificate, result.not_signable
 */
export async function signResultBytes(
  files: FileStore,
  keys: KeyStore,
  result: { fileSha256: string; signatures: unknown },
  signer: SignerRef,
  as: SignatureEntry['as'],
  userId: string,
  now: Date,
): Promise<{ bytes: Uint8Array; entry: SignatureEntry }> {
  const identity = await keys.identity(signer);
  const existing = result.signatures as SignatureEntry[];
  if (existing.some((s) => s.as === as && s.signer === identity.name)) {
    throw new DomainError('result.already_signed', { signer: identity.name });
  }
  const current = await files.get(result.fileSha256);
  if (!current) throw new DomainError('result.not_found', { reason: 'content missing' });
  let bytes: Uint8Array;
  try {
    bytes = await signPdf(current, identity, {
      reason: as === 'agency' ? 'Ky so cua co quan (Motcua)' : 'Ky so cua nguoi co tham quyen (Motcua)',
      location: 'Can Tho, Viet Nam',
      signingTime: now,
    });
  } catch (cause) {
    throw new DomainError('result.not_signable', {}, { cause });
  }
  return { bytes, entry: { as, signer: identity.name, userId, at: now.toISOString() } };
}

/** Stores a signed version (optimistic: `expectedVersion` must still be current). @throws result.version_conflict */
export async function recordSignature(
  tx: Tx,
  result: { id: string; recordId: string; version: number; signatures: unknown },
  signed: { file: StoredPdf; entry: SignatureEntry },
  author: { userId: string; role: string; requestId: string },
  now: Date,
) {
  const { sha256 } = signed.file;
  await registerFile(tx, signed.file, now);
  const signatures = [...(result.signatures as SignatureEntry[]), signed.entry];
  const updated = await tx
    .updateTable('results')
    .set({
      fileSha256: sha256,
      signatures: JSON.stringify(signatures),
      version: result.version + 1,
      updatedAt: now,
    })
    .where('id', '=', result.id)
    .where('version', '=', result.version)
    .returningAll()
    .executeTakeFirst();
  if (!updated) throw new DomainError('result.version_conflict', { expected: result.version });
  await appendAudit(
    tx,
    [
      {
        actorId: author.userId,
        actorRole: author.role,
        requestId: author.requestId,
        action: 'result.signed',
        entityType: 'record',
        entityId: result.recordId,
        change: { resultId: result.id, sha256, signature: signed.entry },
      },
    ],
    now,
  );
  await noteRecordChanged(tx, result.recordId, 'result_signed', now);
  return presentResult(updated);
}

/** What the public verification page shows for a code. @throws result.not_found */
export async function verifyByCode(tx: Tx, files: FileStore, keys: KeyStore, code: string) {
  const row = await tx
    .selectFrom('results')
    .select(['recordId', 'name', 'number', 'fileSha256', 'verificationCode'])
    .where('verificationCode', '=', code)
    .executeTakeFirst();
  if (!row) throw new DomainError('result.not_found', { code });
  const bytes = await files.get(row.fileSha256);
  if (!bytes) throw new DomainError('result.not_found', { code, reason: 'content missing' });
  const record = await getRecordState(tx, row.recordId);
  const issuedBy = (await agencyNames(tx, record.competentAgencyId ? [record.competentAgencyId] : [])).get(
    record.competentAgencyId ?? '',
  );
  const report = await verifyPdf(bytes, await keys.anchors());
  return {
    code: row.verificationCode,
    name: row.name,
    number: row.number,
    recordCode: record.code,
    issuedBy: issuedBy ?? null,
    ...publicReport(report),
  };
}

/** A verification report without internals (byte ranges stay, they let anyone re-check). */
export function publicReport(report: VerificationReport) {
  // A crafted certificate or dictionary may carry megabytes of text: the answer stays small.
  const clip = <T extends string | null | undefined>(v: T): T =>
    (typeof v === 'string' && v.length > 300 ? `${v.slice(0, 300)}…` : v) as T;
  return {
    valid: report.valid,
    sha256: report.sha256,
    sizeBytes: report.sizeBytes,
    signatures: report.signatures.map((s) => ({
      signer: clip(s.signer),
      issuer: clip(s.issuer),
      serialNumber: clip(s.serialNumber),
      signedAt: clip(s.signedAt),
      intact: s.intact,
      trusted: s.trusted,
      pades: s.pades,
      coversWholeDocument: s.coversWholeDocument,
      byteRange: s.byteRange,
      ...(s.problem ? { problem: clip(s.problem) } : {}),
    })),
  };
}

/** Whether a record has a result document carrying at least one signature (an electronic result). */
/** The records among `recordIds` that have a signed result. */
export async function signedResultRecords(tx: Tx, recordIds: readonly string[]): Promise<Set<string>> {
  if (recordIds.length === 0) return new Set();
  const rows = await tx
    .selectFrom('results')
    .select('recordId')
    .distinct()
    .where('recordId', 'in', recordIds)
    .where(sql<boolean>`jsonb_array_length(signatures) > 0`)
    .execute();
  return new Set(rows.map((r) => r.recordId));
}

export async function hasSignedResult(tx: Tx, recordId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('results')
    .select('id')
    .where('recordId', '=', recordId)
    .where(sql<boolean>`jsonb_array_length(signatures) > 0`)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
