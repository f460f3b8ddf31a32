import { DomainError, type FieldIssue } from '../../../core/errors/index.ts';
import type { Tx } from '../../../platform/db/index.ts';
import type { Role } from '../../../platform/http/index.ts';
import { type AuditEntry, appendAudit } from '../../audit/index.ts';
import { agencyScope, isCityLevelAgency } from '../../units/index.ts';
import { deleteUserSessions, listUserSessionIds } from '../identity.store.ts';
import * as store from './organisation.store.ts';

export interface BulkResult {
  /** Accounts changed (the others already were as asked). */
  readonly changed: number;
  /** Sessions the session cache must forget after commit (roles changed or sessions ended). */
  readonly staleSessions: string[];
}

function issue(i: number, code: string, message: string, messageVi: string): FieldIssue {
  return { path: `body.userIds.${i}`, code, message, messageVi };
}

/** The accounts, locked, when the administrator manages every one; else the issues per position in `ids`. */
async function managedAccounts(tx: Tx, actor: { agencyId: string }, ids: readonly string[]) {
  const scope = await agencyScope(tx, actor.agencyId);
  const rows = new Map((await store.officialsByIdForUpdate(tx, [...new Set(ids)])).map((r) => [r.id, r]));
  const issues: FieldIssue[] = [];
  ids.forEach((id, i) => {
    const r = rows.get(id);
    if (!r || !scope.has(r.agencyId))
      issues.push(
        issue(
          i,
          'not_found',
          'no account you manage has this id',
          'không có tài khoản này trong phạm vi bạn quản trị',
        ),
      );
  });
  return { rows, issues };
}

/**
 * An administrator adds and/or removes roles on selected accounts (all of agencies they manage). All or
 * nothing: an account outside the scope, the administrator's own admin role removed or an account left
 * without a role are reported by position (`body.userIds.<i>`) and nothing changes. One audit row per account
 * changed.
 * @throws official.bulk_refused, user.role_not_grantable (monitor, by a non-city administrator)
 */
export async function bulkChangeRoles(
  tx: Tx,
  actor: { userId: string; agencyId: string },
  input: { userIds: readonly string[]; add: readonly Role[]; remove: readonly Role[] },
  meta: { now: Date; requestId?: string | undefined },
): Promise<BulkResult> {
  if (input.add.includes('monitor') && !(await isCityLevelAgency(tx, actor.agencyId)))
    throw new DomainError('user.role_not_grantable', { role: 'monitor' });
  const { rows, issues } = await managedAccounts(tx, actor, input.userIds);
  const next = new Map<string, string[]>();
  input.userIds.forEach((id, i) => {
    const r = rows.get(id);
    if (!r) return;
    const roles = [...new Set([...r.roles.filter((x) => !input.remove.includes(x as Role)), ...input.add])];
    if (id === actor.userId && !roles.includes('admin'))
      issues.push(
        issue(
          i,
          'self_lockout',
          'you cannot take your own admin role away',
          'không thể tự bỏ vai trò Quản trị của chính mình',
        ),
      );
    else if (roles.length === 0)
      issues.push(
        issue(
          i,
          'no_role_left',
          `${r.username} would have no role left`,
          `${r.username} sẽ không còn vai trò nào`,
        ),
      );
    else if ([...roles].sort().join(',') !== [...r.roles].sort().join(',')) next.set(id, roles);
  });
  if (issues.length)
    throw new DomainError('official.bulk_refused', { issueCount: issues.length }, { issues });
  const audit: AuditEntry[] = [];
  const staleSessions: string[] = [];
  for (const [id, roles] of next) {
    await store.updateOfficial(tx, id, { roles });
    staleSessions.push(...(await listUserSessionIds(tx, id)));
    audit.push({
      actorId: actor.userId,
      actorRole: 'admin',
      requestId: meta.requestId,
      action: 'user.updated',
      entityType: 'user',
      entityId: id,
      change: { bulk: true, before: { roles: rows.get(id)!.roles }, after: { roles } },
    });
  }
  if (audit.length) await appendAudit(tx, audit, meta.now);
  return { changed: next.size, staleSessions };
}

/**
 * An administrator deactivates (an official left the agency) or reactivates selected accounts. Deactivating
 * ends every session of the account at once. All or nothing, as {@link bulkChangeRoles}; an administrator
 * cannot deactivate themselves. One audit row per account changed.
 * @throws official.bulk_refused
 */
export async function bulkSetActive(
  tx: Tx,
  actor: { userId: string; agencyId: string },
  input: { userIds: readonly string[]; active: boolean },
  meta: { now: Date; requestId?: string | undefined },
): Promise<BulkResult> {
  const { rows, issues } = await managedAccounts(tx, actor, input.userIds);
  input.userIds.forEach((id, i) => {
    if (id === actor.userId && !input.active)
      issues.push(
        issue(
          i,
          'self_lockout',
          'you cannot deactivate your own account',
          'không thể tự khóa tài khoản của chính mình',
        ),
      );
  });
  if (issues.length)
    throw new DomainError('official.bulk_refused', { issueCount: issues.length }, { issues });
  const audit: AuditEntry[] = [];
  const staleSessions: string[] = [];
  for (const r of rows.values()) {
    if (r.active === input.active) continue;
    await store.updateOfficial(tx, r.id, {
      active: input.active,
      deactivatedAt: input.active ? null : meta.now,
    });
    const ended = input.active ? [] : await deleteUserSessions(tx, r.id);
    staleSessions.push(...ended);
    audit.push({
      actorId: actor.userId,
      actorRole: 'admin',
      requestId: meta.requestId,
      action: input.active ? 'user.reactivated' : 'user.deactivated',
      entityType: 'user',
      entityId: r.id,
      change: { bulk: true, ...(input.active ? {} : { endedSessions: ended.length }) },
    });
  }
  if (audit.length) await appendAudit(tx, audit, meta.now);
  return { changed: audit.length, staleSessions };
}
