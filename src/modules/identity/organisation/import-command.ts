import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { isDomainError } from '../../../core/errors/index.ts';
import { inTransaction } from '../../../platform/db/index.ts';
import type { Deps } from '../../../platform/deps.ts';
import type { Progress } from '../../../platform/progress.ts';
import { findUserByUsername } from '../identity.store.ts';
import { type ImportSummary, importOfficials } from './import-officials.ts';
import { readOfficialsFile } from './officials-file.ts';

export interface ImportCommandResult {
  readonly ok: boolean;
  readonly text: string;
  readonly summary?: ImportSummary;
  readonly seconds: number;
}

/**
 * `motcua import officials <file> --as <admin> [--dry-run] [--deactivate-missing]`: the same import as the
 * API, acting as an administrator account (their scope, their name in the audit), with a progress bar.
 * Problems are printed one per row and column; nothing is written then.
 */
export async function importOfficialsCommand(
  deps: Deps,
  opts: { file: string; as: string; dryRun: boolean; deactivateMissing: boolean; progress: Progress },
): Promise<ImportCommandResult> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const db = deps.database.db;
  const admin = await findUserByUsername(db, opts.as.trim().toLowerCase());
  if (!admin?.active || !admin.roles.includes('admin'))
    return {
      ok: false,
      text: `--as ${opts.as}: no active administrator account has this username`,
      seconds: seconds(),
    };
  const rows = await readOfficialsFile(new Uint8Array(await readFile(opts.file)), basename(opts.file)).catch(
    (e: unknown) => e,
  );
  try {
    if (!Array.isArray(rows)) throw rows;
    const summary = await inTransaction(db, (tx) =>
      importOfficials(
        tx,
        { userId: admin.id, agencyId: admin.agencyId },
        {
          rows,
          fileName: basename(opts.file),
          dryRun: opts.dryRun,
          deactivateMissing: opts.deactivateMissing,
        },
        { now: deps.clock.now(), requestId: 'cli', progress: opts.progress },
      ),
    );
    const s = summary;
    const text = [
      `${s.dryRun ? 'dry run (nothing written): ' : ''}${s.rows} officials read`,
      `  created ${s.created}, updated ${s.updated}, unchanged ${s.unchanged}, deactivated ${s.deactivated}`,
      ...s.changes
        .slice(0, 50)
        .map((c) => `  ${c.action} ${c.username}${c.fields.length ? ` (${c.fields.join(', ')})` : ''}`),
      `  ${seconds().toFixed(1)} s`,
    ].join('\n');
    return { ok: true, text, summary, seconds: seconds() };
  } catch (e) {
    if (!isDomainError(e)) throw e;
    const issues = e.issues.map((i) => `  ${i.messageVi ?? i.message}`);
    const total = Number(e.params.issueCount ?? issues.length);
    return {
      ok: false,
      text: [`${e.code}: nothing was imported (${total} problems)`, ...issues].join('\n'),
      seconds: seconds(),
    };
  }
}
