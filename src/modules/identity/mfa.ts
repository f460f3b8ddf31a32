import { createHash, randomBytes } from 'node:crypto';
import { DomainError } from '../../core/errors/index.ts';
import { summariseUserAgent } from '../../core/identity/session-policy.ts';
import type { Tx } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/http/index.ts';
import { appendAudit } from '../audit/index.ts';
import * as store from './identity.store.ts';
import * as throttle from './login-throttle.ts';
import * as mfaStore from './mfa.store.ts';
import { isRecoveryCode, newRecoveryCodes, recoveryCodeHash } from './recovery-codes.ts';
import { open, seal } from './secret-box.ts';
import { acceptTotpCode, newTotpSecret, totpUri } from './totp.ts';

/** How long the code of a two-step sign-in may be given after the password, and how many tries it has. */
const CHALLENGE_MS = 5 * 60_000;
const CHALLENGE_ATTEMPTS = 5;

const invalidCode = () =>
  new DomainError(
    'auth.invalid_mfa_code',
    {},
    {
      issues: [
        {
          path: 'body.code',
          code: 'invalid_code',
          message: 'The code is wrong or was already used',
          messageVi: 'Mã xác thực không đúng hoặc đã được dùng',
        },
      ],
    },
  );

function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function throttleKey(userId: string): string {
  return `totp:${userId}`;
}

/** Whether the user signs in with a TOTP code after the password. */
export async function hasConfirmedTotp(tx: Tx, userId: string): Promise<boolean> {
  return Boolean((await mfaStore.findTotp(tx, userId))?.confirmedAt);
}

/** A challenge for the code (its token goes to the client once; only its SHA-256 is stored). */
export async function openChallenge(
  tx: Tx,
  userId: string,
  meta: { address: string; userAgent?: string | undefined },
  now: Date,
): Promise<{ challenge: string; expiresAt: Date; method: 'totp' }> {
  const challenge = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + CHALLENGE_MS);
  await mfaStore.insertChallenge(tx, {
    id: hashOf(challenge),
    userId,
    createdAt: now,
    expiresAt,
    clientAddress: meta.address,
    userAgent: summariseUserAgent(meta.userAgent),
  });
  return { challenge, expiresAt, method: 'totp' };
}

/**
 * Checks a code against the challenge `challengeId` (SHA-256 of its token): a TOTP code, or one of the
 * official's unused recovery codes (`via`). Returned, not thrown, so the caller commits the counts: a wrong
 * code counts against the challenge and the user's TOTP throttle (the account policy of passwords); a
 * replayed code, or a recovery code used before, is a wrong code.
 */
export async function answerChallenge(
  tx: Tx,
  challengeId: string,
  code: string,
  now: Date,
  limits: { accountFailures: number },
): Promise<
  | { ok: true; user: store.UserRow; via: 'totp' | 'recovery_code' }
  | {
      ok: false;
      reason: 'challenge_expired' | 'mfa_locked' | 'mfa_failed';
      user?: store.UserRow | undefined;
      error: DomainError;
    }
> {
  const challenge = await mfaStore.findChallengeForUpdate(tx, challengeId);
  if (!challenge || new Date(challenge.expiresAt) <= now || challenge.attempts >= CHALLENGE_ATTEMPTS) {
    if (challenge) await mfaStore.deleteChallenge(tx, challengeId);
    const user = challenge ? await store.findUserById(tx, challenge.userId) : undefined;
    return { ok: false, reason: 'challenge_expired', user, error: new DomainError('auth.challenge_expired') };
  }
  const user = await store.findUserById(tx, challenge.userId);
  const locked = await throttle.lockedUntil(tx, [throttleKey(challenge.userId)], now);
  if (locked) {
    const retryAfterSeconds = Math.max(1, Math.ceil((locked.getTime() - now.getTime()) / 1000));
    return {
      ok: false,
      reason: 'mfa_locked',
      user,
      error: new DomainError('auth.too_many_attempts', { retryAfterSeconds }),
    };
  }
  const via = isRecoveryCode(code) ? 'recovery_code' : 'totp';
  const accepted =
    via === 'totp'
      ? (await checkCode(tx, challenge.userId, code, now, false)) !== null
      : (await hasConfirmedTotp(tx, challenge.userId)) &&
        (await mfaStore.spendRecoveryCode(
          tx,
          challenge.userId,
          recoveryCodeHash(challenge.userId, code),
          now,
        ));
  if (!user?.active || !accepted) {
    await mfaStore.countChallengeAttempt(tx, challengeId);
    await throttle.recordFailure(
      tx,
      throttleKey(challenge.userId),
      throttle.accountPolicy(limits.accountFailures),
      now,
    );
    return { ok: false, reason: 'mfa_failed', user, error: invalidCode() };
  }
  await mfaStore.deleteChallenge(tx, challengeId);
  await throttle.clearFailures(tx, throttleKey(challenge.userId));
  return { ok: true, user, via };
}

