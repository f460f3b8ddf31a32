import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

/** Every visible string, Vietnamese first, English as the switch. */
const vi = {
  app: {
    title: 'Cổng dịch vụ công thành phố Cần Thơ',
    portal: 'Dịch vụ công',
    track: 'Tra cứu hồ sơ',
    workspace: 'Cán bộ',
    language: 'English',
  },
  home: {
    heading: 'Tìm thủ tục hành chính',
    placeholder: 'Nhập tên thủ tục, có dấu hoặc không dấu (ví dụ: dang ky khai sinh)',
    search: 'Tìm kiếm',
    level: 'Cấp thực hiện',
    anyLevel: 'Mọi cấp',
    city: 'Cấp thành phố',
    commune: 'Cấp xã, phường',
    results: '{{count}} thủ tục',
    empty: 'Không tìm thấy thủ tục phù hợp. Hãy thử từ khóa ngắn hơn.',
    online: { full: 'Trực tuyến toàn trình', partial: 'Trực tuyến một phần', none: 'Nộp trực tiếp' },
    crossBoundary: 'Nộp ở bất kỳ Bộ phận Một cửa nào',
  },
  procedure: {
    back: 'Quay lại tìm kiếm',
    code: 'Mã thủ tục',
    field: 'Lĩnh vực',
    timeLimit: 'Thời hạn giải quyết',
    documents: 'Thành phần hồ sơ',
    quantity: 'Số lượng',
    originals: '{{count}} bản chính',
    copies: '{{count}} bản sao',
    form: 'Mẫu',
    fees: 'Phí, lệ phí',
    free: 'Không mất phí',
    where: 'Nơi nộp hồ sơ',
    agency: 'Cơ quan giải quyết',
    channels: 'Cách thức thực hiện',
    legalBasis: 'Căn cứ pháp lý',
    result: 'Kết quả',
    notFound: 'Không tìm thấy thủ tục này.',
  },
  timeUnits: {
    working_days: '{{count}} ngày làm việc',
    days: '{{count}} ngày',
    hours: '{{count}} giờ',
    working_hours: '{{count}} giờ làm việc',
    months: '{{count}} tháng',
    same_day: 'Trong ngày',
  },
  channel: { in_person: 'Trực tiếp', online: 'Trực tuyến', post: 'Dịch vụ bưu chính' },
  track: {
    heading: 'Tra cứu tình trạng hồ sơ',
    code: 'Mã hồ sơ',
    codePlaceholder: 'Ví dụ: H13.102.01-260302-0001',
    check: '4 số cuối điện thoại hoặc số định danh',
    submit: 'Tra cứu',
    status: 'Tình trạng',
    received: 'Ngày tiếp nhận',
    appointment: 'Ngày hẹn trả kết quả',
    steps: 'Các bước đã xử lý',
    reasons: 'Lý do',
    notFound: 'Không tìm thấy hồ sơ với mã và 4 số đã nhập. Vui lòng kiểm tra lại.',
    codeRequired: 'Nhập mã hồ sơ in trên giấy tiếp nhận',
    checkInvalid: 'Nhập đúng 4 chữ số',
    timing: { early: 'Trước hạn', on_time: 'Đúng hạn', late: 'Quá hạn' },
  },
  error: {
    generic: 'Đã có lỗi, vui lòng thử lại.',
    network: 'Không kết nối được máy chủ.',
    reload: 'Tải lại trang',
  },
};

const en: typeof vi = {
  app: {
    title: 'Can Tho City public service portal',
    portal: 'Public services',
    track: 'Track a record',
    workspace: 'Officials',
    language: 'Tiếng Việt',
  },
  home: {
    heading: 'Find an administrative procedure',
    placeholder: 'Type a procedure name, with or without diacritics (e.g. dang ky khai sinh)',
    search: 'Search',
    level: 'Level',
    anyLevel: 'Any level',
    city: 'City level',
    commune: 'Commune level',
    results: '{{count}} procedures',
    empty: 'No procedure matches. Try a shorter query.',
    online: { full: 'Fully online', partial: 'Partly online', none: 'In person' },
    crossBoundary: 'Submit at any one-stop unit',
  },
  procedure: {
    back: 'Back to search',
    code: 'Procedure code',
    field: 'Field',
    timeLimit: 'Time limit',
    documents: 'Required documents',
    quantity: 'Quantity',
    originals: '{{count}} original(s)',
    copies: '{{count}} copy(ies)',
    form: 'Form',
    fees: 'Fees and charges',
    free: 'Free of charge',
    where: 'Where to submit',
    agency: 'Competent agency',
    channels: 'How to apply',
    legalBasis: 'Legal basis',
    result: 'Result',
    notFound: 'No such procedure.',
  },
  timeUnits: {
    working_days: '{{count}} working days',
    days: '{{count}} days',
    hours: '{{count}} hours',
    working_hours: '{{count}} working hours',
    months: '{{count}} months',
    same_day: 'Same day',
  },
  channel: { in_person: 'In person', online: 'Online', post: 'By post' },
  track: {
    heading: 'Track a record',
    code: 'Record code',
    codePlaceholder: 'E.g. H13.102.01-260302-0001',
    check: 'Last 4 digits of your phone or personal ID',
    submit: 'Track',
    status: 'Status',
    received: 'Received on',
    appointment: 'Result due on',
    steps: 'Steps so far',
    reasons: 'Reasons',
    notFound: 'No record matches this code and these 4 digits. Please check them.',
    codeRequired: 'Enter the record code printed on your receipt',
    checkInvalid: 'Enter exactly 4 digits',
    timing: { early: 'Early', on_time: 'On time', late: 'Late' },
  },
  error: {
    generic: 'Something went wrong, please try again.',
    network: 'Cannot reach the server.',
    reload: 'Reload',
  },
};

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('motcua.lang') : null;

void i18n.use(initReactI18next).init({
  resources: { vi: { translation: vi }, en: { translation: en } },
  lng: saved === 'en' ? 'en' : 'vi',
  fallbackLng: 'vi',
  interpolation: { escapeValue: false },
});

export function setLanguage(lang: Language): void {
  localStorage.setItem('motcua.lang', lang);
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

export default i18n;
