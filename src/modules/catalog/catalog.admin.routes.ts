import { z } from 'zod';
import {
  BulkEditResult,
  CrossBoundaryListImported,
  CrossBoundaryLists,
  VersionCreated,
  VersionDetail,
  VersionList,
} from '../../contracts/catalog.ts';
import { ChangeSet } from '../../core/catalog/procedure-edit.ts';
import { DomainError } from '../../core/errors/index.ts';
import { inTransaction } from '../../platform/db/index.ts';
import type { Deps } from '../../platform/deps.ts';
import { type App, ProblemBody } from '../../platform/http/index.ts';
import { IsoDay } from '../calendar/calendar.routes.ts';
import { fileError } from '../documents/files.service.ts';
import { readUpload } from '../documents/upload.ts';
import {
  bulkEdit,
  createProcedureVersion,
  getProcedureVersion,
  listProcedureVersions,
  requireCatalogAdmin,
} from './catalog.admin.ts';
import { importCrossBoundaryList, listCrossBoundaryLists, readListFile } from './catalog.cross-boundary.ts';
import { catalogProcessRoutes, ProcessBody } from './catalog.process.routes.ts';

const ProcedureCode = z
  .string()
  .regex(/^\d\.\d{6}(\.[A-Z0-9.]+)?$/, 'expected a procedure code like 1.000123');
const DecisionNo = z.string().trim().min(1).max(200);

/**
 * A version edit: `changes`, and/or `process` (the same as `changes.process`, for the process designer; its
 * issues are then named `process.<i>.<field>` rather than `changes.process.<i>.<field>`).
 */
const EditBody = z
  .object({
    effectiveFrom: IsoDay,
    decisionNo: DecisionNo,
    changes: ChangeSet.optional(),
    process: ProcessBody.optional(),
  })
  .refine((b) => b.changes !== undefined || b.process !== undefined, {
    message: 'give changes or process',
    path: ['changes'],
  });

const cityOnly =
  "Only an administrator (role admin) of the city People's Committee or of its office (Văn phòng UBND): the catalogue is the whole city's; others get 403 auth.forbidden.";

