/**
 * The small Markdown subset appeal letters are written in, parsed into blocks so one template renders to both
 * Markdown (as is) and PDF (the adapter draws the blocks): `#`/`##`/`###` headings, paragraphs (consecutive lines
 * joined), `- ` bullet items, `---` rules, `**bold**` spans and backslash escapes (`\*` is a star). Anything else is
 * kept as paragraph text.
 *
 * Values from claim files go into letters through `markdownText`, so that a name or claim id is text, never markup:
 * a letter is opened in Markdown viewers that render inline HTML, and sent to payers.
 */
import { showControls } from '../visible-text.ts';

/**
 * A plain value (a name, a claim id) as Markdown text that renders as exactly that value, still readable as plain
 * text: the characters that would start markup are backslash-escaped (CommonMark §2.4: any ASCII punctuation may be),
 * `_` only where it could start or end emphasis, and the characters that start a block only at the start. Control
 * and bidirectional characters are shown as `\u202E` (../visible-text.ts), line breaks too: a value stays on its line.
 * @see https://spec.commonmark.org/0.31.2/#backslash-escapes
 */
export function markdownText(value: string): string {
  const escaped = value
    // Inline HTML (<img onerror=…>) and autolinks, links and images, emphasis, code spans, strikethrough, and \ itself.
    .replace(/[\\`*[\]<~]/g, '\\$&')
    // _ between two letters or digits can neither open nor close emphasis (snake_case ids stay as they are).
    .replace(/_/g, (u, i: number, s: string) =>
      /[\p{L}\p{N}]/u.test(s.charAt(i - 1)) && /[\p{L}\p{N}]/u.test(s.charAt(i + 1)) ? u : '\\_',
    )
    // &lt; and &#8238; would be decoded into characters: keep them as written.
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
    // At the start of a line: a heading, a block quote, a list item or a rule, an ordered list, a heading underline.
    .replace(/^[#>]/, '\\$&')
    .replace(/^[-+](?=\s|-|$)/, '\\$&')
    .replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2')
    .replace(/^=(?==*\s*$)/, '\\=');
  return showControls(escaped);
}

/** Backslash escapes removed: `\*` → `*` (a backslash before anything but ASCII punctuation is a backslash). */
function unescape(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

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
  // A ** pair whose stars are not escaped; an escape (\\. ) is consumed whole, so \*\* never counts as a star pair.
  const re = /\\[\s\S]|\*\*((?:\\[\s\S]|[^\\])+?)\*\*/g;
  let last = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[1] === undefined) continue;
    if (m.index > last) spans.push({ text: unescape(text.slice(last, m.index)), bold: false });
    spans.push({ text: unescape(m[1]), bold: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) spans.push({ text: unescape(text.slice(last)), bold: false });
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
