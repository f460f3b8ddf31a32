import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checklistNotes, documentsOnly, parseProcedure, RawProcedure } from '../../src/core/catalog/index.ts';
import { getProcedureFacts } from '../../src/modules/catalog/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { pdfPages, pdfText } from '../support/pdf-tools.ts';

/**
 * Only documents reach the places a checklist is seen (issue 14, item 4): the procedure API's
 * `details.documents`, the lifecycle's required documents (`getProcedureFacts`), the counter's reception
 * and the receipt (slip 01). The checklist's notes are in `details.checklistNotes`. Real procedures:
 * birth registration 1.001193 received at phường Ninh Kiều for a resident of Ninh Kiều, and a spread of
 * the catalogue.
 */

const CATALOG = new URL('../../data/vn-tthc-catalog/procedures_cap_tinh_cap_xa.jsonl', import.meta.url);
const drafts = new Map(
  readFileSync(CATALOG, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => parseProcedure(RawProcedure.parse(JSON.parse(l))).draft)
    .map((d) => [d.code, d] as const),
);
const draft = (code: string) => {
  const d = drafts.get(code);
  if (!d) throw new Error(`no procedure ${code} in the catalog`);
  return d;
};

let ctx: TestContext;
let token: string;
const oneLine = (s: string) => s.replace(/\s+/g, ' ').normalize('NFC');

type Row = { kind?: string; name: string; case?: string; alternativeGroup?: string; raw: string };
async function procedure(code: string) {
  const res = await ctx.app.inject({ method: 'GET', url: `/api/procedures/${code}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { versionId: string; details: { documents: Row[]; checklistNotes: Row[] } };
}

beforeAll(async () => {
  ctx = await createTestContext({ SESSION_TTL_HOURS: '720' });
  token = await ctx.signIn(['reception'], { agencyKey: '31135-ttpvhcc', username: 'checklists.nk' });
});
afterAll(() => ctx.close());

describe('the procedure API lists only documents', () => {
  it('gives birth registration (1.001193) its handful of documents and the rest as notes', async () => {
    const published = draft('1.001193').documents;
    const p = await procedure('1.001193');
    expect(p.details.documents.length).toBeLessThan(published.length / 3);
    expect(p.details.documents.every((d) => d.kind === 'document')).toBe(true);
    expect(p.details.documents.map((d) => d.name)).toEqual(documentsOnly(published).map((d) => d.name));
    expect(p.details.checklistNotes.every((n) => n.kind === 'note')).toBe(true);
    expect(p.details.checklistNotes.length + p.details.documents.length).toBe(published.length);
    const names = p.details.documents.map((d) => oneLine(d.name));
    expect(names.some((n) => n.startsWith('Giấy chứng sinh'))).toBe(true);
    expect(names.some((n) => n.startsWith('Tờ khai đăng ký khai sinh'))).toBe(true);
    expect(names.some((n) => n.startsWith('Người tiếp nhận'))).toBe(false);
    expect(p.details.checklistNotes.some((n) => oneLine(n.name).startsWith('Người tiếp nhận'))).toBe(true);
  });

  it('agrees with the parser and the lifecycle on a spread of real procedures', async () => {
    const codes = [...drafts.keys()].filter((_, i) => i % 80 === 0);
    for (const code of codes) {
      const expected = documentsOnly(draft(code).documents).map((d) => d.name);
      const p = await procedure(code);
      expect(
        p.details.documents.map((d) => d.name),
        code,
      ).toEqual(expected);
      expect(
        p.details.checklistNotes.map((n) => n.name),
        code,
      ).toEqual(checklistNotes(draft(code).documents).map((n) => n.name));
      const facts = await getProcedureFacts(ctx.database.db, p.versionId);
      expect(facts.documents, code).toEqual(expected);
    }
  });

  it('classifies a version stored before the split when it is read', async () => {
    const p = await procedure('1.001193');
    const row = await ctx.database.db
      .selectFrom('procedureVersions')
      .select('data')
      .where('id', '=', p.versionId)
      .executeTakeFirstOrThrow();
    const data = row.data as { documents: Row[] };
    const unsplit = data.documents.map(({ kind: _k, case: _c, alternativeGroup: _a, ...r }) => r);
    await ctx.database.db
      .updateTable('procedureVersions')
      .set({ data: JSON.stringify({ ...data, documents: unsplit }) as never })
      .where('id', '=', p.versionId)
      .execute();
    const again = await procedure('1.001193');
    expect(again.details.documents.map((d) => d.name)).toEqual(p.details.documents.map((d) => d.name));
    const facts = await getProcedureFacts(ctx.database.db, p.versionId);
    expect(facts.documents).toEqual(p.details.documents.map((d) => d.name));
  });
});

describe('reception and the receipt of birth registration (1.001193)', () => {
  const receive = async (checklist: { document: string; provided: boolean; originals?: number }[]) => {
    const p = await procedure('1.001193');
    return ctx.app.inject({
      method: 'POST',
      url: '/api/records',
      headers: { authorization: `Bearer ${token}` },
      payload: {
        type: 'receive',
        checklist,
        opening: {
          procedureVersionId: p.versionId,
          channel: 'in_person',
          applicant: { kind: 'citizen', fullName: 'Lê Thị Hồng Nhung', phone: '0912 345 678' },
          routing: { residenceUnitCode: '31135' },
        },
      },
    });
  };

  it('refuses a checklist that names a note as a document', async () => {
    const p = await procedure('1.001193');
    const note = p.details.checklistNotes.find((n) => oneLine(n.name).startsWith('Người tiếp nhận'));
    const res = await receive([{ document: note!.name, provided: true }]);
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('record.checklist_unknown_document');
  });

  it('prints every document handed in on the receipt, and none of the notes', async () => {
    const p = await procedure('1.001193');
    const always = p.details.documents.filter((d) => !d.case);
    const res = await receive(always.map((d) => ({ document: d.name, provided: true, originals: 1 })));
    expect(res.statusCode, res.body).toBe(201);
    const record = res.json().record as { id: string };
    const slip = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${record.id}/slips/01`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(slip.statusCode, slip.body).toBe(200);
    const text = oneLine(pdfText(slip.rawPayload));
    always.forEach((d, i) => {
      expect(text).toContain(oneLine(`${i + 1}. ${d.name}`).slice(0, 60));
    });
    for (const n of p.details.checklistNotes) expect(text).not.toContain(oneLine(n.name).slice(0, 60));
    expect(text).not.toContain(`${always.length + 1}. `);
    expect(pdfPages(slip.rawPayload)).toBeLessThanOrEqual(2);
  });
});
