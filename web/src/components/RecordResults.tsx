import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Form, Input, List, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { EmptyText } from './EmptyText.tsx';

export interface ResultDoc {
  id: string;
  verificationCode: string;
  name: string;
  number: string | null;
  signatures: { as: string; signer: string; userId: string; at: string }[];
  version: number;
}

/** The record's result documents (shared with the record page, which names the issued result after them). */
export function useResults(recordId: string) {
  return useQuery({
    queryKey: ['results', recordId],
    queryFn: () => api<{ items: ResultDoc[] }>(`/api/records/${recordId}/results`),
  });
}

/** Statuses in which the competent agency drafts a result (a decision exists, the result is not issued). */
const DRAFTING = new Set(['approved', 'rejected']);
/** Statuses in which a result may still be signed (the server's rule). */
const SIGNING = new Set(['approved', 'result_ready', 'rejected', 'delivered']);

/**
 * Result documents: drafted from the template by the competent agency once the decision is made, signed
 * (PAdES) by the agency and personally by a leader, downloaded, and kept in the citizen's repository at
 * their request. Issuing and returning the result are the record's actions above.
 */
export function RecordResults({
  recordId,
  status,
  competent,
  roles,
  hasOwner,
}: {
  recordId: string;
  status: string;
  /** The signed-in official works at the record's competent agency. */
  competent: boolean;
  roles: string[];
  hasOwner: boolean;
}) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<{ title: string; number?: string; paragraphs: string }>();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const results = useResults(recordId);
  const maker = competent && (roles.includes('specialist') || roles.includes('leader'));
  const items = results.data?.items ?? [];
  if (!maker && items.length === 0) return null;

  const call = async (key: string, work: () => Promise<string>) => {
    setBusy(key);
    setError(null);
    try {
      message.success(await work());
      await queries.invalidateQueries({ queryKey: ['results', recordId] });
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'unknown', String(e), []));
    } finally {
      setBusy(null);
    }
  };

  const generate = (v: { title: string; number?: string; paragraphs: string }) =>
    call('generate', async () => {
      const paragraphs = v.paragraphs
        .split('\n')
        .map((p) => p.trim())
        .filter(Boolean);
      const r = await api<{ result: ResultDoc }>(`/api/records/${recordId}/results`, {
        method: 'POST',
        body: JSON.stringify({
          title: v.title.trim(),
          ...(v.number?.trim() ? { number: v.number.trim() } : {}),
          paragraphs,
        }),
      });
      form.resetFields();
      return t('docs.generated', { code: r.result.verificationCode });
    });

  const sign = (r: ResultDoc, as: 'agency' | 'personal') =>
    call(`${r.id}-${as}`, async () => {
      await api(`/api/records/${recordId}/results/${r.id}/sign`, {
        method: 'POST',
        body: JSON.stringify({ as, version: r.version }),
      });
      return t('docs.signed');
    });

  // Keeping in a person's repository needs the official to have checked their ID card (the server audits it).
  const keep = (r: ResultDoc) =>
    modal.confirm({
      title: t('docs.keepResult'),
      content: t('docs.identityChecked'),
      okText: t('ws.confirm'),
      cancelText: t('ws.cancel'),
      onOk: () =>
        call(`${r.id}-keep`, async () => {
          const kept = await api<{ items: unknown[] }>(`/api/records/${recordId}/results/${r.id}/keep`, {
            method: 'POST',
            body: JSON.stringify({ identityChecked: true }),
          });
          return t('docs.kept', { count: kept.items.length });
        }),
    });

  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('docs.results')}</h2>}>
      <Flex vertical gap={12}>
        {error && (
          <Alert
            type="error"
            showIcon
            role="alert"
            message={error.message}
            description={
              error.fields.length ? error.fields.map((f) => `${f.path}: ${f.message}`).join('; ') : undefined
            }
          />
        )}
        <List
          dataSource={items}
          locale={{ emptyText: <EmptyText>{t('docs.resultsEmpty')}</EmptyText> }}
          renderItem={(r) => (
            <List.Item key={r.id}>
              <Flex vertical gap={4} style={{ width: '100%' }}>
                <a href={`/api/records/${recordId}/results/${r.id}/content`} target="_blank" rel="noreferrer">
                  {r.number ? `${r.number} — ${r.name}` : r.name}
                </a>
                <Typography.Text>
                  {t('docs.verificationCode')}: <code>{r.verificationCode}</code>
                </Typography.Text>
                <Flex gap={4} wrap align="center">
                  <Typography.Text>{t('docs.signatures')}:</Typography.Text>
                  {r.signatures.length === 0 ? (
                    <Tag>{t('docs.unsigned')}</Tag>
                  ) : (
                    r.signatures.map((s) => (
                      <Tag key={`${s.as}-${s.at}`} color="#1b5e20">
                        {s.signer} — {formatDateTime(s.at)}
                      </Tag>
                    ))
                  )}
                </Flex>
                <Flex gap={8} wrap>
                  {maker && SIGNING.has(status) && (
                    <Button loading={busy === `${r.id}-agency`} onClick={() => sign(r, 'agency')}>
                      {t('docs.signAgency')}
                    </Button>
                  )}
                  {maker && roles.includes('leader') && SIGNING.has(status) && (
                    <Button loading={busy === `${r.id}-personal`} onClick={() => sign(r, 'personal')}>
                      {t('docs.signPersonal')}
                    </Button>
                  )}
                  {hasOwner && r.signatures.length > 0 && (
                    <Button loading={busy === `${r.id}-keep`} onClick={() => keep(r)}>
                      {t('docs.keepResult')}
                    </Button>
                  )}
                </Flex>
              </Flex>
            </List.Item>
          )}
        />
        {maker && DRAFTING.has(status) && (
          <Form form={form} layout="vertical" onFinish={generate} aria-label={t('docs.generate')}>
            <Typography.Title level={3} style={{ fontSize: 15 }}>
              {t('docs.generate')}
            </Typography.Title>
            <Form.Item
              name="title"
              label={t('docs.title')}
              rules={[{ required: true, whitespace: true, message: t('ws.required') }]}
            >
              <Input maxLength={300} />
            </Form.Item>
            <Form.Item name="number" label={t('docs.number')}>
              <Input maxLength={100} style={{ maxWidth: 240 }} />
            </Form.Item>
            <Form.Item
              name="paragraphs"
              label={t('docs.paragraphs')}
              rules={[{ required: true, whitespace: true, message: t('ws.required') }]}
            >
              <Input.TextArea rows={4} />
            </Form.Item>
            <Button htmlType="submit" loading={busy === 'generate'}>
              {t('docs.generate')}
            </Button>
          </Form>
        )}
      </Flex>
    </Card>
  );
}
