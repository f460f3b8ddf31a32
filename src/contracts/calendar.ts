/** Response contract of the calendar module (due dates, holidays). Only zod: the web app imports the types. */
import { z } from 'zod';

export const HolidayView = z.object({
  id: z.uuid(),
  day: z.string(),
  kind: z.enum(['day_off', 'working_day']),
  occasion: z.string(),
  sourceNote: z.string(),
  status: z.string(),
  origin: z.enum(['seed', 'admin']),
  createdAt: z.date(),
  updatedAt: z.date(),
});

/** GET /api/holidays */
export const HolidayList = z.object({ items: z.array(HolidayView) });

/** GET /api/calendar/due-date */
export const DueDate = z.object({
  dueDate: z.string(),
  dueAt: z.date(),
  startDate: z.string(),
  from: z.date(),
  workingDays: z.number().nullable(),
  workingHours: z.number().nullable(),
  cutoffApplied: z.boolean(),
  timeZone: z.literal('Asia/Ho_Chi_Minh'),
});
