import { useQuery } from '@tanstack/react-query';
import { Button, Card, Flex, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { EmptyText } from '../components/EmptyText.tsx';

/** A row of `GET /api/reports/step-performance` (an agency, or the total with an empty agencyId). */
export interface StepPerformanceRow {
  agencyId: string;
  name: string;
  received: number;
  finished: { total: number; early: number; onTime: number; late: number };
  sentBack: number;
  closed: number;
  open: { total: number; overdue: number };
  onTimeRate: number | null;
}

const numbers = new Intl.NumberFormat('vi-VN');
const percents = new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 });
const count = (n: number) => numbers.format(n);

/**
 * The dashboard's section on inter-agency steps: each agency's performance on the steps it held for other
 * agencies' records in the period and scope of the page (`query`: from, to, agencyId or unit), with its
 * Excel file.
 */
export function StepPerformanceCard({ query, enabled }: { query: string; enabled: boolean }) {
  const { t } = useTranslation();
  const report = useQuery({
    queryKey: ['step-performance', query],
    enabled,
    queryFn: () =>
      api<{ rows: StepPerformanceRow[]; total: StepPerformanceRow }>(
        `/api/reports/step-performance?${query}`,
      ),
  });
  const rows = report.data
    ? [...report.data.rows, { ...report.data.total, name: t('dash.steps.total') }]
    : [];
  const num = (get: (r: StepPerformanceRow) => number) => ({
    align: 'right' as const,
    render: (_: unknown, r: StepPerformanceRow) => count(get(r)),
  });
  return (
    <Card
      size="small"
      role="region"
      aria-labelledby="step-performance-heading"
      title={
        <h2 id="step-performance-heading" style={{ fontSize: 16, margin: 0 }}>
          {t('dash.steps.heading')}
        </h2>
      }
      extra={
        <Button
          size="small"
          href={`/api/reports/step-performance.xlsx?${query}`}
          download
          disabled={!enabled}
        >
          {t('dash.steps.excel')}
        </Button>
      }
    >
      <Flex vertical gap={8}>
        <Typography.Text type="secondary">{t('dash.steps.intro')}</Typography.Text>
        <Table<StepPerformanceRow>
          rowKey={(r) => r.agencyId || 'total'}
          size="small"
          pagination={false}
          loading={enabled && report.isPending}
          dataSource={report.data?.rows.length ? rows : []}
          scroll={{ x: 900 }}
          locale={{ emptyText: <EmptyText>{t('dash.steps.empty')}</EmptyText> }}
          columns={[
            { title: t('dash.steps.agency'), dataIndex: 'name' },
            { title: t('dash.steps.received'), ...num((r) => r.received) },
            {
              title: t('dash.steps.finished'),
              children: [
                { title: t('dash.steps.early'), ...num((r) => r.finished.early) },
                { title: t('dash.steps.onTime'), ...num((r) => r.finished.onTime) },
                { title: t('dash.steps.late'), ...num((r) => r.finished.late) },
                { title: t('dash.steps.sentBack'), ...num((r) => r.sentBack) },
              ],
            },
            { title: t('dash.steps.closed'), ...num((r) => r.closed) },
            {
              title: t('dash.steps.open'),
              children: [
                { title: t('dash.steps.openTotal'), ...num((r) => r.open.total) },
                { title: t('dash.steps.overdue'), ...num((r) => r.open.overdue) },
              ],
            },
            {
              title: t('dash.kpi.onTimeRate'),
              align: 'right',
              render: (_: unknown, r) => (r.onTimeRate === null ? '—' : percents.format(r.onTimeRate)),
            },
          ]}
        />
      </Flex>
    </Card>
  );
}
