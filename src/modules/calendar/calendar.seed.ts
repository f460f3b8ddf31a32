import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { uuidv7 } from 'uuidv7';
import { parseHolidaySchedule, type ScheduleEntry, statutoryHolidays } from '../../core/calendar/index.ts';
import type { Tx } from '../../platform/db/index.ts';
import * as store from './calendar.store.ts';

/**
 * Where the two sources in the shared research disagree, this says which one the seed used. The CSV
 * (data/vn-holidays) has no verified dates for National Day 2026; DOMAIN.md §7.3 gives them from
 * kienthuc.net.vn (13/10/2025, PM-approved plan): Sat 29/8 – Wed 2/9/2026 off, Mon 31/8 swapped and made up
 * on Sat 22/8/2026. The seed uses DOMAIN.md's dates; administrators can correct them.
 */
const NATIONAL_DAY_2026: readonly ScheduleEntry[] = [
  ...['2026-08-29', '2026-08-30', '2026-08-31', '2026-09-01', '2026-09-02'].map((date) => ({
    date,
    kind: 'day_off' as const,
    occasion: 'Quốc khánh 2/9',
    sourceNote:
      'DOMAIN.md §7.3: 5 days Sat 29/8 – Wed 2/9/2026 (kienthuc.net.vn 13/10/2025); the vn-holidays CSV has no verified dates',
    status: 'announced',
  })),
  {
    date: '2026-08-22',
    kind: 'working_day' as const,
    occasion: 'Quốc khánh 2/9 (làm bù)',
    sourceNote: 'DOMAIN.md §7.3: make-up working Saturday 22/8/2026 for the swapped Mon 31/8',
    status: 'announced',
  },
];

/** Years the seed covers with official schedules; other years fall back to the statutory rules. */
const OFFICIAL_YEARS = [2024, 2025, 2026];
/** The first year with no announced schedule in the data: seeded from the statutory rules. */
const STATUTORY_YEARS = [2027];

export interface HolidaySeedReport {
  readonly inserted: number;
  readonly notes: string[];
}

/** Seeds the holiday table on first run; existing days are kept (the admin table wins). */
export async function seedHolidays(tx: Tx, dataDir: string, now: Date): Promise<HolidaySeedReport> {
  const csv = readFileSync(join(dataDir, 'vn-holidays/holiday_periods_2024_2027.csv'), 'utf8');
  const parsed = parseHolidaySchedule(csv);
  const notes: string[] = [];
  const entries: ScheduleEntry[] = [];
  for (const e of parsed) {
    const year = Number(e.date.slice(0, 4));
    if (e.status === 'pending-legislation') continue;
    if (OFFICIAL_YEARS.includes(year)) entries.push(e);
  }
  entries.push(...NATIONAL_DAY_2026);
  notes.push(
    'Quốc khánh 2026: CSV row has no verified dates; used DOMAIN.md §7.3 (29/8–2/9, make-up Sat 22/8)',
  );
  const pending = parsed.filter((e) => e.status === 'pending-legislation');
  for (const p of pending)
    notes.push(`${p.date} ${p.occasion}: pending legislation, not seeded (add it once confirmed)`);
  for (const year of STATUTORY_YEARS) {
    for (const h of statutoryHolidays(year)) {
      entries.push({
        date: h.date,
        kind: 'day_off',
        occasion: h.name,
        sourceNote: `Labor Code 2019 ${h.rule}; no ${year} schedule announced in the data`,
        status: 'statutory',
      });
    }
    notes.push(
      `${year}: no official schedule in the data; seeded the statutory days (Labor Code arts. 111–112)`,
    );
  }
  let inserted = 0;
  for (const e of entries) {
    const ok = await store.insertHoliday(tx, {
      id: uuidv7(),
      day: e.date,
      kind: e.kind,
      occasion: e.occasion,
      sourceNote: e.sourceNote,
      status: e.status,
      origin: 'seed',
      createdAt: now,
      updatedAt: now,
    });
    if (ok) inserted++;
  }
  return { inserted, notes };
}
