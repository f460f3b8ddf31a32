/**
 * Test support for the record tests (not exported from index.ts): the real 2024–2027 holiday table, Can
 * Tho's agencies built from the 2025 units, real procedures from the published catalog, and actors.
 */
import { readFileSync } from 'node:fs';
import { createWorkingCalendar, parseHolidaySchedule } from '../calendar/index.ts';
import {
  type ChannelKind,
  defaultProcess,
  parseProcedure,
  RawProcedure,
  type TimeLimit,
} from '../catalog/index.ts';
import { canThoAgencies, canThoSectorBodies, unitsFrom2025 } from '../units/index.ts';
import type { Actor, OfficialActor } from './actor.ts';
import type { Assignable } from './assignee.ts';
import { parseCommand, type RecordCommandInput } from './commands.ts';
import { decide } from './decide.ts';
import type { DecideAgency, DecideContext, ProcedureFacts } from './decide-context.ts';
import type { Decision } from './decision.ts';
import type { RecordEvent } from './events.ts';
import { evolve } from './evolve.ts';
import type { RecordState } from './record-state.ts';

const data = (path: string) => readFileSync(new URL(`../../../data/${path}`, import.meta.url), 'utf8');

const TRUSTED = new Set(['announced', 'statutory']);
/** The announced and statutory rows of data/vn-holidays. */
export const officialEntries = parseHolidaySchedule(data('vn-holidays/holiday_periods_2024_2027.csv')).filter(
  (e) => TRUSTED.has(e.status),
);

/** The official calendar of state agencies from data/vn-holidays (announced and statutory rows). */
export const calendar = createWorkingCalendar({ entries: officialEntries, statutoryFallback: true });

const units2025 = unitsFrom2025(JSON.parse(data('vn-admin-units-2025/vn_units_full_2025-07-01.json')));
const catalogueAgencyTexts = data('vn-tthc-catalog/procedures_cap_tinh_cap_xa.jsonl')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Record<string, string>)
  .map((j) => ({
    code: j.ma_thu_tuc!,
    competentAgencyText: j.co_quan_co_tham_quyen || null,
    implementingAgencyText: j.co_quan_thuc_hien || null,
  }));

/** Can Tho's agencies (2025 units) and the sector bodies the catalogue names, as the seed creates them, with the key as id. */
export const agencies: DecideAgency[] = [
  ...canThoAgencies(units2025),
  ...canThoSectorBodies(catalogueAgencyTexts, units2025),
].map((a) => ({ ...a, id: a.key }));

/** The agency with this key. */
export function agency(key: string): DecideAgency {
  const a = agencies.find((x) => x.key === key);
  if (!a) throw new Error(`no agency ${key}`);
  return a;
}

/** Procedures used by the tests, by national code. */
export const CODES = {
  /** Đính chính Giấy chứng nhận đã cấp lần đầu có sai sót: land parcel commune, 8 working days, cross-boundary. */
  landCorrection: '1.012796',
  /** Thủ tục đăng ký khai sinh: residence commune, same day. */
  birthRegistration: '1.001193',
  /** Xóa đăng ký thường trú: the police of the residence commune, online only, not cross-boundary. */
  residenceDeregistration: '1.003197',
  /** Cấp thẻ tư vấn viên pháp luật: Sở Tư pháp, 5 working days. */
  legalAdviserCard: '1.000426',
} as const;

const drafts = new Map(
  data('vn-tthc-catalog/procedures_cap_tinh_cap_xa.jsonl')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { ma_thu_tuc: string })
    .filter((j) => (Object.values(CODES) as string[]).includes(j.ma_thu_tuc))
    .map((j) => {
      const { draft } = parseProcedure(RawProcedure.parse(j));
      return [draft.code, draft] as const;
    }),
);

/** A procedure version as decisions see it: the catalog's time limits and the default internal process. */
export function procedure(code: string): ProcedureFacts {
  const d = drafts.get(code);
  if (!d) throw new Error(`no procedure ${code} in the catalog`);
  const timeLimits: Partial<Record<ChannelKind, TimeLimit>> = {};
  for (const c of d.channels) if (c.time && !timeLimits[c.channel]) timeLimits[c.channel] = c.time;
  const limit = timeLimits.in_person ?? timeLimits.online ?? timeLimits.post;
  if (!limit) throw new Error(`procedure ${code} has no time limit`);
  return {
    versionId: `${code}@1`,
    code,
    onlineLevel: d.onlineLevel,
    crossBoundary: d.crossBoundary,
    competentAgencyRule: d.competentAgencyRule,
    process: defaultProcess(d.levels.includes('commune') ? 'commune' : 'city', limit),
    timeLimits,
    documents: d.documents.map((x) => x.name),
  };
}

/** A Vietnamese wall-clock time. */
export const vn = (date: string, time: string) => new Date(`${date}T${time}:00+07:00`);

const official = (userId: string, agencyId: string, ...roles: OfficialActor['roles']): OfficialActor => ({
  kind: 'official',
  userId,
  agencyId,
  roles,
});

