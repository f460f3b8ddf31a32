import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Flex, Row, Select, Statistic, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api.ts';
import { CommuneSelect } from '../components/CommuneSelect.tsx';
import { EmptyText } from '../components/EmptyText.tsx';
import { TrendChart, type TrendPoint } from '../components/TrendChart.tsx';
import type { Reply } from '../contracts.ts';
import { formatDate } from '../format.ts';
import type { Me } from '../session.tsx';
import { AgencySelect } from './admin/AgencySelect.tsx';
import { StepPerformanceCard } from './StepPerformance.tsx';

/** `GET /api/reports/statistics`, one row per group and a total. */
type Statistics = Reply<'GET /api/reports/statistics'>;
type StatisticsRow = Statistics['total'];
/**
 * `GET /api/reports/index766`: points are null where the system cannot measure an indicator yet; the total is
 * on the measured basis (`measuredMax`), never extrapolated to `max`.
 */
type Index766 = Reply<'GET /api/reports/index766'>;

type Preset = 'month' | 'lastMonth' | 'quarter' | 'year' | 'custom';
type ScopeKind = 'city' | 'unit' | 'agency';

const ISO = 'YYYY-MM-DD';
const SHOWN = 'DD/MM/YYYY';

/** Today in Vietnam, whatever the browser's zone. */
function vnToday(): Dayjs {
  return dayjs(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date()));
}

/** The days of a preset period, up to today (days not yet lived count nothing, and would count as overdue). */
function presetPeriod(preset: Exclude<Preset, 'custom'>, today: Dayjs): [Dayjs, Dayjs] {
  if (preset === 'lastMonth') {
    const last = today.startOf('month').subtract(1, 'month');
    return [last, last.endOf('month')];
  }
  if (preset === 'quarter') {
    const first = today.month(today.month() - (today.month() % 3)).startOf('month');
    return [first, today];
  }
  return [today.startOf(preset === 'year' ? 'year' : 'month'), today];
}

const numbers = new Intl.NumberFormat('vi-VN');
const percents = new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 });
const points = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
const formatCount = (n: number) => numbers.format(n);
const formatRate = (r: number | null) => (r === null ? '—' : percents.format(r));

/** Sorts with the missing (null) values last, whichever the direction. */
function byNumber(get: (r: StatisticsRow) => number | null) {
  return (a: StatisticsRow, b: StatisticsRow, order?: 'ascend' | 'descend' | null) => {
    const x = get(a);
    const y = get(b);
    if (x === null || y === null) return x === y ? 0 : (x === null ? 1 : -1) * (order === 'descend' ? -1 : 1);
    return x - y;
  };
}

/**
 * The leaders' dashboard: for a period (this month, last month, this quarter, this year or chosen days) and
 * a scope (monitors and administrators: the city, a commune or an agency; a leader: their own agency), the
 * key numbers, the trend by month, agencies ranked, each agency's steps held for other agencies (inter-agency
 * steps), the channels, the Decision 766 index, and the same statistics as an Excel file.
 */
