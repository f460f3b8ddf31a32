import { z } from 'zod';

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

/** The fault plan of one fake: `take()` says which fault (if any) the next request suffers. */
export class Faults {
  private settings: FaultSettings = FaultSettings.parse({});
  private readonly random: () => number;
  constructor(random: () => number = Math.random) {
    this.random = random;
  }
  /** Replaces the settings (from a test or `POST /_fake/faults`). */
  set(input: z.input<typeof FaultSettings>): FaultSettings {
    this.settings = FaultSettings.parse(input);
    return this.settings;
  }
  /** Queues faults for the next requests. */
  failNext(...kinds: FaultKind[]): void {
    this.settings = { ...this.settings, next: [...this.settings.next, ...kinds] };
  }
  get slowMs(): number {
    return this.settings.slowMs;
  }
  take(): FaultKind | undefined {
    const queued = this.settings.next[0];
    if (queued) {
      this.settings = { ...this.settings, next: this.settings.next.slice(1) };
      return queued;
    }
    for (const kind of FaultKind.options) {
      const rate = this.settings.rates[kind] ?? 0;
      if (rate > 0 && this.random() < rate) return kind;
    }
    return undefined;
  }
}
