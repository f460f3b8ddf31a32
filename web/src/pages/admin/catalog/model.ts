import type { TFunction } from 'i18next';
import type { Reply } from '../../../contracts.ts';

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

/** The readiness of the procedures (contract 4), as the server's response schemas describe it. */
export type ReadinessPage = Reply<'GET /api/catalog/readiness'>;
export type ReadinessItem = ReadinessPage['items'][number];
/** A readiness reason: why a channel cannot receive the procedure, with the field that fixes it. */
export type Reason = ReadinessItem['channels'][Channel]['reasons'][number];
type SummaryAnswer = Reply<'GET /api/catalog/readiness/summary'>;

/** The summary as the page shows it: counts per channel and per reason, most frequent reason first. */
export interface ReadinessSummary {
  total: number;
  channels: {
    channel: Channel;
    receivable: number;
    notReceivable: number;
    reasons: { code: Reason['code']; count: number }[];
  }[];
  reasons: { code: Reason['code']; count: number }[];
}

/** Counts per reason code, most frequent first. */
function reasonCounts(counts: SummaryAnswer['reasons']): { code: Reason['code']; count: number }[] {
  return (Object.entries(counts) as [Reason['code'], number][])
    .map(([code, count]) => ({ code, count }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

/** The summary as the page shows it, from the API's answer. */
export function normalizeSummary(answer: SummaryAnswer): ReadinessSummary {
  return {
    total: answer.procedures,
    channels: CHANNELS.map((channel) => {
      const c = answer.channels[channel];
      return {
        channel,
        receivable: c.receivable,
        notReceivable: c.notReceivable,
        reasons: reasonCounts(c.reasons),
      };
    }),
    reasons: reasonCounts(answer.reasons),
  };
}

/** Every reason of an item, each once (a reason shared by several channels names them all). */
export function itemReasons(item: ReadinessItem): (Reason & { channels: Channel[] })[] {
  const out = new Map<string, Reason & { channels: Channel[] }>();
  for (const channel of CHANNELS)
    for (const r of item.channels[channel].reasons) {
      const key = `${r.code}|${r.field}|${JSON.stringify(r.params)}`;
      const seen = out.get(key);
      if (seen) {
        if (!seen.channels.includes(channel)) seen.channels.push(channel);
      } else out.set(key, { ...r, channels: [channel] });
    }
  return [...out.values()];
}

/** The edit form's field a reason asks to fix, as the `truong` query parameter of the edit page. */
export function fixField(r: Reason & { channels?: Channel[] }): string | null {
  const field = r.fix.field || r.field;
  // The internal process is built from the time limit (the default process of the procedure's level).
  if (r.code === 'process.missing') return 'timeLimits.in_person';
  if (r.code.startsWith('time_limit') || field.startsWith('timeLimits') || field.includes('time')) {
    const channel = CHANNELS.find((c) => field.endsWith(c)) ?? r.channels?.[0];
    return `timeLimits.${channel ?? 'in_person'}`;
  }
  if (r.code.startsWith('agency') || field.startsWith('competentAgencyRule')) return 'competentAgencyRule';
  if (field.startsWith('crossBoundary')) return 'crossBoundary';
  if (field.startsWith('onlineLevel')) return 'onlineLevel';
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
export type VersionRow = Reply<'GET /api/catalog/procedures/:code/versions'>['items'][number];

/** The versions of a procedure, newest first. */
export function normalizeVersions(answer: Reply<'GET /api/catalog/procedures/:code/versions'>): VersionRow[] {
  return answer.items.slice().sort((a, b) => b.version - a.version);
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
