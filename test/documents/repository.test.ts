import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepInRepository } from '../../src/modules/documents/repository.service.ts';
import { getRecordState } from '../../src/modules/records/records.service.ts';
import { contentDigest } from '../../src/platform/canonical-json.ts';
import {
  createTestContext,
  landCorrectionProcedure,
  signInLandCorrectionOfficials,
  type TestContext,
} from '../support/context.ts';
import { multipart } from '../support/multipart.ts';

/**
 * Once-only: a document scanned for one record and a signed result are kept in the applicant's repository
 * at their request; the next record of the same person lists them against its required documents and
 * reuses them, marked reused, without a new upload, by an official who checked the citizen's ID card
 * (audited). Until a verified identity exists the portal shows and accepts nothing of anyone's repository:
 * the personal ID on an online record is only typed.
 */

let ctx: TestContext;
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};
let versionId: string;
let documents: string[];
let ninhKieu: string;

const person = {
  kind: 'citizen',
  fullName: 'Đặng Thị Thu Trang',
  personalId: '092185001234',
  birthDate: '1985-04-12',
  sex: 'female',
};
const auth = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });

async function call(who: string, url: string, payload: object, expected = 200) {
  const res = await ctx.app.inject({ method: 'POST', url, headers: auth(who), payload });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(expected);
  return res.json();
}

async function receive(applicant: object = person) {
  return (
    await call(
      'nk.reception',
      '/api/records',
      {
        type: 'receive',
        checklist: documents.slice(0, 2).map((document) => ({ document, provided: true })),
        opening: {
          procedureVersionId: versionId,
          channel: 'in_person',
          applicant,
          routing: { landParcelUnitCode: '31120' },
        },
      },
      201,
    )
  ).record as { id: string; version: number };
}

