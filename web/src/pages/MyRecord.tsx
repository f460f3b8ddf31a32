import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Flex, Input, Rate, Skeleton, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError, api } from '../api.ts';
import { DocumentFilePicker, uploadApplicantFiles, withFile } from '../components/DocumentUploads.tsx';
import type { Reply } from '../contracts.ts';
import { formatDate, formatDateTime } from '../format.ts';
import { usePendingKey } from '../pendingKey.ts';
import { GroupSiblings } from './Groups.tsx';
import { MyPayments } from './MyPayments.tsx';
import type { PublicResult } from './Track.tsx';

type Mine = Reply<'GET /api/public/records/:id/mine'>;

/** After the result is returned: rate how the record was handled, once. */
function RateCard({
  id,
  headers,
  rated,
}: {
  id: string;
  headers: Record<string, string>;
  rated: Mine['rating'];
}) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (rated) return <Alert type="success" showIcon message={t('mine.rated', { score: rated.score })} />;
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('mine.rateHeading')}</h2>}>
      <Flex vertical gap={8}>
        <Rate value={score} onChange={setScore} aria-label={t('mine.rateHeading')} />
        <label htmlFor="rating-comment">{t('mine.comment')}</label>
        <Input.TextArea
          id="rating-comment"
          rows={2}
          maxLength={2000}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
        {error && <Alert type="error" showIcon role="alert" message={error} />}
        <Button
          type="primary"
          disabled={score === 0}
          loading={busy}
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              await api(`/api/public/records/${id}/rating`, {
                method: 'POST',
                headers,
                body: JSON.stringify(comment.trim() ? { score, comment: comment.trim() } : { score }),
              });
              await queries.invalidateQueries({ queryKey: ['mine', id] });
            } catch (e) {
              setError((e as Error).message);
            } finally {
              setBusy(false);
            }
          }}
        >
          {t('mine.rateSend')}
        </Button>
      </Flex>
    </Card>
  );
}

/**
 * The record's issued electronic results, each downloaded with the applicant token (a header, so the file
 * is fetched and then saved under the name the server gives).
 */
function MyResults({ id, headers }: { id: string; headers: Record<string, string> }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const results = useQuery({
    queryKey: ['mine-results', id, headers['x-applicant-token']],
    queryFn: () =>
      api<Reply<'GET /api/public/records/:id/mine/results'>>(`/api/public/records/${id}/mine/results`, {
        headers,
      }),
  });
  if (!results.data?.items.length) return null;
  const download = async (r: PublicResult) => {
    setError(null);
    try {
      const res = await fetch(`/api/public/records/${id}/mine/results/${r.id}`, { headers });
      if (!res.ok) throw new Error(((await res.json()) as { title?: string }).title ?? t('error.generic'));
      const name =
        /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ??
        `${r.verificationCode}.pdf`;
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(e instanceof Error ? e.message : t('error.network'));
    }
  };
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('track.results')}</h2>}>
      <Flex vertical gap={8} align="start">
        {results.data.items.map((r) => (
          <Button key={r.id} type="link" style={{ padding: 0 }} onClick={() => void download(r)}>
            {t('track.download', { name: r.number ? `${r.name} (${r.number})` : r.name })}
          </Button>
        ))}
        {error && <Alert type="error" showIcon role="alert" message={error} />}
      </Flex>
    </Card>
  );
}

/** The applicant's token for this record: from the receipt's QR link (#t=…) or this browser's storage. */
function useToken(id: string): string | null {
  const [token, setToken] = useState<string | null>(() => localStorage.getItem(`motcua.record.${id}`));
  useEffect(() => {
    const fromLink = new URLSearchParams(window.location.hash.slice(1)).get('t');
    if (fromLink) {
      localStorage.setItem(`motcua.record.${id}`, fromLink);
      window.history.replaceState(null, '', window.location.pathname);
      setToken(fromLink);
    }
  }, [id]);
  return token;
}

/**
 * The applicant's own record: where it stands, and — when the one-stop unit asks — the supplement to send
 * (one upload per missing document), in plain Vietnamese.
 */
