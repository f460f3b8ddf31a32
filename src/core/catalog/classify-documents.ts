import type { ProcedureDocument } from './procedure-draft.ts';

/**
 * The published "Thành phần hồ sơ" tables mix what the applicant hands in with notes for the applicant
 * (Lưu ý…), rules for the receiving official ("Người tiếp nhận có trách nhiệm…"), cases where a paper is
 * not needed ("…thì không phải nộp bản giấy") and headings ("…các giấy tờ sau:"), each printed as a row
 * with a quantity column (usually "0 bản chính" for those, but not always). {@link classifyDocuments}
 * tells them apart from the wording; the rules were chosen by reading the whole catalogue
 * (docs/CATALOG.md, "Checklists").
 */

/** Leading list markers: "- ", "+ ", "a) ", "đ.4) ", "(1) ", "1. ", "1.2. ", "* ", "(*) ", "--". */
const LIST_MARKER =
  /^(?:[\s\-+*•–.;,:]+|\(\*\)\s*|\(?[0-9]{1,2}(?:\.[0-9]{1,2})*[).]\s*|\(?[a-zđ](?:\.[0-9]{1,2})?\)\s*|\(?[ivx]{1,4}\)\s*|[ivx]{1,4}\.\s+)+/iu;

/** Lower case, NFC, the two tone-mark placements of "oa/oe/uy" folded, list markers removed. */
export function wording(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/uỷ/g, 'ủy')
    .replace(/oá/g, 'óa')
    .replace(/oà/g, 'òa')
    .replace(/oạ/g, 'ọa')
    .replace(/oả/g, 'ỏa')
    .replace(/uý/g, 'úy')
    .replace(/\s+/g, ' ')
    .replace(LIST_MARKER, '')
    .trim();
}

/** Words a document's name starts with: the paper itself (đơn, tờ khai, giấy…, bản sao…). */
const DOCUMENT_NOUN = `(?:\\d{1,2}\\s+|một \\(?\\d*\\)?\\s*|hai \\(?\\d*\\)?\\s*|01 |02 |03 |04 |bản gốc (?:và|hoặc) |kèm theo \\d+ )?(?:${[
  'đơn',
  'tờ khai',
  'tờ trình',
  'giấy',
  'bản',
  'văn bản',
  'hợp đồng',
  'quyết định',
  'biên bản',
  'báo cáo',
  'danh sách',
  'danh mục',
  'sơ đồ',
  'sơ họa',
  'bản đồ',
  'bản vẽ',
  'ảnh',
  'hộ chiếu',
  'thẻ',
  'chứng từ',
  'chứng thư',
  'chứng chỉ',
  'chứng minh',
  'chứng nhận',
  'chứng cứ',
  'hóa đơn',
  'phiếu',
  'công văn',
  'tài liệu',
  'các tài liệu',
  'các giấy tờ',
  'các văn bản',
  'hồ sơ',
  'bảng',
  'phụ lục',
  'bằng',
  'sổ',
  'phương án',
  'kế hoạch',
  'dự án',
  'thuyết minh',
  'vận đơn',
  'vận tải đơn',
  'trích lục',
  'trích sao',
  'trích đo',
  'mảnh trích',
  'mẫu',
  'một trong',
  'lý lịch',
  'sơ yếu',
  'đề án',
  'đề cương',
  'nghị quyết',
  'điều lệ',
  'quy chế',
  'quy trình',
  'chương trình',
  'dự thảo',
  'thông báo',
  'tài khoản',
  'căn cước',
  'chứng minh nhân dân',
  'thư',
  'catalogue',
  'catalog',
  'tiêu chuẩn',
  'kết quả',
  'bộ hồ sơ',
  'bộ bản vẽ',
  'hình ảnh',
  'mô tả',
  'tệp',
  'file',
  'đĩa',
  'bản khai',
  'bản kê',
  'bảng kê',
  'tờ',
  'phim',
  'mẫu vật',
  'ý kiến',
  'xác nhận',
  'cam kết',
  'bản cam kết',
  'lịch trình',
  'tóm tắt',
  'manifest',
  'c/o',
  'invoice',
].join('|')})(?![\\p{L}])`;
const DOCUMENT_START = new RegExp(`^${DOCUMENT_NOUN}`, 'u');
/** "…: Tờ khai đăng ký…" — a paper named after a colon. */
const DOCUMENT_AFTER_COLON = new RegExp(`:[\\s\\-+*]*${DOCUMENT_NOUN}`, 'u');

/** Openings of an instruction, a note or a rule for the official, never of a document. */
const NOTE_START =
  /^(?:lưu ý|ghi chú|chú ý|chú thích|số lượng(?: hồ sơ)?|số bộ hồ sơ|bước \d|thời hạn|thời gian|người tiếp nhận|người nộp thuế không phải|người yêu cầu (?:đăng ký hộ tịch )?(?:có thể|được)|người ủy quyền và người được ủy quyền|cơ quan (?:đăng ký|tiếp nhận|có thẩm quyền|giải quyết|hải quan|thuế|quản lý)|cán bộ|công chức|khi (?:các cơ quan|đến|nhận)|nộp (?:trực tiếp|qua|theo|tại|hồ sơ)|hồ sơ (?:được |phải được )?(?:nộp|gửi|lập)|không (?:quy định|có|phải)|trường hợp (?:người yêu cầu )?(?:nộp|gửi) (?:hồ sơ )?(?:qua|trực tuyến|trên)|đối với giấy tờ|việc |\))/u;