async function scan(recordId: string, component: string, text: string) {
  const doc = await PDFDocument.create();
  doc.addPage().drawText(text);
  const body = await multipart({ component }, { bytes: await doc.save(), name: 'scan.pdf' });
  const res = await ctx.app.inject({
    method: 'POST',
    url: `/api/records/${recordId}/documents`,
    payload: body.payload,
    headers: { ...body.headers, ...auth('nk.reception') },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().document as { id: string; sha256: string };
}

beforeAll(async () => {
  ctx = await createTestContext({ SESSION_TTL_HOURS: '720' });
  await signInLandCorrectionOfficials(ctx, 'repo', tokens, users);
  ({ versionId, documents } = await landCorrectionProcedure(ctx));
  ninhKieu = (
    await ctx.database.db
      .selectFrom('agencies')
      .select('id')
      .where('key', '=', '31135-ttpvhcc')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => ctx.close());

describe('the citizen repository', () => {
  let kept: { id: string; sha256: string; component: string; kind: string }[];
  let scanned: { id: string; sha256: string };

  it('keeps a scanned document and a signed result at the applicant’s request', async () => {
    let r = await receive();
    scanned = await scan(r.id, documents[0]!, 'Giay chung nhan goc');
    kept = (
      await call('nk.reception', `/api/records/${r.id}/repository`, {
        documentIds: [scanned.id],
        identityChecked: true,
      })
    ).items;
    expect(kept).toEqual([
      expect.objectContaining({
        kind: 'document',
        component: documents[0],
        sha256: scanned.sha256,
        sourceRecordId: r.id,
      }),
    ]);
    r = (await call('nk.reception', `/api/records/${r.id}/forward`, { version: r.version })).record;
    r = (
      await call('ck.leader', `/api/records/${r.id}/assign`, {
        version: r.version,
        assigneeId: users['ck.specialist'],
      })
    ).record;
    r = (await call('ck.specialist', `/api/records/${r.id}/forward`, { version: r.version })).record;
    r = (await call('ck.leader', `/api/records/${r.id}/approve`, { version: r.version })).record;
    const result = (
      await call(
        'ck.specialist',
        `/api/records/${r.id}/results`,
        { title: 'Giấy chứng nhận đã đính chính', paragraphs: ['Nội dung đính chính.'] },
        201,
      )
    ).result;
    const signed = (
      await call('ck.leader', `/api/records/${r.id}/results/${result.id}/sign`, {
        as: 'agency',
        version: result.version,
      })
    ).result;
    // Keeping the result needs the same ID card attestation as keeping a document (issue 13 #1).
    const unchecked = await ctx.app.inject({
      method: 'POST',
      url: `/api/records/${r.id}/results/${result.id}/keep`,
      headers: auth('ck.specialist'),
      payload: {},
    });
    expect(unchecked.statusCode).toBe(422);
    expect(unchecked.json().errors.map((e: { path: string }) => e.path)).toContain('body.identityChecked');
    kept = (
      await call('ck.specialist', `/api/records/${r.id}/results/${result.id}/keep`, {
        identityChecked: true,
      })
    ).items;
    expect(kept.map((k) => [k.kind, k.sha256])).toEqual([
      ['document', scanned.sha256],
      ['result', signed.sha256],
    ]);
    const again = (
      await call('nk.reception', `/api/records/${r.id}/repository`, {
        documentIds: [scanned.id],
        identityChecked: true,
      })
    ).items;
    expect(again).toHaveLength(2);
  });

  it('lists what the person holds against the next record’s required documents, and reuses it', async () => {
    const next = await receive();
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${next.id}/reusable`,
      headers: auth('nk.reception'),
    });
    expect(res.statusCode).toBe(200);
    const reusable = res.json();
    const first = reusable.components.find((c: { component: string }) => c.component === documents[0]);
    expect(first.items.map((i: { sha256: string }) => i.sha256)).toEqual([scanned.sha256]);
    expect(reusable.other.map((i: { kind: string }) => i.kind)).toEqual(['result']);
    const reused = (
      await call(
        'nk.reception',
        `/api/records/${next.id}/documents/reuse`,
        { itemId: first.items[0].id, component: documents[0], identityChecked: true },
        201,
      )
    ).document;
    expect(reused).toMatchObject({
      origin: 'repository',
      reused: true,
      digitised: true,
      sha256: scanned.sha256,
    });
    const files = await ctx.database.db
      .selectFrom('files')
      .select('sha256')
      .where('sha256', '=', scanned.sha256)
      .execute();
    expect(files).toHaveLength(1);
  });

  it('reuses only after the official attests the ID card check, and audits who reused what for which record', async () => {
    const next = await receive();
    const reusable = (
      await ctx.app.inject({
        method: 'GET',
        url: `/api/records/${next.id}/reusable`,
        headers: auth('nk.reception'),
      })
    ).json();
    const item = reusable.components.find((c: { component: string }) => c.component === documents[0])
      .items[0] as { id: string; kind: string; component: string; sha256: string; sourceRecordId: string };
    const unchecked = await ctx.app.inject({
      method: 'POST',
      url: `/api/records/${next.id}/documents/reuse`,
      headers: auth('nk.reception'),
      payload: { itemId: item.id, component: documents[0] },
    });
    expect(unchecked.statusCode).toBe(422);
    expect(unchecked.json().errors.map((e: { path: string }) => e.path)).toContain('body.identityChecked');
    const reused = (
      await call(
        'nk.reception',
        `/api/records/${next.id}/documents/reuse`,
        { itemId: item.id, component: documents[0], identityChecked: true },
        201,
      )
    ).document as { id: string; component: string };
    const rows = await ctx.database.db
      .selectFrom('auditLog')
      .select(['actorId', 'entityType', 'entityId', 'changeDigest'])
      .where('action', '=', 'repository.reused')
      .where('entityId', '=', next.id)
      .execute();
    expect(rows).toEqual([
      {
        actorId: users['nk.reception'],
        entityType: 'record',
        entityId: next.id,
        changeDigest: contentDigest({
          identityChecked: true,
          items: [
            {
              itemId: item.id,
              kind: item.kind,
              keptAs: item.component,
              sourceRecordId: item.sourceRecordId,
              sha256: item.sha256,
              documentId: reused.id,
              component: reused.component,
            },
          ],
        }),
      },
    ]);
  });

  it('shows and accepts nothing of a person’s repository on the portal, even with their personal ID', async () => {
    const submitted = await ctx.app.inject({
      method: 'POST',
      url: '/api/public/records',
      payload: {
        procedureVersionId: versionId,
        applicant: person,
        routing: { landParcelUnitCode: '31120' },
        receivingAgencyId: ninhKieu,
      },
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const { record, applicantToken } = submitted.json();
    const headers = { 'x-applicant-token': applicantToken };
    const held = await ctx.database.db
      .selectFrom('repositoryItems')
      .selectAll()
      .where('ownerId', '=', person.personalId)
      .orderBy('id')
      .execute();
    expect(held.length).toBeGreaterThan(0);
    const list = await ctx.app.inject({
      method: 'GET',
      url: `/api/public/records/${record.id}/reusable`,
      headers,
    });
    const reuse = await ctx.app.inject({
      method: 'POST',
      url: `/api/public/records/${record.id}/documents/reuse`,
      headers,
      payload: { itemId: held[0]!.id, component: documents[0] },
    });
    const planted = await ctx.app.inject({
      method: 'POST',
      url: `/api/public/records/${record.id}/documents`,
      ...(await (async () => {
        const doc = await PDFDocument.create();
        doc.addPage().drawText('Giay to gia mao');
        const body = await multipart(
          { component: documents[0]! },
          { bytes: await doc.save(), name: 'forged.pdf' },
        );
        return { payload: body.payload, headers: { ...body.headers, ...headers } };
      })()),
    });
    expect(planted.statusCode, planted.body).toBe(201);
    const keep = await ctx.app.inject({
      method: 'POST',
      url: `/api/public/records/${record.id}/repository`,
      headers,
      payload: { documentIds: [planted.json().document.id] },
    });
    for (const res of [list, reuse, keep]) {
      expect(res.statusCode, res.body).toBe(403);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json().code).toBe('repository.identity_unverified');
      for (const h of held) {
        expect(res.body).not.toContain(h.fileSha256);
        expect(res.body).not.toContain(h.fileName);
      }
    }
    const docs = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${record.id}/documents`,
      headers: auth('nk.reception'),
    });
    expect(docs.json().items.map((d: { origin: string }) => d.origin)).toEqual(['online']);
    // The portal's result keeping goes through the same service, which refuses an applicant too.
    const state = await getRecordState(ctx.database.db, record.id);
    await expect(
      keepInRepository(
        ctx.database.db,
        state,
        [{ kind: 'result', component: 'x', fileSha256: held[0]!.fileSha256, fileName: 'x.pdf' }],
        { role: 'applicant', requestId: 'test' },
        new Date(),
      ),
    ).rejects.toMatchObject({ code: 'repository.identity_unverified' });
    expect(
      await ctx.database.db
        .selectFrom('repositoryItems')
        .selectAll()
        .where('ownerId', '=', person.personalId)
        .orderBy('id')
        .execute(),
    ).toEqual(held);
    const slip = await ctx.app.inject({
      method: 'GET',
      url: `/api/public/records/${record.id}/slips/05`,
      headers,
    });
    expect(slip.statusCode).toBe(404);
    expect(slip.json().code).toBe('slip.not_available');
  });

  it('refuses to keep without a personal ID, and to reuse someone else’s item', async () => {
    const anonymous = await receive({ kind: 'citizen', fullName: 'Người Không Số' });
    const doc = await scan(anonymous.id, documents[0]!, 'x');
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/records/${anonymous.id}/repository`,
      headers: auth('nk.reception'),
      payload: { documentIds: [doc.id], identityChecked: true },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('repository.no_owner');
    const other = await receive({
      ...person,
      fullName: 'Lý Văn Khác',
      personalId: '092085001235',
      sex: 'male',
    });
    const theft = await ctx.app.inject({
      method: 'POST',
      url: `/api/records/${other.id}/documents/reuse`,
      headers: auth('nk.reception'),
      payload: { itemId: kept[0]!.id, component: documents[0], identityChecked: true },
    });
    expect(theft.statusCode).toBe(404);
    expect(theft.json().code).toBe('repository.item_not_found');
  });

  it('keeps and lists a file name stored with bidi controls without them (issue 13 #12)', async () => {
    const r = await receive({ ...person, fullName: 'Trần Thị Bidi', personalId: '092185009876' });
    const doc = await scan(r.id, documents[0]!, 'Ten tep cu');
    // Stored before uploads refused such names: "invoice<RLO>fdp.exe" shows as "invoiceexe.pdf".
    const spoofed = 'invoice\u202Efdp.exe\u2066\u200F';
    await ctx.database.db
      .updateTable('recordDocuments')
      .set({ fileName: spoofed })
      .where('id', '=', doc.id)
      .execute();
    const kept = (
      await call('nk.reception', `/api/records/${r.id}/repository`, {
        documentIds: [doc.id],
        identityChecked: true,
      })
    ).items as { fileName: string }[];
    expect(kept.map((i) => i.fileName)).toEqual(['invoicefdp.exe']);
    const next = await receive({ ...person, fullName: 'Trần Thị Bidi', personalId: '092185009876' });
    const listed = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${next.id}/reusable`,
      headers: auth('nk.reception'),
    });
    expect(listed.statusCode).toBe(200);
    expect(listed.body).toContain('invoicefdp.exe');
    expect(listed.body).not.toMatch(
      /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]|\\u20(2[a-e]|6[6-9]|0[ef])/i,
    );
    const stored = await ctx.database.db
      .selectFrom('repositoryItems')
      .select('fileName')
      .where('ownerId', '=', '092185009876')
      .execute();
    expect(stored).toEqual([{ fileName: 'invoicefdp.exe' }]);
  });

  it('keeps at the counter only after the official attests the ID card check, and audits it (issue 13 #1)', async () => {
    const applicant = { ...person, fullName: 'Phạm Thị Kiểm', personalId: '092185005432' };
    const r = await receive(applicant);
    const doc = await scan(r.id, documents[0]!, 'Giay to kiem tra CCCD');
    for (const payload of [{ documentIds: [doc.id] }, { documentIds: [doc.id], identityChecked: false }]) {
      const unchecked = await ctx.app.inject({
        method: 'POST',
        url: `/api/records/${r.id}/repository`,
        headers: auth('nk.reception'),
        payload,
      });
      expect(unchecked.statusCode).toBe(422);
      expect(unchecked.json().errors.map((e: { path: string }) => e.path)).toContain('body.identityChecked');
    }
    const ownedBefore = await ctx.database.db
      .selectFrom('repositoryItems')
      .select('id')
      .where('ownerId', '=', applicant.personalId)
      .execute();
    expect(ownedBefore).toEqual([]);
    await call('nk.reception', `/api/records/${r.id}/repository`, {
      documentIds: [doc.id],
      identityChecked: true,
    });
    const rows = await ctx.database.db
      .selectFrom('auditLog')
      .select(['actorId', 'entityType', 'entityId', 'changeDigest'])
      .where('action', '=', 'repository.kept')
      .where('entityId', '=', r.id)
      .execute();
    expect(rows).toEqual([
      {
        actorId: users['nk.reception'],
        entityType: 'record',
        entityId: r.id,
        changeDigest: contentDigest({
          identityChecked: true,
          items: [{ kind: 'document', component: documents[0], sha256: doc.sha256 }],
        }),
      },
    ]);
  });
});
