import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, call } from '../api.ts';
import type { Reply } from '../contracts.ts';
import { type Me, MFA_PATH } from '../session.tsx';

type Enrolment = Reply<'POST /api/auth/totp/enrolment'>;

/**
 * "Xác thực hai lớp": enrol a TOTP authenticator (QR code of the otpauth:// URI, or the secret typed in),
 * confirmed by a first code. An administrator without one lands here after signing in and can do nothing
 * else until it is done; then back to the page they were going to.
 */
export function MfaPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const status = useQuery({ queryKey: ['totp'], queryFn: () => call('GET /api/auth/totp') });
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  // Shown once, right after the confirmation; the official goes on when they say they saved them.
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const next = params.get('next');
  const target = next?.startsWith('/can-bo') && !next.startsWith(MFA_PATH) ? next : '/can-bo';
  useEffect(() => {
    if (enrolment) void QRCode.toDataURL(enrolment.uri, { margin: 1, width: 240 }).then(setQr);
  }, [enrolment]);
  const run = async (f: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await f();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const enrolled = done || status.data?.enrolled;
  return (
    <Card style={{ maxWidth: 520, margin: '0 auto' }}>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('sess.mfa.heading')}
      </Typography.Title>
      {me.mfaEnrolmentRequired && !done && (
        <Alert type="warning" showIcon message={t('sess.mfa.required')} style={{ marginBottom: 16 }} />
      )}
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 16 }} />}
      {enrolled ? (
        <>
          <Alert
            type="success"
            showIcon
            role="status"
            message={done ? t('sess.mfa.done') : t('sess.mfa.enrolled')}
          />
          {recoveryCodes ? (
            <>
              <Typography.Title level={2} style={{ fontSize: 18, marginTop: 16 }}>
                {t('sess.mfa.recoveryHeading')}
              </Typography.Title>
              <Typography.Paragraph>{t('sess.mfa.recoveryIntro')}</Typography.Paragraph>
              <ul data-testid="recovery-codes" style={{ fontFamily: 'monospace', fontSize: 16 }}>
                {recoveryCodes.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
              <Button
                type="primary"
                onClick={async () => {
                  setRecoveryCodes(null);
                  await queries.resetQueries({ queryKey: ['me'] });
                  if (me.mfaEnrolmentRequired) navigate(target, { replace: true });
                }}
              >
                {t('sess.mfa.recoverySaved')}
              </Button>
            </>
          ) : (
            status.data?.enrolled && (
              <Form
                layout="vertical"
                style={{ marginTop: 12 }}
                onFinish={(v: { code: string }) =>
                  run(async () => {
                    const renewed = await api<Reply<'POST /api/auth/totp/recovery-codes'>>(
                      '/api/auth/totp/recovery-codes',
                      { method: 'POST', body: JSON.stringify(v) },
                    );
                    setRecoveryCodes(renewed.recoveryCodes);
                    await queries.invalidateQueries({ queryKey: ['totp'] });
                  })
                }
              >
                <Typography.Paragraph>
                  {t('sess.mfa.recoveryLeft', { count: status.data.recoveryCodesLeft })}{' '}
                  {t('sess.mfa.renewHint')}
                </Typography.Paragraph>
                <Form.Item
                  name="code"
                  label={t('sess.code')}
                  rules={[{ required: true, message: t('ws.required') }]}
                >
                  <Input autoComplete="one-time-code" inputMode="numeric" maxLength={6} />
                </Form.Item>
                <Button htmlType="submit" loading={busy}>
                  {t('sess.mfa.renew')}
                </Button>
              </Form>
            )
          )}
        </>
      ) : status.data && !enrolment ? (
        <>
          <Typography.Paragraph>{t('sess.mfa.notEnrolled')}</Typography.Paragraph>
          <Button
            type="primary"
            loading={busy}
            onClick={() => run(async () => setEnrolment(await call('POST /api/auth/totp/enrolment')))}
          >
            {t('sess.mfa.start')}
          </Button>
        </>
      ) : enrolment ? (
        <Form
          layout="vertical"
          onFinish={(v: { code: string }) =>
            run(async () => {
              const confirmed = await api<Reply<'POST /api/auth/totp/enrolment/confirm'>>(
                '/api/auth/totp/enrolment/confirm',
                { method: 'POST', body: JSON.stringify(v) },
              );
              setRecoveryCodes(confirmed.recoveryCodes);
              setDone(true);
              setEnrolment(null);
              await queries.invalidateQueries({ queryKey: ['totp'] });
            })
          }
        >
          <Typography.Paragraph>{t('sess.mfa.scan')}</Typography.Paragraph>
          {qr && <img src={qr} alt={t('sess.mfa.qrAlt')} width={240} height={240} />}
          <Typography.Paragraph>
            {t('sess.mfa.secret')}:{' '}
            <Typography.Text code copyable data-testid="totp-secret">
              {enrolment.secret}
            </Typography.Text>
          </Typography.Paragraph>
          <Form.Item
            name="code"
            label={t('sess.code')}
            rules={[{ required: true, message: t('ws.required') }]}
          >
            <Input autoComplete="one-time-code" inputMode="numeric" maxLength={6} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('sess.mfa.confirm')}
          </Button>
        </Form>
      ) : null}
    </Card>
  );
}
