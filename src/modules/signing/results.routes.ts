import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { fileResponse } from '../../contracts/common.ts';
import { RepositoryItem } from '../../contracts/documents.ts';
import { ResultVerification, VerificationReport } from '../../contracts/results.ts';
import { DomainError } from '../../core/errors/index.ts';
import { inTransaction, type Tx } from '../../platform/db/index.ts';
import type { Deps } from '../../platform/deps.ts';
import { APPLICANT_TOKEN, type App, problemSchema } from '../../platform/http/index.ts';
import {
  checkUpload,
  type FileStore,
  keepInRepository,
  PROVINCE,
  readUpload,
  requireVerifiedOwner,
  storeGeneratedPdf,
} from '../documents/index.ts';
import { findOfficial } from '../identity/index.ts';
import {
  applicantActor,
  applicantTokenProblems,
  citizenState,
  ownedState,
  visibleState,
} from '../records/index.ts';
import { getAgency } from '../units/index.ts';
import type { KeyStore, SignerRef } from './keystore.ts';
import { verifyPdf } from './pades.ts';
import { publicResultsRoutes } from './public-results.routes.ts';
import {
  checkResultAllowed,
  findResult,
  insertResult,
  listResults,
  newVerificationCode,
  prepareUploadedResult,
  publicReport,
  recordSignature,
  renderResultFromTemplate,
  signResultBytes,
  verifyByCode,
} from './results.service.ts';
import { verificationPage } from './verify-page.ts';

/**
 * Bounds of the public verification of an uploaded PDF (issue 13: an 18 MB PDF with 40,000 fake signature
 * dictionaries took 3.7 s and answered 10.5 MB): file size, signatures checked, requests per minute per
 * client address, and verifications running at once in a process (others get 429).
 */
export const PUBLIC_VERIFY = {
  maxBytes: 10 * 1024 * 1024,
  maxSignatures: 20,
  perMinute: 10,
  concurrent: 2,
} as const;

