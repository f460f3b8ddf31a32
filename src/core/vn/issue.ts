/**
 * One finding of a validator, with messages in Vietnamese (shown first) and English. `code` is stable
 * (`personal_id.format`, `tax_code.check_digit`, ...) so a caller can map it to a field error.
 */
export interface Issue {
  readonly code: string;
  readonly message_vi: string;
  readonly message_en: string;
}
