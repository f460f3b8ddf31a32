import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import { parseSubmissionReference, submissionReference } from './submission-reference.ts';

describe('submission reference', () => {
  it('stands for a range of ids holding the record, whatever the case, spaces and dashes', () => {
    for (let i = 0; i < 50; i++) {
      const id = uuidv7();
      const ref = submissionReference(id);
      expect(ref).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{5}$/);
      for (const typed of [ref, ref.toLowerCase(), ref.replaceAll('-', ' '), ref.replaceAll('-', '')]) {
        const range = parseSubmissionReference(typed)!;
        expect(id >= range.fromId && id <= range.toId).toBe(true);
        expect(id.endsWith(range.idSuffix)).toBe(true);
      }
    }
  });

  it('reads O as 0 and I, L as 1', () => {
    const id = '00000000-0000-7000-8000-000000000021';
    const ref = submissionReference(id);
    expect(ref).toBe('0000-0000-00011');
    expect(parseSubmissionReference('oooo-oooo-ooOIL')).toEqual(parseSubmissionReference(ref));
  });

  it('is not a record code nor text of another length or alphabet', () => {
    for (const bad of [
      'H13.102.01-260302-0001',
      'ABCD-EFGH-JKMN',
      'ABCD-EFGH-JKMNPQ',
      'ABCD-EFGH-JKMNU',
      'ZZZZ-ZZZZ-ZZZZZ',
    ])
      expect(parseSubmissionReference(bad), bad).toBeUndefined();
  });
});
