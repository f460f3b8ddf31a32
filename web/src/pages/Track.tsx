import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Flex, Form, Input, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError, api } from '../api.ts';
import { formatDate, formatDateTime } from '../format.ts';

interface Tracking {
  code: string;
  status: string;
  nationalStatus: number | null;
  nationalStatusName: string | null;
  receivedAt: string | null;
  appointment: { dueDate: string; dueAt: string } | null;
  steps: { step: string; finishedAt: string; timing: 'early' | 'on_time' | 'late' }[];
  reasons?: string[];
}

/** Tracking by record code and the last 4 digits of the applicant's phone or personal ID. */
export function TrackPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const track = useMutation({
    mutationFn: (v: { code: string; check: string }) =>
      api<Tracking>(
        `/api/public/records/${encodeURIComponent(v.code.trim())}?check=${encodeURIComponent(v.check)}`,
      ),
  });
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
          setParams({ code: v.code.trim() });
          track.mutate(v);
        }}
      >
        <Form.Item
          name="code"
          label={t('track.code')}
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
        <Card title={track.data.code}>
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
            {track.data.reasons?.length ? (
              <Descriptions.Item label={t('track.reasons')}>
                {track.data.reasons.join('; ')}
              </Descriptions.Item>
            ) : null}
          </Descriptions>
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
