import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Button,
  Checkbox,
  DatePicker,
  Flex,
  Form,
  type FormItemProps,
  Input,
  InputNumber,
  Select,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { useClearable } from '../components/clearable.tsx';

/**
 * The action forms come from the server (GET /api/records/:id/actions): for each action the caller may
 * take, the JSON Schema of its command and how to show each field. This file renders any of them; a new
 * command needs no change here.
 */

type Rule = NonNullable<FormItemProps['rules']>[number];
type NamePath = string | (string | number)[];

/** A text in Vietnamese and English. */
export interface Label {
  vi: string;
  en: string;
}

/** A field of a command body as the server describes it. */
export interface ActionField {
  name: string;
  widget:
    | 'text'
    | 'long_text'
    | 'lines'
    | 'number'
    | 'enum'
    | 'boolean'
    | 'date'
    | 'official'
    | 'documents'
    | 'checklist'
    | 'earlier_step'
    | 'items';
  label: Label;
  required: boolean;
  help?: Label;
  options?: { value: string | number; label: Label }[];
  initial?: unknown;
  items?: ActionField[];
}

/** The step an action applies to. */
export interface ActionStep {
  stepIndex: number;
  key: string;
  name_vi: string;
  name_en: string;
  agencyId: string;
  agencyName: string | null;
  role: string;
}

interface PropertySchema {
  type?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  items?: { properties?: Record<string, PropertySchema> };
}

/** One action the caller may take now, with its form. */
export interface ActionFormView {
  action: string;
  step: ActionStep | null;
  schema: { properties?: Record<string, PropertySchema>; required?: string[] };
  fields: ActionField[];
  /** The leader this action is taken for, under a delegation in force; null for the official's own. */
  onBehalfOf: { userId: string; displayName: string } | null;
}

/** The actions of a record (GET /api/records/:id/actions). */
export interface ActionForms {
  version: number;
  items: ActionFormView[];
}

/** The label in the interface's language. */
export function useLabel(): (l: Label) => string {
  const { i18n } = useTranslation();
  return (l) => (i18n.language === 'en' ? l.en : l.vi);
}

const lines = (s: unknown) =>
  (typeof s === 'string' ? s : '')
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);

function answerOf(f: ActionField, v: unknown): unknown {
  switch (f.widget) {
    case 'text':
    case 'long_text':
      return typeof v === 'string' && v.trim() ? v.trim() : undefined;
    case 'lines':
      return lines(v);
    case 'documents':
      return Array.isArray(v) ? v : [];
    case 'checklist':
      return (Array.isArray(v) ? (v as string[]) : []).map((document) => ({ document, provided: true }));
    case 'date':
      return (v as { format?(f: string): string } | undefined)?.format?.('YYYY-MM-DD');
    case 'official':
      return typeof v === 'string' && v ? v : undefined;
    case 'items':
      return (Array.isArray(v) ? v : []).map((row) =>
        bodyOf(f.items ?? [], (row ?? {}) as Record<string, unknown>),
      );
    default:
      return v === null || v === '' ? undefined : v;
  }
}

function bodyOf(fields: ActionField[], values: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of fields) {
    const v = answerOf(f, values[f.name]);
    if (v !== undefined) body[f.name] = v;
  }
  return body;
}

/**
 * Turns the form's values into the command body for `POST /api/records/:id/<action>`: texts trimmed (empty
 * ones left out), a list of reasons one per line, ticked checklist documents as provided, dates as
 * YYYY-MM-DD, and the step the action applies to when the command takes one. The server validates again.
 */
export function actionBody(
  form: ActionFormView,
  values: Record<string, unknown>,
  version: number,
): Record<string, unknown> {
  const body: Record<string, unknown> = { version, ...bodyOf(form.fields, values) };
  if (form.step && form.schema.properties?.stepIndex) body.stepIndex = form.step.stepIndex;
  if (form.onBehalfOf) body.onBehalfOf = form.onBehalfOf.userId;
  return body;
}

