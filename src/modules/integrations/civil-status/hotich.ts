import { z } from 'zod';
import { callJson, IntegrationError } from '../http.ts';
import type { CivilStatusPort, CivilStatusResult } from './port.ts';

/**
 * The civil-status software's HTTP API as Motcua speaks it (docs/INTEGRATIONS.md "Civil status"): JSON
 * with the Vietnamese field names of the one-stop integration (maHoSo, soDangKy, quyenSo…). Every answer is
 * parsed here; a transport failure is a retryable IntegrationError, a refusal a permanent one.
 */

const SYSTEM = 'civil-status';

/** The wire shape of one registration (kết quả đăng ký hộ tịch). */
export const WireResult = z.object({
  maHoSo: z.string().min(1),
  soDangKy: z.string().min(1).max(100),
  quyenSo: z.string().min(1).max(100),
  ngayDangKy: z.iso.date(),
  nguoiKy: z.string().min(1).max(200),
  capNhatLuc: z.iso.datetime({ offset: true }),
});
export type WireResult = z.infer<typeof WireResult>;

const HandoverAnswer = z.object({
  id: z.string().min(1),
  maHoSo: z.string().min(1),
  trungLap: z.boolean(),
});
const ResultsAnswer = z.object({ ketQua: z.array(WireResult) });
const RecordAnswer = z.object({
  maHoSo: z.string().min(1),
  trangThai: z.enum(['DA_TIEP_NHAN', 'DA_DANG_KY']),
  ketQua: WireResult.nullable(),
});

export function fromWire(w: WireResult): CivilStatusResult {
  return {
    recordCode: w.maHoSo,
    registrationNumber: w.soDangKy,
    bookNumber: w.quyenSo,
    registeredOn: w.ngayDangKy,
    signer: w.nguoiKy,
    updatedAt: w.capNhatLuc,
  };
}

export interface HotichOptions {
  readonly baseUrl: string;
  readonly token?: string | undefined;
  readonly timeoutMs: number;
}

/** The civil-status port over the civil-status software's HTTP API. */
export function hotichAdapter(o: HotichOptions): CivilStatusPort {
  const base = o.baseUrl.replace(/\/+$/, '');
  const headers = (extra: Record<string, string> = {}) => ({
    ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
    ...extra,
  });
  return {
    async handover(h) {
      const answer = await callJson({
        system: SYSTEM,
        method: 'POST',
        url: `${base}/api/hoso`,
        headers: headers({ 'idempotency-key': h.idempotencyKey }),
        timeoutMs: o.timeoutMs,
        body: {
          maHoSo: h.recordCode,
          maTTHC: h.procedureCode,
          tenTTHC: h.procedureName,
          ngayTiepNhan: h.receivedAt,
          nguoiNop: { hoTen: h.applicant.fullName, soDinhDanh: h.applicant.personalId },
        },
        schema: HandoverAnswer,
      });
      if (answer.maHoSo !== h.recordCode) {
        throw new IntegrationError(
          SYSTEM,
          'invalid_response',
          `answered for ${answer.maHoSo}, not ${h.recordCode}`,
        );
      }
      return { remoteId: answer.id, duplicate: answer.trungLap };
    },
    async resultsSince(since, limit) {
      const q = new URLSearchParams({ tu: since.toISOString(), gioiHan: String(limit) });
      const answer = await callJson({
        system: SYSTEM,
        method: 'GET',
        url: `${base}/api/ketqua?${q}`,
        headers: headers(),
        timeoutMs: o.timeoutMs,
        schema: ResultsAnswer,
      });
      return answer.ketQua.map(fromWire);
    },
    async record(recordCode) {
      try {
        const answer = await callJson({
          system: SYSTEM,
          method: 'GET',
          url: `${base}/api/hoso/${encodeURIComponent(recordCode)}`,
          headers: headers(),
          timeoutMs: o.timeoutMs,
          schema: RecordAnswer,
        });
        return { recordCode: answer.maHoSo, result: answer.ketQua ? fromWire(answer.ketQua) : null };
      } catch (e) {
        if (e instanceof IntegrationError && e.status === 404) return null;
        throw e;
      }
    },
  };
}
