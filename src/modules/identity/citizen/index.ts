/**
 * Citizens' e-ID sign-in (issue 17 item 2): OpenID Connect against VNeID with the officials' relying-party
 * machinery (../sso), a citizen account bound to the verified personal ID, the citizen's own session
 * (cookie motcua_citizen) and logout. Errors: citizen.not_configured, citizen.unauthenticated,
 * citizen.identity_level_too_low, and the sso.* errors of the OpenID Connect checks.
 */
export { citizenAuthRoutes } from './citizen.routes.ts';
export {
  authenticateCitizen,
  CITIZEN_BACKCHANNEL_PATH,
  CITIZEN_CALLBACK_PATH,
  citizenClientFrom,
  MY_RECORDS_PATH,
} from './citizen.service.ts';
