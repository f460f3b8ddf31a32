import { createHash } from 'node:crypto';
import { createRemoteJWKSet, customFetch as joseCustomFetch, jwtVerify } from 'jose';
import { sql } from 'kysely';
import * as oidc from 'openid-client';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { DomainError, isDomainError } from '../../../core/errors/index.ts';
import { rolesFromClaims } from '../../../core/identity/index.ts';
import { type Config, ConfigError } from '../../../platform/config.ts';
import { type Db, inTransaction, type Tx } from '../../../platform/db/index.ts';
import { ROLES, type Role } from '../../../platform/http/index.ts';
import { appendAudit } from '../../audit/index.ts';
import { getAgencyByCode } from '../../units/index.ts';
import { createUser, type LoginResult, logout, openSession, type SessionCache } from '../identity.service.ts';
import * as identityStore from '../identity.store.ts';
import * as store from './sso.store.ts';

/** Where Motcua finds the city SSO and what it is there (MOTCUA_SSO_*). */
export interface SsoSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
  readonly postLogoutRedirectUri: string;
}

/** The path of the callback and of the page the provider sends an official back to after signing out. */
export const SSO_CALLBACK_PATH = '/api/auth/sso/callback';
export const SSO_POST_LOGOUT_PATH = '/can-bo/dang-nhap';
const STATE_TTL_MS = 10 * 60_000;

/**
 * The SSO settings of the configuration, or undefined when no issuer is configured.
 * @throws ConfigError when an issuer is configured without its client id or secret.
 */
export function ssoSettings(config: Config): SsoSettings | undefined {
  if (!config.MOTCUA_SSO_ISSUER) return undefined;
  const missing = (['MOTCUA_SSO_CLIENT_ID', 'MOTCUA_SSO_CLIENT_SECRET'] as const).filter((k) => !config[k]);
  if (missing.length)
    throw new ConfigError(missing.map((k) => `${k}: required when MOTCUA_SSO_ISSUER is set`));
  const base = ssoRedirectBase(config);
  return {
    issuer: config.MOTCUA_SSO_ISSUER,
    clientId: config.MOTCUA_SSO_CLIENT_ID!,
    clientSecret: config.MOTCUA_SSO_CLIENT_SECRET!,
    redirectUri: `${base}${SSO_CALLBACK_PATH}`,
    postLogoutRedirectUri: `${base}${SSO_POST_LOGOUT_PATH}`,
  };
}

/** Motcua's base URL as the browser reaches it: MOTCUA_SSO_REDIRECT_BASE, MOTCUA_PUBLIC_URL or localhost:PORT. */
export function ssoRedirectBase(config: Config): string {
  return (
    config.MOTCUA_SSO_REDIRECT_BASE ??
    config.MOTCUA_PUBLIC_URL ??
    `http://localhost:${config.PORT}`
  ).replace(/\/$/, '');
}

/** Motcua as a relying party of one issuer: the provider's metadata is fetched once, when first needed. */
export interface SsoClient {
  readonly settings: SsoSettings;
  /** @throws sso.unavailable when the provider's metadata cannot be fetched. */
  configuration(): Promise<oidc.Configuration>;
  /** Verifies a JWT the provider signed (a logout token) against its published keys. */
  verify(token: string, options: { typ?: string; maxTokenAge?: string }): ReturnType<typeof jwtVerify>;
}

function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/**
 * Builds the relying party of an issuer. `fetch` replaces the HTTP client (tests use it to stand in for a
 * provider that misbehaves). Plain http is allowed only for a provider on this machine (the development one).
 */
export function createSsoClient(settings: SsoSettings, opts: { fetch?: typeof fetch } = {}): SsoClient {
  let discovered: Promise<oidc.Configuration> | undefined;
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  const issuer = new URL(settings.issuer);
  const fetchImpl = opts.fetch;
  const client: SsoClient = {
    settings,
    configuration() {
      discovered ??= oidc
        .discovery(issuer, settings.clientId, settings.clientSecret, undefined, {
          execute: issuer.protocol === 'http:' && isLoopback(issuer) ? [oidc.allowInsecureRequests] : [],
          ...(fetchImpl ? { [oidc.customFetch]: (url, o) => fetchImpl(url, o as RequestInit) } : {}),
          timeout: 10,
        })
        .catch((err: unknown) => {
          discovered = undefined;
          throw new DomainError('sso.unavailable', { issuer: settings.issuer }, { cause: err });
        });
      return discovered;
    },
    async verify(token, options) {
      const config = await client.configuration();
      const meta = config.serverMetadata();
      if (!meta.jwks_uri) throw new DomainError('sso.unavailable', { issuer: settings.issuer });
      jwks ??= createRemoteJWKSet(new URL(meta.jwks_uri), {
        ...(fetchImpl ? { [joseCustomFetch]: fetchImpl } : {}),
      });
      return jwtVerify(token, jwks, {
        issuer: meta.issuer,
        audience: settings.clientId,
        ...(options.typ ? { typ: options.typ } : {}),
        ...(options.maxTokenAge ? { maxTokenAge: options.maxTokenAge } : {}),
      });
    },
  };
  return client;
}

