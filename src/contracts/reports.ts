/** Response contract of the reports module. Only zod: the web app imports the types. */
import { z } from 'zod';
import { UnitCounts766 } from '../core/reports/index-766.ts';

const Count3 = z.object({ total: z.number(), onTime: z.number(), overdue: z.number() });
export const StatisticsRowSchema = z.object({
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

export const StepPerformanceRowSchema = z.object({
  agencyId: z.string().describe('The agency that held the steps (empty in the total row)'),
  name: z.string(),
  received: z.number().describe('Steps received (started) in the period'),
  finished: z
    .object({ total: z.number(), early: z.number(), onTime: z.number(), late: z.number() })
    .describe("Steps finished in the period, early / on time / late against the step's own due time"),
  sentBack: z.number().describe('Among the finished: steps the agency sent back to an earlier step'),
  closed: z
    .number()
    .describe(
      'Steps that ended in the period without the agency finishing them: another parallel branch sent the record back before the split, or the record was withdrawn or stopped (not in finished)',
    ),
  open: z
    .object({ total: z.number(), overdue: z.number() })
    .describe(
      "Steps running at the period's end, and those past their due time then (or now, for a period not yet over); a step whose record waits for the applicant is not overdue",
    ),
  onTimeRate: z.number().nullable().describe('Early or on time among the finished; null when none finished'),
});

/** The response of GET /api/reports/step-performance. */
export const StepPerformanceResponse = z.object({
  rows: z.array(StepPerformanceRowSchema),
  total: StepPerformanceRowSchema,
});

/** GET /api/reports/statistics */
export const StatisticsResponse = z.object({
  rows: z.array(StatisticsRowSchema),
  total: StatisticsRowSchema,
});

export const IndicatorScore = z.object({
  id: z.string(),
  name: z.string(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  ratio: z.number().nullable(),
  points: z.number().nullable(),
  max: z.number(),
  measured: z.boolean(),
});

/** GET /api/reports/index766 */
export const Index766Response = z.object({
  total: z.number(),
  max: z.number(),
  measuredMax: z.number(),
  unmeasured: z.array(z.string()),
  weightsFrom: z.string(),
  groups: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      points: z.number().nullable(),
      max: z.number(),
      measuredMax: z.number(),
      measured: z.boolean(),
      indicators: z.array(IndicatorScore),
    }),
  ),
  counts: UnitCounts766.describe('the counts the index was computed from'),
});

/** GET /api/reports/index766/records */
export const Index766RecordsResponse = z.object({
  items: z.array(
    z.object({
      recordId: z.string(),
      code: z.string().nullable(),
      procedureCode: z.string(),
      competentAgencyId: z.string(),
      receivingAgencyId: z.string(),
      channel: z.string(),
      outcome: z.string(),
      receivedAt: z.string(),
      dueAt: z.string().nullable(),
      finishedAt: z.string().nullable(),
      rating: z.number().nullable(),
    }),
  ),
  next: z.string().nullable(),
});

/** GET /api/reports/cross-boundary */
export const CrossBoundaryResponse = z.object({
  month: z.string(),
  total: z.number(),
  rows: z.array(
    z.object({
      receivingAgencyId: z.string(),
      receivingAgency: z.string(),
      competentAgencyId: z.string(),
      competentAgency: z.string(),
      received: z.number(),
      resolvedOnTime: z.number(),
      resolvedLate: z.number(),
      inProgress: z.number(),
      returned: z.number(),
    }),
  ),
});

/** The media type of the Excel exports (statistics.xlsx, step-performance.xlsx). */
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
