import type { RoutingFacts } from '../records/applicant-data.ts';
import {
  canReceive,
  competentAgency,
  isOneStopUnit,
  type RoutingAgency,
  routingFactsNeeded,
} from '../records/routing.ts';
import type { ChannelKind, CompetentAgencyRule, ProcedureDraft, TimeLimit } from './procedure-draft.ts';
import { ProcessStep } from './process.ts';
import { type ProcessRuleFailure, validateProcess } from './process-validate.ts';

/** The channels readiness is reported for, in the order they are shown. */
export const READINESS_CHANNELS = ['in_person', 'online', 'post'] as const satisfies readonly ChannelKind[];

/**
 * Why a procedure cannot be received at a channel. Each code is a refusal the record lifecycle would give
 * (src/core/records/decide-reception.ts), found before any citizen or official tries:
 * - `process.missing`: no internal process (`record.procedure_not_configured`, `missing: 'process'`);
 * - `process.invalid`: a process that does not validate (`validateProcess` against the headline limit, in
 *   person first: structure, critical path = the limit, agency rules of its steps for every commune);
 *   `params` carry the first issue (`path` such as `process.3.after`, `issue` its code, `message`,
 *   `messageVi`, its params) and `issues`, how many there are;
 * - `time_limit.missing`: the channel is published but its time limit is missing or unreadable
 *   (`record.procedure_not_configured`, `missing: 'timeLimit.<channel>'`); `params.sourceText` is the time
 *   cell as published;
 * - `channel.not_offered`: the catalogue does not offer the channel (online: `onlineLevel` none, refused by
 *   `record.channel_not_offered`; counter and post: no such row, so no time limit either);
 * - `agency.unresolved_rule`, `agency.not_found`, `agency.service_area_open`, `agency.missing_fact`: the
 *   competent-agency rule does not resolve for some commune of the city (`record.competent_agency_unresolved`
 *   with that `reason`);
 * - `agency.no_reception`: the competent agency resolves but no one-stop unit of the city may receive its
 *   records (`record.outside_reception_scope` at every counter).
 */
export const READINESS_REASON_CODES = [
  'process.missing',
  'process.invalid',
  'time_limit.missing',
  'channel.not_offered',
  'agency.unresolved_rule',
  'agency.not_found',
  'agency.service_area_open',
  'agency.missing_fact',
  'agency.no_reception',
] as const;
export type ReadinessReasonCode = (typeof READINESS_REASON_CODES)[number];

/** One reason, with the procedure field an administrator edits to remove it. */
export interface ReadinessReason {
  readonly code: ReadinessReasonCode;
  /** The field to edit: `timeLimits.<channel>`, `onlineLevel`, `process`, `competentAgencyRule`, `agency.servesUnitCodes`. */
  readonly field: string;
  readonly params: Readonly<Record<string, unknown>>;
}

export interface ChannelReadiness {
  readonly receivable: boolean;
  readonly reasons: readonly ReadinessReason[];
}

export interface ProcedureReadiness {
  readonly channels: Readonly<Record<ChannelKind, ChannelReadiness>>;
  /**
   * The catalogue offers online submission (`onlineLevel` full or partial) while the procedure cannot be
   * received online: what the portal must stop offering until an administrator fixes it.
   */
  readonly onlineOfferedNotReceivable: boolean;
}

/** What readiness reads of a procedure version: the lifecycle's facts plus the channel rows as published. */
export interface ReadinessFacts {
  readonly code: string;
  readonly onlineLevel: ProcedureDraft['onlineLevel'];
  readonly crossBoundary: boolean;
  readonly competentAgencyRule: CompetentAgencyRule;
  /** As stored (parsed here: an unreadable process is `process.invalid`). */
  readonly process: readonly unknown[];
  readonly timeLimits: Partial<Record<ChannelKind, TimeLimit>>;
  /** The "Cách thức thực hiện" rows: channel, time cell as published, description. */
  readonly channels: readonly {
    readonly channel: ChannelKind;
    readonly timeRaw: string | null;
    readonly description?: string | null;
    /** The whole row as published. */
    readonly raw?: string;
  }[];
}

/**
 * The time limit per channel as reception reads it: the first row of each channel that has one
 * (`getProcedureFacts` builds the lifecycle's facts with it).
 */
export function timeLimitsOf(
  channels: readonly { readonly channel: ChannelKind; readonly time: TimeLimit | null }[],
): Partial<Record<ChannelKind, TimeLimit>> {
  const limits: Partial<Record<ChannelKind, TimeLimit>> = {};
  for (const c of channels) if (c.time && !limits[c.channel]) limits[c.channel] = c.time;
  return limits;
}

/** A commune (xã, phường) of the city, by its 2025 GSO code. */
export interface ReadinessCommune {
  readonly code: string;
  readonly name?: string;
}

