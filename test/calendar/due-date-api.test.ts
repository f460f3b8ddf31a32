import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/context.ts';

/**
 * The due-date endpoint against every official 2024–2026 schedule row of data/vn-holidays, checked by an
 * independent reading of the CSV written here (weekdays minus listed days off plus listed make-up
 * Saturdays), and against the lunar reference data for the years the table does not cover.
 */

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const ms = (d: string) => Date.parse(`${d}T00:00:00Z`);
const addDays = (d: string, n: number) => iso(ms(d) + n * DAY);
const weekday = (d: string) => new Date(ms(d)).getUTCDay();

function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.trim().split('\n')) {
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (const ch of line) {
      if (ch === '"') quoted = !quoted;
      else if (ch === ',' && !quoted) {
        cells.push(cell);
        cell = '';
      } else cell += ch;
    }
    cells.push(cell);
    rows.push(cells);
  }
  return rows;
}

const text = readFileSync(
  new URL('../../data/vn-holidays/holiday_periods_2024_2027.csv', import.meta.url),
  'utf8',
);
const rows = csvRows(text)
  .slice(1)
  .map(([year, occasion, first, last, , makeUp, , status]) => ({
    year: Number(year),
    occasion: occasion!,
    first: first!,
    last: last!,
    makeUp: makeUp ? makeUp.split(/[;| ]+/).filter(Boolean) : [],
    status: status!,
  }));
const official = rows.filter(
  (r) => r.year >= 2024 && r.year <= 2026 && r.first && r.last && r.status !== 'pending-legislation',
);
// DOMAIN.md §7.3: National Day 2026 (the CSV row has no verified dates; the seed uses these).
official.push({
  year: 2026,
  occasion: 'Quốc khánh 2/9 (DOMAIN.md §7.3)',
  first: '2026-08-29',
  last: '2026-09-02',
  makeUp: ['2026-08-22'],
  status: 'announced',
});

const off = new Set<string>();
const makeUp = new Set<string>();
for (const r of official) {
  for (let d = r.first; d <= r.last; d = addDays(d, 1)) off.add(d);
  for (const m of r.makeUp) makeUp.add(m);
}
const working = (d: string) => makeUp.has(d) || (weekday(d) !== 0 && weekday(d) !== 6 && !off.has(d));
function expectedDue(from: string, n: number): string {
  let d = from;
  if (n === 0) {
    while (!working(d)) d = addDays(d, 1);
    return d;
  }
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (working(d)) left--;
  }
  return d;
}

