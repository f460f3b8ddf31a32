import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Flex, Form, Input, Table, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api.ts';
import { useClearable } from '../components/clearable.tsx';
import { type DeadlineFlag, DeadlineTag, deadlineRowClass } from '../components/DeadlineTag.tsx';
import { EmptyText } from '../components/EmptyText.tsx';
import { formatDate, formatDateTime } from '../format.ts';

interface Item {
  id: string;
  code: string | null;
  status: string;
  procedureCode: string;
  applicantName: string;
  receivedAt: string | null;
  dueAt: string | null;
  deadlineFlag: DeadlineFlag;
}

/**
 * Officials' search: one box for a record code, the applicant's name (with or without diacritics), a
 * personal ID or a phone number; the server decides which it is. The query stays in the address (?q=).
 */
export function SearchPage() {
  const { t } = useTranslation();
  const clearable = useClearable();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [form] = Form.useForm<{ q: string }>();
  useEffect(() => form.setFieldsValue({ q }), [form, q]);
  const results = useQuery({
    queryKey: ['search', q],
    enabled: q.trim().length >= 2,
    queryFn: () => api<{ items: Item[] }>(`/api/records?${new URLSearchParams({ q, limit: '50' })}`),
  });
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t('search.heading')}
      </Typography.Title>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => setParams({ q: v.q.trim() })}
        initialValues={{ q }}
        role="search"
      >
        <Flex gap={8} align="start" wrap>
          <Form.Item
            name="q"
            label={t('search.label')}
            style={{ flex: 1, minWidth: 260, marginBottom: 0 }}
            rules={[{ required: true, whitespace: true, min: 2, message: t('search.tooShort') }]}
          >
            <Input placeholder={t('search.placeholder')} allowClear={clearable} />
          </Form.Item>
          <Button type="primary" htmlType="submit" style={{ marginTop: 30 }}>
            {t('search.submit')}
          </Button>
        </Flex>
      </Form>
      {results.error && <Alert type="error" showIcon message={results.error.message} />}
      {results.data && (
        <Typography.Text role="status">
          {t('search.results', { count: results.data.items.length })}
        </Typography.Text>
      )}
      {q && (
        <Table<Item>
          rowKey="id"
          size="small"
          loading={results.isFetching}
          pagination={false}
          dataSource={results.data?.items ?? []}
          scroll={{ x: 720 }}
          locale={{ emptyText: <EmptyText>{t('search.empty')}</EmptyText> }}
          rowClassName={(r) => deadlineRowClass(r.deadlineFlag)}
          columns={[
            {
              title: t('ws.record.code'),
              dataIndex: 'code',
              render: (code: string | null, r) => (
                <Link to={`/can-bo/ho-so/${r.id}`}>{code ?? t('ws.record.noCode')}</Link>
              ),
            },
            { title: t('ws.record.applicant'), dataIndex: 'applicantName' },
            { title: t('ws.record.procedure'), dataIndex: 'procedureCode' },
            { title: t('ws.record.status'), dataIndex: 'status', render: (s: string) => t(`status.${s}`) },
            {
              title: t('track.received'),
              dataIndex: 'receivedAt',
              render: (d: string | null) => formatDateTime(d),
            },
            {
              title: t('ws.record.due'),
              render: (_: unknown, r) => (
                <Flex gap={4} wrap align="center">
                  {formatDate(r.dueAt)}
                  <DeadlineTag flag={r.deadlineFlag} />
                </Flex>
              ),
            },
          ]}
        />
      )}
    </Flex>
  );
}
