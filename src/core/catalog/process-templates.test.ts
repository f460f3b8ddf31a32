import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canThoSectorBodies } from '../units/sector-bodies.ts';
import { unitsFrom2025 } from '../units/units.ts';
import { defaultProcess } from './default-process.ts';
import { TimeUnit } from './procedure-draft.ts';
import { PROCESS_TEMPLATE_KEYS, processTemplate, processTemplates } from './process-templates.ts';
import { criticalPath, limitInWorkingHours, validateProcess } from './process-validate.ts';

const file = (path: string): string =>
  readFileSync(new URL(`../../../data/${path}`, import.meta.url), 'utf8');

describe('process templates', () => {
  it('run in parallel the land registration branch and the tax office between the commune specialist and the leader', () => {
    const p = processTemplate('inter_agency_land_tax', { value: 10, unit: 'working_days' });
    expect(p.map((s) => [s.key, s.kind, s.after, s.budgetWorkingHours])).toEqual([
      ['reception', 'reception', [], 8],
      ['commune_check', 'work', ['reception'], 16],
      ['land_office', 'work', ['commune_check'], 32],
      ['tax_office', 'work', ['commune_check'], 32],
      ['decision', 'decision', ['land_office', 'tax_office'], 16],
      ['return', 'return', ['decision'], 8],
    ]);
    expect(criticalPath(p)?.totalWorkingHours).toBe(80);
    expect(p[2]?.agency).toEqual({
      kind: 'rule',
      rule: expect.objectContaining({ kind: 'named_agency', agencyKey: '92-vpdkdd-chi-nhanh' }),
    });
    expect(p[3]?.agency).toEqual({
      kind: 'rule',
      rule: expect.objectContaining({ kind: 'named_agency', agencyKey: '92-thue-co-so' }),
    });
  });

  it('name the sector bodies by the keys derived from the catalogue (the catalogue names both)', () => {
    const catalogue = file('vn-tthc-catalog/procedures_cap_tinh_cap_xa.jsonl')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Record<string, string>)
      .map((r) => ({
        code: r.ma_thu_tuc ?? '',
        competentAgencyText: r.co_quan_co_tham_quyen || null,
        implementingAgencyText: r.co_quan_thuc_hien || null,
      }));
    const units = unitsFrom2025(JSON.parse(file('vn-admin-units-2025/vn_units_full_2025-07-01.json')));
    const bodies = canThoSectorBodies(catalogue, units);
    const keys = new Set(bodies.map((b) => b.key));
    for (const s of processTemplate('inter_agency_land_tax', { value: 5, unit: 'working_days' })) {
      if (s.agency?.kind === 'rule') expect(keys.has(s.agency.rule.agencyKey ?? '')).toBe(true);
    }
  });

  it('match the default process for commune appraisal and city department', () => {
    const limit = { value: 7, unit: 'working_days' as const };
    const strip = (p: { key: string; budgetWorkingHours: number; name_vi: string }[]) =>
      p.map((s) => [s.key, s.budgetWorkingHours, s.name_vi]);
    expect(strip(processTemplate('commune_appraisal', limit))).toEqual(
      strip(defaultProcess('commune', limit)),
    );
    expect(strip(processTemplate('city_department', limit))).toEqual(strip(defaultProcess('city', limit)));
  });

  it('have a critical path equal to the limit and validate, for any limit', () => {
    const limit = fc.record({
      value: fc.integer({ min: 1, max: 400 }),
      unit: fc.constantFrom(...TimeUnit.options),
    });
    fc.assert(
      fc.property(limit, (l) => {
        const all = processTemplates(l);
        expect(all.map((t) => t.key)).toEqual([...PROCESS_TEMPLATE_KEYS]);
        for (const t of all) {
          expect(criticalPath(t.process)?.totalWorkingHours).toBe(limitInWorkingHours(l));
          expect(validateProcess(t.process, l)).toEqual([]);
        }
      }),
    );
  });
});
