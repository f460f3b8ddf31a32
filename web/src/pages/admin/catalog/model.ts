import type { TFunction } from 'i18next';

/** The three ways a dossier can be submitted (Decree 118/2025 art. 16). */
export const CHANNELS = ['in_person', 'online', 'post'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Units an administrator can give a time limit in; `same_day` has no number (value 1). */
export const TIME_UNITS = ['working_days', 'days', 'working_hours', 'hours', 'months', 'same_day'] as const;

/** Competent-agency rule kinds an administrator can choose (contract 1). */
export const RULE_KINDS = [
  'residence_commune',
  'land_parcel_commune',
  'business_commune',
  'any_commune',
  'original_commune',
  'fixed_city_department',
  'named_agency',
  'vertical_agency',
  'city_or_commune_by_case',
] as const;
export type RuleKind = (typeof RULE_KINDS)[number] | 'unresolved';

/** Kinds decided by a commune's body (People's Committee or police). */
export const COMMUNE_KINDS: readonly string[] = [
  'residence_commune',
  'land_parcel_commune',
  'business_commune',
  'any_commune',
  'original_commune',
];
/** Kinds that name one agency, chosen from the agency list. */
export const AGENCY_KINDS: readonly string[] = [
  'fixed_city_department',
  'named_agency',
  'vertical_agency',
  'city_or_commune_by_case',
];

export interface CompetentAgencyRule {
  kind: RuleKind;
  department?: string;
  basis: string;
  body?: 'peoples_committee' | 'police';
  servedBy?: 'residenceUnitCode' | 'landParcelUnitCode' | 'businessUnitCode';
  agencyKey?: string;
}

/** A readiness reason (contract 4): why a channel cannot receive the procedure. */
export interface Reason {
  code: string;
  field: string;
  params: Record<string, unknown>;
  /** The field to edit, as the API names it (a string, or an object with `field`). */
  fix?: string | { field?: string; [k: string]: unknown } | null;
  channel?: string;
  /** The reason in words, as the server puts it. */
  message_vi?: string;
  message_en?: string;
}

export interface ChannelReadiness {
  receivable: boolean;
  reasons: Reason[];
}

export interface ReadinessItem {
  code: string;
  name: string;
  field: string;
  channels: Partial<Record<Channel, ChannelReadiness>>;
  reasons: Reason[];
}

export interface ReadinessPage {
  total: number;
  items: ReadinessItem[];
}

export interface ReadinessSummary {
  total: number;
  channels: {
    channel: Channel;
    receivable: number;
    notReceivable: number;
    /** Procedures with each reason at this channel (empty when the API gave none). */
    reasons: { code: string; count: number }[];
  }[];
  reasons: { code: string; count: number }[];
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : Number(v) || 0);

/** Counts per reason code, most frequent first, from counts keyed by code or a list. */
function reasonCounts(reasonsRaw: unknown): { code: string; count: number }[] {
  const reasons = Array.isArray(reasonsRaw)
    ? (reasonsRaw as Record<string, unknown>[]).map((x) => ({
        code: String(x.code ?? x.reason ?? ''),
        count: num(x.count ?? x.procedures),
      }))
    : Object.entries(reasonsRaw as Record<string, unknown>).map(([code, v]) => ({
        code,
        count:
          typeof v === 'object' && v
            ? num((v as Record<string, unknown>).count ?? (v as Record<string, unknown>).procedures)
            : num(v),
      }));
  reasons.sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  return reasons;
}

/**
 * The summary as the page shows it, from the API's answer: counts per channel (receivable or not) and per
 * reason code. Accepts the counts keyed by channel/code or as lists.
 */
export function normalizeSummary(raw: unknown): ReadinessSummary {
  const r = (raw ?? {}) as Record<string, unknown>;
  const total = num(r.total ?? r.procedures);
  const channelsRaw = r.channels ?? r.perChannel ?? {};
  const channels = CHANNELS.map((channel) => {
    const c = (
      Array.isArray(channelsRaw)
        ? (channelsRaw as Record<string, unknown>[]).find((x) => x.channel === channel)
        : (channelsRaw as Record<string, unknown>)[channel]
    ) as Record<string, unknown> | number | undefined;
    if (typeof c === 'number')
      return { channel, receivable: c, notReceivable: Math.max(0, total - c), reasons: [] };
    const receivable = num(c?.receivable);
    const not = c?.notReceivable ?? c?.unreceivable ?? c?.not_receivable;
    return {
      channel,
      receivable,
      notReceivable: not === undefined ? Math.max(0, total - receivable) : num(not),
      reasons: reasonCounts(c?.reasons ?? {}),
    };
  });
  const reasons = reasonCounts(r.reasons ?? r.perReason ?? {});
  return { total, channels, reasons };
}

/** Every reason of an item, each once (a reason shared by several channels names them all). */
export function itemReasons(item: ReadinessItem): (Reason & { channels: Channel[] })[] {
  const out = new Map<string, Reason & { channels: Channel[] }>();
  const add = (r: Reason, channel?: Channel) => {
    const key = `${r.code}|${r.field}|${JSON.stringify(r.params ?? {})}`;
    const seen = out.get(key);
    if (seen) {
      if (channel && !seen.channels.includes(channel)) seen.channels.push(channel);
      return;
    }
    out.set(key, { ...r, params: r.params ?? {}, channels: channel ? [channel] : [] });
  };
  for (const channel of CHANNELS) for (const r of item.channels[channel]?.reasons ?? []) add(r, channel);
  for (const r of item.reasons ?? []) {
    const ch = CHANNELS.find((c) => c === r.channel);
    add(r, ch);
  }
  return [...out.values()];
}

/** The edit form's field a reason asks to fix, as the `truong` query parameter of the edit page. */
export function fixField(r: Reason): string | null {
  const fix = typeof r.fix === 'string' ? r.fix : (r.fix?.field as string | undefined);
  const field = fix ?? r.field ?? '';
  // The internal process is built from the time limit (the default process of the procedure's level).
  if (r.code === 'process.missing') return 'timeLimits.in_person';
  if (r.code.startsWith('time_limit') || field.startsWith('timeLimits') || field.includes('time')) {
    const channel = CHANNELS.find((c) => field.endsWith(c)) ?? (r.channel as Channel | undefined);
    return `timeLimits.${channel ?? 'in_person'}`;
  }
  if (r.code.startsWith('agency') || field.startsWith('competentAgencyRule')) return 'competentAgencyRule';
  if (field.startsWith('crossBoundary')) return 'crossBoundary';
  if (field.startsWith('onlineLevel') || r.code === 'online.not_offered') return 'onlineLevel';
  if (field.startsWith('fees')) return 'fees';
  return null;
}

/** A reason in plain words, Vietnamese or English (falls back to its code with its params). */
export function reasonText(t: TFunction, r: Reason): string {
  const server = t('catalogAdmin.lang') === 'vi' ? r.message_vi : r.message_en;
  if (server) return server;
  const params = Object.fromEntries(
    Object.entries(r.params ?? {}).map(([k, v]) => [
      k,
      typeof v === 'string' || typeof v === 'number' ? v : JSON.stringify(v),
    ]),
  );
  const key = `catalogAdmin.reason.${r.code.replaceAll('.', '_')}`;
  const text = t(key, {
    ...params,
    sourceText: params.sourceText ?? '—',
    department: params.department ?? '—',
    defaultValue: '',
  });
  return text || t('catalogAdmin.reason.other', { code: r.code });
}

/** The current draft of a procedure as GET /api/procedures/:code answers it (`details`). */
export interface ProcedureDetails {
  code: string;
  versionId: string;
  version: number;
  effectiveFrom: string;
  name: string;
  field: string;
  levels: string[];
  decisionNo: string | null;
  onlineLevel: 'full' | 'partial' | 'none';
  crossBoundary: boolean;
  timeLimit: { value: number; unit: string } | null;
  details: {
    competentAgencyText?: string | null;
    implementingAgencyText?: string | null;
    competentAgencyRule?: CompetentAgencyRule;
    channels?: {
      channel: Channel;
      time: { value: number; unit: string } | null;
      timeRaw: string | null;
      fees: { text: string; amountVnd?: number; free: boolean }[];
      raw: string;
    }[];
    fees?: {
      text: string;
      amountVnd?: number;
      free: boolean;
      name?: string;
      payer?: string;
      exemptions?: string;
    }[];
    feeLines?: FeeLine[];
    documents?: { name: string; form?: string }[];
    onlineLevel?: string;
    crossBoundary?: boolean;
    [k: string]: unknown;
  };
  versions: { version: number; effectiveFrom: string; importedAt: string }[];
}

/** A structured fee line as an administrator enters it (contract 5). */
export interface FeeLine {
  name: string;
  amountVnd: number;
  unit?: 'per_record' | 'per_copy' | 'per_page' | 'per_certificate' | 'per_declaration' | 'per_person';
  payer: 'applicant' | 'beneficiary' | 'organisation' | 'other';
  legalBasis?: string;
  exemptions: { who: string; legalBasis: string; category?: string }[];
  /** Reductions (docs/FEES.md) are kept as they are: the form does not edit them. */
  reductions?: unknown[];
  channel?: Channel | '';
}

/** One version of a procedure as GET /api/catalog/procedures/:code/versions lists it. */
export interface VersionRow {
  id?: string;
  version: number;
  effectiveFrom: string;
  inForce?: boolean;
  origin?: 'import' | 'edit' | 'bulk_edit' | 'cross_boundary_list';
  edit?: {
    fields?: string[];
    decisionNo?: string | null;
    by?: { userId?: string; name?: string } | string | null;
    at?: string | null;
  } | null;
  localEdits?: string[];
  importedAt?: string | null;
}

/** The versions from the API, whatever their wrapper (`items`, `versions`, or a list), newest first. */
export function normalizeVersions(raw: unknown): VersionRow[] {
  const list = Array.isArray(raw)
    ? raw
    : ((raw as { items?: unknown[]; versions?: unknown[] })?.items ??
      (raw as { versions?: unknown[] })?.versions ??
      []);
  return (list as VersionRow[]).slice().sort((a, b) => b.version - a.version);
}

/** The fields a version changed, who changed it and under which decision (null for a catalogue import). */
export function versionEdit(v: VersionRow): {
  fields: string[];
  by: string | null;
  decisionNo: string | null;
} {
  const e = v.edit;
  const by = typeof e?.by === 'string' ? e.by : (e?.by?.name ?? null);
  return { fields: e?.fields ?? [], by, decisionNo: e?.decisionNo ?? null };
}

/** A reason code's short name (the summary and the reason filter). */
export function reasonName(t: TFunction, code: string): string {
  return t(`catalogAdmin.reasonShort.${code.replaceAll('.', '_')}`, { defaultValue: code });
}
