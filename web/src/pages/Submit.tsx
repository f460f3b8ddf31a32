import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  ConfigProvider,
  DatePicker,
  Flex,
  Form,
  Input,
  Radio,
  Result,
  Select,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../api.ts';
import { useCitizen, useCitizenAuth } from '../citizen.ts';
import { useClearable } from '../components/clearable.tsx';
import {
  ChecklistUploads,
  type RejectedFile,
  uploadApplicantFiles,
  withFile,
} from '../components/DocumentUploads.tsx';
import { NotReceivable, RoutingFields, routingOf } from '../components/Receivability.tsx';
import type { Reply } from '../contracts.ts';
import { formatDateTime } from '../format.ts';
import { usePendingKey } from '../pendingKey.ts';
import { VneidButton } from './MyRecords.tsx';

/** A procedure as the form reads it (`details.documents`: only what the applicant hands in). */
type Procedure = Reply<'GET /api/procedures/:code'>;

/** What the receipt keeps of a submission (POST …/records or …/submit, or the record read back). */
interface Submitted {
  record: Pick<
    Reply<'POST /api/public/records'>['record'],
    'id' | 'status' | 'submittedAt' | 'receivingAgencyId'
  >;
  applicantToken: string;
}

/** What the receipt shows: the record, its code or reference for tracking, where, and the files sent. */
interface Done {
  submitted: Submitted;
  code: string | null;
  reference: string;
  agency: string;
  files: string[];
}

/** Personal ID: 12 digits (the server also checks it against the birth date and sex). */
const PERSONAL_ID = /^\d{12}$/;

/**
 * A draft kept on the server (POST /api/public/records?draft=true) and found again on this browser: the
 * record and its applicant token, the form as it was saved, and the documents already uploaded to it.
 */
interface SavedDraft {
  id: string;
  token: string;
  savedAt: string;
  values: Record<string, unknown>;
  uploaded: Record<string, string>;
}

const draftKey = (code: string) => `motcua.draft.${code}`;

function readDraft(code: string): SavedDraft | null {
  try {
    const raw = localStorage.getItem(draftKey(code));
    return raw ? (JSON.parse(raw) as SavedDraft) : null;
  } catch {
    return null;
  }
}

function writeDraft(code: string, draft: SavedDraft | null): void {
  if (draft) localStorage.setItem(draftKey(code), JSON.stringify(draft));
  else localStorage.removeItem(draftKey(code));
}

/** The form's values as JSON (the birth date as yyyy-MM-dd), and back. */
function storedValues(v: Record<string, unknown>): Record<string, unknown> {
  const birthDate = v.birthDate as { format(f: string): string } | undefined;
  return { ...v, birthDate: birthDate ? birthDate.format('YYYY-MM-DD') : undefined };
}
function formValues(v: Record<string, unknown>): Record<string, unknown> {
  return { ...v, birthDate: typeof v.birthDate === 'string' ? dayjs(v.birthDate) : undefined };
}

/** The command body of a new online record from the form's values. */
function opening(v: Record<string, unknown>, procedure: Procedure) {
  const procedureVersionId = procedure.versionId;
  const applicant: Record<string, unknown> = { kind: 'citizen', fullName: v.fullName };
  for (const k of ['personalId', 'phone', 'email', 'address', 'sex']) if (v[k]) applicant[k] = v[k];
  if (v.birthDate) applicant.birthDate = (v.birthDate as { format(f: string): string }).format('YYYY-MM-DD');
  // The channels the applicant chose for news of the record (issue 18); none chosen: the server's default.
  if (Array.isArray(v.notifyBy) && v.notifyBy.length > 0) applicant.notifyBy = v.notifyBy;
  const routing = routingOf(v, procedure.routingFacts);
  // Without a choice the result is returned at the receiving unit's counter (the server's default).
  const returnPoint = v.returnKind === 'online' ? { returnPoint: { kind: 'online' } } : {};
  return { procedureVersionId, applicant, routing, receivingAgencyId: v.receivingAgencyId, ...returnPoint };
}

/**
 * The receipt: what was submitted, when, where, with which files; the record code or, until reception
 * gives one, the submission's reference, which tracks it at once; a QR code that brings the applicant
 * back to the record.
 */
