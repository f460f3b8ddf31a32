import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vnInstant } from '../calendar/index.ts';
import type { Actor } from './actor.ts';
import { availableActions } from './available-actions.ts';
import type { ActionName, RecordCommandInput } from './commands.ts';
import { RecordEvent, type RecordEventType } from './events.ts';
import { evolve, project } from './evolve.ts';
import { type NationalStatusCode, nationalStatus, RecordState } from './record-state.ts';
import {
  applicant,
  attempt,
  CODES,
  calendar,
  citizen,
  context,
  fullChecklist,
  receivedAtNinhKieu,
  staff,
  vn,
} from './test-fixtures.ts';

/** The national status each status-changing event leads to, written out independently of the code. */
const NATIONAL_AFTER: Record<RecordEventType, NationalStatusCode | null | 'unchanged' | 'resumed'> = {
  created: null,
  submitted: 1,
  completion_requested: 5,
  refused: 3,
  received: 2,
  forwarded: 4,
  sent_back: 4,
  assigned: 'unchanged',
  reassigned: 'unchanged',
  transfer_failed: 'unchanged',
  supplement_requested: 5,
  supplemented: 4,
  payment_requested: 6,
  payment_confirmed: 'resumed',
  approved: 4,
  rejected: 9,
  result_issued: 9,
  result_returned: 10,
  extended: 'unchanged',
  withdrawn: 7,
  stopped: 8,
};

/** The national status a history says the record is in, read from its last status-changing event. */
function nationalFromHistory(events: readonly RecordEvent[]): NationalStatusCode | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    const after = NATIONAL_AFTER[e.type];
    if (after === 'unchanged') continue;
    // A payment interrupts processing or an approved record; both show 4.
    return after === 'resumed' ? 4 : after;
  }
  throw new Error('empty history');
}

const ACTORS: Actor[] = [
  applicant,
  staff.ninhKieuReception,
  staff.ninhKieuDirector,
  staff.caiKheReception,
  staff.caiKheSpecialist,
  staff.caiKheSpecialist2,
  staff.caiKheLeader,
];
const SPECIALISTS = ['ck-specialist', 'ck-specialist-2'];
/** How often an offered action is picked: side steps and early endings less, so that walks reach results. */
const WEIGHT: Partial<Record<ActionName, number>> = {
  refuse: 1,
  request_completion: 1,
  withdraw: 1,
  stop: 1,
  assign: 6,
  reassign: 2,
  send_back: 4,
  extend: 3,
  request_payment: 2,
  confirm_payment: 10,
  request_supplement: 5,
};

/** A well-formed command for an action on a state, varied by `pick`. */
function commandFor(action: ActionName, state: RecordState | null, pick: number): RecordCommandInput {
  const routing = { landParcelUnitCode: '31120', residenceUnitCode: '31135' };
  const reasons = [`Lý do ${pick % 7}`];
  switch (action) {
    case 'create_draft':
      return {
        type: action,
        procedureVersionId: `${CODES.landCorrection}@1`,
        applicant: citizen,
        routing,
        receivingAgencyId: '31135-ttpvhcc',
      };
    case 'submit':
    case 'retry_transfer':
    case 'approve':
    case 'confirm_payment':
      return { type: action };
    case 'request_completion':
    case 'refuse': {
      const opening = {
        procedureVersionId: `${CODES.landCorrection}@1`,
        channel: 'in_person' as const,
        applicant: citizen,
        routing,
      };
      const base = state ? {} : { opening };
      return action === 'refuse'
        ? { type: action, reasons, ...base }
        : { type: action, reasons, missingDocuments: [], ...base };
    }
    case 'receive':
      return state
        ? { type: action, checklist: fullChecklist() }
        : {
            type: action,
            checklist: fullChecklist(),
            opening: {
              procedureVersionId: `${CODES.landCorrection}@1`,
              channel: pick % 2 ? 'post' : 'in_person',
              applicant: citizen,
              routing,
            },
          };
    case 'forward':
      return pick % 3 === 0 ? { type: action } : { type: action, assigneeId: SPECIALISTS[pick % 2]! };
    case 'send_back':
      return {
        type: action,
        toStep: 1 + (pick % Math.max(1, (state?.currentStep ?? 2) - 1)),
        reason: 'Xem lại',
      };
    case 'assign':
    case 'reassign': {
      const current =
        state?.currentStep === null || !state ? undefined : state.steps[state.currentStep]?.assigneeId;
      const other = ['ck-specialist', 'ck-specialist-2', 'ck-leader', 'nk-reception'].filter(
        (u) => u !== current,
      );
      return { type: action, assigneeId: other[pick % other.length]! };
    }
    case 'request_supplement':
      return { type: action, reasons, missingDocuments: [] };
    case 'supplement':
      return { type: action, documents: ['Bản gốc Giấy chứng nhận đã cấp.'] };
    case 'request_payment':
      return { type: action, items: [{ description: 'Lệ phí', amountVnd: 10_000 * (1 + (pick % 5)) }] };
    case 'reject':
      return { type: action, reasons };
    case 'issue_result':
      return { type: action, documents: [{ name: 'Giấy chứng nhận', number: `CS ${pick}` }] };
    case 'return_result':
      return { type: action, method: (['counter', 'online', 'post'] as const)[pick % 3]! };
    case 'extend': {
      const due = state?.appointment?.dueDate ?? '2026-03-12';
      return {
        type: action,
        newDueDate: calendar.addWorkingDays(vnInstant(due, 0), 1 + (pick % 5)).dueDate,
        reason: 'Xin lỗi',
      };
    }
    case 'withdraw':
    case 'stop':
      return { type: action, reason: 'Theo đề nghị của công dân' };
  }
}

