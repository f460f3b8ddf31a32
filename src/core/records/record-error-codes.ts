import type { ErrorCode, ErrorCodeEntry, FieldIssue } from '../errors/index.ts';

/**
 * The error codes of the record lifecycle, in the shape of `ERROR_CODES` (src/core/errors), to be merged
 * into that table. Until then a caller throws `new DomainError(error.code as never, error.params, { issues })`.
 */
export const RECORD_ERROR_CODES = {
  'record.transition_not_allowed': {
    kind: 'conflict',
    vi: 'Thao tác này không thực hiện được ở trạng thái hiện tại của hồ sơ',
    en: 'This action is not allowed in the record’s current state',
  },
  'record.not_assigned': {
    kind: 'forbidden',
    vi: 'Bước xử lý này không được giao cho bạn',
    en: 'This step is not assigned to you',
  },
  'record.already_assigned': {
    kind: 'conflict',
    vi: 'Bước xử lý đã được giao cho người này',
    en: 'The step is already assigned to this person',
  },
  'record.assignee_not_eligible': {
    kind: 'invalid',
    vi: 'Chỉ được giao cho cán bộ đang làm việc của cơ quan thực hiện bước, đúng vai trò của bước',
    en: 'The assignee must be an active official of the agency that owns the step, with its role',
  },
  'record.outside_reception_scope': {
    kind: 'forbidden',
    vi: 'Bộ phận Một cửa này không được tiếp nhận hồ sơ của thủ tục này',
    en: 'This one-stop unit may not receive records of this procedure',
  },
  'record.competent_agency_unresolved': {
    kind: 'invalid',
    vi: 'Không xác định được cơ quan có thẩm quyền giải quyết hồ sơ',
    en: 'The competent agency for this record cannot be determined',
  },
  'record.procedure_not_configured': {
    kind: 'conflict',
    vi: 'Thủ tục chưa được cấu hình đủ (thời hạn giải quyết hoặc quy trình nội bộ) để tiếp nhận',
    en: 'The procedure lacks a time limit or an internal process needed for reception',
  },
  'record.channel_not_offered': {
    kind: 'conflict',
    vi: 'Thủ tục không cung cấp hình thức nộp hồ sơ này',
    en: 'The procedure is not offered through this channel',
  },
  'record.checklist_incomplete': {
    kind: 'invalid',
    vi: 'Hồ sơ còn thiếu giấy tờ, cần hướng dẫn bổ sung, hoàn thiện trước khi tiếp nhận',
    en: 'Documents are missing; ask for completion before receiving the record',
  },
  'record.checklist_unknown_document': {
    kind: 'invalid',
    vi: 'Giấy tờ không có trong thành phần hồ sơ của thủ tục',
    en: 'The document is not in the procedure’s list of required documents',
  },
  'record.invalid_return_point': {
    kind: 'invalid',
    vi: 'Nơi trả kết quả không hợp lệ',
    en: 'The place of return is not valid',
  },
  'record.invalid_step': {
    kind: 'invalid',
    vi: 'Bước xử lý được chọn không hợp lệ',
    en: 'The chosen process step is not valid',
  },
  'record.completion_already_requested': {
    kind: 'conflict',
    vi: 'Đã yêu cầu bổ sung, hoàn thiện hồ sơ một lần trước khi tiếp nhận, không yêu cầu lần nữa',
    en: 'Completion was already requested once before reception',
  },
  'record.supplement_already_requested': {
    kind: 'conflict',
    vi: 'Hồ sơ đã được yêu cầu bổ sung một lần, không được yêu cầu lần nữa',
    en: 'A supplement has already been requested once for this record',
  },
  'record.supplement_window_passed': {
    kind: 'conflict',
    vi: 'Đã quá thời hạn được yêu cầu bổ sung hồ sơ',
    en: 'The time allowed for requesting a supplement has passed',
  },
  'record.extension_already_used': {
    kind: 'conflict',
    vi: 'Hồ sơ đã được gia hạn một lần, không được gia hạn lần nữa',
    en: 'The record has already been extended once',
  },
  'record.extension_too_late': {
    kind: 'conflict',
    vi: 'Phải đề nghị gia hạn chậm nhất 01 ngày làm việc trước ngày hẹn trả kết quả',
    en: 'An extension must be requested at least one working day before the due date',
  },
  'record.extension_date_invalid': {
    kind: 'invalid',
    vi: 'Ngày hẹn mới phải là ngày làm việc sau ngày hẹn hiện tại',
    en: 'The new appointment must be a working day after the current one',
  },
  'record.invalid_code': {
    kind: 'invalid',
    vi: 'Mã hồ sơ không đúng định dạng',
    en: 'The record code is not in the legal format',
  },
  'record.fee_category_unknown': {
    kind: 'invalid',
    vi: 'Đối tượng miễn, giảm phí, lệ phí không có trong danh mục',
    en: 'This fee exemption or reduction category is not known',
  },
  'record.payment_nothing_due': {
    kind: 'conflict',
    vi: 'Hồ sơ không có khoản phí, lệ phí nào phải nộp; hãy nhập các khoản cần thu',
    en: 'Nothing is due for this record; give the amounts to collect',
  },
} as const satisfies Record<string, ErrorCodeEntry>;

/** A code of {@link RECORD_ERROR_CODES}. */
export type RecordErrorCode = keyof typeof RECORD_ERROR_CODES;

/**
 * A failed decision: a record code, or one of the shared codes `auth.forbidden` (wrong role, agency or
 * owner), `request.invalid` (malformed command, with `issues`), `agency.not_found` and `system.internal`
 * (the caller did not pass what the command needs). `params` name what a client needs to explain it.
 */
export interface RecordError {
  readonly code:
    | RecordErrorCode
    | Extract<ErrorCode, 'auth.forbidden' | 'request.invalid' | 'agency.not_found' | 'system.internal'>;
  readonly params: Readonly<Record<string, unknown>>;
  readonly issues?: readonly FieldIssue[];
}

/** Success with a value, or a {@link RecordError}. */
export type RecordResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: RecordError };

/** Builds a {@link RecordError}. */
export function recordError(code: RecordError['code'], params: Record<string, unknown> = {}): RecordError {
  return { code, params };
}
