/**
 * The messages Motcua sends citizens (issue 18), in Vietnamese and English: one template per kind and
 * language, each with a subject (e-mail), a text (e-mail body) and a short text (SMS, Zalo ZNS).
 *
 * A template names its variables as `{{name}}`. Each kind declares its variables once (`TEMPLATE_VARIABLES`);
 * `defineTemplate` refuses at compile time a template that uses a variable its kind does not declare, and
 * `render` takes exactly the declared variables, so a message can never go out with a hole in it
 * (test/notify/templates.test.ts checks the same over every template at test time).
 */

export const MESSAGE_KINDS = [
  'submission_received',
  'record_received',
  'supplement_requested',
  'extended',
  'payment_due',
  'result_ready',
  'result_returned',
  'rating_invitation',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The variables each kind's templates may use (and `render` requires). */
export const TEMPLATE_VARIABLES = {
  submission_received: ['name', 'procedure', 'reference', 'trackUrl'],
  record_received: ['name', 'procedure', 'code', 'appointment', 'agency', 'trackUrl'],
  supplement_requested: ['name', 'code', 'items', 'trackUrl'],
  extended: ['name', 'code', 'previousDate', 'newDate', 'reason', 'trackUrl'],
  payment_due: ['name', 'code', 'amount', 'items', 'payUrl'],
  result_ready: ['name', 'code', 'where'],
  result_returned: ['name', 'code', 'how'],
  rating_invitation: ['name', 'code', 'rateUrl'],
} as const satisfies Record<MessageKind, readonly string[]>;

export type TemplateVariable<K extends MessageKind> = (typeof TEMPLATE_VARIABLES)[K][number];
export type TemplateValues<K extends MessageKind> = Record<TemplateVariable<K>, string>;

/** The `{{names}}` a template string uses, as a union type. */
type Placeholders<S extends string> = S extends `${string}{{${infer V}}}${infer Rest}`
  ? V | Placeholders<Rest>
  : never;

export interface Template {
  readonly subject: string;
  readonly text: string;
  readonly short: string;
}

/** A placeholder outside `Allowed` makes the argument's type `never`: a compile error naming the template. */
type Checked<T extends Template, Allowed extends string> = [
  Exclude<Placeholders<T['subject'] | T['text'] | T['short']>, Allowed>,
] extends [never]
  ? T
  : {
      error: 'uses an undeclared variable';
      variable: Exclude<Placeholders<T['subject'] | T['text'] | T['short']>, Allowed>;
    };

function defineTemplate<K extends MessageKind, const T extends Template>(
  _kind: K,
  t: Checked<T, TemplateVariable<K>>,
): Template {
  return t as Template;
}

export const TEMPLATES: Record<MessageKind, Record<Language, Template>> = {
  submission_received: {
    vi: defineTemplate('submission_received', {
      subject: 'Đã nhận hồ sơ trực tuyến {{reference}}',
      text: 'Kính gửi {{name}},\n\nHệ thống đã nhận hồ sơ trực tuyến "{{procedure}}" của Ông/Bà. Số tham chiếu: {{reference}}.\n\nBộ phận Một cửa sẽ kiểm tra và phản hồi trong 08 giờ làm việc. Ông/Bà tra cứu tình trạng hồ sơ tại {{trackUrl}} bằng số tham chiếu và 4 số cuối số điện thoại hoặc số định danh cá nhân.\n\nTrân trọng.',
      short: 'Da nhan ho so truc tuyen, so tham chieu {{reference}}. Tra cuu: {{trackUrl}}',
    }),
    en: defineTemplate('submission_received', {
      subject: 'Online submission received: {{reference}}',
      text: 'Dear {{name}},\n\nWe received your online submission "{{procedure}}". Reference: {{reference}}.\n\nThe one-stop department will check it and answer within 8 working hours. Track it at {{trackUrl}} with the reference and the last 4 digits of your phone or personal ID number.\n\nKind regards.',
      short: 'Submission received, reference {{reference}}. Track: {{trackUrl}}',
    }),
  },
  record_received: {
    vi: defineTemplate('record_received', {
      subject: 'Tiếp nhận hồ sơ {{code}}, hẹn trả kết quả ngày {{appointment}}',
      text: 'Kính gửi {{name}},\n\n{{agency}} đã tiếp nhận hồ sơ "{{procedure}}" của Ông/Bà.\nMã hồ sơ: {{code}}\nNgày hẹn trả kết quả: {{appointment}}\n\nTra cứu tình trạng hồ sơ tại {{trackUrl}}.\n\nTrân trọng.',
      short: 'Ho so {{code}} da duoc tiep nhan, hen tra ket qua ngay {{appointment}}. Tra cuu: {{trackUrl}}',
    }),
    en: defineTemplate('record_received', {
      subject: 'Record {{code}} received, result due on {{appointment}}',
      text: 'Dear {{name}},\n\n{{agency}} received your record "{{procedure}}".\nRecord code: {{code}}\nResult due on: {{appointment}}\n\nTrack it at {{trackUrl}}.\n\nKind regards.',
      short: 'Record {{code}} received, result due {{appointment}}. Track: {{trackUrl}}',
    }),
  },
  supplement_requested: {
    vi: defineTemplate('supplement_requested', {
      subject: 'Hồ sơ {{code}} cần bổ sung, hoàn thiện',
      text: 'Kính gửi {{name}},\n\nHồ sơ {{code}} của Ông/Bà cần bổ sung, hoàn thiện:\n{{items}}\n\nÔng/Bà bổ sung trực tuyến tại {{trackUrl}} hoặc tại Bộ phận Một cửa. Thời gian giải quyết được tính lại khi nhận đủ hồ sơ.\n\nTrân trọng.',
      short: 'Ho so {{code}} can bo sung, hoan thien. Chi tiet: {{trackUrl}}',
    }),
    en: defineTemplate('supplement_requested', {
      subject: 'Record {{code}}: documents to add or complete',
      text: 'Dear {{name}},\n\nYour record {{code}} needs the following added or completed:\n{{items}}\n\nAdd them online at {{trackUrl}} or at the one-stop department. The time limit counts again once the record is complete.\n\nKind regards.',
      short: 'Record {{code}} needs documents. Details: {{trackUrl}}',
    }),
  },
  extended: {
    vi: defineTemplate('extended', {
      subject: 'Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ {{code}}',
      text: 'Kính gửi {{name}},\n\nHồ sơ {{code}} của Ông/Bà chưa giải quyết xong đúng hẹn ngày {{previousDate}}. Lý do: {{reason}}.\n\nCơ quan giải quyết thành thật xin lỗi Ông/Bà vì sự chậm trễ này và hẹn lại ngày trả kết quả: {{newDate}}.\n\nTra cứu tình trạng hồ sơ tại {{trackUrl}}.\n\nTrân trọng.',
      short:
        'Xin loi: ho so {{code}} tre hen {{previousDate}}, hen lai ngay {{newDate}}. Tra cuu: {{trackUrl}}',
    }),
    en: defineTemplate('extended', {
      subject: 'Apology: record {{code}} has a new result date',
      text: 'Dear {{name}},\n\nYour record {{code}} could not be completed by {{previousDate}} as promised. Reason: {{reason}}.\n\nWe sincerely apologise for the delay. The new date for your result is {{newDate}}.\n\nTrack it at {{trackUrl}}.\n\nKind regards.',
      short: 'We apologise: record {{code}} is late, new date {{newDate}}. Track: {{trackUrl}}',
    }),
  },
  payment_due: {
    vi: defineTemplate('payment_due', {
      subject: 'Hồ sơ {{code}}: đề nghị nộp phí, lệ phí {{amount}}',
      text: 'Kính gửi {{name}},\n\nĐể tiếp tục giải quyết hồ sơ {{code}}, Ông/Bà vui lòng nộp {{amount}}:\n{{items}}\n\nCách nộp: trực tuyến tại {{payUrl}} (thẻ, ví điện tử hoặc chuyển khoản VietQR), hoặc nộp trực tiếp tại Bộ phận Một cửa. Hồ sơ được giải quyết tiếp ngay khi nhận được khoản nộp.\n\nTrân trọng.',
      short: 'Ho so {{code}}: de nghi nop {{amount}}. Nop truc tuyen: {{payUrl}}',
    }),
    en: defineTemplate('payment_due', {
      subject: 'Record {{code}}: fees due {{amount}}',
      text: 'Dear {{name}},\n\nTo continue with your record {{code}}, please pay {{amount}}:\n{{items}}\n\nHow to pay: online at {{payUrl}} (card, e-wallet or VietQR bank transfer), or in person at the one-stop department. Work on the record resumes as soon as the payment arrives.\n\nKind regards.',
      short: 'Record {{code}}: {{amount}} due. Pay online: {{payUrl}}',
    }),
  },
  result_ready: {
    vi: defineTemplate('result_ready', {
      subject: 'Hồ sơ {{code}} đã có kết quả',
      text: 'Kính gửi {{name}},\n\nHồ sơ {{code}} của Ông/Bà đã có kết quả. {{where}}\n\nTrân trọng.',
      short: 'Ho so {{code}} da co ket qua. {{where}}',
    }),
    en: defineTemplate('result_ready', {
      subject: 'The result of record {{code}} is ready',
      text: 'Dear {{name}},\n\nThe result of your record {{code}} is ready. {{where}}\n\nKind regards.',
      short: 'Record {{code}}: result ready. {{where}}',
    }),
  },
  result_returned: {
    vi: defineTemplate('result_returned', {
      subject: 'Đã trả kết quả hồ sơ {{code}}',
      text: 'Kính gửi {{name}},\n\nKết quả hồ sơ {{code}} đã được trả {{how}}. Hồ sơ đã hoàn tất.\n\nTrân trọng.',
      short: 'Da tra ket qua ho so {{code}} {{how}}.',
    }),
    en: defineTemplate('result_returned', {
      subject: 'The result of record {{code}} was handed over',
      text: 'Dear {{name}},\n\nThe result of your record {{code}} was handed over {{how}}. The record is complete.\n\nKind regards.',
      short: 'Record {{code}}: result handed over {{how}}.',
    }),
  },
  rating_invitation: {
    vi: defineTemplate('rating_invitation', {
      subject: 'Mời Ông/Bà đánh giá việc giải quyết hồ sơ {{code}}',
      text: 'Kính gửi {{name}},\n\nMời Ông/Bà dành một phút đánh giá mức độ hài lòng về việc giải quyết hồ sơ {{code}} tại {{rateUrl}}. Ý kiến của Ông/Bà giúp chúng tôi phục vụ tốt hơn.\n\nTrân trọng.',
      short: 'Moi danh gia viec giai quyet ho so {{code}}: {{rateUrl}}',
    }),
    en: defineTemplate('rating_invitation', {
      subject: 'Please rate how record {{code}} was handled',
      text: 'Dear {{name}},\n\nPlease take a minute to rate how your record {{code}} was handled at {{rateUrl}}. Your opinion helps us serve you better.\n\nKind regards.',
      short: 'Please rate record {{code}}: {{rateUrl}}',
    }),
  },
};

/** A template that could not be filled: never sent (the delivery fails, visibly, instead). */
export class TemplateError extends Error {
  readonly kind: MessageKind;
  readonly variable: string;
  constructor(kind: MessageKind, variable: string) {
    super(`template ${kind}: variable ${variable} has no value`);
    this.name = 'TemplateError';
    this.kind = kind;
    this.variable = variable;
  }
}

/** The `{{names}}` a template string uses. */
export function placeholders(s: string): string[] {
  return [...s.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)].map((m) => m[1] ?? '');
}

export interface RenderedMessage {
  readonly subject: string;
  readonly text: string;
  readonly short: string;
}

/**
 * Fills the kind's template in `language`. @throws TemplateError when a variable the template uses has no
 * (non-blank) value, or when the template uses one its kind does not declare.
 */
export function render<K extends MessageKind>(
  kind: K,
  language: Language,
  values: TemplateValues<K>,
): RenderedMessage {
  const t = TEMPLATES[kind][language];
  const declared: readonly string[] = TEMPLATE_VARIABLES[kind];
  const given = values as Record<string, string | undefined>;
  const fill = (s: string) =>
    s.replace(/\{\{\s*([^{}]*?)\s*\}\}/g, (_, name: string) => {
      const v = given[name];
      if (!declared.includes(name) || v === undefined || v.trim() === '') throw new TemplateError(kind, name);
      return v;
    });
  return { subject: fill(t.subject), text: fill(t.text), short: fill(t.short) };
}
