import { useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Button, Flex, Input, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api.ts';
import { useClearable } from '../../components/clearable.tsx';
import type { Agency } from './AgencySelect.tsx';

const KINDS = [
  'service_center',
  'one_stop',
  'peoples_committee',
  'department',
  'reception_point',
  'sector_body',
] as const;
const PAGE = 50;

/** Agencies searched by name or code, filtered by kind and level; each opens its own page. */
export function AgenciesPage() {
  const { t } = useTranslation();
  const clearable = useClearable();
  // Opened from a readiness reason (`?q=` the agency's name), the search starts with it.
  const [params] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const [kind, setKind] = useState(params.get('loai') ?? '');
  const [level, setLevel] = useState('');
  const list = useInfiniteQuery({
    queryKey: ['agencies', 'admin', q, kind, level],
    initialPageParam: 0,
    queryFn: ({ pageParam }) => {
      const s = new URLSearchParams({ limit: String(PAGE), offset: String(pageParam) });
      if (q) s.set('q', q);
      if (kind) s.set('kind', kind);
      if (level) s.set('level', level);
      return api<{ items: Agency[] }>(`/api/agencies?${s}`);
    },
    getNextPageParam: (last, pages) => (last.items.length === PAGE ? pages.length * PAGE : undefined),
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t('admin.agencies.heading')}
      </Typography.Title>
      <Flex gap={8} wrap>
        <Input.Search
          aria-label={t('admin.agencies.search')}
          placeholder={t('admin.agencies.search')}
          defaultValue={q}
          allowClear={clearable}
          enterButton={t('home.search')}
          onSearch={(v) => setQ(v.trim())}
          style={{ maxWidth: 420 }}
        />
        <Select
          aria-label={t('admin.agencies.kind')}
          value={kind}
          onChange={setKind}
          style={{ width: 260 }}
          options={[
            { value: '', label: `${t('admin.agencies.kind')}: ${t('admin.agencies.any')}` },
            ...KINDS.map((k) => ({ value: k, label: t(`admin.agencies.kinds.${k}`) })),
          ]}
        />
        <Select
          aria-label={t('admin.agencies.level')}
          value={level}
          onChange={setLevel}
          style={{ width: 180 }}
          options={[
            { value: '', label: `${t('admin.agencies.level')}: ${t('admin.agencies.any')}` },
            { value: 'city', label: t('admin.agencies.levels.city') },
            { value: 'commune', label: t('admin.agencies.levels.commune') },
          ]}
        />
      </Flex>
      {list.error && <Alert type="error" showIcon message={list.error.message} />}
      <Table<Agency>
        rowKey="id"
        size="small"
        loading={list.isPending}
        pagination={false}
        dataSource={rows}
        scroll={{ x: 760 }}
        locale={{ emptyText: t('admin.agencies.empty') }}
        columns={[
          { title: t('admin.agencies.code'), dataIndex: 'code' },
          {
            title: t('admin.agencies.name'),
            dataIndex: 'name',
            render: (name: string, a) => <Link to={`/can-bo/quan-tri/co-quan/${a.id}`}>{name}</Link>,
          },
          {
            title: t('admin.agencies.kind'),
            dataIndex: 'kind',
            render: (k: string) => t(`admin.agencies.kinds.${k}`, { defaultValue: k }),
          },
          {
            title: t('admin.agencies.level'),
            dataIndex: 'level',
            render: (l: string) => t(`admin.agencies.levels.${l}`, { defaultValue: l }),
          },
          {
            title: t('admin.agencies.canReceive'),
            dataIndex: 'canReceive',
            render: (c: boolean) => (c ? t('admin.yes') : t('admin.no')),
          },
        ]}
      />
      {list.hasNextPage && (
        <Button onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('admin.more')}
        </Button>
      )}
    </Flex>
  );
}
