import { z } from 'zod';

/** Where the procedure is carried out, in the two-level model: the city (province) or a commune/ward. */
export const ProcedureLevel = z.enum(['city', 'commune']);
export type ProcedureLevel = z.infer<typeof ProcedureLevel>;

/** A submission channel (Decree 118/2025 art. 16, DOMAIN.md §1.5): counter, public post, online. */
export const ChannelKind = z.enum(['in_person', 'online', 'post']);
export type ChannelKind = z.infer<typeof ChannelKind>;

/**
 * Units of a legal time limit. `same_day` is a procedure answered on the day of reception (hộ tịch,
 * chứng thực; received after 15:00 → next working day, DOMAIN.md §7.1); its `value` is 1.
 */
export const TimeUnit = z.enum(['working_days', 'days', 'hours', 'working_hours', 'months', 'same_day']);
export type TimeUnit = z.infer<typeof TimeUnit>;

/** A legal time limit ("thời hạn giải quyết"). */
export const TimeLimit = z.object({ value: z.number().positive(), unit: TimeUnit });
export type TimeLimit = z.infer<typeof TimeLimit>;

/**
 * One fee or charge line (phí, lệ phí; Law on Fees and Charges 97/2015/QH13, DOMAIN.md §9). `amount` is
 * the number as published in `currency`; `amountVnd` is set only when the đồng amount is certain (see
 * `parseChannels`). `text` is the published wording, kept whole.
 */
export const FeeLine = z.object({
  amountVnd: z.number().nonnegative().optional(),
  amount: z.number().nonnegative().optional(),
  currency: z.enum(['VND', 'USD']).optional(),
  text: z.string(),
  free: z.boolean(),
});
export type FeeLine = z.infer<typeof FeeLine>;

/** One row of the "Cách thức thực hiện" table: a channel with its time limit, fees and description. */
export const ProcedureChannel = z.object({
  channel: ChannelKind,
  time: TimeLimit.nullable(),
  /** The time cell as published ("15 Ngày làm việc", "1", "Không có thông tin"), null when absent. */
  timeRaw: z.string().nullable(),
  fees: z.array(FeeLine),
  /** The row's free-text description (cases, where to submit), null when empty. */
  description: z.string().nullable(),
  /** The whole row as published (method, then time, fee and description). */
  raw: z.string(),
});
export type ProcedureChannel = z.infer<typeof ProcedureChannel>;

/**
 * How a document must be supplied: from the quantity columns (bản chính / bản sao) unless the document's
 * own wording is more precise ("bản sao có chứng thực", "bản chính hoặc bản sao").
 */
export const CopyKind = z.enum([
  'original',
  'copy',
  'certified_copy',
  'original_or_copy',
  'original_and_copy',
]);
export type CopyKind = z.infer<typeof CopyKind>;

/**
 * The longest document name (thành phần hồ sơ) a record accepts: the published catalogue has names of
 * up to about 5,000 characters (376 procedures have one longer than 500), and a record names its
 * documents as published.
 */
export const DOCUMENT_NAME_MAX = 10_000;

/** One row of the "Thành phần hồ sơ" table. */
export const ProcedureDocument = z.object({
  /** The heading the row sits under ("* Giấy tờ phải nộp:", "Trường hợp…"), if any. */
  group: z.string().optional(),
  name: z.string(),
  /** The attached form file name(s) ("Mẫu số 09.docx"), joined with "; ". */
  form: z.string().optional(),
  /** originals + copies; 0 for rows that are notes rather than documents. */
  quantity: z.number().int().nonnegative().optional(),
  originals: z.number().int().nonnegative().optional(),
  copies: z.number().int().nonnegative().optional(),
  copyKind: CopyKind.optional(),
  raw: z.string(),
});
export type ProcedureDocument = z.infer<typeof ProcedureDocument>;

