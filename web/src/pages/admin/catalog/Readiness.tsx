import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { call } from '../../../api.ts';
import { useClearable } from '../../../components/clearable.tsx';
import { CatalogNav } from './CatalogNav.tsx';
import {
  CHANNELS,
  type Channel,
  fixField,
  itemReasons,
  normalizeSummary,
  type ReadinessItem,
  type Reason,
  reasonName,
  reasonText,
} from './model.ts';

const PAGE = 25;

/** The edit page of a procedure, opened at `field` (a name path of its form, dotted). */
export function editPath(code: string, field?: string | null): string {
  return `/can-bo/quan-tri/thu-tuc/${encodeURIComponent(code)}${field ? `?truong=${encodeURIComponent(field)}` : ''}`;
}

/**
 * The "Sửa" link of a reason: the edit page at the field that fixes it, or for a sector body's open
 * service area, that agency in the agency list (its page sets the communes it serves).
 */
export function FixLink({ code, reason }: { code: string; reason: Reason }) {
  const { t } = useTranslation();
  let to: string | null = null;
  let label = '';
  if (reason.field === 'agency.servesUnitCodes') {
    const department = typeof reason.params.department === 'string' ? reason.params.department : '';
    to = `/can-bo/quan-tri/co-quan?loai=sector_body${department ? `&q=${encodeURIComponent(department)}` : ''}`;
    label = t('catalogAdmin.readiness.fixServiceArea', { agency: department || '—', code });
  } else {
    const fix = fixField(reason);
    if (fix) {
      to = editPath(code, fix);
      label = t('catalogAdmin.readiness.fixLabel', {
        what: t(`catalogAdmin.fields.${fix.split('.')[0]}`),
        code,
      });
    }
  }
  if (!to) return null;
  return (
    <>
      {' '}
      <Link to={to} aria-label={label} style={{ textDecoration: 'underline' }}>
        {t('catalogAdmin.readiness.fix')}
      </Link>
    </>
  );
}

/**
 * The catalogue's receivability for the city administrator: counts per channel and per reason, and the
 * procedures that cannot be received (filter by reason, field, name or code), each reason in plain words
 * with a link to the field of the edit page that fixes it. Filters live in the address, so "back" keeps them.
 */
