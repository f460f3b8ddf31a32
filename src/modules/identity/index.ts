/**
 * Identity: officials' accounts with roles scoped to an agency, password login, server-side sessions.
 * Administrators manage their own agency and the agencies under it. Sign-ins are throttled per account and
 * per client address (`login_throttle`); passwords are checked for strength (zxcvbn).
 * Errors: auth.invalid_credentials, auth.too_many_attempts, auth.password_change_required,
 * auth.wrong_current_password, user.duplicate_username, user.not_found, user.self_lockout,
 * user.weak_password, user.role_not_grantable, auth.mfa_required, auth.invalid_mfa_code,
 * auth.challenge_expired, auth.totp_already_enrolled, auth.totp_not_started, session.not_found.
 * Sessions end after an idle and an absolute limit per role; every sign-in and failure is audited; TOTP
 * (RFC 6238) is the second factor, required for administrators under MOTCUA_ADMIN_MFA (docs/SESSIONS.md).
 */

export { identityRoutes } from './identity.routes.ts';
export {
  authenticate,
  createSessionCache,
  createUser,
  deleteExpiredSignIns,
  deleteStaleFailures,
  findOfficial,
  login,
  logout,
  type OpenSessionOptions,
  openSession,
  type SessionCache,
  userNames,
} from './identity.service.ts';
export { activeOfficialCounts, activeOfficialsOf, findStepOfficial, type StepOfficial } from './officials.ts';
export { hashPassword } from './password.ts';
export { sessionPolicyFrom } from './session-config.ts';
