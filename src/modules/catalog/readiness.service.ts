import { sql } from 'kysely';
import {
  type ChannelKind,
  CompetentAgencyRule,
  createReadinessMemo,
  describeReadinessReason,
  type ProcedureReadiness,
  procedureReadiness,
  READINESS_CHANNELS,
  READINESS_REASON_CODES,
  type ReadinessCommune,
  type ReadinessFacts,
  type ReadinessReason,
  type ReadinessReasonCode,
  type RoutingFactKey,
  routingFactsFor,
  timeLimitsOf,
} from '../../core/catalog/index.ts';
import { DomainError } from '../../core/errors/index.ts';
import type { RoutingAgency } from '../../core/records/index.ts';
import type { Tx } from '../../platform/db/index.ts';
import { searchAgencies } from '../units/index.ts';

/** The field an administrator edits to remove a reason, with what to do there. */
export interface ReadinessFix {
  readonly field: string;
  readonly vi: string;
  readonly en: string;
}

export interface ReadinessReasonView extends ReadinessReason {
  readonly message_vi: string;
  readonly message_en: string;
  readonly fix: ReadinessFix;
}

export interface ReadinessItem {
  readonly code: string;
  readonly name: string;
  readonly field: string;
  readonly versionId: string;
  readonly onlineLevel: 'full' | 'partial' | 'none';
  /** Receivable at some channel. */
  readonly receivable: boolean;
  readonly onlineOfferedNotReceivable: boolean;
  readonly channels: Record<ChannelKind, { receivable: boolean; reasons: ReadinessReasonView[] }>;
}

/** What to do about a reason, naming the field to edit (the edit API's `changes.<field>`). */
function fixOf(reason: ReadinessReason): ReadinessFix {
  const { field } = reason;
  switch (reason.code) {
    case 'process.missing':
      return {
        field,
        vi: 'Thiết lập thời hạn giải quyết; quy trình nội bộ mặc định được lập theo thời hạn',
        en: 'Set the time limit; the default internal process is derived from it',
      };
    case 'process.invalid':
      return {
        field: String(reason.params.path ?? field),
        vi: 'Sửa quy trình nội bộ theo lỗi nêu trên (bước và trường được chỉ rõ), hoặc chọn một mẫu quy trình',
        en: 'Fix the internal process as the issue says (the step and field are named), or start from a template',
      };
    case 'time_limit.missing':
      return {
        field,
        vi: 'Nhập thời hạn giải quyết theo văn bản công bố (xem nội dung công bố bên cạnh)',
        en: 'Enter the time limit from the published decision (see the published text beside it)',
      };
    case 'channel.not_offered':
      return field === 'onlineLevel'
        ? {
            field,
            vi: 'Chỉ bật nộp trực tuyến khi thủ tục được cung cấp dịch vụ công trực tuyến',
            en: 'Turn online submission on only when the procedure has an online service',
          }
        : {
            field,
            vi: 'Nếu thủ tục được tiếp nhận theo hình thức này, nhập thời hạn giải quyết cho hình thức đó',
            en: 'If the procedure is received this way, enter its time limit for this channel',
          };
    case 'agency.service_area_open':
      return {
        field,
        vi: 'Khai báo địa bàn (các xã, phường) mà cơ quan phục vụ',
        en: 'Set the communes the agency serves',
      };
    default:
      return {
        field,
        vi: 'Chọn cơ quan có thẩm quyền hoặc quy tắc xác định cơ quan có thẩm quyền',
        en: 'Choose the competent agency or the rule that determines it',
      };
  }
}

function view(reason: ReadinessReason): ReadinessReasonView {
  const words = describeReadinessReason(reason);
  return { ...reason, message_vi: words.vi, message_en: words.en, fix: fixOf(reason) };
}

/**
 * The city's current agencies as routing sees them: every column of the agency (so that what routing reads
 * of it, such as a sector body's service area, is there) with the commune or city code as `unitCode`, as
 * the records module loads them for reception.
 */
