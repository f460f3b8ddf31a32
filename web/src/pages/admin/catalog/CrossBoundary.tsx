import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Flex, Form, Input, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../../api.ts';
import type { Reply } from '../../../contracts.ts';
import { formatDate, formatDateTime } from '../../../format.ts';
import i18n from '../../../i18n.ts';
import { CatalogNav } from './CatalogNav.tsx';

interface UploadForm {
  decisionNo?: string;
  effectiveFrom?: Dayjs;
}

type ListRow = Reply<'GET /api/catalog/cross-boundary-lists'>['items'][number];

const today = () =>
  dayjs(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date()));

/** The row number an error path names (`rows.3.code`, `file.row.3`), else null. */
export function rowOf(path: string): number | null {
  const m = /(?:rows?|line)\.?(\d+)/.exec(path);
  return m ? Number(m[1]) : null;
}

/** The form field a problem path names (`body.decisionNo`, `effectiveFrom`), else null (a row of the file). */
export function uploadFieldOf(path: string): keyof UploadForm | null {
  const p = path.replace(/^body\./, '');
  return p === 'decisionNo' || p === 'effectiveFrom' ? p : null;
}

/** Posts the list as multipart form data (the JSON helper would set a JSON content type). */
async function upload(form: FormData): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetch('/api/catalog/cross-boundary-lists', {
      method: 'POST',
      body: form,
      headers: { accept: 'application/json', 'accept-language': i18n.language },
    });
  } catch {
    throw new ApiError(0, 'network', i18n.t('error.network'), []);
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.ok) return body;
  const errors = (body.errors ?? []) as { path: string; message: string; message_vi?: string }[];
  throw new ApiError(
    res.status,
    String(body.code ?? 'unknown'),
    String(body.title ?? i18n.t('error.generic')),
    errors.map((e) => ({ path: e.path, message: (i18n.language === 'vi' && e.message_vi) || e.message })),
  );
}

/**
 * The city's published list of procedures received regardless of administrative boundaries: upload the
 * file (CSV or XLSX) with its decision and date; the whole list applies or nothing does, and each row in
 * error is shown by its number.
 */
