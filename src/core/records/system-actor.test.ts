import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import { checkAction } from './check-action.ts';
import type { RecordState } from './record-state.ts';
import { act, context, landRecord, staff, vn } from './test-fixtures.ts';

/** What an integration acting as the system actor may do (issue 16): Vietnam Post returns what it delivered. */
const post: Actor = { kind: 'system', integration: 'post' };
const civilStatus: Actor = { kind: 'system', integration: 'civil-status' };
const later = context(vn('2026-03-10', '09:00'));

function resultReady(returnPoint: RecordState['returnPoint']): RecordState {
  const ready = act(
    landRecord.approved(),
    { type: 'issue_result', documents: [{ name: 'GCN' }] },
    staff.caiKheSpecialist,
    later,
  ).state;
  return { ...ready, returnPoint };
}

describe('the system actor', () => {
  it('post may return a result the applicant asked to get by post, and it is written as system:post', () => {
    const state = resultReady({ kind: 'post', address: '12 Đường 30/4, Ninh Kiều' });
    expect(checkAction('return_result', state, post)).toBeUndefined();
    const done = act(
      state,
      { type: 'return_result', method: 'post', trackingNumber: 'EL123456785VN' },
      post,
      later,
    );
    expect(done.state.status).toBe('delivered');
    expect(done.events.at(-1)).toMatchObject({ by: { kind: 'system', integration: 'post' }, method: 'post' });
  });

  it('post may not return a result collected at the counter, nor take any other action', () => {
    const counter = resultReady(landRecord.approved().returnPoint);
    expect(checkAction('return_result', counter, post)).toMatchObject({ code: 'auth.forbidden' });
    const byPost = resultReady({ kind: 'post', address: 'x' });
    expect(checkAction('withdraw', byPost, post)).toBeDefined();
    expect(checkAction('forward', landRecord.received(), post)).toBeDefined();
  });

  it('civil-status may take no record action (its results are attached beside the record)', () => {
    const state = resultReady({ kind: 'post', address: 'x' });
    expect(checkAction('return_result', state, civilStatus)).toMatchObject({ code: 'auth.forbidden' });
    expect(checkAction('issue_result', landRecord.approved(), civilStatus)).toBeDefined();
  });
});
