/**
 * VietQR: the NAPAS bank-transfer QR payload, an EMVCo merchant-presented QR code (DOMAIN.md §9.1,
 * docs/FEES.md "VietQR"). Pure: build a payload for a transfer to an agency's account with the amount and
 * the record code as its reference, and read one back with its CRC checked.
 *
 * Layout (each data object is ID (2 digits), length (2 digits), value):
 * `00` payload format "01" · `01` point of initiation "11" static / "12" dynamic (one payment, with amount) ·
 * `38` merchant account: {`00` GUID "A000000727", `01` beneficiary {`00` bank BIN (6 digits), `01` account or
 * card number}, `02` service "QRIBFTTA" (to an account) / "QRIBFTTC" (to a card)} · `53` currency "704" ·
 * `54` amount · `58` country "VN" · `62` additional data {`08` purpose: the transfer's reference} ·
 * `63` CRC-16/CCITT-FALSE over everything before its value, "6304" included (4 upper-case hex digits).
 */

/** NAPAS's globally unique identifier in tag 38-00. */
export const NAPAS_GUID = 'A000000727';

/** Service codes of tag 38-02: transfer to an account, or to a card. */
export type VietQrService = 'QRIBFTTA' | 'QRIBFTTC';

/** What a VietQR payload says. */
export interface VietQr {
  /** `static` (reusable, "11") or `dynamic` (one payment, "12"): a payload with an amount is dynamic. */
  readonly initiation: 'static' | 'dynamic';
  /** The beneficiary bank's NAPAS BIN (6 digits, e.g. 970436). */
  readonly bin: string;
  /** The beneficiary account (QRIBFTTA) or card number (QRIBFTTC). */
  readonly account: string;
  readonly service: VietQrService;
  /** Whole đồng; absent in a static payload without amount. */
  readonly amountVnd?: number;
  /** Tag 62-08, the purpose of the transfer: the record code, which the bank carries into the statement. */
  readonly reference?: string;
}

/** Why a payload was refused (build) or could not be read (parse). */
export type VietQrProblem =
  | 'bin'
  | 'account'
  | 'amount'
  | 'reference'
  | 'syntax'
  | 'crc'
  | 'format'
  | 'merchant'
  | 'currency'
  | 'country';

export class VietQrError extends Error {
  readonly problem: VietQrProblem;
  constructor(problem: VietQrProblem, message: string) {
    super(message);
    this.problem = problem;
    this.name = 'VietQrError';
  }
}

/**
 * CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor) of the UTF-8 bytes, as four
 * upper-case hex digits (EMVCo QR specification §4.7.3). Check value: "123456789" → "29B1".
 */
