import { z } from 'zod';
import { IsoDate } from '../core/calendar/index.ts';
import { ChannelKind } from '../core/catalog/index.ts';
import { ActionField, ActionForm, ActionStep } from '../core/records/action-forms.ts';
import {
  Deadline,
  PaidVia,
  PaymentItem,
  PaymentResumeStatus,
  RecordCommand,
  RecordEvent,
  RecordState,
  RecordStatus,
} from '../core/records/index.ts';
import { Instant } from './common.ts';

/**
 * What the record routes answer (issue 16 item 7), built from the core's own schemas of a record
 * (RecordState) and its events (RecordEvent). The core's input schemas normalise what a client types
 * (a phone to E.164, a personal ID without spaces) and check it; an answer is already normalised, so the
 * few members the core transforms are described here by their stored form.
 */

/** Who applies, as stored (the core's ApplicantData normalises and checks these on the way in). */
const Representative = z.object({
  fullName: z.string(),
  personalId: z.string().optional(),
  phone: z.string().optional().describe('E.164 (+84…)'),
  email: z.string().optional(),
  address: z.string().optional(),
  authorization: z.string(),
});
export const ApplicantView = z.object({
  kind: z.enum(['citizen', 'organization']),
  fullName: z.string(),
  personalId: z.string().optional(),
  birthDate: IsoDate.optional(),
  sex: z.enum(['male', 'female']).optional(),
  taxCode: z.string().optional(),
  phone: z.string().optional().describe('E.164 (+84…)'),
  email: z.string().optional(),
  address: z.string().optional(),
  representative: Representative.optional(),
});

/** How a payment was made; null or absent on confirmations before issue 13. */
const PaidViaView = PaidVia.nullable().optional();

export const PaymentView = z
  .object({
    requestedAt: z.string(),
    items: z.array(PaymentItem),
    totalVnd: z.number().int().nonnegative(),
    resumeStatus: PaymentResumeStatus,
    confirmedAt: z.string().nullable(),
    reference: z.string().nullable(),
    paidVia: PaidViaView,
  })
  .nullable();

/** An action the caller may take now (a command's `type`; its route is `/api/records/:id/<type with dashes>`). */
export const ActionName = z.enum(
  RecordCommand.options.map((o) => o.shape.type.value) as [
    z.output<typeof RecordCommand>['type'],
    ...z.output<typeof RecordCommand>['type'][],
  ],
);

/** A JSON value (a default in a JSON Schema is one). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export const JsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(JsonValue),
    z.record(z.string(), JsonValue),
  ]),
);

/** A node of a command's JSON Schema (draft 2020-12): the keywords z.toJSONSchema writes for our commands. */
export interface CommandSchemaNode {
  $schema?: string;
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'null';
  description?: string;
  properties?: Record<string, CommandSchemaNode>;
  required?: string[];
  items?: CommandSchemaNode;
  oneOf?: CommandSchemaNode[];
  enum?: (string | number | boolean | null)[];
  const?: string | number | boolean | null;
  default?: JsonValue;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  additionalProperties?: boolean;
}

/**
 * The JSON Schema of an action's command body (GET /api/records/:id/actions `schema`). Strict: a keyword a
 * new command brings that is not named here fails the answer (500) in the API tests instead of being
 * silently dropped from the form (test/contract/contract.test.ts checks every command's schema).
 */
