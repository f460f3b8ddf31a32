import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { z } from 'zod';
import { FaultSwitch } from '../../integrations/fault-switch.ts';
import { type DeliveryReceipt, RECEIPT_SIGNATURE_HEADER, signReceipt } from '../port.ts';
import { SmsSendBody } from './sms.ts';
import { ZnsSendBody } from './zalo.ts';

/**
 * Faults of the fake SMS and Zalo providers: `throttle` (429 with Retry-After), `error` (503), `timeout`
 * (never answers), `refuse` (the number is refused: SMS 400, Zalo error -118), `undelivered` (accepted, then a
 * receipt saying it failed), `duplicate_receipt` (the receipt is sent twice), `lost_receipt` (no receipt),
 * `bad_signature` (the receipt is signed with another secret).
 */
export const ProviderFault = z.enum([
  'throttle',
  'error',
  'timeout',
  'refuse',
  'undelivered',
  'duplicate_receipt',
  'lost_receipt',
  'bad_signature',
]);
export type ProviderFault = z.infer<typeof ProviderFault>;
const SEND_FAULTS: readonly ProviderFault[] = ['throttle', 'error', 'timeout', 'refuse'];
const RECEIPT_FAULTS: readonly ProviderFault[] = [
  'undelivered',
  'duplicate_receipt',
  'lost_receipt',
  'bad_signature',
];

const FaultBody = z.object({
  fault: ProviderFault,
  next: z.number().int().min(0).max(10_000).optional(),
  rate: z.number().min(0).max(1).optional(),
});

export interface FakeProviderMessage {
  readonly providerMessageId: string;
  readonly clientRef: string;
  readonly to: string;
  readonly text: string;
  /** Zalo: the template id and its values. */
  readonly template?: { id: string; data: Record<string, string> };
  /** Send requests for it (1 + retries answered as duplicates). */
  requests: number;
  /** When it first arrived. */
  readonly receivedAt: Date;
  status: 'accepted' | 'delivered' | 'failed';
}

