import { describe, expect, it } from 'vitest';
import { defaultProcess } from './default-process.ts';
import type { ProcessStep, StepKind } from './process.ts';
import {
  isJoin,
  isSplit,
  predecessors,
  stepsStartedBy,
  successors,
  topologicalOrder,
} from './process-graph.ts';
import { criticalPath, structuralIssues, validateProcess } from './process-validate.ts';

const ROLE: Record<StepKind, ProcessStep['role']> = {
  reception: 'reception',
  work: 'specialist',
  decision: 'leader',
  return: 'reception',
};

function step(key: string, kind: StepKind, budget: number, after?: string[]): ProcessStep {
  return {
    key,
    name_vi: key,
    name_en: key,
    role: ROLE[kind],
    kind,
    budgetWorkingHours: budget,
    ...(after ? { after } : {}),
  };
}

/** reception → specialist → (land ‖ tax) → decision → return: 2 + 4 + max(16, 12) + 4 + 2 = 28 h. */
function landAndTax(): ProcessStep[] {
  return [
    step('reception', 'reception', 2),
    step('specialist', 'work', 4),
    step('land', 'work', 16, ['specialist']),
    step('tax', 'work', 12, ['specialist']),
    step('decision', 'decision', 4, ['land', 'tax']),
    step('return', 'return', 2),
  ];
}

const codes = (issues: { path: string; code: string }[]) => issues.map((i) => [i.path, i.code]);
const days = (value: number) => ({ value, unit: 'working_days' as const });

