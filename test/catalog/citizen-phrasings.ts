/**
 * How citizens type what they need, each with the procedure(s) of the real catalogue
 * (data/vn-tthc-catalog, 1,601 procedures of province and commune level) that answer it. The first code is
 * the one a person most likely means; the others are equally right answers (the same procedure at the city
 * level, or a reading the words allow). Used by the search accuracy test (catalog-search.test.ts) and by
 * `npm run bench -- catalog-search`.
 *
 * Phrasings are everyday words, abbreviations and the same without diacritics, the way people type them
 * into a search box (and as counters hear them). Only procedures that exist in the seeded catalogue are
 * used; what people ask for that the catalogue does not hold is listed in {@link ABSENT_FROM_CATALOGUE}.
 */
export interface CitizenPhrasing {
  /** What the person types. */
  readonly q: string;
  /** Procedure codes that answer it, the most likely first. */
  readonly codes: readonly string[];
  /** What the person means (English), for reports. */
  readonly means: string;
}

/** ID card (thẻ căn cước) procedures: the commune police's and the city police's. */
const ID_CARD_ISSUE = ['1.014061', '2.000200'];
const ID_CARD_ANY = [...ID_CARD_ISSUE, '1.014063', '2.001195', '1.014064', '2.001194'];
const BIRTH = '1.001193';
const MARRIAGE = '1.000894';
const MARITAL_STATUS = '1.004873';
const DEATH = '1.000656';
const CIVIL_STATUS_COPY = '2.000635';
const TEMPORARY_RESIDENCE = '1.004194';
const PERMANENT_RESIDENCE = '1.004222';
const JUDICIAL_RECORD = '3.000333';
const HOUSEHOLD_BUSINESS = '1.001612';
/** First land-use right certificate: households and individuals, then organisations. */
const LAND_CERTIFICATE = ['1.013978', '1.012753'];
/** Building permit for a grade III/IV work (a house: commune), or grade I/II (city). */
const BUILDING_PERMIT = ['1.013225', '1.013236'];
const COPY_CERTIFICATION = '2.000815';

