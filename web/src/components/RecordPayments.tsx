import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Input, List, Modal, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import type { Reply } from '../contracts.ts';
import { formatDateTime } from '../format.ts';

type Payment = Reply<'GET /api/records/:id/payments'>['items'][number];

const vnd = (n: number) => `${new Intl.NumberFormat('vi-VN').format(n)} đ`;

/**
 * The record's fee payments for officials (issue 18): every attempt with its state and e-receipt; while the
 * record awaits payment, the counter's cash or card payment with the receipt number given; a leader's refund
 * with its reason.
 */
export function RecordPayments({
  recordId,
  status,
  roles,
}: {
  recordId: string;
  status: string;
  roles: readonly string[];
}) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [channel, setChannel] = useState<'cash' | 'card'>('cash');
  const [receipt, setReceipt] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [refunding, setRefunding] = useState<Payment | null>(null);
  const [reason, setReason] = useState('');
  const payments = useQuery({
    queryKey: ['payments', recordId],
    queryFn: () => api<Reply<'GET /api/records/:id/payments'>>(`/api/records/${recordId}/payments`),
  });
  const awaiting = status === 'awaiting_payment';
  const items = payments.data?.items ?? [];
  if (!awaiting && items.length === 0) return null;
  const refresh = async () => {
    for (const key of ['payments', 'record', 'timeline', 'actions'])
      await queries.invalidateQueries({ queryKey: [key, recordId] });
  };
  const record = async () => {
    setBusy(true);
    setError(null);
    try {
      await api(`/api/records/${recordId}/payments/counter`, {
        method: 'POST',
        body: JSON.stringify({ channel, receiptNumber: receipt.trim() }),
      });
      message.success(t('wsPay.recorded'));
      setReceipt('');
      await refresh();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const refund = async () => {
    if (!refunding) return;
    setBusy(true);
    setError(null);
    try {
      await api(`/api/payments/${refunding.id}/refund`, {
        method: 'POST',
        body: JSON.stringify({ reason: reason.trim() }),
      });
      message.success(t('wsPay.refunded'));
      setRefunding(null);
      setReason('');
      await refresh();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('wsPay.heading')}</h2>}>
      <Flex vertical gap={8}>
        {items.length === 0 ? (
          <Typography.Text>{t('wsPay.none')}</Typography.Text>
        ) : (
          <List
            size="small"
            dataSource={items}
            renderItem={(p) => (
              <List.Item key={p.id}>
                <Flex vertical gap={2}>
                  <span>
                    <Tag>{t(`wsPay.via.${p.channel}`)}</Tag>
                    {vnd(p.amountVnd)} · {t(`wsPay.state.${p.state}`)}
                    {p.settledAt ? ` · ${formatDateTime(p.settledAt)}` : ''}
                    {p.counterReceipt ? ` · ${p.counterReceipt}` : ''}
                  </span>
                  {p.receiptNumber && (
                    <a href={`/api/payments/${p.id}/receipt.pdf`} target="_blank" rel="noreferrer">
                      {t('wsPay.receipt', { receipt: p.receiptNumber })}
                    </a>
                  )}
                  {p.note && <Typography.Text type="warning">{p.note}</Typography.Text>}
                  {p.refundedAt && (
                    <Typography.Text type="secondary">
                      {t('wsPay.refunded')} {formatDateTime(p.refundedAt)}: {p.refundReason}
                    </Typography.Text>
                  )}
                  {p.state === 'paid' && !p.refundedAt && roles.includes('leader') && (
                    <Button
                      size="small"
                      danger
                      onClick={() => setRefunding(p)}
                      style={{ width: 'fit-content' }}
                    >
                      {t('wsPay.refund')}
                    </Button>
                  )}
                </Flex>
              </List.Item>
            )}
          />
        )}
        {awaiting && roles.some((r) => r === 'reception' || r === 'specialist' || r === 'leader') && (
          <Flex gap={8} wrap align="end">
            <Flex vertical>
              <label htmlFor={`pay-channel-${recordId}`}>{t('wsPay.channel')}</label>
              <Select
                id={`pay-channel-${recordId}`}
                value={channel}
                onChange={setChannel}
                style={{ width: 160 }}
                options={[
                  { value: 'cash', label: t('wsPay.cash') },
                  { value: 'card', label: t('wsPay.card') },
                ]}
              />
            </Flex>
            <Flex vertical>
              <label htmlFor={`pay-receipt-${recordId}`}>{t('wsPay.receiptNumber')}</label>
              <Input
                id={`pay-receipt-${recordId}`}
                value={receipt}
                maxLength={100}
                onChange={(e) => setReceipt(e.target.value)}
              />
            </Flex>
            <Button type="primary" loading={busy} disabled={!receipt.trim()} onClick={() => void record()}>
              {t('wsPay.record')}
            </Button>
          </Flex>
        )}
        {error && <Alert type="error" showIcon role="alert" message={error} />}
      </Flex>
      <Modal
        open={refunding !== null}
        title={t('wsPay.refund')}
        okText={t('wsPay.refund')}
        okButtonProps={{ danger: true, disabled: reason.trim().length < 5, loading: busy }}
        onOk={() => void refund()}
        onCancel={() => setRefunding(null)}
      >
        <label htmlFor="refund-reason">{t('wsPay.refundReason')}</label>
        <Input.TextArea
          id="refund-reason"
          rows={3}
          maxLength={1000}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </Card>
  );
}
