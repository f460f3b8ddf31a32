import { randomBytes } from 'node:crypto';
import { type Config, ConfigError } from '../../platform/config.ts';
import type { NotificationPorts } from './port.ts';
import { type RunningFakeProvider, startFakeProvider } from './providers/fake-provider.ts';
import { type RunningSmtp, startLocalSmtp } from './providers/local-smtp.ts';
import { smsAdapter } from './providers/sms.ts';
import { smtpAdapter } from './providers/smtp.ts';
import { zaloAdapter } from './providers/zalo.ts';

let demoSecret: string | undefined;

/**
 * The delivery receipts' shared secret: MOTCUA_NOTIFY_SECRET, or (embedded demo, no SMS or Zalo URL) one
 * made once per process and shared with the in-process fakes. @throws ConfigError with a URL and no secret
 */
export function notifySecret(config: Config): string {
  if (config.MOTCUA_NOTIFY_SECRET) return config.MOTCUA_NOTIFY_SECRET;
  if (config.MOTCUA_SMS_URL || config.MOTCUA_ZALO_URL)
    throw new ConfigError(['MOTCUA_NOTIFY_SECRET: required when MOTCUA_SMS_URL or MOTCUA_ZALO_URL is set']);
  demoSecret ??= randomBytes(32).toString('hex');
  return demoSecret;
}

export interface StartedNotifyPorts {
  readonly ports: NotificationPorts;
  /** The in-process fakes and mail server, when started (their URLs and mailbox). */
  readonly smtp?: RunningSmtp;
  readonly sms?: RunningFakeProvider;
  readonly zalo?: RunningFakeProvider;
  readonly lines: string[];
  close(): Promise<void>;
}

/**
 * The providers of this process: the configured ones, or (a URL unset: the embedded demo, tests, benches)
 * a local SMTP server (on MOTCUA_SMTP_FAKE_PORT, or any free port when taken or with `anyPort`) and fake
 * SMS and Zalo providers in-process, whose receipts go to `receiptBase()` (none with `anyPort`: tests and
 * benches, where Motcua's port is not PORT).
 */
export async function notifyPortsFrom(
  config: Config,
  receiptBase: () => string,
  o: { anyPort?: boolean; receiptDelayMs?: number } = {},
): Promise<StartedNotifyPorts> {
  const timeoutMs = config.MOTCUA_NOTIFY_TIMEOUT_MS;
  const secret = notifySecret(config);
  const token = 'demo-token';
  const smtp = config.MOTCUA_SMTP_URL
    ? undefined
    : await startLocalSmtp({ port: o.anyPort ? 0 : config.MOTCUA_SMTP_FAKE_PORT, orFreePort: true });
  const fake = (kind: 'sms' | 'zalo') =>
    startFakeProvider({
      kind,
      secret,
      token,
      receiptUrl: () => `${receiptBase()}/api/notify/receipts/${kind}`,
      receiptDelayMs: o.receiptDelayMs ?? 2000,
      // Without a fixed port (tests, benches) Motcua's own port is not known here: no receipts, rather than
      // receipts to whatever listens on PORT.
      autoReceipts: !o.anyPort,
    });
  const sms = config.MOTCUA_SMS_URL ? undefined : await fake('sms');
  const zalo = config.MOTCUA_ZALO_URL ? undefined : await fake('zalo');
  const email = smtpAdapter({
    url: config.MOTCUA_SMTP_URL ?? smtp!.url,
    from: config.MOTCUA_SMTP_FROM,
    timeoutMs,
  });
  return {
    ports: {
      email,
      sms: smsAdapter({
        baseUrl: config.MOTCUA_SMS_URL ?? sms!.url,
        token: config.MOTCUA_SMS_TOKEN ?? token,
        timeoutMs,
      }),
      zalo: zaloAdapter({
        baseUrl: config.MOTCUA_ZALO_URL ?? zalo!.url,
        token: config.MOTCUA_ZALO_TOKEN ?? token,
        timeoutMs,
      }),
    },
    ...(smtp ? { smtp } : {}),
    ...(sms ? { sms } : {}),
    ...(zalo ? { zalo } : {}),
    lines: [
      smtp
        ? `E-mail: local SMTP server at ${smtp.url}${smtp.takenPort !== undefined ? ` (port ${smtp.takenPort} was taken)` : ''}; messages shown on each record's page (set MOTCUA_SMTP_URL for a real one)`
        : `E-mail: ${new URL(config.MOTCUA_SMTP_URL!).host}`,
      sms
        ? `SMS: fake provider in-process at ${sms.url} (set MOTCUA_SMS_URL)`
        : `SMS: ${config.MOTCUA_SMS_URL}`,
      zalo
        ? `Zalo ZNS: fake provider in-process at ${zalo.url} (set MOTCUA_ZALO_URL)`
        : `Zalo ZNS: ${config.MOTCUA_ZALO_URL}`,
    ],
    async close() {
      email.close();
      await smtp?.close();
      await sms?.close();
      await zalo?.close();
    },
  };
}