/** How many commune codes a reason lists when not every commune is affected. */
const MAX_LISTED_COMMUNES = 10;
const MAX_DESCRIPTION = 500;

type AgencyCheck = readonly ReadinessReason[];

/**
 * Memo of the agency checks by rule and cross-boundary flag, for one agency list and one commune list:
 * the catalogue has 1,601 procedures but few distinct rules. Create one per evaluation of a catalogue
 * ({@link createReadinessMemo}); never share it across agency or commune lists.
 */
export interface ReadinessMemo {
  readonly rules: Map<string, AgencyCheck>;
  /** A step's agency rule (as JSON) → the communes where it names no agency. */
  readonly stepRules?: Map<string, ProcessRuleFailure[]>;
}

export function createReadinessMemo(): ReadinessMemo {
  return { rules: new Map(), stepRules: new Map() };
}

/** The routing facts of an applicant for whom everything happens in `commune`. */
function factsFor(commune: string, level: RoutingFacts['level']): RoutingFacts {
  return {
    residenceUnitCode: commune,
    landParcelUnitCode: commune,
    businessUnitCode: commune,
    originalUnitCode: commune,
    ...(level === undefined ? {} : { level }),
  };
}

const REASON_OF: Readonly<Record<string, ReadinessReasonCode>> = {
  unresolved_rule: 'agency.unresolved_rule',
  no_agency: 'agency.not_found',
  service_area_open: 'agency.service_area_open',
  missing_fact: 'agency.missing_fact',
};

/**
 * Evaluates `competentAgency` for every commune of the city with every routing fact set to that commune (and
 * `level` both ways for `city_or_commune_by_case`), and checks that some one-stop unit may receive what the
 * resolved agency decides. Failures are grouped by reason and what they name, with the communes affected.
 */
function checkAgency<A extends RoutingAgency>(
  rule: CompetentAgencyRule,
  crossBoundary: boolean,
  agencies: readonly A[],
  communes: readonly ReadinessCommune[],
): AgencyCheck {
  const levels: RoutingFacts['level'][] =
    rule.kind === 'city_or_commune_by_case' ? ['commune', 'city'] : [undefined];
  const receivers = agencies.filter(isOneStopUnit);
  const receivable = new Map<string, boolean>();
  const groups = new Map<
    string,
    { code: ReadinessReasonCode; params: Record<string, unknown>; communes: Set<string> }
  >();
  const add = (code: ReadinessReasonCode, params: Record<string, unknown>, commune: string) => {
    const key = `${code}\u0000${JSON.stringify(params)}`;
    let g = groups.get(key);
    if (!g) {
      g = { code, params, communes: new Set() };
      groups.set(key, g);
    }
    g.communes.add(commune);
  };
  // What a rule resolves to without reading a commune fact is the same for every commune: evaluated once.
  const readsCommune = routingFactsNeeded(rule).some((f) => f !== 'level');
  const once = new Map<RoutingFacts['level'], ReturnType<typeof competentAgency<A>>>();
  const route = (commune: string, level: RoutingFacts['level']) => {
    if (readsCommune && !(rule.kind === 'city_or_commune_by_case' && level === 'city')) {
      return competentAgency(rule, factsFor(commune, level), agencies);
    }
    let found = once.get(level);
    if (!found) {
      found = competentAgency(rule, factsFor(commune, level), agencies);
      once.set(level, found);
    }
    return found;
  };
  for (const commune of communes) {
    for (const level of levels) {
      const routed = route(commune.code, level);
      if (!routed.ok) {
        const { reason, rule: _kind, unitCode, ...named } = routed.error.params as Record<string, unknown>;
        const code = REASON_OF[String(reason)] ?? 'agency.unresolved_rule';
        // A missing commune body is named by the commune itself, listed below with the others.
        add(code, { ...(level === undefined ? {} : { level }), ...named }, String(unitCode ?? commune.code));
        continue;
      }
      const competent = routed.value;
      let ok = receivable.get(competent.key);
      if (ok === undefined) {
        ok = receivers.some((r) => canReceive(crossBoundary, r, competent));
        receivable.set(competent.key, ok);
      }
      if (!ok)
        add('agency.no_reception', { agency: competent.key, agencyName: competent.name }, commune.code);
    }
  }
  return [...groups.values()].map((g) => {
    const affected = [...g.communes].sort();
    return {
      code: g.code,
      field: g.code === 'agency.service_area_open' ? 'agency.servesUnitCodes' : 'competentAgencyRule',
      params: {
        ...g.params,
        communesAffected: affected.length,
        communesTotal: communes.length,
        ...(affected.length < communes.length
          ? { communeCodes: affected.slice(0, MAX_LISTED_COMMUNES) }
          : {}),
      },
    };
  });
}

