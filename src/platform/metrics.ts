import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  readonly registry: Registry;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
}

/** One outbox subscriber's numbers at a scrape (the integrations operations module reads them). */
export interface OutboxSample {
  readonly subscriber: string;
  readonly system: string;
  readonly backlog: number;
  readonly lagSeconds: number;
  readonly dead: number;
}

export interface MetricsOptions {
  /**
   * Reads every subscriber's backlog, lag and dead letters (one grouped query, no network). Called once
   * per scrape; when it fails the three gauges are left empty for that scrape rather than failing /metrics.
   */
  readonly outbox?: () => Promise<readonly OutboxSample[]>;
}

/** A registry per app (no module-level singletons), with process metrics and HTTP durations. */
export function createMetrics(opts: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'motcua_' });
  const httpDuration = new Histogram({
    name: 'motcua_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  if (opts.outbox) outboxGauges(registry, opts.outbox);
  return { registry, httpDuration };
}

/**
 * `motcua_outbox_backlog`, `motcua_outbox_lag_seconds` and `motcua_outbox_dead` per subscriber, computed at
 * scrape. prom-client collects the metrics of a scrape concurrently, so the three collect callbacks share
 * one read in flight.
 */
function outboxGauges(registry: Registry, read: () => Promise<readonly OutboxSample[]>): void {
  let inFlight: Promise<readonly OutboxSample[]> | null = null;
  const sample = () => {
    inFlight ??= read()
      .catch(() => [])
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };
  const gauge = (name: string, help: string, value: (s: OutboxSample) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['subscriber', 'system'] as const,
      registers: [registry],
      async collect() {
        const samples = await sample();
        this.reset();
        for (const s of samples) this.set({ subscriber: s.subscriber, system: s.system }, value(s));
      },
    });
  gauge('motcua_outbox_backlog', 'Pending outbox deliveries per subscriber', (s) => s.backlog);
  gauge(
    'motcua_outbox_lag_seconds',
    'Seconds since the oldest pending delivery of the subscriber was created (0 without a backlog)',
    (s) => s.lagSeconds,
  );
  gauge(
    'motcua_outbox_dead',
    'Dead outbox deliveries per subscriber (not retried or resolved)',
    (s) => s.dead,
  );
}
