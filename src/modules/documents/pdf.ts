import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import {
  fill,
  PageSizes,
  PDFDocument,
  type PDFFont,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setFillingRgbColor,
} from 'pdf-lib';
import QRCode from 'qrcode';
import type { SlipBlock, SlipContent } from '../../core/slips/index.ts';

/**
 * Renders a slip to PDF with pdf-lib: DejaVu Serif embedded (subset) so every Vietnamese letter is drawn
 * and extractable as text; the QR code of Circular 01/2023 at the top left; A5 portrait for slips, A4
 * landscape for the register. The creation date is the slip's own time and the producer is fixed, so
 * the same slip always gives the same bytes (and the same SHA-256).
 */

const FONT_DIR = new URL('ttf/', import.meta.resolve('dejavu-fonts-ttf/package.json'));
let fontBytes: { regular: Uint8Array; bold: Uint8Array } | undefined;
function fonts() {
  fontBytes ??= {
    regular: readFileSync(new URL('DejaVuSerif.ttf', FONT_DIR)),
    bold: readFileSync(new URL('DejaVuSerif-Bold.ttf', FONT_DIR)),
  };
  return fontBytes;
}

/**
 * OpenType features off: text is NFC-normalised first, so every Vietnamese letter is one precomposed glyph
 * of DejaVu and needs no mark positioning; shaping with the features on made drawing three times slower.
 */
const NO_FEATURES = {
  kern: false,
  liga: false,
  clig: false,
  calt: false,
  ccmp: false,
  locl: false,
  mark: false,
  mkmk: false,
  rlig: false,
};

const SIZES = {
  A5: PageSizes.A5,
  A4: PageSizes.A4,
  'A4-landscape': [PageSizes.A4[1], PageSizes.A4[0]] as [number, number],
};
const BLACK = rgb(0, 0, 0);

interface Pen {
  doc: PDFDocument;
  page: PDFPage;
  regular: PDFFont;
  bold: PDFFont;
  size: number;
  margin: number;
  width: number;
  height: number;
  y: number;
}

const advanceCache = new WeakMap<PDFFont, Map<string, number>>();

/**
 * The width of `text` at `size` as the sum of each character's advance (cached per font), without
 * kerning: fontkit lays out a whole string on every call, which made measuring for line breaks the
 * slowest part of a slip.
 */
function measure(text: string, font: PDFFont, size: number): number {
  let widths = advanceCache.get(font);
  if (!widths) {
    widths = new Map();
    advanceCache.set(font, widths);
  }
  let units = 0;
  for (const ch of text) {
    let w = widths.get(ch);
    if (w === undefined) {
      w = font.widthOfTextAtSize(ch, 1000);
      widths.set(ch, w);
    }
    units += w;
  }
  return (units * size) / 1000;
}

/** Splits text into lines no wider than `width` (words longer than a line are cut). */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.normalize('NFC').split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (measure(candidate, font, size) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      let rest = word;
      while (measure(rest, font, size) > width && rest.length > 1) {
        let cut = rest.length - 1;
        while (cut > 1 && measure(rest.slice(0, cut), font, size) > width) cut--;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

function newPage(pen: Pen): void {
  pen.page = pen.doc.addPage([pen.width, pen.height]);
  pen.y = pen.height - pen.margin;
}

function ensure(pen: Pen, needed: number): void {
  if (pen.y - needed < pen.margin) newPage(pen);
}

function lineHeight(size: number): number {
  return size * 1.35;
}

function text(
  pen: Pen,
  s: string,
  opts: { x?: number; width?: number; font?: PDFFont; size?: number; center?: boolean } = {},
) {
  const font = opts.font ?? pen.regular;
  const size = opts.size ?? pen.size;
  const x = opts.x ?? pen.margin;
  const width = opts.width ?? pen.width - pen.margin - x;
  for (const line of wrap(s, font, size, width)) {
    ensure(pen, lineHeight(size));
    pen.y -= lineHeight(size);
    const dx = opts.center ? (width - measure(line, font, size)) / 2 : 0;
    pen.page.drawText(line, { x: x + dx, y: pen.y + size * 0.3, size, font, color: BLACK });
  }
}

/** The QR code as one filled path: one rectangle per horizontal run of dark modules. */
function drawQr(pen: Pen, payload: string, x: number, top: number, side: number): void {
  const qr = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = side / n;
  const ops = [pushGraphicsState(), setFillingRgbColor(0, 0, 0)];
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!qr.modules.get(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && qr.modules.get(r, c)) c++;
      ops.push(rectangle(x + start * cell, top - (r + 1) * cell, (c - start) * cell, cell));
    }
  }
  ops.push(fill(), popGraphicsState());
  pen.page.pushOperators(...ops);
}

