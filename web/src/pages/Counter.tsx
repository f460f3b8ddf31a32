import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Typography,
} from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, api } from '../api.ts';
import { CounterChecklistOptions, counterChecklist } from '../components/Checklist.tsx';
import { CounterFees, counterFees } from '../components/CounterFees.tsx';
import { useClearable } from '../components/clearable.tsx';
import { useClearButtonsSkipped } from '../components/keyboard.ts';
import { NotReceivable, RoutingFields, routingOf } from '../components/Receivability.tsx';
import type { Reply } from '../contracts.ts';
import { formatDate } from '../format.ts';

/** A procedure as the counter reads it (`details.documents`: only what the applicant hands in). */
type Procedure = Reply<'GET /api/procedures/:code'>;

const SEARCH_DELAY = 250;

/**
 * The reception counter: pick the procedure, tick the documents, enter the applicant and where the matter
 * lies, see the appointment date the calendar gives, then receive — or refuse, or ask for completion.
 */
export function CounterPage() {
  const { t } = useTranslation();
  const clearable = useClearable();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  // Search once the officer pauses typing, not on every key.
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(q.trim()), SEARCH_DELAY);
    return () => clearTimeout(timer);
  }, [q]);
  const [code, setCode] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState<null | 'refuse' | 'request_completion'>(null);
  const [reasons, setReasons] = useState('');
  // One Idempotency-Key per form until the server accepts it: a retry after a lost answer (or a second
  // click) replays the first outcome instead of opening a second record. A refused request stores
  // nothing, so the corrected form may go with the same key.
  const idempotencyKey = useRef(crypto.randomUUID());
  const alertRef = useRef<HTMLDivElement>(null);
  const root = useRef<HTMLDivElement>(null);
  useClearButtonsSkipped(root);
  // A problem the server names is brought into view and read out (the form may be scrolled far below).
  useEffect(() => {
    if (!error) return;
    alertRef.current?.scrollIntoView({ block: 'center' });
    alertRef.current?.focus();
  }, [error]);
  const found = useQuery({
    queryKey: ['procedures', debounced, 'counter'],
    enabled: debounced.length >= 2,
    queryFn: () =>
      api<Reply<'GET /api/procedures'>>(`/api/procedures?limit=10&q=${encodeURIComponent(debounced)}`),
  });
  const procedure = useQuery({
    queryKey: ['procedure', code],
    enabled: Boolean(code),
    queryFn: () => api<Procedure>(`/api/procedures/${code}`),
  });
  const now = useMemo(() => new Date().toISOString(), []);
  const due = useQuery({
    queryKey: ['due', procedure.data?.timeLimit?.value, procedure.data?.timeLimit?.unit],
    enabled: procedure.data?.timeLimit?.unit === 'working_days',
    queryFn: () =>
      api<Reply<'GET /api/calendar/due-date'>>(
        // Working-day limits count from the reception day whatever the hour (the 15:00 cut-off is for
        // same-day limits and the procedures the city lists; the record's own appointment is authoritative).
        `/api/calendar/due-date?from=${encodeURIComponent(now)}&workingDays=${procedure.data!.timeLimit!.value}`,
      ),
  });
  const documents = procedure.data?.details.documents ?? [];

  const send = async (
    type: 'receive' | 'refuse' | 'request_completion',
    extra: Record<string, unknown> = {},
  ) => {
    let v: Awaited<ReturnType<typeof form.validateFields>>;
    try {
      v = await form.validateFields();
    } catch (invalid) {
      // Show the first field in error and put the cursor in it.
      const first = (invalid as { errorFields?: { name: (string | number)[] }[] }).errorFields?.[0];
      if (first) form.scrollToField(first.name, { block: 'center', focus: true });
      return;
    }
    const applicant: Record<string, unknown> = { kind: 'citizen', fullName: v.fullName };
    for (const k of ['personalId', 'phone', 'address', 'sex'] as const) if (v[k]) applicant[k] = v[k];
    if (v.birthDate) applicant.birthDate = v.birthDate.format('YYYY-MM-DD');
    const routing = routingOf(v, procedure.data!.routingFacts);
    const opening = {
      procedureVersionId: procedure.data!.versionId,
      channel: 'in_person',
      applicant,
      routing,
    };
    const checklist = counterChecklist(documents, v.checklist ?? []);
    const fees = counterFees(v);
    setBusy(true);
    setError(null);
    try {
      const res = await api<Reply<'POST /api/records'>>('/api/records', {
        method: 'POST',
        headers: { 'idempotency-key': idempotencyKey.current },
        body: JSON.stringify(
          type === 'receive'
            ? { type, checklist, opening, ...(fees ? { fees } : {}) }
            : { type, opening, ...extra },
        ),
      });
      idempotencyKey.current = crypto.randomUUID();
      message.success(t(`ws.counter.done.${type}`, { code: res.record.code ?? '' }));
      // The record page puts the cursor on the slip to print (Enter opens it).
      navigate(`/can-bo/ho-so/${res.record.id}`, { state: { printSlip: true } });
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'unknown', String(e), []));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical gap={12} ref={root}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t('ws.counter.heading')}
      </Typography.Title>
      {error && (
        <div ref={alertRef} tabIndex={-1}>
          <Alert
            type="error"
            showIcon
            role="alert"
            message={error.message}
            description={
              error.fields.length ? error.fields.map((f) => `${f.path}: ${f.message}`).join('; ') : undefined
            }
          />
        </div>
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={() => send('receive')}
        // Enter in a field confirms that field (a date typed, an option chosen), never the whole reception:
        // only the Receive button receives.
        onKeyDown={(e) => {
          if (e.key === 'Enter' && e.target instanceof HTMLInputElement) e.preventDefault();
        }}
      >
        <Form.Item label={t('ws.counter.procedure')} required>
          <AutoComplete
            aria-label={t('ws.counter.procedure')}
            autoFocus
            value={q}
            onChange={(v) => {
              setQ(v);
            }}
            onSelect={(v: string) => {
              setCode(v);
              const name = found.data?.items.find((p) => p.code === v)?.name ?? v;
              setQ(name);
            }}
            options={(found.data?.items ?? []).map((p) => ({
              value: p.code,
              label: `${p.code} — ${p.name}`,
            }))}
            placeholder={t('ws.counter.procedurePlaceholder')}
          />
        </Form.Item>
        {procedure.data && (
          <Card size="small" style={{ marginBottom: 12 }}>
            <Typography.Paragraph strong>{procedure.data.name}</Typography.Paragraph>
            {/* Said before the form is filled: reception would refuse it (catalogue readiness). */}
            {!procedure.data.receivable.in_person && (
              <div style={{ marginBottom: 12 }}>
                <NotReceivable procedure={procedure.data} channel="in_person" />
              </div>
            )}
            {procedure.data.timeLimit && (
              <Typography.Paragraph>
                {t('procedure.timeLimit')}:{' '}
                {t(`timeUnits.${procedure.data.timeLimit.unit}`, { count: procedure.data.timeLimit.value })}
                {due.data && (
                  <>
                    {' — '}
                    {t('ws.counter.appointment')}:{' '}
                    <strong data-testid="appointment">{formatDate(due.data.dueDate)}</strong>
                  </>
                )}
              </Typography.Paragraph>
            )}
            <Form.Item name="checklist" label={t('ws.field.checklist')} initialValue={[]}>
              <CounterChecklistOptions documents={documents} />
            </Form.Item>
            {code && <CounterFees code={code} form={form} />}
          </Card>
        )}
        <Flex gap={12} wrap>
          <Form.Item
            name="fullName"
            label={t('ws.applicant.fullName')}
            rules={[{ required: true, whitespace: true, message: t('ws.required') }]}
            style={{ flex: '1 1 240px' }}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="personalId"
            label={t('ws.applicant.personalId')}
            rules={[{ pattern: /^\d{12}$/, message: t('ws.applicant.personalIdInvalid') }]}
            style={{ flex: '1 1 160px' }}
          >
            <Input inputMode="numeric" maxLength={12} autoComplete="off" />
          </Form.Item>
          <Form.Item name="birthDate" label={t('ws.applicant.birthDate')}>
            <DatePicker format="DD/MM/YYYY" />
          </Form.Item>
          <Form.Item name="sex" label={t('ws.applicant.sex')}>
            <Select
              style={{ width: 120 }}
              allowClear={clearable}
              options={[
                { value: 'male', label: t('ws.applicant.male') },
                { value: 'female', label: t('ws.applicant.female') },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="phone"
            label={t('ws.applicant.phone')}
            rules={[{ pattern: /^[+\d\s.-]{9,15}$/, message: t('ws.applicant.phoneInvalid') }]}
            style={{ flex: '1 1 160px' }}
          >
            <Input inputMode="tel" autoComplete="off" />
          </Form.Item>
        </Flex>
        <Form.Item name="address" label={t('ws.applicant.address')}>
          <Input autoComplete="off" />
        </Form.Item>
        {procedure.data && (
          <RoutingFields facts={procedure.data.routingFacts} itemStyle={{ flex: '1 1 280px' }} />
        )}
        <Flex gap={8} wrap>
          <Button
            type="primary"
            htmlType="submit"
            loading={busy}
            disabled={!procedure.data?.receivable.in_person}
          >
            {t('action.receive')}
          </Button>
          <Button danger disabled={!procedure.data} onClick={() => setAsking('refuse')}>
            {t('action.refuse')}
          </Button>
          <Button disabled={!procedure.data} onClick={() => setAsking('request_completion')}>
            {t('action.request_completion')}
          </Button>
        </Flex>
      </Form>
      <Modal
        open={asking !== null}
        title={asking ? t(`action.${asking}`) : ''}
        okText={t('ws.confirm')}
        cancelText={t('ws.cancel')}
        okButtonProps={{ disabled: !reasons.trim() }}
        onCancel={() => setAsking(null)}
        onOk={async () => {
          const list = reasons
            .split('\n')
            .map((x) => x.trim())
            .filter(Boolean);
          const type = asking!;
          setAsking(null);
          await send(type, type === 'refuse' ? { reasons: list } : { reasons: list, missingDocuments: [] });
        }}
      >
        <label htmlFor="counter-reasons">{t('ws.field.reasons')}</label>
        <Input.TextArea
          id="counter-reasons"
          rows={4}
          value={reasons}
          onChange={(e) => setReasons(e.target.value)}
        />
      </Modal>
    </Flex>
  );
}
