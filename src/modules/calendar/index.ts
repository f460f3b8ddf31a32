/**
 * Calendar: the holiday table administrators edit, and the working-day service built on the pure calendar.
 * Errors: holiday.not_found, holiday.duplicate.
 */
export { calendarRoutes } from './calendar.routes.ts';
export { seedHolidays } from './calendar.seed.ts';
export { type CalendarService, createCalendarService } from './calendar.service.ts';
