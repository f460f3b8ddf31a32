import { createHash, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../../platform/config.ts';

/**
 * The key of the audit chain's HMAC (issue 13 #10, docs/adr/0006-keyed-audit-chain.md). It lives outside the
 * database: in MOTCUA_AUDIT_KEY, or else in `audit.key` in the data folder, made at first start (so that the
 * embedded demo runs with no configuration). Every process writing to one database needs the same key.
 */

/** The shortest key accepted (characters of MOTCUA_AUDIT_KEY or of the key file). */
export const AUDIT_KEY_MIN_LENGTH = 32;
const BLOCK = 64;

interface AuditKey {
  readonly key: Buffer;
  /** RFC 2104 pads (the key zero-padded to the SHA-256 block, XOR 0x36 / 0x5c), hex, for the SQL HMAC. */
  readonly innerPadHex: string;
  readonly outerPadHex: string;
}

let current: AuditKey | undefined;

/** Makes `key` the one every audit append and verification uses in this process. */
export function setAuditKey(key: string): void {
  if (key.length < AUDIT_KEY_MIN_LENGTH) {
    throw new Error(`the audit key must have at least ${AUDIT_KEY_MIN_LENGTH} characters`);
  }
  const bytes = Buffer.from(key, 'utf8');
  const block = Buffer.alloc(BLOCK);
  (bytes.length > BLOCK ? createHash('sha256').update(bytes).digest() : bytes).copy(block);
  const pad = (x: number) => Buffer.from(block.map((b) => b ^ x)).toString('hex');
  current = { key: bytes, innerPadHex: pad(0x36), outerPadHex: pad(0x5c) };
}

function auditKey(): AuditKey {
  if (!current) throw new Error('no audit key: call setAuditKey (bootstrap does) before writing audit rows');
  return current;
}

/** HMAC-SHA256 of `message` under the audit key, hex. */
export function auditHmac(message: string): string {
  return createHmac('sha256', auditKey().key).update(message, 'utf8').digest('hex');
}

/** The key's pads for {@link auditHmac} computed in SQL (`motcua_audit_hmac`, migration 0022). */
export function auditKeyPads(): { innerPadHex: string; outerPadHex: string } {
  const { innerPadHex, outerPadHex } = auditKey();
  return { innerPadHex, outerPadHex };
}

export const AUDIT_KEY_FILE = 'audit.key';

/**
 * The configured key: MOTCUA_AUDIT_KEY, else the key file in MOTCUA_DATA_DIR, created (random, readable by
 * the owner only) when missing. Says where it came from, for the start-up lines.
 */
export function resolveAuditKey(config: Config): {
  key: string;
  source: 'environment' | 'file' | 'created';
  path?: string;
} {
  if (config.MOTCUA_AUDIT_KEY) return { key: config.MOTCUA_AUDIT_KEY, source: 'environment' };
  const dir = resolve(config.MOTCUA_DATA_DIR);
  const path = join(dir, AUDIT_KEY_FILE);
  if (existsSync(path)) {
    const key = readFileSync(path, 'utf8').trim();
    if (key.length < AUDIT_KEY_MIN_LENGTH) throw new Error(`${path} holds no audit key (too short)`);
    return { key, source: 'file', path };
  }
  mkdirSync(dir, { recursive: true });
  const key = randomBytes(32).toString('base64url');
  try {
    writeFileSync(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Another process made it first: use that one.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return resolveAuditKey(config);
    throw err;
  }
  chmodSync(path, 0o600);
  return { key, source: 'created', path };
}