export const CITIZEN_PHRASINGS: readonly CitizenPhrasing[] = [
  // ID card
  { q: 'cccd', codes: ID_CARD_ANY, means: 'citizen ID card (abbreviation)' },
  { q: 'CCCD', codes: ID_CARD_ANY, means: 'citizen ID card, in capitals' },
  { q: 'căn cước', codes: ID_CARD_ANY, means: 'ID card' },
  { q: 'làm căn cước', codes: ID_CARD_ISSUE, means: 'get an ID card' },
  { q: 'lam can cuoc cong dan', codes: ID_CARD_ISSUE, means: 'get a citizen ID card, no diacritics' },
  { q: 'làm cccd cho con', codes: ['1.014062', '1.012549'], means: 'ID card for a child under 14' },
  { q: 'cấp lại cccd', codes: ['1.014064', '2.001194'], means: 'replace an ID card' },
  { q: 'mất căn cước', codes: ['1.014064', '2.001194'], means: 'lost ID card: replacement' },
  { q: 'đổi cccd', codes: ['1.014063', '2.001195'], means: 'renew an ID card' },
  { q: 'cmnd', codes: ID_CARD_ANY, means: 'old people’s ID (chứng minh nhân dân), now the ID card' },
  // Birth, marriage, death, civil status
  { q: 'làm giấy khai sinh', codes: [BIRTH], means: 'birth registration' },
  { q: 'khai sinh cho con', codes: [BIRTH], means: 'register my child’s birth' },
  { q: 'đăng ký khai sinh', codes: [BIRTH], means: 'birth registration' },
  { q: 'dang ky khai sinh', codes: [BIRTH], means: 'birth registration, no diacritics' },
  { q: 'đăng kí khai sinh', codes: [BIRTH], means: 'birth registration, spelled kí' },
  { q: 'khai sinh', codes: [BIRTH], means: 'birth registration' },
  { q: 'bản sao giấy khai sinh', codes: [CIVIL_STATUS_COPY], means: 'a copy of the birth certificate' },
  { q: 'trích lục khai sinh', codes: [CIVIL_STATUS_COPY, BIRTH], means: 'birth extract' },
  { q: 'đăng ký kết hôn', codes: [MARRIAGE], means: 'marriage registration' },
  { q: 'dang ky ket hon', codes: [MARRIAGE], means: 'marriage registration, no diacritics' },
  { q: 'đăng kí kết hôn', codes: [MARRIAGE], means: 'marriage registration, spelled kí' },
  { q: 'giấy xác nhận tình trạng hôn nhân', codes: [MARITAL_STATUS], means: 'certificate of marital status' },
  { q: 'xac nhan tinh trang hon nhan', codes: [MARITAL_STATUS], means: 'marital status, no diacritics' },
  { q: 'giấy xác nhận độc thân', codes: [MARITAL_STATUS], means: 'certificate of being single' },
  { q: 'khai tử', codes: [DEATH], means: 'death registration' },
  { q: 'làm giấy chứng tử', codes: [DEATH], means: 'death certificate' },
  { q: 'trích lục khai tử', codes: [CIVIL_STATUS_COPY, DEATH], means: 'death extract' },
  { q: 'nhận cha con', codes: ['1.001022'], means: 'recognition of paternity' },
  { q: 'đổi tên cho con', codes: ['1.004859'], means: 'change a child’s name (civil status change)' },
  { q: 'nhận con nuôi', codes: ['2.001263'], means: 'domestic adoption' },
  { q: 'giám hộ', codes: ['1.004837'], means: 'guardianship registration' },
  // Residence
  { q: 'đăng ký tạm trú', codes: [TEMPORARY_RESIDENCE], means: 'temporary residence registration' },
  { q: 'dang ky tam tru', codes: [TEMPORARY_RESIDENCE], means: 'temporary residence, no diacritics' },
  { q: 'tạm trú', codes: [TEMPORARY_RESIDENCE], means: 'temporary residence' },
  { q: 'thường trú', codes: [PERMANENT_RESIDENCE], means: 'permanent residence registration' },
  { q: 'nhập hộ khẩu', codes: [PERMANENT_RESIDENCE], means: 'register in a household book (old words)' },
  { q: 'tách hộ khẩu', codes: ['1.010038'], means: 'split a household' },
  { q: 'khai báo tạm vắng', codes: ['1.003677'], means: 'declare temporary absence' },
  { q: 'xác nhận cư trú', codes: ['1.010041'], means: 'certificate of residence' },
  // Judicial record
  { q: 'lý lịch tư pháp', codes: [JUDICIAL_RECORD], means: 'criminal record certificate' },
  { q: 'ly lich tu phap', codes: [JUDICIAL_RECORD], means: 'criminal record, no diacritics' },
  {
    q: 'xin phiếu lý lịch tư pháp',
    codes: [JUDICIAL_RECORD],
    means: 'ask for a criminal record certificate',
  },
  { q: 'lltp', codes: [JUDICIAL_RECORD], means: 'criminal record (abbreviation)' },
  // Household business and tax
  { q: 'hộ kinh doanh', codes: [HOUSEHOLD_BUSINESS], means: 'household business registration' },
  { q: 'đăng ký hộ kinh doanh', codes: [HOUSEHOLD_BUSINESS], means: 'household business registration' },
  { q: 'dang ky ho kinh doanh', codes: [HOUSEHOLD_BUSINESS], means: 'household business, no diacritics' },
  { q: 'hkd', codes: [HOUSEHOLD_BUSINESS], means: 'household business (abbreviation)' },
  { q: 'đăng ký kinh doanh cá thể', codes: [HOUSEHOLD_BUSINESS], means: 'register as a sole trader' },
  { q: 'tạm ngừng hộ kinh doanh', codes: ['1.001570'], means: 'suspend a household business' },
  { q: 'giải thể hộ kinh doanh', codes: ['1.001266'], means: 'close a household business' },
  { q: 'thay đổi hộ kinh doanh', codes: ['2.000720'], means: 'change a household business registration' },
  { q: 'mã số thuế cá nhân', codes: ['1.008498'], means: 'personal tax code' },
  // Land and building
  { q: 'sổ đỏ', codes: LAND_CERTIFICATE, means: 'land-use right certificate ("red book")' },
  { q: 'làm sổ đỏ', codes: LAND_CERTIFICATE, means: 'get a land-use right certificate' },
  { q: 'so do', codes: LAND_CERTIFICATE, means: 'red book, no diacritics' },
  {
    q: 'sổ hồng',
    codes: [...LAND_CERTIFICATE, '1.012787'],
    means: 'land and house certificate ("pink book")',
  },
  { q: 'đổi sổ đỏ', codes: ['1.012783'], means: 'exchange a land-use right certificate' },
  { q: 'tách thửa', codes: ['1.012784'], means: 'split a land parcel' },
  { q: 'lên thổ cư', codes: ['1.013949', '1.013823', '1.013992'], means: 'convert land to residential use' },
  { q: 'tranh chấp đất đai', codes: ['1.012812'], means: 'land dispute mediation' },
  { q: 'giấy phép xây dựng', codes: BUILDING_PERMIT, means: 'building permit' },
  { q: 'gpxd', codes: BUILDING_PERMIT, means: 'building permit (abbreviation)' },
  { q: 'xin phép xây nhà', codes: BUILDING_PERMIT, means: 'permit to build a house' },
  { q: 'giay phep xay dung', codes: BUILDING_PERMIT, means: 'building permit, no diacritics' },
  // Certification
  { q: 'chứng thực bản sao', codes: [COPY_CERTIFICATION], means: 'certified copy' },
  { q: 'sao y bản chính', codes: [COPY_CERTIFICATION], means: 'certified copy (everyday words)' },
  { q: 'công chứng bản sao', codes: [COPY_CERTIFICATION], means: 'certified copy ("notarised")' },
  { q: 'chứng thực chữ ký', codes: ['2.000884'], means: 'certify a signature' },
  { q: 'chứng thực di chúc', codes: ['2.001019'], means: 'certify a will' },
  { q: 'công chứng hợp đồng mua bán đất', codes: ['2.001035'], means: 'certify a land sale contract' },
  // Passport, driving, vehicles
  { q: 'làm hộ chiếu', codes: ['1.001456'], means: 'passport' },
  { q: 'mất hộ chiếu', codes: ['1.010386', '1.001445', '1.010385'], means: 'report a lost passport' },
  { q: 'cấp lại bằng lái xe', codes: ['3.000348'], means: 'replace a driving licence' },
  { q: 'gplx', codes: ['3.000348'], means: 'driving licence (abbreviation)' },
  { q: 'đăng ký xe máy', codes: ['1.013067', '1.012575', '1.013066'], means: 'register a motorbike' },
  // Social and health insurance, poverty
  { q: 'bảo hiểm y tế', codes: ['1.001939', '2.000639'], means: 'health insurance card' },
  { q: 'thẻ bhyt', codes: ['1.001939', '2.000639'], means: 'health insurance card (abbreviation)' },
  { q: 'bhxh một lần', codes: ['1.001613'], means: 'one-time social insurance payout' },
  { q: 'chế độ thai sản', codes: ['2.000693'], means: 'maternity benefit' },
  { q: 'hộ nghèo', codes: ['1.011607', '1.011606'], means: 'poor household recognition' },
];

