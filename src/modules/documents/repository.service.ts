import { uuidv7 } from 'uuidv7';
import { DomainError } from '../../core/errors/index.ts';
import type { RecordState } from '../../core/records/index.ts';
import { normalizeSearchText } from '../../core/vn/index.ts';
import type { Tx } from '../../platform/db/index.ts';
import { appendAudit } from '../audit/index.ts';
import { getProcedureFacts } from '../catalog/index.ts';
import { noteRecordChanged } from '../records/index.ts';
import { addDocument, type DocumentAuthor } from './documents.service.ts';
import { withoutBidiControls } from './files.service.ts';

/** Whose repository a record's items go to: the applicant's personal ID, or an organisation's tax code. */
export function repositoryOwner(state: RecordState): string {
  const owner = state.applicant.personalId ?? state.applicant.taxCode;
  if (!owner) throw new DomainError('repository.no_owner', { recordId: state.id });
  return owner;
}

/**
 * An applicant known only by the token of their own record proves nothing by the personal ID they typed
 * (it is printed on every slip): the repository of a person is shown to, filled and used by officials who
 * checked the citizen's ID card, or on the portal by its verified owner ({@link requireVerifiedOwner}).
 * @throws repository.identity_unverified
 */
export function refuseUnverifiedApplicant(): never {
  throw new DomainError('repository.identity_unverified', {});
}

/**
 * On the portal, the repository of a record's applicant opens only to the citizen signed in with e-ID whose
 * verified personal ID is the record's (issue 17): the typed personal ID alone proves nothing.
 * Returns the citizen's id. @throws repository.identity_unverified
 */
export function requireVerifiedOwner(
  state: RecordState,
  citizen: { citizenId: string; personalId: string } | null,
): string {
  if (!citizen || !state.applicant.personalId || citizen.personalId !== state.applicant.personalId)
    refuseUnverifiedApplicant();
  return citizen.citizenId;
}

/** One thing to keep: a file with the component (or result) name it answers to. */
export interface KeepItem {
  readonly kind: 'document' | 'result';
  readonly component: string;
  readonly fileSha256: string;
  readonly fileName: string;
}

function present(r: {
  id: string;
  kind: string;
  component: string;
  fileSha256: string;
  fileName: string;
  sourceRecordId: string;
  savedAt: Date;
}) {
  return {
    id: r.id,
    kind: r.kind,
    component: r.component,
    sha256: r.fileSha256,
    fileName: withoutBidiControls(r.fileName),
    sourceRecordId: r.sourceRecordId,
    savedAt: r.savedAt.toISOString(),
  };
}

/**
 * Keeps items in the applicant's repository at their request (in the caller's transaction); keeping the
 * same file for the same component again changes nothing. Returns the repository's items.
 * @throws repository.no_owner
 */
export async function keepInRepository(
  tx: Tx,
  state: RecordState,
  items: readonly KeepItem[],
  requestedBy: {
    actorId?: string | undefined;
    role: string;
    onBehalfOf?: string | undefined;
    requestId: string;
    /** The official attested checking the citizen's ID card against the record's personal ID (audited). */
    identityChecked?: true | undefined;
    /** The applicant is the citizen signed in with e-ID whose verified personal ID is the record's. */
    verifiedCitizenId?: string | undefined;
  },
  now: Date,
) {
  if (requestedBy.role === 'applicant' && !requestedBy.verifiedCitizenId) refuseUnverifiedApplicant();
  const owner = repositoryOwner(state);
  if (items.length > 0) {
    await tx
      .insertInto('repositoryItems')
      .values(
        items.map((i) => ({
          id: uuidv7(),
          ownerId: owner,
          kind: i.kind,
          component: i.component,
          fileSha256: i.fileSha256,
          fileName: i.fileName,
          sourceRecordId: state.id,
          requestedBy: requestedBy.actorId ?? requestedBy.onBehalfOf ?? 'applicant',
          savedAt: now,
        })),
      )
      .onConflict((oc) => oc.columns(['ownerId', 'fileSha256', 'component']).doNothing())
      .execute();
    await appendAudit(
      tx,
      [
        {
          actorId: requestedBy.actorId,
          actorRole: requestedBy.role,
          onBehalfOf: requestedBy.onBehalfOf,
          requestId: requestedBy.requestId,
          action: 'repository.kept',
          entityType: 'record',
          entityId: state.id,
          change: {
            ...(requestedBy.identityChecked ? { identityChecked: true } : {}),
            ...(requestedBy.verifiedCitizenId
              ? { verifiedBy: 'e-id', citizenId: requestedBy.verifiedCitizenId }
              : {}),
            items: items.map((i) => ({ kind: i.kind, component: i.component, sha256: i.fileSha256 })),
          },
        },
      ],
      now,
    );
    await noteRecordChanged(tx, state.id, 'repository_kept', now);
  }
  return listRepository(tx, owner);
}

