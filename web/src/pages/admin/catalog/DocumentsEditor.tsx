import { Button, Card, Flex, Form, Input, InputNumber, Radio, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

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

/**
 * The procedure's whole checklist (documents the applicant hands in and notes shown as guidance), each
 * row with its published text beside it: rename, switch between document and note, set originals, copies,
 * how copies are supplied and the form; move rows up or down, remove them, add documents.
 */
export function DocumentsEditor() {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('catalogAdmin.docs.title')}</h2>}
      data-testid="documents-editor"
    >
      <Typography.Paragraph type="secondary">{t('catalogAdmin.docs.hint')}</Typography.Paragraph>
      <Form.List name="documents">
        {(rows, { add, remove, move }) => (
          <Flex vertical gap={8}>
            {rows.map((row, i) => {
              const n = i + 1;
              return (
                <fieldset
                  key={row.key}
                  style={{ border: '1px solid #f0f0f0', padding: 8, margin: 0, minWidth: 0 }}
                >
                  <legend
                    style={{ fontSize: 14, fontWeight: 600, padding: '0 4px', width: 'auto', margin: 0 }}
                  >
                    {t('catalogAdmin.docs.row', { n })}
                  </legend>
                  <Flex gap={16} wrap align="flex-start">
                    <Flex vertical gap={4} style={{ flex: '1 1 420px' }}>
                      <Form.Item
                        name={[row.name, 'kind']}
                        label={t('catalogAdmin.docs.kind', { n })}
                        style={{ marginBottom: 0 }}
                      >
                        <Radio.Group
                          options={(['document', 'note'] as const).map((k) => ({
                            value: k,
                            label: t(`catalogAdmin.docs.kinds.${k}`),
                          }))}
                        />
                      </Form.Item>
                      <Form.Item
                        name={[row.name, 'name']}
                        label={t('catalogAdmin.docs.name', { n })}
                        rules={[{ required: true, whitespace: true, message: t('ws.required') }]}
                        style={{ marginBottom: 0 }}
                      >
                        <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} maxLength={10_000} />
                      </Form.Item>
                      <Form.Item noStyle dependencies={[['documents', row.name, 'kind']]}>
                        {({ getFieldValue }) =>
                          getFieldValue(['documents', row.name, 'kind']) === 'note' ? null : (
                            <Flex gap={8} wrap>
                              <Form.Item
                                name={[row.name, 'originals']}
                                label={t('catalogAdmin.docs.originals', { n })}
                                style={{ marginBottom: 0 }}
                              >
                                <InputNumber min={0} max={100} precision={0} style={{ width: 110 }} />
                              </Form.Item>
                              <Form.Item
                                name={[row.name, 'copies']}
                                label={t('catalogAdmin.docs.copies', { n })}
                                style={{ marginBottom: 0 }}
                              >
                                <InputNumber min={0} max={100} precision={0} style={{ width: 110 }} />
                              </Form.Item>
                              <Form.Item
                                name={[row.name, 'copyKind']}
                                label={t('catalogAdmin.docs.copyKind', { n })}
                                style={{ marginBottom: 0 }}
                              >
                                <Select
                                  allowClear
                                  style={{ width: 240 }}
                                  placeholder={t('catalogAdmin.docs.copyKindNone')}
                                  options={COPY_KINDS.map((k) => ({
                                    value: k,
                                    label: t(`catalogAdmin.docs.copyKinds.${k}`),
                                  }))}
                                />
                              </Form.Item>
                              <Form.Item
                                name={[row.name, 'form']}
                                label={t('catalogAdmin.edit.formOf', { n })}
                                style={{ marginBottom: 0 }}
                              >
                                <Input maxLength={500} style={{ width: 260 }} />
                              </Form.Item>
                            </Flex>
                          )
                        }
                      </Form.Item>
                      <Flex gap={8} wrap>
                        <Button size="small" disabled={i === 0} onClick={() => move(i, i - 1)}>
                          <span aria-hidden>↑ </span>
                          {t('catalogAdmin.docs.up', { n })}
                        </Button>
                        <Button size="small" disabled={i === rows.length - 1} onClick={() => move(i, i + 1)}>
                          <span aria-hidden>↓ </span>
                          {t('catalogAdmin.docs.down', { n })}
                        </Button>
                        <Button size="small" danger onClick={() => remove(row.name)}>
                          {t('catalogAdmin.docs.remove', { n })}
                        </Button>
                      </Flex>
                    </Flex>
                    <Form.Item noStyle dependencies={[['documents', row.name, 'raw']]}>
                      {({ getFieldValue }) => {
                        const raw = (
                          getFieldValue(['documents', row.name, 'raw']) as string | undefined
                        )?.trim();
                        return (
                          <div
                            style={{
                              flex: '1 1 260px',
                              background: '#fafafa',
                              border: '1px solid #f0f0f0',
                              padding: 8,
                            }}
                            data-testid={`document-source-${n}`}
                          >
                            <Typography.Text type="secondary">
                              {t('catalogAdmin.edit.published')}:{' '}
                            </Typography.Text>
                            {raw ? (
                              <Typography.Paragraph
                                style={{ margin: 0, whiteSpace: 'pre-line' }}
                                ellipsis={{ rows: 4, expandable: true }}
                              >
                                {raw}
                              </Typography.Paragraph>
                            ) : (
                              <Typography.Text type="secondary">
                                {t('catalogAdmin.docs.newRow')}
                              </Typography.Text>
                            )}
                          </div>
                        );
                      }}
                    </Form.Item>
                  </Flex>
                </fieldset>
              );
            })}
            <Button style={{ alignSelf: 'flex-start' }} onClick={() => add(newDocumentRow())}>
              {t('catalogAdmin.docs.add')}
            </Button>
          </Flex>
        )}
      </Form.List>
    </Card>
  );
}
