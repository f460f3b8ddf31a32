/**
 * Officials at city scale (part of identity): importing officials and their positions from a city's HR
 * export (.xlsx or CSV), bulk role changes and deactivation, the administrators' search over accounts, and
 * delegations (an official acting on behalf of a leader for a period). See docs/OFFICIALS.md.
 * Errors: official.import_invalid, official.bulk_refused, user.role_not_grantable, agency.not_found,
 * delegation.invalid, delegation.not_found, delegation.not_in_force.
 */

export { bulkChangeRoles, bulkSetActive } from './bulk.ts';
export {
  actingFor,
  createDelegation,
  type DelegatedAuthority,
  type DelegationRefusal,
  delegatedAuthorities,
  delegatedAuthority,
  listDelegations,
  revokeDelegation,
} from './delegations.ts';
export { importOfficialsCommand } from './import-command.ts';
export { type ImportSummary, importOfficials } from './import-officials.ts';
export { readOfficialsFile } from './officials-file.ts';
export { organisationRoutes } from './organisation.routes.ts';
export { searchManagedOfficials } from './search.ts';
