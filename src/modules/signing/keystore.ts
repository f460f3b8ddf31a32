import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DomainError } from '../../core/errors/index.ts';
import {
  type CertificateAuthority,
  caCertificateDer,
  caFromP12,
  caToP12,
  createDemoCa,
  identityFromP12,
  issueP12,
  type SigningIdentity,
} from './pki.ts';

/** Whose certificate signs: an agency's (its seal) or an official's (personal). */
export type SignerRef =
  | { readonly kind: 'agency'; readonly code: string; readonly name: string }
  | {
      readonly kind: 'person';
      readonly username: string;
      readonly name: string;
      readonly agencyName: string;
    };

/**
 * Where signing certificates come from: a folder of PKCS#12 files (`agency-<code>.p12`,
 * `person-<username>.p12`, one password) and trust anchors (`trust/*.pem`). In demo mode a demo CA is
 * created in the folder at first start and issues any missing certificate on first use; it is a trust
 * anchor too. Outside demo mode a missing certificate is an error an administrator fixes.
 */
export interface KeyStore {
  identity(signer: SignerRef): Promise<SigningIdentity>;
  anchors(): Promise<Uint8Array[]>;
  /** Creates the demo CA now (at first start) rather than at the first signature; no-op outside demo mode. */
  prepare(): Promise<void>;
}

const fileName = (s: SignerRef) =>
  s.kind === 'agency' ? `agency-${s.code}.p12` : `person-${s.username}.p12`;

async function readIfExists(path: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const temp = `${path}.${randomUUID()}.part`;
  await writeFile(temp, bytes, { mode: 0o600 });
  await rename(temp, path);
}

function fromDer(pem: string): Uint8Array[] {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/g)].map((m) =>
    Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'),
  );
}

export function folderKeyStore(opts: {
  dir: string;
  password: string;
  demo: boolean;
  now: () => Date;
}): KeyStore {
  const cache = new Map<string, Promise<SigningIdentity>>();
  let ca: Promise<CertificateAuthority> | undefined;
  const demoCa = () => {
    ca ??= (async () => {
      await mkdir(opts.dir, { recursive: true });
      const path = join(opts.dir, 'demo-ca.p12');
      const existing = await readIfExists(path);
      if (existing) return caFromP12(existing, opts.password);
      const created = createDemoCa(opts.now());
      await writeAtomically(path, caToP12(created, opts.password));
      return created;
    })();
    return ca;
  };
  const load = async (signer: SignerRef): Promise<SigningIdentity> => {
    const path = join(opts.dir, fileName(signer));
    let p12 = await readIfExists(path);
    if (!p12) {
      if (!opts.demo) throw new DomainError('signing.no_certificate', { signer: fileName(signer) });
      const issued = issueP12(
        await demoCa(),
        signer.name,
        signer.kind === 'agency' ? signer.name : signer.agencyName,
        opts.password,
        opts.now(),
      );
      await writeAtomically(path, issued);
      p12 = issued;
    }
    try {
      return await identityFromP12(p12, opts.password);
    } catch (cause) {
      throw new DomainError(
        'signing.no_certificate',
        { signer: fileName(signer), reason: 'unreadable' },
        { cause },
      );
    }
  };
  return {
    identity(signer) {
      const key = fileName(signer);
      let found = cache.get(key);
      if (!found) {
        found = load(signer);
        cache.set(key, found);
        found.catch(() => cache.delete(key));
      }
      return found;
    },
    async anchors() {
      const list: Uint8Array[] = [];
      if (opts.demo) list.push(caCertificateDer(await demoCa()));
      const trust = join(opts.dir, 'trust');
      const names = await readdir(trust).catch(() => [] as string[]);
      for (const n of names.filter((x) => x.endsWith('.pem')).sort()) {
        list.push(...fromDer(await readFile(join(trust, n), 'utf8')));
      }
      return list;
    },
    async prepare() {
      if (opts.demo) await demoCa();
    },
  };
}
