import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SEARCH_CONCEPTS, parseCatalogQuery, rankPenalty } from './search-query.ts';

const required = (q: string) =>
  parseCatalogQuery(q)
    .concepts.filter((c) => c.required)
    .map((c) => c.alternatives);
const penalised = (q: string) => parseCatalogQuery(q).penalties.flatMap((p) => p.phrases);

describe('parseCatalogQuery', () => {
  it('reads abbreviations and everyday words in the catalogue’s wording', () => {
    expect(required('cccd')).toEqual([['the can cuoc', 'can cuoc']]);
    expect(required('CCCD')).toEqual(required('cccd'));
    expect(required('hkd')).toEqual([['ho kinh doanh']]);
    expect(required('gpxd')).toEqual([['giay phep xay dung']]);
    expect(required('sổ đỏ')).toEqual([['giay chung nhan quyen su dung dat']]);
    expect(required('lltp')).toEqual([['ly lich tu phap']]);
    expect(required('nhập hộ khẩu')).toEqual([['thuong tru']]);
  });

  it('reads "kí" as "ký", as the catalogue spells it', () => {
    expect(required('đăng kí kết hôn')).toEqual(required('đăng ký kết hôn'));
  });

  it('accepts an abbreviation and its spelled-out form for each other (BHYT, BHXH)', () => {
    expect(required('bhyt')).toEqual([['bao hiem y te', 'bhyt']]);
    expect(required('bảo hiểm y tế')).toEqual(required('bhyt'));
    expect(parseCatalogQuery('bhyt').phrases).toEqual(expect.arrayContaining(['bao hiem y te', 'bhyt']));
  });

  it('drops words that only say the person wants something, at the start and the end', () => {
    expect(required('làm giấy khai sinh')).toEqual([['khai sinh']]);
    expect(required('xin phiếu lý lịch tư pháp ở đâu')).toEqual([['phieu'], ['ly lich tu phap']]);
    expect(required('thủ tục đăng ký tạm trú như thế nào')).toEqual([['dang'], ['ky'], ['tam'], ['tru']]);
    // Alone, a filler is what the person searches for.
    expect(required('thủ tục')).toEqual([['thu'], ['tuc']]);
  });

  it('reads the longest phrasing at each position ("nhận con nuôi" before "nhận con")', () => {
    expect(required('nhận con nuôi')).toEqual([['nuoi con nuoi']]);
    expect(required('nhận con')).toEqual([['nhan cha me con']]);
    expect(required('bản sao giấy khai sinh')).toEqual([['ban sao'], ['khai sinh']]);
    expect(required('làm lại căn cước')).toEqual([
      ['cap lai', 'mat'],
      ['the can cuoc', 'can cuoc'],
    ]);
  });

  it('keeps compounds whole so that their words are not read apart', () => {
    expect(required('thay đổi hộ kinh doanh')).toEqual([['thay doi'], ['ho kinh doanh']]);
    expect(required('lâm sản')).toEqual([['lam san']]);
  });

  it('lowers follow-ups and special cases unless the query asks for them', () => {
    expect(penalised('đăng ký hộ kinh doanh')).toEqual(
      expect.arrayContaining(['dung thuc hien', 'tam ngung', 'cham dut', 'thu hoi', 'thay doi']),
    );
    expect(penalised('khai sinh')).toEqual(expect.arrayContaining(['yeu to nuoc ngoai', 'luu dong']));
    expect(penalised('tạm ngừng hộ kinh doanh')).not.toContain('tam ngung');
    expect(penalised('giải thể hộ kinh doanh')).not.toContain('cham dut');
    expect(penalised('mất căn cước')).not.toContain('cap lai');
    expect(penalised('đổi cccd')).not.toContain('cap doi');
    expect(penalised('kết hôn với người nước ngoài')).not.toContain('yeu to nuoc ngoai');
    expect(penalised('làm cccd cho con')).not.toContain('duoi 14 tuoi');
    expect(penalised('khai sinh lưu động')).not.toContain('luu dong');
  });

  it('takes each unasked family off once, matching whole words only', () => {
    const { penalties } = parseCatalogQuery('đăng ký hộ kinh doanh');
    expect(rankPenalty('dang ky thanh lap ho kinh doanh', penalties)).toBe(0);
    expect(rankPenalty('dung thuc hien thu tuc dang ky ho kinh doanh', penalties)).toBe(50);
    // Stopping and changing: two families; "thay doi" twice still counts once.
    expect(rankPenalty('tam ngung thay doi thay doi ho kinh doanh', penalties)).toBe(100);
    expect(rankPenalty('xoay', penalties)).toBe(0);
    expect(rankPenalty('cap the can cuoc thuc hien tai cap tinh', penalties)).toBe(10);
    expect(rankPenalty('dung thuc hien', parseCatalogQuery('dừng thực hiện hộ kinh doanh').penalties)).toBe(
      0,
    );
  });

  it('ranks names starting "Cấp"/"Đăng ký" higher only when the query asks for something to be issued', () => {
    expect(parseCatalogQuery('làm căn cước').leads).toEqual(['cap', 'dang ky', 'thanh lap']);
    expect(parseCatalogQuery('căn cước').leads).toEqual([]);
  });

  it('gives nothing to look for in an empty query, and never more than the maximum of concepts', () => {
    expect(parseCatalogQuery('  ').concepts).toEqual([]);
    expect(parseCatalogQuery('').phrases).toEqual([]);
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (q) => {
        const parsed = parseCatalogQuery(q);
        expect(parsed.concepts.length).toBeLessThanOrEqual(MAX_SEARCH_CONCEPTS);
        for (const c of parsed.concepts)
          for (const a of c.alternatives) expect(a).toMatch(/^[\p{L}\p{N} ]+$/u);
      }),
    );
  });
});
