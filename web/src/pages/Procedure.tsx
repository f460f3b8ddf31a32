import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Flex, List, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api.ts';
import { NotReceivable, type Receivability } from '../components/Receivability.tsx';

interface Detail extends Receivability {
  code: string;
  name: string;
  field: string;
  levels: string[];
  onlineLevel: 'full' | 'partial' | 'none';
  timeLimit: { value: number; unit: string } | null;
  details: {
    documents?: { name: string; form?: string; originals?: number; copies?: number; quantity?: number }[];
    fees?: { text: string; free: boolean }[];
    channels?: { channel: string; time?: { value: number; unit: string }; description?: string }[];
    competentAgencyText?: string | null;
    implementingAgencyText?: string | null;
    legalBasis?: string[];
    result?: { names: string[] };
  };
}

/** One procedure: what to bring, what it costs, how long it takes, where to submit, on what legal basis. */
export function ProcedurePage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const q = useQuery({
    queryKey: ['procedure', code],
    queryFn: () => api<Detail>(`/api/procedures/${encodeURIComponent(code)}`),
  });
  if (q.isPending) return <Skeleton active />;
  if (q.error)
    return (
      <Alert
        type="error"
        showIcon
        message={q.error.message}
        action={<Link to="/">{t('procedure.back')}</Link>}
      />
    );
  const p = q.data;
  const d = p.details;
  const fees = d.fees ?? [];
  return (
    <Flex vertical gap={16}>
      <Link to="/">← {t('procedure.back')}</Link>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {p.name}
      </Typography.Title>
      {/* Online submission is offered only when a counter could receive the dossier (catalogue readiness). */}
      {p.receivable.online ? (
        <Link to={`/nop-ho-so/${encodeURIComponent(p.code)}`}>
          <Button type="primary">{t('submit.start')}</Button>
        </Link>
      ) : (
        <NotReceivable procedure={p} channel="online" />
      )}
      <Descriptions bordered size="small" column={1}>
        <Descriptions.Item label={t('procedure.code')}>{p.code}</Descriptions.Item>
        <Descriptions.Item label={t('procedure.field')}>{p.field}</Descriptions.Item>
        {p.timeLimit && (
          <Descriptions.Item label={t('procedure.timeLimit')}>
            {t(`timeUnits.${p.timeLimit.unit}`, { count: p.timeLimit.value })}
          </Descriptions.Item>
        )}
        {d.competentAgencyText && (
          <Descriptions.Item label={t('procedure.agency')}>{d.competentAgencyText}</Descriptions.Item>
        )}
        {d.implementingAgencyText && (
          <Descriptions.Item label={t('procedure.where')}>{d.implementingAgencyText}</Descriptions.Item>
        )}
        <Descriptions.Item label={t('procedure.fees')}>
          {fees.length === 0 || fees.every((f) => f.free)
            ? t('procedure.free')
            : fees.map((f) => <div key={f.text}>{f.text}</div>)}
        </Descriptions.Item>
        {d.result?.names.length ? (
          <Descriptions.Item label={t('procedure.result')}>{d.result.names.join('; ')}</Descriptions.Item>
        ) : null}
      </Descriptions>
      <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('procedure.documents')}</h2>}>
        <List
          dataSource={d.documents ?? []}
          renderItem={(doc, i) => (
            <List.Item key={`${i}-${doc.name}`}>
              <List.Item.Meta
                title={`${i + 1}. ${doc.name}`}
                description={[
                  doc.originals ? t('procedure.originals', { count: doc.originals }) : '',
                  doc.copies ? t('procedure.copies', { count: doc.copies }) : '',
                  doc.form ? `${t('procedure.form')}: ${doc.form}` : '',
                ]
                  .filter(Boolean)
                  .join(' · ')}
              />
            </List.Item>
          )}
        />
      </Card>
      {d.channels?.length ? (
        <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('procedure.channels')}</h2>}>
          <List
            dataSource={d.channels}
            renderItem={(c, i) => (
              <List.Item key={`${c.channel}-${i}`}>
                {t(`channel.${c.channel}`, { defaultValue: c.channel })}
                {c.time ? ` — ${t(`timeUnits.${c.time.unit}`, { count: c.time.value })}` : ''}
              </List.Item>
            )}
          />
        </Card>
      ) : null}
      {d.legalBasis?.length ? (
        <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('procedure.legalBasis')}</h2>}>
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {d.legalBasis.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        </Card>
      ) : null}
    </Flex>
  );
}
