import type { FieldIssue } from '../errors/index.ts';
import { normalizeSearchText } from '../vn/index.ts';

/**
 * A city's published list of procedures received regardless of administrative boundaries (danh mục thủ
 * tục hành chính tiếp nhận không phụ thuộc địa giới hành chính, Decree 118/2025 art. 14), read from the
 * rows of an uploaded sheet. Pure: the caller reads the CSV or xlsx file into rows of cell texts.
 *
 * The shape of a published list: a title, then a header row with "STT", "Mã TTHC" (or "Mã thủ tục",
 * "Mã số", "Mã hồ sơ TTHC", "code"), "Tên thủ tục hành chính" (or "name"), maybe "Lĩnh vực", "Ghi chú"
 * (or "notes"), then one row per procedure, with section rows ("I. LĨNH VỰC HỘ TỊCH") that have no code.
 */

/** A national procedure code ("1.001193", "2.000828.000.00.00.H12"). */
export const PROCEDURE_CODE = /^\d\.\d{6}(\.[A-Z0-9.]+)?$/;

export interface ListItem {
  /** The sheet row, 1-based, as a spreadsheet numbers it. */
  readonly rowNo: number;
  readonly code: string;
  readonly name: string | null;
  readonly notes: string | null;
}

export type ListRead =
  | { readonly ok: true; readonly items: ListItem[]; readonly headerRow: number }
  | { readonly ok: false; readonly issues: FieldIssue[] };

const HEADER_SCAN_ROWS = 30;
const isCodeHeader = (t: string) =>
  /^(ma( so)?( ho so)?( tthc| thu tuc( hanh chinh)?)?|code|procedure code)$/.test(t);
const isNameHeader = (t: string) => /^(ten( thu tuc( hanh chinh)?| tthc)?|name|procedure name)$/.test(t);
const isNotesHeader = (t: string) => /^(ghi chu|notes?)$/.test(t);

function fileIssue(message: string, messageVi: string): FieldIssue {
  return { path: 'file', code: 'unreadable_list', message, messageVi };
}

/**
 * Reads the list's rows: finds the header row (the first with a code column within the first
 * {@link HEADER_SCAN_ROWS} rows), then takes every row with a code. A row whose code cell holds something
 * that is not a procedure code is an issue naming the row (`file.rows.<rowNo>.code`), and so is a numbered
 * row with a name but an empty code cell; other rows with an empty code cell (titles, section headings, blank
 * lines) are skipped. A code listed twice is kept once.
 */
export function readCrossBoundaryList(rows: readonly (readonly string[])[]): ListRead {
  const norm = (s: string | undefined) => normalizeSearchText(s ?? '').trim();
  let header = -1;
  let codeCol = -1;
  for (let i = 0; i < Math.min(rows.length, HEADER_SCAN_ROWS) && header < 0; i++) {
    const at = rows[i]!.findIndex((c) => isCodeHeader(norm(c)));
    if (at >= 0) {
      header = i;
      codeCol = at;
    }
  }
  if (header < 0) {
    return {
      ok: false,
      issues: [
        fileIssue(
          'no header row with a procedure code column ("Mã TTHC", "Mã thủ tục" or "code") in the first 30 rows',
          'Không tìm thấy dòng tiêu đề có cột mã thủ tục ("Mã TTHC", "Mã thủ tục") trong 30 dòng đầu',
        ),
      ],
    };
  }
  const head = rows[header]!.map(norm);
  const nameCol = head.findIndex(isNameHeader);
  const notesCol = head.findIndex(isNotesHeader);
  const cell = (row: readonly string[], col: number) => {
    const v = col >= 0 ? (row[col] ?? '').trim() : '';
    return v === '' ? null : v;
  };
  const items: ListItem[] = [];
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  for (let i = header + 1; i < rows.length; i++) {
    const row = rows[i]!;
    const code = cell(row, codeCol)?.replace(/\s+/g, '') ?? null;
    if (code === null) {
      // A numbered row ("12") with a procedure name but no code is a procedure the list means, not a
      // heading ("I. Lĩnh vực Hộ tịch"): skipping it would quietly leave that procedure off the list.
      const numbered = /^\d+\.?$/.test(row.find((c) => (c ?? '').trim() !== '')?.trim() ?? '');
      if (numbered && cell(row, nameCol) !== null) {
        issues.push({
          path: `file.rows.${i + 1}.code`,
          code: 'missing_code',
          message: `row ${i + 1}: a procedure without its code`,
          messageVi: `Dòng ${i + 1}: có tên thủ tục nhưng thiếu mã thủ tục`,
        });
      }
      continue;
    }
    if (!PROCEDURE_CODE.test(code)) {
      issues.push({
        path: `file.rows.${i + 1}.code`,
        code: 'not_a_procedure_code',
        message: `row ${i + 1}: "${code}" is not a procedure code (like 1.001193)`,
        messageVi: `Dòng ${i + 1}: "${code}" không phải là mã thủ tục hành chính`,
      });
      continue;
    }
    if (seen.has(code)) continue;
    seen.add(code);
    items.push({ rowNo: i + 1, code, name: cell(row, nameCol), notes: cell(row, notesCol) });
  }
  if (issues.length) return { ok: false, issues };
  if (items.length === 0) {
    return {
      ok: false,
      issues: [fileIssue('the list names no procedure', 'Danh mục không có thủ tục nào')],
    };
  }
  return { ok: true, items, headerRow: header + 1 };
}

/** Issues for listed codes the catalogue does not have, one per row. */
export function unknownCodeIssues(items: readonly ListItem[], known: ReadonlySet<string>): FieldIssue[] {
  return items
    .filter((i) => !known.has(i.code))
    .map((i) => ({
      path: `file.rows.${i.rowNo}.code`,
      code: 'unknown_procedure',
      message: `row ${i.rowNo}: no procedure ${i.code} in the catalogue`,
      messageVi: `Dòng ${i.rowNo}: không có thủ tục mã ${i.code} trong danh mục`,
    }));
}