export async function listRepository(tx: Tx, owner: string) {
  const rows = await tx
    .selectFrom('repositoryItems')
    .selectAll()
    .where('ownerId', '=', owner)
    .orderBy('savedAt')
    .orderBy('id')
    .execute();
  return rows.map(present);
}

/**
 * What the applicant of this record already holds for it: each required document of the procedure with
 * the repository items kept under the same name (compared without diacritics, case or punctuation), and
 * the repository's other items. Nothing when the record has no personal ID or tax code.
 */
export async function reusableFor(tx: Tx, state: RecordState) {
  const owner = state.applicant.personalId ?? state.applicant.taxCode;
  const items = owner ? await listRepository(tx, owner) : [];
  const { documents } = await getProcedureFacts(tx, state.procedureVersionId);
  const key = (s: string) =>
    normalizeSearchText(s)
      .replace(/[^a-z0-9 ]/g, '')
      .trim();
  const used = new Set<string>();
  const components = documents.map((component) => {
    const matches = items.filter((i) => key(i.component) === key(component));
    for (const m of matches) used.add(m.id);
    return { component, items: matches };
  });
  return { components, other: items.filter((i) => !used.has(i.id)) };
}

/**
 * Adds a repository item to the record as one of its documents, marked reused (and digitised: it is an
 * electronic original or a digitised copy), by an official who checked the applicant's ID card against the
 * record's personal ID, or by the applicant signed in with e-ID as that personal ID (`verifiedCitizenId`); an
 * audit row names who, the record and the item reused.
 * @throws repository.identity_unverified (an applicant not so signed in), repository.item_not_found, document.*
 */
export async function reuseItem(
  tx: Tx,
  state: RecordState,
  input: { itemId: string; component: string },
  author: DocumentAuthor,
  meta: { now: Date; requestId: string; verifiedCitizenId?: string },
) {
  if (author.kind !== 'official' && !meta.verifiedCitizenId) refuseUnverifiedApplicant();
  const owner = repositoryOwner(state);
  const item = await tx
    .selectFrom('repositoryItems as r')
    .innerJoin('files as f', 'f.sha256', 'r.fileSha256')
    .select([
      'r.id',
      'r.kind',
      'r.component',
      'r.sourceRecordId',
      'r.fileSha256',
      'r.fileName',
      'f.mediaType',
      'f.sizeBytes',
    ])
    .where('r.id', '=', input.itemId)
    .where('r.ownerId', '=', owner)
    .executeTakeFirst();
  if (!item) throw new DomainError('repository.item_not_found', { id: input.itemId });
  const document = await addDocument(
    tx,
    state,
    {
      component: input.component,
      origin: 'repository',
      file: {
        sha256: item.fileSha256,
        mediaType: item.mediaType,
        sizeBytes: item.sizeBytes,
        fileName: withoutBidiControls(item.fileName),
      },
    },
    author,
    meta,
  );
  await appendAudit(
    tx,
    [
      {
        actorId: author.kind === 'official' ? author.userId : meta.verifiedCitizenId,
        actorRole: author.kind === 'official' ? author.role : 'citizen',
        requestId: meta.requestId,
        action: 'repository.reused',
        entityType: 'record',
        entityId: state.id,
        change: {
          ...(author.kind === 'official' ? { identityChecked: true } : { verifiedBy: 'e-id' }),
          items: [
            {
              itemId: item.id,
              kind: item.kind,
              keptAs: item.component,
              sourceRecordId: item.sourceRecordId,
              sha256: item.fileSha256,
              documentId: document.id,
              component: document.component,
            },
          ],
        },
      },
    ],
    meta.now,
  );
  return document;
}
