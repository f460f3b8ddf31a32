import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Flex, Form, Select, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { EmptyText } from './EmptyText.tsx';

interface RecordDocument {
  id: string;
  component: string;
  origin: 'online' | 'counter_scan' | 'agency' | 'result' | 'repository';
  digitised: boolean;
  reused: boolean;
  fileName: string;
  mediaType: string;
  addedAt: string;
}

/** The kinds of file a record accepts (the server checks the content again). */
const ACCEPT = 'application/pdf,image/jpeg,image/png';
/** Statuses after which officials add no document but a result (the server says the same). */
const FINAL = new Set(['refused', 'delivered', 'withdrawn', 'stopped']);

/** Read by screen readers, not shown (a column header whose cells are labelled checkboxes). */
const VISUALLY_HIDDEN = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

/** A problem+json answer to a multipart request, as an {@link ApiError}. */
async function problemOf(res: Response, fallback: string, lang: string): Promise<ApiError> {
  const p = (await res.json().catch(() => ({}))) as {
    code?: string;
    title?: string;
    errors?: { path: string; message: string; message_vi?: string }[];
  };
  const fields = (p.errors ?? []).map((e) => ({
    path: e.path,
    message: (lang === 'vi' && e.message_vi) || e.message,
  }));
  return new ApiError(res.status, p.code ?? 'unknown', p.title ?? fallback, fields);
}

function ProblemAlert({ error }: { error: ApiError }) {
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      message={error.message}
      description={
        error.fields.length ? error.fields.map((f) => `${f.path}: ${f.message}`).join('; ') : undefined
      }
    />
  );
}

/**
 * A record's documents (origin, digitised and reused flags, download); officials upload a scan for one of
 * the procedure's required documents and, at the applicant's request, keep documents in the citizen's
 * repository (only when the record carries a personal ID or tax code).
 */
