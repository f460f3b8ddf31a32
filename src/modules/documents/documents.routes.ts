import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { fileResponse } from '../../contracts/common.ts';
import { Document } from '../../contracts/documents.ts';
import { DOCUMENT_NAME_MAX } from '../../core/catalog/index.ts';
import { DomainError, type FieldIssue } from '../../core/errors/index.ts';
import { inTransaction, type Tx } from '../../platform/db/index.ts';
import type { Deps } from '../../platform/deps.ts';
import { APPLICANT_TOKEN, type App, problemSchema } from '../../platform/http/index.ts';
import { applicantActor, applicantTokenProblems, ownedState, visibleState } from '../records/index.ts';
import {
  addDocument,
  checkDocumentAllowed,
  type DocumentAuthor,
  type DocumentOrigin,
  findDocument,
  listDocuments,
  OFFICIAL_UPLOAD_ORIGINS,
} from './documents.service.ts';
import type { FileStore } from './file-store.ts';
import { checkUpload, storeBytes, withoutBidiControls } from './files.service.ts';
import { readUpload } from './upload.ts';
import type { VirusScanner } from './virus-scan.ts';

const RecordId = z.object({ id: z.uuid() });
const DocumentParams = z.object({ id: z.uuid(), documentId: z.uuid() });
const OfficialFields = z.object({
  component: z.string().trim().min(1).max(DOCUMENT_NAME_MAX),
  origin: z.enum(OFFICIAL_UPLOAD_ORIGINS).default('counter_scan'),
});
const ApplicantFields = z.object({ component: z.string().trim().min(1).max(DOCUMENT_NAME_MAX) });
const MULTIPART_NOTE =
  'multipart/form-data: `file` (PDF, JPEG or PNG, detected from the content) and the text fields above.';

function parseFields<T extends z.ZodType>(schema: T, fields: Record<string, string>): z.infer<T> {
  const r = schema.safeParse(fields);
  if (r.success) return r.data;
  const issues: FieldIssue[] = r.error.issues.map((i) => ({
    path: ['body', ...i.path.map(String)].join('.'),
    code: i.code,
    message: i.message,
  }));
  throw new DomainError('request.invalid', {}, { issues });
}

export interface DocumentsPorts {
  readonly files: FileStore;
  readonly scanner: VirusScanner;
}

/** Record documents: upload (officials and the applicant), list, download. */
export function documentsRoutes(app: App, deps: Deps, ports: DocumentsPorts): void {
  const { db } = deps.database;
  const maxBytes = deps.config.MOTCUA_MAX_UPLOAD_MB * 1024 * 1024;

  /** Checks, scans and stores the file outside any transaction, then adds the document in one. */
  async function upload(
    req: FastifyRequest,
    load: (tx: Tx) => ReturnType<typeof visibleState>,
    origin: (fields: Record<string, string>) => { component: string; origin: DocumentOrigin },
    author: DocumentAuthor,
  ) {
    const form = await readUpload(req, maxBytes);
    const input = origin(form.fields);
    const file = await checkUpload(form.file.bytes, form.file.fileName, maxBytes);
    checkDocumentAllowed(await load(db), input.origin, author);
    await storeBytes(ports.files, ports.scanner, file);
    return inTransaction(db, async (tx) =>
      addDocument(tx, await load(tx), { ...input, file }, author, {
        now: deps.clock.now(),
        requestId: String(req.id),
      }),
    );
  }

  app.post(
    '/api/records/:id/documents',
    {
      config: { access: { roles: ['reception', 'specialist', 'leader'] } },
      schema: {
        tags: ['documents'],
        summary: 'Add a document to a record: a counter scan, a document from another agency, or a result',
        description: `${MULTIPART_NOTE} Fields: \`component\` (a required document's name, or the result's name), \`origin\` (${OFFICIAL_UPLOAD_ORIGINS.join(', ')}).`,
        consumes: ['multipart/form-data'],
        params: RecordId,
        response: { 201: z.object({ document: Document }), 409: problemSchema(['document.not_allowed']) },
      },
    },
    async (req, reply) => {
      const a = req.actor!;
      const author: DocumentAuthor = { kind: 'official', userId: a.userId, role: a.roles.join(',') };
      const document = await upload(
        req,
        (tx) => visibleState(tx, req.params.id, req),
        (f) => parseFields(OfficialFields, f),
        author,
      );
      return reply.status(201).send({ document });
    },
  );

  app.post(
    '/api/public/records/:id/documents',
    {
      config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['documents'],
        summary: 'Portal: the applicant uploads a required document to their own record (x-applicant-token)',
        description: `${MULTIPART_NOTE} Field: \`component\` (a required document's name).`,
        consumes: ['multipart/form-data'],
        params: RecordId,
        headers: z.object({ [APPLICANT_TOKEN]: z.string().min(20).max(200) }),
        response: {
          201: z.object({ document: Document }),
          ...applicantTokenProblems,
          409: problemSchema(['document.not_allowed']),
        },
      },
    },
    async (req, reply) => {
      const token = req.headers[APPLICANT_TOKEN] as string;
      const actor = applicantActor(token);
      const author: DocumentAuthor = {
        kind: 'applicant',
        accountId: actor.kind === 'applicant' ? actor.accountId : '',
      };
      const document = await upload(
        req,
        (tx) => ownedState(tx, req.params.id, token),
        (f) => ({ ...parseFields(ApplicantFields, f), origin: 'online' as const }),
        author,
      );
      return reply.status(201).send({ document });
    },
  );

  app.get(
    '/api/records/:id/documents',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['documents'],
        summary: "A record's documents with origin, digitised and reused flags",
        params: RecordId,
        response: { 200: z.object({ items: z.array(Document) }) },
      },
    },
    async (req) => {
      await visibleState(db, req.params.id, req);
      return { items: await listDocuments(db, req.params.id) };
    },
  );

  app.get(
    '/api/records/:id/documents/:documentId/content',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['documents'],
        summary: "A document's bytes (its detected media type; ETag is the SHA-256)",
        params: DocumentParams,
        response: {
          200: fileResponse(
            ['application/pdf', 'image/jpeg', 'image/png', 'application/octet-stream'],
            'The bytes, as an attachment, under the media type detected at upload',
          ),
        },
      },
    },
    async (req, reply) => {
      await visibleState(db, req.params.id, req);
      const doc = await findDocument(db, req.params.id, req.params.documentId);
      const bytes = await ports.files.get(doc.sha256);
      if (!bytes) throw new DomainError('document.not_found', { id: doc.id, reason: 'content missing' });
      return (
        reply
          .header('content-type', doc.mediaType)
          .header('etag', `"${doc.sha256}"`)
          // An upload is the citizen's bytes: downloaded, never rendered in Motcua's origin (a PDF/HTML or
          // JPEG/HTML polyglot stays a file), and helmet's nosniff keeps the browser to the detected type.
          .header('x-content-type-options', 'nosniff')
          .header(
            'content-disposition',
            `attachment; filename*=UTF-8''${encodeURIComponent(withoutBidiControls(doc.fileName))}`,
          )
          .send(Buffer.from(bytes))
      );
    },
  );
}
