import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  List,
  Modal,
  Skeleton,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { ApiError, api } from '../api.ts';
import { FeesPanel, formatVnd } from '../components/FeesPanel.tsx';
import { RecordConnections } from '../components/RecordConnections.tsx';
import { RecordDocuments } from '../components/RecordDocuments.tsx';
import { RecordNotifications } from '../components/RecordNotifications.tsx';
import { RecordPayments } from '../components/RecordPayments.tsx';
import { RecordResults, useResults } from '../components/RecordResults.tsx';
import { RecordSteps, useStepName } from '../components/RecordSteps.tsx';
import { TransferFailureBanner } from '../components/TransferFailureBanner.tsx';
import type { Reply } from '../contracts.ts';
import { formatDate, formatDateTime } from '../format.ts';
import type { Me } from '../session.tsx';
import {
  ActionFields,
  type ActionFormView,
  actionBody,
  fieldPath,
  initialValues,
  useLabel,
} from './ActionForm.tsx';
import { GroupSiblings } from './Groups.tsx';

type RecordView = Reply<'GET /api/records/:id'>;

const slug = (a: string) => a.replaceAll('_', '-');

/** An agency's name (the agencies API is public and cached), or nothing while it loads. */
function useAgencyName(id: string | null | undefined): string | undefined {
  const agency = useQuery({
    queryKey: ['agency', id],
    enabled: Boolean(id),
    staleTime: 3_600_000,
    queryFn: () => api<Reply<'GET /api/agencies/:id'>>(`/api/agencies/${id}`),
  });
  return agency.data?.name;
}

/** Actions that end, undo or delay a record never get the primary (default Enter) style. */
const CAUTIOUS = new Set([
  'withdraw',
  'stop',
  'refuse',
  'reject',
  'extend',
  'send_back',
  'request_supplement',
  'request_completion',
]);

