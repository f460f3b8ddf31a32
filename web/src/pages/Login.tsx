import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Divider, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../api.ts';
import type { Reply } from '../contracts.ts';
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
  // Single sign-on (the city SSO) when the server has an issuer; a refused one comes back with its code.
  const sso = useQuery({
    queryKey: ['sso'],
    queryFn: () => api<Reply<'GET /api/auth/sso'>>('/api/auth/sso'),
    staleTime: 300_000,
  });
  const ssoError = params.get('sso_error');
  const ssoReasons = [
    'sso.state_invalid',
    'sso.token_invalid',
    'sso.unknown_agency',
    'sso.provider_error',
    'sso.unavailable',
    'auth.invalid_credentials',
  ];
  return (
    <Card style={{ maxWidth: 420, margin: '0 auto' }}>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('ws.login.heading')}
      </Typography.Title>
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 16 }} />}
      {ssoError && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          message={t('ws.login.ssoFailed', {
            reason: t(
              `ws.login.ssoReason.${ssoReasons.includes(ssoError) ? ssoError.replace('.', '_') : 'other'}`,
            ),
          })}
        />
      )}
      {sso.data?.enabled && (
        <>
          <Button type="primary" href="/api/auth/sso/login" block>
            {t('ws.login.sso')}
          </Button>
          <Divider plain>{t('ws.login.or')}</Divider>
        </>
      )}
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
