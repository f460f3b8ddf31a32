import type { IsoDate } from '../calendar/index.ts';

/** How a fact of a group form is checked. */
export type GroupFactKind = 'text' | 'date' | 'sex' | 'personal_id' | 'social_insurance_number';

/** One fact the group's form asks for, by its dotted key (`child.birthDate`), with its labels. */
export interface GroupFact {
  readonly key: string;
  readonly kind: GroupFactKind;
  readonly name_vi: string;
  readonly name_en: string;
}

/**
 * One procedure of a group. `procedureCode` is the catalogue code the member's record is filed under
 * (data/vn-tthc-catalog); `catalogueNote` says why, when the catalogue has no procedure of its own for it.
 * `facts` are the keys of the group's facts this member needs (required).
 */
export interface GroupMember {
  readonly key: string;
  readonly procedureCode: string;
  readonly name_vi: string;
  readonly name_en: string;
  readonly facts: readonly string[];
  readonly catalogueNote?: { readonly vi: string; readonly en: string };
}

/**
 * The group's own time limit in working days, counted from the day after the submission (after the
 * cut-off: from the next working day), and with verification (xác minh). `null`: the limit is not
 * confirmed in our sources (DOMAIN.md §2.8 gives only group 1's); the group then shows the latest of its
 * members' own appointments.
 */
export interface GroupTimeLimit {
  readonly workingDays: number;
  readonly withVerificationWorkingDays: number;
}

/**
 * An electronic inter-agency group (nhóm thủ tục hành chính liên thông điện tử, Decree 63/2024, DOMAIN.md
 * §2.8): configuration, with the date it takes effect. `publishedProcedureCode` is the catalogue's own
 * code for the group when it has one (2.000986), else null.
 */
export interface GroupDefinition {
  readonly code: string;
  readonly name_vi: string;
  readonly name_en: string;
  readonly shortName_vi: string;
  readonly shortName_en: string;
  readonly legalBasis: string;
  readonly effectiveFrom: IsoDate;
  readonly publishedProcedureCode: string | null;
  readonly timeLimit: GroupTimeLimit | null;
  /** A submission after the cut-off (15:00) counts from the next working day (Decree 63/2024 art. 7). */
  readonly cutoff: boolean;
  readonly facts: readonly GroupFact[];
  readonly members: readonly GroupMember[];
}

const DECREE_63 = 'Nghị định 63/2024/NĐ-CP; Quyết định 296/QĐ-VPCP (2024)';

/** Group 1: birth registration, permanent residence registration and a health insurance card (< 6 years). */
export const BIRTH_GROUP: GroupDefinition = {
  code: 'nd63-khai-sinh',
  name_vi:
    'Liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi',
  name_en:
    'Birth registration, permanent residence registration and a health insurance card for a child under six',
  shortName_vi: 'Liên thông khai sinh – thường trú – BHYT',
  shortName_en: 'Birth – residence – health insurance',
  legalBasis: DECREE_63,
  effectiveFrom: '2024-07-01',
  publishedProcedureCode: '2.000986',
  timeLimit: { workingDays: 3, withVerificationWorkingDays: 5 },
  cutoff: true,
  facts: [
    {
      key: 'child.fullName',
      kind: 'text',
      name_vi: 'Họ, chữ đệm, tên của trẻ',
      name_en: "Child's full name",
    },
    { key: 'child.birthDate', kind: 'date', name_vi: 'Ngày sinh của trẻ', name_en: "Child's date of birth" },
    { key: 'child.sex', kind: 'sex', name_vi: 'Giới tính của trẻ', name_en: "Child's sex" },
    { key: 'child.placeOfBirth', kind: 'text', name_vi: 'Nơi sinh', name_en: 'Place of birth' },
    {
      key: 'mother.fullName',
      kind: 'text',
      name_vi: 'Họ, chữ đệm, tên người mẹ',
      name_en: "Mother's full name",
    },
    {
      key: 'mother.personalId',
      kind: 'personal_id',
      name_vi: 'Số định danh cá nhân của người mẹ',
      name_en: "Mother's personal identification number",
    },
    {
      key: 'father.fullName',
      kind: 'text',
      name_vi: 'Họ, chữ đệm, tên người cha',
      name_en: "Father's full name",
    },
    {
      key: 'residence.address',
      kind: 'text',
      name_vi: 'Địa chỉ đăng ký thường trú',
      name_en: 'Permanent residence address',
    },
  ],
  members: [
    {
      key: 'birth_registration',
      procedureCode: '1.001193',
      name_vi: 'Đăng ký khai sinh',
      name_en: 'Birth registration',
      facts: ['child.fullName', 'child.birthDate', 'child.sex', 'child.placeOfBirth', 'mother.fullName'],
    },
    {
      key: 'permanent_residence',
      procedureCode: '1.004222',
      name_vi: 'Đăng ký thường trú',
      name_en: 'Permanent residence registration',
      facts: ['child.fullName', 'child.birthDate', 'residence.address'],
    },
    {
      key: 'health_insurance_card',
      procedureCode: '2.000986',
      name_vi: 'Cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi',
      name_en: 'Health insurance card for a child under six',
      facts: ['child.fullName', 'child.birthDate', 'child.sex'],
      catalogueNote: {
        vi: 'Danh mục không có thủ tục riêng cấp thẻ BHYT cho trẻ em dưới 6 tuổi ở cấp xã (2.000639 là thẻ BHYT của Bộ Công an); hồ sơ được lập theo thủ tục liên thông 2.000986 đã công bố.',
        en: 'The catalogue has no procedure of its own for the health insurance card of a child under six at commune level (2.000639 is the Ministry of Public Security card); the record is filed under the published group procedure 2.000986.',
      },
    },
  ],
};

