import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { FaultSetting } from '../fault-switch.ts';
import { AckBody, LookupBody, PushBody, WireSubmission } from './dvcqg.ts';
import { FAULTS, FakePortal, type Fault } from './fake.ts';

/** A running fake portal: its address, its state (tests read the log directly) and how to stop it. */
export interface RunningFakePortal {
  readonly url: string;
  readonly fake: FakePortal;
  /** The port asked for when it was taken and `orFreePort` made it listen on a free one instead. */
  readonly takenPort?: number;
  close(): Promise<void>;
}

const FaultBody = z.object({
  fault: z.enum(FAULTS),
  next: z.number().int().min(0).optional(),
  rate: z.number().min(0).max(1).optional(),
  ms: z.number().int().min(0).max(600_000).optional(),
});

const DemoSubmission = WireSubmission.partial().extend({
  MaTTHC: z.string().min(1),
  MaDonVi: z.string().min(1),
});

/**
 * The fake national portal as its own HTTP server: the API `dvcqg.ts` speaks, in-memory state, faults
 * switchable at run time (POST /control/faults {fault, next?, rate?, ms?}; DELETE /control/faults), a log
 * of applied status changes per record and per idempotency key (GET /control/log), and a way to submit a
 * record on it (POST /control/submissions {MaTTHC, MaDonVi, …}) so that the pull has something to fetch.
 */
export async function startFakePortal(
  opts: { port?: number; host?: string; fake?: FakePortal; orFreePort?: boolean } = {},
): Promise<RunningFakePortal> {
  const fake = opts.fake ?? new FakePortal();
  const app = Fastify({ logger: false });
  // Held answers end at once when the server closes (a held timeout then drops its connection).
  const holds = new Map<NodeJS.Timeout, () => void>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        holds.delete(t);
        resolve();
      }, ms);
      holds.set(t, resolve);
    });
  const drop = (reply: FastifyReply, req: FastifyRequest) => {
    reply.hijack();
    req.raw.socket.destroy();
  };

  /** Runs an API call through the faults; `apply` does what the portal does. */
  async function faulty(req: FastifyRequest, reply: FastifyReply, apply: () => unknown) {
    const reorder = fake.strikes('reorder');
    if (reorder) await sleep(Math.floor(Math.random() * (reorder.ms ?? 200)));
    const slow = fake.strikes('slow');
    if (slow) await sleep(slow.ms ?? 2000);
    const timeout = fake.strikes('timeout');
    if (timeout) {
      await sleep(timeout.ms ?? 60_000);
      return drop(reply, req);
    }
    if (fake.strikes('error'))
      return reply.code(503).send({ MaLoi: 'HeThongBan', ThongDiep: 'Service unavailable' });
    if (fake.strikes('refuse'))
      return reply.code(422).send({ MaLoi: 'DuLieuKhongHopLe', ThongDiep: 'Refused' });
    const answer = apply();
    if (fake.strikes('lost_answer')) return drop(reply, req);
    return reply.send(answer);
  }

  const invalid = (reply: FastifyReply, error: z.ZodError) =>
    reply.code(422).send({ MaLoi: 'DuLieuKhongHopLe', ThongDiep: error.issues[0]?.message ?? 'invalid' });

  app.post('/api/hoso/trangthai', async (req, reply) => {
    const body = PushBody.safeParse(req.body);
    if (!body.success) return invalid(reply, body.error);
    return faulty(req, reply, () => ({ KetQua: fake.push(body.data) }));
  });
  app.get('/api/hoso/moi', async (req, reply) => {
    const q = req.query as { ViTri?: string; SoLuong?: string };
    const limit = Math.min(500, Math.max(1, Number(q.SoLuong) || 50));
    return faulty(req, reply, () => fake.page(q.ViTri, limit));
  });
  app.post('/api/hoso/xacnhan', async (req, reply) => {
    const body = AckBody.safeParse(req.body);
    if (!body.success) return invalid(reply, body.error);
    return faulty(req, reply, () => ({ SoLuong: fake.acknowledge(body.data) }));
  });
  app.post('/api/hoso/tracuu', async (req, reply) => {
    const body = LookupBody.safeParse(req.body);
    if (!body.success) return invalid(reply, body.error);
    return faulty(req, reply, () => fake.lookup(body.data.DanhSachMaHoSo));
  });

  app.post('/control/faults', async (req, reply) => {
    const body = FaultBody.safeParse(req.body);
    if (!body.success) return reply.code(422).send({ error: body.error.issues[0]?.message });
    const { fault, ...setting } = body.data;
    fake.setFault(fault as Fault, setting as FaultSetting);
    return { ok: true };
  });
  app.delete('/control/faults', async () => {
    fake.clearFaults();
    return { ok: true };
  });
  app.get('/control/log', async () => fake.log());
  app.post('/control/submissions', async (req, reply) => {
    const body = DemoSubmission.safeParse(req.body ?? {});
    if (!body.success) return reply.code(422).send({ error: body.error.issues[0]?.message });
    return reply.code(201).send(fake.submit(body.data as Parameters<FakePortal['submit']>[0]));
  });
  app.get('/', async () => ({
    name: 'Motcua fake national public service portal (Cổng DVCQG)',
    api: ['POST /api/hoso/trangthai', 'GET /api/hoso/moi', 'POST /api/hoso/xacnhan', 'POST /api/hoso/tracuu'],
    control: [
      'POST /control/faults',
      'DELETE /control/faults',
      'GET /control/log',
      'POST /control/submissions',
    ],
    faults: FAULTS,
  }));

  const host = opts.host ?? '127.0.0.1';
  let address: string;
  let takenPort: number | undefined;
  try {
    address = await app.listen({ port: opts.port ?? 0, host });
  } catch (e) {
    // `npm start`'s fixed port (MOTCUA_PORTAL_FAKE_PORT) taken, e.g. by a second checkout: any free port
    // does for a fake the process itself talks to.
    if (!opts.orFreePort || (e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    takenPort = opts.port;
    address = await app.listen({ port: 0, host });
  }
  return {
    url: address,
    fake,
    ...(takenPort !== undefined ? { takenPort } : {}),
    async close() {
      for (const [t, resolve] of holds) {
        clearTimeout(t);
        resolve();
      }
      holds.clear();
      await app.close();
    },
  };
}
