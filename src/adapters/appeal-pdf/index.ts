/**
 * Renders an appeal letter (the Markdown subset of src/core/recovery/markdown.ts) to PDF with pdfkit: US Letter,
 * 1-inch margins, Helvetica. The same blocks the Markdown holds are drawn, so the PDF and the .md say the same
 * thing. pdfkit's standard fonts encode WinAnsi only; characters outside it are replaced by plain equivalents.
 */
import PDFDocument from 'pdfkit';
import { parseMarkdownBlocks, type Span } from '../../core/recovery/markdown.ts';

export interface PdfOptions {
  title?: string;
  author?: string;
  /** Fixed creation date (tests pass one so the bytes are stable). */
  creationDate?: Date;
}

const REPLACEMENTS: [RegExp, string][] = [
  [/[\u2212\u2010\u2011]/g, '-'],
  [/\u2264/g, '<='],
  [/\u2265/g, '>='],
  [/\u2192/g, '->'],
  [/\u00b7/g, '-'],
  [/[\u2018\u2019]/g, "'"],
  [/[\u201c\u201d]/g, '"'],
];

/** Text pdfkit's built-in fonts can draw (WinAnsi); the rest becomes plain ASCII equivalents or "?". */
export function pdfSafe(text: string): string {
  let out = text;
  for (const [re, to] of REPLACEMENTS) out = out.replace(re, to);
  // WinAnsi covers Latin-1 plus a few punctuation marks (— – … • € ™ …).
  return out.replace(
    /[^\x20-\x7e\u00a0-\u00ff\u2013\u2014\u2026\u2022\u20ac\u2122\u201a\u201e\u2020\u2021\u2030]/g,
    '?',
  );
}

export function renderAppealPdf(markdown: string, options: PdfOptions = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 72,
    info: {
      Title: pdfSafe(options.title ?? 'Appeal'),
      Author: pdfSafe(options.author ?? 'drugclaim'),
      Producer: 'drugclaim',
      Creator: 'drugclaim',
      CreationDate: options.creationDate ?? new Date(),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const spans = (
    list: readonly Span[],
    size: number,
    options: { indent?: number; bullet?: boolean } = {},
  ): void => {
    doc.fontSize(size);
    const x = doc.page.margins.left + (options.indent ?? 0);
    const w = width - (options.indent ?? 0);
    // Keep a bullet with the start of its text: break the page first when not even two lines fit.
    doc.font('Helvetica');
    const need = Math.min(
      doc.heightOfString(pdfSafe(list.map((s) => s.text).join('')), { width: w }),
      doc.currentLineHeight(true) * 2,
    );
    if (doc.y + need > doc.page.maxY()) doc.addPage();
    const y = doc.y;
    if (options.bullet) {
      // lineBreak: false leaves the cursor on this line; the item text starts at the same y.
      doc.font('Helvetica').text('\u2022', x - 10, y, { lineBreak: false });
    }
    const items = list.length === 0 ? [{ text: '', bold: false }] : list;
    items.forEach((s, i) => {
      doc.font(s.bold ? 'Helvetica-Bold' : 'Helvetica');
      const opts = { width: w, continued: i < items.length - 1, align: 'left' as const };
      if (i === 0) doc.text(pdfSafe(s.text), x, y, opts);
      else doc.text(pdfSafe(s.text), opts);
    });
  };
  for (const block of parseMarkdownBlocks(markdown)) {
    switch (block.type) {
      case 'heading':
        doc.moveDown(block.level === 1 ? 0 : 0.6);
        spans(
          block.spans.map((s) => ({ ...s, bold: true })),
          block.level === 1 ? 15 : block.level === 2 ? 12.5 : 11,
        );
        doc.moveDown(0.3);
        break;
      case 'paragraph':
        spans(block.spans, 10.5);
        doc.moveDown(0.5);
        break;
      case 'bullets':
        for (const item of block.items) {
          spans(item, 10.5, { indent: 14, bullet: true });
          doc.moveDown(0.15);
        }
        doc.moveDown(0.35);
        break;
      case 'rule': {
        const y = doc.y + 4;
        doc
          .moveTo(doc.page.margins.left, y)
          .lineTo(doc.page.margins.left + width, y)
          .lineWidth(0.5)
          .stroke();
        doc.moveDown(0.8);
        break;
      }
    }
  }
  doc.end();
  return done;
}
