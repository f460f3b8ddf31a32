import { createHash } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import { contentDigest } from '../../platform/canonical-json.ts';
import type { Db, Tx } from '../../platform/db/index.ts';
import type { Progress } from '../../platform/progress.ts';
import { auditHmac, auditKeyPads } from './audit-key.ts';

/** One audited action, written in the transaction of the change it describes. */
export interface AuditEntry {
  readonly actorId?: string | undefined;
  readonly actorRole?: string | undefined;
  readonly onBehalfOf?: string | undefined;
  readonly requestId?: string | undefined;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  /** What changed; only its SHA-256 digest is stored. */
  readonly change: unknown;
}

/** Independent chains, so concurrent changes to different entities do not queue on one head row. */
export const AUDIT_SHARDS = 16;
export const GENESIS_HASH = '0'.repeat(64);

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function shardOf(entityType: string, entityId: string): number {
  return Number.parseInt(sha256(`${entityType}:${entityId}`).slice(0, 8), 16) % AUDIT_SHARDS;
}

interface RowContent {
  shard: number;
  seq: number;
  at: Date;
  actorId: string | null;
  actorRole: string | null;
  onBehalfOf: string | null;
  requestId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  changeDigest: string;
  prevHash: string;
}

/** The text a row's hash covers: the fields joined by newlines (empty string for a null field). */
function rowMessage(r: RowContent): string {
  return [
    r.shard,
    r.seq,
    r.at.toISOString(),
    r.actorId ?? '',
    r.actorRole ?? '',
    r.onBehalfOf ?? '',
    r.requestId ?? '',
    r.action,
    r.entityType,
    r.entityId,
    r.changeDigest,
    r.prevHash,
  ].join('\n');
}

/**
 * The row hash: HMAC-SHA256 under the audit key (audit-key.ts; the database does not hold it) over the
 * fields joined by newlines in this order — shard, seq, at (ISO 8601), actor id, role, on-behalf-of,
 * request id, action, entity type, entity id, change digest, previous hash (empty string for a null field).
 */
export function rowHash(r: RowContent): string {
  return auditHmac(rowMessage(r));
}

/** The unkeyed SHA-256 hash of rows written before migration 0022 (`motcua_audit_hash`, migration 0019). */
export function legacyRowHash(r: RowContent): string {
  return sha256(rowMessage(r));
}

/** The seal of a shard's legacy rows: an HMAC over the last one's position and hash (migration 0022). */
export function legacySeal(shard: number, lastSeq: number, lastHash: string): string {
  return auditHmac(['audit-legacy', shard, lastSeq, lastHash].join('\n'));
}

/**
 * Seals the boundary of each shard's legacy rows that is not sealed yet, with the current key. Run at
 * start-up after the migrations (bootstrap): until then `audit verify` reports those rows.
 */
export async function sealLegacyAudit(db: Db): Promise<number> {
  const open = await db
    .selectFrom('auditLegacy')
    .select(['shard', 'lastSeq', 'lastHash'])
    .where('seal', 'is', null)
    .execute();
  for (const l of open) {
    await db
      .updateTable('auditLegacy')
      .set({ seal: legacySeal(l.shard, Number(l.lastSeq), l.lastHash) })
      .where('shard', '=', l.shard)
      .where('seal', 'is', null)
      .execute();
  }
  return open.length;
}

/**
 * Appends audit rows in the caller's transaction, chaining each to the previous row of its shard. Shard
 * heads are locked in shard order, so concurrent writers never deadlock.
 */
