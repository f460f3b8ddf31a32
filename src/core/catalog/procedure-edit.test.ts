import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { agencies } from '../records/test-fixtures.ts';
import { unitsFrom2025 } from '../units/index.ts';
import { defaultProcess } from './default-process.ts';
import { parseProcedure } from './parse-procedure.ts';
import {
  ChangeSet,
  changedFields,
  editProcedure,
  mergeChanges,
  type ProcedureData,
  ruleFailures,
  sourceDiff,
} from './procedure-edit.ts';
import type { ProcessStep } from './process.ts';
import { processTemplate } from './process-templates.ts';
import { RawProcedure } from './raw-procedure.ts';

const data = (path: string) => readFileSync(new URL(`../../../data/${path}`, import.meta.url), 'utf8');
const rawLines = new Map(
  data('vn-tthc-catalog/procedures_cap_tinh_cap_xa.jsonl')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => [(JSON.parse(l) as { ma_thu_tuc: string }).ma_thu_tuc, l] as const),
);
const raw = (code: string) => RawProcedure.parse(JSON.parse(rawLines.get(code)!));
const draftOf = (code: string): ProcedureData => parseProcedure(raw(code)).draft;

const communeCodes = unitsFrom2025(JSON.parse(data('vn-admin-units-2025/vn_units_full_2025-07-01.json')))
  .filter((u) => u.parentCode === '92')
  .map((u) => u.code);
const ctx = { agencies, communeCodes };

/** Phê duyệt Đề án sắp xếp công ty nông, lâm nghiệp: city level, in person, no published time limit ("1"). */
const NO_TIME = '1.000025';
/** Thủ tục đăng ký khai sinh: same-day, residence commune, three channels. */
const BIRTH = '1.001193';

describe('editProcedure with an own process', () => {
  const limit = { value: 5, unit: 'working_days' as const };
  const withLimit = () =>
    editProcedure(draftOf(NO_TIME), { timeLimits: { in_person: limit } }, ctx) as Extract<
      ReturnType<typeof editProcedure>,
      { ok: true }
    >;

  it('stores the own process and keeps it over an edit of something else', () => {
    const process = processTemplate('inter_agency_land_tax', limit);
    const own = editProcedure(withLimit().data, { process }, ctx);
    expect(own).toMatchObject({ ok: true, fields: ['process'] });
    if (!own.ok) return;
    expect(own.data).toMatchObject({ process, processCustom: true });
    const other = editProcedure(own.data, { crossBoundary: true }, ctx);
    expect(other.ok && other.data.process).toEqual(process);
  });

  it('refuses a new time limit the own process no longer fits, and accepts both in one edit', () => {
    const own = editProcedure(withLimit().data, { process: processTemplate('commune_one_step', limit) }, ctx);
    if (!own.ok) throw new Error('own process refused');
    const longer = { value: 6, unit: 'working_days' as const };
    const refused = editProcedure(own.data, { timeLimits: { in_person: longer } }, ctx);
    expect(refused).toMatchObject({
      ok: false,
      issues: [{ path: 'changes.timeLimits.in_person', code: 'process_does_not_fit' }],
    });
    const both = editProcedure(
      own.data,
      { timeLimits: { in_person: longer }, process: processTemplate('commune_one_step', longer) },
      ctx,
    );
    expect(both.ok).toBe(true);
  });

  it('still rebuilds the default process when the time limit changes', () => {
    const edited = editProcedure(
      withLimit().data,
      { timeLimits: { in_person: { value: 6, unit: 'working_days' } } },
      ctx,
    );
    expect(edited.ok && edited.data.process).toEqual(
      defaultProcess('city', { value: 6, unit: 'working_days' }),
    );
  });

  it('names the step and field of an own process that does not validate', () => {
    const process = processTemplate('inter_agency_land_tax', limit);
    process[2] = { ...(process[2] as ProcessStep), key: 'commune_check' };
    const refused = editProcedure(withLimit().data, { process }, ctx);
    expect(refused.ok === false && refused.issues.map((i) => [i.path, i.code])).toContainEqual([
      'changes.process.2.key',
      'duplicate_key',
    ]);
  });
});

