import { z } from 'zod';
import { IsoDate } from '../calendar/date.ts';

/**
 * Structured fee lines of a procedure version (phí, lệ phí; Law on Fees and Charges 97/2015/QH13,
 * DOMAIN.md §9) and what a computation needs besides them. Pure schemas: the catalogue's edit API, the
 * record's reception and the fee computation share them (docs/FEES.md).
 */

/** The channels a line may be limited to (the catalogue's `ChannelKind`, repeated to keep fees a leaf). */
export const FeeChannel = z.enum(['in_person', 'online', 'post']);
export type FeeChannel = z.infer<typeof FeeChannel>;

/** Who pays a fee line. */
export const FeePayer = z.enum(['applicant', 'beneficiary', 'organisation', 'other']);
export type FeePayer = z.infer<typeof FeePayer>;

/**
 * What one amount of a line is for: per record (hồ sơ, lần), per copy (bản), per page (trang), per
 * certificate or card issued (giấy, thẻ, giấy chứng nhận), per declaration (tờ khai), per person (người).
 * Every unit but `per_record` is multiplied by a quantity given at reception (default 1).
 */
export const FeeUnit = z.enum([
  'per_record',
  'per_copy',
  'per_page',
  'per_certificate',
  'per_declaration',
  'per_person',
]);
export type FeeUnit = z.infer<typeof FeeUnit>;

/**
 * Exemption and reduction categories an official (or the citizen, for the official to check) can claim for
 * an applicant: a code the line names and the reception checks. The list is the city's configuration
 * (`MOTCUA_FEE_CATEGORIES` adds codes, and so does a procedure's line that names one); these are the groups the published fee texts name most.
 */
export const DEFAULT_FEE_CATEGORIES = [
  'poor_household',
  'near_poor_household',
  'person_with_disability',
  'child_under_6',
  'elderly_lonely',
  'war_invalid_or_martyr_family',
  'ethnic_minority_hardship_area',
  'online_submission_incentive',
] as const;

/** A category code: lower snake case, at most 60 characters. */
export const FeeCategory = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,59}$/, 'a category code is lower-case letters, digits and _');
export type FeeCategory = z.infer<typeof FeeCategory>;

/** A group exempt from a line, and the provision exempting it. Only a line with a `category` is applied by computation. */
export const FeeExemption = z.strictObject({
  who: z.string().trim().min(1).max(500),
  legalBasis: z.string().trim().min(1).max(500),
  /** The category that claims it; absent = shown as text only, an official decides (set a category to apply it). */
  category: FeeCategory.optional(),
});
export type FeeExemption = z.infer<typeof FeeExemption>;

/**
 * A lower amount for a group, a channel or a period (e.g. Circular 64/2025/TT-BTC: 50% of several fees
 * from 01/7/2025 to 31/12/2026): either a `percent` off or a reduced `amountVnd` per unit. It applies when
 * every condition it names holds (category claimed, channel of the record, reception day in [from, until]).
 */
export const FeeReduction = z
  .strictObject({
    legalBasis: z.string().trim().min(1).max(500),
    who: z.string().trim().min(1).max(500).optional(),
    category: FeeCategory.optional(),
    channel: FeeChannel.optional(),
    from: IsoDate.optional(),
    until: IsoDate.optional(),
    percent: z.number().int().min(1).max(100).optional(),
    amountVnd: z.number().int().nonnegative().max(1_000_000_000_000).optional(),
  })
  .refine((r) => (r.percent === undefined) !== (r.amountVnd === undefined), {
    message: 'give either percent or amountVnd',
    path: ['percent'],
  })
  .refine((r) => !r.from || !r.until || r.from <= r.until, {
    message: 'from is after until',
    path: ['until'],
  });
export type FeeReduction = z.infer<typeof FeeReduction>;

/**
 * One structured fee line (phí, lệ phí): name, amount per unit in đồng, unit, who pays, exemptions and
 * reductions with their legal basis; optionally one channel (a lower fee online is its own line).
 */