export async function readinessAgencies(tx: Tx): Promise<RoutingAgency[]> {
  const rows = await searchAgencies(tx, { limit: 10_000, offset: 0 });
  return rows
    .filter((a) => a.validTo === null)
    .map((a) => ({ ...a, unitCode: a.unitKey.split(':')[1] ?? a.unitKey }));
}

/** The city's current communes: the 2025 units under the city People's Committee's unit. */
export async function readinessCommunes(
  tx: Tx,
  agencies: readonly RoutingAgency[],
): Promise<ReadinessCommune[]> {
  const city = agencies.find((a) => a.level === 'city' && a.kind === 'peoples_committee');
  if (!city) return [];
  const rows = await tx
    .selectFrom('adminUnits')
    .select(['code', 'name'])
    .where('generation', '=', '2025')
    .where('parentKey', '=', `2025:${city.unitCode}`)
    .where('validTo', 'is', null)
    .orderBy('code')
    .execute();
  return rows;
}

interface VersionRow {
  code: string;
  versionId: string;
  name: string;
  field: string;
  onlineLevel: 'full' | 'partial' | 'none';
  crossBoundary: boolean;
  channels: unknown;
  rule: unknown;
  process: unknown;
}

function readinessFacts(row: VersionRow): ReadinessFacts {
  const channels = (Array.isArray(row.channels) ? row.channels : []) as ReadinessFacts['channels'] &
    { channel: ChannelKind; time: { value: number; unit: never } | null }[];
  const rule = CompetentAgencyRule.safeParse(row.rule);
  return {
    code: row.code,
    onlineLevel: row.onlineLevel,
    crossBoundary: row.crossBoundary,
    competentAgencyRule: rule.success ? rule.data : { kind: 'unresolved', basis: 'unreadable rule' },
    process: Array.isArray(row.process) ? row.process : [],
    timeLimits: timeLimitsOf(channels),
    channels,
  };
}

/** Readiness rows: every procedure in force, the one in force of `code`, or one version (`versionId`). */
function versionRows(tx: Tx, only?: { code: string } | { versionId: string }) {
  const which =
    only === undefined
      ? sql`join procedure_versions pv on pv.id = p.current_version_id`
      : 'code' in only
        ? sql`join procedure_versions pv on pv.id = p.current_version_id where p.code = ${only.code}`
        : sql`join procedure_versions pv on pv.procedure_id = p.id where pv.id = ${only.versionId}`;
  return sql<VersionRow>`
    select p.code, pv.id as version_id, pv.name, pv.field, pv.online_level, pv.cross_boundary,
      pv.data -> 'channels' as channels, pv.data -> 'competentAgencyRule' as rule,
      pv.data -> 'process' as process
    from procedures p ${which}
    order by p.code`.execute(tx);
}

/** The readiness of one version row against the city's current agencies and communes. */
async function readinessOfRow(tx: Tx, row: VersionRow): Promise<ProcedureReadiness> {
  const agencies = await readinessAgencies(tx);
  return procedureReadiness(readinessFacts(row), agencies, await readinessCommunes(tx, agencies));
}

function itemOf(row: VersionRow, r: ProcedureReadiness): ReadinessItem {
  const channels = {} as ReadinessItem['channels'];
  for (const c of READINESS_CHANNELS) {
    channels[c] = { receivable: r.channels[c].receivable, reasons: r.channels[c].reasons.map(view) };
  }
  return {
    code: row.code,
    name: row.name,
    field: row.field,
    versionId: row.versionId,
    onlineLevel: row.onlineLevel,
    receivable: READINESS_CHANNELS.some((c) => r.channels[c].receivable),
    onlineOfferedNotReceivable: r.onlineOfferedNotReceivable,
    channels,
  };
}

/** The catalogue's readiness as last computed, with the state of the data it was computed from. */
let cached: { fingerprint: string; items: ReadinessItem[] } | undefined;

/**
 * A fingerprint of everything readiness reads: the versions in force, the agencies and the communes. Any
 * edit (a new version, an agency's service area, a unit change) changes it.
 */
