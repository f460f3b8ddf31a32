import type { FeeLine, ProcedureChannel, TimeLimit, TimeUnit } from './procedure-draft.ts';
import type { RawChannel } from './raw-procedure.ts';

const METHODS: Readonly<Record<string, ProcedureChannel['channel']>> = {
  'Trực tiếp': 'in_person',
  'Trực tuyến': 'online',
  'Dịch vụ bưu chính': 'post',
};

const UNITS: Readonly<Record<string, TimeUnit>> = {
  'ngày làm việc': 'working_days',
  ngày: 'days',
  'giờ làm việc': 'working_hours',
  giờ: 'hours',
  tháng: 'months',
};

/** A row's time cell as the portal prints it: a number and a unit, a bare number, or a "no" phrase. */
const TIME_CELL = /^(\d+)\s*(Ngày làm việc|Ngày|Giờ làm việc|Giờ|Tháng)/;
const NO_TIME_CELL = /^(Không có thông tin|Không phải trả kết quả cho người nộp thuế|Không quy định|Không)/;
const CURRENCY = /^\s*(Việt Nam Đồng|VNĐ|VND|Đồng|đồng|USD)/;
const AMOUNT = /^(\d{1,3}(?:,\d{3})+|\d+)/;
/** A row that starts like none of these is the tail of the previous row, cut at a "Trực …" word. */
const ROW_START = /^(\d|Không|Miễn phí)/;
const DURATION = /(\d+)\s*(?:\([^)]*\)\s*)?(ngày làm việc|ngày|giờ làm việc|giờ|tháng)(?![\p{L}])/giu;
/** Same-day wording: "ngay trong ngày", "(received) sau 15 giờ" → next working day (DOMAIN.md §7.1). */
const SAME_DAY = /ngay trong ngày|sau 15 giờ|trả kết quả (?:ngay )?trong ngày/i;

/** What `parseChannels` could not structure, for the parse report. */
export interface ChannelParseNotes {
  /** A channel row whose time cell was unreadable or a bare number with no unit to be found. */
  readonly timeKeptRaw: boolean;
  /** Some row showed a time limit (as opposed to "Không có thông tin"). */
  readonly timeShown: boolean;
  /** A fee cell that was unreadable, or an amount whose đồng value is uncertain. */
  readonly feesKeptRaw: boolean;
  /** A row start that was neither time nor fee (a spurious first row). */
  readonly rowsKeptRaw: boolean;
}

function currencyOf(word: string): 'VND' | 'USD' {
  return word === 'USD' ? 'USD' : 'VND';
}

/** Index just after the bracket group opening at `from`, or the end of `s` when it never closes. */
function closeParen(s: string, from: number): number {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) return i + 1;
  }
  return s.length;
}

/** Numbers written in a fee description, with "." or "," thousands separators or none. */
function amountsIn(text: string): number[] {
  return [...text.matchAll(/\d{1,3}(?:[.,]\d{3})+|\d+/g)].map((m) => Number(m[0].replace(/[.,]/g, '')));
}

/**
 * The đồng amount of a VND fee, when certain. Amounts of 1,000 đồng or more are taken as published.
 * Smaller ones are entered in thousands on some portal pages ("20 VNĐ (20.000 vnđ/tờ khai)"), so they
 * count only when the fee's own wording names the amount in thousands or in units.
 */
function certainVnd(amount: number, wording: string): number | undefined {
  if (amount >= 1000 || amount === 0) return amount;
  const named = amountsIn(wording);
  if (named.includes(amount * 1000)) return amount * 1000;
  return undefined;
}

interface FeeCell {
  readonly fee: FeeLine | null;
  readonly rest: string;
  readonly recognised: boolean;
  readonly certain: boolean;
}

