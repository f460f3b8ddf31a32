const HEADER = 'Tên văn bản pháp lýMã văn bản';
const NO_INFORMATION = /^\s*(Không có thông tin|Không có|Không)?\s*\.?\s*$/;
/**
 * A legal document number: "85/2019/TT-BTC", "60/2014/QH13", "66.7/2025/NQ-CP", "20/2013/TTLT-BYT-BCT",
 * "31/2025/TT_BCA", "123/2015/NĐ -CP", and without a year "3510/QĐ-BHXH". Only a National Assembly token (QH13, UBTVQH14) ends in digits,
 * so that a number repeated right after itself ("118/2014/NĐ-CP118/2014/NĐ-CP") is read as two.
 */
const ISSUER_TOKEN = String.raw`(?:TTg|\p{Lu}*QH\d{2}|\p{Lu}+)`;
const DOCUMENT_NUMBER = new RegExp(
  String.raw`\d+(?:\.\d+)?\/(?:\d{4}\/${ISSUER_TOKEN}(?:\s?[-_–]\s?${ISSUER_TOKEN})*|\p{Lu}+(?:\s?[-_–]\s?${ISSUER_TOKEN})+)`,
  'gu',
);
/**
 * Issuer abbreviations, to find where an issuer glued to an upper-case title ends ("NĐ-CPTHÔNG TƯ…").
 */
const ISSUERS = [
  'BCA',
  'BCT',
  'BGDĐT',
  'BGTVT',
  'BKHCN',
  'BKHĐT',
  'BLĐTBXH',
  'BNG',
  'BNNMT',
  'BNNPTNT',
  'BNV',
  'BQP',
  'BTC',
  'BTNMT',
  'BTP',
  'BTTTT',
  'BVHTTDL',
  'BXD',
  'BYT',
  'CP',
  'CTN',
  'HĐND',
  'NHNN',
  'TANDTC',
  'TTCP',
  'UBND',
  'VKSNDTC',
  'VPCP',
];
/** The start of a Vietnamese syllable, marks removed: optional initial consonant(s), then a vowel. */
const SYLLABLE_START = /^(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnrstvx])?[aeiouy]/;
const TYPE_WORDS =
  /(?<=[\p{Ll}.)\d])((?:(?:Luật|Nghị định|Thông tư(?: liên tịch)?|Quyết định|Nghị quyết|Pháp lệnh|Chỉ thị|Văn bản hợp nhất)(?: số)?|số)\s*)$/u;

function startsSyllable(word: string): boolean {
  return SYLLABLE_START.test(word.toLowerCase().normalize('NFD').replace(/\p{M}/gu, ''));
}

/**
 * Where a document number found at `start`..`end` really ends. The greedy match may have taken the
 * capital that starts the next title ("TT-BTCNghị định…" → "TT-BTC"); it is given back when that
 * capital and the letters after it start a Vietnamese syllable ("Nghị") — "NĐ-CPsửa đổi" stays whole,
 * as "Psửa" starts none. Glued to an upper-case title ("NĐ-CPTHÔNG TƯ…"), the issuer is the longest
 * known abbreviation the letters start with.
 */
function numberEnd(text: string, start: number, end: number): number {
  const last = text[end - 1] ?? '';
  const next = text[end] ?? '';
  const token = /[\p{Lu}]+$/u.exec(text.slice(start, end))?.[0] ?? '';
  if (token.length > 3 && /^\s*\p{Lu}/u.test(text.slice(end)) && !/\d/.test(token)) {
    const issuer = ISSUERS.filter((i) => token.startsWith(i) && i !== token).sort(
      (a, b) => b.length - a.length,
    )[0];
    if (issuer) return end - token.length + issuer.length;
  }
  if (/\p{Lu}/u.test(last) && /\p{Ll}/u.test(next)) {
    const word = /^\p{Lu}\p{Ll}*/u.exec(text.slice(end - 1))?.[0] ?? '';
    if (startsSyllable(word)) return end - 1;
  }
  return end;
}

function entry(name: string, number: string): string {
  let title = name.replace(/\s+/g, ' ').trim();
  let code = number.replace(/\s+/g, ' ').trim();
  const type = TYPE_WORDS.exec(title);
  if (type && title.length > (type[1] as string).length) {
    code = `${(type[1] as string).trim()} ${code}`;
    title = title.slice(0, title.length - (type[1] as string).length).trim();
  }
  if (!title) return code;
  if (/^(?:Luật|Nghị định|Thông tư|Quyết định|Nghị quyết|Pháp lệnh)(?: số)?$/u.test(title))
    return `${title} ${code}`;
  const bare = number.replace(/\s+/g, '');
  return title.replace(/\s+/g, '').includes(bare) ? title : `${title} (${code})`;
}

/**
 * Splits the "Căn cứ pháp lý" table ("Tên văn bản pháp lý / Mã văn bản", flattened so that each title is
 * followed by its number with no separator) into one entry per legal document. A number closes an entry
 * when the next title starts right after it, or when it repeats the number just before it (a title that
 * is only its number: "…40/2016/NĐ-CP44/2026/NĐ-CP44/2026/NĐ-CP…"); a number inside a title ("Luật số
 * 60/2014/QH13 ngày …") does not. Text after the last number is kept as an entry of its own and reported.
 */
export function parseLegalBasis(text: string): { documents: string[]; keptRaw: boolean } {
  const body = text.startsWith(HEADER) ? text.slice(HEADER.length) : text;
  if (NO_INFORMATION.test(body)) return { documents: [], keptRaw: false };
  const documents: string[] = [];
  let cut = 0;
  let lastNumber: { start: number; end: number } | null = null;
  let previous: { end: number; number: string } | null = null;
  for (const m of body.matchAll(DOCUMENT_NUMBER)) {
    // A year glued to the number ("ngày 29/6/202443/2024/QH15", "năm 20223510/QĐ-BHXH") stays in the title.
    const glued = /^(?:19|20)\d\d(?=\d)/.test(m[0]) && (/^\d+/.exec(m[0])?.[0].length ?? 0) >= 5;
    const start = (m.index as number) + (glued ? 4 : 0);
    const end = numberEnd(body, start, (m.index as number) + m[0].length);
    const next = body[end];
    if (start < cut) continue;
    const number = body.slice(start, end).replace(/\s+/g, '');
    const repeated = previous !== null && previous.end === start && previous.number === number;
    previous = { end, number };
    // A number glued to the title before it and followed by a space and a capital is still the number
    // column ("…Bộ Tư pháp18/2026/NĐ-CP Nghị định…").
    const spacedColumn = /^\s+\p{Lu}/u.test(body.slice(end)) && !/\s/u.test(body[start - 1] ?? ' ');
    if (!repeated && !spacedColumn && next !== undefined && !/\p{L}/u.test(next)) continue;
    lastNumber = { start, end };
    documents.push(entry(body.slice(cut, start), body.slice(start, end)));
    cut = end;
  }
  const tail = body.slice(cut).replace(/\s+/g, ' ').trim();
  const keptRaw = tail.length > 0 || !text.startsWith(HEADER) || lastNumber === null;
  if (tail) documents.push(tail);
  return { documents, keptRaw };
}
