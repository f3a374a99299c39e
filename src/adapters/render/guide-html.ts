/**
 * A Guide as one self-contained HTML page: inline CSS, no scripts, no external resources (it opens from a file
 * or an e-mail attachment). Source references are footnote links to the source list at the end.
 */
import type { Guide } from '../../core/guides/model.ts';
import { buildGuideDocument, type Block, type Cell } from './guide-document.ts';

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const CSS = `
:root{--fg:#1d2329;--muted:#5b6670;--line:#d9dee3;--bg:#fff;--accent:#0b5cad;--warn:#8a5300;--warnbg:#fff6e5;--unk:#6b4fa0}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);margin:0}
main{max-width:1100px;margin:0 auto;padding:24px 20px 48px}
h1{font-size:1.6em;margin:0 0 4px}
h2{font-size:1.25em;margin:32px 0 8px;padding-bottom:4px;border-bottom:2px solid var(--line)}
h3{font-size:1.05em;margin:20px 0 6px}
.subtitle{color:var(--muted);margin:0 0 16px}
table{border-collapse:collapse;width:100%;margin:8px 0;font-size:.94em}
th,td{border:1px solid var(--line);padding:6px 8px;vertical-align:top;text-align:left}
th{background:#f3f5f7}
table.kv th{width:220px}
code{font:0.95em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f3f5f7;padding:1px 4px;border-radius:3px}
sup a{color:var(--accent);text-decoration:none;font-size:.8em}
.basis{color:var(--muted);font-size:.88em}
.unknown{color:var(--unk);font-style:italic}
.unknown::before{content:"Not in the data: ";font-weight:600;font-style:normal}
.notes{background:var(--warnbg);border-left:4px solid var(--warn);padding:8px 12px;margin:12px 0}
.notes p{margin:4px 0}
ul.check{list-style:none;padding-left:4px}
ul.check li::before{content:"\\2610  ";color:var(--muted)}
ol.sources{font-size:.9em;color:var(--muted)}
ol.sources li:target{background:#fff9d6}
@media print{sup a{color:inherit}main{max-width:none}}
`;

function refs(c: Cell): string {
  if (c.refs.length === 0) return '';
  return `<sup>${c.refs.map((n) => `<a href="#src-${n}">[${n}]</a>`).join('')}</sup>`;
}

function cell(c: Cell): string {
  const text = escapeHtml(c.text);
  const body =
    c.style === 'unknown'
      ? `<span class="unknown">${text}</span>`
      : c.style === 'code'
        ? `<code>${text}</code>`
        : c.style === 'strong'
          ? `<strong>${text}</strong>`
          : text;
  const note = c.note ? ` <span class="basis">(${escapeHtml(c.note)})</span>` : '';
  return `${body}${note}${refs(c)}`;
}

const cells = (list: readonly Cell[]): string => list.map(cell).join('');

function block(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `<h${b.level}${b.id ? ` id="${escapeHtml(b.id)}"` : ''}>${escapeHtml(b.text)}</h${b.level}>`;
    case 'para':
      return `<p>${cells(b.cells)}</p>`;
    case 'kv':
      return `<table class="kv"><tbody>${b.rows.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${cell(v)}</td></tr>`).join('')}</tbody></table>`;
    case 'table':
      return `<table><thead><tr>${b.head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${b.rows
        .map((r) => `<tr>${r.map((c) => `<td>${cell(c)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;
    case 'list':
      return `<ul${b.checklist ? ' class="check"' : ''}>${b.items.map((i) => `<li>${cells(i)}</li>`).join('')}</ul>`;
    case 'notes':
      return `<div class="notes" role="note">${b.items.map((n) => `<p><strong>${n.severity === 'warning' ? 'Warning' : 'Note'}:</strong> ${escapeHtml(n.text)}</p>`).join('')}</div>`;
  }
}

export function renderGuideHtml(guide: Guide): string {
  const doc = buildGuideDocument(guide);
  const sources = doc.sources
    .map(
      (s) =>
        `<li id="src-${s.n}">${escapeHtml(s.text)}${s.url ? ` — <a href="${escapeHtml(s.url)}" rel="noopener noreferrer">${escapeHtml(s.url)}</a>` : ''}</li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="drugclaim">
<title>${escapeHtml(doc.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>${escapeHtml(doc.title)}</h1>
<p class="subtitle">${escapeHtml(doc.subtitle)}</p>
${doc.blocks.map(block).join('\n')}
<h2 id="sources">Sources</h2>
<ol class="sources">${sources}</ol>
</main>
</body>
</html>
`;
}
