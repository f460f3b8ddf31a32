import { formatIsoDate, type IsoDate, isIsoDate } from '../calendar/index.ts';

/** An agency's electronic identifier code: dot-separated segments such as `H13.101.01` or `000.00.31.H29`. */
const AGENCY_CODE = /^[A-Z0-9]+(?:\.[A-Z0-9]+)*$/;
const RECORD_CODE = /^([A-Z0-9]+(?:\.[A-Z0-9]+)*)-(\d{2})(\d{2})(\d{2})-(\d{4,})$/;

/** The parts of a record code. */
export interface RecordCodeParts {
  readonly agencyCode: string;
  /** The reception day in Vietnam. */
  readonly receptionDate: IsoDate;
  /** The sequence within the receiving agency and day, from 1. */
  readonly sequence: number;
}

/**
 * The record code (mã số hồ sơ) `<agency code>-YYMMDD-NNNN`, e.g. `H13.101.01-260302-0001`: the receiving
 * agency's identifier, the reception day and the sequence within that agency and day, at least 4 digits
 * and longer when needed (Decree 61/2018 art. 26; Circular 01/2018 art. 19; Circular 03/2025 art. 13 cl. 3
 * as added by Circular 04/2025: "minimum 4 digits, variable length"; DOMAIN.md §4.1). The sequence itself is
 * allocated by the database, transactionally per (agency, day). The code never changes afterwards.
 * @throws RangeError when the agency code is not dot-separated capitals and digits, the date is not a day of
 *   2000–2099 (YY would be ambiguous), or the sequence is not a positive safe integer.
 */
export function formatRecordCode(agencyCode: string, receptionDate: IsoDate, sequence: number): string {
  if (!AGENCY_CODE.test(agencyCode)) throw new RangeError(`Not an agency identifier code: ${agencyCode}`);
  if (!isIsoDate(receptionDate) || !receptionDate.startsWith('20')) {
    throw new RangeError(`The reception date must be a day of 2000–2099: ${receptionDate}`);
  }
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    throw new RangeError(`The daily sequence must be a positive integer: ${sequence}`);
  }
  const yymmdd = receptionDate.slice(2).replaceAll('-', '');
  return `${agencyCode}-${yymmdd}-${String(sequence).padStart(4, '0')}`;
}

/**
 * The parts of a record code written by {@link formatRecordCode}, or undefined when it is not one: wrong
 * shape, a day that does not exist, sequence 0, or zero padding beyond 4 digits (so each record has one
 * spelling). Years are read as 20YY.
 */
export function parseRecordCode(code: string): RecordCodeParts | undefined {
  const m = RECORD_CODE.exec(code);
  if (!m) return undefined;
  const [, agencyCode, yy, mm, dd, seq] = m as unknown as [string, string, string, string, string, string];
  const sequence = Number(seq);
  if (!Number.isSafeInteger(sequence) || sequence < 1) return undefined;
  if (seq.length > 4 && seq.startsWith('0')) return undefined;
  const candidate = `20${yy}-${mm}-${dd}`;
  if (!isIsoDate(candidate)) return undefined;
  return { agencyCode, receptionDate: formatIsoDate(Number(`20${yy}`), Number(mm), Number(dd)), sequence };
}

/** True when `code` is a record code in the legal format ({@link parseRecordCode}). */
export function isRecordCode(code: string): boolean {
  return parseRecordCode(code) !== undefined;
}

/** Dashes people type or paste instead of the hyphen-minus: hyphen, non-breaking hyphen, en and em dash, minus. */
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D_/]/g;
/** A record code as typed: any case, spaces or dashes between the parts, commas for dots, a short sequence. */
const TYPED_RECORD_CODE = /^([A-Z0-9]+(?:\s*[.,]\s*[A-Z0-9]+)*)[\s-]+(\d{6})[\s-]*(\d+)$/;

/**
 * The record code a person meant, in its one written form ({@link formatRecordCode}), or undefined when the
 * text is not a record code however typed: lower case, spaces or other dashes instead of hyphens or around
 * them, commas for the dots of the agency code, and a sequence with fewer or more leading zeros
 * ("h13.101.01 260302 12" → "H13.101.01-260302-0012") all read as the code written on the slip.
 */
export function readTypedRecordCode(typed: string): string | undefined {
  const text = typed.normalize('NFKC').toUpperCase().replace(DASHES, '-').trim();
  const m = TYPED_RECORD_CODE.exec(text);
  if (!m) return undefined;
  const [, agency, day, seq] = m as unknown as [string, string, string, string];
  const sequence = Number(seq);
  if (!Number.isSafeInteger(sequence) || sequence < 1) return undefined;
  const code = `${agency.replace(/\s+/g, '').replaceAll(',', '.')}-${day}-${String(sequence).padStart(4, '0')}`;
  return isRecordCode(code) ? code : undefined;
}
