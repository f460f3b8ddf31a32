import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Flex, Input, List, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api.ts';
import { useClearable } from '../components/clearable.tsx';
import type { Reply } from '../contracts.ts';
import { GroupsEntry } from './Groups.tsx';

// Solid tags in dark colours: the preset light tags fail WCAG contrast (axe-core, 3.4:1).

type Summary = Reply<'GET /api/procedures'>['items'][number];

/** Procedure search: with or without diacritics, filtered by field and level; the query lives in the address. */
export function Home() {
  const { t } = useTranslation();
  const clearable = useClearable();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const level = params.get('level') ?? '';
  const field = params.get('field') ?? '';
  const fields = useQuery({
    queryKey: ['procedure-fields'],
    queryFn: () => api<{ items: { field: string; count: number }[] }>('/api/procedures/fields'),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const search = useQuery({
    queryKey: ['procedures', q, level, field],
    queryFn: () => {
      const s = new URLSearchParams({ limit: '30' });
      if (q) s.set('q', q);
      if (level) s.set('level', level);
      if (field) s.set('field', field);
      return api<{ total: number; items: Summary[] }>(`/api/procedures?${s}`);
    },
  });
  const update = (next: Record<string, string>) => {
    const merged = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) merged.set(k, v);
      else merged.delete(k);
    }
    setParams(merged);
  };
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {t('home.heading')}
      </Typography.Title>
      <Flex gap={8} wrap>
        <Input.Search
          aria-label={t('home.heading')}
          placeholder={t('home.placeholder')}
          defaultValue={q}
          enterButton={t('home.search')}
          allowClear={clearable}
          onSearch={(value) => update({ q: value.trim() })}
          style={{ flex: '1 1 320px' }}
        />
        <Select
          aria-label={t('home.level')}
          value={level}
          onChange={(v) => update({ level: v })}
          style={{ width: 180 }}
          options={[
            { value: '', label: t('home.anyLevel') },
            { value: 'city', label: t('home.city') },
            { value: 'commune', label: t('home.commune') },
          ]}
        />
        <Select
          aria-label={t('home.field')}
          value={field}
          onChange={(v) => update({ field: v })}
          showSearch
          optionFilterProp="label"
          style={{ flex: '1 1 240px', maxWidth: 420 }}
          options={[
            { value: '', label: t('home.anyField') },
            ...(fields.data?.items ?? []).map((f) => ({ value: f.field, label: `${f.field} (${f.count})` })),
          ]}
        />
      </Flex>
      <GroupsEntry />
      {search.error && <Alert type="error" showIcon message={search.error.message} />}
      {search.data && (
        <Card size="small" title={t('home.results', { count: search.data.total })}>
          <List
            dataSource={search.data.items}
            locale={{ emptyText: t('home.empty') }}
            renderItem={(p) => (
              <List.Item key={p.code}>
                <List.Item.Meta
                  title={<Link to={`/thu-tuc/${encodeURIComponent(p.code)}`}>{p.name}</Link>}
                  description={
                    <Flex gap={4} wrap>
                      <Tag>{p.code}</Tag>
                      <Tag>{p.field}</Tag>
                      <Tag
                        color={
                          p.onlineLevel === 'full'
                            ? '#1b5e20'
                            : p.onlineLevel === 'partial'
                              ? '#0d47a1'
                              : 'default'
                        }
                      >
                        {t(`home.online.${p.onlineLevel}`)}
                      </Tag>
                      {p.crossBoundary && <Tag color="#4a148c">{t('home.crossBoundary')}</Tag>}
                      {p.timeLimit && (
                        <Tag>{t(`timeUnits.${p.timeLimit.unit}`, { count: p.timeLimit.value })}</Tag>
                      )}
                    </Flex>
                  }
                />
              </List.Item>
            )}
          />
        </Card>
      )}
    </Flex>
  );
}
