import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Alert, Button, Flex, Segmented, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api.ts';
import type { Reply } from '../contracts.ts';
import { formatDateTime } from '../format.ts';
import type { Me } from '../session.tsx';

/** A worklist row, as the server's contract describes it. */
type Item = Reply<'GET /api/worklists'>['items'][number];

/** My lists, or (`leader:<id>`) the work waiting for a leader who delegated to me. */
type Scope = 'waiting' | 'mine' | 'agency' | `leader:${string}`;

/** Officials who work steps start on the work waiting for them; monitors and admins on their agency's. */
const worksSteps = (me: Me) =>
  me.roles.some((r) => r === 'reception' || r === 'specialist' || r === 'leader');

/**
 * The work waiting for me (default), my records or my agency's, newest first, with procedure names; due
 * soon and overdue marked; keyset pagination ("load more").
 */
export function WorklistPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [scope, setScope] = useState<Scope>(worksSteps(me) ? 'waiting' : 'agency');
  const [deadline, setDeadline] = useState('');
  // The leaders who delegated to me, in force now: one tab each, with what waits for them.
  const delegations = useQuery({
    queryKey: ['delegations'],
    queryFn: () => api<Reply<'GET /api/delegations'>>('/api/delegations'),
  });
  const leaders = (delegations.data?.items ?? []).filter((d) => !d.given && d.running);
  const leader = scope.startsWith('leader:')
    ? leaders.find((d) => `leader:${d.from.userId}` === scope)
    : undefined;
  const list = useInfiniteQuery({
    queryKey: ['worklist', scope, deadline],
    initialPageParam: '',
    queryFn: ({ pageParam }) => {
      const s = new URLSearchParams({
        scope: scope.startsWith('leader:') ? 'waiting' : scope,
        sort: 'newest',
        limit: '20',
      });
      if (scope.startsWith('leader:')) s.set('onBehalfOf', scope.slice('leader:'.length));
      if (deadline) s.set('deadline', deadline);
      if (pageParam) s.set('after', pageParam);
      return api<Reply<'GET /api/worklists'>>(`/api/worklists?${s}`);
    },
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t('ws.worklist.heading')}
        </Typography.Title>
        {me.roles.includes('reception') && (
          <Link to="/can-bo/tiep-nhan">
            <Button type="primary">{t('ws.counter.open')}</Button>
          </Link>
        )}
      </Flex>
      <Flex gap={8} wrap>
        <Segmented
          value={scope}
          onChange={(v) => setScope(v as Scope)}
          options={[
            { value: 'waiting', label: t('ws.worklist.waiting') },
            { value: 'mine', label: t('ws.worklist.mine') },
            { value: 'agency', label: t('ws.worklist.agency') },
            ...leaders.map((d) => ({
              value: `leader:${d.from.userId}`,
              label: t('ws.worklist.forLeader', { leader: d.from.displayName }),
            })),
          ]}
        />
        <Select
          aria-label={t('ws.worklist.deadline')}
          value={deadline}
          onChange={setDeadline}
          style={{ width: 180 }}
          options={[
            { value: '', label: t('ws.worklist.all') },
            { value: 'due_soon', label: t('ws.flag.due_soon') },
            { value: 'overdue', label: t('ws.flag.overdue') },
          ]}
        />
      </Flex>
      {leader && (
        <Typography.Text>
          {t('ws.worklist.forLeaderHint', {
            leader: leader.from.displayName,
            until: formatDateTime(leader.endsAt),
          })}
        </Typography.Text>
      )}
      {list.error && <Alert type="error" showIcon message={list.error.message} />}
      <Table<Item>
        rowKey="id"
        size="small"
        loading={list.isPending}
        pagination={false}
        dataSource={rows}
        scroll={{ x: 720 }}
        locale={{ emptyText: t('ws.worklist.empty') }}
        rowClassName={(r) =>
          r.deadlineFlag === 'overdue' ? 'row-overdue' : r.deadlineFlag === 'due_soon' ? 'row-due-soon' : ''
        }
        columns={[
          {
            title: t('ws.record.code'),
            dataIndex: 'code' satisfies keyof Item,
            render: (code: string | null, r) => (
              <Link to={`/can-bo/ho-so/${r.id}`}>{code ?? t('ws.record.noCode')}</Link>
            ),
          },
          { title: t('ws.record.applicant'), dataIndex: 'applicantName' satisfies keyof Item },
          {
            title: t('ws.record.procedure'),
            dataIndex: 'procedureCode' satisfies keyof Item,
            render: (code: string, r) => (r.procedureName ? `${r.procedureName} (${code})` : code),
          },
          {
            title: t('ws.record.status'),
            dataIndex: 'status' satisfies keyof Item,
            render: (s: string) => t(`status.${s}`),
          },
          {
            title: t('ws.record.due'),
            dataIndex: 'dueAt' satisfies keyof Item,
            render: (d: string | null) => formatDateTime(d),
          },
          {
            title: t('ws.worklist.deadline'),
            render: (_: unknown, r) =>
              r.deadlineFlag === 'due_soon' || r.deadlineFlag === 'overdue' ? (
                <Tag color={r.deadlineFlag === 'overdue' ? '#b71c1c' : '#8d4b00'}>
                  {t(`ws.flag.${r.deadlineFlag}`)}
                </Tag>
              ) : null,
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
