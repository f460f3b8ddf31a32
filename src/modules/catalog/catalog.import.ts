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
import { canonicalJson, contentDigest } from '../../platform/canonical-json.ts';
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
  /**
   * Procedures whose catalogue text is unchanged but whose stored data differs from what this parser derives
   * from it (a database imported by an earlier parser): each got a new version, local edits re-applied.
   */
  readonly rederived: Rederived[];
  /** `sources: 'rederive-only'`: procedures whose text differs from the file or new to it, left untouched. */
  readonly sourceChangedSkipped: number;
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

/** One procedure re-derived from its unchanged text: the new version and the draft fields that differ. */
export interface Rederived {
  readonly code: string;
  readonly version: number;
  readonly fields: string[];
}

/** JSON as stored (undefined members dropped), so a fresh draft compares with one read from the database. */
function asStored(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

/** The top-level fields of stored procedure data that differ (canonical JSON). */
function differingFields(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => canonicalJson(a[k]) !== canonicalJson(b[k]));
}

/**
 * Imports a JSONL procedure file into versioned procedures. A procedure whose content changed gets a new
 * version (the old one stays for records received under it); unchanged lines are skipped; text that
 * cannot be parsed is kept raw and counted, never dropped. Each batch is one transaction.
 *
 * Local edits are never silently overwritten: the new version applies the procedure's local changes on top
 * of the new text, and `sourceChanges` lists, per procedure, the fields the source changed and which of them
 * collide with local edits. A procedure new to the catalogue follows the city's cross-boundary list, if any.
 *
 * A procedure whose text is unchanged is still compared with what this parser derives from it (local changes
 * applied): when the stored data differs (it was derived by an earlier parser, e.g. a residence rule without
 * `body: 'police'` or an unsplit checklist), it gets a new version with the new derivation and its local edits
 * on top (`rederived`). With `sources: 'rederive-only'` (start-up of an existing database) only that is done:
 * procedures whose text differs from the file, or that the database lacks, are left as they are
 * (`sourceChangedSkipped`), so an older shipped file never reverts a newer text an administrator imported.
 */
export async function importCatalog(
  db: Db,
  opts: {
    file: string;
    effectiveFrom: string;
    now: Date;
    progress: Progress;
    sources?: 'import' | 'rederive-only';
  },
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
  let sourceChangedSkipped = 0;
  const rederived: Rederived[] = [];
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
      const priors = new Map(
        (
          await admin.latestVersionRows(tx, {
            codes: chunk.filter((c) => latest.has(c.draft.code)).map((c) => c.draft.code),
          })
        ).map((r) => [r.code, r]),
      );
      for (const { draft, raw, hash } of chunk) {
        const prior = priors.get(draft.code);
        const sourceChanged = latest.get(draft.code)?.hash !== hash;
        if (sourceChanged && opts.sources === 'rederive-only') {
          sourceChangedSkipped++;
          continue;
        }
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
        } else if (!sourceChanged) {
          // Same text: a new version only when this parser derives something else from it.
          if (prior.sourceHash !== hash) {
            unchanged++;
            continue;
          }
          const derived = asStored(localChanges ? applyChanges(data, localChanges).data : data);
          const fields = differingFields(prior.data as Record<string, unknown>, derived);
          if (fields.length === 0) {
            unchanged++;
            continue;
          }
          rederived.push({ code: draft.code, version: prior.version + 1, fields });
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
    rederived,
    sourceChangedSkipped,
    fields: summarizeImport(parsed.map((p) => p.report)),
    seconds: Math.round((performance.now() - started) / 10) / 100,
  };
}
