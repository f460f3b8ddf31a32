/**
 * Time-based one-time codes (RFC 6238: SHA-1, 6 digits, 30-second steps, what every authenticator app
 * reads from an otpauth:// URI). A code is accepted one step early or late (clock drift) and only once:
 * the step it matched must be later than the last step used, so a code seen over a shoulder or replayed
 * within its window is refused. No I/O (otpauth computes the HMAC in JavaScript); the caller passes `now`.
 */
import { Secret, TOTP } from 'otpauth';

const PERIOD_SECONDS = 30;
const DIGITS = 6;

function totp(secretBase32: string, label: string): TOTP {
  return new TOTP({
    issuer: 'Motcua',
    label,
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** A new random secret (160 bits, as RFC 4226 recommends), in base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app scans (issuer Motcua, the username as label). */
export function totpUri(secretBase32: string, username: string): string {
  return totp(secretBase32, username).toString();
}

/** The code of `now` (for the demo CLI and for tests that play the authenticator app). */
export function totpCode(secretBase32: string, now: Date): string {
  return totp(secretBase32, 'motcua').generate({ timestamp: now.getTime() });
}

/**
 * The step a code matches (within one step of `now`), if it is later than `lastUsedStep`; null for a wrong
 * code or a replayed one. The caller stores the step it returns as the new last used step.
 */
export function acceptTotpCode(
  secretBase32: string,
  code: string,
  now: Date,
  lastUsedStep: number | null,
): number | null {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const t = totp(secretBase32, 'motcua');
  const delta = t.validate({ token, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  const step = t.counter({ timestamp: now.getTime() }) + delta;
  if (lastUsedStep !== null && step <= lastUsedStep) return null;
  return step;
}
