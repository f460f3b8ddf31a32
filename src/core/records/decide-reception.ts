import { usableProcess } from '../catalog/default-process.ts';
import { type NormalizedStep, normalizeProcess } from '../catalog/process.ts';
import { predecessors } from '../catalog/process-graph.ts';
import { computeFees } from '../fees/compute-fees.ts';
import { DEFAULT_FEE_CATEGORIES, type FeeAssessment } from '../fees/fee-line.ts';
import { normalizeSearchText } from '../vn/index.ts';
import { type Actor, authorityOf } from './actor.ts';
import type { CommandOf, RecordOpening } from './commands.ts';
import { acknowledgeDueAt, appointmentAt, cutoffApplies, stepDueAt, vnDateOf } from './deadlines.ts';
import type { DecideAgency, DecideContext, ProcedureFacts, RecordPolicy } from './decide-context.ts';
import { resolvePolicy } from './decide-context.ts';
import {
  type ActionHandler,
  accept,
  type Decision,
  missing,
  type OpeningHandler,
  refuse,
  stamp,
} from './decision.ts';
import type { RecordEvent } from './events.ts';
import { evolve } from './evolve.ts';
import { formatRecordCode } from './record-code.ts';
import { type RecordResult, recordError } from './record-error-codes.ts';
import type { ChecklistItem, RecordState, ReturnPoint } from './record-state.ts';
import { canReceive, competentAgency, isOneStopUnit } from './routing.ts';

function procedureFor(ctx: DecideContext, versionId: string): ProcedureFacts | Decision {
  if (!ctx.procedure) return missing('procedure');
  if (ctx.procedure.versionId !== versionId) {
    return refuse(
      recordError('system.internal', {
        reason: 'procedure version mismatch',
        expected: versionId,
        given: ctx.procedure.versionId,
      }),
    );
  }
  return ctx.procedure;
}

const isDecision = (x: object): x is Decision => 'ok' in x;

/**
 * The record the counter works on: the existing one, or one opened now from `opening` (a walk-in or
 * postal dossier), with the `created` event that opens it.
 */
function openAtCounter(
  state: RecordState | null,
  opening: RecordOpening | undefined,
  actor: Actor,
  ctx: DecideContext,
): { record: RecordState; events: RecordEvent[] } | Decision {
  const invalid = (message: string) =>
    refuse({ code: 'request.invalid', params: {}, issues: [{ path: 'opening', code: 'custom', message }] });
  if (state) {
    return opening
      ? invalid('The record already exists; leave out "opening"')
      : { record: state, events: [] };
  }
  if (!opening) return invalid('Give "opening" to receive or refuse a dossier at the counter');
  if (actor.kind !== 'official') throw new RangeError('checkAction lets only officials open a record');
  if (!ctx.newRecordId) return missing('newRecordId');
  const procedure = procedureFor(ctx, opening.procedureVersionId);
  if (isDecision(procedure)) return procedure;
  const created: RecordEvent = {
    type: 'created',
    ...stamp(actor, ctx),
    recordId: ctx.newRecordId,
    procedureVersionId: opening.procedureVersionId,
    procedureCode: procedure.code,
    channel: opening.channel,
    applicant: opening.applicant,
    applicantAccountId: null,
    routing: opening.routing,
    receivingAgencyId: actor.agencyId,
    returnPoint: null,
  };
  return { record: evolve(null, created), events: [created] };
}

/** Opens an online draft at the one-stop unit the applicant chose; errors: record.channel_not_offered. */
export const decideCreateDraft: OpeningHandler<'create_draft'> = (_s, c, actor, ctx) => {
  if (actor.kind === 'official')
    throw new RangeError('checkAction lets only applicants and the portal create drafts');
  if (!ctx.newRecordId) return missing('newRecordId');
  const procedure = procedureFor(ctx, c.procedureVersionId);
  if (isDecision(procedure)) return procedure;
  if (procedure.onlineLevel === 'none') {
    return refuse(
      recordError('record.channel_not_offered', { channel: 'online', procedureCode: procedure.code }),
    );
  }
  return accept({
    type: 'created',
    ...stamp(actor, ctx),
    recordId: ctx.newRecordId,
    procedureVersionId: c.procedureVersionId,
    procedureCode: procedure.code,
    channel: 'online',
    applicant: c.applicant,
    // A record pulled from the national portal has no Motcua applicant account (the applicant acts there).
    applicantAccountId: actor.kind === 'applicant' ? actor.accountId : null,
    routing: c.routing,
    receivingAgencyId: c.receivingAgencyId,
    returnPoint: c.returnPoint ?? null,
  });
};

/**
 * Submits the draft, or resubmits after a completion request (national status 1); reception must answer
 * within 8 office hours (DOMAIN.md §2.2).
 */
export const decideSubmit: ActionHandler<'submit'> = (_s, _c, actor, ctx) =>
  accept({
    type: 'submitted',
    ...stamp(actor, ctx),
    acknowledgeDueAt: acknowledgeDueAt(ctx.calendar, ctx.now).toISOString(),
  });

