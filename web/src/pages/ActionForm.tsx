import { useQuery } from '@tanstack/react-query';
import { Checkbox, DatePicker, Form, Input, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { useClearable } from '../components/clearable.tsx';

/** The fields one action asks for; the payload is built from them (the server validates again). */
export const ACTION_FIELDS: Record<string, string[]> = {
  submit: [],
  receive: ['checklist'],
  refuse: ['reasons'],
  request_completion: ['reasons', 'missingDocuments'],
  forward: ['assigneeOptional', 'note'],
  send_back: ['toStep', 'reason'],
  assign: ['assignee'],
  reassign: ['assignee', 'reasonOptional'],
  request_supplement: ['reasons', 'missingDocuments'],
  supplement: ['suppliedDocuments'],
  request_payment: ['paymentDescription', 'paymentAmount'],
  confirm_payment: ['paidVia', 'reference'],
  approve: ['note'],
  reject: ['reasons'],
  issue_result: ['resultName'],
  return_result: ['method', 'recipientName', 'trackingNumber'],
  extend: ['newDueDate', 'reason'],
  withdraw: ['reason'],
  stop: ['reason'],
};

const lines = (s: string | undefined) =>
  (s ?? '')
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);

/** Turns the form's values into the command body for `POST /api/records/:id/<action>`. */
export function actionPayload(
  action: string,
  v: Record<string, unknown>,
  version: number,
): Record<string, unknown> {
  const str = (k: string) =>
    typeof v[k] === 'string' && (v[k] as string).trim() ? (v[k] as string).trim() : undefined;
  const body: Record<string, unknown> = { version };
  switch (action) {
    case 'receive':
      body.checklist = ((v.checklist as string[] | undefined) ?? []).map((document) => ({
        document,
        provided: true,
      }));
      break;
    case 'refuse':
    case 'reject':
      body.reasons = lines(str('reasons'));
      break;
    case 'request_completion':
    case 'request_supplement':
      body.reasons = lines(str('reasons'));
      body.missingDocuments = (v.missingDocuments as string[] | undefined) ?? [];
      break;
    case 'forward':
      if (str('assigneeId')) body.assigneeId = str('assigneeId');
      if (str('note')) body.note = str('note');
      break;
    case 'send_back':
      body.toStep = v.toStep;
      body.reason = str('reason');
      break;
    case 'assign':
    case 'reassign':
      body.assigneeId = str('assigneeId');
      if (str('reason')) body.reason = str('reason');
      break;
    case 'supplement':
      body.documents = (v.suppliedDocuments as string[] | undefined) ?? [];
      break;
    case 'request_payment':
      body.items = [{ description: str('paymentDescription'), amountVnd: v.paymentAmount }];
      break;
    case 'confirm_payment':
      if (str('reference')) body.reference = str('reference');
      body.paidVia = v.paidVia;
      break;
    case 'approve':
      if (str('note')) body.note = str('note');
      break;
    case 'issue_result':
      body.documents = [{ name: str('resultName') }];
      break;
    case 'return_result':
      body.method = v.method;
      if (str('recipientName')) body.recipientName = str('recipientName');
      if (str('trackingNumber')) body.trackingNumber = str('trackingNumber');
      break;
    case 'extend':
      body.newDueDate = (v.newDueDate as { format(f: string): string } | undefined)?.format('YYYY-MM-DD');
      body.reason = str('reason');
      break;
    case 'withdraw':
    case 'stop':
      body.reason = str('reason');
      break;
  }
  return body;
}

/** Who may be named for the step an action leads to (GET /api/records/:id/assignees). */
interface Assignees {
  step: { index: number; key: string; role: string; agencyId: string; agencyName: string | null } | null;
  items: { id: string; username: string; displayName: string; roles: string[] }[];
}

