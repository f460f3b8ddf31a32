import { z } from 'zod';
import { FaultSwitch } from './fault-switch.ts';

/**
 * Faults a fake external system can be switched into (issue 16), the same for the civil-status and post
 * fakes: `timeout` (never answers), `error` (HTTP 503), `slow` (answers after `slowMs`), `duplicate` (the
 * answer or the callback comes twice), `lost` (the request is applied, then the answer is lost: the socket
 * closes), `garbled` (a 200 whose body has the wrong shape).
 */
export const FaultKind = z.enum(['timeout', 'error', 'slow', 'duplicate', 'lost', 'garbled']);
export type FaultKind = z.infer<typeof FaultKind>;

/** Switchable at run time: the next requests' faults in order, and a probability per fault for the rest. */
export const FaultSettings = z.object({
  next: z.array(FaultKind).default([]),
  rates: z.partialRecord(FaultKind, z.number().min(0).max(1)).default({}),
  slowMs: z.number().int().min(0).max(60_000).default(1500),
});
export type FaultSettings = z.infer<typeof FaultSettings>;

/**
 * The fault plan of a connector's fake, on the shared {@link FaultSwitch}: `take()` says which fault (if
 * any) the next request suffers; `configure` takes the settings `POST /_fake/faults` receives.
 */
export class Faults extends FaultSwitch<FaultKind> {
  private slow = FaultSettings.parse({}).slowMs;
  constructor(random: () => number = Math.random) {
    super(FaultKind.options, random);
  }
  /** Replaces the settings (from a test or `POST /_fake/faults`). */
  configure(input: z.input<typeof FaultSettings>): FaultSettings {
    const settings = FaultSettings.parse(input);
    this.clear();
    this.failNext(...settings.next);
    for (const [kind, rate] of Object.entries(settings.rates) as [FaultKind, number][]) {
      this.set(kind, { rate });
    }
    this.slow = settings.slowMs;
    return settings;
  }
  get slowMs(): number {
    return this.slow;
  }
}
