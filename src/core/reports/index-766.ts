import { z } from 'zod';
import { IsoDate } from '../calendar/index.ts';

/**
 * The indicators of Decision 766/QĐ-TTg we score (DOMAIN.md §6.2). Left out: 2.2 (average processing time,
 * informational [U]), 4.5 (population data, no data source yet [U]) and 5.1 (petitions classified,
 * informational per the vietjack.me summary [S]); there is no 3.4 in F766.
 */
export const IndicatorId = z.enum([
  '1.1',
  '1.2',
  '1.3',
  '1.4',
  '2.1',
  '3.1',
  '3.2',
  '3.3',
  '3.5',
  '3.6',
  '4.1',
  '4.2',
  '4.3',
  '4.4',
  '5.2',
  '5.3',
  '5.4',
]);
/** A scored Decision 766 indicator, e.g. `'2.1'`. */
export type IndicatorId = z.infer<typeof IndicatorId>;

/** A group of indicators (nhóm chỉ số), 1–5 (DOMAIN.md §6.1 [C]). */
export type GroupId766 = 1 | 2 | 3 | 4 | 5;

/** The groups' Vietnamese names and maximum points, 18/20/22/22/18 = 100 (DOMAIN.md §6.1 [C]). */
export const GROUPS_766: Readonly<Record<GroupId766, { readonly name: string; readonly max: number }>> = {
  1: { name: 'Công khai, minh bạch', max: 18 },
  2: { name: 'Tiến độ, kết quả giải quyết', max: 20 },
  3: { name: 'Cung cấp dịch vụ trực tuyến', max: 22 },
  4: { name: 'Số hóa hồ sơ', max: 22 },
  5: { name: 'Mức độ hài lòng', max: 18 },
};

/** Each indicator's group and Vietnamese name (DOMAIN.md §6.2). */
export const INDICATORS_766: Readonly<
  Record<IndicatorId, { readonly group: GroupId766; readonly name: string }>
> = {
  '1.1': { group: 1, name: 'Tỷ lệ TTHC công bố đúng hạn' },
  '1.2': { group: 1, name: 'Tỷ lệ TTHC được cập nhật, công khai đúng hạn' },
  '1.3': { group: 1, name: 'Tỷ lệ TTHC công khai đầy đủ bộ phận tạo thành' },
  '1.4': { group: 1, name: 'Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG' },
  '2.1': { group: 2, name: 'Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn' },
  '3.1': { group: 3, name: 'Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến' },
  '3.2': { group: 3, name: 'Tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ' },
  '3.3': { group: 3, name: 'Tỷ lệ hồ sơ TTHC nộp trực tuyến' },
  '3.5': { group: 3, name: 'Tỷ lệ TTHC có nghĩa vụ tài chính được tích hợp thanh toán trực tuyến' },
  '3.6': { group: 3, name: 'Tỷ lệ hồ sơ thanh toán trực tuyến' },
  '4.1': { group: 4, name: 'Tỷ lệ hồ sơ có cấp kết quả điện tử' },
  '4.2': { group: 4, name: 'Tỷ lệ hồ sơ thực hiện số hóa' },
  '4.3': { group: 4, name: 'Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa' },
  '4.4': { group: 4, name: 'Tỷ lệ hồ sơ số hóa có kết nối, chia sẻ phục vụ tái sử dụng' },
  '5.2': { group: 5, name: 'Tiến độ xử lý phản ánh, kiến nghị đúng hạn' },
  '5.3': { group: 5, name: 'Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị' },
  '5.4': { group: 5, name: 'Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC' },
};

const Count = z.number().int().nonnegative();

/**
 * A unit's procedure catalogue facts for the period (DOMAIN.md §6.2 rows 1.1–1.3, 3.1, 3.2, 3.5).
 * `publishedOnTime` (1.1, công bố) and `disclosedOnTime` (1.2, công khai on the National TTHC DB) are null
 * until that data is available; `withOnlineService` counts procedures with a full or partial online service.
 */
