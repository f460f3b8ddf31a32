import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { FaultSwitch } from '../../integrations/fault-switch.ts';

/** Faults of the local SMTP server: `throttle` (451 4.7.1, try later), `refuse` (550 5.1.1 no such user). */
export type SmtpFault = 'throttle' | 'refuse';

export interface ReceivedMail {
  readonly messageId: string | undefined;
  readonly from: string;
  readonly to: string[];
  readonly subject: string;
  readonly text: string;
  readonly motcuaMessage: string | undefined;
  readonly receivedAt: Date;
}

export interface RunningSmtp {
  readonly url: string;
  readonly port: number;
  readonly faults: FaultSwitch<SmtpFault>;
  /** What it received, parsed (oldest first; the last 500). */
  readonly mailbox: ReceivedMail[];
  close(): Promise<void>;
}

/**
 * A real SMTP server (smtp-server, in-process) that takes any mail and keeps it parsed in memory: the
 * embedded demo's mail server (`npm start` without MOTCUA_SMTP_URL) and the tests'. No TLS, no
 * authentication (it listens on 127.0.0.1 only).
 */
export async function startLocalSmtp(
  o: { port?: number; orFreePort?: boolean } = {},
): Promise<RunningSmtp & { takenPort?: number }> {
  const faults = new FaultSwitch<SmtpFault>(['throttle', 'refuse']);
  const mailbox: ReceivedMail[] = [];
  const make = () =>
    new SMTPServer({
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      banner: 'Motcua local SMTP',
      onRcptTo(address, _session, cb) {
        const fault = faults.take();
        if (fault === 'throttle') {
          const e = Object.assign(new Error('4.7.1 Too many messages, try again later'), {
            responseCode: 451,
          });
          return cb(e);
        }
        if (fault === 'refuse') {
          const e = Object.assign(new Error(`5.1.1 <${address.address}>: no such user`), {
            responseCode: 550,
          });
          return cb(e);
        }
        cb();
      },
      onData(stream, session, cb) {
        simpleParser(stream)
          .then((mail) => {
            const header = mail.headers.get('x-motcua-message');
            mailbox.push({
              messageId: mail.messageId,
              from: mail.from?.text ?? '',
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              motcuaMessage: typeof header === 'string' ? header : undefined,
              receivedAt: new Date(),
            });
            if (mailbox.length > 500) mailbox.splice(0, mailbox.length - 500);
            cb();
          })
          .catch((e: unknown) => cb(e instanceof Error ? e : new Error(String(e))));
      },
    });
  const listen = (server: SMTPServer, port: number) =>
    new Promise<number>((resolve, reject) => {
      // smtp-server re-emits its socket server's errors (EADDRINUSE) on itself.
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        // A client's broken connection must not take the process down.
        server.on('error', () => {});
        resolve((server.server.address() as AddressInfo).port);
      });
    });
  let server = make();
  let port: number;
  let takenPort: number | undefined;
  try {
    port = await listen(server, o.port ?? 0);
  } catch (e) {
    if (!o.orFreePort || (e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    takenPort = o.port;
    server = make();
    port = await listen(server, 0);
  }
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    faults,
    mailbox,
    ...(takenPort !== undefined ? { takenPort } : {}),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
