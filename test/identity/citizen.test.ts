import { createHash } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEV_SSO_CLIENT,
  IDP_DEMO_PASSWORD,
  type SpawnedIdentityProvider,
  spawnIdentityProvider,
} from '../../src/modules/identity/provider/index.ts';
import {
  createTestContext,
  landCorrectionProcedure,
  signInLandCorrectionOfficials,
  type TestContext,
} from '../support/context.ts';
import { multipart } from '../support/multipart.ts';
import {
  AN,
  BICH,
  citizenCallback,
  issuedRecordFor,
  keptDocumentFor,
  paymentRequestedFor,
  startCitizen,
} from './citizen-support.ts';
import { freePort, IdpBrowser, setCookies } from './sso-support.ts';

/**
 * Citizens' e-ID sign-in against the development provider's VNeID issuer running as its own process
 * (`motcua idp`): authorization code + PKCE, the citizen account bound to the verified personal ID, the
 * citizen's own session cookie, "Hồ sơ của tôi" (records received at a counter and online for that personal
 * ID, slips, signed results), the repository open to its verified owner only, and logout (RP-initiated and
 * back-channel).
 */

let idp: SpawnedIdentityProvider;
let ctx: TestContext;
let base: string;
const tokens: Record<string, string> = {};
const users: Record<string, string> = {};
let procedure: { versionId: string; documents: string[] };
let ninhKieu: string;

/** Signs in at VNeID as `personalId` (unless its session is still on) and comes back to Motcua. */
async function citizenSignIn(personalId: string, browser = new IdpBrowser(), returnTo?: string) {
  const { location, stateCookie } = await startCitizen(ctx.app, returnTo);
  const back = await browser.follow(location, base, { login: personalId, password: IDP_DEMO_PASSWORD });
  const res = await citizenCallback(ctx.app, back, stateCookie);
  return { res, back, stateCookie, browser, cookie: setCookies(res).motcua_citizen };
}

const asCitizen = (cookie: string | undefined, url: string) =>
  ctx.app.inject({ method: 'GET', url, cookies: cookie ? { motcua_citizen: cookie } : {} });

async function draftFor(applicant: object) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/public/records?draft=true',
    payload: {
      procedureVersionId: procedure.versionId,
      applicant: { ...applicant, phone: '0912 000 789' },
      routing: { landParcelUnitCode: '31120' },
      receivingAgencyId: ninhKieu,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { record: { id: string }; applicantToken: string };
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  idp = await spawnIdentityProvider({ port: 0, motcuaUrl: base, ...DEV_SSO_CLIENT });
  ctx = await createTestContext({
    MOTCUA_VNEID_ISSUER: idp.vneidIssuer,
    MOTCUA_VNEID_CLIENT_ID: DEV_SSO_CLIENT.clientId,
    MOTCUA_VNEID_CLIENT_SECRET: DEV_SSO_CLIENT.clientSecret,
    MOTCUA_SSO_REDIRECT_BASE: base,
    SESSION_TTL_HOURS: '720',
  });
  // Back-channel logout comes from the provider over HTTP.
  await ctx.app.listen({ host: '127.0.0.1', port });
  await signInLandCorrectionOfficials(ctx, 'citizen', tokens, users);
  procedure = await landCorrectionProcedure(ctx);
  ninhKieu = (
    await ctx.database.db
      .selectFrom('agencies')
      .select('id')
      .where('key', '=', '31135-ttpvhcc')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await ctx?.close();
  await idp?.close();
});

