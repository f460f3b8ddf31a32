import { z } from 'zod';
import { IsoDate } from '../calendar/index.ts';
import type { Actor } from './actor.ts';
import { availableActions } from './available-actions.ts';
import { actionSteps, STEP_ACTIONS, sendBackTargets } from './check-action.ts';
import { type ActionName, RecordCommand } from './commands.ts';
import type { GuardContext } from './decide-context.ts';
import { activeStepsOf, finishedSteps, stepsStartedAfter } from './record-graph.ts';
import type { RecordState, RecordStep } from './record-state.ts';

/**
 * How a form shows one field of a command body. Most follow from the JSON Schema (`text`, `long_text`,
 * `number`, `enum`, `boolean`, `lines` for a list of strings, `items` for a list of objects); the rest
 * name what the schema cannot say: `official` (an official's id, picked from GET /api/records/{id}/assignees),
 * `documents` (names from the record's checklist), `checklist` (the reception checklist: the ticked
 * documents are provided), `earlier_step` (a step index, from `options`), `date` (YYYY-MM-DD).
 */
export const FieldWidget = z.enum([
  'text',
  'long_text',
  'lines',
  'number',
  'enum',
  'boolean',
  'date',
  'official',
  'documents',
  'checklist',
  'earlier_step',
  'items',
]);
export type FieldWidget = z.infer<typeof FieldWidget>;

/** A text in Vietnamese and English. */
export const Label = z.object({ vi: z.string(), en: z.string() });
export type Label = z.infer<typeof Label>;

/** One choice of an `enum` or `earlier_step` field. */
export const FieldOption = z.object({ value: z.union([z.string(), z.number()]), label: Label });
export type FieldOption = z.infer<typeof FieldOption>;

/** A field of a command body as a form shows it. */
export interface ActionField {
  /** The property of the body. */
  name: string;
  widget: FieldWidget;
  label: Label;
  /** Whether the form must have an answer (a list: at least one entry; a list is always sent, maybe empty). */
  required: boolean;
  help?: Label;
  /** The choices of an `enum` or `earlier_step` field. */
  options?: FieldOption[];
  /** The value the form starts with. */
  initial?: unknown;
  /** The fields of each object of an `items` field. */
  items?: ActionField[];
}
export const ActionField: z.ZodType<ActionField> = z.lazy(() =>
  z.object({
    name: z.string(),
    widget: FieldWidget,
    label: Label,
    required: z.boolean(),
    help: Label.optional(),
    options: z.array(FieldOption).optional(),
    initial: z.unknown().optional().describe('the starting value, of the type the field’s schema gives'),
    items: z.array(ActionField).optional(),
  }),
);

/** The step an action applies to (several steps may be active on parallel branches). */
export const ActionStep = z.object({
  stepIndex: z.number().int().nonnegative(),
  key: z.string(),
  name_vi: z.string(),
  name_en: z.string(),
  agencyId: z.string(),
  role: z.string(),
});
export type ActionStep = z.infer<typeof ActionStep>;

/** One action the actor may take now, with the form of its command. */
export const ActionForm = z.object({
  action: z.string(),
  /** The step it applies to, for an action on one of several active steps; null otherwise. */
  step: ActionStep.nullable(),
  /** JSON Schema (draft 2020-12) of the command body, without `type` (the action is the path). */
  schema: z.record(z.string(), z.unknown()),
  fields: z.array(ActionField),
});
export type ActionForm = z.infer<typeof ActionForm>;

type JsonSchema = {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  default?: unknown;
  description?: string;
  maxLength?: number;
  minItems?: number;
};

interface Hint {
  label: Label;
  widget?: FieldWidget;
  help?: Label;
  initial?: unknown;
  hidden?: boolean;
}

const l = (vi: string, en: string): Label => ({ vi, en });

/**
 * What the schemas cannot say, by property name (the same name means the same thing in every command);
 * `<action>.<name>` overrides for one command. A new command with new names still gets a form: its widgets
 * follow from its schema and its labels from the schema's descriptions.
 */
