import { readdirSync } from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, receiveLandCorrection, type TestContext } from '../support/context.ts';
import { EICAR, startFakeClamd } from '../support/fake-clamd.ts';
import { multipart } from '../support/multipart.ts';

/**
 * Record documents through the HTTP API: a counter scan and the applicant's online upload are stored by
 * content, listed with their origin and flags, and downloaded byte for byte; bad files get 422 naming the
 * field and leave nothing behind (no file row, no document row, no bytes in the store).
 */

let ctx: TestContext;
let reception: string;
let versionId: string;
let documents: string[];
let recordId: string;

async function realPdf(text: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText(text);
  return doc.save();
}

function count(table: 'files' | 'recordDocuments' | 'auditLog') {
  return ctx.database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

const storedFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);

async function upload(
  url: string,
  fields: Record<string, string>,
  file?: Parameters<typeof multipart>[1],
  headers = {},
) {
  const body = await multipart(fields, file);
  return ctx.app.inject({
    method: 'POST',
    url,
    payload: body.payload,
    headers: { ...body.headers, ...headers },
  });
}

beforeAll(async () => {
  ctx = await createTestContext({ MOTCUA_MAX_UPLOAD_MB: '1' });
  reception = await ctx.signIn(['reception'], { agencyKey: '31135-ttpvhcc', username: 'nk.docs' });
  const p = (await ctx.app.inject({ method: 'GET', url: '/api/procedures/1.012796' })).json();
  versionId = p.versionId;
  documents = (p.details.documents as { name: string }[]).map((d) => d.name);
  recordId = (await receiveLandCorrection(ctx, reception, { versionId, documents }, 'Trần Thị Bích Ngọc')).id;
});
afterAll(() => ctx.close());

describe('a counter scan', () => {
  it('is stored by its SHA-256, listed with its origin, and downloaded byte for byte', async () => {
    const pdf = await realPdf('Don de nghi dinh chinh');
    const auth = { authorization: `Bearer ${reception}` };
    const res = await upload(
      `/api/records/${recordId}/documents`,
      { component: documents[0]! },
      { bytes: pdf, name: 'Đơn đề nghị.pdf', type: 'image/png' },
      auth,
    );
    expect(res.statusCode, res.body).toBe(201);
    const doc = res.json().document;
    const { createHash } = await import('node:crypto');
    expect(doc).toMatchObject({
      component: documents[0],
      origin: 'counter_scan',
      digitised: true,
      reused: false,
      fileName: 'Đơn đề nghị.pdf',
      mediaType: 'application/pdf',
      sizeBytes: pdf.length,
      sha256: createHash('sha256').update(pdf).digest('hex'),
    });
    const list = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${recordId}/documents`,
      headers: auth,
    });
    expect(list.json().items.map((d: { id: string }) => d.id)).toContain(doc.id);
    const content = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${recordId}/documents/${doc.id}/content`,
      headers: auth,
    });
    expect(content.statusCode).toBe(200);
    expect(content.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(content.rawPayload, Buffer.from(pdf))).toBe(0);
  });

  it('stores the same bytes once even when added twice', async () => {
    const png = await QRCode.toBuffer('H13-260302-0001');
    const auth = { authorization: `Bearer ${reception}` };
    const files = await count('files');
    for (const name of ['scan-1.png', 'scan-2.png']) {
      const res = await upload(
        `/api/records/${recordId}/documents`,
        { component: documents[1]! },
        { bytes: png, name },
        auth,
      );
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().document.mediaType).toBe('image/png');
    }
    expect(await count('files')).toBe(files + 1);
  });

  it('refuses a component that is not among the procedure’s documents', async () => {
    const res = await upload(
      `/api/records/${recordId}/documents`,
      { component: 'Giấy tờ không có trong danh mục' },
      { bytes: await realPdf('x'), name: 'x.pdf' },
      { authorization: `Bearer ${reception}` },
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('document.component_unknown');
    expect(res.json().errors[0].path).toBe('body.component');
  });
});

