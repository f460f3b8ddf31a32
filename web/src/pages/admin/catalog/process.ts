import type { Reply } from '../../../contracts.ts';
import type { CompetentAgencyRule } from './model.ts';

/**
 * The process designer's model (issue 15 item 5): a procedure's internal process as the API stores it
 * (src/core/catalog/process.ts `ProcessStep`) and as the designer edits it (one row per step, budgets in
 * office hours or working days, `after` left to "the step before" unless the administrator says otherwise),
 * with the critical-path budget the server checks against the legal limit. Pure: no React, no fetch.
 */

export const STEP_ROLES = ['reception', 'specialist', 'leader'] as const;
export type StepRole = (typeof STEP_ROLES)[number];
export const STEP_KINDS = ['reception', 'work', 'decision', 'return'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** Which agency holds a step (the API's `StepAgencyRule`). */
export type StepAgency =
  | { kind: 'receiving' }
  | { kind: 'competent' }
  | { kind: 'return_point' }
  | { kind: 'rule'; rule: CompetentAgencyRule };

/** One step as the API stores it. */
export interface ProcessStep {
  key: string;
  name_vi: string;
  name_en: string;
  role: StepRole;
  kind?: StepKind;
  agency?: StepAgency;
  after?: string[];
  budgetWorkingHours: number;
  produces?: string[];
}

/**
 * The agency choices the designer offers: the receiving unit, the competent agency, the return point, one
 * named agency chosen from the agency list (`named`), the sector body serving the applicant's commune
 * (`serving`), the People's Committee or police of the applicant's commune (`commune`); any other stored
 * rule is kept as it is (`other`).
 */
export const AGENCY_CHOICES = [
  'receiving',
  'competent',
  'return_point',
  'named',
  'serving',
  'commune',
] as const;
export type AgencyChoice = (typeof AGENCY_CHOICES)[number] | 'other';

/** The commune fact a `serving` or `commune` rule reads. */
export const SERVED_BY = ['residenceUnitCode', 'landParcelUnitCode', 'businessUnitCode'] as const;
export type ServedBy = (typeof SERVED_BY)[number];
const COMMUNE_RULE: Record<ServedBy, CompetentAgencyRule['kind']> = {
  residenceUnitCode: 'residence_commune',
  landParcelUnitCode: 'land_parcel_commune',
  businessUnitCode: 'business_commune',
};

export interface DraftAgency {
  choice: AgencyChoice;
  /** `named`: the agency's key; `serving`: the sector body's key (its name goes in the rule). */
  agencyKey?: string;
  /** The chosen agency's name (the rule's `department`). */
  agencyName?: string;
  servedBy?: ServedBy;
  body?: 'peoples_committee' | 'police';
  /** `other`: the stored rule, sent back unchanged. */
  rule?: CompetentAgencyRule;
}

export type BudgetUnit = 'hours' | 'days';

/** One step as the designer edits it. */
export interface DraftStep {
  /** Stable while the step is edited (the React key; step keys can change). */
  uid: string;
  key: string;
  name_vi: string;
  name_en: string;
  role: StepRole;
  kind: StepKind;
  agency: DraftAgency;
  /** Keys of the steps this one waits for; null: the step before it in the list (none for the first). */
  after: string[] | null;
  budget: number | null;
  unit: BudgetUnit;
  produces: string[];
}

/** A working day of civil servants: 8 office hours (as the server's `WORKING_HOURS_PER_DAY`). */
export const HOURS_PER_DAY = 8;

let uids = 0;
export const newUid = (): string => `s${++uids}`;

/** The kind a stored step without one has (as the server's `normalizeProcess`). */
function impliedKind(index: number, length: number): StepKind {
  if (index === 0) return 'reception';
  if (index === length - 1) return 'return';
  if (index === length - 2) return 'decision';
  return 'work';
}

function impliedAgency(kind: StepKind, role: StepRole): StepAgency {
  if (kind === 'reception') return { kind: 'receiving' };
  if (kind === 'return') return { kind: 'return_point' };
  return role === 'reception' ? { kind: 'receiving' } : { kind: 'competent' };
}

/** The designer's agency choice of a stored rule. */
export function draftAgency(agency: StepAgency): DraftAgency {
  if (agency.kind !== 'rule') return { choice: agency.kind };
  const r = agency.rule;
  if (r.kind === 'named_agency' && r.agencyKey)
    return { choice: 'named', agencyKey: r.agencyKey, agencyName: r.department };
  if (r.kind === 'vertical_agency' && r.servedBy && r.department && !r.agencyKey)
    return { choice: 'serving', agencyName: r.department, servedBy: r.servedBy };
  const fact = SERVED_BY.find((f) => COMMUNE_RULE[f] === r.kind);
  if (fact && !r.agencyKey) return { choice: 'commune', servedBy: fact, body: r.body ?? 'peoples_committee' };
  return { choice: 'other', rule: r };
}

/** The stored rule of a designer's agency choice; null while it is incomplete (no agency chosen yet). */
export function storedAgency(a: DraftAgency): StepAgency | null {
  switch (a.choice) {
    case 'receiving':
    case 'competent':
    case 'return_point':
      return { kind: a.choice };
    case 'named':
      if (!a.agencyKey) return null;
      return {
        kind: 'rule',
        rule: {
          kind: 'named_agency',
          agencyKey: a.agencyKey,
          ...(a.agencyName ? { department: a.agencyName } : {}),
          basis: 'admin',
        },
      };
    case 'serving':
      if (!a.agencyName) return null;
      return {
        kind: 'rule',
        rule: {
          kind: 'vertical_agency',
          department: a.agencyName,
          servedBy: a.servedBy ?? 'residenceUnitCode',
          basis: 'admin',
        },
      };
    case 'commune':
      return {
        kind: 'rule',
        rule: {
          kind: COMMUNE_RULE[a.servedBy ?? 'residenceUnitCode'],
          body: a.body ?? 'peoples_committee',
          basis: 'admin',
        },
      };
    case 'other':
      return a.rule ? { kind: 'rule', rule: a.rule } : null;
  }
}

/** A budget as the designer shows it: whole working days in days, anything else in hours. */
function budgetOf(hours: number): { budget: number; unit: BudgetUnit } {
  if (hours >= HOURS_PER_DAY && hours % HOURS_PER_DAY === 0)
    return { budget: hours / HOURS_PER_DAY, unit: 'days' };
  return { budget: hours, unit: 'hours' };
}

/** The designer's rows of a stored process (old four-step processes included). */
export function toDraft(process: readonly ProcessStep[]): DraftStep[] {
  return process.map((s, i) => {
    const kind = s.kind ?? impliedKind(i, process.length);
    const previous = process[i - 1];
    const sequential =
      s.after === undefined ||
      (previous ? s.after.length === 1 && s.after[0] === previous.key : s.after.length === 0);
    return {
      uid: newUid(),
      key: s.key,
      name_vi: s.name_vi,
      name_en: s.name_en,
      role: s.role,
      kind,
      agency: draftAgency(s.agency ?? impliedAgency(kind, s.role)),
      after: sequential ? null : [...(s.after ?? [])],
      ...budgetOf(s.budgetWorkingHours),
      produces: [...(s.produces ?? [])],
    };
  });
}

/** A draft step's budget in office hours (0 when empty). */
export function stepHours(s: Pick<DraftStep, 'budget' | 'unit'>): number {
  const v = s.budget ?? 0;
  return s.unit === 'days' ? v * HOURS_PER_DAY : v;
}

/** The process the API stores for the designer's rows: every field explicit except a sequential `after`. */
export function fromDraft(steps: readonly DraftStep[]): ProcessStep[] {
  return steps.map((s) => {
    const agency = storedAgency(s.agency);
    const produces = s.produces.map((p) => p.trim()).filter(Boolean);
    return {
      key: s.key.trim(),
      name_vi: s.name_vi.trim(),
      name_en: s.name_en.trim(),
      role: s.role,
      kind: s.kind,
      ...(agency ? { agency } : {}),
      ...(s.after !== null ? { after: [...s.after] } : {}),
      budgetWorkingHours: Math.round(stepHours(s) * 10_000) / 10_000,
      ...(produces.length ? { produces } : {}),
    };
  });
}

/** The keys a step waits for: its own `after`, else the step before it. */
export function effectiveAfter(steps: readonly Pick<DraftStep, 'key' | 'after'>[], i: number): string[] {
  const s = steps[i];
  if (!s) return [];
  if (s.after !== null) return s.after;
  const previous = steps[i - 1];
  return previous ? [previous.key] : [];
}

export interface CriticalPath {
  /** Office hours of the longest chain of steps (what the legal limit must cover). */
  total: number;
  /** Indices of the steps on that chain, in order. */
  steps: number[];
  /** Office hours from the start to the end of each step along its longest chain. */
  finish: number[];
}

/**
 * The longest chain of budgets through the process (parallel branches count their longest one). Unknown
 * keys and cycles are ignored here (the server refuses them, naming the step).
 */
export function criticalPath(steps: readonly DraftStep[]): CriticalPath {
  const index = new Map(steps.map((s, i) => [s.key, i] as const));
  const finish: number[] = new Array(steps.length).fill(-1);
  const via: (number | null)[] = new Array(steps.length).fill(null);
  const visiting = new Set<number>();
  const visit = (i: number): number => {
    if ((finish[i] as number) >= 0) return finish[i] as number;
    if (visiting.has(i)) return 0;
    visiting.add(i);
    let start = 0;
    let from: number | null = null;
    for (const key of effectiveAfter(steps, i)) {
      const j = index.get(key);
      if (j === undefined || j === i) continue;
      const f = visit(j);
      if (from === null || f > start) {
        start = f;
        from = j;
      }
    }
    via[i] = from;
    visiting.delete(i);
    finish[i] = start + stepHours(steps[i] as DraftStep);
    return finish[i] as number;
  };
  for (let i = 0; i < steps.length; i++) visit(i);
  let end = -1;
  finish.forEach((f, i) => {
    if (end < 0 || f >= (finish[end] as number)) end = i;
  });
  const path: number[] = [];
  const seen = new Set<number>();
  for (let i: number | null = end < 0 ? null : end; i !== null && !seen.has(i); i = via[i] ?? null) {
    seen.add(i);
    path.unshift(i);
  }
  return { total: end < 0 ? 0 : round(finish[end] as number), steps: path, finish: finish.map(round) };
}

const round = (h: number) => Math.round(h * 100) / 100;

/** A legal time limit (the catalogue's `TimeLimit`). */
export interface TimeLimit {
  value: number;
  unit: string;
}

/**
 * The legal limit in office hours, as the server's `limitToWorkingHours`: working days × 8; hours as they
 * are; calendar days and months count their weekdays (⌊days × 5/7⌋, at least one); same-day 4 hours.
 */
export function limitHours(limit: TimeLimit | null | undefined): number | null {
  if (!limit) return null;
  const weekdays = (days: number) => Math.max(1, Math.floor((days * 5) / 7));
  switch (limit.unit) {
    case 'working_days':
      return limit.value * HOURS_PER_DAY;
    case 'working_hours':
    case 'hours':
      return limit.value;
    case 'days':
      return weekdays(limit.value) * HOURS_PER_DAY;
    case 'months':
      return weekdays(limit.value * 30) * HOURS_PER_DAY;
    case 'same_day':
      return 4;
    default:
      return null;
  }
}

/** How the critical path stands against the legal limit. */
export function balance(
  total: number,
  limit: number | null,
): { state: 'exact' | 'under' | 'over' | 'unknown'; hours: number } {
  if (limit === null) return { state: 'unknown', hours: 0 };
  const diff = round(limit - total);
  if (diff === 0) return { state: 'exact', hours: 0 };
  return diff > 0 ? { state: 'under', hours: diff } : { state: 'over', hours: -diff };
}

/** Whether a budget is whole quarter hours. */
export function quarterHours(hours: number): boolean {
  return Math.abs(hours * 4 - Math.round(hours * 4)) < 1e-9;
}

/** A step key from a name: ASCII lower case, underscores, unique among `taken` (`buoc_3` when nothing is left). */
export function keyFromName(name: string, taken: readonly string[]): string {
  const slug = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/_+$/, '');
  // At most 32 characters, cut between words.
  const cut = slug.length > 32 ? slug.slice(0, slug.lastIndexOf('_', 32)) : slug;
  const base = cut || 'buoc';
  let key = base;
  for (let n = 2; taken.includes(key); n++) key = `${base}_${n}`;
  return key;
}

/** A new work step (specialist at the competent agency), its key unique among `steps`. */
export function newStep(steps: readonly DraftStep[], name_vi = '', name_en = ''): DraftStep {
  const taken = steps.map((s) => s.key);
  let key = 'buoc_moi';
  for (let n = steps.length + 1; taken.includes(key); n++) key = `buoc_${n}`;
  return {
    uid: newUid(),
    key,
    name_vi,
    name_en,
    role: 'specialist',
    kind: 'work',
    agency: { choice: 'competent' },
    after: null,
    budget: null,
    unit: 'hours',
    produces: [],
  };
}

/**
 * Renames a step key everywhere it is waited for. Returns the new rows (the renamed step's own `after`
 * unchanged).
 */
export function renameKey(steps: readonly DraftStep[], from: string, to: string): DraftStep[] {
  return steps.map((s) =>
    s.after?.includes(from) ? { ...s, after: s.after.map((k) => (k === from ? to : k)) } : s,
  );
}

/** Removes step `i`; steps that waited for it wait for what it waited for instead. */
export function removeStep(steps: readonly DraftStep[], i: number): DraftStep[] {
  const gone = steps[i];
  if (!gone) return [...steps];
  const inherited = effectiveAfter(steps, i);
  return steps
    .filter((_, j) => j !== i)
    .map((s) => {
      if (!s.after?.includes(gone.key)) return s;
      const after = [...new Set(s.after.flatMap((k) => (k === gone.key ? inherited : [k])))];
      return { ...s, after };
    });
}

/** Moves step `i` by `by` places (-1 up, +1 down). */
export function moveStep(steps: readonly DraftStep[], i: number, by: -1 | 1): DraftStep[] {
  const j = i + by;
  if (j < 0 || j >= steps.length) return [...steps];
  const next = [...steps];
  [next[i], next[j]] = [next[j] as DraftStep, next[i] as DraftStep];
  return next;
}

/** What a field path of a 422 names in the designer: a step index and its field, or the process as a whole. */
export interface IssueTarget {
  step: number | null;
  field: string | null;
}

/** The step fields the designer shows an issue beside. */
export const STEP_FIELDS = [
  'key',
  'name_vi',
  'name_en',
  'role',
  'kind',
  'agency',
  'after',
  'budgetWorkingHours',
  'produces',
] as const;

/**
 * The step and field a problem's path names: `process.<i>.<field>` (with any `body.` / `changes.` prefix);
 * deeper paths (`process.2.agency.rule.agencyKey`) name the step field they sit under. Null when the path
 * is not the process's.
 */
export function issueTarget(path: string): IssueTarget | null {
  const parts = path.split(/[.[\]]+/).filter(Boolean);
  while (parts[0] === 'body' || parts[0] === 'changes') parts.shift();
  if (parts[0] !== 'process') return null;
  const n = parts[1];
  if (n === undefined || !/^\d+$/.test(n)) return { step: null, field: null };
  const field = parts[2] ?? null;
  return {
    step: Number(n),
    field: field && (STEP_FIELDS as readonly string[]).includes(field) ? field : field ? 'other' : null,
  };
}

/** A process template (GET /api/catalog/process-templates) as the designer lists it. */
export type ProcessTemplate = Reply<'GET /api/catalog/process-templates'>['templates'][number];

/** The templates the designer offers: those with steps. */
export function normalizeTemplates(answer: Reply<'GET /api/catalog/process-templates'>): ProcessTemplate[] {
  return answer.templates.filter((t) => t.process.length > 0);
}

/** One step of a previewed route: where the record would go for the chosen commune. */
export interface RouteStep {
  index: number;
  key: string;
  name_vi: string;
  name_en: string;
  role?: string;
  kind?: string;
  agencyName: string | null;
  /** Indices of the steps it waits for. */
  after: number[];
  budgetWorkingHours: number | null;
  /** Why the step's agency does not resolve for this commune: the reason code and its params. */
  unresolved: { reason: string; params: Record<string, unknown> } | null;
}

/** A previewed route (POST /api/catalog/procedures/:code/process/preview). */
export interface Route {
  steps: RouteStep[];
  /** The longest branch's hours and the legal limit's, as the server counts them. */
  totalWorkingHours: number | null;
  limitWorkingHours: number | null;
  /** What publishing this process would refuse (`process.<i>.<field>`). */
  issues: { path: string; message: string }[];
}

/** The preview's answer as the designer shows it (each step's `after` as indices of the steps it waits for). */
export function normalizeRoute(
  answer: Reply<'POST /api/catalog/procedures/:code/process/preview'>,
  lang: 'vi' | 'en',
): Route {
  const indexOf = new Map(answer.steps.map((s) => [s.key, s.index]));
  return {
    steps: answer.steps.map((s) => ({
      index: s.index,
      key: s.key,
      name_vi: s.name_vi,
      name_en: s.name_en,
      role: s.role,
      kind: s.kind,
      agencyName: s.agency?.name ?? null,
      after: s.after.map((k) => indexOf.get(k)).filter((i): i is number => i !== undefined),
      budgetWorkingHours: s.budgetWorkingHours,
      unresolved: s.unresolved,
    })),
    totalWorkingHours: answer.totalWorkingHours,
    limitWorkingHours: answer.limitWorkingHours,
    issues: answer.issues.map((x) => ({
      path: x.path,
      message: (lang === 'vi' && x.messageVi) || x.message,
    })),
  };
}
