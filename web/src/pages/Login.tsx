import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Divider, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../api.ts';
import type { LoginChallenge, Reply } from '../contracts.ts';
import { changePasswordPath, mfaEnrolmentPath, SESSION_ENDED_PARAM } from '../session.tsx';

type Signed = Reply<'POST /api/auth/login'>;

/**
 * Officials sign in; the session is an httpOnly cookie; then back to the page they came from. An account
 * with a second factor gives its TOTP code next (the password step answers 202 with a challenge).
 */
export function LoginPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [challenge, setChallenge] = useState<string | null>(null);
  const next = params.get('next');
  const target = next?.startsWith('/can-bo') ? next : '/can-bo';
  const ended = params.get(SESSION_ENDED_PARAM) !== null;
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
    'sso.link_refused',
    'sso.provider_error',
    'sso.unavailable',
    'auth.invalid_credentials',
  ];
  const submit = async (run: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await run();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const enter = async (res: Signed) => {
    // Reset, not invalidate: a cached 401 would send us straight back here while refetching.
    await queries.resetQueries();
    // After an administrator's reset, a new password comes first; an administrator without a second factor enrols one.
    navigate(
      res.actor.mustChangePassword
        ? changePasswordPath(target)
        : res.actor.mfaEnrolmentRequired
          ? mfaEnrolmentPath(target)
          : target,
      { replace: true },
    );
  };
  return (
    <Card style={{ maxWidth: 420, margin: '0 auto' }}>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {challenge ? t('sess.codeHeading') : t('ws.login.heading')}
      </Typography.Title>
      {ended && !error && !challenge && (
        <Alert type="warning" showIcon role="status" message={t('sess.ended')} style={{ marginBottom: 16 }} />
      )}
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
      {sso.data?.enabled && !challenge && (
        <>
          <Button type="primary" href="/api/auth/sso/login" block>
            {t('ws.login.sso')}
          </Button>
          <Divider plain>{t('ws.login.or')}</Divider>
        </>
      )}
      {challenge ? (
        <Form
          key="code"
          layout="vertical"
          onFinish={(v: { code: string }) =>
            submit(async () => {
              const res = await api<Signed>('/api/auth/login/totp', {
                method: 'POST',
                body: JSON.stringify({ challenge, code: v.code }),
              });
              await enter(res);
            })
          }
        >
          <Typography.Paragraph>{t('sess.codeHint')}</Typography.Paragraph>
          <Form.Item
            name="code"
            label={t('sess.code')}
            rules={[{ required: true, message: t('ws.required') }]}
          >
            {/* 6 digits, or a recovery code (xxxxx-xxxxx) when the phone is lost. */}
            <Input autoComplete="one-time-code" maxLength={12} autoFocus />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} block>
            {t('sess.verify')}
          </Button>
          <Button
            type="link"
            block
            onClick={() => {
              setChallenge(null);
              setError(null);
            }}
          >
            {t('sess.backToPassword')}
          </Button>
        </Form>
      ) : (
        <Form
          key="password"
          layout="vertical"
          onFinish={(v: { username: string; password: string }) =>
            submit(async () => {
              const res = await api<Signed | LoginChallenge>('/api/auth/login', {
                method: 'POST',
                body: JSON.stringify(v),
              });
              if ('challenge' in res) setChallenge(res.challenge);
              else await enter(res);
            })
          }
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
      )}
    </Card>
  );
}
