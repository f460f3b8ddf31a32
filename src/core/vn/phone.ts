/** A phone number accepted by {@link normalizePhone}. */
export interface NormalizedPhone {
  readonly ok: true;
  /** `+84` followed by the national number without its leading 0. */
  readonly e164: string;
  /** Leading 0 followed by 9 (mobile) or 10 (landline) digits. */
  readonly national: string;
  readonly kind: 'mobile' | 'landline';
}

/** Why {@link normalizePhone} refused a number. */
export interface PhoneProblem {
  readonly ok: false;
  readonly code: 'phone.empty' | 'phone.invalid_characters' | 'phone.foreign' | 'phone.format';
  readonly message_vi: string;
  readonly message_en: string;
}

const SEPARATORS = /[\s.\-()/]/g;

function problem(code: PhoneProblem['code'], message_vi: string, message_en: string): PhoneProblem {
  return { ok: false, code, message_vi, message_en };
}

/**
 * Normalises a Vietnamese phone number written with spaces, dots, dashes or brackets and a `+84`, `84`,
 * `0084` or `0` prefix. Deliberately permissive (DOMAIN.md §8.3: prefix allocations change): a mobile
 * number is any 10-digit national number starting 03, 05, 07, 08 or 09; a landline is any 11-digit
 * national number starting 02 (0 + a 3-digit area code from the 2017 renumbering, e.g. 0292 Cần Thơ,
 * + 7 or 8 digits).
 *
 * Problems: `phone.empty`, `phone.invalid_characters`, `phone.foreign` (another country code),
 * `phone.format` (wrong length or prefix).
 */
export function normalizePhone(input: string): NormalizedPhone | PhoneProblem {
  const s = input.replace(SEPARATORS, '');
  if (s === '') return problem('phone.empty', 'Chưa nhập số điện thoại', 'No phone number given');
  if (!/^\+?\d+$/.test(s)) {
    return problem(
      'phone.invalid_characters',
      'Số điện thoại chỉ gồm chữ số, có thể bắt đầu bằng +',
      'A phone number holds only digits, optionally after +',
    );
  }
  let rest: string;
  if (s.startsWith('+84')) rest = s.slice(3);
  else if (s.startsWith('0084')) rest = s.slice(4);
  else if (s.startsWith('+') || s.startsWith('00')) {
    return problem(
      'phone.foreign',
      'Chỉ nhận số điện thoại Việt Nam (+84)',
      'Only Vietnamese (+84) numbers are accepted',
    );
  } else if (s.startsWith('0')) rest = s.slice(1);
  else if (s.startsWith('84') && (s.length === 11 || s.length === 12)) rest = s.slice(2);
  else rest = s;
  // "+84 0912…" is a common way of writing the same number.
  if (rest.startsWith('0')) rest = rest.slice(1);
  const national = `0${rest}`;
  if (/^0[35789]\d{8}$/.test(national)) return { ok: true, e164: `+84${rest}`, national, kind: 'mobile' };
  if (/^02\d{9}$/.test(national)) return { ok: true, e164: `+84${rest}`, national, kind: 'landline' };
  return problem(
    'phone.format',
    'Số điện thoại không đúng: di động có 10 chữ số (03, 05, 07, 08, 09), cố định có 11 chữ số (02…)',
    'Not a valid number: mobiles have 10 digits (03, 05, 07, 08, 09), landlines 11 digits (02…)',
  );
}
