/**
 * The maintained tables behind citizen catalogue search (docs/CATALOG.md, "Search"): how people say what
 * they need, and which procedure names are special cases or follow-ups of a base procedure.
 *
 * Write entries in ordinary Vietnamese with diacritics; they are normalised like the catalogue's search
 * keys (lower case, no marks, đ → d) when the module loads. Every catalogue phrase written here must occur
 * in at least one real procedure's name or result (a test holds it), so that a re-imported catalogue that
 * renames something shows up as a failing test rather than a search that silently finds nothing.
 */

/** One rewrite: everyday phrasings or abbreviations → the catalogue's own wording. */
export interface SearchSynonym {
  /** What people type (any of these, as whole words). */
  readonly from: readonly string[];
  /**
   * The catalogue wording, one entry per concept a procedure must hold (in its name, field or results); an
   * array entry lists alternatives, any of which will do. Empty when the words only steer the ranking;
   * absent when each phrasing stands for itself, kept whole so that its words are not read apart.
   */
  readonly to?: readonly (string | readonly string[])[];
  /** Wording that ranks a procedure higher when its name holds it, without being required. */
  readonly prefer?: readonly (string | readonly string[])[];
}

/**
 * Everyday phrasings and abbreviations. At each position of a query the longest `from` that matches wins,
 * so "bản sao giấy khai sinh" and "nhận con nuôi" are read before "giấy khai sinh" and "nhận con".
 */
