/** How often one fault strikes: the next `next` calls, and/or each call with probability `rate`. */
export interface FaultSetting {
  next?: number;
  rate?: number;
  /** The fault's delay (a slow or held answer), in ms; the fake's own default when absent. */
  ms?: number;
}

/**
 * The switchable faults of a fake external system (issue 16), one mechanism for every fake (the national
 * portal's, civil status's, the post's): per fault a count of next calls and/or a rate, plus an ordered
 * queue of faults for the next calls (`failNext`), and how often each struck. Which faults exist and what
 * each does are the fake's; a fake asks either `strikes(fault)` at the point where that fault can happen,
 * or `take()` for the one fault (if any) a call suffers.
 */
export class FaultSwitch<K extends string> {
  private readonly settings = new Map<K, FaultSetting>();
  private queue: K[] = [];
  private readonly struck = new Map<K, number>();
  private readonly kinds: readonly K[];
  private readonly random: () => number;

  /** `kinds` in the order `take()` tries them; `random` in [0, 1) decides the rates (seeded in tests). */
  constructor(kinds: readonly K[], random: () => number = Math.random) {
    this.kinds = kinds;
    this.random = random;
  }

  /** Switches `fault` on with `setting` (replacing its earlier one). */
  set(fault: K, setting: FaultSetting): void {
    this.settings.set(fault, { ...setting });
  }

  /** Queues faults for the next calls, in order (before any count or rate). */
  failNext(...faults: K[]): void {
    this.queue.push(...faults);
  }

  /** Switches every fault off and empties the queue (the counts of struck faults stay). */
  clear(): void {
    this.settings.clear();
    this.queue = [];
  }

  /** The setting of `fault`, if it is switched on. */
  setting(fault: K): FaultSetting | undefined {
    return this.settings.get(fault);
  }

  /**
   * Whether `fault` strikes this call: the head of the queue when it is `fault`, else one of its `next`,
   * else its rate. Returns its setting (for `ms`) when it does.
   */
  strikes(fault: K): FaultSetting | undefined {
    let hit = false;
    const s = this.settings.get(fault);
    if (this.queue[0] === fault) {
      this.queue.shift();
      hit = true;
    } else if (s?.next !== undefined && s.next > 0) {
      s.next -= 1;
      hit = true;
    } else if (s?.rate !== undefined && s.rate > 0 && this.random() < s.rate) {
      hit = true;
    }
    if (!hit) return undefined;
    this.struck.set(fault, (this.struck.get(fault) ?? 0) + 1);
    return s ?? {};
  }

  /** The one fault this call suffers, if any: the queue's head, else the first of `kinds` that strikes. */
  take(): K | undefined {
    const queued = this.queue[0];
    if (queued !== undefined) return this.strikes(queued) ? queued : undefined;
    return this.kinds.find((k) => this.strikes(k) !== undefined);
  }

  /** How often each fault struck. */
  struckCounts(): Record<string, number> {
    return Object.fromEntries(this.struck);
  }
}
