import { z } from 'zod';
import {
  BulkChangeResult,
  DelegationCreated,
  DelegationList,
  OfficialPage,
  OfficialsImportSummary,
} from '../../../contracts/organisation.ts';
import { DomainError } from '../../../core/errors/index.ts';
import { inTransaction } from '../../../platform/db/index.ts';
import type { Deps } from '../../../platform/deps.ts';
import { type App, ProblemBody, ROLES } from '../../../platform/http/index.ts';
import { readUpload } from '../../documents/index.ts';
import type { SessionCache } from '../identity.service.ts';
import { bulkChangeRoles, bulkSetActive } from './bulk.ts';
import { createDelegation, listDelegations, revokeDelegation } from './delegations.ts';
import { importOfficials } from './import-officials.ts';
import { readOfficialsFile } from './officials-file.ts';
import { searchManagedOfficials } from './search.ts';

/** The largest HR export read (14,000 officials are about 1 MB as .xlsx, 2 MB as CSV). */
export const OFFICIALS_FILE_MAX_BYTES = 20 * 1024 * 1024;

const UserIds = z.array(z.uuid()).min(1).max(2000);
const flag = z.enum(['true', 'false']).default('false');

export function organisationRoutes(app: App, deps: Deps, sessions?: SessionCache): void {
  const { db } = deps.database;
  const meta = (req: { id: unknown }) => ({ now: deps.clock.now(), requestId: String(req.id) });

  app.post(
    '/api/officials/import',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['officials'],
        summary:
          'Import officials from an HR export (multipart: `file` .xlsx or CSV, `dryRun`, `deactivateMissing`)',
        description:
          'Columns (Vietnamese headers as an HR export has them; a title above the header is skipped): "Họ và tên", "Tên đăng nhập" and/or "Email", "Mã đơn vị" and/or "Tên đơn vị", optional "STT", "Số điện thoại", "Chức vụ", "Vai trò". Agencies are matched by code or exact name against the real agencies, and must be ones the administrator manages. Every row is checked first: any bad row (unknown agency, duplicate username, bad phone, unknown role…) answers 422 official.import_invalid with errors[] per row and column (`file.rows.<row>.<column>`, Vietnamese and English) and nothing is written. `dryRun=true` answers the plan without writing. An existing username is updated (name, agency, position, phone, e-mail, roles when given; reactivated); `deactivateMissing=true` also deactivates the active officials of the listed agencies that the file leaves out (their sessions end). New accounts have no password: an administrator\'s password reset gives a temporary one (or they sign in by single sign-on). Audited per account.',
        consumes: ['multipart/form-data'],
        response: {
          200: OfficialsImportSummary,
          201: OfficialsImportSummary,
          422: ProblemBody.describe('official.import_invalid, file.missing, file.too_large, request.invalid'),
        },
      },
    },
    async (req, reply) => {
      const form = await readUpload(req, OFFICIALS_FILE_MAX_BYTES);
      const fields = z.object({ dryRun: flag, deactivateMissing: flag }).safeParse(form.fields);
      if (!fields.success)
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
      const rows = await readOfficialsFile(form.file.bytes, form.file.fileName);
      const { staleSessions, ...out } = await inTransaction(db, (tx) =>
        importOfficials(
          tx,
          req.actor!,
          {
            rows,
            fileName: form.file.fileName,
            dryRun: fields.data.dryRun === 'true',
            deactivateMissing: fields.data.deactivateMissing === 'true',
          },
          meta(req),
        ),
      );
      for (const id of staleSessions) sessions?.forget(id);
      return reply.status(out.dryRun ? 200 : 201).send(out);
    },
  );

  app.get(
    '/api/officials',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['officials'],
        summary: 'Search the officials I manage (by name without marks, username, agency, role, active)',
        description:
          'An administrator sees their own agency and the agencies under it. `q` matches words anywhere in the name, with or without Vietnamese marks ("nguyen van" finds "Nguyễn Văn"), or the start of the username. Pages by username (keyset: pass `next` as `after`). Another agency in agencyId answers 404 agency.not_found.',
        querystring: z.object({
          q: z.string().trim().max(100).optional(),
          agencyId: z.uuid().optional(),
          role: z.enum(ROLES).optional(),
          active: z.enum(['true', 'false']).optional(),
          after: z.string().max(64).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: OfficialPage, 404: ProblemBody.describe('agency.not_found') },
      },
    },
    async (req) =>
      searchManagedOfficials(db, req.actor!, {
        ...req.query,
        active: req.query.active === undefined ? undefined : req.query.active === 'true',
      }),
  );

  app.post(
    '/api/officials/bulk-roles',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['officials'],
        summary: 'Add and/or remove roles on selected accounts (all or nothing; audited per account)',
        description:
          'Every account must be of an agency the administrator manages; the administrator cannot take their own admin role away; no account may be left without a role: else 422 official.bulk_refused naming body.userIds.<i>, and nothing changes. Only a city-level administrator adds the monitor role (403 user.role_not_grantable).',
        body: z
          .object({
            userIds: UserIds,
            add: z.array(z.enum(ROLES)).default([]),
            remove: z.array(z.enum(ROLES)).default([]),
          })
          .refine((b) => b.add.length + b.remove.length > 0, 'give add or remove'),
        response: {
          200: BulkChangeResult,
          403: ProblemBody.describe('user.role_not_grantable'),
          422: ProblemBody.describe('official.bulk_refused, request.invalid'),
        },
      },
    },
    async (req) => {
      const { changed, staleSessions } = await inTransaction(db, (tx) =>
        bulkChangeRoles(tx, req.actor!, req.body, meta(req)),
      );
      for (const id of staleSessions) sessions?.forget(id);
      return { changed };
    },
  );

  app.post(
    '/api/officials/bulk-active',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['officials'],
        summary: 'Deactivate (left the agency) or reactivate selected accounts (all or nothing; audited)',
        description:
          "Deactivating ends every session of the account at once. Accounts outside the administrator's scope, or their own account when deactivating, answer 422 official.bulk_refused naming body.userIds.<i>, and nothing changes.",
        body: z.object({ userIds: UserIds, active: z.boolean() }),
        response: {
          200: BulkChangeResult,
          422: ProblemBody.describe('official.bulk_refused, request.invalid'),
        },
      },
    },
    async (req) => {
      const { changed, staleSessions } = await inTransaction(db, (tx) =>
        bulkSetActive(tx, req.actor!, req.body, meta(req)),
      );
      for (const id of staleSessions) sessions?.forget(id);
      return { changed };
    },
  );

  app.post(
    '/api/delegations',
    {
      config: { access: { roles: ['leader'] } },
      schema: {
        tags: ['officials'],
        summary: 'Delegate: let an official of my agency act on my behalf for a period (audited)',
        description:
          "The delegate must be an active official of the leader's own agency, not the leader; the period ends after it starts, in the future, at most 366 days long: else 422 delegation.invalid naming the field.",
        body: z.object({
          toUserId: z.uuid(),
          startsAt: z.coerce.date(),
          endsAt: z.coerce.date(),
          reason: z.string().max(500).optional(),
        }),
        response: {
          201: DelegationCreated,
          422: ProblemBody.describe('delegation.invalid, request.invalid'),
        },
      },
    },
    async (req, reply) => {
      const created = await inTransaction(db, (tx) => createDelegation(tx, req.actor!, req.body, meta(req)));
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/delegations',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['officials'],
        summary: 'The delegations I gave or received that have not ended or been revoked',
        response: { 200: DelegationList },
      },
    },
    async (req) => ({ items: await listDelegations(db, req.actor!, deps.clock.now()) }),
  );

  app.post(
    '/api/delegations/:id/revoke',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['officials'],
        summary:
          'End a delegation now (the leader, the delegate, or an administrator of the agency; audited)',
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null(), 404: ProblemBody.describe('delegation.not_found') },
      },
    },
    async (req, reply) => {
      await inTransaction(db, (tx) => revokeDelegation(tx, req.actor!, req.params.id, meta(req)));
      return reply.status(204).send(null);
    },
  );
}
