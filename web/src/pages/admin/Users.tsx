import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Flex, Form, Input, Modal, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { type ApiError, api } from '../../api.ts';
import type { Reply } from '../../contracts.ts';
import { formatDate } from '../../format.ts';
import type { Me } from '../../session.tsx';
import { AgencySelect } from './AgencySelect.tsx';
import { applyFieldErrors, ProblemAlert, toApiError } from './ProblemAlert.tsx';

const ROLES = ['reception', 'specialist', 'leader', 'monitor', 'admin'] as const;
type Role = (typeof ROLES)[number];

type User = Reply<'GET /api/users'>['items'][number];

interface UserForm {
  username?: string;
  password?: string;
  displayName: string;
  roles: Role[];
  active?: boolean;
}

const FIELDS = ['username', 'displayName', 'password', 'roles', 'active'] as const;

/** The officials of one agency: create an account, edit name, roles and the active flag. */
export function UsersPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queries = useQueryClient();
  const [params, setParams] = useSearchParams();
  const agencyId = params.get('co-quan') ?? me.agencyId;
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<UserForm>();
  const list = useInfiniteQuery({
    queryKey: ['users', agencyId],
    initialPageParam: '',
    queryFn: ({ pageParam }) => {
      const s = new URLSearchParams({ agencyId, limit: '50' });
      if (pageParam) s.set('after', pageParam);
      return api<{ items: User[]; next: string | null }>(`/api/users?${s}`);
    },
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const labels: Record<string, string> = {
    ...Object.fromEntries(FIELDS.map((f) => [f, t(`admin.users.${f}`)])),
    agencyId: t('admin.users.agency'),
  };
  const self = editing !== null && editing !== 'new' && editing.id === me.userId;

  const open = (u: User | 'new') => {
    setError(null);
    form.resetFields();
    if (u !== 'new')
      form.setFieldsValue({
        displayName: u.displayName,
        roles: u.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
        active: u.active,
      });
    setEditing(u);
  };

  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      if (editing === 'new') {
        await api('/api/users', {
          method: 'POST',
          body: JSON.stringify({
            username: v.username,
            displayName: v.displayName,
            password: v.password,
            agencyId,
            roles: v.roles,
          }),
        });
        message.success(t('admin.users.created', { username: v.username?.trim().toLowerCase() }));
      } else if (editing) {
        await api(`/api/users/${editing.id}`, {
          method: 'PATCH',
          body: JSON.stringify({ displayName: v.displayName, roles: v.roles, active: v.active }),
        });
        message.success(t('admin.users.updated', { username: editing.username }));
        // My own name or roles may have changed: the header and the workspace read them from `me`.
        if (editing.id === me.userId) await queries.invalidateQueries({ queryKey: ['me'] });
      }
      setEditing(null);
      await queries.invalidateQueries({ queryKey: ['users', agencyId] });
    } catch (e) {
      const problem = toApiError(e);
      setError(problem);
      applyFieldErrors(form, problem, FIELDS);
    } finally {
      setBusy(false);
    }
  };

  /** A random temporary password from the server, shown once; the official must change it at sign-in. */
  const reset = (u: User) =>
    modal.confirm({
      title: t('admin.users.reset'),
      content: t('admin.users.resetConfirm', { username: u.username }),
      okText: t('admin.users.reset'),
      cancelText: t('admin.cancel'),
      onOk: async () => {
        try {
          const { temporaryPassword } = await api<{ temporaryPassword: string }>(
            `/api/users/${u.id}/password-reset`,
            { method: 'POST' },
          );
          modal.info({
            title: t('admin.users.reset'),
            content: (
              <>
                <p>{t('admin.users.resetDone', { username: u.username })}</p>
                <Typography.Text code copyable data-testid="temporary-password">
                  {temporaryPassword}
                </Typography.Text>
              </>
            ),
          });
        } catch (e) {
          message.error(toApiError(e).message);
        }
      },
    });
  /** Removes the official's second factor (a lost phone, no recovery code left); their sessions end. */
  const resetTotp = (u: User) =>
    modal.confirm({
      title: t('admin.users.resetTotp'),
      content: t('admin.users.resetTotpConfirm', { username: u.username }),
      okText: t('admin.users.resetTotp'),
      cancelText: t('admin.cancel'),
      onOk: async () => {
        try {
          await api(`/api/users/${u.id}/totp`, { method: 'DELETE' });
          message.success(t('admin.users.resetTotpDone', { username: u.username }));
        } catch (e) {
          message.error(toApiError(e).message);
        }
      },
    });
  const required = { required: true, message: t('ws.required') };
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t('admin.users.heading')}
      </Typography.Title>
      <Flex gap={8} wrap align="center" justify="space-between">
        <Flex gap={8} align="center" wrap>
          <label htmlFor="users-agency">{t('admin.users.agency')}</label>
          <AgencySelect
            id="users-agency"
            value={agencyId}
            onChange={(id) => setParams({ 'co-quan': id }, { replace: true })}
          />
        </Flex>
        <Button type="primary" onClick={() => open('new')}>
          {t('admin.users.add')}
        </Button>
      </Flex>
      {list.error && <Alert type="error" showIcon message={list.error.message} />}
      <Table<User>
        rowKey="id"
        size="small"
        loading={list.isPending}
        pagination={false}
        dataSource={rows}
        scroll={{ x: 760 }}
        locale={{ emptyText: t('admin.users.empty') }}
        columns={[
          { title: t('admin.users.username'), dataIndex: 'username' },
          {
            title: t('admin.users.displayName'),
            dataIndex: 'displayName',
            render: (name: string, u) => (u.id === me.userId ? `${name} ${t('admin.users.you')}` : name),
          },
          {
            title: t('admin.users.roles'),
            dataIndex: 'roles',
            render: (roles: Role[]) => (
              <Flex gap={4} wrap>
                {roles.map((r) => (
                  <Tag key={r} color="#0d47a1">
                    {t(`admin.users.role.${r}`, { defaultValue: r })}
                  </Tag>
                ))}
              </Flex>
            ),
          },
          {
            title: t('admin.users.status'),
            dataIndex: 'active',
            render: (active: boolean) =>
              active ? t('admin.users.active') : <Tag color="#595959">{t('admin.users.inactive')}</Tag>,
          },
          { title: t('admin.users.createdAt'), dataIndex: 'createdAt', render: (d: string) => formatDate(d) },
          {
            title: t('admin.actions'),
            key: 'actions',
            render: (_: unknown, u) => (
              <Flex gap={4} wrap>
                <Button size="small" onClick={() => open(u)} aria-label={`${t('admin.edit')} ${u.username}`}>
                  {t('admin.edit')}
                </Button>
                {u.id !== me.userId && (
                  <Button
                    size="small"
                    onClick={() => reset(u)}
                    aria-label={`${t('admin.users.reset')} ${u.username}`}
                  >
                    {t('admin.users.reset')}
                  </Button>
                )}
                {u.id !== me.userId && (
                  <Button
                    size="small"
                    onClick={() => resetTotp(u)}
                    aria-label={`${t('admin.users.resetTotp')} ${u.username}`}
                  >
                    {t('admin.users.resetTotp')}
                  </Button>
                )}
              </Flex>
            ),
          },
        ]}
      />
      {list.hasNextPage && (
        <Button onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('admin.more')}
        </Button>
      )}
      <Modal
        open={editing !== null}
        title={
          editing === 'new'
            ? t('admin.users.addTitle')
            : t('admin.users.editTitle', { username: editing?.username ?? '' })
        }
        okText={t('admin.save')}
        cancelText={t('admin.cancel')}
        confirmLoading={busy}
        onOk={save}
        onCancel={() => setEditing(null)}
        forceRender
      >
        {error && <ProblemAlert error={error} labels={labels} />}
        {self && (
          <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('admin.users.selfHint')} />
        )}
        <Form form={form} layout="vertical">
          {editing === 'new' && (
            <>
              <Form.Item
                name="username"
                label={labels.username}
                extra={t('admin.users.usernameHint')}
                rules={[
                  required,
                  { pattern: /^\s*[A-Za-z0-9._-]{3,64}\s*$/, message: t('admin.users.usernameHint') },
                ]}
              >
                <Input autoComplete="off" maxLength={64} />
              </Form.Item>
              <Form.Item
                name="password"
                label={labels.password}
                extra={t('admin.users.passwordHint')}
                rules={[required, { min: 10, message: t('admin.users.passwordHint') }]}
              >
                <Input.Password autoComplete="new-password" maxLength={256} />
              </Form.Item>
            </>
          )}
          <Form.Item
            name="displayName"
            label={labels.displayName}
            rules={[{ ...required, whitespace: true }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            name="roles"
            label={labels.roles}
            // A validator, not `required`: Ant Design would put aria-required on the group's plain div
            // (not allowed there, axe-core says), while each checkbox has its own label.
            rules={[
              {
                validator: (_, v?: Role[]) =>
                  v?.length ? Promise.resolve() : Promise.reject(new Error(t('admin.users.rolesRequired'))),
              },
            ]}
          >
            <Checkbox.Group
              options={ROLES.map((r) => ({
                value: r,
                label: t(`admin.users.role.${r}`),
                disabled: self && r === 'admin',
              }))}
            />
          </Form.Item>
          {editing !== 'new' && (
            <Form.Item name="active" label={labels.active} valuePropName="checked">
              <Switch disabled={self} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Flex>
  );
}