/**
 * Where a problem's field path (`body.reasons.0`, `body.documents.0.name`) shows in the form, or undefined
 * when the form has no such field.
 */
export function fieldPath(form: ActionFormView, path: string): NamePath | undefined {
  const parts = path.replace(/^body\./, '').split('.');
  const field = form.fields.find((f) => f.name === parts[0]);
  if (!field) return undefined;
  if (field.widget === 'items' && parts.length >= 3 && /^\d+$/.test(parts[1]!)) {
    return [field.name, Number(parts[1]), parts[2]!];
  }
  return field.name;
}

/** The form's starting values: the server's initial values, one row of each list of objects. */
export function initialValues(
  form: ActionFormView,
  defaults: {
    checked?: string[];
    result?: { name: string; number: string | null };
    /** The fee lines computed at reception with something due: a payment request starts from them. */
    feeItems?: { description: string; amountVnd: number }[];
  },
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of form.fields) {
    if (f.initial !== undefined) out[f.name] = f.initial;
    if (f.widget === 'checklist') out[f.name] = defaults.checked ?? [];
    if (f.widget === 'items') {
      // The result issued is the one drafted and signed on the page, unless the official names another.
      const r = form.action === 'issue_result' ? defaults.result : undefined;
      out[f.name] = [r ? { name: r.name, ...(r.number ? { number: r.number } : {}) } : {}];
      if (form.action === 'request_payment' && defaults.feeItems?.length) out[f.name] = defaults.feeItems;
    }
  }
  return out;
}

/** Who may be named for the step an action leads to (GET /api/records/:id/assignees). */
interface Assignees {
  step: { index: number; name_vi: string; name_en: string; role: string; agencyName: string | null } | null;
  items: { id: string; username: string; displayName: string; roles: string[] }[];
}