function agencyReasons<A extends RoutingAgency>(
  facts: ReadinessFacts,
  agencies: readonly A[],
  communes: readonly ReadinessCommune[],
  memo: ReadinessMemo,
): AgencyCheck {
  const key = `${facts.crossBoundary}\u0000${JSON.stringify(facts.competentAgencyRule)}`;
  let found = memo.rules.get(key);
  if (!found) {
    found =
      communes.length === 0
        ? [{ code: 'agency.not_found', field: 'competentAgencyRule', params: { communesTotal: 0 } }]
        : checkAgency(facts.competentAgencyRule, facts.crossBoundary, agencies, communes);
    memo.rules.set(key, found);
  }
  return found;
}

function clip(text: string | null | undefined): string | null {
  if (!text) return null;
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION)}…` : text;
}

/** The reason a channel has no time limit: not offered at all, or offered with a missing or unreadable cell. */
function timeReason(facts: ReadinessFacts, channel: ChannelKind): ReadinessReason | undefined {
  if (facts.timeLimits[channel]) return undefined;
  const rows = facts.channels.filter((c) => c.channel === channel);
  const field = `timeLimits.${channel}`;
  if (rows.length === 0 && channel !== 'online') {
    return { code: 'channel.not_offered', field, params: { channel } };
  }
  const cells = [...new Set(rows.map((r) => r.timeRaw).filter((t): t is string => Boolean(t)))];
  return {
    code: 'time_limit.missing',
    field,
    params: {
      channel,
      sourceText: cells.length ? cells.join(' | ') : null,
      description: clip(rows.find((r) => r.description)?.description),
      row: clip(rows[0]?.raw),
    },
  };
}

/** The first issue of the process, as a readiness reason; none when it validates. */
function processReasons<A extends RoutingAgency>(
  facts: ReadinessFacts,
  agencies: readonly A[],
  communes: readonly ReadinessCommune[],
  memo: ReadinessMemo,
): ReadinessReason[] {
  if (facts.process.length === 0) return [{ code: 'process.missing', field: 'process', params: {} }];
  const parsed = ProcessStep.array().safeParse(facts.process);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const path = ['process', ...(first?.path ?? []).map(String)].join('.');
    return [
      {
        code: 'process.invalid',
        field: 'process',
        params: {
          path,
          issue: 'unreadable',
          message: first?.message ?? '',
          issues: parsed.error.issues.length,
        },
      },
    ];
  }
  const limit = facts.timeLimits.in_person ?? facts.timeLimits.online ?? facts.timeLimits.post ?? null;
  const stepRules = memo.stepRules ?? new Map<string, ProcessRuleFailure[]>();
  const issues = validateProcess(parsed.data, limit, {
    ruleFailures: (rule) => {
      const key = JSON.stringify(rule);
      let found = stepRules.get(key);
      if (!found) {
        found = communes.flatMap((c) => {
          const r = competentAgency(rule, factsFor(c.code, undefined), agencies);
          return r.ok
            ? []
            : [{ unitCode: c.code, reason: String((r.error.params as { reason?: unknown }).reason) }];
        });
        stepRules.set(key, found);
      }
      return found;
    },
  });
  const first = issues[0];
  if (!first) return [];
  return [
    {
      code: 'process.invalid',
      field: 'process',
      params: {
        ...first.params,
        path: first.path,
        issue: first.code,
        message: first.message,
        messageVi: first.messageVi,
        issues: issues.length,
      },
    },
  ];
}

/**
 * Whether each channel of a procedure can be received, with every reason when it cannot (issue 14 item 6;
 * docs/CATALOG.md "Readiness"). Agrees with reception (`decideReceive`, `decideCreateDraft`): a channel is
 * receivable exactly when the process validates, the channel is offered with a time limit, and the
 * competent-agency rule resolves, for an applicant of every commune of the city, to an agency some one-stop
 * unit may receive for. `agencies` are the city's current agencies, `communes` its current communes; pass one
 * `memo` when evaluating a whole catalogue against the same lists.
 */
export function procedureReadiness<A extends RoutingAgency>(
  facts: ReadinessFacts,
  agencies: readonly A[],
  communes: readonly ReadinessCommune[],
  memo: ReadinessMemo = createReadinessMemo(),
): ProcedureReadiness {
  const shared: ReadinessReason[] = processReasons(facts, agencies, communes, memo);
  const agency = agencyReasons(facts, agencies, communes, memo);
  const channel = (kind: ChannelKind): ChannelReadiness => {
    const reasons: ReadinessReason[] = [...shared];
    if (kind === 'online' && facts.onlineLevel === 'none') {
      reasons.push({ code: 'channel.not_offered', field: 'onlineLevel', params: { channel: kind } });
    } else {
      const time = timeReason(facts, kind);
      if (time) reasons.push(time);
    }
    reasons.push(...agency);
    return { receivable: reasons.length === 0, reasons };
  };
  const channels = {
    in_person: channel('in_person'),
    online: channel('online'),
    post: channel('post'),
  };
  return {
    channels,
    onlineOfferedNotReceivable: facts.onlineLevel !== 'none' && !channels.online.receivable,
  };
}

/** Plain words for a reason, for citizens, officials and administrators. */
export function describeReadinessReason(reason: ReadinessReason): { vi: string; en: string } {
  const p = reason.params;
  const channelVi: Record<string, string> = {
    in_person: 'nộp trực tiếp',
    online: 'nộp trực tuyến',
    post: 'nộp qua dịch vụ bưu chính',
  };
  const channelEn: Record<string, string> = {
    in_person: 'at the counter',
    online: 'online',
    post: 'by post',
  };
  const ch = String(p.channel ?? '');
  const some =
    typeof p.communesAffected === 'number' &&
    typeof p.communesTotal === 'number' &&
    p.communesAffected < p.communesTotal
      ? {
          vi: ` (${p.communesAffected}/${p.communesTotal} xã, phường)`,
          en: ` (${p.communesAffected} of ${p.communesTotal} communes)`,
        }
      : { vi: '', en: '' };
  switch (reason.code) {
    case 'process.missing':
      return {
        vi: 'Chưa có quy trình nội bộ giải quyết thủ tục',
        en: 'The procedure has no internal process yet',
      };
    case 'process.invalid':
      return {
        vi: `Quy trình nội bộ chưa hợp lệ: ${String(p.messageVi ?? p.message ?? '')}`,
        en: `The internal process is not valid: ${String(p.message ?? '')}`,
      };
    case 'time_limit.missing':
      return {
        vi: `Chưa có thời hạn giải quyết khi ${channelVi[ch] ?? ch}${p.sourceText ? ` (công bố: "${p.sourceText}")` : ''}; chờ cơ quan quản lý thiết lập`,
        en: `No time limit ${channelEn[ch] ?? ch}${p.sourceText ? ` (published: "${p.sourceText}")` : ''}; an administrator must set one`,
      };
    case 'channel.not_offered':
      return {
        vi: `Thủ tục không có hình thức ${channelVi[ch] ?? ch}`,
        en: `The procedure is not offered ${channelEn[ch] ?? ch}`,
      };
    case 'agency.unresolved_rule':
      return {
        vi: `Chưa xác định được cơ quan có thẩm quyền giải quyết${some.vi}`,
        en: `The competent agency is not determined${some.en}`,
      };
    case 'agency.not_found':
      return {
        vi: `Không tìm thấy cơ quan có thẩm quyền${p.department ? ` "${p.department}"` : ''} trong danh sách cơ quan của thành phố${some.vi}`,
        en: `The competent agency${p.department ? ` "${p.department}"` : ''} is not in the city's agency list${some.en}`,
      };
    case 'agency.service_area_open':
      return {
        vi: `Chưa xác định địa bàn phục vụ của cơ quan có thẩm quyền${some.vi}`,
        en: `The competent agency's service area is not set${some.en}`,
      };
    case 'agency.missing_fact':
      return {
        vi: `Quy tắc xác định cơ quan có thẩm quyền thiếu thông tin${some.vi}`,
        en: `The competent-agency rule lacks a fact${some.en}`,
      };
    case 'agency.no_reception':
      return {
        vi: `Không có bộ phận một cửa nào được tiếp nhận hồ sơ của ${String(p.agencyName ?? p.agency ?? '')}${some.vi}`,
        en: `No one-stop unit may receive records for ${String(p.agencyName ?? p.agency ?? '')}${some.en}`,
      };
  }
}

/** A routing fact a form may ask (the keys of the record's `routing`). */
export type RoutingFactKey = keyof RoutingFacts;

/**
 * The routing facts the counter and online forms ask for a procedure with this rule and process:
 * `routingFactsNeeded` (src/core/records/routing.ts) of the competent-agency rule and of every step whose
 * agency is a rule (reception resolves those from the record's facts too), so that the forms ask exactly
 * what routing reads. A process that does not parse adds nothing (readiness reports it).
 */
export function routingFactsFor(
  rule: CompetentAgencyRule,
  process: readonly unknown[] = [],
): RoutingFactKey[] {
  const facts = new Set<RoutingFactKey>(routingFactsNeeded(rule));
  const steps = ProcessStep.array().safeParse(process);
  for (const step of steps.success ? steps.data : []) {
    if (step.agency?.kind === 'rule') for (const f of routingFactsNeeded(step.agency.rule)) facts.add(f);
  }
  return [...facts];
}