/** The relying party of the configured issuer, or undefined when single sign-on is not configured. */
export function ssoClientFrom(config: Config, opts: { fetch?: typeof fetch } = {}): SsoClient | undefined {
  const settings = ssoSettings(config);
  return settings ? createSsoClient(settings, opts) : undefined;
}

/** What a sign-in asks the provider for, and who signs in (officials by default). */
export interface SignInRequest {
  readonly scope: string;
  readonly flow: 'official' | 'citizen';
  /** A path of this site to go back to after signing in (citizens). */
  readonly returnTo?: string | null;
}

const OFFICIAL_SIGN_IN: SignInRequest = { scope: 'openid profile email official', flow: 'official' };

/**
 * Starts a sign-in: a one-time state, a nonce and a PKCE verifier kept server side (10 minutes) for the
 * flow's own callback, and the provider's authorization URL to send the browser to. Shared by officials'
 * single sign-on and citizens' e-ID sign-in.
 * @throws sso.unavailable
 */
export async function startSignIn(
  db: Db,
  client: SsoClient,
  now: Date,
  request: SignInRequest = OFFICIAL_SIGN_IN,
): Promise<{ url: string; state: string }> {
  const config = await client.configuration();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  await inTransaction(db, async (tx) => {
    await store.deleteExpiredLoginStates(tx, now);
    await store.insertLoginState(tx, {
      state,
      nonce,
      codeVerifier,
      flow: request.flow,
      returnTo: request.returnTo ?? null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + STATE_TTL_MS),
    });
  });
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: client.settings.redirectUri,
    scope: request.scope,
    response_type: 'code',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url: url.href, state };
}

/** The claims Motcua reads from the city SSO's ID token (docs/IDENTITY.md §Claims). */
export const OfficialIdClaims = z.object({
  iss: z.string(),
  sub: z.string().min(1).max(255),
  sid: z.string().max(255).optional(),
  name: z.string().max(200).optional(),
  preferred_username: z.string().max(200).optional(),
  email: z.string().max(320).optional(),
  agency_code: z.string().max(40).optional(),
  position: z.string().max(200).optional(),
});
export type OfficialIdClaims = z.infer<typeof OfficialIdClaims>;

type TokenFailure = 'issuer' | 'audience' | 'expired' | 'nonce' | 'signature' | 'claims';

