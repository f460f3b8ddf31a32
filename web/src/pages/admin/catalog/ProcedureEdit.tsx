import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
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
  Switch,
  Table,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { type ApiError, api, call } from '../../../api.ts';
import { formatDate, formatDateTime } from '../../../format.ts';
import { AgencySelect } from '../AgencySelect.tsx';
import { toApiError } from '../ProblemAlert.tsx';
import { CatalogNav } from './CatalogNav.tsx';
import { DocumentsEditor } from './DocumentsEditor.tsx';
import {
  type DocumentRow,
  documentChanges,
  documentField,
  documentRows,
  type StoredDocument,
} from './documents.ts';
import {
  AGENCY_KINDS,
  CHANNELS,
  type Channel,
  COMMUNE_KINDS,
  type CompetentAgencyRule,
  type FeeLine,
  itemReasons,
  normalizeVersions,
  type ProcedureDetails,
  type ReadinessItem,
  type ReadinessPage,
  RULE_KINDS,
  reasonText,
  TIME_UNITS,
  type VersionRow,
  versionEdit,
} from './model.ts';
import { FixLink } from './Readiness.tsx';

interface EditForm {
  timeLimits: Partial<Record<Channel, { value?: number | null; unit?: string }>>;
  competentAgencyRule: {
    kind: string;
    agencyId?: string;
    body?: 'peoples_committee' | 'police';
    servedBy?: string;
  };
  crossBoundary: boolean;
  onlineLevel: 'full' | 'partial' | 'none';
  fees: FeeLine[];
  /** The whole stored checklist (documents and notes) of the latest version, in order. */
  documents: DocumentRow[];
  effectiveFrom?: Dayjs;
  decisionNo?: string;
}

type NamePath = (string | number)[];

/** Today in Vietnam, as the date picker's value. */
const today = () =>
  dayjs(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date()));

/**
 * The form field an API problem names: `body.changes.timeLimits.in_person` → the in-person time value,
 * `body.changes.competentAgencyRule(.x)` → the rule's kind (or its agency), `body.decisionNo` → the decision.
 */