export function catalogAdminRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  const meta = (req: {
    actor: { userId: string; displayName: string; agencyId: string } | null;
    id: unknown;
  }) => ({
    actor: req.actor!,
    requestId: String(req.id),
    now: deps.clock.now(),
  });

  app.post(
    '/api/catalog/procedures/:code/versions',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['catalog administration'],
        summary:
          'Edit a procedure: a new version with the change set, its effective date and deciding document',
        description: `${cityOnly} The new version (newest + 1) is in force from effectiveFrom (at once when that day has come); records keep the version they were received under. A \`process\` (top level, or changes.process) is the procedure's own process (docs/PROCESSES.md): validated against the headline limit (in person first) — refused with errors[] naming process.<i>.<field> (changes.process.<i>.<field> inside changes): duplicate keys, unknown or cyclic after, unreachable steps, branches that never join, one reception first / one decision / one return last, quarter-hour budgets, a critical path above (budget_over_limit) or below (budget_under_limit) the limit, a step agency rule that names no agency for some commune (agency_unresolved) — and kept over later time-limit edits (refused with changes.timeLimits.<channel> process_does_not_fit when it no longer fits the new limit). Refused (422 catalog.edit_refused, errors[] naming the field) when a channel the procedure offers would have no time limit (changes.timeLimits.<channel>), when a new competentAgencyRule does not resolve for every commune (changes.competentAgencyRule), for a time limit on a channel not offered, a form for an unlisted document (changes.forms.<i>.document), or an effectiveFrom before the newest version's (effectiveFrom). Gaps the edit does not touch come back as warnings.`,
        params: z.object({ code: ProcedureCode }),
        body: EditBody,
        response: {
          201: VersionCreated,
          403: ProblemBody.describe('auth.forbidden'),
          404: ProblemBody.describe('procedure.not_found'),
          422: ProblemBody.describe('catalog.edit_refused, request.invalid'),
        },
      },
    },
    async (req, reply) => {
      const { effectiveFrom, decisionNo, process } = req.body;
      const changes = { ...req.body.changes, ...(process ? { process } : {}) };
      const out = await inTransaction(db, async (tx) => {
        await requireCatalogAdmin(tx, req.actor!.agencyId);
        return createProcedureVersion(
          tx,
          req.params.code,
          { effectiveFrom, decisionNo, changes },
          meta(req),
          {
            processAtTop: process !== undefined,
          },
        );
      });
      return reply.status(201).send(out);
    },
  );

  app.get(
    '/api/catalog/procedures/:code/versions',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['catalog administration'],
        summary: 'A procedure’s versions, newest first, with their edits and the one in force',
        params: z.object({ code: ProcedureCode }),
        response: {
          200: VersionList,
          404: ProblemBody.describe('procedure.not_found'),
        },
      },
    },
    async (req) => listProcedureVersions(db, req.params.code),
  );

  app.get(
    '/api/catalog/procedures/:code/versions/:version',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['catalog administration'],
        summary:
          'One version with its whole data (the edit form’s start) and the published time cell per channel',
        params: z.object({ code: ProcedureCode, version: z.coerce.number().int().min(1).max(100_000) }),
        response: {
          200: VersionDetail,
          404: ProblemBody.describe('procedure.not_found'),
        },
      },
    },
    async (req) => getProcedureVersion(db, req.params.code, req.params.version),
  );

  app.post(
    '/api/catalog/bulk-edits',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['catalog administration'],
        summary:
          'The same change set on every procedure a filter selects (field, level, codes), all or nothing',
        description: `${cityOnly} Each selected procedure gets a new version as for one edit. With dryRun, nothing is stored and each procedure's outcome is returned (200). Without, when any procedure refuses the edit nothing is stored and 422 catalog.bulk_edit_refused carries every outcome in params.outcomes; else 201 with the new version ids.`,
        body: z.object({
          filter: z
            .object({
              field: z.string().trim().min(1).max(200).optional(),
              level: z.enum(['city', 'commune']).optional(),
              codes: z.array(ProcedureCode).min(1).max(5000).optional(),
            })
            .refine((f) => f.field !== undefined || f.level !== undefined || f.codes !== undefined, {
              message: 'give field, level or codes',
            }),
          changes: ChangeSet,
          effectiveFrom: IsoDay,
          decisionNo: DecisionNo,
          dryRun: z.boolean().default(false),
        }),
        response: {
          200: BulkEditResult,
          201: BulkEditResult,
          403: ProblemBody.describe('auth.forbidden'),
          404: ProblemBody.describe('procedure.not_found (a listed code; errors[] names filter.codes.<i>)'),
          422: ProblemBody.describe(
            'catalog.bulk_edit_refused (params.outcomes), catalog.bulk_edit_empty, request.invalid',
          ),
        },
      },
    },
    async (req, reply) => {
      const out = await inTransaction(db, async (tx) => {
        await requireCatalogAdmin(tx, req.actor!.agencyId);
        return bulkEdit(tx, req.body, meta(req));
      });
      return reply.status(out.dryRun ? 200 : 201).send(out);
    },
  );

  app.post(
    '/api/catalog/cross-boundary-lists',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['catalog administration'],
        summary:
          'Import the city’s published list of procedures received regardless of administrative boundaries (multipart: `file` CSV or .xlsx, `decisionNo`, `effectiveFrom`)',
        description: `${cityOnly} The file has a header row with a code column ("Mã TTHC", "Mã thủ tục", "Mã số" or "code") and optionally name ("Tên thủ tục hành chính") and notes ("Ghi chú"); rows without a code (titles, sections) are skipped. From effectiveFrom the listed procedures are received at every one-stop counter of the city and the others only by their competent commune's or the city's counters, each a new version. All or nothing: rows that are not procedure codes or name an unknown procedure are reported one by one (422 catalog.cross_boundary_list_invalid, errors[].path file.rows.<row>.code).`,
        consumes: ['multipart/form-data'],
        response: {
          201: CrossBoundaryListImported,
          403: ProblemBody.describe('auth.forbidden'),
          422: ProblemBody.describe(
            'catalog.cross_boundary_list_invalid, catalog.edit_refused (a version takes effect after the list), file.missing, file.too_large, request.invalid',
          ),
        },
      },
    },
    async (req, reply) => {
      const form = await readUpload(req, LIST_MAX_BYTES);
      if (form.file.bytes.length > LIST_MAX_BYTES)
        throw fileError('file.too_large', { maxBytes: LIST_MAX_BYTES });
      const fields = z.object({ decisionNo: DecisionNo, effectiveFrom: IsoDay }).safeParse(form.fields);
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
      const rows = await readListFile(form.file.bytes, form.file.fileName);
      const out = await inTransaction(db, async (tx) => {
        await requireCatalogAdmin(tx, req.actor!.agencyId);
        return importCrossBoundaryList(tx, { rows, fileName: form.file.fileName, ...fields.data }, meta(req));
      });
      return reply.status(201).send(out);
    },
  );

  catalogProcessRoutes(app, deps);

  app.get(
    '/api/catalog/cross-boundary-lists',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['catalog administration'],
        summary: 'The imported cross-boundary lists, newest first, with their decision, date and procedures',
        response: { 200: CrossBoundaryLists },
      },
    },
    async () => ({ items: await listCrossBoundaryLists(db, deps.clock.now()) }),
  );
}

/** The largest list file read (a list of every procedure of a city is well under 1 MB). */
export const LIST_MAX_BYTES = 5 * 1024 * 1024;