async function fingerprint(tx: Tx): Promise<string> {
  const r = await sql<{ p: string | null; a: string | null; u: string | null }>`
    select
      (select md5(string_agg(current_version_id::text, ',' order by code)) from procedures) as p,
      (select md5(string_agg(a::text, ',' order by a.id)) from agencies a) as a,
      (select md5(string_agg(u.key || coalesce(u.valid_to::text, ''), ',' order by u.key))
         from admin_units u where u.generation = '2025') as u`.execute(tx);
  const row = r.rows[0];
  return `${row?.p}:${row?.a}:${row?.u}`;
}

/**
 * Readiness of every procedure in force (about 1,601), computed once per state of the catalogue, agencies
 * and communes: agencies and communes are loaded once, and each distinct competent-agency rule is evaluated
 * once for every commune.
 */
export async function catalogueReadiness(tx: Tx): Promise<ReadinessItem[]> {
  const print = await fingerprint(tx);
  if (cached?.fingerprint === print) return cached.items;
  const agencies = await readinessAgencies(tx);
  const communes = await readinessCommunes(tx, agencies);
  const memo = createReadinessMemo();
  const rows = (await versionRows(tx)).rows;
  const items = rows.map((row) =>
    itemOf(row, procedureReadiness(readinessFacts(row), agencies, communes, memo)),
  );
  cached = { fingerprint: print, items };
  return items;
}

export interface ReadinessFilter {
  readonly receivable?: boolean | undefined;
  readonly channel?: ChannelKind | undefined;
  readonly reason?: ReadinessReasonCode | undefined;
  readonly field?: string | undefined;
  readonly q?: string | undefined;
  readonly limit: number;
  readonly offset: number;
}

function matches(item: ReadinessItem, f: ReadinessFilter, q: string | undefined): boolean {
  if (f.receivable !== undefined) {
    const receivable = f.channel ? item.channels[f.channel].receivable : item.receivable;
    if (receivable !== f.receivable) return false;
  }
  if (f.reason) {
    const channels = f.channel ? [f.channel] : READINESS_CHANNELS;
    if (!channels.some((c) => item.channels[c].reasons.some((r) => r.code === f.reason))) return false;
  }
  if (f.field !== undefined && item.field !== f.field) return false;
  if (q && !item.code.includes(q) && !item.name.toLocaleLowerCase('vi').includes(q)) return false;
  return true;
}

/** One page of the catalogue's readiness, filtered (procedure code order). */
export async function listReadiness(tx: Tx, f: ReadinessFilter) {
  const items = await catalogueReadiness(tx);
  const q = f.q?.trim().toLocaleLowerCase('vi') || undefined;
  const found = items.filter((i) => matches(i, f, q));
  return { total: found.length, items: found.slice(f.offset, f.offset + f.limit) };
}

/** Counts per channel and per reason over the catalogue in force. */
export async function readinessSummary(tx: Tx) {
  const items = await catalogueReadiness(tx);
  return summarize(items);
}

export function summarize(items: readonly ReadinessItem[]) {
  const channel = (c: ChannelKind) => {
    const reasons = Object.fromEntries(READINESS_REASON_CODES.map((r) => [r, 0])) as Record<
      ReadinessReasonCode,
      number
    >;
    let receivable = 0;
    for (const i of items) {
      if (i.channels[c].receivable) receivable++;
      for (const code of new Set(i.channels[c].reasons.map((r) => r.code))) reasons[code]++;
    }
    return { receivable, notReceivable: items.length - receivable, reasons };
  };
  const anyReasons = Object.fromEntries(READINESS_REASON_CODES.map((r) => [r, 0])) as Record<
    ReadinessReasonCode,
    number
  >;
  for (const i of items) {
    const codes = new Set(READINESS_CHANNELS.flatMap((c) => i.channels[c].reasons.map((r) => r.code)));
    for (const code of codes) anyReasons[code]++;
  }
  return {
    procedures: items.length,
    receivableAnyChannel: items.filter((i) => i.receivable).length,
    onlineOfferedNotReceivable: items.filter((i) => i.onlineOfferedNotReceivable).length,
    channels: {
      in_person: channel('in_person'),
      online: channel('online'),
      post: channel('post'),
    },
    reasons: anyReasons,
  };
}

