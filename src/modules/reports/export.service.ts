import ExcelJS from 'exceljs';
import type { IsoDate } from '../../core/calendar/index.ts';
import { normalizeSearchText } from '../../core/vn/index.ts';
import type { StatisticsGroup, StatisticsRow } from './statistics.service.ts';
import type { StepPerformanceRow } from './step-performance.service.ts';

/** The sheet's name, as leaders call the report. */
export const STATISTICS_SHEET = 'Thống kê';

/** One column of numbers: its heading (under a group heading, or alone), the number, its format. */
interface Column {
  readonly group?: string;
  readonly heading: string;
  readonly value: (r: StatisticsRow) => number | null;
  readonly percent?: boolean;
}

// The columns of the periodic report on records (tồn kỳ trước, tiếp nhận, đã giải quyết, đang giải quyết,
// ...), in the order of the JSON row, so a sheet reads like the printed form.
const COLUMNS: readonly Column[] = [
  { heading: 'Tồn kỳ trước', value: (r) => r.carriedOver },
  { group: 'Tiếp nhận trong kỳ', heading: 'Tổng số', value: (r) => r.received.total },
  { group: 'Tiếp nhận trong kỳ', heading: 'Trực tiếp', value: (r) => r.received.in_person },
  { group: 'Tiếp nhận trong kỳ', heading: 'Trực tuyến', value: (r) => r.received.online },
  { group: 'Tiếp nhận trong kỳ', heading: 'Bưu chính', value: (r) => r.received.post },
  { group: 'Đã giải quyết', heading: 'Tổng số', value: (r) => r.resolved.total },
  { group: 'Đã giải quyết', heading: 'Trước hạn', value: (r) => r.resolved.early },
  { group: 'Đã giải quyết', heading: 'Đúng hạn', value: (r) => r.resolved.onTime },
  { group: 'Đã giải quyết', heading: 'Quá hạn', value: (r) => r.resolved.late },
  { group: 'Đã giải quyết', heading: 'Trong đó từ chối giải quyết', value: (r) => r.resolved.rejected },
  { group: 'Đang giải quyết cuối kỳ', heading: 'Tổng số', value: (r) => r.inProgress.total },
  { group: 'Đang giải quyết cuối kỳ', heading: 'Trong hạn', value: (r) => r.inProgress.onTime },
  { group: 'Đang giải quyết cuối kỳ', heading: 'Quá hạn', value: (r) => r.inProgress.overdue },
  { heading: 'Yêu cầu bổ sung', value: (r) => r.supplements },
  { heading: 'Từ chối tiếp nhận', value: (r) => r.refused },
  { heading: 'Rút hồ sơ', value: (r) => r.withdrawn },
  { heading: 'Dừng xử lý', value: (r) => r.stopped },
  { heading: 'Đã trả kết quả', value: (r) => r.returned },
  { heading: 'Tỷ lệ đúng hạn', value: (r) => r.onTimeRate, percent: true },
];

const GROUP_HEADINGS: Record<StatisticsGroup, string> = {
  total: 'Phạm vi',
  agency: 'Cơ quan giải quyết',
  receiving: 'Cơ quan tiếp nhận',
  channel: 'Kênh tiếp nhận',
  procedure: 'Thủ tục hành chính',
  field: 'Lĩnh vực',
  officer: 'Cán bộ xử lý',
  month: 'Tháng',
};

const CHANNELS: Record<string, string> = { in_person: 'Trực tiếp', online: 'Trực tuyến', post: 'Bưu chính' };

/** What a statistics workbook shows: the rows and total of `statistics()` and what they are of. */
export interface StatisticsSheetInput {
  /** The scope in words: "Thành phố Cần Thơ", a commune, an agency. */
  readonly scopeName: string;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly groupBy: StatisticsGroup;
  /** Filters in words ("Kênh: Trực tuyến"), shown under the period. */
  readonly filters: readonly string[];
  readonly rows: readonly StatisticsRow[];
  readonly total: StatisticsRow;
}

function vnDate(d: IsoDate): string {
  const [y, m, day] = d.split('-');
  return `${day}/${m}/${y}`;
}

