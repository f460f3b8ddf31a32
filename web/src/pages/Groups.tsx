import { useMutation, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError, api } from '../api.ts';
import { CommuneSelect } from '../components/CommuneSelect.tsx';
import { formatDate, formatDateTime } from '../format.ts';

/** A Decree 63/2024 group as GET /api/public/groups describes it. */
interface GroupDefinition {
  code: string;
  name_vi: string;
  name_en: string;
  shortName_vi: string;
  shortName_en: string;
  legalBasis: string;
  publishedProcedureCode: string | null;
  timeLimit: { workingDays: number; withVerificationWorkingDays: number } | null;
  facts: {
    key: string;
    kind: 'text' | 'date' | 'sex' | 'personal_id' | 'social_insurance_number';
    name_vi: string;
    name_en: string;
  }[];
  members: { key: string; procedureCode: string; name_vi: string; name_en: string; facts: string[] }[];
  /** Every member can be received online now; else the first that cannot, and why. */
  available: boolean;
  unavailable: { procedureCode: string; reason: string; message_vi: string; message_en: string } | null;
}

/** A group submission as the API answers it (owner, official or public tracking). */
interface GroupView {
  id: string;
  code: string;
  name_vi: string;
  name_en: string;
  submittedAt: string;
  appointment: { startDate: string; dueDate: string; basis: 'group' | 'members'; afterCutoff: boolean };
  members: {
    key: string;
    name_vi: string;
    name_en: string;
    procedureCode: string;
    recordId: string | null;
    recordCode: string | null;
    reference: string | null;
    status: string;
    nationalStatusName: string | null;
    receivingAgency: { name: string };
    competentAgency: { name: string };
  }[];
}

const tokenKey = (id: string) => `motcua.group.${id}`;

/** The name of a group, member or fact in the current language. */
function useNamed() {
  const { i18n } = useTranslation();
  return (x: { name_vi: string; name_en: string }) => (i18n.language === 'en' ? x.name_en : x.name_vi);
}

