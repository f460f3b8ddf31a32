import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeFees, paymentItemsOf } from './compute-fees.ts';
import { FeeLineEdit, type FeeLineInput } from './fee-line.ts';

const line = (l: FeeLineInput) => FeeLineEdit.parse(l);

/** Cấp phiếu lý lịch tư pháp-like line: 200,000 per record, exempt for poor households. */
const record = line({
  name: 'Lệ phí cấp phiếu',
  amountVnd: 200_000,
  payer: 'applicant',
  legalBasis: 'Thông tư số 244/2016/TT-BTC',
  exemptions: [
    {
      who: 'Người thuộc hộ nghèo',
      legalBasis: 'Thông tư số 244/2016/TT-BTC, Điều 5',
      category: 'poor_household',
    },
  ],
});
/** A per-copy line (phí cấp bản sao): 5,000 per copy. */
const copy = line({ name: 'Phí cấp bản sao', amountVnd: 5_000, unit: 'per_copy', payer: 'applicant' });
/** Circular 64/2025/TT-BTC: 800,000 → 400,000 from 01/7/2025 to 31/12/2026. */
const halved = line({
  name: 'Phí thẩm định',
  amountVnd: 800_000,
  payer: 'organisation',
  reductions: [
    { legalBasis: 'Thông tư số 64/2025/TT-BTC', amountVnd: 400_000, from: '2025-07-01', until: '2026-12-31' },
  ],
});

describe('computeFees', () => {
  it('adds per-record and per-copy lines in whole đồng with a breakdown', () => {
    const a = computeFees(
      [record, copy],
      { channel: 'in_person', on: '2026-12-06', quantities: { '1': 3 } },
      'administrator',
    );
    expect(a.lines.map((l) => [l.name, l.quantity, l.baseVnd, l.amountVnd])).toEqual([
      ['Lệ phí cấp phiếu', 1, 200_000, 200_000],
      ['Phí cấp bản sao', 3, 15_000, 15_000],
    ]);
    expect(a.totalVnd).toBe(215_000);
    expect(a.source).toBe('administrator');
  });

  it('ignores a quantity given for a per-record line', () => {
    const a = computeFees(
      [record],
      { channel: 'in_person', on: '2026-12-06', quantities: { '0': 5 } },
      'catalogue',
    );
    expect(a.totalVnd).toBe(200_000);
  });

  it('exempts the whole line for an applicant of the exempt category, citing the provision', () => {
    const a = computeFees(
      [record, copy],
      { channel: 'in_person', on: '2026-12-06', categories: ['poor_household'] },
      'administrator',
    );
    expect(a.lines[0]?.amountVnd).toBe(0);
    expect(a.lines[0]?.adjustments).toEqual([
      {
        kind: 'exemption',
        legalBasis: 'Thông tư số 244/2016/TT-BTC, Điều 5',
        who: 'Người thuộc hộ nghèo',
        category: 'poor_household',
        amountVnd: 200_000,
      },
    ]);
    // The copy line has no such exemption: still due.
    expect(a.totalVnd).toBe(5_000);
  });

  it('applies a dated reduction only within its period (Circular 64/2025/TT-BTC)', () => {
    const at = (on: string) => computeFees([halved], { channel: 'online', on }, 'catalogue').totalVnd;
    expect(at('2025-06-30')).toBe(800_000);
    expect(at('2025-07-01')).toBe(400_000);
    expect(at('2026-12-31')).toBe(400_000);
    expect(at('2027-01-01')).toBe(800_000);
  });

  it('keeps lines of the record’s channel and lines of every channel, drops the others', () => {
    const online = line({
      name: 'Lệ phí (trực tuyến)',
      amountVnd: 7_000,
      payer: 'applicant',
      channel: 'online',
    });
    const counter = line({
      name: 'Lệ phí (trực tiếp)',
      amountVnd: 10_000,
      payer: 'applicant',
      channel: 'in_person',
    });
    const a = computeFees([online, counter, copy], { channel: 'online', on: '2026-12-06' }, 'catalogue');
    expect(a.lines.map((l) => l.index)).toEqual([0, 2]);
    expect(a.totalVnd).toBe(12_000);
  });

  it('takes the most favourable reduction by default, or adds percentages when the city says so', () => {
    const two = line({
      name: 'Lệ phí',
      amountVnd: 100_001,
      payer: 'applicant',
      reductions: [
        { legalBasis: 'NQ online', channel: 'online', percent: 50 },
        { legalBasis: 'NQ disability', category: 'person_with_disability', percent: 30 },
      ],
    });
    const facts = { channel: 'online' as const, on: '2026-12-06', categories: ['person_with_disability'] };
    const best = computeFees([two], facts, 'administrator');
    // 50% of 100,001 keeps 50,000.5 → rounded down in the applicant's favour.
    expect(best.totalVnd).toBe(50_000);
    expect(best.lines[0]?.adjustments.map((x) => x.legalBasis)).toEqual(['NQ online']);
    const sum = computeFees([two], facts, 'administrator', { stacking: 'sum', rounding: 'half_up' });
    // 80% off keeps 20,000.2 → 20,000.
    expect(sum.totalVnd).toBe(20_000);
    expect(sum.lines[0]?.adjustments.reduce((s, x) => s + x.amountVnd, 0)).toBe(80_001);
  });

  it('makes payment items of the lines with something due', () => {
    const a = computeFees(
      [record, copy],
      { channel: 'in_person', on: '2026-12-06', quantities: { '1': 2 }, categories: ['poor_household'] },
      'administrator',
    );
    expect(paymentItemsOf(a)).toEqual([{ description: 'Phí cấp bản sao (× 2)', amountVnd: 10_000 }]);
  });

  it('refuses malformed facts (a day that does not exist)', () => {
    expect(() => computeFees([record], { channel: 'online', on: '2026-02-30' }, 'catalogue')).toThrow();
  });
});

