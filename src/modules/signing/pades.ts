import { createHash } from 'node:crypto';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf } from '@signpdf/signpdf';
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { PDFDocument } from 'pdf-lib';
import { DomainError } from '../../core/errors/index.ts';
import { type CmsCheck, signDetached, verifyDetached } from './cms.ts';
import type { SigningIdentity } from './pki.ts';

/**
 * PAdES signatures on PDFs (ETSI EN 319 142-1 baseline B-B): each signature is an incremental update
 * (@signpdf's plain placeholder, SubFilter ETSI.CAdES.detached) so the signatures before it stay valid,
 * and its CMS is made by {@link signDetached}. Verification reads every /ByteRange and checks each CMS
 * against the bytes it covers and the trust anchors.
 */

/** Room for the CMS in the placeholder (certificate chain included), in bytes. */
const SIGNATURE_LENGTH = 12_000;

class CadesSigner extends Signer {
  readonly #identity: SigningIdentity;
  constructor(identity: SigningIdentity) {
    super();
    this.#identity = identity;
  }
  override async sign(pdfBuffer: Buffer): Promise<Buffer> {
    return Buffer.from(await signDetached(pdfBuffer, this.#identity));
  }
}

/**
 * Rewrites a PDF that has no signature yet with a classic cross-reference table, which incremental
 * signing needs (uploads often use cross-reference streams). Never call it on a signed PDF.
 */
export async function prepareForSigning(pdf: Uint8Array): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  return doc.save({ useObjectStreams: false });
}

/** Whether the PDF already carries a signature (then it must not be rewritten). */
export function isSigned(pdf: Uint8Array): boolean {
  return Buffer.from(pdf).includes('/ByteRange');
}

/**
 * Mends the trailer @signpdf's plain placeholder appends (before signing, so the signature covers the
 * mended bytes): `startxref` must point at the `xref` keyword itself, not the newline before it, and
 * `/Size` must be one more than the highest object number in the cross-reference sections. Without this
 * qpdf warns about both.
 */
export function mendIncrementalTrailer(pdf: Buffer): Buffer {
  let text = pdf.toString('latin1');
  const tail = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text);
  if (tail) {
    let offset = Number(tail[1]);
    while (/\s/.test(text[offset] ?? '') && offset < text.length) offset++;
    if (text.startsWith('xref', offset) && offset !== Number(tail[1])) {
      text = `${text.slice(0, tail.index)}startxref\n${offset}\n%%EOF`;
    }
  }
  let highest = 0;
  for (const section of text.matchAll(/(?:^|[\r\n])xref\s*[\r\n]+([\s\S]*?)trailer/g)) {
    for (const header of section[1]!.matchAll(/^(\d+) (\d+)\s*$/gm)) {
      highest = Math.max(highest, Number(header[1]) + Number(header[2]) - 1);
    }
  }
  const lastTrailer = text.lastIndexOf('trailer');
  if (highest > 0 && lastTrailer >= 0) {
    const head = text.slice(0, lastTrailer);
    const trailer = text.slice(lastTrailer).replace(/\/Size \d+/, `/Size ${highest + 1}`);
    text = head + trailer;
  }
  return Buffer.from(text, 'latin1');
}

/** Adds one PAdES signature as an incremental update. */
export async function signPdf(
  pdf: Uint8Array,
  identity: SigningIdentity,
  opts: { reason: string; location: string; contactInfo?: string; signingTime: Date },
): Promise<Uint8Array> {
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: Buffer.from(pdf),
    reason: opts.reason,
    location: opts.location,
    contactInfo: opts.contactInfo ?? '',
    name: identity.name,
    signingTime: opts.signingTime,
    signatureLength: SIGNATURE_LENGTH,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    appName: 'Motcua',
  });
  const signed = await new SignPdf().sign(
    mendIncrementalTrailer(withPlaceholder),
    new CadesSigner(identity),
    opts.signingTime,
  );
  return new Uint8Array(signed);
}

/** One signature of a PDF, checked. */
export interface SignatureReport extends CmsCheck {
  /** The signing time the signature dictionary states (/M), ISO 8601. */
  readonly signedAt: string | null;
  readonly reason: string | null;
  /** The signature covers every byte of the file (nothing was appended after it). */
  readonly coversWholeDocument: boolean;
  readonly byteRange: readonly [number, number, number, number];
}

