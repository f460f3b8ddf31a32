import { randomInt } from 'node:crypto';
import { auditHmac } from '../audit/index.ts';

/** How many recovery codes an enrolment gives. */
export const RECOVERY_CODE_COUNT = 10;

/* Lower-case letters and digits without those read alike (i, l, o, 0, 1): 31 symbols, 10 per code (49 bits). */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const LENGTH = 10;

/** New recovery codes, shown once as `xxxxx-xxxxx`. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** A code as typed (any case, with or without the dash or spaces) in its stored form, or undefined. */
function normalize(code: string): string | undefined {
  const plain = code.toLowerCase().replace(/[\s-]/g, '');
  return plain.length === LENGTH && [...plain].every((c) => ALPHABET.includes(c)) ? plain : undefined;
}

/** Whether a typed second-factor code is a recovery code rather than a TOTP code (digits only). */
export function isRecoveryCode(code: string): boolean {
  return normalize(code) !== undefined && /[a-z]/i.test(code);
}

/**
 * What is stored of a recovery code: an HMAC under a key derived from the audit key (outside the database),
 * bound to the official, so that a copy of the database lets nobody test guesses offline.
 */
export function recoveryCodeHash(userId: string, code: string): string {
  return auditHmac(`motcua:totp-recovery-code:v1:${userId}:${normalize(code) ?? code}`);
}
