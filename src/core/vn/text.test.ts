import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeSearchText, SEARCH_STOPWORDS, tokenize } from './text.ts';

const STOPWORD_LIST = new URL('../../../data/vn-stopwords/vietnamese-stopwords.txt', import.meta.url);

describe('normalizeSearchText', () => {
  it('folds both tone-mark placements, upper case and NFC or NFD input to the same key', () => {
    const spellings = [
      'Hòa',
      'Hoà',
      'HÒA',
      'HOÀ',
      'HOA',
      'hoa',
      'Hòa'.normalize('NFD'),
      'Hoà'.normalize('NFD'),
    ];
    expect(new Set(spellings.map(normalizeSearchText))).toEqual(new Set(['hoa']));
  });

  it('turns đ into d, drops punctuation and collapses whitespace', () => {
    expect(normalizeSearchText('  Đăng ký   khai sinh (có yếu tố nước ngoài); ĐỒNG-THÁP\t')).toBe(
      'dang ky khai sinh co yeu to nuoc ngoai dong thap',
    );
    expect(normalizeSearchText('Nghị định 123/2015/NÐ-CP')).toBe('nghi dinh 123 2015 nd cp');
    expect(normalizeSearchText('Thủy lợi — Ưu đãi')).toBe('thuy loi uu dai');
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const once = normalizeSearchText(s);
        expect(normalizeSearchText(once)).toBe(once);
      }),
    );
  });

  it('gives the same key for the NFC and NFD forms of any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(normalizeSearchText(s.normalize('NFD'))).toBe(normalizeSearchText(s.normalize('NFC')));
      }),
    );
  });

  it('gives the same key for Vietnamese words whatever their marks and case', () => {
    const letters = [
      'a',
      'ă',
      'â',
      'e',
      'ê',
      'i',
      'o',
      'ô',
      'ơ',
      'u',
      'ư',
      'y',
      'd',
      'đ',
      'n',
      'g',
      'h',
      't',
    ];
    const tones = ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
    const word = fc.array(fc.tuple(fc.constantFrom(...letters), fc.constantFrom(...tones), fc.boolean()), {
      minLength: 1,
      maxLength: 7,
    });
    fc.assert(
      fc.property(word, (chars) => {
        const marked = chars.map(([l, t, up]) => (up ? l.toUpperCase() : l) + t).join('');
        const plain = chars.map(([l]) => (l === 'đ' ? 'd' : l.normalize('NFD')[0])).join('');
        expect(normalizeSearchText(marked.normalize('NFC'))).toBe(plain);
        expect(normalizeSearchText(marked.normalize('NFD'))).toBe(plain);
      }),
    );
  });
});

describe('tokenize', () => {
  it('splits normalised text into words and gives none for blank text', () => {
    expect(tokenize('Cấp lại Giấy chứng nhận, quyền sử dụng đất')).toEqual([
      'cap',
      'lai',
      'giay',
      'chung',
      'nhan',
      'quyen',
      'su',
      'dung',
      'dat',
    ]);
    expect(tokenize(' \t ,; ')).toEqual([]);
  });
});

describe('SEARCH_STOPWORDS', () => {
  it('keeps words that tell procedures apart', () => {
    for (const w of ['cap', 'lai', 'doi', 'tu', 'co', 'tai', 'trong', 'mot', 'khai', 'sinh']) {
      expect(SEARCH_STOPWORDS.has(w)).toBe(false);
    }
  });

  it('is a small normalised subset of the MIT stop-word list', () => {
    const list = new Set(readFileSync(STOPWORD_LIST, 'utf8').split('\n').map(normalizeSearchText));
    expect(SEARCH_STOPWORDS.size).toBeLessThanOrEqual(20);
    for (const w of SEARCH_STOPWORDS) {
      expect(normalizeSearchText(w)).toBe(w);
      expect(list.has(w)).toBe(true);
    }
  });
});
