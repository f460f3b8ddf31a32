import { describe, expect, it } from 'vitest';
import {
  limitsFor,
  type SessionPolicy,
  sessionEnded,
  sessionEndsAt,
  shouldTouch,
  summariseUserAgent,
} from '../../src/core/identity/session-policy.ts';
import { sessionPolicyFrom } from '../../src/modules/identity/index.ts';
import { acceptTotpCode, newTotpSecret, totpCode, totpUri } from '../../src/modules/identity/totp.ts';
import { adminMfaRequired, ConfigError, loadConfig } from '../../src/platform/config.ts';

const policy: SessionPolicy = {
  default: { idleMinutes: 60, absoluteHours: 12 },
  roles: { admin: { idleMinutes: 15, absoluteHours: 8 }, monitor: { idleMinutes: 30, absoluteHours: 24 } },
};
const t0 = new Date('2026-03-02T03:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const opened = { createdAt: t0, lastSeenAt: t0, expiresAt: at(24 * 60) };

describe('session policy', () => {
  it('gives a role without its own limits the default ones', () => {
    expect(limitsFor(policy, ['reception'])).toEqual({ idleMinutes: 60, absoluteHours: 12 });
    expect(limitsFor(policy, [])).toEqual({ idleMinutes: 60, absoluteHours: 12 });
  });

  it('takes the strictest of each limit over the roles held', () => {
    expect(limitsFor(policy, ['reception', 'admin'])).toEqual({ idleMinutes: 15, absoluteHours: 8 });
    // monitor is stricter on idle, the default on absolute
    expect(limitsFor(policy, ['monitor', 'leader'])).toEqual({ idleMinutes: 30, absoluteHours: 12 });
  });

  it('ends an administrator’s session after 15 idle minutes and a receptionist’s after 60', () => {
    expect(sessionEnded(policy, ['admin'], opened, at(14))).toBeNull();
    expect(sessionEnded(policy, ['admin'], opened, at(15))).toBe('idle');
    expect(sessionEnded(policy, ['reception'], opened, at(59))).toBeNull();
    expect(sessionEnded(policy, ['reception'], opened, at(60))).toBe('idle');
  });

  it('counts idle time from the last request, the absolute limit from sign-in whatever the activity', () => {
    const busy = { ...opened, lastSeenAt: at(8 * 60 - 1) };
    expect(sessionEnded(policy, ['admin'], busy, at(8 * 60 - 1))).toBeNull();
    expect(sessionEnded(policy, ['admin'], busy, at(8 * 60))).toBe('expired');
    expect(sessionEnded(policy, ['reception'], busy, at(8 * 60))).toBeNull();
    expect(sessionEnded(policy, ['reception'], { ...opened, lastSeenAt: at(12 * 60 - 1) }, at(12 * 60))).toBe(
      'expired',
    );
  });

  it('never lets a session outlive the end it was opened with', () => {
    const short = { ...opened, expiresAt: at(30) };
    expect(sessionEndsAt(policy, ['reception'], short).absoluteEndsAt).toEqual(at(30));
    expect(sessionEnded(policy, ['reception'], { ...short, lastSeenAt: at(29) }, at(30))).toBe('expired');
  });

  it('writes last seen at most once a minute', () => {
    expect(shouldTouch(t0, at(0.5))).toBe(false);
    expect(shouldTouch(t0, at(1))).toBe(true);
  });

  it('summarises a user agent into something recognisable', () => {
    expect(
      summariseUserAgent(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      ),
    ).toBe('Chrome 131 trên Windows');
    expect(
      summariseUserAgent('Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0'),
    ).toBe('Firefox 133 trên Linux');
    expect(summariseUserAgent(undefined)).toBeNull();
    expect(summariseUserAgent('lightmyrequest')).toBe('lightmyrequest');
  });
});

describe('TOTP (RFC 6238)', () => {
  // RFC 6238 appendix B: the SHA-1 secret "12345678901234567890" at T = 59 s gives 94287082 (8 digits);
  // its last 6 digits are what a 6-digit authenticator shows.
  const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

  it('computes the RFC 6238 test vector', () => {
    expect(totpCode(rfcSecret, new Date(59_000))).toBe('287082');
    expect(totpCode(rfcSecret, new Date(1_111_111_109_000))).toBe('081804');
  });

  it('accepts a code one step late (clock drift) but not two', () => {
    const code = totpCode(rfcSecret, new Date(59_000));
    expect(acceptTotpCode(rfcSecret, code, new Date(89_000), null)).toBe(1);
    expect(acceptTotpCode(rfcSecret, code, new Date(119_000), null)).toBeNull();
  });

  it('refuses a code whose step was already used (a replay within its window)', () => {
    const now = new Date(59_000);
    const code = totpCode(rfcSecret, now);
    const step = acceptTotpCode(rfcSecret, code, now, null);
    expect(step).toBe(1);
    expect(acceptTotpCode(rfcSecret, code, now, step)).toBeNull();
    expect(acceptTotpCode(rfcSecret, totpCode(rfcSecret, new Date(61_000)), new Date(61_000), step)).toBe(2);
  });

  it('refuses a wrong or malformed code and makes a new secret per enrolment', () => {
    expect(acceptTotpCode(rfcSecret, '000000', new Date(59_000), null)).toBeNull();
    expect(acceptTotpCode(rfcSecret, 'abc', new Date(59_000), null)).toBeNull();
    const a = newTotpSecret();
    expect(a).not.toBe(newTotpSecret());
    expect(totpUri(a, 'quantri')).toMatch(/^otpauth:\/\/totp\/Motcua:quantri\?.*secret=/);
  });
});

describe('session and second-factor configuration', () => {
  it('defaults to 60 idle minutes, administrators 15 minutes and 8 hours, and reads per-role limits', () => {
    const policy = sessionPolicyFrom(loadConfig({}));
    expect(policy.default).toEqual({ idleMinutes: 60, absoluteHours: 12 });
    expect(limitsFor(policy, ['reception', 'admin'])).toEqual({ idleMinutes: 15, absoluteHours: 8 });
    const custom = sessionPolicyFrom(
      loadConfig({ MOTCUA_SESSION_ROLE_LIMITS: 'leader:20:6, monitor:30:10' }),
    );
    expect(custom.roles).toEqual({
      leader: { idleMinutes: 20, absoluteHours: 6 },
      monitor: { idleMinutes: 30, absoluteHours: 10 },
    });
    expect(() => loadConfig({ MOTCUA_SESSION_ROLE_LIMITS: 'boss:1:1' })).toThrow(ConfigError);
  });

  it('requires TOTP for administrators on PostgreSQL and leaves it optional on the embedded demo, unless configured', () => {
    expect(adminMfaRequired(loadConfig({}))).toBe(false);
    expect(adminMfaRequired(loadConfig({ DATABASE_URL: 'postgres://db/motcua' }))).toBe(true);
    expect(adminMfaRequired(loadConfig({ MOTCUA_ADMIN_MFA: 'required' }))).toBe(true);
    expect(
      adminMfaRequired(loadConfig({ DATABASE_URL: 'postgres://db/m', MOTCUA_ADMIN_MFA: 'optional' })),
    ).toBe(false);
  });
});