describe('process graph', () => {
  it('links steps by index: a split into two branches and the join waiting for both', () => {
    const p = landAndTax().map((s, i, all) => ({
      ...s,
      after: s.after ?? (i ? [all[i - 1]?.key ?? ''] : []),
    }));
    expect(predecessors(p)).toEqual([[], [0], [1], [1], [2, 3], [4]]);
    expect(successors(p)).toEqual([[1], [2, 3], [4], [4], [5], []]);
    expect(isSplit(p, 1)).toBe(true);
    expect(isJoin(p, 4)).toBe(true);
    expect(isJoin(p, 2)).toBe(false);
    expect(topologicalOrder(p)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(stepsStartedBy(p, 1, new Set([0]))).toEqual([2, 3]);
    expect(stepsStartedBy(p, 2, new Set([0, 1]))).toEqual([]);
    expect(stepsStartedBy(p, 3, new Set([0, 1, 2]))).toEqual([4]);
  });

  it('has no topological order when steps wait for each other', () => {
    const p = [
      { key: 'a', after: [] },
      { key: 'b', after: ['a', 'c'] },
      { key: 'c', after: ['b'] },
    ];
    expect(topologicalOrder(p)).toBeNull();
  });
});

describe('criticalPath', () => {
  it('takes the slowest branch of a parallel split', () => {
    expect(criticalPath(landAndTax())).toEqual({
      totalWorkingHours: 28,
      keys: ['reception', 'specialist', 'land', 'decision', 'return'],
    });
  });

  it('is the sum of the budgets of a sequential process', () => {
    expect(criticalPath(defaultProcess('city', days(15)))?.totalWorkingHours).toBe(120);
  });
});

describe('validateProcess', () => {
  it('accepts the default process and the old stored four steps for their limit', () => {
    expect(validateProcess(defaultProcess('commune', days(3)), days(3))).toEqual([]);
    const old = defaultProcess('city', { value: 4, unit: 'hours' }).map(
      ({ key, name_vi, name_en, role, budgetWorkingHours }) => ({
        key,
        name_vi,
        name_en,
        role,
        budgetWorkingHours,
      }),
    );
    expect(validateProcess(old, { value: 4, unit: 'hours' })).toEqual([]);
  });

  it('accepts parallel branches that join before the decision when the critical path equals the limit', () => {
    expect(validateProcess(landAndTax(), { value: 28, unit: 'working_hours' })).toEqual([]);
  });

  it('refuses a critical path above the limit, naming the total and the limit', () => {
    const [issue] = validateProcess(landAndTax(), days(3));
    expect(issue).toMatchObject({
      path: 'process.2.budgetWorkingHours',
      code: 'budget_over_limit',
      params: {
        total: 28,
        limit: 24,
        criticalPath: ['reception', 'specialist', 'land', 'decision', 'return'],
      },
    });
    expect(issue?.message).toContain('28 h');
    expect(issue?.messageVi).toContain('24 giờ');
  });

  it('refuses a critical path below the limit with the hours left to assign', () => {
    const [issue] = validateProcess(landAndTax(), days(4));
    expect(issue).toMatchObject({ code: 'budget_under_limit', params: { total: 28, limit: 32, left: 4 } });
  });

  it('counts the parallel branch that is not critical for nothing: lengthening it past the other refuses', () => {
    const p = landAndTax();
    p[3] = { ...(p[3] as ProcessStep), budgetWorkingHours: 20 };
    expect(codes(validateProcess(p, { value: 28, unit: 'working_hours' }))).toEqual([
      ['process.3.budgetWorkingHours', 'budget_over_limit'],
    ]);
  });

  it('refuses budgets that are not quarter hours', () => {
    const p = defaultProcess('city', days(1));
    p[1] = { ...(p[1] as ProcessStep), budgetWorkingHours: 5.1 };
    expect(codes(structuralIssues(p))).toEqual([
      ['process.1.budgetWorkingHours', 'budget_not_quarter_hours'],
    ]);
  });

  it('refuses duplicate keys', () => {
    const p = landAndTax();
    p[3] = { ...(p[3] as ProcessStep), key: 'land' };
    expect(codes(structuralIssues(p))).toContainEqual(['process.3.key', 'duplicate_key']);
  });

  it('refuses an `after` naming an unknown step', () => {
    const p = landAndTax();
    p[4] = { ...(p[4] as ProcessStep), after: ['land', 'taxes'] };
    expect(codes(structuralIssues(p))).toContainEqual(['process.4.after', 'unknown_step']);
  });

  it('refuses a cycle', () => {
    const p = landAndTax();
    p[1] = { ...(p[1] as ProcessStep), after: ['reception', 'decision'] };
    expect(codes(structuralIssues(p))).toEqual([['process.1.after', 'cycle']]);
    expect(criticalPath(p)).toBeNull();
  });

  it('refuses a step that cannot be reached from the reception step', () => {
    const p = landAndTax();
    p[3] = { ...(p[3] as ProcessStep), after: [] };
    expect(codes(structuralIssues(p))).toEqual([['process.3.after', 'unreachable']]);
  });

  it('refuses a branch that never joins', () => {
    const p = landAndTax();
    p[4] = { ...(p[4] as ProcessStep), after: ['land'] };
    expect(codes(structuralIssues(p))).toEqual([['process.3.key', 'branch_never_joins']]);
  });

  it('wants the reception step first, done by reception, waiting for nothing', () => {
    const p = landAndTax();
    p[0] = { ...(p[0] as ProcessStep), kind: 'work', role: 'specialist' };
    expect(codes(structuralIssues(p))).toEqual([
      ['process.0.kind', 'reception_not_first'],
      ['process.0.role', 'reception_role'],
    ]);
    const q = landAndTax();
    q[0] = { ...(q[0] as ProcessStep), after: ['return'] };
    expect(codes(structuralIssues(q))).toContainEqual(['process.0.after', 'reception_has_predecessors']);
  });

  it('refuses a second reception step and a return step before the last', () => {
    const p = landAndTax();
    p[1] = { ...(p[1] as ProcessStep), kind: 'reception' };
    p[3] = { ...(p[3] as ProcessStep), kind: 'return' };
    const issues = codes(structuralIssues(p));
    expect(issues).toContainEqual(['process.1.kind', 'extra_reception']);
    expect(issues).toContainEqual(['process.3.kind', 'extra_return']);
  });

  it('wants the return step last', () => {
    const p = landAndTax();
    p[5] = { ...(p[5] as ProcessStep), kind: 'work' };
    expect(codes(structuralIssues(p))).toContainEqual(['process.5.kind', 'return_not_last']);
  });

  it('wants exactly one decision step', () => {
    const none = landAndTax();
    none[4] = { ...(none[4] as ProcessStep), kind: 'work' };
    expect(codes(structuralIssues(none))).toContainEqual(['process', 'decision_missing']);
    const two = landAndTax();
    two[1] = { ...(two[1] as ProcessStep), kind: 'decision' };
    expect(codes(structuralIssues(two))).toContainEqual(['process.1.kind', 'extra_decision']);
  });

  it('wants the return step as the decision’s only successor', () => {
    const p = [
      step('reception', 'reception', 1),
      step('decision', 'decision', 1),
      step('after', 'work', 1, ['decision']),
      step('return', 'return', 1, ['decision', 'after']),
    ];
    expect(codes(structuralIssues(p))).toEqual([
      ['process.2.after', 'after_decision'],
      ['process.3.after', 'decision_bypassed'],
    ]);
  });

  it('refuses a path that reaches the return step without the decision', () => {
    const p = landAndTax();
    p[4] = { ...(p[4] as ProcessStep), after: ['land'] };
    p[5] = { ...(p[5] as ProcessStep), after: ['decision', 'tax'] };
    expect(codes(structuralIssues(p))).toEqual([['process.5.after', 'decision_bypassed']]);
  });

  it('refuses a step after the return step', () => {
    const p = [...landAndTax(), step('late', 'work', 0, ['return'])];
    const issues = codes(structuralIssues(p));
    expect(issues).toContainEqual(['process.6.after', 'return_has_successors']);
    expect(issues).toContainEqual(['process.6.kind', 'return_not_last']);
  });

  it('refuses a process of fewer than three steps', () => {
    expect(codes(structuralIssues([step('reception', 'reception', 1)]))).toEqual([['process', 'empty']]);
  });

  it('refuses an agency rule that does not resolve for some commune, listing the first communes', () => {
    const p = landAndTax();
    p[3] = {
      ...(p[3] as ProcessStep),
      agency: { kind: 'rule', rule: { kind: 'named_agency', agencyKey: '92-thue-co-so', basis: 'test' } },
    };
    const issues = validateProcess(
      p,
      { value: 28, unit: 'working_hours' },
      {
        ruleFailures: (rule) =>
          rule.agencyKey === '92-thue-co-so'
            ? [
                { unitCode: '31117', reason: 'no_agency' },
                { unitCode: '31120', reason: 'no_agency' },
              ]
            : [],
        pathPrefix: 'changes.',
      },
    );
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'changes.process.3.agency',
        code: 'agency_unresolved',
        params: { key: 'tax', reason: 'no_agency', communes: 2, communeCodes: ['31117', '31120'] },
      }),
    ]);
  });
});
