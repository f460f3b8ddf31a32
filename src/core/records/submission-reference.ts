/**
 * The reference of an online submission (số tham chiếu), printed on its receipt at once, before the record
 * has a code (the code is given at reception): with the last 4 digits of the applicant's phone or personal
 * ID it tracks the record on the tracking page, like a code. It is the record id's creation millisecond
 * (the first 48 bits of a UUIDv7) and its last 16 bits, in 13 Crockford base-32 characters grouped
 * `XXXX-XXXX-XXXXX`, so that it is found by a range of the primary key.
 */

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 13;

/** The reference of the record with this UUIDv7 id. */
export function submissionReference(recordId: string): string {
  const hex = recordId.replaceAll('-', '').toLowerCase();
  let value = BigInt(`0x${hex.slice(0, 12)}${hex.slice(-4)}`);
  let out = '';
  for (let i = 0; i < LENGTH; i++) {
    out = ALPHABET[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8)}`;
}

/** The ids a reference can stand for: a range of the primary key and the last 4 hex digits. */
export interface ReferenceRange {
  readonly fromId: string;
  readonly toId: string;
  readonly idSuffix: string;
}

/**
 * The ids a typed reference stands for, or undefined when it is not one. Case, spaces and dashes do not
 * matter; O is read as 0 and I, L as 1 (Crockford).
 */
export function parseSubmissionReference(typed: string): ReferenceRange | undefined {
  const text = typed.toUpperCase().replace(/[\s-]/g, '').replaceAll('O', '0').replace(/[IL]/g, '1');
  if (text.length !== LENGTH) return undefined;
  let value = 0n;
  for (const c of text) {
    const digit = ALPHABET.indexOf(c);
    if (digit < 0) return undefined;
    value = (value << 5n) | BigInt(digit);
  }
  if (value >> 64n !== 0n) return undefined;
  const hex = value.toString(16).padStart(16, '0');
  const ms = `${hex.slice(0, 8)}-${hex.slice(8, 12)}`;
  return {
    fromId: `${ms}-0000-0000-000000000000`,
    toId: `${ms}-ffff-ffff-ffffffffffff`,
    idSuffix: hex.slice(12),
  };
}
