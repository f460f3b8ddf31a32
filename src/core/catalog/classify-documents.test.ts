import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checklistNotes, classifyDocuments, documentsOnly, wording } from './classify-documents.ts';
import { parseDocuments } from './parse-documents.ts';
import { RawProcedure } from './raw-procedure.ts';

const CATALOG = new URL('../../../data/vn-tthc-catalog/procedures_cap_tinh_cap_xa.jsonl', import.meta.url);
const raws = readFileSync(CATALOG, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => RawProcedure.parse(JSON.parse(l)));
const parsed = raws.map((raw) => ({ raw, ...parseDocuments(raw.thanh_phan_ho_so) }));
const byCode = (code: string) => {
  const p = parsed.find((x) => x.raw.ma_thu_tuc === code);
  if (!p) throw new Error(`no procedure ${code} in the catalog`);
  return p;
};

describe('classifyDocuments on the real birth registration (1.001193 Đăng ký khai sinh)', () => {
  const { documents: rows } = byCode('1.001193');
  const documents = documentsOnly(rows);

  it('keeps the handful of papers the applicant hands in or shows, out of the published rows', () => {
    expect(rows.length).toBeGreaterThan(30);
    const starts = [
      'Trường hợp trẻ em bị bỏ rơi thì phải có biên bản',
      'Văn bản ủy quyền (được chứng thực)',
      'Trường hợp khai sinh cho trẻ em sinh ra do mang thai hộ',
      'Giấy chứng sinh',
      'Giấy tờ có giá trị chứng minh thông tin về cư trú',
      'Hộ chiếu/Thẻ căn cước công dân',
      'Tờ khai đăng ký khai sinh',
      'Mẫu hộ tịch điện tử tương tác đăng ký khai sinh',
    ];
    expect(documents).toHaveLength(starts.length);
    documents.forEach((d, i) => {
      expect(d.name.normalize('NFC').startsWith(starts[i] as string)).toBe(true);
    });
  });

  it('marks the abandoned-child and surrogacy papers with their case, the birth certificate without one', () => {
    const caseOf = (start: string) => documents.find((d) => d.name.startsWith(start))?.case;
    expect(caseOf('Trường hợp trẻ em bị bỏ rơi')).toBe('Trường hợp trẻ em bị bỏ rơi');
    expect(caseOf('Trường hợp khai sinh cho trẻ em sinh ra do mang thai hộ')).toBe(
      'Trường hợp khai sinh cho trẻ em sinh ra do mang thai hộ',
    );
    expect(caseOf('Giấy chứng sinh')).toBeUndefined();
  });

  it('keeps every note, with its published text, as guidance', () => {
    const notes = checklistNotes(rows);
    expect(notes.length + documents.length).toBe(rows.length);
    expect(notes.every((n) => n.kind === 'note' && n.raw.length > 0)).toBe(true);
    const texts = notes.map((n) => n.name);
    expect(texts.some((t) => t.startsWith('Người tiếp nhận có trách nhiệm'))).toBe(true);
    expect(texts.some((t) => t.includes('thì không phải nộp bản giấy'))).toBe(true);
    expect(texts.some((t) => t.startsWith('Trường hợp gửi hồ sơ qua hệ thống bưu chính'))).toBe(true);
  });
});