export function RecordDocuments({
  recordId,
  status,
  components,
  hasOwner,
  canAdd,
}: {
  recordId: string;
  status: string;
  components: string[];
  hasOwner: boolean;
  /** The official's role lets them add documents and keep them (reception, specialist, leader). */
  canAdd: boolean;
}) {
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ component: string; origin: string }>();
  const [file, setFile] = useState<File | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  // Keeping in a person's repository needs the official to have checked their ID card (the server audits it).
  const [identityChecked, setIdentityChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const docs = useQuery({
    queryKey: ['documents', recordId],
    queryFn: () => api<{ items: RecordDocument[] }>(`/api/records/${recordId}/documents`),
  });
  const fail = (e: unknown) =>
    setError(e instanceof ApiError ? e : new ApiError(0, 'unknown', String(e), []));

  const upload = async (v: { component: string; origin: string }) => {
    if (!file) {
      setError(new ApiError(0, 'file', t('docs.chooseFirst'), []));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body = new FormData();
      body.append('component', v.component);
      body.append('origin', v.origin);
      body.append('file', file, file.name);
      const res = await fetch(`/api/records/${recordId}/documents`, {
        method: 'POST',
        headers: { accept: 'application/json', 'accept-language': i18n.language },
        body,
      });
      if (!res.ok) throw await problemOf(res, t('error.generic'), i18n.language);
      message.success(t('docs.uploaded', { name: file.name }));
      setFile(null);
      form.resetFields();
      await queries.invalidateQueries({ queryKey: ['documents', recordId] });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const keep = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ items: unknown[] }>(`/api/records/${recordId}/repository`, {
        method: 'POST',
        body: JSON.stringify({ documentIds: selected, identityChecked }),
      });
      message.success(t('docs.kept', { count: r.items.length }));
      setSelected([]);
      setIdentityChecked(false);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const items = docs.data?.items ?? [];
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('docs.heading')}</h2>}>
      <Flex vertical gap={12}>
        {docs.error && <Alert type="error" showIcon message={docs.error.message} />}
        {error && <ProblemAlert error={error} />}
        <Table<RecordDocument>
          rowKey="id"
          size="small"
          loading={docs.isPending}
          pagination={false}
          dataSource={items}
          scroll={{ x: 640 }}
          locale={{ emptyText: <EmptyText>{t('docs.empty')}</EmptyText> }}
          columns={[
            ...(canAdd && hasOwner
              ? [
                  {
                    title: <span style={VISUALLY_HIDDEN}>{t('docs.keep')}</span>,
                    key: 'select',
                    width: 40,
                    render: (_: unknown, d: RecordDocument) => (
                      <Checkbox
                        aria-label={t('docs.select', { name: d.component })}
                        checked={selected.includes(d.id)}
                        onChange={(e) =>
                          setSelected((s) => (e.target.checked ? [...s, d.id] : s.filter((x) => x !== d.id)))
                        }
                      />
                    ),
                  },
                ]
              : []),
            { title: t('docs.component'), dataIndex: 'component' },
            {
              title: t('docs.origin'),
              dataIndex: 'origin',
              render: (o: string) => t(`docs.originName.${o}`, { defaultValue: o }),
            },
            {
              title: t('docs.flags'),
              render: (_: unknown, d) => (
                <Flex gap={4} wrap>
                  {d.digitised && <Tag color="#1b5e20">{t('docs.digitised')}</Tag>}
                  {d.reused && <Tag color="#0d47a1">{t('docs.reused')}</Tag>}
                </Flex>
              ),
            },
            {
              title: t('docs.file'),
              dataIndex: 'fileName',
              render: (name: string, d) => (
                <a
                  href={`/api/records/${recordId}/documents/${d.id}/content`}
                  target="_blank"
                  rel="noreferrer"
                >
                  {name}
                </a>
              ),
            },
            { title: t('docs.addedAt'), dataIndex: 'addedAt', render: (at: string) => formatDateTime(at) },
          ]}
        />
        {canAdd && hasOwner && items.length > 0 && (
          <Flex gap={8} align="center" wrap>
            <Checkbox checked={identityChecked} onChange={(e) => setIdentityChecked(e.target.checked)}>
              {t('docs.identityChecked')}
            </Checkbox>
            <Button onClick={keep} disabled={selected.length === 0 || !identityChecked} loading={busy}>
              {t('docs.keep')}
            </Button>
            <Typography.Text type="secondary">{t('docs.keepHint')}</Typography.Text>
          </Flex>
        )}
        {canAdd && !FINAL.has(status) && components.length > 0 && (
          <Form
            form={form}
            layout="vertical"
            onFinish={upload}
            initialValues={{ origin: 'counter_scan' }}
            aria-label={t('docs.uploadHeading')}
          >
            <Typography.Title level={3} style={{ fontSize: 15 }}>
              {t('docs.uploadHeading')}
            </Typography.Title>
            <Flex gap={12} wrap align="end">
              <Form.Item
                name="component"
                label={t('docs.component')}
                rules={[{ required: true, message: t('ws.required') }]}
                style={{ minWidth: 280, flex: 2 }}
              >
                <Select options={components.map((c) => ({ value: c, label: c }))} />
              </Form.Item>
              <Form.Item name="origin" label={t('docs.origin')} style={{ minWidth: 180, flex: 1 }}>
                <Select
                  options={['counter_scan', 'agency'].map((o) => ({
                    value: o,
                    label: t(`docs.originName.${o}`),
                  }))}
                />
              </Form.Item>
            </Flex>
            <Flex gap={8} wrap align="center">
              <Upload
                accept={ACCEPT}
                maxCount={1}
                fileList={file ? [{ uid: 'scan', name: file.name, status: 'done' as const }] : []}
                beforeUpload={(f) => {
                  setFile(f);
                  return false;
                }}
                onRemove={() => setFile(null)}
              >
                <Button>{t('submit.choose')}</Button>
              </Upload>
              <Button type="primary" htmlType="submit" loading={busy}>
                {t('docs.upload')}
              </Button>
            </Flex>
          </Form>
        )}
      </Flex>
    </Card>
  );
}