export const CommandSchemaNode: z.ZodType<CommandSchemaNode> = z.lazy(() =>
  z.strictObject({
    $schema: z.string().optional(),
    type: z.enum(['string', 'number', 'integer', 'boolean', 'array', 'object', 'null']).optional(),
    description: z.string().optional(),
    properties: z.record(z.string(), CommandSchemaNode).optional(),
    required: z.array(z.string()).optional(),
    items: CommandSchemaNode.optional(),
    oneOf: z.array(CommandSchemaNode).optional(),
    enum: z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
    const: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
    default: JsonValue.optional(),
    format: z.string().optional(),
    pattern: z.string().optional(),
    minLength: z.number().optional(),
    maxLength: z.number().optional(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    minItems: z.number().optional(),
    maxItems: z.number().optional(),
    additionalProperties: z.boolean().optional(),
  }),
);

// Recursive schemas are documented once, as components of the OpenAPI document (`#/components/schemas/<id>`),
// and referenced: without an id, zod would reference a definition the document does not hold.
z.globalRegistry.add(JsonValue, { id: 'JsonValue' });
z.globalRegistry.add(CommandSchemaNode, { id: 'CommandSchemaNode' });
z.globalRegistry.add(ActionField, { id: 'ActionField' });

/** One action the caller may take now, with its form. */
export const ActionFormView = ActionForm.extend({
  step: ActionStep.extend({ agencyName: z.string().nullable() })
    .nullable()
    .describe(
      'the step the action applies to (send its stepIndex in the body when the schema has one); null for an action on the record as a whole',
    ),
  schema: CommandSchemaNode.describe(
    'JSON Schema (draft 2020-12) of the command body, without `type` and `version`',
  ),
  onBehalfOf: z
    .object({ userId: z.string(), displayName: z.string() })
    .nullable()
    .describe(
      'the leader the caller may take this action for, under a delegation in force (send onBehalfOf = userId in the body); null for the caller’s own action',
    ),
});

/** GET /api/records/:id/actions */
export const ActionForms = z.object({
  version: z.number().int().positive().describe("the record's version, to send with the command"),
  items: z.array(ActionFormView),
});

/** A record as the core projects it from its events. */
export const RecordStateView = RecordState.extend({ applicant: ApplicantView, payment: PaymentView });

/** A record with the actions the caller may take now (GET /api/records/:id, every command's `record`). */
export const RecordView = RecordStateView.extend({ availableActions: z.array(ActionName) });

/** One event of a record, as the core defines it (`type` tells which). */
export const RecordEventView = z.discriminatedUnion(
  'type',
  RecordEvent.options.map((o) => {
    const shape = o.shape as Record<string, z.ZodType>;
    if ('applicant' in shape) return o.extend({ applicant: ApplicantView });
    if ('paidVia' in shape) return o.extend({ paidVia: PaidViaView });
    return o;
  }) as unknown as typeof RecordEvent.options,
);

/** What a command answers: the record after it and the events it appended. */
export const CommandResponse = z.object({ record: RecordView, events: z.array(RecordEventView) });

/** An online submission's answer: the command's, with the applicant's token (given once). */
export const SubmissionResponse = CommandResponse.extend({
  applicantToken: z.string().describe('Header x-applicant-token of the later portal calls on this record'),
});

export const RatingView = z.object({
  score: z.number(),
  comment: z.string().nullable(),
  ratedAt: z.string(),
});

/** The applicant's own record (GET /api/public/records/:id/mine). */
export const MyRecordView = z.object({
  id: z.string(),
  version: z.number().int(),
  code: z.string().nullable(),
  reference: z.string().nullable().describe("An online submission's reference"),
  status: RecordStatus,
  nationalStatusName: z.string().nullable(),
  procedureCode: z.string(),
  submittedAt: z.string().nullable(),
  receivedAt: z.string().nullable(),
  appointment: Deadline.nullable(),
  completionRequest: RecordState.shape.completionRequest,
  supplement: RecordState.shape.supplement,
  closure: RecordState.shape.closure,
  availableActions: z.array(ActionName),
  rating: RatingView.nullable(),
});

/** One event of a record's history, with who did it (the official's and their agency's names). */
export const TimelineEvent = z.object({
  seq: z.number(),
  type: z.string(),
  payload: z.unknown().describe('The event as the core defines it (RecordEvent of that type)'),
  actorId: z.string().nullable(),
  actorName: z.string().nullable().describe('The official who did it; null for the applicant or the system'),
  onBehalfOf: z.string().nullable().describe('The leader the official (a delegate) acted for, when any'),
  onBehalfOfName: z.string().nullable().describe('That leader’s name'),
  agencyId: z.string().nullable(),
  agencyName: z.string().nullable(),
  requestId: z.string().nullable(),
  occurredAt: Instant,
});

export const TimelineView = z.object({
  events: z.array(TimelineEvent),
  steps: RecordState.shape.stepHistory,
});

/** An active step as worklists show it (records.active_steps). */
export const ActiveStepView = z.object({
  stepIndex: z.number().int(),
  key: z.string(),
  agencyId: z.string(),
  role: z.string(),
  assigneeId: z.string().nullable(),
  dueAt: z.string().nullable(),
});

const DeadlineFlag = z.enum(['none', 'due_soon', 'overdue']);

/** A record in a list (search, worklists): the `records` row's summary columns. */
export const RecordSummary = z.object({
  id: z.string(),
  code: z.string().nullable(),
  status: z.string(),
  nationalStatus: z.number().nullable(),
  procedureCode: z.string(),
  channel: ChannelKind,
  receivingAgencyId: z.string().nullable(),
  competentAgencyId: z.string().nullable(),
  applicantName: z.string(),
  receivedAt: Instant.nullable(),
  dueAt: Instant.nullable(),
  currentStep: z.string().nullable(),
  currentAssigneeId: z.string().nullable(),
  currentStepDueAt: Instant.nullable(),
  deadlineFlag: DeadlineFlag,
  stepDeadlineFlag: DeadlineFlag,
  version: z.number().int(),
  procedureVersionId: z.string(),
  activeSteps: z.array(ActiveStepView),
  transferFailedAt: Instant.nullable(),
});

export const SearchResults = z.object({ items: z.array(RecordSummary) });

export const WorklistItem = RecordSummary.extend({
  procedureName: z.string().nullable().describe('the name of the procedure version the record follows'),
});

export const Worklist = z.object({
  items: z.array(WorklistItem),
  next: z.string().nullable().describe('The `after` of the next page; null on the last'),
});

/** The answer of public tracking (presentTracking). */
export const TrackingView = z.object({
  code: z.string().nullable().describe('The record code, given at reception'),
  reference: z.string().nullable().describe("An online submission's reference, printed on its receipt"),
  procedureCode: z.string(),
  status: z.string(),
  nationalStatus: z.number().nullable(),
  nationalStatusName: z.string().nullable(),
  submittedAt: z.string().nullable(),
  receivedAt: z.string().nullable(),
  appointment: Deadline.nullable(),
  steps: z.array(
    z.object({
      step: z.string(),
      startedAt: z.string(),
      dueAt: z.string(),
      finishedAt: z.string(),
      timing: z.string(),
    }),
  ),
  reasons: z.object({
    completion: z.array(z.string()),
    supplement: z.array(z.string()),
    extension: z.string().nullable(),
  }),
  deliveredAt: z.string().nullable(),
  fees: z
    .object({
      totalVnd: z.number().int().nonnegative(),
      lines: z.array(
        z.object({
          name: z.string(),
          quantity: z.number().int(),
          unit: z.string(),
          amountVnd: z.number().int().nonnegative(),
          exempted: z.boolean(),
          reduced: z.boolean(),
          legalBasis: z.string().nullable(),
        }),
      ),
    })
    .nullable()
    .describe('the fees computed at reception (docs/FEES.md), null when none'),
  payment: z
    .object({
      totalVnd: z.number().int().nonnegative(),
      items: z.array(PaymentItem),
      requestedAt: z.string(),
      confirmedAt: z.string().nullable(),
    })
    .nullable()
    .describe(
      'the payment asked for (national status 6); pay by VietQR: GET /api/public/records/{code}/payment-qr',
    ),
});
