import { DomainError } from '../../../core/errors/index.ts';
import { readSpreadsheet } from '../../../platform/spreadsheet.ts';

const unreadable = (message: string, messageVi: string) =>
  new DomainError(
    'official.import_invalid',
    {},
    { issues: [{ path: 'file', code: 'unreadable_file', message, messageVi }] },
  );

/**
 * The rows of an HR export: an .xlsx workbook (its first sheet) or a CSV file (UTF-8, comma or semicolon
 * separated, as Excel saves it), read with exceljs; cells as text. A phone number stored as a number
 * (912345678) is read as its digits; the import's phone check accepts it with or without the leading 0.
 * @throws official.import_invalid (path `file`) when the file is neither
 */
export function readOfficialsFile(bytes: Uint8Array, fileName: string): Promise<string[][]> {
  // The first lines may be a title without separators: the separator is counted over the first 20.
  return readSpreadsheet(bytes, fileName, { unreadable, sniffLines: 20 });
}