function Receipt({ submitted, code, reference, agency, files }: Done) {
  const { t } = useTranslation();
  const [qr, setQr] = useState('');
  const link = `${window.location.origin}/ho-so/${submitted.record.id}#t=${submitted.applicantToken}`;
  useEffect(() => {
    void QRCode.toDataURL(link, { margin: 1, width: 320 }).then(setQr);
  }, [link]);
  const tracking = code ?? reference;
  return (
    <Result
      status="success"
      title={t('submit.done')}
      subTitle={t('submit.doneHint')}
      extra={
        <Card style={{ textAlign: 'left' }}>
          <p>
            {t(code ? 'track.code' : 'submit.reference')}: <strong data-testid="reference">{tracking}</strong>
          </p>
          <p>
            <Link to={`/tra-cuu?code=${encodeURIComponent(tracking)}`}>{t('submit.trackNow')}</Link>
          </p>
          <p>
            {t('submit.submittedAt')}: {formatDateTime(submitted.record.submittedAt)}
          </p>
          <p>
            {t('submit.receivingUnit')}: {agency}
          </p>
          <p>{t('submit.uploaded', { count: files.length })}</p>
          {files.length > 0 && (
            <ul data-testid="uploaded-files">
              {files.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          )}
          {qr && <img src={qr} alt={t('submit.qr')} width={160} height={160} />}
          <Link to={`/ho-so/${submitted.record.id}`}>{t('submit.open')}</Link>
        </Card>
      }
    />
  );
}

/** The files a draft's uploads refused, shown by file, document and reason. */
function Rejections({ rejected }: { rejected: RejectedFile[] }) {
  const { t } = useTranslation();
  if (!rejected.length) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="rejected-files"
      message={t('submit.rejected', { count: rejected.length })}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {rejected.map((r) => (
            <li key={r.component}>
              <strong>{r.fileName}</strong> (
              {r.component.length > 90 ? `${r.component.slice(0, 90)}…` : r.component}
              ): {r.reason}
            </li>
          ))}
        </ul>
      }
    />
  );
}

/**
 * Online submission: the form follows the procedure (its required documents, one upload each), the
 * applicant's data is checked as the server checks it, and it ends on a receipt. The applicant may save
 * a draft on the server and come back to it on this browser: the details are kept as saved (discard the
 * draft to change them), documents can be added, and "Submit" submits the draft.
 */
