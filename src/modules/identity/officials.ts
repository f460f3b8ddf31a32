import { sql } from 'kysely';
import type { Tx } from '../../platform/db/index.ts';
import { ROLES, type Role } from '../../platform/http/index.ts';
import * as store from './identity.store.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An official as a record step sees them: where they work, what they may do, whether they still work. */
export interface StepOfficial {
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly agencyId: string;
  readonly roles: Role[];
  readonly active: boolean;
}

function toStepOfficial(u: Omit<store.UserRow, 'passwordHash' | 'createdAt'>): StepOfficial {
  return {
    userId: u.id,
    username: u.username,
    displayName: u.displayName,
    agencyId: u.agencyId,
    roles: u.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
    active: u.active,
  };
}

/** The official with this id (active or not), or undefined for an unknown or malformed id (never a 500). */
export async function findStepOfficial(tx: Tx, id: string): Promise<StepOfficial | undefined> {
  if (!UUID.test(id)) return undefined;
  const u = await store.findUserById(tx, id);
  return u ? toStepOfficial(u) : undefined;
}

/** The active officials of an agency, by username (whom a step at that agency may be given to). */
export async function activeOfficialsOf(tx: Tx, agencyId: string): Promise<StepOfficial[]> {
  if (!UUID.test(agencyId)) return [];
  const users = await store.listUsers(tx, { agencyId, limit: 1000 });
  return users.filter((u) => u.active).map(toStepOfficial);
}

/**
 * How many active officials each agency has per role (who could take a step there): for each of
 * `agencyIds`, `{role, count}` of the roles its active officials hold (none: an empty list). One query.
 */
export async function activeOfficialCounts(
  tx: Tx,
  agencyIds: readonly string[],
): Promise<Map<string, { role: string; count: number }[]>> {
  const ids = [...new Set(agencyIds)].filter((id) => UUID.test(id));
  const out = new Map<string, { role: string; count: number }[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await sql<{ agencyId: string; role: string; n: number }>`
    select u.agency_id, r.role, count(*)::integer as n
    from users u cross join lateral unnest(u.roles) as r(role)
    where u.active and u.agency_id in (${sql.join(ids)})
    group by u.agency_id, r.role`.execute(tx);
  for (const r of rows.rows) out.get(r.agencyId)?.push({ role: r.role, count: Number(r.n) });
  return out;
}
