import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { documentsOnly, parseProcedure, RawProcedure } from '../../src/core/catalog/index.ts';
import { ChangeSet } from '../../src/core/catalog/procedure-edit.ts';
import {
  documentChanges,
  documentField,
  documentRows,
  newDocumentRow,
  type StoredDocument,
} from '../../web/src/pages/admin/catalog/documents.ts';

/**
 * The checklist rows of the workspace's procedure edit form, on the real birth registration (1.001193):
 * the form starts from the whole stored list (documents and notes) and saving sends nothing when nothing
 * changed, the forms alone when only forms changed, and otherwise the whole list, notes included, in a
 * shape the API's change set accepts.
 */

const CATALOG = new URL('../../data/vn-tthc-catalog/procedures_cap_tinh_cap_xa.jsonl', import.meta.url);
const line = readFileSync(CATALOG, 'utf8')
  .split('\n')
  .find((l) => l.includes('"1.001193"'));
const stored = parseProcedure(RawProcedure.parse(JSON.parse(line!))).draft.documents as StoredDocument[];

describe('the procedure edit form’s checklist', () => {
  it('starts from every stored row, notes included, and sends nothing when nothing changed', () => {
    expect(stored.some((d) => d.kind === 'note')).toBe(true);
    const rows = documentRows(stored);
    expect(rows.map((r) => r.name)).toEqual(stored.map((d) => d.name));
    expect(documentChanges(rows, stored)).toBeNull();
  });

  it('sends only the forms when only a form changed', () => {
    const rows = documentRows(stored);
    const first = rows.findIndex((r) => r.kind === 'document');
    rows[first] = { ...rows[first]!, form: '  Tờ khai đăng ký khai sinh.docx ' };
    expect(documentChanges(rows, stored)).toEqual({
      forms: [{ document: stored[first]!.name, form: 'Tờ khai đăng ký khai sinh.docx' }],
    });
  });

  it('sends the whole list when a row is removed, switched, added or moved; the API accepts it', () => {
    const rows = documentRows(stored);
    const once = (name: string) => stored.filter((d) => d.name === name).length === 1;
    const doc = rows.findIndex((r) => r.kind === 'document' && !r.case && once(r.name));
    const other = rows.findIndex((r, i) => i !== doc && r.kind === 'document' && once(r.name));
    expect(Math.min(doc, other)).toBeGreaterThanOrEqual(0);
    rows[other] = { ...rows[other]!, kind: 'note' };
    const removed = rows.splice(doc, 1)[0]!;
    rows.unshift({ ...newDocumentRow(), name: ' Giấy ủy quyền ', originals: 0, copies: 2, copyKind: 'copy' });
    const change = documentChanges(rows, stored);
    expect(change && 'documents' in change).toBe(true);
    const documents = (change as { documents: StoredDocument[] }).documents;
    expect(ChangeSet.safeParse({ documents }).success).toBe(true);
    expect(documents).toHaveLength(stored.length);
    expect(documents[0]).toEqual({
      kind: 'document',
      name: 'Giấy ủy quyền',
      originals: 0,
      copies: 2,
      quantity: 2,
      copyKind: 'copy',
      raw: '',
    });
    // Every note is kept, with its published text and the fields the form does not edit.
    for (const n of stored.filter((d) => d.kind === 'note')) expect(documents).toContainEqual(n);
    expect(documents.map((d) => d.name)).not.toContain(removed.name);
    expect(documents.find((d) => d.raw === stored[other]!.raw && d.name === stored[other]!.name)?.kind).toBe(
      'note',
    );
    // Only documents are handed in: the switched row and the removed one are no longer among them.
    const handedIn = documentsOnly(documents).map((d) => d.name);
    expect(handedIn).toContain('Giấy ủy quyền');
    expect(handedIn).not.toContain(removed.name);
    expect(handedIn).not.toContain(stored[other]!.name);
    // Two documents fewer, one more.
    expect(handedIn.length).toBe(documentsOnly(stored).length - 1);

    // Moving a row is a change too.
    const moved = documentRows(stored);
    moved.push(moved.shift()!);
    expect(documentChanges(moved, stored)).toEqual({ documents: [...stored.slice(1), stored[0]] });
  });

  it('names the form field of an API problem about a row', () => {
    expect(documentField(3, 'name')).toEqual(['documents', 3, 'name']);
    expect(documentField(0, 'quantity')).toEqual(['documents', 0, 'originals']);
    expect(documentField(2, 'raw')).toEqual(['documents', 2, 'name']);
    expect(documentField(1, undefined)).toEqual(['documents', 1, 'name']);
  });
});
