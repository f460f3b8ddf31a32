import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Switch,
  Table,
  type TableColumnType,
  Tag,
  Typography,
} from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
// Types only: the server's zod schemas are the one description of these answers.
import type {
  DeadLettersAnswer,
  DeadLetterView,
  ResolveAnswer,
  RetryAnswer,
  SubscribersAnswer,
  SubscriberView,
} from '../../../../src/contracts/integrations.ts';
import { type ApiError, api } from '../../api.ts';
import { formatDateTime } from '../../format.ts';
import { applyFieldErrors, ProblemAlert, toApiError } from './ProblemAlert.tsx';

/** 75 → "1 phút"; 3 900 → "1 giờ 5 phút". */
function formatLag(t: TFunction, seconds: number): string {
  if (seconds < 60) return t('admin.integrations.seconds', { count: seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('admin.integrations.minutes', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('admin.integrations.hours', { count: hours, minutes: minutes % 60 });
  return t('admin.integrations.days', { count: Math.floor(hours / 24), hours: hours % 24 });
}

type Column<T> = TableColumnType<T>;

/** A column titled `admin.integrations.<label>` showing `field` of a row, through `render` when given. */
function column<T>(
  t: TFunction,
  label: string,
  field: keyof T & string,
  render?: Column<T>['render'],
): Column<T> {
  return { title: t(`admin.integrations.${label}`), dataIndex: field, ...(render ? { render } : {}) };
}

/** A column of a row's instant (dd/MM/yyyy HH:mm in Vietnam), blank when there is none. */
function dateColumn<T>(t: TFunction, label: string, field: keyof T & string): Column<T> {
  return column<T>(t, label, field, (at: string | null) => formatDateTime(at));
}

/** The subscribers table: system, name (choosing it), topics, backlog, lag, dead and resolved letters. */
function subscriberColumns(t: TFunction, choose: (name: string) => void): Column<SubscriberView>[] {
  return [
    column(t, 'system', 'system', (system: string) =>
      system === 'motcua' ? t('admin.integrations.internal') : system,
    ),
    column(t, 'subscriber', 'name', (name: string) => (
      <Button type="link" size="small" style={{ padding: 0 }} onClick={() => choose(name)}>
        {name}
      </Button>
    )),
    column(t, 'topics', 'topics', (topics: string[]) =>
      topics.map((topic) => <Tag key={topic}>{topic}</Tag>),
    ),
    column(t, 'backlog', 'backlog', (_, s) => (
      <span title={t('admin.integrations.backlogDetail', { due: s.dueNow, waiting: s.backingOff })}>
        {s.backlog}
        {s.backlog > 0 && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {' '}
            ({t('admin.integrations.backlogDetail', { due: s.dueNow, waiting: s.backingOff })})
          </Typography.Text>
        )}
      </span>
    )),
    column(t, 'lag', 'lagSeconds', (lag: number) => (
      <Typography.Text type={lag > 300 ? 'danger' : undefined}>{formatLag(t, lag)}</Typography.Text>
    )),
    column(t, 'dead', 'dead', (dead: number) => (dead > 0 ? <Tag color="red">{dead}</Tag> : dead)),
    column(t, 'resolved', 'resolved'),
    dateColumn(t, 'oldestDead', 'oldestDeadAt'),
  ];
}

/** The dead letters table; resolved ones show their note instead of the error, and no actions. */
function deadLetterColumns(
  t: TFunction,
  o: {
    showResolved: boolean;
    retry: (d: DeadLetterView) => void;
    resolve: (d: DeadLetterView) => void;
  },
): Column<DeadLetterView>[] {
  return [
    column(t, 'seq', 'seq'),
    column(t, 'topic', 'topic'),
    column(
      t,
      'record',
      'recordCode',
      (_, d) => d.recordCode ?? <Typography.Text code>{d.key}</Typography.Text>,
    ),
    column(t, 'attempts', 'attempts'),
    dateColumn(t, 'deadAt', 'deadAt'),
    o.showResolved
      ? column(t, 'note', 'resolvedNote', (_, d) => (
          <span>
            {d.resolvedNote}{' '}
            <Typography.Text type="secondary">({formatDateTime(d.resolvedAt)})</Typography.Text>
          </span>
        ))
      : column(t, 'error', 'lastError', (_, d) => (
          <Typography.Text type="danger">{d.lastError}</Typography.Text>
        )),
    ...(o.showResolved
      ? []
      : [
          {
            title: t('admin.actions'),
            key: 'actions',
            render: (_: unknown, d: DeadLetterView) => (
              <Flex gap={4} wrap>
                <Button
                  size="small"
                  aria-label={t('admin.integrations.retryOne', { seq: d.seq })}
                  onClick={() => o.retry(d)}
                >
                  {t('admin.integrations.retry')}
                </Button>
                <Button
                  size="small"
                  aria-label={t('admin.integrations.resolveOne', { seq: d.seq })}
                  onClick={() => o.resolve(d)}
                >
                  {t('admin.integrations.resolve')}
                </Button>
              </Flex>
            ),
          },
        ]),
  ];
}

/**
 * Operating integrations: every outbox subscriber by system with its backlog, lag and dead letters; the
 * dead letters of one subscriber with their errors; retry one or all, and resolve one with a note. After
 * an action the page says what happened and reloads the numbers.
 */
export function IntegrationsPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queries = useQueryClient();
  const [chosen, setChosen] = useState<string | null>(null);
  const [showResolved, setShowResolved] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [resolving, setResolving] = useState<DeadLetterView | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ note: string }>();

  const subscribers = useQuery({
    queryKey: ['integrations', 'subscribers'],
    queryFn: () => api<SubscribersAnswer>('/api/integrations/subscribers'),
    refetchInterval: 30_000,
  });
  const items = subscribers.data?.items ?? [];
  // The chosen subscriber, else the first with dead letters, else the first.
  const subscriber = chosen ?? (items.find((s) => s.dead > 0) ?? items[0])?.name ?? null;
  const current = items.find((s) => s.name === subscriber);
  const status = showResolved ? 'resolved' : 'dead';
  const letters = useInfiniteQuery({
    queryKey: ['integrations', 'dead-letters', subscriber, status],
    enabled: subscriber !== null,
    initialPageParam: '',
    queryFn: ({ pageParam }) =>
      api<DeadLettersAnswer>(
        `/api/integrations/dead-letters?${new URLSearchParams({
          subscriber: subscriber ?? '',
          status,
          ...(pageParam ? { cursor: pageParam } : {}),
        })}`,
      ),
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const rows = letters.data?.pages.flatMap((p) => p.items) ?? [];

  const refresh = () => queries.invalidateQueries({ queryKey: ['integrations'] });
  const announce = (text: string) => {
    setDone(text);
    message.success(text);
  };

  const retry = async (name: string, ids?: number[]) => {
    try {
      const answer = await api<RetryAnswer>('/api/integrations/dead-letters/retry', {
        method: 'POST',
        body: JSON.stringify({ subscriber: name, ...(ids ? { ids } : {}) }),
      });
      announce(t('admin.integrations.retried', { count: answer.retried, subscriber: name }));
    } catch (e) {
      message.error(toApiError(e).message);
    }
    await refresh();
  };

  const confirmRetryAll = (s: SubscriberView) =>
    modal.confirm({
      title: t('admin.integrations.retryAllConfirm', { count: s.dead, subscriber: s.name }),
      content: t('admin.integrations.retryAllHint'),
      okText: t('admin.integrations.retry'),
      cancelText: t('admin.cancel'),
      onOk: () => retry(s.name),
    });

  const openResolve = (d: DeadLetterView) => {
    setError(null);
    form.resetFields();
    setResolving(d);
  };

  const resolve = async () => {
    if (!resolving) return;
    const { note } = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const answer = await api<ResolveAnswer>('/api/integrations/dead-letters/resolve', {
        method: 'POST',
        body: JSON.stringify({ subscriber: resolving.subscriber, ids: [resolving.seq], note }),
      });
      setResolving(null);
      announce(
        t('admin.integrations.resolvedDone', { count: answer.resolved, subscriber: answer.subscriber }),
      );
      await refresh();
    } catch (e) {
      const problem = toApiError(e);
      setError(problem);
      applyFieldErrors(form, problem, ['note']);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical gap={12}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t('admin.integrations.heading')}
      </Typography.Title>
      <Typography.Paragraph style={{ margin: 0 }}>{t('admin.integrations.hint')}</Typography.Paragraph>
      {done && (
        <Alert type="success" showIcon role="status" message={done} closable onClose={() => setDone(null)} />
      )}
      {subscribers.error && <Alert type="error" showIcon message={toApiError(subscribers.error).message} />}
      <Flex justify="flex-end">
        <Button onClick={refresh} loading={subscribers.isFetching}>
          {t('admin.integrations.refresh')}
        </Button>
      </Flex>
      <Table<SubscriberView>
        rowKey="name"
        size="small"
        loading={subscribers.isLoading}
        dataSource={items}
        pagination={false}
        scroll={{ x: true }}
        aria-label={t('admin.integrations.heading')}
        rowClassName={(s) => (s.name === subscriber ? 'ant-table-row-selected' : '')}
        onRow={(s) => ({ onClick: () => setChosen(s.name) })}
        columns={subscriberColumns(t, setChosen)}
      />
      {current && (
        <section aria-labelledby="dead-letters-heading">
          <Flex gap={8} wrap align="center" justify="space-between" style={{ marginBottom: 8 }}>
            <Typography.Title level={2} id="dead-letters-heading" style={{ fontSize: 18, margin: 0 }}>
              {t('admin.integrations.deadLetters', { subscriber: current.name })}
            </Typography.Title>
            <Flex gap={8} align="center" wrap>
              <Select
                id="integration-subscriber"
                aria-label={t('admin.integrations.subscriber')}
                value={current.name}
                onChange={setChosen}
                style={{ minWidth: 180 }}
                options={items.map((s) => ({ value: s.name, label: `${s.name} (${s.dead})` }))}
              />
              <Switch
                checked={showResolved}
                onChange={setShowResolved}
                aria-label={t('admin.integrations.showResolved')}
              />
              <span>{t('admin.integrations.showResolved')}</span>
              {!showResolved && current.dead > 0 && (
                <Button danger onClick={() => confirmRetryAll(current)}>
                  {t('admin.integrations.retryAll', { count: current.dead })}
                </Button>
              )}
            </Flex>
          </Flex>
          <Table<DeadLetterView>
            rowKey="seq"
            size="small"
            loading={letters.isLoading}
            dataSource={rows}
            pagination={false}
            scroll={{ x: true }}
            aria-label={t('admin.integrations.deadLetters', { subscriber: current.name })}
            locale={{
              emptyText: showResolved ? t('admin.integrations.noneResolved') : t('admin.integrations.none'),
            }}
            expandable={{
              expandedRowRender: (d) => (
                <Typography.Paragraph
                  code
                  style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
                >
                  {d.summary}
                </Typography.Paragraph>
              ),
            }}
            columns={deadLetterColumns(t, {
              showResolved,
              retry: (d) => retry(d.subscriber, [d.seq]),
              resolve: openResolve,
            })}
          />
          {letters.hasNextPage && (
            <Button
              onClick={() => letters.fetchNextPage()}
              loading={letters.isFetchingNextPage}
              style={{ marginTop: 8 }}
            >
              {t('admin.integrations.loadMore')}
            </Button>
          )}
        </section>
      )}
      <Modal
        open={resolving !== null}
        title={resolving ? t('admin.integrations.resolveTitle', { seq: resolving.seq }) : ''}
        okText={t('admin.save')}
        cancelText={t('admin.cancel')}
        onOk={resolve}
        confirmLoading={busy}
        onCancel={() => setResolving(null)}
        destroyOnHidden
      >
        {error && <ProblemAlert error={error} labels={{ note: t('admin.integrations.note') }} />}
        <Typography.Paragraph>{t('admin.integrations.resolveHint')}</Typography.Paragraph>
        <Form form={form} layout="vertical">
          <Form.Item
            name="note"
            label={t('admin.integrations.note')}
            rules={[{ required: true, whitespace: true, message: t('admin.integrations.noteRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
