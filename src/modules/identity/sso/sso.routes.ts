import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RoleRule, RoleRuleList, SsoSignOut, SsoStatus } from '../../../contracts/sso.ts';
import { DomainError, isDomainError } from '../../../core/errors/index.ts';
import { inTransaction } from '../../../platform/db/index.ts';
import type { Deps } from '../../../platform/deps.ts';
import { type App, ProblemBody, ROLES, SESSION_COOKIE } from '../../../platform/http/index.ts';
import { requireCityAdministration } from '../../units/index.ts';
import type { SessionCache } from '../identity.service.ts';
import {
  addRoleRule,
  backChannelLogout,
  finishSignIn,
  listRoleRules,
  removeRoleRule,
  type SsoClient,
  signOut,
  startSignIn,
} from './sso.service.ts';

const STATE_COOKIE = 'motcua_sso_state';
const STATE_COOKIE_PATH = '/api/auth/sso';

/** Where the browser lands after signing in by SSO: the worklist, or the page that says roles are pending. */
export const WORKLIST_PATH = '/can-bo';
export const AWAITING_ROLES_PATH = '/can-bo/cho-phan-quyen';

const RoleRuleBody = z.object({
  agencyCode: z
    .string()
    .trim()
    .regex(
      /^[0-9A-Za-z.]{1,39}\*?$/,
      'an agency code such as H13.102.01, or a prefix ending in * such as H13.102*',
    )
    .nullable(),
  position: z.string().trim().min(1).max(200).nullable(),
  roles: z.array(z.enum(ROLES)).min(1),
});

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

/**
 * Officials' single sign-on (OpenID Connect; docs/IDENTITY.md): sign-in, callback, sign-out (RP-initiated),
 * back-channel logout, and the claim rules administrators edit. Without a configured issuer the sign-in
 * routes answer 404 sso.not_configured.
 */
