import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Document, RepositoryItem } from '../../contracts/documents.ts';
import { DOCUMENT_NAME_MAX } from '../../core/catalog/index.ts';
import { DomainError } from '../../core/errors/index.ts';
import type { RecordState } from '../../core/records/index.ts';
import { inTransaction, type Tx } from '../../platform/db/index.ts';
import type { Deps } from '../../platform/deps.ts';
import { APPLICANT_TOKEN, type App, problemSchema, requireCitizen } from '../../platform/http/index.ts';
import { applicantActor, applicantTokenProblems, ownedState, visibleState } from '../records/index.ts';
import type { DocumentAuthor } from './documents.service.ts';
import { withoutBidiControls } from './files.service.ts';
import {
  keepInRepository,
  listRepository,
  requireVerifiedOwner,
  reusableFor,
  reuseItem,
} from './repository.service.ts';

const RecordId = z.object({ id: z.uuid() });
const KeepBody = z.object({ documentIds: z.array(z.uuid()).min(1).max(100) });
/** At the counter, keeping needs the same ID card check as reuse. */
const CounterKeepBody = KeepBody.extend({ identityChecked: z.literal(true) });
const ReuseBody = z.object({ itemId: z.uuid(), component: z.string().trim().min(1).max(DOCUMENT_NAME_MAX) });
/** The official attests having checked the citizen's ID card against the record's personal ID. */
const CounterReuseBody = ReuseBody.extend({ identityChecked: z.literal(true) });
/** The portal's repository routes open only to the verified owner (e-ID); otherwise they show and accept nothing. */
const CLOSED_ON_PORTAL =
  "Open only to the verified owner: the citizen signed in with e-ID (VNeID; cookie motcua_citizen) whose verified personal ID is the record's applicant personal ID, with the record's applicant token. The personal ID typed on an online record proves nothing: without such a session, or signed in as another citizen, this answers 403 `repository.identity_unverified` and shows or keeps nothing (officials offer reuse at the counter after checking the ID card). Another record's token: 404 `record.not_found`.";
const Reusable = z.object({
  components: z.array(z.object({ component: z.string(), items: z.array(RepositoryItem) })),
  other: z.array(RepositoryItem),
});
const ApplicantHeaders = z.object({ [APPLICANT_TOKEN]: z.string().min(20).max(200) });
/** The problems of a portal route open only to the verified owner ({@link CLOSED_ON_PORTAL}); a write also refuses another site. */
const closedOnPortal = (write: boolean) => ({
  ...applicantTokenProblems,
  403: problemSchema(
    write ? ['repository.identity_unverified', 'request.cross_origin'] : ['repository.identity_unverified'],
  ),
  404: problemSchema(write ? ['record.not_found', 'repository.item_not_found'] : ['record.not_found']),
});

