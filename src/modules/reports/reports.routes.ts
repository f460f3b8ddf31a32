import { z } from 'zod';
import {
  CrossBoundaryResponse,
  Index766RecordsResponse,
  Index766Response,
  StatisticsResponse,
  StepPerformanceResponse,
} from '../../contracts/reports.ts';
import { IsoDate } from '../../core/calendar/index.ts';
import { DomainError } from '../../core/errors/index.ts';
import type { Deps } from '../../platform/deps.ts';
import { type App, problemSchema } from '../../platform/http/index.ts';
import { crossBoundaryReport } from './cross-boundary.service.ts';
import { DRILL_INDICATORS, index766, recordsCostingPoints } from './index766.service.ts';
import { type ReportScope, statistics } from './statistics.service.ts';
import { stepPerformanceReport } from './step-performance.service.ts';

/** The scope and period every report takes: one agency, one commune (unit key) or the whole city. */
export const ReportQuery = z
  .object({
    from: IsoDate,
    to: IsoDate,
    agencyId: z.uuid().optional(),
    unit: z.string().min(1).max(40).optional(),
  })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'to must not be before from' })
  .refine((q) => !(q.agencyId && q.unit), { path: ['unit'], message: 'give agencyId or unit, not both' });

/**
 * The scope a caller may see: monitors and administrators any; others their own agency only (asking for
 * another scope is 403).
 */
export function reportScope(
  actor: { roles: readonly string[]; agencyId: string },
  q: { agencyId?: string | undefined; unit?: string | undefined },
): ReportScope {
  const everywhere = actor.roles.includes('monitor') || actor.roles.includes('admin');
  const scope: ReportScope = q.agencyId
    ? { kind: 'agency', agencyId: q.agencyId }
    : q.unit
      ? { kind: 'unit', unitKey: q.unit }
      : everywhere
        ? { kind: 'city' }
        : { kind: 'agency', agencyId: actor.agencyId };
  if (!everywhere && !(scope.kind === 'agency' && scope.agencyId === actor.agencyId))
    throw new DomainError('auth.forbidden', {});
  return scope;
}

export function reportsRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;

  app.get(
    '/api/reports/statistics',
    {
      config: { access: { roles: ['leader', 'monitor', 'admin'] } },
      schema: {
        tags: ['reports'],
        summary:
          "Records of a period [from, to] by agency, receiving agency, channel, procedure or field (whole months), officer (one agency) or month: received by channel, resolved early/on time/late, in progress on time/overdue at the end (judged at the start of today when the period ends later; by procedure or field at the start of this month), supplements, refusals, withdrawals, returned. Counted once, by competent agency; a one-stop unit's own statistics are the records it received, by competent agency.",
        querystring: ReportQuery.and(
          z.object({
            groupBy: z
              .enum(['total', 'agency', 'receiving', 'channel', 'procedure', 'field', 'officer', 'month'])
              .default('agency'),
            receivingAgencyId: z.uuid().optional(),
            channel: z.enum(['in_person', 'online', 'post']).optional(),
          }),
        ),
        response: { 200: StatisticsResponse },
      },
    },
    async (req) =>
      statistics(db, { ...req.query, scope: reportScope(req.actor!, req.query), now: deps.clock.now() }),
  );

  app.get(
    '/api/reports/step-performance',
    {
      config: { access: { roles: ['leader', 'monitor', 'admin'] } },
      schema: {
        tags: ['reports'],
        summary:
          "Each agency's performance on the steps it held for other agencies' records (inter-agency steps: the step's agency is not the record's competent agency) in a period [from, to]: steps received, finished early / on time / late against the step's own due time, sent back to an earlier step, and open at the end with those overdue. One row per agency holding steps (leaders: their own agency; monitors and administrators: any agency, a commune's agencies (unit) or the city) and a total. Per visit: a step sent back and done again counts twice. The records themselves are counted once, by their competent agency, in /api/reports/statistics.",
        querystring: ReportQuery,
        response: { 200: StepPerformanceResponse, 404: problemSchema(['unit.not_found']) },
      },
    },
    async (req) =>
      stepPerformanceReport(db, {
        from: req.query.from,
        to: req.query.to,
        scope: reportScope(req.actor!, req.query),
        now: deps.clock.now(),
      }),
  );

  app.get(
    '/api/reports/index766',
    {
      config: { access: { roles: ['leader', 'monitor', 'admin'] } },
      schema: {
        tags: ['reports'],
        summary:
          'The Decision 766 index (100 points, five groups) of an agency, a commune or the city for a period [from, to]: each indicator with numerator, denominator, ratio and points. What cannot be measured yet is marked and listed (unmeasured); the total is what the measured indicators earned, stated with their maxima (measuredMax), never extrapolated to the full 100',
        querystring: ReportQuery,
        response: {
          200: Index766Response,
        },
      },
    },
    async (req) => {
      const r = await index766(db, { ...req.query, scope: reportScope(req.actor!, req.query) });
      const groups = r.score.groups.map((g) => ({ ...g, indicators: [...g.indicators] }));
      return {
        total: r.score.total,
        max: r.score.max,
        measuredMax: r.score.measuredMax,
        unmeasured: [...r.score.unmeasured],
        groups,
        weightsFrom: r.weightsFrom,
        counts: r.counts,
      };
    },
  );

  app.get(
    '/api/reports/index766/records',
    {
      config: { access: { roles: ['leader', 'monitor', 'admin'] } },
      schema: {
        tags: ['reports'],
        summary:
          'Drill-down: the records received in the period that cost points on one record-level Decision 766 indicator, by record id (keyset: pass `next` as `after`)',
        querystring: ReportQuery.and(
          z.object({
            indicator: z.enum(DRILL_INDICATORS),
            after: z.uuid().optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
        ),
        response: {
          200: Index766RecordsResponse,
        },
      },
    },
    async (req) => {
      const items = await recordsCostingPoints(db, {
        ...req.query,
        scope: reportScope(req.actor!, req.query),
      });
      return { items, next: items.length === req.query.limit ? (items.at(-1)?.recordId ?? null) : null };
    },
  );

  app.get(
    '/api/reports/cross-boundary',
    {
      config: { access: { roles: ['leader', 'monitor', 'admin'] } },
      schema: {
        tags: ['reports'],
        summary:
          'Monthly report of records received regardless of administrative boundaries: per receiving and competent agency, received, resolved on time / late, in progress, returned',
        querystring: z.object({
          month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM'),
          agencyId: z.uuid().optional(),
          unit: z.string().min(1).max(40).optional(),
        }),
        response: {
          200: CrossBoundaryResponse,
        },
      },
    },
    async (req) =>
      crossBoundaryReport(db, { month: req.query.month, scope: reportScope(req.actor!, req.query) }),
  );
}
