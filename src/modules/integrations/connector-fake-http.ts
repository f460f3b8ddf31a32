import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type FaultKind, FaultSettings, Faults } from './connector-faults.ts';

/**
 * The HTTP face of a fake external system (civil status, post): a tiny JSON router with the switchable
 * faults of {@link Faults} applied to its API routes, and `/_fake/faults` to switch them at run time.
 */

export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}
export interface FakeAnswer {
  readonly status: number;
  readonly body: unknown;
}
/** Answers an API request; `fault` is the one this request suffers (`duplicate` and `garbled` are the route's to honour). */
export type FakeRoute = (req: FakeRequest, fault: FaultKind | undefined) => FakeAnswer | Promise<FakeAnswer>;

export interface RunningFake {
  readonly url: string;
  readonly faults: Faults;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body ?? null);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * Serves `route` on `port` (0: any free port) at `host`. Faults hit every path under `/api/`: `timeout`
 * never answers, `error` answers 503, `slow` waits first, `lost` applies the request and then closes the
 * connection without an answer; `control` serves the fake's own `/_fake/...` paths.
 */
export async function serveFake(o: {
  readonly name: string;
  readonly port?: number;
  readonly host?: string;
  readonly faults?: Faults;
  readonly route: FakeRoute;
  readonly control?: FakeRoute;
}): Promise<RunningFake> {
  const faults = o.faults ?? new Faults();
  const sockets = new Set<Socket>();
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://fake');
      const request: FakeRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: await readBody(req),
      };
      if (request.path === '/_fake/faults' && request.method === 'POST') {
        const parsed = FaultSettings.safeParse(request.body ?? {});
        if (!parsed.success) return send(res, 422, { error: parsed.error.issues[0]?.message });
        return send(res, 200, faults.configure(parsed.data));
      }
      if (request.path.startsWith('/_fake/')) {
        const answer = o.control ? await o.control(request, undefined) : { status: 404, body: null };
        return send(res, answer.status, answer.body);
      }
      if (!request.path.startsWith('/api/')) return send(res, 404, { error: 'not found' });
      const fault = faults.take();
      if (fault === 'timeout') return; // never answers; the caller's timeout ends it
      if (fault === 'error') return send(res, 503, { error: `${o.name} temporarily unavailable` });
      if (fault === 'slow') await new Promise((r) => setTimeout(r, faults.slowMs));
      const answer = await o.route(request, fault);
      if (fault === 'lost') {
        res.socket?.destroy();
        return;
      }
      send(res, answer.status, answer.body);
    } catch (e) {
      send(res, 500, { error: e instanceof Error ? e.message : String(e) });
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(o.port ?? 0, o.host ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