export const SEARCH_SYNONYMS: readonly SearchSynonym[] = [
  // Identity card (Luật Căn cước 2023: "thẻ căn cước" replaced "căn cước công dân" and the older CMND).
  {
    from: [
      'cccd',
      'căn cước công dân',
      'thẻ căn cước công dân',
      'cmnd',
      'chứng minh nhân dân',
      'chứng minh thư',
      'cmt',
    ],
    to: [['thẻ căn cước', 'căn cước']],
  },
  { from: ['căn cước'], to: [['thẻ căn cước', 'căn cước']] },
  // For a child: the procedures for under-14s and children.
  {
    from: ['cho con', 'cho bé', 'cho trẻ', 'của con', 'con nhỏ'],
    to: [],
    prefer: ['dưới 14 tuổi', 'trẻ em'],
  },
  // Civil status
  { from: ['giấy khai sinh', 'làm khai sinh', 'giấy khai sanh', 'khai sanh'], to: ['khai sinh'] },
  { from: ['bản sao giấy khai sinh', 'bản sao khai sinh'], to: ['bản sao', 'khai sinh'] },
  { from: ['trích lục'], to: [['trích lục', 'bản sao']] },
  { from: ['giấy chứng tử', 'làm chứng tử', 'giấy báo tử', 'báo tử'], to: ['khai tử'] },
  { from: ['giấy đăng ký kết hôn', 'giấy kết hôn', 'giấy hôn thú', 'hôn thú'], to: ['đăng ký kết hôn'] },
  {
    from: ['độc thân', 'xác nhận độc thân', 'giấy độc thân', 'tình trạng hôn nhân'],
    to: ['tình trạng hôn nhân'],
  },
  {
    from: ['nhận cha con', 'nhận cha mẹ con', 'nhận con', 'nhận cha', 'nhận mẹ', 'nhận bố'],
    to: ['nhận cha mẹ con'],
  },
  { from: ['nhận con nuôi', 'xin con nuôi', 'con nuôi'], to: ['nuôi con nuôi'] },
  {
    from: [
      'đổi tên',
      'đổi họ',
      'đổi họ tên',
      'sửa tên',
      'thay đổi họ tên',
      'cải chính',
      'sửa giấy khai sinh',
    ],
    to: [['thay đổi', 'cải chính']],
    prefer: ['hộ tịch'],
  },
  // Residence (Luật Cư trú 2020 abolished the household book; people still say "hộ khẩu").
  { from: ['hộ khẩu', 'nhập hộ khẩu', 'đăng ký hộ khẩu', 'chuyển hộ khẩu'], to: ['thường trú'] },
  { from: ['tách hộ khẩu', 'tách khẩu', 'tách sổ hộ khẩu'], to: ['tách hộ'] },
  { from: ['ct07', 'giấy xác nhận cư trú', 'xác nhận nơi cư trú'], to: ['xác nhận thông tin về cư trú'] },
  // Judicial record
  { from: ['lltp', 'lý lịch', 'phiếu lltp', 'lý lịch tư pháp'], to: ['lý lịch tư pháp'] },
  // Household business and tax
  {
    from: ['hkd', 'hộ kd', 'hộ kinh doanh cá thể', 'kinh doanh cá thể', 'hộ cá thể', 'hộ kinh doanh'],
    to: ['hộ kinh doanh'],
  },
  {
    from: ['giải thể', 'đóng cửa hàng', 'nghỉ kinh doanh', 'ngừng kinh doanh'],
    to: [['chấm dứt', 'giải thể', 'tạm ngừng']],
  },
  { from: ['mst', 'mã số thuế', 'mã thuế'], to: [['đăng ký thuế', 'mã số thuế']], prefer: ['lần đầu'] },
  { from: ['mở công ty', 'thành lập công ty', 'công ty'], to: [['doanh nghiệp', 'công ty']] },
  // Land: the red and pink books are the land-use right certificate (Luật Đất đai 2024).
  {
    from: [
      'sổ đỏ',
      'sổ hồng',
      'bìa đỏ',
      'sổ đất',
      'gcn qsdđ',
      'gcnqsdđ',
      'giấy chứng nhận quyền sử dụng đất',
    ],
    to: ['giấy chứng nhận quyền sử dụng đất'],
    prefer: ['lần đầu'],
  },
  { from: ['sang tên sổ đỏ', 'sang tên sổ hồng', 'sang tên'], to: ['nhận chuyển nhượng'] },
  { from: ['tách sổ', 'tách thửa đất', 'tách thửa'], to: ['tách thửa'] },
  {
    from: ['lên thổ cư', 'thổ cư', 'chuyển lên thổ cư', 'chuyển đất vườn', 'chuyển mục đích'],
    to: ['chuyển mục đích sử dụng đất'],
  },
  { from: ['tranh chấp đất', 'tranh chấp đất đai'], to: ['tranh chấp đất đai'] },
  // Building (a family house is a grade III or IV work, permitted by the commune since 2025).
  {
    from: [
      'gpxd',
      'giấy phép xd',
      'phép xây dựng',
      'giấy phép xây dựng',
      'xin phép xây nhà',
      'phép xây nhà',
      'xây nhà',
      'giấy phép xây nhà',
    ],
    to: ['giấy phép xây dựng'],
    prefer: ['cấp iv'],
  },
  {
    from: ['sửa nhà', 'sửa chữa nhà', 'cải tạo nhà'],
    to: ['giấy phép xây dựng', 'sửa chữa'],
    prefer: ['cấp iv'],
  },
  // Certification: what people call notarising a copy is certification (chứng thực) at the commune.
  {
    from: [
      'sao y',
      'sao y bản chính',
      'photo công chứng',
      'bản sao công chứng',
      'công chứng bản sao',
      'chứng thực bản sao',
    ],
    to: ['chứng thực bản sao'],
  },
  { from: ['công chứng'], to: [['chứng thực', 'công chứng']] },
  {
    from: [
      'hợp đồng mua bán đất',
      'hợp đồng mua bán nhà',
      'hợp đồng chuyển nhượng',
      'mua bán đất',
      'mua bán nhà',
    ],
    to: ['giao dịch', 'quyền sử dụng đất'],
  },
  // Passport, driving licence, vehicles
  { from: ['passport', 'hộ chiếu'], to: ['hộ chiếu'] },
  {
    from: ['gplx', 'bằng lái', 'bằng lái xe', 'bằng lái xe máy', 'giấy phép lái xe'],
    to: ['giấy phép lái xe'],
  },
  { from: ['xe máy', 'xe mô tô', 'xe ô tô', 'ô tô', 'oto', 'xe hơi'], to: [['xe', 'xe máy']] },
  { from: ['biển số', 'bảng số'], to: ['biển số'] },
  // Lost or damaged: replacement, or the report of a lost passport.
  { from: ['mất', 'bị mất', 'làm mất', 'bị hỏng', 'làm hỏng', 'làm lại'], to: [['cấp lại', 'mất']] },
  { from: ['đổi'], to: [['cấp đổi', 'đổi']] },
  // Compounds that hold "đổi" or "mất" and mean something else are kept whole.
  {
    from: [
      'thay đổi',
      'sửa đổi',
      'chuyển đổi',
      'biến đổi',
      'trao đổi',
      'đổi mới',
      'mất tích',
      'mất năng lực',
    ],
  },
  // Words that, without marks, read like a filler ("lâm" → "lam", as "làm") are kept whole too.
  { from: ['lâm nghiệp', 'lâm sản', 'lâm sinh', 'lâm trường', 'lâm đồng'] },
  // Insurance abbreviations, which the catalogue itself uses in some names and not in others.
  // People asking about health insurance mostly want the card.
  {
    from: ['bhyt', 'bảo hiểm y tế'],
    to: [['bảo hiểm y tế', 'bhyt']],
    prefer: [['thẻ bảo hiểm y tế', 'thẻ bhyt']],
  },
  { from: ['bhxh', 'bảo hiểm xã hội'], to: [['bảo hiểm xã hội', 'bhxh']] },
  { from: ['bhtn', 'bảo hiểm thất nghiệp'], to: [['bhtn', 'trợ cấp thất nghiệp']] },
  { from: ['tnlđ', 'tai nạn lao động'], to: [['tai nạn lao động', 'tnlđ']] },
  { from: ['hộ nghèo', 'sổ hộ nghèo', 'cận nghèo', 'hộ cận nghèo'], to: ['hộ nghèo'] },
  // "kí" and "ký" are both correct spellings; the catalogue writes "ký".
  { from: ['kí'], to: ['ký'] },
];

