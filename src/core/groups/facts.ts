import { addDays, type IsoDate, isIsoDate } from '../calendar/index.ts';
import { checkPersonalId } from '../vn/index.ts';
import type { GroupDefinition, GroupFact } from './definitions.ts';

/** The facts of a group submission, by section and name: `{ child: { birthDate: '2026-11-30' } }`. */
export type GroupFacts = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** One problem with one fact, its path under the request body (`facts.child.birthDate`). */
export interface GroupFactIssue {
  readonly path: string;
  readonly code: string;
  readonly message_vi: string;
  readonly message_en: string;
}

/** The value of a dotted fact key, trimmed; undefined when absent or blank. */
export function factValue(facts: GroupFacts, key: string): string | undefined {
  const [section, name] = key.split('.') as [string, string];
  const value = facts[section]?.[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function kindProblem(fact: GroupFact, value: string, today: IsoDate): [string, string, string] | undefined {
  switch (fact.kind) {
    case 'text':
      return value.length > 500
        ? ['group.fact_too_long', 'Tối đa 500 ký tự', 'At most 500 characters']
        : undefined;
    case 'date':
      if (!isIsoDate(value))
        return ['group.fact_date', 'Ngày phải có dạng YYYY-MM-DD', 'A date is YYYY-MM-DD'];
      return value > today
        ? ['group.fact_future_date', 'Ngày không được sau hôm nay', 'The date cannot be after today']
        : undefined;
    case 'sex':
      return value === 'male' || value === 'female'
        ? undefined
        : ['group.fact_sex', 'Giới tính là male hoặc female', 'Sex is male or female'];
    case 'personal_id': {
      const e = checkPersonalId(value).errors[0];
      return e ? [e.code, e.message_vi, e.message_en] : undefined;
    }
    case 'social_insurance_number':
      return /^\d{10}$/.test(value)
        ? undefined
        : [
            'group.fact_social_insurance_number',
            'Mã số bảo hiểm xã hội gồm đúng 10 chữ số',
            'A social insurance number has exactly 10 digits',
          ];
  }
}

/**
 * The problems of a group submission's facts on `today` (Vietnam date): every fact a member needs must be
 * given (the issue names the member), every given fact must be well formed, no fact may be unknown to the
 * group, and in the birth group the child must be under six (Decree 63/2024: "trẻ em dưới 6 tuổi").
 * Empty when the facts are complete.
 */
export function checkGroupFacts(group: GroupDefinition, facts: GroupFacts, today: IsoDate): GroupFactIssue[] {
  const issues: GroupFactIssue[] = [];
  const known = new Map(group.facts.map((f) => [f.key, f]));
  for (const [section, values] of Object.entries(facts)) {
    for (const name of Object.keys(values)) {
      if (!known.has(`${section}.${name}`)) {
        issues.push({
          path: `facts.${section}.${name}`,
          code: 'group.fact_unknown',
          message_vi: 'Nhóm thủ tục không có thông tin này',
          message_en: 'The group has no such fact',
        });
      }
    }
  }
  const reported = new Set<string>();
  for (const member of group.members) {
    for (const key of member.facts) {
      if (reported.has(key) || factValue(facts, key) !== undefined) continue;
      reported.add(key);
      const fact = known.get(key);
      issues.push({
        path: `facts.${key}`,
        code: 'group.fact_missing',
        message_vi: `Thiếu "${fact?.name_vi ?? key}", cần cho thủ tục ${member.name_vi}`,
        message_en: `"${fact?.name_en ?? key}" is missing; ${member.name_en} needs it`,
      });
    }
  }
  for (const fact of group.facts) {
    const value = factValue(facts, fact.key);
    if (value === undefined) continue;
    const problem = kindProblem(fact, value, today);
    if (problem) {
      issues.push({
        path: `facts.${fact.key}`,
        code: problem[0],
        message_vi: problem[1],
        message_en: problem[2],
      });
    }
  }
  const birthDate = group.code === 'nd63-khai-sinh' ? factValue(facts, 'child.birthDate') : undefined;
  if (birthDate && isIsoDate(birthDate) && birthDate <= today && !underSix(birthDate, today)) {
    issues.push({
      path: 'facts.child.birthDate',
      code: 'group.child_not_under_six',
      message_vi: 'Nhóm liên thông này chỉ dành cho trẻ em dưới 6 tuổi',
      message_en: 'This group is for children under six only',
    });
  }
  return issues;
}

/** True when a child born on `birthDate` has not had their sixth birthday by `today`. */
export function underSix(birthDate: IsoDate, today: IsoDate): boolean {
  const year = String(Number(birthDate.slice(0, 4)) + 6).padStart(4, '0');
  const sixth = `${year}${birthDate.slice(4)}`;
  // 29 February: the sixth birthday falls on 1 March in a common year.
  const birthday = isIsoDate(sixth) ? sixth : addDays(`${year}-02-28`, 1);
  return today < birthday;
}
