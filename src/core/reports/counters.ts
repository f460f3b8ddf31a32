import type { IsoDate } from '../calendar/index.ts';
import { countsAsDigitised766, countsAsOnline766, expectsEResult766 } from './aggregate-766.ts';

/**
 * The counters reports sum per day (docs/REPORTS.md). Flows are dated by the day their event happened;
 * the record's properties (digitised, reused, rated…) by its reception day, since the Decision 766 ratios
 * divide by the records received in the period (DOMAIN.md §6.2, 3.3 and 4.x). `due` is dated by the 766
 * due day and `dueClosed` by the later of the due and finishing days, so the records in progress and
 * overdue at the start of day E are Σ due − Σ dueClosed over the days before E.
 */
export const COUNTERS = [
  'received',
  'refused',
  'resolvedEarly',
  'resolvedOnTime',
  'resolvedLate',
  'rejected',
  'withdrawn',
  'stopped',
  'finished',
  'due',
  'dueClosed',
  'supplements',
  'returned',
  'digitised',
  'reused',
  'electronicResult',
  'paperResult',
  'feeBearing',
  'paidOnline',
  'shared',
  'rated',
  'disliked',
  'inScope21',
  'lateFinished21',
  'online766',
  'digitised766',
  'eResultExpected',
  'eResultIssued',
] as const;
/** One report counter. */
export type Counter = (typeof COUNTERS)[number];

/** The SQL column of a counter in report_daily and report_monthly (`resolvedEarly` → `resolved_early`). */
export function counterColumn(c: Counter): string {
  return c.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);
}

/** A rating at or below this counts as "not satisfied" (Decision 766 index 5.4) [U]. */
export const DISLIKED_AT_MOST = 2;

/** A record as the counters see it: its dimensions, the days of its events and its properties. */
export interface CountedFact {
  readonly competentAgencyId: string;
  readonly receivingAgencyId: string;
  readonly channel: 'in_person' | 'online' | 'post';
  readonly procedureCode: string;
  readonly outcome: 'not_received' | 'in_progress' | 'resolved' | 'rejected' | 'withdrawn' | 'stopped';
  readonly receivedDay: IsoDate | null;
  readonly dueDay: IsoDate | null;
  readonly finishedDay: IsoDate | null;
  /** Early, on time or late against the 766 deadline; only for a finished record. */
  readonly timing: 'early' | 'on_time' | 'late' | null;
  readonly refusedDay: IsoDate | null;
  readonly supplementDay: IsoDate | null;
  /** Set while the applicant owes the supplement asked on `supplementDay` (the record's clock is stopped). */
  readonly awaitingSupplementSince: Date | string | null;
  readonly returnedDay: IsoDate | null;
  readonly digitised: boolean;
  readonly reused: boolean;
  readonly electronicResult: boolean;
  readonly paperResult: boolean;
  readonly feeBearing: boolean;
  readonly paidOnline: boolean;
  readonly shared: boolean;
  readonly rating: number | null;
}

/** One counter moved by `n` on a day. */
export interface Contribution {
  readonly day: IsoDate;
  readonly counter: Counter;
  readonly n: number;
}

const TIMING_COUNTER = { early: 'resolvedEarly', on_time: 'resolvedOnTime', late: 'resolvedLate' } as const;

