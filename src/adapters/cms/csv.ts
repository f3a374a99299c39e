/**
 * A small RFC 4180 CSV tokenizer that keeps the 1-based line on which each record starts.
 *
 * Why not csv-parse here: measured on the shared CMS files, csv-parse/sync took about 2.5 s for the CSVs alone
 * (three MUE files ≈ 1.3 s, OPPS ≈ 0.6 s, the 252-column crosswalk ≈ 0.3 s), which breaks the 5 s budget for a
 * whole import. This loop does the same work in tens of milliseconds. csv-parse stays the oracle: csv.test.ts
 * checks that both produce the same records for every shared CSV.
 *
 * Grammar: fields separated by ",", records by CRLF, LF or CR; a field that starts with `"` runs to the next
 * unpaired `"` and may hold commas, line breaks and `""`. Malformed input becomes problems, never an exception.
 */
import type { Problem } from '../../core/problem.ts';
import { problem } from './common.ts';

export interface CsvRow {
  /** 1-based line on which the record starts. */
  line: number;
  /** The fields, at most `maxFields` of them. */
  fields: string[];
  /** How many fields the record really had (may exceed fields.length when maxFields cut it). */
  fieldCount: number;
}

export interface CsvOptions {
  /** Keep only the first N fields of each record (the crosswalk has 252 columns, 10 used). */
  maxFields?: number;
}

export interface CsvResult {
  rows: CsvRow[];
  problems: Problem[];
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

export function parseCsv(text: string, fileName: string, options: CsvOptions = {}): CsvResult {
  const max = options.maxFields ?? Number.POSITIVE_INFINITY;
  const rows: CsvRow[] = [];
  const problems: Problem[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;

  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let count = 0;
    let recordDone = false;
    while (!recordDone) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        const fieldLine = line;
        let j = i + 1;
        let buf = '';
        let closed = false;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q === -1) {
            buf += text.slice(j);
            line += countBreaks(text, j, n);
            i = n;
            break;
          }
          line += countBreaks(text, j, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            buf += text.slice(j, q + 1);
            j = q + 2;
            continue;
          }
          buf += text.slice(j, q);
          i = q + 1;
          closed = true;
          break;
        }
        value = buf;
        if (!closed) {
          problems.push(
            problem(
              'error',
              'cms.csv.unterminated-quote',
              `a quoted field opened on line ${fieldLine} is never closed (truncated or damaged file)`,
              { file: fileName, line: fieldLine, element: count + 1 },
            ),
          );
        } else if (i < n) {
          const c = text.charCodeAt(i);
          if (c !== COMMA && c !== LF && c !== CR) {
            // `"abc"def`: keep the stray text, say so. RFC 4180 does not allow it, but the value is still readable.
            let k = i;
            while (k < n) {
              const d = text.charCodeAt(k);
              if (d === COMMA || d === LF || d === CR) break;
              k++;
            }
            problems.push(
              problem('warning', 'cms.csv.text-after-quote', 'text follows the closing quote of a field', {
                file: fileName,
                line,
                element: count + 1,
              }),
            );
            value += text.slice(i, k);
            i = k;
          }
        }
      } else {
        let k = i;
        while (k < n) {
          const c = text.charCodeAt(k);
          if (c === COMMA || c === LF || c === CR) break;
          k++;
        }
        value = text.slice(i, k);
        i = k;
      }
      if (count < max) fields.push(value);
      count++;
      if (i >= n) {
        recordDone = true;
      } else {
        const c = text.charCodeAt(i);
        if (c === COMMA) {
          i++;
          if (i >= n) {
            // A trailing comma at end of file: one more empty field.
            if (count < max) fields.push('');
            count++;
            recordDone = true;
          }
        } else {
          // CR, LF or CRLF ends the record.
          i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
          line++;
          recordDone = true;
        }
      }
    }
    rows.push({ line: startLine, fields, fieldCount: count });
  }
  return { rows, problems };
}

/** Line breaks in text[from, to): CRLF counts once, a lone CR or LF once. */
function countBreaks(text: string, from: number, to: number): number {
  let breaks = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === LF) breaks++;
    else if (c === CR && text.charCodeAt(k + 1) !== LF) breaks++;
  }
  return breaks;
}

/** True when every field is empty or blank (CMS spacer rows like ",,,,,,"). */
export function isBlankRow(row: CsvRow): boolean {
  for (const f of row.fields) if (f.trim() !== '') return false;
  return true;
}

/**
 * Maps required header names to column indexes. Header cells are compared trimmed, case-insensitive and with
 * inner whitespace collapsed (the MUE header "HCPCS/\nCPT Code" matches "HCPCS/ CPT Code").
 */
export function normaliseHeader(cell: string): string {
  return cell.replace(/\s+/g, ' ').trim().toLowerCase();
}

export function findColumns<K extends string>(
  header: readonly string[],
  wanted: Record<K, (normalisedCell: string) => boolean>,
): { columns: Record<K, number>; missing: K[] } {
  const normalised = header.map(normaliseHeader);
  const columns = {} as Record<K, number>;
  const missing: K[] = [];
  for (const key of Object.keys(wanted) as K[]) {
    const idx = normalised.findIndex((cell) => wanted[key](cell));
    if (idx === -1) missing.push(key);
    columns[key] = idx;
  }
  return { columns, missing };
}

/** The header row of a table that follows banner rows: the first row (among the first `scan`) that `isHeader` accepts. */
export function findHeaderRow(
  rows: readonly CsvRow[],
  isHeader: (row: CsvRow) => boolean,
  scan = 30,
): number {
  const limit = Math.min(rows.length, scan);
  for (let i = 0; i < limit; i++) {
    const row = rows[i];
    if (row !== undefined && isHeader(row)) return i;
  }
  return -1;
}

/** Field `index` of a row, trimmed; '' when the row is shorter. */
export const cell = (row: CsvRow, index: number): string =>
  index < 0 ? '' : (row.fields[index] ?? '').trim();
