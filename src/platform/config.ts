import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const minutesOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM')
  .transform((v) => {
    const [h, m] = v.split(':').map(Number);
    return (h ?? 0) * 60 + (m ?? 0);
  });

/** Environment variables Motcua reads. Every one has a default that runs the embedded demo. */
export const Config = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** `postgres://…` switches from embedded PGlite to PostgreSQL with the same SQL. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  MOTCUA_DATA_DIR: z.string().min(1).default('./.motcua'),
  /** Folder with the real public data the seed imports (units, holidays, catalog); defaults to ./data. */
  MOTCUA_SEED_DATA_DIR: z.string().min(1).optional(),
  /** Seed demo accounts on first start. Defaults to true on PGlite, false on PostgreSQL. */
  MOTCUA_DEMO_SEED: bool.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  /** Decree 61/2018 art. 18: paper records received after this local time are handled next working day. */
  MOTCUA_CUTOFF: minutesOfDay.default(15 * 60),
  /**
   * Procedure codes (comma-separated) whose every limit counts a reception after MOTCUA_CUTOFF from the next
   * working day, e.g. the Decree 63/2024 groups; same-day limits always do (DOMAIN.md §7.1).
   */
  MOTCUA_CUTOFF_PROCEDURES: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((c) => c.trim())
        .filter((c) => c !== ''),
    )
    .pipe(z.array(z.string().regex(/^[0-9A-Za-z.-]{1,40}$/, 'procedure codes such as 1.001193'))),
  /**
   * Which clock governs a record's legal deadline after a supplement, fixed on the record at reception:
   * `restart` from zero (Decree 61/2018 art. 19 cl. 4) or `pause` and subtract (Decision 766 indicator 2.1).
   * Both are always computed; DOMAIN.md §2.4 marks the question unconfirmed for Decree 118.
   */
  MOTCUA_SUPPLEMENT_CLOCK_RULE: z.enum(['restart', 'pause']).default('restart'),
  /**
   * Fees (docs/FEES.md; DOMAIN.md §9 leaves these open): whether several reductions of one line stack (`sum`)
   * or only the most favourable applies (`best`), how a percentage rounds to the đồng (`down`, in the
   * applicant's favour, or `half_up`), and exemption/reduction category codes the city adds to the defaults.
   */
  MOTCUA_FEE_STACKING: z.enum(['best', 'sum']).default('best'),
  MOTCUA_FEE_ROUNDING: z.enum(['down', 'half_up']).default('down'),
  MOTCUA_FEE_CATEGORIES: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((c) => c.trim())
        .filter((c) => c !== ''),
    )
    .pipe(z.array(z.string().regex(/^[a-z][a-z0-9_]{0,59}$/, 'category codes such as poor_household'))),
  /** A record is "due soon" when its appointment is less than this many hours away. */
  MOTCUA_DUE_SOON_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24),
  /** Where uploaded files and generated PDFs are kept (content-addressed); defaults to MOTCUA_DATA_DIR/files. */
  MOTCUA_FILES_DIR: z.string().min(1).optional(),
  /** An S3-compatible bucket for files instead of MOTCUA_FILES_DIR (AWS S3, MinIO, Ceph…). */
  MOTCUA_S3_BUCKET: z.string().min(3).max(63).optional(),
  MOTCUA_S3_ENDPOINT: z.url().optional(),
  MOTCUA_S3_REGION: z.string().min(1).default('us-east-1'),
  MOTCUA_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  MOTCUA_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  MOTCUA_S3_FORCE_PATH_STYLE: bool.default(true),
  MOTCUA_S3_PREFIX: z.string().max(200).default(''),
  /** The largest upload accepted, in megabytes. */
  MOTCUA_MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(200).default(20),
  /** clamd to scan every upload with (`host:port`, INSTREAM); without it uploads are not scanned. */
  MOTCUA_CLAMD: z
    .string()
    .regex(/^[^:\s]+:\d{1,5}$/, 'expected host:port')
    .optional(),
  /** The address citizens reach Motcua at, printed on results for verification (`…/verify/<code>`). */
  MOTCUA_PUBLIC_URL: z.url().optional(),
  /** Folder of signing certificates (`agency-<code>.p12`, `person-<username>.p12`, `trust/*.pem`). */
  MOTCUA_PKI_DIR: z.string().min(1).optional(),
  /** Password of the PKCS#12 files in MOTCUA_PKI_DIR. */
  MOTCUA_PKI_PASSWORD: z.string().min(1).default('motcua-demo-only'),
  /** Create a demo CA and issue missing certificates from it (never for production). Defaults to true on PGlite. */
  MOTCUA_DEMO_PKI: bool.optional(),
  /** How long an Idempotency-Key's stored outcome is kept (a retry after that runs as a new request). */
  MOTCUA_IDEMPOTENCY_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  /**
   * Key of the audit chain's HMAC (at least 32 characters), kept outside the database so that a rewritten
   * audit row cannot be re-hashed. Without it, a key is made at first start in MOTCUA_DATA_DIR/audit.key.
   */
  MOTCUA_AUDIT_KEY: z.string().min(32, 'expected at least 32 characters').optional(),
  /**
   * How long the token an online submission returns keeps working after its record last changed (a
   * submission, a request to the applicant, the result); after that 401 `applicant.token_expired`.
   */
  MOTCUA_APPLICANT_TOKEN_DAYS: z.coerce.number().int().min(1).max(365).default(60),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** Wrong passwords in a row after which an account is locked (1 minute, doubling with each further one, at most 1 hour). */
  MOTCUA_LOGIN_ACCOUNT_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  /** Wrong passwords from one client address in 15 minutes after which it is refused until the 15 minutes end (an office NAT shares it). */
  MOTCUA_LOGIN_ADDRESS_FAILURES: z.coerce.number().int().min(1).max(100_000).default(100),
  COOKIE_SECURE: bool.default(false),
  /**
   * Behind a reverse proxy: which proxies to believe for X-Forwarded-For/-Proto/-Host — `true` (any),
   * a hop count, or a comma-separated list of addresses/CIDRs. Off by default: the client address is the
   * socket's and cookies are Secure only on a direct HTTPS connection (or with COOKIE_SECURE).
   */
  TRUST_PROXY: z
    .string()
    .regex(
      /^(true|false|\d{1,2}|[0-9A-Fa-f.:/]+(\s*,\s*[0-9A-Fa-f.:/]+)*)$/,
      'expected true, false, a hop count or addresses',
    )
    .default('false')
    .transform((v): boolean | number | string[] =>
      v === 'true'
        ? true
        : v === 'false'
          ? false
          : /^\d+$/.test(v)
            ? Number(v)
            : v.split(',').map((a) => a.trim()),
    ),
  /**
   * Bearer token for GET /metrics. Without it /metrics answers only direct loopback connections
   * (a Prometheus on the same host), never through a proxy.
   */
  MOTCUA_METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  /*
   * Civil status (hộ tịch, issue 16; docs/INTEGRATIONS.md "Civil status"): the civil-status software records
   * of civil-status procedures are handed to, and whose results are pulled back and reconciled daily.
   * Without MOTCUA_CIVIL_STATUS_URL, `npm start` runs the fake civil-status system in-process (demo only).
   */
  MOTCUA_CIVIL_STATUS_URL: z.url().optional(),
  /** Bearer token Motcua presents to the civil-status system, when it asks for one. */
  MOTCUA_CIVIL_STATUS_TOKEN: z.string().min(1).optional(),
  MOTCUA_CIVIL_STATUS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** How often results are pulled from the civil-status system. */
  MOTCUA_CIVIL_STATUS_PULL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(60),
  /** How often both sides are compared (a day by default: the seeds' "unstable connection" losses). */
  MOTCUA_CIVIL_STATUS_RECONCILE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 7)
    .default(24),
  /*
   * Vietnam Post (issue 16; docs/INTEGRATIONS.md "Vietnam Post"): results returned by post. The post calls
   * back POST /api/integrations/post/callbacks signed with HMAC-SHA256 under MOTCUA_POST_SECRET. Without
   * MOTCUA_POST_URL, `npm start` runs the fake post in-process with a secret made at start (demo only);
   * with it, MOTCUA_POST_SECRET is required.
   */
  MOTCUA_POST_URL: z.url().optional(),
  MOTCUA_POST_SECRET: z.string().min(32, 'expected at least 32 characters').optional(),
  MOTCUA_POST_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  // --- Notifications to citizens (src/modules/notify, issue 18; docs/NOTIFICATIONS.md) ---
  /**
   * The SMTP server e-mail goes through (`smtp://user:pass@host:587`, `smtps://…:465`). Without it `npm start`
   * runs a local SMTP server in-process (MOTCUA_SMTP_FAKE_PORT) whose messages the workspace shows.
   */
  MOTCUA_SMTP_URL: z.url().optional(),
  MOTCUA_SMTP_FROM: z.string().min(3).default('Motcua <khong-tra-loi@motcua.local>'),
  MOTCUA_SMTP_FAKE_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  /** The SMS brandname provider's API; without it the fake SMS provider runs in-process. */
  MOTCUA_SMS_URL: z.url().optional(),
  MOTCUA_SMS_TOKEN: z.string().min(1).optional(),
  /** Zalo ZNS (Zalo Notification Service) API base; without it the fake Zalo runs in-process. */
  MOTCUA_ZALO_URL: z.url().optional(),
  MOTCUA_ZALO_TOKEN: z.string().min(1).optional(),
  /** Shared secret of the providers' signed delivery receipts (HMAC-SHA256); required with a provider URL. */
  MOTCUA_NOTIFY_SECRET: z.string().min(32, 'expected at least 32 characters').optional(),
  MOTCUA_NOTIFY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /*
   * The national payment platform (issue 18; docs/PAYMENTS.md): online payment of fees. It calls back
   * POST /api/payments/callbacks signed with HMAC-SHA256 under MOTCUA_PAYMENT_SECRET. Without
   * MOTCUA_PAYMENT_URL, `npm start` runs the fake platform in-process with a secret made at start (demo only).
   */
  MOTCUA_PAYMENT_URL: z.url().optional(),
  MOTCUA_PAYMENT_SECRET: z.string().min(32, 'expected at least 32 characters').optional(),
  MOTCUA_PAYMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** How long a citizen has to pay online before the attempt expires (then a new one can be started). */
  MOTCUA_PAYMENT_EXPIRY_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(30),
  /** Where the platform sends the citizen back after paying (the portal's record page); default MOTCUA_PUBLIC_URL. */
  MOTCUA_PAYMENT_RETURN_URL: z.url().optional(),
  // --- The national public service portal (Cổng DVCQG; src/modules/integrations/portal, issue 16) ---
  /** The portal's base URL; without it `npm start` runs the fake portal in-process (MOTCUA_PORTAL_FAKE_PORT). */
  MOTCUA_PORTAL_URL: z.url().optional(),
  /** Bearer token the portal issued to this city (sent with every call). */
  MOTCUA_PORTAL_TOKEN: z.string().min(1).optional(),
  /** How long one call to the portal may take before it counts as unavailable (retried later). */
  MOTCUA_PORTAL_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** How often records submitted on the portal are pulled into online reception. */
  MOTCUA_PORTAL_PULL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(30),
  /** Submissions pulled per page. */
  MOTCUA_PORTAL_PULL_BATCH: z.coerce.number().int().min(1).max(500).default(50),
  /** How often every record's national status is compared with the portal's (daily by default). */
  MOTCUA_PORTAL_RECONCILE_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 7)
    .default(24),
  /**
   * Refuse (500, logged) any answer whose status or media type the OpenAPI document does not declare for its
   * operation (docs/API.md). For tests and development.
   */
  MOTCUA_CHECK_ANSWERS: bool.default(false),
  /** Port of the in-process fake portal of the embedded demo. */
  MOTCUA_PORTAL_FAKE_PORT: z.coerce.number().int().min(0).max(65535).default(3101),
  // --- Sessions and second factor (issue 17; docs/SESSIONS.md) ---
  /** A session with no request for this long ends (the absolute limit is SESSION_TTL_HOURS). */
  MOTCUA_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 24 * 60)
    .default(60),
  /**
   * Stricter limits per role, `role:idleMinutes:absoluteHours` comma-separated (an official with several
   * roles gets the strictest); empty for none. Administrators' sessions are short by default.
   */
  MOTCUA_SESSION_ROLE_LIMITS: z
    .string()
    .default('admin:15:8')
    .transform((v) =>
      v
        .split(',')
        .map((c) => c.trim())
        .filter((c) => c !== ''),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(
            /^(reception|specialist|leader|monitor|admin):\d{1,5}:\d{1,3}$/,
            'expected role:idleMinutes:absoluteHours, e.g. admin:15:8',
          )
          .transform((c) => {
            const [role, idle, absolute] = c.split(':');
            return { role: role!, idleMinutes: Number(idle), absoluteHours: Number(absolute) };
          })
          .refine((l) => l.idleMinutes >= 1 && l.absoluteHours >= 1, 'limits are at least 1'),
      ),
    ),
  /**
   * Whether administrators must sign in with a TOTP code (RFC 6238) after their password: `required` (an
   * administrator without one can only enrol) or `optional` (only those who enrolled are asked). Defaults
   * to required on PostgreSQL and optional on the embedded PGlite demo (whose demo accounts are documented).
   */
  MOTCUA_ADMIN_MFA: z.enum(['required', 'optional']).optional(),
  /**
   * Officials' single sign-on (OpenID Connect, docs/IDENTITY.md): the city SSO's issuer URL. Without it,
   * `npm start` runs the development identity provider as its own process (MOTCUA_IDP_PORT) and uses it.
   */
  MOTCUA_SSO_ISSUER: z.url().optional(),
  MOTCUA_SSO_CLIENT_ID: z.string().min(1).max(200).optional(),
  MOTCUA_SSO_CLIENT_SECRET: z.string().min(1).max(500).optional(),
  /** Motcua's base URL as the browser reaches it, for the redirect URIs (default MOTCUA_PUBLIC_URL, else http://localhost:PORT). */
  MOTCUA_SSO_REDIRECT_BASE: z.url().optional(),
  /**
   * Citizens' e-ID sign-in (OpenID Connect against VNeID or the national portal's identity service,
   * docs/IDENTITY.md §Citizens): the issuer URL and Motcua's client there. Without it, `npm start` uses the
   * development identity provider's /vneid issuer in the embedded demo; otherwise citizen sign-in is off.
   */
  MOTCUA_VNEID_ISSUER: z.url().optional(),
  MOTCUA_VNEID_CLIENT_ID: z.string().min(1).max(200).optional(),
  MOTCUA_VNEID_CLIENT_SECRET: z.string().min(1).max(500).optional(),
  /** How long a citizen's session lasts after an e-ID sign-in (minutes; absolute, no renewal). */
  MOTCUA_CITIZEN_SESSION_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(120),
  /** Port of the development identity provider `npm start` runs when no issuer is configured (0 or taken: a free one). */
  MOTCUA_IDP_PORT: z.coerce.number().int().min(0).max(65535).default(3102),
});
export type Config = z.infer<typeof Config>;

/** MOTCUA_ADMIN_MFA as it applies: required unless set otherwise, except on the embedded demo (PGlite). */
export function adminMfaRequired(config: Config): boolean {
  return (config.MOTCUA_ADMIN_MFA ?? (config.DATABASE_URL ? 'required' : 'optional')) === 'required';
}

/** Raised with every problem in the environment at once, so an operator fixes them in one go. */
export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Parses the environment (only `main.ts`/`cli.ts` pass `process.env`). Throws {@link ConfigError}. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const input = Object.fromEntries(
    Object.keys(Config.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]),
  );
  const parsed = Config.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return parsed.data;
}
