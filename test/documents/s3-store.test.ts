import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FileStore, localFileStore, s3FileStore } from '../../src/modules/documents/index.ts';
import { createTestContext, type TestContext } from '../support/context.ts';
import { multipart } from '../support/multipart.ts';

/**
 * The file store port against both implementations: a folder, and an S3-compatible bucket served on
 * loopback by s3rver (an S3 API implementation in JavaScript; the real protocol, signatures included).
 * Then the app on S3: an upload lands in the bucket and downloads byte for byte; with the store down the
 * upload is 503 `file.store_unavailable` and nothing is written.
 */

interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
const S3rver = createRequire(import.meta.url)('s3rver') as new (opts: object) => S3rverInstance;

let server: S3rverInstance;
let directory: string;
let endpoint: string;
const s3Env = () => ({
  MOTCUA_S3_BUCKET: 'motcua',
  MOTCUA_S3_ENDPOINT: endpoint,
  MOTCUA_S3_ACCESS_KEY_ID: 'S3RVER',
  MOTCUA_S3_SECRET_ACCESS_KEY: 'S3RVER',
});

async function startS3() {
  server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: 'motcua' }],
  });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
}

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'motcua-s3rver-'));
  await startS3();
});
afterAll(async () => {
  await server.close().catch(() => {});
});

const stores: [string, () => FileStore][] = [
  ['a folder', () => localFileStore(mkdtempSync(join(tmpdir(), 'motcua-store-')))],
  [
    'an S3-compatible bucket',
    () =>
      s3FileStore({
        endpoint,
        region: 'us-east-1',
        bucket: 'motcua',
        accessKeyId: 'S3RVER',
        secretAccessKey: 'S3RVER',
        forcePathStyle: true,
        prefix: 'test/',
      }),
  ],
];

describe.each(stores)('the file store on %s', (_name, make) => {
  it('gives back the bytes put under a digest, undefined for an unknown one, and takes the same bytes twice', async () => {
    const store = make();
    const bytes = randomBytes(70_000);
    const sha = (await import('node:crypto')).createHash('sha256').update(bytes).digest('hex');
    await store.put(sha, bytes);
    await store.put(sha, bytes);
    expect(Buffer.compare(Buffer.from((await store.get(sha))!), bytes)).toBe(0);
    expect(await store.get('0'.repeat(64))).toBeUndefined();
  });
});

describe('the app with files on S3', () => {
  let ctx: TestContext;
  let token: string;
  let recordId: string;
  let component: string;

  beforeAll(async () => {
    ctx = await createTestContext(s3Env());
    token = await ctx.signIn(['reception'], { agencyKey: '31135-ttpvhcc' });
    const p = (await ctx.app.inject({ method: 'GET', url: '/api/procedures/1.012796' })).json();
    component = p.details.documents[0].name;
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/records',
      headers: { authorization: `Bearer ${token}` },
      payload: {
        type: 'receive',
        checklist: [{ document: component, provided: true }],
        opening: {
          procedureVersionId: p.versionId,
          channel: 'in_person',
          applicant: { kind: 'citizen', fullName: 'Huỳnh Văn Sơn' },
          routing: { landParcelUnitCode: '31120' },
        },
      },
    });
    recordId = res.json().record.id;
  });
  afterAll(() => ctx.close());

  async function upload(text: string) {
    const doc = await PDFDocument.create();
    doc.addPage().drawText(text);
    const pdf = await doc.save();
    const body = await multipart({ component }, { bytes: pdf, name: 'scan.pdf' });
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/records/${recordId}/documents`,
      payload: body.payload,
      headers: { ...body.headers, authorization: `Bearer ${token}` },
    });
    return { res, pdf };
  }

  it('stores an upload in the bucket and serves it back byte for byte', async () => {
    const { res, pdf } = await upload('stored on S3');
    expect(res.statusCode, res.body).toBe(201);
    const sha = res.json().document.sha256 as string;
    const inBucket = readdirSync(directory, { recursive: true }).map(String);
    expect(inBucket.some((p) => p.includes(sha))).toBe(true);
    const back = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${recordId}/documents/${res.json().document.id}/content`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(Buffer.compare(back.rawPayload, Buffer.from(pdf))).toBe(0);
  });

  it('answers 503 file.store_unavailable when the store is down, and writes nothing', async () => {
    await server.close();
    try {
      const count = async () =>
        Number(
          (
            await ctx.database.db
              .selectFrom('recordDocuments')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      const { res } = await upload('while the store is down');
      expect(res.statusCode).toBe(503);
      expect(res.json().code).toBe('file.store_unavailable');
      expect(await count()).toBe(before);
    } finally {
      await startS3();
    }
  });
});