export async function appendAudit(tx: Tx, entries: readonly AuditEntry[], now: Date): Promise<void> {
  // Heads are created once per database; after that the row lock below is the only head query.
  const byShard = new Map<number, AuditEntry[]>();
  for (const e of entries) {
    const s = shardOf(e.entityType, e.entityId);
    byShard.set(s, [...(byShard.get(s) ?? []), e]);
  }
  for (const shard of [...byShard.keys()].sort((a, b) => a - b)) {
    const lockHead = () =>
      tx
        .selectFrom('auditChains')
        .select(['lastSeq', 'lastHash'])
        .where('shard', '=', shard)
        .forUpdate()
        .executeTakeFirst();
    let head = await lockHead();
    if (!head) {
      await tx
        .insertInto('auditChains')
        .values({ shard, lastSeq: 0, lastHash: GENESIS_HASH })
        .onConflict((oc) => oc.column('shard').doNothing())
        .execute();
      head = await lockHead();
    }
    if (!head) throw new Error(`audit chain ${shard} has no head`);
    let seq = Number(head.lastSeq);
    let prevHash = head.lastHash;
    let beforeLast = prevHash;
    const rows = byShard.get(shard)!.map((e) => {
      seq += 1;
      const content: RowContent = {
        shard,
        seq,
        at: now,
        actorId: e.actorId ?? null,
        actorRole: e.actorRole ?? null,
        onBehalfOf: e.onBehalfOf ?? null,
        requestId: e.requestId ?? null,
        action: e.action,
        entityType: e.entityType,
        entityId: e.entityId,
        changeDigest: contentDigest(e.change),
        prevHash,
      };
      const hash = rowHash(content);
      beforeLast = prevHash;
      prevHash = hash;
      return { ...content, hash };
    });
    // One statement: the rows and the new head together (a data-modifying CTE).
    await tx
      .with('appended', (db) => db.insertInto('auditLog').values(rows))
      .updateTable('auditChains')
      .set({ lastSeq: seq, lastHash: prevHash, prevHash: beforeLast })
      .where('shard', '=', shard)
      .execute();
  }
}

/**
 * The common table expressions that append one audit row to its shard's chain inside a larger statement
 * (`audit_head`, `audit_row`), when the CTE named `guard` returned a row: the head is advanced and the
 * row's hash computed in SQL by `motcua_audit_hmac` (migration 0022, the same rule as {@link rowHash}, with
 * the key's pads passed as parameters), so
 * the head's row lock is taken and released with that one statement's transaction.
 */
export function appendAuditCtes(entry: AuditEntry, now: Date, guard: 'updated'): RawBuilder<unknown> {
  const shard = shardOf(entry.entityType, entry.entityId);
  const digest = contentDigest(entry.change);
  const { innerPadHex, outerPadHex } = auditKeyPads();
  const args = (seq: RawBuilder<unknown>, prev: RawBuilder<unknown>) =>
    sql`motcua_audit_hmac(decode(${innerPadHex}::text, 'hex'), decode(${outerPadHex}::text, 'hex'), ${shard}::integer, ${seq}, ${now.toISOString()}::text, ${entry.actorId ?? null}::text,
      ${entry.actorRole ?? null}::text, ${entry.onBehalfOf ?? null}::text, ${entry.requestId ?? null}::text,
      ${entry.action}::text, ${entry.entityType}::text, ${entry.entityId}::text,
      ${digest}::text, ${prev})`;
  return sql`audit_head as (
      insert into audit_chains (shard, last_seq, prev_hash, last_hash)
      select ${shard}::smallint, 1, ${GENESIS_HASH}::text, ${args(sql`1::bigint`, sql`${GENESIS_HASH}::text`)}
      where exists (select 1 from ${sql.raw(guard)})
      on conflict (shard) do update set
        last_seq = audit_chains.last_seq + 1,
        prev_hash = audit_chains.last_hash,
        last_hash = ${args(sql`audit_chains.last_seq + 1`, sql`audit_chains.last_hash`)}
      returning shard, last_seq, prev_hash, last_hash
    ), audit_row as (
      insert into audit_log (shard, seq, at, actor_id, actor_role, on_behalf_of, request_id, action,
        entity_type, entity_id, change_digest, prev_hash, hash)
      select shard, last_seq, ${now}::timestamptz, ${entry.actorId ?? null}::uuid, ${entry.actorRole ?? null},
        ${entry.onBehalfOf ?? null}, ${entry.requestId ?? null}, ${entry.action}, ${entry.entityType},
        ${entry.entityId}, ${digest}, prev_hash, last_hash
      from audit_head
    )`;
}

export interface AuditProblem {
  readonly shard: number;
  readonly seq?: number;
  readonly kind: 'edited' | 'deleted' | 'inserted' | 'head_mismatch';
  readonly detail: string;
}

export interface AuditVerification {
  readonly ok: boolean;
  readonly rows: number;
  readonly shards: number;
  readonly problems: AuditProblem[];
}

const BATCH = 5000;

/**
 * Walks every chain in batches of `batchSize` rows and reports rows whose content no longer matches their
 * keyed hash (edited: also a row rewritten with a recomputed unkeyed hash), breaks in the sequence or the
 * links (deleted or inserted rows), and chains whose head does not match their last row (a deleted tail).
 * Rows before migration 0022 are checked with the unkeyed hash, up to a sealed boundary (audit_legacy).
 */
