import { z } from 'zod';
import { fileResponse } from '../../contracts/common.ts';
import { XLSX } from '../../contracts/reports.ts';
import type { Tx } from '../../platform/db/index.ts';
import type { Deps } from '../../platform/deps.ts';
import { type App, problemSchema } from '../../platform/http/index.ts';
import { feesCollected, registerWorkbook } from '../payments/index.ts';
import { getAgency, getUnit } from '../units/index.ts';
import { ReportQuery, reportScope } from './reports.routes.ts';
import { type ReportScope, scopeAgencies } from './statistics.service.ts';

const FeesRowView = z.object({
  key: z.string().describe('the agency id, the procedure code or the channel'),
  name: z.string(),
  payments: z.number().int(),
  collectedVnd: z.number().int(),
  refunds: z.number().int(),
  refundedVnd: z.number().int(),
  netVnd: z.number().int().describe('collected less refunded'),
  byChannel: z.object({
    online: z.number().int(),
    transfer: z.number().int(),
    cash: z.number().int(),
    card: z.number().int(),
  }),
});

async function scopeName(tx: Tx, scope: ReportScope): Promise<string> {
  if (scope.kind === 'city') return 'Toàn thành phố';
  if (scope.kind === 'unit') return (await getUnit(tx, scope.unitKey)).fullName;
  return (await getAgency(tx, scope.agencyId)).name;
}

/** Fees collected (by agency, procedure, channel) and the payments register as .xlsx (issue 18). */
export function paymentsReportRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;
  app.get(
    '/api/reports/payments',
    {
      config: { access: { roles: ['leader', 'monitor', 'admin'] } },
      schema: {
        tags: ['reports'],
        summary:
          'Fees collected in a period (payments paid, by when they were paid, Vietnam days), grouped by agency, procedure or channel, with refunds and the net; the same scopes as the other reports',
        querystring: ReportQuery.and(
          z.object({ groupBy: z.enum(['agency', 'procedure', 'channel']).default('agency') }),
        ),
        response: {
          200: z.object({ rows: z.array(FeesRowView), total: FeesRowView }),
          404: problemSchema(['unit.not_found', 'agency.not_found']),
        },
      },
    },
    async (req) => {
      const q = req.query;
      const scope = reportScope(req.actor!, q);
      return await feesCollected(db, {
        from: q.from,
        to: q.to,
        groupBy: q.groupBy,
        agencyIds: await scopeAgencies(db, scope),
      });
    },
  );

  app.get(
    '/api/reports/payments/register.xlsx',
    {
      config: { access: { roles: ['leader', 'monitor', 'admin'] } },
      schema: {
        tags: ['reports'],
        summary:
          'The payments register of a period as an .xlsx workbook (sheet "Sổ theo dõi thu phí": every paid payment with its receipt number, record, procedure, agency, channel, amount, transaction and refund; a total row)',
        querystring: ReportQuery,
        produces: [XLSX],
        response: {
          200: fileResponse(
            [XLSX],
            'the payments register (attachment); x-payment-count says how many payments',
          ),
          404: problemSchema(['unit.not_found', 'agency.not_found']),
        },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const scope = reportScope(req.actor!, q);
      const out = await registerWorkbook(db, {
        from: q.from,
        to: q.to,
        agencyIds: await scopeAgencies(db, scope),
        scopeName: await scopeName(db, scope),
      });
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="so-thu-phi-${q.from}-${q.to}.xlsx"`)
        .header('x-payment-count', String(out.rows))
        .send(out.bytes);
    },
  );
}
