import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { addDays, type IsoDate, vnInstant } from '../../core/calendar/index.ts';
import { CHANNEL_WORDS, type PaymentChannel } from '../../core/payments/index.ts';
import { vnDateTime } from '../../core/slips/index.ts';
import type { Tx } from '../../platform/db/index.ts';

/**
 * Fees collected (issue 18): the paid payments of a period (by when they were paid, Vietnam days), less
 * refunds, grouped by agency, procedure or channel; and the payments register (every paid payment) as .xlsx.
 */

export type FeesGroupBy = 'agency' | 'procedure' | 'channel';

export interface FeesRow {
  readonly key: string;
  readonly name: string;
  readonly payments: number;
  readonly collectedVnd: number;
  readonly refunds: number;
  readonly refundedVnd: number;
  readonly netVnd: number;
  readonly byChannel: Record<PaymentChannel, number>;
}

export async function feesCollected(
  tx: Tx,
  q: { from: IsoDate; to: IsoDate; groupBy: FeesGroupBy; agencyIds: string[] | null },
): Promise<{ rows: FeesRow[]; total: FeesRow }> {
  const from = vnInstant(q.from, 0);
  const end = vnInstant(addDays(q.to, 1), 0);
  const key = { agency: sql`p.agency_id::text`, procedure: sql`p.procedure_code`, channel: sql`p.channel` }[
    q.groupBy
  ];
  const name = {
    agency: sql`coalesce(min(a.name), p.agency_id::text)`,
    procedure: sql`p.procedure_code`,
    channel: sql`p.channel`,
  }[q.groupBy];
  const r = await sql<{
    key: string;
    name: string;
    channel: PaymentChannel;
    payments: string;
    collected: string;
    refunds: string;
    refunded: string;
  }>`
    select ${key} as key, ${name} as name, p.channel,
      count(*) as payments, sum(p.amount_vnd) as collected,
      count(*) filter (where p.refunded_at is not null) as refunds,
      coalesce(sum(p.amount_vnd) filter (where p.refunded_at is not null), 0) as refunded
    from payments p left join agencies a on a.id = p.agency_id
    where p.state = 'paid' and p.settled_at >= ${from} and p.settled_at < ${end}
      ${q.agencyIds ? sql`and p.agency_id = any(${q.agencyIds}::uuid[])` : sql``}
    group by ${key}, p.channel, p.agency_id
    order by 1`.execute(tx);
  const empty = (k: string, n: string): FeesRow => ({
    key: k,
    name: n,
    payments: 0,
    collectedVnd: 0,
    refunds: 0,
    refundedVnd: 0,
    netVnd: 0,
    byChannel: { online: 0, transfer: 0, cash: 0, card: 0 },
  });
  const rows = new Map<string, FeesRow>();
  const total = empty('total', 'Tổng số');
  for (const x of r.rows) {
    const label = q.groupBy === 'channel' ? CHANNEL_WORDS[x.key as PaymentChannel] : x.name;
    const row = rows.get(x.key) ?? empty(x.key, label);
    rows.set(x.key, row);
    for (const t of [row, total] as { -readonly [K in keyof FeesRow]: FeesRow[K] }[]) {
      t.payments += Number(x.payments);
      t.collectedVnd += Number(x.collected);
      t.refunds += Number(x.refunds);
      t.refundedVnd += Number(x.refunded);
      t.netVnd = t.collectedVnd - t.refundedVnd;
      t.byChannel[x.channel] += Number(x.collected) - Number(x.refunded);
    }
  }
  // A procedure's name comes from the catalogue in the register; here the code is the key and the name.
  return { rows: [...rows.values()], total };
}

/** The distinct procedure codes with a payment paid online through the platform in [from, to], in scope. */
export async function proceduresPaidOnline(
  tx: Tx,
  agencyIds: string[] | null,
  from: IsoDate,
  end: IsoDate,
): Promise<string[]> {
  const r = await sql<{ procedureCode: string }>`
    select distinct procedure_code from payments
    where channel = 'online' and state = 'paid'
      and settled_at >= ${vnInstant(from, 0)} and settled_at < ${vnInstant(end, 0)}
      ${agencyIds ? sql`and agency_id = any(${agencyIds}::uuid[])` : sql``}`.execute(tx);
  return r.rows.map((x) => x.procedureCode);
}

const REGISTER_SHEET = 'Sổ theo dõi thu phí';

/** The payments register of a period: every paid payment, one row each, with its receipt, as .xlsx. */
export async function registerWorkbook(
  tx: Tx,
  q: { from: IsoDate; to: IsoDate; agencyIds: string[] | null; scopeName: string },
): Promise<{ bytes: Buffer; rows: number }> {
  const rows = await tx
    .selectFrom('payments')
    .leftJoin('agencies', 'agencies.id', 'payments.agencyId')
    .select([
      'payments.receiptNumber',
      'payments.settledAt',
      'payments.recordCode',
      'payments.procedureCode',
      'agencies.name as agencyName',
      'payments.channel',
      'payments.amountVnd',
      'payments.providerRef',
      'payments.counterReceipt',
      'payments.refundedAt',
      'payments.refundReason',
    ])
    .where('payments.state', '=', 'paid')
    .where('payments.settledAt', '>=', vnInstant(q.from, 0))
    .where('payments.settledAt', '<', vnInstant(addDays(q.to, 1), 0))
    .$if(q.agencyIds !== null, (w) => w.where('payments.agencyId', 'in', q.agencyIds!))
    .orderBy('payments.settledAt')
    .execute();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Motcua';
  const ws = wb.addWorksheet(REGISTER_SHEET);
  ws.addRow(['SỔ THEO DÕI THU PHÍ, LỆ PHÍ THỦ TỤC HÀNH CHÍNH']).font = { bold: true, size: 14 };
  ws.addRow([`Phạm vi: ${q.scopeName}`]);
  ws.addRow([
    `Kỳ: từ ngày ${q.from.split('-').reverse().join('/')} đến ngày ${q.to.split('-').reverse().join('/')}`,
  ]);
  ws.addRow([]);
  const head = ws.addRow([
    'STT',
    'Số biên lai',
    'Thời điểm thanh toán',
    'Mã hồ sơ',
    'Mã thủ tục',
    'Cơ quan',
    'Hình thức',
    'Số tiền (đồng)',
    'Mã giao dịch / biên lai tại quầy',
    'Hoàn trả',
  ]);
  head.font = { bold: true };
  rows.forEach((r, i) => {
    ws.addRow([
      i + 1,
      r.receiptNumber,
      r.settledAt ? vnDateTime(r.settledAt) : '',
      r.recordCode,
      r.procedureCode,
      r.agencyName ?? '',
      CHANNEL_WORDS[r.channel],
      r.amountVnd,
      r.counterReceipt ?? r.providerRef ?? '',
      r.refundedAt ? `${vnDateTime(r.refundedAt)}: ${r.refundReason ?? ''}` : '',
    ]);
  });
  const total = rows.reduce((s, r) => s + r.amountVnd, 0);
  ws.addRow(['', '', '', '', '', '', 'Tổng cộng', total]).font = { bold: true };
  ws.getColumn(8).numFmt = '#,##0';
  for (const [i, w] of [6, 16, 30, 26, 12, 40, 30, 16, 24, 30].entries()) ws.getColumn(i + 1).width = w;
  return { bytes: Buffer.from(await wb.xlsx.writeBuffer()), rows: rows.length };
}
