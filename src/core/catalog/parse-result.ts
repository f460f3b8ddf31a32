/**
 * A result code as the portal prints it after "Mã:" ("KQ.G15.000031", "000.00.10.G12-KQ0001", "VBTT",
 * and placeholder codes such as "rjwegefu" that some pages carry):
 * groups of capitals and digits joined by ".", "-" or "_", ending where the next result's name starts
 * (a capitalised word, a lower-case word after a digit, punctuation or the end).
 */
const RESULT_CODE = /^[A-Za-z0-9]+(?:[.\-_][A-Za-z0-9]+)*(?=\p{Lu}\p{Ll}|(?<=\d)\p{Ll}|[^\p{L}\p{N}]|$)/u;
const KEYWORDS = /Từ khóa([\s\S]*?)Mô tả([\s\S]*)$/;
const NO_INFORMATION = /^\s*(Không có thông tin)?\s*$/;

function clean(s: string): string {
  return s
    .replace(/^[\s\-–.…,;:]+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Splits the "Kết quả thực hiện" text ("Giấy khai sinhMã: KQ.G15.000031…") into result names and codes.
 * The portal's trailing "Từ khóa … Mô tả …" block is returned as `note` when it says more than "Không có
 * thông tin". `keptRaw` is true when no "Mã:" splits the text, which is then one name.
 */
export function parseResult(text: string): {
  names: string[];
  codes: string[];
  note?: string;
  keptRaw: boolean;
} {
  let body = text;
  let note: string | undefined;
  const kw = KEYWORDS.exec(text);
  if (kw) {
    body = text.slice(0, kw.index);
    const parts = [kw[1], kw[2]].map((p) => (p ?? '').trim()).filter((p) => !NO_INFORMATION.test(p));
    if (parts.length) note = parts.join(' — ');
  }
  const names: string[] = [];
  const codes: string[] = [];
  const segments = body.split(/Mã:\s*/);
  let pending = segments[0] ?? '';
  for (const seg of segments.slice(1)) {
    const code = RESULT_CODE.exec(seg)?.[0];
    if (code === undefined) {
      pending += `Mã: ${seg}`;
      continue;
    }
    const name = clean(pending);
    if (name) names.push(name);
    codes.push(code);
    pending = seg.slice(code.length);
  }
  const last = clean(pending);
  if (last) names.push(last);
  return { names, codes, ...(note ? { note } : {}), keptRaw: codes.length === 0 && names.length > 0 };
}
