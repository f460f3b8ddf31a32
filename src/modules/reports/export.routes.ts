import { z } from 'zod';
import { fileResponse } from '../../contracts/common.ts';
import { XLSX } from '../../contracts/reports.ts';
import type { Tx } from '../../platform/db/index.ts';
import type { Deps } from '../../platform/deps.ts';
import { type App, problemSchema } from '../../platform/http/index.ts';
import { getAgency, getUnit } from '../units/index.ts';
import {
  statisticsFileName,
  statisticsWorkbook,
  stepPerformanceFileName,
  stepPerformanceWorkbook,
} from './export.service.ts';
import { ReportQuery, reportScope } from './reports.routes.ts';
import { type ReportScope, statistics } from './statistics.service.ts';
import { stepPerformanceReport } from './step-performance.service.ts';

const CHANNELS = { in_person: 'Trực tiếp', online: 'Trực tuyến', post: 'Bưu chính' } as const;

/** The query of `GET /api/reports/statistics`, so the file and the JSON answer the same question. */
const StatisticsExportQuery = ReportQuery.and(
  z.object({
    groupBy: z
      .enum(['total', 'agency', 'receiving', 'channel', 'procedure', 'field', 'officer', 'month'])
      .default('agency'),
    receivingAgencyId: z.uuid().optional(),
    channel: z.enum(['in_person', 'online', 'post']).optional(),
  }),
);

/** The scope in Vietnamese words, for the sheet's heading and the file name. @throws unit.not_found, agency.not_found */
async function scopeName(tx: Tx, scope: ReportScope): Promise<string> {
  if (scope.kind === 'city') return 'Toàn thành phố';
  if (scope.kind === 'unit') return (await getUnit(tx, scope.unitKey)).fullName;
  return (await getAgency(tx, scope.agencyId)).name;
}

/** The statistics as an Excel workbook (leaders, monitors and administrators, as the JSON). */
export function reportsExportRoutes(app: App, deps: Deps): void {
  const { db } = deps.database;

  app.get(
    '/api/reports/statistics.xlsx',
    {
      config: { access: { roles: ['leader', 'monitor', 'admin'] } },
      schema: {
        tags: ['reports'],
        summary:
          'GET /api/reports/statistics as an .xlsx workbook (sheet "Thống kê": scope and period, one row per group and a total row)',
        querystring: StatisticsExportQuery,
        produces: [XLSX],
        response: { 200: fileResponse([XLSX], 'the statistics workbook (attachment)') },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const scope = reportScope(req.actor!, q);
      const { rows, total } = await statistics(db, { ...q, scope, now: deps.clock.now() });
      const name = await scopeName(db, scope);
      const filters = [
        ...(q.receivingAgencyId
          ? [`Cơ quan tiếp nhận: ${(await getAgency(db, q.receivingAgencyId)).name}`]
          : []),
        ...(q.channel ? [`Kênh tiếp nhận: ${CHANNELS[q.channel]}`] : []),
      ];
      const file = await statisticsWorkbook({ ...q, scopeName: name, filters, rows, total });
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="${statisticsFileName(name, q.from, q.to)}"`)
        .send(file);
    },
  );

  app.get(
    '/api/reports/step-performance.xlsx',
    {
      config: { access: { roles: ['leader', 'monitor', 'admin'] } },
      schema: {
        tags: ['reports'],
        summary:
          'GET /api/reports/step-performance as an .xlsx workbook (sheet "Bước liên thông": scope and period, one row per agency holding steps for others and a total row)',
        querystring: ReportQuery,
        produces: [XLSX],
        response: {
          200: fileResponse([XLSX], 'the step-performance workbook (attachment)'),
          404: problemSchema(['unit.not_found']),
        },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const scope = reportScope(req.actor!, q);
      const { rows, total } = await stepPerformanceReport(db, { ...q, scope, now: deps.clock.now() });
      const name = await scopeName(db, scope);
      const file = await stepPerformanceWorkbook({ scopeName: name, from: q.from, to: q.to, rows, total });
      return reply
        .header('content-type', XLSX)
        .header(
          'content-disposition',
          `attachment; filename="${stepPerformanceFileName(name, q.from, q.to)}"`,
        )
        .send(file);
    },
  );
}