function header(pen: Pen, slip: SlipContent): void {
  const top = pen.y;
  const qrSide = slip.qr ? (slip.pageSize === 'A5' ? 52 : 60) : 0;
  if (slip.qr) drawQr(pen, slip.qr, pen.margin, top, qrSide);
  const leftX = pen.margin + (qrSide ? qrSide + 6 : 0);
  const mid = pen.margin + (pen.width - 2 * pen.margin) * 0.5;
  const small = pen.size - 1;
  pen.y = top;
  slip.issuer.forEach((line, i) => {
    const font = i === slip.issuer.length - 1 ? pen.bold : pen.regular;
    text(pen, line, { x: leftX, width: mid - leftX - 4, font, size: small, center: true });
  });
  const leftBottom = pen.y;
  pen.y = top;
  const motto = slip.pageSize === 'A5' ? small - 1 : small;
  text(pen, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { x: mid, font: pen.bold, size: motto, center: true });
  text(pen, 'Độc lập - Tự do - Hạnh phúc', { x: mid, font: pen.bold, size: motto, center: true });
  pen.y = Math.min(pen.y, leftBottom, top - qrSide) - 2;
  const line = pen.y;
  if (slip.number)
    text(pen, `Số: ${slip.number}`, { x: pen.margin, width: mid - pen.margin, size: small - 0.5 });
  const numberBottom = pen.y;
  pen.y = line;
  text(pen, slip.placeAndDate, { x: mid, size: small - 0.5, center: true });
  pen.y = Math.min(pen.y, numberBottom) - 8;
  text(pen, slip.title, { font: pen.bold, size: pen.size + 2, center: true });
  pen.y -= 6;
}

function block(pen: Pen, b: SlipBlock): void {
  switch (b.kind) {
    case 'field':
      text(pen, b.value ? `${b.label}: ${b.value}` : `${b.label}:`);
      return;
    case 'paragraph':
      text(pen, b.text);
      return;
    case 'list':
      b.items.forEach((item, i) => {
        text(pen, `${i + 1}. ${item}`, { x: pen.margin + 10 });
      });
      return;
    case 'table':
      table(pen, b);
      return;
  }
}

function table(pen: Pen, t: Extract<SlipBlock, { kind: 'table' }>): void {
  const total = t.columns.reduce((s, c) => s + c.weight, 0);
  const full = pen.width - 2 * pen.margin;
  const widths = t.columns.map((c) => (c.weight / total) * full);
  const size = pen.size - 1.5;
  const row = (cells: readonly string[], font: PDFFont) => {
    const wrapped = cells.map((c, i) => wrap(c, font, size, widths[i]! - 6));
    const height = Math.max(...wrapped.map((w) => w.length)) * lineHeight(size) + 4;
    ensure(pen, height);
    let x = pen.margin;
    wrapped.forEach((lines, i) => {
      pen.page.drawRectangle({
        x,
        y: pen.y - height,
        width: widths[i]!,
        height,
        borderColor: BLACK,
        borderWidth: 0.5,
      });
      lines.forEach((line, j) => {
        pen.page.drawText(line, {
          x: x + 3,
          y: pen.y - 2 - (j + 1) * lineHeight(size) + size * 0.3,
          size,
          font,
          color: BLACK,
        });
      });
      x += widths[i]!;
    });
    pen.y -= height;
  };
  pen.y -= 4;
  row(
    t.columns.map((c) => c.title),
    pen.bold,
  );
  for (const r of t.rows) row(r, pen.regular);
  pen.y -= 4;
}

function signatures(pen: Pen, slip: SlipContent): void {
  if (slip.signatures.length === 0) return;
  ensure(pen, 80);
  pen.y -= 8;
  const top = pen.y;
  const full = pen.width - 2 * pen.margin;
  const w = full / slip.signatures.length;
  let lowest = top;
  slip.signatures.forEach((s, i) => {
    pen.y = top;
    const x = pen.margin + i * w;
    text(pen, s.title, { x, width: w, font: pen.bold, size: pen.size - 1, center: true });
    if (s.note) text(pen, s.note, { x, width: w, size: pen.size - 2, center: true });
    pen.y -= 36;
    if (s.name) text(pen, s.name, { x, width: w, font: pen.bold, size: pen.size - 1, center: true });
    lowest = Math.min(lowest, pen.y);
  });
  pen.y = lowest;
}

/** The slip as PDF bytes. */
export async function renderSlip(slip: SlipContent): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const f = fonts();
  const regular = await doc.embedFont(f.regular, { subset: true, features: NO_FEATURES });
  const bold = await doc.embedFont(f.bold, { subset: true, features: NO_FEATURES });
  const [width, height] = SIZES[slip.pageSize];
  const margin = slip.pageSize === 'A5' ? 28 : 36;
  const pen: Pen = {
    doc,
    page: doc.addPage([width, height]),
    regular,
    bold,
    size: slip.pageSize === 'A5' ? 9.5 : 9,
    margin,
    width,
    height,
    y: height - margin,
  };
  header(pen, slip);
  for (const b of slip.blocks) block(pen, b);
  signatures(pen, slip);
  const at = new Date(slip.at);
  doc.setTitle(slip.title);
  doc.setCreator('Motcua');
  doc.setProducer('Motcua (pdf-lib)');
  doc.setCreationDate(at);
  doc.setModificationDate(at);
  doc.setLanguage('vi-VN');
  return doc.save();
}