/** The step `code` matched and was used for (confirming an enrolment when `confirm`), or null. */
async function checkCode(
  tx: Tx,
  userId: string,
  code: string,
  now: Date,
  confirm: boolean,
): Promise<number | null> {
  const cred = await mfaStore.findTotp(tx, userId);
  if (!cred || Boolean(cred.confirmedAt) === confirm) return null;
  const step = acceptTotpCode(open(cred.secret), code, now, cred.lastUsedStep);
  if (step === null) return null;
  return (await mfaStore.spendTotpStep(tx, userId, step, now, confirm)) ? step : null;
}

/**
 * Starts the official's TOTP enrolment: a new secret, returned this once (as base32 and as the otpauth://
 * URI an authenticator app scans) and stored sealed. Starting again before confirming replaces it.
 * @throws auth.totp_already_enrolled
 */
export async function startTotpEnrolment(
  tx: Tx,
  actor: Actor,
  now: Date,
): Promise<{ secret: string; uri: string }> {
  if (await hasConfirmedTotp(tx, actor.userId)) throw new DomainError('auth.totp_already_enrolled');
  const secret = newTotpSecret();
  await mfaStore.putPendingTotp(tx, actor.userId, seal(secret), now);
  return { secret, uri: totpUri(secret, actor.username) };
}

/**
 * Confirms the enrolment with a first code: from now on the official signs in with a code after the
 * password, and this session, which proved it, is no longer limited to enrolling (audited). Answers the
 * official's {@link RECOVERY_CODE_COUNT} recovery codes, this once (only their HMACs are kept). A wrong code
 * is returned (to commit its throttle count): auth.invalid_mfa_code, auth.too_many_attempts.
 * @throws auth.totp_already_enrolled, auth.totp_not_started
 */
export async function confirmTotpEnrolment(
  tx: Tx,
  actor: Actor,
  code: string,
  meta: { now: Date; requestId?: string; accountFailures: number },
): Promise<{ ok: true; recoveryCodes: string[] } | { ok: false; error: DomainError }> {
  const cred = await mfaStore.findTotp(tx, actor.userId);
  if (!cred) throw new DomainError('auth.totp_not_started');
  if (cred.confirmedAt) throw new DomainError('auth.totp_already_enrolled');
  const key = throttleKey(actor.userId);
  const locked = await throttle.lockedUntil(tx, [key], meta.now);
  if (locked) {
    const retryAfterSeconds = Math.max(1, Math.ceil((locked.getTime() - meta.now.getTime()) / 1000));
    return { ok: false, error: new DomainError('auth.too_many_attempts', { retryAfterSeconds }) };
  }
  if ((await checkCode(tx, actor.userId, code, meta.now, true)) === null) {
    await throttle.recordFailure(tx, key, throttle.accountPolicy(meta.accountFailures), meta.now);
    return { ok: false, error: invalidCode() };
  }
  await throttle.clearFailures(tx, key);
  await store.clearMfaEnrolmentRequired(tx, actor.sessionId);
  const recoveryCodes = newRecoveryCodes();
  await mfaStore.replaceRecoveryCodes(
    tx,
    actor.userId,
    recoveryCodes.map((c) => recoveryCodeHash(actor.userId, c)),
    meta.now,
  );
  await appendAudit(
    tx,
    [
      {
        actorId: actor.userId,
        actorRole: actor.roles[0] ?? 'official',
        requestId: meta.requestId,
        action: 'auth.totp_enrolled',
        entityType: 'user',
        entityId: actor.userId,
        change: { method: 'totp', recoveryCodes: recoveryCodes.length },
      },
    ],
    meta.now,
  );
  return { ok: true, recoveryCodes };
}

