/**
 * Notifications through the delivery backbone (issue 18) on PostgreSQL: records received through the HTTP
 * API at the counter, each applicant notified by e-mail (a real SMTP server, smtp-server, in-process) and SMS
 * (the fake SMS provider over HTTP), through the outbox: subscriber `notify` renders, `notify-email` and
 * `notify-sms` send.
 *
 * - throughput: RECORDS records received with the subscribers stopped, then the backlog drained: messages
 *   per second from the start of the drain to the last message at its provider;
 * - latency: with the subscribers polling as `motcua serve` runs them (every 200 ms), LATENCY_RECORDS records
 *   received one after another; per message, the time from the record event's commit (outbox.created_at)
 *   to its arrival at the provider (p50, p95, max);
 * - baseline, in the same run: the same number of messages sent straight to the same providers with the same
 *   adapters and concurrency (no database, no outbox): the ratio says what the backbone costs.
 *
 * `DATABASE_URL=postgres://…/<own database> npm run bench -- notify` (RECORDS=300 LATENCY_RECORDS=40)
 */
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/app.ts';
import { resolveAuditKey, setAuditKey } from '../src/modules/audit/index.ts';
import {
  notifySubscriber,
  sendSubscriber,
  smsAdapter,
  smtpAdapter,
  startFakeProvider,
  startLocalSmtp,
} from '../src/modules/notify/index.ts';
import { seedReferenceData } from '../src/modules/seed/index.ts';
import { systemClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { migrate, openPostgres } from '../src/platform/db/index.ts';
import { createDispatcher, registerSubscriptions } from '../src/platform/jobs/outbox.ts';
import { createLogger } from '../src/platform/log.ts';
import { createProgress } from '../src/platform/progress.ts';
import { percentile, round, seedOfficials, writeResult } from './support.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function run(env: Record<string, string | undefined>): Promise<void> {
  if (!env.DATABASE_URL)
    throw new Error('bench notify runs on PostgreSQL: set DATABASE_URL to a database of your own');
  const records = Number(env.RECORDS ?? 300);
  const latencyRecords = Number(env.LATENCY_RECORDS ?? 40);
  const config = loadConfig({
    ...env,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '100000000',
    DATABASE_POOL_SIZE: '10',
    MOTCUA_NOTIFY_SECRET: 'bench-notify-secret-0123456789abcdef0123456789',
  });
  setAuditKey(resolveAuditKey(config).key);
  const database = openPostgres(config.DATABASE_URL!, config.DATABASE_POOL_SIZE);
  await migrate(database);
  const clock = systemClock;
  const deps = { database, clock, config, logger: createLogger('silent') };
  const seeded = await database.db.selectFrom('procedures').select('id').limit(1).execute();
  if (seeded.length === 0) await seedReferenceData(deps, { progress: createProgress() });
  const { token, counters } = await seedOfficials(database.db, {
    counters: 4,
    prefix: `bench.notify.${Date.now()}`,
    now: () => clock.now(),
  });
  const app = await buildApp(deps);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const smtp = await startLocalSmtp();
  const sms = await startFakeProvider({
    kind: 'sms',
    secret: config.MOTCUA_NOTIFY_SECRET!,
    token: 'bench',
    receiptUrl: `${base}/api/notify/receipts/sms`,
    receiptDelayMs: 200,
  });
  const email = smtpAdapter({ url: smtp.url, from: 'Motcua <bench@motcua.local>', timeoutMs: 30_000 });
  const smsPort = smsAdapter({ baseUrl: sms.url, token: 'bench', timeoutMs: 30_000 });
  const { db } = database;
  const list = [
    notifySubscriber({ db, clock, publicUrl: 'https://dichvucong.example.vn' }),
    sendSubscriber({ db, clock, port: email }),
    sendSubscriber({ db, clock, port: smsPort }),
  ];
  await registerSubscriptions(db, list, clock.now());
  const dispatcher = createDispatcher({ db, clock, logger: deps.logger, subscribers: list });

  const procedure = (await (await fetch(`${base}/api/procedures/1.012796`)).json()) as {
    versionId: string;
    details: { documents: { name: string }[] };
  };
  const checklist = procedure.details.documents
    .slice(0, 2)
    .map((d) => ({ document: d.name, provided: true }));
  let serial = 0;
  const runTag = Date.now().toString(36);
  async function receive(): Promise<void> {
    const n = serial++;
    const counter = counters[n % counters.length]!;
    const res = await fetch(`${base}/api/records`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token[counter]}` },
      body: JSON.stringify({
        type: 'receive',
        checklist,
        opening: {
          procedureVersionId: procedure.versionId,
          channel: 'in_person',
          applicant: {
            kind: 'citizen',
            fullName: `Người nộp ${n}`,
            email: `nguoi.nop.${runTag}.${n}@example.vn`,
            phone: `09${String(10_000_000 + n).slice(-8)}`,
            notifyBy: ['email', 'sms'],
          },
          routing: { landParcelUnitCode: '31120' },
        },
      }),
    });
    if (res.status !== 201) throw new Error(`receive failed: ${res.status} ${await res.text()}`);
  }
  const arrived = () =>
    smtp.mailbox.filter((m) => m.to[0]?.includes(`.${runTag}.`)).length + sms.messages.size;

  // Throughput: a backlog of RECORDS records (2 messages each), then drained.
  process.stdout.write(`receiving ${records} records (subscribers stopped)…\n`);
  for (let i = 0; i < records; i += 8)
    await Promise.all(Array.from({ length: Math.min(8, records - i) }, receive));
  const expected = records * 2;
  const drainStart = performance.now();
  const before = arrived();
  let drainEnd = drainStart;
  while (arrived() - before < expected) {
    for (const s of list) await dispatcher.runSubscriber(s.name);
    drainEnd = performance.now();
    if (drainEnd - drainStart > 600_000) throw new Error('drain took over 10 minutes');
  }
  const drainSeconds = (drainEnd - drainStart) / 1000;
  const backboneRate = expected / drainSeconds;

  // Latency: subscribers polling every 200 ms, records received one after another.
  process.stdout.write(`latency: ${latencyRecords} records with the subscribers running…\n`);
  let stop = false;
  const loops = list.map(async (s) => {
    while (!stop) {
      await dispatcher.runSubscriber(s.name);
      await sleep(200);
    }
  });
  const latencyFrom = new Date();
  for (let i = 0; i < latencyRecords; i++) {
    await receive();
    await sleep(100);
  }
  const wantTotal = before + expected + latencyRecords * 2;
  const waitStart = performance.now();
  while (arrived() < wantTotal && performance.now() - waitStart < 120_000) await sleep(100);
  stop = true;
  await Promise.all(loops);
  const rows = await db
    .selectFrom('notificationMessages as n')
    .innerJoin('outbox as o', 'o.id', 'n.sourceMessageId')
    .select(['n.id', 'n.channel', 'n.recipient', 'n.providerMessageId', 'o.createdAt'])
    .where('o.createdAt', '>=', latencyFrom)
    .execute();
  const byRef = new Map([...sms.messages.values()].map((m) => [m.clientRef, m.receivedAt]));
  const byMail = new Map(smtp.mailbox.map((m) => [m.motcuaMessage, m.receivedAt]));
  const latencies = rows
    .map((r) => {
      const at = r.channel === 'email' ? byMail.get(r.id) : byRef.get(r.id);
      return at ? at.getTime() - r.createdAt.getTime() : undefined;
    })
    .filter((x): x is number => x !== undefined)
    .sort((a, b) => a - b);

  // Baseline: the same number of messages straight to the providers, 8 at a time, no database.
  process.stdout.write(`baseline: ${expected} messages straight to the providers…\n`);
  const baseStart = performance.now();
  let k = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (k < expected) {
        const i = k++;
        const common = {
          id: `baseline-${runTag}-${i}`,
          kind: 'record_received' as const,
          language: 'vi' as const,
          subject: 'Tiếp nhận hồ sơ',
          text: 'Kính gửi …',
          short: 'Ho so … da duoc tiep nhan',
          params: {},
        };
        if (i % 2 === 0) await email.send({ ...common, channel: 'email', to: `baseline.${i}@example.vn` });
        else await smsPort.send({ ...common, channel: 'sms', to: `+8490${String(1_000_000 + i).slice(-7)}` });
      }
    }),
  );
  const baseSeconds = (performance.now() - baseStart) / 1000;
  const baselineRate = expected / baseSeconds;
  await sms.settled();
  const delivered = await db
    .selectFrom('notificationMessages')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();

  writeResult('notify', {
    database: 'postgresql',
    records,
    throughput: {
      messages: expected,
      drainSeconds: round(drainSeconds, 2),
      messagesPerSecond: round(backboneRate, 1),
      baselineMessagesPerSecond: round(baselineRate, 1),
      ratioToBaseline: round(backboneRate / baselineRate, 3),
    },
    latencyMs: {
      messages: latencies.length,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      max: latencies.at(-1) ?? null,
      note: 'record event commit (outbox.created_at) to arrival at the provider; subscribers poll every 200 ms',
    },
    statusesAfter: Object.fromEntries(delivered.map((d) => [d.status, Number(d.n)])),
  });
  email.close();
  await sms.close();
  await smtp.close();
  await app.close();
  await database.close();
}
