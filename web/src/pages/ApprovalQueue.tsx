import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Alert, Button, Flex, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api.ts';
import { type DeadlineFlag, DeadlineTag, deadlineRowClass } from '../components/DeadlineTag.tsx';
import { EmptyText } from '../components/EmptyText.tsx';
import { formatDate, formatDateTime } from '../format.ts';
import type { Me } from '../session.tsx';

interface Item {
  id: string;
  code: string | null;
  procedureCode: string;
  applicantName: string;
  dueAt: string | null;
  currentStepDueAt: string | null;
  currentAssigneeId: string | null;
  deadlineFlag: DeadlineFlag;
  stepDeadlineFlag: DeadlineFlag;
}

/**
 * The leader's approval queue: records of my agency whose current step is a leader's (assigned or not),
 * waiting for the decision, the step due first; each opens the record page with the actions the server
 * offers (approve, reject).
 */
export function ApprovalQueuePage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const list = useInfiniteQuery({
    queryKey: ['approval-queue'],
    initialPageParam: '',
    queryFn: ({ pageParam }) => {
      const s = new URLSearchParams({
        scope: 'agency',
        stepRole: 'leader',
        status: 'in_process',
        sort: 'step_due',
        limit: '20',
      });
      if (pageParam) s.set('after', pageParam);
      return api<{ items: Item[]; next: string | null }>(`/api/worklists?${s}`);
    },
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const people = useQuery({
    queryKey: ['officials', me.agencyId],
    queryFn: () =>
      api<{ items: { id: string; displayName: string }[] }>(`/api/agencies/${me.agencyId}/officials`),
  });
  const name = (id: string | null) =>
    id === null ? t('queue.unassigned') : (people.data?.items.find((p) => p.id === id)?.displayName ?? '—');
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t('queue.heading')}
      </Typography.Title>
      <Typography.Paragraph style={{ margin: 0 }}>{t('queue.hint')}</Typography.Paragraph>
      {list.error && <Alert type="error" showIcon message={list.error.message} />}
      <Table<Item>
        rowKey="id"
        size="small"
        loading={list.isPending}
        pagination={false}
        dataSource={rows}
        scroll={{ x: 720 }}
        locale={{ emptyText: <EmptyText>{t('queue.empty')}</EmptyText> }}
        rowClassName={(r) => deadlineRowClass(r.stepDeadlineFlag, r.deadlineFlag)}
        columns={[
          {
            title: t('ws.record.code'),
            dataIndex: 'code',
            render: (code: string | null, r) => (
              <Link to={`/can-bo/ho-so/${r.id}`}>{code ?? t('ws.record.noCode')}</Link>
            ),
          },
          { title: t('ws.record.applicant'), dataIndex: 'applicantName' },
          { title: t('ws.record.procedure'), dataIndex: 'procedureCode' },
          {
            title: t('queue.stepDue'),
            render: (_: unknown, r) => (
              <Flex gap={4} wrap align="center">
                {formatDateTime(r.currentStepDueAt)}
                <DeadlineTag flag={r.stepDeadlineFlag} />
              </Flex>
            ),
          },
          {
            title: t('ws.record.due'),
            render: (_: unknown, r) => (
              <Flex gap={4} wrap align="center">
                {formatDate(r.dueAt)}
                <DeadlineTag flag={r.deadlineFlag} />
              </Flex>
            ),
          },
          {
            title: t('queue.assignee'),
            dataIndex: 'currentAssigneeId',
            render: (id: string | null) => name(id),
          },
        ]}
      />
      {list.hasNextPage && (
        <Button onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('ws.worklist.more')}
        </Button>
      )}
    </Flex>
  );
}
