import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { fileResponse } from '../../contracts/common.ts';
import { SlipList } from '../../contracts/documents.ts';
import { DomainError } from '../../core/errors/index.ts';
import { SLIP_FORMS, type SlipForm } from '../../core/slips/index.ts';
import type { Deps } from '../../platform/deps.ts';
import { APPLICANT_TOKEN, type App, problemSchema } from '../../platform/http/index.ts';
import { applicantTokenProblems, citizenState, ownedState, visibleState } from '../records/index.ts';
import type { FileStore } from './file-store.ts';
import { listSlips, recordSlip, registerBook } from './slips.service.ts';

const SlipParams = z.object({ id: z.uuid(), form: z.enum(SLIP_FORMS as [SlipForm, ...SlipForm[]]) });
const SlipQuery = z.object({ seq: z.coerce.number().int().positive().optional() });
const IsoDay = z.iso.date();

function sendPdf(reply: FastifyReply, bytes: Uint8Array, fileName: string, sha256?: string) {
  if (sha256) reply.header('etag', `"${sha256}"`);
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="${fileName}"`)
    .send(Buffer.from(bytes));
}

/** The official slips of a record, and the register book of a receiving unit, as PDF. */
export function slipsRoutes(app: App, deps: Deps, files: FileStore): void {
  const { db } = deps.database;

  app.get(
    '/api/records/:id/slips',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['documents'],
        summary: 'The slips this record has (form, the event that called for it, title, time)',
        params: z.object({ id: z.uuid() }),
        response: { 200: SlipList },
      },
    },
    async (req) => {
      await visibleState(db, req.params.id, req);
      return { items: await listSlips(db, req.params.id) };
    },
  );

  app.get(
    '/api/records/:id/slips/:form',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['documents'],
        summary:
          'A slip as PDF (A5, QR top left): 01 receipt, 02 supplement/completion request, 03 refusal, 04 apology and extension, 05 control slip, stop notice; `seq` picks the event (default: the latest)',
        params: SlipParams,
        querystring: SlipQuery,
        response: { 200: fileResponse(['application/pdf'], 'The slip (A5 PDF), inline') },
      },
    },
    async (req, reply) => {
      const state = await visibleState(db, req.params.id, req);
      const slip = await recordSlip(db, files, req.params.id, req.params.form, req.query.seq);
      return sendPdf(reply, slip.bytes, `${state.code ?? state.id}-${req.params.form}.pdf`, slip.sha256);
    },
  );

  app.get(
    '/api/public/records/:id/slips/:form',
    {
      config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['documents'],
        summary: "Portal: a slip of the applicant's own record as PDF (x-applicant-token)",
        params: SlipParams,
        querystring: SlipQuery,
        headers: z.object({ [APPLICANT_TOKEN]: z.string().min(20).max(200) }),
        response: {
          200: fileResponse(['application/pdf'], 'The slip (A5 PDF), inline'),
          ...applicantTokenProblems,
        },
      },
    },
    async (req, reply) => {
      const state = await ownedState(db, req.params.id, req.headers[APPLICANT_TOKEN] as string);
      const slip = await recordSlip(db, files, req.params.id, req.params.form, req.query.seq);
      return sendPdf(reply, slip.bytes, `${state.code ?? state.id}-${req.params.form}.pdf`, slip.sha256);
    },
  );

  const citizenProblems = {
    401: problemSchema(['citizen.unauthenticated']),
    404: problemSchema(['record.not_found', 'slip.not_available']),
  };

  app.get(
    '/api/citizen/records/:id/slips',
    {
      config: { access: 'citizen', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['citizen', 'documents'],
        summary: 'Hồ sơ của tôi: the slips of one of my records (e-ID)',
        description: "Another person's record answers 404 record.not_found, exactly as an unknown id.",
        params: z.object({ id: z.uuid() }),
        response: { 200: SlipList, ...citizenProblems },
      },
    },
    async (req) => {
      await citizenState(db, req.params.id, req);
      return { items: await listSlips(db, req.params.id) };
    },
  );

  app.get(
    '/api/citizen/records/:id/slips/:form',
    {
      config: { access: 'citizen', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['citizen', 'documents'],
        summary: 'Hồ sơ của tôi: a slip of one of my records as PDF (e-ID); `seq` picks the event',
        params: SlipParams,
        querystring: SlipQuery,
        response: {
          200: fileResponse(['application/pdf'], 'The slip (A5 PDF), inline'),
          ...citizenProblems,
        },
      },
    },
    async (req, reply) => {
      const state = await citizenState(db, req.params.id, req);
      const slip = await recordSlip(db, files, req.params.id, req.params.form, req.query.seq);
      return sendPdf(reply, slip.bytes, `${state.code ?? state.id}-${req.params.form}.pdf`, slip.sha256);
    },
  );

  app.get(
    '/api/agencies/:id/register',
    {
      config: { access: { roles: ['reception', 'leader', 'monitor', 'admin'] } },
      schema: {
        tags: ['documents'],
        summary: 'The register book (Sổ theo dõi hồ sơ) of a receiving unit for a period, as PDF (A4)',
        params: z.object({ id: z.uuid() }),
        querystring: z.object({ from: IsoDay, to: IsoDay }).refine((q) => q.from <= q.to, {
          path: ['to'],
          message: 'to must not be before from',
        }),
        response: {
          200: fileResponse(
            ['application/pdf'],
            'The register book (A4 PDF); x-record-count says how many records',
          ),
        },
      },
    },
    async (req, reply) => {
      const a = req.actor!;
      const everywhere = a.roles.includes('monitor');
      if (!everywhere && a.agencyId !== req.params.id) throw new DomainError('auth.forbidden', {});
      const book = await registerBook(db, req.params.id, req.query.from, req.query.to, deps.clock.now());
      reply.header('x-record-count', String(book.count));
      return sendPdf(reply, book.bytes, `so-theo-doi-${req.query.from}-${req.query.to}.pdf`);
    },
  );
}
