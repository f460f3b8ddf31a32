import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import type { ProcedureData as ProcedureDataView } from '../../contracts/catalog.ts';
import {
  type ChangeSet,
  EDIT_FIELDS,
  type EditContext,
  type EditWarning,
  editProcedure,
  mergeChanges,
  type ProcedureData,
} from '../../core/catalog/procedure-edit.ts';
import { DomainError, type FieldIssue } from '../../core/errors/index.ts';
import type { RoutingAgency } from '../../core/records/routing.ts';
import type { Tx } from '../../platform/db/index.ts';
import type { Actor } from '../../platform/http/index.ts';
import { appendAudit } from '../audit/index.ts';
import { requireCityAdministration, searchAgencies } from '../units/index.ts';
import * as admin from './catalog.admin.store.ts';
import * as store from './catalog.store.ts';
import { type VersionEdit, versionRow, vnDay } from './catalog.version.ts';

/** Who edits, and when: the signed-in administrator, the request, the clock. */
export interface EditMeta {
  readonly actor: Pick<Actor, 'userId' | 'displayName' | 'agencyId'>;
  readonly requestId: string;
  readonly now: Date;
}

/** The key suffix of the office of the city People's Committee (Văn phòng UBND thành phố). */

/**
 * The catalogue is the whole city's: only an administrator of the city People's Committee (as for the
 * holiday table) or of its office (Văn phòng UBND, which runs the catalogue) edits it. @throws auth.forbidden
 */
export function requireCatalogAdmin(tx: Tx, agencyId: string): Promise<void> {
  return requireCityAdministration(tx, agencyId);
}

/**
 * The city's current agencies for routing (every column the units module returns, so fields other lanes
 * add to agencies reach `competentAgency`) and its communes: those with a People's Committee.
 */
export async function loadEditContext(tx: Tx): Promise<EditContext> {
  const rows = await searchAgencies(tx, { limit: 100_000, offset: 0 });
  const agencies = rows
    .filter((a) => a.validTo === null)
    .map((a) => ({ ...a, unitCode: a.unitKey.split(':')[1] ?? a.unitKey }) as unknown as RoutingAgency);
  const communeCodes = [
    ...new Set(
      agencies.filter((a) => a.level === 'commune' && a.kind === 'peoples_committee').map((a) => a.unitCode),
    ),
  ].sort();
  return { agencies, communeCodes, cache: new Map() };
}

export interface EditInput {
  readonly effectiveFrom: string;
  readonly decisionNo: string;
  readonly changes: ChangeSet;
}

type LatestRow = Awaited<ReturnType<typeof admin.latestVersionRows>>[number];

/** The outcome of one procedure's edit: the version to insert, or the refused fields. */
type Planned =
  | {
      ok: true;
      row: LatestRow;
      insert: store.VersionInsert;
      fields: string[];
      warnings: EditWarning[];
      localEdits: string[];
    }
  | { ok: false; row: LatestRow; issues: FieldIssue[] };

function dateIssue(latest: LatestRow): FieldIssue {
  return {
    path: 'effectiveFrom',
    code: 'before_latest_version',
    message: `version ${latest.version} of ${latest.code} takes effect on ${latest.effectiveFrom}: a new version cannot take effect before it`,
    messageVi: `Phiên bản ${latest.version} của thủ tục ${latest.code} có hiệu lực từ ${latest.effectiveFrom}; phiên bản mới không thể có hiệu lực trước ngày đó`,
  };
}

/** Plans a new version of one procedure: the edit on top of its newest version, validated. */
function plan(
  row: LatestRow,
  input: EditInput,
  ctx: EditContext,
  meta: EditMeta,
  origin: admin.VersionOrigin,
  batchId?: string,
): Planned {
  if (input.effectiveFrom < row.effectiveFrom) return { ok: false, row, issues: [dateIssue(row)] };
  const outcome = editProcedure(row.data as ProcedureData, input.changes, ctx);
  if (!outcome.ok) return { ok: false, row, issues: outcome.issues };
  const localChanges = mergeChanges(row.localChanges as ChangeSet | null, input.changes);
  const edit: VersionEdit = {
    fields: outcome.fields,
    changes: input.changes,
    decisionNo: input.decisionNo,
    effectiveFrom: input.effectiveFrom,
    by: { userId: meta.actor.userId, name: meta.actor.displayName },
    at: meta.now.toISOString(),
    ...(batchId ? { batchId } : {}),
  };
  const insert = versionRow({
    procedureId: row.procedureId,
    version: row.version + 1,
    effectiveFrom: input.effectiveFrom,
    sourceHash: row.sourceHash,
    data: outcome.data,
    raw: row.raw,
    now: meta.now,
    origin,
    edit,
    localChanges,
  });
  const localEdits = localEditFields(localChanges);
  return { ok: true, row, insert, fields: outcome.fields, warnings: outcome.warnings, localEdits };
}

