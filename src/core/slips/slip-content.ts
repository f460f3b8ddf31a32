import type { TimeLimit } from '../catalog/index.ts';
import { feeSlipRows, formatVnd } from '../fees/compute-fees.ts';
import { parseRecordCode, type RecordEvent, type RecordState, type Timing } from '../records/index.ts';
import type { TransferFailureReason } from '../records/record-state.ts';

/**
 * The official slips of a record (Circular 01/2018/TT-VPCP art. 9 and Circular 03/2025/TT-VPCP Annex I,
 * DOMAIN.md §3): what each says, as data; rendering to PDF is the documents module's job. Numbers: the
 * forms carry "Số …/<suffix>" whose counter is not specified [U]; Motcua writes the record code there,
 * which is unique and never changes (Circular 01/2018 art. 19).
 */
export type SlipForm = '01' | '02' | '03' | '04' | '05' | 'stop' | 'rejection';

export const SLIP_FORMS: readonly SlipForm[] = ['01', '02', '03', '04', '05', 'stop', 'rejection'];

/** Vietnamese titles of the forms (Circular 03/2025 wording). */
export const SLIP_TITLES: Readonly<Record<SlipForm, string>> = {
  '01': 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
  '02': 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
  '03': 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ',
  '04': 'PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT',
  '05': 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ',
  stop: 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ',
  rejection: 'PHIẾU TỪ CHỐI GIẢI QUYẾT HỒ SƠ',
};

const NUMBER_SUFFIX: Readonly<Record<SlipForm, string>> = {
  '01': 'TNHS',
  '02': 'PBS',
  '03': 'PTC',
  '04': 'PXL',
  '05': 'PKS',
  stop: 'TBD',
  rejection: 'PTCGQ',
};

/**
 * The event that calls for a slip, by form (the control slip is made on request, from the whole history):
 * a new receipt with the new appointment when the complete supplement restarts the clock (Decree 61/2018
 * art. 19 cl. 4), and the refusal after appraisal with its reasons (art. 19 cl. 8).
 */
export function slipFormOf(event: RecordEvent): SlipForm | undefined {
  switch (event.type) {
    case 'received':
    case 'supplemented':
      return '01';
    case 'rejected':
      return 'rejection';
    case 'completion_requested':
    case 'supplement_requested':
      return '02';
    case 'refused':
      return '03';
    case 'extended':
      return '04';
    case 'withdrawn':
    case 'stopped':
      return 'stop';
    default:
      return undefined;
  }
}

/**
 * The fees computed at reception (docs/FEES.md), on the receipt: the total and a table of the lines with the
 * exemption or reduction applied and its legal basis; nothing when none were computed.
 */
function feeBlocks(state: RecordState): SlipBlock[] {
  if (!state.fees) return [];
  return [
    { kind: 'field', label: 'Phí, lệ phí phải nộp', value: formatVnd(state.fees.totalVnd) },
    ...(state.fees.lines.length
      ? [
          {
            kind: 'table' as const,
            columns: [
              { title: 'Khoản phí, lệ phí', weight: 4 },
              { title: 'Số lượng × mức thu', weight: 3 },
              { title: 'Phải nộp', weight: 2 },
              { title: 'Miễn, giảm', weight: 3 },
            ],
            rows: feeSlipRows(state.fees),
          },
        ]
      : []),
  ];
}

