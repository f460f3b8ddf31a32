import { describe, expect, it } from 'vitest';
import { Faults } from '../../src/modules/integrations/connector-faults.ts';
import { FaultSwitch } from '../../src/modules/integrations/fault-switch.ts';
import { FakePortal } from '../../src/modules/integrations/portal/index.ts';

/** A random source returning `values` in turn (then 0.99: no rate strikes). */
const sequence = (...values: number[]) => {
  let i = 0;
  return () => values[i++] ?? 0.99;
};

/**
 * The one fault switch of the fakes (issue 16): the portal's fake and the connectors' fakes switch their
 * faults through it, so a count, a rate and a queue mean the same on each.
 */
describe('the fault switch of the fakes', () => {
  it('strikes the queued faults first and in order, then each fault’s next calls, then its rate', () => {
    const faults = new FaultSwitch(['timeout', 'error', 'slow'] as const, sequence(0.5, 0.1));
    faults.failNext('slow', 'timeout');
    faults.set('error', { next: 1, ms: 5 });
    faults.set('slow', { rate: 0.2 });
    expect([faults.take(), faults.take(), faults.take()]).toEqual(['slow', 'timeout', 'error']);
    // The rate: 0.5 misses, 0.1 strikes, then the sequence is spent (0.99 misses).
    expect([faults.take(), faults.take(), faults.take()]).toEqual([undefined, 'slow', undefined]);
    expect(faults.struckCounts()).toEqual({ slow: 2, timeout: 1, error: 1 });
    faults.clear();
    faults.set('timeout', { rate: 0 });
    expect(faults.take()).toBeUndefined();
  });

  it('asked about one fault, consumes only that fault’s next calls and answers with its setting', () => {
    const faults = new FaultSwitch(['drop', 'duplicate'] as const, sequence());
    faults.set('drop', { next: 2, ms: 40 });
    expect(faults.strikes('duplicate')).toBeUndefined();
    expect(faults.strikes('drop')).toMatchObject({ ms: 40 });
    expect(faults.strikes('drop')).toBeDefined();
    expect(faults.strikes('drop')).toBeUndefined();
    expect(faults.struckCounts()).toEqual({ drop: 2 });
  });

  it('is the mechanism of the portal’s fake and of the connectors’ fakes', () => {
    const portal = new FakePortal(sequence());
    portal.setFault('drop', { next: 1 });
    expect(portal.push({ IdempotencyKey: 'r:1', MaHoSo: 'r', ThuTu: 1, TrangThaiHoSo: 1 } as never)).toBe(
      'DaCapNhat',
    );
    expect(portal.log()).toMatchObject({ dropped: 1, faultsStruck: { drop: 1 } });
    const connector = new Faults(sequence(0.05));
    expect(connector).toBeInstanceOf(FaultSwitch);
    connector.configure({ next: ['lost'], rates: { error: 0.1 }, slowMs: 20 });
    expect([connector.take(), connector.take(), connector.take()]).toEqual(['lost', 'error', undefined]);
    expect(connector.slowMs).toBe(20);
    expect(connector.struckCounts()).toEqual({ lost: 1, error: 1 });
  });
});