/** The form items of an action. */
export function ActionFields({
  action,
  documents,
  recordId,
  steps,
  checked,
}: {
  action: string;
  documents: string[];
  /** The documents ticked at first in a reception's checklist (default: all). */
  checked?: string[];
  recordId: string;
  steps: { key: string }[];
}) {
  const { t } = useTranslation();
  const clearable = useClearable();
  const form = Form.useFormInstance();
  const toStep = Form.useWatch('toStep', form) as number | undefined;
  const needsPeople = (ACTION_FIELDS[action] ?? []).some((f) => f.startsWith('assignee'));
  // The officials of the agency that owns the step the action leads to, with that step's role.
  const people = useQuery({
    queryKey: ['assignees', recordId, action, toStep],
    enabled: needsPeople && (action !== 'send_back' || toStep !== undefined),
    queryFn: () => {
      const s = new URLSearchParams({ action });
      if (action === 'send_back' && toStep !== undefined) s.set('toStep', String(toStep));
      return api<Assignees>(`/api/records/${recordId}/assignees?${s}`);
    },
  });
  const target = people.data?.step;
  const required = { required: true, message: t('ws.required') };
  const docOptions = documents.map((d) => ({ value: d, label: d }));
  return (
    <>
      {(ACTION_FIELDS[action] ?? []).map((f) => {
        switch (f) {
          case 'checklist':
            return (
              <Form.Item
                key={f}
                name="checklist"
                label={t('ws.field.checklist')}
                initialValue={checked ?? documents}
              >
                <Checkbox.Group options={docOptions} style={{ display: 'grid', gap: 4 }} />
              </Form.Item>
            );
          case 'reasons':
            return (
              <Form.Item
                key={f}
                name="reasons"
                label={t('ws.field.reasons')}
                rules={[required]}
                extra={t('ws.field.onePerLine')}
              >
                <Input.TextArea rows={3} />
              </Form.Item>
            );
          case 'missingDocuments':
          case 'suppliedDocuments':
            return (
              <Form.Item
                key={f}
                name={f}
                label={t(`ws.field.${f}`)}
                rules={f === 'suppliedDocuments' ? [required] : []}
              >
                <Select mode="multiple" options={docOptions} />
              </Form.Item>
            );
          case 'assignee':
          case 'assigneeOptional':
            return (
              <Form.Item
                key={f}
                name="assigneeId"
                label={t('ws.field.assignee')}
                rules={f === 'assignee' ? [required] : []}
                extra={
                  target
                    ? t('ws.field.assigneeStep', {
                        step: t(`step.${target.key}`, { defaultValue: target.key }),
                        agency: target.agencyName ?? '',
                        role: t(`admin.users.role.${target.role}`, { defaultValue: target.role }),
                      })
                    : undefined
                }
              >
                <Select
                  allowClear={clearable}
                  showSearch
                  optionFilterProp="label"
                  loading={people.isFetching && needsPeople}
                  notFoundContent={people.isSuccess ? t('ws.field.noAssignee') : undefined}
                  options={(people.data?.items ?? []).map((p) => ({
                    value: p.id,
                    label: `${p.displayName} — ${p.roles
                      .map((r) => t(`admin.users.role.${r}`, { defaultValue: r }))
                      .join(', ')}`,
                  }))}
                />
              </Form.Item>
            );
          case 'toStep':
            return (
              <Form.Item key={f} name="toStep" label={t('ws.field.toStep')} rules={[required]}>
                <Select
                  options={steps.map((s, i) => ({
                    value: i,
                    label: `${i + 1}. ${t(`step.${s.key}`, { defaultValue: s.key })}`,
                  }))}
                />
              </Form.Item>
            );
          case 'reason':
          case 'reasonOptional':
            return (
              <Form.Item
                key={f}
                name="reason"
                label={t('ws.field.reason')}
                rules={f === 'reason' ? [required] : []}
              >
                <Input.TextArea rows={2} />
              </Form.Item>
            );
          case 'note':
            return (
              <Form.Item key={f} name="note" label={t('ws.field.note')}>
                <Input.TextArea rows={2} />
              </Form.Item>
            );
          case 'paymentDescription':
            return (
              <Form.Item
                key={f}
                name="paymentDescription"
                label={t('ws.field.paymentDescription')}
                rules={[required]}
              >
                <Input />
              </Form.Item>
            );
          case 'paymentAmount':
            return (
              <Form.Item key={f} name="paymentAmount" label={t('ws.field.paymentAmount')} rules={[required]}>
                <InputNumber min={0} step={1000} style={{ width: 200 }} />
              </Form.Item>
            );
          case 'paidVia':
            return (
              <Form.Item
                key={f}
                name="paidVia"
                label={t('ws.field.paidVia')}
                rules={[required]}
                initialValue="cash"
              >
                <Select
                  options={['cash', 'bank_transfer', 'online_portal'].map((m) => ({
                    value: m,
                    label: t(`ws.paidVia.${m}`),
                  }))}
                />
              </Form.Item>
            );
          case 'reference':
            return (
              <Form.Item key={f} name="reference" label={t('ws.field.reference')}>
                <Input />
              </Form.Item>
            );
          case 'resultName':
            return (
              <Form.Item key={f} name="resultName" label={t('ws.field.resultName')} rules={[required]}>
                <Input />
              </Form.Item>
            );
          case 'method':
            return (
              <Form.Item
                key={f}
                name="method"
                label={t('ws.field.method')}
                rules={[required]}
                initialValue="counter"
              >
                <Select
                  options={['counter', 'online', 'post'].map((m) => ({
                    value: m,
                    label: t(`ws.method.${m}`),
                  }))}
                />
              </Form.Item>
            );
          case 'recipientName':
            return (
              <Form.Item key={f} name="recipientName" label={t('ws.field.recipientName')}>
                <Input />
              </Form.Item>
            );
          case 'trackingNumber':
            return (
              <Form.Item key={f} name="trackingNumber" label={t('ws.field.trackingNumber')}>
                <Input />
              </Form.Item>
            );
          case 'newDueDate':
            return (
              <Form.Item key={f} name="newDueDate" label={t('ws.field.newDueDate')} rules={[required]}>
                <DatePicker format="DD/MM/YYYY" />
              </Form.Item>
            );
          default:
            return null;
        }
      })}
    </>
  );
}
