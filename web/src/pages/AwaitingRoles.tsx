import { Alert, Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Me } from '../session.tsx';

/**
 * "Chờ phân quyền": an official signed in by single sign-on whom no claim rule gives a role yet. Every
 * other page is refused them by the server (403 auth.awaiting_roles); this one says why and what to do.
 */
export function AwaitingRolesPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <Card style={{ maxWidth: 560, margin: '0 auto' }}>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('ws.awaiting.heading')}
      </Typography.Title>
      <Alert type="info" showIcon message={t('ws.awaiting.body')} style={{ marginBottom: 12 }} />
      <Typography.Paragraph>
        {t('ws.awaiting.who', { name: me.displayName, username: me.username })}
      </Typography.Paragraph>
    </Card>
  );
}