const arbLine = fc.record({
  name: fc.constantFrom('Lệ phí', 'Phí', 'Phí cấp bản sao'),
  amountVnd: fc.integer({ min: 0, max: 50_000_000 }),
  unit: fc.constantFrom('per_record', 'per_copy', 'per_page', 'per_certificate') as fc.Arbitrary<
    'per_record' | 'per_copy' | 'per_page' | 'per_certificate'
  >,
  payer: fc.constant('applicant' as const),
  exemptions: fc.array(
    fc.record({
      who: fc.constant('nhóm'),
      legalBasis: fc.constant('TT'),
      category: fc.constantFrom('poor_household', 'child_under_6'),
    }),
    { maxLength: 2 },
  ),
  reductions: fc.array(
    fc.oneof(
      fc.record({
        legalBasis: fc.constant('TT'),
        percent: fc.integer({ min: 1, max: 100 }),
        category: fc.constantFrom('poor_household', 'person_with_disability'),
      }),
      fc.record({
        legalBasis: fc.constant('TT'),
        amountVnd: fc.integer({ min: 0, max: 50_000_000 }),
        channel: fc.constantFrom('online', 'in_person') as fc.Arbitrary<'online' | 'in_person'>,
      }),
    ),
    { maxLength: 3 },
  ),
  channel: fc.option(
    fc.constantFrom('online', 'in_person', 'post') as fc.Arbitrary<'online' | 'in_person' | 'post'>,
    { nil: undefined },
  ),
});
const arbFacts = fc.record({
  channel: fc.constantFrom('online', 'in_person', 'post') as fc.Arbitrary<'online' | 'in_person' | 'post'>,
  on: fc.constant('2026-12-06'),
  categories: fc.subarray(['poor_household', 'child_under_6', 'person_with_disability']),
  quantities: fc.dictionary(fc.constantFrom('0', '1', '2', '3'), fc.integer({ min: 0, max: 50 })),
});
const arbPolicy = fc.record({
  stacking: fc.constantFrom('best', 'sum') as fc.Arbitrary<'best' | 'sum'>,
  rounding: fc.constantFrom('down', 'half_up') as fc.Arbitrary<'down' | 'half_up'>,
});

describe('computeFees, reductions summed past 100%', () => {
  it('shares the whole line among them and takes off no more than it (fast-check counterexample)', () => {
    const poor = { legalBasis: 'TT', category: 'poor_household' };
    const a = computeFees(
      [
        line({
          name: 'Lệ phí',
          amountVnd: 3,
          payer: 'applicant',
          reductions: [
            { ...poor, percent: 67 },
            { ...poor, percent: 67 },
            { ...poor, percent: 1 },
          ],
        }),
      ],
      { channel: 'online', on: '2026-12-06', categories: ['poor_household'], quantities: {} },
      'administrator',
      { stacking: 'sum', rounding: 'down' },
    );
    const [l] = a.lines;
    expect(l?.amountVnd).toBe(0);
    expect(l?.adjustments.reduce((s, x) => s + x.amountVnd, 0)).toBe(3);
  });
});

describe('computeFees laws', () => {
  it('the total is the sum of the lines; each line is its base less its adjustments, between 0 and its base', () => {
    fc.assert(
      fc.property(fc.array(arbLine, { maxLength: 4 }), arbFacts, arbPolicy, (raw, facts, policy) => {
        const lines = raw.map((l) => line(l));
        const a = computeFees(lines, facts, 'administrator', policy);
        expect(a.totalVnd).toBe(a.lines.reduce((s, l) => s + l.amountVnd, 0));
        for (const l of a.lines) {
          expect(Number.isSafeInteger(l.amountVnd)).toBe(true);
          expect(l.amountVnd).toBeGreaterThanOrEqual(0);
          expect(l.amountVnd).toBeLessThanOrEqual(l.baseVnd);
          expect(l.baseVnd - l.adjustments.reduce((s, x) => s + x.amountVnd, 0)).toBe(l.amountVnd);
          expect(l.baseVnd).toBe(l.unitAmountVnd * l.quantity);
        }
      }),
    );
  });

  it('claiming one more category never raises the amount', () => {
    fc.assert(
      fc.property(
        fc.array(arbLine, { maxLength: 4 }),
        arbFacts,
        fc.constantFrom('poor_household', 'child_under_6', 'person_with_disability'),
        (raw, facts, extra) => {
          const lines = raw.map((l) => line(l));
          const before = computeFees(lines, facts, 'administrator').totalVnd;
          const more = { ...facts, categories: [...new Set([...facts.categories, extra])] };
          expect(computeFees(lines, more, 'administrator').totalVnd).toBeLessThanOrEqual(before);
        },
      ),
    );
  });

  it('without adjustments a per-unit line grows linearly with its quantity', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (amountVnd, q) => {
          const l = line({ name: 'Phí', amountVnd, unit: 'per_page', payer: 'applicant' });
          const a = computeFees(
            [l],
            { channel: 'online', on: '2026-12-06', quantities: { '0': q } },
            'catalogue',
          );
          expect(a.totalVnd).toBe(amountVnd * q);
        },
      ),
    );
  });
});
