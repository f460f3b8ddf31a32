import { z } from 'zod';
import type { NationalStatusCode } from '../../../core/records/index.ts';
import { callJson, IntegrationError } from '../http.ts';
import {
  PortalApplicant,
  type PortalPort,
  type PortalStatus,
  type PortalSubmission,
  type StatusUpdate,
  type SubmissionAck,
} from './port.ts';

/**
 * The national public service portal's HTTP API (Cổng DVCQG), as Motcua speaks it.
 *
 * INFERRED: the portal's integration specification (Circular 18/2019/TT-BTTTT technical regulation,
 * DOMAIN.md §2.9 [U]) is not public. The status codes 1–10 (`TrangThaiHoSo`), record codes (`MaHoSo`),
 * procedure codes (`MaTTHC`) and ISO dates are from DOMAIN.md §2.9; every path and every other field name
 * below (`IdempotencyKey`, `ThuTu`, `MaHoSoQG`, `MaDonVi`, `ChuHoSo.*`, `KetQua`, `ConTiep`, `ViTri`,
 * `DanhSach`) is inferred, Vietnamese-styled like those, and must be checked against the real
 * specification before use (docs/INTEGRATIONS.md). The fake portal (`fake-server.ts`) speaks exactly this.
 */
export const SYSTEM = 'portal';

const Code = z
  .number()
  .int()
  .min(1)
  .max(10)
  .transform((n) => n as NationalStatusCode);

/** POST /api/hoso/trangthai: one status change (INFERRED). */
export const PushBody = z.object({
  IdempotencyKey: z.string().min(1),
  MaHoSo: z.string().min(1),
  SoHoSo: z.string().nullable(),
  MaHoSoQG: z.string().nullable(),
  MaTTHC: z.string().min(1),
  TrangThaiHoSo: Code,
  ThuTu: z.number().int().positive(),
  NgayCapNhat: z.iso.datetime({ offset: true }),
});
export type PushBody = z.infer<typeof PushBody>;
export const PushAnswer = z.object({ KetQua: z.enum(['DaCapNhat', 'TrungLap']) });

/** GET /api/hoso/moi?ViTri=&SoLuong=: records submitted on the portal (INFERRED). */
export const WireSubmission = z.object({
  MaHoSoQG: z.string().min(1),
  MaTTHC: z.string().min(1),
  MaDonVi: z.string().min(1),
  NgayNop: z.iso.datetime({ offset: true }),
  ChuHoSo: z.object({
    Loai: z.enum(['CongDan', 'ToChuc']),
    HoTen: z.string(),
    SoDinhDanh: z.string().optional(),
    NgaySinh: z.string().optional(),
    GioiTinh: z.enum(['Nam', 'Nu']).optional(),
    MaSoThue: z.string().optional(),
    SoDienThoai: z.string().optional(),
    Email: z.string().optional(),
    DiaChi: z.string().optional(),
  }),
  MaXaCuTru: z.string().optional(),
  MaXaThuaDat: z.string().optional(),
});
export type WireSubmission = z.infer<typeof WireSubmission>;
export const SubmissionsAnswer = z.object({
  DanhSach: z.array(WireSubmission),
  ViTri: z.string(),
  ConTiep: z.boolean(),
});

/** POST /api/hoso/xacnhan: what became of pulled records (INFERRED). */
export const AckBody = z.object({
  DanhSach: z.array(
    z.object({
      MaHoSoQG: z.string().min(1),
      KetQua: z.enum(['TiepNhan', 'TuChoi']),
      MaHoSo: z.string().optional(),
      LyDo: z.string().optional(),
    }),
  ),
});
export type AckBody = z.infer<typeof AckBody>;
export const AckAnswer = z.object({ SoLuong: z.number().int().nonnegative() });

/** POST /api/hoso/tracuu: the portal's status of records (INFERRED). */
export const LookupBody = z.object({ DanhSachMaHoSo: z.array(z.string().min(1)).max(500) });
export const LookupAnswer = z.object({
  DanhSach: z.array(z.object({ MaHoSo: z.string(), TrangThaiHoSo: Code, ThuTu: z.number().int() })),
});