/** The citizen's repository: keep a record's documents at the applicant's request, list, reuse. */
export function repositoryRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;

  async function keep(
    tx: Tx,
    state: RecordState,
    documentIds: readonly string[],
    who: Parameters<typeof keepInRepository>[3],
  ) {
    const docs = await tx
      .selectFrom('recordDocuments')
      .select(['id', 'component', 'fileSha256', 'fileName'])
      .where('recordId', '=', state.id)
      .where('id', 'in', documentIds)
      .execute();
    const missing = documentIds.filter((id) => !docs.some((d) => d.id === id));
    if (missing.length) throw new DomainError('document.not_found', { ids: missing });
    const items = docs.map((d) => ({
      kind: 'document' as const,
      component: d.component,
      fileSha256: d.fileSha256,
      // Names stored before uploads refused bidi controls are kept (and so listed) without them.
      fileName: withoutBidiControls(d.fileName),
    }));
    return keepInRepository(tx, state, items, who, deps.clock.now());
  }

  const official = (req: FastifyRequest) => ({
    actorId: req.actor!.userId,
    role: req.actor!.roles.join(','),
    requestId: String(req.id),
  });
  const officialAuthor = (req: FastifyRequest): DocumentAuthor => ({
    kind: 'official',
    userId: req.actor!.userId,
    role: req.actor!.roles.join(','),
  });

  app.post(
    '/api/records/:id/repository',
    {
      config: { access: { roles: ['reception', 'specialist', 'leader'] } },
      schema: {
        tags: ['repository'],
        summary:
          "Keep documents of this record in the applicant's repository, at the applicant's request (counter)",
        description:
          "Only after checking the citizen's ID card against the record's personal ID (`identityChecked: true`, else 422 naming body.identityChecked); the audit row `repository.kept` names the official, the record, the items and the check.",
        params: RecordId,
        body: CounterKeepBody,
        response: { 200: z.object({ items: z.array(RepositoryItem) }) },
      },
    },
    async (req) => ({
      items: await inTransaction(db, async (tx) =>
        keep(tx, await visibleState(tx, req.params.id, req), req.body.documentIds, {
          ...official(req),
          identityChecked: req.body.identityChecked,
        }),
      ),
    }),
  );

  app.post(
    '/api/public/records/:id/repository',
    {
      config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['repository'],
        summary: 'Portal: keep documents of my record in my repository (x-applicant-token)',
        description: CLOSED_ON_PORTAL,
        params: RecordId,
        headers: ApplicantHeaders,
        body: KeepBody,
        response: { 200: z.object({ items: z.array(RepositoryItem) }), ...closedOnPortal(true) },
      },
    },
    async (req) => ({
      items: await inTransaction(db, async (tx) => {
        const state = await ownedState(tx, req.params.id, req.headers[APPLICANT_TOKEN] as string);
        const citizenId = requireVerifiedOwner(state, req.citizen);
        return keep(tx, state, req.body.documentIds, {
          actorId: citizenId,
          role: 'applicant',
          requestId: String(req.id),
          verifiedCitizenId: citizenId,
        });
      }),
    }),
  );

  app.get(
    '/api/records/:id/reusable',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['repository'],
        summary: "What the applicant already holds for this record's required documents (once-only)",
        params: RecordId,
        response: { 200: Reusable },
      },
    },
    async (req) => reusableFor(db, await visibleState(db, req.params.id, req)),
  );

  app.get(
    '/api/public/records/:id/reusable',
    {
      config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['repository'],
        summary: 'Portal: what I already hold for this record (x-applicant-token)',
        description: CLOSED_ON_PORTAL,
        params: RecordId,
        headers: ApplicantHeaders,
        response: { 200: Reusable, ...closedOnPortal(false) },
      },
    },
    async (req) => {
      const state = await ownedState(db, req.params.id, req.headers[APPLICANT_TOKEN] as string);
      requireVerifiedOwner(state, req.citizen);
      return reusableFor(db, state);
    },
  );

  app.post(
    '/api/records/:id/documents/reuse',
    {
      config: { access: { roles: ['reception', 'specialist', 'leader'] } },
      schema: {
        tags: ['repository'],
        summary: "Add an item of the applicant's repository to the record as a document (marked reused)",
        description:
          "Counter: only after checking the citizen's ID card against the record's personal ID (`identityChecked: true`); an audit row `repository.reused` names the official, the record and the item reused. An item of another person: 404 `repository.item_not_found`.",
        params: RecordId,
        body: CounterReuseBody,
        response: { 201: z.object({ document: Document }), 409: problemSchema(['document.not_allowed']) },
      },
    },
    async (req, reply) => {
      const document = await inTransaction(db, async (tx) =>
        reuseItem(tx, await visibleState(tx, req.params.id, req), req.body, officialAuthor(req), {
          now: deps.clock.now(),
          requestId: String(req.id),
        }),
      );
      return reply.status(201).send({ document });
    },
  );

  app.post(
    '/api/public/records/:id/documents/reuse',
    {
      config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['repository'],
        summary: 'Portal: use an item of my repository for this record instead of uploading it again',
        params: RecordId,
        headers: ApplicantHeaders,
        description: CLOSED_ON_PORTAL,
        body: ReuseBody,
        response: {
          201: z.object({ document: Document }),
          ...closedOnPortal(true),
          409: problemSchema(['document.not_allowed']),
        },
      },
    },
    async (req, reply) => {
      const token = req.headers[APPLICANT_TOKEN] as string;
      const document = await inTransaction(db, async (tx) => {
        const state = await ownedState(tx, req.params.id, token);
        const citizenId = requireVerifiedOwner(state, req.citizen);
        const author = applicantActor(token) as DocumentAuthor;
        return reuseItem(tx, state, req.body, author, {
          now: deps.clock.now(),
          requestId: String(req.id),
          verifiedCitizenId: citizenId,
        });
      });
      return reply.status(201).send({ document });
    },
  );

  app.get(
    '/api/citizen/repository',
    {
      config: { access: 'citizen', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['citizen', 'repository'],
        summary: 'Kho dữ liệu: the documents kept for me (e-ID), to reuse in a new submission',
        description:
          'The items kept under the personal ID VNeID verified for the signed-in citizen. Without a citizen session (cookie motcua_citizen): 401 citizen.unauthenticated.',
        response: {
          200: z.object({ items: z.array(RepositoryItem) }),
          401: problemSchema(['citizen.unauthenticated']),
        },
      },
    },
    async (req, reply) => {
      const citizen = requireCitizen(req);
      reply.header('cache-control', 'private, no-store');
      return { items: await listRepository(db, citizen.personalId) };
    },
  );
}
