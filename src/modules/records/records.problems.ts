import type { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from '../../core/errors/index.ts';
import type { ActionName } from '../../core/records/index.ts';
import { ProblemBody, STATUS_BY_KIND } from '../../platform/http/index.ts';

/**
 * The problem responses of a route, for its schema: each code answers the status of its kind (the same table
 * the error handler uses), so a declared status cannot disagree with the one sent. Each status is described
 * with the codes it carries, a note after a code when a client needs one.
 */
export function problemResponses(
  codes: readonly (ErrorCode | readonly [ErrorCode, string])[],
): Record<number, z.ZodType> {
  const byStatus = new Map<number, string[]>();
  for (const entry of codes) {
    const [code, note] = typeof entry === 'string' ? [entry, undefined] : entry;
    const status = STATUS_BY_KIND[ERROR_CODES[code].kind];
    const list = byStatus.get(status) ?? [];
    list.push(note ? `\`${code}\` (${note})` : `\`${code}\``);
    byStatus.set(status, list);
  }
  return Object.fromEntries(
    [...byStatus]
      .sort(([a], [b]) => a - b)
      .map(([status, list]) => [status, ProblemBody.describe(list.join(', '))]),
  );
}

/** Answered by every route that reads the database. */
const ANY: ErrorCode[] = ['system.database_unavailable'];
/** Answered by every route of a signed-in official (the access hook, the Origin check of cookie writes). */
export const OFFICIAL: ErrorCode[] = [
  'auth.unauthenticated',
  'auth.password_change_required',
  'request.cross_origin',
  ...ANY,
];
/** Answered by a portal route on one record (x-applicant-token), rate-limited. */
const PORTAL_RECORD: ErrorCode[] = [
  'applicant.token_expired',
  'record.not_found',
  'request.invalid',
  'request.rate_limited',
  ...ANY,
];
/** Every command on a record: visibility, concurrency, the state machine, the body, the key. */
const COMMAND: (ErrorCode | readonly [ErrorCode, string])[] = [
  ['record.not_found', 'a record the caller may not see, exactly as an unknown id, before the version check'],
  ['record.version_conflict', 'a stale version; params.current'],
  ['record.transition_not_allowed', 'params.status, params.action'],
  ['auth.forbidden', 'not the role or agency the action needs; params.reason'],
  ['request.invalid', 'errors[] names the body field'],
  ['idempotency.key_reused', 'the same key with another request or on another record'],
  'request.payload_too_large',
  [
    'delegation.not_in_force',
    'body.onBehalfOf names a leader with no delegation to the caller in force; params.reason: none, not_started, expired, revoked, other_agency, leader_inactive',
  ],
];

/** A `stepIndex` that names no active step the action can be taken at (parallel branches). */
const STEP_INDEX = [
  'record.invalid_step',
  'params.stepIndex, params.allowed: the active steps it may name',
] as const;

/** What each command may refuse besides {@link COMMAND} (src/core/records/check-action.ts and decide-*). */
const BY_ACTION: Partial<Record<ActionName, (ErrorCode | readonly [ErrorCode, string])[]>> = {
  receive: [
    'record.outside_reception_scope',
    'agency.not_found',
    'record.channel_not_offered',
    ['record.procedure_not_configured', 'params.missing: the time limit or process'],
    ['record.competent_agency_unresolved', 'params.reason, params.field'],
    'record.checklist_incomplete',
    'record.checklist_unknown_document',
    'record.invalid_return_point',
    ['record.fee_category_unknown', 'errors[] names body.fees.categories.<i>; params.known'],
  ],
  request_payment: [['record.payment_nothing_due', 'no items given and nothing computed is due']],
  request_completion: ['record.completion_already_requested'],
  forward: [
    'record.not_assigned',
    ['record.assignee_not_eligible', 'errors[] names body.assigneeId'],
    STEP_INDEX,
  ],
  send_back: [
    'record.not_assigned',
    ['record.assignee_not_eligible', 'errors[] names body.assigneeId'],
    [
      'record.invalid_step',
      'params.allowed: the steps a send-back may go to, or the active steps for stepIndex',
    ],
  ],
  assign: [
    'record.already_assigned',
    ['record.assignee_not_eligible', 'errors[] names body.assigneeId'],
    STEP_INDEX,
  ],
  reassign: [
    'record.already_assigned',
    ['record.assignee_not_eligible', 'errors[] names body.assigneeId'],
    STEP_INDEX,
  ],
  request_supplement: [
    'record.not_assigned',
    'record.supplement_already_requested',
    'record.supplement_window_passed',
    STEP_INDEX,
  ],
  approve: ['record.not_assigned', STEP_INDEX],
  reject: ['record.not_assigned', STEP_INDEX],
  return_result: [STEP_INDEX],
  retry_transfer: ['record.not_assigned'],
  extend: ['record.extension_already_used', 'record.extension_too_late', 'record.extension_date_invalid'],
};

/** An official's command on a record (POST /api/records/:id/<action>). */
export function commandProblems(action: ActionName) {
  return problemResponses([...OFFICIAL, ...COMMAND, ...(BY_ACTION[action] ?? [])]);
}

/** Counter reception: opening a record and receiving, refusing or sending it back (POST /api/records). */
export const openingProblems = problemResponses([
  ...OFFICIAL,
  ['auth.forbidden', 'not a reception officer'],
  ['request.invalid', 'errors[] names the body field'],
  ['idempotency.key_reused', 'the signed-in official’s key with another body'],
  'request.payload_too_large',
  ['procedure.not_found', 'an unknown opening.procedureVersionId'],
  ['procedure.version_not_in_force', 'params.inForce: the version id to use'],
  ...(BY_ACTION.receive ?? []),
]);

/** Online submission (POST /api/public/records). */
export const submissionProblems = problemResponses([
  ['request.invalid', 'errors[] names the body field'],
  ['idempotency.key_reused', 'the same key with another request'],
  'request.payload_too_large',
  'request.rate_limited',
  ['procedure.not_found', 'an unknown procedureVersionId'],
  ['procedure.version_not_in_force', 'params.inForce: the version id to use'],
  [
    'procedure.not_receivable',
    'cannot be received online now (params.reason, reason_vi, reason_en; catalogue readiness); nothing is written',
  ],
  'record.channel_not_offered',
  ...ANY,
]);

/** The applicant's action on their own record (POST /api/public/records/:id/<action>). */
export function applicantProblems(action: 'submit' | 'supplement' | 'withdraw') {
  return problemResponses([
    ...PORTAL_RECORD,
    ['record.version_conflict', 'a stale version; params.current'],
    'record.transition_not_allowed',
    'idempotency.key_reused',
    ...(action === 'submit'
      ? [
          [
            'procedure.not_receivable',
            'a draft’s procedure cannot be received online now; nothing is written',
          ] as const,
        ]
      : []),
  ]);
}

/**
 * What every portal route on one record (`/api/public/records/:id…`, in any module) declares besides its own:
 * the preHandler of records.routes.ts refuses an expired applicant token there before the route runs.
 */
export const applicantTokenProblems = problemResponses([
  ['applicant.token_expired', 'MOTCUA_APPLICANT_TOKEN_DAYS after the record last changed'],
]);

/** The portal's rating (POST /api/public/records/:id/rating) and own-record view (GET …/mine). */
export const portalRecordProblems = problemResponses(PORTAL_RECORD);
export const ratingProblems = problemResponses([...PORTAL_RECORD, 'rating.not_allowed']);

/** An official's read of one record (GET /api/records/:id, …/timeline, …/assignees). */
export const recordReadProblems = problemResponses([
  ...OFFICIAL.filter((c) => c !== 'request.cross_origin'),
  ['record.not_found', 'a record the caller may not see, exactly as an unknown id'],
  ['request.invalid', 'params.id or the query'],
]);

/** An official's list (GET /api/worklists, GET /api/records). */
export const listProblems = problemResponses([
  ...OFFICIAL.filter((c) => c !== 'request.cross_origin'),
  ['request.invalid', 'errors[] names the query field'],
]);

/** The worklists (GET /api/worklists): a list, and a leader's lists for their delegate. */
export const worklistProblems = problemResponses([
  ...OFFICIAL.filter((c) => c !== 'request.cross_origin'),
  ['request.invalid', 'errors[] names the query field'],
  [
    'delegation.not_in_force',
    'query.onBehalfOf names a leader with no delegation to the caller in force; params.reason',
  ],
]);

/** Tracking by code (GET /api/public/records/:code): a wrong code and a wrong check answer the same 404. */
export const trackingProblems = problemResponses([
  ['record.not_found', 'an unknown code or a wrong check, alike'],
  ['request.invalid', 'params.code or query.check'],
  'request.rate_limited',
  ...ANY,
]);
