import { z } from 'zod';
import { CompetentAgencyRule } from './procedure-draft.ts';

/**
 * The open process model (quy trình nội bộ, liên thông): a procedure version has a process of steps; each
 * step has a key, names, a role, an agency rule, a time budget in office hours and what it produces. Steps
 * run in sequence unless `after` says otherwise: a step with several successors splits into parallel
 * branches, a step with several predecessors joins them (it starts once all of them are done).
 *
 * Processes stored before the open model (four steps keyed reception / appraisal / approval / return,
 * without `kind`, `agency` or `after`) parse unchanged; {@link normalizeProcess} fills in what they imply.
 */

/** Who performs a step of the internal process. */
export const ProcessRole = z.enum(['reception', 'specialist', 'leader']);
export type ProcessRole = z.infer<typeof ProcessRole>;

/**
 * What a step is for, which decides the actions taken at it: `reception` (the first step: the one-stop
 * unit receives and hands over), `work` (appraisal, verification, an inter-agency contribution: forward,
 * send back, ask for a supplement), `decision` (the leader approves or refuses; the result is issued from
 * it) and `return` (the last step: the result is returned).
 */
export const StepKind = z.enum(['reception', 'work', 'decision', 'return']);
export type StepKind = z.infer<typeof StepKind>;

/**
 * Which agency holds a step, resolved once at reception for the record:
 * - `receiving`: the one-stop unit that received the record;
 * - `competent`: the competent agency of the procedure (the record is counted once, by it);
 * - `return_point`: the counter the applicant chose for the result, else the receiving unit;
 * - `rule`: any agency the routing rules can name from the applicant's facts (a sector body by key with
 *   `named_agency`, the body serving a commune with `vertical_agency` + `servedBy`, a commune's People's
 *   Committee or police with the commune rules...). Resolved like the competent-agency rule.
 */
export const StepAgencyRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('receiving') }),
  z.object({ kind: z.literal('competent') }),
  z.object({ kind: z.literal('return_point') }),
  z.object({ kind: z.literal('rule'), rule: CompetentAgencyRule }),
]);
export type StepAgencyRule = z.infer<typeof StepAgencyRule>;

/** A step key: lower-case ASCII, digits and underscores, starting with a letter (e.g. `land_office`). */
export const StepKey = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/);

/** One step of a procedure's internal process with its share of the legal time limit. */
export const ProcessStep = z.object({
  key: StepKey,
  name_vi: z.string().trim().min(1).max(300),
  name_en: z.string().trim().min(1).max(300),
  role: ProcessRole,
  /** Absent on processes stored before the open model: see {@link normalizeProcess}. */
  kind: StepKind.optional(),
  /** Absent: as before the open model (reception and return at the one-stop units, the rest competent). */
  agency: StepAgencyRule.optional(),
  /** Keys of the steps this one waits for; absent: the step before it in the list ([] for the first). */
  after: z.array(StepKey).max(60).optional(),
  /** Office hours, a multiple of 0.25. */
  budgetWorkingHours: z.number().nonnegative(),
  /** What the step produces (a document, a notice, a data transfer), as shown on the process and slips. */
  produces: z.array(z.string().trim().min(1).max(300)).max(20).optional(),
});
export type ProcessStep = z.infer<typeof ProcessStep>;

/** A process step with everything {@link normalizeProcess} fills in. */
export type NormalizedStep = ProcessStep & {
  readonly kind: StepKind;
  readonly agency: StepAgencyRule;
  readonly after: readonly string[];
};

/** The kind a step had before the open model: first reception, last return, the one before it decision. */
function impliedKind(index: number, length: number): StepKind {
  if (index === 0) return 'reception';
  if (index === length - 1) return 'return';
  if (index === length - 2) return 'decision';
  return 'work';
}

/** The agency a step had before the open model: reception at the receiving unit, return at the return point. */
function impliedAgency(kind: StepKind, role: ProcessRole): StepAgencyRule {
  if (kind === 'reception') return { kind: 'receiving' };
  if (kind === 'return') return { kind: 'return_point' };
  return role === 'reception' ? { kind: 'receiving' } : { kind: 'competent' };
}

/**
 * The process with `kind`, `agency` and `after` filled in as a process stored before the open model meant
 * them: kinds by position, agencies by role, each step after the one before it. Steps that have them keep
 * theirs. Pure; never throws (validation is `validateProcess`'s business).
 */
export function normalizeProcess(process: readonly ProcessStep[]): NormalizedStep[] {
  return process.map((step, i) => {
    const kind = step.kind ?? impliedKind(i, process.length);
    const previous = process[i - 1];
    return {
      ...step,
      kind,
      agency: step.agency ?? impliedAgency(kind, step.role),
      after: step.after ?? (previous ? [previous.key] : []),
    };
  });
}
