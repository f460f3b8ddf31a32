import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { FileStore } from './file-store.ts';

/** Where an S3-compatible bucket is and how to reach it. */
export interface S3Options {
  readonly endpoint?: string | undefined;
  readonly region: string;
  readonly bucket: string;
  readonly accessKeyId?: string | undefined;
  readonly secretAccessKey?: string | undefined;
  /** Path-style addressing (`endpoint/bucket/key`), which MinIO, Ceph and most self-hosted stores want. */
  readonly forcePathStyle: boolean;
  /** Key prefix inside the bucket, e.g. `motcua/`. */
  readonly prefix?: string;
}

const key = (prefix: string, sha: string) => `${prefix}${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`;

/**
 * The file store on an S3-compatible object store (AWS S3, MinIO, Ceph, …) through the AWS SDK. Objects
 * are named like the folder store (`ab/cd/abcd…`); writing the same digest again rewrites the same bytes,
 * which is harmless. Errors from the store propagate (the caller answers 503).
 */
export function s3FileStore(opts: S3Options): FileStore {
  const client = new S3Client({
    region: opts.region,
    forcePathStyle: opts.forcePathStyle,
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    ...(opts.accessKeyId && opts.secretAccessKey
      ? { credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey } }
      : {}),
    maxAttempts: 3,
  });
  const prefix = opts.prefix ?? '';
  return {
    async put(sha256, bytes) {
      await client.send(
        new PutObjectCommand({
          Bucket: opts.bucket,
          Key: key(prefix, sha256),
          Body: bytes,
          ContentLength: bytes.length,
          ContentType: 'application/octet-stream',
        }),
      );
    },
    async get(sha256) {
      try {
        const out = await client.send(
          new GetObjectCommand({ Bucket: opts.bucket, Key: key(prefix, sha256) }),
        );
        return out.Body ? await out.Body.transformToByteArray() : undefined;
      } catch (e) {
        if (e instanceof NoSuchKey || (e as { name?: string }).name === 'NoSuchKey') return undefined;
        throw e;
      }
    },
  };
}
