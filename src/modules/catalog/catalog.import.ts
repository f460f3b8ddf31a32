import { readFileSync } from 'node:fs';
import { uuidv7 } from 'uuidv7';
import {
  defaultProcess,
  type ProcedureDraft,
  parseProcedure,
  RawProcedure,
  summarizeImport,
} from '../../core/catalog/index.ts';
import {
  applyChanges,
  type ChangeSet,
  EDIT_FIELDS,
  headlineTime,
  type ProcedureData,
  type SourceDiff,
  sourceDiff,
} from '../../core/catalog/procedure-edit.ts';
import { contentDigest } from '../../platform/canonical-json.ts';
import { type Db, inTransaction } from '../../platform/db/index.ts';
import type { Progress } from '../../platform/progress.ts';
import * as admin from './catalog.admin.store.ts';
import * as store from './catalog.store.ts';
import { versionRow } from './catalog.version.ts';

export interface CatalogImportReport {
  readonly file: string;
  readonly lines: number;
  readonly invalidLines: { line: number; reason: string }[];
  readonly created: number;
  readonly newVersions: number;
  readonly unchanged: number;
  readonly totals: { procedures: number; versions: number };
  /**
   * Per procedure with a new version: the fields of the catalogue text that changed, its local edits
   * (kept on top of the new text) and those of them whose source part changed too (review them).
   */
  readonly sourceChanges: SourceChange[];
  readonly fields: ReturnType<typeof summarizeImport>;
  readonly seconds: number;
}

const BATCH = 200;

export { headlineTime };

/** One procedure's re-import diff (see {@link sourceDiff}). */
export interface SourceChange extends SourceDiff {
  readonly code: string;
  readonly name: string;
  readonly version: number;
}

/**
 * Imports a JSONL procedure file into versioned procedures. A procedure whose content changed gets a new
 * version (the old one stays for records received under it); unchanged lines are skipped; text that
 * cannot be parsed is kept raw and counted, never dropped. Each batch is one transaction.
 *
 * Local edits are never silently overwritten: the new version applies the procedure's local changes on top
 * of the new text, and `sourceChanges` lists, per procedure, the fields the source changed and which of them
 * collide with local edits. A procedure new to the catalogue follows the city's cross-boundary list, if any.
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
  const sourceChanges: SourceChange[] = [];
  opts.progress.start(parsed.length, 'procedures');
  const latest = await store.latestVersions(db);
  // Procedures new to the catalogue follow the city's cross-boundary list when it has one (item 5).
  const listed = await admin.latestCrossBoundaryCodes(db);
  for (let i = 0; i < parsed.length; i += BATCH) {
    const chunk = parsed.slice(i, i + BATCH);
    await inTransaction(db, async (tx) => {
      const procedures: { id: string; code: string; createdAt: Date }[] = [];
      const versions: store.VersionInsert[] = [];
      const current: { procedureId: string; versionId: string }[] = [];
      const changed = chunk.filter(({ draft, hash }) => latest.get(draft.code)?.hash !== hash);
      unchanged += chunk.length - changed.length;
      const priors = new Map(
        (
          await admin.latestVersionRows(tx, {
            codes: changed.filter((c) => latest.has(c.draft.code)).map((c) => c.draft.code),
          })
        ).map((r) => [r.code, r]),
      );
      for (const { draft, raw, hash } of changed) {
        const prior = priors.get(draft.code);
        const procedureId = prior?.procedureId ?? uuidv7();
        const level = draft.levels.includes('commune') ? 'commune' : 'city';
        const time = headlineTime(draft);
        let data: ProcedureData = { ...draft, process: time ? defaultProcess(level, time) : [] };
        let localChanges = (prior?.localChanges as ChangeSet | null) ?? null;
        if (!prior) {
          procedures.push({ id: procedureId, code: draft.code, createdAt: opts.now });
          created++;
          if (listed && listed.has(draft.code) !== draft.crossBoundary)
            localChanges = { crossBoundary: listed.has(draft.code) };
        } else {
          newVersions++;
          const old = RawProcedure.safeParse(prior.raw);
          const diff = old.success
            ? sourceDiff(parseProcedure(old.data).draft, draft, localChanges)
            : {
                sourceChanged: ['(unreadable earlier text)'],
                localEdits: EDIT_FIELDS.filter((f) => localChanges?.[f] !== undefined),
                collisions: [],
              };
          sourceChanges.push({ code: draft.code, name: draft.name, version: prior.version + 1, ...diff });
        }
        // Local edits stay on top of the new text: never silently overwritten.
        if (localChanges) data = applyChanges(data, localChanges).data;
        const version = (prior?.version ?? 0) + 1;
        // A version waiting for its date keeps its place: the new text takes effect no earlier.
        const effectiveFrom =
          prior && prior.effectiveFrom > opts.effectiveFrom ? prior.effectiveFrom : opts.effectiveFrom;
        const row = versionRow({
          procedureId,
          version,
          effectiveFrom,
          sourceHash: hash,
          data,
          raw,
          now: opts.now,
          origin: 'import',
          edit: null,
          localChanges,
        });
        versions.push(row);
        if (effectiveFrom <= opts.effectiveFrom) current.push({ procedureId, versionId: row.id });
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
    sourceChanges,
    fields: summarizeImport(parsed.map((p) => p.report)),
    seconds: Math.round((performance.now() - started) / 10) / 100,
  };
}
