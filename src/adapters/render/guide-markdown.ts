/** A Guide as GitHub-flavoured Markdown: tables, a checklist, numbered source references [n] and a source list. */
import type { Guide } from '../../core/guides/model.ts';
import { buildGuideDocument, type Block, type Cell } from './guide-document.ts';

/** Escapes Markdown table/inline syntax in data text. */
function esc(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/([*_`[\]])/g, '\\$1')
    .replace(/<(?=[a-zA-Z/!?])/g, '\\<')
    .replace(/\r?\n/g, ' ');
}

function cellText(c: Cell): string {
  let t = esc(c.text);
  if (c.style === 'unknown') t = `_Not in the data: ${t}_`;
  else if (c.style === 'code') t = `\`${c.text.replace(/`/g, '')}\``;
  else if (c.style === 'strong' && t.trim() !== '') t = `**${t}**`;
  if (c.note) t += ` _(${esc(c.note)})_`;
  if (c.refs.length > 0) t += ' ' + c.refs.map((n) => `[${n}]`).join('');
  return t;
}

const cells = (list: readonly Cell[]): string => list.map(cellText).join('');

function block(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `${'#'.repeat(b.level)} ${esc(b.text)}`;
    case 'para':
      return cells(b.cells);
    case 'kv':
      return ['| | |', '|---|---|', ...b.rows.map(([k, v]) => `| **${esc(k)}** | ${cellText(v)} |`)].join(
        '\n',
      );
    case 'table':
      return [
        `| ${b.head.map(esc).join(' | ')} |`,
        `|${b.head.map(() => '---').join('|')}|`,
        ...b.rows.map((r) => `| ${r.map(cellText).join(' | ')} |`),
      ].join('\n');
    case 'list':
      return b.items.map((i) => `- ${b.checklist ? '[ ] ' : ''}${cells(i)}`).join('\n');
    case 'notes':
      return b.items
        .map((n) => `> **${n.severity === 'warning' ? 'Warning' : 'Note'}:** ${esc(n.text)}`)
        .join('\n>\n');
  }
}

export function renderGuideMarkdown(guide: Guide): string {
  const doc = buildGuideDocument(guide);
  const parts = [`# ${esc(doc.title)}`, `_${esc(doc.subtitle)}_`, ...doc.blocks.map(block), '## Sources'];
  parts.push(doc.sources.map((s) => `${s.n}. ${esc(s.text)}${s.url ? ` <${s.url}>` : ''}`).join('\n'));
  return parts.join('\n\n') + '\n';
}