/** One record: summary, timeline, slips and documents, and the actions the server says are available. */
export function RecordPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const stepName = useStepName();
  const { id = '' } = useParams();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [action, setAction] = useState<ActionFormView | null>(null);
  const [key, setKey] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const record = useQuery({ queryKey: ['record', id], queryFn: () => api<RecordView>(`/api/records/${id}`) });
  // The actions the caller may take now, each with its form as the server describes it.
  // Keyed by the record's version, so that they follow every change of the record.
  const actions = useQuery({
    queryKey: ['actions', id, record.data?.version],
    enabled: Boolean(record.data),
    queryFn: () => api<Reply<'GET /api/records/:id/actions'>>(`/api/records/${id}/actions`),
  });
  const label = useLabel();
  const timeline = useQuery({
    queryKey: ['timeline', id],
    queryFn: () => api<Reply<'GET /api/records/:id/timeline'>>(`/api/records/${id}/timeline`),
  });
  const slips = useQuery({
    queryKey: ['slips', id],
    queryFn: () => api<Reply<'GET /api/records/:id/slips'>>(`/api/records/${id}/slips`),
  });
  const results = useResults(id);
  const procedure = useQuery({
    // The record's own version: an administrator's later edit of the checklist must not change it.
    queryKey: ['procedure', record.data?.procedureCode, record.data?.procedureVersionId],
    enabled: Boolean(record.data),
    queryFn: () =>
      api<Reply<'GET /api/procedures/:code'>>(
        `/api/procedures/${record.data!.procedureCode}?versionId=${encodeURIComponent(record.data!.procedureVersionId)}`,
      ),
  });
  const receivingAgency = useAgencyName(record.data?.receivingAgencyId);
  const competentAgency = useAgencyName(record.data?.competentAgencyId);
  // Coming from the counter, the cursor waits on the first slip (the receipt): Enter opens it to print.
  const printSlip = Boolean((useLocation().state as { printSlip?: boolean } | null)?.printSlip);
  const firstSlip = useRef<HTMLAnchorElement>(null);
  const hasSlips = Boolean(slips.data?.items.length);
  useEffect(() => {
    if (printSlip && hasSlips) firstSlip.current?.focus();
  }, [printSlip, hasSlips]);
  if (record.isPending) return <Skeleton active />;
  if (record.error) return <Alert type="error" showIcon message={record.error.message} />;
  const r = record.data;
  const current = r.currentStep !== null ? r.steps[r.currentStep] : undefined;
  const documentNames = (procedure.data?.details.documents ?? []).map((d) => d.name);
  // Ticked at reception unless the document belongs to a case or an alternative group.
  const everyCase = (procedure.data?.details.documents ?? [])
    .filter((d) => !d.case && !d.alternativeGroup)
    .map((d) => d.name);
  const latestResult = results.data?.items.at(-1);
  const open = (a: ActionFormView) => {
    form.resetFields();
    setError(null);
    setKey(crypto.randomUUID());
    setAction(a);
  };
  const forms = actions.data?.items ?? [];
  // An action offered at several active steps (parallel branches) names its step on the button; one taken
  // for a leader under a delegation names the leader.
  const buttonLabel = (a: ActionFormView) => {
    const name = t(`action.${a.action}`, { defaultValue: a.action });
    const atStep =
      forms.filter((x) => x.action === a.action && x.onBehalfOf?.userId === a.onBehalfOf?.userId).length >
        1 && a.step
        ? `${name} — ${label({ vi: a.step.name_vi, en: a.step.name_en })}`
        : name;
    return a.onBehalfOf ? t('ws.onBehalfOf', { action: atStep, leader: a.onBehalfOf.displayName }) : atStep;
  };
  const primary = forms.find((x) => !CAUTIOUS.has(x.action));
  const run = async () => {
    if (!action) return;
    const values = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await api(`/api/records/${r.id}/${slug(action.action)}`, {
        method: 'POST',
        headers: { 'idempotency-key': key },
        body: JSON.stringify(actionBody(action, values, r.version)),
      });
      message.success(
        t('ws.done', { action: t(`action.${action.action}`, { defaultValue: action.action }) }),
      );
      setAction(null);
      await queries.invalidateQueries({ queryKey: ['record', id] });
      await queries.invalidateQueries({ queryKey: ['actions', id] });
      await queries.invalidateQueries({ queryKey: ['timeline', id] });
      await queries.invalidateQueries({ queryKey: ['slips', id] });
      await queries.invalidateQueries({ queryKey: ['documents', id] });
      await queries.invalidateQueries({ queryKey: ['approval-queue'] });
      await queries.invalidateQueries({ queryKey: ['worklist'] });
    } catch (e) {
      const problem = e instanceof ApiError ? e : new ApiError(0, 'unknown', String(e), []);
      // The server's messages stand beside the fields they name; the others under the title.
      const beside = problem.fields.flatMap((f) => {
        const name = fieldPath(action, f.path);
        return name === undefined ? [] : [{ name, errors: [f.message] }];
      });
      form.setFields(beside);
      setError(
        new ApiError(
          problem.status,
          problem.code,
          problem.message,
          problem.fields.filter((f) => fieldPath(action, f.path) === undefined),
        ),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <Flex vertical gap={12}>
      <Link to="/can-bo">← {t('ws.worklist.heading')}</Link>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {r.code ?? t('ws.record.noCode')}
      </Typography.Title>
      {r.transferFailure && (
        <TransferFailureBanner
          failure={r.transferFailure}
          stepName={(() => {
            const from = r.steps[r.transferFailure.fromStep];
            return from ? stepName(from) : '';
          })()}
        />
      )}
      <Descriptions bordered size="small" column={1}>
        <Descriptions.Item label={t('ws.record.status')}>
          <Tag color="#0d47a1">{t(`status.${r.status}`)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('ws.record.procedure')}>
          {r.procedureCode}
          {procedure.data && ` — ${procedure.data.name}`}
        </Descriptions.Item>
        <Descriptions.Item label={t('ws.record.receivingAgency')}>{receivingAgency ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('ws.record.competentAgency')}>
          {competentAgency ?? '—'}
          {r.receivingAgencyId && r.competentAgencyId && r.receivingAgencyId !== r.competentAgencyId && (
            <Tag color="#8e4b00" style={{ marginInlineStart: 8 }}>
              {t('ws.record.crossBoundary')}
            </Tag>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('ws.record.applicant')}>{r.applicant.fullName}</Descriptions.Item>
        {(r.applicant.personalId || r.applicant.taxCode) && (
          <Descriptions.Item
            label={t(r.applicant.personalId ? 'ws.applicant.personalId' : 'ws.record.taxCode')}
          >
            {r.applicant.personalId ?? r.applicant.taxCode}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('ws.applicant.phone')}>{r.applicant.phone ?? '—'}</Descriptions.Item>
        {r.applicant.email && (
          <Descriptions.Item label={t('ws.record.email')}>{r.applicant.email}</Descriptions.Item>
        )}
        <Descriptions.Item label={t('ws.applicant.address')}>{r.applicant.address ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('track.received')}>{formatDateTime(r.receivedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('track.appointment')}>
          {formatDate(r.appointment?.dueDate)}
        </Descriptions.Item>
        {current && (
          <Descriptions.Item label={t('ws.record.currentStep')}>
            {stepName(current)} — {formatDateTime(current.dueAt)}
          </Descriptions.Item>
        )}
      </Descriptions>
      <RecordSteps
        steps={r.steps}
        activeSteps={r.activeSteps ?? (r.currentStep === null ? [] : [r.currentStep])}
        status={r.status}
        visits={timeline.data?.steps ?? []}
      />
      <FeesPanel
        totalVnd={r.fees?.totalVnd ?? null}
        rows={(r.fees?.lines ?? []).map((l) => ({
          name: l.name,
          quantity: l.quantity,
          amountVnd: l.amountVnd,
          note: [
            ...l.adjustments.map((a) =>
              a.kind === 'exemption'
                ? `${t('fees.exempted')}: ${a.who ?? ''} (${a.legalBasis})`
                : `${t('fees.reduced')} ${formatVnd(a.amountVnd)} (${a.legalBasis})`,
            ),
            ...(l.adjustments.length === 0 && l.legalBasis ? [l.legalBasis] : []),
          ].join('; '),
        }))}
        payment={r.payment}
        awaitingPayment={r.status === 'awaiting_payment'}
        qrUrl={`/api/records/${r.id}/payment-qr`}
      />
      <GroupSiblings recordId={r.id} />
      <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ws.record.actions')}</h2>}>
        {actions.isPending ? (
          <Skeleton active paragraph={false} />
        ) : forms.length === 0 ? (
          <Typography.Text>{t('ws.record.noActions')}</Typography.Text>
        ) : (
          <Flex gap={8} wrap>
            {forms.map((a) => (
              <Button
                key={`${a.action}:${a.step?.stepIndex ?? ''}:${a.onBehalfOf?.userId ?? ''}`}
                onClick={() => open(a)}
                type={a === primary ? 'primary' : 'default'}
                danger={['withdraw', 'stop', 'reject', 'refuse'].includes(a.action)}
              >
                {buttonLabel(a)}
              </Button>
            ))}
          </Flex>
        )}
      </Card>
      <RecordDocuments
        recordId={r.id}
        status={r.status}
        components={documentNames}
        hasOwner={Boolean(r.applicant.personalId || r.applicant.taxCode)}
        canAdd={me.roles.some((x) => x === 'reception' || x === 'specialist' || x === 'leader')}
      />
      <RecordPayments recordId={r.id} status={r.status} roles={me.roles} />
      <RecordResults
        recordId={r.id}
        status={r.status}
        competent={me.agencyId === r.competentAgencyId}
        roles={me.roles}
        hasOwner={Boolean(r.applicant.personalId || r.applicant.taxCode)}
      />
      <RecordConnections recordId={r.id} />
      <RecordNotifications recordId={r.id} />
      {slips.data && slips.data.items.length > 0 && (
        <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ws.record.slips')}</h2>}>
          <List
            dataSource={slips.data.items}
            renderItem={(s, index) => (
              <List.Item key={`${s.form}-${s.seq}`}>
                <a
                  ref={index === 0 ? firstSlip : undefined}
                  href={`/api/records/${r.id}/slips/${s.form}?seq=${s.seq}`}
                  target="_blank"
                  rel="noreferrer"
                >
                  {s.title}
                </a>
              </List.Item>
            )}
          />
        </Card>
      )}
      {timeline.data && (
        <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ws.record.timeline')}</h2>}>
          <Timeline
            items={timeline.data.events.map((e) => ({
              children: [
                t(`event.${e.type}`, { defaultValue: e.type }),
                formatDateTime(e.occurredAt),
                // Who did it: the official (and the leader they acted for) and their agency (the applicant's
                // and the system's own steps name none).
                [
                  e.actorName && e.onBehalfOfName
                    ? t('ws.record.actedFor', { actor: e.actorName, leader: e.onBehalfOfName })
                    : e.actorName,
                  e.agencyName,
                ]
                  .filter(Boolean)
                  .join(', '),
              ]
                .filter(Boolean)
                .join(' — '),
            }))}
          />
        </Card>
      )}
      <Modal
        open={action !== null}
        title={action ? buttonLabel(action) : ''}
        okText={t('ws.confirm')}
        cancelText={t('ws.cancel')}
        confirmLoading={busy}
        onOk={run}
        onCancel={() => setAction(null)}
        destroyOnHidden
      >
        {error && (
          <Alert
            type="error"
            showIcon
            role="alert"
            style={{ marginBottom: 12 }}
            message={error.message}
            description={
              error.fields.length ? error.fields.map((f) => `${f.path}: ${f.message}`).join('; ') : undefined
            }
          />
        )}
        {action?.step && (r.activeSteps?.length ?? 0) > 1 && (
          <Typography.Paragraph>
            {t('ws.atStep', {
              step: label({ vi: action.step.name_vi, en: action.step.name_en }),
              agency: action.step.agencyName ?? '',
            })}
          </Typography.Paragraph>
        )}
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          // The result issued is the one drafted and signed below, unless the official names another.
          initialValues={
            action
              ? initialValues(action, {
                  checked: everyCase,
                  ...(latestResult ? { result: latestResult } : {}),
                  feeItems: (r.fees?.lines ?? [])
                    .filter((l) => l.amountVnd > 0)
                    .map((l) => ({
                      description: l.quantity > 1 ? `${l.name} (× ${l.quantity})` : l.name,
                      amountVnd: l.amountVnd,
                    })),
                })
              : undefined
          }
        >
          {action && <ActionFields form={action} documents={documentNames} recordId={r.id} />}
        </Form>
      </Modal>
    </Flex>
  );
}