/** The wire form of a submission, turned into Motcua's words. */
export function fromWire(w: WireSubmission): PortalSubmission {
  const a = w.ChuHoSo;
  const applicant = PortalApplicant.parse({
    kind: a.Loai === 'CongDan' ? 'citizen' : 'organization',
    fullName: a.HoTen,
    personalId: a.SoDinhDanh,
    birthDate: a.NgaySinh,
    sex: a.GioiTinh === undefined ? undefined : a.GioiTinh === 'Nam' ? 'male' : 'female',
    taxCode: a.MaSoThue,
    phone: a.SoDienThoai,
    email: a.Email,
    address: a.DiaChi,
  });
  return {
    portalRecordId: w.MaHoSoQG,
    procedureCode: w.MaTTHC,
    agencyCode: w.MaDonVi,
    submittedAt: new Date(w.NgayNop),
    applicant,
    residenceUnitCode: w.MaXaCuTru,
    landParcelUnitCode: w.MaXaThuaDat,
  };
}

/** The wire form of a status change. */
export function toWire(u: StatusUpdate): PushBody {
  return {
    IdempotencyKey: u.idempotencyKey,
    MaHoSo: u.recordId,
    SoHoSo: u.recordCode,
    MaHoSoQG: u.portalRecordId,
    MaTTHC: u.procedureCode,
    TrangThaiHoSo: u.status,
    ThuTu: u.seq,
    NgayCapNhat: u.at.toISOString(),
  };
}

/** The portal over HTTP at `baseUrl`. */
export function dvcqgPortal(opts: {
  baseUrl: string;
  token?: string | undefined;
  timeoutMs: number;
}): PortalPort {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const headers: Record<string, string> = opts.token ? { authorization: `Bearer ${opts.token}` } : {};
  return {
    async pushStatus(update) {
      const answer = await callJson({
        system: SYSTEM,
        method: 'POST',
        url: `${base}/api/hoso/trangthai`,
        headers: { ...headers, 'idempotency-key': update.idempotencyKey },
        body: toWire(update),
        timeoutMs: opts.timeoutMs,
        schema: PushAnswer,
      });
      return { result: answer.KetQua === 'DaCapNhat' ? 'applied' : 'duplicate' };
    },
    async fetchSubmissions(cursor, limit) {
      const q = new URLSearchParams({
        SoLuong: String(limit),
        ...(cursor === null ? {} : { ViTri: cursor }),
      });
      const answer = await callJson({
        system: SYSTEM,
        method: 'GET',
        url: `${base}/api/hoso/moi?${q}`,
        headers,
        timeoutMs: opts.timeoutMs,
        schema: SubmissionsAnswer,
      });
      let items: PortalSubmission[];
      try {
        items = answer.DanhSach.map(fromWire);
      } catch (e) {
        throw new IntegrationError(
          SYSTEM,
          'invalid_response',
          `unexpected submission: ${(e as Error).message}`,
        );
      }
      return { items, cursor: answer.ViTri, more: answer.ConTiep };
    },
    async acknowledge(acks: readonly SubmissionAck[]) {
      if (acks.length === 0) return;
      await callJson({
        system: SYSTEM,
        method: 'POST',
        url: `${base}/api/hoso/xacnhan`,
        headers,
        body: {
          DanhSach: acks.map((a) =>
            a.outcome === 'accepted'
              ? { MaHoSoQG: a.portalRecordId, KetQua: 'TiepNhan', MaHoSo: a.recordId }
              : { MaHoSoQG: a.portalRecordId, KetQua: 'TuChoi', LyDo: a.reason },
          ),
        } satisfies AckBody,
        timeoutMs: opts.timeoutMs,
        schema: AckAnswer,
      });
    },
    async statusesOf(recordIds) {
      const out = new Map<string, PortalStatus>();
      if (recordIds.length === 0) return out;
      const answer = await callJson({
        system: SYSTEM,
        method: 'POST',
        url: `${base}/api/hoso/tracuu`,
        headers,
        body: { DanhSachMaHoSo: [...recordIds] },
        timeoutMs: opts.timeoutMs,
        schema: LookupAnswer,
      });
      for (const r of answer.DanhSach) out.set(r.MaHoSo, { status: r.TrangThaiHoSo, seq: r.ThuTu });
      return out;
    },
  };
}
