import { describe, expect, it } from 'vitest';
import {
  displayAmount,
  LANGUAGES,
  MESSAGE_KINDS,
  type MessageContext,
  placeholders,
  plannedMessages,
  recipients,
  render,
  renderPlanned,
  TEMPLATE_VARIABLES,
  TEMPLATES,
  TemplateError,
} from './index.ts';

const sample = (kind: (typeof MESSAGE_KINDS)[number]) =>
  Object.fromEntries(TEMPLATE_VARIABLES[kind].map((v) => [v, `<${v}>`])) as never;

describe('templates', () => {
  it('every template uses only the variables its kind declares, and its text uses all of them', () => {
    for (const kind of MESSAGE_KINDS) {
      for (const language of LANGUAGES) {
        const t = TEMPLATES[kind][language];
        const used = new Set([...placeholders(t.subject), ...placeholders(t.text), ...placeholders(t.short)]);
        for (const name of used)
          expect(TEMPLATE_VARIABLES[kind], `${kind}/${language} uses ${name}`).toContain(name);
        for (const name of TEMPLATE_VARIABLES[kind])
          expect(placeholders(t.text), `${kind}/${language} text lacks ${name}`).toContain(name);
      }
    }
  });

  it('renders every template with its variables and leaves no placeholder', () => {
    for (const kind of MESSAGE_KINDS) {
      for (const language of LANGUAGES) {
        const r = render(kind, language, sample(kind));
        for (const part of [r.subject, r.text, r.short]) expect(part).not.toMatch(/\{\{|\}\}/);
        expect(r.text).toContain(TEMPLATE_VARIABLES[kind].includes('code' as never) ? '<code>' : '<name>');
      }
    }
  });

  it('refuses to render when a variable is missing or blank (never a message with a hole)', () => {
    for (const kind of MESSAGE_KINDS) {
      const values = sample(kind) as Record<string, string>;
      const [first] = TEMPLATE_VARIABLES[kind];
      const { [first]: _gone, ...rest } = values;
      expect(() => render(kind, 'vi', rest as never)).toThrow(TemplateError);
      expect(() => render(kind, 'en', { ...values, [first]: '  ' } as never)).toThrow(TemplateError);
    }
  });
});

const ctx: MessageContext = {
  recordId: '0192f000-0000-7000-8000-00000000abcd',
  code: 'H31.135-260302-0001',
  reference: 'ABCD-EFGH-JKMNP',
  applicantName: 'Nguyễn Văn An',
  procedureName: 'Đính chính Giấy chứng nhận',
  agencyName: 'Trung tâm Phục vụ hành chính công phường Ninh Kiều',
  returnPoint: { kind: 'counter', agencyId: 'a' },
  returnAgencyName: 'Bộ phận Một cửa phường Ninh Kiều',
  publicUrl: 'https://dichvucong.example.vn',
};

describe('messages of record events', () => {
  it('submission: the reference and how to track it', () => {
    const [m] = plannedMessages({ type: 'submitted' }, { ...ctx, code: null });
    const r = renderPlanned(m!, 'vi');
    expect(m!.kind).toBe('submission_received');
    expect(r.text).toContain('ABCD-EFGH-JKMNP');
    expect(r.text).toContain('https://dichvucong.example.vn/tra-cuu?code=ABCD-EFGH-JKMNP');
  });

  it('reception: the code and the appointment date', () => {
    const [m] = plannedMessages({ type: 'received', appointment: { dueDate: '2026-03-16' } }, ctx);
    expect(renderPlanned(m!, 'vi').subject).toBe(
      'Tiếp nhận hồ sơ H31.135-260302-0001, hẹn trả kết quả ngày 16/03/2026',
    );
    expect(renderPlanned(m!, 'en').text).toContain('Result due on: 16/03/2026');
  });

  it('supplement and completion requests list what is missing', () => {
    for (const type of ['supplement_requested', 'completion_requested'] as const) {
      const [m] = plannedMessages(
        { type, reasons: ['Bản sao chưa chứng thực'], missingDocuments: ['Tờ khai'] },
        ctx,
      );
      expect(renderPlanned(m!, 'vi').text).toContain('- Tờ khai\n- Bản sao chưa chứng thực');
    }
  });

  it('extension: the apology, the reason and the new date', () => {
    const [m] = plannedMessages(
      {
        type: 'extended',
        reason: 'Cần xác minh thực địa',
        previous: { dueDate: '2026-03-16' },
        appointment: { dueDate: '2026-03-20' },
      },
      ctx,
    );
    const vi = renderPlanned(m!, 'vi').text;
    expect(vi).toContain('xin lỗi');
    expect(vi).toContain('20/03/2026');
    expect(vi).toContain('Cần xác minh thực địa');
    expect(renderPlanned(m!, 'en').text).toContain('apologise');
  });

  it('payment due: the amount in each language and how to pay', () => {
    const [m] = plannedMessages(
      {
        type: 'payment_requested',
        items: [{ description: 'Lệ phí', amountVnd: 1_250_000 }],
        totalVnd: 1_250_000,
      },
      ctx,
    );
    expect(renderPlanned(m!, 'vi').text).toContain('1.250.000 đồng');
    expect(renderPlanned(m!, 'en').text).toContain('VND 1,250,000');
    expect(renderPlanned(m!, 'vi').text).toContain(`${ctx.publicUrl}/ho-so/${ctx.recordId}`);
    expect(displayAmount(0, 'vi')).toBe('0 đồng');
  });

  it('result ready says where: the counter, online or by post', () => {
    const where = (returnPoint: MessageContext['returnPoint']) =>
      renderPlanned(plannedMessages({ type: 'result_issued' }, { ...ctx, returnPoint })[0]!, 'vi').text;
    expect(where({ kind: 'counter', agencyId: 'a' })).toContain('Bộ phận Một cửa phường Ninh Kiều');
    expect(where({ kind: 'online' })).toContain(`/ho-so/${ctx.recordId}`);
    expect(where({ kind: 'post', address: '12 Đường 30/4' })).toContain('12 Đường 30/4');
  });

  it('result returned, then an invitation to rate; other events say nothing', () => {
    const ms = plannedMessages(
      { type: 'result_returned', method: 'post', trackingNumber: 'EL123456785VN' },
      ctx,
    );
    expect(ms.map((m) => m.kind)).toEqual(['result_returned', 'rating_invitation']);
    expect(renderPlanned(ms[0]!, 'vi').text).toContain('EL123456785VN');
    expect(plannedMessages({ type: 'assigned' }, ctx)).toEqual([]);
  });
});

describe('recipients', () => {
  it('follows the chosen channels, each with its contact; without a choice e-mail and SMS when given', () => {
    expect(recipients({ email: 'a@b.vn', phone: '+84912345678' })).toEqual([
      { channel: 'email', to: 'a@b.vn' },
      { channel: 'sms', to: '+84912345678' },
    ]);
    expect(recipients({ email: 'a@b.vn', phone: '+84912345678', notifyBy: ['zalo'] })).toEqual([
      { channel: 'zalo', to: '+84912345678' },
    ]);
    expect(recipients({ notifyBy: ['email'] })).toEqual([]);
  });
});
