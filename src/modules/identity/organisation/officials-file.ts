import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { DomainError } from '../../../core/errors/index.ts';

const unreadable = (message: string, messageVi: string) =>
  new DomainError(
    'official.import_invalid',
    {},
    { issues: [{ path: 'file', code: 'unreadable_file', message, messageVi }] },
  );

/** A cell's text: numbers as written (a phone number typed as a number loses its leading 0: put back below). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  }
  return String(value);
}

function sheetRows(sheet: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    rows[n - 1] = (row.values as ExcelJS.CellValue[]).slice(1).map(cellText);
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return rows;
}

/**
 * The rows of an HR export: an .xlsx workbook (its first sheet) or a CSV file (UTF-8, comma or semicolon
 * separated, as Excel saves it), read with exceljs; cells as text. A phone number stored as a number
 * (912345678) is read as its digits; the import's phone check accepts it with or without the leading 0.
 * @throws official.import_invalid (path `file`) when the file is neither
 */
export async function readOfficialsFile(bytes: Uint8Array, fileName: string): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    try {
      await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    } catch {
      throw unreadable('the .xlsx file could not be read', 'Không đọc được tệp .xlsx');
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) throw unreadable('the workbook has no sheet', 'Tệp không có trang tính nào');
    return sheetRows(sheet);
  }
  if (/\.xlsx?$/i.test(fileName))
    throw unreadable('the .xlsx file could not be read', 'Không đọc được tệp .xlsx');
  let text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\uFEFF/, '');
  if (text.includes('\u0000'))
    throw unreadable('the file is neither CSV nor .xlsx', 'Tệp không phải CSV hoặc .xlsx');
  // The first lines may be a title without separators: count over the first 20.
  const head = text.split(/\r?\n/, 20).join('\n');
  const delimiter = (head.match(/;/g)?.length ?? 0) > (head.match(/,/g)?.length ?? 0) ? ';' : ',';
  if (!text.endsWith('\n')) text += '\n';
  try {
    // Cells stay text: a phone number keeps its leading 0.
    const sheet = await workbook.csv.read(Readable.from([text]), {
      map: (v: unknown) => v,
      parserOptions: { delimiter },
    });
    return sheetRows(sheet);
  } catch {
    throw unreadable('the CSV file could not be read', 'Không đọc được tệp CSV');
  }
}
