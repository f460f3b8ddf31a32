import type { TimeLimit } from '../catalog/index.ts';
import type { RecordEvent, RecordState, Timing } from '../records/index.ts';

/**
 * The official slips of a record (Circular 01/2018/TT-VPCP art. 9 and Circular 03/2025/TT-VPCP Annex I,
 * DOMAIN.md §3): what each says, as data; rendering to PDF is the documents module's job. Numbers: the
 * forms carry "Số …/<suffix>" whose counter is not specified [U]; Motcua writes the record code there,
 * which is unique and never changes (Circular 01/2018 art. 19).
 */
export type SlipForm = '01' | '02' | '03' | '04' | '05' | 'stop';

export const SLIP_FORMS: readonly SlipForm[] = ['01', '02', '03', '04', '05', 'stop'];

/** Vietnamese titles of the forms (Circular 03/2025 wording). */
export const SLIP_TITLES: Readonly<Record<SlipForm, string>> = {
  '01': 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
  '02': 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
  '03': 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ',
  '04': 'PHIẾU XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT',
  '05': 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ',
  stop: 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ',
};

const NUMBER_SUFFIX: Readonly<Record<SlipForm, string>> = {
  '01': 'TNHS',
  '02': 'PBS',
  '03': 'PTC',
  '04': 'PXL',
  '05': 'PKS',
  stop: 'TBD',
};

/** The event that calls for a slip, by form (the control slip is made on request, from the whole history). */
export function slipFormOf(event: RecordEvent): SlipForm | undefined {
  switch (event.type) {
    case 'received':
      return '01';
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
  readonly form: SlipForm | 'register' | 'result';
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

/** The QR payload of Circular 01/2023: record code, procedure code, applicant identifier, document name. */
export function slipQr(state: RecordState, documentName: string): string | null {
  if (!state.code) return null;
  const who = state.applicant.personalId ?? state.applicant.taxCode ?? '';
  return [state.code, state.procedureCode, who, documentName].join('|');
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
    issuer: [`UBND ${names.province}`.toUpperCase(), issuingAgency.toUpperCase()],
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
      return {
        ...base,
        blocks: [
          { kind: 'field', label: 'Mã hồ sơ', value: state.code ?? '—' },
          { kind: 'field', label: 'Bộ phận tiếp nhận', value: issuingAgency },
          { kind: 'field', label: 'Tiếp nhận hồ sơ của', value: '' },
          ...applicantBlocks(state),
          requested,
          { kind: 'paragraph', text: 'Thành phần hồ sơ nộp gồm:' },
          { kind: 'list', items: provided.map(documentLine) },
          { kind: 'field', label: 'Số lượng hồ sơ', value: '01 bộ' },
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
            value: state.appointment ? vnDateTime(state.appointment.dueAt) : '—',
          },
          { kind: 'field', label: 'Cơ quan giải quyết', value: names.agencyName(state.competentAgencyId) },
          { kind: 'field', label: 'Đăng ký nhận kết quả', value: returnPlace(state, names) },
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
          { kind: 'paragraph', text: `Mọi vướng mắc xin liên hệ ${issuingAgency} để được hướng dẫn.` },
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
        issuer: [
          `UBND ${names.province}`.toUpperCase(),
          names.agencyName(state.competentAgencyId).toUpperCase(),
        ],
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
            value: ext ? vnDateTime(ext.previous.dueAt) : '—',
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
            value: ext ? vnDateTime(ext.appointment.dueAt) : '—',
          },
        ],
        signatures: [{ title: 'THỦ TRƯỞNG CƠ QUAN', note: '(Ký, ghi rõ họ tên và đóng dấu)' }],
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
          { kind: 'field', label: 'Cơ quan phối hợp giải quyết', value: '—' },
          {
            kind: 'field',
            label: 'Thời gian nhận hồ sơ',
            value: state.receivedAt ? vnDateTime(state.receivedAt) : '—',
          },
          {
            kind: 'field',
            label: 'Thời gian trả kết quả',
            value: state.appointment ? vnDateTime(state.appointment.dueAt) : '—',
          },
          {
            kind: 'table',
            columns: [
              { title: 'Tên cơ quan, đơn vị giao, nhận hồ sơ', weight: 3 },
              { title: 'Thời gian giao, nhận hồ sơ', weight: 2 },
              { title: 'Kết quả giải quyết hồ sơ', weight: 1.4 },
              { title: 'Ghi chú', weight: 1 },
            ],
            rows: controlRows(state, names),
          },
        ],
        signatures: [],
      };
  }
}

/** One row per hand-over: "1. Giao: <step, unit, person> 2. Nhận: <next>", its time and timing. */
function controlRows(state: RecordState, names: SlipNames): string[][] {
  const visits = state.stepHistory;
  return visits.map((v, i) => {
    const step = state.steps[v.stepIndex];
    const next =
      visits[i + 1] ??
      (state.currentStep !== null
        ? { stepIndex: state.currentStep, assigneeId: state.steps[state.currentStep]?.assigneeId ?? null }
        : null);
    const nextStep = next ? state.steps[next.stepIndex] : undefined;
    const who = (agencyId: string | undefined, person: string | null | undefined) =>
      [names.agencyName(agencyId), person ? names.personName(person) : ''].filter(Boolean).join(' – ');
    return [
      `1. Giao: ${who(step?.agencyId, v.assigneeId)}\n2. Nhận: ${nextStep ? who(nextStep.agencyId, next?.assigneeId) : 'Người nộp hồ sơ'}`,
      vnDateTime(v.finishedAt),
      TIMING_WORDS[v.timing],
      '',
    ];
  });
}
