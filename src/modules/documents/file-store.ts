import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DomainError } from '../../core/errors/index.ts';

/**
 * Where file bytes live, by their SHA-256 (content addressing: the same bytes are stored once, and a name
 * can never point at other bytes). The database knows which files exist; the store only keeps bytes.
 */
export interface FileStore {
  /** Stores the bytes under their digest; storing the same digest again is a no-op. */
  put(sha256: string, bytes: Uint8Array): Promise<void>;
  /** The bytes, or undefined when the store does not have them. */
  get(sha256: string): Promise<Uint8Array | undefined>;
}

const DIGEST = /^[0-9a-f]{64}$/;

function checkDigest(sha256: string): string {
  if (!DIGEST.test(sha256)) throw new Error(`not a SHA-256 digest: ${sha256}`);
  return sha256;
}

/**
 * The default store: a folder, two levels of fan-out (`ab/cd/abcd…`). A file is written under a temporary
 * name and renamed, so a reader never sees half a file and two writers of the same bytes do not collide.
 */
export function localFileStore(dir: string): FileStore {
  const pathOf = (sha: string) => join(dir, sha.slice(0, 2), sha.slice(2, 4), sha);
  return {
    async put(sha256, bytes) {
      const path = pathOf(checkDigest(sha256));
      const exists = await stat(path).then(
        () => true,
        () => false,
      );
      if (exists) return;
      await mkdir(join(path, '..'), { recursive: true });
      const temp = `${path}.${randomUUID()}.part`;
      await writeFile(temp, bytes);
      await rename(temp, path);
    },
    async get(sha256) {
      try {
        return new Uint8Array(await readFile(pathOf(checkDigest(sha256))));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
  };
}

/**
 * The store with its failures as `file.store_unavailable` (503): a store across the network can be down,
 * and the caller should say so rather than fail with an internal error.
 */
export function guardedFileStore(store: FileStore): FileStore {
  const unavailable = (cause: unknown) => new DomainError('file.store_unavailable', {}, { cause });
  return {
    put: (sha256, bytes) => store.put(sha256, bytes).catch((e) => Promise.reject(unavailable(e))),
    get: (sha256) => store.get(sha256).catch((e) => Promise.reject(unavailable(e))),
  };
}