export function DashboardPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const ids = useId();
  const everywhere = me.roles.includes('monitor') || me.roles.includes('admin');
  const [preset, setPreset] = useState<Preset>('month');
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => presetPeriod('month', vnToday()));
  const [scopeKind, setScopeKind] = useState<ScopeKind>('city');
  const [unit, setUnit] = useState<string | undefined>();
  const [agencyId, setAgencyId] = useState<string | undefined>();

  const choosePreset = (p: Preset) => {
    setPreset(p);
    if (p !== 'custom') setRange(presetPeriod(p, vnToday()));
  };
  const chooseDay = (which: 0 | 1, day: Dayjs | null) => {
    if (!day) return;
    setPreset('custom');
    setRange((r) => (which === 0 ? [day, r[1]] : [r[0], day]));
  };

  // The query every part of the page (and the Excel file) answers; a scope not yet chosen asks nothing.
  const scopeReady = !everywhere || scopeKind === 'city' || (scopeKind === 'unit' ? !!unit : !!agencyId);
  const query = useMemo(() => {
    const s = new URLSearchParams({ from: range[0].format(ISO), to: range[1].format(ISO) });
    if (everywhere && scopeKind === 'unit' && unit) s.set('unit', `2025:${unit}`);
    if (everywhere && scopeKind === 'agency' && agencyId) s.set('agencyId', agencyId);
    return s.toString();
  }, [range, everywhere, scopeKind, unit, agencyId]);

  const statistics = (groupBy: string) => ({
    queryKey: ['statistics', query, groupBy],
    enabled: scopeReady,
    queryFn: () => api<Statistics>(`/api/reports/statistics?${query}&groupBy=${groupBy}`),
  });
  const byAgency = useQuery(statistics('agency'));
  const byChannel = useQuery(statistics('channel'));
  const byMonth = useQuery(statistics('month'));
  const index = useQuery({
    queryKey: ['index766', query],
    enabled: scopeReady,
    retry: false,
    queryFn: () => api<Index766>(`/api/reports/index766?${query}`),
  });
  const ownAgency = useQuery({
    queryKey: ['agency', me.agencyId],
    enabled: !everywhere,
    queryFn: () => api<{ name: string }>(`/api/agencies/${me.agencyId}`),
  });

  const total = byAgency.data?.total;
  const empty = total !== undefined && total.received.total === 0 && total.carriedOver === 0;
  const trend: TrendPoint[] = useMemo(
    () =>
      (byMonth.data?.rows ?? []).map((r) => ({
        label: `${r.key.slice(5)}/${r.key.slice(0, 4)}`,
        received: r.received.total,
        resolved: r.resolved.total,
        onTimeRate: r.onTimeRate,
      })),
    [byMonth.data],
  );
  const names = useMemo(
    () => ({
      received: t('dash.kpi.received'),
      resolved: t('dash.kpi.resolved'),
      onTimeRate: t('dash.kpi.onTimeRate'),
    }),
    [t],
  );
  const count = useCallback(formatCount, []);
  const rate = useCallback(formatRate, []);
  const error = byAgency.error ?? byChannel.error ?? byMonth.error;

  const kpis: [string, string, number | null | undefined, (v: number | null) => string][] = [
    ['received', t('dash.kpi.received'), total?.received.total, (v) => formatCount(v ?? 0)],
    ['resolved', t('dash.kpi.resolved'), total?.resolved.total, (v) => formatCount(v ?? 0)],
    ['onTimeRate', t('dash.kpi.onTimeRate'), total?.onTimeRate, formatRate],
    ['overdue', t('dash.kpi.overdue'), total?.inProgress.overdue, (v) => formatCount(v ?? 0)],
  ];

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t('dash.heading')}
        </Typography.Title>
        <Button
          type="primary"
          href={`/api/reports/statistics.xlsx?${query}&groupBy=agency`}
          download
          disabled={!scopeReady}
        >
          {t('dash.excel')}
        </Button>
      </Flex>

      <Card size="small">
        <Flex gap={16} wrap align="end">
          <Flex vertical gap={4}>
            <label htmlFor={`${ids}-period`}>{t('dash.period.label')}</label>
            <Select<Preset>
              id={`${ids}-period`}
              value={preset}
              onChange={choosePreset}
              style={{ width: 180 }}
              options={(['month', 'lastMonth', 'quarter', 'year', 'custom'] as const).map((p) => ({
                value: p,
                label: t(`dash.period.${p}`),
              }))}
            />
          </Flex>
          <Flex vertical gap={4}>
            <label htmlFor={`${ids}-from`}>{t('dash.period.from')}</label>
            <DatePicker
              id={`${ids}-from`}
              format={SHOWN}
              allowClear={false}
              value={range[0]}
              onChange={(d) => chooseDay(0, d)}
            />
          </Flex>
          <Flex vertical gap={4}>
            <label htmlFor={`${ids}-to`}>{t('dash.period.to')}</label>
            <DatePicker
              id={`${ids}-to`}
              format={SHOWN}
              allowClear={false}
              value={range[1]}
              onChange={(d) => chooseDay(1, d)}
            />
          </Flex>
          {everywhere ? (
            <>
              <Flex vertical gap={4}>
                <label htmlFor={`${ids}-scope`}>{t('dash.scope.label')}</label>
                <Select<ScopeKind>
                  id={`${ids}-scope`}
                  value={scopeKind}
                  onChange={setScopeKind}
                  style={{ width: 180 }}
                  options={(['city', 'unit', 'agency'] as const).map((k) => ({
                    value: k,
                    label: t(`dash.scope.${k}`),
                  }))}
                />
              </Flex>
              {scopeKind === 'unit' && (
                <Flex vertical gap={4} style={{ minWidth: 280 }}>
                  <label htmlFor={`${ids}-unit`}>{t('dash.scope.commune')}</label>
                  <CommuneSelect id={`${ids}-unit`} value={unit} onChange={setUnit} />
                </Flex>
              )}
              {scopeKind === 'agency' && (
                <Flex vertical gap={4}>
                  <label htmlFor={`${ids}-agency`}>{t('dash.scope.theAgency')}</label>
                  <AgencySelect id={`${ids}-agency`} value={agencyId} onChange={setAgencyId} />
                </Flex>
              )}
            </>
          ) : (
            <Typography.Text>{t('dash.scope.own', { name: ownAgency.data?.name ?? '…' })}</Typography.Text>
          )}
        </Flex>
        <Typography.Paragraph style={{ margin: '8px 0 0' }}>
          {t('dash.period.shown', {
            from: formatDate(range[0].format(ISO)),
            to: formatDate(range[1].format(ISO)),
          })}
        </Typography.Paragraph>
      </Card>

      {!scopeReady && <Alert type="info" showIcon message={t('dash.scope.choose')} />}
      {error && <Alert type="error" showIcon role="alert" message={error.message} />}
      {empty && <Alert type="info" showIcon message={t('dash.empty')} />}

      <Row gutter={[12, 12]}>
        {kpis.map(([key, label, value, format]) => (
          <Col key={key} xs={12} md={6}>
            <Card size="small" aria-label={label} role="region">
              <Statistic
                title={label}
                loading={scopeReady && byAgency.isPending}
                value={value ?? 0}
                formatter={() => (value === undefined ? '—' : format(value))}
                styles={key === 'overdue' && (value ?? 0) > 0 ? { content: { color: '#c62828' } } : undefined}
              />
            </Card>
          </Col>
        ))}
      </Row>

      <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dash.trend.heading')}</h2>}>
        {byMonth.isPending && scopeReady ? (
          <Typography.Text>{t('dash.loading')}</Typography.Text>
        ) : trend.length === 0 ? (
          <EmptyText>{t('dash.trend.empty')}</EmptyText>
        ) : (
          <figure style={{ margin: 0 }}>
            <TrendChart points={trend} names={names} formatCount={count} formatRate={rate} />
            <figcaption>{t('dash.trend.caption')}</figcaption>
            <Table<TrendPoint>
              rowKey="label"
              size="small"
              pagination={false}
              dataSource={trend}
              style={{ marginTop: 8 }}
              columns={[
                { title: t('dash.trend.month'), dataIndex: 'label' },
                { title: t('dash.kpi.received'), dataIndex: 'received', align: 'right', render: formatCount },
                { title: t('dash.kpi.resolved'), dataIndex: 'resolved', align: 'right', render: formatCount },
                {
                  title: t('dash.kpi.onTimeRate'),
                  dataIndex: 'onTimeRate',
                  align: 'right',
                  render: formatRate,
                },
              ]}
            />
          </figure>
        )}
      </Card>

      <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dash.ranking.heading')}</h2>}>
        <Table<StatisticsRow>
          rowKey="key"
          size="small"
          pagination={false}
          loading={scopeReady && byAgency.isPending}
          dataSource={byAgency.data?.rows ?? []}
          scroll={{ x: 640 }}
          locale={{ emptyText: <EmptyText>{t('dash.ranking.empty')}</EmptyText> }}
          showSorterTooltip={false}
          columns={[
            { title: t('dash.ranking.agency'), dataIndex: 'name' },
            {
              title: t('dash.kpi.received'),
              align: 'right',
              render: (_: unknown, r) => formatCount(r.received.total),
            },
            {
              title: t('dash.kpi.resolved'),
              align: 'right',
              render: (_: unknown, r) => formatCount(r.resolved.total),
            },
            {
              key: 'onTimeRate',
              title: t('dash.kpi.onTimeRate'),
              align: 'right',
              sorter: byNumber((r) => r.onTimeRate),
              sortDirections: ['descend', 'ascend'],
              defaultSortOrder: 'descend',
              render: (_: unknown, r) => formatRate(r.onTimeRate),
            },
            {
              key: 'overdue',
              title: t('dash.kpi.overdue'),
              align: 'right',
              sorter: byNumber((r) => r.inProgress.overdue),
              sortDirections: ['descend', 'ascend'],
              render: (_: unknown, r) => formatCount(r.inProgress.overdue),
            },
          ]}
        />
      </Card>

      <StepPerformanceCard query={query} enabled={scopeReady} />

      <Row gutter={[12, 12]}>
        <Col xs={24} md={index.data ? 12 : 24}>
          <Card
            size="small"
            title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dash.channels.heading')}</h2>}
          >
            <Table<StatisticsRow>
              rowKey="key"
              size="small"
              pagination={false}
              loading={scopeReady && byChannel.isPending}
              dataSource={byChannel.data?.rows ?? []}
              locale={{ emptyText: <EmptyText>{t('dash.channels.empty')}</EmptyText> }}
              columns={[
                {
                  title: t('dash.channels.channel'),
                  dataIndex: 'key',
                  render: (k: string) => t(`channel.${k}`, { defaultValue: k }),
                },
                {
                  title: t('dash.kpi.received'),
                  align: 'right',
                  render: (_: unknown, r) => formatCount(r.received.total),
                },
                {
                  title: t('dash.channels.share'),
                  align: 'right',
                  render: (_: unknown, r) =>
                    formatRate(
                      byChannel.data?.total.received.total
                        ? r.received.total / byChannel.data.total.received.total
                        : null,
                    ),
                },
                {
                  title: t('dash.kpi.onTimeRate'),
                  align: 'right',
                  render: (_: unknown, r) => formatRate(r.onTimeRate),
                },
              ]}
            />
          </Card>
        </Col>
        {index.data && (
          <Col xs={24} md={12}>
            <Card
              size="small"
              title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('dash.index766.heading')}</h2>}
            >
              <Statistic
                title={t('dash.index766.total')}
                value={`${points.format(index.data.total)} / ${points.format(index.data.measuredMax)}`}
              />
              <Typography.Text type="secondary" data-testid="index766-basis">
                {t('dash.index766.basis', {
                  measured: points.format(index.data.measuredMax),
                  max: points.format(index.data.max),
                  unmeasured: index.data.unmeasured.join(', ') || '—',
                })}
              </Typography.Text>
              <Table
                rowKey="id"
                size="small"
                pagination={false}
                dataSource={index.data.groups}
                style={{ marginTop: 8 }}
                columns={[
                  { title: t('dash.index766.group'), dataIndex: 'name' },
                  {
                    title: t('dash.index766.points'),
                    align: 'right',
                    render: (_: unknown, g: Index766['groups'][number]) =>
                      g.points === null
                        ? t('dash.index766.notMeasured')
                        : g.measuredMax < g.max
                          ? t('dash.index766.groupBasis', {
                              points: points.format(g.points),
                              measured: points.format(g.measuredMax),
                              max: points.format(g.max),
                            })
                          : `${points.format(g.points)} / ${points.format(g.max)}`,
                  },
                ]}
              />
            </Card>
          </Col>
        )}
      </Row>
      {index.error instanceof ApiError && index.error.status !== 404 && (
        <Alert type="warning" showIcon message={`${t('dash.index766.heading')}: ${index.error.message}`} />
      )}
    </Flex>
  );
}
