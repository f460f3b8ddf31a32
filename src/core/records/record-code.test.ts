import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIsoDate, type IsoDate } from '../calendar/index.ts';
import { formatRecordCode, isRecordCode, parseRecordCode, readTypedRecordCode } from './record-code.ts';
import { agency } from './test-fixtures.ts';

describe('formatRecordCode', () => {
  it('writes the receiving agency, the reception day as YYMMDD and a 4-digit sequence', () => {
    expect(formatRecordCode(agency('31120-ttpvhcc').code, '2026-03-02', 1)).toBe('H13.101.01-260302-0001');
    expect(formatRecordCode(agency('31135-ttpvhcc').code, '2026-12-31', 37)).toBe('H13.102.01-261231-0037');
  });

  it('lets the sequence grow past 4 digits (Circular 03/2025 art. 13 cl. 3: variable length)', () => {
    expect(formatRecordCode('H13.014', '2026-03-02', 12345)).toBe('H13.014-260302-12345');
  });

  it('accepts the older Circular 01/2018 agency codes', () => {
    expect(formatRecordCode('000.00.31.H29', '2023-05-12', 1)).toBe('000.00.31.H29-230512-0001');
  });

  it('refuses a sequence below 1, a malformed agency code or a day outside 2000–2099', () => {
    expect(() => formatRecordCode('H13.101.01', '2026-03-02', 0)).toThrow(RangeError);
    expect(() => formatRecordCode('H13.101.01', '2026-03-02', 1.5)).toThrow(RangeError);
    expect(() => formatRecordCode('h13 101', '2026-03-02', 1)).toThrow(RangeError);
    expect(() => formatRecordCode('H13.101.01', '1999-12-31', 1)).toThrow(RangeError);
    expect(() => formatRecordCode('H13.101.01', '2026-02-30', 1)).toThrow(RangeError);
  });
});

describe('parseRecordCode', () => {
  it('reads back the agency, the day and the sequence', () => {
    expect(parseRecordCode('H13.101.01-260302-0001')).toEqual({
      agencyCode: 'H13.101.01',
      receptionDate: '2026-03-02',
      sequence: 1,
    });
  });

  it('rejects codes with a day that does not exist, sequence 0, extra padding or the wrong shape', () => {
    for (const bad of [
      'H13.101.01-260230-0001',
      'H13.101.01-260302-0000',
      'H13.101.01-260302-00001',
      'H13.101.01-260302-001',
      'H13.101.01/260302/0001',
      'h13.101.01-260302-0001',
      '',
    ]) {
      expect(isRecordCode(bad), bad).toBe(false);
    }
  });

  it('round-trips every code it writes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('H13', 'H13.014', 'H13.101.01', 'H13.203.01', '000.00.31.H29'),
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2099-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 1, max: 10_000_000 }),
        (agencyCode, d, sequence) => {
          const day = formatIsoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
          const code = formatRecordCode(agencyCode, day, sequence);
          expect(parseRecordCode(code)).toEqual({ agencyCode, receptionDate: day, sequence });
        },
      ),
    );
  });
});

describe('readTypedRecordCode', () => {
  it('reads a code typed in lower case, with spaces, other dashes or commas, as the code on the slip', () => {
    const code = 'H13.101.01-260302-0012';
    for (const typed of [
      code,
      'h13.101.01-260302-0012',
      'H13.101.01 260302 0012',
      ' h13.101.01 - 260302 - 0012 ',
      'H13.101.01–260302–0012',
      'H13.101.01—260302—0012',
      'H13,101,01-260302-0012',
      'H13.101.01-260302-12',
      'H13.101.01-260302-00012',
      'H13.101.01-2603020012',
      'Ｈ１３.101.01-260302-0012',
    ]) {
      expect(readTypedRecordCode(typed), typed).toBe(code);
    }
    expect(readTypedRecordCode('000.00.31.h29-260302-12345')).toBe('000.00.31.H29-260302-12345');
  });

  it('reads nothing else as a code: names, phone numbers, personal IDs, impossible days, sequence 0', () => {
    for (const typed of [
      '',
      'nguyen van an',
      '0912 345 678',
      '092085001234',
      'H13.101.01-260230-0001',
      'H13.101.01-260302-0000',
      'H13.101.01260302-0001',
      'ABCD-EFGH-JKMN',
    ]) {
      expect(readTypedRecordCode(typed), typed).toBeUndefined();
    }
  });

  it('reads back every code it is given in its written form', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('H13.101.01', '000.00.31.H29', 'X64.5'),
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 99_999 }),
        (agencyCode, d, seq) => {
          const code = formatRecordCode(agencyCode, d.toISOString().slice(0, 10) as IsoDate, seq);
          expect(readTypedRecordCode(code)).toBe(code);
          expect(readTypedRecordCode(code.toLowerCase().replaceAll('-', ' '))).toBe(code);
        },
      ),
    );
  });
});
