/**
 * Claim rules: which Motcua roles an official signed in by single sign-on holds, from the claims the city
 * SSO asserts about them (their agency's code and their position title). Administrators edit the rules;
 * every matching rule adds its roles, and an official no rule matches holds none ("chờ phân quyền").
 */

/** The claims of the city SSO the rules read (docs/IDENTITY.md §Claims). */
export interface OfficialClaims {
  /** The agency's electronic identifier code (mã định danh điện tử, QĐ 20/2020/QĐ-TTg), e.g. H13.40. */
  readonly agencyCode?: string | undefined;
  /** The official's position title (chức danh), e.g. "Chuyên viên". */
  readonly position?: string | undefined;
}

export interface ClaimRule<R extends string = string> {
  readonly id: string;
  /** An agency code, or a prefix ending in `*` (`H13.*`); null matches any agency. */
  readonly agencyCode: string | null;
  /** A position title, compared ignoring case, spacing and Vietnamese diacritics; null matches any. */
  readonly position: string | null;
  readonly roles: readonly R[];
}

/** A title folded for comparison: lower case, no diacritics (đ → d), single spaces. */
export function foldTitle(title: string): string {
  return title
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether an agency-code pattern (exact, `prefix*`, or null for any) matches a code (case-insensitive). */
export function agencyCodeMatches(pattern: string | null, code: string | undefined): boolean {
  if (pattern === null) return true;
  if (!code) return false;
  const p = pattern.trim().toUpperCase();
  const c = code.trim().toUpperCase();
  return p.endsWith('*') ? c.startsWith(p.slice(0, -1)) : c === p;
}

/** Whether a rule applies to an official's claims. */
export function ruleMatches(rule: ClaimRule, claims: OfficialClaims): boolean {
  if (!agencyCodeMatches(rule.agencyCode, claims.agencyCode)) return false;
  if (rule.position === null) return true;
  return claims.position !== undefined && foldTitle(rule.position) === foldTitle(claims.position);
}

/**
 * The roles an official holds by the rules (the union of every matching rule's, in the order roles are
 * first met) and the rules that matched. No matching rule: no roles.
 */
export function rolesFromClaims<R extends string>(
  rules: readonly ClaimRule<R>[],
  claims: OfficialClaims,
): { roles: R[]; ruleIds: string[] } {
  const roles = new Set<R>();
  const ruleIds: string[] = [];
  for (const rule of rules) {
    if (!ruleMatches(rule, claims)) continue;
    ruleIds.push(rule.id);
    for (const r of rule.roles) roles.add(r);
  }
  return { roles: [...roles], ruleIds };
}
