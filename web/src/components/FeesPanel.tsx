import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Flex, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api.ts';
import type { Reply } from '../contracts.ts';
import { formatDateTime } from '../format.ts';

/** Đồng as Vietnamese write it: 1.250.000 đ. */
export function formatVnd(amount: number): string {
  return `${String(Math.trunc(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đ`;
}

/** One fee line as the panel shows it. */
export interface FeeRow {
  readonly name: string;
  readonly quantity: number;
  readonly amountVnd: number;
  readonly note: string;
}

type PaymentQr = Reply<'GET /api/records/:id/payment-qr'>;

/**
 * The fees computed at reception and, when a payment is awaited, how to pay it by bank transfer: the VietQR
 * code to the agency's fee account, with the account and the reference (the record code) written out.
 * `qrUrl` is the JSON route of the QR (official or public with the tracking check); the image is the same
 * route with `.png`.
 */
export function FeesPanel(props: {
  readonly totalVnd: number | null;
  readonly rows: readonly FeeRow[];
  readonly payment: {
    readonly totalVnd: number;
    readonly confirmedAt: string | null;
    readonly requestedAt: string;
  } | null;
  readonly awaitingPayment: boolean;
  readonly qrUrl: string;
}) {
  const { t } = useTranslation();
  const open = props.awaitingPayment && props.payment && !props.payment.confirmedAt;
  const [path, query] = props.qrUrl.split('?') as [string, string | undefined];
  const qr = useQuery({
    queryKey: ['payment-qr', props.qrUrl],
    queryFn: () => api<PaymentQr>(props.qrUrl),
    enabled: !!open,
    retry: false,
  });
  if (props.totalVnd === null && !props.payment) return null;
  const missingAccount = qr.error instanceof ApiError && qr.error.status === 409;
  return (
    <section aria-labelledby="fees-heading" data-testid="fees-panel">
      <Typography.Title level={2} id="fees-heading" style={{ fontSize: 16 }}>
        {t('fees.heading')}
      </Typography.Title>
      {props.totalVnd !== null && (
        <>
          <Table<FeeRow>
            size="small"
            pagination={false}
            rowKey={(r) => r.name}
            dataSource={[...props.rows]}
            columns={[
              { title: t('fees.line'), dataIndex: 'name' },
              { title: t('fees.quantity'), dataIndex: 'quantity', width: 90 },
              {
                title: t('fees.amount'),
                dataIndex: 'amountVnd',
                width: 140,
                render: (v: number) => formatVnd(v),
              },
              { title: t('fees.note'), dataIndex: 'note' },
            ]}
          />
          <Typography.Paragraph strong style={{ marginTop: 8 }} data-testid="fees-total">
            {t('fees.total', { amount: formatVnd(props.totalVnd) })}
          </Typography.Paragraph>
        </>
      )}
      {props.payment?.confirmedAt && (
        <Alert
          type="success"
          showIcon
          message={t('fees.paid', {
            amount: formatVnd(props.payment.totalVnd),
            at: formatDateTime(props.payment.confirmedAt),
          })}
        />
      )}
      {open && props.payment && (
        <Flex vertical gap={8}>
          <Alert
            type="warning"
            showIcon
            message={t('fees.due', { amount: formatVnd(props.payment.totalVnd) })}
            description={t('fees.howToPay')}
          />
          {missingAccount && <Alert type="info" showIcon message={t('fees.noAccount')} />}
          {qr.data && (
            <Flex gap={16} wrap align="flex-start">
              <img
                src={`${path}.png${query ? `?${query}` : ''}`}
                alt={t('fees.qrAlt', { amount: formatVnd(qr.data.amountVnd), reference: qr.data.reference })}
                width={220}
                height={220}
                data-testid="payment-qr"
              />
              <Descriptions size="small" column={1} bordered>
                <Descriptions.Item label={t('fees.bank')}>{qr.data.bankName}</Descriptions.Item>
                <Descriptions.Item label={t('fees.account')}>{qr.data.accountNumber}</Descriptions.Item>
                <Descriptions.Item label={t('fees.holder')}>{qr.data.accountName}</Descriptions.Item>
                <Descriptions.Item label={t('fees.amountDue')}>
                  {formatVnd(qr.data.amountVnd)}
                </Descriptions.Item>
                <Descriptions.Item label={t('fees.reference')}>
                  <code data-testid="payment-reference">{qr.data.reference}</code>
                </Descriptions.Item>
              </Descriptions>
            </Flex>
          )}
        </Flex>
      )}
    </section>
  );
}
