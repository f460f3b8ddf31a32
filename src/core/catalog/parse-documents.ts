import { classifyDocuments } from './classify-documents.ts';
import type { CopyKind, ProcedureDocument } from './procedure-draft.ts';

/** The flattened header of each "Thành phần hồ sơ" table. */
const TABLE_HEADER = 'Tên giấy tờMẫu đơn, tờ khaiSố lượng';
/** The quantity column, always printed by the crawler as "N bản chính" with ",M bản sao" when M > 0. */
const QUANTITY = /(\d+) bản chính(?:,(\d+) bản sao)?/g;
const FILE_EXTENSION = /\.(?:docx?|pdf|xlsx?|odt|rar|zip)(?![\p{L}])/giu;
const FORM_WORD = /^(?:Mẫu|MẪU|mẫu|Mau|MAU|mau|Phụ lục|PHỤ LỤC|Phu luc|TK|Tờ khai)/u;
const GLUED_AFTER = /(?:theo (?:mẫu|Mẫu)|quy định)$/u;
const NO_INFORMATION = /^\s*(Không có thông tin|Không có|Không)?\s*\.?\s*$/;
/** What the crawler leaves between and after tables ("--", "----"). */
const SEPARATOR_ONLY = /^[\s\-–]*$/;

function isLower(c: string | undefined): boolean {
  return c !== undefined && /\p{Ll}/u.test(c);
}
function isLetterOrDigit(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}]/u.test(c);
}

/**
 * Where an attached form's file name starts inside a row ("…theo Mẫu số 09…;Mẫu số 09.docx"): the last
 * strong boundary before the first file extension — after ";" or ")", right after "theo mẫu" or "quy
 * định" glued to the file name, or at a form word ("Mẫu", "Phụ lục", "TK"…) glued to the text before it —
 * else the last weak one: after a "." that ends a word ("…định.1.5. Don…", "…Công an.NA15.pdf", not "I.1",
 * "10.QLT" or "TT.BNN"), or where a lower-case letter is glued to a capitalised word, an upper-case word or a digit
 * ("…sảnPhiếu…", "…NamVN- CAM…", "…tiếp18-Mẫu…"). −1 when there is none, so the row keeps the file name in its name.
 */
function formStart(text: string, extensionAt: number): number {
  let strong = -1;
  let weak = -1;
  for (let p = 1; p < extensionAt; p++) {
    const prev = text[p - 1];
    const cur = text[p];
    if (!isLetterOrDigit(cur)) continue;
    const wordBefore = /[^\s]*$/u.exec(text.slice(0, p - 1))?.[0] ?? '';
    if (prev === ';' || prev === ')' || GLUED_AFTER.test(text.slice(Math.max(0, p - 20), p))) strong = p;
    else if (FORM_WORD.test(text.slice(p, p + 8)) && (isLetterOrDigit(prev) || prev === '.')) strong = p;
    else if (
      prev === '.' &&
      (wordBefore.length >= 3 || /\p{Ll}/u.test(wordBefore)) &&
      !/\p{N}/u.test(wordBefore.slice(-1))
    ) {
      weak = p;
    } else if (
      isLower(prev) &&
      (/^\p{Lu}(?:\p{Ll}|\p{Lu}+[\s-])/u.test(text.slice(p)) || /\p{N}/u.test(cur ?? ''))
    ) {
      weak = p;
    }
  }
  return strong >= 0 ? strong : weak;
}

function copyKindOf(text: string, originals: number, copies: number): CopyKind | undefined {
  if (/bản chính hoặc bản sao|bản sao hoặc bản chính/i.test(text)) return 'original_or_copy';
  if (/bản sao (?:có |được )?chứng thực|bản sao y/i.test(text)) return 'certified_copy';
  if (originals > 0 && copies > 0) return 'original_and_copy';
  if (originals > 0) return 'original';
  if (copies > 0) return 'copy';
  return undefined;
}

