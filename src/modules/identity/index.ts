/**
 * Identity: officials' accounts with roles scoped to an agency, password login, server-side sessions.
 * Errors: auth.invalid_credentials, user.duplicate_username, user.not_found, user.self_lockout.
 */

export { identityRoutes } from './identity.routes.ts';
export {
  authenticate,
  createSessionCache,
  createUser,
  findOfficial,
  login,
  logout,
  type SessionCache,
  userNames,
} from './identity.service.ts';
export { activeOfficialsOf, findStepOfficial, type StepOfficial } from './officials.ts';
export { hashPassword } from './password.ts';
