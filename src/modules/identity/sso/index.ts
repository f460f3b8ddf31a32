/**
 * Officials' single sign-on over OpenID Connect (issue 17): authorization code with PKCE against the city
 * SSO, accounts made just in time with roles from administrators' claim rules, RP-initiated and
 * back-channel logout. The relying-party machinery (startSignIn, exchangeCode, endSessionUrl,
 * verifyLogoutToken) also serves citizens' e-ID sign-in (../citizen). Errors: sso.not_configured,
 * sso.unavailable, sso.state_invalid, sso.provider_error, sso.token_invalid, sso.unknown_agency,
 * sso.logout_token_invalid, sso.rule_not_found.
 */
export { ssoRoutes } from './sso.routes.ts';
export {
  createSsoClient,
  endSessionUrl,
  exchangeCode,
  type SignInRequest,
  type SsoClient,
  type SsoSettings,
  seedDemoRoleRules,
  ssoClientFrom,
  ssoRedirectBase,
  ssoSettings,
  startSignIn,
  verifyLogoutToken,
} from './sso.service.ts';