/** Group 2: death registration, deletion of permanent residence and the funeral allowance / survivor benefit. */
export const DEATH_GROUP: GroupDefinition = {
  code: 'nd63-khai-tu',
  name_vi:
    'Liên thông thủ tục hành chính về đăng ký khai tử, xóa đăng ký thường trú, hưởng chế độ tử tuất (trợ cấp mai táng)',
  name_en: 'Death registration, deletion of permanent residence and the funeral allowance / survivor benefit',
  shortName_vi: 'Liên thông khai tử – xóa thường trú – trợ cấp mai táng',
  shortName_en: 'Death – residence deletion – funeral allowance',
  legalBasis: DECREE_63,
  effectiveFrom: '2024-07-01',
  publishedProcedureCode: null,
  timeLimit: null,
  cutoff: true,
  facts: [
    {
      key: 'deceased.fullName',
      kind: 'text',
      name_vi: 'Họ, chữ đệm, tên người chết',
      name_en: 'Full name of the deceased',
    },
    {
      key: 'deceased.personalId',
      kind: 'personal_id',
      name_vi: 'Số định danh cá nhân của người chết',
      name_en: 'Personal identification number of the deceased',
    },
    { key: 'deceased.dateOfDeath', kind: 'date', name_vi: 'Ngày chết', name_en: 'Date of death' },
    { key: 'deceased.placeOfDeath', kind: 'text', name_vi: 'Nơi chết', name_en: 'Place of death' },
    {
      key: 'deceased.socialInsuranceNumber',
      kind: 'social_insurance_number',
      name_vi: 'Mã số bảo hiểm xã hội của người chết',
      name_en: 'Social insurance number of the deceased',
    },
    {
      key: 'declarant.relationship',
      kind: 'text',
      name_vi: 'Quan hệ của người đi khai với người chết',
      name_en: "The declarant's relationship to the deceased",
    },
  ],
  members: [
    {
      key: 'death_registration',
      procedureCode: '1.000656',
      name_vi: 'Đăng ký khai tử',
      name_en: 'Death registration',
      facts: ['deceased.fullName', 'deceased.dateOfDeath', 'deceased.placeOfDeath', 'declarant.relationship'],
    },
    {
      key: 'residence_deletion',
      procedureCode: '1.003197',
      name_vi: 'Xóa đăng ký thường trú',
      name_en: 'Deletion of permanent residence',
      facts: ['deceased.fullName', 'deceased.personalId'],
    },
    {
      key: 'funeral_allowance',
      procedureCode: '2.000821',
      name_vi: 'Giải quyết hưởng chế độ tử tuất (trợ cấp mai táng)',
      name_en: 'Survivor benefit (funeral allowance)',
      facts: [
        'deceased.fullName',
        'deceased.personalId',
        'deceased.dateOfDeath',
        'deceased.socialInsuranceNumber',
      ],
    },
  ],
};

/** The groups of the city, in the order the portal lists them. */
export const DECREE_63_GROUPS: readonly GroupDefinition[] = [BIRTH_GROUP, DEATH_GROUP];

/** The group with this code in force on `date`, or undefined. */
export function findGroup(
  code: string,
  date: IsoDate,
  groups: readonly GroupDefinition[] = DECREE_63_GROUPS,
): GroupDefinition | undefined {
  return groups.find((g) => g.code === code && g.effectiveFrom <= date);
}

/** The groups in force on `date`. */
export function groupsInForce(
  date: IsoDate,
  groups: readonly GroupDefinition[] = DECREE_63_GROUPS,
): GroupDefinition[] {
  return groups.filter((g) => g.effectiveFrom <= date);
}
