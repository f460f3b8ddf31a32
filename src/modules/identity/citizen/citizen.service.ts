import { createHash, randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import { DomainError } from '../../../core/errors/index.ts';
import { type Config, ConfigError } from '../../../platform/config.ts';
import { type Db, inTransaction, type Tx } from '../../../platform/db/index.ts';
import type { CitizenActor } from '../../../platform/http/index.ts';
import { appendAudit } from '../../audit/index.ts';
import {
  createSsoClient,
  endSessionUrl,
  exchangeCode,
  type SsoClient,
  ssoRedirectBase,
  startSignIn,
  verifyLogoutToken,
} from '../sso/index.ts';
import * as store from './citizen.store.ts';

/** Where VNeID sends the browser back, and the page it lands on after signing out. */
export const CITIZEN_CALLBACK_PATH = '/api/citizen/auth/callback';
export const CITIZEN_BACKCHANNEL_PATH = '/api/citizen/auth/backchannel-logout';
/** "Hồ sơ của tôi": where a citizen lands after signing in (unless they came from another page) and out. */
export const MY_RECORDS_PATH = '/ho-so-cua-toi';
/** VNeID's scopes (docs/IDENTITY.md §Claims). */
export const CITIZEN_SCOPE = 'openid profile address citizen';

/**
 * The relying party of the citizens' identity provider (MOTCUA_VNEID_*), or undefined when citizen sign-in
 * is not configured. `fetch` replaces the HTTP client (tests stand in for a provider that misbehaves).
 * @throws ConfigError when an issuer is configured without its client id or secret.
 */
export function citizenClientFrom(
  config: Config,
  opts: { fetch?: typeof fetch } = {},
): SsoClient | undefined {
  if (!config.MOTCUA_VNEID_ISSUER) return undefined;
  const missing = (['MOTCUA_VNEID_CLIENT_ID', 'MOTCUA_VNEID_CLIENT_SECRET'] as const).filter(
    (k) => !config[k],
  );
  if (missing.length)
    throw new ConfigError(missing.map((k) => `${k}: required when MOTCUA_VNEID_ISSUER is set`));
  const base = ssoRedirectBase(config);
  return createSsoClient(
    {
      issuer: config.MOTCUA_VNEID_ISSUER,
      clientId: config.MOTCUA_VNEID_CLIENT_ID!,
      clientSecret: config.MOTCUA_VNEID_CLIENT_SECRET!,
      redirectUri: `${base}${CITIZEN_CALLBACK_PATH}`,
      postLogoutRedirectUri: `${base}${MY_RECORDS_PATH}`,
    },
    opts,
  );
}

/** A path of this site to come back to after signing in, or null (an absolute or protocol-relative URL is not). */
export function safeReturnPath(value: string | undefined): string | null {
  if (!value || value.length > 500) return null;
  return /^\/[^/\\]/.test(value) || value === '/' ? value : null;
}

/**
 * The claims Motcua reads from VNeID's ID token (docs/IDENTITY.md §Claims): the personal ID it verified,
 * the name, birth date, sex, address and the identity level.
 */
export const CitizenIdClaims = z.object({
  iss: z.string(),
  sub: z.string().min(1).max(255),
  sid: z.string().max(255).optional(),
  personal_id: z.string().regex(/^\d{12}$/),
  name: z.string().trim().min(1).max(200),
  birthdate: z.iso.date().optional(),
  gender: z.enum(['male', 'female']).optional().catch(undefined),
  address: z.object({ formatted: z.string().max(500).optional() }).optional(),
  identity_level: z.coerce.number().int(),
});
export type CitizenIdClaims = z.infer<typeof CitizenIdClaims>;

/** VNeID level 2 (verified in person, chip-based ID card) is what public services online require. */
const MIN_IDENTITY_LEVEL = 2;

/** Starts a citizen's sign-in at VNeID (authorization code + PKCE, one-time state and nonce). @throws sso.unavailable */
export function startCitizenSignIn(db: Db, client: SsoClient, now: Date, returnTo: string | null) {
  return startSignIn(db, client, now, { scope: CITIZEN_SCOPE, flow: 'citizen', returnTo });
}

/**
 * The citizen account of the verified personal ID: made on the first sign-in, its name, birth date, sex
 * and address following the claims at every sign-in. The account is the personal ID's: a new subject
 * for the same personal ID (the provider re-issued it) takes the account over.
 * @throws citizen.identity_level_too_low
 */
export async function provisionCitizen(
  tx: Tx,
  claims: CitizenIdClaims,
  meta: { now: Date; requestId?: string },
): Promise<store.CitizenRow> {
  if (claims.identity_level < MIN_IDENTITY_LEVEL)
    throw new DomainError('citizen.identity_level_too_low', { level: claims.identity_level });
  const facts = {
    issuer: claims.iss,
    subject: claims.sub,
    fullName: claims.name,
    birthDate: claims.birthdate ?? null,
    sex: claims.gender ?? null,
    address: claims.address?.formatted?.trim() || null,
    identityLevel: claims.identity_level,
  };
  const existing =
    (await store.findCitizenBySubject(tx, claims.iss, claims.sub)) ??
    (await store.findCitizenByPersonalId(tx, claims.personal_id));
  if (existing && existing.personalId !== claims.personal_id)
    // The provider says this subject now has another personal ID: never move records between people.
    throw new DomainError('sso.token_invalid', { reason: 'claims' });
  if (existing) {
    await store.updateCitizen(tx, existing.id, { ...facts, claims, now: meta.now });
    return { ...existing, ...facts };
  }
  const row: store.CitizenRow = { id: uuidv7(), personalId: claims.personal_id, ...facts };
  await store.insertCitizen(tx, { ...row, claims, now: meta.now });
  await appendAudit(
    tx,
    [
      {
        actorId: row.id,
        actorRole: 'citizen',
        requestId: meta.requestId,
        action: 'citizen.created',
        entityType: 'citizen',
        entityId: row.id,
        change: { issuer: claims.iss, subject: claims.sub, identityLevel: claims.identity_level },
      },
    ],
    meta.now,
  );
  return row;
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Completes a citizen's sign-in at the callback: the shared OpenID Connect checks (state, PKCE, ID token:
 * signature, issuer, audience, expiry, nonce), the account of the verified personal ID, and a citizen
 * session (its own cookie, apart from officials'). Audited as `citizen.signed_in`.
 * @throws sso.state_invalid, sso.provider_error, sso.token_invalid, sso.unavailable,
 * citizen.identity_level_too_low
 */
export async function finishCitizenSignIn(
  db: Db,
  client: SsoClient,
  input: { query: Record<string, string | undefined>; stateCookie: string | undefined },
  meta: { now: Date; minutes: number; requestId?: string },
): Promise<{ token: string; expiresAt: Date; returnTo: string | null; citizen: store.CitizenRow }> {
  const { claims, idToken, returnTo } = await exchangeCode(db, client, input, {
    now: meta.now,
    flow: 'citizen',
    claims: CitizenIdClaims,
  });
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(meta.now.getTime() + meta.minutes * 60_000);
  const citizen = await inTransaction(db, async (tx) => {
    const citizen = await provisionCitizen(tx, claims, meta);
    const sessionId = uuidv7();
    await store.deleteExpiredSessions(tx, new Date(meta.now.getTime() - 30 * 24 * 3600_000));
    await store.insertSession(tx, {
      id: sessionId,
      tokenHash: tokenHash(token),
      citizenId: citizen.id,
      issuer: claims.iss,
      sid: claims.sid ?? null,
      idToken,
      createdAt: meta.now,
      expiresAt,
    });
    await appendAudit(
      tx,
      [
        {
          actorId: citizen.id,
          actorRole: 'citizen',
          requestId: meta.requestId,
          action: 'citizen.signed_in',
          entityType: 'citizen',
          entityId: citizen.id,
          change: { sessionId, issuer: claims.iss },
        },
      ],
      meta.now,
    );
    return citizen;
  });
  return { token, expiresAt, returnTo, citizen };
}

/**
 * Audits a refused citizen sign-in (every one, as officials' are: issue 17 item 5), as entity
 * `citizen_sign_in` of the issuer, with the refusal's code and reason; in its own transaction, the sign-in's
 * having written nothing.
 */
export async function auditCitizenSignInFailure(
  db: Db,
  issuer: string,
  err: { code: string; params?: Record<string, unknown> },
  meta: { now: Date; requestId?: string; address?: string },
): Promise<void> {
  await inTransaction(db, (tx) =>
    appendAudit(
      tx,
      [
        {
          requestId: meta.requestId,
          action: 'citizen.sign_in_failed',
          entityType: 'citizen_sign_in',
          entityId: issuer,
          change: { code: err.code, reason: err.params?.reason ?? null, address: meta.address ?? null },
        },
      ],
      meta.now,
    ),
  );
}

/** The citizen a session token stands for, or null when the session is unknown, ended or expired. */
export async function authenticateCitizen(db: Db, token: string, now: Date): Promise<CitizenActor | null> {
  if (token.length < 20 || token.length > 200) return null;
  const row = await store.findLiveSession(db, tokenHash(token), now);
  return row
    ? {
        citizenId: row.citizenId,
        personalId: row.personalId,
        fullName: row.fullName,
        sessionId: row.sessionId,
        sessionExpiresAt: row.expiresAt,
      }
    : null;
}

/** What the identity provider verified about the signed-in citizen. @throws citizen.unauthenticated */
export async function citizenProfile(db: Db, actor: CitizenActor | null) {
  if (!actor) throw new DomainError('citizen.unauthenticated', {});
  const row = await store.findCitizen(db, actor.citizenId);
  if (!row) throw new DomainError('citizen.unauthenticated', {});
  return {
    personalId: row.personalId,
    fullName: row.fullName,
    birthDate: row.birthDate,
    sex: row.sex,
    address: row.address,
    identityLevel: row.identityLevel,
    sessionExpiresAt: actor.sessionExpiresAt,
  };
}

/**
 * Ends the citizen's session and answers the provider's end-session URL (RP-initiated logout), so that the
 * browser ends the VNeID session too.
 */
export async function signOutCitizen(
  db: Db,
  client: SsoClient | undefined,
  actor: CitizenActor,
  now: Date,
): Promise<{ endSessionUrl: string | null }> {
  const ended = await inTransaction(db, async (tx) => {
    const row = await store.endSession(tx, actor.sessionId, now);
    if (row)
      await appendAudit(
        tx,
        [
          {
            actorId: actor.citizenId,
            actorRole: 'citizen',
            action: 'citizen.signed_out',
            entityType: 'citizen',
            entityId: actor.citizenId,
            change: { sessionId: actor.sessionId },
          },
        ],
        now,
      );
    return row;
  });
  if (!ended || !client) return { endSessionUrl: null };
  return { endSessionUrl: await endSessionUrl(client, ended) };
}

/**
 * Back-channel logout from VNeID: ends the citizen sessions opened from that provider session (sid, else
 * every one of the subject). Returns how many ended. @throws sso.logout_token_invalid, sso.unavailable
 */
export async function citizenBackChannelLogout(
  db: Db,
  client: SsoClient,
  logoutToken: string,
  now: Date,
): Promise<number> {
  const claims = await verifyLogoutToken(client, logoutToken);
  return inTransaction(db, (tx) =>
    store.endSessionsOf(tx, claims.iss, claims.sid ? { sid: claims.sid } : { subject: claims.sub }, now),
  );
}