function cleanName(text: string): string {
  return text
    .replace(/^[\s\-+*•–]+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function label(text: string): string | undefined {
  const t = text.replace(/^[\s\-–]+|[\s\-–]+$/g, '').trim();
  return t ? t.replace(/\s+/g, ' ') : undefined;
}

/** A quantity match that is part of a document's wording ("nộp 02 bản chính tờ khai"), not the column. */
function inWording(text: string, m: RegExpMatchArray): boolean {
  const digits = m[1] as string;
  const start = m.index as number;
  const after = text.slice(start + m[0].length);
  if (/^\s+\p{Ll}/u.test(after)) return true;
  return (
    m[2] === undefined && digits.length >= 2 && digits.startsWith('0') && /\s/.test(text[start - 1] ?? '')
  );
}

/**
 * Splits the flattened "Thành phần hồ sơ" tables into documents. Each table starts with the header
 * "Tên giấy tờ / Mẫu đơn, tờ khai / Số lượng" (text before it labels the rows as `group`); each row is
 * the document's name, its form file name(s) and the quantity column "N bản chính[,M bản sao]" glued
 * together. The quantity is one digit (the digits before it belong to the name: "…ngày 01/01/2026" +
 * "1 bản chính"). Text after the last row that no quantity closes is kept as a note of its own and
 * reported. Every row is then classified as a document or a note ({@link classifyDocuments}).
 */
export function parseDocuments(text: string): {
  documents: ProcedureDocument[];
  keptRaw: boolean;
  formKeptRaw: boolean;
} {
  const documents: ProcedureDocument[] = [];
  let keptRaw = false;
  let formKeptRaw = false;
  if (NO_INFORMATION.test(text)) return { documents, keptRaw, formKeptRaw };
  const tables = text.split(TABLE_HEADER);
  if (tables.length === 1) keptRaw = true;
  let group = tables.length > 1 ? label(tables[0] as string) : undefined;
  tables.slice(tables.length > 1 ? 1 : 0).forEach((table, t, all) => {
    let cut = 0;
    for (const m of table.matchAll(QUANTITY)) {
      if (inWording(table, m)) continue;
      const digits = m[1] as string;
      const nameEnd = (m.index as number) + digits.length - 1;
      const rowText = table.slice(cut, nameEnd);
      const originals = Number(digits.slice(-1));
      const copies = m[2] === undefined ? 0 : Number(m[2]);
      const raw = table.slice(cut, (m.index as number) + m[0].length);
      cut = (m.index as number) + m[0].length;
      let name = rowText;
      let form: string | undefined;
      const ext = FILE_EXTENSION.exec(rowText);
      FILE_EXTENSION.lastIndex = 0;
      if (ext) {
        const start = formStart(rowText, ext.index);
        if (start > 0) {
          name = rowText.slice(0, start);
          form = [...rowText.slice(start).matchAll(/.+?\.(?:docx?|pdf|xlsx?|odt|rar|zip)(?![\p{L}])|.+$/gisu)]
            .map((f) => f[0].trim())
            .filter(Boolean)
            .join('; ');
        } else formKeptRaw = true;
      }
      const kind = copyKindOf(rowText, originals, copies);
      documents.push({
        ...(group ? { group } : {}),
        name: cleanName(name),
        ...(form ? { form } : {}),
        quantity: originals + copies,
        originals,
        copies,
        ...(kind ? { copyKind: kind } : {}),
        raw: raw.trim(),
      });
    }
    const tail = table.slice(cut);
    if (t < all.length - 1) group = label(tail);
    else if (!NO_INFORMATION.test(tail) && !SEPARATOR_ONLY.test(tail)) {
      keptRaw = true;
      documents.push({ ...(group ? { group } : {}), name: cleanName(tail), raw: tail.trim() });
    }
  });
  return { documents: classifyDocuments(documents), keptRaw, formKeptRaw };
}