/** Wording of a rule or an exemption, not of a paper to hand in. */
const NOTE_WORDING =
  /(?:không phải (?:nộp|xuất trình|tải lên|cung cấp|có)|không được yêu cầu|không cần (?:nộp|xuất trình)|có trách nhiệm|thì được (?:sử dụng|miễn)|được hệ thống điền tự động|phải được hợp pháp hóa|phải bảo đảm|chịu trách nhiệm trước pháp luật|thực hiện theo quy định tại)/u;

/** A case: "Trường hợp X thì phải có / nộp Y", "Đối với X: Y", "Nếu X thì Y". */
const CASE_START = /^(?:\(?\s*)?(?:trong )?(?:trường hợp|đối với|nếu|riêng)\s/u;

/** "một trong các giấy tờ sau", "một trong những giấy tờ", "một trong các tài liệu". */
const ONE_OF =
  /một trong (?:các|những|số các|hai|ba)?\s*(?:loại )?(?:giấy tờ|tài liệu|văn bản|chứng từ|giấy|loại)/u;

/** A table label or heading that names notes rather than documents. */
const NOTE_HEADING = /^(?:\*\s*)?(?:lưu ý|ghi chú|chú ý|chú thích|thời hạn)/u;

/** The quantity stated in a row's own wording ("…: 01 bản chụp", "02 bản chính"), when the column says 0. */
const WORDING_QUANTITY =
  /(\d{1,2}|một|hai|ba)\s*(?:\(\s*\p{L}+\s*\)\s*)?(bản chính|bản sao|bản chụp|bản gốc|bộ|bản)(?![\p{L}])/u;

/** The number of papers a row's wording states, or 0. */
function wordingQuantity(w: string): number {
  const m = WORDING_QUANTITY.exec(w);
  if (!m) return 0;
  const n = { một: 1, hai: 2, ba: 3 }[m[1] as 'một'] ?? Number(m[1]);
  return Number.isFinite(n) ? n : 0;
}

/**
 * The condition of a row that starts with a case ("Trường hợp trẻ em bị bỏ rơi thì phải có biên bản…"
 * → "Trường hợp trẻ em bị bỏ rơi"), when the rest asks for a paper.
 */
function caseClause(name: string): { condition: string; demand: string } | undefined {
  const m =
    /^(.{6,400}?)(?:\s+thì\s+|\s*:\s*|,\s*(?=(?:phải|nộp|kèm|hồ sơ|bổ sung|ngoài))|\s+(?=phải (?:có|nộp|kèm|gửi|bổ sung|xuất trình)))(.*)$/isu.exec(
      name,
    );
  if (!m) return undefined;
  return {
    condition: (m[1] as string).replace(/^[\s\-+*•–(]+/, '').trim(),
    demand: m[2] as string,
  };
}

const DEMANDS_PAPER =
  /(?:phải có|có thêm|(?:doanh nghiệp|tổ chức|cá nhân|nhà đầu tư|người nộp thuế|chủ đầu tư) có|phải nộp|nộp(?: thêm| bổ sung)?|kèm(?: theo)?|bổ sung|xuất trình|gửi kèm|cung cấp)\s+(?:thêm\s+)?(?:\d+\s+)?(?:bản|văn bản|giấy|biên bản|hợp đồng|quyết định|tờ khai|đơn|hồ sơ|tài liệu|các giấy tờ|các tài liệu|chứng từ|danh sách|báo cáo|sổ|ảnh|thẻ|hộ chiếu|một trong|tóm tắt|bản tóm tắt|giấy tờ|tờ khai|dự toán|trích lục)/u;

/** Whether a row reads as a heading for the rows after it ("…gồm các giấy tờ sau:", "Đối với xe công vụ gồm:"). */
function isHeading(w: string): boolean {
  return /[:：]\s*$/u.test(w) && !/\d\s*bản\s*(?:chính|sao|chụp)/u.test(w);
}

/** A label that names a case the applicant is in ("Trường hợp ủy quyền…:", "(4) Đối với trường hợp 4…"). */
export function caseOfLabel(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const w = wording(label);
  if (!w || NOTE_HEADING.test(w) || /^\(?trường hợp khai thác/u.test(w)) return undefined;
  if (CASE_START.test(w) || /^(?:hồ sơ|thành phần hồ sơ)\s+(?:đối với|của|trong|cho)\s/u.test(w))
    return label.trim();
  // "Tách hộ để đăng ký thường trú tại cùng một chỗ ở hợp pháp, hồ sơ gồm:": a situation, then its papers.
  if (/^\p{L}.{9,}?[,\s](?:thành phần )?hồ sơ (?:bao )?gồm\s*:?\s*$/u.test(w)) return label.trim();
  return undefined;
}

/**
 * Classifies each row of a parsed "Thành phần hồ sơ" as a `document` the applicant hands in or a `note`
 * (condition, instruction, rule for the official, heading), and marks alternatives and cases:
 * - rows under a label or heading saying "một trong các giấy tờ sau" share an `alternativeGroup` (the
 *   applicant hands in one of them);
 * - rows under a case label ("Trường hợp ủy quyền thực hiện thủ tục:", "(4) Đối với trường hợp 4…", "Tách
 *   hộ để đăng ký thường trú tại cùng một chỗ ở hợp pháp, hồ sơ gồm:") or
 *   a row of the form "Trường hợp X thì phải có Y" carry that `case` (needed only in that case; the
 *   applicant's situation decides);
 * - a document whose quantity column says 0 but whose wording states one ("Tờ khai hải quan: 02 bản
 *   chính") gets that quantity.
 * The published row (`raw`) is never changed; rows are kept in order. Rows already classified (with a
 * `kind`) are returned as they are.
 */
export function classifyDocuments(rows: readonly ProcedureDocument[]): ProcedureDocument[] {
  if (rows.every((r) => r.kind !== undefined)) return rows.map((r) => ({ ...r }));
  const out: ProcedureDocument[] = [];
  let openAlternative: string | undefined;
  let openAlternativeGroup: string | undefined;
  let previousGroup: string | undefined;
  for (const row of rows) {
    if (row.group !== previousGroup) {
      openAlternative = undefined;
      previousGroup = row.group;
    }
    const w = wording(row.name);
    const groupWording = wording(row.group ?? '');
    const quantity = row.quantity ?? 0;
    let kind: 'document' | 'note';
    let rowCase: string | undefined;
    if (row.kind !== undefined) kind = row.kind;
    else if (row.quantity === undefined) kind = 'note';
    else if (!w || /^[-–.\s]*$/u.test(w)) kind = 'note';
    else if (NOTE_HEADING.test(groupWording)) kind = 'note';
    else if (isHeading(w)) kind = DOCUMENT_START.test(w) && quantity > 0 ? 'document' : 'note';
    else if (/^\)\s*/u.test(w) && DOCUMENT_START.test(w.replace(/^\)\s*/u, ''))) kind = 'document';
    else if (NOTE_START.test(w)) kind = 'note';
    else if (DOCUMENT_START.test(w)) {
      kind = quantity === 0 && NOTE_WORDING.test(w) && wordingQuantity(w) === 0 ? 'note' : 'document';
    } else if (CASE_START.test(w)) {
      const clause = caseClause(row.name.replace(/^[\s\-+*•–]+/, ''));
      // Where the row first asks for a paper, and where it first states a rule or an exemption: a row
      // that asks before it exempts is a document ("…: + Tờ trình…, … có trách nhiệm…").
      const asks = Math.min(
        ...[DEMANDS_PAPER.exec(w)?.index, DOCUMENT_AFTER_COLON.exec(w)?.index].filter(
          (i): i is number => i !== undefined,
        ),
        clause !== undefined && DOCUMENT_START.test(wording(clause.demand)) ? w.length : Infinity,
      );
      const exempts = NOTE_WORDING.exec(w)?.index ?? Infinity;
      if (asks < exempts && (quantity > 0 || wordingQuantity(w) > 0)) {
        kind = 'document';
        rowCase = (clause?.condition ?? row.name.split(/[,:;]/u)[0] ?? '').replace(LIST_MARKER, '').trim();
      } else kind = 'note';
    } else kind = quantity > 0 || wordingQuantity(w) > 0 ? 'document' : 'note';

    const document: ProcedureDocument = { ...row, kind };
    if (kind === 'note') {
      if (isHeading(w) && ONE_OF.test(w)) {
        openAlternative = row.name.trim();
        openAlternativeGroup = row.group;
      } else openAlternative = undefined;
      out.push(document);
      continue;
    }
    if (quantity === 0) {
      const stated = wordingQuantity(w);
      if (stated > 0) document.quantity = stated;
    }
    const labelCase = caseOfLabel(row.group);
    const theCase = rowCase ?? labelCase;
    if (theCase) document.case = theCase;
    if (row.group && ONE_OF.test(groupWording)) document.alternativeGroup = row.group.trim();
    else if (openAlternative && openAlternativeGroup === row.group)
      document.alternativeGroup = openAlternative;
    out.push(document);
  }
  return out;
}

/**
 * The rows an applicant hands in: what forms, counters and receipts list. Stored rows without `kind` are
 * classified first; a document the published text repeats (same name, case and alternative group, as
 * when a table is printed once per channel) is listed once.
 */
export function documentsOnly(rows: readonly ProcedureDocument[]): ProcedureDocument[] {
  const seen = new Set<string>();
  return classifyDocuments(rows).filter((r) => {
    if (r.kind !== 'document') return false;
    const key = [wording(r.name), r.case ?? '', r.alternativeGroup ?? ''].join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The notes, conditions and instructions of a checklist, shown as guidance. */
export function checklistNotes(rows: readonly ProcedureDocument[]): ProcedureDocument[] {
  return classifyDocuments(rows).filter((r) => r.kind === 'note');
}
