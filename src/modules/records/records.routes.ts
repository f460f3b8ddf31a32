import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  CommandResponse,
  MyRecordView,
  RatingView,
  RecordView,
  SearchResults,
  SubmissionResponse,
  TimelineView,
  TrackingView,
  Worklist,
} from '../../contracts/records.ts';
import { ProcessRole } from '../../core/catalog/index.ts';
import {
  type Actor,
  CreateDraft,
  NATIONAL_STATUS_NAMES,
  nationalStatus,
  Receive,
  RecordCommand,
  Refuse,
  RequestCompletion,
  readTypedRecordCode,
  submissionReference,
} from '../../core/records/index.ts';
import { normalizePhone, tokenize } from '../../core/vn/index.ts';
import { inTransaction, type Tx } from '../../platform/db/index.ts';
import type { Deps } from '../../platform/deps.ts';
import type { App } from '../../platform/http/index.ts';
import type { CalendarService } from '../calendar/index.ts';
import { assertReceivableOnline, procedureVersionNames } from '../catalog/index.ts';
import { groupCutoffProcedures } from '../groups/group-cutoff.ts';
import { userNames } from '../identity/index.ts';
import { delegatedAuthority } from '../identity/organisation/index.ts';
import { agencyNames } from '../units/index.ts';
import { claimIdempotencyKey, requestHash, storeIdempotentOutcome } from './idempotency.ts';
import { rateRecord } from './rate-record.ts';
import {
  APPLICANT_TOKEN,
  applicantActor,
  canView,
  delegatedActor,
  officialActor,
  ownedState,
  refuseExpiredToken,
  visibleState,
} from './records.access.ts';
import {
  applicantProblems,
  commandProblems,
  listProblems,
  openingProblems,
  portalRecordProblems,
  ratingProblems,
  recordReadProblems,
  submissionProblems,
  trackingProblems,
  worklistProblems,
} from './records.problems.ts';
import {
  createRecordsCache,
  executeCommand,
  presentRecord,
  writesInOneStatement,
} from './records.service.ts';
import * as store from './records.store.ts';
import { presentTracking, TrackingCheck, trackRecord } from './tracking.ts';

const Version = z.number().int().positive();
const RecordId = z.object({ id: z.uuid() });
const IdempotencyHeaders = z.object({
  'idempotency-key': z.string().trim().min(1).max(200).optional(),
});
/**
 * An anonymous submission has no caller to scope its key by: the key itself (with the request it was used
 * for) is what a retry shares, so it must be too long to guess (a UUID, say).
 */
const PortalIdempotencyHeaders = z.object({
  'idempotency-key': z.string().trim().min(16).max(200).optional(),
});
/** Commands that may name an assignee (checked against the step's agency and role). */
const ASSIGNING = new Set(['forward', 'send_back', 'assign', 'reassign']);

/** Actions the applicant takes on their own online record (with the token returned at submission). */
const APPLICANT_ACTIONS = ['submit', 'supplement', 'withdraw'] as const;

/** A leader's id in a delegate's command or worklist (docs/OFFICIALS.md, Delegation). */
const OnBehalfOf = z
  .uuid()
  .optional()
  .describe(
    'the leader whose action this is, taken by the caller under a delegation from them in force; 403 delegation.not_in_force (params.reason) otherwise',
  );

/** A command's body schema without its `type` (the route names the action). */
function withoutType(option: (typeof RecordCommand.options)[number]) {
  return (option as unknown as z.ZodObject<{ type: z.ZodLiteral<string> }>).omit({ type: true });
}

function slug(action: string): string {
  return action.replaceAll('_', '-');
}

/**
 * A worklist row as the caller's agency sees it (issue 15): while parallel branches run, each agency sees
 * only its own active step (`activeSteps`, and `currentStep`, its assignee and due time are that step's);
 * a monitor sees them all.
 */
function ownStep<
  T extends {
    activeSteps: unknown;
    currentStep: string | null;
    currentAssigneeId: string | null;
    currentStepDueAt: Date | null;
  },