export function formFieldOf(path: string): NamePath {
  const parts: NamePath = path
    .split('.')
    .filter((p, i) => !(i === 0 && p === 'body'))
    .filter((p, i) => !(i === 0 && p === 'changes'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  if (parts[0] === 'timeLimits') {
    const channel = (CHANNELS as readonly string[]).includes(String(parts[1]))
      ? String(parts[1])
      : 'in_person';
    return ['timeLimits', channel, parts[2] === 'unit' ? 'unit' : 'value'];
  }
  if (parts[0] === 'competentAgencyRule') {
    const sub = String(parts[1] ?? '');
    if (sub === 'agencyKey' || sub === 'department') return ['competentAgencyRule', 'agencyId'];
    if (sub === 'body' || sub === 'servedBy') return ['competentAgencyRule', sub];
    return ['competentAgencyRule', 'kind'];
  }
  if (parts[0] === 'documents' && typeof parts[1] === 'number')
    return documentField(parts[1], parts[2] === undefined ? undefined : String(parts[2]));
  if (parts[0] === 'forms' || parts[0] === 'documents') return ['documents'];
  if (parts[0] === 'fees' && typeof parts[1] === 'number')
    return ['fees', parts[1], String(parts[2] ?? 'name')];
  return [String(parts[0] ?? path)];
}

/** The edit page's `truong` parameter as a field of its form. */
function fieldOfParam(param: string | null): NamePath | null {
  if (!param) return null;
  if (param === 'competentAgencyRule') return ['competentAgencyRule', 'kind'];
  if (param.startsWith('timeLimits')) return formFieldOf(param);
  if (param === 'fees') return null;
  if (param === 'documents' || param === 'forms') return ['documents', 0, 'name'];
  return [param];
}

function ruleText(t: TFunction, rule?: CompetentAgencyRule): string {
  if (!rule) return '—';
  const parts = [t(`catalogAdmin.edit.ruleKinds.${rule.kind}`, { defaultValue: rule.kind })];
  if (rule.department) parts.push(`“${rule.department}”`);
  if (rule.body) parts.push(t(`catalogAdmin.edit.bodies.${rule.body}`));
  return parts.join(' — ');
}

const PAYERS = ['applicant', 'beneficiary', 'organisation', 'other'] as const;

/** The structured fee lines in force (set by an earlier edit); none until an administrator enters them. */
function feesOf(p: ProcedureDetails): FeeLine[] {
  return (p.details.feeLines ?? []).map((f) => ({
    name: f.name,
    amountVnd: f.amountVnd,
    ...(f.unit ? { unit: f.unit } : {}),
    payer: f.payer,
    ...(f.legalBasis ? { legalBasis: f.legalBasis } : {}),
    exemptions: (f.exemptions ?? []).map((e) => ({
      who: e.who,
      legalBasis: e.legalBasis,
      ...(e.category ? { category: e.category } : {}),
    })),
    ...(f.reductions?.length ? { reductions: f.reductions } : {}),
    ...(f.channel ? { channel: f.channel } : {}),
  }));
}

const FEE_UNITS = [
  'per_record',
  'per_copy',
  'per_page',
  'per_certificate',
  'per_declaration',
  'per_person',
] as const;
const FEE_CATEGORIES = [
  'poor_household',
  'near_poor_household',
  'person_with_disability',
  'child_under_6',
  'elderly_lonely',
  'war_invalid_or_martyr_family',
  'ethnic_minority_hardship_area',
  'online_submission_incentive',
] as const;

/** The readiness of one procedure (its row in the readiness list). */
function useProcedureReadiness(code: string) {
  return useQuery({
    queryKey: ['catalog-readiness', 'one', code],
    queryFn: async () => {
      const page = await api<ReadinessPage>(`/api/catalog/readiness?q=${encodeURIComponent(code)}&limit=20`);
      return page.items.find((i) => i.code === code) ?? null;
    },
    retry: false,
  });
}

/** What a readiness row says, in a sentence per channel, with the reasons that remain and their fix links. */
function ReadinessNote({ item, code }: { item: ReadinessItem; code: string }) {
  const { t } = useTranslation();
  // A channel the procedure does not publish is not "not receivable": it is simply not offered.
  const offered = CHANNELS.filter((c) => {
    const ch = item.channels[c];
    return ch && (ch.receivable || !ch.reasons.every((r) => r.code === 'channel.not_offered'));
  });
  const ok = offered.filter((c) => item.channels[c]?.receivable);
  const not = offered.filter((c) => !item.channels[c]?.receivable);
  const reasons = itemReasons(item).filter((r) => r.code !== 'channel.not_offered');
  return (
    <div data-testid="procedure-readiness">
      {not.length === 0 ? (
        <Typography.Paragraph style={{ margin: 0 }}>
          {t('catalogAdmin.edit.allReceivable')}
        </Typography.Paragraph>
      ) : (
        <>
          {ok.length > 0 && (
            <Typography.Paragraph style={{ margin: 0 }}>
              {t('catalogAdmin.edit.receivableAt', { channels: ok.map((c) => t(`channel.${c}`)).join(', ') })}
            </Typography.Paragraph>
          )}
          <Typography.Paragraph style={{ margin: 0 }}>
            {t('catalogAdmin.edit.notReceivableAt', {
              channels: not.map((c) => t(`channel.${c}`)).join(', '),
            })}
          </Typography.Paragraph>
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {reasons.map((r) => {
              return (
                <li key={`${r.code}|${r.field}|${r.channels.join()}`}>
                  {reasonText(t, r)}
                  <FixLink code={code} reason={r} />
                </li>
              );
            })}
          </ul>
        </>
      )}
    </div>
  );
}

/** A form field with the published source text beside it. */
function WithSource({ children, source }: { children: React.ReactNode; source: React.ReactNode }) {
  return (
    <Flex gap={16} wrap align="flex-start">
      <div style={{ flex: '1 1 320px' }}>{children}</div>
      <div style={{ flex: '1 1 260px', background: '#fafafa', border: '1px solid #f0f0f0', padding: 8 }}>
        {source}
      </div>
    </Flex>
  );
}

/**
 * One procedure's administration: the version in force, each editable field with the published text
 * beside it (time limits per channel, competent agency, cross-boundary, online level, fees), the decision
 * and date a change takes effect; saving creates a new version and says what it changed and what is left.
 * Opened at `?truong=` (the field a readiness reason names), the cursor starts in that field.
 */
export function ProcedureEditPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const [params] = useSearchParams();
  const queries = useQueryClient();
  const [form] = Form.useForm<EditForm>();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<{ version: number; effectiveFrom: string; decisionNo: string } | null>(
    null,
  );
  const [nothing, setNothing] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);
  const procedure = useQuery({
    queryKey: ['procedure', code, 'admin'],
    queryFn: () => api<ProcedureDetails>(`/api/procedures/${encodeURIComponent(code)}`),
  });
  const readiness = useProcedureReadiness(code);
  const versions = useQuery({
    queryKey: ['catalog-versions', code],
    queryFn: async () =>
      normalizeVersions(await call('GET /api/catalog/procedures/:code/versions', { params: { code } })),
    retry: false,
  });
  // The edit applies to the latest version: its whole stored checklist (notes included) starts the form.
  const latest = versions.data?.[0]?.version ?? (versions.isError ? procedure.data?.version : undefined);
  const full = useQuery({
    queryKey: ['catalog-version', code, latest],
    enabled: latest !== undefined,
    // After a save the page keeps the list it showed until the new version's arrives (no flash).
    placeholderData: keepPreviousData,
    queryFn: () =>
      api<{
        version: number;
        data: { documents?: StoredDocument[]; process?: { name_vi: string; name_en: string }[] };
      }>(`/api/catalog/procedures/${encodeURIComponent(code)}/versions/${latest}`),
  });
  const loadedDocs = useMemo(() => full.data?.data.documents ?? [], [full.data]);
  const kind = Form.useWatch(['competentAgencyRule', 'kind'], form);
  const units = Form.useWatch(['timeLimits'], form);
  const onlineLevel = Form.useWatch('onlineLevel', form);

  const p = procedure.data;
  const initial = useMemo<EditForm | null>(() => {
    if (!p || !full.data) return null;
    const rule = p.details.competentAgencyRule;
    const timeLimits: EditForm['timeLimits'] = {};
    for (const c of p.details.channels ?? [])
      if (!timeLimits[c.channel])
        timeLimits[c.channel] = c.time
          ? { value: c.time.value, unit: c.time.unit }
          : { unit: 'working_days' };
    // A channel the catalogue does not publish starts with a unit only: nothing is sent unless a value is typed.
    for (const c of CHANNELS) if (!timeLimits[c]) timeLimits[c] = { unit: 'working_days' };
    return {
      timeLimits,
      competentAgencyRule: {
        kind: rule?.kind ?? 'unresolved',
        ...(rule?.body ? { body: rule.body } : {}),
        ...(rule?.servedBy ? { servedBy: rule.servedBy } : {}),
      },
      crossBoundary: p.crossBoundary,
      onlineLevel: p.onlineLevel,
      fees: feesOf(p),
      documents: documentRows(full.data.data.documents ?? []),
      effectiveFrom: today(),
      decisionNo: '',
    };
  }, [p, full.data]);

  // Opened from a readiness reason: the cursor goes to the field that fixes it.
  const focused = useRef(false);
  useEffect(() => {
    if (!initial || focused.current) return;
    const name = fieldOfParam(params.get('truong'));
    focused.current = true;
    if (name) requestAnimationFrame(() => form.scrollToField(name, { block: 'center', focus: true }));
  }, [initial, params, form]);
  // Once the saved version is the one in force, the form starts again from it (the decision field empty).
  const shownVersion =
    procedure.data && full.data ? `${procedure.data.version}|${full.data.version}` : undefined;
  useEffect(() => {
    if (shownVersion !== undefined) form.resetFields();
  }, [shownVersion, form]);
  useEffect(() => {
    if (!error && !saved) return;
    alertRef.current?.scrollIntoView({ block: 'center' });
    alertRef.current?.focus();
  }, [error, saved]);

  if (procedure.isPending || (!procedure.error && !full.error && !full.data)) return <Skeleton active />;
  if (procedure.error || full.error || !p || !initial)
    return (
      <Alert
        type="error"
        showIcon
        message={procedure.error?.message ?? full.error?.message ?? t('procedure.notFound')}
      />
    );

  const channels = new Map((p.details.channels ?? []).map((c) => [c.channel, c] as const));
  const rule = p.details.competentAgencyRule;

  const changesOf = async (v: EditForm): Promise<Record<string, unknown>> => {
    const changes: Record<string, unknown> = {};
    const timeLimits: Record<string, { value: number; unit: string }> = {};
    for (const c of CHANNELS) {
      const now = v.timeLimits?.[c];
      const before = channels.get(c)?.time;
      // A channel shown neither by the catalogue nor by the online level has no inputs: nothing to send.
      if (!channels.has(c) && !(c === 'online' && v.onlineLevel && v.onlineLevel !== 'none')) continue;
      if (!now?.unit) continue;
      const value = now.unit === 'same_day' ? 1 : now.value;
      if (!value) continue;
      if (!before || before.value !== value || before.unit !== now.unit)
        timeLimits[c] = { value, unit: now.unit };
    }
    if (Object.keys(timeLimits).length) changes.timeLimits = timeLimits;
    const r = v.competentAgencyRule;
    const ruleChanged =
      r.kind !== initial.competentAgencyRule.kind ||
      Boolean(r.agencyId) ||
      (r.body ?? '') !== (initial.competentAgencyRule.body ?? '') ||
      (r.servedBy ?? '') !== (initial.competentAgencyRule.servedBy ?? '');
    if (ruleChanged) {
      const next: CompetentAgencyRule = { kind: r.kind as CompetentAgencyRule['kind'], basis: 'admin' };
      if (COMMUNE_KINDS.includes(r.kind) && r.body) next.body = r.body;
      if (AGENCY_KINDS.includes(r.kind)) {
        if (r.agencyId) {
          const agency = await queries.fetchQuery({
            queryKey: ['agency', r.agencyId],
            queryFn: () => api<{ id: string; key: string; name: string }>(`/api/agencies/${r.agencyId}`),
          });
          next.department = agency.name;
          next.agencyKey = agency.key;
        } else if (r.kind === rule?.kind && rule?.department) next.department = rule.department;
        if (r.kind === 'vertical_agency' && r.servedBy)
          next.servedBy = r.servedBy as CompetentAgencyRule['servedBy'];
      }
      changes.competentAgencyRule = next;
    }
    if (v.crossBoundary !== initial.crossBoundary) changes.crossBoundary = v.crossBoundary;
    if (v.onlineLevel !== initial.onlineLevel) changes.onlineLevel = v.onlineLevel;
    // The lines as the form holds them, with the reductions it keeps but does not edit.
    const held = (form.getFieldValue('fees') ?? []) as FeeLine[];
    const fees: FeeLine[] = (v.fees ?? []).map((f, i) => ({
      name: f.name.trim(),
      amountVnd: Math.round(Number(f.amountVnd ?? 0)),
      ...(f.unit && f.unit !== 'per_record'
        ? { unit: f.unit }
        : held[i]?.unit
          ? { unit: f.unit ?? 'per_record' }
          : {}),
      payer: f.payer,
      ...(f.legalBasis?.trim() ? { legalBasis: f.legalBasis.trim() } : {}),
      exemptions: (f.exemptions ?? []).map((e) => ({
        who: e.who.trim(),
        legalBasis: e.legalBasis.trim(),
        ...(e.category ? { category: e.category } : {}),
      })),
      ...(held[i]?.reductions?.length ? { reductions: held[i]!.reductions } : {}),
      ...(f.channel ? { channel: f.channel } : {}),
    }));
    if (JSON.stringify(fees) !== JSON.stringify(initial.fees)) changes.fees = fees;
    // The rows as the form holds them (with the stored fields it does not edit: raw, group, case…).
    const rows = (form.getFieldValue('documents') ?? v.documents ?? []) as DocumentRow[];
    const docs = documentChanges(rows, loadedDocs);
    if (docs) Object.assign(changes, docs);
    return changes;
  };

  const save = async (v: EditForm) => {
    setError(null);
    setSaved(null);
    setNothing(false);
    setBusy(true);
    try {
      const changes = await changesOf(v);
      if (!Object.keys(changes).length) {
        setNothing(true);
        return;
      }
      const effectiveFrom = (v.effectiveFrom ?? today()).format('YYYY-MM-DD');
      const decisionNo = (v.decisionNo ?? '').trim();
      const res = await api<Record<string, unknown>>(
        `/api/catalog/procedures/${encodeURIComponent(code)}/versions`,
        {
          method: 'POST',
          body: JSON.stringify({ effectiveFrom, decisionNo, changes }),
        },
      );
      const created = ((res.version && typeof res.version === 'object' ? res.version : res) ?? {}) as Record<
        string,
        unknown
      >;
      // The readiness shown with the outcome is the one after the edit.
      await Promise.all([
        queries.invalidateQueries({ queryKey: ['catalog-readiness'] }),
        queries.invalidateQueries({ queryKey: ['catalog-versions', code] }),
        queries.invalidateQueries({ queryKey: ['catalog-version', code] }),
        queries.invalidateQueries({ queryKey: ['procedure', code] }),
        queries.invalidateQueries({ queryKey: ['procedures'] }),
      ]);
      setSaved({
        version: Number(created.version ?? p.version + 1),
        effectiveFrom: String(created.effectiveFrom ?? effectiveFrom),
        decisionNo,
      });
    } catch (e) {
      const problem = toApiError(e);
      setError(problem);
      const named = problem.fields.map((f) => ({ name: formFieldOf(f.path), errors: [f.message] }));
      form.setFields(named as Parameters<typeof form.setFields>[0]);
      if (named[0]) form.scrollToField(named[0].name, { block: 'center' });
    } finally {
      setBusy(false);
    }
  };

  const labelOf = (name: NamePath): string => {
    if (name[0] === 'timeLimits')
      return t('catalogAdmin.edit.timeValue', { channel: t(`channel.${name[1]}`) });
    if (name[0] === 'competentAgencyRule') return t('catalogAdmin.edit.agency');
    if (name[0] === 'fees') return t('catalogAdmin.edit.fees');
    if (name[0] === 'documents')
      return typeof name[1] === 'number'
        ? t('catalogAdmin.docs.row', { n: name[1] + 1 })
        : t('catalogAdmin.docs.title');
    const key = String(name[0]);
    return t(`catalogAdmin.edit.${key}`, { defaultValue: key });
  };
  const item = readiness.data;
  const inPersonOk = item?.channels.in_person?.receivable;
  const future = saved ? saved.effectiveFrom > today().format('YYYY-MM-DD') : false;

  return (
    <Flex vertical gap={12}>
      <Link to="/can-bo/quan-tri/thu-tuc">← {t('catalogAdmin.edit.back')}</Link>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t('catalogAdmin.edit.heading', { code: p.code, name: p.name })}
      </Typography.Title>
      <CatalogNav />
      <Typography.Text>
        {p.field} ·{' '}
        {t('catalogAdmin.edit.current', { version: p.version, date: formatDate(p.effectiveFrom) })}
      </Typography.Text>
      <div ref={alertRef} tabIndex={-1}>
        {saved && (
          <Alert
            type={item && !inPersonOk && !future ? 'warning' : 'success'}
            showIcon
            role="status"
            message={t('catalogAdmin.edit.saved', {
              version: saved.version,
              date: formatDate(saved.effectiveFrom),
              decisionNo: saved.decisionNo,
            })}
            description={
              future
                ? t('catalogAdmin.edit.savedFuture')
                : item
                  ? inPersonOk
                    ? `${t('catalogAdmin.edit.savedReceivable')} ${t(
                        'catalogAdmin.edit.savedReceivableOnline',
                        {
                          channels: CHANNELS.filter((c) => item.channels[c]?.receivable)
                            .map((c) => t(`channel.${c}`))
                            .join(', '),
                        },
                      )}`
                    : t('catalogAdmin.edit.savedNotYet')
                  : undefined
            }
          />
        )}
        {error && (
          <Alert
            type="error"
            showIcon
            role="alert"
            message={error.message}
            description={
              error.fields.length
                ? [...new Set(error.fields.map((f) => `${labelOf(formFieldOf(f.path))}: ${f.message}`))].join(
                    '; ',
                  )
                : undefined
            }
          />
        )}
        {nothing && (
          <Alert type="info" showIcon role="status" message={t('catalogAdmin.edit.nothingChanged')} />
        )}
      </div>
      <Card
        size="small"
        title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('catalogAdmin.edit.readiness')}</h2>}
      >
        {readiness.isPending ? (
          <Skeleton active paragraph={{ rows: 1 }} />
        ) : item ? (
          <ReadinessNote item={item} code={p.code} />
        ) : (
          <Typography.Text type="secondary">{t('catalogAdmin.readiness.unavailable')}</Typography.Text>
        )}
        {saved && (
          <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>
            <strong>{t('catalogAdmin.edit.next')}:</strong>{' '}
            <Link to="/can-bo/quan-tri/thu-tuc">{t('catalogAdmin.edit.nextList')}</Link>
          </Typography.Paragraph>
        )}
      </Card>
      <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('processDesigner.link')}</h2>}>
        <Typography.Paragraph type="secondary">{t('processDesigner.linkHint')}</Typography.Paragraph>
        {(full.data?.data.process ?? []).length > 0 && (
          <Typography.Paragraph data-testid="process-summary">
            {t('processDesigner.summary', {
              n: full.data?.data.process?.length ?? 0,
              names: (full.data?.data.process ?? [])
                .map((s) => (t('catalogAdmin.lang') === 'vi' ? s.name_vi : s.name_en))
                .join(' → '),
            })}
          </Typography.Paragraph>
        )}
        <Link to={`/can-bo/quan-tri/thu-tuc/${encodeURIComponent(p.code)}/quy-trinh`}>
          {t('processDesigner.open')}
        </Link>
      </Card>
      <Form<EditForm>
        form={form}
        name="procedure-edit"
        layout="vertical"
        initialValues={initial}
        onFinish={save}
        onFinishFailed={({ errorFields }) => {
          const first = errorFields[0];
          if (first) form.scrollToField(first.name, { block: 'center', focus: true });
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && e.target instanceof HTMLInputElement) e.preventDefault();
        }}
      >
        <Flex vertical gap={12}>
          <Card
            size="small"
            title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('catalogAdmin.edit.timeLimits')}</h2>}
          >
            <Typography.Paragraph type="secondary">
              {t('catalogAdmin.edit.timeLimitsHint')}
            </Typography.Paragraph>
            {CHANNELS.map((c) => {
              const published = channels.get(c);
              const unit = units?.[c]?.unit;
              // Received online by the chosen level although the catalogue does not publish the channel:
              // the server then requires its time limit (changes.timeLimits.online).
              const newOnline = !published && c === 'online' && !!onlineLevel && onlineLevel !== 'none';
              return (
                <fieldset key={c} style={{ border: 0, padding: 0, margin: '0 0 12px' }}>
                  <legend style={{ fontSize: 14, fontWeight: 600, marginBottom: 4 }}>
                    {t(`channel.${c}`)}
                  </legend>
                  {published || newOnline ? (
                    <WithSource
                      source={
                        <>
                          <Typography.Text type="secondary">
                            {t('catalogAdmin.edit.published')}:{' '}
                          </Typography.Text>
                          <span data-testid={`source-time-${c}`}>
                            {published?.timeRaw?.trim() || t('catalogAdmin.edit.noSource')}
                          </span>
                        </>
                      }
                    >
                      <Flex gap={8} wrap>
                        <Form.Item
                          name={['timeLimits', c, 'value']}
                          label={t('catalogAdmin.edit.timeValue', { channel: t(`channel.${c}`) })}
                          hidden={unit === 'same_day'}
                          rules={[
                            { type: 'number', min: 0.5, message: t('ws.required') },
                            ...(newOnline && unit !== 'same_day'
                              ? [{ required: true, message: t('ws.required') }]
                              : []),
                          ]}
                          style={{ marginBottom: 0 }}
                        >
                          <InputNumber min={0.5} max={10_000} step={1} style={{ width: 120 }} />
                        </Form.Item>
                        <Form.Item
                          name={['timeLimits', c, 'unit']}
                          label={t('catalogAdmin.edit.timeUnit', { channel: t(`channel.${c}`) })}
                          style={{ marginBottom: 0 }}
                        >
                          <Select
                            style={{ width: 200 }}
                            options={TIME_UNITS.map((u) => ({
                              value: u,
                              label:
                                u === 'same_day' ? t('timeUnits.same_day') : t(`catalogAdmin.units.${u}`),
                            }))}
                          />
                        </Form.Item>
                      </Flex>
                    </WithSource>
                  ) : (
                    <Typography.Text type="secondary">{t('catalogAdmin.edit.notOffered')}</Typography.Text>
                  )}
                </fieldset>
              );
            })}
          </Card>

          <Card
            size="small"
            title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('catalogAdmin.edit.agency')}</h2>}
          >
            <Typography.Paragraph type="secondary">{t('catalogAdmin.edit.agencyHint')}</Typography.Paragraph>
            <WithSource
              source={
                <dl style={{ margin: 0 }}>
                  <dt style={{ color: 'rgba(0,0,0,0.65)' }}>{t('catalogAdmin.edit.publishedCompetent')}</dt>
                  <dd style={{ marginInlineStart: 0, marginBottom: 6 }} data-testid="source-competent">
                    {p.details.competentAgencyText?.trim() || t('catalogAdmin.edit.noSource')}
                  </dd>
                  <dt style={{ color: 'rgba(0,0,0,0.65)' }}>
                    {t('catalogAdmin.edit.publishedImplementing')}
                  </dt>
                  <dd style={{ marginInlineStart: 0, marginBottom: 0 }}>
                    {p.details.implementingAgencyText?.trim() || t('catalogAdmin.edit.noSource')}
                  </dd>
                </dl>
              }
            >
              <Typography.Paragraph>
                {t('catalogAdmin.edit.currentRule', { rule: ruleText(t, rule) })}
              </Typography.Paragraph>
              <Form.Item name={['competentAgencyRule', 'kind']} label={t('catalogAdmin.edit.ruleKind')}>
                <Select
                  style={{ maxWidth: 420 }}
                  options={[
                    ...(rule?.kind === 'unresolved' ? (['unresolved'] as const) : []),
                    ...RULE_KINDS,
                  ].map((k) => ({ value: k, label: t(`catalogAdmin.edit.ruleKinds.${k}`) }))}
                />
              </Form.Item>
              {kind && AGENCY_KINDS.includes(kind) && (
                <Form.Item
                  name={['competentAgencyRule', 'agencyId']}
                  label={t('catalogAdmin.edit.chosenAgency')}
                  rules={
                    kind !== rule?.kind || !rule?.department
                      ? [{ required: true, message: t('ws.required') }]
                      : []
                  }
                  extra={rule?.department && kind === rule.kind ? `“${rule.department}”` : undefined}
                >
                  <AgencySelect />
                </Form.Item>
              )}
              {kind === 'vertical_agency' && (
                <Form.Item name={['competentAgencyRule', 'servedBy']} label={t('catalogAdmin.edit.servedBy')}>
                  <Select
                    style={{ maxWidth: 420 }}
                    options={[
                      { value: '', label: t('catalogAdmin.edit.servedByNone') },
                      ...(['residenceUnitCode', 'landParcelUnitCode', 'businessUnitCode'] as const).map(
                        (s) => ({
                          value: s,
                          label: t(`catalogAdmin.edit.servedByOptions.${s}`),
                        }),
                      ),
                    ]}
                  />
                </Form.Item>
              )}
              {kind && COMMUNE_KINDS.includes(kind) && (
                <Form.Item name={['competentAgencyRule', 'body']} label={t('catalogAdmin.edit.body')}>
                  <Radio.Group
                    options={(['peoples_committee', 'police'] as const).map((b) => ({
                      value: b,
                      label: t(`catalogAdmin.edit.bodies.${b}`),
                    }))}
                  />
                </Form.Item>
              )}
            </WithSource>
          </Card>

          <Card
            size="small"
            title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('catalogAdmin.edit.reception')}</h2>}
          >
            <Form.Item
              name="crossBoundary"
              label={t('catalogAdmin.edit.crossBoundary')}
              valuePropName="checked"
              extra={t('catalogAdmin.edit.crossBoundaryHint')}
            >
              <Switch />
            </Form.Item>
            <Form.Item name="onlineLevel" label={t('catalogAdmin.edit.onlineLevel')}>
              <Radio.Group
                options={(['full', 'partial', 'none'] as const).map((l) => ({
                  value: l,
                  label: t(`catalogAdmin.edit.onlineLevels.${l}`),
                }))}
              />
            </Form.Item>
          </Card>

          <Card
            size="small"
            title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('catalogAdmin.edit.fees')}</h2>}
          >
            <WithSource
              source={
                <>
                  <Typography.Text type="secondary">{t('catalogAdmin.edit.published')}:</Typography.Text>
                  <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                    {(p.details.fees ?? []).length === 0 && <li>{t('catalogAdmin.edit.noFees')}</li>}
                    {(p.details.fees ?? []).map((f) => (
                      <li key={f.text}>{f.text}</li>
                    ))}
                  </ul>
                </>
              }
            >
              <Typography.Paragraph type="secondary">{t('catalogAdmin.edit.feesHint')}</Typography.Paragraph>
              <Form.List name="fees">
                {(lines, { add, remove }) => (
                  <Flex vertical gap={8}>
                    {lines.map((line, i) => (
                      <Flex key={line.key} gap={8} wrap align="flex-end">
                        <Form.Item
                          name={[line.name, 'name']}
                          label={t('catalogAdmin.edit.feeName', { n: i + 1 })}
                          rules={[{ required: true, whitespace: true, message: t('ws.required') }]}
                          style={{ flex: '1 1 200px', marginBottom: 0 }}
                        >
                          <Input />
                        </Form.Item>
                        <Form.Item
                          name={[line.name, 'amountVnd']}
                          label={t('catalogAdmin.edit.feeAmount', { n: i + 1 })}
                          rules={[{ required: true, message: t('ws.required') }]}
                          style={{ marginBottom: 0 }}
                        >
                          <InputNumber min={0} step={1000} style={{ width: 140 }} />
                        </Form.Item>
                        <Form.Item
                          name={[line.name, 'unit']}
                          label={t('catalogAdmin.edit.feeUnit', { n: i + 1 })}
                          style={{ marginBottom: 0 }}
                        >
                          <Select
                            style={{ width: 150 }}
                            placeholder={t('fees.unit.per_record')}
                            options={FEE_UNITS.map((u) => ({ value: u, label: t(`fees.unit.${u}`) }))}
                          />
                        </Form.Item>
                        <Form.Item
                          name={[line.name, 'legalBasis']}
                          label={t('catalogAdmin.edit.feeBasis', { n: i + 1 })}
                          style={{ flex: '1 1 200px', marginBottom: 0 }}
                        >
                          <Input />
                        </Form.Item>
                        <Form.Item
                          name={[line.name, 'payer']}
                          label={t('catalogAdmin.edit.feePayer', { n: i + 1 })}
                          rules={[{ required: true, message: t('ws.required') }]}
                          style={{ marginBottom: 0 }}
                        >
                          <Select
                            style={{ width: 200 }}
                            options={PAYERS.map((x) => ({
                              value: x,
                              label: t(`catalogAdmin.edit.payers.${x}`),
                            }))}
                          />
                        </Form.Item>
                        <Form.Item
                          name={[line.name, 'channel']}
                          label={t('catalogAdmin.edit.feeChannel', { n: i + 1 })}
                          style={{ marginBottom: 0 }}
                        >
                          <Select
                            style={{ width: 180 }}
                            options={[
                              { value: '', label: t('catalogAdmin.edit.feeAllChannels') },
                              ...CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) })),
                            ]}
                          />
                        </Form.Item>
                        <Form.List name={[line.name, 'exemptions']}>
                          {(ex, exOps) => (
                            <Flex vertical gap={4} style={{ flexBasis: '100%' }}>
                              {ex.map((e, j) => (
                                <Flex key={e.key} gap={8} wrap align="flex-end">
                                  <Form.Item
                                    name={[e.name, 'who']}
                                    label={t('catalogAdmin.edit.exemptWho', { n: i + 1, m: j + 1 })}
                                    rules={[{ required: true, whitespace: true, message: t('ws.required') }]}
                                    style={{ flex: '1 1 220px', marginBottom: 0 }}
                                  >
                                    <Input />
                                  </Form.Item>
                                  <Form.Item
                                    name={[e.name, 'legalBasis']}
                                    label={t('catalogAdmin.edit.exemptBasis', { n: i + 1, m: j + 1 })}
                                    rules={[{ required: true, whitespace: true, message: t('ws.required') }]}
                                    style={{ flex: '1 1 220px', marginBottom: 0 }}
                                  >
                                    <Input />
                                  </Form.Item>
                                  <Form.Item
                                    name={[e.name, 'category']}
                                    label={t('catalogAdmin.edit.exemptCategory', { n: i + 1, m: j + 1 })}
                                    style={{ marginBottom: 0 }}
                                  >
                                    <Select
                                      allowClear
                                      style={{ width: 220 }}
                                      placeholder={t('catalogAdmin.edit.exemptCategoryNone')}
                                      options={FEE_CATEGORIES.map((c) => ({
                                        value: c,
                                        label: t(`fees.category.${c}`),
                                      }))}
                                    />
                                  </Form.Item>
                                  <Button onClick={() => exOps.remove(e.name)}>
                                    {t('catalogAdmin.edit.removeExemption', { n: i + 1, m: j + 1 })}
                                  </Button>
                                </Flex>
                              ))}
                              <Button
                                size="small"
                                style={{ alignSelf: 'flex-start' }}
                                onClick={() => exOps.add({ who: '', legalBasis: '' })}
                              >
                                {t('catalogAdmin.edit.addExemption', { n: i + 1 })}
                              </Button>
                            </Flex>
                          )}
                        </Form.List>
                        <Button onClick={() => remove(line.name)}>
                          {t('catalogAdmin.edit.removeFee', { n: i + 1 })}
                        </Button>
                      </Flex>
                    ))}
                    <Button
                      style={{ alignSelf: 'flex-start' }}
                      onClick={() => add({ name: '', amountVnd: 0, exemptions: [] })}
                    >
                      {t('catalogAdmin.edit.addFee')}
                    </Button>
                  </Flex>
                )}
              </Form.List>
            </WithSource>
          </Card>

          <DocumentsEditor />

          <Card
            size="small"
            title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('catalogAdmin.edit.decision')}</h2>}
          >
            <Typography.Paragraph type="secondary">
              {t('catalogAdmin.edit.decisionHint')}
            </Typography.Paragraph>
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
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('catalogAdmin.edit.save')}
            </Button>
          </Card>
        </Flex>
      </Form>

      <Card
        size="small"
        title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('catalogAdmin.edit.versions')}</h2>}
      >
        {versions.error && (
          <Alert type="error" showIcon message={versions.error.message} style={{ marginBottom: 8 }} />
        )}
        <Table<VersionRow>
          size="small"
          rowKey="version"
          pagination={false}
          loading={versions.isPending}
          dataSource={versions.data ?? []}
          scroll={{ x: 640 }}
          columns={[
            {
              title: t('catalogAdmin.edit.version'),
              dataIndex: 'version',
              width: 120,
              render: (n: number, v) => (v.inForce ? `${n} (${t('catalogAdmin.edit.inForce')})` : n),
            },
            {
              title: t('catalogAdmin.edit.versionFrom'),
              dataIndex: 'effectiveFrom',
              render: (d: string) => formatDate(d),
            },
            {
              title: t('catalogAdmin.edit.versionDecision'),
              key: 'decision',
              render: (_: unknown, v) => versionEdit(v).decisionNo ?? '—',
            },
            {
              title: t('catalogAdmin.edit.versionChanged'),
              key: 'fields',
              render: (_: unknown, v) => {
                const e = versionEdit(v);
                const origin =
                  v.origin && v.origin !== 'edit' ? t(`catalogAdmin.edit.origins.${v.origin}`) : null;
                const fields = e.fields.map((f) =>
                  t(`catalogAdmin.fields.${f.split('.')[0]}`, { defaultValue: f }),
                );
                return (
                  [origin, [...new Set(fields)].join(', ')].filter(Boolean).join(': ') ||
                  t('catalogAdmin.edit.versionImported')
                );
              },
            },
            {
              title: t('catalogAdmin.edit.versionBy'),
              key: 'by',
              render: (_: unknown, v) => {
                const e = versionEdit(v);
                const at = v.edit?.at ?? v.importedAt;
                return [e.by, at ? formatDateTime(at) : null].filter(Boolean).join(' · ') || '—';
              },
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
