import type { Routes } from './contracts.ts';
import i18n from './i18n.ts';

/** A problem+json answer, shown by its translated title and the fields it names. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: { path: string; message: string }[];
  constructor(status: number, code: string, title: string, fields: { path: string; message: string }[]) {
    super(title);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

/** Dispatched on `window` when the API answers 401 auth.unauthenticated (the session is gone). */
export const SESSION_LOST_EVENT = 'motcua:session-lost';

/** GET/POST JSON against the API in the current language; errors become {@link ApiError}. */
export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      ...init,
      headers: {
        accept: 'application/json',
        'accept-language': i18n.language,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
    });
  } catch {
    throw new ApiError(0, 'network', i18n.t('error.network'), []);
  }
  // 204 No Content (a DELETE) has no body to read.
  if (res.status === 204) return undefined as T;
  if (res.ok) return (await res.json()) as T;
  const problem = (await res.json().catch(() => ({}))) as {
    code?: string;
    title?: string;
    errors?: { path: string; message: string; message_vi?: string; messageVi?: string }[];
  };
  // A session that ended (idle, expired, revoked) answers 401 anywhere: the shell sends the official to the
  // login page with a message (Shell.tsx), if they were signed in.
  if (res.status === 401 && problem.code === 'auth.unauthenticated' && typeof window !== 'undefined')
    window.dispatchEvent(new Event(SESSION_LOST_EVENT));
  const fields = (problem.errors ?? []).map((e) => ({
    path: e.path,
    // The server's problem+json says `message_vi`.
    message: (i18n.language === 'vi' && (e.message_vi ?? e.messageVi)) || e.message,
  }));
  throw new ApiError(res.status, problem.code ?? 'unknown', problem.title ?? i18n.t('error.generic'), fields);
}

/**
 * Calls one endpoint of the route map (contracts.ts): `:name` segments come from `params`, the answer is typed
 * by the server's own response schema. E.g. `call('GET /api/agencies/:id', { params: { id } })`.
 */
export function call<K extends keyof Routes>(
  route: K,
  opts: { params?: Record<string, string | number>; query?: string | URLSearchParams; body?: unknown } = {},
): Promise<Routes[K]> {
  const space = route.indexOf(' ');
  const method = route.slice(0, space);
  let path = route.slice(space + 1).replace(/:(\w+)/g, (_, name: string) => {
    const value = opts.params?.[name];
    if (value === undefined) throw new Error(`${route}: no value for :${name}`);
    return encodeURIComponent(String(value));
  });
  const query = opts.query?.toString();
  if (query) path += `?${query}`;
  return api<Routes[K]>(path, {
    method,
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
}
