import { uuidv7 } from 'uuidv7';
import {
  type ListItem,
  readCrossBoundaryList,
  unknownCodeIssues,
} from '../../core/catalog/cross-boundary-list.ts';
import { DomainError, type FieldIssue } from '../../core/errors/index.ts';
import type { Tx } from '../../platform/db/index.ts';
import { readSpreadsheet } from '../../platform/spreadsheet.ts';
import { appendAudit } from '../audit/index.ts';
import * as admin from './catalog.admin.store.ts';
import {
  commitPlannedVersions,
  type EditMeta,
  loadEditContext,
  type Planned,
  planVersion,
} from './catalog.admin.ts';
import { vnDay } from './catalog.version.ts';

const unreadable = (message: string, messageVi: string) =>
  new DomainError(
    'catalog.cross_boundary_list_invalid',
    {},
    {
      issues: [{ path: 'file', code: 'unreadable_list', message, messageVi }],
    },
  );

/**
 * The rows of an uploaded list: an .xlsx workbook (its first sheet) or a CSV file (UTF-8, comma or
 * semicolon separated, as Excel saves it), read with exceljs; cells as text.
 * @throws catalog.cross_boundary_list_invalid when the file is neither
 */
export function readListFile(bytes: Uint8Array, fileName: string): Promise<string[][]> {
  // A code typed as a number in a spreadsheet (1.00008) gets its six decimals back.
  const numberText = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(6));
  return readSpreadsheet(bytes, fileName, { unreadable, numberText });
}

/** One list as the API shows it. */
export async function listCrossBoundaryLists(tx: Tx, now: Date, withItemsOf?: string) {
  const lists = await admin.crossBoundaryLists(tx);
  const inForce = lists.find((l) => l.effectiveFrom <= vnDay(now)) ?? null;
  return Promise.all(
    lists.map(async (l) => ({
      id: l.id,
      decisionNo: l.decisionNo,
      effectiveFrom: l.effectiveFrom,
      fileName: l.fileName,
      uploadedBy: { userId: l.uploadedBy, name: l.uploadedByName },
      uploadedAt: l.uploadedAt,
      count: l.itemCount,
      latest: l.id === lists[0]?.id,
      inForce: l.id === inForce?.id,
      items:
        withItemsOf === undefined || withItemsOf === l.id
          ? await admin.crossBoundaryListItems(tx, l.id)
          : undefined,
    })),
  );
}

/**
 * Imports a city's published list: every listed procedure becomes cross-boundary (received at every
 * one-stop counter of the city) from the list's effective date and every other procedure not, each change a
 * new version (origin `cross_boundary_list`, a local edit the re-import keeps); the list, its decision and
 * date are stored. All or nothing: rows that are not procedure codes or name an unknown procedure are
 * reported one by one and nothing is imported.
 * @throws catalog.cross_boundary_list_invalid (issues per row: `file.rows.<n>.code`), catalog.edit_refused
 *   (a procedure has a version taking effect after the list's date)
 */
export async function importCrossBoundaryList(
  tx: Tx,
  input: { rows: string[][]; fileName: string; decisionNo: string; effectiveFrom: string },
  meta: EditMeta,
) {
  const read = readCrossBoundaryList(input.rows);
  if (!read.ok) throw new DomainError('catalog.cross_boundary_list_invalid', {}, { issues: read.issues });
  const all = await admin.latestVersionRows(tx);
  const known = new Set(all.map((r) => r.code));
  const unknown = unknownCodeIssues(read.items, known);
  if (unknown.length)
    throw new DomainError(
      'catalog.cross_boundary_list_invalid',
      { unknownCodes: unknown.length },
      { issues: unknown },
    );
  const listed = new Set(read.items.map((i: ListItem) => i.code));
  const listId = uuidv7();
  const ctx = { ...(await loadEditContext(tx)), checkUntouchedRule: false };
  const planned: Planned[] = all
    .filter((r) => (r.data as { crossBoundary: boolean }).crossBoundary !== listed.has(r.code))
    .map((r) =>
      planVersion(
        r,
        {
          effectiveFrom: input.effectiveFrom,
          decisionNo: input.decisionNo,
          changes: { crossBoundary: listed.has(r.code) },
        },
        ctx,
        meta,
        'cross_boundary_list',
        listId,
      ),
    );
  const refused = planned.filter((p) => !p.ok);
  if (refused.length) {
    const issues: FieldIssue[] = refused.flatMap((p) => (p.ok ? [] : p.issues.slice(0, 1)));
    throw new DomainError('catalog.edit_refused', { codes: refused.map((p) => p.row.code) }, { issues });
  }
  await admin.insertCrossBoundaryList(tx, {
    id: listId,
    decisionNo: input.decisionNo,
    effectiveFrom: input.effectiveFrom,
    fileName: input.fileName,
    uploadedBy: meta.actor.userId,
    uploadedAt: meta.now,
    items: read.items.map((i) => ({ rowNo: i.rowNo, code: i.code, name: i.name, notes: i.notes })),
  });
  const ok = planned.filter((p): p is Extract<Planned, { ok: true }> => p.ok);
  await commitPlannedVersions(tx, ok, meta, 'procedure.version_created');
  await appendAudit(
    tx,
    [
      {
        actorId: meta.actor.userId,
        actorRole: 'admin',
        requestId: meta.requestId,
        action: 'catalog.cross_boundary_list_imported',
        entityType: 'cross_boundary_list',
        entityId: listId,
        change: { decisionNo: input.decisionNo, effectiveFrom: input.effectiveFrom, codes: [...listed] },
      },
    ],
    meta.now,
  );
  return {
    id: listId,
    listed: listed.size,
    becameCrossBoundary: ok.filter((p) => listed.has(p.row.code)).length,
    ceasedCrossBoundary: ok.filter((p) => !listed.has(p.row.code)).length,
    newVersions: ok.length,
  };
}
