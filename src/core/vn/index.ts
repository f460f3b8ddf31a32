/**
 * Vietnamese identifiers and text, as pure functions (DOMAIN.md §8).
 *
 * - {@link checkPersonalId}: the 12-digit personal identification number (CCCD) against known facts.
 * - {@link checkTaxCode}: enterprise, dependent-unit and personal tax codes with the mod-11 check digit.
 * - {@link normalizePhone}: mobile and landline numbers to E.164.
 * - {@link normalizeSearchText}, {@link tokenize}, {@link SEARCH_STOPWORDS}: diacritic-insensitive search.
 *
 * Nothing here throws; problems come back as {@link Issue}s with Vietnamese and English messages.
 */
export type { Issue } from './issue.ts';
export {
  checkPersonalId,
  PERSONAL_ID_PROVINCES,
  type PersonalIdCheck,
  type PersonalIdKnown,
  type PersonalIdParts,
} from './personal-id.ts';
export { type NormalizedPhone, normalizePhone, type PhoneProblem } from './phone.ts';
export { checkTaxCode, type TaxCodeCheck, taxCheckDigit } from './tax-code.ts';
export { normalizeSearchText, SEARCH_STOPWORDS, tokenize } from './text.ts';