/**
 * Words that say the person wants something, not what: dropped from the start of a query ("làm", "xin",
 * "thủ tục") and its end ("ở đâu", "như thế nào"). When they are all a query holds, it is kept as typed.
 */
export const SEARCH_LEADING_FILLERS: readonly string[] = [
  'tôi muốn',
  'em muốn',
  'mình muốn',
  'muốn',
  'cách',
  'hướng dẫn',
  'thủ tục',
  'làm thủ tục',
  'làm',
  'xin',
  'đi làm',
  'nộp hồ sơ',
  'hồ sơ',
  'đăng ký làm',
];

export const SEARCH_TRAILING_FILLERS: readonly string[] = [
  'ở đâu',
  'như thế nào',
  'thế nào',
  'cần gì',
  'cần những gì',
  'gồm những gì',
  'bao lâu',
  'mất bao lâu',
  'hết bao nhiêu',
  'bao nhiêu tiền',
  'online',
  'trực tuyến',
];

/** Query words that ask for something new to be issued or registered ("làm", "xin", "mở", "cấp"). */
export const SEARCH_INTENT_WORDS: readonly string[] = ['làm', 'xin', 'mở', 'cấp', 'đăng ký', 'làm thủ tục'];

/**
 * What a base procedure's name starts with: "Cấp …", "Đăng ký …", "Thủ tục đăng ký …" (the leading
 * "Thủ tục" is ignored). With an intent word, such a name ranks a little higher.
 */
export const SEARCH_BASE_LEADS: readonly string[] = ['cấp', 'đăng ký', 'thành lập'];

/**
 * A family of name wordings that mark a special case or a follow-up of a base procedure (stopping,
 * suspending, revoking, re-issuing, changing, with a foreign element, mobile, at the border, …). A procedure
 * whose name holds one ranks lower unless the query asks for it, so "đăng ký hộ kinh doanh" gives "Đăng ký
 * thành lập hộ kinh doanh" before "Dừng thực hiện thủ tục đăng ký hộ kinh doanh", and "khai sinh" gives
 * "Thủ tục đăng ký khai sinh" before "… có yếu tố nước ngoài" and "… lưu động".
 */
export interface SearchModifier {
  /** Wordings in a procedure name (whole words). */
  readonly inName: readonly string[];
  /** Query words that ask for it, besides `inName` itself. */
  readonly askedBy: readonly string[];
  /** Rank taken off a name holding it, when not asked for. */
  readonly weight: number;
}