function rowName(groupBy: StatisticsGroup, r: StatisticsRow): string {
  if (groupBy === 'channel') return CHANNELS[r.key] ?? r.key;
  if (groupBy === 'month' && /^\d{4}-\d{2}$/.test(r.key)) return `${r.key.slice(5)}/${r.key.slice(0, 4)}`;
  if (groupBy === 'officer' && !r.key) return 'Chưa phân công';
  if (groupBy === 'total') return 'Tổng số';
  return r.name || r.key || '—';
}

/**
 * The statistics as an .xlsx workbook with one sheet "Thống kê": a title, the scope and period in
 * Vietnamese, two heading rows (group, column), one row per group and a total row, the on-time rate as a
 * percentage. The numbers are the rows' own, so the file and `GET /api/reports/statistics` agree.
 */
export async function statisticsWorkbook(input: StatisticsSheetInput): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Motcua';
  const ws = wb.addWorksheet(STATISTICS_SHEET);
  const width = COLUMNS.length + 1;
  const line = (text: string, bold = false) => {
    const row = ws.addRow([text]);
    ws.mergeCells(row.number, 1, row.number, width);
    row.getCell(1).font = { bold, size: bold ? 14 : 11 };
    return row;
  };
  line('THỐNG KÊ TÌNH HÌNH GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH', true);
  line(`Phạm vi: ${input.scopeName}`);
  line(`Kỳ báo cáo: từ ngày ${vnDate(input.from)} đến ngày ${vnDate(input.to)}`);
  for (const f of input.filters) line(f);
  ws.addRow([]);

  const groupRow = ws.addRow([GROUP_HEADINGS[input.groupBy], ...COLUMNS.map((c) => c.group ?? c.heading)]);
  const headRow = ws.addRow(['', ...COLUMNS.map((c) => c.heading)]);
  ws.mergeCells(groupRow.number, 1, headRow.number, 1);
  COLUMNS.forEach((c, i) => {
    const col = i + 2;
    if (!c.group) ws.mergeCells(groupRow.number, col, headRow.number, col);
    else if (COLUMNS[i - 1]?.group !== c.group) {
      const span = COLUMNS.slice(i).findIndex((x) => x.group !== c.group);
      const last = span === -1 ? COLUMNS.length + 1 : col + span - 1;
      if (last > col) ws.mergeCells(groupRow.number, col, groupRow.number, last);
    }
  });
  for (const row of [groupRow, headRow]) {
    row.font = { bold: true };
    row.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    row.eachCell((cell) => {
      cell.border = {
        top: { style: 'thin' },
        left: { style: 'thin' },
        bottom: { style: 'thin' },
        right: { style: 'thin' },
      };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE3F2FD' } };
    });
  }
  headRow.height = 45;
  ws.views = [{ state: 'frozen', xSplit: 1, ySplit: headRow.number }];

  const body = (r: StatisticsRow, name: string, bold: boolean) => {
    const row = ws.addRow([name, ...COLUMNS.map((c) => c.value(r))]);
    row.font = { bold };
    COLUMNS.forEach((c, i) => {
      row.getCell(i + 2).numFmt = c.percent ? '0.0%' : '#,##0';
    });
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.border = {
        top: { style: 'thin' },
        left: { style: 'thin' },
        bottom: { style: 'thin' },
        right: { style: 'thin' },
      };
    });
  };
  if (input.groupBy !== 'total') for (const r of input.rows) body(r, rowName(input.groupBy, r), false);
  body(input.total, 'Tổng cộng', true);

  ws.getColumn(1).width = 42;
  ws.getColumn(1).alignment = { wrapText: true, vertical: 'top' };
  for (let c = 2; c <= width; c++) ws.getColumn(c).width = 11;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** An ASCII file name for the workbook (no diacritics: some mail clients and old Excel mangle them). */
export function statisticsFileName(scopeName: string, from: IsoDate, to: IsoDate): string {
  const slug = normalizeSearchText(scopeName).replace(/ /g, '-').slice(0, 60) || 'pham-vi';
  return `thong-ke-${slug}-${from}-${to}.xlsx`;
}

/** The step performance sheet's name. */
export const STEP_PERFORMANCE_SHEET = 'Bước liên thông';

