/**
 * Which system a subscriber of the outbox serves, for the operators' page and the metrics: the part of its
 * name before the first `-` (`portal` and `portal-status` are the national portal's, `civil-status` is
 * `civil`… unless listed), and Motcua's own built-in subscribers are `motcua`.
 */

/** Built-in subscribers that feed Motcua itself (dashboards, notifications, slips), not another system. */
export const INTERNAL_SUBSCRIBERS: readonly string[] = ['reports', 'notifications', 'notify', 'slips'];

/** Systems whose names contain a `-` (a subscriber `civil-status-sync` belongs to `civil-status`). */
const MULTI_WORD_SYSTEMS: readonly string[] = ['civil-status', 'vietnam-post'];

export function systemOf(subscriber: string): string {
  if (INTERNAL_SUBSCRIBERS.includes(subscriber)) return 'motcua';
  const multi = MULTI_WORD_SYSTEMS.find((s) => subscriber === s || subscriber.startsWith(`${s}-`));
  if (multi) return multi;
  return subscriber.split('-')[0] ?? subscriber;
}
