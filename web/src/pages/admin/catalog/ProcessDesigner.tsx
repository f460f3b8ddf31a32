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
  Skeleton,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type ApiError, api, call } from '../../../api.ts';
import { CommuneSelect } from '../../../components/CommuneSelect.tsx';
import { formatDate } from '../../../format.ts';
import type { Agency } from '../AgencySelect.tsx';
import { toApiError } from '../ProblemAlert.tsx';
import { CatalogNav } from './CatalogNav.tsx';
import { CHANNELS, type Channel, normalizeVersions, type ProcedureDetails } from './model.ts';
import {
  AGENCY_CHOICES,
  type AgencyChoice,
  balance,
  criticalPath,
  type DraftAgency,
  type DraftStep,
  effectiveAfter,
  fromDraft,
  issueTarget,
  keyFromName,
  limitHours,
  moveStep,
  newStep,
  normalizeRoute,
  normalizeTemplates,
  type ProcessStep,
  quarterHours,
  type Route,
  type RouteStep,
  removeStep,
  renameKey,
  SERVED_BY,
  STEP_KINDS,
  STEP_ROLES,
  stepHours,
  storedAgency,
  type TimeLimit,
  toDraft,
} from './process.ts';

/** Today in Vietnam, as the date picker's value. */
const today = () =>
  dayjs(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date()));

const KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

/** Messages per step and field (`-1` for the process as a whole, field `''` for the step as a whole). */
type Issues = Map<number, Map<string, string[]>>;

function addIssue(issues: Issues, step: number, field: string, message: string): void {
  const byField = issues.get(step) ?? new Map<string, string[]>();
  byField.set(field, [...(byField.get(field) ?? []), message]);
  issues.set(step, byField);
}

/** What the designer can tell before asking the server: empty names, no agency, budgets off the quarter hour. */
function localIssues(t: TFunction, steps: readonly DraftStep[]): Issues {
  const issues: Issues = new Map();
  const keys = new Map<string, number>();
  steps.forEach((s, i) => {
    if (!s.name_vi.trim()) addIssue(issues, i, 'name_vi', t('processDesigner.required'));
    if (!s.name_en.trim()) addIssue(issues, i, 'name_en', t('processDesigner.required'));
    if (!KEY_PATTERN.test(s.key)) addIssue(issues, i, 'key', t('processDesigner.keyInvalid'));
    else if (keys.has(s.key)) addIssue(issues, i, 'key', t('processDesigner.keyTaken'));
    keys.set(s.key, i);
    if (!storedAgency(s.agency)) addIssue(issues, i, 'agency', t('processDesigner.chooseAgency'));
    if (s.budget === null) addIssue(issues, i, 'budgetWorkingHours', t('processDesigner.required'));
    else if (!quarterHours(stepHours(s)))
      addIssue(issues, i, 'budgetWorkingHours', t('processDesigner.quarter'));
  });
  return issues;
}

/** A server problem's fields as issues per step (those naming no step go to the process: -1). */
function serverIssues(fields: readonly { path: string; message: string }[]): {
  issues: Issues;
  other: { path: string; message: string }[];
} {
  const issues: Issues = new Map();
  const other: { path: string; message: string }[] = [];
  for (const f of fields) {
    const target = issueTarget(f.path);
    if (!target) other.push(f);
    else if (target.step === null) addIssue(issues, -1, '', f.message);
    else addIssue(issues, target.step, target.field ?? '', f.message);
  }
  return { issues, other };
}

/** Office hours in words: "6 giờ", "16 giờ (2 ngày)". */
function hoursText(t: TFunction, hours: number, locale: string): string {
  const n = (x: number) => x.toLocaleString(locale, { maximumFractionDigits: 2 });
  return hours >= 8
    ? t('processDesigner.hoursDays', { hours: n(hours), days: n(hours / 8) })
    : t('processDesigner.hours', { hours: n(hours) });
}

/**
 * Agencies searched as the user types, the value being the agency's key (`by: 'key'`, a named agency) or
 * its name (`by: 'name'`, the sector body whose office serves the applicant's commune).
 */
function AgencyPicker({
  id,
  value,
  label,
  by,
  kind,
  onChange,
}: {
  id: string;
  value?: string;
  label?: string;
  by: 'key' | 'name';
  kind?: string;
  onChange: (agency: { key: string; name: string }) => void;
}) {
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(q.trim()), 250);
    return () => clearTimeout(timer);
  }, [q]);
  const found = useQuery({
    queryKey: ['agencies', 'designer', kind ?? '', debounced],
    queryFn: () =>
      api<{ items: Agency[] & { key: string }[] }>(
        `/api/agencies?limit=30${kind ? `&kind=${kind}` : ''}${debounced ? `&q=${encodeURIComponent(debounced)}` : ''}`,
      ),
  });
  const items = (found.data?.items ?? []) as (Agency & { key: string })[];
  const options = items.map((a) => ({ value: by === 'key' ? a.key : a.name, label: a.name }));
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: label ?? value });
  return (
    <Select
      id={id}
      showSearch
      filterOption={false}
      onSearch={setQ}
      value={value}
      loading={found.isFetching}
      style={{ width: '100%' }}
      options={options}
      onChange={(v: string) => {
        const a = items.find((x) => (by === 'key' ? x.key : x.name) === v);
        onChange({ key: a?.key ?? v, name: a?.name ?? v });
      }}
    />
  );
}

