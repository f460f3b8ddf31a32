/**
 * An amount of đồng in Vietnamese words, as a receipt writes it under the figure ("Bằng chữ: …"): the
 * northern reading used in official documents (nghìn, linh, mươi, mốt, tư, lăm).
 */
const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];
const GROUPS = ['', 'nghìn', 'triệu', 'tỷ', 'nghìn tỷ', 'triệu tỷ'];

/** Three digits (0–999) in words; `full`: a group after a higher one reads its hundreds and "linh". */
function triple(n: number, full: boolean): string {
  const h = Math.floor(n / 100);
  const t = Math.floor((n % 100) / 10);
  const u = n % 10;
  const words: string[] = [];
  if (h > 0 || full) words.push(DIGITS[h]!, 'trăm');
  if (t === 0) {
    if (u > 0 && (h > 0 || full)) words.push('linh');
  } else if (t === 1) words.push('mười');
  else words.push(DIGITS[t]!, 'mươi');
  if (u > 0) {
    if (u === 1 && t > 1) words.push('mốt');
    else if (u === 4 && t > 1) words.push('tư');
    else if (u === 5 && t > 0) words.push('lăm');
    else words.push(DIGITS[u]!);
  }
  return words.join(' ');
}

/** "Một trăm năm mươi nghìn đồng" for 150000; whole đồng from 0 to under 10^18. */
export function amountInWords(amountVnd: number): string {
  if (!Number.isSafeInteger(amountVnd) || amountVnd < 0) throw new RangeError(`Not an amount: ${amountVnd}`);
  if (amountVnd === 0) return 'Không đồng';
  const groups: number[] = [];
  for (let n = amountVnd; n > 0; n = Math.floor(n / 1000)) groups.push(n % 1000);
  const parts: string[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i]!;
    if (g === 0) continue;
    const full = i < groups.length - 1;
    parts.push(triple(g, full), GROUPS[i]!);
  }
  const text = `${parts.filter(Boolean).join(' ')} đồng`.replace(/\s+/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
