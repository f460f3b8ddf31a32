import { z } from 'zod';
import type { NotificationPort } from '../port.ts';
import { postJson } from './http-call.ts';

/**
 * A brandname SMS gateway (the kind Vietnamese carriers and aggregators sell to agencies). The wire format
 * is Motcua's reading of such gateways (each has its own; the names below are the only thing to adapt):
 * `POST {base}/api/sms/send` `{ clientRef, to, text, brandname }` with a bearer token, answered
 * `202 { messageId, status: 'accepted', duplicate }`; 429 with Retry-After when throttled; 400 when the
 * number is refused. Delivery receipts come back signed to POST /api/notify/receipts/sms.
 */
export const SmsSendBody = z.object({
  clientRef: z.string().min(1),
  to: z.string().regex(/^\+84\d{9,10}$/),
  text: z.string().min(1).max(1000),
  brandname: z.string().min(1).max(11),
});
export const SmsAnswer = z.object({
  messageId: z.string().min(1),
  status: z.literal('accepted'),
  duplicate: z.boolean(),
});

export function smsAdapter(o: { baseUrl: string; token: string; timeoutMs: number }): NotificationPort {
  const base = o.baseUrl.replace(/\/+$/, '');
  return {
    channel: 'sms',
    async send(m) {
      const { body } = await postJson({
        system: 'sms',
        url: `${base}/api/sms/send`,
        headers: { authorization: `Bearer ${o.token}` },
        body: { clientRef: m.id, to: m.to, text: m.short, brandname: 'MOTCUA' },
        timeoutMs: o.timeoutMs,
        schema: SmsAnswer,
      });
      return { providerMessageId: body.messageId, duplicate: body.duplicate };
    },
  };
}
