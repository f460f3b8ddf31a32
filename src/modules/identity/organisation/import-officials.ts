import { uuidv7 } from 'uuidv7';
import { DomainError } from '../../../core/errors/index.ts';
import {
  absentOfficials,
  listedUsernames,
  planOfficialsImport,
} from '../../../core/identity/import-officials.ts';
import type { Tx } from '../../../platform/db/index.ts';
import { type Progress, silentProgress } from '../../../platform/progress.ts';
import { type AuditEntry, appendAudit } from '../../audit/index.ts';
import { agencyScope, isCityLevelAgency } from '../../units/index.ts';
import { deleteUserSessions } from '../identity.store.ts';
import * as store from './organisation.store.ts';

/** At most this many issues are answered (a wholly wrong file of 14,000 rows would otherwise answer 14,000). */
export const MAX_ISSUES = 500;
/** At most this many changes are listed in the answer (the counts are always complete). */
export const PREVIEW_ITEMS = 200;

export interface ImportOptions {
  readonly rows: readonly (readonly string[])[];
  readonly fileName: string;
  /** Check and plan only; nothing is written. */
  readonly dryRun: boolean;
  /** A full re-import of the listed agencies: their active officials the file leaves out are deactivated. */
  readonly deactivateMissing: boolean;
}

export interface ImportChange {
  readonly rowNo: number | null;
  readonly username: string;
  readonly displayName: string;
  readonly action: 'create' | 'update' | 'deactivate';
  readonly fields: string[];
}

export interface ImportSummary {
  readonly dryRun: boolean;
  readonly rows: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly deactivated: number;
  readonly changes: ImportChange[];
  /** Sessions ended by deactivations (for the session cache). */
  readonly staleSessions: string[];
}

/**
 * An administrator imports officials from an HR export (see {@link planOfficialsImport} for the rules): every
 * row is checked first; when any is wrong nothing is written and every problem is reported by row and
 * column. Otherwise, in the caller's transaction: new accounts (no password: an administrator's password
 * reset or single sign-on gives them one; they must change it at the first sign-in), changes to existing
 * ones, and, when asked, the deactivation of the listed agencies' officials the file leaves out (their
 * sessions end). One audit row per account changed, naming the file. Running the same file again changes
 * nothing.
 * @throws official.import_invalid (issues `file.rows.<row>.<column>`)
 */
export async function importOfficials(
  tx: Tx,
  actor: { userId: string; agencyId: string },
  input: ImportOptions,
  meta: { now: Date; requestId?: string | undefined; progress?: Progress },
): Promise<ImportSummary> {
  const progress = meta.progress ?? silentProgress;
  const scope = await agencyScope(tx, actor.agencyId);
  const usernames = listedUsernames(input.rows);
  const outcome = planOfficialsImport(input.rows, {
    agencies: await store.importAgencies(tx),
    scope,
    existing: await store.officialsByUsername(tx, usernames),
    canGrantMonitor: await isCityLevelAgency(tx, actor.agencyId),
    actorUserId: actor.userId,
  });
  if (!outcome.ok)
    throw new DomainError(
      'official.import_invalid',
      { issueCount: outcome.issues.length, fileName: input.fileName },
      { issues: outcome.issues.slice(0, MAX_ISSUES) },
    );
  const plan = outcome.plan;
  const absent = input.deactivateMissing
    ? absentOfficials(plan, await store.activeOfficialsOfAgencies(tx, [...plan.agencyIds]), actor.userId)
    : [];
  const changes: ImportChange[] = [
    ...plan.create.map((r) => ({
      rowNo: r.rowNo,
      username: r.username,
      displayName: r.displayName,
      action: 'create' as const,
      fields: [],
    })),
    ...plan.update.map((u) => ({
      rowNo: u.row.rowNo,
      username: u.row.username,
      displayName: u.row.displayName,
      action: 'update' as const,
      fields: Object.keys(u.changes),
    })),
    ...absent.map((u) => ({
      rowNo: null,
      username: u.username,
      displayName: u.displayName,
      action: 'deactivate' as const,
      fields: ['active'],
    })),
  ];
  const summary = {
    dryRun: input.dryRun,
    rows: plan.rows,
    created: plan.create.length,
    updated: plan.update.length,
    unchanged: plan.unchanged.length,
    deactivated: absent.length,
    changes: changes.slice(0, PREVIEW_ITEMS),
  };
  if (input.dryRun) return { ...summary, staleSessions: [] };

  progress.start(plan.create.length + plan.update.length + absent.length, 'officials');
  const base = { actorId: actor.userId, actorRole: 'admin', requestId: meta.requestId, entityType: 'user' };
  const audit: AuditEntry[] = [];
  const created = plan.create.map((r) => ({ ...r, id: uuidv7() }));
  await store.insertOfficials(tx, created, meta.now, (n) => progress.increment(n));
  for (const r of created)
    audit.push({
      ...base,
      action: 'user.imported',
      entityId: r.id,
      change: {
        file: input.fileName,
        row: r.rowNo,
        username: r.username,
        displayName: r.displayName,
        agencyId: r.agencyId,
        position: r.position,
        roles: r.roles ?? ['specialist'],
      },
    });
  for (const u of plan.update) {
    await store.updateOfficial(tx, u.before.id, {
      ...u.changes,
      ...(u.changes.active ? { deactivatedAt: null } : {}),
    });
    audit.push({
      ...base,
      action: 'user.updated',
      entityId: u.before.id,
      change: {
        file: input.fileName,
        row: u.row.rowNo,
        before: Object.fromEntries(
          Object.keys(u.changes).map((k) => [k, u.before[k as keyof typeof u.before]]),
        ),
        after: u.changes,
      },
    });
    progress.increment();
  }
  const staleSessions: string[] = [];
  for (const u of absent) {
    await store.updateOfficial(tx, u.id, { active: false, deactivatedAt: meta.now });
    const ended = await deleteUserSessions(tx, u.id);
    staleSessions.push(...ended);
    audit.push({
      ...base,
      action: 'user.deactivated',
      entityId: u.id,
      change: { file: input.fileName, reason: 'absent_from_import', endedSessions: ended.length },
    });
    progress.increment();
  }
  for (let i = 0; i < audit.length; i += 1000) await appendAudit(tx, audit.slice(i, i + 1000), meta.now);
  progress.stop();
  return { ...summary, staleSessions };
}
