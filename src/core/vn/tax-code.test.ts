import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTaxCode, taxCheckDigit } from './tax-code.ts';

describe('checkTaxCode', () => {
  it('accepts the published valid enterprise code 0100233488', () => {
    expect(checkTaxCode('0100233488')).toEqual({
      valid: true,
      kind: 'enterprise',
      normalized: '0100233488',
      errors: [],
    });
  });

  it('refuses a 10-digit code with a wrong check digit', () => {
    const r = checkTaxCode('0100233487');
    expect(r.valid).toBe(false);
    expect(r.kind).toBe('enterprise');
    expect(r.errors.map((e) => e.code)).toEqual(['tax_code.check_digit']);
  });

  it('accepts a dependent unit with or without the dash and normalises it to the dashed form', () => {
    expect(checkTaxCode('0100233488-001')).toMatchObject({
      valid: true,
      kind: 'branch',
      normalized: '0100233488-001',
    });
    expect(checkTaxCode('0100233488001')).toMatchObject({
      valid: true,
      kind: 'branch',
      normalized: '0100233488-001',
    });
    expect(checkTaxCode(' 0100233488 - 012 ').valid).toBe(true);
  });

  it('checks the parent of a dependent unit and refuses suffix 000', () => {
    expect(checkTaxCode('0100233487-001').errors.map((e) => e.code)).toEqual(['tax_code.check_digit']);
    expect(checkTaxCode('0100233488-000').errors.map((e) => e.code)).toEqual(['tax_code.branch_suffix']);
  });

  it('accepts a 12-digit personal identification number, which has no checksum', () => {
    expect(checkTaxCode('092305123456')).toEqual({
      valid: true,
      kind: 'personal-id',
      normalized: '092305123456',
      errors: [],
    });
  });

  it('refuses other shapes', () => {
    for (const bad of ['', '010023348', '01002334881', '0100233488-01', 'MST0100233488']) {
      const r = checkTaxCode(bad);
      expect(r).toMatchObject({ valid: false, kind: null });
      expect(r.errors.map((e) => e.code)).toEqual(['tax_code.format']);
    }
  });

  it('accepts exactly one tenth digit for nine digits whose weighted sum is not a multiple of 11', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{9}$/), (nine) => {
        const check = taxCheckDigit(nine);
        const valid = Array.from({ length: 10 }, (_, d) => checkTaxCode(`${nine}${d}`).valid);
        expect(valid.filter(Boolean)).toHaveLength(check === null ? 0 : 1);
        if (check !== null) expect(valid[check]).toBe(true);
      }),
    );
  });
});
