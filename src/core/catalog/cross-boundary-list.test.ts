import { describe, expect, it } from 'vitest';
import { readCrossBoundaryList, unknownCodeIssues } from './cross-boundary-list.ts';

/** The shape of a city's published list: title rows, a header, section rows without a code. */
const PUBLISHED = [
  ['ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ'],
  ['DANH MỤC THỦ TỤC HÀNH CHÍNH TIẾP NHẬN KHÔNG PHỤ THUỘC ĐỊA GIỚI HÀNH CHÍNH'],
  [],
  ['STT', 'Mã TTHC', 'Tên thủ tục hành chính', 'Lĩnh vực', 'Ghi chú'],
  ['A', '', 'THỦ TỤC CẤP XÃ'],
  ['1', '1.001193', 'Thủ tục đăng ký khai sinh', 'Hộ tịch', ''],
  ['2', ' 1.012796 ', 'Đính chính Giấy chứng nhận', 'Đất đai', 'Một phần'],
  ['3', '1.001193', 'Thủ tục đăng ký khai sinh (lặp)', 'Hộ tịch', ''],
];

describe('readCrossBoundaryList', () => {
  it('finds the header under the title, skips section rows, keeps a code once with its sheet row', () => {
    const r = readCrossBoundaryList(PUBLISHED);
    expect(r).toEqual({
      ok: true,
      headerRow: 4,
      items: [
        { rowNo: 6, code: '1.001193', name: 'Thủ tục đăng ký khai sinh', notes: null },
        { rowNo: 7, code: '1.012796', name: 'Đính chính Giấy chứng nhận', notes: 'Một phần' },
      ],
    });
  });

  it('accepts the other spellings of the code column ("Mã thủ tục", "Mã số TTHC", "code")', () => {
    for (const header of ['Mã thủ tục', 'Mã số TTHC', 'MÃ TTHC', 'code']) {
      const r = readCrossBoundaryList([[header], ['1.001193']]);
      expect(r.ok && r.items.map((i) => i.code)).toEqual(['1.001193']);
    }
  });

  it('names each row whose code cell is not a procedure code, and refuses a sheet without a code column', () => {
    const r = readCrossBoundaryList([
      ...PUBLISHED,
      ['4', 'khai tử', '', '', ''],
      ['5', '1.0011', '', '', ''],
    ]);
    expect(!r.ok && r.issues.map((i) => i.path)).toEqual(['file.rows.9.code', 'file.rows.10.code']);
    const none = readCrossBoundaryList([
      ['STT', 'Tên thủ tục'],
      ['1', 'Đăng ký khai sinh'],
    ]);
    expect(!none.ok && none.issues.map((i) => i.path)).toEqual(['file']);
    const empty = readCrossBoundaryList([['Mã TTHC'], ['']]);
    expect(empty.ok).toBe(false);
  });

  it('names a numbered row with a procedure name but no code, and still skips headings without one', () => {
    const r = readCrossBoundaryList([
      ...PUBLISHED,
      ['I', '', 'Lĩnh vực Đất đai'],
      ['4', '', 'Đăng ký kết hôn', 'Hộ tịch'],
    ]);
    expect(r).toEqual({
      ok: false,
      issues: [expect.objectContaining({ path: 'file.rows.10.code', code: 'missing_code' })],
    });
  });

  it('reports codes the catalogue lacks one row at a time', () => {
    const r = readCrossBoundaryList(PUBLISHED);
    if (!r.ok) throw new Error('expected a list');
    expect(unknownCodeIssues(r.items, new Set(['1.001193'])).map((i) => [i.path, i.code])).toEqual([
      ['file.rows.7.code', 'unknown_procedure'],
    ]);
  });
});
