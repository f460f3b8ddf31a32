import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DOCUMENT_NAME_MAX } from '../../core/catalog/index.ts';
import { DomainError } from '../../core/errors/index.ts';
import type { RecordState } from '../../core/records/index.ts';
import { inTransaction, type Tx } from '../../platform/db/index.ts';
import type { Deps } from '../../platform/deps.ts';
import type { App } from '../../platform/http/index.ts';
import { APPLICANT_TOKEN, applicantActor, ownedState, visibleState } from '../records/index.ts';
import type { DocumentAuthor } from './documents.service.ts';
import { keepInRepository, reusableFor, reuseItem } from './repository.service.ts';

const RecordId = z.object({ id: z.uuid() });
const Item = z.object({
  id: z.string(),
  kind: z.string(),
  component: z.string(),
  sha256: z.string(),
  fileName: z.string(),
  sourceRecordId: z.string(),
  savedAt: z.string(),
});
const KeepBody = z.object({ documentIds: z.array(z.uuid()).min(1).max(100) });
const ReuseBody = z.object({ itemId: z.uuid(), component: z.string().trim().min(1).max(DOCUMENT_NAME_MAX) });
const Reusable = z.object({
  components: z.array(z.object({ component: z.string(), items: z.array(Item) })),
  other: z.array(Item),
});
const ApplicantHeaders = z.object({ [APPLICANT_TOKEN]: z.string().min(20).max(200) });

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
      fileName: d.fileName,
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
  const applicant = (req: FastifyRequest) => {
    const a = applicantActor(req.headers[APPLICANT_TOKEN] as string);
    return a.kind === 'applicant' ? a.accountId : '';
  };

  app.post(
    '/api/records/:id/repository',
    {
      config: { access: { roles: ['reception', 'specialist', 'leader'] } },
      schema: {
        tags: ['repository'],
        summary:
          "Keep documents of this record in the applicant's repository, at the applicant's request (counter)",
        params: RecordId,
        body: KeepBody,
        response: { 200: z.object({ items: z.array(Item) }) },
      },
    },
    async (req) => ({
      items: await inTransaction(db, async (tx) =>
        keep(tx, await visibleState(tx, req.params.id, req), req.body.documentIds, official(req)),
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
        params: RecordId,
        headers: ApplicantHeaders,
        body: KeepBody,
        response: { 200: z.object({ items: z.array(Item) }) },
      },
    },
    async (req) => ({
      items: await inTransaction(db, async (tx) =>
        keep(
          tx,
          await ownedState(tx, req.params.id, req.headers[APPLICANT_TOKEN] as string),
          req.body.documentIds,
          {
            role: 'applicant',
            onBehalfOf: applicant(req),
            requestId: String(req.id),
          },
        ),
      ),
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
        params: RecordId,
        headers: ApplicantHeaders,
        response: { 200: Reusable },
      },
    },
    async (req) =>
      reusableFor(db, await ownedState(db, req.params.id, req.headers[APPLICANT_TOKEN] as string)),
  );

  app.post(
    '/api/records/:id/documents/reuse',
    {
      config: { access: { roles: ['reception', 'specialist', 'leader'] } },
      schema: {
        tags: ['repository'],
        summary: "Add an item of the applicant's repository to the record as a document (marked reused)",
        params: RecordId,
        body: ReuseBody,
        response: { 201: z.object({ document: z.record(z.string(), z.unknown()) }) },
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
        body: ReuseBody,
        response: { 201: z.object({ document: z.record(z.string(), z.unknown()) }) },
      },
    },
    async (req, reply) => {
      const token = req.headers[APPLICANT_TOKEN] as string;
      const document = await inTransaction(db, async (tx) =>
        reuseItem(
          tx,
          await ownedState(tx, req.params.id, token),
          req.body,
          { kind: 'applicant', accountId: applicant(req) },
          {
            now: deps.clock.now(),
            requestId: String(req.id),
          },
        ),
      );
      return reply.status(201).send({ document });
    },
  );
}