describe('editProcedure', () => {
  it('sets a missing time limit on the channel offered, with the headline and the default process', () => {
    const before = draftOf(NO_TIME);
    expect(before.channels.some((c) => c.time)).toBe(false);
    const r = editProcedure(
      before,
      ChangeSet.parse({ timeLimits: { in_person: { value: 20, unit: 'working_days' } } }),
      ctx,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.fields).toEqual(['timeLimits.in_person']);
    expect(r.headline).toEqual({ value: 20, unit: 'working_days' });
    expect(r.data.channels.find((c) => c.channel === 'in_person')?.time).toEqual({
      value: 20,
      unit: 'working_days',
    });
    const process = r.data.process as { budgetWorkingHours: number }[];
    expect(process.reduce((n, s) => n + s.budgetWorkingHours, 0)).toBe(160);
    expect(before.channels.some((c) => c.time)).toBe(false);
  });

  it('keeps same-day and hour units as such', () => {
    const sameDay = editProcedure(
      draftOf(NO_TIME),
      ChangeSet.parse({ timeLimits: { in_person: { value: 1, unit: 'same_day' } } }),
      ctx,
    );
    expect(sameDay.ok && sameDay.headline).toEqual({ value: 1, unit: 'same_day' });
    const hours = editProcedure(
      draftOf(NO_TIME),
      ChangeSet.parse({ timeLimits: { in_person: { value: 4, unit: 'working_hours' } } }),
      ctx,
    );
    expect(hours.ok && hours.headline).toEqual({ value: 4, unit: 'working_hours' });
    expect(ChangeSet.safeParse({ timeLimits: { in_person: { value: 2, unit: 'same_day' } } }).success).toBe(
      false,
    );
  });

  it('refuses opening the online channel without its time limit, naming changes.timeLimits.online', () => {
    const r = editProcedure(draftOf(NO_TIME), ChangeSet.parse({ onlineLevel: 'full' }), ctx);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path)).toContain('changes.timeLimits.online');
    expect(r.issues.map((i) => i.path)).toContain('changes.timeLimits.in_person');
  });

  it('refuses a time-limit edit that leaves another offered channel without one', () => {
    const before = draftOf(NO_TIME);
    const offered = [...new Set(before.channels.map((c) => c.channel))];
    const r = editProcedure(
      before,
      ChangeSet.parse({
        onlineLevel: 'partial',
        timeLimits: { online: { value: 10, unit: 'working_days' } },
      }),
      ctx,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path)).toEqual(offered.map((c) => `changes.timeLimits.${c}`));
  });

  it('refuses a time limit for a channel the procedure does not offer', () => {
    const before = draftOf(NO_TIME);
    expect(before.channels.some((c) => c.channel === 'post')).toBe(false);
    const r = editProcedure(
      before,
      ChangeSet.parse({
        timeLimits: {
          in_person: { value: 5, unit: 'working_days' },
          post: { value: 5, unit: 'working_days' },
        },
      }),
      ctx,
    );
    expect(!r.ok && r.issues.map((i) => [i.path, i.code])).toEqual([
      ['changes.timeLimits.post', 'channel_not_offered'],
    ]);
  });

  it('refuses a competent-agency rule that does not resolve for every commune, naming the field', () => {
    const r = editProcedure(
      draftOf(BIRTH),
      ChangeSet.parse({
        competentAgencyRule: { kind: 'fixed_city_department', department: 'Sở Vũ trụ', basis: 'admin' },
      }),
      ctx,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]).toMatchObject({
      path: 'changes.competentAgencyRule',
      code: 'competent_agency_no_agency',
    });
  });

  it('accepts a rule naming a real city department and one resolving by residence for all 103 communes', () => {
    expect(communeCodes).toHaveLength(103);
    for (const rule of [
      { kind: 'fixed_city_department', department: 'Sở Tư pháp', basis: 'admin' },
      { kind: 'residence_commune', basis: 'admin' },
    ] as const) {
      expect(ruleFailures(rule, ctx)).toEqual([]);
      const r = editProcedure(draftOf(BIRTH), ChangeSet.parse({ competentAgencyRule: rule }), ctx);
      expect(r.ok && r.fields).toEqual(['competentAgencyRule']);
    }
    expect(ruleFailures({ kind: 'unresolved', basis: 'x' }, ctx)).toHaveLength(103);
  });

  it('applies documents, forms, structured fees, cross-boundary and online level', () => {
    const before = draftOf(BIRTH);
    const first = before.documents[0]!;
    const r = editProcedure(
      before,
      ChangeSet.parse({
        documents: [first],
        forms: [{ document: first.name, form: 'Mẫu TK khai sinh.docx' }],
        fees: [
          {
            name: 'Lệ phí đăng ký khai sinh',
            amountVnd: 8000,
            payer: 'applicant',
            exemptions: [{ who: 'Đăng ký khai sinh đúng hạn', legalBasis: 'Luật Hộ tịch 2014, Điều 11' }],
          },
        ],
        crossBoundary: false,
        onlineLevel: 'partial',
      }),
      ctx,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.documents).toEqual([{ ...first, form: 'Mẫu TK khai sinh.docx' }]);
    expect(r.data.fees).toEqual([expect.objectContaining({ amountVnd: 8000, free: false })]);
    expect(r.data.fees[0]!.text).toContain('Luật Hộ tịch 2014');
    expect(r.data.feeLines?.[0]?.payer).toBe('applicant');
    expect(r.data.channels.every((c) => c.fees.length === 1)).toBe(true);
    expect([r.data.crossBoundary, r.data.onlineLevel]).toEqual([false, 'partial']);
    expect(r.fields).toEqual(['crossBoundary', 'documents', 'fees', 'forms', 'onlineLevel']);
  });

  it('refuses a form for a document the procedure does not list', () => {
    const r = editProcedure(
      draftOf(BIRTH),
      ChangeSet.parse({ forms: [{ document: 'Giấy không có', form: 'x.docx' }] }),
      ctx,
    );
    expect(!r.ok && r.issues.map((i) => i.path)).toEqual(['changes.forms.0.document']);
  });

  it('warns but does not refuse an edit that leaves an untouched gap as it was', () => {
    const r = editProcedure(draftOf(NO_TIME), ChangeSet.parse({ crossBoundary: false }), ctx);
    expect(r.ok).toBe(true);
    expect(r.ok && r.warnings.map((w) => w.field)).toContain('changes.timeLimits.in_person');
  });

  it('refuses an empty change set', () => {
    expect(ChangeSet.safeParse({}).success).toBe(false);
  });
});