describe('bad files', () => {
  const cases: [string, () => Promise<{ bytes: Uint8Array; name: string }>, string, string][] = [
    [
      'a fake PDF (wrong magic bytes)',
      async () => ({ bytes: new TextEncoder().encode('%PDX-1.7 not a pdf'), name: 'fake.pdf' }),
      'file.type_not_allowed',
      'body.file',
    ],
    [
      'an oversized file',
      async () => {
        const pdf = await realPdf('big');
        const big = new Uint8Array(1024 * 1024 + 10);
        big.set(pdf);
        return { bytes: big, name: 'big.pdf' };
      },
      'file.too_large',
      'body.file',
    ],
    [
      'a path-traversal file name',
      async () => ({ bytes: await realPdf('x'), name: '../../etc/passwd.pdf' }),
      'file.name_invalid',
      'body.file.filename',
    ],
    [
      'an empty file',
      async () => ({ bytes: new Uint8Array(0), name: 'empty.pdf' }),
      'file.empty',
      'body.file',
    ],
  ];
  for (const [what, make, code, path] of cases) {
    it(`answers ${what} with 422 ${code} and stores nothing`, async () => {
      const before = await Promise.all([count('files'), count('recordDocuments'), count('auditLog')]);
      const stored = storedFiles(ctx.deps.config.MOTCUA_FILES_DIR!).length;
      const res = await upload(
        `/api/records/${recordId}/documents`,
        { component: documents[0]! },
        await make(),
        {
          authorization: `Bearer ${reception}`,
        },
      );
      expect(res.statusCode, res.body).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const problem = res.json();
      expect(problem.code).toBe(code);
      expect(problem.errors[0].path).toBe(path);
      expect(problem.title).toBeTruthy();
      expect(await Promise.all([count('files'), count('recordDocuments'), count('auditLog')])).toEqual(
        before,
      );
      expect(storedFiles(ctx.deps.config.MOTCUA_FILES_DIR!).length).toBe(stored);
    });
  }

  it('answers a request without a file with 422 file.missing', async () => {
    const res = await upload(`/api/records/${recordId}/documents`, { component: documents[0]! }, undefined, {
      authorization: `Bearer ${reception}`,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('file.missing');
  });
});

describe('the applicant’s online upload', () => {
  it('needs the token of their own record and is marked online', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/records',
      payload: {
        procedureVersionId: versionId,
        applicant: { kind: 'citizen', fullName: 'Phạm Văn Bình', phone: '0912000111' },
        routing: { landParcelUnitCode: '31120' },
        receivingAgencyId: (
          await ctx.database.db
            .selectFrom('agencies')
            .select('id')
            .where('key', '=', '31135-ttpvhcc')
            .executeTakeFirstOrThrow()
        ).id,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { record, applicantToken } = res.json();
    const file = { bytes: await realPdf('online'), name: 'so-do.pdf' };
    const wrong = await upload(
      `/api/public/records/${record.id}/documents`,
      { component: documents[0]! },
      file,
      {
        'x-applicant-token': 'x'.repeat(40),
      },
    );
    expect(wrong.statusCode).toBe(404);
    const right = await upload(
      `/api/public/records/${record.id}/documents`,
      { component: documents[0]! },
      file,
      {
        'x-applicant-token': applicantToken,
      },
    );
    expect(right.statusCode, right.body).toBe(201);
    expect(right.json().document).toMatchObject({ origin: 'online', digitised: true, reused: false });
  });
});

describe('virus scanning with clamd', () => {
  it('refuses an infected file, accepts a clean one, and answers 503 when clamd is down', async () => {
    const clamd = await startFakeClamd();
    const scanned = await createTestContext({ MOTCUA_CLAMD: clamd.address });
    try {
      const token = await scanned.signIn(['reception'], { agencyKey: '31135-ttpvhcc' });
      const created = await scanned.app.inject({
        method: 'POST',
        url: '/api/records',
        headers: { authorization: `Bearer ${token}` },
        payload: {
          type: 'receive',
          checklist: [{ document: documents[0]!, provided: true }],
          opening: {
            procedureVersionId: versionId,
            channel: 'in_person',
            applicant: { kind: 'citizen', fullName: 'Lê Văn Cường' },
            routing: { landParcelUnitCode: '31120' },
          },
        },
      });
      const id = created.json().record.id;
      const send = async (bytes: Uint8Array) => {
        const body = await multipart({ component: documents[0]! }, { bytes, name: 'scan.pdf' });
        return scanned.app.inject({
          method: 'POST',
          url: `/api/records/${id}/documents`,
          payload: body.payload,
          headers: { ...body.headers, authorization: `Bearer ${token}` },
        });
      };
      const pdf = await realPdf('clean');
      const infected = new Uint8Array([...pdf, ...new TextEncoder().encode(EICAR)]);
      const bad = await send(infected);
      expect(bad.statusCode).toBe(422);
      expect(bad.json()).toMatchObject({
        code: 'file.infected',
        params: { signature: 'Eicar-Test-Signature' },
      });
      expect((await send(pdf)).statusCode).toBe(201);
      expect(clamd.scans).toBe(2);
      await clamd.close();
      const down = await send(await realPdf('while clamd is down'));
      expect(down.statusCode).toBe(503);
      expect(down.json().code).toBe('file.scan_unavailable');
    } finally {
      await scanned.close();
      await clamd.close().catch(() => {});
    }
  });
});
