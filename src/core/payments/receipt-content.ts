import { placeAndDate, type SlipContent, vnDateTime } from '../slips/index.ts';
import { headerLines } from '../slips/slip-content.ts';
import { amountInWords } from './amount-words.ts';
import type { PaymentChannel } from './payment-state.ts';

/**
 * The electronic receipt (biên lai điện tử) of a paid payment of fees (Decree 11/2020/NĐ-CP on receipts of
 * fees and charges, as amended by Decree 123/2020/NĐ-CP: issuing unit, receipt number, payer, what was paid,
 * the amount in figures and in words, how it was paid, the date). As data: the documents module renders it.
 */
export interface ReceiptFacts {
  readonly receiptNumber: string;
  readonly issuerName: string;
  readonly governingBody: string | undefined;
  readonly province: string;
  readonly place: string;
  readonly payerName: string;
  readonly recordCode: string;
  readonly procedureName: string;
  readonly items: readonly { readonly description: string; readonly amountVnd: number }[];
  readonly amountVnd: number;
  readonly channel: PaymentChannel;
  /** The platform's transaction, the bank's reference, or the counter's receipt. */
  readonly reference: string | null;
  readonly paidAt: Date;
  readonly refunded: { readonly at: Date; readonly reason: string } | null;
}

export const CHANNEL_WORDS: Readonly<Record<PaymentChannel, string>> = {
  online: 'Thanh toán trực tuyến qua Nền tảng thanh toán của Cổng Dịch vụ công quốc gia',
  transfer: 'Chuyển khoản ngân hàng',
  cash: 'Tiền mặt tại Bộ phận Một cửa',
  card: 'Thẻ ngân hàng tại Bộ phận Một cửa',
};

/** "150.000" (Vietnamese grouping). */
export function vnd(amount: number): string {
  return String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

export function receiptContent(f: ReceiptFacts): SlipContent {
  return {
    form: 'receipt',
    pageSize: 'A5',
    issuer: headerLines(f.governingBody, f.province, f.issuerName),
    number: f.receiptNumber,
    placeAndDate: placeAndDate(f.place, f.paidAt),
    title: 'BIÊN LAI THU PHÍ, LỆ PHÍ (ĐIỆN TỬ)',
    qr: `${f.receiptNumber}|${f.recordCode}|${f.amountVnd}`,
    blocks: [
      { kind: 'field', label: 'Số biên lai', value: f.receiptNumber },
      { kind: 'field', label: 'Người nộp', value: f.payerName },
      { kind: 'field', label: 'Hồ sơ', value: f.recordCode },
      { kind: 'field', label: 'Thủ tục', value: f.procedureName },
      {
        kind: 'table',
        columns: [
          { title: 'STT', weight: 1 },
          { title: 'Nội dung thu', weight: 8 },
          { title: 'Số tiền (đồng)', weight: 3 },
        ],
        rows: [
          ...f.items.map((i, n) => [String(n + 1), i.description, vnd(i.amountVnd)]),
          ['', 'Tổng cộng', vnd(f.amountVnd)],
        ],
      },
      { kind: 'field', label: 'Bằng chữ', value: amountInWords(f.amountVnd) },
      { kind: 'field', label: 'Hình thức thanh toán', value: CHANNEL_WORDS[f.channel] },
      ...(f.reference ? [{ kind: 'field' as const, label: 'Mã giao dịch', value: f.reference }] : []),
      { kind: 'field', label: 'Thời điểm thanh toán', value: vnDateTime(f.paidAt) },
      ...(f.refunded
        ? [
            {
              kind: 'paragraph' as const,
              text: `ĐÃ HOÀN TRẢ lúc ${vnDateTime(f.refunded.at)}. Lý do: ${f.refunded.reason}`,
            },
          ]
        : []),
    ],
    signatures: [{ title: 'ĐƠN VỊ THU', note: '(Biên lai điện tử, không cần chữ ký tay)' }],
    at: f.paidAt.toISOString(),
  };
}
