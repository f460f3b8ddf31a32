import { z } from 'zod';
import { DueDate, HolidayList, HolidayView } from '../../contracts/calendar.ts';
import { DomainError } from '../../core/errors/index.ts';
import type { Tx } from '../../platform/db/index.ts';
import { inTransaction } from '../../platform/db/index.ts';
import type { Deps } from '../../platform/deps.ts';
import { type App, problemSchema } from '../../platform/http/index.ts';
import { getAgencyWorkingHours, isCityLevelAgency } from '../units/index.ts';
import type { CalendarService } from './calendar.service.ts';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

function realDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return y >= 1900 && y <= 2200 && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** A calendar day `YYYY-MM-DD` that exists. */
export const IsoDay = z
  .string()
  .regex(ISO_DATE, 'expected a date YYYY-MM-DD')
  .refine((s) => {
    const [y, m, d] = s.split('-').map(Number);
    return realDate(y!, m!, d!);
  }, 'no such date');

/** Reads `s` as an instant, or undefined. Vietnam has one offset all year (UTC+7, no daylight saving). */
function parseInstant(s: string): Date | undefined {
  const day = ISO_DATE.exec(s);
  if (day)
    return realDate(Number(day[1]), Number(day[2]), Number(day[3]))
      ? new Date(`${s}T00:00:00+07:00`)
      : undefined;
  const m = ISO_DATE_TIME.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, se = '00', frac = '', zone] = m;
  if (!realDate(Number(y), Number(mo), Number(d)) || Number(h) > 23 || Number(mi) > 59 || Number(se) > 59) {
    return undefined;
  }
  const offset = zone === undefined ? '+07:00' : zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const instant = new Date(`${y}-${mo}-${d}T${h}:${mi}:${se}${frac.slice(0, 4)}${offset}`);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

/**
 * An ISO 8601 date-time. Without an offset it is read as Vietnam time; a bare date means the start of that
 * day in Vietnam.
 */
export const Instant = z
  .string()
  .trim()
  .transform((s, ctx) => {
    const instant = parseInstant(s);
    if (instant) return instant;
    ctx.addIssue({
      code: 'custom',
      message: 'expected an ISO 8601 date-time, e.g. 2026-03-02T09:30:00+07:00',
    });
    return z.NEVER;
  });

const HolidayBody = z.object({
  day: IsoDay,
  kind: z.enum(['day_off', 'working_day']),
  occasion: z.string().trim().min(1).max(200),
  sourceNote: z.string().trim().min(1).max(2000),
  status: z.string().trim().min(1).max(50).optional(),
});

export function calendarRoutes(app: App, deps: Deps, calendar: CalendarService): void {
  const { db } = deps.database;

  app.get(
    '/api/calendar/due-date',
    {
      config: { access: 'public' },
      schema: {
        tags: ['calendar'],
        summary:
          'Due date after N working days or H office hours (Civil Code arts. 147–148; Asia/Ho_Chi_Minh)',
        description:
          'The reception day is not counted; day 1 is the next working day; a make-up Saturday is a working day; 0 days is the same day. agencyId uses the office hours of that agency. With cutoff=true, a reception after the configured cut-off (15:00) starts counting one working day later (Decree 61/2018 art. 18).',
        querystring: z
          .object({
            from: Instant,
            workingDays: z.coerce.number().int().min(0).max(3650).optional(),
            workingHours: z.coerce.number().min(0).max(87_600).optional(),
            agencyId: z.uuid().optional(),
            cutoff: z
              .enum(['true', 'false'])
              .default('false')
              .transform((v) => v === 'true'),
          })
          .superRefine((q, ctx) => {
            if ((q.workingDays === undefined) === (q.workingHours === undefined)) {
              ctx.addIssue({
                code: 'custom',
                path: ['workingDays'],
                message: 'give exactly one of workingDays and workingHours',
              });
            }
          }),
        response: {
          200: DueDate,
        },
      },
    },
    async (req) => {
      const { from, workingDays, workingHours, cutoff, agencyId } = req.query;
      const hours = agencyId ? await getAgencyWorkingHours(db, agencyId) : undefined;
      const common = { from, timeZone: 'Asia/Ho_Chi_Minh' as const };
      if (workingHours !== undefined) {
        const r = await calendar.dueByHours(db, from, workingHours, hours);
        return { ...r, ...common, workingDays: null, workingHours, cutoffApplied: false };
      }
      const r = await calendar.dueDate(db, from, workingDays ?? 0, {
        applyCutoff: cutoff,
        workingHours: hours,
      });
      return { ...r, ...common, workingDays: workingDays ?? 0, workingHours: null };
    },
  );

  app.get(
    '/api/holidays',
    {
      config: { access: 'public' },
      schema: {
        tags: ['calendar'],
        summary: 'The holiday table (days off and make-up working days), optionally for one year',
        querystring: z.object({ year: z.coerce.number().int().min(1900).max(2200).optional() }),
        response: { 200: HolidayList },
      },
    },
    async (req) => ({ items: await calendar.listHolidays(db, req.query.year) }),
  );

  /** The holiday table is the whole city's: only an administrator of the city People's Committee edits it. */
  const requireCityAdmin = async (tx: Tx, agencyId: string) => {
    if (!(await isCityLevelAgency(tx, agencyId)))
      throw new DomainError('auth.forbidden', { requiredRoles: ['admin'], requiredLevel: 'city' });
  };
  const cityOnly =
    "Only an administrator of the city People's Committee (the table is the whole city's); others get 403 auth.forbidden.";

  app.post(
    '/api/holidays',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['calendar'],
        summary: 'Add a day off or a make-up working day, with its source',
        description: cityOnly,
        body: HolidayBody,
        response: { 201: HolidayView, 409: problemSchema(['holiday.duplicate']) },
      },
    },
    async (req, reply) => {
      const row = await inTransaction(db, async (tx) => {
        await requireCityAdmin(tx, req.actor!.agencyId);
        return calendar.addHoliday(tx, req.body, deps.clock.now());
      });
      return reply.status(201).send(row);
    },
  );

  app.patch(
    '/api/holidays/:id',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['calendar'],
        summary: 'Edit a holiday entry',
        description: cityOnly,
        params: z.object({ id: z.uuid() }),
        body: HolidayBody.partial(),
        response: { 200: HolidayView, 409: problemSchema(['holiday.duplicate']) },
      },
    },
    async (req) =>
      inTransaction(db, async (tx) => {
        await requireCityAdmin(tx, req.actor!.agencyId);
        return calendar.updateHoliday(tx, req.params.id, req.body, deps.clock.now());
      }),
  );

  app.delete(
    '/api/holidays/:id',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['calendar'],
        summary: 'Remove a holiday entry',
        description: cityOnly,
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await inTransaction(db, async (tx) => {
        await requireCityAdmin(tx, req.actor!.agencyId);
        await calendar.removeHoliday(tx, req.params.id);
      });
      return reply.status(204).send(null);
    },
  );
}
