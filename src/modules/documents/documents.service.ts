import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { DomainError } from '../../core/errors/index.ts';
import { FINAL_STATUSES, type RecordState, type RecordStatus } from '../../core/records/index.ts';
import type { Tx } from '../../platform/db/index.ts';
import { appendAudit } from '../audit/index.ts';
import { getProcedureFacts } from '../catalog/index.ts';
import { noteRecordChanged } from '../records/index.ts';
import { type CheckedFile, registerFile, withoutBidiControls } from './files.service.ts';

/** Where a record's document came from (Decree 45/2020; Circular 01/2023 digitisation). */
export const DOCUMENT_ORIGINS = ['online', 'counter_scan', 'repository', 'agency', 'result'] as const;
export type DocumentOrigin = (typeof DOCUMENT_ORIGINS)[number];

/** Origins an official may add by upload (the applicant's uploads are always `online`). */
export const OFFICIAL_UPLOAD_ORIGINS = ['counter_scan', 'agency', 'result'] as const;

/** States in which the applicant may still add documents to their online record. */
const APPLICANT_STATES: ReadonlySet<RecordStatus> = new Set([
  'draft',
  'submitted',
  'returned_for_completion',
  'supplement_requested',
]);
/** States in which a result document may be attached. */
const RESULT_STATES: ReadonlySet<RecordStatus> = new Set(['approved', 'result_ready', 'rejected']);

/** Who adds a document. */
export type DocumentAuthor =
  | { kind: 'official'; userId: string; role: string }
  | { kind: 'applicant'; accountId: string };

/**
 * Whether a document of this origin may be added now: the applicant while the record is theirs to
 * complete; an official until the record is final, and a result only once the decision is made.
 * @throws document.not_allowed
 */
export function checkDocumentAllowed(
  state: RecordState,
  origin: DocumentOrigin,
  author: DocumentAuthor,
): void {
  const ok =
    author.kind === 'applicant'
      ? (origin === 'online' || origin === 'repository') && APPLICANT_STATES.has(state.status)
      : origin === 'result'
        ? RESULT_STATES.has(state.status)
        : !FINAL_STATUSES.has(state.status);
  if (!ok) throw new DomainError('document.not_allowed', { status: state.status, origin });
}

/**
 * Adds one document to a record in the caller's transaction: the file row, the document row and an audit
 * row. A component other than a result must be one of the procedure version's required documents.
 * @throws document.not_allowed, document.component_unknown
 */
export async function addDocument(
  tx: Tx,
  state: RecordState,
  input: {
    component: string;
    origin: DocumentOrigin;
    file: Pick<CheckedFile, 'sha256' | 'mediaType' | 'sizeBytes' | 'fileName'>;
  },
  author: DocumentAuthor,
  meta: { now: Date; requestId?: string },
) {
  checkDocumentAllowed(state, input.origin, author);
  const component = input.component.trim().normalize('NFC');
  if (input.origin !== 'result') {
    const facts = await getProcedureFacts(tx, state.procedureVersionId);
    if (!facts.documents.includes(component)) {
      throw new DomainError(
        'document.component_unknown',
        { component },
        {
          issues: [
            {
              path: 'body.component',
              code: 'document.component_unknown',
              message: 'not a required document of the procedure',
            },
          ],
        },
      );
    }
  }
  await registerFile(tx, input.file, meta.now);
  const row = {
    id: uuidv7(),
    recordId: state.id,
    component,
    origin: input.origin,
    digitised: input.origin === 'counter_scan' || input.origin === 'online' || input.origin === 'repository',
    reused: input.origin === 'repository',
    fileSha256: input.file.sha256,
    fileName: input.file.fileName,
    addedBy: author.kind === 'official' ? author.userId : null,
    addedAt: meta.now,
  };
  await tx.insertInto('recordDocuments').values(row).execute();
  await appendAudit(
    tx,
    [
      {
        actorId: author.kind === 'official' ? author.userId : undefined,
        actorRole: author.kind === 'official' ? author.role : 'applicant',
        onBehalfOf: author.kind === 'applicant' ? author.accountId : undefined,
        requestId: meta.requestId,
        action: 'record.document_added',
        entityType: 'record',
        entityId: state.id,
        change: { document: { ...row, addedAt: row.addedAt.toISOString() } },
      },
    ],
    meta.now,
  );
  await noteRecordChanged(tx, state.id, 'document_added', meta.now);
  return presentDocument({ ...row, mediaType: input.file.mediaType, sizeBytes: input.file.sizeBytes });
}

function presentDocument(d: {
  id: string;
  component: string;
  origin: DocumentOrigin;
  digitised: boolean;
  reused: boolean;
  fileSha256: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  addedAt: Date;
}) {
  return {
    id: d.id,
    component: d.component,
    origin: d.origin,
    digitised: d.digitised,
    reused: d.reused,
    sha256: d.fileSha256,
    fileName: withoutBidiControls(d.fileName),
    mediaType: d.mediaType,
    sizeBytes: d.sizeBytes,
    addedAt: d.addedAt.toISOString(),
  };
}

/** A record's documents with their files' type and size (both readers share it). */
function documentsOf(tx: Tx, recordId: string) {
  return tx
    .selectFrom('recordDocuments as d')
    .innerJoin('files as f', 'f.sha256', 'd.fileSha256')
    .select([
      'd.id',
      'd.component',
      'd.origin',
      'd.digitised',
      'd.reused',
      'd.fileSha256',
      'd.fileName',
      'f.mediaType',
      'f.sizeBytes',
      'd.addedAt',
    ])
    .where('d.recordId', '=', recordId);
}

/** A record's documents, oldest first. */
export async function listDocuments(tx: Tx, recordId: string) {
  const rows = await documentsOf(tx, recordId).orderBy('d.addedAt').orderBy('d.id').execute();
  return rows.map(presentDocument);
}

/** One document of a record. @throws document.not_found */
export async function findDocument(tx: Tx, recordId: string, documentId: string) {
  const row = await documentsOf(tx, recordId).where('d.id', '=', documentId).executeTakeFirst();
  if (!row) throw new DomainError('document.not_found', { id: documentId });
  return presentDocument(row);
}

/** Whether a record has a digitised document, a reused one, and anything kept in a citizen's repository. */
/** `documentFlags` of several records in one statement, by record id. */
export async function documentFlagsOf(
  tx: Tx,
  recordIds: readonly string[],
): Promise<Map<string, { digitised: boolean; reused: boolean; shared: boolean }>> {
  if (recordIds.length === 0) return new Map();
  const r = await sql<{ id: string; digitised: boolean; reused: boolean; shared: boolean }>`
    select
      t.id,
      exists (select 1 from record_documents where record_id = t.id and digitised) as digitised,
      exists (select 1 from record_documents where record_id = t.id and reused) as reused,
      exists (select 1 from repository_items where source_record_id = t.id) as shared
    from unnest(${recordIds}::uuid[]) as t (id)`.execute(tx);
  return new Map(r.rows.map(({ id, ...flags }) => [id, flags]));
}

export async function documentFlags(
  tx: Tx,
  recordId: string,
): Promise<{ digitised: boolean; reused: boolean; shared: boolean }> {
  const r = await sql<{ digitised: boolean; reused: boolean; shared: boolean }>`
    select
      exists (select 1 from record_documents where record_id = ${recordId} and digitised) as digitised,
      exists (select 1 from record_documents where record_id = ${recordId} and reused) as reused,
      exists (select 1 from repository_items where source_record_id = ${recordId}) as shared`.execute(tx);
  return r.rows[0]!;
}
