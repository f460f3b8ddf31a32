import { readFileSync } from 'node:fs';
import { uuidv7 } from 'uuidv7';
import {
  defaultProcess,
  type ProcedureDraft,
  parseProcedure,
  RawProcedure,
  summarizeImport,
} from '../../core/catalog/index.ts';
import { normalizeSearchText } from '../../core/vn/index.ts';
import { contentDigest } from '../../platform/canonical-json.ts';
import { type Db, inTransaction } from '../../platform/db/index.ts';
import type { Progress } from '../../platform/progress.ts';
import * as store from './catalog.store.ts';

export interface CatalogImportReport {
  readonly file: string;
  readonly lines: number;
  readonly invalidLines: { line: number; reason: string }[];
  readonly created: number;
  readonly newVersions: number;
  readonly unchanged: number;
  readonly totals: { procedures: number; versions: number };
  readonly fields: ReturnType<typeof summarizeImport>;
  readonly seconds: number;
}

const BATCH = 200;

/** The headline time limit: in person first (the counter's appointment), else any channel with one. */
export function headlineTime(draft: ProcedureDraft) {
  const order = ['in_person', 'online', 'post'];
  const channels = [...draft.channels].sort((a, b) => order.indexOf(a.channel) - order.indexOf(b.channel));
  return channels.find((c) => c.time)?.time ?? null;
}

/**
 * Imports a JSONL procedure file into versioned procedures. A procedure whose content changed gets a new
 * version (the old one stays for records received under it); unchanged lines are skipped; text that
 * cannot be parsed is kept raw and counted, never dropped. Each batch is one transaction.
 */
export async function importCatalog(
  db: Db,
  opts: { file: string; effectiveFrom: string; now: Date; progress: Progress },
): Promise<CatalogImportReport> {
  const started = performance.now();
  const lines = readFileSync(opts.file, 'utf8').split('\n');
  const invalidLines: { line: number; reason: string }[] = [];
  const parsed: {
    draft: ProcedureDraft;
    raw: unknown;
    hash: string;
    report: { parsed: string[]; kept_raw: string[] };
  }[] = [];
  lines.forEach((text, i) => {
    if (!text.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      invalidLines.push({ line: i + 1, reason: 'not valid JSON' });
      return;
    }
    const raw = RawProcedure.safeParse(json);
    if (!raw.success) {
      invalidLines.push({
        line: i + 1,
        reason: raw.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; '),
      });
      return;
    }
    const { draft, report } = parseProcedure(raw.data);
    parsed.push({ draft, raw: json, hash: contentDigest(json), report });
  });

  let created = 0;
  let newVersions = 0;
  let unchanged = 0;
  opts.progress.start(parsed.length, 'procedures');
  const latest = await store.latestVersions(db);
  for (let i = 0; i < parsed.length; i += BATCH) {
    const chunk = parsed.slice(i, i + BATCH);
    await inTransaction(db, async (tx) => {
      const procedures: { id: string; code: string; createdAt: Date }[] = [];
      const versions: store.VersionInsert[] = [];
      const current: { procedureId: string; versionId: string }[] = [];
      for (const { draft, raw, hash } of chunk) {
        const prior = latest.get(draft.code);
        if (prior?.hash === hash) {
          unchanged++;
          continue;
        }
        const procedureId = prior?.procedureId ?? uuidv7();
        if (!prior) {
          procedures.push({ id: procedureId, code: draft.code, createdAt: opts.now });
          created++;
        } else newVersions++;
        const versionId = uuidv7();
        const version = (prior?.version ?? 0) + 1;
        const time = headlineTime(draft);
        const level = draft.levels.includes('commune') ? 'commune' : 'city';
        const process = time ? defaultProcess(level, time) : [];
        versions.push({
          id: versionId,
          procedureId,
          version,
          effectiveFrom: opts.effectiveFrom,
          sourceHash: hash,
          name: draft.name,
          field: draft.field,
          levels: draft.levels.join(','),
          decisionNo: draft.decisionNo ?? null,
          onlineLevel: draft.onlineLevel,
          crossBoundary: draft.crossBoundary,
          timeValue: time?.value ?? null,
          timeUnit: time?.unit ?? null,
          data: JSON.stringify({ ...draft, process }),
          raw: JSON.stringify(raw),
          searchName: normalizeSearchText(draft.name),
          searchText: normalizeSearchText(
            `${draft.code} ${draft.name} ${draft.field} ${draft.result.names.join(' ')}`,
          ),
          importedAt: opts.now,
        });
        current.push({ procedureId, versionId });
        latest.set(draft.code, { procedureId, version, hash });
      }
      await store.insertProcedures(tx, procedures);
      await store.insertVersions(tx, versions);
      await store.setCurrentVersions(tx, current);
    });
    opts.progress.increment(chunk.length);
  }
  opts.progress.stop();
  return {
    file: opts.file,
    lines: parsed.length + invalidLines.length,
    invalidLines,
    created,
    newVersions,
    unchanged,
    totals: await store.countProcedures(db),
    fields: summarizeImport(parsed.map((p) => p.report)),
    seconds: Math.round((performance.now() - started) / 10) / 100,
  };
}
