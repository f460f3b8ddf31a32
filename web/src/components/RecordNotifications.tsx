import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Collapse, List, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import type { Reply } from '../contracts.ts';
import { formatDateTime } from '../format.ts';

type Notifications = Reply<'GET /api/records/:id/notifications'>;

const COLOR = { queued: 'default', sent: 'blue', delivered: 'green', failed: 'orange', dead: 'red' } as const;

/**
 * The messages sent to the applicant about the record (issue 18): channel, recipient, what it said and where
 * its delivery stands, with each step (queued, sent, failed, retried, delivered, …). A failed or dead one
 * says so and what to do.
 */
export function RecordNotifications({ recordId }: { recordId: string }) {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: ['record-notifications', recordId],
    queryFn: () => api<Notifications>(`/api/records/${recordId}/notifications`),
    // Receipts arrive after the message: refresh while something is on its way.
    refetchInterval: (q) =>
      q.state.data?.items.some((m) => m.status === 'queued' || m.status === 'sent' || m.status === 'failed')
        ? 5000
        : false,
  });
  const items = list.data?.items ?? [];
  const failing = items.some((m) => m.status === 'failed' || m.status === 'dead');
  return (
    <Card
      size="small"
      data-testid="record-notifications"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ws.record.notifications')}</h2>}
    >
      {failing && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          message={t('ws.record.notificationFailedHint')}
        />
      )}
      {list.data && items.length === 0 && (
        <Typography.Text type="secondary">{t('ws.record.notificationsNone')}</Typography.Text>
      )}
      <List
        dataSource={items}
        renderItem={(m) => (
          <List.Item data-testid="notification">
            <div style={{ width: '100%' }}>
              <div>
                <Tag>{t(`ws.record.notifyChannel.${m.channel}`)}</Tag>
                <strong>{t(`ws.record.notifyKind.${m.kind}`)}</strong> — {m.recipient}{' '}
                <Tag color={COLOR[m.status]} data-testid="notification-status">
                  {t(`ws.record.notifyStatus.${m.status}`)}
                </Tag>
                {m.lastError && <Typography.Text type="danger">{m.lastError}</Typography.Text>}
              </div>
              <Collapse
                size="small"
                ghost
                items={[
                  {
                    key: 'body',
                    label: m.channel === 'email' ? m.subject : m.shortText,
                    children: (
                      <>
                        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
                          {m.channel === 'email' ? m.body : m.shortText}
                        </Typography.Paragraph>
                        <Timeline
                          items={m.steps.map((s) => ({
                            children: [
                              t(`ws.record.notifyStatus.${s.status}`),
                              formatDateTime(s.at),
                              s.detail,
                            ]
                              .filter(Boolean)
                              .join(' — '),
                          }))}
                        />
                      </>
                    ),
                  },
                ]}
              />
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}
