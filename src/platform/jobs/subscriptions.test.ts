import { describe, expect, it } from 'vitest';
import { byKeyConcurrently, type Delivery } from './subscriptions.ts';

const delivery = (key: string, i: number): Delivery => ({
  id: `${key}-${i}`,
  topic: 't.changed',
  key,
  payload: { i },
  attempts: 0,
  createdAt: new Date(0),
});

describe('byKeyConcurrently', () => {
  it('handles up to `limit` keys at once, each key in order, and fails what follows a failure of its key', async () => {
    const order: string[] = [];
    const inFlight = new Set<string>();
    let most = 0;
    const overlaps: string[] = [];
    const handle = byKeyConcurrently(async (d) => {
      if (inFlight.has(d.key)) overlaps.push(d.id);
      inFlight.add(d.key);
      most = Math.max(most, inFlight.size);
      // Let the other lanes start before this one finishes.
      await new Promise((r) => setTimeout(r, 2));
      inFlight.delete(d.key);
      if (d.id === 'b-0') throw new Error('b-0 refused');
      order.push(d.id);
    }, 3);
    const batch = ['a', 'b', 'c', 'd', 'e'].flatMap((k) => [delivery(k, 0), delivery(k, 1)]);
    const outcome = await handle(batch);
    expect(overlaps).toEqual([]);
    expect(most).toBe(3);
    for (const k of ['a', 'c', 'd', 'e'])
      expect(order.filter((id) => id.startsWith(k))).toEqual([`${k}-0`, `${k}-1`]);
    expect(order.filter((id) => id.startsWith('b'))).toEqual([]);
    expect(outcome.failed).toEqual(
      new Map([
        ['b-0', 'b-0 refused'],
        ['b-1', 'an earlier delivery of key b failed: b-0 refused'],
      ]),
    );
  });

  it('handles an empty batch and a batch smaller than the limit', async () => {
    const seen: string[] = [];
    const handle = byKeyConcurrently(async (d) => {
      seen.push(d.id);
    }, 8);
    expect((await handle([])).failed?.size).toBe(0);
    expect((await handle([delivery('a', 0)])).failed?.size).toBe(0);
    expect(seen).toEqual(['a-0']);
  });
});
