/**
 * Identity: officials' accounts with roles scoped to an agency, password login, server-side sessions.
 * Administrators manage their own agency and the agencies under it. Sign-ins are throttled per account and
 * per client address (`login_throttle`); passwords are checked for strength (zxcvbn).
 * Errors: auth.invalid_credentials, auth.too_many_attempts, auth.password_change_required,
 * auth.wrong_current_password, user.duplicate_username, user.not_found, user.self_lockout,
 * user.weak_password, user.role_not_grantable.
 */

export { identityRoutes } from './identity.routes.ts';
export {
  authenticate,
  createSessionCache,
  createUser,
  deleteStaleFailures,
  findOfficial,
  login,
  logout,
  openSession,
  type SessionCache,
  userNames,
} from './identity.service.ts';
export { activeOfficialCounts, activeOfficialsOf, findStepOfficial, type StepOfficial } from './officials.ts';
export { hashPassword } from './password.ts';
