import { z } from 'zod';
import type { Channel, Language, MessageKind } from '../../core/notify/index.ts';
import { signBody } from '../../platform/http/signed-body.ts';

/**
 * What Motcua needs from a provider that reaches citizens (issue 18): e-mail (SMTP), SMS (a brandname SMS
 * gateway) and Zalo ZNS (Zalo Notification Service, template messages to a phone number's Zalo account).
 * One port for the three: send one message, identified by Motcua's message id (a provider that knows it
 * already answers with the same provider id instead of sending it twice).
 */

export interface OutgoingMessage {
  /** Motcua's message id (notification_messages.id): the provider's client reference. */
  readonly id: string;
  readonly channel: Channel;
  /** E-mail address, or the phone number in E.164 (`+84…`). */
  readonly to: string;
  readonly kind: MessageKind;
  readonly language: Language;
  readonly subject: string;
  readonly text: string;
  /** The short text (SMS, and what the Zalo template shows). */
  readonly short: string;
  /** The template's values (Zalo ZNS sends the template id and these; the provider renders them). */
  readonly params: Readonly<Record<string, string>>;
}

/** The provider took the message: its id for the message (delivery receipts name it). */
export interface Accepted {
  readonly providerMessageId: string;
  /** The provider knew the message already (a retry after a lost answer). */
  readonly duplicate: boolean;
}

/**
 * Why a send failed: `throttled` (the provider asks to wait `retryAfterMs`), `unavailable` (network, timeout,
 * 5xx: try again later), `refused` (the provider will not take it: a bad address, a number without Zalo).
 * Every failure is retried by the outbox and ends dead (visible) when attempts run out.
 */
export class SendError extends Error {
  readonly failure: 'throttled' | 'unavailable' | 'refused';
  readonly retryAfterMs: number | undefined;
  constructor(failure: SendError['failure'], message: string, retryAfterMs?: number) {
    super(message);
    this.name = 'SendError';
    this.failure = failure;
    this.retryAfterMs = retryAfterMs;
  }
}

export interface NotificationPort {
  readonly channel: Channel;
  /** @throws SendError */
  send(m: OutgoingMessage): Promise<Accepted>;
}

/** The providers Motcua reaches citizens through, by channel. */
export type NotificationPorts = Readonly<Record<Channel, NotificationPort>>;

/** A delivery receipt (the body of POST /api/notify/receipts/{provider}). */
export const DeliveryReceipt = z.object({
  eventId: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .describe("the provider's id of this receipt: a repeat is answered 200 duplicate and ignored"),
  messageId: z.string().trim().min(1).max(100).describe("the provider's message id (answered when sent)"),
  status: z.enum(['delivered', 'failed']),
  reason: z.string().trim().max(500).optional().describe('why it was not delivered'),
  occurredAt: z.iso.datetime({ offset: true }),
});
export type DeliveryReceipt = z.infer<typeof DeliveryReceipt>;

/** The header carrying a receipt's signature: `sha256=` and the hex HMAC-SHA256 of the raw body. */
export const RECEIPT_SIGNATURE_HEADER = 'x-notify-signature';

/** How a provider signs a receipt (the one scheme of signed callbacks, src/platform/http/signed-body.ts). */
export const signReceipt = signBody;