const RecordId = z.object({ id: z.uuid() });
/** Once the result is issued (or the refusal decided), the applicant may keep its signed documents. */
const RESULT_ISSUED: ReadonlySet<string> = new Set(['result_ready', 'delivered', 'rejected']);
const ResultParams = z.object({ id: z.uuid(), resultId: z.uuid() });
/** The official attests having checked the citizen's ID card against the record's personal ID. */
const CounterKeepBody = z.object({ identityChecked: z.literal(true) });
const Result = z.object({
  id: z.string(),
  recordId: z.string(),
  verificationCode: z.string(),
  name: z.string(),
  number: z.string().nullable(),
  source: z.string(),
  sha256: z.string(),
  signatures: z.array(z.object({ as: z.string(), signer: z.string(), userId: z.string(), at: z.string() })),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const Code = z.object({
  code: z.string().regex(/^[A-Z2-9]{10}$/, 'expected a 10-character verification code'),
});

export interface SigningPorts {
  readonly files: FileStore;
  readonly keys: KeyStore;
}

/** Results: made from a template or uploaded, signed PAdES, verified publicly by code or by upload. */
export function resultsRoutes(app: App, deps: Deps, ports: SigningPorts): void {
  const { db } = deps.database;
  const maxBytes = deps.config.MOTCUA_MAX_UPLOAD_MB * 1024 * 1024;
  let verifying = 0;
  const publicUrl = (deps.config.MOTCUA_PUBLIC_URL ?? `http://localhost:${deps.config.PORT}`).replace(
    /\/$/,
    '',
  );
  const author = (req: FastifyRequest) => ({
    userId: req.actor!.userId,
    role: req.actor!.roles.join(','),
    requestId: String(req.id),
  });

  /** The record, if the caller works at its competent agency (results are that agency's acts). */
  async function competentState(tx: Tx, id: string, req: FastifyRequest) {
    const state = await visibleState(tx, id, req);
    if (state.competentAgencyId !== req.actor!.agencyId)
      throw new DomainError('auth.forbidden', { reason: 'not the competent agency' });
    return state;
  }

  app.post(
    '/api/records/:id/results',
    {
      config: { access: { roles: ['specialist', 'leader'] } },
      schema: {
        tags: ['results'],
        summary:
          'Draft the result from the template (A4, agency header, verification code and QR); sign it next',
        params: RecordId,
        body: z.object({
          title: z.string().trim().min(1).max(300),
          number: z.string().trim().min(1).max(100).optional(),
          paragraphs: z.array(z.string().trim().min(1).max(5000)).min(1).max(50),
        }),
        response: { 201: z.object({ result: Result }), 409: problemSchema(['result.not_allowed']) },
      },
    },
    async (req, reply) => {
      const state = await competentState(db, req.params.id, req);
      checkResultAllowed(state);
      const agency = await getAgency(db, state.competentAgencyId!);
      const code = newVerificationCode();
      const now = deps.clock.now();
      const bytes = await renderResultFromTemplate({
        state,
        province: PROVINCE,
        competentAgencyName: agency.name,
        title: req.body.title,
        number: req.body.number ?? null,
        paragraphs: req.body.paragraphs,
        verificationCode: code,
        verifyUrl: `${publicUrl}/verify/${code}`,
        at: now.toISOString(),
      });
      const file = await storeGeneratedPdf(ports.files, bytes);
      const result = await inTransaction(db, async (tx) => {
        checkResultAllowed(await competentState(tx, req.params.id, req));
        return insertResult(
          tx,
          {
            recordId: state.id,
            code,
            name: req.body.title,
            number: req.body.number ?? null,
            source: 'template',
            file,
          },
          author(req),
          now,
        );
      });
      return reply.status(201).send({ result });
    },
  );

  app.post(
    '/api/records/:id/results/upload',
    {
      config: { access: { roles: ['specialist', 'leader'] } },
      schema: {
        tags: ['results'],
        summary: 'Upload the result as a PDF (multipart: `file`, `name`, optional `number`); sign it next',
        consumes: ['multipart/form-data'],
        params: RecordId,
        response: { 201: z.object({ result: Result }), 409: problemSchema(['result.not_allowed']) },
      },
    },
    async (req, reply) => {
      const form = await readUpload(req, maxBytes);
      const fields = z
        .object({
          name: z.string().trim().min(1).max(300),
          number: z.string().trim().min(1).max(100).optional(),
        })
        .safeParse(form.fields);
      if (!fields.success) {
        throw new DomainError(
          'request.invalid',
          {},
          {
            issues: fields.error.issues.map((i) => ({
              path: ['body', ...i.path.map(String)].join('.'),
              code: i.code,
              message: i.message,
            })),
          },
        );
      }
      const file = await checkUpload(form.file.bytes, form.file.fileName, maxBytes);
      if (file.mediaType !== 'application/pdf') {
        throw new DomainError(
          'file.type_not_allowed',
          { detected: file.mediaType, allowed: ['application/pdf'] },
          {
            issues: [{ path: 'body.file', code: 'file.type_not_allowed', message: 'a result must be a PDF' }],
          },
        );
      }
      const state = await competentState(db, req.params.id, req);
      checkResultAllowed(state);
      const stored = await storeGeneratedPdf(ports.files, await prepareUploadedResult(file.bytes));
      const now = deps.clock.now();
      const result = await inTransaction(db, async (tx) => {
        checkResultAllowed(await competentState(tx, req.params.id, req));
        return insertResult(
          tx,
          {
            recordId: state.id,
            code: newVerificationCode(),
            name: fields.data.name,
            number: fields.data.number ?? null,
            source: 'upload',
            file: stored,
          },
          author(req),
          now,
        );
      });
      return reply.status(201).send({ result });
    },
  );

  app.post(
    '/api/records/:id/results/:resultId/sign',
    {
      config: { access: { roles: ['specialist', 'leader'] } },
      schema: {
        tags: ['results'],
        summary:
          "Sign the result (PAdES, incremental): `as: agency` with the agency's certificate (specialist or leader), `as: personal` with the leader's own",
        params: ResultParams,
        body: z.object({ as: z.enum(['agency', 'personal']), version: z.number().int().positive() }),
        response: {
          200: z.object({ result: Result }),
          409: problemSchema([
            'result.not_allowed',
            'result.version_conflict',
            'result.already_signed',
            'signing.no_certificate',
          ]),
        },
      },
    },
    async (req) => {
      const state = await competentState(db, req.params.id, req);
      checkResultAllowed(state);
      const a = req.actor!;
      if (req.body.as === 'personal' && !a.roles.includes('leader'))
        throw new DomainError('auth.forbidden', { reason: 'only a leader signs personally' });
      const result = await findResult(db, req.params.id, req.params.resultId);
      if (result.version !== req.body.version)
        throw new DomainError('result.version_conflict', {
          current: result.version,
          expected: req.body.version,
        });
      const agency = await getAgency(db, a.agencyId);
      const user = await findOfficial(db, a.userId);
      if (!user) throw new DomainError('auth.unauthenticated', {});
      const signer: SignerRef =
        req.body.as === 'agency'
          ? { kind: 'agency', code: agency.code, name: agency.name }
          : { kind: 'person', username: user.username, name: user.displayName, agencyName: agency.name };
      const now = deps.clock.now();
      const signed = await signResultBytes(
        ports.files,
        ports.keys,
        result,
        signer,
        req.body.as,
        a.userId,
        now,
      );
      const stored = { file: await storeGeneratedPdf(ports.files, signed.bytes), entry: signed.entry };
      return {
        result: await inTransaction(db, (tx) => recordSignature(tx, result, stored, author(req), now)),
      };
    },
  );

  const keepResult = async (
    tx: Tx,
    state: Awaited<ReturnType<typeof visibleState>>,
    resultId: string,
    who: Parameters<typeof keepInRepository>[3],
  ) => {
    const result = await findResult(tx, state.id, resultId);
    const item = {
      kind: 'result' as const,
      component: result.name,
      fileSha256: result.fileSha256,
      fileName: `${result.name}.pdf`,
    };
    return keepInRepository(tx, state, [item], who, deps.clock.now());
  };
  const RepositoryItems = z.object({ items: z.array(RepositoryItem) });

  /** A citizen signed in with e-ID keeps a signed result of their record, once the record's result is issued. */
  const keepIssuedResult = async (
    tx: Tx,
    state: Awaited<ReturnType<typeof visibleState>>,
    resultId: string,
    citizenId: string,
    requestId: string,
  ) => {
    const result = await findResult(tx, state.id, resultId);
    if (!RESULT_ISSUED.has(state.status) || !(result.signatures as unknown[]).length)
      throw new DomainError('result.not_found', { id: resultId });
    return keepResult(tx, state, resultId, {
      actorId: citizenId,
      role: 'applicant',
      requestId,
      verifiedCitizenId: citizenId,
    });
  };

  app.post(
    '/api/records/:id/results/:resultId/keep',
    {
      config: { access: { roles: ['reception', 'specialist', 'leader'] } },
      schema: {
        tags: ['repository'],
        summary: "Keep the (signed) result in the applicant's repository, at the applicant's request",
        description:
          "Only after checking the citizen's ID card against the record's personal ID (`identityChecked: true`, else 422 naming body.identityChecked); the audit row `repository.kept` records the check.",
        params: ResultParams,
        body: CounterKeepBody,
        response: { 200: RepositoryItems },
      },
    },
    async (req) => ({
      items: await inTransaction(db, async (tx) =>
        keepResult(tx, await visibleState(tx, req.params.id, req), req.params.resultId, {
          actorId: req.actor!.userId,
          role: req.actor!.roles.join(','),
          requestId: String(req.id),
          identityChecked: req.body.identityChecked,
        }),
      ),
    }),
  );

  app.post(
    '/api/public/records/:id/results/:resultId/keep',
    {
      config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['repository'],
        summary: 'Portal: keep my result in my repository (x-applicant-token, signed in with e-ID)',
        description:
          "Open only to the verified owner: the citizen signed in with e-ID (cookie motcua_citizen) whose verified personal ID is the record's applicant personal ID, with the record's token; otherwise 403 `repository.identity_unverified`, keeping or showing nothing. Only a signed result of an issued record: else 404 `result.not_found`.",
        params: ResultParams,
        headers: z.object({ [APPLICANT_TOKEN]: z.string().min(20).max(200) }),
        response: {
          200: RepositoryItems,
          ...applicantTokenProblems,
          403: problemSchema(['repository.identity_unverified', 'request.cross_origin']),
          404: problemSchema(['record.not_found', 'result.not_found']),
        },
      },
    },
    async (req) => {
      const token = req.headers[APPLICANT_TOKEN] as string;
      return {
        items: await inTransaction(db, async (tx) => {
          const state = await ownedState(tx, req.params.id, token);
          const citizenId = requireVerifiedOwner(state, req.citizen);
          return keepIssuedResult(tx, state, req.params.resultId, citizenId, String(req.id));
        }),
      };
    },
  );

  app.post(
    '/api/citizen/records/:id/results/:resultId/keep',
    {
      config: { access: 'citizen', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['citizen', 'repository'],
        summary: 'Hồ sơ của tôi: keep a signed result of one of my records in my repository (e-ID)',
        description:
          "For any record of mine (online or received at a counter) once its result is issued; audited `repository.kept` with `verifiedBy: e-id`. Another person's record: 404 `record.not_found`; a result not signed or not issued: 404 `result.not_found`.",
        params: ResultParams,
        response: {
          200: RepositoryItems,
          404: problemSchema(['record.not_found', 'result.not_found']),
        },
      },
    },
    async (req) => ({
      items: await inTransaction(db, async (tx) => {
        const state = await citizenState(tx, req.params.id, req);
        return keepIssuedResult(tx, state, req.params.resultId, req.citizen!.citizenId, String(req.id));
      }),
    }),
  );

  app.get(
    '/api/records/:id/results',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['results'],
        summary: "A record's results and their signatures",
        params: RecordId,
        response: { 200: z.object({ items: z.array(Result) }) },
      },
    },
    async (req) => {
      await visibleState(db, req.params.id, req);
      return { items: await listResults(db, req.params.id) };
    },
  );

  app.get(
    '/api/records/:id/results/:resultId/content',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['results'],
        summary: 'The result PDF as it stands (with every signature so far)',
        params: ResultParams,
        response: { 200: fileResponse(['application/pdf'], 'The result PDF, inline') },
      },
    },
    async (req, reply) => {
      await visibleState(db, req.params.id, req);
      const result = await findResult(db, req.params.id, req.params.resultId);
      const bytes = await ports.files.get(result.fileSha256);
      if (!bytes) throw new DomainError('result.not_found', { reason: 'content missing' });
      return reply
        .header('content-type', 'application/pdf')
        .header('etag', `"${result.fileSha256}"`)
        .header('content-disposition', `inline; filename="ket-qua-${result.verificationCode}.pdf"`)
        .send(Buffer.from(bytes));
    },
  );

  app.get(
    '/api/public/verify/:code',
    {
      config: { access: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['results'],
        summary:
          "Verify a result by its code: are its signatures valid, who signed, when, and the document's SHA-256",
        params: Code,
        response: {
          200: ResultVerification,
        },
      },
    },
    async (req) => verifyByCode(db, ports.files, ports.keys, req.params.code),
  );

  app.post(
    '/api/public/verify',
    {
      config: { access: 'public', rateLimit: { max: PUBLIC_VERIFY.perMinute, timeWindow: '1 minute' } },
      schema: {
        tags: ['results'],
        summary: `Verify the signatures of any PDF (multipart: \`file\`, at most ${PUBLIC_VERIFY.maxBytes / 1024 / 1024} MB and ${PUBLIC_VERIFY.maxSignatures} signatures; ${PUBLIC_VERIFY.perMinute} per minute per address) against the trust anchors Motcua knows`,
        consumes: ['multipart/form-data'],
        response: { 200: VerificationReport },
      },
    },
    async (req) => {
      // Anyone may call it: the work is bounded (size, signatures, answer) and few run at once.
      if (verifying >= PUBLIC_VERIFY.concurrent) {
        throw new DomainError('request.rate_limited', { retryAfterSeconds: 2 });
      }
      verifying++;
      try {
        const limit = Math.min(maxBytes, PUBLIC_VERIFY.maxBytes);
        const form = await readUpload(req, limit);
        const file = await checkUpload(form.file.bytes, form.file.fileName, limit);
        const report = await verifyPdf(file.bytes, await ports.keys.anchors(), {
          maxSignatures: PUBLIC_VERIFY.maxSignatures,
        });
        return publicReport(report);
      } finally {
        verifying--;
      }
    },
  );

  app.get(
    '/verify/:code',
    {
      config: { access: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['results'],
        summary: 'The public verification page of a result (HTML, Vietnamese)',
        params: z.object({ code: z.string().max(40) }),
        response: {
          200: fileResponse(['text/html'], 'The page (also with 404 for an unknown code)'),
          404: fileResponse(['text/html'], 'The page saying no result has this code'),
        },
      },
    },
    async (req, reply) => {
      reply.header('content-type', 'text/html; charset=utf-8');
      const code = req.params.code.trim().toUpperCase();
      if (!/^[A-Z2-9]{10}$/.test(code)) return reply.status(404).send(verificationPage(code, null));
      try {
        return reply.send(verificationPage(code, await verifyByCode(db, ports.files, ports.keys, code)));
      } catch (e) {
        if (e instanceof DomainError && e.code === 'result.not_found')
          return reply.status(404).send(verificationPage(code, null));
        throw e;
      }
    },
  );

  publicResultsRoutes(app, deps, ports);
}
