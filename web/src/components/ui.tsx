/** Small building blocks shared by the pages. */
import { useId, type ReactNode } from 'react';
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
  return (
    <section className={`card ${className ?? ''}`}>
      {(title || actions) && (
        <header className="card-head">
          {title && <h2>{title}</h2>}
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
  const message = error instanceof ApiError || error instanceof Error ? error.message : String(error);
  return (
    <div className="note note-bad" role="alert">
      {message}
    </div>
  );
}

/** A column heading: its text, or `num(text)` for a right-aligned numeric column. */
export type Column = string | { label: string; num: true };

export const num = (label: string): Column => ({ label, num: true });

/**
 * A data table: one header row of column headings, then the rows given as children. `wrap` lets a wide table
 * scroll sideways on a narrow screen.
 */
export function DataTable({
  columns,
  className,
  wrap,
  children,
}: {
  columns: readonly Column[];
  className?: string;
  wrap?: boolean;
  children: ReactNode;
}) {
  const table = (
    <table className={className ? `table ${className}` : 'table'}>
      <thead>
        <tr>
          {columns.map((c) =>
            typeof c === 'string' ? (
              <th key={c} scope="col">
                {c}
              </th>
            ) : (
              <th key={c.label} scope="col" className="num">
                {c.label}
              </th>
            ),
          )}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
  return wrap ? <div className="table-wrap">{table}</div> : table;
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
  hint?: string;
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
      <div className="stat-value">{value}</div>
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
