import { describe, expect, it } from 'vitest';
import { ProcessPreview, ProcessTemplates } from '../../src/contracts/catalog.ts';
import { defaultProcess, limitToWorkingHours } from '../../src/core/catalog/default-process.ts';
import { ProcessStep as ProcessStepSchema } from '../../src/core/catalog/process.ts';
import {
  balance,
  criticalPath,
  type DraftStep,
  effectiveAfter,
  fromDraft,
  issueTarget,
  keyFromName,
  limitHours,
  moveStep,
  newStep,
  normalizeRoute,
  normalizeTemplates,
  removeStep,
  renameKey,
  toDraft,
} from '../../web/src/pages/admin/catalog/process.ts';

/**
 * The workspace's process designer model (issue 15 item 5): the rows it edits from a stored process (old
 * four-step ones included), the process it sends back (accepted by the server's `ProcessStep`), the
 * longest branch against the legal limit, and where a server issue's path puts the message.
 */

const LAND = {
  kind: 'rule',
  rule: { kind: 'named_agency', agencyKey: '92-vpdkdd', basis: 'admin' },
} as const;
const TAX = {
  kind: 'rule',
  rule: { kind: 'named_agency', agencyKey: '92-thue-co-so', basis: 'admin' },
} as const;

/** Reception → (land office ∥ tax office) → decision → return: a split and a join. */
const PARALLEL = [
  { key: 'reception', name_vi: 'Tiếp nhận', name_en: 'Reception', role: 'reception', budgetWorkingHours: 4 },
  {
    key: 'land',
    name_vi: 'Văn phòng đăng ký đất đai',
    name_en: 'Land office',
    role: 'specialist',
    kind: 'work',
    agency: LAND,
    after: ['reception'],
    budgetWorkingHours: 40,
  },
  {
    key: 'tax',
    name_vi: 'Cơ quan thuế',
    name_en: 'Tax office',
    role: 'specialist',
    kind: 'work',
    agency: TAX,
    after: ['reception'],
    budgetWorkingHours: 24,
    produces: ['Thông báo nộp thuế'],
  },
  {
    key: 'decision',
    name_vi: 'Lãnh đạo quyết định',
    name_en: 'Decision',
    role: 'leader',
    kind: 'decision',
    after: ['land', 'tax'],
    budgetWorkingHours: 8,
  },
  { key: 'return', name_vi: 'Trả kết quả', name_en: 'Return', role: 'reception', budgetWorkingHours: 4 },
] as const;