export function CrossBoundaryPage() {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [form] = Form.useForm<UploadForm>();
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<Record<string, number> | null>(null);
  const [busy, setBusy] = useState(false);
  const lists = useQuery({
    queryKey: ['cross-boundary-lists'],
    queryFn: () => api<Reply<'GET /api/catalog/cross-boundary-lists'>>('/api/catalog/cross-boundary-lists'),
    retry: false,
  });
  const history: ListRow[] = lists.data?.items ?? [];

  const send = async (v: UploadForm) => {
    if (!file) {
      setError(new ApiError(0, 'file', t('catalogAdmin.cross.noFile'), []));
      return;
    }
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const body = new FormData();
      body.set('decisionNo', (v.decisionNo ?? '').trim());
      body.set('effectiveFrom', (v.effectiveFrom ?? today()).format('YYYY-MM-DD'));
      body.set('file', file, file.name);
      const res = await upload(body);
      setDone({
        count: Number(res.listed ?? 0),
        became: Number(res.becameCrossBoundary ?? 0),
        ceased: Number(res.ceasedCrossBoundary ?? 0),
        versions: Number(res.newVersions ?? 0),
      });
      await Promise.all([
        queries.invalidateQueries({ queryKey: ['cross-boundary-lists'] }),
        queries.invalidateQueries({ queryKey: ['catalog-readiness'] }),
      ]);
    } catch (e) {
      const problem = e instanceof ApiError ? e : new ApiError(0, 'unknown', String(e), []);
      setError(problem);
      // The decision and the date show their problem under the field; the table keeps the file's rows.
      const named = new Map<keyof UploadForm, string[]>();
      for (const f of problem.fields) {
        const name = uploadFieldOf(f.path);
        if (name && !named.get(name)?.includes(f.message))
          named.set(name, [...(named.get(name) ?? []), f.message]);
      }
      form.setFields([...named].map(([name, errors]) => ({ name, errors })));
    } finally {
      setBusy(false);
    }
  };
  const fileRow = (path: string) => /^(body\.)?file\.rows?\./.test(path);
  const rows = (error?.fields ?? [])
    .filter((f) => fileRow(f.path))
    .map((f, i) => ({
      key: i,
      row: rowOf(f.path),
      path: f.path,
      message: f.message,
    }));

  // Neither a row of the file nor a field of the form (e.g. the file as a whole): said in words.
  const others = (error?.fields ?? []).filter((f) => !fileRow(f.path) && !uploadFieldOf(f.path));

  return (
    <Flex vertical gap={12}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t('catalogAdmin.cross.heading')}
      </Typography.Title>
      <CatalogNav />
      <Typography.Paragraph style={{ margin: 0 }}>{t('catalogAdmin.cross.hint')}</Typography.Paragraph>
      {done !== null && (
        <Alert type="success" showIcon role="status" message={t('catalogAdmin.cross.imported', done)} />
      )}
      {error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          message={error.message}
          description={
            (rows.length > 0 || others.length > 0) && (
              <>
                {others.length > 0 && (
                  <Typography.Paragraph style={{ marginBottom: rows.length ? 8 : 0 }}>
                    {[...new Set(others.map((f) => f.message))].join('; ')}
                  </Typography.Paragraph>
                )}
                {rows.length > 0 && (
                  <Table
                    size="small"
                    pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
                    dataSource={rows}
                    columns={[
                      {
                        title: t('catalogAdmin.cross.row'),
                        dataIndex: 'row',
                        render: (r: number | null, x) => r ?? x.path,
                      },
                      { title: t('catalogAdmin.cross.problem'), dataIndex: 'message' },
                    ]}
                  />
                )}
              </>
            )
          }
        />
      )}
      <Card size="small">
        <Form<UploadForm>
          form={form}
          name="cross-boundary"
          layout="vertical"
          onFinish={send}
          initialValues={{ effectiveFrom: today() }}
        >
          <Form.Item label={t('catalogAdmin.cross.file')} htmlFor="cross-boundary-file" required>
            <input
              id="cross-boundary-file"
              type="file"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </Form.Item>
          <Flex gap={12} wrap>
            <Form.Item
              name="decisionNo"
              label={t('catalogAdmin.edit.decisionNo')}
              rules={[{ required: true, whitespace: true, message: t('ws.required') }]}
              style={{ flex: '1 1 240px' }}
            >
              <Input autoComplete="off" maxLength={100} />
            </Form.Item>
            <Form.Item
              name="effectiveFrom"
              label={t('catalogAdmin.edit.effectiveFrom')}
              rules={[{ required: true, message: t('ws.required') }]}
            >
              <DatePicker format="DD/MM/YYYY" allowClear={false} />
            </Form.Item>
          </Flex>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('catalogAdmin.cross.upload')}
          </Button>
        </Form>
      </Card>
      {lists.error && <Alert type="error" showIcon message={lists.error.message} />}
      {history.length > 0 && (
        <Card
          size="small"
          title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('catalogAdmin.cross.history')}</h2>}
        >
          <Table<ListRow>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={history}
            columns={[
              { title: t('catalogAdmin.edit.decisionNo'), dataIndex: 'decisionNo' },
              { title: t('catalogAdmin.cross.file'), dataIndex: 'fileName' },
              {
                title: t('catalogAdmin.edit.effectiveFrom'),
                dataIndex: 'effectiveFrom',
                render: (d: string) => formatDate(d),
              },
              {
                title: t('catalogAdmin.readiness.reasonCount'),
                dataIndex: 'count',
              },
              {
                title: t('catalogAdmin.edit.versionBy'),
                key: 'by',
                render: (_: unknown, r) =>
                  [
                    r.uploadedBy?.name,
                    formatDateTime(r.uploadedAt),
                    r.inForce ? t('catalogAdmin.edit.inForce') : null,
                  ]
                    .filter(Boolean)
                    .join(' · '),
              },
            ]}
          />
        </Card>
      )}
    </Flex>
  );
}
