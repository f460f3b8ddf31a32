import { describe, expect, it } from 'vitest';
import { parseDocuments } from './parse-documents.ts';

describe('parseDocuments', () => {
  it('splits rows, separates the form file and reads the quantity columns (1.010045)', () => {
    const text =
      '--Tên giấy tờMẫu đơn, tờ khaiSố lượng- Đơn đề nghị cấp lại Giấy chứng nhận theo Phụ lục X;PHỤ LỤC X- tt58.docx1 bản chính,1 bản sao- Giấy chứng nhận đã bị rách, hư hỏng (trừ trường hợp bị mất).1 bản chính';
    expect(parseDocuments(text)).toEqual({
      documents: [
        {
          kind: 'document',
          name: 'Đơn đề nghị cấp lại Giấy chứng nhận theo Phụ lục X;',
          form: 'PHỤ LỤC X- tt58.docx',
          quantity: 2,
          originals: 1,
          copies: 1,
          copyKind: 'original_and_copy',
          raw: '- Đơn đề nghị cấp lại Giấy chứng nhận theo Phụ lục X;PHỤ LỤC X- tt58.docx1 bản chính,1 bản sao',
        },
        {
          kind: 'document',
          name: 'Giấy chứng nhận đã bị rách, hư hỏng (trừ trường hợp bị mất).',
          quantity: 1,
          originals: 1,
          copies: 0,
          copyKind: 'original',
          raw: '- Giấy chứng nhận đã bị rách, hư hỏng (trừ trường hợp bị mất).1 bản chính',
        },
      ],
      keptRaw: false,
      formKeptRaw: false,
    });
  });

  it('labels rows with the heading before their table (1.001193 Đăng ký khai sinh)', () => {
    const text =
      '* Giấy tờ phải nộp:Tên giấy tờMẫu đơn, tờ khaiSố lượng- Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì nộp văn bản của người làm chứng xác nhận về việc sinh; nếu không có người làm chứng thì phải có giấy cam đoan về việc sinh.1 bản chính* Giấy tờ phải xuất trình:Tên giấy tờMẫu đơn, tờ khaiSố lượng- Trường hợp gửi hồ sơ qua hệ thống bưu chính thì phải gửi kèm theo bản sao có chứng thực các giấy tờ phải xuất trình nêu trên.0 bản chính';
    const { documents } = parseDocuments(text);
    expect(documents.map((d) => [d.kind, d.group, d.quantity, d.copyKind])).toEqual([
      ['document', '* Giấy tờ phải nộp:', 1, 'original'],
      ['note', '* Giấy tờ phải xuất trình:', 0, 'certified_copy'],
    ]);
  });

  it('keeps a quantity that is part of the wording inside the name (rows shortened from 1.000005)', () => {
    const text =
      'Tên giấy tờMẫu đơn, tờ khaiSố lượnga) Tờ khai hàng hóa nhập khẩu: người khai hải quan khai và nộp 02 bản chính tờ khai hàng hóa nhập khẩu theo mẫu HQ/2015/NK;1 bản chínhb) Hóa đơn thương mại: 01 bản chụp;0 bản chính,1 bản sao';
    const { documents } = parseDocuments(text);
    expect(documents.map((d) => [d.name, d.originals, d.copies])).toEqual([
      [
        'a) Tờ khai hàng hóa nhập khẩu: người khai hải quan khai và nộp 02 bản chính tờ khai hàng hóa nhập khẩu theo mẫu HQ/2015/NK;',
        1,
        0,
      ],
      ['b) Hóa đơn thương mại: 01 bản chụp;', 0, 1],
    ]);
  });

  it('gives the digits before a one-digit quantity back to the name ("…01/01/2026" + "1 bản chính")', () => {
    const { documents } = parseDocuments(
      'Tên giấy tờMẫu đơn, tờ khaiSố lượngBáo cáo tình hình thực hiện đến ngày 01/01/20261 bản chính,1 bản sao',
    );
    expect(documents[0]).toMatchObject({
      name: 'Báo cáo tình hình thực hiện đến ngày 01/01/2026',
      originals: 1,
    });
  });

  it('keeps text that no quantity closes as a row of its own and reports it', () => {
    const text =
      ') và nộp cho cơ quan BHXH.\nBước 2. Cơ quan BHXH tiếp nhận hồ sơ và giải quyết theo quy định.\nBước 3. Nhận kết quả giải quyết NLĐ nhận kết quả giải quyết, gồm: Quyết định về việc hưởng BHXH một lần; Bản quá trình đóng BHXH; Tiền trợ cấp.';
    const r = parseDocuments(text);
    expect(r.keptRaw).toBe(true);
    expect(r.documents).toHaveLength(1);
    expect(r.documents[0]?.raw).toBe(text);
    expect(r.documents[0]?.kind).toBe('note');
  });

  it('gives nothing for "Không có thông tin"', () => {
    expect(parseDocuments('Không có thông tin')).toEqual({
      documents: [],
      keptRaw: false,
      formKeptRaw: false,
    });
  });
});
