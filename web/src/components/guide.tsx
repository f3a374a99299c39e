/**
 * The billing guide of a code, as the server lays it out (`format=document`: headings, key/value tables, tables,
 * lists, each cell with numbered sources) — the same layout as the Markdown and HTML downloads.
 */
import { Fragment, useEffect, useState, type ReactNode } from 'react';
import type { Block, Cell, GuideDocument } from '../../../src/adapters/render/guide-document.ts';
import { getJson } from '../api.ts';
import { useSession } from '../session.tsx';
import { DataTable, ErrorNote, Spinner } from './ui.tsx';

function Refs({ refs }: { refs: number[] }) {
  if (refs.length === 0) return null;
  return (
    <sup className="cite">
      {refs.map((n, i) => (
        <Fragment key={n}>
          {i > 0 && ','}
          <a href={`#src-${n}`} aria-label={`source ${n}`}>
            {n}
          </a>
        </Fragment>
      ))}
    </sup>
  );
}

function CellView({ cell }: { cell: Cell }) {
  let text: ReactNode = cell.text;
  if (cell.style === 'code') text = <code>{cell.text}</code>;
  else if (cell.style === 'strong') text = <strong>{cell.text}</strong>;
  else if (cell.style === 'unknown') text = <em className="muted">Not in the data: {cell.text}</em>;
  return (
    <>
      {text}
      <Refs refs={cell.refs} />
      {cell.note && <div className="muted small">{cell.note}</div>}
    </>
  );
}

function Cells({ cells }: { cells: Cell[] }) {
  return (
    <>
      {cells.map((c, i) => (
        <Fragment key={i}>
          {i > 0 && ' '}
          <CellView cell={c} />
        </Fragment>
      ))}
    </>
  );
}

function BlockView({ block }: { block: Block }) {
  switch (block.kind) {
    case 'heading': {
      const H = block.level === 1 ? 'h2' : block.level === 2 ? 'h3' : 'h4';
      return <H id={block.id}>{block.text}</H>;
    }
    case 'para':
      return (
        <p>
          <Cells cells={block.cells} />
        </p>
      );
    case 'kv':
      return (
        <dl className="dl">
          {block.rows.map(([k, v], i) => (
            <Fragment key={i}>
              <dt>{k}</dt>
              <dd>
                <CellView cell={v} />
              </dd>
            </Fragment>
          ))}
        </dl>
      );
    case 'table':
      return (
        <DataTable columns={block.head}>
          {block.rows.map((row, i) => (
            <tr key={i}>
              {row.map((c, j) => (
                <td key={j}>
                  <CellView cell={c} />
                </td>
              ))}
            </tr>
          ))}
        </DataTable>
      );
    case 'list':
      return (
        <ul className={block.checklist ? 'checklist' : undefined}>
          {block.items.map((cells, i) => (
            <li key={i}>
              <Cells cells={cells} />
            </li>
          ))}
        </ul>
      );
    case 'notes':
      return (
        <ul className="note note-warn">
          {block.items.map((n, i) => (
            <li key={i}>{n.text}</li>
          ))}
        </ul>
      );
  }
}

export function GuideView({ code, date }: { code: string; date: string }) {
  const { epoch } = useSession();
  const [doc, setDoc] = useState<GuideDocument | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const ctrl = new AbortController();
    setDoc(null);
    setError(null);
    getJson<GuideDocument>(
      `/api/guides/${encodeURIComponent(code)}?date=${date}&format=document`,
      ctrl.signal,
    )
      .then(setDoc)
      .catch((err: unknown) => {
        if (!(err instanceof DOMException && err.name === 'AbortError')) setError(err);
      });
    return () => ctrl.abort();
  }, [code, date, epoch]);

  if (error) return <ErrorNote error={error} />;
  if (!doc) return <Spinner label="Writing the guide…" />;
  const base = `/api/guides/${encodeURIComponent(code)}?date=${date}&download=true`;
  return (
    <article className="guide" aria-label={doc.title}>
      <div className="guide-actions">
        <a className="btn btn-quiet" href={`${base}&format=md`}>
          Download Markdown
        </a>
        <a className="btn btn-quiet" href={`${base}&format=html`}>
          Download HTML page
        </a>
      </div>
      <p className="muted">{doc.subtitle}</p>
      {doc.blocks.map((b, i) => (
        <BlockView key={i} block={b} />
      ))}
      <h3>Sources</h3>
      <ol className="sources small">
        {doc.sources.map((s) => (
          <li key={s.n} id={`src-${s.n}`} value={s.n}>
            {s.url ? (
              <a href={s.url} rel="noreferrer noopener" target="_blank">
                {s.text}
              </a>
            ) : (
              s.text
            )}
          </li>
        ))}
      </ol>
    </article>
  );
}
