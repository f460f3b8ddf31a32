import { z } from 'zod';
import { IsoDate } from '../../core/calendar/index.ts';
import { DomainError } from '../../core/errors/index.ts';
import type { Deps } from '../../platform/deps.ts';
import type { App } from '../../platform/http/index.ts';
import { type ReportScope, statistics } from './statistics.service.ts';

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

const Count3 = z.object({ total: z.number(), onTime: z.number(), overdue: z.number() });
const StatisticsRowSchema = z.object({
  key: z.string(),
  name: z.string(),
  carriedOver: z.number(),
  received: z.object({ total: z.number(), in_person: z.number(), online: z.number(), post: z.number() }),
  resolved: z.object({
    total: z.number(),
    early: z.number(),
    onTime: z.number(),
    late: z.number(),
    rejected: z.number(),
  }),
  inProgress: Count3,
  supplements: z.number(),
  refused: z.number(),
  withdrawn: z.number(),
  stopped: z.number(),
  returned: z.number(),
  onTimeRate: z.number().nullable(),
});

export function reportsRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;

  app.get(
    '/api/reports/statistics',
    {
      config: { access: { roles: ['leader', 'monitor', 'admin'] } },
      schema: {
        tags: ['reports'],
        summary:
          'Records of a period [from, to] by agency, receiving agency, channel, procedure or field (whole months), officer (one agency) or month: received by channel, resolved early/on time/late, in progress on time/overdue at the end, supplements, refusals, withdrawals, returned. Counted once, by competent agency.',
        querystring: ReportQuery.and(
          z.object({
            groupBy: z
              .enum(['total', 'agency', 'receiving', 'channel', 'procedure', 'field', 'officer', 'month'])
              .default('agency'),
            receivingAgencyId: z.uuid().optional(),
            channel: z.enum(['in_person', 'online', 'post']).optional(),
          }),
        ),
        response: { 200: z.object({ rows: z.array(StatisticsRowSchema), total: StatisticsRowSchema }) },
      },
    },
    async (req) => statistics(db, { ...req.query, scope: reportScope(req.actor!, req.query) }),
  );
}
