import { createHash, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { SigningIdentity } from './pki.ts';

/**
 * CMS (RFC 5652) detached signatures in the CAdES form PAdES baseline B-B asks for (ETSI EN 319 142-1):
 * signed attributes content-type, message-digest and signing-certificate-v2 (the hash of the signer's
 * certificate), no signing-time (the PDF's /M carries it), SHA-256 with RSA. Built and checked with
 * PKI.js on Node's WebCrypto.
 */

pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as Crypto }));

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
};

// A fresh ArrayBuffer holding exactly these bytes (a Buffer may be a view into a shared pool).
const toArrayBuffer = (u: Uint8Array): ArrayBuffer => new Uint8Array(u).buffer;

function certificateOf(der: Uint8Array): pkijs.Certificate {
  return pkijs.Certificate.fromBER(toArrayBuffer(der));
}

/** ESS signing-certificate-v2 (RFC 5035): SEQUENCE { SEQUENCE OF ESSCertIDv2 { certHash } } (SHA-256 default). */
function signingCertificateV2(certDer: Uint8Array): asn1js.Sequence {
  const hash = createHash('sha256').update(certDer).digest();
  return new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: toArrayBuffer(hash) })] })],
      }),
    ],
  });
}

/** A detached CAdES signature over `content` (the PDF's ByteRange bytes), DER-encoded ContentInfo. */
export async function signDetached(content: Uint8Array, identity: SigningIdentity): Promise<Uint8Array> {
  const cert = certificateOf(identity.certificate);
  const digest = createHash('sha256').update(content).digest();
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            new pkijs.Attribute({
              type: OID.contentType,
              values: [new asn1js.ObjectIdentifier({ value: OID.data })],
            }),
            new pkijs.Attribute({
              type: OID.messageDigest,
              values: [new asn1js.OctetString({ valueHex: toArrayBuffer(digest) })],
            }),
            new pkijs.Attribute({
              type: OID.signingCertificateV2,
              values: [signingCertificateV2(identity.certificate)],
            }),
          ],
        }),
      }),
    ],
    certificates: [cert, ...identity.chain.map(certificateOf)],
  });
  await signedData.sign(identity.privateKey as unknown as CryptoKey, 0, 'SHA-256');
  const contentInfo = new pkijs.ContentInfo({
    contentType: OID.signedData,
    content: signedData.toSchema(true),
  });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}

/** What one signature says about itself and whether it holds. */
export interface CmsCheck {
  /** The signature matches the content and the signer's certificate. */
  readonly intact: boolean;
  /** The signer's certificate chains to one of the trust anchors and was valid at `at`. */
  readonly trusted: boolean;
  readonly signer: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly certificateValidFrom: string;
  readonly certificateValidTo: string;
  /** The CAdES signing-certificate-v2 attribute names the signer's certificate (PAdES B-B). */
  readonly pades: boolean;
  readonly problem?: string;
}

function cnOf(name: pkijs.RelativeDistinguishedNames): string {
  const cn = name.typesAndValues.find((t) => t.type === '2.5.4.3');
  return cn ? String((cn.value as { valueBlock: { value: string } }).valueBlock.value) : '';
}

/** Checks a detached CMS signature over `content` against the trust anchors at time `at`. */
export async function verifyDetached(
  cms: Uint8Array,
  content: Uint8Array,
  anchors: readonly Uint8Array[],
  at: Date,
): Promise<CmsCheck> {
  let signedData: pkijs.SignedData;
  try {
    const info = pkijs.ContentInfo.fromBER(toArrayBuffer(cms));
    if (info.contentType !== OID.signedData) throw new Error('not SignedData');
    signedData = new pkijs.SignedData({ schema: info.content });
  } catch (e) {
    return {
      intact: false,
      trusted: false,
      signer: '',
      issuer: '',
      serialNumber: '',
      certificateValidFrom: '',
      certificateValidTo: '',
      pades: false,
      problem: `unreadable signature: ${(e as Error).message}`,
    };
  }
  const signerInfo = signedData.signerInfos[0];
  const sid = signerInfo?.sid as pkijs.IssuerAndSerialNumber | undefined;
  const cert = (signedData.certificates ?? []).find(
    (c): c is pkijs.Certificate =>
      c instanceof pkijs.Certificate &&
      sid !== undefined &&
      c.serialNumber.isEqual(sid.serialNumber) &&
      c.issuer.isEqual(sid.issuer),
  );
  const base = {
    signer: cert ? cnOf(cert.subject) : '',
    issuer: cert ? cnOf(cert.issuer) : '',
    serialNumber: cert ? Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex') : '',
    certificateValidFrom: cert ? cert.notBefore.value.toISOString() : '',
    certificateValidTo: cert ? cert.notAfter.value.toISOString() : '',
  };
  const certDer = cert ? new Uint8Array(cert.toSchema().toBER(false)) : undefined;
  const essAttr = signerInfo?.signedAttrs?.attributes.find((a) => a.type === OID.signingCertificateV2);
  let pades = false;
  if (essAttr && certDer) {
    const want = createHash('sha256').update(certDer).digest('hex');
    const hashes = JSON.stringify(essAttr.values[0]?.toJSON() ?? {});
    pades = hashes.toLowerCase().includes(want);
  }
  let intact = false;
  let problem: string | undefined;
  try {
    intact =
      (await signedData.verify({ signer: 0, data: toArrayBuffer(content), checkChain: false })) === true;
  } catch (e) {
    problem = (e as Error).message || String(e);
  }
  let trusted = false;
  if (intact && cert) {
    try {
      const engine = new pkijs.CertificateChainValidationEngine({
        trustedCerts: anchors.map(certificateOf),
        certs: (signedData.certificates ?? []).filter(
          (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
        ),
        checkDate: at,
      });
      const r = await engine.verify();
      trusted = r.result;
      if (!trusted) problem = r.resultMessage;
    } catch (e) {
      problem = (e as Error).message || String(e);
    }
  } else if (!intact) {
    problem ??= 'the signature does not match the signed bytes';
  }
  return { intact, trusted, pades, ...base, ...(problem ? { problem } : {}) };
}