/** What a PDF's signatures say, and whether the document stands as signed. */
export interface VerificationReport {
  /** Every signature intact and trusted, and the last one covers the whole file. */
  readonly valid: boolean;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly signatures: readonly SignatureReport[];
}

/** The length of the DER element at the start of `bytes` (to cut the zero padding after a CMS). */
function derLength(bytes: Uint8Array): number {
  const first = bytes[1] ?? 0;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + (bytes[2 + i] ?? 0);
  return 2 + n + len;
}

/** A PDF string as text: literal `(…)` with escapes, or `<FEFF…>` UTF-16BE hex. */
function pdfString(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  if (raw.startsWith('<')) {
    const hex = raw.slice(1, -1).replace(/\s+/g, '');
    const bytes = Buffer.from(hex, 'hex');
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return bytes.subarray(2).swap16().toString('utf16le');
    return bytes.toString('latin1');
  }
  return raw
    .slice(1, -1)
    .replace(
      /\\([nrtbf()\\])/g,
      (_m, c: string) => ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' })[c] ?? c,
    );
}

/** "D:20260302100000Z" or "D:20260302170000+07'00'" → ISO 8601. */
function pdfDate(s: string | null): string | null {
  const m = s ? /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|([+-])(\d{2})'?(\d{2})'?)?/.exec(s) : null;
  if (!m) return null;
  const zone = !m[7] || m[7] === 'Z' ? 'Z' : `${m[8]}${m[9]}:${m[10]}`;
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`).toISOString();
}

/**
 * Checks every signature of a PDF against the bytes it covers and the trust anchors (the certificate
 * must have been valid when the signature says it was made).
 */
export async function verifyPdf(
  pdf: Uint8Array,
  anchors: readonly Uint8Array[],
  opts: { maxSignatures?: number } = {},
): Promise<VerificationReport> {
  const bytes = Buffer.from(pdf);
  const text = bytes.toString('latin1');
  const signatures: SignatureReport[] = [];
  const dictionaries = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  // Refused before any signature is checked: each check costs a digest of the whole file.
  if (opts.maxSignatures !== undefined && dictionaries.length > opts.maxSignatures) {
    const message = `at most ${opts.maxSignatures} signatures are verified`;
    throw new DomainError(
      'result.too_many_signatures',
      { max: opts.maxSignatures, found: dictionaries.length },
      {
        issues: [
          {
            path: 'body.file',
            code: 'too_many_signatures',
            message,
            messageVi: `Chỉ kiểm tra tối đa ${opts.maxSignatures} chữ ký`,
          },
        ],
      },
    );
  }
  for (const m of dictionaries) {
    const range = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])] as const;
    const [a, b, c, d] = range;
    if (a !== 0 || b <= 0 || c <= b || c + d > bytes.length) continue;
    const hex = bytes.subarray(b + 1, c - 1).toString('latin1');
    const der = Buffer.from(hex, 'hex');
    const cms = der.subarray(0, Math.min(der.length, derLength(der)));
    const content = Buffer.concat([bytes.subarray(a, a + b), bytes.subarray(c, c + d)]);
    // The dictionary's other entries follow /Contents in @signpdf's layout, or precede /ByteRange in others'.
    const after = text.slice(c, c + 4000);
    const before = text.slice(Math.max(0, (m.index ?? 0) - 4000), m.index);
    const field = (name: string) => {
      const re = new RegExp(`/${name}\\s*(\\((?:\\\\.|[^\\\\)])*\\)|<[0-9A-Fa-f\\s]*>)`);
      return re.exec(after)?.[1] ?? re.exec(before)?.[1];
    };
    const signedAt = pdfDate(pdfString(field('M')));
    const check = await verifyDetached(cms, content, anchors, signedAt ? new Date(signedAt) : new Date());
    signatures.push({
      ...check,
      signedAt,
      reason: pdfString(field('Reason')),
      coversWholeDocument: c + d === bytes.length,
      byteRange: range,
    });
  }
  const last = signatures[signatures.length - 1];
  return {
    valid:
      signatures.length > 0 && signatures.every((s) => s.intact && s.trusted) && last!.coversWholeDocument,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    sizeBytes: bytes.length,
    signatures,
  };
}
