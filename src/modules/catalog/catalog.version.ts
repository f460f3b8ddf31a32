import { uuidv7 } from 'uuidv7';
import { type ChangeSet, headlineTime, type ProcedureData } from '../../core/catalog/procedure-edit.ts';
import { normalizeSearchText } from '../../core/vn/index.ts';
import type { VersionOrigin } from './catalog.admin.store.ts';
import type { VersionInsert } from './catalog.store.ts';

/** The local edit a version made (procedure_versions.edit). */
export interface VersionEdit {
  readonly fields: string[];
  readonly changes: ChangeSet;
  readonly decisionNo: string;
  readonly effectiveFrom: string;
  readonly by: { readonly userId: string; readonly name: string };
  readonly at: string;
  /** The bulk edit or cross-boundary list this version belongs to. */
  readonly batchId?: string;
}

/** A procedure_versions row for `data` (the columns are computed from it, as the importer does). */
export function versionRow(input: {
  procedureId: string;
  version: number;
  effectiveFrom: string;
  sourceHash: string;
  data: ProcedureData;
  raw: unknown;
  now: Date;
  origin: VersionOrigin;
  edit: VersionEdit | null;
  localChanges: ChangeSet | null;
}): VersionInsert {
  const { data } = input;
  const time = headlineTime(data);
  return {
    id: uuidv7(),
    procedureId: input.procedureId,
    version: input.version,
    effectiveFrom: input.effectiveFrom,
    sourceHash: input.sourceHash,
    name: data.name,
    field: data.field,
    levels: data.levels.join(','),
    decisionNo: data.decisionNo ?? null,
    onlineLevel: data.onlineLevel,
    crossBoundary: data.crossBoundary,
    timeValue: time?.value ?? null,
    timeUnit: time?.unit ?? null,
    data: JSON.stringify(data),
    raw: JSON.stringify(input.raw),
    searchName: normalizeSearchText(data.name),
    searchText: normalizeSearchText(`${data.code} ${data.name} ${data.field} ${data.result.names.join(' ')}`),
    importedAt: input.now,
    origin: input.origin,
    edit: input.edit ? JSON.stringify(input.edit) : null,
    localChanges: input.localChanges ? JSON.stringify(input.localChanges) : null,
  };
}

/** The calendar day in Vietnam (UTC+7 all year) of an instant, YYYY-MM-DD. */
export function vnDay(now: Date): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}