/** A random walk through the lifecycle: at each step some actor takes one of the actions offered to them. */
const walk = fc.record({
  start: fc.date({
    min: new Date('2024-01-02T00:00:00Z'),
    max: new Date('2026-12-01T00:00:00Z'),
    noInvalidDate: true,
  }),
  // Unbiased, so that every offered action has its weight's chance, not only the first ones.
  steps: fc.array(
    fc.record({ hours: fc.integer({ min: 0, max: 12 }), choice: fc.noBias(fc.nat()), pick: fc.nat() }),
    {
      minLength: 1,
      maxLength: 60,
      size: 'max',
    },
  ),
  clockRule: fc.constantFrom('restart' as const, 'pause' as const),
});

type Walk = typeof walk extends fc.Arbitrary<infer T> ? T : never;

function run({ start, steps, clockRule }: Walk) {
  let now = start;
  let state: RecordState | null = null;
  const events: RecordEvent[] = [];
  const states: RecordState[] = [];
  for (const { hours, choice, pick } of steps) {
    now = calendar.addWorkingHours(now, hours);
    const ctx = context(now, CODES.landCorrection, {
      policy: { clockRule },
      receptionSequence: 1 + (pick % 9999),
    });
    const offers = ACTORS.flatMap((actor) =>
      availableActions(state, actor, ctx).flatMap((action) =>
        Array.from({ length: WEIGHT[action] ?? 30 }, () => ({ actor, action })),
      ),
    );
    if (offers.length === 0) break;
    const { actor, action } = offers[choice % offers.length]!;
    const decision = attempt(state, commandFor(action, state, pick), actor, ctx);
    if (!decision.ok) {
      // An offered action may still fail on its content, never on the state or the actor.
      expect(['record.transition_not_allowed', 'auth.forbidden', 'record.not_assigned']).not.toContain(
        decision.error.code,
      );
      continue;
    }
    for (const e of decision.events) {
      expect(e.at).toBe(now.toISOString());
      state = evolve(state, e);
      events.push(e);
      states.push(state);
    }
  }
  return { state, events, states };
}

describe('replaying a record’s history', () => {
  it('equals folding evolve step by step, survives JSON storage and is deterministic', () => {
    fc.assert(
      fc.property(walk, (w) => {
        const { state, events, states } = run(w);
        expect(project(events)).toEqual(state);
        expect(project(events)).toEqual(project(events));
        for (let i = 0; i < events.length; i++) expect(project(events.slice(0, i + 1))).toEqual(states[i]);
        const stored = JSON.parse(JSON.stringify(events)).map((e: unknown) => RecordEvent.parse(e));
        expect(project(stored)).toEqual(state);
      }),
      { numRuns: 150 },
    );
  });

  it('derives the national status from the last status-changing event, with a version per event', () => {
    fc.assert(
      fc.property(walk, (w) => {
        const { events, states } = run(w);
        states.forEach((s, i) => {
          const history = events.slice(0, i + 1);
          expect(nationalStatus(s.status)).toBe(nationalFromHistory(history));
          expect(s.version).toBe(i + 1);
          expect(RecordState.safeParse(s).success).toBe(true);
        });
      }),
      { numRuns: 150 },
    );
  });

  it('never moves a legal deadline earlier than the appointment given at reception', () => {
    fc.assert(
      fc.property(walk, (w) => {
        const { states } = run(w);
        const first = states.find((s) => s.appointment !== null)?.appointment;
        for (const s of states) {
          if (!first || !s.legalDeadline || !s.appointment) continue;
          expect(s.legalDeadline.restart.dueDate >= first.dueDate).toBe(true);
          expect(s.legalDeadline.pause.dueDate >= first.dueDate).toBe(true);
          expect(s.appointment.dueDate >= first.dueDate).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('refuses to replay a history that does not start with “created”, or creates twice', () => {
    const { events } = receivedAtNinhKieu(vn('2026-03-02', '09:00'));
    expect(events.map((e) => e.type)).toEqual(['created', 'received']);
    expect(() => project(events.slice(1))).toThrow(RangeError);
    expect(() => project([...events, events[0]!])).toThrow(RangeError);
  });
});
