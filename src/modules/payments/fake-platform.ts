import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { z } from 'zod';
import { signBody } from '../../platform/http/signed-body.ts';
import { FaultSettings, Faults } from '../integrations/connector-faults.ts';
import { FaultSwitch } from '../integrations/fault-switch.ts';
import { type PaymentCallback, SIGNATURE_HEADER } from './port.ts';

/**
 * The fake national payment platform (`motcua fake-payment`, the tests, and `npm start` without
 * MOTCUA_PAYMENT_URL), its own HTTP server behaving like the platform, faults included:
 *
 * - API (`/api/v1/…`, bearer = the shared secret): create a payment (idempotent by Motcua's reference), query
 *   it, the day's statement of successful payments, the bank's statement of incoming transfers. API faults
 *   (`POST /_fake/faults`): timeout, error (503), slow, lost (applied, answer lost), garbled.
 * - The citizen's page (`GET /pay/<transaction>`): pay or cancel; the platform then calls Motcua back,
 *   signed, and sends the citizen to the return URL. A payment not paid by its expiry is expired there.
 * - Callback faults (`POST /_fake/callback-faults`): `duplicate` (sent twice), `late` (held, sent at the next
 *   flush or after `lateMs`), `reorder` (the final status before the interim "processing" one), `forged`
 *   (first sent with a bad signature, then properly), `wrong_amount` (a signed callback with another
 *   amount, then the right one later), `lost` (never sent: Motcua must ask).
 * - Control: `POST /_fake/pay {reference, result}` (as the citizen would), `POST /_fake/transfers`
 *   (a transfer arrives on the agency's account), `POST /_fake/flush` (send held callbacks),
 *   `POST /_fake/resend {reference}` (the final callback again, late), `POST /_fake/callback-url {url}`,
 *   `POST /_fake/clock {now}` (the platform's clock),
 *   `GET /_fake/log`.
 */

export const CallbackFault = z.enum(['duplicate', 'late', 'reorder', 'forged', 'wrong_amount', 'lost']);
export type CallbackFault = z.infer<typeof CallbackFault>;
export const CallbackFaultSettings = z.object({
  next: z.array(CallbackFault).default([]),
  rates: z.partialRecord(CallbackFault, z.number().min(0).max(1)).default({}),
  lateMs: z.number().int().min(0).max(600_000).default(2000),
});

type Status = 'DANG_XU_LY' | 'THANH_CONG' | 'THAT_BAI' | 'HET_HAN';

interface FakePayment {
  readonly maThamChieu: string;
  readonly maGiaoDich: string;
  readonly soTien: number;
  readonly maHoSo: string;
  readonly noiDung: string;
  readonly urlQuayVe: string;
  readonly hetHanLuc: string;
  status: Status;
  paidAt: string | null;
  requests: number;
}

const CreateBody = z.object({
  maThamChieu: z.string().min(1).max(100),
  soTien: z.number().int().min(1),
  donViTienTe: z.literal('VND'),
  noiDung: z.string().max(500),
  maHoSo: z.string().min(1).max(100),
  urlQuayVe: z.url(),
  hetHanLuc: z.iso.datetime({ offset: true }),
});
const PayBody = z.object({ reference: z.string().min(1), result: z.enum(['success', 'failure']) });
const TransferBody = z.object({
  amountVnd: z.number().int().min(1),
  reference: z.string().min(1).max(500),
  at: z.iso.datetime({ offset: true }).optional(),
});