function feeCell(s: string, amountDigits?: string): FeeCell {
  let head: string;
  let after: string;
  let amount: number | undefined;
  let currency: 'VND' | 'USD' | undefined;
  if (amountDigits !== undefined) {
    const cur = CURRENCY.exec(s);
    if (!cur) return { fee: null, rest: s, recognised: false, certain: false };
    amount = Number(amountDigits.replace(/,/g, ''));
    currency = currencyOf(cur[1] as string);
    head = `${amountDigits}${cur[0]}`;
    after = s.slice(cur[0].length);
  } else if (s.startsWith('Miễn phí')) {
    head = 'Miễn phí';
    after = s.slice(head.length);
  } else if (s.startsWith('Không có thông tin')) {
    return { fee: null, rest: s.slice('Không có thông tin'.length), recognised: true, certain: true };
  } else {
    const m = AMOUNT.exec(s);
    const cur = m ? CURRENCY.exec(s.slice(m[0].length)) : null;
    if (!m || !cur) return { fee: null, rest: s, recognised: false, certain: false };
    return feeCell(s.slice(m[0].length), m[0]);
  }
  let wording = '';
  if (after.startsWith('(')) {
    const end = closeParen(after, 0);
    wording = after.slice(0, end);
    after = after.slice(end);
  }
  const text = `${head.trim()}${wording}`;
  if (amount === undefined)
    return { fee: { text, free: true }, rest: after, recognised: true, certain: true };
  const amountVnd = currency === 'VND' ? certainVnd(amount, wording) : undefined;
  const fee: FeeLine = {
    ...(amountVnd === undefined ? {} : { amountVnd }),
    amount,
    ...(currency ? { currency } : {}),
    text,
    free: amount === 0,
  };
  return { fee, rest: after, recognised: true, certain: currency === 'USD' || amountVnd !== undefined };
}

/**
 * Splits a bare number glued to a fee amount. The portal prints a time with no unit as just its number
 * and the fee right after it, so "120 VNĐ(20.000 vnđ/tờ khai)" is time 1 and fee 20, and "1100,000 VNĐ" is
 * time 1 and fee 100,000. Every such case in the data has a one-digit time; the whole number is kept as
 * the fee only when the fee wording names exactly that amount.
 */
function splitGluedTime(digits: string, after: string): { time: string | null; amount: string } {
  const whole = Number(digits.replace(/,/g, ''));
  const wording = after.startsWith('(') ? after.slice(0, closeParen(after, 0)) : '';
  const remainder = digits.slice(1);
  if (amountsIn(wording).includes(whole) || !/^[1-9]/.test(remainder)) return { time: null, amount: digits };
  return { time: digits.slice(0, 1), amount: remainder };
}

function unitOf(word: string): TimeUnit {
  return UNITS[word.toLowerCase()] as TimeUnit;
}

/** The single duration a description states ("trong thời hạn 05 ngày làm việc"), if it states one. */
function durationIn(text: string, value?: number): TimeLimit | null {
  const found = new Map<string, TimeLimit>();
  for (const m of text.matchAll(DURATION)) {
    const v = Number(m[1]);
    if (v <= 0 || (value !== undefined && v !== value)) continue;
    const limit = { value: v, unit: unitOf(m[2] as string) };
    found.set(`${limit.value} ${limit.unit}`, limit);
  }
  return found.size === 1 ? ([...found.values()][0] as TimeLimit) : null;
}

/** Rows cut at a "Trực tuyến"/"Trực tiếp" inside a description are joined back to the row they came from. */
function joinSpuriousRows(rows: readonly RawChannel[]): RawChannel[] {
  const out: RawChannel[] = [];
  for (const row of rows) {
    const prev = out[out.length - 1];
    if (prev && (!ROW_START.test(row.raw) || !METHODS[row.method.trim()])) {
      out[out.length - 1] = { ...prev, raw: `${prev.raw}${row.method}${row.raw}` };
    } else out.push(row);
  }
  return out;
}

