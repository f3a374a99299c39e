/**
 * The small Markdown subset appeal letters are written in, parsed into blocks so one template renders to both
 * Markdown (as is) and PDF (the adapter draws the blocks): `#`/`##`/`###` headings, paragraphs (consecutive lines
 * joined), `- ` bullet items, `---` rules, and `**bold**` spans. Anything else is kept as paragraph text.
 */
export interface Span {
  text: string;
  bold: boolean;
}

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3; spans: Span[] }
  | { type: 'paragraph'; spans: Span[] }
  | { type: 'bullets'; items: Span[][] }
  | { type: 'rule' };

export function parseSpans(text: string): Span[] {
  const spans: Span[] = [];
  const re = /\*\*(.+?)\*\*/g;
  let last = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m.index > last) spans.push({ text: text.slice(last, m.index), bold: false });
    spans.push({ text: m[1] ?? '', bold: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) spans.push({ text: text.slice(last), bold: false });
  return spans;
}

export function parseMarkdownBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  let para: string[] = [];
  let bullets: string[] | undefined;
  const flush = (): void => {
    if (para.length > 0) blocks.push({ type: 'paragraph', spans: parseSpans(para.join(' ')) });
    para = [];
    if (bullets) blocks.push({ type: 'bullets', items: bullets.map(parseSpans) });
    bullets = undefined;
  };
  for (const raw of markdown.split(/\r?\n/)) {
    const line = raw.trimEnd();
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      blocks.push({
        type: 'heading',
        level: (heading[1] ?? '#').length as 1 | 2 | 3,
        spans: parseSpans(heading[2] ?? ''),
      });
      continue;
    }
    if (/^\s*---+\s*$/.test(line)) {
      flush();
      blocks.push({ type: 'rule' });
      continue;
    }
    const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
    if (bullet) {
      if (para.length > 0) {
        blocks.push({ type: 'paragraph', spans: parseSpans(para.join(' ')) });
        para = [];
      }
      bullets ??= [];
      bullets.push(bullet[1] ?? '');
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (bullets && /^\s{2,}\S/.test(raw)) {
      // Continuation of the last bullet item.
      bullets[bullets.length - 1] += ` ${line.trim()}`;
      continue;
    }
    if (bullets) flush();
    para.push(line.trim());
  }
  flush();
  return blocks;
}

/** Plain text of blocks (for tests and for text output). */
export function blocksToText(blocks: readonly Block[]): string {
  const spans = (s: readonly Span[]): string => s.map((x) => x.text).join('');
  return blocks
    .map((b) => {
      switch (b.type) {
        case 'heading':
        case 'paragraph':
          return spans(b.spans);
        case 'bullets':
          return b.items.map((i) => `• ${spans(i)}`).join('\n');
        case 'rule':
          return '—';
      }
    })
    .join('\n\n');
}
