import { uuidv7 } from 'uuidv7';
import {
  createWorkingCalendar,
  type ScheduleEntry,
  toVnDateTime,
  type WorkingCalendar,
  type WorkingHours,
} from '../../core/calendar/index.ts';
import { DomainError } from '../../core/errors/index.ts';
import type { Tx } from '../../platform/db/index.ts';
import * as store from './calendar.store.ts';

export interface HolidayInput {
  readonly day: string;
  readonly kind: 'day_off' | 'working_day';
  readonly occasion: string;
  readonly sourceNote: string;
  readonly status?: string | undefined;
}

export interface CalendarService {
  /** The working calendar built from the holiday table (cached until the table changes). */
  calendar(tx: Tx, workingHours?: WorkingHours): Promise<WorkingCalendar>;
  dueDate(
    tx: Tx,
    from: Date,
    workingDays: number,
    opts: { applyCutoff: boolean; workingHours?: WorkingHours | undefined },
  ): Promise<ReturnType<WorkingCalendar['addWorkingDays']> & { cutoffApplied: boolean }>;
  /** The instant `hours` office hours after `from`, for hour-based limits ("04 giờ làm việc"). */
  dueByHours(
    tx: Tx,
    from: Date,
    hours: number,
    workingHours?: WorkingHours,
  ): Promise<{ dueAt: Date; dueDate: string; startDate: string }>;
  listHolidays(tx: Tx, year?: number): Promise<store.HolidayRow[]>;
  addHoliday(tx: Tx, input: HolidayInput, now: Date): Promise<store.HolidayRow>;
  updateHoliday(tx: Tx, id: string, patch: Partial<HolidayInput>, now: Date): Promise<store.HolidayRow>;
  removeHoliday(tx: Tx, id: string): Promise<void>;
}

function toEntries(rows: store.HolidayRow[]): ScheduleEntry[] {
  return rows.map((r) => ({
    date: r.day,
    kind: r.kind,
    occasion: r.occasion,
    sourceNote: r.sourceNote,
    status: r.status,
  }));
}

/**
 * The calendar as the app uses it: the administrators' holiday table wins for the years it covers, the
 * statutory rules (Labor Code arts. 111–112) fill the others. One instance per app; the cache is
 * checked against a fingerprint of the table on every use, so an edit on any node is seen at once.
 */
export function createCalendarService(opts: { cutoffMinutes: number; recheckMs?: number }): CalendarService {
  const recheckMs = opts.recheckMs ?? 1000;
  // One calendar per office-hours variant, all dropped when the holiday table changes.
  let cached:
    | { fingerprint: string; entries: ScheduleEntry[]; byHours: Map<string, WorkingCalendar> }
    | undefined;

  // The fingerprint is re-read at most once per `recheckMs`: an edit made on another node is seen within
  // that time; one made here (through this service) at once.
  let checkedAt = Number.NEGATIVE_INFINITY;

  async function calendar(tx: Tx, workingHours?: WorkingHours): Promise<WorkingCalendar> {
    const now = performance.now();
    if (!cached || now - checkedAt >= recheckMs) {
      const fingerprint = await store.holidaysFingerprint(tx);
      checkedAt = now;
      if (cached?.fingerprint !== fingerprint) {
        cached = { fingerprint, entries: toEntries(await store.listHolidays(tx)), byHours: new Map() };
      }
    }
    if (!cached) throw new Error('calendar cache not loaded');
    const key = workingHours ? JSON.stringify(workingHours) : 'default';
    let cal = cached.byHours.get(key);
    if (!cal) {
      cal = createWorkingCalendar({
        entries: cached.entries,
        statutoryFallback: true,
        cutoffMinutes: opts.cutoffMinutes,
        ...(workingHours ? { workingHours } : {}),
      });
      cached.byHours.set(key, cal);
    }
    return cal;
  }

  async function getHoliday(tx: Tx, id: string) {
    const row = await store.findHoliday(tx, id);
    if (!row) throw new DomainError('holiday.not_found', { id });
    return row;
  }

  return {
    calendar,
    async dueDate(tx, from, workingDays, { applyCutoff, workingHours }) {
      const cal = await calendar(tx, workingHours);
      const result = cal.addWorkingDays(from, workingDays, { applyCutoff });
      return { ...result, cutoffApplied: applyCutoff };
    },
    async dueByHours(tx, from, hours, workingHours) {
      const cal = await calendar(tx, workingHours);
      const dueAt = cal.addWorkingHours(from, hours);
      return { dueAt, dueDate: toVnDateTime(dueAt).date, startDate: toVnDateTime(from).date };
    },
    listHolidays(tx, year) {
      return store.listHolidays(tx, year ? { from: `${year}-01-01`, to: `${year}-12-31` } : undefined);
    },
    async addHoliday(tx, input, now) {
      checkedAt = Number.NEGATIVE_INFINITY;
      const row: store.HolidayRow = {
        id: uuidv7(),
        day: input.day,
        kind: input.kind,
        occasion: input.occasion,
        sourceNote: input.sourceNote,
        status: input.status ?? 'announced',
        origin: 'admin',
        createdAt: now,
        updatedAt: now,
      };
      if (!(await store.insertHoliday(tx, row)))
        throw new DomainError('holiday.duplicate', { day: input.day });
      return row;
    },
    async updateHoliday(tx, id, patch, now) {
      checkedAt = Number.NEGATIVE_INFINITY;
      await getHoliday(tx, id);
      if (patch.day && (await store.existsHolidayOn(tx, patch.day, id))) {
        throw new DomainError('holiday.duplicate', { day: patch.day });
      }
      await store.updateHoliday(tx, id, { ...patch, updatedAt: now });
      return getHoliday(tx, id);
    },
    async removeHoliday(tx, id) {
      checkedAt = Number.NEGATIVE_INFINITY;
      if (!(await store.deleteHoliday(tx, id))) throw new DomainError('holiday.not_found', { id });
    },
  };
}