/**
 * Which body decides a dossier, as a rule the routing step can evaluate from the applicant's data
 * (Decree 118/2025 art. 14: competence never comes from the receiving counter, DOMAIN.md §2.7).
 * Kinds: the applicant's commune of residence, the commune of the land parcel, of the business location,
 * any commune, the commune that handled the earlier act (amending a certified transaction), a fixed city
 * department, city or commune depending on the case, a vertically organised agency (or sector body), an
 * agency an administrator named by key (`named_agency`), or unresolved.
 * Inferred by `inferCompetentAgencyRule`; `basis` names the inference so an administrator can review it.
 */
export const CompetentAgencyRule = z.object({
  kind: z.enum([
    'residence_commune',
    'land_parcel_commune',
    'business_commune',
    'any_commune',
    'original_commune',
    'fixed_city_department',
    'city_or_commune_by_case',
    'vertical_agency',
    'named_agency',
    'unresolved',
  ]),
  department: z.string().optional(),
  /** Commune rules: which body of that commune decides; default the People's Committee. Cư trú → police. */
  body: z.enum(['peoples_committee', 'police']).optional(),
  /**
   * `vertical_agency`: the named body is the one whose service area contains the commune this fact names
   * (a "Thuế cơ sở", a "Chi nhánh Văn phòng đăng ký đất đai", a "Bảo hiểm xã hội cơ sở").
   */
  servedBy: z.enum(['residenceUnitCode', 'landParcelUnitCode', 'businessUnitCode']).optional(),
  /** An administrator's explicit choice of agency (its key); wins over the text of `department`. */
  agencyKey: z.string().optional(),
  basis: z.string(),
});
export type CompetentAgencyRule = z.infer<typeof CompetentAgencyRule>;

/** Field names listed in a parse report and in `rawKept`. */
export const PROCEDURE_FIELDS = [
  'code',
  'name',
  'field',
  'levels',
  'kind',
  'subjects',
  'competentAgencyText',
  'implementingAgencyText',
  'decisionNo',
  'channels',
  'channels.time',
  'channels.fees',
  'documents',
  'documents.form',
  'result',
  'legalBasis',
  'steps',
  'conditions',
  'competentAgencyRule',
] as const;
export const ProcedureField = z.enum(PROCEDURE_FIELDS);
export type ProcedureField = z.infer<typeof ProcedureField>;

/** A procedure parsed from the published catalog, before it becomes a versioned procedure. */
export const ProcedureDraft = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  field: z.string(),
  levels: z.array(ProcedureLevel),
  /** Other levels named in `cap_thuc_hien` ("Cấp bộ", "Cơ quan khác"), kept as published. */
  otherLevels: z.array(z.string()),
  kind: z.string().nullable(),
  subjects: z.array(z.string()),
  competentAgencyText: z.string().nullable(),
  implementingAgencyText: z.string().nullable(),
  decisionNo: z.string().nullable(),
  channels: z.array(ProcedureChannel),
  /** Every distinct fee line of every channel. */
  fees: z.array(FeeLine),
  documents: z.array(ProcedureDocument),
  /** Result documents and their codes ("KQ.G15.000031"); `note` is the portal's keyword/description text. */
  result: z.object({ names: z.array(z.string()), codes: z.array(z.string()), note: z.string().optional() }),
  /** One entry per legal document: its title, with its number in brackets when the title lacks it. */
  legalBasis: z.array(z.string()),
  steps: z.array(z.string()),
  conditions: z.string().nullable(),
  onlineLevel: z.enum(['full', 'partial', 'none']),
  crossBoundary: z.boolean(),
  competentAgencyRule: CompetentAgencyRule,
  rawKept: z.array(ProcedureField),
});
export type ProcedureDraft = z.infer<typeof ProcedureDraft>;

/** What {@link ProcedureDraft} fields were structured, kept as raw text, or had no information. */
export const ParseReport = z.object({
  parsed: z.array(ProcedureField),
  kept_raw: z.array(ProcedureField),
  empty: z.array(ProcedureField),
});
export type ParseReport = z.infer<typeof ParseReport>;