/** The Vietnam day (YYYY-MM-DD, UTC+7) of an instant. */
export function vnDay(at: Date | string): string {
  return new Date(new Date(at).getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

export interface SentCallback {
  readonly body: PaymentCallback;
  readonly signed: boolean;
  readonly status: number | null;
}

export interface RunningFakePlatform {
  readonly url: string;
  readonly faults: Faults;
  readonly callbackFaults: FaultSwitch<CallbackFault>;
  readonly payments: Map<string, FakePayment>;
  readonly sent: SentCallback[];
  /** The citizen pays (or cancels) on the platform's page. */
  pay(reference: string, result: 'success' | 'failure'): Promise<void>;
  /** A transfer arrives on the agency's account. */
  transfer(t: z.input<typeof TransferBody>): { bankRef: string };
  /** Sends every held (late) callback now. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

const html = (title: string, body: string) =>
  `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${title}</title>` +
  `<meta name="viewport" content="width=device-width,initial-scale=1"></head><body style="font-family:sans-serif;max-width:40em;margin:2em auto">${body}</body></html>`;
const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export async function startFakePaymentPlatform(o: {
  secret: string;
  callbackUrl: string | (() => string);
  port?: number;
  host?: string;
  /** Deterministic fault rates in tests. */
  random?: () => number;
  /** The platform's time now (it then runs on from there); default the real time. */
  now?: Date;
}): Promise<RunningFakePlatform> {
  const faults = new Faults(o.random);
  const callbackFaults = new FaultSwitch<CallbackFault>(CallbackFault.options, o.random);
  let lateMs = 2000;
  let callbackTarget = o.callbackUrl;
  const payments = new Map<string, FakePayment>();
  const byTransaction = new Map<string, FakePayment>();
  const transfers: { maGD: string; soTien: number; noiDung: string; thoiGian: string }[] = [];
  const sent: SentCallback[] = [];
  const held: (() => Promise<void>)[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<unknown>>();
  let serial = Math.floor(Date.now() / 1000) % 10_000_000;
  // The platform's own clock: real time, shifted by POST /_fake/clock (tests running on a fixed day).
  let offsetMs = o.now ? o.now.getTime() - Date.now() : 0;
  const now = () => new Date(Date.now() + offsetMs);

  async function post(body: PaymentCallback, signed: boolean): Promise<number | null> {
    const text = JSON.stringify(body);
    const target = typeof callbackTarget === 'string' ? callbackTarget : callbackTarget();
    const signature = signBody(signed ? o.secret : `${o.secret}-forged`, text);
    // The platform retries a callback until Motcua answers (2xx or 4xx), a few times.
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const res = await fetch(target, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature },
          body: text,
          signal: AbortSignal.timeout(30_000),
        });
        if (res.status < 500) return res.status;
      } catch {
        // unreachable: try again
      }
      await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
    }
    return null;
  }
  async function deliver(body: PaymentCallback, signed = true): Promise<void> {
    const status = await post(body, signed);
    sent.push({ body, signed, status });
  }
  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
    return p;
  };

  const event = (p: FakePayment, trangThai: Status, soTien = p.soTien): PaymentCallback => ({
    maSuKien: randomUUID(),
    maGiaoDich: p.maGiaoDich,
    maThamChieu: p.maThamChieu,
    trangThai,
    soTien,
    donViTienTe: 'VND',
    thoiGian: now().toISOString(),
    ...(trangThai === 'THAT_BAI' ? { lyDo: 'Giao dịch bị ngân hàng từ chối' } : {}),
  });

  /** The callbacks of a payment's outcome: the interim "processing" one, then the final one, with a fault. */
  async function notify(p: FakePayment): Promise<void> {
    const interim = event(p, 'DANG_XU_LY');
    const final = event(p, p.status);
    const fault = callbackFaults.take();
    switch (fault) {
      case 'lost':
        return;
      case 'duplicate':
        await deliver(interim);
        await deliver(final);
        await deliver(final);
        return;
      case 'reorder':
        await deliver(final);
        await deliver(interim);
        return;
      case 'forged':
        await deliver(interim);
        await deliver(final, false);
        await deliver(final);
        return;
      case 'wrong_amount':
        await deliver(interim);
        await deliver({ ...final, maSuKien: randomUUID(), soTien: final.soTien + 1000 });
        held.push(() => deliver(final));
        return;
      case 'late': {
        await deliver(interim);
        const send = () => deliver(final);
        held.push(send);
        const t = setTimeout(() => {
          timers.delete(t);
          const i = held.indexOf(send);
          if (i >= 0) {
            held.splice(i, 1);
            void track(send());
          }
        }, lateMs);
        t.unref();
        timers.add(t);
        return;
      }
      default:
        await deliver(interim);
        await deliver(final);
    }
  }

  function expireIfDue(p: FakePayment): void {
    if (p.status === 'DANG_XU_LY' && now().getTime() >= Date.parse(p.hetHanLuc)) p.status = 'HET_HAN';
  }

  async function pay(
    reference: string,
    result: 'success' | 'failure',
  ): Promise<'done' | 'expired' | 'settled' | 'unknown'> {
    const p = payments.get(reference) ?? byTransaction.get(reference);
    if (!p) return 'unknown';
    expireIfDue(p);
    if (p.status === 'HET_HAN') return 'expired';
    if (p.status !== 'DANG_XU_LY') return 'settled';
    p.status = result === 'success' ? 'THANH_CONG' : 'THAT_BAI';
    if (p.status === 'THANH_CONG') p.paidAt = now().toISOString();
    await track(notify(p));
    return 'done';
  }

  function api(
    method: string,
    path: string,
    query: URLSearchParams,
    body: unknown,
  ): { status: number; body: unknown } {
    if (method === 'POST' && path === '/api/v1/giaodich') {
      const b = CreateBody.safeParse(body);
      if (!b.success) return { status: 400, body: { loi: b.error.issues[0]?.message } };
      const known = payments.get(b.data.maThamChieu);
      if (known) {
        known.requests += 1;
        if (known.soTien !== b.data.soTien)
          return { status: 409, body: { loi: 'maThamChieu đã dùng với số tiền khác' } };
        return {
          status: 200,
          body: {
            maGiaoDich: known.maGiaoDich,
            urlThanhToan: `${running.url}/pay/${known.maGiaoDich}`,
            trungLap: true,
          },
        };
      }
      const p: FakePayment = {
        ...b.data,
        maGiaoDich: `GD${String(++serial).padStart(10, '0')}`,
        status: 'DANG_XU_LY',
        paidAt: null,
        requests: 1,
      };
      payments.set(p.maThamChieu, p);
      byTransaction.set(p.maGiaoDich, p);
      return {
        status: 200,
        body: {
          maGiaoDich: p.maGiaoDich,
          urlThanhToan: `${running.url}/pay/${p.maGiaoDich}`,
          trungLap: false,
        },
      };
    }
    const q = /^\/api\/v1\/giaodich\/([^/]+)$/.exec(path);
    if (method === 'GET' && q) {
      const p = payments.get(decodeURIComponent(q[1]!));
      if (!p) return { status: 404, body: { loi: 'không tìm thấy giao dịch' } };
      expireIfDue(p);
      return {
        status: 200,
        body: {
          maThamChieu: p.maThamChieu,
          maGiaoDich: p.maGiaoDich,
          trangThai: p.status,
          soTien: p.soTien,
          donViTienTe: 'VND',
        },
      };
    }
    if (method === 'GET' && path === '/api/v1/doisoat') {
      const day = query.get('ngay') ?? '';
      const danhSach = [...payments.values()]
        .filter((p) => p.status === 'THANH_CONG' && p.paidAt && vnDay(p.paidAt) === day)
        .map((p) => ({
          maGiaoDich: p.maGiaoDich,
          maThamChieu: p.maThamChieu,
          soTien: p.soTien,
          thoiGian: p.paidAt!,
        }));
      return { status: 200, body: { ngay: day, danhSach } };
    }
    if (method === 'GET' && path === '/api/v1/nganhang/saoke') {
      const day = query.get('ngay') ?? '';
      return {
        status: 200,
        body: { ngay: day, danhSach: transfers.filter((t) => vnDay(t.thoiGian) === day) },
      };
    }
    return { status: 404, body: { loi: 'not found' } };
  }

  function transfer(t: z.input<typeof TransferBody>): { bankRef: string } {
    const v = TransferBody.parse(t);
    const maGD = `FT${String(++serial).padStart(12, '0')}`;
    transfers.push({
      maGD,
      soTien: v.amountVnd,
      noiDung: v.reference,
      thoiGian: v.at ?? now().toISOString(),
    });
    return { bankRef: maGD };
  }
  async function flush(): Promise<void> {
    const now = held.splice(0);
    await Promise.all(now.map((send) => track(send())));
    await Promise.all([...inFlight]);
  }

  const sockets = new Set<Socket>();
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const json = (status: number, body: unknown) => {
      const text = JSON.stringify(body ?? null);
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    };
    try {
      const url = new URL(req.url ?? '/', 'http://fake');
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = undefined;
      }
      const method = req.method ?? 'GET';
      const path = url.pathname;
      // The citizen's payment page.
      const page = /^\/pay\/([^/]+)$/.exec(path);
      if (page) {
        const p = byTransaction.get(decodeURIComponent(page[1]!));
        if (!p) {
          res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
          return res.end(html('Không tìm thấy', '<h1>Không tìm thấy giao dịch</h1>'));
        }
        if (method === 'POST') {
          const result = url.searchParams.get('ketQua') === 'THANH_CONG' ? 'success' : 'failure';
          const outcome = await pay(p.maGiaoDich, result);
          const back = new URL(p.urlQuayVe);
          back.searchParams.set('thanhToan', outcome === 'expired' ? 'HET_HAN' : p.status);
          res.writeHead(303, { location: back.toString() });
          return res.end();
        }
        expireIfDue(p);
        const amount = new Intl.NumberFormat('vi-VN').format(p.soTien);
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(
          html(
            'Thanh toán trực tuyến',
            `<h1>Nền tảng thanh toán trực tuyến (giả lập)</h1><p>Hồ sơ: <b>${escapeHtml(p.maHoSo)}</b></p>` +
              `<p>Nội dung: ${escapeHtml(p.noiDung)}</p><p>Số tiền: <b id="so-tien">${amount} VND</b></p>` +
              (p.status === 'DANG_XU_LY'
                ? `<form method="post" action="/pay/${p.maGiaoDich}?ketQua=THANH_CONG"><button id="thanh-toan" type="submit">Thanh toán</button></form>` +
                  `<form method="post" action="/pay/${p.maGiaoDich}?ketQua=THAT_BAI"><button id="huy" type="submit">Hủy giao dịch</button></form>`
                : `<p id="trang-thai">Giao dịch đã kết thúc: ${p.status}</p>`),
          ),
        );
      }
      if (path.startsWith('/_fake/')) {
        if (method === 'POST' && path === '/_fake/faults') {
          const parsed = FaultSettings.safeParse(body ?? {});
          if (!parsed.success) return json(422, { error: parsed.error.issues[0]?.message });
          return json(200, faults.configure(parsed.data));
        }
        if (method === 'POST' && path === '/_fake/callback-faults') {
          const parsed = CallbackFaultSettings.safeParse(body ?? {});
          if (!parsed.success) return json(422, { error: parsed.error.issues[0]?.message });
          callbackFaults.clear();
          callbackFaults.failNext(...parsed.data.next);
          for (const [k, rate] of Object.entries(parsed.data.rates) as [CallbackFault, number][])
            callbackFaults.set(k, { rate });
          lateMs = parsed.data.lateMs;
          return json(200, parsed.data);
        }
        if (method === 'POST' && path === '/_fake/clock') {
          const b = z.object({ now: z.iso.datetime({ offset: true }) }).safeParse(body);
          if (!b.success) return json(422, { error: b.error.issues[0]?.message });
          offsetMs = Date.parse(b.data.now) - Date.now();
          return json(200, { now: now().toISOString() });
        }
        if (method === 'POST' && path === '/_fake/callback-url') {
          const b = z.object({ url: z.url() }).safeParse(body);
          if (!b.success) return json(422, { error: b.error.issues[0]?.message });
          callbackTarget = b.data.url;
          return json(200, { url: callbackTarget });
        }
        if (method === 'POST' && path === '/_fake/pay') {
          const b = PayBody.safeParse(body);
          if (!b.success) return json(422, { error: b.error.issues[0]?.message });
          return json(200, { outcome: await pay(b.data.reference, b.data.result) });
        }
        if (method === 'POST' && path === '/_fake/transfers') {
          const b = TransferBody.safeParse(body);
          if (!b.success) return json(422, { error: b.error.issues[0]?.message });
          return json(200, transfer(b.data));
        }
        if (method === 'POST' && path === '/_fake/flush') {
          await flush();
          return json(200, { sent: sent.length });
        }
        if (method === 'POST' && path === '/_fake/resend') {
          const ref = z.object({ reference: z.string() }).safeParse(body);
          const p = ref.success ? payments.get(ref.data.reference) : undefined;
          if (!p) return json(404, { error: 'unknown payment' });
          await deliver(event(p, p.status));
          return json(200, { sent: sent.length });
        }
        if (method === 'GET' && path === '/_fake/log') {
          return json(200, {
            payments: [...payments.values()],
            transfers,
            sent,
            struck: callbackFaults.struckCounts(),
          });
        }
        return json(404, null);
      }
      if (!path.startsWith('/api/')) return json(404, { loi: 'not found' });
      if (req.headers.authorization !== `Bearer ${o.secret}`) return json(401, { loi: 'unauthorised' });
      const fault = faults.take();
      if (fault === 'timeout') return; // never answers
      if (fault === 'error') return json(503, { loi: 'tạm thời không phục vụ' });
      if (fault === 'slow') await new Promise((r) => setTimeout(r, faults.slowMs));
      const answer = api(method, path, url.searchParams, body);
      if (fault === 'lost') {
        res.socket?.destroy();
        return;
      }
      if (fault === 'garbled') return json(200, { maGiaoDich: 42 });
      json(answer.status, answer.body);
    } catch (e) {
      json(500, { error: e instanceof Error ? e.message : String(e) });
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(o.port ?? 0, o.host ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const running = {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`,
    faults,
    callbackFaults,
    payments,
    sent,
    async pay(reference: string, result: 'success' | 'failure') {
      await pay(reference, result);
    },
    transfer,
    flush,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  return running;
}