/** Not received: asks the applicant to complete the dossier (ND61 art. 17), opening it at the counter if needed. */
export const decideRequestCompletion: OpeningHandler<'request_completion'> = (s, c, actor, ctx) => {
  const opened = openAtCounter(s, c.opening, actor, ctx);
  if (isDecision(opened)) return opened;
  return accept(...opened.events, {
    type: 'completion_requested',
    ...stamp(actor, ctx),
    reasons: c.reasons,
    missingDocuments: c.missingDocuments,
  });
};

/** Not received: refuses with reasons (ND61 art. 17), opening the record at the counter if needed. */
export const decideRefuse: OpeningHandler<'refuse'> = (s, c, actor, ctx) => {
  const opened = openAtCounter(s, c.opening, actor, ctx);
  if (isDecision(opened)) return opened;
  return accept(...opened.events, { type: 'refused', ...stamp(actor, ctx), reasons: c.reasons });
};

const NORMALIZED = new WeakMap<readonly string[], ReadonlySet<string>>();

/**
 * The procedure's document names in search form, computed once per loaded list (a busy counter receives the
 * same procedures all day).
 */
function normalizedDocuments(documents: readonly string[]): ReadonlySet<string> {
  let known = NORMALIZED.get(documents);
  if (!known) {
    known = new Set(documents.map(normalizeSearchText));
    NORMALIZED.set(documents, known);
  }
  return known;
}

/**
 * Checks the documents against the procedure's list: every item must be a listed document, and every
 * listed item must be provided — otherwise the record is not received but returned for completion (Decree
 * 61/2018 art. 17).
 */
function checkChecklist(
  checklist: readonly ChecklistItem[],
  procedure: ProcedureFacts,
): Decision | undefined {
  const known = normalizedDocuments(procedure.documents);
  const unknown = checklist.find((i) => !known.has(normalizeSearchText(i.document)));
  if (unknown)
    return refuse(recordError('record.checklist_unknown_document', { document: unknown.document }));
  const absent = checklist.filter((i) => !i.provided).map((i) => i.document);
  return absent.length > 0
    ? refuse(recordError('record.checklist_incomplete', { missing: absent }))
    : undefined;
}

/** A counter return point must be a one-stop unit of the city (the applicant's choice, DOMAIN.md §2.7). */
function checkReturnPoint(point: ReturnPoint, agencies: readonly DecideAgency[]): Decision | undefined {
  if (point.kind !== 'counter') return undefined;
  const agency = agencies.find((a) => a.id === point.agencyId);
  return agency && isOneStopUnit(agency)
    ? undefined
    : refuse(recordError('record.invalid_return_point', { agencyId: point.agencyId }));
}

/**
 * The agency that holds step `index` of this record: the receiving unit, the competent agency, the counter
 * the applicant chose for the result (else the receiving unit), or the agency a routing rule names from the
 * record's routing facts (`record.competent_agency_unresolved` naming the step when it names none).
 */
function stepAgency(
  step: NormalizedStep,
  index: number,
  known: { receiving: DecideAgency; competent: DecideAgency; returnAgencyId: string },
  record: RecordState,
  agencies: readonly DecideAgency[],
): RecordResult<string> {
  switch (step.agency.kind) {
    case 'receiving':
      return { ok: true, value: known.receiving.id };
    case 'competent':
      return { ok: true, value: known.competent.id };
    case 'return_point':
      return { ok: true, value: known.returnAgencyId };
    case 'rule': {
      const routed = competentAgency(step.agency.rule, record.routing, agencies, known.receiving);
      if (routed.ok) return { ok: true, value: routed.value.id };
      return {
        ok: false,
        error: {
          ...routed.error,
          params: { ...routed.error.params, stepIndex: index, stepKey: step.key },
          issues: [
            {
              path: `process.${index}.agency`,
              code: 'record.competent_agency_unresolved',
              message: `no agency for step "${step.key}" (${String(routed.error.params.reason)})`,
              messageVi: `không xác định được cơ quan thực hiện bước "${step.name_vi}"`,
            },
          ],
        },
      };
    }
  }
}

/**
 * Receives the record: routes it (competent agency, reception scope of ND118 art. 14), checks the
 * documents and the place of return, gives it its code and appointment, and starts the process at the
 * reception step. Errors: see `decide`.
 */
/**
 * The fees due at reception (docs/FEES.md), or undefined when the procedure has no fee lines; refused with
 * `record.fee_category_unknown` (`body.fees.categories.<i>`) for a category neither the city's list nor the
 * procedure's lines name.
 */
