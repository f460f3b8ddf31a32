import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { uuidv7 } from 'uuidv7';
import {
  type AdminUnit,
  type Agency,
  type CatalogueAgencyText,
  canThoAgencies,
  canThoSectorBodies,
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
  readonly sectorBodies: number;
}

/** The catalogue file the sector bodies are derived from (the same file the seed imports). */
export const CATALOGUE_FILE = 'vn-tthc-catalog/procedures_cap_tinh_cap_xa.jsonl';

/** The competent and implementing agency texts of every procedure in the catalogue JSONL file. */
export function readCatalogueAgencyTexts(path: string): CatalogueAgencyText[] {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
  const out: CatalogueAgencyText[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as Record<string, unknown>;
    if (typeof r.ma_thu_tuc !== 'string') continue;
    out.push({
      code: r.ma_thu_tuc.trim(),
      competentAgencyText: text(r.co_quan_co_tham_quyen),
      implementingAgencyText: text(r.co_quan_thuc_hien),
    });
  }
  return out;
}

function units2025Of(dataDir: string): AdminUnit[] {
  return unitsFrom2025(readJson(join(dataDir, 'vn-admin-units-2025/vn_units_full_2025-07-01.json')));
}

/**
 * Inserts agencies (new keys only), resolving parents among the batch and the agencies already stored.
 * Returns how many rows were new.
 */
async function insertAgencyList(tx: Tx, agencies: readonly Agency[], units2025: readonly AdminUnit[]) {
  const before = await store.countAgencies(tx);
  const existing = new Map(
    (await tx.selectFrom('agencies').select(['id', 'key']).execute()).map((a) => [a.key, a.id]),
  );
  const ids = new Map(agencies.map((a) => [a.key, existing.get(a.key) ?? uuidv7()]));
  const parentId = (key: string | null) => (key ? (ids.get(key) ?? existing.get(key) ?? null) : null);
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
      parentId: parentId(a.parentKey),
      canReceive: a.canReceive,
      sector: a.sector,
      servesUnitCodes: a.servesUnitCodes,
      atOneStopCentre: a.atOneStopCentre,
      source: a.source,
      validFrom: a.validFrom ?? null,
      validTo: a.validTo ?? null,
      searchText: normalizeSearchText(`${a.name} ${a.shortName} ${a.code}`),
    })),
  );
  return (await store.countAgencies(tx)) - before;
}

/**
 * Adds the sector bodies the catalogue names (src/core/units `canThoSectorBodies`) to a database seeded
 * before they existed; agencies already there (same key) are left as they are. Returns how many were new.
 */
export async function importSectorBodies(tx: Tx, dataDir: string): Promise<number> {
  const units2025 = units2025Of(dataDir);
  const bodies = canThoSectorBodies(readCatalogueAgencyTexts(join(dataDir, CATALOGUE_FILE)), units2025);
  return insertAgencyList(tx, bodies, units2025);
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
 * 1668, the rest of the country from the lower-confidence national mapping) and Can Tho's agencies: the
 * People's Committees, departments and one-stop units, then the sector bodies the catalogue names.
 * Idempotent: existing keys are left as they are.
 */
export async function importUnitsAndAgencies(
  tx: Tx,
  dataDir: string,
  progress: Progress,
): Promise<UnitsImportReport> {
  const units2025 = units2025Of(dataDir);
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
  await insertAgencyList(tx, agencies, units2025);
  const sectorBodies = canThoSectorBodies(readCatalogueAgencyTexts(join(dataDir, CATALOGUE_FILE)), units2025);
  await insertAgencyList(tx, sectorBodies, units2025);
  return {
    units: await store.countUnits(tx),
    successions: links.length,
    agencies: await store.countAgencies(tx),
    sectorBodies: sectorBodies.length,
  };
}
