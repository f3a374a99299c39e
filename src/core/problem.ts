/**
 * Errors and warnings are values (never thrown across a boundary): a stable code, a position in the source,
 * and a plain-words message. Readers and edits collect them and go on; the caller decides what is fatal.
 */
export type Severity = 'error' | 'warning' | 'info';

/** Where in an input something was found. Every field is optional: each reader fills what it knows. */
export interface SourcePosition {
  file?: string;
  /** 1-based line in a text file (CSV, fixed width, X12 with line breaks). */
  line?: number;
  /** 0-based index of the X12 segment in the file. */
  segmentIndex?: number;
  segmentId?: string;
  /** 1-based element position inside a segment (X12) or column (CSV/fixed width). */
  element?: number;
  /** Field name, CSV header or fixed-width field name. */
  field?: string;
  /** X12 loop id (e.g. "2400") or a FHIR/JSON path. */
  loop?: string;
  path?: string;
}

export interface Problem {
  code: string;
  severity: Severity;
  message: string;
  at?: SourcePosition;
  data?: Record<string, unknown>;
}

/** A result that either carries a value or the problems that kept it from being produced. */
export type Result<T> = { ok: true; value: T; problems: Problem[] } | { ok: false; problems: Problem[] };

export function formatPosition(at: SourcePosition | undefined): string {
  if (!at) return '';
  const parts: string[] = [];
  if (at.file !== undefined) parts.push(at.file);
  if (at.line !== undefined) parts.push(`line ${at.line}`);
  if (at.segmentIndex !== undefined)
    parts.push(`segment ${at.segmentIndex}${at.segmentId ? ` (${at.segmentId})` : ''}`);
  if (at.loop !== undefined) parts.push(`loop ${at.loop}`);
  if (at.element !== undefined) parts.push(`element ${at.element}`);
  if (at.field !== undefined) parts.push(`field ${at.field}`);
  if (at.path !== undefined) parts.push(at.path);
  return parts.join(', ');
}