/** Whether a procedure can be received per channel, in plain words, and the routing facts its forms ask. */
export interface PublicReceivability {
  readonly receivable: Record<ChannelKind, boolean>;
  readonly reasons: Record<ChannelKind, { code: string; message_vi: string; message_en: string }[]>;
  readonly routingFacts: RoutingFactKey[];
}

/**
 * Receivability of one procedure in force, for the public procedure page and the forms.
 * @throws procedure.not_found
 */
export async function procedureReceivability(tx: Tx, code: string): Promise<PublicReceivability> {
  const row = (await versionRows(tx, { code })).rows[0];
  if (!row) throw new DomainError('procedure.not_found', { code });
  const r = await readinessOfRow(tx, row);
  const facts = readinessFacts(row);
  const receivable = {} as PublicReceivability['receivable'];
  const reasons = {} as PublicReceivability['reasons'];
  for (const c of READINESS_CHANNELS) {
    receivable[c] = r.channels[c].receivable;
    reasons[c] = r.channels[c].reasons.map((reason) => {
      const words = describeReadinessReason(reason);
      return { code: reason.code, message_vi: words.vi, message_en: words.en };
    });
  }
  return { receivable, reasons, routingFacts: routingFactsFor(facts.competentAgencyRule, facts.process) };
}

/**
 * Refuses an online submission of a procedure version that cannot be received online, naming the reason.
 * @throws procedure.not_receivable
 */
export async function assertReceivableOnline(tx: Tx, versionId: string): Promise<void> {
  const row = (await versionRows(tx, { versionId })).rows[0];
  if (!row) return; // the lifecycle answers procedure.not_found
  const readiness = await readinessOfRow(tx, row);
  const online = readiness.channels.online;
  if (online.receivable) return;
  const first = online.reasons[0]!;
  const words = describeReadinessReason(first);
  throw new DomainError('procedure.not_receivable', {
    code: row.code,
    channel: 'online',
    reason: first.code,
    reasons: online.reasons.map((x) => x.code),
    reason_vi: words.vi,
    reason_en: words.en,
  });
}

/**
 * The readiness report as text (`motcua catalog readiness`): counts per channel and per reason, and with
 * `list` every procedure not receivable at some channel the catalogue offers, with each reason and the
 * field to fix.
 */
export function readinessReportText(items: readonly ReadinessItem[], list = false): string {
  const s = summarize(items);
  const lines = [
    `Catalogue readiness: ${s.procedures} procedures in force, ${s.receivableAnyChannel} receivable at some channel`,
    '',
    'channel     receivable  not receivable',
    ...READINESS_CHANNELS.map(
      (c) =>
        `${c.padEnd(10)}  ${String(s.channels[c].receivable).padStart(10)}  ${String(s.channels[c].notReceivable).padStart(14)}`,
    ),
    '',
    `offered online by the catalogue but not receivable online: ${s.onlineOfferedNotReceivable}`,
    '',
    'reason                     procedures  in_person  online   post',
    ...READINESS_REASON_CODES.map(
      (r) =>
        `${r.padEnd(25)}  ${String(s.reasons[r]).padStart(10)}  ${READINESS_CHANNELS.map((c) =>
          String(s.channels[c].reasons[r]).padStart(c === 'in_person' ? 9 : 6),
        ).join('  ')}`,
    ),
  ];
  if (list) {
    lines.push('', 'Procedures not receivable at the counter (reasons and the field to fix):');
    for (const i of items) {
      if (i.channels.in_person.receivable) continue;
      lines.push(`${i.code}  ${i.name.slice(0, 100)}`);
      for (const r of i.channels.in_person.reasons)
        lines.push(`    ${r.code} → ${r.fix.field}: ${r.message_en}`);
    }
  }
  return lines.join('\n');
}