export const ProcedureCounts766 = z.object({
  published: Count,
  publishedOnTime: Count.nullable(),
  disclosedOnTime: Count.nullable(),
  complete: Count,
  underCompetence: Count,
  withOnlineService: Count,
  onlineServices: Count,
  onlineServicesWithRecords: Count,
  withFees: Count,
  withFeesOnlinePayment: Count,
});
/** A unit's procedure catalogue facts for the period. */
export type ProcedureCounts766 = z.infer<typeof ProcedureCounts766>;

/**
 * A unit's counts of records received in the period (DOMAIN.md §6.2 rows 1.4, 2.1, 3.3, 3.6, 4.1–4.4, 5.4);
 * {@link recordCounts766} is the reference definition of each. `synced` (1.4) is null until the portal sync
 * data is available.
 */
export const RecordCounts766 = z.object({
  synced: Count.nullable(),
  received: Count,
  online: Count,
  inScope21: Count,
  onTime21: Count,
  paperResult: Count,
  eResult: Count,
  digitised: Count,
  reused: Count,
  shared: Count,
  feeBearing: Count,
  paidOnline: Count,
  overdue: Count,
  disliked: Count,
});
/** A unit's counts of records received in the period. */
export type RecordCounts766 = z.infer<typeof RecordCounts766>;

/**
 * A unit's petitions (phản ánh, kiến nghị) for the period (DOMAIN.md §6.2 rows 5.1–5.3 [U]); `satisfied` is
 * petitions − disliked − overdue − re-complained, as 5.3 counts them.
 */
export const PetitionCounts766 = z.object({
  total: Count,
  classified: Count,
  onTime: Count,
  satisfied: Count,
});
/** A unit's petitions for the period. */
export type PetitionCounts766 = z.infer<typeof PetitionCounts766>;

/**
 * What one unit (an agency, a commune or the city) has for a period: catalogue facts, records received in the
 * period, and petitions (null while the petitions module does not exist). DOMAIN.md §6.2.
 */
export const UnitCounts766 = z.object({
  procedures: ProcedureCounts766,
  records: RecordCounts766,
  petitions: PetitionCounts766.nullable(),
});
/** What one unit has for a period. */
export type UnitCounts766 = z.infer<typeof UnitCounts766>;

/**
 * An indicator's weight: its maximum `points` and `fullAt`, the ratio that earns them all (below it,
 * points = points × ratio / fullAt). DOMAIN.md §6.2 [S] for the thresholds.
 */
export const IndicatorWeight = z.object({
  points: z.number().nonnegative().finite(),
  fullAt: z.number().gt(0).max(1),
});
/** An indicator's weight. */
export type IndicatorWeight = z.infer<typeof IndicatorWeight>;

const SUM_TOLERANCE = 1e-9;

/**
 * The index weights in force from `effectiveFrom`; configuration because only some are confirmed (DOMAIN.md
 * §11 item 4). Each group's indicators must add up to the group's maximum, 18/20/22/22/18 (§6.1 [C]).
 */
export const Weights766 = z
  .object({ effectiveFrom: IsoDate, indicators: z.record(IndicatorId, IndicatorWeight) })
  .superRefine((w, ctx) => {
    for (const [group, { max }] of Object.entries(GROUPS_766)) {
      const sum = IndicatorId.options
        .filter((id) => INDICATORS_766[id].group === Number(group))
        .reduce((s, id) => s + w.indicators[id].points, 0);
      if (Math.abs(sum - max) > SUM_TOLERANCE) {
        ctx.addIssue({
          code: 'custom',
          path: ['indicators'],
          message: `group ${group} indicators add up to ${sum}, not ${max}`,
        });
      }
    }
  });
/** The index weights in force from a date. */
export type Weights766 = z.infer<typeof Weights766>;

/**
 * The default weights, in force from 01/8/2022 when the portal began computing the index (DOMAIN.md §6.1
 * [C]). Confirmed: 1.2 = 4, group 2 = 2.1 = 20, 5.4 = 6 [C baocaotaichinh.vn]; group 3 = 12 for online
 * services (3.1–3.3) + 10 for online payment (3.5–3.6), the portal's CLGQ/TTTT split [S]. Every other
 * split is ours [U]: the rest of group 1 as 4/4/6, 3.1–3.3 and 3.5–3.6 evenly, group 4 as 6/6/5/5, 5.2 and
 * 5.3 at 6 each ("~6" [U]). Thresholds: 3.1, 3.5, 4.2, 4.3 full at 80 %, 3.3 at 50 %, 5.4 at 90 % [S]; the
 * rest at 100 % [U].
 */
