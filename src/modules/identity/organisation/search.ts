import { DomainError } from '../../../core/errors/index.ts';
import { normalizeSearchText } from '../../../core/vn/index.ts';
import type { Tx } from '../../../platform/db/index.ts';
import { agencyScope } from '../../units/index.ts';
import * as store from './organisation.store.ts';

export interface OfficialQuery {
  /** Words of the name (with or without Vietnamese marks) or the start of the username. */
  readonly q?: string | undefined;
  readonly agencyId?: string | undefined;
  readonly role?: string | undefined;
  readonly active?: boolean | undefined;
  /** The last username of the previous page. */
  readonly after?: string | undefined;
  readonly limit: number;
}

/**
 * Searches the officials an administrator manages (their agency and those under it): by whole words of the
 * name, in any order, without caring for marks ("nguyen an" finds "Nguyễn Văn An"), by the start of the username, by agency, role
 * and active flag; pages by username (keyset: `after`), so a page costs the same deep in 14,000 accounts.
 * @throws agency.not_found for an agency outside the administrator's scope
 */
export async function searchManagedOfficials(tx: Tx, actor: { agencyId: string }, query: OfficialQuery) {
  const scope = await agencyScope(tx, actor.agencyId);
  if (query.agencyId && !scope.has(query.agencyId))
    throw new DomainError('agency.not_found', { id: query.agencyId });
  const text = query.q?.trim() ?? '';
  const words = normalizeSearchText(text).split(' ').filter(Boolean);
  const items = await store.searchOfficials(tx, {
    words,
    usernamePrefix: text ? text.toLowerCase() : undefined,
    agencyIds: query.agencyId ? [query.agencyId] : [...scope],
    role: query.role,
    active: query.active,
    after: query.after,
    limit: query.limit,
  });
  return { items, next: items.length === query.limit ? (items[items.length - 1]?.username ?? null) : null };
}
