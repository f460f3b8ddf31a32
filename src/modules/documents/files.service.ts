import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { DomainError, ERROR_CODES, type ErrorCode } from '../../core/errors/index.ts';
import type { Tx } from '../../platform/db/index.ts';
import type { FileStore } from './file-store.ts';
import type { VirusScanner } from './virus-scan.ts';

/** The kinds of file a record may hold (Decree 45/2020 e-dossiers: scans and PDFs). */
export const ALLOWED_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type MediaType = (typeof ALLOWED_MEDIA_TYPES)[number];

/** An upload that passed every check, ready to store. */
export interface CheckedFile {
  readonly sha256: string;
  readonly mediaType: MediaType;
  readonly sizeBytes: number;
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

// Path separators, characters Windows reserves, `.` and `..`, leading or trailing blanks.
const UNSAFE_NAME = /[/\\<>:"|?*]|^\.\.?$|^\s|\s$/;
const hasControlCharacter = (name: string) =>
  [...name].some((c) => (c.codePointAt(0) ?? 0) < 0x20 || c === '\u007f') || BIDI_CONTROL.test(name);

/**
 * Bidirectional controls (LRM, RLM, ALM, LRE…RLO, LRI…PDI): `invoice\u202Efdp.exe` shows as
 * "invoiceexe.pdf". No file name needs them: uploads with them are refused, and a name stored before that
 * is shown and served without them ({@link withoutBidiControls}).
 */
export const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/** `name` without bidirectional controls (for names stored before uploads refused them). */
export const withoutBidiControls = (name: string): string =>
  name.replace(new RegExp(BIDI_CONTROL, 'g'), '') || 'file';

/** A refused upload, naming the field (`body.file`, or its file name). */
export function fileError(code: ErrorCode & `file.${string}`, params: Record<string, unknown> = {}) {
  const path = code === 'file.name_invalid' ? 'body.file.filename' : 'body.file';
  const { en, vi } = ERROR_CODES[code];
  return new DomainError(code, params, { issues: [{ path, code, message: en, messageVi: vi }] });
}

/**
 * Checks an upload: a plain file name (no path, no `..`, no control or bidi characters; the name is only ever
 * shown, never used as a path), not empty, at most `maxBytes`, and a type detected from the content
 * itself (magic bytes), never from the name or the client's Content-Type.
 * @throws file.name_invalid, file.empty, file.too_large, file.type_not_allowed (422, naming body.file)
 */
export async function checkUpload(
  bytes: Uint8Array,
  fileName: string,
  maxBytes: number,
): Promise<CheckedFile> {
  const name = fileName.normalize('NFC');
  if (name.length === 0 || name.length > 255 || UNSAFE_NAME.test(name) || hasControlCharacter(name)) {
    throw fileError('file.name_invalid', { fileName: name.slice(0, 255) });
  }
  if (bytes.length === 0) throw fileError('file.empty', {});
  if (bytes.length > maxBytes) throw fileError('file.too_large', { maxBytes });
  const detected = await fileTypeFromBuffer(bytes);
  const mediaType = ALLOWED_MEDIA_TYPES.find((t) => t === detected?.mime);
  if (!mediaType) {
    throw fileError('file.type_not_allowed', {
      detected: detected?.mime ?? null,
      allowed: ALLOWED_MEDIA_TYPES,
    });
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { sha256, mediaType, sizeBytes: bytes.length, fileName: name, bytes };
}

/**
 * Scans and stores the bytes (before any transaction: the store may be across the network, and a file
 * stored for a transaction that then rolls back is harmless, being unreferenced content).
 * @throws file.infected
 */
export async function storeBytes(store: FileStore, scanner: VirusScanner, file: CheckedFile): Promise<void> {
  let verdict: Awaited<ReturnType<VirusScanner['scan']>>;
  try {
    verdict = await scanner.scan(file.bytes);
  } catch (cause) {
    throw new DomainError('file.scan_unavailable', {}, { cause });
  }
  if (!verdict.clean) {
    throw fileError('file.infected', { signature: verdict.signature });
  }
  await store.put(file.sha256, file.bytes);
}

/** Records the file in the caller's transaction (once per content). */
export async function registerFile(
  tx: Tx,
  file: Pick<CheckedFile, 'sha256' | 'mediaType' | 'sizeBytes'>,
  now: Date,
): Promise<void> {
  await tx
    .insertInto('files')
    .values({ sha256: file.sha256, mediaType: file.mediaType, sizeBytes: file.sizeBytes, createdAt: now })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
}

/** A PDF the system made (a slip, a result), stored by its digest; the caller registers it in its transaction. */
export interface StoredPdf {
  readonly sha256: string;
  readonly mediaType: 'application/pdf';
  readonly sizeBytes: number;
}

/** Stores bytes Motcua generated itself (no checks or scan needed) and returns their file description. */
export async function storeGeneratedPdf(store: FileStore, bytes: Uint8Array): Promise<StoredPdf> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await store.put(sha256, bytes);
  return { sha256, mediaType: 'application/pdf', sizeBytes: bytes.length };
}