const HINTS: Readonly<Record<string, Hint>> = {
  stepIndex: { label: l('Bước', 'Step'), hidden: true },
  opening: { label: l('Hồ sơ mở tại quầy', 'Opening'), hidden: true },
  returnPoint: { label: l('Nơi trả kết quả', 'Return point'), hidden: true },
  assigneeId: { label: l('Người xử lý', 'Assignee'), widget: 'official' },
  note: { label: l('Ghi chú', 'Note'), widget: 'long_text' },
  reason: { label: l('Lý do', 'Reason'), widget: 'long_text' },
  reasons: {
    label: l('Lý do', 'Reasons'),
    widget: 'lines',
    help: l('Mỗi lý do một dòng', 'One reason per line'),
  },
  missingDocuments: { label: l('Giấy tờ cần bổ sung', 'Documents to supply'), widget: 'documents' },
  documents: { label: l('Giấy tờ đã bổ sung', 'Documents supplied'), widget: 'documents' },
  checklist: { label: l('Giấy tờ đã nhận', 'Documents received'), widget: 'checklist' },
  sets: { label: l('Số bộ hồ sơ', 'Number of sets') },
  toStep: { label: l('Trả về bước', 'Back to step'), widget: 'earlier_step' },
  items: { label: l('Các khoản phải nộp', 'Amounts due') },
  description: { label: l('Khoản phải nộp', 'Amount due for') },
  amountVnd: { label: l('Số tiền (đồng)', 'Amount (VND)') },
  reference: { label: l('Số chứng từ', 'Receipt number') },
  paidVia: { label: l('Hình thức nộp', 'Paid by') },
  'issue_result.documents': { label: l('Kết quả', 'Results') },
  name: { label: l('Tên kết quả', 'Result name') },
  number: { label: l('Số, ký hiệu', 'Number') },
  method: { label: l('Hình thức trả', 'Return method'), initial: 'counter' },
  recipientName: { label: l('Người nhận', 'Recipient') },
  trackingNumber: { label: l('Mã bưu gửi', 'Tracking number') },
  newDueDate: { label: l('Ngày hẹn mới', 'New due date'), widget: 'date' },
};

/** Names of enumerated values, by property name. */
const ENUM_LABELS: Readonly<Record<string, Record<string, Label>>> = {
  method: {
    counter: l('Tại quầy', 'At the counter'),
    online: l('Trực tuyến', 'Online'),
    post: l('Qua bưu chính', 'By post'),
  },
  paidVia: {
    cash: l('Tiền mặt tại quầy', 'Cash at the counter'),
    bank_transfer: l('Chuyển khoản', 'Bank transfer'),
    card: l('Thẻ ngân hàng tại quầy', 'Card at the counter'),
    online_portal: l(
      'Thanh toán trực tuyến trên Cổng dịch vụ công',
      'Online payment on the public service portal',
    ),
  },
};

const COMMANDS: ReadonlyMap<string, z.ZodObject> = new Map(
  RecordCommand.options.map((o) => [o.shape.type.value, o as unknown as z.ZodObject]),
);

/** Whether a property of a zod object is the calendar-day schema (its JSON Schema is a plain string). */
function isDate(schema: z.ZodType | undefined): boolean {
  let s: unknown = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault) s = (s as z.ZodOptional).unwrap();
  return s === IsoDate;
}

function fieldOf(
  action: string,
  name: string,
  p: JsonSchema,
  required: boolean,
  zodProp: z.ZodType | undefined,
): ActionField | undefined {
  const hint = HINTS[`${action}.${name}`] ?? HINTS[name];
  if (hint?.hidden) return undefined;
  let widget: FieldWidget | undefined = hint?.widget;
  if (!widget && isDate(zodProp)) widget = 'date';
  if (!widget) {
    if (p.enum) widget = 'enum';
    else if (p.type === 'string') widget = (p.maxLength ?? 0) > 200 ? 'long_text' : 'text';
    else if (p.type === 'integer' || p.type === 'number') widget = 'number';
    else if (p.type === 'boolean') widget = 'boolean';
    else if (p.type === 'array' && p.items?.type === 'string') widget = 'lines';
    else if (p.type === 'array' && p.items?.type === 'object') widget = 'items';
    // An object or a union the generic form cannot ask for: the server's default applies.
    else return undefined;
  }
  const field: ActionField = {
    name,
    widget,
    label: hint?.label ?? l(p.description ?? name, p.description ?? name),
    // A list must be answered only when it may not be empty (an empty list is still sent).
    required: required && (p.type !== 'array' || (p.minItems ?? 0) > 0),
  };
  if (hint?.help) field.help = hint.help;
  const initial = p.default ?? hint?.initial;
  if (initial !== undefined) field.initial = initial;
  if (p.enum) {
    field.options = p.enum.map((v) => ({
      value: v as string,
      label: ENUM_LABELS[name]?.[String(v)] ?? l(String(v), String(v)),
    }));
  }
  if (widget === 'items' && p.items) {
    const itemZod = unwrapArrayElement(zodProp);
    field.items = fieldsOf(action, p.items, itemZod);
  }
  return field;
}

