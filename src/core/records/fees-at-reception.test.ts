import { describe, expect, it } from 'vitest';
import { FeeLineEdit } from '../fees/fee-line.ts';
import { evolve } from './evolve.ts';
import type { RecordState } from './record-state.ts';
import {
  act,
  attempt,
  CODES,
  citizen,
  context,
  fullChecklist,
  procedure,
  staff,
  T0,
  vn,
} from './test-fixtures.ts';

/** Issue 18 item 2: the amount is computed when the record is received and requested at status 6. */

const lines = [
  FeeLineEdit.parse({
    name: 'Lệ phí cấp giấy chứng nhận',
    amountVnd: 100_000,
    payer: 'applicant',
    legalBasis: 'Nghị quyết số 01/2026/NQ-HĐND',
    exemptions: [
      { who: 'Hộ nghèo', legalBasis: 'Nghị quyết số 01/2026/NQ-HĐND, Điều 3', category: 'poor_household' },
    ],
  }),
  FeeLineEdit.parse({
    name: 'Phí trích lục bản đồ',
    amountVnd: 15_000,
    unit: 'per_copy',
    payer: 'applicant',
  }),
];
const withFees = (source: 'administrator' | 'catalogue' = 'administrator') => ({
  procedure: { ...procedure(CODES.landCorrection), fees: { lines, source } },
});

function receive(fees?: Record<string, unknown>, extra = withFees()) {
  return attempt(
    null,
    {
      type: 'receive',
      checklist: fullChecklist(),
      opening: {
        procedureVersionId: `${CODES.landCorrection}@1`,
        channel: 'in_person',
        applicant: citizen,
        routing: { residenceUnitCode: '31135', landParcelUnitCode: '31120' },
      },
      ...(fees ? { fees } : {}),
    },
    staff.ninhKieuReception,
    context(T0, CODES.landCorrection, extra),
  );
}

function received(fees?: Record<string, unknown>) {
  const d = receive(fees);
  if (!d.ok) throw new Error(JSON.stringify(d.error));
  return d.events.reduce<RecordState | null>(evolve, null);
}

describe('fees at reception', () => {
  it('computes the amount with its lines and keeps it on the record and in the received event', () => {
    const d = receive({ quantities: [{ line: 1, quantity: 2 }] });
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    const event = d.events.find((e) => e.type === 'received');
    expect(event?.type === 'received' && event.fees?.totalVnd).toBe(130_000);
    const state = received({ quantities: [{ line: 1, quantity: 2 }] });
    expect(state?.fees).toMatchObject({
      totalVnd: 130_000,
      channel: 'in_person',
      on: '2026-03-02',
      source: 'administrator',
      lines: [
        {
          name: 'Lệ phí cấp giấy chứng nhận',
          amountVnd: 100_000,
          legalBasis: 'Nghị quyết số 01/2026/NQ-HĐND',
        },
        { name: 'Phí trích lục bản đồ', quantity: 2, amountVnd: 30_000 },
      ],
    });
  });

  it('applies the exemption of a category the official accepted', () => {
    expect(received({ categories: ['poor_household'] })?.fees?.totalVnd).toBe(15_000);
  });

  it('refuses a category nobody configured, naming the field', () => {
    const d = receive({ categories: ['poor_household', 'friend_of_the_mayor'] });
    expect(d.ok).toBe(false);
    if (d.ok) return;
    expect(d.error.code).toBe('record.fee_category_unknown');
    expect(d.error.issues?.[0]?.path).toBe('fees.categories.1');
  });

  it('follows the city’s fee policy: its own categories, and percentages that add up', () => {
    const reduced = FeeLineEdit.parse({
      name: 'Lệ phí',
      amountVnd: 100_000,
      payer: 'applicant',
      reductions: [
        { legalBasis: 'NQ 1', percent: 50, category: 'poor_household' },
        { legalBasis: 'NQ 2', percent: 20, category: 'student' },
      ],
    });
    const extra = (policy: Record<string, unknown>) => ({
      procedure: {
        ...procedure(CODES.landCorrection),
        fees: { lines: [reduced], source: 'administrator' as const },
      },
      policy,
    });
    const given = { categories: ['poor_household', 'student'] };
    // `student` is named by the line itself, so it is known without the city's list.
    const best = receive(given, extra({}));
    const sum = receive(given, extra({ feePolicy: { stacking: 'sum', rounding: 'down' } }));
    const total = (d: ReturnType<typeof receive>) =>
      d.ok ? d.events.flatMap((e) => (e.type === 'received' ? [e.fees?.totalVnd] : []))[0] : undefined;
    expect(total(best)).toBe(50_000);
    expect(total(sum)).toBe(30_000);
    const cityOwn = receive({ categories: ['teacher'] }, extra({ feeCategories: ['teacher'] }));
    expect(cityOwn.ok).toBe(true);
    expect(receive({ categories: ['teacher'] }, extra({})).ok).toBe(false);
  });

  it('computes nothing for a procedure without fee lines', () => {
    const d = receive(undefined, { procedure: procedure(CODES.landCorrection) } as never);
    expect(d.ok && d.events.find((e) => e.type === 'received')).not.toHaveProperty('fees');
  });
});

describe('request_payment with the computed lines', () => {
  function atAppraisal(fees?: Record<string, unknown>) {
    const state = received(fees);
    if (!state) throw new Error('no state');
    return act(
      state,
      { type: 'forward', assigneeId: 'ck-specialist' },
      staff.ninhKieuReception,
      context(vn('2026-03-02', '10:00')),
    ).state;
  }

  it('asks for the lines with something due when no items are given (status 6)', () => {
    const { state } = act(
      atAppraisal({ quantities: [{ line: 1, quantity: 3 }] }),
      { type: 'request_payment' },
      staff.caiKheSpecialist,
      context(vn('2026-03-03', '09:00')),
    );
    expect(state.status).toBe('awaiting_payment');
    expect(state.payment?.items).toEqual([
      { description: 'Lệ phí cấp giấy chứng nhận', amountVnd: 100_000 },
      { description: 'Phí trích lục bản đồ (× 3)', amountVnd: 45_000 },
    ]);
    expect(state.payment?.totalVnd).toBe(145_000);
  });

  it('refuses a request without items when nothing is due', () => {
    const exempt = atAppraisal({ categories: ['poor_household'], quantities: [{ line: 1, quantity: 0 }] });
    const d = attempt(
      exempt,
      { type: 'request_payment' },
      staff.caiKheSpecialist,
      context(vn('2026-03-03', '09:00')),
    );
    expect(d.ok).toBe(false);
    expect(!d.ok && d.error.code).toBe('record.payment_nothing_due');
  });

  it('still takes explicit items (taxes, other obligations) over the computed lines', () => {
    const { state } = act(
      atAppraisal(),
      { type: 'request_payment', items: [{ description: 'Thuế sử dụng đất', amountVnd: 1_250_000 }] },
      staff.caiKheSpecialist,
      context(vn('2026-03-03', '09:00')),
    );
    expect(state.payment?.totalVnd).toBe(1_250_000);
  });
});
