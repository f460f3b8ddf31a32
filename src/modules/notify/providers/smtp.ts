import nodemailer from 'nodemailer';
import { type NotificationPort, SendError } from '../port.ts';

/** SMTP reply codes that mean "try again later" (RFC 5321 4yz) and that some servers use for rate limits. */
const THROTTLE_CODES = new Set([421, 450, 451, 452]);

/**
 * E-mail over SMTP with nodemailer. `sent` is the SMTP server's 250 (it took the message); there is no
 * receipt beyond it. A 4xx answer (421, 450, 451, 452: greylisting, rate limits) is `throttled` (retried
 * after a minute), a connection failure `unavailable`, a 5xx `refused`.
 */
export function smtpAdapter(o: { url: string; from: string; timeoutMs: number }): NotificationPort & {
  close(): void;
} {
  const url = new URL(o.url);
  for (const [k, v] of [
    ['connectionTimeout', o.timeoutMs],
    ['greetingTimeout', o.timeoutMs],
    ['socketTimeout', o.timeoutMs],
  ] as const)
    if (!url.searchParams.has(k)) url.searchParams.set(k, String(v));
  const transport = nodemailer.createTransport(url.toString());
  const host = (() => {
    try {
      return new URL(o.url).hostname || 'motcua.local';
    } catch {
      return 'motcua.local';
    }
  })();
  return {
    channel: 'email',
    async send(m) {
      try {
        const info = await transport.sendMail({
          from: o.from,
          to: m.to,
          subject: m.subject,
          text: m.text,
          messageId: `<${m.id}@${host}>`,
          headers: { 'X-Motcua-Message': m.id, 'Content-Language': m.language },
        });
        return { providerMessageId: info.messageId, duplicate: false };
      } catch (e) {
        const err = e as { responseCode?: number; code?: string; message?: string };
        const why = `smtp: ${err.responseCode ?? err.code ?? ''} ${err.message ?? String(e)}`.slice(0, 500);
        if (err.responseCode !== undefined && THROTTLE_CODES.has(err.responseCode))
          throw new SendError('throttled', why, 60_000);
        if (err.responseCode !== undefined && err.responseCode >= 500) throw new SendError('refused', why);
        throw new SendError('unavailable', why);
      }
    },
    close: () => transport.close(),
  };
}