describe('mergeChanges and sourceDiff', () => {
  it('merges time limits per channel and replaces other fields', () => {
    const merged = mergeChanges(
      ChangeSet.parse({ timeLimits: { in_person: { value: 3, unit: 'working_days' } }, crossBoundary: true }),
      ChangeSet.parse({ timeLimits: { online: { value: 2, unit: 'working_days' } }, crossBoundary: false }),
    );
    expect(changedFields(merged)).toEqual(['timeLimits.in_person', 'timeLimits.online', 'crossBoundary']);
    expect(merged.crossBoundary).toBe(false);
  });

  it('drops earlier form edits once a later document list is saved, and an online limit once online is withdrawn', () => {
    const document = { name: 'Tờ khai', raw: 'Tờ khai1 bản chính', kind: 'document' as const };
    const merged = mergeChanges(
      ChangeSet.parse({
        forms: [{ document: 'Tờ khai', form: 'Mẫu 01.docx' }],
        timeLimits: {
          in_person: { value: 3, unit: 'working_days' },
          online: { value: 3, unit: 'working_days' },
        },
      }),
      ChangeSet.parse({ documents: [document], onlineLevel: 'none' }),
    );
    expect(merged.forms).toBeUndefined();
    expect(merged.documents).toEqual([document]);
    expect(merged.timeLimits).toEqual({ in_person: { value: 3, unit: 'working_days' } });
    // A later edit of forms alone keeps them, on top of an earlier document list.
    const formsLater = mergeChanges(
      ChangeSet.parse({ documents: [document] }),
      ChangeSet.parse({ forms: [{ document: 'Tờ khai', form: 'Mẫu 02.docx' }] }),
    );
    expect(formsLater.forms).toEqual([{ document: 'Tờ khai', form: 'Mẫu 02.docx' }]);
    expect(formsLater.documents).toEqual([document]);
  });

  it('lists the source fields a new text changed and which collide with local edits', () => {
    const line = JSON.parse(rawLines.get(BIRTH)!) as Record<string, unknown>;
    const changed = { ...line, linh_vuc: 'Hộ tịch', ten_thu_tuc: `${line.ten_thu_tuc} (sửa đổi)` };
    const oldDraft = parseProcedure(RawProcedure.parse(line)).draft;
    const newDraft = parseProcedure(RawProcedure.parse(changed)).draft;
    const local = ChangeSet.parse({
      crossBoundary: false,
      timeLimits: { in_person: { value: 1, unit: 'same_day' } },
    });
    const d = sourceDiff(oldDraft, newDraft, local);
    expect(d.sourceChanged).toEqual(['name']);
    expect(d.localEdits).toEqual(['timeLimits', 'crossBoundary']);
    expect(d.collisions).toEqual([]);
  });

  it('reports a collision when the source changes the part a local edit overrides', () => {
    const line = JSON.parse(rawLines.get(BIRTH)!) as Record<string, unknown>;
    const changed = { ...line, co_quan_thuc_hien: 'Ủy ban nhân dân cấp xã' };
    const oldDraft = parseProcedure(RawProcedure.parse(line)).draft;
    const newDraft = parseProcedure(RawProcedure.parse(changed)).draft;
    const local = ChangeSet.parse({
      crossBoundary: false,
      competentAgencyRule: { kind: 'residence_commune', basis: 'admin' },
    });
    const d = sourceDiff(oldDraft, newDraft, local);
    expect(d.sourceChanged).toEqual(['implementingAgencyText']);
    expect(d.collisions).toEqual(['competentAgencyRule']);
  });
});