function unwrapArrayElement(schema: z.ZodType | undefined): z.ZodObject | undefined {
  let s: unknown = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault) s = (s as z.ZodOptional).unwrap();
  const element = s instanceof z.ZodArray ? (s.element as unknown) : undefined;
  return element instanceof z.ZodObject ? element : undefined;
}

function fieldsOf(action: string, schema: JsonSchema, zod: z.ZodObject | undefined): ActionField[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).flatMap(([name, p]) => {
    if (name === 'type') return [];
    const f = fieldOf(action, name, p, required.has(name), zod?.shape[name] as z.ZodType | undefined);
    return f ? [f] : [];
  });
}

const described = new Map<string, { schema: Record<string, unknown>; fields: ActionField[] }>();

/**
 * The JSON Schema (draft 2020-12, the body as a client sends it, without `type`) and the form fields of an
 * action's command, derived from the command schema in `commands.ts`.
 */
export function commandForm(action: ActionName): { schema: Record<string, unknown>; fields: ActionField[] } {
  let d = described.get(action);
  if (!d) {
    const command = COMMANDS.get(action)!;
    const json = z.toJSONSchema(command, { io: 'input', unrepresentable: 'any' }) as JsonSchema &
      Record<string, unknown>;
    const { type: _type, ...properties } = json.properties ?? {};
    const schema = {
      ...json,
      properties,
      required: (json.required ?? []).filter((r) => r !== 'type'),
    };
    d = { schema, fields: fieldsOf(action, schema, command) };
    described.set(action, d);
  }
  return d;
}

/**
 * The steps a forward from active step `from` starts now (several after a split; none when it ends a
 * branch whose join still waits for another). A forward's `assigneeId` is for the first of them.
 */
export function forwardTargets(state: RecordState, from: number): number[] {
  return stepsStartedAfter(state.steps, from, finishedSteps(state));
}

/** Names of the four steps every process had before the open model (records received then lack names). */
const FORMER_STEP_NAMES: Readonly<Record<string, Label>> = {
  reception: l('Tiếp nhận', 'Reception'),
  appraisal: l('Thẩm định', 'Appraisal'),
  approval: l('Phê duyệt', 'Approval'),
  return: l('Trả kết quả', 'Return'),
};

/** A record step's name, in both languages (its key when it has none). */
export function stepName(step: Pick<RecordStep, 'key' | 'name_vi' | 'name_en'>): Label {
  const former = FORMER_STEP_NAMES[step.key];
  return l(step.name_vi ?? former?.vi ?? step.key, step.name_en ?? former?.en ?? step.key);
}

function stepLabel(step: RecordStep, index: number): Label {
  const name = stepName(step);
  return l(`${index + 1}. ${name.vi}`, `${index + 1}. ${name.en}`);
}

function actionStep(state: RecordState, index: number): ActionStep {
  const s = state.steps[index]!;
  return {
    stepIndex: index,
    key: s.key,
    name_vi: stepName(s).vi,
    name_en: stepName(s).en,
    agencyId: s.agencyId,
    role: s.role,
  };
}

/** The form of an action at one step: the `earlier_step` choices are that step's. */
function formAt(state: RecordState, action: ActionName, stepIndex: number | null): ActionForm {
  const { schema, fields } = commandForm(action);
  return {
    action,
    step: stepIndex === null ? null : actionStep(state, stepIndex),
    schema,
    fields: fields.map((f) =>
      f.widget === 'earlier_step' && stepIndex !== null
        ? {
            ...f,
            options: sendBackTargets(state, stepIndex).map((i) => ({
              value: i,
              label: stepLabel(state.steps[i]!, i),
            })),
          }
        : f,
    ),
  };
}

/**
 * The actions `actor` may take on the record now, each with its form: one per action, or, for an action
 * on a step when several steps are active, one per step the actor may take it at (in step order).
 */
export function actionForms(state: RecordState, actor: Actor, ctx?: GuardContext): ActionForm[] {
  return availableActions(state, actor, ctx).flatMap((action): ActionForm[] => {
    if (!STEP_ACTIONS.has(action)) return [formAt(state, action, null)];
    const at = actionSteps(action, state, actor, ctx);
    const steps = at.length > 0 ? at : activeStepsOf(state).slice(0, 1);
    return steps.length > 0 ? steps.map((i) => formAt(state, action, i)) : [formAt(state, action, null)];
  });
}
