import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { fileResponse } from '../../contracts/common.ts';
import { PublicResults } from '../../contracts/results.ts';
import { DomainError } from '../../core/errors/index.ts';
import type { RecordState, RecordStatus } from '../../core/records/index.ts';
import type { Deps } from '../../platform/deps.ts';
import { APPLICANT_TOKEN, type App, ProblemBody, problemSchema } from '../../platform/http/index.ts';
import {
  applicantTokenProblems,
  citizenState,
  ownedState,
  TrackingCheck,
  trackRecord,
} from '../records/index.ts';
import type { SigningPorts } from './results.routes.ts';
import { findResult, listResults, type SignatureEntry } from './results.service.ts';

/** Once the result is issued (or the refusal decided), the applicant may take its electronic copy. */
const ISSUED: ReadonlySet<RecordStatus> = new Set(['result_ready', 'delivered', 'rejected']);

const RecordId = z.object({ id: z.uuid() });
const Tracked = z.object({ code: z.string().min(10).max(60) });
const TOKEN_HEADER = z.object({ [APPLICANT_TOKEN]: z.string().min(20).max(200) });
const PDF_NOTE = 'application/pdf, served as an attachment (Content-Disposition: attachment)';

/**
 * The applicant's electronic results: the signed result documents of their record once it is issued,
 * listed and downloaded as attachments, with the applicant token (Hồ sơ của tôi) or with the record code
 * (or submission reference) and the tracking check.
 */
export function publicResultsRoutes(app: App, deps: Deps, ports: SigningPorts): void {
  const { db } = deps.database;

  async function issuedResults(state: RecordState) {
    if (!ISSUED.has(state.status)) return [];
    const all = await listResults(db, state.id);
    return all.flatMap((r) => {
      const last = (r.signatures as SignatureEntry[]).at(-1);
      return last
        ? [
            {
              id: r.id,
              name: r.name,
              number: r.number,
              verificationCode: r.verificationCode,
              signedAt: last.at,
            },
          ]
        : [];
    });
  }

  async function download(state: RecordState, resultId: string, reply: FastifyReply) {
    if (!(await issuedResults(state)).some((r) => r.id === resultId))
      throw new DomainError('result.not_found', { id: resultId });
    const result = await findResult(db, state.id, resultId);
    const bytes = await ports.files.get(result.fileSha256);
    if (!bytes) throw new DomainError('result.not_found', { id: resultId });
    return reply
      .header('content-type', 'application/pdf')
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `attachment; filename="ket-qua-${result.verificationCode}.pdf"`)
      .send(Buffer.from(bytes));
  }

  const limits = { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } } as const;

  app.get(
    '/api/public/records/:id/mine/results',
    {
      config: limits,
      schema: {
        tags: ['results'],
        summary: "Portal: my record's signed electronic results, once issued (x-applicant-token)",
        params: RecordId,
        headers: TOKEN_HEADER,
        response: { 200: PublicResults, ...applicantTokenProblems, 404: ProblemBody },
      },
    },
    async (req) => {
      const state = await ownedState(db, req.params.id, req.headers[APPLICANT_TOKEN] as string);
      return { items: await issuedResults(state) };
    },
  );

  app.get(
    '/api/public/records/:id/mine/results/:resultId',
    {
      config: limits,
      schema: {
        tags: ['results'],
        summary: `Portal: download one of my signed results (x-applicant-token); ${PDF_NOTE}`,
        params: RecordId.extend({ resultId: z.uuid() }),
        headers: TOKEN_HEADER,
        response: {
          200: fileResponse(['application/pdf'], PDF_NOTE),
          ...applicantTokenProblems,
          404: ProblemBody,
        },
      },
    },
    async (req, reply) =>
      download(
        await ownedState(db, req.params.id, req.headers[APPLICANT_TOKEN] as string),
        req.params.resultId,
        reply,
      ),
  );

  const citizenProblems = {
    401: problemSchema(['citizen.unauthenticated']),
    404: problemSchema(['record.not_found', 'result.not_found']),
  };

  app.get(
    '/api/citizen/records/:id/results',
    {
      config: { access: 'citizen', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['citizen', 'results'],
        summary: "Hồ sơ của tôi: one of my records' signed electronic results, once issued (e-ID)",
        description: "Another person's record answers 404 record.not_found, exactly as an unknown id.",
        params: RecordId,
        response: { 200: PublicResults, ...citizenProblems },
      },
    },
    async (req) => ({ items: await issuedResults(await citizenState(db, req.params.id, req)) }),
  );

  app.get(
    '/api/citizen/records/:id/results/:resultId',
    {
      config: { access: 'citizen', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['citizen', 'results'],
        summary: `Hồ sơ của tôi: download one of my signed results (e-ID); ${PDF_NOTE}`,
        params: RecordId.extend({ resultId: z.uuid() }),
        response: { 200: fileResponse(['application/pdf'], PDF_NOTE), ...citizenProblems },
      },
    },
    async (req, reply) => download(await citizenState(db, req.params.id, req), req.params.resultId, reply),
  );

  app.get(
    '/api/public/records/:code/results',
    {
      config: limits,
      schema: {
        tags: ['results'],
        summary:
          "Tracking: a record's signed electronic results, once issued, by its code or submission reference and the last 4 digits of the applicant's phone or personal ID",
        params: Tracked,
        querystring: TrackingCheck,
        response: { 200: PublicResults, 404: ProblemBody },
      },
    },
    async (req) => ({ items: await issuedResults(await trackRecord(db, req.params.code, req.query.check)) }),
  );

  app.get(
    '/api/public/records/:code/results/:resultId',
    {
      config: limits,
      schema: {
        tags: ['results'],
        summary: `Tracking: download one signed result (code and check as for tracking); ${PDF_NOTE}`,
        params: Tracked.extend({ resultId: z.uuid() }),
        querystring: TrackingCheck,
        response: { 200: fileResponse(['application/pdf'], PDF_NOTE), 404: ProblemBody },
      },
    },
    async (req, reply) =>
      download(await trackRecord(db, req.params.code, req.query.check), req.params.resultId, reply),
  );
}