/**
 * Parses the crawler's split of the "Cách thức thực hiện" table into channels with a time limit and
 * fee lines. Rules, in order, for each row (`raw` = time cell, fee cell, description, run together):
 * 1. A row that starts with neither a number, "Không…" nor "Miễn phí" is the tail of the previous row.
 * 2. Time cell: "N Ngày làm việc|Ngày|Giờ|Tháng" → working_days|days|hours|months ("Giờ" becomes
 *    working_hours when the description says "N giờ làm việc"); "Không có thông tin" and other "Không…"
 *    phrases → no time. A bare number (the portal's unit "OTHER") takes its unit from the description
 *    when it states that same number with a unit; a bare 1 with same-day wording in the description or
 *    the steps ("ngay trong ngày", "sau 15 giờ … ngày làm việc tiếp theo") is `same_day`; otherwise it is kept raw.
 * 3. With no time cell, a description stating exactly one duration supplies it.
 * 4. Fee cell: "Miễn phí" (free), "Không có thông tin" (no line) or "amount currency", each with its
 *    bracketed wording. See `certainVnd` for amounts under 1,000 đồng.
 * Nothing is dropped: each channel keeps its whole row in `raw`.
 */
export function parseChannels(
  rows: readonly RawChannel[],
  stepsText = '',
): { channels: ProcedureChannel[]; notes: ChannelParseNotes } {
  let timeKeptRaw = false;
  let timeShown = false;
  let feesKeptRaw = false;
  let rowsKeptRaw = false;
  const channels: ProcedureChannel[] = [];
  for (const row of joinSpuriousRows(rows)) {
    const channel = METHODS[row.method.trim()];
    const raw = `${row.method}${row.raw}`;
    if (!channel) {
      rowsKeptRaw = true;
      continue;
    }
    const s = row.raw.trim();
    let time: TimeLimit | null = null;
    let timeRaw: string | null = null;
    let bareValue: number | null = null;
    let fee: FeeCell;
    const unitCell = TIME_CELL.exec(s);
    const noCell = unitCell ? null : NO_TIME_CELL.exec(s);
    if (unitCell) {
      timeRaw = unitCell[0];
      time = { value: Number(unitCell[1]), unit: unitOf(unitCell[2] as string) };
      fee = feeCell(s.slice(unitCell[0].length));
    } else if (noCell) {
      const phrase = noCell[1] as string;
      // "Không có thông tin" is also how an empty fee cell reads: the time cell is empty only when a fee
      // cell still follows.
      const rest = s.slice(phrase.length);
      timeRaw = phrase;
      fee = feeCell(rest);
      if (!fee.recognised && phrase === 'Không có thông tin') fee = feeCell(s);
    } else {
      const digits = /^\d+(?:,\d{3})*/.exec(s)?.[0];
      if (digits === undefined) {
        rowsKeptRaw = true;
        fee = { fee: null, rest: s, recognised: false, certain: false };
      } else {
        const after = s.slice(digits.length);
        if (CURRENCY.test(after)) {
          const split = splitGluedTime(digits, after.replace(CURRENCY, ''));
          timeRaw = split.time;
          if (split.time !== null) bareValue = Number(split.time);
          fee = feeCell(after, split.amount);
        } else {
          timeRaw = digits;
          bareValue = Number(digits.replace(/,/g, ''));
          fee = feeCell(after);
        }
      }
    }
    const description = fee.rest.trim() || null;
    if (
      time?.unit === 'hours' &&
      description &&
      durationIn(description, time.value)?.unit === 'working_hours'
    ) {
      time = { value: time.value, unit: 'working_hours' };
    }
    if (bareValue !== null && bareValue > 0) {
      time = durationIn(description ?? '', bareValue);
      if (!time && bareValue === 1 && SAME_DAY.test(`${description ?? ''}\n${stepsText}`)) {
        time = { value: 1, unit: 'same_day' };
      }
      if (!time) timeKeptRaw = true;
    } else if (bareValue === 0) timeKeptRaw = true;
    if (!time && timeRaw === 'Không có thông tin' && description) time = durationIn(description);
    if (time || bareValue !== null) timeShown = true;
    if (!fee.recognised || !fee.certain) feesKeptRaw = true;
    channels.push({ channel, time, timeRaw, fees: fee.fee ? [fee.fee] : [], description, raw });
  }
  return { channels, notes: { timeKeptRaw, timeShown, feesKeptRaw, rowsKeptRaw } };
}
