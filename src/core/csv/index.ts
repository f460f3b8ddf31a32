// Hand-written rather than a CSV package: core/ imports only core/ and zod (DESIGN.md §3), and the data
// files are small and regular.

/**
 * Splits RFC 4180 CSV text into rows of cells: double-quoted cells may hold commas, line breaks and `""`;
 * CRLF and LF both end a row; a leading byte-order mark and blank lines are ignored.
 * @throws RangeError when a quoted cell is not closed.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const endRow = () => {
    row.push(cell);
    if (row.length > 1 || row[0] !== '') rows.push(row);
    row = [];
    cell = '';
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      endRow();
    } else if (ch !== '\r') {
      cell += ch;
    }
  }
  if (quoted) throw new RangeError('CSV: a quoted cell is not closed');
  if (cell !== '' || row.length > 0) endRow();
  return rows;
}
