import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Flex,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiError, api } from '../../api.ts';
import type { Reply } from '../../contracts.ts';
import { formatDate } from '../../format.ts';
import type { Me } from '../../session.tsx';
import { applyFieldErrors, ProblemAlert, toApiError } from './ProblemAlert.tsx';

type Holiday = Reply<'GET /api/holidays'>['items'][number];

interface HolidayForm {
  day: Dayjs;
  kind: Holiday['kind'];
  occasion: string;
  sourceNote: string;
}

const FIELDS = ['day', 'kind', 'occasion', 'sourceNote'] as const;

/** Deletes a holiday (204, no body). */
function remove(path: string): Promise<void> {
  return api<void>(path, { method: 'DELETE' });
}

/** The holiday table of one year: days off and make-up working days, added, edited and removed. */
export function HolidaysPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queries = useQueryClient();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [editing, setEditing] = useState<Holiday | 'new' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<HolidayForm>();
  const list = useQuery({
    queryKey: ['holidays', year],
    queryFn: () => api<{ items: Holiday[] }>(`/api/holidays?year=${year}`),
  });
  // The table is the whole city's: only an administrator of the city People's Committee (the agency at the
  // top, without a parent) edits it; the server refuses others (403).
  const agency = useQuery({
    queryKey: ['agency', me.agencyId],
    queryFn: () => api<{ parentId: string | null }>(`/api/agencies/${me.agencyId}`),
  });
  const editable = agency.data?.parentId === null;
  const labels = Object.fromEntries(FIELDS.map((f) => [f, t(`admin.holidays.${f}`)]));
  const years = Array.from({ length: 7 }, (_, i) => thisYear - 3 + i);

  const open = (h: Holiday | 'new') => {
    setError(null);
    form.resetFields();
    if (h !== 'new')
      form.setFieldsValue({
        day: dayjs(h.day),
        kind: h.kind,
        occasion: h.occasion,
        sourceNote: h.sourceNote,
      });
    setEditing(h);
  };

  const save = async () => {
    const v = await form.validateFields();
    const day = v.day.format('YYYY-MM-DD');
    const body = { day, kind: v.kind, occasion: v.occasion, sourceNote: v.sourceNote };
    setBusy(true);
    setError(null);
    try {
      if (editing === 'new') await api('/api/holidays', { method: 'POST', body: JSON.stringify(body) });
      else if (editing)
        await api(`/api/holidays/${editing.id}`, { method: 'PATCH', body: JSON.stringify(body) });
      message.success(
        t(editing === 'new' ? 'admin.holidays.added' : 'admin.holidays.updated', { day: formatDate(day) }),
      );
      setEditing(null);
      setYear(Number(day.slice(0, 4)));
      await queries.invalidateQueries({ queryKey: ['holidays'] });
    } catch (e) {
      const problem = toApiError(e);
      setError(problem);
      applyFieldErrors(form, problem, FIELDS);
    } finally {
      setBusy(false);
    }
  };

  const confirmDelete = (h: Holiday) =>
    modal.confirm({
      title: t('admin.holidays.deleteConfirm', { day: formatDate(h.day), occasion: h.occasion }),
      content: t('admin.holidays.deleteHint'),
      okText: t('admin.delete'),
      okButtonProps: { danger: true },
      cancelText: t('admin.cancel'),
      onOk: async () => {
        try {
          await remove(`/api/holidays/${h.id}`);
          message.success(t('admin.holidays.deleted', { day: formatDate(h.day) }));
          await queries.invalidateQueries({ queryKey: ['holidays'] });
        } catch (e) {
          message.error(toApiError(e).message);
        }
      },
    });

  return (
    <Flex vertical gap={12}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t('admin.holidays.heading')}
      </Typography.Title>
      <Typography.Paragraph style={{ margin: 0 }}>{t('admin.holidays.hint')}</Typography.Paragraph>
      <Flex gap={8} wrap align="center" justify="space-between">
        <Flex gap={8} align="center">
          <label htmlFor="holiday-year">{t('admin.holidays.year')}</label>
          <Select
            id="holiday-year"
            value={year}
            onChange={setYear}
            style={{ width: 120 }}
            options={years.map((y) => ({ value: y, label: String(y) }))}
          />
          {list.data && (
            <Typography.Text>
              {t('admin.holidays.count', { count: list.data.items.length, year })}
            </Typography.Text>
          )}
        </Flex>
        {editable && (
          <Button type="primary" onClick={() => open('new')}>
            {t('admin.holidays.add')}
          </Button>
        )}
      </Flex>
      {agency.data && !editable && <Alert type="info" showIcon message={t('admin.holidays.cityOnly')} />}
      {list.error && <Alert type="error" showIcon message={list.error.message} />}
      <Table<Holiday>
        rowKey="id"
        size="small"
        loading={list.isPending}
        pagination={false}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 760 }}
        locale={{ emptyText: t('admin.holidays.empty') }}
        columns={[
          { title: t('admin.holidays.day'), dataIndex: 'day', render: (d: string) => formatDate(d) },
          {
            title: t('admin.holidays.kind'),
            dataIndex: 'kind',
            render: (k: Holiday['kind']) => (
              <Tag color={k === 'day_off' ? '#b71c1c' : '#0d47a1'}>{t(`admin.holidays.kinds.${k}`)}</Tag>
            ),
          },
          { title: t('admin.holidays.occasion'), dataIndex: 'occasion' },
          {
            title: t('admin.holidays.status'),
            dataIndex: 'status',
            render: (s: string) => t(`admin.holidays.statuses.${s}`, { defaultValue: s }),
          },
          {
            title: t('admin.holidays.origin'),
            dataIndex: 'origin',
            render: (o: string) => t(`admin.holidays.origins.${o}`, { defaultValue: o }),
          },
          ...(editable
            ? [
                {
                  title: t('admin.actions'),
                  key: 'actions',
                  render: (_: unknown, h: Holiday) => (
                    <Flex gap={4}>
                      <Button
                        size="small"
                        onClick={() => open(h)}
                        aria-label={`${t('admin.edit')} ${formatDate(h.day)}`}
                      >
                        {t('admin.edit')}
                      </Button>
                      <Button
                        size="small"
                        danger
                        onClick={() => confirmDelete(h)}
                        aria-label={`${t('admin.delete')} ${formatDate(h.day)}`}
                      >
                        {t('admin.delete')}
                      </Button>
                    </Flex>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={editing !== null}
        title={
          editing === 'new'
            ? t('admin.holidays.addTitle')
            : t('admin.holidays.editTitle', { day: editing ? formatDate(editing.day) : '' })
        }
        okText={t('admin.save')}
        cancelText={t('admin.cancel')}
        confirmLoading={busy}
        onOk={save}
        onCancel={() => setEditing(null)}
        forceRender
      >
        {error && <ProblemAlert error={error} labels={labels} />}
        <Form form={form} layout="vertical" initialValues={{ kind: 'day_off' }}>
          <Form.Item name="day" label={labels.day} rules={[{ required: true, message: t('ws.required') }]}>
            <DatePicker format="DD/MM/YYYY" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="kind" label={labels.kind} rules={[{ required: true, message: t('ws.required') }]}>
            <Radio.Group
              options={(['day_off', 'working_day'] as const).map((k) => ({
                value: k,
                label: t(`admin.holidays.kinds.${k}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="occasion"
            label={labels.occasion}
            rules={[{ required: true, whitespace: true, message: t('ws.required') }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            name="sourceNote"
            label={labels.sourceNote}
            rules={[{ required: true, whitespace: true, message: t('ws.required') }]}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
