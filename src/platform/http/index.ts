export {
  type Access,
  type AccessEntry,
  type Actor,
  APPLICANT_TOKEN,
  CITIZEN_COOKIE,
  type CitizenActor,
  ROLES,
  type Role,
  requireCitizen,
  SESSION_COOKIE,
} from './access.ts';
export { type App, createHttpApp, type HttpAppOptions } from './app.ts';
export { platformProblems, problemSchema } from './contract.ts';
export { ProblemBody, preferredLang, STATUS_BY_KIND, sendProblem, toProblem } from './problem.ts';
export {
  CURRENT_VERSION,
  type Deprecation,
  deprecatedOperation,
  MIN_SUNSET_DAYS,
  unversioned,
  versioned,
} from './versioning.ts';
