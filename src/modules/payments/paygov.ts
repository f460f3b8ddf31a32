import { z } from 'zod';
import { callJson, IntegrationError } from '../integrations/http.ts';
import { type PaymentPlatformPort, STATUS_OF, WireStatus } from './port.ts';

/**
 * The national payment platform's HTTP API as Motcua speaks it. Its specification is not public: the paths
 * and field names here are inferred (docs/PAYMENTS.md) and this file (with its zod schemas, reused by the
 * fake) is the only place that knows them.
 */
export const Created = z.object({
  maGiaoDich: z.string().min(1),
  urlThanhToan: z.url(),
  trungLap: z.boolean(),
});
export const Queried = z.object({
  maThamChieu: z.string(),
  maGiaoDich: z.string(),
  trangThai: WireStatus,
  soTien: z.number().int(),
  donViTienTe: z.string(),
});
export const Statement = z.object({
  ngay: z.string(),
  danhSach: z.array(
    z.object({
      maGiaoDich: z.string(),
      maThamChieu: z.string(),
      soTien: z.number().int(),
      thoiGian: z.string(),
    }),
  ),
});
export const Transfers = z.object({
  ngay: z.string(),
  danhSach: z.array(
    z.object({ maGD: z.string(), soTien: z.number().int(), noiDung: z.string(), thoiGian: z.string() }),
  ),
});

export function paygovAdapter(o: {
  baseUrl: string;
  secret: string;
  timeoutMs: number;
}): PaymentPlatformPort {
  const base = o.baseUrl.replace(/\/$/, '');
  const headers = { authorization: `Bearer ${o.secret}` };
  const system = 'payment';
  return {
    async createPayment(p) {
      const r = await callJson({
        system,
        method: 'POST',
        url: `${base}/api/v1/giaodich`,
        headers,
        timeoutMs: o.timeoutMs,
        body: {
          maThamChieu: p.paymentId,
          soTien: p.amountVnd,
          donViTienTe: 'VND',
          noiDung: p.description,
          maHoSo: p.recordCode,
          urlQuayVe: p.returnUrl,
          hetHanLuc: p.expiresAt.toISOString(),
        },
        schema: Created,
      });
      return { providerRef: r.maGiaoDich, redirectUrl: r.urlThanhToan };
    },
    async queryPayment(paymentId) {
      try {
        const r = await callJson({
          system,
          method: 'GET',
          url: `${base}/api/v1/giaodich/${encodeURIComponent(paymentId)}`,
          headers,
          timeoutMs: o.timeoutMs,
          schema: Queried,
        });
        return {
          providerRef: r.maGiaoDich,
          status: STATUS_OF[r.trangThai],
          amountVnd: r.soTien,
          currency: r.donViTienTe,
        };
      } catch (e) {
        if (e instanceof IntegrationError && e.status === 404) return undefined;
        throw e;
      }
    },
    async statement(day) {
      const r = await callJson({
        system,
        method: 'GET',
        url: `${base}/api/v1/doisoat?ngay=${day}`,
        headers,
        timeoutMs: o.timeoutMs,
        schema: Statement,
      });
      return r.danhSach.map((l) => ({
        providerRef: l.maGiaoDich,
        paymentId: l.maThamChieu,
        amountVnd: l.soTien,
      }));
    },
    async transfers(day) {
      const r = await callJson({
        system,
        method: 'GET',
        url: `${base}/api/v1/nganhang/saoke?ngay=${day}`,
        headers,
        timeoutMs: o.timeoutMs,
        schema: Transfers,
      });
      return r.danhSach.map((t) => ({
        bankRef: t.maGD,
        amountVnd: t.soTien,
        reference: t.noiDung,
        bookedAt: new Date(t.thoiGian),
      }));
    },
  };
}
