import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  List,
  Result,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../api.ts';
import { citizenLoginUrl, useCitizen, useCitizenAuth } from '../citizen.ts';
import { EmptyText } from '../components/EmptyText.tsx';
import type { Reply } from '../contracts.ts';
import { formatDate, formatDateTime } from '../format.ts';
import { MyPayments } from './MyPayments.tsx';

type Summary = Reply<'GET /api/citizen/records'>['items'][number];

/** The VNeID sign-in: a link to the server, which sends the browser to VNeID and back to `returnTo`. */
export function VneidButton({ returnTo }: { returnTo: string }) {
  const { t } = useTranslation();
  return (
    <Button type="primary" href={citizenLoginUrl(returnTo)} data-testid="vneid-login">
      {t('citizen.login')}
    </Button>
  );
}

/** Signs the citizen out here and at VNeID (RP-initiated logout), which brings the browser back here. */
function SignOut() {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [busy, setBusy] = useState(false);
  const out = async () => {
    setBusy(true);
    const res = await api<Reply<'POST /api/citizen/auth/logout'>>('/api/citizen/auth/logout', {
      method: 'POST',
    }).catch(() => ({ endSessionUrl: null }));
    queries.removeQueries({ queryKey: ['citizen-me'] });
    queries.removeQueries({ queryKey: ['citizen-records'] });
    if (res.endSessionUrl) window.location.assign(res.endSessionUrl);
    else window.location.assign('/ho-so-cua-toi');
  };
  return (
    <Button onClick={out} loading={busy}>
      {t('citizen.logout')}
    </Button>
  );
}

/** The sign-in invitation: why, and the VNeID button (or that e-ID sign-in is not offered here). */
function SignInFirst({ returnTo }: { returnTo: string }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const auth = useCitizenAuth();
  const error = params.get('login_error');
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t('mine.heading')}
      </Typography.Title>
      {error && (
        <Alert type="error" showIcon role="alert" message={t('citizen.loginFailed')} description={error} />
      )}
      <Typography.Paragraph>{t('citizen.why')}</Typography.Paragraph>
      {auth.data?.enabled ? (
        <div>
          <VneidButton returnTo={returnTo} />
        </div>
      ) : (
        auth.data && <Alert type="info" showIcon message={t('citizen.notConfigured')} />
      )}
      <Typography.Paragraph>
        {t('citizen.orTrack')}{' '}
        <Link to="/tra-cuu" style={{ textDecoration: 'underline' }}>
          {t('app.track')}
        </Link>
      </Typography.Paragraph>
    </Flex>
  );
}

/** The citizen's repository (kho dữ liệu): documents kept for them, reusable in a new submission. */
function Repository() {
  const { t } = useTranslation();
  const items = useQuery({
    queryKey: ['citizen-repository'],
    queryFn: () => api<Reply<'GET /api/citizen/repository'>>('/api/citizen/repository'),
  });
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('citizen.repository')}</h2>}>
      <Typography.Paragraph type="secondary">{t('citizen.repositoryHint')}</Typography.Paragraph>
      <List
        loading={items.isPending}
        data-testid="repository"
        locale={{ emptyText: <EmptyText>{t('citizen.repositoryEmpty')}</EmptyText> }}
        dataSource={items.data?.items ?? []}
        renderItem={(i) => (
          <List.Item>
            <span>
              <Tag>{i.kind === 'result' ? t('citizen.keptResult') : t('citizen.keptDocument')}</Tag>
              <strong>{i.fileName}</strong> — {i.component} ({formatDate(i.savedAt)})
            </span>
          </List.Item>
        )}
      />
    </Card>
  );
}

/**
 * "Hồ sơ của tôi": after signing in with VNeID, every record whose applicant personal ID is the verified
 * one (online, and received at a counter), with its status and appointment; the repository below.
 */
