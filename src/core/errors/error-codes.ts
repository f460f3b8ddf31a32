/**
 * The one error vocabulary of Motcua. Every failure a caller can see has a `module.reason` code here,
 * a kind (which decides the HTTP status, once, in the platform) and a title in Vietnamese and English.
 * `docs/errors.md` lists the same codes; a test fails when the two differ.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

export interface ErrorCodeEntry {
  readonly kind: ErrorKind;
  readonly vi: string;
  readonly en: string;
}

import { RECORD_ERROR_CODES } from '../records/record-error-codes.ts';

export const ERROR_CODES = {
  'request.invalid': {
    kind: 'invalid',
    vi: 'Dữ liệu gửi lên không hợp lệ',
    en: 'The request is not valid',
  },
  'request.not_found': {
    kind: 'not_found',
    vi: 'Không tìm thấy địa chỉ yêu cầu',
    en: 'No such route',
  },
  'request.rate_limited': {
    kind: 'rate_limited',
    vi: 'Quá nhiều yêu cầu, vui lòng thử lại sau',
    en: 'Too many requests, try again later',
  },
  'request.payload_too_large': {
    kind: 'invalid',
    vi: 'Dữ liệu gửi lên quá lớn',
    en: 'The request body is too large',
  },
  'request.cross_origin': {
    kind: 'forbidden',
    vi: 'Yêu cầu thay đổi dữ liệu đến từ một trang web khác',
    en: 'A state-changing request came from another site',
  },
  'auth.unauthenticated': {
    kind: 'unauthenticated',
    vi: 'Bạn cần đăng nhập',
    en: 'You need to sign in',
  },
  'auth.invalid_credentials': {
    kind: 'unauthenticated',
    vi: 'Tên đăng nhập hoặc mật khẩu không đúng',
    en: 'Wrong username or password',
  },
  'auth.too_many_attempts': {
    kind: 'rate_limited',
    vi: 'Đăng nhập sai quá nhiều lần, vui lòng thử lại sau',
    en: 'Too many failed sign-ins, try again later',
  },
  'auth.password_change_required': {
    kind: 'forbidden',
    vi: 'Bạn cần đổi mật khẩu trước khi tiếp tục',
    en: 'You must change your password before continuing',
  },
  'auth.wrong_current_password': {
    kind: 'invalid',
    vi: 'Mật khẩu hiện tại không đúng',
    en: 'The current password is wrong',
  },
  'auth.forbidden': {
    kind: 'forbidden',
    vi: 'Bạn không có quyền thực hiện thao tác này',
    en: 'You are not allowed to do this',
  },
  'auth.mfa_required': {
    kind: 'forbidden',
    vi: 'Tài khoản quản trị cần đăng ký mã xác thực hai lớp (TOTP) trước khi tiếp tục',
    en: 'Administrators must enrol a two-factor code (TOTP) before continuing',
  },
  'auth.invalid_mfa_code': {
    kind: 'invalid',
    vi: 'Mã xác thực không đúng hoặc đã được dùng',
    en: 'The verification code is wrong or was already used',
  },
  'auth.challenge_expired': {
    kind: 'unauthenticated',
    vi: 'Bước xác thực đã hết hạn, vui lòng đăng nhập lại',
    en: 'The sign-in step expired, sign in again',
  },
  'auth.totp_already_enrolled': {
    kind: 'conflict',
    vi: 'Tài khoản đã đăng ký mã xác thực hai lớp',
    en: 'A two-factor code is already enrolled for this account',
  },
  'auth.totp_not_started': {
    kind: 'conflict',
    vi: 'Chưa bắt đầu đăng ký mã xác thực hai lớp',
    en: 'Two-factor enrolment has not been started',
  },
  'auth.totp_not_enrolled': {
    kind: 'conflict',
    vi: 'Tài khoản này chưa đăng ký xác thực hai lớp',
    en: 'This account has no two-factor authentication enrolled',
  },
  'auth.totp_self_reset': {
    kind: 'conflict',
    vi: 'Không thể tự đặt lại xác thực hai lớp: hãy dùng mã khôi phục hoặc nhờ quản trị viên khác',
    en: 'You cannot reset your own two-factor: use a recovery code or ask another administrator',
  },
  'session.not_found': {
    kind: 'not_found',
    vi: 'Không tìm thấy phiên đăng nhập',
    en: 'Session not found',
  },
  'holiday.not_found': {
    kind: 'not_found',
    vi: 'Không tìm thấy ngày nghỉ',
    en: 'Holiday entry not found',
  },
  'holiday.duplicate': {
    kind: 'conflict',
    vi: 'Ngày này đã có trong lịch nghỉ',
    en: 'This date is already in the holiday table',
  },
  'unit.not_found': {
    kind: 'not_found',
    vi: 'Không tìm thấy đơn vị hành chính',
    en: 'Administrative unit not found',
  },
  'agency.not_found': {
    kind: 'not_found',
    vi: 'Không tìm thấy cơ quan',
    en: 'Agency not found',
  },
  'fees.bank_account_missing': {
    kind: 'conflict',
    vi: 'Cơ quan chưa khai báo tài khoản thu phí, lệ phí; vui lòng nộp tại Bộ phận Một cửa hoặc liên hệ cơ quan',
    en: 'The agency has no fee account set; pay at the counter or contact the agency',
  },
  'fees.no_payment_due': {
    kind: 'conflict',
    vi: 'Hồ sơ không có khoản phí, lệ phí đang chờ nộp',
    en: 'No payment is awaited for this record',
  },
  'catalog.edit_refused': {
    kind: 'invalid',
    vi: 'Không thể sửa thủ tục: thay đổi làm thủ tục thiếu thời hạn giải quyết hoặc cơ quan có thẩm quyền',
    en: 'The edit is refused: the procedure would lack a time limit or a resolvable competent agency',
  },
  'catalog.bulk_edit_refused': {
    kind: 'invalid',
    vi: 'Sửa hàng loạt bị từ chối vì có thủ tục không nhận thay đổi; không thủ tục nào được sửa',
    en: 'The bulk edit is refused because some procedures reject it; none was changed',
  },
  'catalog.bulk_edit_empty': {
    kind: 'invalid',
    vi: 'Bộ lọc không chọn thủ tục nào (hoặc chọn quá nhiều)',
    en: 'The filter selects no procedure (or too many)',
  },
  'catalog.cross_boundary_list_invalid': {
    kind: 'invalid',
    vi: 'Danh mục thủ tục không phụ thuộc địa giới hành chính có dòng không hợp lệ; chưa nhập gì',
    en: 'The cross-boundary list has invalid rows; nothing was imported',
  },
  'procedure.version_not_in_force': {
    kind: 'conflict',
    vi: 'Phiên bản thủ tục này không phải phiên bản đang có hiệu lực',
    en: 'This procedure version is not the one in force',
  },
  'group.not_found': {
    kind: 'not_found',
    vi: 'Không tìm thấy hồ sơ liên thông',
    en: 'Group submission not found',
  },
  'notify.bad_signature': {
    kind: 'unauthenticated',
    vi: 'Chữ ký của báo cáo gửi tin từ nhà cung cấp không hợp lệ',
    en: 'The delivery receipt signature is not valid',
  },
  'notify.unknown_message': {
    kind: 'not_found',
    vi: 'Không tìm thấy tin nhắn có mã này',
    en: 'No message has this provider id',
  },
  'post.bad_signature': {
    kind: 'unauthenticated',
    vi: 'Chữ ký của thông báo từ bưu điện không hợp lệ',
    en: 'The post callback signature is not valid',
  },
  'post.unknown_shipment': {
    kind: 'not_found',
    vi: 'Không tìm thấy bưu gửi có số hiệu này',
    en: 'No shipment has this tracking number',
  },
  'payment.bad_signature': {
    kind: 'unauthenticated',
    vi: 'Chữ ký của thông báo từ nền tảng thanh toán không hợp lệ',
    en: 'The payment platform callback signature is not valid',
  },
  'payment.unknown': {
    kind: 'not_found',
    vi: 'Không tìm thấy giao dịch thanh toán này',
    en: 'No payment has this reference',
  },
  'payment.amount_mismatch': {
    kind: 'invalid',
    vi: 'Số tiền trong thông báo thanh toán không khớp với khoản phải nộp',
    en: 'The amount in the payment callback does not match the amount due',
  },
  'payment.currency_mismatch': {
    kind: 'invalid',
    vi: 'Đơn vị tiền tệ của thông báo thanh toán không phải VND',
    en: 'The payment callback currency is not VND',
  },
  'payment.not_awaiting': {
    kind: 'conflict',
    vi: 'Hồ sơ không ở trạng thái chờ thực hiện nghĩa vụ tài chính',
    en: 'The record is not awaiting payment',
  },
  'payment.platform_unavailable': {
    kind: 'unavailable',
    vi: 'Nền tảng thanh toán tạm thời không phản hồi, vui lòng thử lại sau ít phút',
    en: 'The payment platform is not answering; try again in a few minutes',
  },
  'payment.not_found': {
    kind: 'not_found',
    vi: 'Không tìm thấy khoản thanh toán',
    en: 'Payment not found',
  },
  'payment.not_paid': {
    kind: 'conflict',
    vi: 'Khoản thanh toán này chưa được thanh toán',
    en: 'This payment has not been paid',
  },
  'payment.already_refunded': {
    kind: 'conflict',
    vi: 'Khoản thanh toán này đã được hoàn trả',
    en: 'This payment has already been refunded',
  },
  'procedure.not_found': {
    kind: 'not_found',
    vi: 'Không tìm thấy thủ tục hành chính',
    en: 'Procedure not found',
  },
  'procedure.not_receivable': {
    kind: 'conflict',
    vi: 'Thủ tục này hiện chưa tiếp nhận hồ sơ theo hình thức đã chọn',
    en: 'This procedure cannot be received through the chosen channel yet',
  },
  'user.duplicate_username': {
    kind: 'conflict',
    vi: 'Tên đăng nhập đã tồn tại',
    en: 'This username is already taken',
  },
  'user.not_found': {
    kind: 'not_found',
    vi: 'Không tìm thấy tài khoản cán bộ',
    en: 'User account not found',
  },
  'user.weak_password': {
    kind: 'invalid',
    vi: 'Mật khẩu quá yếu',
    en: 'The password is too weak',
  },
  'user.role_not_grantable': {
    kind: 'forbidden',
    vi: 'Chỉ quản trị cấp thành phố được cấp vai trò này',
    en: 'Only a city-level administrator can grant this role',
  },
  'user.self_lockout': {
    kind: 'conflict',
    vi: 'Không thể tự bỏ quyền quản trị hoặc tự khóa tài khoản của chính mình',
    en: 'You cannot remove your own admin role or deactivate your own account',
  },
  'official.import_invalid': {
    kind: 'invalid',
    vi: 'Danh sách cán bộ có dòng không hợp lệ; chưa nhập gì',
    en: 'The officials list has invalid rows; nothing was imported',
  },
  'official.bulk_refused': {
    kind: 'invalid',
    vi: 'Thao tác hàng loạt bị từ chối vì có tài khoản không hợp lệ; không tài khoản nào bị đổi',
    en: 'The bulk change is refused because some accounts reject it; none was changed',
  },
  'delegation.invalid': {
    kind: 'invalid',
    vi: 'Ủy quyền không hợp lệ',
    en: 'The delegation is not valid',
  },
  'delegation.not_found': {
    kind: 'not_found',
    vi: 'Không tìm thấy ủy quyền',
    en: 'Delegation not found',
  },
  'delegation.not_in_force': {
    kind: 'forbidden',
    vi: 'Không có ủy quyền còn hiệu lực để thay mặt lãnh đạo này (chưa bắt đầu, hết hạn, thu hồi)',
    en: 'No delegation in force lets you act for this leader (not started, expired, revoked)',
  },
  'auth.awaiting_roles': {
    kind: 'forbidden',
    vi: 'Tài khoản đang chờ phân quyền: quản trị viên chưa cấp vai trò nào cho bạn',
    en: 'Your account is awaiting roles: no administrator rule grants you any role yet',
  },
  'sso.not_configured': {
    kind: 'not_found',
    vi: 'Đăng nhập một lần (SSO) chưa được cấu hình',
    en: 'Single sign-on is not configured',
  },
  'sso.unavailable': {
    kind: 'unavailable',
    vi: 'Không kết nối được máy chủ đăng nhập một lần, vui lòng thử lại sau',
    en: 'The single sign-on provider cannot be reached; try again later',
  },
  'sso.state_invalid': {
    kind: 'invalid',
    vi: 'Phiên đăng nhập một lần không hợp lệ, đã dùng hoặc đã hết hạn; vui lòng đăng nhập lại',
    en: 'The sign-in attempt is unknown, already used or expired; sign in again',
  },
  'sso.provider_error': {
    kind: 'invalid',
    vi: 'Máy chủ đăng nhập một lần từ chối yêu cầu đăng nhập',
    en: 'The single sign-on provider refused the sign-in',
  },
  'sso.token_invalid': {
    kind: 'unauthenticated',
    vi: 'Thẻ định danh (ID token) không hợp lệ',
    en: 'The ID token is not valid',
  },
  'sso.unknown_agency': {
    kind: 'forbidden',
    vi: 'Cơ quan của bạn (mã định danh) chưa có trong Motcua',
    en: 'Your agency (by its code) is not in Motcua',
  },
  'sso.logout_token_invalid': {
    kind: 'invalid',
    vi: 'Thẻ đăng xuất (logout token) không hợp lệ',
    en: 'The logout token is not valid',
  },
  'sso.link_refused': {
    kind: 'conflict',
    vi: 'Có tài khoản trùng thư điện tử hoặc tên đăng nhập nhưng không liên kết được; hỏi quản trị viên',
    en: 'An account with this e-mail or username exists but cannot be linked; contact an administrator',
  },
  'sso.rule_not_found': {
    kind: 'not_found',
    vi: 'Không tìm thấy quy tắc phân quyền',
    en: 'Claim rule not found',
  },
  'citizen.not_configured': {
    kind: 'not_found',
    vi: 'Đăng nhập bằng định danh điện tử (VNeID) chưa được cấu hình',
    en: 'Citizen e-ID (VNeID) sign-in is not configured',
  },
  'citizen.unauthenticated': {
    kind: 'unauthenticated',
    vi: 'Vui lòng đăng nhập bằng VNeID để xem hồ sơ và kho dữ liệu của bạn',
    en: 'Sign in with VNeID to see your records and repository',
  },
  'citizen.identity_level_too_low': {
    kind: 'forbidden',
    vi: 'Tài khoản định danh điện tử cần ở mức độ 2 để đăng nhập',
    en: 'Your electronic identity must be level 2 to sign in',
  },
  'record.not_found': {
    kind: 'not_found',
    vi: 'Không tìm thấy hồ sơ',
    en: 'Record not found',
  },
  'record.version_conflict': {
    kind: 'conflict',
    vi: 'Hồ sơ vừa được người khác cập nhật, vui lòng tải lại rồi thực hiện lại',
    en: 'The record was changed by someone else; reload it and try again',
  },
  'idempotency.key_reused': {
    kind: 'invalid',
    vi: 'Khóa Idempotency-Key đã được dùng cho một yêu cầu khác',
    en: 'This Idempotency-Key was already used for a different request',
  },
  'outbox.not_found': {
    kind: 'not_found',
    vi: 'Không tìm thấy thông điệp lỗi cần gửi lại',
    en: 'No such dead message',
  },
  'integration.subscriber_not_found': {
    kind: 'not_found',
    vi: 'Không có bên nhận thông điệp (subscriber) này',
    en: 'No such subscriber',
  },
  ...RECORD_ERROR_CODES,
  'file.name_invalid': {
    kind: 'invalid',
    vi: 'Tên tệp không hợp lệ (không được chứa đường dẫn, “..” hay ký tự điều khiển)',
    en: 'The file name is not valid (no paths, “..” or control characters)',
  },
  'file.empty': { kind: 'invalid', vi: 'Tệp rỗng', en: 'The file is empty' },
  'file.too_large': {
    kind: 'invalid',
    vi: 'Tệp vượt quá dung lượng cho phép',
    en: 'The file is larger than allowed',
  },
  'file.type_not_allowed': {
    kind: 'invalid',
    vi: 'Chỉ nhận tệp PDF, JPEG hoặc PNG (xác định theo nội dung tệp)',
    en: 'Only PDF, JPEG or PNG files are accepted (detected from the content)',
  },
  'file.infected': {
    kind: 'invalid',
    vi: 'Tệp có mã độc và không được nhận',
    en: 'The file contains malware and was not accepted',
  },
  'file.missing': { kind: 'invalid', vi: 'Chưa chọn tệp', en: 'No file was sent' },
  'file.scan_unavailable': {
    kind: 'unavailable',
    vi: 'Dịch vụ quét mã độc tạm thời không hoạt động, vui lòng thử lại sau',
    en: 'The virus scanner is temporarily unavailable; try again later',
  },
  'file.store_unavailable': {
    kind: 'unavailable',
    vi: 'Kho lưu trữ tệp tạm thời không truy cập được, vui lòng thử lại sau',
    en: 'The file store is temporarily unavailable; try again later',
  },
  'document.not_found': {
    kind: 'not_found',
    vi: 'Không tìm thấy tài liệu của hồ sơ',
    en: 'Document not found',
  },
  'document.component_unknown': {
    kind: 'invalid',
    vi: 'Thành phần hồ sơ không có trong danh mục giấy tờ của thủ tục',
    en: 'This component is not among the procedure’s required documents',
  },
  'document.not_allowed': {
    kind: 'conflict',
    vi: 'Không thể thêm tài liệu loại này ở trạng thái hiện tại của hồ sơ',
    en: 'This kind of document cannot be added in the record’s current state',
  },
  'repository.no_owner': {
    kind: 'invalid',
    vi: 'Hồ sơ chưa có số định danh của người nộp nên không lưu vào kho dữ liệu được',
    en: 'The record has no personal ID (or tax code) of the applicant, so nothing can be kept in a repository',
  },
  'repository.item_not_found': {
    kind: 'not_found',
    vi: 'Không tìm thấy giấy tờ trong kho dữ liệu của người nộp',
    en: 'No such item in the applicant’s repository',
  },
  'repository.identity_unverified': {
    kind: 'forbidden',
    vi: 'Kho dữ liệu công dân chỉ mở khi danh tính đã được xác thực; xin đề nghị tại bộ phận một cửa',
    en: 'The citizen’s repository opens only to a verified identity; ask at the counter (bring your ID)',
  },
  'applicant.token_expired': {
    kind: 'unauthenticated',
    vi: 'Mã truy cập hồ sơ đã hết hạn; tra cứu hồ sơ bằng mã hồ sơ hoặc liên hệ bộ phận một cửa',
    en: 'This record access token has expired; track the record by its code or contact the counter',
  },
  'rating.not_allowed': {
    kind: 'conflict',
    vi: 'Chỉ đánh giá được sau khi đã nhận kết quả, và mỗi hồ sơ một lần',
    en: 'A record can be rated once, after its result was returned',
  },
  'report.period_invalid': {
    kind: 'invalid',
    vi: 'Kỳ báo cáo không hợp lệ: ngày bắt đầu sau ngày kết thúc',
    en: 'Invalid report period: it starts after it ends',
  },
  'report.period_not_months': {
    kind: 'invalid',
    vi: 'Thống kê theo thủ tục hoặc lĩnh vực chỉ tính theo tháng trọn vẹn (từ ngày 01 đến cuối tháng)',
    en: 'Statistics by procedure or field cover whole months (from the 1st to the end of a month)',
  },
  'report.officer_needs_agency': {
    kind: 'invalid',
    vi: 'Thống kê theo cán bộ cần chọn một cơ quan',
    en: 'Statistics by officer need one agency',
  },
  'result.not_found': {
    kind: 'not_found',
    vi: 'Không tìm thấy kết quả giải quyết',
    en: 'Result not found',
  },
  'result.not_allowed': {
    kind: 'conflict',
    vi: 'Chỉ lập kết quả sau khi hồ sơ đã có quyết định giải quyết',
    en: 'A result can only be made once the record has been decided',
  },
  'result.not_signable': {
    kind: 'invalid',
    vi: 'Tệp PDF này không ký số được (cấu trúc không hỗ trợ ký bổ sung)',
    en: 'This PDF cannot be signed (its structure does not allow an incremental signature)',
  },
  'result.too_many_signatures': {
    kind: 'invalid',
    vi: 'Tệp PDF có quá nhiều chữ ký để kiểm tra',
    en: 'The PDF carries too many signatures to verify',
  },
  'result.already_signed': {
    kind: 'conflict',
    vi: 'Kết quả đã được ký bằng chứng thư số này',
    en: 'The result already carries this signature',
  },
  'result.version_conflict': {
    kind: 'conflict',
    vi: 'Kết quả vừa được người khác ký hoặc cập nhật, vui lòng tải lại',
    en: 'The result was changed by someone else; reload it',
  },
  'signing.no_certificate': {
    kind: 'conflict',
    vi: 'Chưa có chứng thư số để ký (quản trị viên cần cài đặt tệp PKCS#12)',
    en: 'No signing certificate is installed (an administrator must install the PKCS#12 file)',
  },
  'slip.not_available': {
    kind: 'not_found',
    vi: 'Hồ sơ không có phiếu này',
    en: 'This record has no such slip',
  },
  'system.database_unavailable': {
    kind: 'unavailable',
    vi: 'Cơ sở dữ liệu tạm thời không truy cập được',
    en: 'The database is temporarily unavailable',
  },
  'system.internal': {
    kind: 'internal',
    vi: 'Lỗi hệ thống, vui lòng thử lại sau',
    en: 'Internal error, please try again later',
  },
} as const satisfies Record<string, ErrorCodeEntry>;

export type ErrorCode = keyof typeof ERROR_CODES;
