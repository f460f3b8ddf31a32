/**
 * Readiness agrees with reception on the whole published catalogue: a channel is reported receivable exactly
 * when the lifecycle receives a dossier of that procedure (walk-in or post at the counter, online through a
 * draft and its submission) for an applicant of each commune checked, at the commune's one-stop unit or the
 * city centre; and every refusal the lifecycle gives is one readiness reported.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  defaultProcess,
  parseProcedure,
  procedureReadiness,
  RawProcedure,
  type ReadinessFacts,
  timeLimitsOf,
} from '../../src/core/catalog/index.ts';
import type { OfficialActor, ProcedureFacts, RoutingFacts } from '../../src/core/records/index.ts';
import { evolve } from '../../src/core/records/index.ts';
import {
  agencies,
  applicant,
  attempt,
  calendar,
  citizen,
  officials,
  vn,
} from '../../src/core/records/test-fixtures.ts';
import { headlineTime } from '../../src/modules/catalog/index.ts';

const lines = readFileSync(
  new URL('../../data/vn-tthc-catalog/procedures_cap_tinh_cap_xa.jsonl', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((l) => l.trim() !== '');

/** As the importer stores a version: the draft plus a default process when there is a headline limit. */
function versionFacts(line: string): ProcedureFacts & ReadinessFacts {
  const { draft } = parseProcedure(RawProcedure.parse(JSON.parse(line)));
  const time = headlineTime(draft);
  const level = draft.levels.includes('commune') ? 'commune' : 'city';
  return {
    versionId: `${draft.code}@1`,
    code: draft.code,
    onlineLevel: draft.onlineLevel,
    crossBoundary: draft.crossBoundary,
    competentAgencyRule: draft.competentAgencyRule,
    process: time ? defaultProcess(level, time) : [],
    timeLimits: timeLimitsOf(draft.channels),
    documents: draft.documents.map((d) => d.name),
    channels: draft.channels,
  };
}

/** Phường Ninh Kiều, phường Cái Khế, and two communes far from the centre. */
const COMMUNES = ['31135', '31120', '31153', '31810'].map((code) => ({ code }));
const now = vn('2026-03-02', '09:00');

function receives(p: ProcedureFacts, channel: 'in_person' | 'online' | 'post', routing: RoutingFacts) {
  const ctx = {
    now,
    calendar,
    newRecordId: 'rec-1',
    procedure: p,
    agencies,
    receptionSequence: 1,
    officials,
  };
  const receivers = [`${routing.residenceUnitCode}-ttpvhcc`, '92-ttpvhcc'];
  const refusals: string[] = [];
  for (const agencyId of receivers) {
    const official: OfficialActor = { kind: 'official', userId: 'u', agencyId, roles: ['reception'] };
    if (channel === 'online') {
      const draft = attempt(
        null,
        {
          type: 'create_draft',
          procedureVersionId: p.versionId,
          applicant: citizen,
          routing,
          receivingAgencyId: agencyId,
        },
        applicant,
        ctx,
      );
      if (!draft.ok) {
        refusals.push(draft.error.code);
        continue;
      }
      const drafted = draft.events.reduce(evolve, null)!;
      const submitted = attempt(drafted, { type: 'submit' }, applicant, ctx);
      if (!submitted.ok) throw new Error(submitted.error.code);
      const state = submitted.events.reduce(evolve, drafted);
      const received = attempt(state, { type: 'receive', checklist: [] }, official, ctx);
      if (received.ok) return { ok: true as const };
      refusals.push(received.error.code);
      continue;
    }
    const received = attempt(
      null,
      {
        type: 'receive',
        checklist: [],
        opening: { procedureVersionId: p.versionId, channel, applicant: citizen, routing },
      },
      official,
      ctx,
    );
    if (received.ok) return { ok: true as const };
    refusals.push(received.error.code);
  }
  return { ok: false as const, refusals };
}

describe('readiness agrees with reception on the whole catalogue', () => {
  it(`covers every published procedure (${lines.length})`, () => {
    expect(lines.length).toBe(1601);
  });

  for (const channel of ['in_person', 'online', 'post'] as const) {
    it(`receivable ${channel} ⇔ received from every commune checked`, () => {
      const disagreements: string[] = [];
      let receivable = 0;
      for (const line of lines) {
        const p = versionFacts(line);
        const r = procedureReadiness(p, agencies, COMMUNES).channels[channel];
        if (r.receivable) receivable++;
        const levels: RoutingFacts['level'][] =
          p.competentAgencyRule.kind === 'city_or_commune_by_case' ? ['commune', 'city'] : [undefined];
        let all = true;
        for (const { code } of COMMUNES) {
          for (const level of levels) {
            const routing: RoutingFacts = {
              residenceUnitCode: code,
              landParcelUnitCode: code,
              businessUnitCode: code,
              originalUnitCode: code,
              ...(level ? { level } : {}),
            };
            const got = receives(p, channel, routing);
            if (!got.ok) all = false;
          }
        }
        if (all !== r.receivable) {
          disagreements.push(`${p.code}: readiness ${r.receivable}, reception ${all}`);
        }
      }
      expect(disagreements).toEqual([]);
      // Both answers occur on the real catalogue, so the comparison has something to compare.
      expect(receivable).toBeGreaterThan(0);
      expect(receivable).toBeLessThan(lines.length);
    });
  }
});