function fieldProps(issues: Map<string, string[]> | undefined, field: string, hint?: React.ReactNode) {
  const messages = issues?.get(field);
  return messages?.length
    ? { validateStatus: 'error' as const, help: messages.join('; ') }
    : hint
      ? { extra: hint }
      : {};
}

/** One step's card: names, key, kind, role, agency rule, what it waits for, budget and what it produces. */
function StepCard({
  steps,
  index,
  onPath,
  finish,
  issues,
  agencyNames,
  onChange,
  onMove,
  onRemove,
  onInsert,
}: {
  steps: DraftStep[];
  agencyNames: ReadonlyMap<string, string>;
  index: number;
  onPath: boolean;
  finish: number;
  issues?: Map<string, string[]>;
  onChange: (next: DraftStep, renamedFrom?: string) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
  onInsert: () => void;
}) {
  const { t } = useTranslation();
  const s = steps[index] as DraftStep;
  const n = index + 1;
  const id = (f: string) => `step-${s.uid}-${f}`;
  const set = (patch: Partial<DraftStep>) => onChange({ ...s, ...patch });
  const setAgency = (patch: Partial<DraftAgency>) => set({ agency: { ...s.agency, ...patch } });
  const after = effectiveAfter(steps, index);
  const nameOf = (key: string) => {
    const found = steps.find((x) => x.key === key);
    return found ? found.name_vi || found.key : key;
  };
  const successors = steps.filter((_, j) => j !== index && effectiveAfter(steps, j).includes(s.key));
  const stepIssue = issues?.get('') ?? issues?.get('other');
  const title = t('processDesigner.stepTitle', { n, name: s.name_vi || t('processDesigner.unnamed') });
  return (
    <Card
      size="small"
      role="group"
      aria-label={t('processDesigner.step', { n })}
      data-testid={`step-${index}`}
      style={issues?.size ? { borderColor: '#ff4d4f' } : undefined}
      title={
        <Flex gap={8} align="center" wrap>
          <h3 style={{ fontSize: 15, margin: 0 }}>{title}</h3>
          {onPath && <Tag color="blue">{t('processDesigner.onPath')}</Tag>}
        </Flex>
      }
      extra={
        <Flex gap={4} wrap>
          <Button
            size="small"
            aria-label={t('processDesigner.moveUp', { n })}
            title={t('processDesigner.moveUp', { n })}
            disabled={index === 0}
            onClick={() => onMove(-1)}
          >
            ↑
          </Button>
          <Button
            size="small"
            aria-label={t('processDesigner.moveDown', { n })}
            title={t('processDesigner.moveDown', { n })}
            disabled={index === steps.length - 1}
            onClick={() => onMove(1)}
          >
            ↓
          </Button>
          <Button size="small" onClick={onInsert}>
            {t('processDesigner.insertAfter', { n })}
          </Button>
          <Button size="small" danger disabled={steps.length <= 1} onClick={onRemove}>
            {t('processDesigner.remove', { n })}
          </Button>
        </Flex>
      }
    >
      {stepIssue && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 8 }}
          message={stepIssue.join('; ')}
        />
      )}
      <Flex gap={12} wrap>
        <Form.Item
          label={t('processDesigner.name_vi')}
          htmlFor={id('name_vi')}
          style={{ flex: '2 1 320px', marginBottom: 8 }}
          {...fieldProps(issues, 'name_vi')}
        >
          <Input
            id={id('name_vi')}
            value={s.name_vi}
            maxLength={300}
            onChange={(e) => {
              const name_vi = e.target.value;
              // A new step's key follows its name until the administrator sets one.
              const auto =
                s.key === 'buoc_moi' || /^buoc_\d+$/.test(s.key) || s.key === keyFromName(s.name_vi, []);
              if (!auto) return set({ name_vi });
              const key = keyFromName(
                name_vi,
                steps.filter((x) => x.uid !== s.uid).map((x) => x.key),
              );
              onChange({ ...s, name_vi, key }, s.key);
            }}
          />
        </Form.Item>
        <Form.Item
          label={t('processDesigner.name_en')}
          htmlFor={id('name_en')}
          style={{ flex: '2 1 260px', marginBottom: 8 }}
          {...fieldProps(issues, 'name_en')}
        >
          <Input
            id={id('name_en')}
            value={s.name_en}
            maxLength={300}
            onChange={(e) => set({ name_en: e.target.value })}
          />
        </Form.Item>
        <Form.Item
          label={t('processDesigner.key')}
          htmlFor={id('key')}
          style={{ flex: '1 1 160px', marginBottom: 8 }}
          {...fieldProps(issues, 'key', t('processDesigner.keyHint'))}
        >
          <Input
            id={id('key')}
            value={s.key}
            maxLength={40}
            onChange={(e) => onChange({ ...s, key: e.target.value.trim() }, s.key)}
          />
        </Form.Item>
      </Flex>
      <Flex gap={12} wrap>
        <Form.Item
          label={t('processDesigner.kind')}
          htmlFor={id('kind')}
          style={{ flex: '1 1 220px', marginBottom: 8 }}
          {...fieldProps(issues, 'kind')}
        >
          <Select
            id={id('kind')}
            value={s.kind}
            onChange={(kind) => set({ kind })}
            options={STEP_KINDS.map((k) => ({ value: k, label: t(`processDesigner.kinds.${k}`) }))}
          />
        </Form.Item>
        <Form.Item
          label={t('processDesigner.role')}
          htmlFor={id('role')}
          style={{ flex: '1 1 200px', marginBottom: 8 }}
          {...fieldProps(issues, 'role')}
        >
          <Select
            id={id('role')}
            value={s.role}
            onChange={(role) => set({ role })}
            options={STEP_ROLES.map((r) => ({ value: r, label: t(`processDesigner.roles.${r}`) }))}
          />
        </Form.Item>
        <Form.Item
          label={t('processDesigner.agency')}
          htmlFor={id('agency')}
          style={{ flex: '2 1 320px', marginBottom: 8 }}
          {...fieldProps(issues, 'agency')}
        >
          <Select
            id={id('agency')}
            value={s.agency.choice}
            onChange={(choice: AgencyChoice) =>
              set({
                agency:
                  choice === 'commune'
                    ? { choice, servedBy: 'residenceUnitCode', body: 'peoples_committee' }
                    : choice === 'serving'
                      ? { choice, servedBy: 'residenceUnitCode' }
                      : { choice },
              })
            }
            options={[
              ...AGENCY_CHOICES.map((c) => ({ value: c, label: t(`processDesigner.agencies.${c}`) })),
              ...(s.agency.choice === 'other'
                ? [
                    {
                      value: 'other',
                      label: t('processDesigner.agencies.other', {
                        rule: s.agency.rule?.department ?? s.agency.rule?.kind ?? '',
                      }),
                    },
                  ]
                : []),
            ]}
          />
        </Form.Item>
      </Flex>
      {(s.agency.choice === 'named' || s.agency.choice === 'serving' || s.agency.choice === 'commune') && (
        <Flex gap={12} wrap style={{ paddingInlineStart: 12, borderInlineStart: '3px solid #e6f0ff' }}>
          {s.agency.choice === 'named' && (
            <Form.Item
              label={t('processDesigner.chosenAgency')}
              htmlFor={id('agencyKey')}
              style={{ flex: '1 1 360px', marginBottom: 8 }}
            >
              <AgencyPicker
                id={id('agencyKey')}
                by="key"
                value={s.agency.agencyKey}
                label={
                  s.agency.agencyName ??
                  (s.agency.agencyKey ? agencyNames.get(s.agency.agencyKey) : undefined)
                }
                onChange={(a) => setAgency({ agencyKey: a.key, agencyName: a.name })}
              />
            </Form.Item>
          )}
          {s.agency.choice === 'serving' && (
            <Form.Item
              label={t('processDesigner.servingAgency')}
              htmlFor={id('servingAgency')}
              style={{ flex: '1 1 360px', marginBottom: 8 }}
            >
              <AgencyPicker
                id={id('servingAgency')}
                by="name"
                kind="sector_body"
                value={s.agency.agencyName}
                onChange={(a) => setAgency({ agencyName: a.name, agencyKey: a.key })}
              />
            </Form.Item>
          )}
          {s.agency.choice === 'commune' && (
            <Form.Item label={t('processDesigner.body')} style={{ marginBottom: 8 }}>
              <Radio.Group
                value={s.agency.body ?? 'peoples_committee'}
                onChange={(e) => setAgency({ body: e.target.value })}
                options={(['peoples_committee', 'police'] as const).map((b) => ({
                  value: b,
                  label: t(`processDesigner.bodies.${b}`),
                }))}
              />
            </Form.Item>
          )}
          {s.agency.choice !== 'named' && (
            <Form.Item
              label={t('processDesigner.servedBy')}
              htmlFor={id('servedBy')}
              style={{ marginBottom: 8 }}
            >
              <Select
                id={id('servedBy')}
                style={{ width: 200 }}
                value={s.agency.servedBy ?? 'residenceUnitCode'}
                onChange={(servedBy) => setAgency({ servedBy })}
                options={SERVED_BY.map((f) => ({
                  value: f,
                  label: t(`processDesigner.servedByOptions.${f}`),
                }))}
              />
            </Form.Item>
          )}
        </Flex>
      )}
      <Flex gap={12} wrap>
        <Form.Item
          label={t('processDesigner.after')}
          htmlFor={id('after')}
          style={{ flex: '2 1 320px', marginBottom: 8 }}
          {...fieldProps(issues, 'after', t('processDesigner.afterHint'))}
        >
          <Select
            id={id('after')}
            mode="multiple"
            value={after}
            placeholder={t('processDesigner.afterFirst')}
            onChange={(keys: string[]) => {
              const previous = steps[index - 1]?.key;
              const sequential =
                keys.length === 0 || (keys.length === 1 && keys[0] === previous) || index === 0;
              set({
                after: sequential && index > 0 ? null : index === 0 ? (keys.length ? keys : null) : keys,
              });
            }}
            options={steps
              .filter((x) => x.uid !== s.uid)
              .map((x) => ({ value: x.key, label: x.name_vi || x.key }))}
          />
        </Form.Item>
        <Form.Item
          label={t('processDesigner.budget')}
          htmlFor={id('budget')}
          style={{ marginBottom: 8 }}
          {...fieldProps(issues, 'budgetWorkingHours', t('processDesigner.budgetHint'))}
        >
          <Flex gap={4}>
            <InputNumber
              id={id('budget')}
              min={0}
              max={100_000}
              step={s.unit === 'days' ? 0.5 : 0.25}
              decimalSeparator=","
              value={s.budget}
              onChange={(budget) => set({ budget: budget ?? null })}
              style={{ width: 110 }}
            />
            <Select
              aria-label={t('processDesigner.budgetUnit', { n })}
              value={s.unit}
              style={{ width: 150 }}
              onChange={(unit: 'hours' | 'days') =>
                // The same time in the other unit (3 days → 24 hours).
                set({
                  unit,
                  budget:
                    s.budget === null || unit === s.unit
                      ? s.budget
                      : unit === 'hours'
                        ? s.budget * 8
                        : Math.round((s.budget / 8) * 10_000) / 10_000,
                })
              }
              options={(['hours', 'days'] as const).map((u) => ({
                value: u,
                label: t(`processDesigner.units.${u}`),
              }))}
            />
          </Flex>
        </Form.Item>
        <Form.Item
          label={t('processDesigner.produces')}
          htmlFor={id('produces')}
          style={{ flex: '2 1 280px', marginBottom: 8 }}
          {...fieldProps(issues, 'produces', t('processDesigner.producesHint'))}
        >
          <Select
            id={id('produces')}
            mode="tags"
            open={false}
            suffixIcon={null}
            value={s.produces}
            onChange={(produces: string[]) => set({ produces })}
            tokenSeparators={[';']}
          />
        </Form.Item>
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {[
          after.length > 1 ? t('processDesigner.join', { names: after.map(nameOf).join(', ') }) : null,
          successors.length > 1
            ? t('processDesigner.split', { names: successors.map((x) => x.name_vi || x.key).join(', ') })
            : null,
          t('processDesigner.finish', { hours: finish.toLocaleString('vi-VN') }),
        ]
          .filter(Boolean)
          .join(' · ')}
      </Typography.Text>
    </Card>
  );
}

