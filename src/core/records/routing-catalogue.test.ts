import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProcedure, RawProcedure } from '../catalog/index.ts';
import { competentAgency, isCompetentFor, routingFactsNeeded } from './routing.ts';
import { agencies } from './test-fixtures.ts';

// Every procedure of the real catalogue, routed with the agencies the seed creates (test-fixtures).
const drafts = readFileSync(
  new URL('../../../data/vn-tthc-catalog/procedures_cap_tinh_cap_xa.jsonl', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => parseProcedure(RawProcedure.parse(JSON.parse(l))).draft);

describe('routing the whole catalogue', () => {
  it('agrees with isCompetentFor: the agency routing picks is competent for the procedure', () => {
    let checked = 0;
    for (const d of drafts) {
      const rule = d.competentAgencyRule;
      for (const c of ['31135', '31120']) {
        for (const level of ['city', 'commune'] as const) {
          const facts = {
            residenceUnitCode: c,
            landParcelUnitCode: c,
            businessUnitCode: c,
            originalUnitCode: c,
            level,
          };
          const r = competentAgency(rule, facts, agencies);
          if (!r.ok) continue;
          checked++;
          expect(isCompetentFor(rule, r.value, agencies), `${d.code} → ${r.value.key}`).toBe(true);
        }
      }
    }
    expect(checked).toBeGreaterThan(2000);
  });

  it('sends every residence procedure the catalogue gives to "Công an cấp Xã" to the commune police', () => {
    const residence = drafts.filter(
      (d) => d.field === 'Đăng ký, quản lý cư trú' && /Công an cấp Xã/u.test(d.implementingAgencyText ?? ''),
    );
    expect(residence.map((d) => d.code)).toEqual(
      expect.arrayContaining(['1.004194', '1.004222', '1.010038', '1.003677', '2.001159']),
    );
    for (const d of residence) {
      const r = competentAgency(d.competentAgencyRule, { residenceUnitCode: '31135' }, agencies);
      expect(r.ok && r.value.key, d.code).toBe('31135-cong-an-xa');
    }
  });

  it('asks only for the facts a rule reads: with them set, no rule fails for a missing fact', () => {
    for (const d of drafts) {
      const needed = routingFactsNeeded(d.competentAgencyRule);
      const facts = Object.fromEntries(needed.map((f) => [f, f === 'level' ? 'commune' : '31135']));
      const r = competentAgency(d.competentAgencyRule, facts, agencies);
      if (!r.ok) expect((r.error.params as { reason: string }).reason, d.code).not.toBe('missing_fact');
    }
  });
});