export function MyRecordsPage() {
  const { t } = useTranslation();
  const me = useCitizen();
  const records = useQuery({
    queryKey: ['citizen-records'],
    enabled: Boolean(me.data),
    queryFn: () => api<Reply<'GET /api/citizen/records'>>('/api/citizen/records'),
  });
  if (me.isPending) return <Spin />;
  if (!me.data) return <SignInFirst returnTo="/ho-so-cua-toi" />;
  const columns = [
    {
      title: t('track.code'),
      key: 'code',
      render: (r: Summary) => (
        <Link to={`/ho-so-cua-toi/${r.id}`}>{r.code ?? r.reference ?? t('mine.noCodeYet')}</Link>
      ),
    },
    {
      title: t('citizen.procedure'),
      key: 'procedure',
      render: (r: Summary) => r.procedureName ?? r.procedureCode,
    },
    {
      title: t('citizen.channel'),
      key: 'channel',
      render: (r: Summary) => t(`channel.${r.channel}`),
    },
    {
      title: t('track.status'),
      key: 'status',
      render: (r: Summary) => (
        <Flex gap={4} wrap>
          <Tag>{t(`status.${r.status}`)}</Tag>
          {r.resultIssued && <Tag color="#1b5e20">{t('citizen.resultReady')}</Tag>}
          {r.paymentDue && <Tag color="#8d4b00">{t('citizen.paymentDue')}</Tag>}
        </Flex>
      ),
    },
    {
      title: t('track.appointment'),
      key: 'appointment',
      render: (r: Summary) => formatDate(r.appointment?.dueDate),
    },
  ];
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t('mine.heading')}
        </Typography.Title>
        <SignOut />
      </Flex>
      <Typography.Paragraph data-testid="citizen-name">
        {t('citizen.signedInAs', { name: me.data.fullName, personalId: me.data.personalId })}
      </Typography.Paragraph>
      <Table
        rowKey="id"
        size="small"
        data-testid="my-records"
        loading={records.isPending}
        columns={columns}
        dataSource={records.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <EmptyText>{t('citizen.noRecords')}</EmptyText> }}
        scroll={{ x: true }}
      />
      <Repository />
    </Flex>
  );
}

