import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { agencies, CODES, procedure } from '../records/test-fixtures.ts';
import { unitsFrom2025 } from '../units/index.ts';
import type { ProcessStep } from './process.ts';
import { processTemplate } from './process-templates.ts';
import {
  procedureReadiness,
  type ReadinessCommune,
  type ReadinessFacts,
  routingFactsFor,
  timeLimitsOf,
} from './readiness.ts';

const units = unitsFrom2025(
  JSON.parse(
    readFileSync(
      new URL('../../../data/vn-admin-units-2025/vn_units_full_2025-07-01.json', import.meta.url),
      'utf8',
    ),
  ),
);
/** Can Tho's 103 communes (2025). */
const communes: ReadinessCommune[] = units
  .filter((u) => u.parentCode === '92')
  .map((u) => ({ code: u.code, name: u.name }));

/** Readiness facts of a real procedure, with its channel rows as published (time cells from its limits). */
function facts(code: string, patch: Partial<ReadinessFacts> = {}): ReadinessFacts {
  const p = procedure(code);
  const channels = (['in_person', 'online', 'post'] as const)
    .filter((c) => p.timeLimits[c])
    .map((c) => ({ channel: c, timeRaw: `${p.timeLimits[c]!.value}`, description: null }));
  return { ...p, channels, ...patch };
}

const codesOf = (r: ReturnType<typeof procedureReadiness>, channel: 'in_person' | 'online' | 'post') =>
  r.channels[channel].reasons.map((x) => x.code);

