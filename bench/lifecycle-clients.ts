/**
 * The load clients of `bench lifecycle`, in a worker thread of their own so that they do not share the app's
 * event loop: N concurrent clients each running complete lifecycles through the HTTP API for a fixed time,
 * over node:http with keep-alive (lighter than fetch, as an external load generator would be).
 */
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

export interface ClientsInput {
  readonly base: string;
  readonly tokens: Record<string, string>;
  readonly specialistId: string;
  readonly procedureVersionId: string;
  readonly checklist: readonly { document: string; provided: boolean }[];
  /** Reception officials nk0…nk{counters-1}, each at a different commune's one-stop department. */
  readonly counters: number;
  /** Client c signs in as counter nk{(firstCounter + c) % counters} (default 0: clients split over apps). */
  readonly firstCounter?: number;
  readonly clients: number;
  readonly seconds: number;
  /**
   * The end-to-end mix (`lifecycle-e2e.ts`), so that every subscriber has work: one lifecycle in `postEvery`
   * returns its result by post (the client stops at the result; Vietnam Post delivers it and closes the
   * record), and one in `civilStatusEvery` is followed by a birth registration received at the same counter
   * (handed over to the civil-status system). Without them, the load is the counter-only one of `lifecycle.ts`.
   */
  readonly postEvery?: number;
  readonly civilStatusEvery?: number;
  readonly birthRegistration?: {
    readonly procedureVersionId: string;
    readonly checklist: readonly { document: string; provided: boolean }[];
    /** Unit code of the applicant's residence (the commune competent for the registration). */
    readonly residenceUnitCode: string;
  };
}

export interface ClientsOutput {
  readonly transitions: number;
  readonly lifecycles: number;
  readonly errors: number;
  readonly elapsed: number;
  readonly latencies: number[];
  /** Lifecycles returned by post (stopped at the result) and birth registrations received. */
  readonly byPost: number;
  readonly civilStatus: number;
  readonly firstErrors: string[];
}

const input = workerData as ClientsInput;
const agent = new Agent({ keepAlive: true, maxSockets: input.clients });
const url = new URL(input.base);

function post(who: string, path: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          authorization: `Bearer ${input.tokens[who]}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve({
              status: res.statusCode ?? 0,
              json: JSON.parse(Buffer.concat(chunks).toString('utf8')),
            });
          } catch (e) {
            reject(e);
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const latencies: number[] = [];

async function call(who: string, path: string, body: unknown) {
  const t = performance.now();
  const { status, json } = await post(who, path, body);
  latencies.push(performance.now() - t);
  const record = (json as { record?: { id: string; version: number } }).record;
  if (status >= 300 || !record) throw new Error(`${path} → ${status} ${JSON.stringify(json).slice(0, 300)}`);
  return record;
}

async function lifecycle(nk: string, withSupplement: boolean, byPost: boolean): Promise<number> {
  let r = await call(nk, '/api/records', {
    type: 'receive',
    checklist: input.checklist,
    ...(byPost ? { returnPoint: { kind: 'post', address: '12 Đường 30/4, phường Ninh Kiều, Cần Thơ' } } : {}),
    opening: {
      procedureVersionId: input.procedureVersionId,
      channel: 'in_person',
      applicant: { kind: 'citizen', fullName: 'Trần Thị Bình', phone: '0912345678' },
      routing: { landParcelUnitCode: '31120' },
    },
  });
  let n = 1;
  const step = async (who: string, action: string, body: object = {}) => {
    r = await call(who, `/api/records/${r.id}/${action}`, { version: r.version, ...body });
    n++;
  };
  await step(nk, 'forward');
  await step('ld', 'assign', { assigneeId: input.specialistId });
  if (withSupplement) {
    await step('sp', 'request-supplement', { reasons: ['Thiếu bản sao'], missingDocuments: [] });
    await step(nk, 'supplement', { documents: ['Bản sao Giấy chứng nhận'] });
  }
  await step('sp', 'forward');
  await step('ld', 'approve');
  await step('sp', 'issue-result', { documents: [{ name: 'Giấy chứng nhận đã đính chính' }] });
  // By post, Vietnam Post returns the result and closes the record (its callback), not the counter.
  if (!byPost) await step(nk, 'return-result', { method: 'counter' });
  return n;
}

/** A birth registration received at the counter: one transition, handed over to the civil-status system. */
async function birthRegistration(nk: string): Promise<number> {
  const b = input.birthRegistration!;
  await call(nk, '/api/records', {
    type: 'receive',
    checklist: b.checklist,
    opening: {
      procedureVersionId: b.procedureVersionId,
      channel: 'in_person',
      applicant: { kind: 'citizen', fullName: 'Lê Văn Khai', phone: '0912345678' },
      routing: { residenceUnitCode: b.residenceUnitCode },
    },
  });
  return 1;
}

let transitions = 0;
let lifecycles = 0;
let errors = 0;
let byPost = 0;
let civilStatus = 0;
const firstErrors: string[] = [];
const end = performance.now() + input.seconds * 1000;
const started = performance.now();
await Promise.all(
  Array.from({ length: input.clients }, async (_, c) => {
    for (let i = 0; performance.now() < end; i++) {
      try {
        // About one lifecycle in ten with a supplement round trip. (Awaited first: `x += await …` would
        // read x before the wait and lose the other clients' additions.)
        const nk = `nk${((input.firstCounter ?? 0) + c) % input.counters}`;
        const post = input.postEvery !== undefined && (c * 3 + i) % input.postEvery === 0;
        const n = await lifecycle(nk, (c * 7 + i) % 10 === 0, post);
        transitions += n;
        lifecycles++;
        if (post) byPost++;
        if (input.birthRegistration && input.civilStatusEvery && (c * 5 + i) % input.civilStatusEvery === 0) {
          const m = await birthRegistration(nk);
          transitions += m;
          civilStatus++;
        }
      } catch (e) {
        errors++;
        if (firstErrors.length < 3) firstErrors.push((e as Error).message);
      }
    }
  }),
);
agent.destroy();
const output: ClientsOutput = {
  transitions,
  lifecycles,
  errors,
  elapsed: (performance.now() - started) / 1000,
  latencies: latencies.sort((a, b) => a - b),
  firstErrors,
  byPost,
  civilStatus,
};
parentPort?.postMessage(output);
