import type { ReturnPoint } from '../records/record-state.ts';
import {
  LANGUAGES,
  type Language,
  type MessageKind,
  type RenderedMessage,
  render,
  type TemplateValues,
} from './templates.ts';

/** The ways Motcua reaches a citizen. */
export const CHANNELS = ['email', 'sms', 'zalo'] as const;
export type Channel = (typeof CHANNELS)[number];

/** What of the applicant decides where messages go: the contacts given and the channels chosen. */
export interface Contacts {
  readonly email?: string | undefined;
  readonly phone?: string | undefined;
  /** The channels the applicant chose on submission; absent: e-mail if given, SMS if a phone is given. */
  readonly notifyBy?: readonly Channel[] | undefined;
  readonly language?: Language | undefined;
}

/** One address a message goes to. */
export interface Recipient {
  readonly channel: Channel;
  readonly to: string;
}

/** Where the applicant's messages go: each chosen channel that has its contact (SMS and Zalo: the phone). */
export function recipients(c: Contacts): Recipient[] {
  const chosen = c.notifyBy ?? [
    ...(c.email ? (['email'] as const) : []),
    ...(c.phone ? (['sms'] as const) : []),
  ];
  const out: Recipient[] = [];
  for (const channel of CHANNELS) {
    if (!chosen.includes(channel)) continue;
    const to = channel === 'email' ? c.email : c.phone;
    if (to) out.push({ channel, to });
  }
  return out;
}

/** What a message is about, gathered by the caller from the record (no I/O here). */
export interface MessageContext {
  readonly recordId: string;
  readonly code: string | null;
  /** The online submission's reference (số tham chiếu), for records without a code yet. */
  readonly reference: string;
  readonly applicantName: string;
  readonly procedureName: string;
  readonly agencyName: string;
  readonly returnPoint: ReturnPoint | null;
  /** Name of the agency where a counter return happens. */
  readonly returnAgencyName: string | null;
  /** Motcua's public base URL, without a trailing slash. */
  readonly publicUrl: string;
}

/** The slice of a record event this needs (the events of src/core/records/events.ts). */
export type NotifiableEvent =
  | { type: 'submitted' }
  | { type: 'received'; appointment: { dueDate: string } }
  | { type: 'completion_requested' | 'supplement_requested'; reasons: string[]; missingDocuments: string[] }
  | { type: 'extended'; reason: string; previous: { dueDate: string }; appointment: { dueDate: string } }
  | { type: 'payment_requested'; items: { description: string; amountVnd: number }[]; totalVnd: number }
  | { type: 'result_issued' }
  | { type: 'result_returned'; method: 'counter' | 'online' | 'post'; trackingNumber: string | null }
  | { type: string };

/** dd/mm/yyyy from an ISO date. */
export function displayDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** An amount of đồng as people write it: `1.250.000 đồng`, `VND 1,250,000`. */
export function displayAmount(vnd: number, language: Language): string {
  const digits = String(vnd).replace(/\B(?=(\d{3})+(?!\d))/g, language === 'vi' ? '.' : ',');
  return language === 'vi' ? `${digits} đồng` : `VND ${digits}`;
}

const list = (lines: readonly string[]) => lines.map((l) => `- ${l}`).join('\n');

function whereToCollect(ctx: MessageContext, language: Language): string {
  const rp = ctx.returnPoint;
  const vi = language === 'vi';
  const url = `${ctx.publicUrl}/ho-so/${ctx.recordId}`;
  if (rp?.kind === 'online')
    return vi ? `Ông/Bà tải kết quả điện tử tại ${url}.` : `Download the electronic result at ${url}.`;
  if (rp?.kind === 'post')
    return vi
      ? `Kết quả được gửi qua bưu điện đến địa chỉ: ${rp.address}.`
      : `It is being sent by post to: ${rp.address}.`;
  const agency = ctx.returnAgencyName ?? ctx.agencyName;
  return vi
    ? `Mời Ông/Bà đến nhận kết quả tại ${agency}, mang theo giấy tờ tùy thân.`
    : `Please collect it at ${agency}, bringing your identity document.`;
}

