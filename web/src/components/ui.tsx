/** Small building blocks shared by the pages. */
import { useId, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { ApiError } from '../api.ts';

export function Card({
  title,
  actions,
  children,
  className,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  const titleId = useId();
  return (
    <section className={`card ${className ?? ''}`} aria-labelledby={title ? titleId : undefined}>
      {(title || actions) && (
        <header className="card-head">
          {title && <h2 id={titleId}>{title}</h2>}
          {actions && <div className="card-actions">{actions}</div>}
        </header>
      )}
      {children}
    </section>
  );
}

export type Tone = 'neutral' | 'good' | 'warn' | 'bad' | 'info';

export function Badge({
  tone = 'neutral',
  children,
  title,
}: {
  tone?: Tone;
  children: ReactNode;
  title?: string | undefined;
}) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  const message =
    error instanceof ApiError && error.sessionExpired
      ? 'Your session expired, so this was not done. Sign in again (nothing you typed is lost), then retry.'
      : error instanceof ApiError || error instanceof Error
        ? error.message
        : String(error);
  return (
    <div className="note note-bad" role="alert">
      {message}
    </div>
  );
}

/**
 * A column heading: its text, or `num(text)` for a right-aligned numeric column; `sortKey` makes the heading a
 * button that sorts by that key (see DataTable's `sort`).
 */
export type Column = string | { label: string; num?: boolean; sortKey?: string };

export const num = (label: string, sortKey?: string): Column =>
  sortKey === undefined ? { label, num: true } : { label, num: true, sortKey };

export interface SortState {
  key: string;
  dir: 'asc' | 'desc';
  onSort: (key: string) => void;
}

function HeadCell({ column, sort }: { column: Column; sort: SortState | undefined }) {
  const c = typeof column === 'string' ? { label: column } : column;
  const numeric = 'num' in c && c.num === true;
  const key = 'sortKey' in c ? c.sortKey : undefined;
  if (!sort || key === undefined) {
    return (
      <th scope="col" className={numeric ? 'num' : undefined}>
        {c.label}
      </th>
    );
  }
  const active = sort.key === key;
  return (
    <th
      scope="col"
      className={numeric ? 'num sortable' : 'sortable'}
      aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
    >
      <button type="button" className="sort" onClick={() => sort.onSort(key)}>
        {c.label}
        <span aria-hidden="true" className="sort-mark">
          {active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

/**
 * A data table: one header row of column headings, then the rows given as children. The table scrolls sideways
 * inside its own box when it is wider than the screen (the page itself never does).
 */
export function DataTable({
  columns,
  className,
  sort,
  caption,
  children,
}: {
  columns: readonly Column[];
  className?: string;
  sort?: SortState;
  caption?: string;
  children: ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table className={className ? `table ${className}` : 'table'}>
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c) => (
              <HeadCell key={typeof c === 'string' ? c : c.label} column={c} sort={sort} />
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** "Showing 51–100 of 240" with previous/next and a page-size choice. `page` counts from 0. */
export function Pager({
  page,
  pageSize,
  total,
  onPage,
  onPageSize,
  label,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  onPageSize?: (size: number) => void;
  label: string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : page * pageSize + 1;
  const last = Math.min(total, (page + 1) * pageSize);
  const id = useId();
  return (
    <nav className="pager" aria-label={label}>
      <span className="muted small" aria-live="polite">
        Showing {first.toLocaleString('en-US')}–{last.toLocaleString('en-US')} of{' '}
        {total.toLocaleString('en-US')}
      </span>
      <span className="pager-buttons">
        <button type="button" className="btn btn-small" onClick={() => onPage(page - 1)} disabled={page <= 0}>
          ← Previous
        </button>
        <span className="small">
          Page {page + 1} of {pages}
        </span>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => onPage(page + 1)}
          disabled={page >= pages - 1}
        >
          Next →
        </button>
      </span>
      {onPageSize && (
        <span className="pager-size small">
          <label htmlFor={id}>Rows per page</label>{' '}
          <select id={id} value={pageSize} onChange={(e) => onPageSize(Number(e.target.value))}>
            {[25, 50, 100, 250].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </span>
      )}
    </nav>
  );
}

/** The drugclaim mark; decorative (the product name stands beside it). */
export function Logo({ size }: { size: number }) {
  return (
    <svg viewBox="0 0 32 32" width={size} height={size} aria-hidden="true">
      <rect width="32" height="32" rx="7" fill="currentColor" />
      <path
        d="M9 22l14-12M11 10h4v4M17 18h4v4"
        stroke="#fff"
        strokeWidth="3"
        strokeLinecap="round"
        fill="none"
      />
    </svg>
  );
}

export function Spinner({ label = 'Loading…' }: { label?: string }) {
  return (
    <span className="spinner" role="status">
      <span className="spinner-dot" aria-hidden="true" />
      {label}
    </span>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** A labelled form control: the label is tied to the input by id (screen readers, click-to-focus). */
export function Field({
  label,
  hint,
  children,
}: {
  label: string;
  hint?: string | undefined;
  children: (id: string) => ReactNode;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {hint && <small className="hint">{hint}</small>}
    </div>
  );
}

export function Stat({ label, value, tone }: { label: string; value: ReactNode; tone?: Tone | undefined }) {
  return (
    <div className={`stat ${tone ? `stat-${tone}` : ''}`}>
      {/* Counts with thousands separators ("41,944 claims"), as every other number on the pages. */}
      <div className="stat-value">{typeof value === 'number' ? value.toLocaleString('en-US') : value}</div>
      <div className="stat-label">{label}</div>
    </div>
  );
}

export function SourceNote({
  source,
  inForce,
  note,
}: {
  source: { label: string; fileName: string };
  inForce: boolean;
  note?: string | undefined;
}) {
  return (
    <span className="source" title={source.fileName}>
      {source.label}
      {!inForce && (
        <Badge tone="warn" title={note}>
          not in force on this date
        </Badge>
      )}
    </span>
  );
}

/**
 * A drop zone that is also a button (click, Enter or Space opens the file chooser): the claim check and import
 * pages. `onFiles` gets the dropped or chosen files (one unless `multiple`).
 */
export function FileDrop({
  label,
  accept,
  multiple = false,
  testId,
  onFiles,
  children,
}: {
  label: string;
  accept: string;
  multiple?: boolean;
  testId: string;
  onFiles: (files: File[]) => void;
  children: ReactNode;
}) {
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const take = (list: FileList | null | undefined) => {
    const files = [...(list ?? [])].slice(0, multiple ? undefined : 1);
    if (files.length > 0) onFiles(files);
  };
  return (
    <div
      className={`drop ${over ? 'over' : ''}`}
      role="button"
      tabIndex={0}
      aria-label={label}
      onClick={() => input.current?.click()}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          input.current?.click();
        }
      }}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e: DragEvent) => {
        e.preventDefault();
        setOver(false);
        take(e.dataTransfer.files);
      }}
    >
      {children}
      <input
        ref={input}
        type="file"
        hidden
        multiple={multiple}
        accept={accept}
        data-testid={testId}
        onChange={(e) => {
          take(e.target.files);
          e.target.value = '';
        }}
      />
    </div>
  );
}
