import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Flex,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OfficialItem, OfficialsImportSummary } from '../../../../src/contracts/organisation.ts';
import { ApiError, api } from '../../api.ts';
import i18n from '../../i18n.ts';
import type { Me } from '../../session.tsx';
import { AgencySelect } from './AgencySelect.tsx';
import { toApiError } from './ProblemAlert.tsx';

const ROLES = ['reception', 'specialist', 'leader', 'monitor', 'admin'] as const;
type Official = Omit<OfficialItem, 'createdAt'> & { createdAt: string };
type Summary = OfficialsImportSummary;

/** Posts the HR export as multipart form data (the JSON helper would set a JSON content type). */
async function postImport(file: File, dryRun: boolean, deactivateMissing: boolean): Promise<Summary> {
  const body = new FormData();
  body.set('dryRun', String(dryRun));
  body.set('deactivateMissing', String(deactivateMissing));
  body.set('file', file, file.name);
  let res: Response;
  try {
    res = await fetch('/api/officials/import', {
      method: 'POST',
      body,
      headers: { accept: 'application/json', 'accept-language': i18n.language },
    });
  } catch (e) {
    throw toApiError(e);
  }
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.ok) return json as unknown as Summary;
  const errors = (json.errors ?? []) as { path: string; message: string; message_vi?: string }[];
  throw new ApiError(
    res.status,
    String(json.code ?? 'unknown'),
    String(json.title ?? i18n.t('error.generic')),
    errors.map((e) => ({ path: e.path, message: (i18n.language === 'vi' && e.message_vi) || e.message })),
  );
}

/**
 * Officials at city scale: search every account the administrator manages (name without marks, username,
 * agency, role, active), select rows for bulk role changes or deactivation, and import an HR export
 * (preview first, then import).
 */