export const FeeLineEdit = z.strictObject({
  name: z.string().trim().min(1).max(500),
  amountVnd: z.number().int().nonnegative().max(1_000_000_000_000),
  /** Per record when absent (lines entered before units existed). */
  unit: FeeUnit.optional(),
  payer: FeePayer,
  /** The provision that sets the amount (a circular, an HĐND resolution). */
  legalBasis: z.string().trim().min(1).max(500).optional(),
  exemptions: z.array(FeeExemption).max(50).default([]),
  reductions: z.array(FeeReduction).max(50).optional(),
  /** Only for this channel (e.g. a lower fee online); every channel when absent. */
  channel: FeeChannel.optional(),
});
export type FeeLineEdit = z.infer<typeof FeeLineEdit>;
/** A fee line as a client sends it (exemptions may be left out). */
export type FeeLineInput = z.input<typeof FeeLineEdit>;

/**
 * What a computation knows about one record: the channel, the reception day (for dated reductions), the
 * categories an official accepted for the applicant, and the quantity per line index (copies, pages…).
 */
export const FeeFacts = z.strictObject({
  channel: FeeChannel,
  on: IsoDate,
  categories: z.array(FeeCategory).max(20).default([]),
  /** Quantity per line (index in the procedure's lines, as a string key); 1 when absent. */
  quantities: z.record(z.string().regex(/^\d{1,3}$/), z.number().int().min(0).max(10_000)).default({}),
});
export type FeeFacts = z.infer<typeof FeeFacts>;
export type FeeFactsInput = z.input<typeof FeeFacts>;

/**
 * Rules a city may configure (DOMAIN.md §9 leaves them open [U]): whether several reductions that apply to
 * one line stack or only the most favourable applies, and how a percentage is rounded to whole đồng.
 */
export interface FeePolicy {
  /** `best` (default): the one reduction giving the lowest amount; `sum`: percent reductions add up (capped at 100). */
  readonly stacking: 'best' | 'sum';
  /** `down` (default, in the applicant's favour): a reduced amount is rounded down to the đồng; `half_up`. */
  readonly rounding: 'down' | 'half_up';
}

export const DEFAULT_FEE_POLICY: FeePolicy = { stacking: 'best', rounding: 'down' };

/** One adjustment applied to a line: an exemption (the whole amount) or a reduction. */
export const FeeAdjustment = z.object({
  kind: z.enum(['exemption', 'reduction']),
  legalBasis: z.string(),
  who: z.string().nullable(),
  category: z.string().nullable(),
  /** Đồng taken off the line's base amount. */
  amountVnd: z.number().int().nonnegative(),
});
export type FeeAdjustment = z.infer<typeof FeeAdjustment>;

/** One line of a computed amount. */
export const AssessedFeeLine = z.object({
  /** Index of the line among the procedure version's fee lines. */
  index: z.number().int().nonnegative(),
  name: z.string(),
  unit: FeeUnit,
  payer: FeePayer,
  legalBasis: z.string().nullable(),
  quantity: z.number().int().nonnegative(),
  unitAmountVnd: z.number().int().nonnegative(),
  /** unitAmountVnd × quantity. */
  baseVnd: z.number().int().nonnegative(),
  adjustments: z.array(FeeAdjustment),
  /** What is due for the line: base minus adjustments, never below 0. */
  amountVnd: z.number().int().nonnegative(),
});
export type AssessedFeeLine = z.infer<typeof AssessedFeeLine>;

/** A computed amount, with its lines and the facts it was computed from (kept on the record). */
export const FeeAssessment = z.object({
  totalVnd: z.number().int().nonnegative(),
  lines: z.array(AssessedFeeLine),
  channel: FeeChannel,
  on: IsoDate,
  categories: z.array(z.string()),
  /** Where the lines came from: an administrator's edit, the published catalogue text, or none. */
  source: z.enum(['administrator', 'catalogue', 'none']),
});
export type FeeAssessment = z.infer<typeof FeeAssessment>;
