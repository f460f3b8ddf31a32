import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './index.ts';

function toCsv(rows: readonly (readonly string[])[]): string {
  const cell = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);
  return rows.map((r) => r.map(cell).join(',')).join('\r\n');
}

describe('parseCsv', () => {
  it('reads CRLF rows, quoted commas, doubled quotes and a byte-order mark', () => {
    const text = '\uFEFFa,b,c\r\n1,"x, y","say ""hi"""\r\n\r\n2,,\r\n';
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'say "hi"'],
      ['2', '', ''],
    ]);
  });

  it('keeps a line break inside a quoted cell', () => {
    expect(parseCsv('a,"line 1\nline 2"\nb,c')).toEqual([
      ['a', 'line 1\nline 2'],
      ['b', 'c'],
    ]);
  });

  it('reads back whatever a CSV writer wrote', () => {
    const row = fc.array(fc.string(), { minLength: 2, maxLength: 6 });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 8 }), (rows) => {
        expect(parseCsv(toCsv(rows))).toEqual(rows);
      }),
    );
  });
});