export const DEFAULT_WEIGHTS_766: Weights766 = {
  effectiveFrom: '2022-08-01',
  indicators: {
    '1.1': { points: 4, fullAt: 1 },
    '1.2': { points: 4, fullAt: 1 },
    '1.3': { points: 4, fullAt: 1 },
    '1.4': { points: 6, fullAt: 1 },
    '2.1': { points: 20, fullAt: 1 },
    '3.1': { points: 4, fullAt: 0.8 },
    '3.2': { points: 4, fullAt: 1 },
    '3.3': { points: 4, fullAt: 0.5 },
    '3.5': { points: 5, fullAt: 0.8 },
    '3.6': { points: 5, fullAt: 1 },
    '4.1': { points: 6, fullAt: 1 },
    '4.2': { points: 6, fullAt: 0.8 },
    '4.3': { points: 5, fullAt: 0.8 },
    '4.4': { points: 5, fullAt: 1 },
    '5.2': { points: 6, fullAt: 1 },
    '5.3': { points: 6, fullAt: 1 },
    '5.4': { points: 6, fullAt: 0.9 },
  },
};

/**
 * The weights in force on `date`: the entry with the latest `effectiveFrom` on or before it, or undefined
 * when none had started (DOMAIN.md §6.2; a replacement index under Decree 224 art. 19 is [U], §11 item 4).
 */
export function weightsInForce(list: readonly Weights766[], date: IsoDate): Weights766 | undefined {
  let found: Weights766 | undefined;
  for (const w of list) {
    if (w.effectiveFrom <= date && (!found || w.effectiveFrom > found.effectiveFrom)) found = w;
  }
  return found;
}

/** One indicator's score. `measured` is false, and `points` null, when its data is missing or its denominator 0. */
export interface IndicatorScore766 {
  readonly id: IndicatorId;
  readonly name: string;
  readonly numerator: number | null;
  readonly denominator: number | null;
  /** numerator ÷ denominator, except 3.3 (× the sync ratio) and 5.4 (clamped at 0); see {@link score766}. */
  readonly ratio: number | null;
  readonly points: number | null;
  readonly max: number;
  readonly measured: boolean;
}

/**
 * One group's score: the points its measured indicators earned (null when none is measured), out of
 * `measuredMax` (their maxima), the group's full maximum being `max`. Nothing is extrapolated.
 */
export interface GroupScore766 {
  readonly id: GroupId766;
  readonly name: string;
  readonly points: number | null;
  readonly max: number;
  readonly measuredMax: number;
  readonly measured: boolean;
  readonly indicators: readonly IndicatorScore766[];
}

/**
 * A unit's index, full precision ({@link roundPoints} to show): `total` points earned on the measured basis
 * (`measuredMax`, the maxima of the measured indicators), out of the full `max` (100); the indicators not
 * measured are listed and count for nothing either way.
 */
export interface Score766 {
  readonly total: number;
  readonly max: number;
  readonly measuredMax: number;
  readonly unmeasured: readonly IndicatorId[];
  readonly groups: readonly GroupScore766[];
}

interface Fraction {
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly ratio: number | null;
}

function fraction(numerator: number | null, denominator: number | null): Fraction {
  const ratio =
    numerator !== null && denominator !== null && denominator > 0 ? numerator / denominator : null;
  return { numerator, denominator, ratio };
}

