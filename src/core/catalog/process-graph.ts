import type { NormalizedStep } from './process.ts';

/**
 * The step graph of a normalized process (see `normalizeProcess`), by step INDEX: a step's predecessors
 * are the steps its `after` names, its successors the steps that name it. A step with several successors
 * splits the record into parallel branches; a step with several predecessors is a join (it starts once all
 * of them are finished). Pure; never throws: `after` keys that name no step are ignored here (validation
 * reports them), and a duplicated key resolves to its first step.
 */

type GraphStep = Pick<NormalizedStep, 'key' | 'after'>;

function indexByKey(process: readonly GraphStep[]): Map<string, number> {
  const byKey = new Map<string, number>();
  process.forEach((step, i) => {
    if (!byKey.has(step.key)) byKey.set(step.key, i);
  });
  return byKey;
}

/**
 * For each step, the indices of the steps it waits for, in the order its `after` lists them (unknown keys
 * dropped, duplicates once). The reception step has none.
 */
export function predecessors(process: readonly GraphStep[]): number[][] {
  const byKey = indexByKey(process);
  return process.map((step) => {
    const out: number[] = [];
    for (const key of step.after) {
      const i = byKey.get(key);
      if (i !== undefined && !out.includes(i)) out.push(i);
    }
    return out;
  });
}

/** For each step, the indices of the steps that wait for it, ascending. The return step has none. */
export function successors(process: readonly GraphStep[]): number[][] {
  const out: number[][] = process.map(() => []);
  predecessors(process).forEach((preds, i) => {
    for (const p of preds) out[p]?.push(i);
  });
  return out.map((s) => s.sort((a, b) => a - b));
}

/** Whether step `index` joins parallel branches: it waits for more than one step. */
export function isJoin(process: readonly GraphStep[], index: number): boolean {
  return (predecessors(process)[index]?.length ?? 0) > 1;
}

/** Whether step `index` splits into parallel branches: more than one step waits for it. */
export function isSplit(process: readonly GraphStep[], index: number): boolean {
  return (successors(process)[index]?.length ?? 0) > 1;
}

/**
 * The step indices in an order where every step comes after all its predecessors (Kahn's algorithm; among
 * ready steps the lowest index first, so a sequential process keeps its list order), or `null` when the
 * `after` links form a cycle.
 */
export function topologicalOrder(process: readonly GraphStep[]): number[] | null {
  const preds = predecessors(process);
  const succs = successors(process);
  const waiting = preds.map((p) => p.length);
  const ready = waiting.flatMap((w, i) => (w === 0 ? [i] : []));
  const order: number[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => a - b);
    const i = ready.shift() as number;
    order.push(i);
    for (const s of succs[i] ?? []) {
      waiting[s] = (waiting[s] as number) - 1;
      if (waiting[s] === 0) ready.push(s);
    }
  }
  return order.length === process.length ? order : null;
}

/**
 * The steps that start once step `index` is finished, given the steps already finished: each successor
 * all of whose predecessors are finished (counting `index`). An empty list after a finished branch step
 * means its join is still waiting for another branch (or `index` is the return step).
 */
export function stepsStartedBy(
  process: readonly GraphStep[],
  index: number,
  finished: ReadonlySet<number>,
): number[] {
  const preds = predecessors(process);
  return (successors(process)[index] ?? []).filter((s) =>
    (preds[s] ?? []).every((p) => p === index || finished.has(p)),
  );
}
