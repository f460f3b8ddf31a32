import { z } from 'zod';
import { ProcedureFields, ProcedureSearch, ProcedureView } from '../../contracts/catalog.ts';
import type { Deps } from '../../platform/deps.ts';
import { type App, ProblemBody } from '../../platform/http/index.ts';
import { getProcedure, listFields, searchCatalog } from './catalog.service.ts';
import { procedureReceivability } from './readiness.service.ts';

export function catalogRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;

  app.get(
    '/api/procedures',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary:
          'Search procedures the way citizens type (with or without diacritics, everyday words and abbreviations such as cccd, sổ đỏ, hkd; the base procedure before its special cases unless asked), ranked; filter by field and level',
        querystring: z.object({
          q: z.string().trim().max(200).optional(),
          field: z.string().trim().max(200).optional(),
          level: z.enum(['city', 'commune']).optional(),
          onlineLevel: z.enum(['full', 'partial', 'none']).optional(),
          crossBoundary: z
            .enum(['true', 'false'])
            .transform((v) => v === 'true')
            .optional(),
          limit: z.coerce.number().int().min(1).max(100).default(20),
          offset: z.coerce.number().int().min(0).max(10_000).default(0),
        }),
        response: { 200: ProcedureSearch },
      },
    },
    async (req) => searchCatalog(db, req.query),
  );

  app.get(
    '/api/procedures/fields',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: 'Fields (lĩnh vực) with their number of procedures',
        response: { 200: ProcedureFields },
      },
    },
    async () => ({ items: (await listFields(db)).map((f) => ({ field: f.field, count: Number(f.count) })) }),
  );

  app.get(
    '/api/procedures/:code',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary:
          'One procedure in force: documents, fees, channels, time limits, legal basis, default process',
        description:
          '`details.documents` lists only the documents the applicant hands in (upload slots, counter checklist, receipt lines), each with `quantity`, `copyKind`, `form`, and, when published so, `case` (needed only in that case) and `alternativeGroup` (one of the group); `details.checklistNotes` holds the conditions, notes and instructions of the published checklist, shown as guidance.',
        params: z.object({
          code: z.string().regex(/^\d\.\d{6}(\.[A-Z0-9.]+)?$/, 'expected a procedure code like 1.000123'),
        }),
        querystring: z.object({
          versionId: z
            .uuid()
            .optional()
            .describe(
              'a version of this procedure (a record’s procedureVersionId) instead of the one in force; `receivable` and `reasons` still describe now',
            ),
        }),
        response: {
          200: ProcedureView,
          404: ProblemBody.describe('procedure.not_found (also a versionId that is not a version of it)'),
          422: ProblemBody.describe('request.invalid (params.code, querystring.versionId)'),
        },
      },
    },
    async (req) => ({
      ...(await getProcedure(db, req.params.code, req.query.versionId)),
      ...(await procedureReceivability(db, req.params.code)),
    }),
  );
}
