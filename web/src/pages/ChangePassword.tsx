import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError, api } from '../api.ts';
import type { Me } from '../session.tsx';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/**
 * An official changes their password (the current one is required). After an administrator's reset this
 * is the only page the workspace shows until it is done; then back to the page they were going to.
 */
export function ChangePasswordPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [form] = Form.useForm<PasswordForm>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = params.get('next');
  const target = next?.startsWith('/can-bo') && !next.startsWith('/can-bo/doi-mat-khau') ? next : '/can-bo';
  return (
    <Card style={{ maxWidth: 480, margin: '0 auto' }}>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('pwd.heading')}
      </Typography.Title>
      {me.mustChangePassword && (
        <Alert type="warning" showIcon message={t('pwd.mustChange')} style={{ marginBottom: 16 }} />
      )}
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v: PasswordForm) => {
          setBusy(true);
          setError(null);
          try {
            await api('/api/auth/password', {
              method: 'POST',
              body: JSON.stringify({ currentPassword: v.currentPassword, newPassword: v.newPassword }),
            });
            await queries.resetQueries({ queryKey: ['me'] });
            navigate(target, { replace: true, state: { passwordChanged: true } });
          } catch (e) {
            setError((e as Error).message);
            if (e instanceof ApiError)
              form.setFields(
                e.fields
                  .map((f) => ({ name: f.path.replace(/^body\./, ''), errors: [f.message] }))
                  .filter((f): f is { name: 'currentPassword' | 'newPassword'; errors: string[] } =>
                    ['currentPassword', 'newPassword'].includes(f.name),
                  ),
              );
          } finally {
            setBusy(false);
          }
        }}
      >
        {/* The username lets a password manager file the new password under the right account. */}
        <input type="hidden" name="username" autoComplete="username" value={me.username} readOnly />
        <Form.Item
          name="currentPassword"
          label={t('pwd.current')}
          rules={[{ required: true, message: t('ws.required') }]}
        >
          <Input.Password autoComplete="current-password" autoFocus />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('pwd.new')}
          extra={t('pwd.hint')}
          rules={[
            { required: true, message: t('ws.required') },
            { min: 10, message: t('pwd.hint') },
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={256} />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('pwd.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('ws.required') },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || value === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('pwd.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={256} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} block>
          {t('pwd.submit')}
        </Button>
      </Form>
    </Card>
  );
}
