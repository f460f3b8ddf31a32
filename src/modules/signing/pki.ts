import { randomBytes, webcrypto } from 'node:crypto';
import forge from 'node-forge';

/**
 * Certificates and keys: PKCS#12 in and out (node-forge), and the demo certificate authority the embedded
 * demo creates at first start so that results can be signed and verified out of the box. Demo keys are
 * generated on the machine that runs the demo, kept in its data folder, and never committed.
 */

/** Who signs: a certificate, the chain above it, and its private key as a WebCrypto key. */
export interface SigningIdentity {
  readonly certificate: Uint8Array;
  readonly chain: readonly Uint8Array[];
  readonly privateKey: webcrypto.CryptoKey;
  /** The certificate's subject common name. */
  readonly name: string;
}

const RSA_PKCS1_SHA256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

function derOf(cert: forge.pki.Certificate): Uint8Array {
  return Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
}

const BAG = {
  shroudedKey: forge.pki.oids.pkcs8ShroudedKeyBag as string,
  key: forge.pki.oids.keyBag as string,
  cert: forge.pki.oids.certBag as string,
};

function bags(pfx: forge.pkcs12.Pkcs12Pfx, bagType: string): forge.pkcs12.Bag[] {
  return pfx.getBags({ bagType })[bagType] ?? [];
}

/**
 * The subject's common name as text. forge hands back an ASN.1 string's bytes one character per byte, so a
 * UTF8String (how Vietnamese names are encoded) is decoded here; the other string types are single-byte.
 */
function commonName(cert: forge.pki.Certificate): string {
  const field = cert.subject.getField('CN') as { value?: unknown; valueTagClass?: number } | null;
  const raw = String(field?.value ?? '');
  return field?.valueTagClass === forge.asn1.Type.UTF8 ? forge.util.decodeUtf8(raw) : raw;
}

/**
 * Reads a PKCS#12 file: the key, its certificate (the one whose public key matches) and the rest of the
 * chain. @throws when the password is wrong or the file holds no key and certificate.
 */
export async function identityFromP12(p12: Uint8Array, password: string): Promise<SigningIdentity> {
  const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(p12).toString('binary')));
  const pfx = forge.pkcs12.pkcs12FromAsn1(asn1, password);
  const keyBag = bags(pfx, BAG.shroudedKey)[0] ?? bags(pfx, BAG.key)[0];
  const certs = bags(pfx, BAG.cert)
    .map((b) => b.cert)
    .filter((c): c is forge.pki.Certificate => Boolean(c));
  const key = keyBag?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!key || certs.length === 0) throw new Error('the PKCS#12 file holds no private key and certificate');
  const own = certs.find((c) => (c.publicKey as forge.pki.rsa.PublicKey).n.equals(key.n)) ?? certs[0]!;
  const pkcs8 = forge.asn1.toDer(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key))).getBytes();
  const privateKey = await webcrypto.subtle.importKey(
    'pkcs8',
    Buffer.from(pkcs8, 'binary'),
    RSA_PKCS1_SHA256,
    false,
    ['sign'],
  );
  return {
    certificate: derOf(own),
    chain: certs.filter((c) => c !== own).map(derOf),
    privateKey,
    name: commonName(own),
  };
}

/** A certificate authority able to issue certificates (the demo CA). */
export interface CertificateAuthority {
  readonly certificate: forge.pki.Certificate;
  readonly key: forge.pki.rsa.PrivateKey;
}

function serial(): string {
  // Positive, 16 bytes of randomness (RFC 5280 §4.1.2.2 allows up to 20 octets).
  return `01${randomBytes(15).toString('hex')}`;
}

function subjectOf(name: string, extra: { organization?: string } = {}) {
  return [
    { name: 'commonName', value: name, valueTagClass: forge.asn1.Type.UTF8 as never },
    ...(extra.organization
      ? [
          {
            name: 'organizationName',
            value: extra.organization,
            valueTagClass: forge.asn1.Type.UTF8 as never,
          },
        ]
      : []),
    { name: 'countryName', value: 'VN' },
  ];
}

/** A new self-signed demo CA (RSA 2048, 10 years). Its name says it is not for real use. */
export function createDemoCa(now: Date): CertificateAuthority {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(now.getTime() - 3600_000);
  cert.validity.notAfter = new Date(now.getTime() + 10 * 365 * 86_400_000);
  // ASCII only: a CA read back from PKCS#12 must give the same issuer name bytes to what it issues.
  const subject = subjectOf('Motcua Demo CA - not for real use', {
    organization: 'Motcua demo',
  });
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { certificate: cert, key: keys.privateKey };
}

/**
 * Issues a signing certificate (RSA 2048, 3 years, digitalSignature + nonRepudiation) from the CA and
 * returns it with its key as PKCS#12 bytes protected by `password`.
 */
export function issueP12(
  ca: CertificateAuthority,
  name: string,
  organization: string,
  password: string,
  now: Date,
): Uint8Array {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(now.getTime() - 3600_000);
  cert.validity.notAfter = new Date(now.getTime() + 3 * 365 * 86_400_000);
  cert.setSubject(subjectOf(name, { organization }));
  cert.setIssuer(ca.certificate.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'extKeyUsage', emailProtection: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(ca.key, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert, ca.certificate], password, {
    algorithm: '3des',
  });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}

/** The CA as PKCS#12 (to keep it between starts) and back. */
export function caToP12(ca: CertificateAuthority, password: string): Uint8Array {
  const p12 = forge.pkcs12.toPkcs12Asn1(ca.key, [ca.certificate], password, { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}

export function caFromP12(bytes: Uint8Array, password: string): CertificateAuthority {
  const pfx = forge.pkcs12.pkcs12FromAsn1(
    forge.asn1.fromDer(Buffer.from(bytes).toString('binary')),
    password,
  );
  const key = bags(pfx, BAG.shroudedKey)[0]?.key;
  const cert = bags(pfx, BAG.cert)[0]?.cert;
  if (!key || !cert) throw new Error('not a CA PKCS#12 file');
  return { certificate: cert, key: key as forge.pki.rsa.PrivateKey };
}

/** A certificate as PEM (for trust anchors and `pdfsig -nssdir` imports). */
export function certificatePem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

export function caCertificateDer(ca: CertificateAuthority): Uint8Array {
  return derOf(ca.certificate);
}