describe('citizen e-ID sign-in', () => {
  it('says e-ID sign-in is on and redirects to VNeID with PKCE, state, nonce and the citizen scopes', async () => {
    const status = await ctx.app.inject({ method: 'GET', url: '/api/citizen/auth' });
    expect(status.json()).toEqual({ enabled: true, issuer: idp.vneidIssuer });
    const { location, stateCookie } = await startCitizen(ctx.app);
    const url = new URL(location);
    expect(url.origin + url.pathname).toBe(`${idp.vneidIssuer}/auth`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('state')).toBe(stateCookie);
    expect(url.searchParams.get('nonce')).toMatch(/.{20,}/);
    expect(url.searchParams.get('scope')).toBe('openid profile address citizen');
    expect(url.searchParams.get('redirect_uri')).toBe(`${base}/api/citizen/auth/callback`);
  });

  it('binds the account to the verified personal ID on the first sign-in, and the same one after', async () => {
    const { res, cookie } = await citizenSignIn(AN.personalId);
    expect(res.statusCode, res.body).toBe(302);
    expect(res.headers.location).toBe('/ho-so-cua-toi');
    const me = await asCitizen(cookie, '/api/citizen/me');
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json()).toMatchObject({
      personalId: AN.personalId,
      fullName: AN.fullName,
      birthDate: AN.birthDate,
      sex: 'male',
      address: '12 Hai Bà Trưng, phường Ninh Kiều, thành phố Cần Thơ',
      identityLevel: 2,
    });
    const again = await citizenSignIn(AN.personalId);
    expect((await asCitizen(again.cookie, '/api/citizen/me')).json().personalId).toBe(AN.personalId);
    const rows = await ctx.database.db
      .selectFrom('citizens')
      .select(['personalId', 'subject'])
      .where('personalId', '=', AN.personalId)
      .execute();
    expect(rows).toEqual([{ personalId: AN.personalId, subject: `vneid-${AN.personalId}` }]);
    const audit = await ctx.database.db
      .selectFrom('auditLog')
      .select('action')
      .where('actorRole', '=', 'citizen')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['citizen.created', 'citizen.signed_in']),
    );
  });

  it('goes back to the page the citizen came from, and only to a page of this site', async () => {
    const here = await citizenSignIn(BICH.personalId, new IdpBrowser(), '/nop-ho-so/1.012796');
    expect(here.res.headers.location).toBe('/nop-ho-so/1.012796');
    const elsewhere = await citizenSignIn(BICH.personalId, new IdpBrowser(), '//evil.example/x');
    expect(elsewhere.res.headers.location).toBe('/ho-so-cua-toi');
  });

  it("keeps the citizen's session apart from officials' sessions", async () => {
    const { cookie } = await citizenSignIn(AN.personalId);
    const asOfficial = await ctx.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      cookies: { motcua_citizen: cookie! },
    });
    expect(asOfficial.statusCode).toBe(401);
    const worklist = await ctx.app.inject({
      method: 'GET',
      url: '/api/records?limit=5',
      cookies: { motcua_citizen: cookie! },
    });
    expect(worklist.statusCode).toBe(401);
    // An official's session token in the citizen's cookie is nobody.
    const official = await asCitizen(tokens['nk.reception'], '/api/citizen/me');
    expect(official.statusCode).toBe(401);
    expect(official.json().code).toBe('citizen.unauthenticated');
  });

  it('refuses a replayed state, a state without its cookie, and an officials’ state at the citizen callback', async () => {
    const first = await citizenSignIn(BICH.personalId);
    expect(first.res.statusCode).toBe(302);
    const replay = await citizenCallback(ctx.app, first.back, first.stateCookie);
    expect(replay.statusCode).toBe(422);
    expect(replay.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(replay.json()).toMatchObject({ code: 'sso.state_invalid', status: 422 });

    const { location, stateCookie } = await startCitizen(ctx.app);
    const back = await new IdpBrowser().follow(location, base, {
      login: BICH.personalId,
      password: IDP_DEMO_PASSWORD,
    });
    expect((await citizenCallback(ctx.app, back, undefined)).json().code).toBe('sso.state_invalid');
    const html = await citizenCallback(ctx.app, back, undefined, 'text/html');
    expect(html.headers.location).toBe('/ho-so-cua-toi?login_error=sso.state_invalid');
    // The state is still unused (the refusals above did not take it): the officials' callback cannot take it.
    const u = new URL(back);
    const crossed = await ctx.app.inject({
      method: 'GET',
      url: `/api/auth/sso/callback${u.search}`,
      cookies: { motcua_sso_state: stateCookie },
    });
    expect(crossed.statusCode).toBe(404); // no city SSO configured here: refused before any state is read
    const rows = await ctx.database.db
      .selectFrom('ssoLoginStates')
      .select(['flow'])
      .where('state', '=', stateCookie)
      .execute();
    expect(rows).toEqual([]);
  });

  it('answers 401 citizen.unauthenticated to every citizen route without a session', async () => {
    for (const url of [
      '/api/citizen/me',
      '/api/citizen/records',
      '/api/citizen/repository',
      '/api/citizen/records/01900000-0000-7000-8000-000000000001',
    ]) {
      const res = await asCitizen(undefined, url);
      expect(res.statusCode, url).toBe(401);
      expect(res.json().code).toBe('citizen.unauthenticated');
      const forged = await asCitizen('f'.repeat(43), url);
      expect(forged.statusCode, url).toBe(401);
    }
    const out = await ctx.app.inject({ method: 'POST', url: '/api/citizen/auth/logout' });
    expect(out.statusCode).toBe(401);
  });
});

