import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizePhone } from './phone.ts';

describe('normalizePhone', () => {
  it('normalises a mobile number written in the usual ways', () => {
    for (const written of [
      '0912345678',
      '0912 345 678',
      '0912.345.678',
      '091-234-5678',
      '+84912345678',
      '+84 912 345 678',
      '84912345678',
      '0084912345678',
      '+84 (0) 912 345 678',
    ]) {
      expect(normalizePhone(written)).toEqual({
        ok: true,
        e164: '+84912345678',
        national: '0912345678',
        kind: 'mobile',
      });
    }
  });

  it('recognises a Cần Thơ landline with area code 0292', () => {
    expect(normalizePhone('0292 3820 123')).toEqual({
      ok: true,
      e164: '+842923820123',
      national: '02923820123',
      kind: 'landline',
    });
    expect(normalizePhone('+84 292 3820 123')).toMatchObject({ ok: true, national: '02923820123' });
  });

  it('explains why a number is refused', () => {
    expect(normalizePhone('   ')).toMatchObject({ ok: false, code: 'phone.empty' });
    expect(normalizePhone('09123abc78')).toMatchObject({ ok: false, code: 'phone.invalid_characters' });
    expect(normalizePhone('+1 202 555 0100')).toMatchObject({ ok: false, code: 'phone.foreign' });
    expect(normalizePhone('091234567')).toMatchObject({ ok: false, code: 'phone.format' });
    expect(normalizePhone('01912345678')).toMatchObject({ ok: false, code: 'phone.format' });
    expect(normalizePhone('1022')).toMatchObject({ ok: false, code: 'phone.format' });
    const refused = normalizePhone('0612345678');
    expect(refused.ok === false && refused.message_vi && refused.message_en).toBeTruthy();
  });

  it('gives back the same number when its own national or E.164 form is normalised again', () => {
    const mobile = fc.tuple(fc.constantFrom('3', '5', '7', '8', '9'), fc.stringMatching(/^\d{8}$/));
    fc.assert(
      fc.property(mobile, ([p, rest]) => {
        const first = normalizePhone(`0${p}${rest}`);
        expect(first.ok).toBe(true);
        if (!first.ok) return;
        expect(normalizePhone(first.e164)).toEqual(first);
        expect(normalizePhone(first.national)).toEqual(first);
      }),
    );
  });
});
