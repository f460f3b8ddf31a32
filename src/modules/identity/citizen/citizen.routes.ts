import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CitizenAuthStatus, CitizenMe, CitizenSignOut } from '../../../contracts/citizen.ts';
import { DomainError, isDomainError } from '../../../core/errors/index.ts';
import type { Deps } from '../../../platform/deps.ts';
import { type App, CITIZEN_COOKIE, problemSchema, requireCitizen } from '../../../platform/http/index.ts';
import type { SsoClient } from '../sso/index.ts';
import {
  auditCitizenSignInFailure,
  CITIZEN_CALLBACK_PATH,
  citizenBackChannelLogout,
  citizenProfile,
  finishCitizenSignIn,
  MY_RECORDS_PATH,
  safeReturnPath,
  signOutCitizen,
  startCitizenSignIn,
} from './citizen.service.ts';

const STATE_COOKIE = 'motcua_citizen_state';
const STATE_COOKIE_PATH = '/api/citizen/auth';

const CallbackQuery = z
  .object({
    code: z.string().max(2000).optional(),
    state: z.string().max(200).optional(),
    iss: z.string().max(2000).optional(),
    error: z.string().max(200).optional(),
    error_description: z.string().max(2000).optional(),
    session_state: z.string().max(500).optional(),
  })
  .strict();

const unauthenticated = { 401: problemSchema(['citizen.unauthenticated']) };

/**
 * Citizens' e-ID sign-in (OpenID Connect against VNeID; docs/IDENTITY.md §Citizens): sign-in, callback,
 * who I am, sign-out (RP-initiated) and back-channel logout. The citizen's session has its own cookie
 * (motcua_citizen), never an official's. Without a configured issuer the sign-in routes answer 404
 * citizen.not_configured.
 */
