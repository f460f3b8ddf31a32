import type { WireResult } from './hotich.ts';

/**
 * A fake civil-status system (demo and tests): it keeps the records handed over, once per record code
 * whatever the retries, and registers them — by itself after `autoRegisterMs`, or when told to — giving
 * each a registration number, a book number, a date and a signer, as the civil-status software does once
 * the commune's civil-status official has registered the event. Its HTTP face is {@link startFakeCivilStatus}.
 */
export interface FakeCivilStatusRecord {
  readonly id: string;
  readonly maHoSo: string;
  readonly maTTHC: string;
  readonly receivedAt: string;
  /** How many handovers of it arrived (1 + the retries it answered as duplicates). */
  handovers: number;
  result: WireResult | null;
}

export interface FakeCivilStatusOptions {
  /** Register a record this long after it arrives (undefined: only when {@link FakeCivilStatus.register} is called). */
  readonly autoRegisterMs?: number | undefined;
  readonly now?: () => Date;
}

export class FakeCivilStatus {
  readonly records = new Map<string, FakeCivilStatusRecord>();
  private books = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly options: FakeCivilStatusOptions;
  constructor(options: FakeCivilStatusOptions = {}) {
    this.options = options;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** Takes a record (idempotent on its code): returns it and whether it was already there. */
  receive(input: { maHoSo: string; maTTHC: string }): { record: FakeCivilStatusRecord; duplicate: boolean } {
    const known = this.records.get(input.maHoSo);
    if (known) {
      known.handovers += 1;
      return { record: known, duplicate: true };
    }
    const record: FakeCivilStatusRecord = {
      id: `HT-${String(this.records.size + 1).padStart(6, '0')}`,
      maHoSo: input.maHoSo,
      maTTHC: input.maTTHC,
      receivedAt: this.now().toISOString(),
      handovers: 1,
      result: null,
    };
    this.records.set(input.maHoSo, record);
    if (this.options.autoRegisterMs !== undefined) {
      const t = setTimeout(() => {
        this.timers.delete(t);
        this.register(input.maHoSo);
      }, this.options.autoRegisterMs);
      t.unref();
      this.timers.add(t);
    }
    return { record, duplicate: false };
  }

  /** Registers a record (or changes its registration, as a correction would): the result Motcua syncs. */
  register(maHoSo: string, fields: Partial<Omit<WireResult, 'maHoSo' | 'capNhatLuc'>> = {}): WireResult {
    const record = this.records.get(maHoSo);
    if (!record) throw new Error(`fake civil status: unknown record ${maHoSo}`);
    const now = this.now();
    const n = ++this.books;
    // Strictly later than every earlier change, so a pull's cursor never skips one.
    const last = Math.max(
      0,
      ...[...this.records.values()].map((r) => (r.result ? Date.parse(r.result.capNhatLuc) : 0)),
    );
    const at = new Date(Math.max(now.getTime(), last + 1));
    record.result = {
      maHoSo,
      soDangKy: fields.soDangKy ?? `${String(n).padStart(3, '0')}/${now.getUTCFullYear()}`,
      quyenSo:
        fields.quyenSo ?? `${String(1 + Math.floor(n / 200)).padStart(2, '0')}/${now.getUTCFullYear()}`,
      ngayDangKy: fields.ngayDangKy ?? now.toISOString().slice(0, 10),
      nguoiKy: fields.nguoiKy ?? 'Nguyễn Văn Hộ',
      capNhatLuc: at.toISOString(),
    };
    return record.result;
  }

  /** Results changed after `since`, oldest first. */
  resultsSince(since: Date, limit: number): WireResult[] {
    return [...this.records.values()]
      .flatMap((r) => (r.result && Date.parse(r.result.capNhatLuc) > since.getTime() ? [r.result] : []))
      .sort((a, b) => a.capNhatLuc.localeCompare(b.capNhatLuc))
      .slice(0, limit);
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
