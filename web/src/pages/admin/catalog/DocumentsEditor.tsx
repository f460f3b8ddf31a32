import { Button, Card, Flex, Form, Input, InputNumber, Radio, Select, Typography } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { COPY_KINDS, newDocumentRow } from './documents.ts';

/**
 * The procedure's whole checklist (documents the applicant hands in and notes shown as guidance), each
 * row with its published text beside it: rename, switch between document and note, set originals, copies,
 * how copies are supplied and the form; move rows up or down, remove them, add documents.
 */
export function DocumentsEditor() {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  /**
   * Keyboard use: after a row moves, is removed or added, the focus goes to the control that continues
   * the work (the same button on the moved row, the next row's remove button, the new row's name).
   */
  const focusLater = (selectors: string[]) =>
    requestAnimationFrame(() => {
      for (const sel of selectors) {
        const el = box.current?.querySelector<HTMLElement>(sel);
        if (el && !(el as HTMLButtonElement).disabled) {
          el.focus();
          return;
        }
      }
    });
  return (
    <Card
      size="small"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('catalogAdmin.docs.title')}</h2>}
      data-testid="documents-editor"
    >
      <div ref={box}>
        <Typography.Paragraph type="secondary">{t('catalogAdmin.docs.hint')}</Typography.Paragraph>
        <Form.List name="documents">
          {(rows, { add, remove, move }, { errors }) => (
            <Flex vertical gap={8}>
              {/* A problem the API names on the list as a whole (e.g. a form for an unlisted document). */}
              <Form.ErrorList errors={errors} />
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
                          <Input.TextArea
                            autoSize={{ minRows: 1, maxRows: 6 }}
                            maxLength={10_000}
                            data-doc-name={i}
                          />
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
                          <Button
                            size="small"
                            data-doc-action={`up-${i}`}
                            disabled={i === 0}
                            onClick={() => {
                              move(i, i - 1);
                              focusLater([
                                `[data-doc-action="up-${i - 1}"]`,
                                `[data-doc-action="down-${i - 1}"]`,
                              ]);
                            }}
                          >
                            <span aria-hidden>↑ </span>
                            {t('catalogAdmin.docs.up', { n })}
                          </Button>
                          <Button
                            size="small"
                            data-doc-action={`down-${i}`}
                            disabled={i === rows.length - 1}
                            onClick={() => {
                              move(i, i + 1);
                              focusLater([
                                `[data-doc-action="down-${i + 1}"]`,
                                `[data-doc-action="up-${i + 1}"]`,
                              ]);
                            }}
                          >
                            <span aria-hidden>↓ </span>
                            {t('catalogAdmin.docs.down', { n })}
                          </Button>
                          <Button
                            size="small"
                            danger
                            data-doc-action={`remove-${i}`}
                            onClick={() => {
                              remove(row.name);
                              focusLater([
                                `[data-doc-action="remove-${i}"]`,
                                `[data-doc-action="remove-${i - 1}"]`,
                                '[data-doc-action="add"]',
                              ]);
                            }}
                          >
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
              <Button
                style={{ alignSelf: 'flex-start' }}
                data-doc-action="add"
                onClick={() => {
                  add(newDocumentRow());
                  focusLater([`[data-doc-name="${rows.length}"]`]);
                }}
              >
                {t('catalogAdmin.docs.add')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </div>
    </Card>
  );
}