/** One piece of a slip's body. */
export type SlipBlock =
  | { readonly kind: 'field'; readonly label: string; readonly value: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | {
      readonly kind: 'table';
      readonly columns: readonly { readonly title: string; readonly weight: number }[];
      readonly rows: readonly (readonly string[])[];
    };

/** A slip as data: header, title, body and signature boxes. */
export interface SlipContent {
  readonly form: SlipForm | 'register' | 'result' | 'receipt';
  readonly pageSize: 'A5' | 'A4' | 'A4-landscape';
  /** Upper-case lines at the top left: the governing body and the issuing unit. */
  readonly issuer: readonly string[];
  readonly number: string | null;
  /** "Cần Thơ, ngày … tháng … năm …". */
  readonly placeAndDate: string;
  readonly title: string;
  /** Circular 01/2023/TT-VPCP: record code, procedure code and applicant identifier, top left. */
  readonly qr: string | null;
  readonly blocks: readonly SlipBlock[];
  readonly signatures: readonly { readonly title: string; readonly note?: string; readonly name?: string }[];
  /** When the slip was made (the PDF's creation date), so the same slip is always the same bytes. */
  readonly at: string;
}

/** Names the slip prints instead of ids. */
export interface SlipNames {
  readonly procedureName: string;
  readonly agencyName: (id: string | null | undefined) => string;
  readonly personName: (id: string | null | undefined) => string;
  /** The province (or city) the agencies belong to, for the header and the place line. */
  readonly province: string;
  /**
   * The governing body (đơn vị chủ quản) of an agency for the header: its parent agency, e.g. UBND phường
   * for a commune one-stop unit, Văn phòng UBND thành phố for the city centre (DOMAIN.md §1.1, §3.2);
   * undefined when it has none, and the header then names the province's People's Committee.
   */
  readonly governingBody?: (id: string | null | undefined) => string | undefined;
  /** The receiving unit's phone number for help (slip 02), when known. */
  readonly contactPhone?: string;
}

/**
 * The two header lines (ĐƠN VỊ CHỦ QUẢN / the issuing unit): the unit's governing body, or the province's
 * People's Committee when it has none, then the unit.
 */
export function headerLines(governingBody: string | undefined, province: string, unitName: string): string[] {
  return [headerName(governingBody ?? `UBND ${province}`), headerName(unitName)];
}

/** "Ủy ban nhân dân phường Ninh Kiều" → "UBND PHƯỜNG NINH KIỀU", as headers print it. */
function headerName(name: string): string {
  return name.replace(/^Ủy ban nhân dân\b/u, 'UBND').toUpperCase();
}

/** The two header lines of a slip issued by `agencyId`: its governing body and itself. */
function issuerLines(agencyId: string | null, names: SlipNames): string[] {
  return headerLines(names.governingBody?.(agencyId), names.province, names.agencyName(agencyId));
}

const VN_OFFSET_MS = 7 * 3600_000;

function vnParts(instant: string | Date) {
  const d = new Date(new Date(instant).getTime() + VN_OFFSET_MS);
  const p = (n: number) => String(n).padStart(2, '0');
  return {
    hh: p(d.getUTCHours()),
    mm: p(d.getUTCMinutes()),
    day: p(d.getUTCDate()),
    month: p(d.getUTCMonth() + 1),
    year: String(d.getUTCFullYear()),
  };
}

/** "14 giờ 05 phút, ngày 02/03/2026" in Vietnam time (UTC+7, no daylight saving). */
export function vnDateTime(instant: string | Date): string {
  const t = vnParts(instant);
  return `${t.hh} giờ ${t.mm} phút, ngày ${t.day}/${t.month}/${t.year}`;
}

/** "02/03/2026" in Vietnam time. */
export function vnDate(instant: string | Date): string {
  const t = vnParts(instant);
  return `${t.day}/${t.month}/${t.year}`;
}

/** "Cần Thơ, ngày 02 tháng 03 năm 2026". */
export function placeAndDate(place: string, instant: string | Date): string {
  const t = vnParts(instant);
  return `${place}, ngày ${t.day} tháng ${t.month} năm ${t.year}`;
}

const UNIT_WORDS: Readonly<Record<TimeLimit['unit'], string>> = {
  working_days: 'ngày làm việc',
  days: 'ngày',
  hours: 'giờ',
  working_hours: 'giờ làm việc',
  months: 'tháng',
  same_day: 'trong ngày',
};

/** "8 ngày làm việc". */
export function timeLimitText(limit: TimeLimit | null): string {
  if (!limit) return '—';
  if (limit.unit === 'same_day') return 'Trong ngày';
  return `${limit.value} ${UNIT_WORDS[limit.unit]}`;
}

export const TIMING_WORDS: Readonly<Record<Timing, string>> = {
  early: 'Trước hạn',
  on_time: 'Đúng hạn',
  late: 'Quá hạn',
};

const RETURN_WORDS = {
  counter: 'Tại',
  online: 'Trực tuyến (qua Cổng dịch vụ công)',
  post: 'Qua dịch vụ bưu chính:',
};

function returnPlace(state: RecordState, names: SlipNames): string {
  const r = state.returnPoint;
  if (!r) return '—';
  if (r.kind === 'counter') return `${RETURN_WORDS.counter} ${names.agencyName(r.agencyId)}`;
  if (r.kind === 'post') return `${RETURN_WORDS.post} ${r.address}`;
  return RETURN_WORDS.online;
}

/**
 * The QR payload of Circular 01/2023: record code, procedure code, applicant identifier, document name. A
 * slip issued before reception (completion request, refusal at the counter) has no code yet: it carries
 * the record's id, by which the record is found and which never changes either.
 */
export function slipQr(state: RecordState, documentName: string): string {
  const who = state.applicant.personalId ?? state.applicant.taxCode ?? '';
  return [state.code ?? state.id, state.procedureCode, who, documentName].join('|');
}

/** "Sổ theo dõi hồ sơ ngày 02/03/2026, số thứ tự 0001": the register day and sequence in the record code. */
function registerLine(code: string | null): string {
  const parts = code ? parseRecordCode(code) : undefined;
  if (!parts) return '—';
  const [y, m, d] = parts.receptionDate.split('-');
  return `Sổ theo dõi hồ sơ ngày ${d}/${m}/${y}, số thứ tự ${String(parts.sequence).padStart(4, '0')}`;
}

/** The authorised person who submitted for the applicant, when there is one (DOMAIN.md §3.2, form 01). */
function representativeBlocks(state: RecordState): SlipBlock[] {
  const r = state.applicant.representative;
  if (!r) return [];
  const details = [
    r.personalId ? `Số định danh cá nhân: ${r.personalId}` : '',
    r.address ? `Địa chỉ: ${r.address}` : '',
    r.phone ? `Số điện thoại: ${r.phone.replace(/^\+84/, '0')}` : '',
    r.email ? `Thư điện tử: ${r.email}` : '',
  ].filter(Boolean);
  return [
    { kind: 'field', label: 'Người được ủy quyền nộp hồ sơ', value: r.fullName },
    ...(details.length > 0 ? [{ kind: 'paragraph' as const, text: details.join('; ') }] : []),
    { kind: 'field', label: 'Văn bản ủy quyền', value: r.authorization },
  ];
}

function applicantBlocks(state: RecordState): SlipBlock[] {
  const a = state.applicant;
  const blocks: SlipBlock[] = [
    { kind: 'field', label: a.kind === 'organization' ? 'Tổ chức' : 'Ông/Bà', value: a.fullName },
  ];
  const id = a.kind === 'organization' ? a.taxCode : a.personalId;
  if (id) {
    blocks.push({
      kind: 'field',
      label: a.kind === 'organization' ? 'Mã số định danh tổ chức (mã số thuế)' : 'Số định danh cá nhân',
      value: id,
    });
  }
  if (a.address) blocks.push({ kind: 'field', label: 'Địa chỉ', value: a.address });
  const contact = [
    a.phone ? `Số điện thoại: ${a.phone.replace(/^\+84/, '0')}` : '',
    a.email ? `Thư điện tử: ${a.email}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  if (contact) blocks.push({ kind: 'paragraph', text: contact });
  return blocks;
}

function documentLine(d: RecordState['checklist'][number]): string {
  const parts = [d.originals ? `${d.originals} bản chính` : '', d.copies ? `${d.copies} bản sao` : '']
    .filter(Boolean)
    .join(', ');
  return parts ? `${d.document} (${parts})` : d.document;
}

/**
 * The content of a per-record slip from the record as it stood just after the event that called for it
 * (`state` is the projection up to that event; `event` is that event). The control slip (05) takes the
 * current state and no event.
 */
export function buildSlip(
  form: SlipForm,
  state: RecordState,
  event: RecordEvent | null,
  names: SlipNames,
): SlipContent {
  const at = event?.at ?? state.updatedAt;
  const issuingAgency = names.agencyName(state.receivingAgencyId);
  const base = {
    form,
    pageSize: 'A5' as const,
    issuer: issuerLines(state.receivingAgencyId, names),
    number: state.code ? `${state.code}/${NUMBER_SUFFIX[form]}` : null,
    placeAndDate: placeAndDate(names.province.replace(/^thành phố\s+/i, ''), at),
    title: SLIP_TITLES[form],
    qr: slipQr(state, SLIP_TITLES[form]),
    at,
  };
  const requested: SlipBlock = {
    kind: 'field',
    label: 'Nội dung yêu cầu giải quyết',
    value: names.procedureName,
  };
  switch (form) {
    case '01': {
      const provided = state.checklist.filter((d) => d.provided);
      // After a complete supplement the clock restarts: a new receipt with the new appointment.
      const supplied = event?.type === 'supplemented' ? event : null;
      const sets = String(state.sets ?? 1).padStart(2, '0');
      return {
        ...base,
        blocks: [
          { kind: 'field', label: 'Mã hồ sơ', value: state.code ?? '—' },
          { kind: 'field', label: 'Số sổ, số thứ tự', value: registerLine(state.code) },
          { kind: 'field', label: 'Bộ phận tiếp nhận', value: issuingAgency },
          { kind: 'field', label: 'Tiếp nhận hồ sơ của', value: '' },
          ...applicantBlocks(state),
          ...representativeBlocks(state),
          requested,
          { kind: 'paragraph', text: 'Thành phần hồ sơ nộp gồm:' },
          { kind: 'list', items: [...provided.map(documentLine), ...(supplied?.documents ?? [])] },
          ...(supplied
            ? [
                {
                  kind: 'paragraph' as const,
                  text: `Hồ sơ đã được bổ sung đầy đủ lúc ${vnDateTime(supplied.at)}; thời hạn giải quyết được tính lại và hẹn trả kết quả mới như sau (giấy này thay giấy tiếp nhận trước).`,
                },
              ]
            : []),
          { kind: 'field', label: 'Số lượng hồ sơ', value: `${sets} bộ` },
          {
            kind: 'field',
            label: 'Thời gian giải quyết theo quy định',
            value: timeLimitText(state.timeLimit),
          },
          {
            kind: 'field',
            label: 'Thời gian nhận hồ sơ',
            value: state.receivedAt ? vnDateTime(state.receivedAt) : '—',
          },
          {
            kind: 'field',
            label: 'Thời gian trả kết quả',
            value: state.appointment ? appointmentText(state.appointment) : '—',
          },
          { kind: 'field', label: 'Cơ quan giải quyết', value: names.agencyName(state.competentAgencyId) },
          { kind: 'field', label: 'Đăng ký nhận kết quả', value: returnPlace(state, names) },
          ...feeBlocks(state),
          {
            kind: 'paragraph',
            text: `Tra cứu tình trạng hồ sơ bằng mã hồ sơ ${state.code ?? ''} trên Cổng dịch vụ công.`,
          },
        ],
        signatures: [
          { title: 'NGƯỜI NỘP HỒ SƠ', note: '(Ký và ghi rõ họ tên)' },
          {
            title: 'NGƯỜI TIẾP NHẬN HỒ SƠ',
            note: '(Ký và ghi rõ họ tên)',
            name: names.personName(event?.by.kind === 'official' ? event.by.userId : null),
          },
        ],
      };
    }
    case '02': {
      const ask =
        event && (event.type === 'supplement_requested' || event.type === 'completion_requested')
          ? event
          : null;
      return {
        ...base,
        blocks: [
          ...applicantBlocks(state),
          requested,
          {
            kind: 'paragraph',
            text: 'Sau khi xem xét, đề nghị Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:',
          },
          { kind: 'list', items: ask?.missingDocuments.length ? ask.missingDocuments : (ask?.reasons ?? []) },
          { kind: 'field', label: 'Lý do', value: (ask?.reasons ?? []).join('; ') },
          {
            kind: 'paragraph',
            text: `Mọi vướng mắc xin liên hệ ${[
              names.personName(ask?.by.kind === 'official' ? ask.by.userId : null),
              issuingAgency,
            ]
              .filter(Boolean)
              .join(
                ', ',
              )}${names.contactPhone ? `, số điện thoại ${names.contactPhone}` : ''} để được hướng dẫn.`,
          },
        ],
        signatures: [
          {
            title: 'NGƯỜI HƯỚNG DẪN',
            note: '(Ký và ghi rõ họ tên)',
            name: names.personName(ask?.by.kind === 'official' ? ask.by.userId : null),
          },
        ],
      };
    }
    case '03': {
      const refusal = event?.type === 'refused' ? event : null;
      return {
        ...base,
        blocks: [
          { kind: 'field', label: 'Bộ phận tiếp nhận', value: issuingAgency },
          ...applicantBlocks(state),
          ...(state.code ? [{ kind: 'field' as const, label: 'Mã hồ sơ', value: state.code }] : []),
          requested,
          {
            kind: 'paragraph',
            text: 'Cơ quan, đơn vị từ chối tiếp nhận giải quyết hồ sơ với lý do cụ thể như sau:',
          },
          { kind: 'list', items: refusal?.reasons ?? state.closure?.reasons ?? [] },
          { kind: 'paragraph', text: 'Xin thông báo để Ông/Bà được biết và thực hiện.' },
        ],
        signatures: [
          {
            title: 'NGƯỜI TIẾP NHẬN HỒ SƠ',
            note: '(Ký và ghi rõ họ tên)',
            name: names.personName(refusal?.by.kind === 'official' ? refusal.by.userId : null),
          },
        ],
      };
    }
    case '04': {
      const ext = event?.type === 'extended' ? event : null;
      return {
        ...base,
        issuer: issuerLines(state.competentAgencyId, names),
        blocks: [
          { kind: 'field', label: 'Kính gửi', value: state.applicant.fullName },
          {
            kind: 'paragraph',
            text: `Ngày ${state.receivedAt ? vnDate(state.receivedAt) : '—'}, ${issuingAgency} tiếp nhận hồ sơ đề nghị giải quyết thủ tục ${names.procedureName}.`,
          },
          ...applicantBlocks(state).slice(1),
          { kind: 'field', label: 'Mã hồ sơ', value: state.code ?? '—' },
          {
            kind: 'field',
            label: 'Thời gian hẹn trả kết quả',
            value: ext ? appointmentText(ext.previous) : '—',
          },
          {
            kind: 'paragraph',
            text: 'Tuy nhiên đến nay, cơ quan giải quyết chưa trả kết quả giải quyết hồ sơ cho Ông/Bà đúng hẹn.',
          },
          { kind: 'field', label: 'Lý do', value: ext?.reason ?? '—' },
          {
            kind: 'paragraph',
            text: 'Sự chậm trễ này đã gây phiền hà cho Ông/Bà. Chúng tôi xin lỗi và đề nghị gia hạn thời gian giải quyết.',
          },
          {
            kind: 'field',
            label: 'Thời gian hẹn trả kết quả mới',
            value: ext ? appointmentText(ext.appointment) : '—',
          },
        ],
        signatures: [{ title: 'THỦ TRƯỞNG CƠ QUAN', note: '(Ký, ghi rõ họ tên và đóng dấu)' }],
      };
    }
    case 'rejection': {
      // Decree 61/2018 art. 19 cl. 8: not eligible after appraisal; the competent body states its reasons.
      const rejected = event?.type === 'rejected' ? event : null;
      return {
        ...base,
        issuer: issuerLines(state.competentAgencyId, names),
        blocks: [
          { kind: 'field', label: 'Kính gửi', value: state.applicant.fullName },
          ...applicantBlocks(state).slice(1),
          { kind: 'field', label: 'Mã hồ sơ', value: state.code ?? '—' },
          requested,
          {
            kind: 'field',
            label: 'Thời gian nhận hồ sơ',
            value: state.receivedAt ? vnDateTime(state.receivedAt) : '—',
          },
          {
            kind: 'paragraph',
            text: `Sau khi thẩm định, ${names.agencyName(state.competentAgencyId)} từ chối giải quyết hồ sơ với lý do cụ thể như sau:`,
          },
          { kind: 'list', items: rejected?.reasons ?? state.closure?.reasons ?? [] },
          {
            kind: 'paragraph',
            text: `Hồ sơ được trả lại cho Ông/Bà tại ${returnPlace(state, names).replace(/^Tại /, '')}. Xin thông báo để Ông/Bà được biết.`,
          },
        ],
        signatures: [
          {
            title: 'THỦ TRƯỞNG CƠ QUAN',
            note: '(Ký, ghi rõ họ tên và đóng dấu)',
            name: names.personName(rejected?.by.kind === 'official' ? rejected.by.userId : null),
          },
        ],
      };
    }
    case 'stop': {
      const stop = event?.type === 'withdrawn' || event?.type === 'stopped' ? event : null;
      return {
        ...base,
        blocks: [
          ...applicantBlocks(state),
          { kind: 'field', label: 'Mã hồ sơ', value: state.code ?? '—' },
          requested,
          {
            kind: 'paragraph',
            text:
              stop?.type === 'withdrawn'
                ? 'Theo đề nghị rút hồ sơ của Ông/Bà, cơ quan giải quyết thông báo dừng giải quyết hồ sơ.'
                : 'Theo đề nghị của Ông/Bà, cơ quan giải quyết thông báo dừng giải quyết hồ sơ.',
          },
          { kind: 'field', label: 'Lý do', value: stop?.reason ?? '—' },
          { kind: 'field', label: 'Thời điểm dừng', value: vnDateTime(at) },
        ],
        signatures: [{ title: 'NGƯỜI TIẾP NHẬN HỒ SƠ', note: '(Ký và ghi rõ họ tên)' }],
      };
    }
    case '05':
      return {
        ...base,
        blocks: [
          { kind: 'field', label: 'Mã hồ sơ', value: state.code ?? '—' },
          {
            kind: 'field',
            label: 'Cơ quan giải quyết hồ sơ',
            value: names.agencyName(state.competentAgencyId),
          },
          { kind: 'field', label: 'Cơ quan phối hợp giải quyết', value: coProcessing(state, names) },
          {
            kind: 'field',
            label: 'Thời gian nhận hồ sơ',
            value: state.receivedAt ? vnDateTime(state.receivedAt) : '—',
          },
          {
            kind: 'field',
            label: 'Thời gian trả kết quả',
            value: state.appointment ? appointmentText(state.appointment) : '—',
          },
          ...transferFailureBlocks(state, names),
          {
            kind: 'table',
            columns: [
              { title: 'Tên cơ quan, đơn vị giao, nhận hồ sơ', weight: 3 },
              { title: 'Thời gian giao, nhận hồ sơ', weight: 2 },
              { title: 'Kết quả giải quyết hồ sơ', weight: 1.4 },
              { title: 'Ghi chú', weight: 1 },
              { title: 'Người giao', weight: 1.2 },
              { title: 'Người nhận', weight: 1.2 },
            ],
            rows: controlRows(state, names),
          },
        ],
        signatures: [],
      };
  }
}

const TRANSFER_FAILURE_WORDS: Readonly<Record<TransferFailureReason, string>> = {
  no_official: 'Cơ quan nhận chưa có cán bộ xử lý bước này',
  agency_not_on_system: 'Cơ quan nhận chưa tham gia hệ thống',
  integration_down: 'Kết nối liên thông bị gián đoạn',
};

/** The failed hand-over, stated above the table too (its row's narrow cells wrap the words). */
function transferFailureBlocks(state: RecordState, names: SlipNames): SlipBlock[] {
  const f = state.transferFailure;
  if (!f) return [];
  return [
    {
      kind: 'field',
      label: 'Chuyển xử lý không thành công',
      value: `${names.agencyName(f.agencyId)}, lúc ${vnDateTime(f.at)}: ${TRANSFER_FAILURE_WORDS[f.reason]}${f.detail ? ` (${f.detail})` : ''}`,
    },
  ];
}

/** The person printed for an id, or '' when there is none. */
const person = (names: SlipNames, id: string | null | undefined) => (id ? names.personName(id) : '');

/** "Ủy ban nhân dân phường Cái Khế – Trần Văn B": the agency, then the person when known. */
function who(names: SlipNames, agencyId: string | undefined, personId: string | null | undefined): string {
  return [names.agencyName(agencyId), person(names, personId)].filter(Boolean).join(' – ');
}

/** Where a hand-over went: a step (by index) and who took it there, or the applicant. */
type Receiver =
  | { readonly kind: 'step'; readonly stepIndex: number; readonly assigneeId: string | null }
  | { readonly kind: 'join'; readonly stepIndex: number }
  | { readonly kind: 'applicant' }
  | { readonly kind: 'none' };

/** The steps a step hands over to: those that wait for it (`after`; absent: the step after it). */
function successorsOf(state: RecordState, stepIndex: number): number[] {
  return state.steps.flatMap((s, k) =>
    (s.after ?? (k === 0 ? [] : [k - 1])).includes(stepIndex) ? [k] : [],
  );
}

/**
 * Who took each finished visit over: the steps it went to (its successors for a hand-over or a decision, an
 * earlier step for a send-back) whose visit started at the moment it ended, later in the history or still
 * running (a split starts several); the join a finished branch waits for when nothing started; the
 * applicant after the result was returned.
 */
function receiversOf(state: RecordState, index: number): Receiver[] {
  const v = state.stepHistory[index]!;
  // Stopped without being handed over (another branch sent the record back, or it was withdrawn).
  if (v.outcome === 'closed') return [{ kind: 'none' }];
  if (v.outcome === 'returned' || (v.outcome === undefined && state.delivery?.at === v.finishedAt))
    return [{ kind: 'applicant' }];
  const active = state.activeSteps ?? (state.currentStep === null ? [] : [state.currentStep]);
  /** Who took step k at the moment v ended: its next visit in the history, or the running step. */
  const takenBy = (k: number): string | null | undefined => {
    const w = state.stepHistory.find(
      (x, j) => j > index && x.stepIndex === k && x.startedAt === v.finishedAt,
    );
    // The one who took it: the step's assignee, or whoever acted there (an unassigned decision or return).
    if (w) return w.assigneeId ?? w.finishedBy ?? null;
    const step = state.steps[k];
    if (active.includes(k) && step?.startedAt === v.finishedAt) return step.assigneeId;
    return undefined;
  };
  const candidates =
    v.outcome === 'sent_back'
      ? state.steps.map((_, k) => k).filter((k) => k < v.stepIndex)
      : v.outcome === undefined
        ? state.steps.map((_, k) => k).filter((k) => k !== v.stepIndex)
        : successorsOf(state, v.stepIndex);
  const taken: Receiver[] = [];
  for (const k of candidates) {
    const who = takenBy(k);
    if (who !== undefined) taken.push({ kind: 'step', stepIndex: k, assigneeId: who });
    if (taken.length > 0 && (v.outcome === 'sent_back' || v.outcome === undefined)) break;
  }
  if (taken.length > 0) return taken;
  const join = successorsOf(state, v.stepIndex).find((k) => (state.steps[k]?.after?.length ?? 0) > 1);
  if (join !== undefined && v.outcome === 'forwarded') return [{ kind: 'join', stepIndex: join }];
  return [{ kind: 'none' }];
}

/**
 * The hand-over table of the control slip (DOMAIN.md §2.3, form BM.05): one row per hand-over — each
 * finished visit of a step, and each step it went to (a split to parallel branches gives a row per branch)
 * — with the agencies and persons who gave and took it, the time and whether the giving step was early,
 * on time or late; steps at other agencies included. A hand-over that failed and has not yet succeeded is
 * the last row: "Chuyển xử lý không thành công", the reason and the time.
 */
export function controlRows(state: RecordState, names: SlipNames): string[][] {
  const rows: string[][] = [];
  state.stepHistory.forEach((v, i) => {
    const agencyId = v.agencyId ?? state.steps[v.stepIndex]?.agencyId;
    const giver = v.finishedBy ?? v.assigneeId;
    for (const r of receiversOf(state, i)) {
      const to =
        r.kind === 'step'
          ? who(names, state.steps[r.stepIndex]?.agencyId, r.assigneeId)
          : r.kind === 'join'
            ? names.agencyName(state.steps[r.stepIndex]?.agencyId)
            : r.kind === 'applicant'
              ? 'Người nộp hồ sơ'
              : '—';
      const note =
        v.outcome === 'sent_back'
          ? 'Trả lại bước trước'
          : v.outcome === 'closed'
            ? 'Dừng bước, không chuyển tiếp'
            : r.kind === 'join'
              ? 'Chờ các nhánh song song'
              : '';
      rows.push([
        `1. Giao: ${who(names, agencyId, giver)}\n2. Nhận: ${to}`,
        vnDateTime(v.finishedAt),
        // A step closed by others (a branch sent back, a withdrawal) was not finished by its agency.
        v.outcome === 'closed' ? '—' : TIMING_WORDS[v.timing],
        note,
        // The electronic trace names who gave and who took the record (DOMAIN.md §3.2, form 05).
        person(names, giver),
        r.kind === 'step' ? person(names, r.assigneeId) : '',
      ]);
    }
  });
  const failure = state.transferFailure;
  if (failure) {
    const from = state.steps[failure.fromStep];
    rows.push([
      `1. Giao: ${who(names, from?.agencyId, from?.assigneeId)}\n2. Nhận: ${names.agencyName(failure.agencyId)}`,
      vnDateTime(failure.at),
      'Chuyển xử lý không thành công',
      [
        TRANSFER_FAILURE_WORDS[failure.reason],
        failure.detail ?? '',
        failure.attempts > 1 ? `đã thử ${failure.attempts} lần` : '',
      ]
        .filter(Boolean)
        .join('; '),
      person(names, from?.assigneeId),
      '',
    ]);
  }
  return rows;
}

/**
 * Bodies that take part besides the competent one and the receiving unit (cơ quan phối hợp): the agencies
 * of processing steps (not the reception or return step) other than those two, in process order; "Không"
 * when there are none.
 */
export function coProcessingAgencies(state: RecordState): string[] {
  const last = state.steps.length - 1;
  const processing = (s: RecordState['steps'][number], i: number) =>
    s.kind ? s.kind !== 'reception' && s.kind !== 'return' : i > 0 && i < last;
  return [
    ...new Set(
      state.steps
        .filter(
          (s, i) =>
            processing(s, i) &&
            s.agencyId !== state.competentAgencyId &&
            s.agencyId !== state.receivingAgencyId,
        )
        .map((s) => s.agencyId),
    ),
  ];
}

function coProcessing(state: RecordState, names: SlipNames): string {
  const others = coProcessingAgencies(state);
  return others.length > 0 ? others.map((id) => names.agencyName(id)).join('; ') : 'Không';
}

/**
 * The appointment as printed: a limit in days ends at 24:00 of its day (Civil Code art. 148), and the
 * result is collected during that day's office hours, so only the day is printed; an hour-based limit
 * prints its hour and minute.
 */
function appointmentText(deadline: { readonly dueDate: string; readonly dueAt: string }): string {
  const end = vnParts(deadline.dueAt);
  if (end.hh === '23' && end.mm === '59') {
    const [y, m, d] = deadline.dueDate.split('-');
    return `Trong giờ hành chính ngày ${d}/${m}/${y}`;
  }
  return vnDateTime(deadline.dueAt);
}