const STEP_COLUMNS: readonly {
  group?: string;
  heading: string;
  value: (r: StepPerformanceRow) => number | null;
  percent?: boolean;
}[] = [
  { heading: 'Bước đã nhận', value: (r) => r.received },
  { group: 'Đã hoàn thành', heading: 'Tổng số', value: (r) => r.finished.total },
  { group: 'Đã hoàn thành', heading: 'Trước hạn', value: (r) => r.finished.early },
  { group: 'Đã hoàn thành', heading: 'Đúng hạn', value: (r) => r.finished.onTime },
  { group: 'Đã hoàn thành', heading: 'Quá hạn', value: (r) => r.finished.late },
  { group: 'Đã hoàn thành', heading: 'Trong đó trả lại bước trước', value: (r) => r.sentBack },
  { heading: 'Dừng, không hoàn thành', value: (r) => r.closed },
  { group: 'Đang xử lý cuối kỳ', heading: 'Tổng số', value: (r) => r.open.total },
  { group: 'Đang xử lý cuối kỳ', heading: 'Quá hạn', value: (r) => r.open.overdue },
  { heading: 'Tỷ lệ đúng hạn', value: (r) => r.onTimeRate, percent: true },
];

/**
 * The step performance report as an .xlsx workbook, sheet "Bước liên thông": title, scope, period, two
 * heading rows, a row per agency and a total row, with the numbers of `GET /api/reports/step-performance`.
 */
export async function stepPerformanceWorkbook(input: {
  readonly scopeName: string;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly rows: readonly StepPerformanceRow[];
  readonly total: StepPerformanceRow;
}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Motcua';
  const ws = wb.addWorksheet(STEP_PERFORMANCE_SHEET);
  const width = STEP_COLUMNS.length + 1;
  const border = {
    top: { style: 'thin' },
    left: { style: 'thin' },
    bottom: { style: 'thin' },
    right: { style: 'thin' },
  } as const;
  const line = (text: string, bold = false) => {
    const row = ws.addRow([text]);
    ws.mergeCells(row.number, 1, row.number, width);
    row.getCell(1).font = { bold, size: bold ? 14 : 11 };
  };
  line('KẾT QUẢ XỬ LÝ CÁC BƯỚC LIÊN THÔNG THỰC HIỆN CHO CƠ QUAN KHÁC', true);
  line(`Phạm vi: ${input.scopeName}`);
  line(`Kỳ báo cáo: từ ngày ${vnDate(input.from)} đến ngày ${vnDate(input.to)}`);
  ws.addRow([]);
  const groupRow = ws.addRow(['Cơ quan thực hiện bước', ...STEP_COLUMNS.map((c) => c.group ?? c.heading)]);
  const headRow = ws.addRow(['', ...STEP_COLUMNS.map((c) => c.heading)]);
  ws.mergeCells(groupRow.number, 1, headRow.number, 1);
  STEP_COLUMNS.forEach((c, i) => {
    const col = i + 2;
    if (!c.group) ws.mergeCells(groupRow.number, col, headRow.number, col);
    else if (STEP_COLUMNS[i - 1]?.group !== c.group) {
      const span = STEP_COLUMNS.slice(i).findIndex((x) => x.group !== c.group);
      const last = span === -1 ? width : col + span - 1;
      if (last > col) ws.mergeCells(groupRow.number, col, groupRow.number, last);
    }
  });
  for (const row of [groupRow, headRow]) {
    row.font = { bold: true };
    row.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    row.eachCell((cell) => {
      cell.border = border;
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE3F2FD' } };
    });
  }
  headRow.height = 45;
  ws.views = [{ state: 'frozen', xSplit: 1, ySplit: headRow.number }];
  const body = (r: StepPerformanceRow, name: string, bold: boolean) => {
    const row = ws.addRow([name, ...STEP_COLUMNS.map((c) => c.value(r))]);
    row.font = { bold };
    STEP_COLUMNS.forEach((c, i) => {
      row.getCell(i + 2).numFmt = c.percent ? '0.0%' : '#,##0';
    });
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.border = border;
    });
  };
  for (const r of input.rows) body(r, r.name || r.agencyId, false);
  body(input.total, 'Tổng cộng', true);
  ws.getColumn(1).width = 42;
  ws.getColumn(1).alignment = { wrapText: true, vertical: 'top' };
  for (let c = 2; c <= width; c++) ws.getColumn(c).width = 12;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** An ASCII file name for the step performance workbook. */
export function stepPerformanceFileName(scopeName: string, from: IsoDate, to: IsoDate): string {
  const slug = normalizeSearchText(scopeName).replace(/ /g, '-').slice(0, 60) || 'pham-vi';
  return `buoc-lien-thong-${slug}-${from}-${to}.xlsx`;
}
