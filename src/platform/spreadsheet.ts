import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';

/** How a caller reads its uploads: its own error, how a number cell reads as text, how far to look for `;`. */
export interface SpreadsheetOptions {
  /** The error to throw when the file cannot be read (an English and a Vietnamese message). */
  readonly unreadable: (message: string, messageVi: string) => Error;
  /** A number cell as text (default: as JavaScript writes it). */
  readonly numberText?: (value: number) => string;
  /** How many first lines decide whether a CSV is separated by `;` or `,` (default 1). */
  readonly sniffLines?: number;
}

function cellText(value: ExcelJS.CellValue, numberText: (value: number) => string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue, numberText);
  }
  return String(value);
}

function sheetRows(sheet: ExcelJS.Worksheet, numberText: (value: number) => string): string[][] {
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    rows[n - 1] = (row.values as ExcelJS.CellValue[]).slice(1).map((v) => cellText(v, numberText));
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return rows;
}

/**
 * The rows of an uploaded spreadsheet: an .xlsx workbook (its first sheet) or a CSV file (UTF-8, comma or
 * semicolon separated, as Excel saves it), read with exceljs; every cell as text (a CSV cell stays as
 * written, so a phone number keeps its leading 0).
 * @throws the caller's `unreadable` error when the file is neither, or cannot be read
 */
export async function readSpreadsheet(
  bytes: Uint8Array,
  fileName: string,
  opts: SpreadsheetOptions,
): Promise<string[][]> {
  const { unreadable } = opts;
  const numberText = opts.numberText ?? String;
  const workbook = new ExcelJS.Workbook();
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    try {
      await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    } catch {
      throw unreadable('the .xlsx file could not be read', 'Không đọc được tệp .xlsx');
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) throw unreadable('the workbook has no sheet', 'Tệp không có trang tính nào');
    return sheetRows(sheet, numberText);
  }
  if (/\.xlsx?$/i.test(fileName))
    throw unreadable('the .xlsx file could not be read', 'Không đọc được tệp .xlsx');
  let text = new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/^\uFEFF/, '');
  if (text.includes('\u0000'))
    throw unreadable('the file is neither CSV nor .xlsx', 'Tệp không phải CSV hoặc .xlsx');
  const head = text.split(/\r?\n/, opts.sniffLines ?? 1).join('\n');
  const delimiter = (head.match(/;/g)?.length ?? 0) > (head.match(/,/g)?.length ?? 0) ? ';' : ',';
  if (!text.endsWith('\n')) text += '\n';
  try {
    const sheet = await workbook.csv.read(Readable.from([text]), {
      map: (v: unknown) => v,
      parserOptions: { delimiter },
    });
    return sheetRows(sheet, numberText);
  } catch {
    throw unreadable('the CSV file could not be read', 'Không đọc được tệp CSV');
  }
}
