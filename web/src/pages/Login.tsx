import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../api.ts';
import { changePasswordPath } from '../session.tsx';

/** Officials sign in; the session is an httpOnly cookie; then back to the page they came from. */
export function LoginPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = params.get('next');
  const target = next?.startsWith('/can-bo') ? next : '/can-bo';
  return (
    <Card style={{ maxWidth: 420, margin: '0 auto' }}>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('ws.login.heading')}
      </Typography.Title>
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 16 }} />}
      <Form
        layout="vertical"
        onFinish={async (v: { username: string; password: string }) => {
          setBusy(true);
          setError(null);
          try {
            const res = await api<{ actor: { mustChangePassword?: boolean } }>('/api/auth/login', {
              method: 'POST',
              body: JSON.stringify(v),
            });
            // Reset, not invalidate: a cached 401 would send us straight back here while refetching.
            await queries.resetQueries();
            // After an administrator's reset, a new password comes first.
            navigate(res.actor.mustChangePassword ? changePasswordPath(target) : target, { replace: true });
          } catch (e) {
            setError((e as Error).message);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item
          name="username"
          label={t('ws.login.username')}
          rules={[{ required: true, message: t('ws.required') }]}
        >
          <Input autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('ws.login.password')}
          rules={[{ required: true, message: t('ws.required') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} block>
          {t('ws.login.submit')}
        </Button>
      </Form>
    </Card>
  );
}