/** Why openid-client refused an ID token, from its error code and the claim it names. */
function tokenFailureReason(err: unknown): TokenFailure | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const { code, cause } = e as { code?: string; cause?: { claim?: string } };
    const claim = cause?.claim;
    // openid-client wraps the check's error: the claim is named one level down.
    if (claim === undefined && (e as { cause?: { code?: string } }).cause?.code === code) {
      e = cause;
      continue;
    }
    if (code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED') {
      if (claim === 'iss') return 'issuer';
      if (claim === 'aud' || claim === 'azp') return 'audience';
      if (claim === 'nonce') return 'nonce';
      return 'claims';
    }
    if (code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') return claim === 'exp' ? 'expired' : 'claims';
    if (
      code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' ||
      code === 'ERR_JWKS_NO_MATCHING_KEY' ||
      code === 'OAUTH_KEY_SELECTION_FAILED'
    )
      return 'signature';
    if (code === 'OAUTH_INVALID_RESPONSE' && /JWT|ID Token/i.test((e as Error).message)) return 'claims';
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Whether the provider could not be reached or answered as a server that is down (a timeout, or a 5xx
 * from it or a gateway in front of it): the official should try again later, their token is not at fault.
 */
function providerDown(err: unknown): boolean {
  const { code, cause } = err as { code?: string; cause?: unknown };
  if (code === 'OAUTH_TIMEOUT') return true;
  return (
    code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' &&
    cause instanceof Response &&
    cause.status >= 500 &&
    cause.status <= 599
  );
}

function failure(err: unknown, issuer: string): DomainError {
  if (isDomainError(err)) return err;
  if (providerDown(err)) return new DomainError('sso.unavailable', { issuer }, { cause: err });
  const reason = tokenFailureReason(err);
  if (reason) return new DomainError('sso.token_invalid', { reason }, { cause: err });
  const { code, error } = err as { code?: string; error?: string };
  if (code === 'OAUTH_RESPONSE_BODY_ERROR' || code === 'OAUTH_AUTHORIZATION_RESPONSE_ERROR')
    return new DomainError('sso.provider_error', { error: error ?? 'unknown' }, { cause: err });
  if (typeof code === 'string' && code.startsWith('OAUTH_'))
    return new DomainError('sso.token_invalid', { reason: 'response' }, { cause: err });
  return new DomainError('sso.unavailable', { issuer }, { cause: err });
}

/** A username for an account made by single sign-on: the provider's, else with `.sso`, else with a hash. */
async function freeUsername(tx: Tx, claims: OfficialIdClaims): Promise<string> {
  const base = (claims.preferred_username ?? claims.sub)
    .toLowerCase()
    .replace(/[^a-z0-9._-]/g, '')
    .slice(0, 50);
  const hash = createHash('sha256').update(`${claims.iss} ${claims.sub}`).digest('hex').slice(0, 8);
  const candidates = base.length >= 3 ? [base, `${base}.sso`, `${base}.${hash}`] : [`sso.${hash}`];
  for (const c of candidates) if (!(await store.usernameTaken(tx, c))) return c;
  return `sso.${hash}.${uuidv7().slice(-6)}`;
}

/**
 * The official's existing local account a first sign-in links to (docs/IDENTITY.md, Linking), or undefined
 * when none matches: the account whose e-mail is the `email` claim (ignoring case), else whose username is
 * the `preferred_username` claim (ignoring case). It is linked only when it is active, of the agency the
 * `agency_code` claim names and not linked to an identity yet; a match that is not (or two accounts
 * matching) refuses the sign-in rather than making a second account for the same person.
 * @throws sso.link_refused with params.reason: other_agency, already_linked, inactive, ambiguous
 */
async function localAccountOf(
  tx: Tx,
  claims: OfficialIdClaims,
  agencyId: string,
): Promise<{ id: string; by: 'email' | 'username' } | undefined> {
  const found = await store.linkCandidates(tx, {
    email: claims.email?.trim() || undefined,
    username: claims.preferred_username?.trim() || undefined,
  });
  if (found.length === 0) return undefined;
  const byEmail = found.filter((f) => f.by === 'email');
  const chosen = byEmail.length > 0 ? byEmail : found;
  const refuse = (reason: string, userId?: string) =>
    new DomainError('sso.link_refused', { reason, ...(userId ? { userId } : {}) });
  if (chosen.length > 1) throw refuse('ambiguous');
  const account = chosen[0]!;
  if (account.linked) throw refuse('already_linked', account.id);
  if (!account.active) throw refuse('inactive', account.id);
  if (account.agencyId !== agencyId) throw refuse('other_agency', account.id);
  return { id: account.id, by: account.by };
}

/**
 * The account an identity of the issuer signs in to, made just in time on the first sign-in, with the
 * agency its agency code names and the roles the claim rules give (possibly none: "chờ phân quyền").
 * On every sign-in the agency, display name and roles follow the claims and the rules of the moment.
 * @throws sso.unknown_agency when the agency code claim is missing or names no agency of Motcua.
 * @throws auth.invalid_credentials when the account is deactivated.
 */
export async function provisionOfficial(
  tx: Tx,
  claims: OfficialIdClaims,
  meta: { now: Date; requestId?: string },
): Promise<identityStore.UserRow> {
  const agencyCode = claims.agency_code?.trim();
  let agencyId: string;
  try {
    if (!agencyCode) throw new DomainError('agency.not_found', {});
    agencyId = (await getAgencyByCode(tx, agencyCode)).id;
  } catch (err) {
    if (isDomainError(err) && err.code === 'agency.not_found')
      throw new DomainError('sso.unknown_agency', { agencyCode: agencyCode ?? null });
    throw err;
  }
  const rules = (await store.listRules(tx)).map((r) => ({ ...r, roles: r.roles as Role[] }));
  const { roles, ruleIds } = rolesFromClaims(rules, { agencyCode, position: claims.position });
  const displayName = (claims.name ?? claims.preferred_username ?? claims.sub).slice(0, 200);
  const identity = await store.findIdentity(tx, claims.iss, claims.sub);
  let userId: string;
  const local = identity ? undefined : await localAccountOf(tx, claims, agencyId);
  if (local) {
    userId = local.id;
    await store.insertIdentity(tx, {
      issuer: claims.iss,
      subject: claims.sub,
      userId,
      claims,
      now: meta.now,
      linkedBy: local.by,
    });
    await appendAudit(
      tx,
      [
        {
          actorId: userId,
          actorRole: 'sso',
          requestId: meta.requestId,
          action: 'user.sso_linked',
          entityType: 'user',
          entityId: userId,
          change: { issuer: claims.iss, subject: claims.sub, by: local.by },
        },
      ],
      meta.now,
    );
  } else if (identity?.linkedBy) {
    // A linked account keeps the roles and agency its administrators give it; the claims are kept.
    userId = identity.userId;
    await store.touchIdentity(tx, { issuer: claims.iss, subject: claims.sub, claims, now: meta.now });
  } else if (!identity) {
    const username = await freeUsername(tx, claims);
    // No password: an account made by single sign-on signs in only through the provider.
    userId = (
      await createUser(tx, { username, displayName, password: { hash: '!sso' }, agencyId, roles }, meta.now)
    ).id;
    await store.insertIdentity(tx, {
      issuer: claims.iss,
      subject: claims.sub,
      userId,
      claims,
      now: meta.now,
    });
    await appendAudit(
      tx,
      [
        {
          actorId: userId,
          actorRole: 'sso',
          requestId: meta.requestId,
          action: 'user.created',
          entityType: 'user',
          entityId: userId,
          change: {
            username,
            displayName,
            agencyId,
            roles,
            ruleIds,
            issuer: claims.iss,
            subject: claims.sub,
          },
        },
      ],
      meta.now,
    );
  } else {
    userId = identity.userId;
    const before = await identityStore.findUserByIdForUpdate(tx, userId);
    if (!before) throw new DomainError('auth.invalid_credentials');
    const patch: { displayName?: string; roles?: string[] } = {};
    if (before.displayName !== displayName) patch.displayName = displayName;
    if ([...before.roles].sort().join(',') !== [...roles].sort().join(',')) patch.roles = roles;
    await identityStore.updateUser(tx, userId, patch);
    if (before.agencyId !== agencyId) await store.setUserAgency(tx, userId, agencyId);
    await store.touchIdentity(tx, { issuer: claims.iss, subject: claims.sub, claims, now: meta.now });
    if (patch.roles || before.agencyId !== agencyId)
      await appendAudit(
        tx,
        [
          {
            actorId: userId,
            actorRole: 'sso',
            requestId: meta.requestId,
            action: 'user.updated',
            entityType: 'user',
            entityId: userId,
            change: {
              before: { roles: before.roles, agencyId: before.agencyId },
              after: { roles, agencyId },
              ruleIds,
            },
          },
        ],
        meta.now,
      );
  }
  const user = await identityStore.findUserById(tx, userId);
  if (!user?.active) throw new DomainError('auth.invalid_credentials');
  return user;
}

/**
 * The callback's half of a sign-in, for either flow: the state is taken (one-time, only by its own flow's
 * callback; it must also be the one in the browser's state cookie), the code exchanged with the PKCE
 * verifier, the ID token checked (signature, issuer, audience, expiry, nonce) and its claims parsed with
 * `claims`. No transaction is held during the calls to the provider.
 * @throws sso.state_invalid, sso.provider_error, sso.token_invalid, sso.unavailable
 */
export async function exchangeCode<T>(
  db: Db,
  client: SsoClient,
  input: { query: Record<string, string | undefined>; stateCookie: string | undefined },
  opts: { now: Date; flow: SignInRequest['flow']; claims: z.ZodType<T> },
): Promise<{ claims: T; idToken: string; returnTo: string | null }> {
  const state = input.query.state;
  const taken = state
    ? await inTransaction(db, (tx) => store.takeLoginState(tx, state, opts.flow))
    : undefined;
  if (!taken || taken.expiresAt.getTime() <= opts.now.getTime() || input.stateCookie !== state)
    throw new DomainError('sso.state_invalid', {});
  if (input.query.error)
    throw new DomainError('sso.provider_error', { error: input.query.error.slice(0, 100) });
  const config = await client.configuration();
  const current = new URL(client.settings.redirectUri);
  for (const [k, v] of Object.entries(input.query)) if (v !== undefined) current.searchParams.set(k, v);
  try {
    const tokens = await oidc.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: taken.codeVerifier,
      expectedState: taken.state,
      expectedNonce: taken.nonce,
      idTokenExpected: true,
    });
    const parsed = opts.claims.safeParse(tokens.claims());
    if (!parsed.success || !tokens.id_token) throw new DomainError('sso.token_invalid', { reason: 'claims' });
    // openid-client trusts the TLS connection for a token endpoint's ID token (OIDC Core 3.1.3.7); its
    // signature is checked against the provider's keys all the same.
    await client.verify(tokens.id_token, {});
    return { claims: parsed.data, idToken: tokens.id_token, returnTo: taken.returnTo };
  } catch (err) {
    throw failure(err, client.settings.issuer);
  }
}