describe('procedureReadiness', () => {
  it('has the 103 communes of Can Tho to check rules against', () => {
    expect(communes).toHaveLength(103);
  });

  it('finds a procedure receivable when reception would receive it from any commune (birth registration, same day)', () => {
    const f = facts(CODES.birthRegistration);
    expect(f.timeLimits.in_person?.unit).toBe('same_day');
    const r = procedureReadiness(f, agencies, communes);
    expect(r.channels.in_person).toEqual({ receivable: true, reasons: [] });
  });

  it('resolves a fixed city department (Sở Tư pháp) for every commune', () => {
    const r = procedureReadiness(facts(CODES.legalAdviserCard), agencies, communes);
    expect(r.channels.in_person.receivable).toBe(true);
  });

  it('reports a missing time limit per channel with the published time cell and the field to edit', () => {
    const f = facts(CODES.birthRegistration, {
      timeLimits: {},
      channels: [{ channel: 'in_person', timeRaw: 'Không có thông tin', description: 'Nộp tại UBND xã' }],
    });
    const r = procedureReadiness(f, agencies, communes);
    const reason = r.channels.in_person.reasons.find((x) => x.code === 'time_limit.missing');
    expect(reason).toEqual({
      code: 'time_limit.missing',
      field: 'timeLimits.in_person',
      params: {
        channel: 'in_person',
        sourceText: 'Không có thông tin',
        description: 'Nộp tại UBND xã',
        row: null,
      },
    });
    expect(r.channels.in_person.receivable).toBe(false);
  });

  it('keeps hour limits: a limit in hours makes the channel receivable', () => {
    const f = facts(CODES.birthRegistration, {
      timeLimits: { in_person: { value: 4, unit: 'working_hours' } },
      channels: [{ channel: 'in_person', timeRaw: '4 Giờ làm việc' }],
    });
    expect(procedureReadiness(f, agencies, communes).channels.in_person.receivable).toBe(true);
  });

  it('says a channel without a row is not offered (counter, post) and online is not offered at level none', () => {
    const f = facts(CODES.birthRegistration, {
      onlineLevel: 'none',
      channels: [{ channel: 'in_person', timeRaw: '1' }],
      timeLimits: { in_person: { value: 1, unit: 'same_day' } },
    });
    const r = procedureReadiness(f, agencies, communes);
    expect(r.channels.post.reasons).toEqual([
      { code: 'channel.not_offered', field: 'timeLimits.post', params: { channel: 'post' } },
    ]);
    expect(r.channels.online.reasons).toEqual([
      { code: 'channel.not_offered', field: 'onlineLevel', params: { channel: 'online' } },
    ]);
    expect(r.onlineOfferedNotReceivable).toBe(false);
  });

  it('flags a procedure the catalogue offers online that cannot be received online', () => {
    const f = facts(CODES.birthRegistration, {
      onlineLevel: 'full',
      timeLimits: { in_person: { value: 1, unit: 'same_day' } },
      channels: [
        { channel: 'in_person', timeRaw: '1' },
        { channel: 'online', timeRaw: 'Không có thông tin' },
      ],
    });
    const r = procedureReadiness(f, agencies, communes);
    expect(codesOf(r, 'online')).toEqual(['time_limit.missing']);
    expect(r.onlineOfferedNotReceivable).toBe(true);
  });

  it('reports a missing process on every channel', () => {
    const r = procedureReadiness(facts(CODES.birthRegistration, { process: [] }), agencies, communes);
    for (const c of ['in_person', 'online', 'post'] as const) {
      expect(r.channels[c].reasons[0]).toEqual({ code: 'process.missing', field: 'process', params: {} });
    }
  });

  it('reports a process that does not validate with its first issue, naming the step and field', () => {
    const process = processTemplate('inter_agency_land_tax', { value: 1, unit: 'same_day' });
    process[4] = { ...(process[4] as ProcessStep), after: ['land_office'] };
    const r = procedureReadiness(facts(CODES.birthRegistration, { process }), agencies, communes);
    for (const c of ['in_person', 'online', 'post'] as const) {
      expect(r.channels[c].receivable).toBe(false);
      expect(r.channels[c].reasons[0]).toMatchObject({
        code: 'process.invalid',
        field: 'process',
        params: { path: 'process.3.key', issue: 'branch_never_joins', key: 'tax_office' },
      });
    }
  });

  it('reports a process whose critical path is not the legal limit', () => {
    const process = processTemplate('commune_one_step', { value: 2, unit: 'working_days' });
    const r = procedureReadiness(facts(CODES.birthRegistration, { process }), agencies, communes);
    expect(r.channels.in_person.reasons[0]).toMatchObject({
      code: 'process.invalid',
      params: { issue: 'budget_over_limit', total: 16, limit: 4 },
    });
  });

  it('receives with an inter-agency process whose sector bodies exist, refuses one naming an unknown agency', () => {
    const process = processTemplate('inter_agency_land_tax', { value: 1, unit: 'same_day' });
    const ok = procedureReadiness(facts(CODES.birthRegistration, { process }), agencies, communes);
    expect(ok.channels.in_person).toEqual({ receivable: true, reasons: [] });
    process[3] = {
      ...(process[3] as ProcessStep),
      agency: { kind: 'rule', rule: { kind: 'named_agency', agencyKey: '92-no-such-office', basis: 'test' } },
    };
    const bad = procedureReadiness(facts(CODES.birthRegistration, { process }), agencies, communes);
    expect(bad.channels.in_person.reasons[0]).toMatchObject({
      code: 'process.invalid',
      params: { path: 'process.3.agency', issue: 'agency_unresolved', reason: 'no_agency', communes: 103 },
    });
  });

  it('reports an unresolved rule for all communes, naming the rule field', () => {
    const f = facts(CODES.legalAdviserCard, {
      competentAgencyRule: { kind: 'unresolved', basis: 'level:city, no agency named' },
    });
    const reason = procedureReadiness(f, agencies, communes).channels.in_person.reasons[0];
    expect(reason).toEqual({
      code: 'agency.unresolved_rule',
      field: 'competentAgencyRule',
      params: { communesAffected: 103, communesTotal: 103 },
    });
  });

  it('names a department the agency list lacks', () => {
    const f = facts(CODES.legalAdviserCard, {
      competentAgencyRule: { kind: 'fixed_city_department', department: 'Sở Không Có', basis: 'test' },
    });
    const reason = procedureReadiness(f, agencies, communes).channels.in_person.reasons[0];
    expect(reason?.code).toBe('agency.not_found');
    expect(reason?.params.department).toBe('Sở Không Có');
  });

  it('checks a case-by-case rule both ways: the city side needs a named body', () => {
    const f = facts(CODES.legalAdviserCard, {
      competentAgencyRule: { kind: 'city_or_commune_by_case', basis: 'level:city+commune' },
    });
    const reasons = procedureReadiness(f, agencies, communes).channels.in_person.reasons;
    expect(reasons).toEqual([
      {
        code: 'agency.unresolved_rule',
        field: 'competentAgencyRule',
        params: { level: 'city', communesAffected: 103, communesTotal: 103 },
      },
    ]);
  });

  it('lists the communes whose body is missing, and those no one-stop unit may serve', () => {
    const ninhKieuCommittee = agencies.filter((a) => a.key !== '31135-ubnd');
    const f = facts(CODES.birthRegistration, { crossBoundary: false });
    const missing = procedureReadiness(f, ninhKieuCommittee, communes).channels.in_person.reasons;
    expect(missing).toEqual([
      {
        code: 'agency.not_found',
        field: 'competentAgencyRule',
        params: {
          body: 'peoples_committee',
          communesAffected: 1,
          communesTotal: 103,
          communeCodes: ['31135'],
        },
      },
    ]);
    const noCounter = agencies.filter((a) => a.key !== '31135-ttpvhcc');
    const reasons = procedureReadiness(f, noCounter, communes).channels.in_person.reasons;
    expect(reasons.map((r) => [r.code, r.params.communeCodes])).toEqual([['agency.no_reception', ['31135']]]);
    // A cross-boundary procedure may be received at any one-stop unit of the city.
    const anywhere = procedureReadiness({ ...f, crossBoundary: true }, noCounter, communes);
    expect(anywhere.channels.in_person.receivable).toBe(true);
  });

  it('reports a sector body whose service area is open, and once set, only the communes it leaves out', () => {
    const f = facts(CODES.legalAdviserCard, {
      competentAgencyRule: {
        kind: 'vertical_agency',
        department: 'Thuế cơ sở',
        servedBy: 'businessUnitCode',
        basis: 'test',
      },
    });
    const open = procedureReadiness(f, agencies, communes).channels.in_person.reasons;
    expect(open.map((r) => [r.code, r.field, r.params.communesAffected])).toEqual([
      ['agency.service_area_open', 'agency.servesUnitCodes', 103],
    ]);
    const set = agencies.map((a) =>
      a.key === '92-thue-co-so'
        ? { ...a, servesUnitCodes: communes.map((c) => c.code).filter((c) => c !== '31135') }
        : a,
    );
    const rest = procedureReadiness(f, set, communes).channels.in_person.reasons;
    expect(rest.map((r) => [r.code, r.params.communeCodes])).toEqual([['agency.not_found', ['31135']]]);
  });

  it('derives time limits per channel as reception does: the first row with a limit', () => {
    expect(
      timeLimitsOf([
        { channel: 'in_person', time: null },
        { channel: 'in_person', time: { value: 5, unit: 'working_days' } },
        { channel: 'in_person', time: { value: 9, unit: 'working_days' } },
      ]),
    ).toEqual({ in_person: { value: 5, unit: 'working_days' } });
  });
});

