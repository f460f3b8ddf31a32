import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Flex, Form, Input, Radio, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type ApiError, api } from '../../api.ts';
import { formatDate } from '../../format.ts';
import type { Agency } from './AgencySelect.tsx';
import { applyFieldErrors, ProblemAlert, toApiError } from './ProblemAlert.tsx';
import { ServiceAreaCard } from './ServiceArea.tsx';

type Hours = NonNullable<Agency['workingHours']>;

interface HoursForm {
  mode: 'default' | 'own';
  start?: string;
  end?: string;
  lunchStart?: string;
  lunchEnd?: string;
}

const TIMES = ['start', 'end', 'lunchStart', 'lunchEnd'] as const;

/** Minutes since midnight ↔ the `HH:mm` of a time input. */
const toTime = (m: number | undefined) =>
  m === undefined
    ? undefined
    : `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const toMinutes = (s: string | undefined) => {
  if (!s) return undefined;
  const [h, m] = s.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

function ownHours(value: unknown): Hours | null {
  const h = value as Partial<Hours> | null;
  return h && typeof h.start === 'number' && typeof h.end === 'number' ? (h as Hours) : null;
}

/** +84… → the national form (0…) an official reads and types. */
const national = (phone: string | null) => (phone ? phone.replace(/^\+84/, '0') : '');

/** The agency's contact phone (printed on slip 02): set, changed, or cleared when left empty. */
function ContactPhoneCard({ agency }: { agency: Agency }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<{ contactPhone?: string }>();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async (v: { contactPhone?: string }) => {
    setBusy(true);
    setError(null);
    try {
      const saved = await api<Agency>(`/api/agencies/${agency.id}`, {
        method: 'PATCH',
        body: JSON.stringify({ contactPhone: v.contactPhone?.trim() ? v.contactPhone.trim() : null }),
      });
      queries.setQueryData(['agency', agency.id], saved);
      form.setFieldsValue({ contactPhone: national(saved.contactPhone) });
      message.success(t('admin.agencies.contactPhoneSaved', { name: agency.name }));
    } catch (e) {
      const problem = toApiError(e);
      setError(problem);
      applyFieldErrors(form, problem, ['contactPhone']);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      size="small"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('admin.agencies.contactPhone')}</h2>}
    >
      <Typography.Paragraph>{t('admin.agencies.contactPhoneHint')}</Typography.Paragraph>
      {error && <ProblemAlert error={error} labels={{ contactPhone: t('admin.agencies.contactPhone') }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{ contactPhone: national(agency.contactPhone) }}
      >
        <Form.Item name="contactPhone" label={t('admin.agencies.contactPhone')}>
          <Input type="tel" autoComplete="off" inputMode="tel" style={{ width: 220 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('admin.agencies.saveContactPhone')}
        </Button>
      </Form>
    </Card>
  );
}

/** One agency: what it is, and its office hours (its own, or the default), which deadlines count in. */
export function AgencyPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<HoursForm>();
  const mode = Form.useWatch('mode', form);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const agency = useQuery({ queryKey: ['agency', id], queryFn: () => api<Agency>(`/api/agencies/${id}`) });
  const unit = useQuery({
    queryKey: ['unit', agency.data?.unitKey],
    enabled: Boolean(agency.data),
    queryFn: () => api<{ fullName: string }>(`/api/units/${agency.data!.unitKey}`),
  });
  if (agency.isPending) return <Skeleton active />;
  if (agency.error) return <Alert type="error" showIcon message={agency.error.message} />;
  const a = agency.data;
  const hours = ownHours(a.workingHours);
  const labels: Record<string, string> = {
    ...Object.fromEntries(TIMES.map((f) => [f, t(`admin.agencies.${f}`)])),
    workingHours: t('admin.agencies.workingHours'),
  };

  const save = async (v: HoursForm) => {
    const workingHours =
      v.mode === 'default'
        ? null
        : Object.fromEntries(
            TIMES.map((k) => [k, toMinutes(v[k])] as const).filter(([, m]) => m !== undefined),
          );
    setBusy(true);
    setError(null);
    try {
      const saved = await api<Agency>(`/api/agencies/${a.id}/working-hours`, {
        method: 'PATCH',
        body: JSON.stringify({ workingHours }),
      });
      queries.setQueryData(['agency', a.id], saved);
      message.success(t('admin.agencies.hoursSaved', { name: a.name }));
    } catch (e) {
      const problem = toApiError(e);
      setError(problem);
      applyFieldErrors(form, problem, TIMES);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical gap={12}>
      <Link to="/can-bo/quan-tri/co-quan">← {t('admin.agencies.back')}</Link>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {a.name}
      </Typography.Title>
      <Descriptions bordered size="small" column={1}>
        <Descriptions.Item label={t('admin.agencies.code')}>{a.code}</Descriptions.Item>
        <Descriptions.Item label={t('admin.agencies.shortName')}>{a.shortName}</Descriptions.Item>
        <Descriptions.Item label={t('admin.agencies.kind')}>
          {t(`admin.agencies.kinds.${a.kind}`, { defaultValue: a.kind })}
        </Descriptions.Item>
        <Descriptions.Item label={t('admin.agencies.level')}>
          {t(`admin.agencies.levels.${a.level}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('admin.agencies.unit')}>
          {unit.data?.fullName ?? a.unitKey}
        </Descriptions.Item>
        <Descriptions.Item label={t('admin.agencies.canReceive')}>
          {a.canReceive ? t('admin.yes') : t('admin.no')}
        </Descriptions.Item>
        <Descriptions.Item label={t('admin.agencies.validFrom')}>{formatDate(a.validFrom)}</Descriptions.Item>
        <Descriptions.Item label={t('admin.agencies.workingHours')}>
          {hours
            ? [`${toTime(hours.start)}–${toTime(hours.lunchStart ?? hours.end)}`]
                .concat(
                  hours.lunchEnd !== undefined ? [`${toTime(hours.lunchEnd)}–${toTime(hours.end)}`] : [],
                )
                .join(', ')
            : t('admin.agencies.defaultHours')}
        </Descriptions.Item>
        <Descriptions.Item label={t('admin.agencies.contactPhone')}>
          {national(a.contactPhone) || t('admin.agencies.noContactPhone')}
        </Descriptions.Item>
      </Descriptions>
      <Link to={`/can-bo/quan-tri/nguoi-dung?co-quan=${a.id}`}>{t('admin.agencies.users')}</Link>
      <Card
        size="small"
        title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('admin.agencies.workingHours')}</h2>}
      >
        <Typography.Paragraph>{t('admin.agencies.hoursHint')}</Typography.Paragraph>
        {error && <ProblemAlert error={error} labels={labels} />}
        <Form
          form={form}
          layout="vertical"
          onFinish={save}
          initialValues={{
            mode: hours ? 'own' : 'default',
            ...Object.fromEntries(TIMES.map((k) => [k, toTime(hours?.[k])])),
          }}
        >
          <Form.Item name="mode" label={t('admin.agencies.workingHours')}>
            <Radio.Group
              options={[
                { value: 'default', label: t('admin.agencies.defaultHours') },
                { value: 'own', label: t('admin.agencies.ownHours') },
              ]}
            />
          </Form.Item>
          {mode === 'own' && (
            <Flex gap={12} wrap>
              {TIMES.map((k) => (
                <Form.Item
                  key={k}
                  name={k}
                  label={labels[k]}
                  rules={k === 'start' || k === 'end' ? [{ required: true, message: t('ws.required') }] : []}
                >
                  <Input type="time" step={300} style={{ width: 140 }} />
                </Form.Item>
              ))}
            </Flex>
          )}
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('admin.agencies.saveHours')}
          </Button>
        </Form>
      </Card>
      {a.kind === 'sector_body' && <ServiceAreaCard agency={a} />}
      <ContactPhoneCard agency={a} />
    </Flex>
  );
}
