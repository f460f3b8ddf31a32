import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Table,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type ApiError, api } from '../../../api.ts';
import type { Reply } from '../../../contracts.ts';
import i18n from '../../../i18n.ts';
import { AgencySelect } from '../AgencySelect.tsx';
import { toApiError } from '../ProblemAlert.tsx';
import { CatalogNav } from './CatalogNav.tsx';
import { AGENCY_KINDS, type CompetentAgencyRule, RULE_KINDS, TIME_UNITS } from './model.ts';
import { editPath } from './Readiness.tsx';

interface BulkForm {
  field?: string;
  level?: '' | 'city' | 'commune';
  codes?: string;
  change: 'agency' | 'time';
  ruleKind?: string;
  agencyId?: string;
  timeValue?: number;
  timeUnit?: string;
  effectiveFrom?: Dayjs;
  decisionNo?: string;
}

/** A bulk edit's answer (dry run or applied), as the contract describes it. */
type Outcome = Reply<'POST /api/catalog/bulk-edits'>;
type ProcedureOutcome = Outcome['outcomes'][number];

/**
 * The form field a problem path names (`body.filter.codes.2` → the codes box, `body.decisionNo` → the
 * decision), or null for a path the form has no field for (it stays in the alert).
 */
export function bulkFieldOf(path: string): keyof BulkForm | null {
  const p = path.replace(/^body\./, '');
  if (/^filter\.codes(\.|$)/.test(p)) return 'codes';
  if (p === 'filter.field') return 'field';
  if (p === 'filter.level') return 'level';
  if (p === 'decisionNo' || p === 'effectiveFrom') return p;
  if (p.startsWith('changes.timeLimits')) return p.endsWith('.unit') ? 'timeUnit' : 'timeValue';
  if (p.startsWith('changes.competentAgencyRule')) return 'ruleKind';
  return null;
}

const today = () =>
  dayjs(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date()));

/**
 * One change for many procedures at once (e.g. the competent agency of a whole field after a
 * reorganisation): a filter, the change, the decision and date; a dry run lists what would change, then
 * the same request applies it (each procedure gets a new version).
 */
