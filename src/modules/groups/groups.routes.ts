import { randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { DomainError } from '../../core/errors/index.ts';
import { groupsInForce } from '../../core/groups/index.ts';
import { ApplicantData, RoutingFacts, vnDateOf } from '../../core/records/index.ts';
import { inTransaction } from '../../platform/db/index.ts';
import type { Deps } from '../../platform/deps.ts';
import { APPLICANT_TOKEN, type App, ProblemBody } from '../../platform/http/index.ts';
import type { CalendarService } from '../calendar/index.ts';
import {
  applicantActor,
  applicantTokenProblems,
  createRecordsCache,
  ownedState,
  visibleState,
} from '../records/index.ts';
import {
  findGroupByCode,
  findGroupOfRecord,
  findGroupSubmission,
  groupAvailability,
  presentGroup,
  submitGroup,
} from './groups.service.ts';

const Id = z.object({ id: z.uuid() });
const TokenHeader = z.object({ [APPLICANT_TOKEN]: z.string().min(20).max(200) });

const Member = z.object({
  key: z.string(),
  name_vi: z.string(),
  name_en: z.string(),
  procedureCode: z.string().describe('The catalogue code the member record is filed under'),
  procedureName: z.string().nullable(),
  catalogueNote: z.object({ vi: z.string(), en: z.string() }).nullable(),
  recordId: z.string().nullable().describe('null in public tracking'),
  recordCode: z.string().nullable().describe('The record code, given when the member is received'),
  reference: z.string().nullable().describe("The member's online submission reference until it has a code"),
  status: z.string(),
  nationalStatus: z.number().nullable(),
  nationalStatusName: z.string().nullable(),
  dueAt: z.string().nullable().describe("The member record's own appointment, once received"),
  receivingAgency: z.object({ id: z.string(), name: z.string() }),
  competentAgency: z.object({ id: z.string(), name: z.string() }),
});
/** A group submission as its applicant, an official or public tracking sees it. */
const GroupView = z.object({
  id: z.string(),
  code: z.string().describe('The group submission code (the receiving unit’s record-code shape)'),
  groupCode: z.string(),
  name_vi: z.string(),
  name_en: z.string(),
  publishedProcedureCode: z.string().nullable(),
  submittedAt: z.string(),
  verification: z.boolean(),
  appointment: z.object({
    startDate: z.string().describe('The day counting starts from (the next working day after 15:00)'),
    dueDate: z.string(),
    dueAt: z.string(),
    basis: z
      .enum(['group', 'members'])
      .describe('group: the group limit; members: the latest member appointment'),
    afterCutoff: z.boolean(),
  }),
  members: z.array(Member),
  facts: z
    .record(z.string(), z.record(z.string(), z.string()))
    .optional()
    .describe("The applicant's view only"),
});

const GroupDefinitionView = z.object({
  code: z.string(),
  name_vi: z.string(),
  name_en: z.string(),
  shortName_vi: z.string(),
  shortName_en: z.string(),
  legalBasis: z.string(),
  effectiveFrom: z.string(),
  publishedProcedureCode: z.string().nullable(),
  timeLimit: z.object({ workingDays: z.number(), withVerificationWorkingDays: z.number() }).nullable(),
  cutoff: z.boolean(),
  facts: z.array(z.object({ key: z.string(), kind: z.string(), name_vi: z.string(), name_en: z.string() })),
  members: z.array(
    z.object({
      key: z.string(),
      procedureCode: z.string(),
      name_vi: z.string(),
      name_en: z.string(),
      facts: z.array(z.string()),
      catalogueNote: z.object({ vi: z.string(), en: z.string() }).optional(),
    }),
  ),
  available: z
    .boolean()
    .describe('Every member procedure in force can be received online now (catalogue readiness)'),
  unavailable: z
    .object({
      procedureCode: z.string(),
      reason: z.string().describe('The readiness reason code, e.g. channel.not_offered'),
      message_vi: z.string(),
      message_en: z.string(),
    })
    .nullable()
    .describe('The first member that cannot be received online, and why; null when available'),
});

const ANY = 'system.database_unavailable';

/** The last 4 digits of a phone or personal ID as bytes, or zeros when there are none. */
function lastDigits(value: string | null): Buffer {
  const digits = (value ?? '').replace(/\D/g, '').slice(-4);
  return Buffer.from(digits.length === 4 ? digits : '\0\0\0\0');
}

export function groupsRoutes(app: App, deps: Deps, calendars: CalendarService): void {
  const { db } = deps.database;
  const services = { calendars, cache: createRecordsCache() };

  app.get(
    '/api/public/groups',
    {
      config: { access: 'public' },
      schema: {
        tags: ['groups'],
        summary:
          'Portal: the Decree 63/2024 inter-agency groups in force today, with the facts each member procedure needs',
        response: { 200: z.object({ items: z.array(GroupDefinitionView) }) },
      },
    },
    async () =>
      inTransaction(db, async (tx) => {
        const items = [];
        for (const g of groupsInForce(vnDateOf(deps.clock.now()))) {
          items.push({
            ...g,
            facts: [...g.facts],
            members: g.members.map((m) => ({ ...m, facts: [...m.facts] })),
            ...(await groupAvailability(tx, g)),
          });
        }
        return { items };
      }),
  );

  app.post(
    '/api/public/group-submissions',
    {
      config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['groups'],
        summary:
          'Portal: submit a Decree 63/2024 group online: one record per member at its competent agency, in one transaction; returns the group and the applicant token once',
        description:
          'Each member record is an online submission at its receiving unit (the chosen one-stop unit, or the city centre for a city body), owned by the returned token. The group appointment counts the group limit from the day after submission; after 15:00 on a working day, from the next working day. Nothing is written on any error.',
        body: z.object({
          groupCode: z.string().min(1).max(60),
          applicant: ApplicantData,
          routing: RoutingFacts.default({}),
          receivingAgencyId: z.uuid(),
          facts: z.record(z.string().max(40), z.record(z.string().max(40), z.string().max(1000))),
          verification: z.boolean().default(false),
        }),
        response: {
          201: z.object({ group: GroupView, applicantToken: z.string() }),
          404: ProblemBody.describe('`procedure.not_found` (a member procedure missing from the catalogue)'),
          422: ProblemBody.describe(
            '`request.invalid` (errors[] names the field: body.groupCode, body.facts.<section>.<name>, body.receivingAgencyId, body.routing.*), `record.competent_agency_unresolved` (params.member; errors[] names the routing fact when one is missing)',
          ),
          403: ProblemBody.describe(
            '`record.outside_reception_scope` (the chosen one-stop unit may not receive a member, and the city centre cannot either)',
          ),
          409: ProblemBody.describe(
            '`procedure.not_receivable` (a member procedure cannot be received online now: params.code, params.reason, as catalogue readiness says), `record.channel_not_offered`',
          ),
          429: ProblemBody.describe('`request.rate_limited`'),
          503: ProblemBody.describe(`\`${ANY}\``),
        },
      },
    },
    async (req, reply) => {
      const token = randomBytes(32).toString('base64url');
      const actor = applicantActor(token) as ReturnType<typeof applicantActor> & { kind: 'applicant' };
      const now = deps.clock.now();
      const group = await inTransaction(db, async (tx) => {
        const id = await submitGroup(tx, services, req.body, {
          actor,
          now,
          requestId: String(req.id),
          policy: {
            clockRule: deps.config.MOTCUA_SUPPLEMENT_CLOCK_RULE,
            feePolicy: {
              stacking: deps.config.MOTCUA_FEE_STACKING,
              rounding: deps.config.MOTCUA_FEE_ROUNDING,
            },
            feeCategories: deps.config.MOTCUA_FEE_CATEGORIES,
            cutoffProcedures: deps.config.MOTCUA_CUTOFF_PROCEDURES,
          },
        });
        return presentGroup(tx, (await findGroupSubmission(tx, id))!, 'owner');
      });
      return reply.status(201).send({ group, applicantToken: token });
    },
  );

  app.get(
    '/api/public/group-submissions/:id',
    {
      config: { access: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['groups'],
        summary: "Portal: the applicant's own group submission (x-applicant-token): each member's status",
        params: Id,
        headers: TokenHeader,
        response: {
          200: GroupView,
          404: ProblemBody.describe('`group.not_found` (also for another group’s token)'),
          422: ProblemBody.describe('`request.invalid`'),
          503: ProblemBody.describe(`\`${ANY}\``),
        },
      },
    },
    async (req) => {
      const row = await findGroupSubmission(db, req.params.id);
      const actor = applicantActor(req.headers[APPLICANT_TOKEN] as string);
      if (!row || actor.kind !== 'applicant' || row.applicantAccountId !== actor.accountId) {
        throw new DomainError('group.not_found', {});
      }
      return presentGroup(db, row, 'owner');
    },
  );

  app.get(
    '/api/public/group-submissions/by-code/:code',
    {
      config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['groups'],
        summary:
          "Public tracking of a group by its code and the last 4 digits of the applicant's phone or personal ID",
        params: z.object({ code: z.string().min(1).max(60) }),
        querystring: z.object({ check: z.string().regex(/^\d{4}$/, 'the last 4 digits') }),
        response: {
          200: GroupView,
          404: ProblemBody.describe('`group.not_found` (an unknown code or a wrong check, alike)'),
          422: ProblemBody.describe('`request.invalid` (query.check)'),
          429: ProblemBody.describe('`request.rate_limited`'),
          503: ProblemBody.describe(`\`${ANY}\``),
        },
      },
    },
    async (req) => {
      const row = await findGroupByCode(db, req.params.code);
      const typed = Buffer.from(req.query.check);
      const phone = timingSafeEqual(typed, lastDigits(row?.applicantPhone ?? null));
      const id = timingSafeEqual(typed, lastDigits(row?.applicantPersonalId ?? null));
      if (!row || !(phone || id)) throw new DomainError('group.not_found', {});
      return presentGroup(db, row, 'public');
    },
  );

  app.get(
    '/api/records/:id/group',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['groups'],
        summary:
          'The Decree 63 group a record belongs to, with its siblings (each member’s status, receiving unit and competent agency); null when it is in none',
        params: Id,
        response: {
          200: z.object({ group: GroupView.nullable() }),
          401: ProblemBody.describe('`auth.unauthenticated`'),
          404: ProblemBody.describe('`record.not_found` (a record the caller may not see, as an unknown id)'),
          422: ProblemBody.describe('`request.invalid`'),
          503: ProblemBody.describe(`\`${ANY}\``),
        },
      },
    },
    async (req) => {
      await visibleState(db, req.params.id, req);
      const row = await findGroupOfRecord(db, req.params.id);
      if (!row) return { group: null };
      const view = await presentGroup(db, row, 'official');
      // A sibling at an agency the official does not work with is listed without its record id.
      return { group: { ...view, members: await withVisibleIds(view.members) } };
      async function withVisibleIds(members: typeof view.members) {
        const out = [];
        for (const m of members) {
          const state = m.recordId ? await visibleOrNull(m.recordId) : null;
          out.push({ ...m, recordId: state ? m.recordId : null });
        }
        return out;
      }
      async function visibleOrNull(id: string) {
        try {
          return await visibleState(db, id, req);
        } catch {
          return null;
        }
      }
    },
  );

  app.get(
    '/api/public/records/:id/group',
    {
      config: { access: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['groups'],
        summary:
          "Portal: the group of the applicant's own record (x-applicant-token), with its siblings; null when none",
        params: Id,
        headers: TokenHeader,
        response: {
          200: z.object({ group: GroupView.nullable() }),
          ...applicantTokenProblems,
          404: ProblemBody.describe('`record.not_found` (another record’s token, as an unknown id)'),
          422: ProblemBody.describe('`request.invalid`'),
          503: ProblemBody.describe(`\`${ANY}\``),
        },
      },
    },
    async (req) => {
      await ownedState(db, req.params.id, req.headers[APPLICANT_TOKEN] as string);
      const row = await findGroupOfRecord(db, req.params.id);
      return { group: row ? await presentGroup(db, row, 'owner') : null };
    },
  );
}
