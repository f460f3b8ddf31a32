import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendarService } from '../../src/modules/calendar/index.ts';
import { simulate } from '../../src/modules/reports/simulate.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

/**
 * The Excel export answers the statistics' own query with the same numbers: each cell of the downloaded
 * workbook is checked against the JSON endpoint for the same query, over a simulated history.
 */

let ctx: TestContext;
let monitor: string;
const FROM = '2026-01-01';
const TO = '2026-02-28';

beforeAll(async () => {
  ctx = await createTestContext();
  monitor = await ctx.signIn(['monitor'], { username: 'export.monitor' });
  const calendars = createCalendarService({ cutoffMinutes: ctx.deps.config.MOTCUA_CUTOFF });
  await simulate(ctx.database.db, calendars, {
    records: 40,
    from: '2026-01-05',
    to: '2026-02-20',
    seed: 11,
    online: 0.3,
    supplement: 0.2,
    late: 0.25,
    refused: 0.05,
    crossBoundary: 0.3,
  });
}, 300_000);
afterAll(() => ctx.close());

function get(url: string, token = monitor) {
  return ctx.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
}

interface Row {
  key: string;
  name: string;
  carriedOver: number;
  received: { total: number; in_person: number; online: number; post: number };
  resolved: { total: number; early: number; onTime: number; late: number; rejected: number };
  inProgress: { total: number; onTime: number; overdue: number };
  supplements: number;
  refused: number;
  withdrawn: number;
  stopped: number;
  returned: number;
  onTimeRate: number | null;
}

/** The sheet's columns after the name, as the report form orders them. */
const COLUMNS: [string, (r: Row) => number | null][] = [
  ['Tồn kỳ trước', (r) => r.carriedOver],
  ['Tổng số', (r) => r.received.total],
  ['Trực tiếp', (r) => r.received.in_person],
  ['Trực tuyến', (r) => r.received.online],
  ['Bưu chính', (r) => r.received.post],
  ['Tổng số', (r) => r.resolved.total],
  ['Trước hạn', (r) => r.resolved.early],
  ['Đúng hạn', (r) => r.resolved.onTime],
  ['Quá hạn', (r) => r.resolved.late],
  ['Trong đó từ chối giải quyết', (r) => r.resolved.rejected],
  ['Tổng số', (r) => r.inProgress.total],
  ['Trong hạn', (r) => r.inProgress.onTime],
  ['Quá hạn', (r) => r.inProgress.overdue],
  ['Yêu cầu bổ sung', (r) => r.supplements],
  ['Từ chối tiếp nhận', (r) => r.refused],
  ['Rút hồ sơ', (r) => r.withdrawn],
  ['Dừng xử lý', (r) => r.stopped],
  ['Đã trả kết quả', (r) => r.returned],
  ['Tỷ lệ đúng hạn', (r) => r.onTimeRate],
];

async function sheetOf(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('Thống kê');
  if (!ws) throw new Error('no sheet “Thống kê”');
  // The first column of each row, in order (row n at index n - 1, empty rows included).
  const text = Array.from({ length: ws.rowCount }, (_, i) => String(ws.getRow(i + 1).getCell(1).value ?? ''));
  return { ws, text };
}

describe('statistics as Excel', () => {
  it.each(['agency', 'channel'])('carries every number of the JSON grouped by %s', async (groupBy) => {
    const query = `from=${FROM}&to=${TO}&groupBy=${groupBy}`;
    const json = (await get(`/api/reports/statistics?${query}`)).json() as { rows: Row[]; total: Row };
    expect(json.total.received.total).toBeGreaterThan(0);
    const res = await get(`/api/reports/statistics.xlsx?${query}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const disposition = String(res.headers['content-disposition']);
    expect(disposition).toBe(`attachment; filename="thong-ke-toan-thanh-pho-${FROM}-${TO}.xlsx"`);
    expect(disposition).toMatch(/^[\x20-\x7e]+$/);

    const { ws, text } = await sheetOf(res.rawPayload);
    expect(text).toContain('Phạm vi: Toàn thành phố');
    expect(text).toContain('Kỳ báo cáo: từ ngày 01/01/2026 đến ngày 28/02/2026');
    const heading = text.indexOf(groupBy === 'agency' ? 'Cơ quan giải quyết' : 'Kênh tiếp nhận') + 1;
    expect(heading).toBeGreaterThan(0);
    const headings = ws.getRow(heading + 1);
    COLUMNS.forEach(([title], i) => {
      expect(headings.getCell(i + 2).value).toBe(title);
    });

    const expected = [...json.rows, { ...json.total, name: 'Tổng cộng' }];
    expect(ws.rowCount).toBe(heading + 1 + expected.length);
    expected.forEach((r, n) => {
      const row = ws.getRow(heading + 2 + n);
      if (groupBy === 'agency' || n === expected.length - 1) expect(row.getCell(1).value).toBe(r.name);
      COLUMNS.forEach(([title, value], i) => {
        expect(row.getCell(i + 2).value ?? null, `${r.name}: ${title}`).toBe(value(r));
      });
      expect(row.getCell(COLUMNS.length + 1).numFmt).toBe('0.0%');
    });
    if (groupBy === 'channel')
      expect(expected.slice(0, -1).map((_, n) => ws.getRow(heading + 2 + n).getCell(1).value)).toEqual(
        json.rows.map((r) => ({ in_person: 'Trực tiếp', online: 'Trực tuyến', post: 'Bưu chính' })[r.key]),
      );
  });

  it('names a commune in the heading and the ASCII file name', async () => {
    const res = await get(`/api/reports/statistics.xlsx?from=${FROM}&to=${TO}&groupBy=total&unit=2025:31135`);
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['content-disposition'])).toMatch(
      /^attachment; filename="thong-ke-[a-z0-9-]+-2026-01-01-2026-02-28\.xlsx"$/,
    );
    const { text } = await sheetOf(res.rawPayload);
    const unit = (await ctx.app.inject({ method: 'GET', url: '/api/units/2025:31135' })).json();
    expect(text).toContain(`Phạm vi: ${unit.fullName}`);
  });

  it('refuses a leader the city with 403, and a bad period with the JSON endpoint’s 422', async () => {
    const leader = await ctx.signIn(['leader'], { agencyKey: '31135-ttpvhcc', username: 'export.leader' });
    const city = await get(`/api/reports/statistics.xlsx?from=${FROM}&to=${TO}&unit=2025:31135`, leader);
    expect(city.statusCode).toBe(403);
    expect(city.json().code).toBe('auth.forbidden');
    const own = await get(`/api/reports/statistics.xlsx?from=${FROM}&to=${TO}`, leader);
    expect(own.statusCode).toBe(200);

    for (const query of [
      'from=2026-03-01&to=2026-02-01',
      'from=2026-01-05&to=2026-02-28&groupBy=procedure',
    ]) {
      const json = await get(`/api/reports/statistics?${query}`);
      const xlsx = await get(`/api/reports/statistics.xlsx?${query}`);
      expect(xlsx.statusCode).toBe(422);
      expect(xlsx.headers['content-type']).toContain('application/problem+json');
      const { instance: _a, traceId: _b, ...problem } = xlsx.json();
      const { instance: _c, traceId: _d, ...expected } = json.json();
      expect(problem).toEqual(expected);
    }
  });
});