/** Staff of phường Ninh Kiều (31135), phường Cái Khế (31120), the city center and Sở Tư pháp. */
export const staff = {
  ninhKieuReception: official('nk-reception', '31135-ttpvhcc', 'reception'),
  ninhKieuDirector: official('nk-director', '31135-ttpvhcc', 'leader'),
  caiKheReception: official('ck-reception', '31120-ttpvhcc', 'reception'),
  caiKheSpecialist: official('ck-specialist', '31120-ubnd', 'specialist'),
  caiKheSpecialist2: official('ck-specialist-2', '31120-ubnd', 'specialist'),
  caiKheLeader: official('ck-leader', '31120-ubnd', 'leader'),
  caiKheMonitor: official('ck-monitor', '31120-ubnd', 'monitor'),
  cityReception: official('city-reception', '92-ttpvhcc', 'reception'),
  justiceSpecialist: official('tp-specialist', '92-so-tu-phap', 'specialist'),
  justiceLeader: official('tp-leader', '92-so-tu-phap', 'leader'),
} as const;

/** Every official of {@link staff}, active, as the service loads them for an assignment. */
export const officials: Assignable[] = Object.values(staff).map((a) => ({
  userId: a.userId,
  agencyId: a.agencyId,
  roles: a.roles,
  active: true,
}));

/** The applicant's account. */
export const applicant: Actor = { kind: 'applicant', accountId: 'vneid-092085001234' };
/** Someone else's account. */
export const stranger: Actor = { kind: 'applicant', accountId: 'vneid-someone-else' };

/** A citizen of Cần Thơ (place code 092, born 1985, male). */
export const citizen = {
  kind: 'citizen',
  fullName: 'Nguyễn Văn An',
  personalId: '092 085 001234',
  birthDate: '1985-04-12',
  sex: 'male',
  phone: '0912 345 678',
} as const;

/** The decision context at `now` for a procedure, with the city's agencies and sequence 1. */
export function context(
  now: Date,
  code: string = CODES.landCorrection,
  extra: Partial<DecideContext> = {},
): DecideContext {
  return {
    now,
    calendar,
    newRecordId: 'rec-1',
    procedure: procedure(code),
    agencies,
    receptionSequence: 1,
    officials,
    ...extra,
  };
}

/** Parses and decides a command. */
export function attempt(
  state: RecordState | null,
  input: RecordCommandInput,
  actor: Actor,
  ctx: DecideContext,
): Decision {
  const parsed = parseCommand(input);
  if (!parsed.ok) throw new Error(`invalid command: ${JSON.stringify(parsed.error.issues)}`);
  return decide(state, parsed.value, actor, ctx);
}

/** Decides a command that must succeed and applies its events. */
export function act(
  state: RecordState | null,
  input: RecordCommandInput,
  actor: Actor,
  ctx: DecideContext,
): { state: RecordState; events: RecordEvent[] } {
  const d = attempt(state, input, actor, ctx);
  if (!d.ok) throw new Error(`${input.type} refused: ${JSON.stringify(d.error)}`);
  const next = d.events.reduce<RecordState | null>(evolve, state);
  if (!next) throw new Error('no state');
  return { state: next, events: d.events };
}

/** Documents of the land-correction procedure a complete counter dossier brings. */
export function fullChecklist(code: string = CODES.landCorrection) {
  return procedure(code)
    .documents.slice(0, 2)
    .map((document) => ({ document, provided: true, originals: 1 }));
}

/** A walk-in land-correction record received at phường Ninh Kiều for a parcel in phường Cái Khế. */
export function receivedAtNinhKieu(now: Date, extra: Partial<DecideContext> = {}) {
  return act(
    null,
    {
      type: 'receive',
      checklist: fullChecklist(),
      opening: {
        procedureVersionId: `${CODES.landCorrection}@1`,
        channel: 'in_person',
        applicant: citizen,
        routing: { residenceUnitCode: '31135', landParcelUnitCode: '31120' },
      },
    },
    staff.ninhKieuReception,
    context(now, CODES.landCorrection, extra),
  );
}

/** A land-correction record received at phường Ninh Kiều on Mon 2/3/2026 09:00 (due Thu 12/3/2026). */
export const T0 = vn('2026-03-02', '09:00');

/** States of the land-correction record along its life, built from commands. */
export const landRecord = {
  received: () => receivedAtNinhKieu(T0).state,
  atAppraisal: () =>
    act(
      landRecord.received(),
      { type: 'forward', assigneeId: 'ck-specialist' },
      staff.ninhKieuReception,
      context(vn('2026-03-02', '10:00')),
    ).state,
  atApproval: () =>
    act(
      landRecord.atAppraisal(),
      { type: 'forward' },
      staff.caiKheSpecialist,
      context(vn('2026-03-03', '10:00')),
    ).state,
  approved: () =>
    act(landRecord.atApproval(), { type: 'approve' }, staff.caiKheLeader, context(vn('2026-03-04', '09:00')))
      .state,
};
