import { tonePlacementKey } from './tone-placement-key.ts';
import { type AdminUnit, type UnitKind, unitsFrom2025 } from './units.ts';

/** Resolutions 30/2026/QH16 and 237/NQ-UBTVQH16: Đồng Nai a centrally-run city, 10 communes made wards. */
export const DONG_NAI_2026_VALID_FROM = '2026-04-30';

/** The name or type of one 2025 unit changed on `validFrom`; the code and the key stay the same. */
export interface UnitChange {
  readonly key: string;
  readonly code: string;
  readonly validFrom: string;
  /** `kind` = reclassified (tỉnh → thành phố, xã → phường); `name` = the full name itself changed. */
  readonly changed: readonly ('kind' | 'name')[];
  readonly before: { readonly name: string; readonly fullName: string; readonly kind: UnitKind };
  readonly after: {
    readonly name: string;
    readonly fullName: string;
    readonly nameEn?: string | undefined;
    readonly kind: UnitKind;
  };
}

function spelling(name: string): string {
  return tonePlacementKey(name.toLocaleLowerCase('vi'));
}

/**
 * The real changes between two snapshots in the 2025 format: units whose type (kind) differs, or whose
 * name differs once tone-mark placement and letter case are ignored. Between `vn_units_full_2025-07-01.json`
 * and `vn_units_full_current.json` these are Đồng Nai (tỉnh → thành phố) and 10 of its xã that became
 * phường, in force from {@link DONG_NAI_2026_VALID_FROM}, plus one spelling correction with no date of its
 * own: 00745 Xã Phó Bảng → Xã Phố Bảng (the spelling of Official Letter 1027/CTK-CSCL). A caller applying
 * `validFrom` should treat name-only changes as corrections. Units only in one snapshot are not reported
 * (there are none: both have the same 3,355 codes).
 *
 * @param before the parsed older snapshot
 * @param after the parsed newer snapshot
 * @param validFrom the first day of the newer snapshot's legal basis (ISO date)
 * @throws ZodError when a snapshot does not have the expected shape
 */
export function unitChanges(before: unknown, after: unknown, validFrom: string): UnitChange[] {
  const old = new Map<string, AdminUnit>(unitsFrom2025(before).map((u) => [u.code, u]));
  const changes: UnitChange[] = [];
  for (const now of unitsFrom2025(after)) {
    const was = old.get(now.code);
    if (!was) continue;
    const changed: ('kind' | 'name')[] = [];
    if (was.kind !== now.kind) changed.push('kind');
    if (spelling(was.name) !== spelling(now.name)) changed.push('name');
    if (changed.length === 0) continue;
    changes.push({
      key: now.key,
      code: now.code,
      validFrom,
      changed,
      before: { name: was.name, fullName: was.fullName, kind: was.kind },
      after: { name: now.name, fullName: now.fullName, nameEn: now.nameEn, kind: now.kind },
    });
  }
  return changes;
}