function assessFees(
  procedure: ProcedureFacts,
  channel: RecordState['channel'],
  on: string,
  given: CommandOf<'receive'>['fees'],
  policy: RecordPolicy,
): FeeAssessment | undefined | Decision {
  const lines = procedure.fees?.lines ?? [];
  const categories = given?.categories ?? [];
  const known = new Set<string>([...DEFAULT_FEE_CATEGORIES, ...policy.feeCategories]);
  for (const l of lines) {
    for (const e of l.exemptions) if (e.category) known.add(e.category);
    for (const r of l.reductions ?? []) if (r.category) known.add(r.category);
  }
  const unknown = categories.findIndex((c) => !known.has(c));
  if (unknown >= 0) {
    return refuse({
      ...recordError('record.fee_category_unknown', { category: categories[unknown], known: [...known] }),
      issues: [
        {
          path: `fees.categories.${unknown}`,
          code: 'record.fee_category_unknown',
          message: `unknown category "${categories[unknown]}"; known: ${[...known].join(', ')}`,
          messageVi: `không có đối tượng miễn, giảm "${categories[unknown]}" trong danh mục`,
        },
      ],
    });
  }
  if (!procedure.fees || procedure.fees.source === 'none' || lines.length === 0) return undefined;
  return computeFees(
    lines,
    {
      channel,
      on,
      categories,
      quantities: Object.fromEntries((given?.quantities ?? []).map((q) => [String(q.line), q.quantity])),
    },
    procedure.fees.source,
    policy.feePolicy,
  );
}

export const decideReceive: OpeningHandler<'receive'> = (s, c, actor, ctx) => {
  if (actor.kind !== 'official') throw new RangeError('checkAction lets only officials receive');
  const opened = openAtCounter(s, c.opening, actor, ctx);
  if (isDecision(opened)) return opened;
  const { record } = opened;
  const procedure = procedureFor(ctx, record.procedureVersionId);
  if (isDecision(procedure)) return procedure;
  if (!ctx.agencies) return missing('agencies');
  const receiving = ctx.agencies.find((a) => a.id === actor.agencyId);
  if (!receiving) return refuse(recordError('agency.not_found', { agencyId: actor.agencyId }));

  const routed = competentAgency(procedure.competentAgencyRule, record.routing, ctx.agencies, receiving);
  if (!routed.ok) return refuse(routed.error);
  const competent = routed.value;
  if (!canReceive(procedure.crossBoundary, receiving, competent)) {
    return refuse(
      recordError('record.outside_reception_scope', {
        receivingAgencyId: receiving.id,
        competentAgencyId: competent.id,
        crossBoundary: procedure.crossBoundary,
      }),
    );
  }
  const badChecklist = checkChecklist(c.checklist, procedure);
  if (badChecklist) return badChecklist;
  const returnPoint = c.returnPoint ?? record.returnPoint ?? { kind: 'counter', agencyId: receiving.id };
  const badReturn = checkReturnPoint(returnPoint, ctx.agencies);
  if (badReturn) return badReturn;

  const timeLimit = procedure.timeLimits[record.channel];
  const notConfigured = (what: string) =>
    refuse(
      recordError('record.procedure_not_configured', {
        procedureVersionId: procedure.versionId,
        missing: what,
      }),
    );
  if (!timeLimit) return notConfigured(`timeLimit.${record.channel}`);
  const process = normalizeProcess(procedure.process);
  if (!usableProcess(procedure.process)) return notConfigured('process');
  if (ctx.receptionSequence === undefined) return missing('receptionSequence');

  const policy = resolvePolicy(ctx.policy);
  // The cut-off rule in force now is kept on the record: a restart after a supplement follows it too.
  const cutoffMinutes = cutoffApplies(procedure.code, timeLimit, policy.cutoffProcedures)
    ? ctx.calendar.settings.cutoffMinutes
    : null;
  const due = appointmentAt(ctx.calendar, ctx.now, timeLimit, {
    applyCutoff: cutoffMinutes !== null,
    ...(cutoffMinutes === null ? {} : { cutoffMinutes }),
  });
  const fees = assessFees(procedure, record.channel, vnDateOf(ctx.now), c.fees, resolvePolicy(ctx.policy));
  if (fees && isDecision(fees)) return fees;
  const returnAgencyId = returnPoint.kind === 'counter' ? returnPoint.agencyId : receiving.id;
  const after = predecessors(process);
  const steps = [];
  for (const [i, step] of process.entries()) {
    const agency = stepAgency(step, i, { receiving, competent, returnAgencyId }, record, ctx.agencies);
    if (!agency.ok) return refuse(agency.error);
    steps.push({
      key: step.key,
      role: step.role,
      kind: step.kind,
      after: after[i] ?? [],
      name_vi: step.name_vi,
      name_en: step.name_en,
      agencyId: agency.value,
      budgetWorkingHours: step.budgetWorkingHours,
    });
  }
  return accept(...opened.events, {
    type: 'received',
    ...stamp(actor, ctx),
    code: formatRecordCode(receiving.code, vnDateOf(ctx.now), ctx.receptionSequence),
    receivingAgencyId: receiving.id,
    competentAgencyId: competent.id,
    returnPoint,
    checklist: c.checklist,
    ...(c.sets === undefined ? {} : { sets: c.sets }),
    timeLimit,
    clockRule: policy.clockRule,
    clockStartDate: due.startDate,
    cutoffMinutes,
    appointment: { dueDate: due.dueDate, dueAt: due.dueAt.toISOString() },
    ...(fees ? { fees } : {}),
    steps,
    assigneeId: authorityOf(actor),
    stepDueAt: stepDueAt(ctx.calendar, ctx.now, steps[0]?.budgetWorkingHours ?? 0).toISOString(),
  });
};