function useGroups() {
  return useQuery({
    queryKey: ['groups'],
    queryFn: () => api<{ items: GroupDefinition[] }>('/api/public/groups'),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The portal's entry to the Decree 63/2024 groups (on the home page). */
export function GroupsEntry() {
  const { t, i18n } = useTranslation();
  const groups = useGroups();
  if (!groups.data?.items.length) return null;
  return (
    <Card size="small" title={t('groups.entry')}>
      {/* A plain list: the procedure search's results are the page's only antd list items. */}
      <ul style={{ margin: 0, paddingInlineStart: 20 }}>
        {groups.data.items.map((g) => (
          <li key={g.code}>
            {/* Underlined: a link inside a line of text must not rely on colour alone (axe link-in-text-block). */}
            <Link to={`/lien-thong/${encodeURIComponent(g.code)}`} style={{ textDecoration: 'underline' }}>
              {i18n.language === 'en' ? g.shortName_en : g.shortName_vi}
            </Link>{' '}
            — {i18n.language === 'en' ? g.name_en : g.name_vi}
          </li>
        ))}
      </ul>
      <Link to="/tra-cuu-lien-thong">{t('groups.trackLink')}</Link>
    </Card>
  );
}

/** Each member of a group with its record code (or reference), status and agencies. */
function GroupMembers({ group }: { group: GroupView }) {
  const { t } = useTranslation();
  const named = useNamed();
  return (
    <Table
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={group.members}
      data-testid="group-members"
      columns={[
        {
          title: t('groups.member'),
          key: 'name',
          // The applicant's own view links each member record ("Hồ sơ của tôi", same token).
          render: (_, m) =>
            m.recordId ? (
              <Link to={`/ho-so/${m.recordId}`}>{`${named(m)} (${m.procedureCode})`}</Link>
            ) : (
              `${named(m)} (${m.procedureCode})`
            ),
        },
        { title: t('track.codeOrReference'), key: 'code', render: (_, m) => m.recordCode ?? m.reference },
        {
          title: t('track.status'),
          key: 'status',
          render: (_, m) => <Tag color="#b71c1c">{m.nationalStatusName ?? m.status}</Tag>,
        },
        { title: t('groups.competent'), key: 'competent', render: (_, m) => m.competentAgency.name },
        { title: t('groups.receiving'), key: 'receiving', render: (_, m) => m.receivingAgency.name },
      ]}
    />
  );
}

/** The group's code, appointment (with the 15:00 rule spelled out) and members. */
export function GroupCard({ group }: { group: GroupView }) {
  const { t } = useTranslation();
  const named = useNamed();
  return (
    <Card title={named(group)}>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('groups.code')}>
          <strong data-testid="group-code">{group.code}</strong>
        </Descriptions.Item>
        <Descriptions.Item label={t('submit.submittedAt')}>
          {formatDateTime(group.submittedAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('track.appointment')}>
          <span data-testid="group-appointment">{formatDate(group.appointment.dueDate)}</span>
          {group.appointment.afterCutoff && (
            <Typography.Text type="secondary">
              {' '}
              — {t('groups.afterCutoff', { date: formatDate(group.appointment.startDate) })}
            </Typography.Text>
          )}
          {group.appointment.basis === 'members' && (
            <Typography.Text type="secondary"> — {t('groups.byMembers')}</Typography.Text>
          )}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
        {t('groups.members')}
      </Typography.Title>
      <GroupMembers group={group} />
    </Card>
  );
}

/** Field errors of a refused submission on the form's fields (`body.facts.child.birthDate` → facts.child.birthDate). */
function fieldName(path: string): (string | number)[] {
  return path.replace(/^body\./, '').split('.');
}

/**
 * One form for a whole Decree 63/2024 group: the applicant, where they live (which routes every member),
 * the one-stop unit that receives it, and the facts every member procedure needs. Ends on the group's
 * receipt: its code, appointment and each member record.
 */
export function GroupSubmitPage() {
  const { t, i18n } = useTranslation();
  const { code = '' } = useParams();
  const named = useNamed();
  const [form] = Form.useForm();
  const [done, setDone] = useState<GroupView | null>(null);
  const groups = useGroups();
  const group = groups.data?.items.find((g) => g.code === code);
  const agencies = useQuery({
    queryKey: ['agencies', 'canReceive'],
    queryFn: () => api<{ items: { id: string; name: string }[] }>('/api/agencies?canReceive=true&limit=200'),
  });
  const submit = useMutation({
    mutationFn: (v: Record<string, unknown>) => {
      const facts: Record<string, Record<string, string>> = {};
      for (const f of group?.facts ?? []) {
        const [section, name] = f.key.split('.') as [string, string];
        const raw = (v.facts as Record<string, Record<string, unknown>> | undefined)?.[section]?.[name];
        const value =
          raw && typeof raw === 'object' && 'format' in raw
            ? (raw as { format(f: string): string }).format('YYYY-MM-DD')
            : raw;
        if (typeof value !== 'string' || !value.trim()) continue;
        facts[section] = { ...facts[section], [name]: value.trim() };
      }
      const applicant: Record<string, unknown> = { kind: 'citizen', fullName: v.fullName };
      for (const k of ['personalId', 'phone']) if (v[k]) applicant[k] = v[k];
      return api<{ group: GroupView; applicantToken: string }>('/api/public/group-submissions', {
        method: 'POST',
        body: JSON.stringify({
          groupCode: code,
          applicant,
          routing: v.residenceUnitCode ? { residenceUnitCode: v.residenceUnitCode } : {},
          receivingAgencyId: v.receivingAgencyId,
          facts,
        }),
      });
    },
    onSuccess: (out) => {
      localStorage.setItem(tokenKey(out.group.id), out.applicantToken);
      // Each member record opens with the same token ("Hồ sơ của tôi").
      for (const m of out.group.members) {
        if (m.recordId) localStorage.setItem(`motcua.record.${m.recordId}`, out.applicantToken);
      }
      setDone(out.group);
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fields.length) {
        form.setFields(e.fields.map((f) => ({ name: fieldName(f.path), errors: [f.message] })));
      }
    },
  });
  if (groups.data && !group) return <Alert type="error" showIcon message={t('groups.unknown')} />;
  if (done) {
    return (
      <Flex vertical gap={12}>
        <Alert type="success" showIcon message={t('groups.done')} description={t('groups.doneHint')} />
        <GroupCard group={done} />
        <Link to={`/tra-cuu-lien-thong?code=${encodeURIComponent(done.code)}`}>{t('submit.trackNow')}</Link>
      </Flex>
    );
  }
  const required = [{ required: true, message: t('ws.required') }];
  const needed = new Set(group?.members.flatMap((m) => m.facts) ?? []);
  return (
    <Flex vertical gap={12}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {group ? (i18n.language === 'en' ? group.shortName_en : group.shortName_vi) : t('groups.entry')}
      </Typography.Title>
      {group && (
        <>
          <Typography.Paragraph>{named(group)}</Typography.Paragraph>
          <Typography.Paragraph type="secondary">
            {group.legalBasis}.{' '}
            {group.timeLimit
              ? t('groups.limit', {
                  days: group.timeLimit.workingDays,
                  verification: group.timeLimit.withVerificationWorkingDays,
                })
              : t('groups.limitByMembers')}{' '}
            {t('groups.cutoff')}
          </Typography.Paragraph>
          <ul>
            {group.members.map((m) => (
              <li key={m.key}>
                {named(m)} ({m.procedureCode})
              </li>
            ))}
          </ul>
        </>
      )}
      {group && !group.available && group.unavailable && (
        <Alert
          type="warning"
          showIcon
          message={t('groups.unavailable', { code: group.unavailable.procedureCode })}
          description={i18n.language === 'en' ? group.unavailable.message_en : group.unavailable.message_vi}
        />
      )}
      {submit.error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          message={submit.error.message}
          description={
            submit.error instanceof ApiError
              ? submit.error.fields.map((f) => f.message).join('; ')
              : undefined
          }
        />
      )}
      <Form form={form} layout="vertical" onFinish={(v) => submit.mutate(v)} disabled={!group?.available}>
        <Card size="small" title={t('groups.applicant')}>
          <Form.Item name="fullName" label={t('ws.applicant.fullName')} rules={required}>
            <Input autoComplete="name" />
          </Form.Item>
          <Form.Item
            name="personalId"
            label={t('ws.applicant.personalId')}
            rules={[{ pattern: /^\d{12}$/, message: t('groups.personalId') }]}
          >
            <Input inputMode="numeric" maxLength={12} />
          </Form.Item>
          <Form.Item name="phone" label={t('ws.applicant.phone')} rules={required}>
            <Input inputMode="tel" autoComplete="tel" />
          </Form.Item>
          <Form.Item name="residenceUnitCode" label={t('groups.residence')} rules={required}>
            <CommuneSelect />
          </Form.Item>
          <Form.Item name="receivingAgencyId" label={t('submit.receivingUnit')} rules={required}>
            <Select
              showSearch
              optionFilterProp="label"
              loading={agencies.isPending}
              options={(agencies.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
            />
          </Form.Item>
        </Card>
        <Card size="small" title={t('groups.facts')} style={{ marginTop: 12 }}>
          {(group?.facts ?? []).map((f) => (
            <Form.Item
              key={f.key}
              name={['facts', ...f.key.split('.')]}
              label={named(f)}
              rules={needed.has(f.key) ? required : []}
            >
              {f.kind === 'date' ? (
                <DatePicker format="DD/MM/YYYY" />
              ) : f.kind === 'sex' ? (
                <Select
                  options={[
                    { value: 'male', label: t('groups.male') },
                    { value: 'female', label: t('groups.female') },
                  ]}
                />
              ) : (
                <Input inputMode={f.kind === 'text' ? undefined : 'numeric'} />
              )}
            </Form.Item>
          ))}
        </Card>
        <Button type="primary" htmlType="submit" loading={submit.isPending} style={{ marginTop: 12 }}>
          {t('groups.submit')}
        </Button>
      </Form>
    </Flex>
  );
}

/** Tracking a group as one: its code and the last 4 digits of the applicant's phone or personal ID. */
export function GroupTrackPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const track = useMutation({
    mutationFn: (v: { code: string; check: string }) =>
      api<GroupView>(
        `/api/public/group-submissions/by-code/${encodeURIComponent(v.code.trim())}?check=${encodeURIComponent(v.check)}`,
      ),
  });
  const notFound =
    track.error instanceof ApiError && (track.error.status === 404 || track.error.status === 422);
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {t('groups.trackHeading')}
      </Typography.Title>
      <Form
        layout="vertical"
        initialValues={{ code: params.get('code') ?? '', check: '' }}
        onFinish={(v: { code: string; check: string }) => {
          setParams({ code: v.code.trim() });
          track.mutate(v);
        }}
      >
        <Form.Item
          name="code"
          label={t('groups.code')}
          rules={[{ required: true, whitespace: true, message: t('groups.codeRequired') }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="check"
          label={t('track.check')}
          rules={[{ required: true, pattern: /^\d{4}$/, message: t('track.checkInvalid') }]}
        >
          <Input inputMode="numeric" maxLength={4} style={{ width: 120 }} autoComplete="off" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={track.isPending}>
          {t('track.submit')}
        </Button>
      </Form>
      {track.error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          message={notFound ? t('groups.notFound') : track.error.message}
        />
      )}
      {track.data && <GroupCard group={track.data} />}
    </Flex>
  );
}

/**
 * The Decree 63 group a record belongs to, with its siblings: on the officials' record page (session) or
 * the applicant's own record page (`token`). Nothing when the record is in no group.
 */
export function GroupSiblings({ recordId, token }: { recordId: string; token?: string }) {
  const { t } = useTranslation();
  const named = useNamed();
  const group = useQuery({
    queryKey: ['record-group', recordId, token ?? null],
    queryFn: () =>
      token
        ? api<{ group: GroupView | null }>(`/api/public/records/${recordId}/group`, {
            headers: { 'x-applicant-token': token },
          })
        : api<{ group: GroupView | null }>(`/api/records/${recordId}/group`),
  });
  const g = group.data?.group;
  if (!g) return null;
  return (
    <Card
      size="small"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('groups.siblings')}</h2>}
      data-testid="group-siblings"
    >
      <Typography.Paragraph>
        {named(g)} — {t('groups.code')}: <strong>{g.code}</strong> — {t('track.appointment')}:{' '}
        {formatDate(g.appointment.dueDate)}
      </Typography.Paragraph>
      <ul style={{ margin: 0, paddingInlineStart: 20 }}>
        {g.members.map((m) => (
          <li key={m.key}>
            {m.recordId === recordId ? (
              <strong>{named(m)}</strong>
            ) : m.recordId && !token ? (
              <Link to={`/can-bo/ho-so/${m.recordId}`}>{named(m)}</Link>
            ) : m.recordId && token ? (
              <Link
                to={`/ho-so/${m.recordId}`}
                onClick={() => localStorage.setItem(`motcua.record.${m.recordId}`, token)}
              >
                {named(m)}
              </Link>
            ) : (
              named(m)
            )}{' '}
            ({m.recordCode ?? m.reference}) — {m.nationalStatusName ?? m.status} — {m.competentAgency.name}
          </li>
        ))}
      </ul>
    </Card>
  );
}
