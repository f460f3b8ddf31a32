/**
 * The checklist rows of the procedure edit form (issue 14 item 7), as pure functions: the form rows of a
 * version's whole stored checklist, and what saving them changes (nothing, the forms only, or the list).
 */

/** How a document is supplied (the API's `CopyKind`). */
export const COPY_KINDS = [
  'original',
  'copy',
  'certified_copy',
  'original_or_copy',
  'original_and_copy',
] as const;

/** One stored checklist row (the API's `ProcedureDocument`), as a version's data holds it. */
export interface StoredDocument {
  kind?: 'document' | 'note';
  group?: string;
  alternativeGroup?: string;
  case?: string;
  name: string;
  form?: string;
  quantity?: number;
  originals?: number;
  copies?: number;
  copyKind?: (typeof COPY_KINDS)[number];
  raw: string;
}

/** A row of the edit form: the stored row, its editable fields possibly emptied, and where it came from. */
export interface DocumentRow extends Omit<StoredDocument, 'originals' | 'copies' | 'copyKind' | 'form'> {
  originals?: number | null;
  copies?: number | null;
  copyKind?: StoredDocument['copyKind'] | null;
  form?: string;
  /** The row's position in the loaded version; absent for a row the administrator added. */
  origin?: number;
}

/** The form rows of a version's full checklist (documents and notes, in their stored order). */
export function documentRows(docs: readonly StoredDocument[]): DocumentRow[] {
  return docs.map((d, i) => ({ ...d, form: d.form ?? '', origin: i }));
}

/** A new row: a document handed in as one original. */
export const newDocumentRow = (): DocumentRow => ({
  kind: 'document',
  name: '',
  originals: 1,
  copies: 0,
  form: '',
  raw: '',
});

/**
 * A form row as the API stores it: name and form trimmed, emptied fields dropped; a document whose
 * originals or copies changed gets their sum as its quantity. Fields the form does not edit (raw, group,
 * case, alternative group) are kept as loaded.
 */
export function storedDocument(row: DocumentRow, loaded: readonly StoredDocument[]): StoredDocument {
  const { origin, ...rest } = row;
  const before = origin === undefined ? undefined : loaded[origin];
  const out: Record<string, unknown> = { ...rest, name: (row.name ?? '').trim(), raw: row.raw ?? '' };
  for (const k of ['originals', 'copies', 'copyKind', 'kind'] as const)
    if (out[k] === null || out[k] === undefined || out[k] === '') delete out[k];
  const form = (row.form ?? '').trim();
  if (form) out.form = form;
  else delete out.form;
  const originals = out.originals as number | undefined;
  const copies = out.copies as number | undefined;
  const counted = originals !== undefined || copies !== undefined;
  if (
    out.kind === 'document' &&
    counted &&
    (!before || before.originals !== originals || before.copies !== copies)
  )
    out.quantity = (originals ?? 0) + (copies ?? 0);
  return out as unknown as StoredDocument;
}

const canonical = (o: object) => JSON.stringify(o, Object.keys(o).sort());

/**
 * What saving the checklist changes: nothing, only forms (by document name, as `changes.forms`), or the
 * whole list (`changes.documents`: every row, notes included, so nothing stored is lost).
 */
export function documentChanges(
  rows: readonly DocumentRow[],
  loaded: readonly StoredDocument[],
): { documents: StoredDocument[] } | { forms: { document: string; form: string }[] } | null {
  const next = rows.map((r) => storedDocument(r, loaded));
  const same = (a: StoredDocument, b: StoredDocument | undefined) => !!b && canonical(a) === canonical(b);
  if (next.length === loaded.length && next.every((d, i) => same(d, loaded[i]))) return null;
  const withoutForm = ({ form: _f, ...d }: StoredDocument) => d;
  const formsOnly =
    next.length === loaded.length &&
    rows.every((r, i) => r.origin === i) &&
    next.every((d, i) => canonical(withoutForm(d)) === canonical(withoutForm(loaded[i]!))) &&
    next.every((d) => d.form !== undefined || !loaded.some((l) => l.name === d.name && l.form));
  if (formsOnly) {
    const forms = next.flatMap((d, i) =>
      d.form && d.form !== loaded[i]!.form ? [{ document: d.name, form: d.form }] : [],
    );
    if (forms.length) return { forms };
  }
  return { documents: next };
}

/** The form field of a row an API problem names (`changes.documents.3.name` → row 3's name). */
export function documentField(index: number, sub: string | undefined): (string | number)[] {
  const editable = ['kind', 'name', 'originals', 'copies', 'copyKind', 'form'];
  const field = sub === 'quantity' ? 'originals' : sub && editable.includes(sub) ? sub : 'name';
  return ['documents', index, field];
}
