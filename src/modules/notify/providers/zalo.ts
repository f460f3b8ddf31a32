import { z } from 'zod';
import { type NotificationPort, SendError } from '../port.ts';
import { postJson } from './http-call.ts';

/**
 * Zalo ZNS (Zalo Notification Service): a template message to the Zalo account of a phone number, as in
 * Zalo's published API: `POST {base}/message/template` with the `access_token` header and
 * `{ phone: '84…', template_id, template_data, tracking_id }`, answered `{ error: 0, message, data: { msg_id,
 * sent_time } }`; a negative `error` is a refusal (-118: no Zalo account for the number, -124: bad token).
 * Templates are registered with Zalo beforehand; Motcua's kinds are their ids here. Throttling is HTTP 429
 * with Retry-After. Delivery receipts come back signed to POST /api/notify/receipts/zalo (Motcua's receipt
 * format; a relay from Zalo's `user_received_message` webhook is the adapter's to add).
 */
export const ZnsSendBody = z.object({
  phone: z.string().regex(/^84\d{9,10}$/),
  template_id: z.string().min(1),
  template_data: z.record(z.string(), z.string()),
  tracking_id: z.string().min(1),
});
export const ZnsAnswer = z.object({
  error: z.number().int(),
  message: z.string(),
  data: z
    .object({ msg_id: z.string().min(1), sent_time: z.string(), duplicate: z.boolean().optional() })
    .optional(),
});

export function zaloAdapter(o: { baseUrl: string; token: string; timeoutMs: number }): NotificationPort {
  const base = o.baseUrl.replace(/\/+$/, '');
  return {
    channel: 'zalo',
    async send(m) {
      const { body } = await postJson({
        system: 'zalo',
        url: `${base}/message/template`,
        headers: { access_token: o.token },
        body: {
          phone: m.to.replace(/^\+/, ''),
          template_id: m.kind,
          template_data: m.params,
          tracking_id: m.id,
        },
        timeoutMs: o.timeoutMs,
        schema: ZnsAnswer,
      });
      if (body.error !== 0 || !body.data)
        throw new SendError('refused', `zalo: error ${body.error} ${body.message}`);
      return { providerMessageId: body.data.msg_id, duplicate: body.data.duplicate ?? false };
    },
  };
}