async function due(from: string, workingDays: number, extra = '') {
  const res = await ctx.app.inject({
    method: 'GET',
    url: `/api/calendar/due-date?from=${encodeURIComponent(from)}&workingDays=${workingDays}${extra}`,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { dueDate: string; startDate: string; dueAt: string };
}

describe('due dates across every official 2024–2026 schedule row', () => {
  it('covers 14 dated rows of data/vn-holidays plus National Day 2026 from DOMAIN.md', () => {
    expect(official.length).toBe(15);
  });

  for (const row of official) {
    it(`${row.year} ${row.occasion} (${row.first} – ${row.last}): a record received before the break`, async () => {
      let before = addDays(row.first, -1);
      while (!working(before)) before = addDays(before, -1);
      for (const n of [1, 2, 5, 10]) {
        const r = await due(`${before}T09:30:00+07:00`, n);
        expect(r.dueDate, `${before} + ${n}`).toBe(expectedDue(before, n));
      }
      const firstAfter = expectedDue(before, 1);
      expect(firstAfter > row.last || makeUp.has(firstAfter)).toBe(true);
      const inside = await due(`${row.first}T10:00:00+07:00`, 0);
      expect(inside.dueDate).toBe(expectedDue(row.first, 0));
    });

    for (const m of row.makeUp) {
      it(`${row.year} ${row.occasion}: the make-up Saturday ${m} is a working day`, async () => {
        const friday = addDays(m, -1);
        expect((await due(`${friday}T10:00:00+07:00`, 1)).dueDate).toBe(
          working(friday) ? m : expectedDue(friday, 1),
        );
        expect((await due(`${m}T10:00:00+07:00`, 0)).dueDate).toBe(m);
      });
    }
  }

  it('does not count the reception day and ends at 24:00 of the last day (Civil Code arts. 147–148)', async () => {
    const r = await due('2026-03-02T08:00:00+07:00', 1);
    expect(r.dueDate).toBe('2026-03-03');
    expect(r.startDate).toBe('2026-03-02');
    expect(new Date(r.dueAt).toISOString()).toBe('2026-03-03T16:59:59.999Z');
  });

  it('gives the README example: 5 working days from the Friday before Tết 2026 is 27/2', async () => {
    expect((await due('2026-02-13T09:00:00+07:00', 5)).dueDate).toBe('2026-02-27');
  });

  it('applies the 15:00 cut-off only when asked', async () => {
    expect((await due('2026-03-02T15:30:00+07:00', 1)).dueDate).toBe('2026-03-03');
    expect((await due('2026-03-02T15:30:00+07:00', 1, '&cutoff=true')).dueDate).toBe('2026-03-04');
    expect((await due('2026-03-02T14:59:00+07:00', 1, '&cutoff=true')).dueDate).toBe('2026-03-03');
  });

  it('counts hour-based limits in office hours only, skipping the lunch break', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/calendar/due-date?from=2026-03-02T10:00:00%2B07:00&workingHours=4',
    });
    expect(res.statusCode).toBe(200);
    // 10:00–11:30 is 1.5 h; after lunch, 13:30 + 2.5 h = 16:00 (Vietnam time).
    expect(res.json()).toMatchObject({
      dueDate: '2026-03-02',
      dueAt: '2026-03-02T09:00:00.000Z',
      workingHours: 4,
    });
  });

  it('reads a date-time without offset as Vietnam time and a UTC instant as the Vietnam day it falls on', async () => {
    expect((await due('2026-03-02T23:30:00', 0)).dueDate).toBe('2026-03-02');
    expect((await due('2026-03-02T23:30:00.123+0700', 0)).dueDate).toBe('2026-03-02');
    expect((await due('2026-03-02', 1)).startDate).toBe('2026-03-02');
    // 20:00 UTC on Friday 27 Feb is 03:00 on Saturday 28 Feb in Vietnam: the next working day is Monday.
    expect((await due('2026-02-27T20:00:00Z', 0)).dueDate).toBe('2026-03-02');
  });
});

describe('due dates in years without an official schedule follow the lunar reference data', () => {
  const lunar = csvRows(
    readFileSync(
      new URL('../../data/vn-lunar-reference/tet_and_hung_kings_1901_2100.csv', import.meta.url),
      'utf8',
    ),
  )
    .slice(1)
    .map(([year, tet, hung]) => ({ year: Number(year), tet: tet!, hung: hung! }))
    .filter((r) => r.year >= 1968 && r.year <= 2050 && (r.year < 2024 || r.year > 2027));

  it('never falls on mùng 1 Tết or on Giỗ Tổ Hùng Vương (10/3 lunar), 1968–2050', async () => {
    expect(lunar.length).toBe(79);
    for (const r of lunar) {
      const tet = await due(`${r.tet}T09:00:00+07:00`, 0);
      expect(tet.dueDate > addDays(r.tet, 3), `Tết ${r.year}`).toBe(true);
      const hung = await due(`${r.hung}T09:00:00+07:00`, 0);
      expect(hung.dueDate > r.hung, `Giỗ Tổ ${r.year}`).toBe(true);
    }
  });
});

describe('bad input', () => {
  it.each([
    ['missing from', 'workingDays=3', 'query.from'],
    ['missing workingDays', 'from=2026-03-02', 'query.workingDays'],
    ['negative days', 'from=2026-03-02&workingDays=-1', 'query.workingDays'],
    ['fractional days', 'from=2026-03-02&workingDays=1.5', 'query.workingDays'],
    ['too many days', 'from=2026-03-02&workingDays=99999', 'query.workingDays'],
    ['a date that does not exist', 'from=2026-02-30&workingDays=1', 'query.from'],
    ['not a date', 'from=tomorrow&workingDays=1', 'query.from'],
    ['an hour 25', 'from=2026-03-02T25:00:00Z&workingDays=1', 'query.from'],
    ['both days and hours', 'from=2026-03-02&workingDays=1&workingHours=4', 'query.workingDays'],
  ])('rejects %s with 422 naming the field', async (_label, query, path) => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/calendar/due-date?${query}` });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
  });
});
