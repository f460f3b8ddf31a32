import { describe, expect, it } from 'vitest';
import { type Actor, parseCommand } from '../../src/core/records/index.ts';
import { act, context, landRecord, staff, vn } from '../../src/core/records/test-fixtures.ts';
import { reportFact } from '../../src/modules/reports/index.ts';

/** Decision 766 indicator 3.6 counts payments made online, not every confirmed payment (issue 13 #28). */

const extras = {
  digitised: false,
  reused: false,
  shared: false,
  electronicResult: false,
  rating: null,
  crossBoundary: true,
};

const platform = { kind: 'system', integration: 'payment' } as const;

function paid(confirmation: Record<string, unknown>, actor: Actor = staff.caiKheSpecialist) {
  const waiting = act(
    landRecord.atAppraisal(),
    { type: 'request_payment', items: [{ description: 'Lệ phí', amountVnd: 50_000 }] },
    staff.caiKheSpecialist,
    context(vn('2026-03-03', '09:00')),
  ).state;
  const command = parseCommand({ type: 'confirm_payment', ...confirmation });
  if (!command.ok) throw new Error(JSON.stringify(command));
  return act(waiting, command.value, actor, context(vn('2026-03-03', '14:00'))).state;
}

describe('online payment (766 indicator 3.6)', () => {
  it('does not count a cash receipt at the counter, whatever its reference', () => {
    const state = paid({ reference: 'BL-0001' });
    expect(state.payment).toMatchObject({ reference: 'BL-0001', paidVia: 'cash' });
    expect(reportFact(state, extras)).toMatchObject({ feeBearing: true, paidOnline: false });
    const transfer = paid({ reference: 'VCB-123', paidVia: 'bank_transfer' });
    expect(reportFact(transfer, extras)).toMatchObject({ feeBearing: true, paidOnline: false });
  });

  it('refuses an official who says a payment was made online: only the platform’s callback may', () => {
    expect(() => paid({ reference: 'PAYGOV-41', paidVia: 'online_portal' })).toThrow(
      /online_payment_by_platform_only/,
    );
  });

  it('counts a payment made through the portal’s online payment platform', () => {
    const state = paid({ reference: 'PAYGOV-42', paidVia: 'online_portal' }, platform);
    expect(reportFact(state, extras)).toMatchObject({ feeBearing: true, paidOnline: true });
  });
});