describe('classifyDocuments on other real checklists', () => {
  it('groups the papers listed under "một trong các giấy tờ" (2.000829 Thủ tục yêu cầu trợ giúp pháp lý)', () => {
    const documents = documentsOnly(byCode('2.000829').documents);
    const group = documents.filter((d) =>
      d.alternativeGroup?.startsWith('1. Giấy tờ chứng minh là người có công với cách mạng'),
    );
    expect(group.length).toBeGreaterThan(2);
    expect(group.some((d) => d.name.startsWith('a) Quyết định của cơ quan có thẩm quyền công nhận'))).toBe(
      true,
    );
    expect(documents.find((d) => d.name.startsWith('Đơn yêu cầu trợ giúp pháp lý'))?.alternativeGroup).toBe(
      undefined,
    );
  });

  it('gives each paper of a multi-case procedure its case heading (2.002011 thay đổi thành viên)', () => {
    const documents = documentsOnly(byCode('2.002011').documents);
    const cases = new Set(documents.map((d) => d.case).filter(Boolean));
    expect(cases.size).toBeGreaterThan(3);
    expect([...cases].some((c) => c?.startsWith('Trường hợp ủy quyền cho tổ chức'))).toBe(true);
  });

  it('reads the quantity a customs row states when the column says 0 (1.007882)', () => {
    const row = documentsOnly(byCode('1.007882').documents).find((d) =>
      d.name.startsWith('Tờ khai hải quan: 02 bản chính'),
    );
    expect(row?.quantity).toBe(2);
    expect(row?.raw).toContain('0 bản chính');
  });

  it('keeps a checklist with no table (1.001613, steps published in its place) as a note, not a slot', () => {
    const p = byCode('1.001613');
    expect(p.keptRaw).toBe(true);
    expect(documentsOnly(p.documents)).toEqual([]);
    expect(checklistNotes(p.documents)[0]?.raw).toBe(p.raw.thanh_phan_ho_so.trim());
  });
});

describe('classifyDocuments over the whole published catalogue', () => {
  it('classifies every row once, keeps its published text, and never drops one', () => {
    for (const { documents: rows } of parsed) {
      expect(rows.every((r) => r.kind === 'document' || r.kind === 'note')).toBe(true);
      expect(rows.every((r) => r.raw.length > 0 || r.name.length === 0)).toBe(true);
      expect(classifyDocuments(rows.map(({ kind: _k, ...r }) => r)).map((r) => r.kind)).toEqual(
        rows.map((r) => r.kind),
      );
    }
  });

  it('lists no row of a "Lưu ý" table, no exemption and no heading as a document', () => {
    for (const { documents: rows } of parsed) {
      for (const d of documentsOnly(rows)) {
        expect(wording(d.group ?? '')).not.toMatch(/^(?:\*\s*)?lưu ý/u);
        expect(wording(d.name)).not.toMatch(/^(?:người tiếp nhận|lưu ý|số lượng hồ sơ|bước \d)/u);
      }
    }
  });

  it('gives fewer slots than published rows wherever notes were separated, and at least one to nearly every table', () => {
    let split = 0;
    let withTable = 0;
    let withDocuments = 0;
    for (const { documents: rows, keptRaw } of parsed) {
      const documents = documentsOnly(rows);
      expect(documents.length).toBeLessThanOrEqual(rows.length);
      if (rows.some((r) => r.kind === 'note')) {
        split++;
        expect(documents.length).toBeLessThan(rows.length);
      }
      if (!keptRaw && rows.length > 0) {
        withTable++;
        if (documents.length > 0) withDocuments++;
      }
    }
    expect(split).toBeGreaterThan(0);
    // Measured 99.4 % (the rest say "Không quy định" or list only conditions); see docs/CATALOG.md.
    expect(withDocuments / withTable).toBeGreaterThanOrEqual(0.99);
  });

  it('lists a document the text repeats once per case and group, and keeps every case and group a document names', () => {
    for (const { documents: rows } of parsed) {
      const documents = documentsOnly(rows);
      const keys = documents.map((d) => [wording(d.name), d.case ?? '', d.alternativeGroup ?? ''].join('|'));
      expect(new Set(keys).size).toBe(keys.length);
      const all = rows.filter((r) => r.kind === 'document');
      expect(new Set(documents.map((d) => d.case))).toEqual(new Set(all.map((d) => d.case)));
      expect(new Set(documents.map((d) => d.alternativeGroup))).toEqual(
        new Set(all.map((d) => d.alternativeGroup)),
      );
    }
  });

  it('classifies stored rows that predate the split the same way when they are read', () => {
    for (const { documents: rows } of parsed.slice(0, 300)) {
      const stored = rows.map(({ kind: _k, alternativeGroup: _a, case: _c, ...r }) => r);
      expect(documentsOnly(stored)).toEqual(documentsOnly(rows));
    }
  });
});
