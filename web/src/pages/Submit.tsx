import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Flex, Form, Input, Result, Select, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../api.ts';
import { CommuneSelect } from '../components/CommuneSelect.tsx';
import { DocumentFilePicker, uploadApplicantDocument, withFile } from '../components/DocumentUploads.tsx';
import { formatDateTime } from '../format.ts';

interface Procedure {
  code: string;
  name: string;
  versionId: string;
  details: { documents?: { name: string }[] };
}

interface Submitted {
  record: { id: string; status: string; submittedAt: string; receivingAgencyId: string };
  applicantToken: string;
}

/** Personal ID: 12 digits (the server also checks it against the birth date and sex). */
const PERSONAL_ID = /^\d{12}$/;

/** The receipt: what was submitted, when, where; a QR code that brings the applicant back to the record. */
function Receipt({ submitted, agency, uploads }: { submitted: Submitted; agency: string; uploads: number }) {
  const { t } = useTranslation();
  const [qr, setQr] = useState('');
  const link = `${window.location.origin}/ho-so/${submitted.record.id}#t=${submitted.applicantToken}`;
  useEffect(() => {
    void QRCode.toDataURL(link, { margin: 1, width: 320 }).then(setQr);
  }, [link]);
  return (
    <Result
      status="success"
      title={t('submit.done')}
      subTitle={t('submit.doneHint')}
      extra={
        <Card style={{ textAlign: 'left' }}>
          <p>
            {t('submit.reference')}:{' '}
            <strong data-testid="reference">{submitted.record.id.slice(-12).toUpperCase()}</strong>
          </p>
          <p>
            {t('submit.submittedAt')}: {formatDateTime(submitted.record.submittedAt)}
          </p>
          <p>
            {t('submit.receivingUnit')}: {agency}
          </p>
          <p>{t('submit.uploaded', { count: uploads })}</p>
          {qr && <img src={qr} alt={t('submit.qr')} width={160} height={160} />}
          <Link to={`/ho-so/${submitted.record.id}`}>{t('submit.open')}</Link>
        </Card>
      }
    />
  );
}

/**
 * Online submission: the form follows the procedure (its required documents, one upload each), the
 * applicant's data is checked as the server checks it, and it ends on a receipt.
 */
export function SubmitPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const [form] = Form.useForm();
  const [files, setFiles] = useState<Record<string, File>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<{ submitted: Submitted; agency: string; uploads: number } | null>(null);
  const procedure = useQuery({
    queryKey: ['procedure', code],
    queryFn: () => api<Procedure>(`/api/procedures/${encodeURIComponent(code)}`),
  });
  const agencies = useQuery({
    queryKey: ['agencies', 'canReceive'],
    queryFn: () => api<{ items: { id: string; name: string }[] }>('/api/agencies?canReceive=true&limit=200'),
  });
  if (done) return <Receipt {...done} />;
  const documents = (procedure.data?.details.documents ?? []).map((d) => d.name);

  const submit = async (v: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      const applicant: Record<string, unknown> = { kind: 'citizen', fullName: v.fullName };
      for (const k of ['personalId', 'phone', 'email', 'address', 'sex']) if (v[k]) applicant[k] = v[k];
      if (v.birthDate)
        applicant.birthDate = (v.birthDate as { format(f: string): string }).format('YYYY-MM-DD');
      const routing: Record<string, string> = {};
      if (v.residenceUnitCode) routing.residenceUnitCode = v.residenceUnitCode as string;
      if (v.landParcelUnitCode) routing.landParcelUnitCode = v.landParcelUnitCode as string;
      const submitted = await api<Submitted>('/api/public/records', {
        method: 'POST',
        headers: { 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({
          procedureVersionId: procedure.data!.versionId,
          applicant,
          routing,
          receivingAgencyId: v.receivingAgencyId,
        }),
      });
      let uploads = 0;
      for (const [component, file] of Object.entries(files)) {
        const res = await uploadApplicantDocument(
          submitted.record.id,
          submitted.applicantToken,
          component,
          file,
        );
        if (res.ok) uploads++;
      }
      localStorage.setItem(`motcua.record.${submitted.record.id}`, submitted.applicantToken);
      const agency = agencies.data?.items.find((a) => a.id === v.receivingAgencyId)?.name ?? '';
      setDone({ submitted, agency, uploads });
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'unknown', String(e), []));
    } finally {
      setBusy(false);
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
      <Form form={form} layout="vertical" onFinish={submit} scrollToFirstError>
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
            <Input inputMode="numeric" maxLength={12} />
          </Form.Item>
          <Flex gap={12} wrap>
            <Form.Item name="birthDate" label={t('ws.applicant.birthDate')}>
              <DatePicker format="DD/MM/YYYY" />
            </Form.Item>
            <Form.Item name="sex" label={t('ws.applicant.sex')}>
              <Select
                style={{ width: 120 }}
                allowClear
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
          <Form.Item name="address" label={t('ws.applicant.address')}>
            <Input autoComplete="street-address" />
          </Form.Item>
          <Form.Item name="residenceUnitCode" label={t('ws.routing.residence')}>
            <CommuneSelect />
          </Form.Item>
          <Form.Item name="landParcelUnitCode" label={t('ws.routing.landParcel')}>
            <CommuneSelect />
          </Form.Item>
        </Card>
        <Card
          size="small"
          style={{ marginTop: 12 }}
          title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('submit.documents')}</h2>}
        >
          {documents.map((d, i) => (
            <Form.Item key={d} label={`${i + 1}. ${d}`}>
              <DocumentFilePicker
                component={d}
                onChange={(c, file) => setFiles((f) => withFile(f, c, file))}
              />
            </Form.Item>
          ))}
        </Card>
        <Card size="small" style={{ marginTop: 12 }}>
          <Form.Item
            name="receivingAgencyId"
            label={t('submit.receivingUnit')}
            rules={[{ required: true, message: t('ws.required') }]}
          >
            <Select
              showSearch
              optionFilterProp="label"
              loading={agencies.isPending}
              options={(agencies.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} disabled={!procedure.data}>
            {t('submit.submit')}
          </Button>
        </Card>
      </Form>
    </Flex>
  );
}