export function MyRecordPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const token = useToken(id);
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [files, setFiles] = useState<Record<string, File>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const sendKey = usePendingKey();
  // Documents of this request already uploaded (a refused file beside them is chosen again).
  const [sentNow, setSentNow] = useState<string[]>([]);
  const headers = { 'x-applicant-token': token ?? '' };
  const mine = useQuery({
    queryKey: ['mine', id, token],
    enabled: Boolean(token),
    // The submission form cached this record moments ago; opening it must show what officials did since.
    refetchOnMount: 'always',
    queryFn: () => api<Mine>(`/api/public/records/${id}/mine`, { headers }),
  });
  if (!token) return <Alert type="warning" showIcon message={t('mine.noToken')} />;
  if (mine.isPending) return <Skeleton active />;
  if (mine.error) return <Alert type="error" showIcon message={mine.error.message} />;
  const r = mine.data;
  const request =
    r.status === 'supplement_requested'
      ? r.supplement
      : r.status === 'returned_for_completion'
        ? r.completionRequest
        : null;
  const action = r.availableActions.includes('supplement')
    ? 'supplement'
    : r.availableActions.includes('submit')
      ? 'submit'
      : null;
  const wanted = request?.missingDocuments.length ? request.missingDocuments : [];

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      // Every chosen file is uploaded or shown with its reason; the uploaded ones are not sent again.
      const sent = await uploadApplicantFiles(id, token ?? '', files);
      const named = [...new Set([...sentNow, ...Object.keys(sent.uploaded)])];
      setSentNow(named);
      setFiles((f) => Object.fromEntries(Object.entries(f).filter(([k]) => !(k in sent.uploaded))));
      if (sent.rejected.length) {
        setError(sent.rejected.map((x) => `${x.fileName}: ${x.reason}`).join('\n'));
        return;
      }
      await api(`/api/public/records/${id}/${action}`, {
        method: 'POST',
        headers: { ...headers, 'idempotency-key': sendKey.key() },
        body: JSON.stringify(
          action === 'supplement'
            ? { version: r.version, documents: named.length ? named : wanted }
            : { version: r.version },
        ),
      });
      sendKey.done();
      message.success(t('mine.sent'));
      setFiles({});
      setSentNow([]);
      await queries.invalidateQueries({ queryKey: ['mine', id] });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'idempotency.key_reused') sendKey.done();
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical gap={12}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t('mine.heading')}
      </Typography.Title>
      <Descriptions bordered size="small" column={1}>
        <Descriptions.Item label={t('track.code')}>{r.code ?? t('mine.noCodeYet')}</Descriptions.Item>
        {r.reference && <Descriptions.Item label={t('mine.reference')}>{r.reference}</Descriptions.Item>}
        <Descriptions.Item label={t('track.status')}>
          <Tag color="#0d47a1">{r.nationalStatusName ?? t(`status.${r.status}`)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('submit.submittedAt')}>{formatDateTime(r.submittedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('track.appointment')}>
          {formatDate(r.appointment?.dueDate)}
        </Descriptions.Item>
      </Descriptions>
      <GroupSiblings recordId={r.id} token={token} />
      {request && action && (
        <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('mine.requested')}</h2>}>
          <Typography.Paragraph>
            {t('track.reasons')}: {request.reasons.join('; ')}
          </Typography.Paragraph>
          {wanted.map((d, i) => (
            <div key={d} style={{ marginBottom: 8 }}>
              <div>{`${i + 1}. ${d}`}</div>
              <DocumentFilePicker
                component={d}
                onChange={(c, file) => setFiles((f) => withFile(f, c, file))}
              />
            </div>
          ))}
          {error && (
            <Alert
              type="error"
              showIcon
              role="alert"
              message={error}
              style={{ marginBottom: 8, whiteSpace: 'pre-line' }}
            />
          )}
          <Button
            type="primary"
            loading={busy}
            disabled={wanted.length > 0 && Object.keys(files).length + sentNow.length < wanted.length}
            onClick={send}
          >
            {t(action === 'supplement' ? 'mine.sendSupplement' : 'mine.resubmit')}
          </Button>
        </Card>
      )}
      <MyPayments id={id} headers={headers} />
      <MyResults id={id} headers={headers} />
      {r.status === 'delivered' && <RateCard id={id} headers={headers} rated={r.rating} />}
      {r.closure && (
        <Alert type="info" showIcon message={`${t(`status.${r.status}`)}: ${r.closure.reasons.join('; ')}`} />
      )}
    </Flex>
  );
}
