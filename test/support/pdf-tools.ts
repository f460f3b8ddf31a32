import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';

// jsqr is CommonJS with an ES-style default in its types; require gives the function itself.
const jsQR = createRequire(import.meta.url)('jsqr') as typeof import('jsqr').default;

/**
 * Poppler and qpdf (Debian's poppler-utils and qpdf, installed by .ci/run) as third-party judges of the
 * PDFs Motcua makes: the text a reader extracts, whether the file is structurally sound, and what the QR
 * code printed on the first page says.
 */
export function writeTemp(bytes: Uint8Array, name = 'doc.pdf'): string {
  const path = join(mkdtempSync(join(tmpdir(), 'motcua-pdf-')), name);
  writeFileSync(path, bytes);
  return path;
}

/** The text of the PDF as `pdftotext` extracts it (reading order, not layout). */
export function pdfText(bytes: Uint8Array): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', writeTemp(bytes), '-'], { encoding: 'utf8' });
}

/** `qpdf --check`: exit code 0 means no structural errors. */
export function qpdfCheck(bytes: Uint8Array): { ok: boolean; output: string } {
  try {
    return { ok: true, output: execFileSync('qpdf', ['--check', writeTemp(bytes)], { encoding: 'utf8' }) };
  } catch (e) {
    return { ok: false, output: String((e as { stdout?: string }).stdout ?? e) };
  }
}

/** Page count as `pdfinfo` reports it. */
export function pdfPages(bytes: Uint8Array): number {
  const info = execFileSync('pdfinfo', [writeTemp(bytes)], { encoding: 'utf8' });
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
}

/** Page size in points as `pdfinfo` reports it. */
export function pdfPageSize(bytes: Uint8Array): { width: number; height: number } {
  const info = execFileSync('pdfinfo', [writeTemp(bytes)], { encoding: 'utf8' });
  const m = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info);
  return { width: Number(m?.[1]), height: Number(m?.[2]) };
}

/**
 * The QR code on the top-left quarter of page 1, rasterised by `pdftoppm` and decoded by jsQR, with where
 * it was found (fractions of the page width and height from the top left).
 */
export function pdfQr(bytes: Uint8Array): { data: string; x: number; y: number } | null {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-qr-'));
  const pdf = join(dir, 'doc.pdf');
  writeFileSync(pdf, bytes);
  execFileSync('pdftoppm', [
    '-r',
    '200',
    '-png',
    '-f',
    '1',
    '-l',
    '1',
    '-singlefile',
    pdf,
    join(dir, 'page'),
  ]);
  const png = PNG.sync.read(readFileSync(join(dir, 'page.png')));
  const found = jsQR(
    new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length),
    png.width,
    png.height,
  );
  if (!found) return null;
  return {
    data: found.data,
    x: found.location.topLeftCorner.x / png.width,
    y: found.location.topLeftCorner.y / png.height,
  };
}

/** One signature as `pdfsig` (Poppler, with NSS) reports it. */
export interface PdfsigSignature {
  readonly commonName: string;
  readonly signatureValidation: string;
  readonly certificateValidation: string;
  readonly totalDocumentSigned: boolean;
  readonly type: string;
}

/**
 * Runs `pdfsig` on the PDF; with `trustedCaPem`, in a fresh NSS database (made with `certutil`) that
 * trusts that CA, so pdfsig also judges the certificate chain.
 */
export function pdfsig(bytes: Uint8Array, trustedCaPem?: string): PdfsigSignature[] {
  const args = [writeTemp(bytes)];
  if (trustedCaPem) {
    const db = mkdtempSync(join(tmpdir(), 'motcua-nss-'));
    execFileSync('certutil', ['-N', '-d', `sql:${db}`, '--empty-password']);
    const pem = join(db, 'ca.pem');
    writeFileSync(pem, trustedCaPem);
    execFileSync('certutil', ['-A', '-d', `sql:${db}`, '-n', 'motcua-test-ca', '-t', 'C,C,C', '-i', pem]);
    args.unshift('-nssdir', `sql:${db}`);
  }
  let out: string;
  try {
    out = execFileSync('pdfsig', args, { encoding: 'utf8' });
  } catch (e) {
    out = String((e as { stdout?: string }).stdout ?? '');
  }
  return out
    .split(/^Signature #\d+:$/m)
    .slice(1)
    .map((block) => {
      const field = (name: string) => new RegExp(`- ${name}: (.*)$`, 'm').exec(block)?.[1]?.trim() ?? '';
      return {
        commonName: field('Signer Certificate Common Name'),
        signatureValidation: field('Signature Validation'),
        certificateValidation: field('Certificate Validation'),
        totalDocumentSigned: /Total document signed/.test(block),
        type: field('Signature Type'),
      };
    });
}