export function BulkEditPage() {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [form] = Form.useForm<BulkForm>();
  const change = Form.useWatch('change', form);
  const ruleKind = Form.useWatch('ruleKind', form);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const fields = useQuery({
    queryKey: ['procedure-fields'],
    queryFn: () => api<{ items: { field: string; count: number }[] }>('/api/procedures/fields'),
    staleTime: 600_000,
  });

  const run = async (dryRun: boolean) => {
    let v: BulkForm;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const filter: Record<string, unknown> = {};
      if (v.field) filter.field = v.field;
      if (v.level) filter.level = v.level;
      const codes = (v.codes ?? '')
        .split(/[\s,;]+/)
        .map((c) => c.trim())
        .filter(Boolean);
      if (codes.length) filter.codes = codes;
      const changes: Record<string, unknown> = {};
      if (v.change === 'agency') {
        const rule: CompetentAgencyRule = {
          kind: (v.ruleKind ?? 'fixed_city_department') as CompetentAgencyRule['kind'],
          basis: 'admin',
        };
        if (v.agencyId) {
          const agency = await queries.fetchQuery({
            queryKey: ['agency', v.agencyId],
            queryFn: () => api<{ key: string; name: string }>(`/api/agencies/${v.agencyId}`),
          });
          rule.department = agency.name;
          rule.agencyKey = agency.key;
        }
        changes.competentAgencyRule = rule;
      } else {
        const unit = v.timeUnit ?? 'working_days';
        changes.timeLimits = { in_person: { value: unit === 'same_day' ? 1 : v.timeValue, unit } };
      }
      const res = await api<Outcome>('/api/catalog/bulk-edits', {
        method: 'POST',
        body: JSON.stringify({
          filter,
          changes,
          effectiveFrom: (v.effectiveFrom ?? today()).format('YYYY-MM-DD'),
          decisionNo: (v.decisionNo ?? '').trim(),
          dryRun,
        }),
      });
      setOutcome(res);
      if (!dryRun) await queries.invalidateQueries({ queryKey: ['catalog-readiness'] });
    } catch (e) {
      const problem = toApiError(e);
      setError(problem);
      setOutcome(null);
      // Each named field shows its messages under it (an unknown code under the codes box).
      const named = new Map<keyof BulkForm, string[]>();
      for (const f of problem.fields) {
        const name = bulkFieldOf(f.path);
        if (name && !named.get(name)?.includes(f.message))
          named.set(name, [...(named.get(name) ?? []), f.message]);
      }
      form.setFields([...named].map(([name, errors]) => ({ name, errors })));
      const first = [...named.keys()][0];
      if (first) form.scrollToField(first, { block: 'center' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical gap={12}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t('catalogAdmin.bulk.heading')}
      </Typography.Title>
      <CatalogNav />
      <Typography.Paragraph style={{ margin: 0 }}>{t('catalogAdmin.bulk.hint')}</Typography.Paragraph>
      {error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          message={error.message}
          description={
            error.fields.some((f) => !bulkFieldOf(f.path))
              ? error.fields
                  .filter((f) => !bulkFieldOf(f.path))
                  .map((f) => `${f.path}: ${f.message}`)
                  .join('; ')
              : undefined
          }
        />
      )}
      <Form<BulkForm>
        form={form}
        name="bulk-edit"
        layout="vertical"
        initialValues={{
          change: 'agency',
          level: '',
          ruleKind: 'fixed_city_department',
          timeUnit: 'working_days',
          effectiveFrom: today(),
        }}
        onValuesChange={() => setOutcome(null)}
      >
        <Card
          size="small"
          title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('catalogAdmin.readiness.filter')}</h2>}
        >
          <Flex gap={12} wrap>
            <Form.Item name="field" label={t('catalogAdmin.bulk.field')} style={{ flex: '1 1 280px' }}>
              <Select
                showSearch
                allowClear
                optionFilterProp="label"
                options={(fields.data?.items ?? []).map((f) => ({
                  value: f.field,
                  label: `${f.field} (${f.count})`,
                }))}
              />
            </Form.Item>
            <Form.Item name="level" label={t('catalogAdmin.bulk.level')}>
              <Select
                style={{ width: 200 }}
                options={[
                  { value: '', label: t('catalogAdmin.bulk.anyLevel') },
                  { value: 'city', label: t('admin.agencies.levels.city') },
                  { value: 'commune', label: t('admin.agencies.levels.commune') },
                ]}
              />
            </Form.Item>
          </Flex>
          <Form.Item name="codes" label={t('catalogAdmin.bulk.codes')}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </Card>
        <Card
          size="small"
          style={{ marginTop: 12 }}
          title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('catalogAdmin.bulk.change')}</h2>}
        >
          <Form.Item name="change" label={t('catalogAdmin.bulk.change')}>
            <Radio.Group
              options={[
                { value: 'agency', label: t('catalogAdmin.bulk.changeAgency') },
                { value: 'time', label: t('catalogAdmin.bulk.changeTime') },
              ]}
            />
          </Form.Item>
          {change !== 'time' ? (
            <Flex gap={12} wrap>
              <Form.Item
                name="ruleKind"
                label={t('catalogAdmin.edit.ruleKind')}
                style={{ flex: '1 1 280px' }}
              >
                <Select
                  options={RULE_KINDS.map((k) => ({
                    value: k,
                    label: t(`catalogAdmin.edit.ruleKinds.${k}`),
                  }))}
                />
              </Form.Item>
              {ruleKind && AGENCY_KINDS.includes(ruleKind) && (
                <Form.Item
                  name="agencyId"
                  label={t('catalogAdmin.edit.chosenAgency')}
                  rules={[{ required: true, message: t('ws.required') }]}
                >
                  <AgencySelect />
                </Form.Item>
              )}
            </Flex>
          ) : (
            <Flex gap={12} wrap>
              <Form.Item
                name="timeValue"
                label={t('catalogAdmin.edit.timeValue', { channel: t('channel.in_person') })}
                rules={[{ required: true, message: t('ws.required') }]}
              >
                <InputNumber min={0.5} max={10_000} style={{ width: 120 }} />
              </Form.Item>
              <Form.Item
                name="timeUnit"
                label={t('catalogAdmin.edit.timeUnit', { channel: t('channel.in_person') })}
              >
                <Select
                  style={{ width: 200 }}
                  options={TIME_UNITS.map((u) => ({
                    value: u,
                    label: u === 'same_day' ? t('timeUnits.same_day') : t(`catalogAdmin.units.${u}`),
                  }))}
                />
              </Form.Item>
            </Flex>
          )}
          <Flex gap={12} wrap>
            <Form.Item
              name="decisionNo"
              label={t('catalogAdmin.edit.decisionNo')}
              rules={[{ required: true, whitespace: true, message: t('ws.required') }]}
              style={{ flex: '1 1 240px' }}
            >
              <Input autoComplete="off" maxLength={100} />
            </Form.Item>
            <Form.Item
              name="effectiveFrom"
              label={t('catalogAdmin.edit.effectiveFrom')}
              rules={[{ required: true, message: t('ws.required') }]}
            >
              <DatePicker format="DD/MM/YYYY" allowClear={false} />
            </Form.Item>
          </Flex>
          <Flex gap={8} wrap>
            <Button onClick={() => run(true)} loading={busy}>
              {t('catalogAdmin.bulk.preview')}
            </Button>
            <Button
              type="primary"
              onClick={() => run(false)}
              disabled={!outcome?.dryRun || outcome.matched === 0 || outcome.refused > 0}
              loading={busy}
            >
              {t('catalogAdmin.bulk.apply')}
            </Button>
          </Flex>
        </Card>
      </Form>
      {outcome && (
        <Card size="small" role="status">
          <Typography.Paragraph strong>
            {outcome.dryRun
              ? outcome.matched
                ? t('catalogAdmin.bulk.affected', { count: outcome.matched - outcome.refused })
                : t('catalogAdmin.bulk.none')
              : t('catalogAdmin.bulk.applied', { count: outcome.applied })}
          </Typography.Paragraph>
          {outcome.refused > 0 && (
            <Alert
              type="warning"
              showIcon
              message={t('catalogAdmin.bulk.refused', { count: outcome.refused })}
            />
          )}
          <Table<ProcedureOutcome>
            size="small"
            rowKey="code"
            dataSource={outcome.outcomes}
            pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
            columns={[
              {
                title: t('catalogAdmin.readiness.code'),
                dataIndex: 'code',
                render: (code: string) => <Link to={editPath(code)}>{code}</Link>,
              },
              { title: t('catalogAdmin.readiness.name'), dataIndex: 'name' },
              {
                title: t('catalogAdmin.bulk.outcome'),
                key: 'ok',
                render: (_: unknown, o) =>
                  o.ok
                    ? t('catalogAdmin.bulk.ok')
                    : (o.issues ?? [])
                        .map((i) => (i18n.language === 'vi' && i.messageVi) || i.message)
                        .join('; '),
              },
            ]}
          />
        </Card>
      )}
    </Flex>
  );
}