export function SubmitPage() {
  const { t } = useTranslation();
  const clearable = useClearable();
  const { code = '' } = useParams();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [files, setFiles] = useState<Record<string, File>>({});
  const [rejected, setRejected] = useState<RejectedFile[]>([]);
  const [busy, setBusy] = useState<'submit' | 'draft' | 'discard' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const [draft, setDraft] = useState<SavedDraft | null>(() => readDraft(code));
  // Signed in with VNeID: the applicant is the verified citizen (prefilled), and their repository's items
  // may be reused (itemId → the document it stands for) instead of uploaded again.
  const citizen = useCitizen();
  const citizenAuth = useCitizenAuth();
  const [reuse, setReuse] = useState<Record<string, string>>({});
  const repository = useQuery({
    queryKey: ['citizen-repository'],
    enabled: Boolean(citizen.data),
    queryFn: () => api<Reply<'GET /api/citizen/repository'>>('/api/citizen/repository'),
  });
  // One key per request of this form until it succeeds (a retry after a network error reuses it).
  const createKey = usePendingKey();
  const submitKey = usePendingKey();
  const discardKey = usePendingKey();
  const draftState = useQuery({
    queryKey: ['mine', draft?.id, draft?.token],
    enabled: Boolean(draft),
    retry: false,
    staleTime: 0,
    queryFn: () =>
      api<Reply<'GET /api/public/records/:id/mine'>>(`/api/public/records/${draft!.id}/mine`, {
        headers: { 'x-applicant-token': draft!.token },
      }),
  });
  useEffect(() => {
    if (draft) form.setFieldsValue(formValues(draft.values));
  }, [draft, form]);
  useEffect(() => {
    const c = citizen.data;
    if (!c || draft) return;
    form.setFieldsValue({
      fullName: c.fullName,
      personalId: c.personalId,
      ...(c.birthDate ? { birthDate: dayjs(c.birthDate) } : {}),
      ...(c.sex ? { sex: c.sex } : {}),
      ...(c.address ? { address: c.address } : {}),
    });
  }, [citizen.data, draft, form]);
  useEffect(() => {
    // Submitted or withdrawn elsewhere, or gone: this browser forgets it.
    const gone = draftState.error instanceof ApiError && draftState.error.status === 404;
    if (gone || (draftState.data && draftState.data.status !== 'draft')) {
      writeDraft(code, null);
      setDraft(null);
    }
  }, [draftState.data, draftState.error, code]);
  const procedure = useQuery({
    queryKey: ['procedure', code],
    queryFn: () => api<Procedure>(`/api/procedures/${encodeURIComponent(code)}`),
  });
  const agencies = useQuery({
    queryKey: ['agencies', 'canReceive'],
    queryFn: () => api<Reply<'GET /api/agencies'>>('/api/agencies?canReceive=true&limit=200'),
  });
  if (done) return <Receipt {...done} />;
  // A procedure no counter could receive online is not offered online: say why and where to go instead.
  if (procedure.data && !procedure.data.receivable.online) {
    return (
      <Flex vertical gap={12}>
        <Link to={`/thu-tuc/${encodeURIComponent(code)}`}>← {procedure.data.name}</Link>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t('submit.heading')}
        </Typography.Title>
        <Typography.Paragraph>{procedure.data.name}</Typography.Paragraph>
        <NotReceivable procedure={procedure.data} channel="online" />
      </Flex>
    );
  }
  const documents = procedure.data?.details.documents ?? [];
  const documentNames = documents.map((d) => d.name);

  const fail = (e: unknown) =>
    setError(e instanceof ApiError ? e : new ApiError(0, 'unknown', String(e), []));

  /** Sends a request with the form's pending key; a key the server says was used for another body is dropped. */
  const withKey = async <T,>(
    pending: ReturnType<typeof usePendingKey>,
    send: (key: string) => Promise<T>,
  ) => {
    try {
      const out = await send(pending.key());
      pending.done();
      return out;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'idempotency.key_reused') pending.done();
      throw e;
    }
  };

  /** The draft of this form on the server: the one found on this browser, or a new one kept on it. */
  const ensureDraft = async (values: Record<string, unknown>): Promise<SavedDraft> => {
    if (draft) return draft;
    const created = await withKey(createKey, (key) =>
      api<Reply<'POST /api/public/records'>>('/api/public/records?draft=true', {
        method: 'POST',
        headers: { 'idempotency-key': key },
        body: JSON.stringify(opening(values, procedure.data!)),
      }),
    );
    const saved: SavedDraft = {
      id: created.record.id,
      token: created.applicantToken,
      savedAt: new Date().toISOString(),
      values: storedValues(values),
      uploaded: {},
    };
    localStorage.setItem(`motcua.record.${saved.id}`, saved.token);
    writeDraft(code, saved);
    setDraft(saved);
    return saved;
  };

  /**
   * Uploads the chosen files to the draft. Uploaded ones leave the pickers and are noted on the draft;
   * refused ones stay chosen, with their reasons shown. True when none was refused.
   */
  const sendFiles = async (saved: SavedDraft): Promise<{ draft: SavedDraft; complete: boolean }> => {
    const sent = await uploadApplicantFiles(saved.id, saved.token, files);
    const next = { ...saved, uploaded: { ...saved.uploaded, ...sent.uploaded } };
    writeDraft(code, next);
    setDraft(next);
    setFiles((f) => Object.fromEntries(Object.entries(f).filter(([k]) => !(k in sent.uploaded))));
    setRejected(sent.rejected);
    return { draft: next, complete: sent.rejected.length === 0 };
  };

  /** Adds the chosen repository items to the draft (the server checks the VNeID session is the applicant's). */
  const reuseChosen = async (saved: SavedDraft): Promise<SavedDraft> => {
    let next = saved;
    for (const [itemId, component] of Object.entries(reuse)) {
      if (next.uploaded[component]) continue;
      const item = repository.data?.items.find((i) => i.id === itemId);
      await api(`/api/public/records/${saved.id}/documents/reuse`, {
        method: 'POST',
        headers: { 'x-applicant-token': saved.token },
        body: JSON.stringify({ itemId, component }),
      });
      next = { ...next, uploaded: { ...next.uploaded, [component]: item?.fileName ?? component } };
      writeDraft(code, next);
      setDraft(next);
    }
    setReuse({});
    return next;
  };

  const agencyName = (id: unknown) => agencies.data?.items.find((a) => a.id === id)?.name ?? '';

  // The record is kept as a draft first, so that nothing is lost: it is submitted only when every chosen
  // file was taken.
  const submit = async (v: Record<string, unknown>) => {
    setBusy('submit');
    setError(null);
    try {
      const sent = await sendFiles(await ensureDraft(v));
      if (!sent.complete) return;
      const saved = await reuseChosen(sent.draft);
      const headers = { 'x-applicant-token': saved.token };
      type Mine = Reply<'GET /api/public/records/:id/mine'>;
      let mine = await api<Mine>(`/api/public/records/${saved.id}/mine`, { headers });
      let record: Submitted['record'] | null = null;
      // Submitted already when an earlier answer was lost on the way back.
      if (mine.status === 'draft') {
        record = (
          await withKey(submitKey, (key) =>
            api<Reply<'POST /api/public/records/:id/submit'>>(`/api/public/records/${saved.id}/submit`, {
              method: 'POST',
              headers: { ...headers, 'idempotency-key': key },
              body: JSON.stringify({ version: mine.version }),
            }),
          )
        ).record;
        mine = await api<Mine>(`/api/public/records/${saved.id}/mine`, { headers });
      }
      writeDraft(code, null);
      setDone({
        submitted: {
          record: record ?? {
            id: saved.id,
            status: mine.status,
            submittedAt: mine.submittedAt,
            receivingAgencyId: String(saved.values.receivingAgencyId),
          },
          applicantToken: saved.token,
        },
        code: mine.code,
        // An online submission always has its reference (null is a counter record's, never shown here).
        reference: mine.reference ?? '',
        agency: agencyName(saved.values.receivingAgencyId),
        files: Object.values(saved.uploaded),
      });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(null);
    }
  };

  const saveDraft = async () => {
    setError(null);
    let values: Record<string, unknown>;
    try {
      values = draft ? draft.values : await form.validateFields();
    } catch {
      return; // the form shows what is missing
    }
    setBusy('draft');
    try {
      const sent = await sendFiles(await ensureDraft(values));
      const next = { ...sent.draft, savedAt: new Date().toISOString() };
      writeDraft(code, next);
      setDraft(next);
      if (sent.complete) message.success(t('draft.saved'));
    } catch (e) {
      fail(e);
    } finally {
      setBusy(null);
    }
  };

  const discard = async () => {
    if (!draft) return;
    setBusy('discard');
    setError(null);
    try {
      const headers = { 'x-applicant-token': draft.token };
      const mine = await api<Reply<'GET /api/public/records/:id/mine'>>(
        `/api/public/records/${draft.id}/mine`,
        {
          headers,
        },
      );
      if (mine.status === 'draft') {
        await withKey(discardKey, (key) =>
          api(`/api/public/records/${draft.id}/withdraw`, {
            method: 'POST',
            headers: { ...headers, 'idempotency-key': key },
            body: JSON.stringify({ version: mine.version, reason: t('draft.discard') }),
          }),
        );
      }
      writeDraft(code, null);
      setDraft(null);
      setRejected([]);
      message.success(t('draft.discarded'));
    } catch (e) {
      fail(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Flex vertical gap={12}>
      <Link to={`/thu-tuc/${encodeURIComponent(code)}`}>← {procedure.data?.name ?? code}</Link>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t('submit.heading')}
      </Typography.Title>
      {procedure.data && <Typography.Paragraph>{procedure.data.name}</Typography.Paragraph>}
      {error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          message={error.message}
          description={
            error.fields.length ? error.fields.map((f) => `${f.path}: ${f.message}`).join('; ') : undefined
          }
        />
      )}
      <Rejections rejected={rejected} />
      {citizen.data ? (
        <Alert type="success" showIcon message={t('citizen.prefilled')} data-testid="prefilled" />
      ) : (
        citizenAuth.data?.enabled && (
          <Alert
            type="info"
            showIcon
            message={t('citizen.prefillHint')}
            action={<VneidButton returnTo={`/nop-ho-so/${encodeURIComponent(code)}`} />}
          />
        )
      )}
      {draft && (
        <Alert
          type="info"
          showIcon
          message={t('draft.found', { at: formatDateTime(draft.savedAt) })}
          description={t('draft.foundHint')}
          action={
            <Button size="small" danger loading={busy === 'discard'} onClick={discard}>
              {t('draft.discard')}
            </Button>
          }
        />
      )}
      <Form form={form} layout="vertical" onFinish={submit} scrollToFirstError>
        {/* A saved draft keeps the details it was saved with (the server holds them). */}
        <ConfigProvider componentDisabled={Boolean(draft)}>
          <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('submit.applicant')}</h2>}>
            <Form.Item
              name="fullName"
              label={t('ws.applicant.fullName')}
              rules={[{ required: true, whitespace: true, message: t('ws.required') }]}
            >
              <Input autoComplete="name" />
            </Form.Item>
            <Form.Item
              name="personalId"
              label={t('ws.applicant.personalId')}
              rules={[
                { required: true, message: t('ws.required') },
                { pattern: PERSONAL_ID, message: t('ws.applicant.personalIdInvalid') },
              ]}
            >
              <Input inputMode="numeric" maxLength={12} readOnly={Boolean(citizen.data)} />
            </Form.Item>
            <Flex gap={12} wrap>
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
            </Flex>
            <Form.Item
              name="phone"
              label={t('ws.applicant.phone')}
              rules={[
                { required: true, message: t('ws.required') },
                { pattern: /^[+\d\s.-]{9,15}$/, message: t('ws.applicant.phoneInvalid') },
              ]}
            >
              <Input inputMode="tel" autoComplete="tel" />
            </Form.Item>
            <Form.Item
              name="email"
              label="Email"
              rules={[{ type: 'email', message: t('submit.emailInvalid') }]}
            >
              <Input inputMode="email" autoComplete="email" />
            </Form.Item>
            <Form.Item
              name="notifyBy"
              label={t('submit.notifyBy')}
              extra={t('submit.notifyByHelp')}
              dependencies={['email']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, value?: string[]) =>
                    value?.includes('email') && !getFieldValue('email')
                      ? Promise.reject(new Error(t('submit.notifyByEmailMissing')))
                      : Promise.resolve(),
                }),
              ]}
            >
              <Checkbox.Group
                options={[
                  { value: 'email', label: t('ws.record.notifyChannel.email') },
                  { value: 'sms', label: t('ws.record.notifyChannel.sms') },
                  { value: 'zalo', label: t('ws.record.notifyChannel.zalo') },
                ]}
              />
            </Form.Item>
            <Form.Item name="address" label={t('ws.applicant.address')}>
              <Input autoComplete="street-address" />
            </Form.Item>
            {procedure.data && <RoutingFields facts={procedure.data.routingFacts} />}
          </Card>
        </ConfigProvider>
        <Card
          size="small"
          style={{ marginTop: 12 }}
          title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('submit.documents')}</h2>}
        >
          <ChecklistUploads
            documents={documents}
            files={files}
            rejected={rejected}
            uploaded={draft?.uploaded}
            onChange={(c, file) => {
              setFiles((f) => withFile(f, c, file));
              setRejected((r) => r.filter((x) => x.component !== c));
            }}
          />
        </Card>
        {citizen.data && (repository.data?.items ?? []).some((i) => documentNames.includes(i.component)) && (
          <Card
            size="small"
            style={{ marginTop: 12 }}
            data-testid="reuse"
            title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('citizen.reuseHeading')}</h2>}
          >
            <Flex vertical gap={8}>
              {(repository.data?.items ?? [])
                .filter((i) => documentNames.includes(i.component) && !draft?.uploaded[i.component])
                .map((i) => (
                  <Checkbox
                    key={i.id}
                    checked={reuse[i.id] !== undefined}
                    onChange={(e) =>
                      setReuse((r) => {
                        const next = { ...r };
                        if (e.target.checked) next[i.id] = i.component;
                        else delete next[i.id];
                        return next;
                      })
                    }
                  >
                    {t('citizen.reuse')}: <strong>{i.fileName}</strong> — {i.component}
                  </Checkbox>
                ))}
            </Flex>
          </Card>
        )}
        <Card size="small" style={{ marginTop: 12 }}>
          <Form.Item
            name="receivingAgencyId"
            label={t('submit.receivingUnit')}
            rules={[{ required: true, message: t('ws.required') }]}
          >
            <Select
              showSearch
              optionFilterProp="label"
              disabled={Boolean(draft)}
              loading={agencies.isPending}
              options={(agencies.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
            />
          </Form.Item>
          <Form.Item name="returnKind" label={t('submit.returnKind')} initialValue="counter">
            <Radio.Group
              disabled={Boolean(draft)}
              options={[
                { value: 'counter', label: t('submit.returnCounter') },
                { value: 'online', label: t('submit.returnOnline') },
              ]}
            />
          </Form.Item>
          <Flex gap={8} wrap>
            <Button type="primary" htmlType="submit" loading={busy === 'submit'} disabled={!procedure.data}>
              {t('submit.submit')}
            </Button>
            <Button onClick={saveDraft} loading={busy === 'draft'} disabled={!procedure.data}>
              {t('draft.save')}
            </Button>
          </Flex>
        </Card>
      </Form>
    </Flex>
  );
}
