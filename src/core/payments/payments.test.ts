import { describe, expect, it } from 'vitest';
import { amountInWords } from './amount-words.ts';
import { findRecordCode, mayExpire, receiptNumber, reconcileStatement, settle } from './index.ts';

describe('settle', () => {
  it('settles a pending payment once, then calls the same outcome a duplicate and another a conflict', () => {
    expect(settle('pending', 'success')).toEqual({ kind: 'settle', to: 'paid' });
    expect(settle('pending', 'failure')).toEqual({ kind: 'settle', to: 'failed' });
    expect(settle('pending', 'expired')).toEqual({ kind: 'settle', to: 'expired' });
    expect(settle('paid', 'success')).toEqual({ kind: 'duplicate' });
    expect(settle('failed', 'success')).toEqual({ kind: 'conflict', settled: 'failed', reported: 'success' });
  });
  it('ignores an interim status, also after the final one (reordered callbacks)', () => {
    expect(settle('pending', 'processing')).toEqual({ kind: 'superseded' });
    expect(settle('paid', 'processing')).toEqual({ kind: 'superseded' });
  });
  it('expires only after the time is up and when the platform does not know it as paid', () => {
    const at = new Date('2026-03-02T03:00:00Z');
    expect(mayExpire(at, new Date('2026-03-02T02:59:59Z'), undefined)).toBe(false);
    expect(mayExpire(at, at, undefined)).toBe(true);
    expect(mayExpire(at, at, 'processing')).toBe(true);
    expect(mayExpire(at, at, 'success')).toBe(false);
    expect(mayExpire(null, at, undefined)).toBe(false);
  });
  it('numbers receipts per year with six digits', () => {
    expect(receiptNumber(2026, 42)).toBe('BL2026-000042');
    expect(() => receiptNumber(2026, 0)).toThrow(RangeError);
  });
});

describe('reconcileStatement', () => {
  const paid = (id: string, amountVnd: number) => ({
    id,
    providerRef: `GD-${id}`,
    amountVnd,
    state: 'paid' as const,
  });
  it('matches equal lines and names every kind of difference', () => {
    const out = reconcileStatement(
      [
        { providerRef: 'GD-a', paymentId: 'a', amountVnd: 100 },
        { providerRef: 'GD-b', paymentId: 'b', amountVnd: 200 },
        { providerRef: 'GD-x', paymentId: 'x', amountVnd: 5 },
        { providerRef: 'GD-p', paymentId: 'p', amountVnd: 7 },
      ],
      [paid('a', 100), paid('b', 250), paid('c', 300), { ...paid('p', 7), state: 'pending' }],
      new Set(['a', 'b', 'c']),
    );
    expect(out.matched).toBe(1);
    expect(out.differences.map((d) => [d.kind, d.paymentId ?? d.providerRef])).toEqual([
      ['amount_differs', 'b'],
      ['missing_here', 'GD-x'],
      ['not_paid_here', 'p'],
      ['missing_at_provider', 'c'],
    ]);
  });
});

describe('findRecordCode', () => {
  const codes = ['H13.101.01-260302-0001', 'H13.101.01-260302-0012', 'H13.1-260302-0001'];
  it('finds the code however the bank rewrote the reference', () => {
    expect(findRecordCode('MOTCUA H13.101.01-260302-0012', codes)).toBe('H13.101.01-260302-0012');
    expect(findRecordCode('NGUYEN VAN A CK MOTCUA H1310101 2603020001 FT123', codes)).toBe(
      'H13.101.01-260302-0001',
    );
    expect(findRecordCode('chuyển tiền học phí', codes)).toBeUndefined();
  });
});

describe('amountInWords', () => {
  it.each([
    [0, 'Không đồng'],
    [5, 'Năm đồng'],
    [15, 'Mười lăm đồng'],
    [21, 'Hai mươi mốt đồng'],
    [105, 'Một trăm linh năm đồng'],
    [150_000, 'Một trăm năm mươi nghìn đồng'],
    [1_005_000, 'Một triệu không trăm linh năm nghìn đồng'],
    [2_024_000, 'Hai triệu không trăm hai mươi tư nghìn đồng'],
    [1_000_000_000, 'Một tỷ đồng'],
  ])('%i → %s', (n, words) => {
    expect(amountInWords(n)).toBe(words);
  });
});
