import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Form, Input, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api } from '../../api.ts';
import type { Reply } from '../../contracts.ts';
import { applyFieldErrors, ProblemAlert, toApiError } from './ProblemAlert.tsx';

const ROLES = ['reception', 'specialist', 'leader', 'monitor', 'admin'] as const;
const FIELDS = ['agencyCode', 'position', 'roles'] as const;

type RoleRule = Reply<'GET /api/sso/role-rules'>['items'][number];

interface RuleForm {
  agencyCode?: string;
  position?: string;
  roles: RoleRule['roles'];
}

/**
 * The claim rules of single sign-on: which roles an official signed in by the city SSO holds, by the agency
 * code and position title it asserts. The server lets only city administrators change them (403 otherwise).
 */
export function RoleRulesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<RuleForm>();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const rules = useQuery({
    queryKey: ['sso-role-rules'],
    queryFn: () => api<Reply<'GET /api/sso/role-rules'>>('/api/sso/role-rules'),
  });
  const labels = Object.fromEntries(FIELDS.map((f) => [f, t(`admin.ssoRules.${f}`)]));
  const roleName = (r: string) => t(`admin.users.role.${r}`);

  const add = async (v: RuleForm) => {
    setBusy(true);
    setError(null);
    try {
      await api('/api/sso/role-rules', {
        method: 'POST',
        body: JSON.stringify({
          agencyCode: v.agencyCode?.trim() || null,
          position: v.position?.trim() || null,
          roles: v.roles,
        }),
      });
      message.success(t('admin.ssoRules.added'));
      form.resetFields();
      await queries.invalidateQueries({ queryKey: ['sso-role-rules'] });
    } catch (e) {
      const problem = toApiError(e);
      setError(problem);
      applyFieldErrors(form, problem, FIELDS);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (rule: RoleRule) => {
    try {
      await api<void>(`/api/sso/role-rules/${rule.id}`, { method: 'DELETE' });
      message.success(t('admin.ssoRules.removed'));
      await queries.invalidateQueries({ queryKey: ['sso-role-rules'] });
    } catch (e) {
      message.error(toApiError(e).message);
    }
  };

  const any = t('admin.ssoRules.any');
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t('admin.ssoRules.heading')}
      </Typography.Title>
      <Typography.Paragraph style={{ margin: 0 }}>{t('admin.ssoRules.intro')}</Typography.Paragraph>
      <Table<RoleRule>
        rowKey="id"
        size="small"
        loading={rules.isPending}
        dataSource={rules.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('admin.ssoRules.empty') }}
        columns={[
          { title: labels.agencyCode, dataIndex: 'agencyCode', render: (v: string | null) => v ?? any },
          { title: labels.position, dataIndex: 'position', render: (v: string | null) => v ?? any },
          {
            title: labels.roles,
            dataIndex: 'roles',
            render: (roles: string[]) => roles.map((r) => <Tag key={r}>{roleName(r)}</Tag>),
          },
          {
            title: '',
            key: 'actions',
            render: (_: unknown, rule) => (
              <Button
                size="small"
                danger
                onClick={() => remove(rule)}
                aria-label={t('admin.ssoRules.removeLabel', {
                  what: `${rule.agencyCode ?? any} / ${rule.position ?? any}`,
                })}
              >
                {t('admin.ssoRules.remove')}
              </Button>
            ),
          },
        ]}
      />
      {error && <ProblemAlert error={error} labels={labels} />}
      <Form<RuleForm> form={form} layout="vertical" onFinish={add} style={{ maxWidth: 520 }}>
        <Form.Item name="agencyCode" label={labels.agencyCode} extra={t('admin.ssoRules.agencyCodeHint')}>
          <Input />
        </Form.Item>
        <Form.Item name="position" label={labels.position} extra={t('admin.ssoRules.positionHint')}>
          <Input />
        </Form.Item>
        <Form.Item
          name="roles"
          label={labels.roles}
          rules={[{ required: true, message: t('admin.users.rolesRequired') }]}
        >
          <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: roleName(r) }))} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('admin.ssoRules.add')}
        </Button>
      </Form>
    </Flex>
  );
}
