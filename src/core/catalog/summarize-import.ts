import { PROCEDURE_FIELDS } from './procedure-draft.ts';

/** How many procedures had a field structured, kept as raw text, or without information. */
export interface FieldCounts {
  parsed: number;
  kept_raw: number;
  empty: number;
}

/**
 * Counts, per field, the reports of `parseProcedure`. Keys come in {@link PROCEDURE_FIELDS} order, then
 * any other field a report names.
 */
export function summarizeImport(
  reports: readonly {
    readonly parsed: readonly string[];
    readonly kept_raw: readonly string[];
    readonly empty?: readonly string[];
  }[],
): Record<string, FieldCounts> {
  const counts: Record<string, FieldCounts> = {};
  const entry = (f: string): FieldCounts => {
    counts[f] ??= { parsed: 0, kept_raw: 0, empty: 0 };
    return counts[f];
  };
  for (const f of PROCEDURE_FIELDS) entry(f);
  for (const r of reports) {
    for (const f of r.parsed) entry(f).parsed++;
    for (const f of r.kept_raw) entry(f).kept_raw++;
    for (const f of r.empty ?? []) entry(f).empty++;
  }
  return counts;
}
