import { describe, expect, it } from 'vitest';
import { type Actor, actorRef, authorityOf } from './actor.ts';
import { availableActions } from './available-actions.ts';
import { act, attempt, context, landRecord, staff, vn } from './test-fixtures.ts';

/**
 * A delegate acting for a leader (docs/OFFICIALS.md): the decision sees the leader's authority (their roles,
 * their assignments), the event names the delegate with the leader as `onBehalfOf`.
 */

/** At the approval step of phường Cái Khế, assigned to its leader. */
const assignedToLeader = () =>
  act(
    landRecord.atAppraisal(),
    { type: 'forward', assigneeId: 'ck-leader' },
    staff.caiKheSpecialist,
    context(vn('2026-03-03', '10:00')),
  ).state;

const delegate: Actor = {
  kind: 'official',
  userId: 'ck-specialist-2',
  agencyId: '31120-ubnd',
  roles: ['leader'],
  onBehalfOf: 'ck-leader',
};
const at = context(vn('2026-03-04', '09:00'));

describe('an official acting on behalf of a leader', () => {
  it('is compared with step assignments as the leader', () => {
    expect(authorityOf(staff.caiKheLeader)).toBe('ck-leader');
    expect(delegate.kind === 'official' && authorityOf(delegate)).toBe('ck-leader');
    const state = assignedToLeader();
    expect(availableActions(state, delegate, at)).toContain('approve');
    // The same official with the leader's roles but in their own name: the step is not theirs.
    const { onBehalfOf: _, ...ownName } = delegate as Extract<Actor, { kind: 'official' }>;
    const refused = attempt(state, { type: 'approve' }, ownName, at);
    expect(refused.ok ? 'approved' : refused.error.code).toBe('record.not_assigned');
  });

  it('writes the delegate as the author of the event and the leader as onBehalfOf', () => {
    const { events } = act(assignedToLeader(), { type: 'approve' }, delegate, at);
    expect(events[0]?.by).toEqual({
      kind: 'official',
      userId: 'ck-specialist-2',
      agencyId: '31120-ubnd',
      onBehalfOf: 'ck-leader',
    });
    expect(actorRef(staff.caiKheLeader)).toEqual({
      kind: 'official',
      userId: 'ck-leader',
      agencyId: '31120-ubnd',
    });
  });
});