export function OfficialsPage(_props: { me: Me }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [q, setQ] = useState('');
  const [agencyId, setAgencyId] = useState<string | undefined>();
  const [role, setRole] = useState<string | undefined>();
  const [active, setActive] = useState<string | undefined>();
  const [selected, setSelected] = useState<string[]>([]);
  const [bulkRole, setBulkRole] = useState<string>('leader');
  const [error, setError] = useState<ApiError | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [deactivateMissing, setDeactivateMissing] = useState(false);
  const [preview, setPreview] = useState<Summary | null>(null);
  const [busy, setBusy] = useState(false);

  const list = useInfiniteQuery({
    queryKey: ['officials', q, agencyId, role, active],
    initialPageParam: '',
    queryFn: ({ pageParam }) => {
      const s = new URLSearchParams({ limit: '50' });
      if (q.trim()) s.set('q', q.trim());
      if (agencyId) s.set('agencyId', agencyId);
      if (role) s.set('role', role);
      if (active) s.set('active', active);
      if (pageParam) s.set('after', pageParam);
      return api<{ items: Official[]; next: string | null }>(`/api/officials?${s}`);
    },
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const bulk = (path: string, payload: Record<string, unknown>) =>
    run(async () => {
      const out = await api<{ changed: number }>(path, {
        method: 'POST',
        body: JSON.stringify({ userIds: selected, ...payload }),
      });
      message.success(t('admin.officials.changed', { count: out.changed }));
      setSelected([]);
      await queries.invalidateQueries({ queryKey: ['officials'] });
    });
  const importFile = (dryRun: boolean) =>
    run(async () => {
      if (!file) return;
      const out = await postImport(file, dryRun, deactivateMissing);
      setPreview(out);
      if (!dryRun) {
        message.success(t('admin.officials.imported', { created: out.created, updated: out.updated }));
        await queries.invalidateQueries({ queryKey: ['officials'] });
      }
    });

  return (
    <Flex vertical gap={12}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('admin.officials.heading')}
      </Typography.Title>
      {error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          message={error.message}
          description={
            error.fields.length ? (
              <ul style={{ margin: 0, maxHeight: 240, overflow: 'auto' }}>
                {error.fields.map((f) => (
                  <li key={`${f.path}-${f.message}`}>{f.message}</li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      <section aria-labelledby="officials-import">
        <Typography.Title level={3} id="officials-import" style={{ marginTop: 0 }}>
          {t('admin.officials.importHeading')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('admin.officials.importHint')}</Typography.Paragraph>
        <Space wrap>
          <Upload
            accept=".xlsx,.csv"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              setPreview(null);
              return false;
            }}
            onRemove={() => {
              setFile(null);
              setPreview(null);
            }}
          >
            <Button>{t('admin.officials.chooseFile')}</Button>
          </Upload>
          <Checkbox checked={deactivateMissing} onChange={(e) => setDeactivateMissing(e.target.checked)}>
            {t('admin.officials.deactivateMissing')}
          </Checkbox>
          <Button disabled={!file} loading={busy} onClick={() => importFile(true)}>
            {t('admin.officials.preview')}
          </Button>
          <Button type="primary" disabled={!preview?.dryRun} loading={busy} onClick={() => importFile(false)}>
            {t('admin.officials.import')}
          </Button>
        </Space>
        {preview && (
          <Alert
            style={{ marginTop: 8 }}
            type={preview.dryRun ? 'info' : 'success'}
            showIcon
            role="status"
            message={t(
              preview.dryRun ? 'admin.officials.previewResult' : 'admin.officials.importResult',
              preview,
            )}
            description={
              <ul style={{ margin: 0, maxHeight: 200, overflow: 'auto' }}>
                {preview.changes.map((c) => (
                  <li key={`${c.action}-${c.username}`}>
                    {t(`admin.officials.action.${c.action}`)}: {c.displayName} ({c.username})
                    {c.fields.length ? ` — ${c.fields.join(', ')}` : ''}
                  </li>
                ))}
              </ul>
            }
          />
        )}
      </section>
      <section aria-labelledby="officials-search">
        <Typography.Title level={3} id="officials-search">
          {t('admin.officials.searchHeading')}
        </Typography.Title>
        <Space wrap>
          <Input.Search
            aria-label={t('admin.officials.search')}
            placeholder={t('admin.officials.search')}
            allowClear
            onSearch={(v) => setQ(v)}
            style={{ width: 280 }}
          />
          <label htmlFor="officials-agency">{t('admin.users.agency')}</label>
          <AgencySelect
            id="officials-agency"
            value={agencyId ?? ''}
            onChange={(v) => setAgencyId(v || undefined)}
          />
          <Select
            aria-label={t('admin.users.roles')}
            placeholder={t('admin.users.roles')}
            allowClear
            style={{ width: 180 }}
            value={role}
            onChange={setRole}
            options={ROLES.map((r) => ({ value: r, label: t(`admin.users.role.${r}`) }))}
          />
          <Select
            aria-label={t('admin.users.status')}
            placeholder={t('admin.users.status')}
            allowClear
            style={{ width: 160 }}
            value={active}
            onChange={setActive}
            options={[
              { value: 'true', label: t('admin.users.active') },
              { value: 'false', label: t('admin.users.inactive') },
            ]}
          />
        </Space>
      </section>
      <Space wrap aria-label={t('admin.officials.bulk')}>
        <Typography.Text>{t('admin.officials.selected', { count: selected.length })}</Typography.Text>
        <Select
          aria-label={t('admin.officials.bulkRole')}
          style={{ width: 180 }}
          value={bulkRole}
          onChange={setBulkRole}
          options={ROLES.map((r) => ({ value: r, label: t(`admin.users.role.${r}`) }))}
        />
        <Button
          disabled={!selected.length}
          loading={busy}
          onClick={() => bulk('/api/officials/bulk-roles', { add: [bulkRole] })}
        >
          {t('admin.officials.addRole')}
        </Button>
        <Button
          disabled={!selected.length}
          loading={busy}
          onClick={() => bulk('/api/officials/bulk-roles', { remove: [bulkRole] })}
        >
          {t('admin.officials.removeRole')}
        </Button>
        <Button
          danger
          disabled={!selected.length}
          loading={busy}
          onClick={() => bulk('/api/officials/bulk-active', { active: false })}
        >
          {t('admin.officials.deactivate')}
        </Button>
        <Button
          disabled={!selected.length}
          loading={busy}
          onClick={() => bulk('/api/officials/bulk-active', { active: true })}
        >
          {t('admin.officials.reactivate')}
        </Button>
      </Space>
      <Table<Official>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={rows}
        pagination={false}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) }}
        columns={[
          { title: t('admin.users.displayName'), dataIndex: 'displayName' },
          { title: t('admin.users.username'), dataIndex: 'username' },
          { title: t('admin.users.agency'), dataIndex: 'agencyName' },
          { title: t('admin.officials.position'), dataIndex: 'position' },
          {
            title: t('admin.users.roles'),
            dataIndex: 'roles',
            render: (roles: string[]) => roles.map((r) => <Tag key={r}>{t(`admin.users.role.${r}`)}</Tag>),
          },
          {
            title: t('admin.users.status'),
            dataIndex: 'active',
            render: (a: boolean) =>
              a ? t('admin.users.active') : <Tag color="red">{t('admin.users.inactive')}</Tag>,
          },
        ]}
      />
      {list.hasNextPage && (
        <Button onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('admin.officials.more')}
        </Button>
      )}
    </Flex>
  );
}
