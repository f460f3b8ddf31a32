import type { Issue } from './issue.ts';

/** Weights of the first nine digits in the MST check digit (DOMAIN.md §8.2 [S]). */
const WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3] as const;

/** Result of {@link checkTaxCode}; `kind` is null when the input has none of the accepted shapes. */
export interface TaxCodeCheck {
  readonly valid: boolean;
  readonly kind: 'enterprise' | 'branch' | 'personal-id' | null;
  /** `0123456789`, `0123456789-001` or the 12 digits; absent when the shape is not recognised. */
  readonly normalized?: string;
  readonly errors: Issue[];
}

/**
 * The tenth digit of a 10-digit tax code computed from the first nine: `10 − (Σ dᵢ·wᵢ mod 11)`, or null
 * when that is 10 (such numbers are never issued).
 */
export function taxCheckDigit(firstNine: string): number | null {
  let sum = 0;
  for (let i = 0; i < WEIGHTS.length; i++) sum += Number(firstNine[i]) * (WEIGHTS[i] as number);
  const digit = 10 - (sum % 11);
  return digit === 10 ? null : digit;
}

function issue(code: string, message_vi: string, message_en: string): Issue {
  return { code, message_vi, message_en };
}

/**
 * Checks a tax code (mã số thuế). Accepted shapes (DOMAIN.md §8.2): 10 digits for an enterprise or
 * organisation, 10 + 3 digits (`0123456789-001`, dash optional) for a dependent unit, and 12 digits — the
 * personal identification number that replaced individual tax codes from 1 July 2025 (Circular
 * 86/2024/TT-BTC art. 5 cl. 5 [S]), which has no check digit. Spaces are ignored.
 *
 * Errors: `tax_code.format`, `tax_code.check_digit` (10 and 13 digits), `tax_code.branch_suffix` (a
 * dependent unit numbered 000).
 */
export function checkTaxCode(input: string): TaxCodeCheck {
  const s = input.replace(/\s+/g, '');
  if (/^\d{12}$/.test(s)) return { valid: true, kind: 'personal-id', normalized: s, errors: [] };
  const m = /^(\d{10})(?:-?(\d{3}))?$/.exec(s);
  if (!m) {
    return {
      valid: false,
      kind: null,
      errors: [
        issue(
          'tax_code.format',
          'Mã số thuế phải gồm 10 chữ số, 13 chữ số (dạng 0123456789-001) hoặc là số định danh cá nhân 12 chữ số',
          'A tax code has 10 digits, 13 digits (0123456789-001) or is a 12-digit personal identification number',
        ),
      ],
    };
  }
  const parent = m[1] as string;
  const suffix = m[2];
  const errors: Issue[] = [];
  if (taxCheckDigit(parent) !== Number(parent[9])) {
    errors.push(
      issue(
        'tax_code.check_digit',
        'Chữ số kiểm tra của mã số thuế không đúng',
        'The tax code check digit is wrong',
      ),
    );
  }
  if (suffix === '000') {
    errors.push(
      issue(
        'tax_code.branch_suffix',
        'Mã đơn vị phụ thuộc phải từ 001 đến 999',
        'A dependent unit suffix runs from 001 to 999',
      ),
    );
  }
  return {
    valid: errors.length === 0,
    kind: suffix === undefined ? 'enterprise' : 'branch',
    normalized: suffix === undefined ? parent : `${parent}-${suffix}`,
    errors,
  };
}