/**
 * Asked for at counters but not in this catalogue (province and commune level, 1,601 procedures), so not
 * in the set: the search cannot answer them with anything right.
 */
export const ABSENT_FROM_CATALOGUE: readonly { q: string; why: string }[] = [
  { q: 'mai táng phí', why: 'funeral allowance (trợ cấp mai táng): no such procedure in the catalogue' },
  { q: 'trợ cấp xã hội hằng tháng', why: 'social assistance (bảo trợ xã hội): not in the catalogue' },
  { q: 'xác nhận khuyết tật', why: 'disability certification: not in the catalogue' },
  { q: 'người có công', why: 'people with merit to the revolution: only police-force variants exist' },
  {
    q: 'đổi bằng lái xe',
    why: 'driving licence exchange: only "Cấp lại giấy phép lái xe" is in the catalogue',
  },
  { q: 'đăng ký nghĩa vụ quân sự', why: 'military service registration: not in the catalogue' },
  { q: 'cấp số nhà', why: 'house numbering: not in the catalogue' },
  { q: 'giấy phép karaoke', why: 'karaoke licence: not in the catalogue' },
  { q: 'giấy phép bán rượu', why: 'alcohol retail licence: only the electronic stamp procedures exist' },
  { q: 'ly hôn', why: 'divorce is decided by courts; only recording a foreign divorce (2.000554) exists' },
];

