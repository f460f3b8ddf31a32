import { describe, expect, it } from 'vitest';
import { actionForms, commandForm, forwardTargets } from './action-forms.ts';
import { sendBackTargets } from './check-action.ts';
import { ACTION_NAMES } from './commands.ts';
import type { RecordState } from './record-state.ts';
import { context, landRecord, staff, vn } from './test-fixtures.ts';

const later = context(vn('2026-03-03', '11:00'));
const T = vn('2026-03-03', '10:30').toISOString();
const byAction = (state: RecordState, actor: (typeof staff)[keyof typeof staff]) =>
  new Map(actionForms(state, actor, later).map((f) => [f.action, f]));

describe('commandForm: every command described by its schema', () => {
  it.each(ACTION_NAMES)('%s: a JSON Schema without `type`, and a field for each property it can ask', (a) => {
    const { schema, fields } = commandForm(a);
    const props = schema.properties as Record<string, unknown>;
    expect(schema.type).toBe('object');
    expect(props).not.toHaveProperty('type');
    expect(schema.required).not.toContain('type');
    for (const f of fields) expect(Object.keys(props)).toContain(f.name);
    for (const f of fields) expect(f.label.vi.length).toBeGreaterThan(0);
  });

  it('names what a schema cannot say: officials, documents, dates, lists of reasons, earlier steps', () => {
    const widget = (a: Parameters<typeof commandForm>[0]) =>
      Object.fromEntries(commandForm(a).fields.map((f) => [f.name, [f.widget, f.required]]));
    expect(widget('forward')).toEqual({ assigneeId: ['official', false], note: ['long_text', false] });
    expect(widget('request_supplement')).toEqual({
      reasons: ['lines', true],
      missingDocuments: ['documents', false],
    });
    expect(widget('send_back')).toMatchObject({
      toStep: ['earlier_step', true],
      reason: ['long_text', true],
    });
    expect(widget('extend')).toEqual({ newDueDate: ['date', true], reason: ['long_text', true] });
    expect(widget('assign')).toEqual({ assigneeId: ['official', true] });
    // The counter's opening and the return point are not asked in the workspace form.
    expect(widget('receive')).toEqual({ checklist: ['checklist', false], sets: ['number', false] });
  });

  it('describes enums with their Vietnamese names and defaults, and lists of objects with their fields', () => {
    const paid = commandForm('confirm_payment').fields.find((f) => f.name === 'paidVia')!;
    expect(paid).toMatchObject({ widget: 'enum', initial: 'cash' });
    expect(paid.options).toContainEqual({
      value: 'bank_transfer',
      label: { vi: 'Chuyển khoản', en: 'Bank transfer' },
    });
    const result = commandForm('issue_result').fields[0]!;
    expect(result).toMatchObject({ name: 'documents', widget: 'items', required: true });
    expect(result.items?.map((f) => [f.name, f.label.vi, f.required])).toEqual([
      ['name', 'Tên kết quả', true],
      ['number', 'Số, ký hiệu', false],
    ]);
  });
});

describe('actionForms: the actions of this actor now, with their step', () => {
  it('follows the state and the actor', () => {
    const received = landRecord.received();
    const reception = byAction(received, staff.ninhKieuReception);
    expect(reception.get('forward')?.step).toMatchObject({ stepIndex: 0, agencyId: '31135-ttpvhcc' });
    expect(reception.has('approve')).toBe(false);
    expect(byAction(received, staff.caiKheSpecialist).size).toBe(0);

    const atApproval = landRecord.atApproval();
    const leader = byAction(atApproval, staff.caiKheLeader);
    expect([...leader.keys()]).toEqual(expect.arrayContaining(['send_back', 'approve', 'reject']));
    expect(leader.get('approve')?.step?.stepIndex).toBe(2);
    expect(leader.get('extend')?.step).toBeNull();
    // Back to the appraisal step only (not the reception step).
    const toStep = leader.get('send_back')!.fields.find((f) => f.name === 'toStep')!;
    expect(toStep.options?.map((o) => o.value)).toEqual([1]);
    expect(byAction(atApproval, staff.ninhKieuReception).has('forward')).toBe(false);
  });

  it('offers a step action once per active step the actor may take it at (parallel branches)', () => {
    const base = landRecord.atAppraisal();
    // A split after step 1: steps 2 and 3 both wait for it; step 4 joins them.
    const steps = [
      base.steps[0]!,
      base.steps[1]!,
      { ...base.steps[1]!, key: 'land_office', after: [1], assigneeId: 'ck-specialist' },
      { ...base.steps[1]!, key: 'tax_office', after: [1], assigneeId: 'ck-specialist-2' },
      { ...base.steps[2]!, after: [2, 3] },
      { ...base.steps[3]!, after: [4] },
    ];
    const parallel: RecordState = { ...base, steps, currentStep: 2, activeSteps: [2, 3] };
    // Each branch's forward ends it; the join starts once both are done.
    expect(forwardTargets(parallel, 2)).toEqual([]);
    expect(
      forwardTargets(
        {
          ...parallel,
          activeSteps: [2],
          steps: steps.map((x, i) => (i === 3 ? { ...x, finishedAt: T } : x)),
        },
        2,
      ),
    ).toEqual([4]);
    expect(sendBackTargets(parallel, 4)).toEqual([1, 2, 3]);
    const forwards = actionForms(parallel, staff.caiKheSpecialist, later).filter(
      (f) => f.action === 'forward',
    );
    expect(forwards.map((f) => f.step?.key)).toEqual(['land_office']);
    const leaderAssigns = actionForms(parallel, staff.caiKheLeader, later).filter(
      (f) => f.action === 'reassign',
    );
    expect(leaderAssigns.map((f) => f.step?.stepIndex)).toEqual([2, 3]);
  });
});