export interface RunningFakeProvider {
  readonly kind: 'sms' | 'zalo';
  readonly url: string;
  readonly sendFaults: FaultSwitch<ProviderFault>;
  readonly receiptFaults: FaultSwitch<ProviderFault>;
  readonly messages: Map<string, FakeProviderMessage>;
  /** Send requests that reached it (every one, whatever its answer). */
  readonly calls: () => number;
  /** Receipts sent, with Motcua's answer status (null: none). */
  readonly receipts: { body: DeliveryReceipt; status: number | null }[];
  /** Sends a receipt as given (tests: repeated or forged receipts). */
  sendReceipt(body: DeliveryReceipt, secret?: string): Promise<number | null>;
  /** Waits until every receipt scheduled so far was sent. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A fake SMS gateway or Zalo ZNS (`motcua fake-sms`, `motcua fake-zalo`, the tests, and `npm start` without
 * their URLs) that behaves like one: it accepts a message once per client reference, limits the rate
 * (`ratePerSecond`: above it, 429 with Retry-After), and `receiptDelayMs` later calls Motcua back with a
 * signed delivery receipt; faults switch at run time (`POST /_fake/faults {"fault","next","rate"}`,
 * `DELETE /_fake/faults`, `GET /_fake/log`).
 */
export async function startFakeProvider(o: {
  kind: 'sms' | 'zalo';
  secret: string;
  token: string;
  receiptUrl: string | (() => string);
  receiptDelayMs?: number;
  /** false: no receipt unless sent by hand (`sendReceipt`); default true. */
  autoReceipts?: boolean;
  ratePerSecond?: number;
  retryAfterSeconds?: number;
  port?: number;
  host?: string;
}): Promise<RunningFakeProvider> {
  const sendFaults = new FaultSwitch<ProviderFault>(SEND_FAULTS);
  const receiptFaults = new FaultSwitch<ProviderFault>(RECEIPT_FAULTS);
  const messages = new Map<string, FakeProviderMessage>();
  const byRef = new Map<string, FakeProviderMessage>();
  const receipts: { body: DeliveryReceipt; status: number | null }[] = [];
  const pending = new Set<Promise<unknown>>();
  const timers = new Set<NodeJS.Timeout>();
  const retryAfter = o.retryAfterSeconds ?? 2;
  let window = { second: 0, count: 0 };
  let calls = 0;

  async function post(body: DeliveryReceipt, secret: string): Promise<number | null> {
    const text = JSON.stringify(body);
    const target = typeof o.receiptUrl === 'string' ? o.receiptUrl : o.receiptUrl();
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const res = await fetch(target, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [RECEIPT_SIGNATURE_HEADER]: signReceipt(secret, text),
          },
          body: text,
          signal: AbortSignal.timeout(10_000),
        });
        if (res.status < 500) return res.status;
      } catch {
        // Motcua unreachable: the provider tries again, as providers do
      }
      await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
    }
    return null;
  }
  async function sendReceipt(body: DeliveryReceipt, secret = o.secret): Promise<number | null> {
    const status = await post(body, secret);
    receipts.push({ body, status });
    return status;
  }
  function track<T>(p: Promise<T>): void {
    pending.add(p);
    void p.finally(() => pending.delete(p));
  }
  function scheduleReceipt(m: FakeProviderMessage): void {
    if (o.autoReceipts === false) return;
    const fault = receiptFaults.take();
    if (fault === 'lost_receipt') return;
    const t = setTimeout(() => {
      timers.delete(t);
      const delivered = fault !== 'undelivered';
      m.status = delivered ? 'delivered' : 'failed';
      const body: DeliveryReceipt = {
        eventId: randomUUID(),
        messageId: m.providerMessageId,
        status: delivered ? 'delivered' : 'failed',
        ...(delivered ? {} : { reason: o.kind === 'sms' ? 'handset unreachable' : 'user did not receive' }),
        occurredAt: new Date().toISOString(),
      };
      const secret = fault === 'bad_signature' ? `${o.secret}-forged` : o.secret;
      track(
        (async () => {
          await sendReceipt(body, secret);
          if (fault === 'duplicate_receipt') await sendReceipt(body, secret);
        })(),
      );
    }, o.receiptDelayMs ?? 1000);
    t.unref();
    timers.add(t);
  }
  function throttled(): boolean {
    if (o.ratePerSecond === undefined) return false;
    const second = Math.floor(Date.now() / 1000);
    if (window.second !== second) window = { second, count: 0 };
    window.count += 1;
    return window.count > o.ratePerSecond;
  }

  const answer = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(text);
  };
  const sockets = new Set<Socket>();
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: unknown;
    try {
      body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
    } catch {
      body = undefined;
    }
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    if (path === '/_fake/faults' && req.method === 'POST') {
      const f = FaultBody.safeParse(body);
      if (!f.success) return answer(res, 422, { error: f.error.issues[0]?.message });
      const target = SEND_FAULTS.includes(f.data.fault) ? sendFaults : receiptFaults;
      target.set(f.data.fault, { next: f.data.next, rate: f.data.rate });
      return answer(res, 200, f.data);
    }
    if (path === '/_fake/faults' && req.method === 'DELETE') {
      sendFaults.clear();
      receiptFaults.clear();
      return answer(res, 200, {});
    }
    if (path === '/_fake/log' && req.method === 'GET') {
      return answer(res, 200, {
        messages: [...messages.values()],
        receipts,
        struck: { ...sendFaults.struckCounts(), ...receiptFaults.struckCounts() },
      });
    }
    const sendPath = o.kind === 'sms' ? '/api/sms/send' : '/message/template';
    if (req.method !== 'POST' || path !== sendPath) return answer(res, 404, { error: 'not found' });
    calls += 1;
    const authorised =
      o.kind === 'sms'
        ? req.headers.authorization === `Bearer ${o.token}`
        : req.headers.access_token === o.token;
    if (!authorised) {
      return o.kind === 'sms'
        ? answer(res, 401, { error: 'unauthorised' })
        : answer(res, 200, { error: -124, message: 'Access token invalid' });
    }
    const fault = sendFaults.take();
    if (fault === 'timeout') return; // never answers
    if (fault === 'error') return answer(res, 503, { error: 'temporarily unavailable' });
    if (fault === 'throttle' || throttled())
      return answer(res, 429, { error: 'too many requests' }, { 'retry-after': String(retryAfter) });
    if (o.kind === 'sms') {
      const b = SmsSendBody.safeParse(body);
      if (!b.success)
        return answer(res, 400, { error: 'invalid_request', detail: b.error.issues[0]?.message });
      if (fault === 'refuse') return answer(res, 400, { error: 'invalid_number' });
      const known = byRef.get(b.data.clientRef);
      if (known) {
        known.requests += 1;
        return answer(res, 202, { messageId: known.providerMessageId, status: 'accepted', duplicate: true });
      }
      const m: FakeProviderMessage = {
        providerMessageId: `SMS${randomUUID().replaceAll('-', '').slice(0, 20).toUpperCase()}`,
        clientRef: b.data.clientRef,
        to: b.data.to,
        text: b.data.text,
        requests: 1,
        receivedAt: new Date(),
        status: 'accepted',
      };
      messages.set(m.providerMessageId, m);
      byRef.set(m.clientRef, m);
      scheduleReceipt(m);
      return answer(res, 202, { messageId: m.providerMessageId, status: 'accepted', duplicate: false });
    }
    const b = ZnsSendBody.safeParse(body);
    if (!b.success)
      return answer(res, 200, { error: -108, message: `Invalid parameter: ${b.error.issues[0]?.message}` });
    if (fault === 'refuse') return answer(res, 200, { error: -118, message: 'Zalo account not existed' });
    const known = byRef.get(b.data.tracking_id);
    if (known) {
      known.requests += 1;
      return answer(res, 200, {
        error: 0,
        message: 'Success',
        data: { msg_id: known.providerMessageId, sent_time: String(Date.now()), duplicate: true },
      });
    }
    const m: FakeProviderMessage = {
      providerMessageId: randomUUID().replaceAll('-', ''),
      clientRef: b.data.tracking_id,
      to: `+${b.data.phone}`,
      text: Object.values(b.data.template_data).join(' | '),
      template: { id: b.data.template_id, data: b.data.template_data },
      requests: 1,
      receivedAt: new Date(),
      status: 'accepted',
    };
    messages.set(m.providerMessageId, m);
    byRef.set(m.clientRef, m);
    scheduleReceipt(m);
    return answer(res, 200, {
      error: 0,
      message: 'Success',
      data: { msg_id: m.providerMessageId, sent_time: String(Date.now()) },
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(o.port ?? 0, o.host ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    kind: o.kind,
    url: `http://${address.address}:${address.port}`,
    sendFaults,
    receiptFaults,
    messages,
    calls: () => calls,
    receipts,
    sendReceipt,
    async settled() {
      while (timers.size > 0 || pending.size > 0) {
        await Promise.all([...pending]);
        if (timers.size > 0) await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