export async function ssoRoutes(
  app: App,
  deps: Deps,
  client: SsoClient | undefined,
  sessions?: SessionCache,
): Promise<void> {
  const { db } = deps.database;
  const need = (): SsoClient => {
    if (!client) throw new DomainError('sso.not_configured');
    return client;
  };

  app.get(
    '/api/auth/sso',
    {
      config: { access: 'public' },
      schema: {
        tags: ['identity'],
        summary: 'Whether officials can sign in by single sign-on (the sign-in page shows the button)',
        response: { 200: SsoStatus },
      },
    },
    async () => ({ enabled: Boolean(client), issuer: client?.settings.issuer ?? null }),
  );

  app.get(
    '/api/auth/sso/login',
    {
      config: { access: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags: ['identity'],
        summary: 'Start signing in by single sign-on: redirects to the provider (authorization code + PKCE)',
        description:
          'Keeps a one-time state, nonce and PKCE verifier server side for 10 minutes and the state in a cookie, then answers 302 to the provider. 404 sso.not_configured without MOTCUA_SSO_ISSUER; 503 sso.unavailable when the provider cannot be reached.',
        response: {
          302: z.null(),
          404: ProblemBody.describe('sso.not_configured'),
          503: ProblemBody.describe('sso.unavailable'),
        },
      },
    },
    async (_req, reply) => {
      const { url, state } = await startSignIn(db, need(), deps.clock.now());
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
    '/api/auth/sso/callback',
    {
      config: { access: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags: ['identity'],
        summary: 'The provider sends the browser back here: opens a Motcua session and lands in the worklist',
        description:
          'The state must be one this server gave out (once, within 10 minutes) and the one in the state cookie, else 422 sso.state_invalid. The ID token must be signed by the provider, for this client, unexpired and carry the nonce: else 401 sso.token_invalid (params.reason: issuer, audience, expired, nonce, signature, claims). An agency code no agency has: 403 sso.unknown_agency. On the first sign-in, an existing local account with the `email` claim as its e-mail (else the `preferred_username` as its username), active, of the claimed agency and not yet linked, is linked and signed in to (it keeps its roles); such an account that cannot be linked refuses the sign-in (409 sso.link_refused) rather than making a second account. Otherwise the account is made on the first sign-in; its roles follow the claim rules at every sign-in (none: it lands on the "chờ phân quyền" page). A browser (Accept: text/html) is sent to the sign-in page with ?sso_error=<code> instead of a problem document.',
        querystring: CallbackQuery,
        response: {
          302: z.null(),
          401: ProblemBody.describe('sso.token_invalid'),
          403: ProblemBody.describe('sso.unknown_agency, auth.invalid_credentials'),
          404: ProblemBody.describe('sso.not_configured'),
          409: ProblemBody.describe(
            'sso.link_refused (params.reason: other_agency, already_linked, inactive, ambiguous): a local account has the e-mail or username but cannot be linked',
          ),
          422: ProblemBody.describe('sso.state_invalid, sso.provider_error'),
          503: ProblemBody.describe('sso.unavailable'),
        },
      },
    },
    async (req, reply) => {
      reply.clearCookie(STATE_COOKIE, { path: STATE_COOKIE_PATH });
      try {
        const result = await finishSignIn(
          db,
          need(),
          { query: req.query, stateCookie: req.cookies[STATE_COOKIE] },
          { now: deps.clock.now(), ttlHours: deps.config.SESSION_TTL_HOURS, requestId: String(req.id) },
        );
        reply.setCookie(SESSION_COOKIE, result.token, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: deps.config.COOKIE_SECURE,
          expires: result.expiresAt,
        });
        return reply.redirect(result.actor.roles.length ? WORKLIST_PATH : AWAITING_ROLES_PATH, 302);
      } catch (err) {
        if (isDomainError(err) && (req.headers.accept ?? '').includes('text/html')) {
          req.log.info({ err }, 'single sign-on refused');
          return reply.redirect(`/can-bo/dang-nhap?sso_error=${encodeURIComponent(err.code)}`, 302);
        }
        throw err;
      }
    },
  );

  app.post(
    '/api/auth/sso/logout',
    {
      config: { access: 'authenticated', beforePasswordChange: true },
      schema: {
        tags: ['identity'],
        summary: 'Sign out; for a session opened by single sign-on, also where to end the provider session',
        description:
          "Ends this Motcua session (any session, not only SSO ones). For a session opened by single sign-on, endSessionUrl is the provider's end_session_endpoint with id_token_hint and the post-logout redirect to the sign-in page: the web app sends the browser there (RP-initiated logout), and the provider then ends the other applications' sessions too.",
        response: { 200: SsoSignOut },
      },
    },
    async (req, reply) => {
      const out = await signOut(db, client, req.actor!.sessionId, sessions);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
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
      '/api/auth/sso/backchannel-logout',
      {
        config: { access: 'public', rateLimit: { max: 600, timeWindow: '1 minute' } },
        schema: {
          tags: ['identity'],
          summary: 'Back-channel logout: the provider ends the Motcua sessions of one of its sessions',
          description:
            'OpenID Connect Back-Channel Logout 1.0: a form with logout_token, a JWT (typ logout+jwt) signed by the provider, for this client, with the back-channel logout event and sid or sub and no nonce; else 422 sso.logout_token_invalid. Every Motcua session opened from that provider session (sid; else every one of the subject) ends.',
          body: z.object({ logout_token: z.string().min(1).max(20_000) }),
          response: {
            200: z.object({ ended: z.number().int() }),
            404: ProblemBody.describe('sso.not_configured'),
            422: ProblemBody.describe('sso.logout_token_invalid, request.invalid'),
          },
        },
      },
      async (req, reply) => {
        const ended = await backChannelLogout(db, need(), req.body.logout_token, sessions);
        reply.header('cache-control', 'no-store');
        return { ended: ended.length };
      },
    );
  });

  app.get(
    '/api/sso/role-rules',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['identity'],
        summary: 'The claim rules that map SSO claims (agency code, position) to roles',
        response: { 200: RoleRuleList },
      },
    },
    async () => ({ items: (await listRoleRules(db)).map((r) => RoleRule.parse(r)) }),
  );

  app.post(
    '/api/sso/role-rules',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['identity'],
        summary: 'Add a claim rule (city administrators; applies from the next sign-in)',
        description:
          "An official whose agency code claim matches agencyCode (exact, or a prefix ending in *; null: any) and whose position claim matches position (ignoring case and diacritics; null: any) gets roles; every matching rule adds its roles. Only administrators of the city People's Committee (or its office): else 403 auth.forbidden.",
        body: RoleRuleBody,
        response: { 201: RoleRule, 403: ProblemBody.describe('auth.forbidden') },
      },
    },
    async (req, reply) => {
      const rule = await inTransaction(db, async (tx) => {
        await requireCityAdministration(tx, req.actor!.agencyId);
        return addRoleRule(tx, req.actor!, req.body, { now: deps.clock.now(), requestId: String(req.id) });
      });
      return reply.status(201).send(RoleRule.parse(rule));
    },
  );

  app.delete(
    '/api/sso/role-rules/:id',
    {
      config: { access: { roles: ['admin'] } },
      schema: {
        tags: ['identity'],
        summary: 'Remove a claim rule (city administrators; applies from the next sign-in)',
        params: z.object({ id: z.uuid() }),
        response: {
          204: z.null(),
          403: ProblemBody.describe('auth.forbidden'),
          404: ProblemBody.describe('sso.rule_not_found'),
        },
      },
    },
    async (req, reply) => {
      await inTransaction(db, async (tx) => {
        await requireCityAdministration(tx, req.actor!.agencyId);
        await removeRoleRule(tx, req.actor!, req.params.id, {
          now: deps.clock.now(),
          requestId: String(req.id),
        });
      });
      return reply.status(204).send(null);
    },
  );
}
