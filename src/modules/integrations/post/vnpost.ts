import { z } from 'zod';
import { callJson, IntegrationError } from '../http.ts';
import type { PostPort } from './port.ts';

/**
 * Vietnam Post's shipment API as Motcua speaks it (docs/INTEGRATIONS.md "Vietnam Post"): POST
 * /api/buugui with the order reference (maDonHang, Motcua's idempotency key), the recipient and the
 * contents; the answer carries the tracking number (soHieu). Parsed here; failures are IntegrationErrors.
 */

const SYSTEM = 'post';

const ShipmentAnswer = z.object({
  maDonHang: z.string().min(1),
  soHieu: z.string().regex(/^[A-Z]{2}\d{9}VN$/, 'a UPU S10 tracking number such as EL123456785VN'),
  trungLap: z.boolean(),
});

export function vnpostAdapter(o: { baseUrl: string; secret: string; timeoutMs: number }): PostPort {
  const base = o.baseUrl.replace(/\/+$/, '');
  return {
    async createShipment(r) {
      const answer = await callJson({
        system: SYSTEM,
        method: 'POST',
        url: `${base}/api/buugui`,
        timeoutMs: o.timeoutMs,
        headers: { authorization: `Bearer ${o.secret}` },
        body: {
          maDonHang: r.reference,
          maHoSo: r.recordCode,
          nguoiNhan: { hoTen: r.recipient.name, soDienThoai: r.recipient.phone, diaChi: r.recipient.address },
          noiDung: r.contents,
        },
        schema: ShipmentAnswer,
      });
      if (answer.maDonHang !== r.reference) {
        throw new IntegrationError(
          SYSTEM,
          'invalid_response',
          `answered for ${answer.maDonHang}, not ${r.reference}`,
        );
      }
      return { trackingNumber: answer.soHieu, duplicate: answer.trungLap };
    },
  };
}