describe('Hồ sơ của tôi', () => {
  let issued: Awaited<ReturnType<typeof issuedRecordFor>>;
  let an: string;
  let bich: string;

  beforeAll(async () => {
    issued = await issuedRecordFor(ctx, tokens, users, procedure, AN);
    an = (await citizenSignIn(AN.personalId)).cookie!;
    bich = (await citizenSignIn(BICH.personalId)).cookie!;
  });

  it('lists the record received at a counter for my personal ID, with its status and appointment', async () => {
    const online = await draftFor(AN);
    const submitted = await ctx.app.inject({
      method: 'POST',
      url: `/api/public/records/${online.record.id}/submit`,
      headers: { 'x-applicant-token': online.applicantToken },
      payload: { version: 1 },
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    const res = await asCitizen(an, '/api/citizen/records');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const items = res.json().items as { id: string; channel: string }[];
    expect(items).toContainEqual(
      expect.objectContaining({
        id: issued.record.id,
        code: issued.record.code,
        channel: 'in_person',
        procedureCode: '1.012796',
        status: 'result_ready',
        resultIssued: true,
        paymentDue: false,
        appointment: expect.objectContaining({ dueAt: expect.any(String) }),
      }),
    );
    expect(items).toContainEqual(expect.objectContaining({ id: online.record.id, channel: 'online' }));
    expect(items[0]!.channel).toBeDefined();
    const detail = await asCitizen(an, `/api/citizen/records/${issued.record.id}`);
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json()).toMatchObject({
      id: issued.record.id,
      code: issued.record.code,
      applicantName: AN.fullName,
      payment: null,
    });
    expect(detail.json().steps.length).toBeGreaterThan(0);
  });

  it('downloads the signed result and the receipt slip of my record', async () => {
    const list = await asCitizen(an, `/api/citizen/records/${issued.record.id}/results`);
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([issued.result.id]);
    const file = await asCitizen(an, `/api/citizen/records/${issued.record.id}/results/${issued.result.id}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="ket-qua-/);
    expect(createHash('sha256').update(file.rawPayload).digest('hex')).toBe(issued.result.sha256);
    const slips = await asCitizen(an, `/api/citizen/records/${issued.record.id}/slips`);
    expect(slips.statusCode, slips.body).toBe(200);
    expect(slips.json().items.map((s: { form: string }) => s.form)).toContain('01');
    const receipt = await asCitizen(an, `/api/citizen/records/${issued.record.id}/slips/01`);
    expect(receipt.statusCode).toBe(200);
    expect(receipt.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('shows the fee the agency asks for, until it is paid', async () => {
    const r = await paymentRequestedFor(ctx, tokens, users, procedure, AN);
    expect(r.status).toBe('awaiting_payment');
    const list = await asCitizen(an, '/api/citizen/records');
    expect(list.json().items).toContainEqual(
      expect.objectContaining({
        id: r.id,
        status: 'awaiting_payment',
        paymentDue: true,
        resultIssued: false,
      }),
    );
    const detail = await asCitizen(an, `/api/citizen/records/${r.id}`);
    expect(detail.json().payment).toMatchObject({
      totalVnd: 50_000,
      confirmedAt: null,
      items: [{ description: 'Lệ phí cấp Giấy chứng nhận', amountVnd: 50_000 }],
    });
  });

  it('keeps the signed result of my record in my repository; another citizen cannot', async () => {
    const url = `/api/citizen/records/${issued.record.id}/results/${issued.result.id}/keep`;
    const post = (cookie: string) =>
      ctx.app.inject({ method: 'POST', url, cookies: { motcua_citizen: cookie } });
    const refused = await post(bich);
    expect(refused.statusCode).toBe(404);
    expect(refused.json().code).toBe('record.not_found');
    const res = await post(an);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toContainEqual(
      expect.objectContaining({
        kind: 'result',
        sha256: issued.result.sha256,
        sourceRecordId: issued.record.id,
      }),
    );
    const audit = await ctx.database.db
      .selectFrom('auditLog')
      .select(['actorRole'])
      .where('action', '=', 'repository.kept')
      .where('entityId', '=', issued.record.id)
      .execute();
    expect(audit).toEqual([{ actorRole: 'applicant' }]);
  });

  it('shows another citizen nothing of mine: not in the list, and 404 on every record route', async () => {
    const list = await asCitizen(bich, '/api/citizen/records');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((i: { id: string }) => i.id)).not.toContain(issued.record.id);
    for (const url of [
      `/api/citizen/records/${issued.record.id}`,
      `/api/citizen/records/${issued.record.id}/results`,
      `/api/citizen/records/${issued.record.id}/results/${issued.result.id}`,
      `/api/citizen/records/${issued.record.id}/slips`,
      `/api/citizen/records/${issued.record.id}/slips/01`,
    ]) {
      const res = await asCitizen(bich, url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().code).toBe('record.not_found');
      expect(res.body).not.toContain(AN.fullName);
    }
  });
});

describe('the repository, open on the portal to its verified owner only', () => {
  let kept: Awaited<ReturnType<typeof keptDocumentFor>>;
  let an: string;
  let bich: string;

  beforeAll(async () => {
    kept = await keptDocumentFor(ctx, tokens['nk.reception']!, procedure, AN, 'Giay chung nhan cua An');
    an = (await citizenSignIn(AN.personalId)).cookie!;
    bich = (await citizenSignIn(BICH.personalId)).cookie!;
  });

  it('lists my kept documents and reuses one in a new online submission (audited as e-ID)', async () => {
    const mine = await asCitizen(an, '/api/citizen/repository');
    expect(mine.statusCode).toBe(200);
    const item = (mine.json().items as { id: string; sha256: string }[]).find(
      (i) => i.sha256 === kept.document.sha256,
    )!;
    expect(item).toBeDefined();
    const draft = await draftFor(AN);
    const headers = { 'x-applicant-token': draft.applicantToken };
    const reusable = await ctx.app.inject({
      method: 'GET',
      url: `/api/public/records/${draft.record.id}/reusable`,
      headers,
      cookies: { motcua_citizen: an },
    });
    expect(reusable.statusCode, reusable.body).toBe(200);
    const first = reusable
      .json()
      .components.find((c: { component: string }) => c.component === procedure.documents[0]);
    expect(first.items.map((i: { id: string }) => i.id)).toContain(item.id);
    const reused = await ctx.app.inject({
      method: 'POST',
      url: `/api/public/records/${draft.record.id}/documents/reuse`,
      headers,
      cookies: { motcua_citizen: an },
      payload: { itemId: item.id, component: procedure.documents[0] },
    });
    expect(reused.statusCode, reused.body).toBe(201);
    expect(reused.json().document).toMatchObject({
      origin: 'repository',
      reused: true,
      sha256: kept.document.sha256,
    });
    const audit = await ctx.database.db
      .selectFrom('auditLog')
      .select(['actorRole'])
      .where('action', '=', 'repository.reused')
      .where('entityId', '=', draft.record.id)
      .execute();
    expect(audit).toEqual([{ actorRole: 'citizen' }]);
  });

  it('stays closed (403) without a session and to another citizen, even with my personal ID typed', async () => {
    const held = (await asCitizen(an, '/api/citizen/repository')).json().items as {
      id: string;
      sha256: string;
      fileName: string;
    }[];
    // Bích types An's personal ID on her own submission and signs in as herself; a stranger does not sign in.
    const draft = await draftFor(AN);
    const headers = { 'x-applicant-token': draft.applicantToken };
    for (const cookies of [{}, { motcua_citizen: bich }] as Record<string, string>[]) {
      const list = await ctx.app.inject({
        method: 'GET',
        url: `/api/public/records/${draft.record.id}/reusable`,
        headers,
        cookies,
      });
      const reuse = await ctx.app.inject({
        method: 'POST',
        url: `/api/public/records/${draft.record.id}/documents/reuse`,
        headers,
        cookies,
        payload: { itemId: held[0]!.id, component: procedure.documents[0] },
      });
      for (const res of [list, reuse]) {
        expect(res.statusCode, res.body).toBe(403);
        expect(res.json().code).toBe('repository.identity_unverified');
        for (const h of held) expect(res.body).not.toContain(h.sha256);
      }
    }
    const hers = await asCitizen(bich, '/api/citizen/repository');
    expect(hers.json().items.map((i: { sha256: string }) => i.sha256)).not.toContain(held[0]!.sha256);
    // Another record's token with my session: as a missing record.
    const other = await ctx.app.inject({
      method: 'GET',
      url: `/api/public/records/${kept.record.id}/reusable`,
      headers,
      cookies: { motcua_citizen: an },
    });
    expect(other.statusCode).toBe(404);
  });

  it('keeps a document of my online record at my request only when signed in as its applicant', async () => {
    const draft = await draftFor(AN);
    const headers = { 'x-applicant-token': draft.applicantToken };
    const doc = await PDFDocument.create();
    doc.addPage().drawText('To khai cua An');
    const body = await multipart(
      { component: procedure.documents[1]! },
      { bytes: await doc.save(), name: 'to-khai.pdf' },
    );
    const uploaded = await ctx.app.inject({
      method: 'POST',
      url: `/api/public/records/${draft.record.id}/documents`,
      payload: body.payload,
      headers: { ...body.headers, ...headers },
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const { id, sha256 } = uploaded.json().document as { id: string; sha256: string };
    const keep = (cookies: Record<string, string>) =>
      ctx.app.inject({
        method: 'POST',
        url: `/api/public/records/${draft.record.id}/repository`,
        headers,
        cookies,
        payload: { documentIds: [id] },
      });
    for (const cookies of [{}, { motcua_citizen: bich }] as Record<string, string>[]) {
      const res = await keep(cookies);
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('repository.identity_unverified');
    }
    const kept = await keep({ motcua_citizen: an });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json().items).toContainEqual(expect.objectContaining({ sha256, kind: 'document' }));
    // A result of a record not yet decided is nothing to keep, even for its owner.
    const result = await ctx.app.inject({
      method: 'POST',
      url: `/api/public/records/${draft.record.id}/results/01900000-0000-7000-8000-000000000001/keep`,
      headers,
      cookies: { motcua_citizen: an },
    });
    expect(result.statusCode).toBe(404);
    const stranger = await ctx.app.inject({
      method: 'POST',
      url: `/api/public/records/${draft.record.id}/results/01900000-0000-7000-8000-000000000001/keep`,
      headers,
      cookies: { motcua_citizen: bich },
    });
    expect(stranger.statusCode).toBe(403);
  });

  it('refuses a cross-site write carrying the citizen cookie', async () => {
    const draft = await draftFor(AN);
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/public/records/${draft.record.id}/documents/reuse`,
      headers: { 'x-applicant-token': draft.applicantToken, origin: 'https://evil.example' },
      cookies: { motcua_citizen: an },
      payload: { itemId: '01900000-0000-7000-8000-000000000001', component: procedure.documents[0] },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('request.cross_origin');
  });
});

describe('citizen sign-out', () => {
  it('ends the session, sends the browser to end VNeID’s, which ends the other sessions by back-channel', async () => {
    const browser = new IdpBrowser();
    const one = await citizenSignIn(BICH.personalId, browser);
    const two = await citizenSignIn(BICH.personalId, browser);
    expect((await asCitizen(two.cookie, '/api/citizen/me')).statusCode).toBe(200);
    const out = await ctx.app.inject({
      method: 'POST',
      url: '/api/citizen/auth/logout',
      cookies: { motcua_citizen: one.cookie! },
    });
    expect(out.statusCode, out.body).toBe(200);
    expect(out.cookies.find((c) => c.name === 'motcua_citizen')?.value).toBe('');
    const endSessionUrl = new URL(out.json().endSessionUrl);
    expect(endSessionUrl.origin + endSessionUrl.pathname).toBe(`${idp.vneidIssuer}/session/end`);
    expect(endSessionUrl.searchParams.get('id_token_hint')).toBeTruthy();
    expect(endSessionUrl.searchParams.get('post_logout_redirect_uri')).toBe(`${base}/ho-so-cua-toi`);
    expect((await asCitizen(one.cookie, '/api/citizen/me')).statusCode).toBe(401);

    const confirmed = await browser.confirmLogout(endSessionUrl.href);
    expect(confirmed.headers.get('location')).toBe(`${base}/ho-so-cua-toi`);
    // The provider called the back-channel logout before redirecting: the other session is over too.
    expect((await asCitizen(two.cookie, '/api/citizen/me')).statusCode).toBe(401);
  });

  it('refuses a logout token that is not a JWT from the provider', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/citizen/auth/backchannel-logout',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'logout_token=eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('sso.logout_token_invalid');
  });
});
