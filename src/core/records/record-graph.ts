import type { StepKind } from '../catalog/index.ts';
import type { RecordState, RecordStep } from './record-state.ts';

/**
 * The step graph of a received record, by step index (the process copied at reception: `after` holds
 * indices). Records received before the open process model have no `kind` or `after` on their steps: the
 * first step is reception, the last return, the one before it the decision, and each step follows the one
 * before it — as `normalizeProcess` reads the old four-step processes. Pure.
 */

type Steps = readonly Pick<RecordStep, 'kind' | 'after'>[];

/** The kind of step `index` (implied by its position on records received before the open model). */
export function stepKind(steps: Steps, index: number): StepKind {
  const own = steps[index]?.kind;
  if (own) return own;
  if (index === 0) return 'reception';
  if (index === steps.length - 1) return 'return';
  if (index === steps.length - 2) return 'decision';
  return 'work';
}

/** The indices step `index` waits for (the step before it on records received before the open model). */
export function stepPredecessors(steps: Steps, index: number): readonly number[] {
  const own = steps[index]?.after;
  if (own) return own;
  return index === 0 ? [] : [index - 1];
}

/** The indices of the steps that wait for step `index`, ascending. */
export function stepSuccessors(steps: Steps, index: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < steps.length; j++) if (stepPredecessors(steps, j).includes(index)) out.push(j);
  return out;
}

/** Every step step `index` comes after, directly or not (its branch back to reception), ascending. */
export function stepAncestors(steps: Steps, index: number): number[] {
  const seen = new Set<number>();
  const stack = [...stepPredecessors(steps, index)];
  while (stack.length > 0) {
    const i = stack.pop() as number;
    if (seen.has(i)) continue;
    seen.add(i);
    stack.push(...stepPredecessors(steps, i));
  }
  return [...seen].sort((a, b) => a - b);
}

/** Every step that comes after step `index`, directly or not, ascending. */
export function stepDescendants(steps: Steps, index: number): number[] {
  const seen = new Set<number>();
  const stack = stepSuccessors(steps, index);
  while (stack.length > 0) {
    const i = stack.pop() as number;
    if (seen.has(i)) continue;
    seen.add(i);
    stack.push(...stepSuccessors(steps, i));
  }
  return [...seen].sort((a, b) => a - b);
}

/**
 * The active steps of a record, ascending: `activeSteps`, or `[currentStep]` on records projected before the
 * open process model.
 */
export function activeStepsOf(s: Pick<RecordState, 'activeSteps' | 'currentStep'>): readonly number[] {
  if (s.activeSteps) return s.activeSteps;
  return s.currentStep === null ? [] : [s.currentStep];
}

/**
 * The steps that start once step `from` is finished: each successor all of whose predecessors are finished
 * (`finished` holds the steps finished before; `from` counts as finished). Empty when `from` ends a branch
 * whose join still waits for another branch.
 */
export function stepsStartedAfter(steps: Steps, from: number, finished: ReadonlySet<number>): number[] {
  return stepSuccessors(steps, from).filter((j) =>
    stepPredecessors(steps, j).every((p) => p === from || finished.has(p)),
  );
}

/**
 * The steps of a record that are finished now: those with `finishedAt`, and on records received before the
 * open process model (no `finishedAt` kept) every step before the lowest active one.
 */
export function finishedSteps(s: Pick<RecordState, 'steps' | 'activeSteps' | 'currentStep'>): Set<number> {
  const out = new Set<number>();
  const active = activeStepsOf(s);
  const lowest = active[0];
  s.steps.forEach((step, i) => {
    if (active.includes(i)) return;
    if (step.finishedAt) out.add(i);
    else if (step.finishedAt === undefined && lowest !== undefined && i < lowest && step.after === undefined)
      out.add(i);
  });
  return out;
}

/**
 * The step the result (or the refusal) goes to from decision step `from`: its successor of kind `return`,
 * else the last step of kind `return`, else the last step.
 */
export function returnStepAfter(steps: Steps, from: number): number {
  const next = stepSuccessors(steps, from).find((j) => stepKind(steps, j) === 'return');
  if (next !== undefined) return next;
  for (let j = steps.length - 1; j >= 0; j--) if (stepKind(steps, j) === 'return') return j;
  return steps.length - 1;
}

/**
 * The steps a forward from active step `from` would start now (several at a split; none when `from` ends a
 * branch whose join still waits): where a named assignee goes (the first), and whose agencies a hand-over
 * checks.
 */
export function forwardTargets(
  s: Pick<RecordState, 'steps' | 'activeSteps' | 'currentStep'>,
  from: number,
): number[] {
  return stepsStartedAfter(s.steps, from, finishedSteps(s));
}
