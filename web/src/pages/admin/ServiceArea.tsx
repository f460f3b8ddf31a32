import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Radio, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api } from '../../api.ts';
import type { Agency } from './AgencySelect.tsx';
import { applyFieldErrors, ProblemAlert, toApiError } from './ProblemAlert.tsx';

interface AreaForm {
  mode: 'all' | 'some';
  communes?: string[];
}

/**
 * A sector body's service area (the communes whose citizens, land or businesses it serves): the catalogue
 * rarely says, so an administrator sets it; until then procedures routed to it by area cannot be received.
 */
export function ServiceAreaCard({ agency }: { agency: Agency }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<AreaForm>();
  const mode = Form.useWatch('mode', form);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const communes = useQuery({
    queryKey: ['units', 'communes', 'all'],
    queryFn: () =>
      api<{ items: { code: string; fullName: string }[] }>('/api/units?level=2&parentKey=2025:92&limit=200'),
    staleTime: 600_000,
  });
  const all = (communes.data?.items ?? []).map((u) => u.code);
  const serves = agency.servesUnitCodes ?? null;
  const everyCommune = serves !== null && all.length > 0 && all.every((c) => serves.includes(c));
  const save = async (v: AreaForm) => {
    setBusy(true);
    setError(null);
    try {
      const saved = await api<Agency>(`/api/agencies/${agency.id}`, {
        method: 'PATCH',
        body: JSON.stringify({ servesUnitCodes: v.mode === 'all' ? all : (v.communes ?? []) }),
      });
      queries.setQueryData(['agency', agency.id], saved);
      await queries.invalidateQueries({ queryKey: ['catalog-readiness'] });
      message.success(t('admin.agencies.serviceAreaSaved', { name: agency.name }));
    } catch (e) {
      const problem = toApiError(e);
      setError(problem);
      applyFieldErrors(form, problem, ['servesUnitCodes']);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('admin.agencies.serviceArea')}</h2>}>
      <Typography.Paragraph>
        {serves === null
          ? t('admin.agencies.serviceAreaOpen')
          : everyCommune
            ? t('admin.agencies.serviceAreaAll')
            : t('admin.agencies.serviceAreaSome', { count: serves.length })}
      </Typography.Paragraph>
      {agency.source && (
        <Typography.Paragraph type="secondary">
          {t('admin.agencies.source')}: {agency.source}
        </Typography.Paragraph>
      )}
      {error && <ProblemAlert error={error} labels={{ servesUnitCodes: t('admin.agencies.serviceArea') }} />}
      {communes.error && <Alert type="error" showIcon message={communes.error.message} />}
      {communes.data && (
        <Form
          form={form}
          layout="vertical"
          onFinish={save}
          initialValues={{
            mode: everyCommune ? 'all' : 'some',
            communes: everyCommune ? [] : (serves ?? []),
          }}
        >
          <Form.Item name="mode" label={t('admin.agencies.serviceArea')}>
            <Radio.Group
              options={[
                { value: 'all', label: t('admin.agencies.serviceAreaAllOption') },
                { value: 'some', label: t('admin.agencies.serviceAreaSomeOption') },
              ]}
            />
          </Form.Item>
          {mode !== 'all' && (
            <Form.Item
              name="communes"
              label={t('admin.agencies.serviceAreaCommunes')}
              rules={[{ required: true, type: 'array', min: 1, message: t('ws.required') }]}
            >
              <Select
                mode="multiple"
                optionFilterProp="label"
                style={{ maxWidth: 640 }}
                options={(communes.data?.items ?? []).map((u) => ({ value: u.code, label: u.fullName }))}
              />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('admin.agencies.saveServiceArea')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
