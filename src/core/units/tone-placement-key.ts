const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;

/**
 * A spelling key in which only the tone-mark position is ignored: each word's tone marks move to its
 * end, so "Hòa" and "Hoà" (old and new placement; the two GSO snapshots differ on 202 names) match while
 * "Hòa", "Hoa" and "Họa" stay different.
 */
export function tonePlacementKey(text: string): string {
  return text
    .normalize('NFD')
    .split(' ')
    .map((word) => word.replace(TONE_MARKS, '') + (word.match(TONE_MARKS) ?? []).join(''))
    .join(' ');
}