/** Stores planned versions, audits each, and switches those already in force. */
async function commit(
  tx: Tx,
  planned: Extract<Planned, { ok: true }>[],
  meta: EditMeta,
  action: string,
): Promise<void> {
  await store.insertVersions(
    tx,
    planned.map((p) => p.insert),
  );
  await appendAudit(
    tx,
    planned.map((p) => ({
      actorId: meta.actor.userId,
      actorRole: 'admin',
      requestId: meta.requestId,
      action,
      entityType: 'procedure',
      entityId: p.row.procedureId,
      change: {
        code: p.row.code,
        versionId: p.insert.id,
        version: p.insert.version,
        effectiveFrom: p.insert.effectiveFrom,
        edit: p.insert.edit,
      },
    })),
    meta.now,
  );
  await admin.activateDueVersions(
    tx,
    vnDay(meta.now),
    planned.map((p) => p.row.procedureId),
  );
}

/** The fields carrying local edits, in a fixed order (jsonb does not keep key order). */
function localEditFields(changes: ChangeSet | null | undefined): string[] {
  return changes ? EDIT_FIELDS.filter((f) => changes[f] !== undefined) : [];
}

/** One version as the administration API shows it. */
export interface VersionView {
  id: string;
  code: string;
  version: number;
  effectiveFrom: string;
  inForce: boolean;
  origin: admin.VersionOrigin;
  edit: VersionEdit | null;
  localEdits: string[];
  timeLimit: { value: number; unit: string } | null;
  crossBoundary: boolean;
  onlineLevel: 'full' | 'partial' | 'none';
  importedAt: Date;
}

/**
 * A local edit of one procedure: a new version (newest + 1) with the edit applied, its effective date and
 * deciding document; in force at once when its date has come, else from that date (the catalog-versions
 * job). Records keep the version they were received under (the process is part of the version).
 * @throws procedure.not_found, catalog.edit_refused (issues name the fields)
 */
export async function createProcedureVersion(
  tx: Tx,
  code: string,
  input: EditInput,
  meta: EditMeta,
  options: { readonly processAtTop?: boolean } = {},
): Promise<{ version: VersionView; warnings: EditWarning[] }> {
  const [row] = await admin.latestVersionRows(tx, { codes: [code] });
  if (!row) throw new DomainError('procedure.not_found', { code });
  const ctx = await loadEditContext(tx);
  const p = plan(row, input, ctx, meta, 'edit');
  if (!p.ok) {
    // A process sent at the top of the body is named as sent: `process.<i>.<field>`.
    const issues = options.processAtTop
      ? p.issues.map((i) =>
          i.path.startsWith('changes.process') ? { ...i, path: i.path.slice('changes.'.length) } : i,
        )
      : p.issues;
    throw new DomainError('catalog.edit_refused', { code }, { issues });
  }
  await commit(tx, [p], meta, 'procedure.version_created');
  const versions = await listProcedureVersions(tx, code);
  return { version: versions.items.find((v) => v.id === p.insert.id)!, warnings: p.warnings };
}

/** A procedure's versions, newest first, with their edits. @throws procedure.not_found */
export async function listProcedureVersions(tx: Tx, code: string) {
  const procedure = await admin.findProcedure(tx, code);
  if (!procedure) throw new DomainError('procedure.not_found', { code });
  const rows = await admin.versionsOf(tx, procedure.id);
  const items: VersionView[] = rows.map((v) => ({
    id: v.id,
    code,
    version: v.version,
    effectiveFrom: v.effectiveFrom,
    inForce: v.id === procedure.currentVersionId,
    origin: v.origin,
    edit: (v.edit as VersionEdit | null) ?? null,
    localEdits: localEditFields(v.localChanges as ChangeSet | null),
    timeLimit: v.timeUnit ? { value: Number(v.timeValue), unit: v.timeUnit } : null,
    crossBoundary: v.crossBoundary,
    onlineLevel: v.onlineLevel,
    importedAt: v.importedAt,
  }));
  return { code, currentVersionId: procedure.currentVersionId, items };
}

/**
 * One version with its whole data (what the edit form starts from) and, per channel, the time cell as
 * published (shown beside a time limit an administrator sets). @throws procedure.not_found
 */
export async function getProcedureVersion(tx: Tx, code: string, version: number) {
  const list = await listProcedureVersions(tx, code);
  const view = list.items.find((v) => v.version === version);
  if (!view) throw new DomainError('procedure.not_found', { code, version });
  const row = await store.findVersion(tx, view.id);
  const data = row!.data as ProcedureData;
  const sourceTime: Record<string, string | null> = {};
  for (const c of data.channels) if (!(c.channel in sourceTime)) sourceTime[c.channel] = c.timeRaw;
  // The stored JSON as the contract reads it (the response serializer checks it against ProcedureData).
  return { ...view, data: data as z.output<typeof ProcedureDataView>, sourceTime };
}

