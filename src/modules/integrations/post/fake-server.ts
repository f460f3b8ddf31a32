import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { signBody } from '../../../platform/http/signed-body.ts';
import { type RunningFake, serveFake } from '../connector-fake-http.ts';
import { Faults } from '../connector-faults.ts';
import { type PostCallback, SIGNATURE_HEADER } from './port.ts';

/** A UPU S10 tracking number (EL + 8 digits + check digit + VN), as Vietnam Post prints them. */
export function s10(serial: number): string {
  const digits = String(serial % 100_000_000).padStart(8, '0');
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  const sum = [...digits].reduce((s, d, i) => s + Number(d) * (weights[i] ?? 0), 0);
  const c = 11 - (sum % 11);
  return `EL${digits}${c === 10 ? 0 : c === 11 ? 5 : c}VN`;
}

interface FakeShipment {
  readonly soHieu: string;
  readonly maDonHang: string;
  readonly maHoSo: string;
  readonly diaChi: string;
  /** How many requests for it arrived (1 + the retries answered as duplicates). */
  requests: number;
}

const ShipmentBody = z.object({
  maDonHang: z.string().min(1),
  maHoSo: z.string().min(1),
  nguoiNhan: z.object({ hoTen: z.string().min(1), diaChi: z.string().min(1) }),
});

export interface RunningFakePost extends RunningFake {
  readonly shipments: Map<string, FakeShipment>;
  /** Faults of the callbacks it sends (`duplicate`: sent twice; `lost`: never sent). */
  readonly callbackFaults: Faults;
  /** Every callback it sent, with Motcua's answer status. */
  readonly sent: { body: PostCallback; status: number | null }[];
  /** Sends a delivered callback for a shipment (`at`: when it happened, default now). */
  deliver(trackingNumber: string, o?: { at?: Date; recipientName?: string }): Promise<void>;
  /** Sends a returned-to-sender callback. */
  returnToSender(trackingNumber: string, reason: string, o?: { at?: Date }): Promise<void>;
  /** Sends a callback as given (tests: out-of-order or repeated events). */
  send(body: PostCallback): Promise<number | null>;
}

/**
 * The fake Vietnam Post (`motcua fake-post`, the tests, and `npm start` without MOTCUA_POST_URL): takes
 * shipments idempotently by order reference, gives each an S10 tracking number, and calls Motcua back at
 * `callbackUrl` signed with `secret` — by itself `autoDeliverMs` after a shipment (demo), or when told to.
 */
export async function startFakePost(o: {
  secret: string;
  callbackUrl: string | (() => string);
  autoDeliverMs?: number;
  port?: number;
  host?: string;
}): Promise<RunningFakePost> {
  const shipments = new Map<string, FakeShipment>();
  const callbackFaults = new Faults();
  const sent: { body: PostCallback; status: number | null }[] = [];
  const timers = new Set<NodeJS.Timeout>();
  // Where this process's tracking numbers start: from the clock, so that a restarted fake (the embedded
  // demo's every start, a bench's every phase) does not hand out numbers Motcua already stored for other
  // shipments (post_shipments.tracking_number is unique).
  let serial = Math.floor(Date.now() / 100) % 90_000_000;

  async function post(body: PostCallback): Promise<number | null> {
    const text = JSON.stringify(body);
    const target = typeof o.callbackUrl === 'string' ? o.callbackUrl : o.callbackUrl();
    // The post retries a callback a few times until Motcua answers (2xx or 4xx).
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const res = await fetch(target, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(o.secret, text) },
          body: text,
          signal: AbortSignal.timeout(10_000),
        });
        if (res.status < 500) return res.status;
      } catch {
        // unreachable: try again
      }
      await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
    }
    return null;
  }
  async function send(body: PostCallback): Promise<number | null> {
    const fault = callbackFaults.take();
    if (fault === 'lost') {
      sent.push({ body, status: null });
      return null;
    }
    const status = await post(body);
    sent.push({ body, status });
    if (fault === 'duplicate') sent.push({ body, status: await post(body) });
    return status;
  }
  const event = (trackingNumber: string, status: 'delivered' | 'returned', at: Date | undefined) => ({
    eventId: randomUUID(),
    trackingNumber,
    status,
    occurredAt: (at ?? new Date()).toISOString(),
  });

  const running = await serveFake({
    name: 'post',
    port: o.port,
    host: o.host,
    route: (req, fault) => {
      if (fault === 'garbled') return { status: 200, body: { soHieu: 12345 } };
      if (req.method === 'POST' && req.path === '/api/buugui') {
        if (req.headers.authorization !== `Bearer ${o.secret}`)
          return { status: 401, body: { error: 'unauthorised' } };
        const b = ShipmentBody.safeParse(req.body);
        if (!b.success) return { status: 400, body: { error: b.error.issues[0]?.message } };
        const known = [...shipments.values()].find((s) => s.maDonHang === b.data.maDonHang);
        if (known) {
          known.requests += 1;
          return { status: 200, body: { maDonHang: known.maDonHang, soHieu: known.soHieu, trungLap: true } };
        }
        const s: FakeShipment = {
          soHieu: s10(++serial),
          maDonHang: b.data.maDonHang,
          maHoSo: b.data.maHoSo,
          diaChi: b.data.nguoiNhan.diaChi,
          requests: 1,
        };
        shipments.set(s.soHieu, s);
        if (o.autoDeliverMs !== undefined) {
          const t = setTimeout(() => {
            timers.delete(t);
            void send({ ...event(s.soHieu, 'delivered', undefined), recipientName: b.data.nguoiNhan.hoTen });
          }, o.autoDeliverMs);
          t.unref();
          timers.add(t);
        }
        return { status: 200, body: { maDonHang: s.maDonHang, soHieu: s.soHieu, trungLap: false } };
      }
      return { status: 404, body: { error: 'not found' } };
    },
    control: (req) => {
      if (req.method === 'GET' && req.path === '/_fake/log') {
        return { status: 200, body: { shipments: [...shipments.values()], sent } };
      }
      return { status: 404, body: null };
    },
  });
  return {
    ...running,
    shipments,
    callbackFaults,
    sent,
    send,
    async deliver(trackingNumber, d = {}) {
      await send({
        ...event(trackingNumber, 'delivered', d.at),
        recipientName: d.recipientName ?? 'Người nhận',
      });
    },
    async returnToSender(trackingNumber, reason, r = {}) {
      await send({ ...event(trackingNumber, 'returned', r.at), reason });
    },
    close: async () => {
      for (const t of timers) clearTimeout(t);
      await running.close();
    },
  };
}