/**
 * More phrasings, written after the synonym table and the ranking were tuned on {@link CITIZEN_PHRASINGS}
 * and not tuned on: their accuracy is reported apart, as an estimate for phrasings nobody has tried yet.
 */
export const HELD_OUT_PHRASINGS: readonly CitizenPhrasing[] = [
  { q: 'cấp căn cước cho trẻ em', codes: ['1.014062', '1.012549'], means: 'ID card for a child' },
  { q: 'dang ki tam tru', codes: [TEMPORARY_RESIDENCE], means: 'temporary residence, kí, no diacritics' },
  { q: 'đăng ký thường trú', codes: [PERMANENT_RESIDENCE], means: 'permanent residence' },
  {
    q: 'xoá đăng ký thường trú',
    codes: ['1.003197'],
    means: 'deregister permanent residence (old tone mark)',
  },
  { q: 'gia hạn tạm trú', codes: ['1.002755'], means: 'extend temporary residence' },
  { q: 'đăng ký lại khai sinh', codes: ['1.004884'], means: 're-register a birth' },
  { q: 'kết hôn với người nước ngoài', codes: ['2.000806'], means: 'marriage with a foreigner' },
  { q: 'giấy phép lái xe', codes: ['3.000348'], means: 'driving licence' },
  { q: 'chung thuc chu ky', codes: ['2.000884'], means: 'certify a signature, no diacritics' },
  { q: 'ho chieu', codes: ['1.001456'], means: 'passport, no diacritics' },
  { q: 'thẻ bảo hiểm y tế', codes: ['1.001939', '2.000639'], means: 'health insurance card' },
  { q: 'hưởng bảo hiểm xã hội một lần', codes: ['1.001613'], means: 'one-time social insurance payout' },
  { q: 'rút bhxh 1 lần', codes: ['1.001613'], means: 'withdraw social insurance at once (digit 1)' },
  { q: 'chấm dứt hộ kinh doanh', codes: ['1.001266'], means: 'close a household business' },
  { q: 'cấp lại giấy chứng nhận hộ kinh doanh', codes: ['2.000575'], means: 'replace the HKD certificate' },
  { q: 'đăng ký giám hộ', codes: ['1.004837'], means: 'guardianship' },
  { q: 'nuôi con nuôi', codes: ['2.001263'], means: 'adoption' },
  { q: 'tách thửa đất', codes: ['1.012784'], means: 'split a parcel' },
  { q: 'chuyển mục đích sử dụng đất', codes: ['1.013949', '1.013823', '1.013992'], means: 'change land use' },
  { q: 'cấp đổi sổ đỏ', codes: ['1.012783'], means: 'exchange a land certificate' },
  { q: 'hòa giải tranh chấp đất', codes: ['1.012812'], means: 'land dispute mediation' },
  { q: 'xin giấy phép xây dựng nhà ở', codes: BUILDING_PERMIT, means: 'permit to build a house' },
  { q: 'khai tu', codes: [DEATH], means: 'death registration, no diacritics' },
  { q: 'đăng ký khai tử', codes: [DEATH], means: 'death registration' },
  { q: 'hộ cận nghèo', codes: ['1.011607', '1.011606'], means: 'near-poor household' },
  { q: 'thai sản', codes: ['2.000693'], means: 'maternity' },
  { q: 'ốm đau', codes: ['1.001667'], means: 'sickness benefit' },
  { q: 'mã số thuế', codes: ['1.008498'], means: 'tax code for a person' },
  { q: 'thành lập doanh nghiệp tư nhân', codes: ['2.001610'], means: 'set up a sole proprietorship' },
  { q: 'xác nhận tình trạng hôn nhân', codes: [MARITAL_STATUS], means: 'marital status' },
];