/**
 * Completes an official's sign-in at the callback ({@link exchangeCode}), provisions the account and
 * opens a Motcua session.
 * @throws sso.state_invalid, sso.provider_error, sso.token_invalid, sso.unavailable, sso.unknown_agency,
 * auth.invalid_credentials
 */
export async function finishSignIn(
  db: Db,
  client: SsoClient,
  input: { query: Record<string, string | undefined>; stateCookie: string | undefined },
  meta: { now: Date; ttlHours: number; requestId?: string },
): Promise<LoginResult> {
  const { claims, idToken } = await exchangeCode(db, client, input, {
    now: meta.now,
    flow: 'official',
    claims: OfficialIdClaims,
  });
  return inTransaction(db, async (tx) => {
    const user = await provisionOfficial(tx, claims, meta);
    const session = await openSession(tx, user, meta.now, { ttlHours: meta.ttlHours, method: 'sso' });
    await store.insertSsoSession(tx, {
      sessionId: session.actor.sessionId,
      issuer: claims.iss,
      subject: claims.sub,
      sid: claims.sid ?? null,
      idToken,
      now: meta.now,
    });
    return session;
  });
}

/**
 * The provider's end-session URL for a session opened by this client (RP-initiated logout), or null when
 * the session came from another issuer or the provider has no end-session endpoint.
 */