/**
 * New recovery codes for an official with a confirmed TOTP (the old ones stop working), answered this once,
 * against a current TOTP code (one-time, like a sign-in's; a recovery code does not renew the others).
 * Audited `auth.recovery_codes_renewed`. A wrong code is returned (to commit its throttle count):
 * auth.invalid_mfa_code, auth.too_many_attempts.
 * @throws auth.totp_not_enrolled
 */
export async function renewRecoveryCodes(
  tx: Tx,
  actor: Actor,
  code: string,
  meta: { now: Date; requestId?: string; accountFailures: number },
): Promise<{ ok: true; recoveryCodes: string[] } | { ok: false; error: DomainError }> {
  if (!(await hasConfirmedTotp(tx, actor.userId)))
    throw new DomainError('auth.totp_not_enrolled', { id: actor.userId });
  const key = throttleKey(actor.userId);
  const locked = await throttle.lockedUntil(tx, [key], meta.now);
  if (locked) {
    const retryAfterSeconds = Math.max(1, Math.ceil((locked.getTime() - meta.now.getTime()) / 1000));
    return { ok: false, error: new DomainError('auth.too_many_attempts', { retryAfterSeconds }) };
  }
  if (isRecoveryCode(code) || (await checkCode(tx, actor.userId, code, meta.now, false)) === null) {
    await throttle.recordFailure(tx, key, throttle.accountPolicy(meta.accountFailures), meta.now);
    return { ok: false, error: invalidCode() };
  }
  await throttle.clearFailures(tx, key);
  const recoveryCodes = newRecoveryCodes();
  await mfaStore.replaceRecoveryCodes(
    tx,
    actor.userId,
    recoveryCodes.map((c) => recoveryCodeHash(actor.userId, c)),
    meta.now,
  );
  await appendAudit(
    tx,
    [
      {
        actorId: actor.userId,
        actorRole: actor.roles[0] ?? 'official',
        requestId: meta.requestId,
        action: 'auth.recovery_codes_renewed',
        entityType: 'user',
        entityId: actor.userId,
        change: { recoveryCodes: recoveryCodes.length },
      },
    ],
    meta.now,
  );
  return { ok: true, recoveryCodes };
}

/** Whether the official has a confirmed TOTP, and how many recovery codes are left (the enrolment page). */
export async function totpStatus(
  tx: Tx,
  userId: string,
): Promise<{ enrolled: boolean; recoveryCodesLeft: number }> {
  const enrolled = await hasConfirmedTotp(tx, userId);
  return { enrolled, recoveryCodesLeft: enrolled ? await mfaStore.countRecoveryCodesLeft(tx, userId) : 0 };
}

/**
 * An administrator removes another official's second factor (a lost phone and no recovery code left): the
 * TOTP secret, the recovery codes and challenges under way go, and every session of the official ends
 * (returned, for the session cache); they enrol again at their next sign-in (administrators must, under
 * MOTCUA_ADMIN_MFA=required). Only officials the administrator manages (`managed` checks it). Audited as
 * `auth.totp_reset`.
 * @throws user.not_found (from `managed`), auth.totp_self_reset, auth.totp_not_enrolled
 */
export async function resetTotp(
  tx: Tx,
  actor: Actor,
  userId: string,
  managed: (tx: Tx, id: string) => Promise<store.UserRow>,
  meta: { now: Date; requestId?: string },
): Promise<{ staleSessions: string[] }> {
  const user = await managed(tx, userId);
  if (user.id === actor.userId) throw new DomainError('auth.totp_self_reset');
  if (!(await mfaStore.findTotp(tx, user.id)))
    throw new DomainError('auth.totp_not_enrolled', { id: user.id });
  await mfaStore.deleteSecondFactor(tx, user.id);
  await throttle.clearFailures(tx, throttleKey(user.id));
  const staleSessions = await store.deleteUserSessions(tx, user.id);
  await appendAudit(
    tx,
    [
      {
        actorId: actor.userId,
        actorRole: 'admin',
        requestId: meta.requestId,
        action: 'auth.totp_reset',
        entityType: 'user',
        entityId: user.id,
        change: { method: 'totp', endedSessions: staleSessions.length },
      },
    ],
    meta.now,
  );
  return { staleSessions };
}
