import type { NationalStatusCode } from '../../../core/records/index.ts';
import { type FaultSetting, FaultSwitch } from '../fault-switch.ts';
import type { AckBody, PushBody, WireSubmission } from './dvcqg.ts';

/**
 * Faults the fake portal can be switched into at run time (POST /control/faults):
 * - `timeout`: the call gets no answer (nothing applied); the caller's timeout fires;
 * - `error`: HTTP 503, nothing applied;
 * - `slow`: the answer comes after `ms`;
 * - `lost_answer`: the portal applies the call, then the connection drops before the answer;
 * - `reorder`: each answer is held a random 0–`ms`, so answers to concurrent calls come back out of order;
 * - `duplicate`: a pull page repeats submissions already delivered;
 * - `drop`: a status change is answered as applied but the portal loses it (reconciliation finds it);
 * - `refuse`: HTTP 422, as when the portal rejects a call's content.
 */
export const FAULTS = [
  'timeout',
  'error',
  'slow',
  'lost_answer',
  'reorder',
  'duplicate',
  'drop',
  'refuse',
] as const;
export type Fault = (typeof FAULTS)[number];

interface PortalRecord {
  status: NationalStatusCode;
  seq: number;
  procedureCode: string;
  code: string | null;
}

/** What the fake applied, for the exactly-once check. */
export interface FakeLog {
  /** Status changes applied per record (one per idempotency key). */
  readonly appliedPerRecord: Record<string, number>;
  /** Times each idempotency key was applied (exactly once: every value is 1). */
  readonly appliedPerKey: Record<string, number>;
  /** Pushes answered "already applied" (retries after timeouts, lost answers). */
  readonly duplicatePushes: number;
  /** Pushes the `drop` fault lost. */
  readonly dropped: number;
  /** Acknowledgements per portal record id (the last one counts). */
  readonly acknowledgements: Record<string, { result: string; recordId?: string; times: number }>;
  /** Faults that struck, per fault. */
  readonly faultsStruck: Record<string, number>;
}

/** The fake national portal's state and rules, without HTTP (fake-server.ts serves it). */
export class FakePortal {
  private readonly records = new Map<string, PortalRecord>();
  private readonly appliedKeys = new Map<string, number>();
  private readonly appliedPerRecord = new Map<string, number>();
  private readonly submissions: WireSubmission[] = [];
  private readonly acks = new Map<string, { result: string; recordId?: string; times: number }>();
  private readonly faults: FaultSwitch<Fault>;
  private duplicates = 0;
  private dropped = 0;
  private counter = 0;

  constructor(random: () => number = Math.random) {
    this.faults = new FaultSwitch(FAULTS, random);
  }

  setFault(fault: Fault, setting: FaultSetting): void {
    this.faults.set(fault, setting);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Whether `fault` strikes this call (consumes one of its `next`). */
  strikes(fault: Fault): FaultSetting | undefined {
    return this.faults.strikes(fault);
  }

  /** Applies a status change once per idempotency key; the status of the highest seq wins. */
  push(body: PushBody): 'DaCapNhat' | 'TrungLap' {
    const key = body.IdempotencyKey;
    if (this.appliedKeys.has(key)) {
      this.duplicates += 1;
      return 'TrungLap';
    }
    if (this.strikes('drop')) {
      this.dropped += 1;
      return 'DaCapNhat';
    }
    this.appliedKeys.set(key, (this.appliedKeys.get(key) ?? 0) + 1);
    this.appliedPerRecord.set(body.MaHoSo, (this.appliedPerRecord.get(body.MaHoSo) ?? 0) + 1);
    const current = this.records.get(body.MaHoSo);
    if (!current || body.ThuTu >= current.seq) {
      this.records.set(body.MaHoSo, {
        status: body.TrangThaiHoSo,
        seq: body.ThuTu,
        procedureCode: body.MaTTHC,
        code: body.SoHoSo,
      });
    }
    return 'DaCapNhat';
  }

  /** A citizen submits a record on the portal (the demo's and the tests' way to feed the pull). */
  submit(partial: Partial<WireSubmission> & Pick<WireSubmission, 'MaTTHC' | 'MaDonVi'>): WireSubmission {
    this.counter += 1;
    const s: WireSubmission = {
      MaHoSoQG:
        partial.MaHoSoQG ?? `G22.${String(Date.now()).slice(-6)}.${String(this.counter).padStart(5, '0')}`,
      NgayNop: partial.NgayNop ?? new Date().toISOString(),
      ChuHoSo: partial.ChuHoSo ?? {
        Loai: 'CongDan',
        HoTen: 'Trần Thị Bình',
        SoDinhDanh: '092190001234',
        NgaySinh: '1990-05-20',
        GioiTinh: 'Nu',
        SoDienThoai: '0912345678',
      },
      ...partial,
    };
    this.submissions.push(s);
    return s;
  }

  /** Submissions after position `cursor`; the `duplicate` fault repeats the ones just before it. */
  page(
    cursor: string | undefined,
    limit: number,
  ): { DanhSach: WireSubmission[]; ViTri: string; ConTiep: boolean } {
    const from = cursor === undefined ? 0 : Math.max(0, Number.parseInt(cursor, 10) || 0);
    const items = this.submissions.slice(from, from + limit);
    const to = from + items.length;
    // A duplicate delivery: the page carries its own items twice and the previous page's again.
    const danhSach = this.strikes('duplicate')
      ? [...items, ...items, ...this.submissions.slice(Math.max(0, from - limit), from)]
      : items;
    return { DanhSach: danhSach, ViTri: String(to), ConTiep: to < this.submissions.length };
  }

  acknowledge(body: AckBody): number {
    for (const a of body.DanhSach) {
      const prev = this.acks.get(a.MaHoSoQG);
      this.acks.set(a.MaHoSoQG, {
        result: a.KetQua,
        ...(a.MaHoSo ? { recordId: a.MaHoSo } : {}),
        times: (prev?.times ?? 0) + 1,
      });
    }
    return body.DanhSach.length;
  }

  lookup(ids: readonly string[]) {
    return {
      DanhSach: ids.flatMap((id) => {
        const r = this.records.get(id);
        return r ? [{ MaHoSo: id, TrangThaiHoSo: r.status, ThuTu: r.seq }] : [];
      }),
    };
  }

  /** The portal's status of a record (tests). */
  statusOf(recordId: string): { status: NationalStatusCode; seq: number } | undefined {
    const r = this.records.get(recordId);
    return r ? { status: r.status, seq: r.seq } : undefined;
  }

  /** Forgets a record's status (as if the portal lost it), for reconciliation tests and demos. */
  forget(recordId: string): boolean {
    // The portal lost the record with its memory of the changes it had applied (their keys).
    for (const key of this.appliedKeys.keys())
      if (key.startsWith(`${recordId}:`)) this.appliedKeys.delete(key);
    return this.records.delete(recordId);
  }

  log(): FakeLog {
    return {
      appliedPerRecord: Object.fromEntries(this.appliedPerRecord),
      appliedPerKey: Object.fromEntries(this.appliedKeys),
      duplicatePushes: this.duplicates,
      dropped: this.dropped,
      acknowledgements: Object.fromEntries(this.acks),
      faultsStruck: this.faults.struckCounts(),
    };
  }
}
