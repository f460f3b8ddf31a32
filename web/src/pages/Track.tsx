import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Flex, Form, Input, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError, api } from '../api.ts';
import { FeesPanel } from '../components/FeesPanel.tsx';
import type { Reply } from '../contracts.ts';
import { formatDate, formatDateTime } from '../format.ts';
import { MyPayments } from './MyPayments.tsx';

type Tracking = Reply<'GET /api/public/records/:code'>;

/** One signed result the applicant may download. */
export type PublicResult = Reply<'GET /api/public/records/:id/mine/results'>['items'][number];

/** The issued electronic results of a tracked record, each a download link (code and check in the address). */
function TrackedResults({ code, check }: { code: string; check: string }) {
  const { t } = useTranslation();
  const base = `/api/public/records/${encodeURIComponent(code)}/results`;
  const query = `?check=${encodeURIComponent(check)}`;
  const results = useQuery({
    queryKey: ['tracked-results', code, check],
    queryFn: () => api<Reply<'GET /api/public/records/:code/results'>>(`${base}${query}`),
  });
  if (!results.data?.items.length) return null;
  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 16 }}>
        {t('track.results')}
      </Typography.Title>
      <ul>
        {results.data.items.map((r) => (
          <li key={r.id}>
            <a href={`${base}/${r.id}${query}`} download>
              {t('track.download', { name: r.number ? `${r.name} (${r.number})` : r.name })}
            </a>{' '}
            — {formatDateTime(r.signedAt)}
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * Tracking by record code (or an online submission's reference) and the last 4 digits of the applicant's
 * phone or personal ID; once the record is found, its issued electronic results can be downloaded.
 */
export function TrackPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const track = useMutation({
    mutationFn: async (v: { code: string; check: string }) => ({
      ...(await api<Tracking>(
        `/api/public/records/${encodeURIComponent(v.code.trim())}?check=${encodeURIComponent(v.check)}`,
      )),
      typed: v.code.trim(),
      check: v.check,
    }),
  });
  const r = track.data?.reasons;
  // What the agency asked for or why it extended, in one line.
  const reasons = r ? [...r.completion, ...r.supplement, ...(r.extension ? [r.extension] : [])] : [];
  const notFound =
    track.error instanceof ApiError && (track.error.status === 404 || track.error.status === 422);
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {t('track.heading')}
      </Typography.Title>
      <Form
        layout="vertical"
        initialValues={{ code: params.get('code') ?? '', check: '' }}
        onFinish={(v: { code: string; check: string }) => {
          // Back from the payment platform (…&thanhToan=…): kept, so that the platform is asked at once.
          const paid = params.get('thanhToan');
          setParams({ code: v.code.trim(), ...(paid ? { thanhToan: paid } : {}) });
          track.mutate(v);
        }}
      >
        <Form.Item
          name="code"
          label={t('track.codeOrReference')}
          rules={[{ required: true, whitespace: true, message: t('track.codeRequired') }]}
        >
          <Input placeholder={t('track.codePlaceholder')} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="check"
          label={t('track.check')}
          rules={[{ required: true, pattern: /^\d{4}$/, message: t('track.checkInvalid') }]}
        >
          <Input inputMode="numeric" maxLength={4} style={{ width: 120 }} autoComplete="off" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={track.isPending}>
          {t('track.submit')}
        </Button>
      </Form>
      {track.error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          message={notFound ? t('track.notFound') : track.error.message}
        />
      )}
      {track.data && (
        <Card title={track.data.code ?? track.data.reference}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('track.status')}>
              <Tag color="#b71c1c">{track.data.nationalStatusName ?? track.data.status}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('track.received')}>
              {formatDateTime(track.data.receivedAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('track.appointment')}>
              {formatDate(track.data.appointment?.dueDate)}
            </Descriptions.Item>
            {reasons.length ? (
              <Descriptions.Item label={t('track.reasons')}>{reasons.join('; ')}</Descriptions.Item>
            ) : null}
          </Descriptions>
          <FeesPanel
            totalVnd={track.data.fees?.totalVnd ?? null}
            rows={(track.data.fees?.lines ?? []).map((l) => ({
              name: l.name,
              quantity: l.quantity,
              amountVnd: l.amountVnd,
              note: [
                ...(l.exempted ? [t('fees.exempted')] : []),
                ...(l.reduced ? [t('fees.reduced')] : []),
                ...(l.legalBasis ? [l.legalBasis] : []),
              ].join('; '),
            }))}
            payment={track.data.payment}
            awaitingPayment={track.data.status === 'awaiting_payment'}
            qrUrl={`/api/public/records/${encodeURIComponent(track.data.code ?? track.data.typed)}/payment-qr?check=${encodeURIComponent(track.data.check)}`}
          />
          {(track.data.status === 'awaiting_payment' || track.data.payment?.confirmedAt) && (
            <MyPayments
              id={track.data.code ?? track.data.typed}
              base={`/api/public/records/${encodeURIComponent(track.data.code ?? track.data.typed)}/tracked-payments`}
              query={`?check=${encodeURIComponent(track.data.check)}`}
            />
          )}
          <TrackedResults code={track.data.code ?? track.data.typed} check={track.data.check} />
          {track.data.steps.length > 0 && (
            <>
              <Typography.Title level={2} style={{ fontSize: 16 }}>
                {t('track.steps')}
              </Typography.Title>
              <Timeline
                items={track.data.steps.map((s) => ({
                  color: s.timing === 'late' ? 'red' : 'green',
                  children: `${s.step} — ${formatDateTime(s.finishedAt)} (${t(`track.timing.${s.timing}`)})`,
                }))}
              />
            </>
          )}
        </Card>
      )}
    </Flex>
  );
}