/** Each indicator's numerator, denominator and ratio (DOMAIN.md §6.2, formulas F766 [S]). */
function fractions(c: UnitCounts766): Record<IndicatorId, Fraction> {
  const { procedures: p, records: r, petitions: q } = c;
  const online = fraction(r.online, r.received);
  // 3.3: F766 multiplies the online share by the sync ratio; applied only once the sync count is known.
  const syncFactor = r.synced === null || r.received === 0 ? 1 : Math.min(1, r.synced / r.received);
  const satisfied = r.received - r.overdue - r.disliked;
  return {
    '1.1': fraction(p.publishedOnTime, p.published),
    '1.2': fraction(p.disclosedOnTime, p.published),
    '1.3': fraction(p.complete, p.published),
    '1.4': fraction(r.synced, r.received),
    '2.1': fraction(r.onTime21, r.inScope21),
    '3.1': fraction(p.withOnlineService, p.underCompetence),
    '3.2': fraction(p.onlineServicesWithRecords, p.onlineServices),
    '3.3': { ...online, ratio: online.ratio === null ? null : online.ratio * syncFactor },
    '3.5': fraction(p.withFeesOnlinePayment, p.withFees),
    '3.6': fraction(r.paidOnline, r.feeBearing),
    '4.1': fraction(r.eResult, r.paperResult),
    '4.2': fraction(r.digitised, r.received),
    '4.3': fraction(r.reused, r.received),
    '4.4': fraction(r.shared, r.received),
    '5.2': fraction(q ? q.onTime : null, q ? q.total : null),
    '5.3': fraction(q ? q.satisfied : null, q ? q.total : null),
    '5.4': {
      numerator: satisfied,
      denominator: r.received,
      ratio: r.received > 0 ? Math.max(0, satisfied / r.received) : null,
    },
  };
}

/**
 * The Decision 766 index of one unit for a period (DOMAIN.md §6.1 [C] groups, §6.2 [S] formulas):
 * - an indicator earns `points × min(1, ratio / fullAt)`; it is not measured (points null) when its data is
 *   null or its denominator 0;
 * - 3.3 is online ÷ received × min(1, synced ÷ received) once `synced` is known (F766 [S]);
 * - 5.4 is 1 − (overdue ÷ received + disliked ÷ received), at least 0 (F766 [S]; "disliked" is a rating ≤ 2
 *   [U], overdue is late by 2.1 [U]);
 * - a group's points are its measured indicators' points, stated with their maxima (`measuredMax`): an
 *   indicator the system cannot measure yet earns nothing and costs nothing, and is not extrapolated from
 *   the others (units are then compared on the basis stated with each score) [U].
 * Full precision is kept; round with {@link roundPoints} when presenting.
 */
export function score766(counts: UnitCounts766, weights: Weights766): Score766 {
  const all = fractions(counts);
  const groups: GroupScore766[] = ([1, 2, 3, 4, 5] as const).map((group) => {
    const indicators = IndicatorId.options
      .filter((id) => INDICATORS_766[id].group === group)
      .map((id): IndicatorScore766 => {
        const { points: max, fullAt } = weights.indicators[id];
        const f = all[id];
        const measured = f.ratio !== null;
        const points = f.ratio === null ? null : max * Math.min(1, Math.max(0, f.ratio) / fullAt);
        return { id, name: INDICATORS_766[id].name, ...f, points, max, measured };
      });
    const max = indicators.reduce((s, i) => s + i.max, 0);
    const measured = indicators.filter((i) => i.measured);
    const measuredMax = measured.reduce((s, i) => s + i.max, 0);
    const points = measured.length ? measured.reduce((s, i) => s + (i.points ?? 0), 0) : null;
    return {
      id: group,
      name: GROUPS_766[group].name,
      points,
      max,
      measuredMax,
      measured: points !== null,
      indicators,
    };
  });
  return {
    total: groups.reduce((s, g) => s + (g.points ?? 0), 0),
    max: groups.reduce((s, g) => s + g.max, 0),
    measuredMax: groups.reduce((s, g) => s + g.measuredMax, 0),
    unmeasured: groups.flatMap((g) => g.indicators.filter((i) => !i.measured).map((i) => i.id)),
    groups,
  };
}

/** Points rounded to 2 decimals, for presentation only (the portal shows two decimals [U]). */
export function roundPoints(points: number): number {
  return Math.round((points + Number.EPSILON) * 100) / 100;
}
