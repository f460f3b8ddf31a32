/**
 * Operating integrations (issue 16, item 6): what each outbox subscriber has pending or dead, retry and
 * resolve for administrators, and the per-subscriber gauges /metrics reads at each scrape.
 */
export { operationsRoutes } from './operations.routes.ts';
export { type OutboxGauge, outboxGauges } from './operations.service.ts';