/** One of the citizen's records: status, steps, appointment, payment, slips and signed results to download. */
export function MyRecordDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const me = useCitizen();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const keep = async (resultId: string) => {
    try {
      await api(`/api/citizen/records/${id}/results/${resultId}/keep`, { method: 'POST' });
      await queries.invalidateQueries({ queryKey: ['citizen-repository'] });
      message.success(t('citizen.keptInRepository'));
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };
  const enabled = Boolean(me.data);
  const record = useQuery({
    queryKey: ['citizen-record', id],
    enabled,
    retry: false,
    queryFn: () => api<Reply<'GET /api/citizen/records/:id'>>(`/api/citizen/records/${id}`),
  });
  const slips = useQuery({
    queryKey: ['citizen-slips', id],
    enabled,
    retry: false,
    queryFn: () => api<Reply<'GET /api/citizen/records/:id/slips'>>(`/api/citizen/records/${id}/slips`),
  });
  const results = useQuery({
    queryKey: ['citizen-results', id],
    enabled,
    retry: false,
    queryFn: () => api<Reply<'GET /api/citizen/records/:id/results'>>(`/api/citizen/records/${id}/results`),
  });
  if (me.isPending) return <Spin />;
  if (!me.data) return <SignInFirst returnTo={`/ho-so-cua-toi/${id}`} />;
  if (record.isError)
    return (
      <Result
        status="404"
        title={t('citizen.notYours')}
        extra={<Link to="/ho-so-cua-toi">{t('mine.heading')}</Link>}
      />
    );
  if (!record.data) return <Spin />;
  const r = record.data;
  return (
    <Flex vertical gap={12}>
      <Link to="/ho-so-cua-toi">← {t('mine.heading')}</Link>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {r.code ?? r.reference}
      </Typography.Title>
      <Descriptions bordered size="small" column={1}>
        <Descriptions.Item label={t('citizen.procedure')}>
          {r.procedureName ?? r.procedureCode}
        </Descriptions.Item>
        <Descriptions.Item label={t('track.status')}>
          <Tag>{t(`status.${r.status}`)}</Tag> {r.nationalStatusName}
        </Descriptions.Item>
        <Descriptions.Item label={t('track.received')}>{formatDateTime(r.receivedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('track.appointment')}>
          {formatDate(r.appointment?.dueDate)}
        </Descriptions.Item>
        {r.payment && (
          <Descriptions.Item label={t('citizen.payment')}>
            {r.payment.confirmedAt
              ? t('citizen.paid', { at: formatDateTime(r.payment.confirmedAt) })
              : t('citizen.toPay', { amount: r.payment.totalVnd.toLocaleString('vi-VN') })}
          </Descriptions.Item>
        )}
      </Descriptions>
      {r.payment && (
        <MyPayments
          id={id}
          base={`/api/citizen/records/${id}/payments`}
          qrUrl={
            r.status === 'awaiting_payment' && r.code
              ? `/api/citizen/records/${id}/payment-qr.png`
              : undefined
          }
        />
      )}
      <CitizenMessages id={id} />
      <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('track.results')}</h2>}>
        {results.data?.items.length ? (
          <Flex vertical gap={4} data-testid="my-results">
            {results.data.items.map((x) => (
              <Flex key={x.id} gap={12} align="center" wrap>
                <a href={`/api/citizen/records/${id}/results/${x.id}`} download>
                  {t('track.download', { name: x.number ? `${x.name} (${x.number})` : x.name })}
                </a>
                <Button size="small" onClick={() => void keep(x.id)}>
                  {t('citizen.keep')}
                </Button>
              </Flex>
            ))}
          </Flex>
        ) : (
          <Typography.Text type="secondary">{t('citizen.noResultYet')}</Typography.Text>
        )}
      </Card>
      <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('citizen.slips')}</h2>}>
        <Flex vertical gap={4}>
          {(slips.data?.items ?? []).map((s) => (
            <a
              key={`${s.form}-${s.seq}`}
              href={`/api/citizen/records/${id}/slips/${s.form}?seq=${s.seq}`}
              target="_blank"
              rel="noreferrer"
            >
              {s.title} ({formatDateTime(s.at)})
            </a>
          ))}
        </Flex>
      </Card>
      {r.steps.length > 0 && (
        <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('track.steps')}</h2>}>
          <List
            size="small"
            dataSource={r.steps}
            renderItem={(s) => (
              <List.Item>
                {t(`step.${s.step}`, { defaultValue: s.step })} — {formatDateTime(s.finishedAt)}
              </List.Item>
            )}
          />
        </Card>
      )}
    </Flex>
  );
}

/** The messages sent to the citizen about the record (e-mail, SMS, Zalo) and whether each arrived. */
function CitizenMessages({ id }: { id: string }) {
  const { t } = useTranslation();
  const messages = useQuery({
    queryKey: ['citizen-messages', id],
    retry: false,
    queryFn: () => api<Reply<'GET /api/citizen/records/:id/messages'>>(`/api/citizen/records/${id}/messages`),
  });
  if (!messages.data) return null;
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('messages.heading')}</h2>}>
      {messages.data.items.length ? (
        <div data-testid="my-messages">
          <List
            size="small"
            dataSource={messages.data.items}
            renderItem={(m) => (
              <List.Item>
                <Flex vertical gap={2}>
                  <Typography.Text>{m.subject}</Typography.Text>
                  <Typography.Text type="secondary">
                    {t(`messages.channel.${m.channel}`)} · {m.recipient} · {formatDateTime(m.createdAt)}
                  </Typography.Text>
                  <span>
                    <Tag color={m.status === 'dead' ? 'red' : m.status === 'delivered' ? 'green' : undefined}>
                      {t(`messages.status.${m.status}`)}
                    </Tag>
                    {formatDateTime(m.updatedAt)}
                  </span>
                </Flex>
              </List.Item>
            )}
          />
        </div>
      ) : (
        <Typography.Text type="secondary">{t('messages.none')}</Typography.Text>
      )}
    </Card>
  );
}