/** What one record adds to the daily counters. */
export function contributions(f: CountedFact): Contribution[] {
  const out: Contribution[] = [];
  const add = (day: IsoDate | null, counter: Counter) => {
    if (day) out.push({ day, counter, n: 1 });
  };
  if (f.outcome === 'not_received') {
    add(f.refusedDay, 'refused');
    return out;
  }
  const r = f.receivedDay;
  add(r, 'received');
  if (f.digitised) add(r, 'digitised');
  if (f.reused) add(r, 'reused');
  if (f.electronicResult) add(r, 'electronicResult');
  if (f.paperResult) add(r, 'paperResult');
  if (f.feeBearing) add(r, 'feeBearing');
  if (f.paidOnline) add(r, 'paidOnline');
  if (f.shared) add(r, 'shared');
  if (f.rating !== null) add(r, 'rated');
  if (f.rating !== null && f.rating <= DISLIKED_AT_MOST) add(r, 'disliked');
  // Decision 766, by reception day (recordCounts766 is the reference these must equal).
  if (f.dueDay && (f.outcome === 'in_progress' || f.outcome === 'resolved' || f.outcome === 'rejected')) {
    add(r, 'inScope21');
    if (f.finishedDay && f.timing === 'late') add(r, 'lateFinished21');
  }
  if (countsAsOnline766(f)) add(r, 'online766');
  if (countsAsDigitised766(f)) add(r, 'digitised766');
  if (expectsEResult766(f)) {
    add(r, 'eResultExpected');
    if (f.electronicResult) add(r, 'eResultIssued');
  }
  add(f.supplementDay, 'supplements');
  add(f.returnedDay, 'returned');
  // While the applicant owes a supplement the record's clock is stopped (DOMAIN.md §2.4): it is overdue only
  // if it already was when the supplement was asked, as Decision 766 judges it at the request (2.1). Its due
  // day comes back when the supplement does (the fact then changes and the counters move with it).
  const clockStopped =
    f.awaitingSupplementSince !== null &&
    f.supplementDay !== null &&
    f.dueDay !== null &&
    f.supplementDay <= f.dueDay;
  if (!clockStopped) add(f.dueDay, 'due');
  if (f.finishedDay) {
    add(f.finishedDay, 'finished');
    if (f.outcome === 'resolved' || f.outcome === 'rejected') {
      if (f.timing) add(f.finishedDay, TIMING_COUNTER[f.timing]);
      if (f.outcome === 'rejected') add(f.finishedDay, 'rejected');
    }
    if (f.outcome === 'withdrawn' || f.outcome === 'stopped') add(f.finishedDay, f.outcome);
    if (f.dueDay) add(f.dueDay > f.finishedDay ? f.dueDay : f.finishedDay, 'dueClosed');
  }
  return out;
}

/** The summary rows a change touches, keyed by day or month and the dimensions, with each counter's delta. */
export interface CounterDelta {
  readonly day: IsoDate;
  readonly competentAgencyId: string;
  readonly receivingAgencyId: string;
  readonly channel: string;
  readonly procedureCode: string;
  readonly counts: Partial<Record<Counter, number>>;
}

/**
 * What changing a record from `before` to `after` does to the counters: the contributions of `after` minus
 * those of `before`, per day and dimensions, with zero deltas left out. Either side may be null (a new
 * record; a record leaving the reports).
 */
export function counterDeltas(before: CountedFact | null, after: CountedFact | null): CounterDelta[] {
  const rows = new Map<string, CounterDelta & { counts: Partial<Record<Counter, number>> }>();
  const apply = (f: CountedFact | null, sign: 1 | -1) => {
    if (!f) return;
    for (const c of contributions(f)) {
      const key = [c.day, f.competentAgencyId, f.receivingAgencyId, f.channel, f.procedureCode].join('|');
      let row = rows.get(key);
      if (!row) {
        row = {
          day: c.day,
          competentAgencyId: f.competentAgencyId,
          receivingAgencyId: f.receivingAgencyId,
          channel: f.channel,
          procedureCode: f.procedureCode,
          counts: {},
        };
        rows.set(key, row);
      }
      row.counts[c.counter] = (row.counts[c.counter] ?? 0) + sign * c.n;
    }
  };
  apply(before, -1);
  apply(after, 1);
  const out: CounterDelta[] = [];
  for (const row of rows.values()) {
    const counts: Partial<Record<Counter, number>> = {};
    for (const [k, v] of Object.entries(row.counts) as [Counter, number][]) if (v !== 0) counts[k] = v;
    if (Object.keys(counts).length) out.push({ ...row, counts });
  }
  return out;
}