function howReturned(method: string, tracking: string | null, language: Language): string {
  const vi = language === 'vi';
  if (method === 'post')
    return vi ? `qua bưu điện (số hiệu ${tracking ?? '—'})` : `by post (tracking number ${tracking ?? '—'})`;
  if (method === 'online') return vi ? 'trực tuyến' : 'online';
  return vi ? 'tại Bộ phận Một cửa' : 'at the one-stop department';
}

/** A message to send: its kind and its values in each language. */
export interface PlannedMessage<K extends MessageKind = MessageKind> {
  readonly kind: K;
  readonly values: Record<Language, TemplateValues<K>>;
}

function planned<K extends MessageKind>(kind: K, values: (l: Language) => TemplateValues<K>): PlannedMessage {
  return {
    kind,
    values: Object.fromEntries(LANGUAGES.map((l) => [l, values(l)])) as Record<Language, TemplateValues<K>>,
  } as unknown as PlannedMessage;
}

/**
 * The messages a record event calls for (none for most events: an assignment or a forward tells the
 * citizen nothing). The citizen hears of: the online submission, the reception with its appointment, a
 * request to complete or supplement with the list, an extension with the apology and the new date, fees
 * due, the result ready, the result handed over and then an invitation to rate.
 */
export function plannedMessages(event: NotifiableEvent, ctx: MessageContext): PlannedMessage[] {
  const track = `${ctx.publicUrl}/tra-cuu?code=${encodeURIComponent(ctx.code ?? ctx.reference)}`;
  const code = ctx.code ?? ctx.reference;
  const name = ctx.applicantName;
  const e = event as Extract<NotifiableEvent, { type: string }> & Record<string, unknown>;
  switch (event.type) {
    case 'submitted':
      return [
        planned('submission_received', () => ({
          name,
          procedure: ctx.procedureName,
          reference: ctx.reference,
          trackUrl: track,
        })),
      ];
    case 'received': {
      const ev = e as unknown as { appointment: { dueDate: string } };
      return [
        planned('record_received', () => ({
          name,
          procedure: ctx.procedureName,
          code,
          appointment: displayDate(ev.appointment.dueDate),
          agency: ctx.agencyName,
          trackUrl: track,
        })),
      ];
    }
    case 'completion_requested':
    case 'supplement_requested': {
      const ev = e as unknown as { reasons: string[]; missingDocuments: string[] };
      return [
        planned('supplement_requested', () => ({
          name,
          code,
          items: list([...ev.missingDocuments, ...ev.reasons]),
          trackUrl: track,
        })),
      ];
    }
    case 'extended': {
      const ev = e as unknown as {
        reason: string;
        previous: { dueDate: string };
        appointment: { dueDate: string };
      };
      return [
        planned('extended', () => ({
          name,
          code,
          previousDate: displayDate(ev.previous.dueDate),
          newDate: displayDate(ev.appointment.dueDate),
          reason: ev.reason,
          trackUrl: track,
        })),
      ];
    }
    case 'payment_requested': {
      const ev = e as unknown as { items: { description: string; amountVnd: number }[]; totalVnd: number };
      return [
        planned('payment_due', (l) => ({
          name,
          code,
          amount: displayAmount(ev.totalVnd, l),
          items: list(ev.items.map((i) => `${i.description}: ${displayAmount(i.amountVnd, l)}`)),
          payUrl: `${ctx.publicUrl}/ho-so/${ctx.recordId}`,
        })),
      ];
    }
    case 'result_issued':
      return [planned('result_ready', (l) => ({ name, code, where: whereToCollect(ctx, l) }))];
    case 'result_returned': {
      const ev = e as unknown as { method: string; trackingNumber: string | null };
      return [
        planned('result_returned', (l) => ({
          name,
          code,
          how: howReturned(ev.method, ev.trackingNumber, l),
        })),
        planned('rating_invitation', () => ({
          name,
          code,
          rateUrl: `${ctx.publicUrl}/ho-so/${ctx.recordId}#danh-gia`,
        })),
      ];
    }
    default:
      return [];
  }
}

/** Renders a planned message in `language`. @throws TemplateError (never a message with a hole). */
export function renderPlanned(p: PlannedMessage, language: Language): RenderedMessage {
  return render(p.kind, language, p.values[language] as never);
}
