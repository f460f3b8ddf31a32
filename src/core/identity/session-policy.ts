/**
 * How long a session lives (issue 17 item 5): an idle timeout (no request for that long ends it) and an
 * absolute one (counted from sign-in, whatever the activity). Each role may be stricter than the default;
 * an official holding several roles gets the strictest of each limit, so an administrator who also receives
 * at the counter keeps the administrator's short limits. Pure: the caller passes the instants.
 */

/** One pair of limits. */
export interface SessionLimits {
  readonly idleMinutes: number;
  readonly absoluteHours: number;
}

/** The default limits and those of the roles that differ (from configuration). */
export interface SessionPolicy {
  readonly default: SessionLimits;
  readonly roles: Readonly<Record<string, SessionLimits | undefined>>;
}

/** Why a session is no longer valid. */
export type SessionEnd = 'idle' | 'expired';

/** How often a session's last_seen_at is written at most (not per request: it is a row update). */
export const LAST_SEEN_RESOLUTION_MS = 60_000;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The limits of an official with `roles`: for each limit, the strictest of their roles' (default for a role without its own). */
export function limitsFor(policy: SessionPolicy, roles: readonly string[]): SessionLimits {
  const each = roles.length ? roles.map((r) => policy.roles[r] ?? policy.default) : [policy.default];
  return {
    idleMinutes: Math.min(...each.map((l) => l.idleMinutes)),
    absoluteHours: Math.min(...each.map((l) => l.absoluteHours)),
  };
}

/** A session as far as its lifetime goes; `expiresAt` is the absolute end fixed when it was opened. */
export interface SessionTimes {
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly expiresAt: Date;
}

/**
 * When the session ends if nothing happens: the earliest of its idle end (last seen + idle limit), its
 * absolute end under the current roles (created + absolute limit: a role granted later shortens it) and the
 * end it was opened with.
 */
export function sessionEndsAt(
  policy: SessionPolicy,
  roles: readonly string[],
  s: SessionTimes,
): { idleEndsAt: Date; absoluteEndsAt: Date } {
  const limits = limitsFor(policy, roles);
  return {
    idleEndsAt: new Date(s.lastSeenAt.getTime() + limits.idleMinutes * MINUTE),
    absoluteEndsAt: new Date(
      Math.min(s.createdAt.getTime() + limits.absoluteHours * HOUR, s.expiresAt.getTime()),
    ),
  };
}

/** Whether the session has ended at `now`, and why (the absolute end wins when both have passed). */
export function sessionEnded(
  policy: SessionPolicy,
  roles: readonly string[],
  s: SessionTimes,
  now: Date,
): SessionEnd | null {
  const ends = sessionEndsAt(policy, roles, s);
  if (now.getTime() >= ends.absoluteEndsAt.getTime()) return 'expired';
  if (now.getTime() >= ends.idleEndsAt.getTime()) return 'idle';
  return null;
}

/** Whether a request at `now` should write last_seen_at (at most once per {@link LAST_SEEN_RESOLUTION_MS}). */
export function shouldTouch(lastSeenAt: Date, now: Date): boolean {
  return now.getTime() - lastSeenAt.getTime() >= LAST_SEEN_RESOLUTION_MS;
}

/**
 * A short, recognisable summary of a User-Agent header ("Chrome 131 trên Windows"), for the list of an
 * official's sessions. Unknown browsers keep the first 60 characters.
 */
export function summariseUserAgent(ua: string | undefined): string | null {
  if (!ua) return null;
  const browser =
    match(ua, /Edg\/(\d+)/, 'Edge') ??
    match(ua, /OPR\/(\d+)/, 'Opera') ??
    match(ua, /Firefox\/(\d+)/, 'Firefox') ??
    match(ua, /Chrom(?:e|ium)\/(\d+)/, 'Chrome') ??
    match(ua, /Version\/(\d+)[^ ]* .*Safari\//, 'Safari');
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /Android/.test(ua)
      ? 'Android'
      : /iPhone|iPad/.test(ua)
        ? 'iOS'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : undefined;
  if (!browser) return ua.slice(0, 60);
  return os ? `${browser} trên ${os}` : browser;
}

function match(ua: string, re: RegExp, name: string): string | undefined {
  const m = re.exec(ua);
  return m ? `${name} ${m[1]}` : undefined;
}