/** An official picker: the officials of the agency that owns the step the action leads to, with its role. */
function OfficialPicker({
  field,
  form: action,
  recordId,
  rules,
  name,
}: {
  field: ActionField;
  form: ActionFormView;
  recordId: string;
  rules: Rule[];
  name: NamePath;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const clearable = useClearable();
  const form = Form.useFormInstance();
  const toStep = Form.useWatch('toStep', form) as number | undefined;
  const needsTarget = action.fields.some((f) => f.widget === 'earlier_step');
  const people = useQuery({
    queryKey: ['assignees', recordId, action.action, action.step?.stepIndex, toStep],
    enabled: !needsTarget || toStep !== undefined,
    queryFn: () => {
      const s = new URLSearchParams({ action: action.action });
      if (action.step) s.set('stepIndex', String(action.step.stepIndex));
      if (toStep !== undefined) s.set('toStep', String(toStep));
      return api<Assignees>(`/api/records/${recordId}/assignees?${s}`);
    },
  });
  const target = people.data?.step;
  return (
    <Form.Item
      name={name}
      label={label(field.label)}
      rules={rules}
      extra={
        target
          ? t('ws.field.assigneeStep', {
              step: label({ vi: target.name_vi, en: target.name_en }),
              agency: target.agencyName ?? '',
              role: t(`admin.users.role.${target.role}`, { defaultValue: target.role }),
            })
          : undefined
      }
    >
      <Select
        allowClear={clearable}
        showSearch
        optionFilterProp="label"
        loading={people.isFetching}
        notFoundContent={people.isSuccess ? t('ws.field.noAssignee') : undefined}
        options={(people.data?.items ?? []).map((p) => ({
          value: p.id,
          label: `${p.displayName} — ${p.roles
            .map((r) => t(`admin.users.role.${r}`, { defaultValue: r }))
            .join(', ')}`,
        }))}
      />
    </Form.Item>
  );
}

/** One field, by its widget. */
function Field({
  field,
  form,
  recordId,
  documents,
  schema,
  name,
}: {
  field: ActionField;
  form: ActionFormView;
  recordId: string;
  documents: string[];
  schema: PropertySchema | undefined;
  name: NamePath;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const rules: Rule[] = field.required ? [{ required: true, message: t('ws.required') }] : [];
  if (schema?.maxLength && (field.widget === 'text' || field.widget === 'long_text')) {
    rules.push({ max: schema.maxLength, message: t('ws.tooLong', { max: schema.maxLength }) });
  }
  const common = {
    name,
    label: label(field.label),
    rules,
    extra: field.help ? label(field.help) : undefined,
  };
  const docOptions = documents.map((d) => ({ value: d, label: d }));
  switch (field.widget) {
    case 'official':
      return <OfficialPicker field={field} form={form} recordId={recordId} rules={rules} name={name} />;
    case 'text':
      return (
        <Form.Item {...common}>
          <Input />
        </Form.Item>
      );
    case 'long_text':
      return (
        <Form.Item {...common}>
          <Input.TextArea rows={2} />
        </Form.Item>
      );
    case 'lines':
      return (
        <Form.Item {...common}>
          <Input.TextArea rows={3} />
        </Form.Item>
      );
    case 'number':
      return (
        <Form.Item {...common}>
          <InputNumber
            min={schema?.minimum}
            max={schema?.maximum !== undefined && schema.maximum < 1e12 ? schema.maximum : undefined}
            step={field.name === 'amountVnd' ? 1000 : 1}
            style={{ width: 200 }}
          />
        </Form.Item>
      );
    case 'boolean':
      return (
        <Form.Item {...common} valuePropName="checked">
          <Checkbox />
        </Form.Item>
      );
    case 'date':
      return (
        <Form.Item {...common}>
          <DatePicker format="DD/MM/YYYY" />
        </Form.Item>
      );
    case 'enum':
    case 'earlier_step':
      return (
        <Form.Item {...common}>
          <Select options={(field.options ?? []).map((o) => ({ value: o.value, label: label(o.label) }))} />
        </Form.Item>
      );
    case 'documents':
      return (
        <Form.Item {...common}>
          <Select mode="multiple" options={docOptions} />
        </Form.Item>
      );
    case 'checklist':
      return (
        <Form.Item {...common}>
          <Checkbox.Group options={docOptions} style={{ display: 'grid', gap: 4 }} />
        </Form.Item>
      );
    case 'items':
      return (
        <Form.List name={name as string}>
          {(rows, { add, remove }) => (
            <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
              {rows.length > 1 && (
                <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
                  {label(field.label)}
                </Typography.Text>
              )}
              {rows.map((row) => (
                <Flex key={row.key} gap={8} align="start">
                  <div style={{ flex: 1 }}>
                    {(field.items ?? []).map((sub) => (
                      <Field
                        key={sub.name}
                        field={sub}
                        form={form}
                        recordId={recordId}
                        documents={documents}
                        schema={schema?.items?.properties?.[sub.name]}
                        name={[row.name, sub.name]}
                      />
                    ))}
                  </div>
                  {rows.length > 1 && (
                    <Button
                      type="text"
                      aria-label={t('ws.removeRow')}
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(row.name)}
                    />
                  )}
                </Flex>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({})}
                style={{ marginBottom: 16 }}
              >
                {t('ws.addRow')}
              </Button>
            </fieldset>
          )}
        </Form.List>
      );
    default:
      return null;
  }
}

/** The form items of an action, rendered from the server's description. */
export function ActionFields({
  form,
  documents,
  recordId,
}: {
  form: ActionFormView;
  /** The documents of the record's procedure (for document and checklist fields). */
  documents: string[];
  recordId: string;
}) {
  return (
    <>
      {form.fields.map((f) => (
        <Field
          key={f.name}
          field={f}
          form={form}
          recordId={recordId}
          documents={documents}
          schema={form.schema.properties?.[f.name]}
          name={f.name}
        />
      ))}
    </>
  );
}
