import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  landCorrectionProcedure,
  receiveLandCorrection,
  type TestContext,
} from '../support/context.ts';

/**
 * The record's history says who did each step: a land correction received at the one-stop unit of phường
 * Ninh Kiều and forwarded to UBND phường Cái Khế, read by Cái Khế's leader.
 */

let ctx: TestContext;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createTestContext();
  tokens.reception = await ctx.signIn(['reception'], {
    agencyKey: '31135-ttpvhcc',
    username: 'nk.reception',
  });
  tokens.leader = await ctx.signIn(['leader'], { agencyKey: '31120-ubnd', username: 'ck.leader' });
  // Someone at Cái Khế takes the appraisal step: a hand-over to an agency with nobody for the step's role
  // is a failed transfer (docs/PROCESSES.md).
  await ctx.signIn(['specialist'], { agencyKey: '31120-ubnd', username: 'ck.specialist' });
});
afterAll(() => ctx.close());

describe('the timeline of a record', () => {
  it('names the official and the agency of each event, and the OpenAPI document describes them', async () => {
    const procedure = await landCorrectionProcedure(ctx);
    const r = await receiveLandCorrection(ctx, tokens.reception!, procedure, 'Lê Hoàng Phúc');
    const forwarded = await ctx.app.inject({
      method: 'POST',
      url: `/api/records/${r.id}/forward`,
      headers: { authorization: `Bearer ${tokens.reception}` },
      payload: { version: r.version },
    });
    expect(forwarded.statusCode, forwarded.body).toBe(200);
    const me = (
      await ctx.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { authorization: `Bearer ${tokens.reception}` },
      })
    ).json();
    const res = await ctx.app.inject({
      method: 'GET',
      url: `/api/records/${r.id}/timeline`,
      headers: { authorization: `Bearer ${tokens.leader}` },
    });
    expect(res.statusCode).toBe(200);
    const ninhKieu = 'Trung tâm Phục vụ hành chính công phường Ninh Kiều';
    expect(
      res
        .json()
        .events.map((e: Record<string, unknown>) => [
          e.type,
          e.actorId,
          e.actorName,
          e.agencyId,
          e.agencyName,
        ]),
    ).toEqual([
      ['created', me.userId, 'Test reception', me.agencyId, ninhKieu],
      ['received', me.userId, 'Test reception', me.agencyId, ninhKieu],
      ['forwarded', me.userId, 'Test reception', me.agencyId, ninhKieu],
    ]);
    const spec = (await ctx.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const event =
      spec.paths['/api/v1/records/{id}/timeline'].get.responses['200'].content['application/json'].schema
        .properties.events.items;
    expect(Object.keys(event.properties)).toEqual(expect.arrayContaining(['actorName', 'agencyName']));
  });
});