export async function endSessionUrl(
  client: SsoClient,
  session: { issuer: string; idToken: string },
): Promise<string | null> {
  const config = await client.configuration().catch(() => undefined);
  if (!config || session.issuer !== config.serverMetadata().issuer) return null;
  if (!config.serverMetadata().end_session_endpoint) return null;
  return oidc.buildEndSessionUrl(config, {
    id_token_hint: session.idToken,
    post_logout_redirect_uri: client.settings.postLogoutRedirectUri,
  }).href;
}

/**
 * Signs an official out of Motcua and, for a session opened by single sign-on, answers the provider's
 * end-session URL (RP-initiated logout) so that the browser ends the provider's session too.
 */
export async function signOut(
  db: Db,
  client: SsoClient | undefined,
  sessionId: string,
  cache?: SessionCache,
): Promise<{ endSessionUrl: string | null }> {
  const sso = await store.findSsoSession(db, sessionId);
  await logout(db, sessionId, cache);
  if (!sso || !client) return { endSessionUrl: null };
  return { endSessionUrl: await endSessionUrl(client, sso) };
}

const LogoutClaims = z.object({
  iss: z.string(),
  sub: z.string().optional(),
  sid: z.string().optional(),
  events: z.object({ 'http://schemas.openid.net/event/backchannel-logout': z.object({}).loose() }).loose(),
  nonce: z.undefined({ error: 'a logout token carries no nonce' }).optional(),
});

/**
 * Back-channel logout (OpenID Connect Back-Channel Logout 1.0): the provider posts a logout token when a
 * provider session ends; every Motcua session opened from it (by sid, else every session of the subject)
 * ends. Returns the ended session ids.
 * @throws sso.logout_token_invalid
 */
