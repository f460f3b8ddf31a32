import type { z } from 'zod';
import { SendError } from '../port.ts';

/** Seconds or an HTTP date in Retry-After, in ms (1 s when absent or unreadable). */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (header === null) return 1000;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? 1000 : Math.max(0, at - now);
}

/**
 * Posts JSON to a provider and parses the answer; 429 is `throttled` with its Retry-After, a network error,
 * timeout or 5xx `unavailable`, another 4xx `refused`, a 2xx of the wrong shape `unavailable` (the provider
 * answered something we cannot read: retried, and dead if it persists).
 */
export async function postJson<T>(o: {
  system: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  timeoutMs: number;
  schema: z.ZodType<T>;
}): Promise<{ status: number; body: T }> {
  let res: Response;
  try {
    res = await fetch(o.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...o.headers },
      body: JSON.stringify(o.body),
      signal: AbortSignal.timeout(o.timeoutMs),
    });
  } catch (e) {
    const why =
      e instanceof Error && e.name === 'TimeoutError' ? `no answer in ${o.timeoutMs} ms` : String(e);
    throw new SendError('unavailable', `${o.system}: ${why}`);
  }
  const text = await res.text();
  if (res.status === 429) {
    const wait = retryAfterMs(res.headers.get('retry-after'));
    throw new SendError('throttled', `${o.system}: throttled (HTTP 429), retry after ${wait} ms`, wait);
  }
  if (res.status >= 500 || res.status === 408)
    throw new SendError('unavailable', `${o.system}: HTTP ${res.status} ${text.slice(0, 200)}`);
  if (res.status >= 400)
    throw new SendError('refused', `${o.system}: HTTP ${res.status} ${text.slice(0, 200)}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SendError('unavailable', `${o.system}: answer is not JSON`);
  }
  const parsed = o.schema.safeParse(json);
  if (!parsed.success)
    throw new SendError('unavailable', `${o.system}: unexpected answer ${text.slice(0, 200)}`);
  return { status: res.status, body: parsed.data };
}
