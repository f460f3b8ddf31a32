/**
 * Groups: the Decree 63/2024 electronic inter-agency groups (DOMAIN.md §2.8) submitted online as one: one
 * linked record per member procedure at its competent agency, the group's own code and appointment (15:00
 * cut-off), tracked as one. Errors: group.not_found, request.invalid, and the record.* routing refusals.
 */
export { groupsRoutes } from './groups.routes.ts';
export { findGroupOfRecord, submitGroup } from './groups.service.ts';
