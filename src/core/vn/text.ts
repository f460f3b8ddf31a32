const COMBINING_MARKS = /\p{M}/gu;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;
// Đ/đ have no decomposition in Unicode, so NFD leaves them; Ð (U+00D0, Icelandic eth) appears by
// mistake in published codes such as "NÐ-CP" and is folded the same way.
const D_STROKE = /[đĐÐð]/g;

/**
 * The form of Vietnamese text used for search keys: lower case, tone and vowel marks removed, đ → d,
 * punctuation turned into spaces and whitespace collapsed. "Hòa", "Hoà" (old and new tone placement),
 * "HOA" and their NFC or NFD spellings all give "hoa". Idempotent.
 */
export function normalizeSearchText(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(D_STROKE, 'd')
    .replace(NOT_LETTER_OR_DIGIT, ' ')
    .trim();
}

/** The normalized words of `s` ({@link normalizeSearchText}), in order, duplicates kept. */
export function tokenize(s: string): string[] {
  const normalized = normalizeSearchText(s);
  return normalized ? normalized.split(' ') : [];
}

/**
 * Normalized words that rank lower in catalog search but are never removed from a query. A hand-picked
 * subset of the MIT list in `data/vn-stopwords` (Van-Duyet Le): that list is generic and also holds words
 * that tell procedures apart ("cấp", "lại": "Cấp lại…", "Đăng ký lại khai sinh"), and without marks many
 * of its words collide with content words (có/cơ → "co", tại/tài → "tai", đổi/đối → "doi",
 * tử/từ → "tu", đo/do → "do", trồng/trong → "trong"), so only words with no such collision in procedure
 * names are kept here.
 */
export const SEARCH_STOPWORDS: ReadonlySet<string> = new Set([
  'cac', // các
  'cho', // cho
  'cua', // của
  'duoc', // được
  'hoac', // hoặc
  'nay', // này
  'nhung', // những
  'theo', // theo
  'tren', // trên
  'va', // và
  've', // về
  'voi', // với
]);