export async function verifyAudit(
  db: Db,
  progress?: Progress,
  batchSize = BATCH,
): Promise<AuditVerification> {
  const heads = await db
    .selectFrom('auditChains')
    .select(['shard', 'lastSeq', 'lastHash'])
    .orderBy('shard')
    .execute();
  const legacy = new Map((await db.selectFrom('auditLegacy').selectAll().execute()).map((l) => [l.shard, l]));
  const total = await db
    .selectFrom('auditLog')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  progress?.start(Number(total?.n ?? 0), 'audit rows');
  const problems: AuditProblem[] = [];
  let rows = 0;
  for (const head of heads) {
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    let after = 0;
    const l = legacy.get(head.shard);
    legacy.delete(head.shard);
    const legacyLast = l ? Number(l.lastSeq) : 0;
    if (l && l.seal !== legacySeal(head.shard, legacyLast, l.lastHash)) {
      problems.push({
        shard: head.shard,
        kind: 'edited',
        detail:
          l.seal === null
            ? 'the rows before the keyed chain are not sealed yet (start Motcua once with its audit key)'
            : 'the boundary of the rows before the keyed chain does not match its seal',
      });
    }
    for (;;) {
      const batch = await db
        .selectFrom('auditLog')
        .selectAll()
        .where('shard', '=', head.shard)
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(batchSize)
        .execute();
      for (const r of batch) {
        const seq = Number(r.seq);
        if (seq !== expectedSeq) {
          problems.push({
            shard: head.shard,
            seq,
            kind: 'deleted',
            detail: `rows ${expectedSeq}–${seq - 1} are missing`,
          });
        } else if (r.prevHash !== prevHash) {
          problems.push({
            shard: head.shard,
            seq,
            kind: 'inserted',
            detail: 'the link to the previous row is broken',
          });
        }
        const content = { ...r, seq, at: new Date(r.at) };
        const recomputed = seq <= legacyLast ? legacyRowHash(content) : rowHash(content);
        if (recomputed !== r.hash || (seq === legacyLast && r.hash !== l?.lastHash)) {
          problems.push({
            shard: head.shard,
            seq,
            kind: 'edited',
            detail: `${r.entityType} ${r.entityId}: content does not match its hash`,
          });
        }
        expectedSeq = seq + 1;
        prevHash = r.hash;
        after = seq;
      }
      rows += batch.length;
      progress?.increment(batch.length);
      if (batch.length < batchSize) break;
    }
    if (Number(head.lastSeq) !== expectedSeq - 1 || head.lastHash !== prevHash) {
      problems.push({
        shard: head.shard,
        kind: 'head_mismatch',
        detail: `the chain head says row ${head.lastSeq} is last; the table ends at ${expectedSeq - 1}`,
      });
    }
  }
  for (const orphan of legacy.values()) {
    problems.push({
      shard: orphan.shard,
      kind: 'inserted',
      detail: 'a legacy boundary for a chain without rows',
    });
  }
  progress?.stop();
  return { ok: problems.length === 0, rows, shards: heads.length, problems };
}

/** `motcua audit verify`: the report as text, and whether the log is intact. */
export async function auditVerifyCommand(
  db: Db,
  progress?: Progress,
): Promise<{ ok: boolean; text: string }> {
  const v = await verifyAudit(db, progress);
  const lines = [
    `audit log: ${v.rows} rows in ${v.shards} chains — ${v.ok ? 'intact' : `${v.problems.length} problem(s)`}`,
    ...v.problems.map((p) => `  shard ${p.shard}${p.seq ? ` row ${p.seq}` : ''}: ${p.kind} — ${p.detail}`),
  ];
  return { ok: v.ok, text: lines.join('\n') };
}

export function listAudit(tx: Tx, f: { entityType: string; entityId: string; limit: number }) {
  return tx
    .selectFrom('auditLog')
    .select([
      'at',
      'actorId',
      'actorRole',
      'onBehalfOf',
      'requestId',
      'action',
      'entityType',
      'entityId',
      'changeDigest',
      'hash',
    ])
    .where('entityType', '=', f.entityType)
    .where('entityId', '=', f.entityId)
    .orderBy('at')
    .orderBy('seq')
    .limit(f.limit)
    .execute();
}