describe('the process designer model', () => {
  it('reads an old four-step process as the server normalises it, and sends it back unchanged in meaning', () => {
    const old = defaultProcess('commune', { value: 5, unit: 'working_days' });
    const rows = toDraft(old);
    expect(rows.map((r) => [r.key, r.kind, r.agency.choice, r.after])).toEqual([
      ['reception', 'reception', 'receiving', null],
      ['appraisal', 'work', 'competent', null],
      ['approval', 'decision', 'competent', null],
      ['return', 'return', 'return_point', null],
    ]);
    const sent = fromDraft(rows);
    expect(sent.map((s) => s.budgetWorkingHours)).toEqual(old.map((s) => s.budgetWorkingHours));
    expect(sent.every((s) => s.after === undefined)).toBe(true);
    for (const s of sent) expect(ProcessStepSchema.safeParse(s).success).toBe(true);
    expect(criticalPath(rows).total).toBe(limitToWorkingHours({ value: 5, unit: 'working_days' }));
  });

  it('keeps parallel branches and agency rules, shows whole days in days and stores hours', () => {
    const rows = toDraft(PARALLEL.map((s) => ({ ...s })) as never);
    const land = rows[1] as DraftStep;
    expect(land.agency).toEqual({ choice: 'named', agencyKey: '92-vpdkdd' });
    expect([land.budget, land.unit]).toEqual([5, 'days']);
    expect(rows[0]?.unit).toBe('hours');
    // The land step's `after` is the step before it: sequential; the tax step waits for reception, not land.
    expect(land.after).toBeNull();
    expect(rows[2]?.after).toEqual(['reception']);
    expect(effectiveAfter(rows, 3)).toEqual(['land', 'tax']);
    const sent = fromDraft(rows);
    expect(sent[2]).toMatchObject({
      after: ['reception'],
      budgetWorkingHours: 24,
      produces: ['Thông báo nộp thuế'],
    });
    expect(sent[1]?.agency).toEqual(LAND);
    for (const s of sent) expect(ProcessStepSchema.safeParse(s).success).toBe(true);
  });

  it('counts the longest branch against the legal limit: under, exact and over', () => {
    const rows = toDraft(PARALLEL.map((s) => ({ ...s })) as never);
    const path = criticalPath(rows);
    // 4 + max(40, 24) + 8 + 4: the tax branch runs beside the land branch.
    expect(path.total).toBe(56);
    expect(path.steps).toEqual([0, 1, 3, 4]);
    expect(path.finish).toEqual([4, 44, 28, 52, 56]);
    const limit = limitHours({ value: 10, unit: 'working_days' });
    expect(limit).toBe(80);
    expect(balance(path.total, limit)).toEqual({ state: 'under', hours: 24 });
    expect(balance(56, limitHours({ value: 7, unit: 'working_days' }))).toEqual({ state: 'exact', hours: 0 });
    // The tax branch longer than the land one: it becomes the longest, 2 h over a 7-day limit.
    const longer = rows.map((r) => (r.key === 'tax' ? { ...r, budget: 42, unit: 'hours' as const } : r));
    expect(criticalPath(longer).steps).toEqual([0, 2, 3, 4]);
    expect(balance(criticalPath(longer).total, 56)).toEqual({ state: 'over', hours: 2 });
    expect(limitHours(null)).toBeNull();
    expect(limitHours({ value: 1, unit: 'same_day' })).toBe(4);
  });

  it('removes, moves, inserts and renames steps keeping what waits for what', () => {
    const rows = toDraft(PARALLEL.map((s) => ({ ...s })) as never);
    // Without the tax step, the decision waits for the land step and what the tax step waited for.
    const without = removeStep(rows, 2);
    expect(without.map((r) => r.key)).toEqual(['reception', 'land', 'decision', 'return']);
    expect(without[2]?.after).toEqual(['land', 'reception']);
    const renamed = renameKey(rows, 'tax', 'thue');
    expect(renamed[3]?.after).toEqual(['land', 'thue']);
    const moved = moveStep(rows, 4, -1);
    expect(moved.map((r) => r.key)).toEqual(['reception', 'land', 'tax', 'return', 'decision']);
    expect(moveStep(rows, 0, -1).map((r) => r.key)).toEqual(rows.map((r) => r.key));
    const added = newStep(rows);
    expect(added).toMatchObject({ kind: 'work', role: 'specialist', after: null, budget: null });
    expect(rows.some((r) => r.key === added.key)).toBe(false);
    expect(keyFromName('Chi cục Thuế xác định nghĩa vụ tài chính', [])).toBe(
      'chi_cuc_thue_xac_dinh_nghia_vu',
    );
    expect(keyFromName('Đo đạc', ['do_dac'])).toBe('do_dac_2');
    expect(keyFromName('123', [])).toBe('buoc');
  });

  it('puts a server issue beside its step and field, whatever the prefix', () => {
    expect(issueTarget('body.changes.process.2.budgetWorkingHours')).toEqual({
      step: 2,
      field: 'budgetWorkingHours',
    });
    expect(issueTarget('changes.process.1.agency.rule.agencyKey')).toEqual({ step: 1, field: 'agency' });
    expect(issueTarget('process.0.after.1')).toEqual({ step: 0, field: 'after' });
    expect(issueTarget('process')).toEqual({ step: null, field: null });
    expect(issueTarget('process.3.whatever')).toEqual({ step: 3, field: 'other' });
    expect(issueTarget('body.decisionNo')).toBeNull();
  });

  it('reads templates and previewed routes as the API answers them (its response schemas)', () => {
    const step = (key: string, after: string[]) => ({
      key,
      name_vi: key,
      name_en: key,
      role: 'specialist' as const,
      kind: 'work' as const,
      after,
      budgetWorkingHours: 8,
    });
    const templates = normalizeTemplates(
      ProcessTemplates.parse({
        code: '1.012796',
        version: 1,
        limit: { value: 8, unit: 'working_days' },
        limitWorkingHours: 64,
        templates: [
          {
            key: 'commune_one_step',
            name_vi: 'Xã một bước',
            name_en: 'Commune, one step',
            process: PARALLEL,
            criticalPath: null,
          },
          { key: 'empty', name_vi: 'Rỗng', name_en: 'Empty', process: [], criticalPath: null },
        ],
      }),
    );
    expect(templates.map((t) => [t.key, t.name_en, t.process.length])).toEqual([
      ['commune_one_step', 'Commune, one step', 5],
    ]);
    const previewed = (
      key: string,
      index: number,
      after: string[],
      agency: string | null,
      unresolved: string | null,
    ) => ({
      ...step(key, after),
      index,
      agencyRule: { kind: 'competent' },
      agency: agency ? { id: 'a', key: 'k', name: agency } : null,
      unresolved: unresolved ? { reason: unresolved, params: { department: 'Thuế cơ sở' } } : null,
    });
    const route = normalizeRoute(
      ProcessPreview.parse({
        code: '1.012796',
        version: 1,
        communeCode: '31117',
        channel: 'in_person',
        limit: { value: 8, unit: 'working_days' },
        limitWorkingHours: 64,
        channelLimit: null,
        totalWorkingHours: 60,
        criticalPath: ['reception', 'tax'],
        valid: true,
        steps: [
          previewed('reception', 0, [], 'UBND phường Cái Khế', null),
          previewed('tax', 1, ['reception'], null, 'service_area_open'),
        ],
        issues: [
          {
            path: 'process.1.budgetWorkingHours',
            code: 'budget_under_limit',
            message: '4 h left',
            messageVi: 'còn 4 giờ',
            params: {},
          },
        ],
      }),
      'vi',
    );
    expect(route.steps.map((s) => [s.agencyName, s.unresolved?.reason ?? null, s.after])).toEqual([
      ['UBND phường Cái Khế', null, []],
      [null, 'service_area_open', [0]],
    ]);
    expect(route).toMatchObject({ totalWorkingHours: 60, limitWorkingHours: 64 });
    expect(route.issues).toEqual([{ path: 'process.1.budgetWorkingHours', message: 'còn 4 giờ' }]);
  });
});
