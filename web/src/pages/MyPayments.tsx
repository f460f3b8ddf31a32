import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import type { Reply } from '../contracts.ts';

type Payments = Reply<'GET /api/public/records/:id/payments'>;
type Payment = Reply<'POST /api/public/records/:id/payments'>;

const vnd = (n: number) => new Intl.NumberFormat('vi-VN').format(n);

/**
 * The applicant's fees (issue 18): while the record awaits payment, pay online (the national payment
 * platform's page) or by bank transfer (the reference to write); back from the platform, ask it at once;
 * each paid payment's e-receipt to download.
 */
export function MyPayments({
  id,
  headers = {},
  base = `/api/public/records/${id}/payments`,
  query = '',
  qrUrl,
}: {
  id: string;
  headers?: Record<string, string>;
  /** Where this owner's payments are served: the applicant's (token), the tracked record's, the e-ID citizen's. */
  base?: string;
  /** Appended to each address (the tracking check). */
  query?: string;
  /** The VietQR code of the amount due, shown beside the buttons. */
  qrUrl?: string;
}) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const payments = useQuery({
    queryKey: ['mine-payments', id, base, query, headers['x-applicant-token']],
    queryFn: () => api<Payments>(`${base}${query}`, { headers }),
  });
  const pendingOnline = payments.data?.items.find((p) => p.channel === 'online' && p.state === 'pending');
  // Back from the platform (…?thanhToan=…): ask it now rather than wait for its callback.
  const back = new URLSearchParams(window.location.search).has('thanhToan');
  const asked = useRef(false);
  useEffect(() => {
    if (!back || !pendingOnline || asked.current) return;
    asked.current = true;
    void api(`${base}/${pendingOnline.id}/check${query}`, { method: 'POST', headers })
      .catch(() => undefined)
      .then(async () => {
        const left = new URLSearchParams(window.location.search);
        left.delete('thanhToan');
        window.history.replaceState(null, '', `${window.location.pathname}${left.size ? `?${left}` : ''}`);
        await queries.invalidateQueries({ queryKey: ['mine-payments', id] });
        await queries.invalidateQueries({ queryKey: ['mine', id] });
        await queries.invalidateQueries({ queryKey: ['citizen-record', id] });
      });
  }, [back, pendingOnline, id, base, query, headers, queries]);
  if (!payments.data) return null;
  const { awaitingPayment, amountDueVnd, items } = payments.data;
  if (!awaitingPayment && items.length === 0) return null;
  const last = items[0];
  const transfer = items.find((p) => p.channel === 'transfer' && p.state === 'pending');

  const start = async (channel: 'online' | 'transfer') => {
    setBusy(true);
    setError(null);
    try {
      const p = await api<Payment>(`${base}${query}`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ channel }),
      });
      if (channel === 'online' && p.redirectUrl) {
        window.location.assign(p.redirectUrl);
        return;
      }
      await queries.invalidateQueries({ queryKey: ['mine-payments', id] });
    } catch (e) {
      setError((e as Error).message || t('pay.unavailable'));
    } finally {
      setBusy(false);
    }
  };
  const download = async (p: Payment) => {
    setError(null);
    try {
      const res = await fetch(`${base}/${p.id}/receipt.pdf${query}`, { headers });
      if (!res.ok) throw new Error(((await res.json()) as { title?: string }).title ?? t('error.generic'));
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `${p.receiptNumber}.pdf`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(e instanceof Error ? e.message : t('error.network'));
    }
  };

  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('pay.heading')}</h2>}>
      <Flex vertical gap={8} align="start">
        {items
          .filter((p) => p.state === 'paid')
          .map((p) => (
            <Flex key={p.id} vertical gap={4}>
              <Alert
                type="success"
                showIcon
                message={t('pay.paid', { amount: vnd(p.amountVnd), receipt: p.receiptNumber })}
              />
              <Button type="link" style={{ padding: 0 }} onClick={() => void download(p)}>
                {t('pay.receipt', { receipt: p.receiptNumber })}
              </Button>
            </Flex>
          ))}
        {awaitingPayment && amountDueVnd !== null && (
          <>
            <Typography.Text strong>{t('pay.due', { amount: vnd(amountDueVnd) })}</Typography.Text>
            {last?.state === 'failed' && <Alert type="warning" showIcon message={t('pay.failed')} />}
            {last?.state === 'expired' && <Alert type="warning" showIcon message={t('pay.expired')} />}
            {pendingOnline && back && <Alert type="info" showIcon message={t('pay.pending')} />}
            <Flex gap={8} wrap>
              <Button type="primary" loading={busy} onClick={() => void start('online')}>
                {t('pay.online')}
              </Button>
              <Button loading={busy} onClick={() => void start('transfer')}>
                {t('pay.transfer')}
              </Button>
            </Flex>
            {qrUrl && (
              <img
                src={`${qrUrl}`}
                alt={t('pay.qrAlt')}
                width={200}
                height={200}
                data-testid="payment-qr-image"
              />
            )}
            {transfer?.transferReference && (
              <Alert
                type="info"
                showIcon
                message={t('pay.transferHint', {
                  amount: vnd(transfer.amountVnd),
                  reference: transfer.transferReference,
                })}
              />
            )}
          </>
        )}
        {error && <Alert type="error" showIcon role="alert" message={error} />}
      </Flex>
    </Card>
  );
}
