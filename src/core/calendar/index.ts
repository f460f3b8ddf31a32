/**
 * The working-day calendar: calendar days and Vietnam time (UTC+7), the Vietnamese lunar calendar,
 * statutory public holidays (Labor Code 2019 arts. 111–112), official holiday schedules, and
 * working-day arithmetic for time limits (Civil Code 2015 arts. 144–148). Pure: no I/O, no clock.
 * Invalid input throws a plain `RangeError`; the HTTP layer validates before calling.
 */
export {
  addDays,
  compareIsoDates,
  type DateParts,
  dayOfWeek,
  daysBetween,
  formatIsoDate,
  IsoDate,
  isIsoDate,
  isoDateToJdn,
  jdnToIsoDate,
  parseIsoDate,
  toVnDateTime,
  VN_UTC_OFFSET_MINUTES,
  type VnDateTime,
  vnEndOfDay,
  vnInstant,
} from './date.ts';
export {
  compareWithStatutory,
  type HolidayPeriod,
  holidayPeriodEntries,
  parseHolidayPeriods,
  parseHolidaySchedule,
  type ScheduleComparison,
  type ScheduleDifference,
  ScheduleEntry,
} from './holiday-schedule.ts';
export {
  hungKingsDate,
  LUNAR_MAX_YEAR,
  LUNAR_MIN_YEAR,
  LunarDate,
  type LunarMonth,
  lunarToSolar,
  lunarYearMonths,
  solarToLunar,
  tetDate,
} from './lunar.ts';
export {
  ExtraHoliday,
  type HolidayRule,
  type StatutoryHoliday,
  type StatutoryHolidayOptions,
  statutoryHolidays,
} from './statutory-holidays.ts';
export {
  type AddWorkingDaysOptions,
  createWorkingCalendar,
  type DayInfo,
  DEFAULT_CUTOFF_MINUTES,
  DEFAULT_WORKING_HOURS,
  type DueDate,
  MAX_WORKING_DAYS,
  MAX_WORKING_HOURS,
  type WorkingCalendar,
  type WorkingCalendarOptions,
  WorkingHours,
} from './working-calendar.ts';