export interface BulkEditInput extends EditInput {
  readonly filter: {
    readonly field?: string | undefined;
    readonly level?: 'city' | 'commune' | undefined;
    readonly codes?: readonly string[] | undefined;
  };
  readonly dryRun: boolean;
}

/** The most procedures one bulk edit may touch (the whole catalogue of a city fits). */
export const BULK_EDIT_MAX = 5000;

/**
 * The same change set on every procedure the filter selects (field, level, codes; all given must hold).
 * All or nothing: when any procedure refuses the edit, nothing is stored and the outcome of each is
 * reported (`catalog.bulk_edit_refused`); with `dryRun` the outcomes are returned and nothing is stored.
 * @throws catalog.bulk_edit_refused, catalog.bulk_edit_empty, procedure.not_found (a listed code)
 */
export async function bulkEdit(tx: Tx, input: BulkEditInput, meta: EditMeta) {
  const { field, level, codes } = input.filter;
  if (codes) {
    const known = new Set((await admin.latestVersionRows(tx, { codes })).map((r) => r.code));
    const unknown = codes.filter((c) => !known.has(c));
    if (unknown.length)
      throw new DomainError(
        'procedure.not_found',
        { codes: unknown },
        {
          issues: unknown.map((c) => ({
            path: `filter.codes.${codes.indexOf(c)}`,
            code: 'unknown_procedure',
            message: `no procedure ${c}`,
            messageVi: `Không có thủ tục mã ${c}`,
          })),
        },
      );
  }
  let selected = codes ? [...new Set(codes)] : undefined;
  if (field !== undefined || level !== undefined) {
    const matching = new Set(await admin.codesMatching(tx, { field, level }));
    selected = (selected ?? [...matching]).filter((c) => matching.has(c));
  }
  if (!selected || selected.length === 0)
    throw new DomainError('catalog.bulk_edit_empty', { filter: input.filter });
  if (selected.length > BULK_EDIT_MAX)
    throw new DomainError('catalog.bulk_edit_empty', {
      filter: input.filter,
      matched: selected.length,
      max: BULK_EDIT_MAX,
    });
  const rows = await admin.latestVersionRows(tx, { codes: selected });
  // Rules the edit leaves alone are not evaluated for warnings here (the readiness report lists them).
  const ctx = { ...(await loadEditContext(tx)), checkUntouchedRule: false };
  const batchId = uuidv7();
  const planned = rows.map((r) => plan(r, input, ctx, meta, 'bulk_edit', batchId));
  const outcomes = planned.map((p) =>
    p.ok
      ? {
          code: p.row.code,
          name: p.row.name,
          ok: true as const,
          versionId: p.insert.id,
          version: p.insert.version,
          fields: p.fields,
          warnings: p.warnings,
        }
      : { code: p.row.code, name: p.row.name, ok: false as const, issues: p.issues },
  );
  const refused = outcomes.filter((o) => !o.ok).length;
  const result = {
    batchId,
    dryRun: input.dryRun,
    matched: outcomes.length,
    applied: input.dryRun || refused > 0 ? 0 : outcomes.length,
    refused,
    outcomes,
  };
  if (input.dryRun) return result;
  if (refused > 0) throw new DomainError('catalog.bulk_edit_refused', result);
  await commit(
    tx,
    planned.filter((p): p is Extract<Planned, { ok: true }> => p.ok),
    meta,
    'procedure.version_created',
  );
  return result;
}

/** Switches every procedure to its newest version whose effective date has come (the job's work). */
export function activateDueVersions(tx: Tx, now: Date): Promise<number> {
  return admin.activateDueVersions(tx, vnDay(now));
}

export { commit as commitPlannedVersions, type Planned, plan as planVersion };

/**
 * A new record is opened only under the version of its procedure in force (a version waiting for its
 * effective date, or one a later version replaced, opens none; records opened earlier keep theirs).
 * @throws procedure.not_found, procedure.version_not_in_force (params.inForce: the version id to use)
 */
export async function assertVersionInForce(tx: Tx, versionId: string): Promise<void> {
  const row = await tx
    .selectFrom('procedureVersions as pv')
    .innerJoin('procedures as p', 'p.id', 'pv.procedureId')
    .select(['p.code', 'p.currentVersionId'])
    .where('pv.id', '=', versionId)
    .executeTakeFirst();
  if (!row) throw new DomainError('procedure.not_found', { versionId });
  if (row.currentVersionId !== versionId)
    throw new DomainError('procedure.version_not_in_force', {
      code: row.code,
      versionId,
      inForce: row.currentVersionId,
    });
}
