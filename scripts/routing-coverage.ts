/**
 * How many catalogue procedures resolve to a competent agency for every commune of Can Tho, and why the
 * others do not (grouped). Pure: parses data/vn-tthc-catalog with src/core/catalog, builds the agencies the
 * seed creates (canThoAgencies plus, when present, the sector bodies the catalogue names), and calls
 * `competentAgency` for each commune with every routing fact set to that commune (`level` both ways for a
 * case-by-case rule), as the readiness check does.
 *
 *   node scripts/routing-coverage.ts [--json] [--examples]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as catalog from '../src/core/catalog/index.ts';
import * as records from '../src/core/records/index.ts';
import * as units from '../src/core/units/index.ts';
import { DEFAULT_SEED_DATA_DIR } from '../src/platform/paths.ts';
import { createProgress } from '../src/platform/progress.ts';

const dir = DEFAULT_SEED_DATA_DIR;
const json = process.argv.includes('--json');
const examples = process.argv.includes('--examples');
const units2025 = units.unitsFrom2025(
  JSON.parse(readFileSync(join(dir, 'vn-admin-units-2025/vn_units_full_2025-07-01.json'), 'utf8')),
);
const lines = readFileSync(join(dir, 'vn-tthc-catalog/procedures_cap_tinh_cap_xa.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim());
const drafts = lines.map((l) => catalog.parseProcedure(catalog.RawProcedure.parse(JSON.parse(l))).draft);
const derive = (units as Record<string, unknown>).canThoSectorBodies as
  | ((p: unknown[], u: unknown[]) => units.Agency[])
  | undefined;
const agencies: units.Agency[] = [
  ...units.canThoAgencies(units2025),
  ...(derive ? derive(drafts, units2025) : []),
];
const communes = units2025.filter((u) => u.level === 2 && u.parentCode === '92').map((u) => u.code);

const groups = new Map<string, string[]>();
let resolved = 0;
const progress = createProgress();
progress.start(drafts.length, 'procedures');
for (const d of drafts) {
  const rule = d.competentAgencyRule;
  let failure: string | undefined;
  for (const c of communes) {
    const base = {
      residenceUnitCode: c,
      landParcelUnitCode: c,
      businessUnitCode: c,
      originalUnitCode: c,
    };
    const levels = rule.kind === 'city_or_commune_by_case' ? (['city', 'commune'] as const) : [undefined];
    for (const level of levels) {
      const r = records.competentAgency(rule, level ? { ...base, level } : base, agencies);
      if (!r.ok) {
        const p = r.error.params as Record<string, unknown>;
        failure = `${p.reason}${p.department ? ` — ${p.department}` : ''}${p.rule ? ` [${p.rule}]` : ''}`;
        break;
      }
    }
    if (failure) break;
  }
  if (failure) groups.set(failure, [...(groups.get(failure) ?? []), d.code]);
  else resolved++;
  progress.increment();
}
progress.stop();

const sorted = [...groups].sort((a, b) => b[1].length - a[1].length);
const byReason = new Map<string, number>();
for (const [k, v] of sorted) {
  const reason = k.split(' ')[0]!;
  byReason.set(reason, (byReason.get(reason) ?? 0) + v.length);
}
if (json) {
  process.stdout.write(
    `${JSON.stringify({ procedures: drafts.length, agencies: agencies.length, resolved, byReason: Object.fromEntries(byReason), groups: Object.fromEntries(sorted) }, null, 2)}\n`,
  );
} else {
  process.stdout.write(
    `procedures: ${drafts.length}; agencies: ${agencies.length}; resolve for every commune: ${resolved}; unresolved: ${drafts.length - resolved}\n`,
  );
  process.stdout.write(`by reason: ${[...byReason].map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
  for (const [k, v] of sorted) {
    process.stdout.write(
      `${String(v.length).padStart(5)}  ${k}${examples ? `  (${v.slice(0, 4).join(', ')})` : ''}\n`,
    );
  }
}