/** Rank off for a follow-up or special case; more than a whole phrase match (40) is worth. */
const FOLLOW_UP = 50;
/** Rank off for the city-level copy of a commune procedure, or one for organisations: a light preference. */
const LIGHT = 10;

export const SEARCH_MODIFIERS: readonly SearchModifier[] = [
  {
    inName: ['dừng thực hiện', 'tạm ngừng', 'tạm dừng', 'chấm dứt', 'thu hồi', 'xóa', 'hủy', 'giải thể'],
    askedBy: ['dừng', 'ngừng', 'nghỉ', 'hủy bỏ', 'xóa'],
    weight: FOLLOW_UP,
  },
  { inName: ['cấp lại', 'đăng ký lại', 'khôi phục'], askedBy: ['lại', 'mất', 'hỏng'], weight: FOLLOW_UP },
  { inName: ['cấp đổi'], askedBy: ['đổi'], weight: FOLLOW_UP },
  {
    inName: [
      'thay đổi',
      'điều chỉnh',
      'cập nhật',
      'bổ sung',
      'hiệu đính',
      'đính chính',
      'sửa đổi',
      'cải chính',
    ],
    askedBy: ['đổi', 'sửa', 'thay'],
    weight: FOLLOW_UP,
  },
  { inName: ['gia hạn'], askedBy: [], weight: FOLLOW_UP },
  { inName: ['sửa chữa', 'cải tạo'], askedBy: ['sửa'], weight: FOLLOW_UP },
  { inName: ['bản sao'], askedBy: ['sao', 'trích lục'], weight: FOLLOW_UP },
  { inName: ['lưu động'], askedBy: [], weight: FOLLOW_UP },
  {
    // Not "nước ngoài" alone: "người … định cư ở nước ngoài" is one of those a base procedure serves.
    inName: ['yếu tố nước ngoài', 'cho người nước ngoài', 'việc người nước ngoài', 'nước láng giềng'],
    askedBy: ['nước ngoài', 'ngoại quốc', 'việt kiều', 'quốc tịch'],
    weight: FOLLOW_UP,
  },
  { inName: ['khu vực biên giới', 'biên giới'], askedBy: [], weight: FOLLOW_UP },
  { inName: ['kết hợp', 'liên thông'], askedBy: [], weight: FOLLOW_UP },
  { inName: ['ghi vào sổ'], askedBy: [], weight: FOLLOW_UP },
  { inName: ['dưới 14 tuổi', 'dưới 6 tuổi'], askedBy: ['trẻ em', 'dưới 14', 'dưới 6'], weight: FOLLOW_UP },
  { inName: ['khóa căn cước', 'mở khóa'], askedBy: ['khóa'], weight: FOLLOW_UP },
  { inName: ['trình báo mất'], askedBy: ['mất'], weight: FOLLOW_UP },
  { inName: ['tạm thời'], askedBy: [], weight: FOLLOW_UP },
  { inName: ['chuyên dùng'], askedBy: [], weight: FOLLOW_UP },
  { inName: ['theo yêu cầu của cơ quan'], askedBy: ['cơ quan', 'tố tụng'], weight: FOLLOW_UP },
  { inName: ['người dịch'], askedBy: ['dịch', 'dịch thuật', 'bản dịch'], weight: FOLLOW_UP },
  { inName: ['nhận chuyển nhượng'], askedBy: ['chuyển nhượng', 'sang tên', 'mua'], weight: FOLLOW_UP },
  {
    inName: [
      'thực hiện tại cấp tỉnh',
      'thực hiện tại cấp tinh',
      'thực hiện ở cấp tỉnh',
      'thực hiện tại cấp trung ương',
      'thực hiện tại cấp huyện',
    ],
    askedBy: ['cấp tỉnh', 'thành phố', 'trung ương', 'cấp huyện'],
    weight: LIGHT,
  },
  { inName: ['đối với tổ chức'], askedBy: ['tổ chức', 'doanh nghiệp', 'công ty'], weight: LIGHT },
];
