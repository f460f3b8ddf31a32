import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProcedure } from '../catalog/parse-procedure.ts';
import { RawProcedure } from '../catalog/raw-procedure.ts';
import { computeFees } from './compute-fees.ts';
import { deriveFeeLines } from './derive-fee-lines.ts';

/**
 * The measured coverage docs/FEES.md states ("From the catalogue"): how the fee text of each of the 1,601
 * city and commune procedures of data/vn-tthc-catalog comes out. The doc's table and this measurement must
 * agree, so a parser change that moves a number fails here until the doc says so.
 */
const catalogue = readFileSync(
  new URL('../../../data/vn-tthc-catalog/procedures_cap_tinh_cap_xa.jsonl', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => parseProcedure(RawProcedure.parse(JSON.parse(l))).draft);
const doc = readFileSync(new URL('../../../docs/FEES.md', import.meta.url), 'utf8');

describe('fee lines derived from the published catalogue', () => {
  const measured: Record<string, number> = {};
  const derived = catalogue.map((d) => ({ d, fees: deriveFeeLines(d.channels, d.decisionNo ?? undefined) }));
  for (const { fees } of derived) measured[fees.status] = (measured[fees.status] ?? 0) + 1;

  it('matches the coverage table of docs/FEES.md', () => {
    const table = Object.fromEntries(
      [...doc.matchAll(/^\|\s*`([a-z_]+)`\s*\|\s*([\d,]+)\s*\|/gm)].map((m) => [
        m[1]!,
        Number(m[2]!.replace(/,/g, '')),
      ]),
    );
    expect(catalogue).toHaveLength(1601);
    expect(table).toEqual(measured);
    const total = /\*\*(\d[\d,]*) of the 1,601 procedures\*\*/.exec(doc);
    expect(Number(total?.[1]?.replace(/,/g, ''))).toBe((measured.structured ?? 0) + (measured.free ?? 0));
  });

  it('computes an amount for every structured procedure on every channel it lists, in whole đồng', () => {
    for (const { d, fees } of derived.filter((x) => x.fees.status === 'structured')) {
      for (const channel of new Set(d.channels.map((c) => c.channel))) {
        const a = computeFees(fees.lines, { channel, on: '2026-12-06' }, 'catalogue');
        expect(Number.isSafeInteger(a.totalVnd), d.code).toBe(true);
        const published = d.channels.find((c) => c.channel === channel)?.fees[0];
        // Without a reduction in force, the amount is the published one.
        if (published?.amountVnd !== undefined && a.lines.every((l) => l.adjustments.length === 0)) {
          expect(a.totalVnd, d.code).toBe(published.amountVnd);
        }
      }
    }
  });
});
