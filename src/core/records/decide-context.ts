import type { WorkingCalendar } from '../calendar/index.ts';
import type {
  ChannelKind,
  CompetentAgencyRule,
  ProcedureDraft,
  ProcessStep,
  TimeLimit,
} from '../catalog/index.ts';
import { DEFAULT_FEE_POLICY, type FeeLineEdit, type FeePolicy } from '../fees/fee-line.ts';
import type { StaffRole } from './actor.ts';
import type { Assignable } from './assignee.ts';
import type { ClockRule } from './record-state.ts';
import type { RoutingAgency } from './routing.ts';

/**
 * The rules a city configures, kept on each record as they were at reception (DOMAIN.md §0: a record keeps
 * the rule version in force when it was received).
 */
export interface RecordPolicy {
  /** Which clock governs the legal deadline after a supplement; default `restart` (Decree 61/2018 art. 19 cl. 4). */
  readonly clockRule: ClockRule;
  /** Working days after reception within which a supplement may be requested; default 3 (same clause). */
  readonly supplementWindowWorkingDays: number;
  /** Working days before the due date by which an extension must be asked; default 1 (art. 19 cl. 9). */
  readonly extensionLeadWorkingDays: number;
  /**
   * Codes of the procedures whose every limit counts a reception after the cut-off (15:00) from the next
   * working day, besides same-day limits, which always do: the Decree 63/2024 groups and procedures whose
   * own rules say so (DOMAIN.md §7.1). Default none.
   */
  readonly cutoffProcedures: readonly string[];
  /** How reductions stack and round (docs/FEES.md); default the most favourable one, rounded down. */
  readonly feePolicy: FeePolicy;
  /** Exemption/reduction categories the city adds to `DEFAULT_FEE_CATEGORIES`; default none. */
  readonly feeCategories: readonly string[];
}

/** The defaults of {@link RecordPolicy}. */
export const DEFAULT_RECORD_POLICY: RecordPolicy = {
  clockRule: 'restart',
  supplementWindowWorkingDays: 3,
  extensionLeadWorkingDays: 1,
  cutoffProcedures: [],
  feePolicy: DEFAULT_FEE_POLICY,
  feeCategories: [],
};

/** What time-dependent rules need: the moment of the decision and the working calendar. */
export interface GuardContext {
  readonly now: Date;
  readonly calendar: WorkingCalendar;
  readonly policy?: Partial<RecordPolicy>;
}

/** The procedure version a record follows, as the decisions need it. */
export interface ProcedureFacts {
  readonly versionId: string;
  readonly code: string;
  readonly onlineLevel: ProcedureDraft['onlineLevel'];
  readonly crossBoundary: boolean;
  readonly competentAgencyRule: CompetentAgencyRule;
  /** The internal process: reception first, return last, processing steps between. */
  readonly process: readonly ProcessStep[];
  /** The legal time limit per channel. */
  readonly timeLimits: Partial<Record<ChannelKind, TimeLimit>>;
  /** Names of the required documents (thành phần hồ sơ) the checklist refers to. */
  readonly documents: readonly string[];
  /**
   * The version's fee lines (docs/FEES.md): an administrator's, else derived from the published text; absent
   * or `none` when there are none (no amount is computed at reception).
   */
  readonly fees?: {
    readonly lines: readonly FeeLineEdit[];
    readonly source: 'administrator' | 'catalogue' | 'none';
  };
}

/** An agency as decisions see it: routing facts plus the id records refer to. */
export type DecideAgency = RoutingAgency & { readonly id: string };

/**
 * What a hand-over needs to know about the agency of a step it starts: whether the agency works on the
 * system, and how many active officials it has per role.
 */
export interface StepAgencyFacts {
  readonly agencyId: string;
  readonly onSystem: boolean;
  readonly eligibleOfficials: readonly { readonly role: StaffRole; readonly count: number }[];
}

/**
 * Everything a decision may need besides state, command and actor. The service loads it in the unit of
 * work: `newRecordId` (UUIDv7) when a command opens a record; `procedure` for `create_draft`, `receive` and
 * counter refusals; `agencies` (the city's current agencies) and `receptionSequence` (the next daily number
 * of the receiving agency, allocated in the same transaction) for `receive`; `officials` (the official a
 * command names as assignee, none when there is no such id) for `forward`, `send_back`, `assign` and
 * `reassign` with an `assigneeId`; `stepAgencies` (the agencies of the steps a hand-over may start) for
 * `forward` and `retry_transfer`: without it no hand-over is checked (a forward always succeeds).
 */
export interface DecideContext extends GuardContext {
  readonly newRecordId?: string;
  readonly procedure?: ProcedureFacts;
  readonly agencies?: readonly DecideAgency[];
  readonly receptionSequence?: number;
  readonly officials?: readonly Assignable[];
  /**
   * The agencies of the steps a forward would start; a step whose agency is listed with `onSystem: false`,
   * or without an active official of the step's role, makes the forward a `transfer_failed`. An agency not
   * listed is not checked.
   */
  readonly stepAgencies?: readonly StepAgencyFacts[];
}

/** The policy with defaults filled in. */
export function resolvePolicy(policy: Partial<RecordPolicy> | undefined): RecordPolicy {
  return { ...DEFAULT_RECORD_POLICY, ...policy };
}
