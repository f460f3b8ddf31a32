import type { z } from 'zod';

/**
 * Why a call to another system failed: `unavailable` (network error, timeout, 5xx, 429: try again
 * later), `refused` (the system answered 4xx: retrying the same request will not help) or
 * `invalid_response` (the answer did not parse: the adapter and the system disagree on the format).
 */
export type IntegrationFailure = 'unavailable' | 'refused' | 'invalid_response';

/** A failed call to another system, with what an operator needs to see (never a stack trace). */
export class IntegrationError extends Error {
  readonly system: string;
  readonly failure: IntegrationFailure;
  readonly status: number | undefined;
  constructor(system: string, failure: IntegrationFailure, message: string, status?: number) {
    super(`${system}: ${message}`);
    this.name = 'IntegrationError';
    this.system = system;
    this.failure = failure;
    this.status = status;
  }
  /** True when the same call may succeed later. */
  get retryable(): boolean {
    return this.failure === 'unavailable';
  }
}

export interface JsonCall<T> {
  /** The integration's name, as in `SystemActor.integration` (`portal`, `civil-status`, `post`). */
  readonly system: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** Every answer is parsed at the adapter; a 2xx that does not parse is `invalid_response`. */
  readonly schema: z.ZodType<T>;
}

/** Calls a JSON HTTP API and parses its answer with `schema`; throws {@link IntegrationError}. */
export async function callJson<T>(call: JsonCall<T>): Promise<T> {
  let response: Response;
  try {
    response = await fetch(call.url, {
      method: call.method,
      headers: {
        accept: 'application/json',
        ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...call.headers,
      },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: AbortSignal.timeout(call.timeoutMs),
    });
  } catch (e) {
    const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
    throw new IntegrationError(
      call.system,
      'unavailable',
      timedOut ? `no answer within ${call.timeoutMs} ms` : `unreachable (${(e as Error).message})`,
    );
  }
  const text = await response.text().catch(() => '');
  if (response.status >= 500 || response.status === 429 || response.status === 408) {
    throw new IntegrationError(call.system, 'unavailable', `HTTP ${response.status}`, response.status);
  }
  if (!response.ok) {
    throw new IntegrationError(
      call.system,
      'refused',
      `HTTP ${response.status}: ${text.slice(0, 300)}`,
      response.status,
    );
  }
  let json: unknown;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    throw new IntegrationError(call.system, 'invalid_response', 'the answer is not JSON', response.status);
  }
  const parsed = call.schema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new IntegrationError(
      call.system,
      'invalid_response',
      `unexpected answer at ${first?.path.join('.') || '(root)'}: ${first?.message ?? 'invalid'}`,
      response.status,
    );
  }
  return parsed.data;
}
