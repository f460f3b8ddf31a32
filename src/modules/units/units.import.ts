import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { uuidv7 } from 'uuidv7';
import {
  type AdminUnit,
  canThoAgencies,
  successorLinks,
  unitsFrom2025,
  unitsPre2025,
} from '../../core/units/index.ts';
import { normalizeSearchText } from '../../core/vn/index.ts';
import type { Tx } from '../../platform/db/index.ts';
import type { Progress } from '../../platform/progress.ts';
import * as store from './units.store.ts';

export interface UnitsImportReport {
  readonly units: { generation: string; level: number; n: number }[];
  readonly successions: number;
  readonly agencies: number;
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function unitRow(u: AdminUnit): store.AdminUnitRow {
  return {
    key: u.key,
    code: u.code,
    generation: u.generation,
    name: u.name,
    fullName: u.fullName,
    nameEn: u.nameEn ?? null,
    kind: u.kind,
    level: u.level,
    parentKey: u.parentKey ?? null,
    validFrom: u.validFrom ?? null,
    validTo: u.validTo ?? null,
    searchText: normalizeSearchText(`${u.fullName} ${u.name} ${u.code}`),
  };
}

/**
 * Imports the administrative units of both generations, the old → new links (Can Tho from Resolution
 * 1668, the rest of the country from the lower-confidence national mapping) and Can Tho's agencies.
 * Idempotent: existing keys are left as they are.
 */
export async function importUnitsAndAgencies(
  tx: Tx,
  dataDir: string,
  progress: Progress,
): Promise<UnitsImportReport> {
  const units2025 = unitsFrom2025(
    readJson(join(dataDir, 'vn-admin-units-2025/vn_units_full_2025-07-01.json')),
  );
  const unitsOld = unitsPre2025(
    readJson(join(dataDir, 'vn-admin-units-pre2025/vn_units_63_provinces_2025-03-01.json')),
  );
  const links = successorLinks(
    readFileSync(
      join(dataDir, 'vn-admin-mapping-2025/can_tho_92_old_to_new_from_resolution_1668.csv'),
      'utf8',
    ),
    readJson(join(dataDir, 'vn-admin-mapping-2025/splits_old_to_new.json')),
  );
  const rows = [...units2025, ...unitsOld].map(unitRow).sort((a, b) => a.level - b.level);
  progress.start(rows.length + links.length, 'units');
  await store.insertUnits(tx, rows, (n) => progress.increment(n));
  await store.insertSuccessions(
    tx,
    links.map((l) => ({
      fromKey: l.fromKey,
      toKey: l.toKey,
      share: l.share,
      source: l.source,
      confidence: l.confidence,
      note: l.note ?? null,
    })),
    (n) => progress.increment(n),
  );
  progress.stop();

  const agencies = canThoAgencies(units2025);
  const ids = new Map(agencies.map((a) => [a.key, uuidv7()]));
  const unitKeys = new Map(units2025.map((u) => [u.code, u.key]));
  await store.insertAgencies(
    tx,
    agencies.map((a) => ({
      id: ids.get(a.key)!,
      key: a.key,
      code: a.code,
      name: a.name,
      shortName: a.shortName,
      kind: a.kind,
      level: a.level,
      unitKey: unitKeys.get(a.unitCode)!,
      parentId: a.parentKey ? (ids.get(a.parentKey) ?? null) : null,
      canReceive: a.canReceive,
      validFrom: a.validFrom ?? null,
      validTo: a.validTo ?? null,
      searchText: normalizeSearchText(`${a.name} ${a.shortName} ${a.code}`),
    })),
  );
  return {
    units: await store.countUnits(tx),
    successions: links.length,
    agencies: await store.countAgencies(tx),
  };
}
