import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { auditHmac } from '../audit/index.ts';

/*
 * TOTP secrets are stored encrypted (AES-256-GCM) under a key derived from the audit key, which is kept
 * outside the database (MOTCUA_AUDIT_KEY or MOTCUA_DATA_DIR/audit.key): a copy of the database alone does
 * not give anyone the codes of the administrators.
 */
function key(): Buffer {
  return Buffer.from(auditHmac('motcua:totp-secret-key:v1'), 'hex');
}

/** `v1.<iv>.<tag>.<ciphertext>`, base64url. */
export function seal(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** The plain text of {@link seal}; throws when the key differs or the value was altered. */
export function open(sealed: string): string {
  const [v, iv, tag, data] = sealed.split('.');
  if (v !== 'v1' || !iv || !tag || data === undefined) throw new Error('not a sealed value');
  const decipher = createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}
