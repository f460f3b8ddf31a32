import { headerLines, placeAndDate, type SlipContent, vnDate } from './slip-content.ts';

/** One record in the register book (Sổ theo dõi hồ sơ, form 06/07; DOMAIN.md §3.2). */
export interface RegisterRow {
  readonly code: string;
  readonly procedureName: string;
  readonly applicantName: string;
  readonly addressOrPhone: string;
  readonly competentAgencyName: string;
  readonly receivedAt: string;
  readonly appointmentDate: string | null;
  readonly returnedAt: string | null;
  readonly returnMethod: 'counter' | 'online' | 'post' | null;
}

const METHOD_WORDS = { counter: 'Trực tiếp', online: 'Trực tuyến', post: 'Bưu chính' } as const;

/** "02/03/2026" from "2026-03-02". */
function isoToVn(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

/**
 * The register book of a receiving unit for a period, A4 (Circular 01/2018 art. 9 cl. 2): one row per
 * record received, in the columns of the form.
 */
export function buildRegister(input: {
  agencyName: string;
  /** The unit's governing body (its parent agency), for the header. */
  governingBody?: string | undefined;
  province: string;
  from: string;
  to: string;
  at: string;
  rows: readonly RegisterRow[];
}): SlipContent {
  return {
    form: 'register',
    pageSize: 'A4-landscape',
    issuer: headerLines(input.governingBody, input.province, input.agencyName),
    number: null,
    placeAndDate: placeAndDate(input.province.replace(/^thành phố\s+/i, ''), input.at),
    title: `SỔ THEO DÕI HỒ SƠ (từ ${isoToVn(input.from)} đến ${isoToVn(input.to)})`,
    qr: null,
    at: input.at,
    blocks: [
      {
        kind: 'table',
        columns: [
          { title: 'STT', weight: 0.5 },
          { title: 'Mã hồ sơ', weight: 2.2 },
          { title: 'Tên thủ tục hành chính', weight: 2.4 },
          { title: 'Tên cá nhân, tổ chức', weight: 1.4 },
          { title: 'Địa chỉ, số điện thoại', weight: 1.4 },
          { title: 'Cơ quan chủ trì giải quyết', weight: 1.4 },
          { title: 'Ngày nhận hồ sơ', weight: 0.9 },
          { title: 'Ngày hẹn trả kết quả', weight: 0.9 },
          { title: 'Ngày trả kết quả', weight: 0.9 },
          { title: 'Phương thức nhận kết quả', weight: 0.9 },
          { title: 'Ký nhận', weight: 0.7 },
        ],
        rows: input.rows.map((r, i) => [
          String(i + 1),
          r.code,
          r.procedureName,
          r.applicantName,
          r.addressOrPhone,
          r.competentAgencyName,
          vnDate(r.receivedAt),
          r.appointmentDate ? isoToVn(r.appointmentDate) : '',
          r.returnedAt ? vnDate(r.returnedAt) : '',
          r.returnMethod ? METHOD_WORDS[r.returnMethod] : '',
          '',
        ]),
      },
    ],
    signatures: [],
  };
}