describe('routingFactsFor', () => {
  it('asks only the facts the rule reads', () => {
    const rule = (kind: Parameters<typeof routingFactsFor>[0]['kind']) =>
      routingFactsFor({ kind, basis: 't' });
    expect(rule('residence_commune')).toEqual(['residenceUnitCode']);
    expect(rule('land_parcel_commune')).toEqual(['landParcelUnitCode']);
    expect(rule('business_commune')).toEqual(['businessUnitCode']);
    expect(rule('original_commune')).toEqual(['originalUnitCode']);
    expect(rule('any_commune')).toEqual(['residenceUnitCode']);
    expect(rule('city_or_commune_by_case')).toEqual(['level', 'residenceUnitCode']);
    expect(rule('fixed_city_department')).toEqual([]);
    expect(rule('vertical_agency')).toEqual([]);
    expect(rule('unresolved')).toEqual([]);
  });
  it('asks the facts the process steps’ agency rules read too (reception resolves them from the record)', () => {
    const step = (key: string, extra: object) => ({
      key,
      name_vi: key,
      name_en: key,
      role: 'specialist',
      budgetWorkingHours: 1,
      ...extra,
    });
    const process = [
      step('reception', { role: 'reception' }),
      step('commune_check', { agency: { kind: 'rule', rule: { kind: 'residence_commune', basis: 't' } } }),
      step('approval', { role: 'leader' }),
      step('return', { role: 'reception' }),
    ];
    expect(routingFactsFor({ kind: 'land_parcel_commune', basis: 't' }, process)).toEqual([
      'landParcelUnitCode',
      'residenceUnitCode',
    ]);
    expect(routingFactsFor({ kind: 'fixed_city_department', basis: 't' }, [{ not: 'a step' }])).toEqual([]);
  });
});
