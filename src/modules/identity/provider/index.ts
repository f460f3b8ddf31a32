/**
 * The development identity provider (issue 17): a real OpenID Connect provider for the city SSO
 * (officials) and VNeID (citizens), run as its own process by `motcua idp` (and by `npm start` when no
 * real issuer is configured). Not for production.
 */
export { DEMO_CITIZENS, DEMO_OFFICIALS, IDP_DEMO_PASSWORD } from './accounts.ts';
export {
  DEV_SSO_CLIENT,
  type RunningIdentityProvider,
  startIdentityProvider,
} from './identity-provider.ts';
export { type SpawnedIdentityProvider, spawnIdentityProvider } from './spawn.ts';
