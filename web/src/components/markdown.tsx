/**
 * A safe Markdown subset for previews (appeal letters): headings, paragraphs, bullet and numbered lists, task
 * boxes, block quotes, rules, pipe tables, **bold**, *italic*, `code` and links. Everything becomes React elements
 * with text children, which React escapes, so HTML in the text (a payer name, a note) shows as text and never
 * runs; links keep only http(s) and mailto addresses.
 */
import { Fragment, type ReactNode } from 'react';

type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'para'; lines: string[] }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'quote'; lines: string[] }
  | { kind: 'rule' }
  | { kind: 'table'; head: string[]; rows: string[][] };

const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const RULE = /^\s*([-*_])(\s*\1){2,}\s*$/;
const TABLE_SEP = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
}

export function parseBlocks(markdown: string): Block[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      i++;
      continue;
    }
    const h = HEADING.exec(line);
    if (h) {
      blocks.push({ kind: 'heading', level: h[1]?.length ?? 1, text: h[2] ?? '' });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push({ kind: 'rule' });
      i++;
      continue;
    }
    if (line.includes('|') && TABLE_SEP.test(lines[i + 1] ?? '')) {
      const head = cells(line);
      const rows: string[][] = [];
      i += 2;
      while (i < lines.length && (lines[i] ?? '').includes('|') && (lines[i] ?? '').trim() !== '') {
        rows.push(cells(lines[i] ?? ''));
        i++;
      }
      blocks.push({ kind: 'table', head, rows });
      continue;
    }
    if (BULLET.test(line) || NUMBERED.test(line)) {
      const ordered = !BULLET.test(line);
      const pattern = ordered ? NUMBERED : BULLET;
      const items: string[] = [];
      while (i < lines.length) {
        const l = lines[i] ?? '';
        const m = pattern.exec(l);
        if (m) items.push(m[1] ?? '');
        else if (l.trim() !== '' && /^\s{2,}/.test(l) && items.length > 0)
          items[items.length - 1] += ` ${l.trim()}`;
        else break;
        i++;
      }
      blocks.push({ kind: 'list', ordered, items });
      continue;
    }
    if (/^\s*>/.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && /^\s*>/.test(lines[i] ?? '')) {
        quoted.push((lines[i] ?? '').replace(/^\s*>\s?/, ''));
        i++;
      }
      blocks.push({ kind: 'quote', lines: quoted });
      continue;
    }
    const para: string[] = [];
    while (i < lines.length) {
      const l = lines[i] ?? '';
      if (l.trim() === '' || HEADING.test(l) || RULE.test(l) || BULLET.test(l) || NUMBERED.test(l)) break;
      para.push(l.trim());
      i++;
    }
    blocks.push({ kind: 'para', lines: para });
  }
  return blocks;
}

function safeHref(url: string): string | undefined {
  return /^(https?:|mailto:)/i.test(url.trim()) ? url.trim() : undefined;
}

/**
 * Inline marks: `code`, **bold**, *italic* / _italic_, [text](url), and backslash escapes (`\*`, `\<`…), which the
 * letters use for claim values (src/core/recovery/markdown.ts `markdownText`): shown as the character alone.
 * Unmatched marks stay as typed.
 */
export function inline(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  const re =
    /`([^`]+)`|\*\*(.+?)\*\*|__(.+?)__|\*([^*\s][^*]*?)\*|(?<![\w])_([^_\s][^_]*?)_(?![\w])|\[([^\]]+)\]\(([^)\s]+)\)|\\([\\`*_{}[\]()#+\-.!<>|~])/g;
  let last = 0;
  let key = 0;
  for (const m of text.matchAll(re)) {
    const at = m.index;
    if (at > last) out.push(text.slice(last, at));
    if (m[8] !== undefined) out.push(m[8]);
    else if (m[1] !== undefined) out.push(<code key={key++}>{m[1]}</code>);
    else if (m[2] !== undefined || m[3] !== undefined)
      out.push(<strong key={key++}>{inline(m[2] ?? m[3] ?? '')}</strong>);
    else if (m[4] !== undefined || m[5] !== undefined)
      out.push(<em key={key++}>{inline(m[4] ?? m[5] ?? '')}</em>);
    else if (m[6] !== undefined) {
      const href = safeHref(m[7] ?? '');
      out.push(
        href ? (
          <a key={key++} href={href} rel="noreferrer noopener" target="_blank">
            {inline(m[6])}
          </a>
        ) : (
          <Fragment key={key++}>
            {inline(m[6])} ({m[7]})
          </Fragment>
        ),
      );
    }
    last = at + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function ListItem({ text }: { text: string }) {
  const task = /^\[( |x|X)\]\s+(.*)$/.exec(text);
  if (!task) return <li>{inline(text)}</li>;
  return (
    <li className="task">
      <span aria-hidden="true">{task[1] === ' ' ? '☐' : '☑'}</span>{' '}
      <span className="sr-only">{task[1] === ' ' ? 'to do: ' : 'done: '}</span>
      {inline(task[2] ?? '')}
    </li>
  );
}

export function Markdown({ text }: { text: string }) {
  return (
    <>
      {parseBlocks(text).map((b, i) => {
        switch (b.kind) {
          case 'heading': {
            const H = (['h2', 'h3', 'h4', 'h5', 'h6', 'h6'] as const)[b.level - 1] ?? 'h6';
            return <H key={i}>{inline(b.text)}</H>;
          }
          case 'para':
            return (
              <p key={i}>
                {b.lines.map((l, j) => (
                  <Fragment key={j}>
                    {j > 0 && <br />}
                    {inline(l)}
                  </Fragment>
                ))}
              </p>
            );
          case 'list': {
            const L = b.ordered ? 'ol' : 'ul';
            return (
              <L key={i} className={b.items.every((t) => /^\[( |x|X)\]\s/.test(t)) ? 'tasks' : undefined}>
                {b.items.map((t, j) => (
                  <ListItem key={j} text={t} />
                ))}
              </L>
            );
          }
          case 'quote':
            return <blockquote key={i}>{inline(b.lines.join(' '))}</blockquote>;
          case 'rule':
            return <hr key={i} />;
          case 'table':
            return (
              <div className="table-wrap" key={i}>
                <table className="table">
                  <thead>
                    <tr>
                      {b.head.map((h, j) => (
                        <th key={j} scope="col">
                          {inline(h)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {b.rows.map((r, j) => (
                      <tr key={j}>
                        {r.map((c, k) => (
                          <td key={k}>{inline(c)}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            );
        }
      })}
    </>
  );
}