export async function citizenAuthRoutes(app: App, deps: Deps, client: SsoClient | undefined): Promise<void> {
  const { db } = deps.database;
  const need = (): SsoClient => {
    if (!client) throw new DomainError('citizen.not_configured');
    return client;
  };

  app.get(
    '/api/citizen/auth',
    {
      config: { access: 'public' },
      schema: {
        tags: ['citizen'],
        summary: 'Whether citizens can sign in with e-ID (VNeID): the portal shows the button',
        response: { 200: CitizenAuthStatus },
      },
    },
    async () => ({ enabled: Boolean(client), issuer: client?.settings.issuer ?? null }),
  );

  app.get(
    '/api/citizen/auth/login',
    {
      config: { access: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags: ['citizen'],
        summary:
          'Start signing in with VNeID: redirects to the identity provider (authorization code + PKCE)',
        description:
          'Keeps a one-time state, nonce and PKCE verifier server side for 10 minutes (for the citizen callback only) and the state in a cookie, then answers 302 to the provider. `returnTo`: a path of this site to land on afterwards (default /ho-so-cua-toi; anything else than a path is ignored). 404 citizen.not_configured without MOTCUA_VNEID_ISSUER; 503 sso.unavailable when the provider cannot be reached.',
        querystring: z.object({ returnTo: z.string().max(500).optional() }),
        response: {
          302: z.null(),
          404: problemSchema(['citizen.not_configured']),
          503: problemSchema(['sso.unavailable']),
        },
      },
    },
    async (req, reply) => {
      const { url, state } = await startCitizenSignIn(
        db,
        need(),
        deps.clock.now(),
        safeReturnPath(req.query.returnTo),
      );
      reply.setCookie(STATE_COOKIE, state, {
        path: STATE_COOKIE_PATH,
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.config.COOKIE_SECURE,
        maxAge: 600,
      });
      return reply.redirect(url, 302);
    },
  );

  app.get(
    CITIZEN_CALLBACK_PATH,
    {
      config: { access: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags: ['citizen'],
        summary: 'VNeID sends the browser back here: opens a citizen session and lands on "Hồ sơ của tôi"',
        description:
          'The state must be one this server gave out for a citizen sign-in (once, within 10 minutes) and the one in the state cookie, else 422 sso.state_invalid. The ID token must be signed by the provider, for this client, unexpired, carry the nonce and a 12-digit personal_id: else 401 sso.token_invalid (params.reason: issuer, audience, expired, nonce, signature, claims). Identity level below 2: 403 citizen.identity_level_too_low. The citizen account is bound to the verified personal ID (made on the first sign-in). A browser (Accept: text/html) is sent to /ho-so-cua-toi?login_error=<code> instead of a problem document.',
        querystring: CallbackQuery,
        response: {
          302: z.null(),
          401: problemSchema(['sso.token_invalid']),
          403: problemSchema(['citizen.identity_level_too_low']),
          404: problemSchema(['citizen.not_configured']),
          422: problemSchema(['sso.state_invalid', 'sso.provider_error']),
          503: problemSchema(['sso.unavailable']),
        },
      },
    },
    async (req, reply) => {
      reply.clearCookie(STATE_COOKIE, { path: STATE_COOKIE_PATH });
      try {
        const result = await finishCitizenSignIn(
          db,
          need(),
          { query: req.query, stateCookie: req.cookies[STATE_COOKIE] },
          {
            now: deps.clock.now(),
            minutes: deps.config.MOTCUA_CITIZEN_SESSION_MINUTES,
            requestId: String(req.id),
          },
        );
        reply.setCookie(CITIZEN_COOKIE, result.token, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: deps.config.COOKIE_SECURE,
          expires: result.expiresAt,
        });
        return reply.redirect(result.returnTo ?? MY_RECORDS_PATH, 302);
      } catch (err) {
        if (isDomainError(err) && client)
          await auditCitizenSignInFailure(db, client.settings.issuer, err, {
            now: deps.clock.now(),
            requestId: String(req.id),
            address: req.ip,
          });
        if (isDomainError(err) && (req.headers.accept ?? '').includes('text/html')) {
          req.log.info({ err }, 'citizen sign-in refused');
          return reply.redirect(`${MY_RECORDS_PATH}?login_error=${encodeURIComponent(err.code)}`, 302);
        }
        throw err;
      }
    },
  );

  app.get(
    '/api/citizen/me',
    {
      config: { access: 'citizen' },
      schema: {
        tags: ['citizen'],
        summary: 'The citizen signed in with e-ID: verified personal ID, name, birth date, sex, address',
        description:
          'What VNeID asserted at the last sign-in; the online submission form is prefilled from it. Without a citizen session (cookie motcua_citizen): 401 citizen.unauthenticated.',
        response: { 200: CitizenMe, ...unauthenticated },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'private, no-store');
      return citizenProfile(db, req.citizen);
    },
  );

  app.post(
    '/api/citizen/auth/logout',
    {
      config: { access: 'citizen' },
      schema: {
        tags: ['citizen'],
        summary: "Sign the citizen out; answers where to end VNeID's session (RP-initiated logout)",
        description:
          "Ends the citizen session and clears its cookie. endSessionUrl is the provider's end_session_endpoint with id_token_hint and the post-logout redirect to /ho-so-cua-toi: the web app sends the browser there. Without a citizen session: 401 citizen.unauthenticated.",
        response: { 200: CitizenSignOut, ...unauthenticated },
      },
    },
    async (req, reply) => {
      const citizen = requireCitizen(req);
      const out = await signOutCitizen(db, client, citizen, deps.clock.now());
      reply.clearCookie(CITIZEN_COOKIE, { path: '/' });
      return out;
    },
  );

  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 16_384 },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    scope.post(
      '/api/citizen/auth/backchannel-logout',
      {
        config: { access: 'public', rateLimit: { max: 600, timeWindow: '1 minute' } },
        schema: {
          tags: ['citizen'],
          summary: 'Back-channel logout: VNeID ends the citizen sessions of one of its sessions',
          description:
            'OpenID Connect Back-Channel Logout 1.0, as for officials: a form with logout_token signed by the provider, for this client, typed logout+jwt, with the event, sid or sub and no nonce; else 422 sso.logout_token_invalid.',
          body: z.object({ logout_token: z.string().min(1).max(20_000) }),
          response: {
            200: z.object({ ended: z.number().int() }),
            404: problemSchema(['citizen.not_configured']),
            422: problemSchema(['sso.logout_token_invalid', 'request.invalid']),
            503: problemSchema(['sso.unavailable']),
          },
        },
      },
      async (req, reply) => {
        const ended = await citizenBackChannelLogout(db, need(), req.body.logout_token, deps.clock.now());
        reply.header('cache-control', 'no-store');
        return { ended };
      },
    );
  });
}