/** The critical path against the legal limit: "còn X giờ chưa phân bổ" / "vượt X giờ". */
function BudgetBalance({
  steps,
  limit,
  issues,
}: {
  steps: DraftStep[];
  limit: TimeLimit | null;
  issues?: string[];
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en' : 'vi-VN';
  const path = criticalPath(steps);
  const limitH = limitHours(limit);
  const b = balance(path.total, limitH);
  const sum = steps.reduce((a, s) => a + stepHours(s), 0);
  const type = b.state === 'exact' ? 'success' : b.state === 'unknown' ? 'info' : 'warning';
  return (
    <Alert
      type={issues?.length ? 'error' : type}
      showIcon
      data-testid="budget-balance"
      message={
        <span role="status" aria-live="polite">
          {b.state === 'unknown'
            ? t('processDesigner.noLimit')
            : `${t('processDesigner.total', { hours: hoursText(t, path.total, locale) })} / ${t(
                'processDesigner.limitShort',
                { hours: hoursText(t, limitH ?? 0, locale) },
              )} — ${
                b.state === 'exact'
                  ? t('processDesigner.exact')
                  : t(`processDesigner.${b.state}`, { hours: hoursText(t, b.hours, locale) })
              }`}
        </span>
      }
      description={
        <>
          {limit && limitH !== null && (
            <div>
              {t('processDesigner.limit', {
                limit: `${limit.value} ${t(`catalogAdmin.units.${limit.unit}`, { defaultValue: limit.unit })}`,
                hours: limitH.toLocaleString('vi-VN'),
              })}
              {' · '}
              {t('processDesigner.sum', { hours: Math.round(sum * 100) / 100 })}
            </div>
          )}
          {issues?.map((m) => (
            <div key={m} role="alert" style={{ color: '#a8071a' }}>
              {m}
            </div>
          ))}
        </>
      }
    />
  );
}

/** Why a step's agency rule names no agency for the commune, in words. */
function unresolvedText(t: TFunction, u: { reason: string; params: Record<string, unknown> }): string {
  const p = Object.fromEntries(Object.entries(u.params).map(([k, v]) => [k, String(v ?? '')]));
  return t(`processDesigner.reasons.${u.reason}`, {
    ...p,
    agency: p.department ?? p.agencyKey ?? '—',
    defaultValue: u.reason,
  });
}

/** A previewed route: each step with the agency it resolves to for the chosen commune. */
function RouteTable({ steps, lang }: { steps: RouteStep[]; lang: 'vi' | 'en' }) {
  const { t } = useTranslation();
  const byIndex = new Map(steps.map((s) => [s.index, s] as const));
  return (
    <Table<RouteStep>
      size="small"
      rowKey="index"
      pagination={false}
      dataSource={steps}
      scroll={{ x: 640 }}
      data-testid="route-preview"
      columns={[
        {
          title: t('processDesigner.previewStep'),
          key: 'name',
          render: (_: unknown, s) => `${s.index + 1}. ${lang === 'vi' ? s.name_vi : s.name_en}`,
        },
        {
          title: t('processDesigner.previewAgency'),
          key: 'agency',
          render: (_: unknown, s) =>
            s.agencyName ?? (
              <Typography.Text type="danger">
                {t('processDesigner.unresolved')}
                {s.unresolved ? `: ${unresolvedText(t, s.unresolved)}` : ''}
              </Typography.Text>
            ),
        },
        {
          title: t('processDesigner.previewAfter'),
          key: 'after',
          render: (_: unknown, s) =>
            s.after.length
              ? s.after
                  .map(
                    (i) =>
                      `${i + 1}. ${(lang === 'vi' ? byIndex.get(i)?.name_vi : byIndex.get(i)?.name_en) ?? ''}`,
                  )
                  .join(', ')
              : '—',
        },
        {
          title: t('processDesigner.previewBudget'),
          key: 'budget',
          render: (_: unknown, s) =>
            s.budgetWorkingHours === null
              ? '—'
              : t('processDesigner.hours', { hours: s.budgetWorkingHours.toLocaleString('vi-VN') }),
        },
      ]}
    />
  );
}

/**
 * The process designer (issue 15 item 5): an administrator edits a procedure's internal process — adds,
 * removes and reorders steps, makes parallel branches (a step waiting for several), sets each step's
 * names, kind, role, agency rule, budget and what it produces — sees the longest branch against the legal
 * limit, applies a template, previews a record's route for a commune and publishes the process as a new
 * version from a date. Problems the server names (`process.<i>.<field>`) show beside the step and field.
 */
export function ProcessDesignerPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const { code = '' } = useParams();
  const queries = useQueryClient();
  const enc = encodeURIComponent(code);
  const procedure = useQuery({
    queryKey: ['procedure', code, 'admin'],
    queryFn: () => api<ProcedureDetails>(`/api/procedures/${enc}`),
  });
  const versions = useQuery({
    queryKey: ['catalog-versions', code],
    queryFn: async () =>
      normalizeVersions(await call('GET /api/catalog/procedures/:code/versions', { params: { code } })),
    retry: false,
  });
  const latest = versions.data?.[0]?.version;
  const full = useQuery({
    queryKey: ['catalog-version', code, latest],
    enabled: latest !== undefined,
    queryFn: () =>
      api<{
        version: number;
        effectiveFrom: string;
        data: { process?: ProcessStep[]; channels?: { channel: Channel; time: TimeLimit | null }[] };
      }>(`/api/catalog/procedures/${enc}/versions/${latest}`),
  });
  // The city's agencies by key: a template's or a stored rule's agency shown by its name.
  const cityAgencies = useQuery({
    queryKey: ['agencies', 'city', 'all'],
    queryFn: () => api<{ items: { key: string; name: string }[] }>('/api/agencies?level=city&limit=200'),
  });
  const agencyNames = useMemo(
    () => new Map((cityAgencies.data?.items ?? []).map((a) => [a.key, a.name] as const)),
    [cityAgencies.data],
  );
  const templates = useQuery({
    queryKey: ['process-templates', code],
    queryFn: async () =>
      normalizeTemplates(
        await call('GET /api/catalog/process-templates', { query: new URLSearchParams({ code }) }),
      ),
    retry: false,
  });

  const [steps, setSteps] = useState<DraftStep[] | null>(null);
  const [loadedFrom, setLoadedFrom] = useState<number | null>(null);
  const [undo, setUndo] = useState<{ steps: DraftStep[]; message: string } | null>(null);
  const [checks, setChecks] = useState<Issues>(new Map());
  const [error, setError] = useState<{ error: ApiError; other: { path: string; message: string }[] } | null>(
    null,
  );
  const [published, setPublished] = useState<{
    version: number;
    effectiveFrom: string;
    decisionNo: string;
  } | null>(null);
  const [busy, setBusy] = useState(false);
  const [nothing, setNothing] = useState(false);
  const [decisionNo, setDecisionNo] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState<Dayjs>(today());
  const [template, setTemplate] = useState<string | undefined>();
  const [commune, setCommune] = useState<string | undefined>();
  const [channel, setChannel] = useState<Channel>('in_person');
  const [preview, setPreview] = useState<(Route & { of: string }) | null>(null);
  const [previewError, setPreviewError] = useState<ApiError | null>(null);
  const [previewBusy, setPreviewBusy] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);

  // The designer starts from the newest version's process (again once a published version arrives).
  useEffect(() => {
    if (!full.data || loadedFrom === full.data.version) return;
    setSteps(toDraft(full.data.data.process ?? []));
    setLoadedFrom(full.data.version);
  }, [full.data, loadedFrom]);
  useEffect(() => {
    if (!error && !published) return;
    alertRef.current?.scrollIntoView({ block: 'center' });
    alertRef.current?.focus();
  }, [error, published]);

  const limit = useMemo<TimeLimit | null>(() => {
    const chans = full.data?.data.channels ?? procedure.data?.details.channels ?? [];
    const order = CHANNELS;
    const sorted = [...chans].sort((a, b) => order.indexOf(a.channel) - order.indexOf(b.channel));
    return sorted.find((c) => c.time)?.time ?? procedure.data?.timeLimit ?? null;
  }, [full.data, procedure.data]);

  if (
    procedure.isPending ||
    versions.isPending ||
    (latest !== undefined && full.isPending) ||
    (full.data && !steps)
  )
    return <Skeleton active />;
  const loadError = procedure.error ?? versions.error ?? full.error;
  if (loadError || !procedure.data || !steps)
    return <Alert type="error" showIcon message={loadError?.message ?? t('procedure.notFound')} />;
  const p = procedure.data;

  const stale = preview && preview.of !== JSON.stringify(fromDraft(steps)) + commune + channel;
  // What the server said: on publishing, or (while the steps are as previewed) what publishing would refuse.
  const serverFound = serverIssues([
    ...(error?.error.fields ?? []),
    ...(preview && !stale ? preview.issues : []),
  ]).issues;
  const issuesOf = (i: number): Map<string, string[]> | undefined => {
    const merged = new Map<string, string[]>();
    for (const source of [checks, serverFound])
      for (const [field, messages] of source.get(i) ?? [])
        merged.set(field, [...(merged.get(field) ?? []), ...messages]);
    return merged.size ? merged : undefined;
  };
  const storedProcess = JSON.stringify(full.data?.data.process ?? []);
  const dirty =
    JSON.stringify(fromDraft(steps)) !== JSON.stringify(fromDraft(toDraft(JSON.parse(storedProcess))));
  const path = criticalPath(steps);
  const onPath = new Set(path.steps);

  const edit = (next: DraftStep[]) => {
    setSteps(next);
    setPublished(null);
    setNothing(false);
    if (checks.size) setChecks(new Map());
  };
  const updateStep = (i: number, next: DraftStep, renamedFrom?: string) => {
    let all = steps.map((s, j) => (j === i ? next : s));
    if (renamedFrom !== undefined && renamedFrom !== next.key) all = renameKey(all, renamedFrom, next.key);
    edit(all);
  };

  const check = (): boolean => {
    const found = localIssues(t, steps);
    setChecks(found);
    if (found.size) {
      const first = Math.min(...found.keys());
      document.querySelector(`[data-testid="step-${first}"]`)?.scrollIntoView({ block: 'center' });
    }
    return found.size === 0;
  };

  const publish = async () => {
    setError(null);
    setPublished(null);
    setNothing(false);
    if (!check()) return;
    if (!dirty) {
      setNothing(true);
      return;
    }
    if (!decisionNo.trim()) {
      document.getElementById('process-decision')?.focus();
      setChecks(new Map([[-2, new Map([['decisionNo', [t('processDesigner.required')]]])]]));
      return;
    }
    setBusy(true);
    try {
      const from = effectiveFrom.format('YYYY-MM-DD');
      const res = await api<{ version?: { version?: number; effectiveFrom?: string } }>(
        `/api/catalog/procedures/${enc}/versions`,
        {
          method: 'POST',
          body: JSON.stringify({
            effectiveFrom: from,
            decisionNo: decisionNo.trim(),
            changes: { process: fromDraft(steps) },
          }),
        },
      );
      await Promise.all([
        queries.invalidateQueries({ queryKey: ['catalog-readiness'] }),
        queries.invalidateQueries({ queryKey: ['catalog-versions', code] }),
        queries.invalidateQueries({ queryKey: ['catalog-version', code] }),
        queries.invalidateQueries({ queryKey: ['procedure', code] }),
      ]);
      setPublished({
        version: Number(res.version?.version ?? (latest ?? 0) + 1),
        effectiveFrom: String(res.version?.effectiveFrom ?? from),
        decisionNo: decisionNo.trim(),
      });
      setDecisionNo('');
      setUndo(null);
    } catch (e) {
      const problem = toApiError(e);
      setError({ error: problem, other: serverIssues(problem.fields).other });
      const first = [...serverIssues(problem.fields).issues.keys()]
        .filter((k) => k >= 0)
        .sort((a, b) => a - b)[0];
      if (first !== undefined)
        document.querySelector(`[data-testid="step-${first}"]`)?.scrollIntoView({ block: 'center' });
    } finally {
      setBusy(false);
    }
  };

  const runPreview = async () => {
    if (!commune) return;
    setPreviewError(null);
    setPreviewBusy(true);
    const process = fromDraft(steps);
    try {
      const res = await call('POST /api/catalog/procedures/:code/process/preview', {
        params: { code },
        body: { process, communeCode: commune, channel },
      });
      setPreview({ ...normalizeRoute(res, lang), of: JSON.stringify(process) + commune + channel });
    } catch (e) {
      const problem = toApiError(e);
      setPreview(null);
      setPreviewError(problem);
      setError({ error: problem, other: serverIssues(problem.fields).other });
    } finally {
      setPreviewBusy(false);
    }
  };

  const applyTemplate = () => {
    const chosen = templates.data?.find((x) => x.key === template);
    if (!chosen) return;
    setUndo({
      steps,
      message: t('processDesigner.applied', { name: lang === 'vi' ? chosen.name_vi : chosen.name_en }),
    });
    edit(toDraft(chosen.process));
    setError(null);
  };

  const processIssues = [...(checks.get(-1)?.get('') ?? []), ...(serverFound.get(-1)?.get('') ?? [])];
  const stepName = (i: number) => steps[i]?.name_vi || t('processDesigner.unnamed');
  const future = published ? published.effectiveFrom > today().format('YYYY-MM-DD') : false;
  const decisionIssue = [
    ...(checks.get(-2)?.get('decisionNo') ?? []),
    ...(error?.other.filter((f) => f.path.endsWith('decisionNo')).map((f) => f.message) ?? []),
  ];
  const dateIssue = error?.other.filter((f) => f.path.endsWith('effectiveFrom')).map((f) => f.message) ?? [];

  return (
    <Flex vertical gap={12}>
      <Link to={`/can-bo/quan-tri/thu-tuc/${enc}`}>← {t('processDesigner.back')}</Link>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t('processDesigner.title', { code: p.code, name: p.name })}
      </Typography.Title>
      <CatalogNav />
      <Typography.Paragraph style={{ margin: 0 }}>
        {t('processDesigner.intro')}{' '}
        {full.data &&
          t('processDesigner.current', {
            version: full.data.version,
            date: formatDate(full.data.effectiveFrom),
          })}
      </Typography.Paragraph>

      <div ref={alertRef} tabIndex={-1}>
        {published && (
          <Alert
            type="success"
            showIcon
            role="status"
            message={t('processDesigner.published', {
              version: published.version,
              date: formatDate(published.effectiveFrom),
              decisionNo: published.decisionNo,
            })}
            description={
              <>
                <div>{future ? t('processDesigner.publishedFuture') : t('processDesigner.publishedNow')}</div>
                <div>
                  <strong>{t('processDesigner.next')}:</strong>{' '}
                  <a href="#process-preview">{t('processDesigner.nextPreview')}</a> ·{' '}
                  <Link to={`/can-bo/quan-tri/thu-tuc/${enc}`}>{t('processDesigner.nextProcedure')}</Link>
                </div>
              </>
            }
          />
        )}
        {error && (
          <Alert
            type="error"
            showIcon
            role="alert"
            message={error.error.message}
            description={
              <>
                <div>{t('processDesigner.refused')}</div>
                {error.error.fields.length > 0 && (
                  <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                    {error.error.fields.map((f) => {
                      const target = issueTarget(f.path);
                      const where =
                        target?.step != null
                          ? t('processDesigner.stepTitle', {
                              n: target.step + 1,
                              name: stepName(target.step),
                            })
                          : target
                            ? t('processDesigner.processIssue')
                            : f.path;
                      return <li key={`${f.path}|${f.message}`}>{`${where}: ${f.message}`}</li>;
                    })}
                  </ul>
                )}
              </>
            }
          />
        )}
        {nothing && (
          <Alert type="info" showIcon role="status" message={t('processDesigner.nothingChanged')} />
        )}
        {checks.size > 0 && !error && (
          <Alert
            type="error"
            showIcon
            role="alert"
            message={t('processDesigner.incomplete', {
              n: [...checks.values()].reduce((a, m) => a + m.size, 0),
            })}
          />
        )}
      </div>

      <Card
        size="small"
        title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('processDesigner.templates')}</h2>}
      >
        <Typography.Paragraph type="secondary">{t('processDesigner.templatesHint')}</Typography.Paragraph>
        {templates.data && templates.data.length === 0 ? (
          <Typography.Text type="secondary">{t('processDesigner.noTemplates')}</Typography.Text>
        ) : (
          <Flex gap={8} wrap align="flex-end">
            <Form layout="vertical" component="div" style={{ flex: '1 1 360px' }}>
              <Form.Item
                label={t('processDesigner.template')}
                htmlFor="process-template"
                style={{ marginBottom: 0 }}
              >
                <Select
                  id="process-template"
                  value={template}
                  onChange={setTemplate}
                  loading={templates.isPending}
                  options={(templates.data ?? []).map((x) => ({
                    value: x.key,
                    label: `${lang === 'vi' ? x.name_vi : x.name_en} (${t('processDesigner.stepsCount', { n: x.process.length })})`,
                  }))}
                />
              </Form.Item>
            </Form>
            <Button onClick={applyTemplate} disabled={!template}>
              {t('processDesigner.apply')}
            </Button>
          </Flex>
        )}
        {templates.error && <Alert type="warning" showIcon message={templates.error.message} />}
        {undo && (
          <Alert
            style={{ marginTop: 8 }}
            type="info"
            showIcon
            role="status"
            message={undo.message}
            action={
              <Button
                size="small"
                onClick={() => {
                  edit(undo.steps);
                  setUndo(null);
                }}
              >
                {t('processDesigner.undo')}
              </Button>
            }
          />
        )}
      </Card>

      <Form layout="vertical" component="div">
        <section aria-labelledby="process-steps-heading">
          <Flex justify="space-between" align="center" wrap style={{ marginBottom: 8 }}>
            <h2 id="process-steps-heading" style={{ fontSize: 16, margin: 0 }}>
              {t('processDesigner.steps')}{' '}
              {dirty && (
                <Tag style={{ color: '#873800', background: '#fff7e6', borderColor: '#ffd591' }}>
                  {t('processDesigner.unpublished')}
                </Tag>
              )}
            </h2>
          </Flex>
          <Flex vertical gap={8}>
            {steps.map((s, i) => (
              <StepCard
                key={s.uid}
                steps={steps}
                index={i}
                onPath={onPath.has(i) && steps.length > 1}
                finish={path.finish[i] ?? 0}
                issues={issuesOf(i)}
                agencyNames={agencyNames}
                onChange={(next, renamedFrom) => updateStep(i, next, renamedFrom)}
                onMove={(by) => edit(moveStep(steps, i, by))}
                onRemove={() => {
                  setUndo({ steps, message: t('processDesigner.removed', { name: stepName(i) }) });
                  edit(removeStep(steps, i));
                }}
                onInsert={() => {
                  const next = [...steps];
                  next.splice(i + 1, 0, newStep(steps));
                  edit(next);
                  requestAnimationFrame(() =>
                    document.querySelector<HTMLInputElement>(`[data-testid="step-${i + 1}"] input`)?.focus(),
                  );
                }}
              />
            ))}
            <Button
              style={{ alignSelf: 'flex-start' }}
              onClick={() => {
                edit([...steps, newStep(steps)]);
                requestAnimationFrame(() =>
                  document
                    .querySelector<HTMLInputElement>(`[data-testid="step-${steps.length}"] input`)
                    ?.focus(),
                );
              }}
            >
              {t('processDesigner.add')}
            </Button>
            {/* Pinned to the bottom of the window while the steps scroll by: the total is always in sight. */}
            <div
              style={{ position: 'sticky', bottom: 0, zIndex: 2, boxShadow: '0 -2px 6px rgba(0,0,0,0.08)' }}
            >
              <BudgetBalance steps={steps} limit={limit} issues={processIssues} />
            </div>
          </Flex>
        </section>

        <Card
          size="small"
          id="process-preview"
          style={{ marginTop: 12 }}
          title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('processDesigner.preview')}</h2>}
        >
          <Typography.Paragraph type="secondary">{t('processDesigner.previewHint')}</Typography.Paragraph>
          <Flex gap={12} wrap align="flex-end">
            <Form.Item
              label={t('processDesigner.commune')}
              htmlFor="process-commune"
              style={{ flex: '1 1 320px', marginBottom: 0 }}
            >
              <CommuneSelect id="process-commune" value={commune} onChange={setCommune} />
            </Form.Item>
            <Form.Item
              label={t('processDesigner.channel')}
              htmlFor="process-channel"
              style={{ marginBottom: 0 }}
            >
              <Select
                id="process-channel"
                style={{ width: 200 }}
                value={channel}
                onChange={setChannel}
                options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
              />
            </Form.Item>
            <Button onClick={runPreview} disabled={!commune} loading={previewBusy}>
              {t('processDesigner.previewButton')}
            </Button>
          </Flex>
          {previewError && (
            <Alert style={{ marginTop: 8 }} type="error" showIcon message={previewError.message} />
          )}
          {stale && (
            <Alert
              style={{ marginTop: 8 }}
              type="warning"
              showIcon
              message={t('processDesigner.previewStale')}
            />
          )}
          {preview && (
            <div style={{ marginTop: 8 }}>
              <RouteTable steps={preview.steps} lang={lang} />
              {preview.issues.length > 0 && (
                <Alert
                  style={{ marginTop: 8 }}
                  type="warning"
                  showIcon
                  message={t('processDesigner.previewIssues', { n: preview.issues.length })}
                />
              )}
            </div>
          )}
        </Card>

        <Card
          size="small"
          style={{ marginTop: 12 }}
          title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('processDesigner.publish')}</h2>}
        >
          <Typography.Paragraph type="secondary">{t('processDesigner.publishHint')}</Typography.Paragraph>
          <Flex gap={12} wrap>
            <Form.Item
              label={t('processDesigner.decisionNo')}
              htmlFor="process-decision"
              style={{ flex: '1 1 260px' }}
              {...(decisionIssue.length
                ? { validateStatus: 'error' as const, help: decisionIssue.join('; ') }
                : {})}
            >
              <Input
                id="process-decision"
                autoComplete="off"
                maxLength={200}
                value={decisionNo}
                onChange={(e) => setDecisionNo(e.target.value)}
                onPressEnter={publish}
              />
            </Form.Item>
            <Form.Item
              label={t('processDesigner.effectiveFrom')}
              htmlFor="process-effective"
              {...(dateIssue.length ? { validateStatus: 'error' as const, help: dateIssue.join('; ') } : {})}
            >
              <DatePicker
                id="process-effective"
                format="DD/MM/YYYY"
                allowClear={false}
                value={effectiveFrom}
                onChange={(d) => d && setEffectiveFrom(d)}
              />
            </Form.Item>
          </Flex>
          <Button type="primary" style={{ marginTop: 12 }} onClick={publish} loading={busy}>
            {t('processDesigner.publishButton')}
          </Button>
        </Card>
      </Form>
    </Flex>
  );
}