export function crc16CcittFalse(text: string): string {
  let crc = 0xffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

function tlv(id: string, value: string): string {
  if (value.length > 99) throw new VietQrError('syntax', `data object ${id} is longer than 99 characters`);
  return `${id}${String(value.length).padStart(2, '0')}${value}`;
}

/**
 * The characters a reference may hold: the record code's (capitals, digits, "." and "-") plus letters and
 * spaces, in ASCII, since banks drop or mangle other characters in a transfer's description.
 */
const REFERENCE = /^[A-Za-z0-9 .-]{1,25}$/;

/**
 * The payload of a transfer of `amountVnd` to `account` at bank `bin` with `reference` (the record code).
 * With an amount the payload is dynamic ("12"), without one static ("11").
 * @throws VietQrError `bin` (not 6 digits), `account` (1–19 letters or digits), `amount` (not a whole
 *   number of đồng from 1 to 13 digits), `reference` (not 1–25 ASCII letters, digits, spaces, "." or "-").
 */
export function buildVietQr(
  input: Omit<VietQr, 'initiation' | 'service'> & { service?: VietQrService },
): string {
  const { bin, account, amountVnd, reference } = input;
  const service = input.service ?? 'QRIBFTTA';
  if (!/^\d{6}$/.test(bin)) throw new VietQrError('bin', 'the bank BIN is 6 digits');
  if (!/^[A-Za-z0-9]{1,19}$/.test(account))
    throw new VietQrError('account', 'the account is 1–19 letters or digits');
  if (
    amountVnd !== undefined &&
    (!Number.isSafeInteger(amountVnd) || amountVnd < 1 || amountVnd > 9_999_999_999_999)
  ) {
    throw new VietQrError('amount', 'the amount is a whole number of đồng, at most 13 digits');
  }
  if (reference !== undefined && !REFERENCE.test(reference)) {
    throw new VietQrError('reference', 'the reference is 1–25 ASCII letters, digits, spaces, "." or "-"');
  }
  const merchant =
    tlv('00', NAPAS_GUID) + tlv('01', tlv('00', bin) + tlv('01', account)) + tlv('02', service);
  const body =
    tlv('00', '01') +
    tlv('01', amountVnd === undefined ? '11' : '12') +
    tlv('38', merchant) +
    tlv('53', '704') +
    (amountVnd === undefined ? '' : tlv('54', String(amountVnd))) +
    tlv('58', 'VN') +
    (reference === undefined ? '' : tlv('62', tlv('08', reference))) +
    '6304';
  return body + crc16CcittFalse(body);
}

/** The data objects of a TLV string, in order. @throws VietQrError `syntax` */
export function readTlv(text: string): { id: string; value: string }[] {
  const out: { id: string; value: string }[] = [];
  let at = 0;
  while (at < text.length) {
    const head = text.slice(at, at + 4);
    if (!/^\d{4}$/.test(head)) throw new VietQrError('syntax', `no data object at position ${at}`);
    const length = Number(head.slice(2));
    const value = text.slice(at + 4, at + 4 + length);
    if (value.length !== length)
      throw new VietQrError('syntax', `data object ${head.slice(0, 2)} is cut short`);
    out.push({ id: head.slice(0, 2), value });
    at += 4 + length;
  }
  return out;
}

function only(objects: { id: string; value: string }[], id: string): string | undefined {
  return objects.find((o) => o.id === id)?.value;
}

/**
 * Reads a VietQR payload: checks its CRC (tag 63, last), its format version, NAPAS merchant account
 * (tag 38 with GUID A000000727, BIN, account, service code), currency 704 and country VN; returns its fields.
 * Tags it does not use (52 merchant category, 59 name…) are allowed and ignored.
 * @throws VietQrError `syntax`, `crc`, `format`, `merchant`, `currency`, `country`, `amount`
 */
export function parseVietQr(payload: string): VietQr {
  const crcAt = payload.length - 8;
  if (crcAt < 0 || payload.slice(crcAt, crcAt + 4) !== '6304') {
    throw new VietQrError('crc', 'the payload does not end with its CRC (tag 63)');
  }
  const expected = crc16CcittFalse(payload.slice(0, crcAt + 4));
  if (payload.slice(crcAt + 4).toUpperCase() !== expected) {
    throw new VietQrError('crc', `the CRC is ${payload.slice(crcAt + 4)}, the content gives ${expected}`);
  }
  const top = readTlv(payload.slice(0, crcAt));
  if (top[0]?.id !== '00' || top[0].value !== '01')
    throw new VietQrError('format', 'tag 00 must come first with 01');
  const initiation = only(top, '01');
  if (initiation !== undefined && initiation !== '11' && initiation !== '12') {
    throw new VietQrError('format', 'tag 01 is 11 (static) or 12 (dynamic)');
  }
  const merchantText = only(top, '38');
  if (merchantText === undefined) throw new VietQrError('merchant', 'no merchant account (tag 38)');
  const merchant = readTlv(merchantText);
  if (only(merchant, '00') !== NAPAS_GUID)
    throw new VietQrError('merchant', `tag 38-00 is not ${NAPAS_GUID}`);
  const beneficiary = readTlv(only(merchant, '01') ?? '');
  const bin = only(beneficiary, '00');
  const account = only(beneficiary, '01');
  const service = only(merchant, '02');
  if (!bin || !/^\d{6}$/.test(bin)) throw new VietQrError('merchant', 'tag 38-01-00 is not a 6-digit BIN');
  if (!account) throw new VietQrError('merchant', 'tag 38-01-01 (account) is missing');
  if (service !== 'QRIBFTTA' && service !== 'QRIBFTTC') {
    throw new VietQrError('merchant', 'tag 38-02 is not QRIBFTTA or QRIBFTTC');
  }
  if (only(top, '53') !== '704') throw new VietQrError('currency', 'the currency (tag 53) is not 704 (VND)');
  if (only(top, '58') !== 'VN') throw new VietQrError('country', 'the country (tag 58) is not VN');
  const amountText = only(top, '54');
  if (amountText !== undefined && !/^\d{1,13}$/.test(amountText)) {
    throw new VietQrError('amount', 'the amount (tag 54) is not a whole number of đồng');
  }
  const additional = only(top, '62');
  const reference = additional === undefined ? undefined : only(readTlv(additional), '08');
  return {
    initiation: initiation === '12' ? 'dynamic' : 'static',
    bin,
    account,
    service,
    ...(amountText === undefined ? {} : { amountVnd: Number(amountText) }),
    ...(reference === undefined ? {} : { reference }),
  };
}