export function ReadinessPageView() {
  const { t } = useTranslation();
  const clearable = useClearable();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const reason = params.get('ly-do') ?? '';
  const field = params.get('linh-vuc') ?? '';
  const all = params.get('tat-ca') === '1';
  const channelParam = params.get('kenh');
  const channel: Channel = CHANNELS.find((c) => c === channelParam) ?? 'in_person';
  const page = Math.max(1, Number(params.get('trang') ?? '1') || 1);
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('trang' in changes)) next.delete('trang');
    setParams(next, { replace: true });
  };

  const summary = useQuery({
    queryKey: ['catalog-readiness', 'summary'],
    queryFn: async () => normalizeSummary(await call('GET /api/catalog/readiness/summary')),
  });
  const fields = useQuery({
    queryKey: ['procedure-fields'],
    queryFn: () => call('GET /api/procedures/fields'),
    staleTime: 600_000,
  });
  const list = useQuery({
    queryKey: ['catalog-readiness', 'list', q, reason, field, all, channel, page],
    queryFn: () => {
      const s = new URLSearchParams({ limit: String(PAGE), offset: String((page - 1) * PAGE) });
      // `receivable` and `reason` apply to the chosen channel (without it the server reads
      // receivable=false as "at no channel", and the list would miss the summary's counts).
      s.set('channel', channel);
      if (!all) s.set('receivable', 'false');
      if (q) s.set('q', q);
      if (reason) s.set('reason', reason);
      if (field) s.set('field', field);
      return call('GET /api/catalog/readiness', { query: s });
    },
    placeholderData: (previous) => previous,
  });
  const s = summary.data;
  /** The reason counts of the chosen channel, as the list filtered by that reason totals them. */
  const channelReasons = (s?.channels.find((c) => c.channel === channel)?.reasons ?? []).filter(
    (r) => r.count > 0,
  );

  return (
    <Flex vertical gap={12}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t('catalogAdmin.readiness.heading')}
      </Typography.Title>
      <CatalogNav />
      <Typography.Paragraph style={{ margin: 0 }}>{t('catalogAdmin.readiness.hint')}</Typography.Paragraph>
      {summary.error && <Alert type="error" showIcon message={summary.error.message} />}
      {s && (
        <Card
          size="small"
          data-testid="readiness-summary"
          title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('catalogAdmin.readiness.summary')}</h2>}
        >
          <Typography.Paragraph data-testid="readiness-total">
            {t('catalogAdmin.readiness.total', { count: s.total })}
          </Typography.Paragraph>
          <Flex gap={16} wrap align="flex-start">
            <Table
              size="small"
              pagination={false}
              rowKey="channel"
              style={{ flex: '1 1 300px' }}
              dataSource={s.channels}
              columns={[
                {
                  title: t('catalogAdmin.readiness.channel'),
                  dataIndex: 'channel',
                  render: (c: string) => t(`channel.${c}`),
                },
                { title: t('catalogAdmin.readiness.receivable'), dataIndex: 'receivable', align: 'right' },
                {
                  title: t('catalogAdmin.readiness.notReceivable'),
                  dataIndex: 'notReceivable',
                  align: 'right',
                },
              ]}
            />
            <Table
              size="small"
              pagination={false}
              rowKey="code"
              style={{ flex: '2 1 380px' }}
              dataSource={channelReasons}
              columns={[
                {
                  title: t('catalogAdmin.readiness.reasonsAt', {
                    channel: t(`catalogAdmin.readiness.at.${channel}`),
                  }),
                  dataIndex: 'code',
                  render: (code: string) => (
                    <Button
                      type="link"
                      style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
                      onClick={() => set({ 'ly-do': code, 'tat-ca': null })}
                    >
                      {reasonName(t, code)}
                    </Button>
                  ),
                },
                { title: t('catalogAdmin.readiness.reasonCount'), dataIndex: 'count', align: 'right' },
              ]}
            />
          </Flex>
        </Card>
      )}
      <section aria-label={t('catalogAdmin.readiness.filter')}>
        <Flex gap={8} wrap>
          <Input.Search
            key={q}
            aria-label={t('catalogAdmin.readiness.search')}
            placeholder={t('catalogAdmin.readiness.search')}
            defaultValue={q}
            allowClear={clearable}
            enterButton={t('home.search')}
            onSearch={(v) => set({ q: v.trim() || null })}
            style={{ maxWidth: 380 }}
          />
          <Select
            aria-label={t('catalogAdmin.readiness.channel')}
            value={channel}
            onChange={(v) => set({ kenh: v === 'in_person' ? null : v })}
            style={{ width: 160 }}
            options={CHANNELS.map((c) => ({ value: c, label: t(`catalogAdmin.readiness.at.${c}`) }))}
          />
          <Select
            aria-label={t('catalogAdmin.readiness.reason')}
            value={reason}
            onChange={(v) => set({ 'ly-do': v || null })}
            style={{ width: 280 }}
            options={[
              { value: '', label: t('catalogAdmin.readiness.anyReason') },
              ...channelReasons.map((r) => ({
                value: r.code,
                label: `${reasonName(t, r.code)} (${r.count})`,
              })),
            ]}
          />
          <Select
            aria-label={t('catalogAdmin.readiness.field')}
            value={field}
            showSearch
            optionFilterProp="label"
            onChange={(v) => set({ 'linh-vuc': v || null })}
            style={{ width: 260 }}
            options={[
              { value: '', label: t('catalogAdmin.readiness.anyField') },
              ...(fields.data?.items ?? []).map((f) => ({ value: f.field, label: f.field })),
            ]}
          />
          <Select
            aria-label={t('catalogAdmin.readiness.show')}
            value={all ? 'all' : 'not'}
            onChange={(v) => set({ 'tat-ca': v === 'all' ? '1' : null })}
            style={{ width: 280 }}
            options={[
              { value: 'not', label: t('catalogAdmin.readiness.onlyNot') },
              { value: 'all', label: t('catalogAdmin.readiness.all') },
            ]}
          />
        </Flex>
      </section>
      {list.error && <Alert type="error" showIcon message={list.error.message} />}
      {list.data && (
        <Typography.Text data-testid="readiness-count">
          {t('catalogAdmin.readiness.listTotal', { count: list.data.total })}
        </Typography.Text>
      )}
      <Table<ReadinessItem>
        rowKey="code"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 760 }}
        locale={{ emptyText: t('catalogAdmin.readiness.empty') }}
        pagination={{
          current: page,
          pageSize: PAGE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          onChange: (p) => set({ trang: p > 1 ? String(p) : null }),
        }}
        columns={[
          {
            title: t('catalogAdmin.readiness.code'),
            dataIndex: 'code',
            width: 110,
            render: (code: string) => (
              <Link to={editPath(code)} aria-label={t('catalogAdmin.readiness.openLabel', { code })}>
                {code}
              </Link>
            ),
          },
          {
            title: t('catalogAdmin.readiness.name'),
            dataIndex: 'name',
            render: (name: string, item) => (
              <>
                <div>{name}</div>
                <Typography.Text type="secondary">{item.field}</Typography.Text>
              </>
            ),
          },
          {
            title: t('catalogAdmin.readiness.channels'),
            key: 'channels',
            width: 160,
            render: (_: unknown, item) => {
              const ok = CHANNELS.filter((c) => item.channels[c]?.receivable);
              return ok.length ? (
                <Flex gap={4} wrap>
                  {ok.map((c) => (
                    <Tag key={c} color="green">
                      {t(`channel.${c}`)}
                    </Tag>
                  ))}
                </Flex>
              ) : (
                <Typography.Text type="secondary">{t('catalogAdmin.readiness.none')}</Typography.Text>
              );
            },
          },
          {
            title: t('catalogAdmin.readiness.reasons'),
            key: 'reasons',
            render: (_: unknown, item) => (
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {itemReasons(item).map((r) => {
                  return (
                    <li key={`${r.code}|${r.field}|${r.channels.join()}`}>
                      {reasonText(t, r)}
                      {r.channels.length > 0 && r.channels.length < 3 && (
                        <Typography.Text type="secondary">
                          {' '}
                          ({r.channels.map((c) => t(`channel.${c}`)).join(', ')})
                        </Typography.Text>
                      )}
                      <FixLink code={item.code} reason={r} />
                    </li>
                  );
                })}
              </ul>
            ),
          },
        ]}
      />
    </Flex>
  );
}
