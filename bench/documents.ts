/**
 * Documents: official slips rendered per second (the receipt, 01, with embedded Vietnamese font and QR),
 * against a minimal one-line PDF in a standard font made in the same run; and PAdES sign + verify per
 * second (one agency signature on a receipt, then full verification), against raw RSA-2048 SHA-256
 * sign + verify of the same bytes with WebCrypto, the cryptographic floor.
 *
 * `npm run motcua -- bench documents`
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { decide, project, RecordCommand, type RecordState } from '../src/core/records/index.ts';
import { CODES, citizen, context, procedure, staff, vn } from '../src/core/records/test-fixtures.ts';
import { buildSlip } from '../src/core/slips/index.ts';
import { renderSlip } from '../src/modules/documents/index.ts';
import { folderKeyStore, signPdf, verifyPdf } from '../src/modules/signing/index.ts';
import { createProgress } from '../src/platform/progress.ts';
import { round, writeResult } from './support.ts';

async function rate(
  label: string,
  seconds: number,
  fn: () => Promise<unknown>,
  bar: ReturnType<typeof createProgress>,
) {
  for (let i = 0; i < 5; i++) await fn();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    await fn();
    n++;
  }
  bar.increment();
  return { label, perSecond: (n / (performance.now() - start)) * 1000, n };
}

export async function run(env: Record<string, string | undefined>): Promise<void> {
  const seconds = Number(env.SECONDS ?? 5);
  const bar = createProgress();
  bar.start(4, 'documents');
  const now = vn('2026-03-02', '10:00');
  const documents = procedure(CODES.landCorrection).documents;
  const decision = decide(
    null,
    RecordCommand.parse({
      type: 'receive',
      checklist: documents.map((document) => ({ document, provided: true, originals: 1 })),
      returnPoint: { kind: 'counter', agencyId: '31135-ttpvhcc' },
      opening: {
        procedureVersionId: `${CODES.landCorrection}@1`,
        channel: 'in_person',
        applicant: { ...citizen, address: 'Số 12 đường Trần Hưng Đạo, phường Ninh Kiều' },
        routing: { landParcelUnitCode: '31120' },
      },
    }),
    staff.ninhKieuReception,
    { ...context(now), receptionSequence: 1 },
  );
  if (!decision.ok) throw new Error(JSON.stringify(decision.error));
  const state = project(decision.events) as RecordState;
  const received = decision.events.find((e) => e.type === 'received')!;
  const names = {
    procedureName: 'Đính chính Giấy chứng nhận đã cấp lần đầu có sai sót',
    agencyName: (id: string | null | undefined) =>
      id === '31120-ubnd'
        ? 'Ủy ban nhân dân phường Cái Khế'
        : 'Trung tâm Phục vụ hành chính công phường Ninh Kiều',
    personName: () => 'Trần Thị Tiếp Nhận',
    province: 'thành phố Cần Thơ',
  };
  const slip = buildSlip('01', state, received, names);

  const slips = await rate('slip 01', seconds, () => renderSlip(slip), bar);
  const minimal = await rate(
    'minimal PDF',
    seconds,
    async () => {
      const doc = await PDFDocument.create();
      doc.addPage().drawText('Giay tiep nhan ho so', { font: await doc.embedFont(StandardFonts.Helvetica) });
      return doc.save();
    },
    bar,
  );

  const keys = folderKeyStore({
    dir: mkdtempSync(join(tmpdir(), 'motcua-bench-pki-')),
    password: 'bench',
    demo: true,
    now: () => now,
  });
  const identity = await keys.identity({
    kind: 'agency',
    code: 'H13.102',
    name: 'Ủy ban nhân dân phường Cái Khế',
  });
  const anchors = await keys.anchors();
  const { PDFDocument: Doc } = await import('pdf-lib');
  const pdf = await (await Doc.load(await renderSlip(slip))).save({ useObjectStreams: false });
  let lastValid = false;
  const signVerify = await rate(
    'PAdES sign + verify',
    seconds,
    async () => {
      const signed = await signPdf(pdf, identity, { reason: 'bench', location: 'Can Tho', signingTime: now });
      lastValid = (await verifyPdf(signed, anchors)).valid;
    },
    bar,
  );
  if (!lastValid) throw new Error('a signature made in the benchmark did not verify');
  const { subtle } = globalThis.crypto;
  const pair = await subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    },
    false,
    ['sign', 'verify'],
  );
  const bytes = pdf.slice();
  const raw = await rate(
    'raw RSA sign + verify',
    seconds,
    async () => {
      const sig = await subtle.sign('RSASSA-PKCS1-v1_5', pair.privateKey, bytes);
      if (!(await subtle.verify('RSASSA-PKCS1-v1_5', pair.publicKey, sig, bytes)))
        throw new Error('raw verify failed');
    },
    bar,
  );
  bar.stop();
  writeResult('documents', {
    seconds,
    slipBytes: (await renderSlip(slip)).length,
    slips: {
      perSecond: round(slips.perSecond, 1),
      baselineMinimalPdfPerSecond: round(minimal.perSecond, 1),
      ratio: round(slips.perSecond / minimal.perSecond),
    },
    signAndVerify: {
      perSecond: round(signVerify.perSecond, 1),
      baselineRawRsaSignVerifyPerSecond: round(raw.perSecond, 1),
      ratio: round(signVerify.perSecond / raw.perSecond),
    },
  });
}