>(row: T, actor: { agencyId: string; roles: readonly string[] }) {
  const all = (row.activeSteps ?? []) as store.ActiveStepView[];
  const own = all.filter((s) => s.agencyId === actor.agencyId);
  const mine = own[0];
  return {
    ...row,
    activeSteps: actor.roles.includes('monitor') ? all : own,
    ...(mine
      ? {
          currentStep: mine.key,
          currentAssigneeId: mine.assigneeId,
          currentStepDueAt: mine.dueAt ? new Date(mine.dueAt) : null,
        }
      : {}),
  };
}

export function recordsRoutes(app: App, deps: Deps, calendars: CalendarService): void {
  const { db } = deps.database;
  const services = { calendars, cache: createRecordsCache() };

  // Every portal route on one record (`/api/public/records/:id…`, in any module) refuses an expired
  // applicant token before it does anything.
  app.addHook('preHandler', async (req) => {
    const token = req.headers[APPLICANT_TOKEN];
    if (typeof token !== 'string' || !req.routeOptions.url?.startsWith('/api/public/records/:id')) return;
    const id = RecordId.safeParse(req.params);
    if (!id.success) return; // the route answers a malformed id itself
    await refuseExpiredToken(
      db,
      id.data.id,
      token,
      deps.clock.now(),
      deps.config.MOTCUA_APPLICANT_TOKEN_DAYS,
    );
  });

  /**
   * One transaction: Idempotency-Key claim, the command, the stored outcome. `oneStatement` work (a command
   * on an existing record whose writes are the one statement of writeTransition: writesInOneStatement)
   * without a key needs no transaction around it: its reads are checked by the write's version guard.
   */
  async function run(
    req: FastifyRequest,
    reply: FastifyReply,
    scope: string,
    work: (tx: Tx) => Promise<{ statusCode: number; body: unknown }>,
    oneStatement = false,
  ) {
    const key = (req.headers['idempotency-key'] as string | undefined)?.trim();
    if (!key && oneStatement) {
      const out = await work(db);
      return reply.status(out.statusCode).send(out.body);
    }
    const outcome = await inTransaction(db, async (tx) => {
      if (key) {
        const hash = requestHash({ url: req.url, body: req.body ?? null });
        const stored = await claimIdempotencyKey(tx, scope, key, hash, deps.clock.now());
        if (stored) return { ...stored, replayed: true };
      }
      const out = await work(tx);
      if (key) await storeIdempotentOutcome(tx, scope, key, out);
      return { ...out, replayed: false };
    });
    if (outcome.replayed) reply.header('idempotent-replayed', 'true');
    return reply.status(outcome.statusCode).send(outcome.body);
  }

  async function command(
    tx: Tx,
    actor: Actor,
    req: FastifyRequest,
    target: { recordId?: string; expectedVersion?: number },
    cmd: RecordCommand,
  ) {
    const now = deps.clock.now();
    const result = await executeCommand(tx, services, target, cmd, {
      actor,
      actorRole: actor.kind === 'official' && actor.onBehalfOf ? 'delegate' : req.actor?.roles.join(','),
      requestId: String(req.id),
      now,
      policy: {
        clockRule: deps.config.MOTCUA_SUPPLEMENT_CLOCK_RULE,
        feePolicy: { stacking: deps.config.MOTCUA_FEE_STACKING, rounding: deps.config.MOTCUA_FEE_ROUNDING },
        feeCategories: deps.config.MOTCUA_FEE_CATEGORIES,
        // A Decree 63/2024 group member received after 15:00 counts from the next working day (issue 15).
        cutoffProcedures:
          cmd.type === 'receive' && target.recordId
            ? [...deps.config.MOTCUA_CUTOFF_PROCEDURES, ...(await groupCutoffProcedures(tx, target.recordId))]
            : deps.config.MOTCUA_CUTOFF_PROCEDURES,
      },
      // A record the caller may not see answers 404 like an unknown id (no status, no version).
      mayKnow: (state) =>
        actor.kind === 'applicant'
          ? state.applicantAccountId === actor.accountId
          : state.status !== 'draft' && canView(state, req),
    });
    return {
      statusCode: result.created ? 201 : 200,
      body: {
        record: presentRecord(result.state, actor, now, result.calendar),
        events: result.events,
      },
    };
  }

  // Counter reception: the record is opened and, in the same command, received, refused or sent back for
  // completion (neither of the last two is received).
  const Opening = z.discriminatedUnion('type', [
    Receive.required({ opening: true }),
    Refuse.required({ opening: true }),
    RequestCompletion.required({ opening: true }),
  ]);
  app.post(
    '/api/records',
    {
      config: { access: { roles: ['reception'] } },
      schema: {
        tags: ['records'],
        summary:
          'Counter: open a record and receive it, refuse it, or ask for completion (Idempotency-Key supported)',
        description:
          'An Idempotency-Key is the signed-in official’s own: a retry with the same key and body gets the first outcome; another official’s same key is another request; the same key with another body: 422 `idempotency.key_reused`.',
        headers: IdempotencyHeaders,
        body: Opening,
        response: { 200: CommandResponse, 201: CommandResponse, ...openingProblems },
      },
    },
    async (req, reply) =>
      run(req, reply, `user:${req.actor!.userId}`, (tx) =>
        command(tx, officialActor(req), req, {}, req.body),
      ),
  );

  // Online submission from the portal: a draft submitted at once, or (draft=true) kept as a draft that the
  // applicant submits later with POST /api/public/records/:id/submit; the response carries the applicant's
  // token for later actions on this record (documents, submit, supplement, withdraw).
  app.post(
    '/api/public/records',
    {
      config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['records'],
        summary:
          'Portal: submit a record online (draft → submitted), or with draft=true only save it as a draft; returns the applicant token once (it expires MOTCUA_APPLICANT_TOKEN_DAYS after the record last changed)',
        description:
          'A retry with the same Idempotency-Key (at least 16 characters, e.g. a UUID kept by the form until it succeeds) and the same request gets the first outcome, from any network address; the same key with another request gets 422 `idempotency.key_reused`.',
        headers: PortalIdempotencyHeaders,
        querystring: z.object({ draft: z.enum(['true', 'false']).default('false') }),
        body: CreateDraft.omit({ type: true }),
        response: {
          201: SubmissionResponse,
          ...submissionProblems,
        },
      },
    },
    async (req, reply) => {
      const token = randomBytes(32).toString('base64url');
      const actor = applicantActor(token);
      // Keys are scoped by the caller; an anonymous submission's caller is its key (not the client address,
      // which changes when a phone moves between networks).
      return run(req, reply, 'portal', async (tx) => {
        // A procedure the counter could not receive online is not offered online (catalogue readiness).
        await assertReceivableOnline(tx, req.body.procedureVersionId);
        const created = await command(tx, actor, req, {}, { type: 'create_draft', ...req.body });
        if (req.query.draft === 'true') {
          return { statusCode: 201, body: { ...created.body, applicantToken: token } };
        }
        const id = (created.body.record as { id: string }).id;
        const submitted = await command(tx, actor, req, { recordId: id }, { type: 'submit' });
        return {
          statusCode: 201,
          body: {
            ...submitted.body,
            events: [...created.body.events, ...submitted.body.events],
            applicantToken: token,
          },
        };
      });
    },
  );

  for (const option of RecordCommand.options) {
    const action = option.shape.type.value;
    if (action === 'create_draft') continue;
    const body = withoutType(option).extend({ version: Version, onBehalfOf: OnBehalfOf });
    app.post(
      `/api/records/:id/${slug(action)}`,
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['records'],
          summary: `Command ${action} on a record (optimistic concurrency on version; Idempotency-Key supported)${ASSIGNING.has(action) ? '; a named assigneeId must be an active official of the agency that owns the step, with its role (422 record.assignee_not_eligible naming body.assigneeId)' : ''}`,
          description:
            'A record the caller may not see answers 404 `record.not_found` exactly as an unknown id, before the version check. A stale version: 409 `record.version_conflict`. An Idempotency-Key is the caller’s own (the same key from another official is another request); the same key with another request or on another record: 422 `idempotency.key_reused`.',
          params: RecordId,
          headers: IdempotencyHeaders,
          body,
          response: { 200: CommandResponse, ...commandProblems(action) },
        },
      },
      async (req, reply) => {
        const { version, onBehalfOf, ...rest } = req.body as {
          version: number;
          onBehalfOf?: string;
        } & Record<string, unknown>;
        const cmd = RecordCommand.parse({ type: action, ...rest });
        return run(
          req,
          reply,
          `user:${req.actor!.userId}`,
          async (tx) => {
            // A delegate acts with the leader's authority only while the delegation is in force.
            const actor =
              onBehalfOf && onBehalfOf !== req.actor!.userId
                ? delegatedActor(req, await delegatedAuthority(tx, req.actor!, onBehalfOf, deps.clock.now()))
                : officialActor(req);
            return command(tx, actor, req, { recordId: req.params.id, expectedVersion: version }, cmd);
          },
          writesInOneStatement(cmd.type),
        );
      },
    );
  }

  for (const action of APPLICANT_ACTIONS) {
    const option = RecordCommand.options.find((o) => o.shape.type.value === action)!;
    app.post(
      `/api/public/records/:id/${slug(action)}`,
      {
        config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags: ['records'],
          summary: `Portal: the applicant's ${action} on their own record (header x-applicant-token)`,
          description:
            'Another record’s token answers 404 `record.not_found` exactly as an unknown id, before the version check; an expired token (MOTCUA_APPLICANT_TOKEN_DAYS after the record last changed) 401 `applicant.token_expired`. Idempotency-Keys are scoped by the token.',
          params: RecordId,
          headers: IdempotencyHeaders.extend({ [APPLICANT_TOKEN]: z.string().min(20).max(200) }),
          body: withoutType(option).extend({ version: Version }),
          response: { 200: CommandResponse, ...applicantProblems(action) },
        },
      },
      async (req, reply) => {
        const { version, ...rest } = req.body as { version: number } & Record<string, unknown>;
        const actor = applicantActor(req.headers[APPLICANT_TOKEN] as string);
        const cmd = RecordCommand.parse({ type: action, ...rest });
        return run(
          req,
          reply,
          actor.kind === 'applicant' ? actor.accountId : 'portal',
          async (tx) => {
            const out = await command(
              tx,
              actor,
              req,
              { recordId: req.params.id, expectedVersion: version },
              cmd,
            );
            // Submitting a saved draft is an online submission: refused (and rolled back) when the procedure
            // cannot be received online now. A resubmission after a completion request was received already.
            const record = out.body.record as { code: string | null; procedureVersionId: string };
            if (cmd.type === 'submit' && record.code === null) {
              await assertReceivableOnline(tx, record.procedureVersionId);
            }
            return out;
          },
          writesInOneStatement(cmd.type) && cmd.type !== 'submit',
        );
      },
    );
  }

  app.post(
    '/api/public/records/:id/rating',
    {
      config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['records'],
        summary:
          'Portal: rate how the record was handled (1–5, optional comment), once, after the result was returned',
        params: RecordId,
        headers: z.object({ [APPLICANT_TOKEN]: z.string().min(20).max(200) }),
        body: z.object({
          score: z.number().int().min(1).max(5),
          comment: z.string().trim().max(2000).optional(),
        }),
        response: {
          201: z.object({ rating: RatingView }),
          ...ratingProblems,
        },
      },
    },
    async (req, reply) => {
      const token = req.headers[APPLICANT_TOKEN] as string;
      const now = deps.clock.now();
      const rating = await inTransaction(db, async (tx) => {
        const state = await ownedState(tx, req.params.id, token);
        return rateRecord(
          tx,
          state,
          { score: req.body.score, comment: req.body.comment || null },
          { actor: applicantActor(token), requestId: String(req.id), now },
        );
      });
      return reply.status(201).send({ rating });
    },
  );

  app.get(
    '/api/public/records/:id/mine',
    {
      config: { access: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['records'],
        summary:
          "Portal: the applicant's own record (x-applicant-token): status, requests to answer, and the actions they may take",
        params: RecordId,
        headers: z.object({ [APPLICANT_TOKEN]: z.string().min(20).max(200) }),
        response: { 200: MyRecordView, ...portalRecordProblems },
      },
    },
    async (req) => {
      const token = req.headers[APPLICANT_TOKEN] as string;
      const state = await ownedState(db, req.params.id, token);
      const now = deps.clock.now();
      const view = presentRecord(state, applicantActor(token), now, await calendars.calendar(db));
      const national = nationalStatus(state.status);
      return {
        id: view.id,
        version: view.version,
        code: view.code,
        reference: state.channel === 'online' ? submissionReference(state.id) : null,
        status: view.status,
        nationalStatusName: national ? NATIONAL_STATUS_NAMES[national] : null,
        procedureCode: view.procedureCode,
        submittedAt: view.submittedAt,
        receivedAt: view.receivedAt,
        appointment: view.appointment,
        completionRequest: view.completionRequest,
        supplement: view.supplement,
        closure: view.closure,
        availableActions: view.availableActions,
        rating: await store.findRating(db, view.id),
      };
    },
  );

  app.get(
    '/api/records/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['records'],
        summary: 'A record with the actions the caller may take now',
        params: RecordId,
        response: { 200: RecordView, ...recordReadProblems },
      },
    },
    async (req) => {
      const state = await visibleState(db, req.params.id, req);
      const now = deps.clock.now();
      return presentRecord(state, officialActor(req), now, await calendars.calendar(db));
    },
  );

  app.get(
    '/api/records/:id/timeline',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['records'],
        summary:
          'Every event with who did it (official and agency, by id and name) and when; every step visit with its due time and timing',
        params: RecordId,
        response: {
          200: TimelineView,
          ...recordReadProblems,
        },
      },
    },
    async (req) => {
      const state = await visibleState(db, req.params.id, req);
      const events = await store.listEvents(db, req.params.id);
      const ids = <T>(pick: (e: (typeof events)[number]) => T | null) => [
        ...new Set(events.map(pick).filter((x): x is T => x !== null)),
      ];
      const [officials, agencies] = await Promise.all([
        userNames(db, [...ids((e) => e.actorId), ...ids((e) => e.onBehalfOf)]),
        agencyNames(
          db,
          ids((e) => e.agencyId),
        ),
      ]);
      return {
        events: events.map((e) => ({
          ...e,
          actorName: (e.actorId && officials.get(e.actorId)) || null,
          onBehalfOfName: (e.onBehalfOf && officials.get(e.onBehalfOf)) || null,
          agencyName: (e.agencyId && agencies.get(e.agencyId)) || null,
        })),
        steps: state.stepHistory,
      };
    },
  );

  app.get(
    '/api/worklists',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['records'],
        summary:
          "Records with an active step assigned to me (mine), of my agency (agency: received, decided, or a step held there), or the work waiting for me now (waiting: an active step, of any parallel branch, is at my agency with my role and mine or nobody's, a leader's steps to assign, my agency's approved results to issue, and for reception the online submissions to receive); filters (deadline of the record, of its current step, the role of its current step); sort by creation (created: oldest first; newest: newest first) or by the current step's due time; keyset pagination (after = the previous page's next); each item has its procedure's name (procedureName) and the active steps at my agency (activeSteps: stepIndex, key, agencyId, role, assigneeId, dueAt; all of them for a monitor), currentStep, currentAssigneeId and currentStepDueAt being my agency's step when it holds one; transferFailedAt: a hand-over failed and is pending",
        querystring: z
          .object({
            scope: z.enum(['mine', 'agency', 'waiting']).default('mine'),
            status: z.string().max(40).optional(),
            procedure: z.string().max(40).optional(),
            deadline: z.enum(['due_soon', 'overdue']).optional(),
            stepDeadline: z.enum(['due_soon', 'overdue']).optional(),
            stepRole: ProcessRole.optional(),
            sort: z.enum(['created', 'newest', 'step_due']).default('created'),
            after: z.string().max(100).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
            onBehalfOf: OnBehalfOf.describe(
              'a leader who delegated to me: the lists as that leader sees them (mine: assigned to the leader; waiting: waiting for the leader; agency: the agency’s), i.e. what I can act on for them; 403 delegation.not_in_force (params.reason) when no delegation from them is in force',
            ),
          })
          .superRefine((q, ctx) => {
            if (q.after === undefined) return;
            const valid =
              q.sort === 'step_due'
                ? store.parseStepDueCursor(q.after) !== undefined
                : z.uuid().safeParse(q.after).success;
            if (!valid)
              ctx.addIssue({
                code: 'custom',
                path: ['after'],
                message: 'not the next value of the previous page for this sort',
              });
          }),
        response: {
          200: Worklist,
          ...worklistProblems,
        },
      },
    },
    async (req) => {
      const q = req.query;
      const self = req.actor!;
      const a =
        q.onBehalfOf && q.onBehalfOf !== self.userId
          ? await (async () => {
              const l = await delegatedAuthority(db, self, q.onBehalfOf!, deps.clock.now());
              return { userId: l.leaderId, agencyId: l.agencyId, roles: l.roles };
            })()
          : self;
      const items = await store.listWorklist(db, {
        ...(q.scope === 'mine'
          ? { assigneeId: a.userId }
          : q.scope === 'waiting'
            ? { waitingFor: { userId: a.userId, agencyId: a.agencyId, roles: a.roles } }
            : { agencyId: a.agencyId }),
        status: q.status,
        procedureCode: q.procedure,
        deadlineFlag: q.deadline,
        stepDeadlineFlag: q.stepDeadline,
        // My agency's share of a role means the current step is at my agency (not merely that we received it).
        stepRole: q.stepRole,
        stepAgencyId: q.stepRole && q.scope === 'agency' ? a.agencyId : undefined,
        sort: q.sort,
        after: q.after,
        limit: q.limit,
      });
      const last = items.length === q.limit ? items[items.length - 1] : undefined;
      const next = last ? (q.sort === 'step_due' ? store.stepDueCursor(last) : last.id) : null;
      const names = await procedureVersionNames(
        db,
        items.map((i) => i.procedureVersionId),
      );
      return {
        items: items.map((i) => ({
          ...ownStep(i, a),
          procedureName: names.get(i.procedureVersionId) ?? null,
        })),
        next,
      };
    },
  );

  app.get(
    '/api/records',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['records'],
        summary:
          'Search records of my agency (all, for monitors and admins) by code (any case, spaces or dashes), applicant name (without diacritics), personal ID or phone',
        querystring: z.object({
          q: z.string().trim().min(2).max(200),
          limit: z.coerce.number().int().min(1).max(100).default(20),
        }),
        response: { 200: SearchResults, ...listProblems },
      },
    },
    async (req) => {
      const { q, limit } = req.query;
      const a = req.actor!;
      const agencyId = a.roles.includes('monitor') ? undefined : a.agencyId;
      const phone = normalizePhone(q);
      const code = readTypedRecordCode(q);
      const by = code
        ? { code }
        : /^\d{12}$/.test(q)
          ? { personalId: q }
          : phone.ok
            ? { phone: phone.e164 }
            : { name: tokenize(q) };
      const items = await store.searchRecords(db, { ...by, agencyId, limit });
      return {
        items: items.map((i) => ({ ...i, activeSteps: (i.activeSteps ?? []) as store.ActiveStepView[] })),
      };
    },
  );

  app.get(
    '/api/public/records/:code',
    {
      config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['records'],
        summary:
          "Track a record by its code (any case, with spaces or dashes as typed) or its online submission's reference, and the last 4 digits of the applicant phone or personal ID; a wrong code and a wrong check answer the same 404",
        params: z.object({ code: z.string().min(10).max(60) }),
        querystring: TrackingCheck,
        response: { 200: TrackingView, ...trackingProblems },
      },
    },
    async (req) => presentTracking(await trackRecord(db, req.params.code, req.query.check)),
  );
}
