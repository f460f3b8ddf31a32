/**
 * Test support (not exported from index.ts): records whose steps ran at three agencies besides the
 * competent one, as states of the issue 15 contract (steps with kind, agency and `after`; visits with
 * agency, who finished them and how; active steps; a failed transfer). Land correction 1.012796 received at
 * the Ninh Kiều one-stop unit on Mon 2/3/2026 09:00, competent phường Cái Khế, with a land registration
 * branch step and a tax step in parallel (or in sequence for the send-back case).
 */

import type { RecordState, RecordStep, StepVisit, Timing } from '../records/index.ts';
import { landRecord } from '../records/test-fixtures.ts';

/** A Vietnamese wall-clock time as an ISO instant. */
const vn = (date: string, time: string) => new Date(`${date}T${time}:00+07:00`).toISOString();

/** The agencies of the scenario: ids, so a DB test can pass real ones. */
export interface ScenarioAgencies {
  readonly receiving: string;
  readonly competent: string;
  readonly land: string;
  readonly tax: string;
}

/** The people of the scenario (user ids). */
export interface ScenarioPeople {
  readonly reception: string;
  readonly landOfficer: string;
  readonly taxOfficer: string;
  readonly leader: string;
}

export const SCENARIO_AGENCIES: ScenarioAgencies = {
  receiving: 'ninh-kieu-one-stop',
  competent: 'cai-khe-ubnd',
  land: 'land-registration-branch',
  tax: 'tax-office',
};

export const SCENARIO_PEOPLE: ScenarioPeople = {
  reception: 'u-reception',
  landOfficer: 'u-land',
  taxOfficer: 'u-tax',
  leader: 'u-leader',
};

function step(
  key: string,
  role: RecordStep['role'],
  kind: NonNullable<RecordStep['kind']>,
  agencyId: string,
  after: number[],
  hours: number,
): RecordStep {
  return {
    key,
    role,
    kind,
    after,
    name_vi: key,
    name_en: key,
    agencyId,
    budgetWorkingHours: hours,
    assigneeId: null,
    startedAt: null,
    dueAt: null,
    finishedAt: null,
  };
}

/** The parallel process: reception → (land ‖ tax) → decision → return. */
export function parallelSteps(a: ScenarioAgencies): RecordStep[] {
  return [
    step('reception', 'reception', 'reception', a.receiving, [], 4),
    step('land_registration', 'specialist', 'work', a.land, [0], 24),
    step('tax', 'specialist', 'work', a.tax, [0], 16),
    step('decision', 'leader', 'decision', a.competent, [1, 2], 16),
    step('return', 'reception', 'return', a.receiving, [3], 4),
  ];
}

/** The sequential process: reception → land → tax → decision → return. */
export function sequentialSteps(a: ScenarioAgencies): RecordStep[] {
  return [
    step('reception', 'reception', 'reception', a.receiving, [], 4),
    step('land_registration', 'specialist', 'work', a.land, [0], 24),
    step('tax', 'specialist', 'work', a.tax, [1], 16),
    step('decision', 'leader', 'decision', a.competent, [2], 16),
    step('return', 'reception', 'return', a.receiving, [3], 4),
  ];
}

type VisitSpec = [
  stepIndex: number,
  assigneeId: string | null,
  startedAt: string,
  dueAt: string,
  finishedAt: string,
  timing: Timing,
  outcome: NonNullable<StepVisit['outcome']>,
];

function withRun(
  base: RecordState,
  steps: RecordStep[],
  visits: VisitSpec[],
  active: { step: number; assigneeId: string | null; startedAt: string; dueAt: string }[],
  status: RecordState['status'],
): RecordState {
  const history: StepVisit[] = visits.map(
    ([i, assigneeId, startedAt, dueAt, finishedAt, timing, outcome]) => ({
      stepIndex: i,
      key: steps[i]!.key,
      agencyId: steps[i]!.agencyId,
      assigneeId,
      finishedBy: assigneeId,
      startedAt,
      dueAt,
      finishedAt,
      timing,
      outcome,
    }),
  );
  const run = steps.map((s, i) => {
    const last = history.filter((v) => v.stepIndex === i).at(-1);
    const open = active.find((x) => x.step === i);
    if (open) return { ...s, assigneeId: open.assigneeId, startedAt: open.startedAt, dueAt: open.dueAt };
    return last
      ? {
          ...s,
          assigneeId: last.assigneeId,
          startedAt: last.startedAt,
          dueAt: last.dueAt,
          finishedAt: last.finishedAt,
        }
      : s;
  });
  const activeSteps = active.map((x) => x.step).sort((x, y) => x - y);
  return {
    ...base,
    status,
    steps: run,
    stepHistory: history,
    activeSteps,
    currentStep: activeSteps[0] ?? null,
    transferFailure: null,
  };
}

