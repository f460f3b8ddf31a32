import { PDFDocument } from 'pdf-lib';
import { expect } from 'vitest';
import type { App } from '../../src/platform/http/index.ts';
import type { TestContext } from '../support/context.ts';
import { multipart } from '../support/multipart.ts';
import { setCookies } from './sso-support.ts';

/** The demo citizens of the development provider, as an official types them at the counter. */
export const AN = {
  kind: 'citizen',
  fullName: 'Nguyễn Văn An',
  personalId: '092085001234',
  birthDate: '1985-03-14',
  sex: 'male',
} as const;
export const BICH = {
  kind: 'citizen',
  fullName: 'Trần Thị Bích',
  personalId: '092192004321',
  birthDate: '1992-11-02',
  sex: 'female',
} as const;

/** Starts a citizen sign-in at Motcua: the provider URL it redirects to and the state cookie it set. */
export async function startCitizen(app: App, returnTo?: string) {
  const res = await app.inject({
    method: 'GET',
    url: `/api/citizen/auth/login${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`,
  });
  if (res.statusCode !== 302) throw new Error(`citizen login: ${res.statusCode} ${res.body}`);
  return { location: String(res.headers.location), stateCookie: setCookies(res).motcua_citizen_state! };
}

/** Hands the provider's redirect back to the citizen callback, with the state cookie as a browser would. */
export function citizenCallback(app: App, url: string, stateCookie: string | undefined, accept?: string) {
  const u = new URL(url);
  return app.inject({
    method: 'GET',
    url: `${u.pathname}${u.search}`,
    cookies: stateCookie ? { motcua_citizen_state: stateCookie } : {},
    headers: accept ? { accept } : {},
  });
}

/** POSTs `payload` to `url` as the official `who` (their token), expects success, returns the answer. */
function poster(ctx: TestContext, tokens: Record<string, string>) {
  return async (who: string, url: string, payload: object) => {
    const res = await ctx.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${tokens[who]}` },
      payload,
    });
    expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
    return res.json();
  };
}

/**
 * A land-correction record (1.012796) taken through to its issued, signed result: received at the Ninh Kiều
 * counter for `applicant`, decided by UBND phường Cái Khế. Returns the record and the signed result.
 */
export async function issuedRecordFor(
  ctx: TestContext,
  tokens: Record<string, string>,
  users: Record<string, string>,
  procedure: { versionId: string; documents: string[] },
  applicant: object,
) {
  const ok = poster(ctx, tokens);
  let r = (
    await ok('nk.reception', '/api/records', {
      type: 'receive',
      checklist: procedure.documents.slice(0, 2).map((document) => ({ document, provided: true })),
      opening: {
        procedureVersionId: procedure.versionId,
        channel: 'in_person',
        applicant,
        routing: { landParcelUnitCode: '31120' },
      },
    })
  ).record;
  const received = r;
  r = (await ok('nk.reception', `/api/records/${r.id}/forward`, { version: r.version })).record;
  r = (
    await ok('ck.leader', `/api/records/${r.id}/assign`, {
      version: r.version,
      assigneeId: users['ck.specialist'],
    })
  ).record;
  r = (await ok('ck.specialist', `/api/records/${r.id}/forward`, { version: r.version })).record;
  r = (await ok('ck.leader', `/api/records/${r.id}/approve`, { version: r.version })).record;
  let result = (
    await ok('ck.specialist', `/api/records/${r.id}/results`, {
      title: 'Quyết định đính chính Giấy chứng nhận',
      number: '127/QĐ-UBND',
      paragraphs: ['Đính chính thông tin thửa đất số 46, tờ bản đồ số 12.'],
    })
  ).result;
  result = (
    await ok('ck.specialist', `/api/records/${r.id}/results/${result.id}/sign`, {
      as: 'agency',
      version: result.version,
    })
  ).result;
  r = (
    await ok('ck.specialist', `/api/records/${r.id}/issue-result`, {
      version: r.version,
      documents: [{ name: 'Quyết định đính chính Giấy chứng nhận', number: '127/QĐ-UBND' }],
    })
  ).record;
  return {
    record: r as { id: string; code: string },
    received,
    result: result as { id: string; sha256: string },
  };
}

/** Receives a record at the counter for `applicant`, scans one document and keeps it in their repository. */
export async function keptDocumentFor(
  ctx: TestContext,
  receptionToken: string,
  procedure: { versionId: string; documents: string[] },
  applicant: object,
  text: string,
) {
  const auth = { authorization: `Bearer ${receptionToken}` };
  const received = await ctx.app.inject({
    method: 'POST',
    url: '/api/records',
    headers: auth,
    payload: {
      type: 'receive',
      checklist: procedure.documents.slice(0, 2).map((document) => ({ document, provided: true })),
      opening: {
        procedureVersionId: procedure.versionId,
        channel: 'in_person',
        applicant,
        routing: { landParcelUnitCode: '31120' },
      },
    },
  });
  expect(received.statusCode, received.body).toBe(201);
  const record = received.json().record as { id: string };
  const doc = await PDFDocument.create();
  doc.addPage().drawText(text);
  const body = await multipart(
    { component: procedure.documents[0]! },
    { bytes: await doc.save(), name: 'giay-chung-nhan.pdf' },
  );
  const scanned = await ctx.app.inject({
    method: 'POST',
    url: `/api/records/${record.id}/documents`,
    payload: body.payload,
    headers: { ...body.headers, ...auth },
  });
  expect(scanned.statusCode, scanned.body).toBe(201);
  const document = scanned.json().document as { id: string; sha256: string };
  const kept = await ctx.app.inject({
    method: 'POST',
    url: `/api/records/${record.id}/repository`,
    headers: auth,
    payload: { documentIds: [document.id], identityChecked: true },
  });
  expect(kept.statusCode, kept.body).toBe(200);
  return { record, document };
}

/** A land-correction record received for `applicant` whose competent agency asks for a fee (awaiting payment). */
export async function paymentRequestedFor(
  ctx: TestContext,
  tokens: Record<string, string>,
  users: Record<string, string>,
  procedure: { versionId: string; documents: string[] },
  applicant: object,
) {
  const post = poster(ctx, tokens);
  const ok = async (who: string, url: string, payload: object) =>
    (await post(who, url, payload)).record as { id: string; version: number; status: string };
  let r = await ok('nk.reception', '/api/records', {
    type: 'receive',
    checklist: procedure.documents.slice(0, 2).map((document) => ({ document, provided: true })),
    opening: {
      procedureVersionId: procedure.versionId,
      channel: 'in_person',
      applicant,
      routing: { landParcelUnitCode: '31120' },
    },
  });
  r = await ok('nk.reception', `/api/records/${r.id}/forward`, { version: r.version });
  r = await ok('ck.leader', `/api/records/${r.id}/assign`, {
    version: r.version,
    assigneeId: users['ck.specialist'],
  });
  r = await ok('ck.specialist', `/api/records/${r.id}/request-payment`, {
    version: r.version,
    items: [{ description: 'Lệ phí cấp Giấy chứng nhận', amountVnd: 50_000 }],
  });
  return r;
}