export async function backChannelLogout(
  db: Db,
  client: SsoClient,
  logoutToken: string,
  cache?: SessionCache,
): Promise<string[]> {
  const claims = await verifyLogoutToken(client, logoutToken);
  return inTransaction(db, async (tx) => {
    const ids = await store.sessionsOf(
      tx,
      claims.iss,
      claims.sid ? { sid: claims.sid } : { subject: claims.sub },
    );
    for (const id of ids) await logout(tx, id, cache);
    return ids;
  });
}

/**
 * A logout token checked (OpenID Connect Back-Channel Logout 1.0 §2.6): signed by the provider, for this
 * client, typed logout+jwt, at most 5 minutes old, with the event, sid or sub, and no nonce.
 * @throws sso.logout_token_invalid, sso.unavailable
 */
export async function verifyLogoutToken(
  client: SsoClient,
  logoutToken: string,
): Promise<{ iss: string; sid?: string | undefined; sub?: string | undefined }> {
  let claims: z.infer<typeof LogoutClaims>;
  try {
    const { payload } = await client.verify(logoutToken, { typ: 'logout+jwt', maxTokenAge: '5 minutes' });
    claims = LogoutClaims.parse(payload);
  } catch (err) {
    if (isDomainError(err) && err.code === 'sso.unavailable') throw err;
    throw new DomainError('sso.logout_token_invalid', {}, { cause: err });
  }
  if (!claims.sid && !claims.sub) throw new DomainError('sso.logout_token_invalid', {});
  return claims;
}

/** The claim rules, oldest first. */
export function listRoleRules(tx: Tx) {
  return store.listRules(tx);
}

/** An administrator adds a claim rule (audited); it applies from the next sign-in. */
export async function addRoleRule(
  tx: Tx,
  actor: { userId: string },
  input: { agencyCode: string | null; position: string | null; roles: readonly Role[] },
  meta: { now: Date; requestId?: string },
): Promise<store.RuleRow> {
  const row: store.RuleRow = {
    id: uuidv7(),
    agencyCode: input.agencyCode?.trim() || null,
    position: input.position?.trim() || null,
    roles: [...new Set(input.roles)].filter((r) => (ROLES as readonly string[]).includes(r)),
    createdAt: meta.now,
  };
  await store.insertRule(tx, { ...row, createdBy: actor.userId });
  await appendAudit(
    tx,
    [
      {
        actorId: actor.userId,
        actorRole: 'admin',
        requestId: meta.requestId,
        action: 'sso.rule_created',
        entityType: 'sso_role_rule',
        entityId: row.id,
        change: { agencyCode: row.agencyCode, position: row.position, roles: row.roles },
      },
    ],
    meta.now,
  );
  return row;
}

/** An administrator removes a claim rule (audited). @throws sso.rule_not_found */
export async function removeRoleRule(
  tx: Tx,
  actor: { userId: string },
  id: string,
  meta: { now: Date; requestId?: string },
): Promise<void> {
  const row = await store.deleteRule(tx, id);
  if (!row) throw new DomainError('sso.rule_not_found', { id });
  await appendAudit(
    tx,
    [
      {
        actorId: actor.userId,
        actorRole: 'admin',
        requestId: meta.requestId,
        action: 'sso.rule_deleted',
        entityType: 'sso_role_rule',
        entityId: id,
        change: { agencyCode: row.agencyCode, position: row.position, roles: row.roles },
      },
    ],
    meta.now,
  );
}

/**
 * The embedded demo's claim rules (docs/IDENTITY.md): position titles of the demo officials to roles,
 * in every agency. Added once, when the demo is first seeded, in the name of its first administrator.
 */
export async function seedDemoRoleRules(db: Db, now: Date): Promise<number> {
  const admin = await db
    .selectFrom('users')
    .select('id')
    .where('roles', '@>', sql<string[]>`ARRAY['admin']::text[]`)
    .orderBy('createdAt')
    .executeTakeFirst();
  if (!admin || (await store.listRules(db)).length > 0) return 0;
  const rules: [string, Role[]][] = [
    ['Công chức tiếp nhận', ['reception']],
    ['Chuyên viên', ['specialist']],
    ['Phó Giám đốc', ['leader']],
    ['Giám đốc', ['leader']],
    ['Phó Chủ tịch', ['leader']],
    ['Chủ tịch', ['leader']],
  ];
  await inTransaction(db, async (tx) => {
    for (const [position, roles] of rules)
      await addRoleRule(tx, { userId: admin.id }, { agencyCode: null, position, roles }, { now });
  });
  return rules.length;
}
