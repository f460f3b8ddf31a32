/**
 * Bank transfers (issue 18): the citizen transfers the fee with the record code in the transfer's reference
 * (the VietQR code carries it; banks often drop dots, dashes and spaces and add their own words). Pure rules
 * to find which record a transfer pays.
 */

/** The reference Motcua asks the citizen (and the VietQR code) to put on a transfer for a record. */
export function transferReference(recordCode: string): string {
  return `MOTCUA ${recordCode}`;
}

/** Upper-case letters and digits only: what survives every bank's rewriting of a reference. */
export function compact(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}

/**
 * The record code among `candidates` whose letters and digits appear in the reference, or undefined. When
 * several do (one code's compact form inside another's), the longest wins; a tie is ambiguous: undefined.
 */
export function findRecordCode(reference: string, candidates: Iterable<string>): string | undefined {
  const ref = compact(reference);
  let best: string | undefined;
  let bestLength = 0;
  let tie = false;
  for (const code of candidates) {
    const c = compact(code);
    if (c.length === 0 || !ref.includes(c)) continue;
    if (c.length > bestLength) {
      best = code;
      bestLength = c.length;
      tie = false;
    } else if (c.length === bestLength && code !== best) tie = true;
  }
  return tie ? undefined : best;
}