/** Each case of the scenario, by what happened at the other agencies' steps. */
export type ScenarioCase = 'on_time' | 'land_late' | 'tax_sent_back' | 'transfer_failed';

/**
 * A record of the scenario with the given id. `on_time`: every step in time, returned 9/3. `land_late`: the
 * land step finished a day late, the decision open at Cái Khế. `tax_sent_back` (sequential): the tax office
 * sent it back to the land step, which is open again and overdue by the end of March. `transfer_failed`:
 * reception's hand-over to the land step failed (no official there), so the record stays at reception.
 */
export function scenarioRecord(
  id: string,
  kind: ScenarioCase,
  a: ScenarioAgencies = SCENARIO_AGENCIES,
  p: ScenarioPeople = SCENARIO_PEOPLE,
): RecordState {
  const base: RecordState = {
    ...landRecord.received(),
    id,
    receivingAgencyId: a.receiving,
    competentAgencyId: a.competent,
  };
  const reception: VisitSpec = [
    0,
    p.reception,
    vn('2026-03-02', '09:00'),
    vn('2026-03-02', '17:00'),
    vn('2026-03-02', '10:00'),
    'on_time',
    'forwarded',
  ];
  const start = vn('2026-03-02', '10:00');
  switch (kind) {
    case 'on_time':
      return withRun(
        base,
        parallelSteps(a),
        [
          reception,
          [
            2,
            p.taxOfficer,
            start,
            vn('2026-03-04', '17:00'),
            vn('2026-03-03', '15:00'),
            'early',
            'forwarded',
          ],
          [
            1,
            p.landOfficer,
            start,
            vn('2026-03-05', '17:00'),
            vn('2026-03-05', '11:00'),
            'on_time',
            'forwarded',
          ],
          [
            3,
            p.leader,
            vn('2026-03-05', '11:00'),
            vn('2026-03-09', '17:00'),
            vn('2026-03-06', '09:00'),
            'early',
            'decided',
          ],
          [
            4,
            p.reception,
            vn('2026-03-06', '09:00'),
            vn('2026-03-09', '17:00'),
            vn('2026-03-09', '10:00'),
            'on_time',
            'returned',
          ],
        ],
        [],
        'delivered',
      );
    case 'land_late':
      return withRun(
        base,
        parallelSteps(a),
        [
          reception,
          [
            2,
            p.taxOfficer,
            start,
            vn('2026-03-04', '17:00'),
            vn('2026-03-03', '15:00'),
            'early',
            'forwarded',
          ],
          [
            1,
            p.landOfficer,
            start,
            vn('2026-03-05', '17:00'),
            vn('2026-03-06', '10:00'),
            'late',
            'forwarded',
          ],
        ],
        [
          {
            step: 3,
            assigneeId: p.leader,
            startedAt: vn('2026-03-06', '10:00'),
            dueAt: vn('2026-03-10', '17:00'),
          },
        ],
        'in_process',
      );
    case 'tax_sent_back':
      return withRun(
        base,
        sequentialSteps(a),
        [
          reception,
          [
            1,
            p.landOfficer,
            start,
            vn('2026-03-05', '17:00'),
            vn('2026-03-03', '10:00'),
            'early',
            'forwarded',
          ],
          [
            2,
            p.taxOfficer,
            vn('2026-03-03', '10:00'),
            vn('2026-03-05', '17:00'),
            vn('2026-03-04', '14:00'),
            'early',
            'sent_back',
          ],
        ],
        [
          {
            step: 1,
            assigneeId: p.landOfficer,
            startedAt: vn('2026-03-04', '14:00'),
            dueAt: vn('2026-03-06', '17:00'),
          },
        ],
        'in_process',
      );
    case 'transfer_failed': {
      const s = withRun(
        base,
        parallelSteps(a),
        [],
        [
          {
            step: 0,
            assigneeId: p.reception,
            startedAt: vn('2026-03-02', '09:00'),
            dueAt: vn('2026-03-02', '17:00'),
          },
        ],
        'received',
      );
      return {
        ...s,
        transferFailure: {
          at: vn('2026-03-02', '10:00'),
          fromStep: 0,
          toSteps: [1, 2],
          agencyId: a.land,
          reason: 'no_official',
          detail: null,
          attempts: 2,
        },
      };
    }
  }
}
