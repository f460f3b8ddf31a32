import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPersonalId, PERSONAL_ID_PROVINCES } from './personal-id.ts';

const codes = (issues: { code: string }[]) => issues.map((i) => i.code);

describe('checkPersonalId', () => {
  it('reads place, century, sex and birth year from a Cần Thơ number', () => {
    const r = checkPersonalId('092 3 05 123456', { birthDate: '2005-03-14', sex: 'female' }, '2026-11-22');
    expect(r).toEqual({
      valid: true,
      errors: [],
      warnings: [],
      parsed: { placeCode: '092', placeName: 'Cần Thơ', sex: 'female', century: 21, birthYear: 2005 },
    });
  });

  it('decodes every century and sex digit', () => {
    const decoded = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((g) => checkPersonalId(`001${g}99000000`).parsed);
    expect(decoded.map((p) => [p?.birthYear, p?.sex])).toEqual([
      [1999, 'male'],
      [1999, 'female'],
      [2099, 'male'],
      [2099, 'female'],
      [2199, 'male'],
      [2199, 'female'],
      [2299, 'male'],
      [2299, 'female'],
      [2399, 'male'],
      [2399, 'female'],
    ]);
  });

  it('refuses anything that is not 12 digits', () => {
    for (const bad of ['', '09230512345', '0923051234567', '09230512345a', '092-305-123456']) {
      const r = checkPersonalId(bad);
      expect(r.valid).toBe(false);
      expect(codes(r.errors)).toEqual(['personal_id.format']);
      expect(r.parsed).toBeUndefined();
    }
  });

  it('reports a birth year or sex that contradicts the known data', () => {
    const r = checkPersonalId('079095000001', { birthDate: '1996-01-01', sex: 'female' });
    expect(r.valid).toBe(false);
    expect(codes(r.errors)).toEqual(['personal_id.birth_year_mismatch', 'personal_id.sex_mismatch']);
    expect(r.errors[0]?.message_vi).toContain('1995');
    expect(r.parsed?.birthYear).toBe(1995);
  });

  it('refuses a birth year after the year of the given today, and only when today is given', () => {
    expect(codes(checkPersonalId('001227000001', {}, '2026-11-22').errors)).toEqual([
      'personal_id.birth_year_future',
    ]);
    expect(checkPersonalId('001226000001', {}, '2026-11-22').valid).toBe(true);
    expect(checkPersonalId('001227000001').valid).toBe(true);
  });

  it('only warns about a place code outside the province table, which may be a country code', () => {
    const r = checkPersonalId('704200000001');
    expect(r.valid).toBe(true);
    expect(codes(r.warnings)).toEqual(['personal_id.unknown_place_code']);
    expect(r.parsed?.placeName).toBeUndefined();
  });

  it('warns instead of comparing when the known birth date is unreadable', () => {
    const r = checkPersonalId('092305123456', { birthDate: '14/03/2005' });
    expect(r.valid).toBe(true);
    expect(codes(r.warnings)).toEqual(['personal_id.known_birth_date_unreadable']);
  });

  it('holds the 63 pre-2025 provinces with three-digit codes', () => {
    expect(Object.keys(PERSONAL_ID_PROVINCES)).toHaveLength(63);
    expect(Object.keys(PERSONAL_ID_PROVINCES).every((c) => /^0\d\d$/.test(c))).toBe(true);
    expect([
      PERSONAL_ID_PROVINCES['092'],
      PERSONAL_ID_PROVINCES['093'],
      PERSONAL_ID_PROVINCES['094'],
    ]).toEqual(['Cần Thơ', 'Hậu Giang', 'Sóc Trăng']);
  });

  it('accepts a number built from a real birth date and sex, with all messages in both languages', () => {
    const province = fc.constantFrom(...Object.keys(PERSONAL_ID_PROVINCES));
    fc.assert(
      fc.property(
        province,
        fc.integer({ min: 1900, max: 2026 }),
        fc.constantFrom('male' as const, 'female' as const),
        fc.stringMatching(/^\d{6}$/),
        (place, year, sex, random) => {
          const g = (Math.floor(year / 100) - 19) * 2 + (sex === 'female' ? 1 : 0);
          const id = `${place}${g}${String(year % 100).padStart(2, '0')}${random}`;
          const r = checkPersonalId(id, { birthDate: `${year}-06-01`, sex }, '2026-11-22');
          expect(r.valid).toBe(true);
          expect(r.parsed?.birthYear).toBe(year);
          const wrong = checkPersonalId(id, { birthDate: `${year + 1}-06-01` });
          expect(wrong.errors.every((e) => e.message_vi && e.message_en)).toBe(true);
          expect(wrong.valid).toBe(false);
        },
      ),
    );
  });
});
