import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api.ts';
import type { Reply } from '../contracts.ts';
import { formatDateTime } from '../format.ts';
import type { Me } from '../session.tsx';

type Session = Reply<'GET /api/auth/sessions'>['items'][number];

/** "Phiên đăng nhập": the signed-in official's sessions, each revocable, and all the others at once. */
export function SessionsPage(_: { me: Me }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const { message } = AntApp.useApp();
  // Always fresh: sessions end elsewhere (another device signs out, a revocation, a timeout).
  const list = useQuery({
    queryKey: ['sessions'],
    queryFn: () => call('GET /api/auth/sessions'),
    staleTime: 0,
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api(`/api/auth/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => {
      void message.success(t('sess.revoked'));
      void queries.invalidateQueries({ queryKey: ['sessions'] });
    },
  });
  const others = useMutation({
    mutationFn: () => call('POST /api/auth/sessions/revoke-others'),
    onSuccess: (r) => {
      void message.success(t('sess.revokedOthers', { count: r.revoked }));
      void queries.invalidateQueries({ queryKey: ['sessions'] });
    },
  });
  const failure = list.error ?? revoke.error ?? others.error;
  const methodLabel = (m: string) => {
    const key = `sess.methods.${m}`;
    const label = t(key);
    return label === key ? m : label;
  };
  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('sess.heading')}
      </Typography.Title>
      <Typography.Paragraph>{t('sess.intro')}</Typography.Paragraph>
      {failure && (
        <Alert type="error" showIcon role="alert" message={failure.message} style={{ marginBottom: 16 }} />
      )}
      <Space style={{ marginBottom: 12 }}>
        <Button
          onClick={() => others.mutate()}
          loading={others.isPending}
          disabled={(list.data?.items.length ?? 0) < 2}
        >
          {t('sess.revokeOthers')}
        </Button>
      </Space>
      <Table<Session>
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={false}
        columns={[
          {
            title: t('sess.device'),
            key: 'device',
            render: (_v, s) => (
              <Space>
                {s.userAgent ?? t('sess.unknownDevice')}
                {s.current && <Tag color="#1b5e20">{t('sess.current')}</Tag>}
              </Space>
            ),
          },
          { title: t('sess.address'), dataIndex: 'clientAddress', render: (v: string | null) => v ?? '—' },
          { title: t('sess.created'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
          { title: t('sess.lastSeen'), dataIndex: 'lastSeenAt', render: (v: string) => formatDateTime(v) },
          { title: t('sess.method'), dataIndex: 'method', render: (v: string) => methodLabel(v) },
          {
            title: '',
            key: 'revoke',
            render: (_v, s) =>
              s.current ? null : (
                <Button
                  danger
                  size="small"
                  aria-label={t('sess.revokeLabel', { at: formatDateTime(s.createdAt) })}
                  loading={revoke.isPending && revoke.variables === s.id}
                  onClick={() => revoke.mutate(s.id)}
                >
                  {t('sess.revoke')}
                </Button>
              ),
          },
        ]}
      />
    </Card>
  );
}
