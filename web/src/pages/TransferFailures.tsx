import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, api } from '../api.ts';
import { EmptyText } from '../components/EmptyText.tsx';
import { formatDateTime } from '../format.ts';

export interface TransferFailureItem {
  recordId: string;
  code: string | null;
  procedureCode: string;
  procedureName: string | null;
  version: number;
  reason: 'no_official' | 'agency_not_on_system' | 'integration_down';
  detail: string | null;
  at: string;
  attempts: number;
  fromAgencyName: string | null;
  toAgencyName: string | null;
  retryable: boolean;
}

/**
 * "Chuyển xử lý không thành công": the records whose hand-over to another agency failed and has not yet
 * succeeded (GET /api/monitor/transfer-failures), newest first, with the reason, the time, the agencies
 * and how many times it was tried; "Chuyển lại" tries again (retry_transfer) once someone can take it.
 */
export function TransferFailuresPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ['transfer-failures'],
    queryFn: () => api<{ items: TransferFailureItem[] }>('/api/monitor/transfer-failures'),
    // The list is the monitor's watch: it follows new failures without a reload.
    refetchInterval: 10_000,
  });
  const retry = async (item: TransferFailureItem) => {
    setBusy(item.recordId);
    setError(null);
    try {
      await api(`/api/records/${item.recordId}/retry-transfer`, {
        method: 'POST',
        headers: { 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({ version: item.version }),
      });
      message.success(t('transfer.retried'));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(null);
      await queries.invalidateQueries({ queryKey: ['transfer-failures'] });
    }
  };
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t('transfer.heading')}
      </Typography.Title>
      <Typography.Paragraph style={{ margin: 0 }}>{t('transfer.hint')}</Typography.Paragraph>
      {list.error && <Alert type="error" showIcon message={list.error.message} />}
      {error && <Alert type="error" showIcon role="alert" message={error} />}
      <Table<TransferFailureItem>
        rowKey="recordId"
        size="small"
        loading={list.isPending}
        pagination={false}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 840 }}
        locale={{ emptyText: <EmptyText>{t('transfer.empty')}</EmptyText> }}
        columns={[
          {
            title: t('ws.record.code'),
            dataIndex: 'code',
            render: (code: string | null, r) => (
              <Link to={`/can-bo/ho-so/${r.recordId}`}>{code ?? t('ws.record.noCode')}</Link>
            ),
          },
          {
            title: t('ws.record.procedure'),
            render: (_: unknown, r) =>
              r.procedureName ? `${r.procedureCode} — ${r.procedureName}` : r.procedureCode,
          },
          { title: t('transfer.from'), dataIndex: 'fromAgencyName' },
          { title: t('transfer.to'), dataIndex: 'toAgencyName' },
          {
            title: t('transfer.reasonLabel'),
            render: (_: unknown, r) => (
              <span>
                {t(`transfer.reason.${r.reason}`)}
                {r.detail ? ` (${r.detail})` : ''}
              </span>
            ),
          },
          { title: t('transfer.at'), dataIndex: 'at', render: (at: string) => formatDateTime(at) },
          { title: t('transfer.attempts'), dataIndex: 'attempts' },
          {
            title: t('admin.actions'),
            render: (_: unknown, r) => (
              <Flex gap={4} wrap align="center">
                {r.retryable && <Tag color="green">{t('transfer.retryable')}</Tag>}
                <Button
                  size="small"
                  type={r.retryable ? 'primary' : 'default'}
                  loading={busy === r.recordId}
                  onClick={() => retry(r)}
                >
                  {t('action.retry_transfer')}
                </Button>
              </Flex>
            ),
          },
        ]}
      />
    </Flex>
  );
}
