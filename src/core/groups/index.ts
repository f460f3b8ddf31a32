/**
 * Electronic inter-agency groups (Decree 63/2024, DOMAIN.md §2.8) as pure rules: the group definitions
 * (configuration with an effective date), the check of a submission's facts against what each member needs,
 * and the group's own appointment under the 15:00 cut-off. No I/O, no clock.
 */
export { type GroupAppointment, groupAppointment } from './appointment.ts';
export {
  BIRTH_GROUP,
  DEATH_GROUP,
  DECREE_63_GROUPS,
  findGroup,
  type GroupDefinition,
  type GroupFact,
  type GroupFactKind,
  type GroupMember,
  type GroupTimeLimit,
  groupsInForce,
} from './definitions.ts';
export { checkGroupFacts, factValue, type GroupFactIssue, type GroupFacts, underSix } from './facts.ts';
