/**
 * The skeleton every CSV reader in this folder shares: decode the bytes, find the header row after any banner,
 * map the wanted columns, read each data row, collect problems, and build the release. A reader states only what
 * is particular to its dataset (a `TableSpec`): its header and columns, how a row becomes a record, and where the
 * effective period comes from (the file name, the banner above the header, or the records themselves).
 *
 * Problems come out in the order the readers have always produced them: decoding, the period read from the
 * name, CSV syntax, the period read from the banner, the header, the rows, then "no records" (or the period
 * read from the records).
 */
import type { Problem } from '../../core/problem.ts';
import type { DatasetKind } from '../../core/reference/model.ts';
import { baseName, decodeText, problem, ProblemSink, type TextEncoding } from './common.ts';
import { findColumns, findHeaderRow, isBlankRow, parseCsv, type CsvRow } from './csv.ts';
import type { DatasetRecords, InputFile, ParsedDataset, ReleaseInfo } from './types.ts';

/** The release fields a reader decides; dataset, file name and hash are filled in by `readTable`. */
export type ReleasePeriod = Omit<ReleaseInfo, 'dataset' | 'fileName' | 'sha256'>;

/** Position of a data row, for its problems. */
export interface RowAt {
  file: string;
  line: number;
}

/** One read in progress: what the hooks of a `TableSpec` are given. */
export interface TableRead {
  /** The file name as given (what messages name). */
  file: string;
  sink: ProblemSink;
  /** The release being built; a reader may still fill in its period. */
  release: ReleaseInfo;
}

/**
 * Reads the period from the banner rows above the header (their fields joined by spaces, rows by line breaks)
 * and sets it on `read.release`, or adds why it cannot.
 */
export type BannerPeriod = (banner: string, read: TableRead) => void;

/** What a reader knows once the header is mapped: passed to `startRows`. */
export interface Table<K extends string> extends TableRead {
  header: CsvRow;
  /** Index of each wanted column in the header. */
  columns: Record<K, number>;
}

/** Finds the header among the first `scan` records (default 30); `notFound` is the message when none matches. */
export interface HeaderSearch {
  isHeader: (row: CsvRow) => boolean;
  scan?: number;
  notFound: string;
}

export interface TableSpec<D extends DatasetKind, K extends string> {
  dataset: D;
  encoding: TextEncoding;
  /** Keep only the first N fields of each record (see CsvOptions). */
  maxFields?: number;
  /**
   * The release before the file is read, from its name: may add a `cms.release.unknown-period` problem
   * (recorded after the decoding problems, before the CSV ones).
   */
  release(fileName: string, sink: ProblemSink): ReleasePeriod;
  /** Where the header is: `'first-record'` (a file without it yields nothing), or a search past banner rows. */
  header: 'first-record' | HeaderSearch;
  /** The period from the banner: called before the header is checked, with '' when there is no header. */
  periodFromBanner?: BannerPeriod;
  /** Header-cell tests of the wanted columns (on normalised cells, see `findColumns`). */
  columns: Record<K, (normalisedCell: string) => boolean>;
  /** The columns a data row must reach to be read (default: all of them). */
  requiredColumns?: readonly K[];
  /** The message for a row too short to reach the required columns. */
  shortRowMessage?(row: CsvRow, header: CsvRow, lastNeeded: number): string;
  /**
   * Called once per read after the header is mapped (per-read state such as a duplicate set lives in its
   * closure); returns the row reader: a record, or undefined when the row is skipped (having added why).
   */
  startRows(table: Table<K>): (row: CsvRow, at: RowAt) => DatasetRecords[D] | undefined;
  /** "no <rowsName> rows were found" when the file has none. */
  rowsName: string;
  /** Called when there is at least one record, after all rows (to date a release by its records). */
  finish?(records: readonly DatasetRecords[D][], read: TableRead): void;
}

const defaultShortRowMessage = (row: CsvRow, header: CsvRow): string =>
  `the row has ${row.fieldCount} fields, the header ${header.fieldCount}`;

/** Reads one CSV file as `spec` describes. Never throws on bad input: problems are values. */
export function readTable<D extends DatasetKind, K extends string>(
  spec: TableSpec<D, K>,
  file: InputFile,
  sha256: string,
): ParsedDataset {
  const fileName = file.name;
  const sink = new ProblemSink();
  const decoded = decodeText(file, spec.encoding);
  sink.addAll(decoded.problems);
  const records: DatasetRecords[D][] = [];
  const release: ReleaseInfo = {
    dataset: spec.dataset,
    fileName: baseName(fileName),
    sha256,
    ...spec.release(fileName, sink),
  };
  const context: TableRead = { file: fileName, sink, release };
  // `records` holds DatasetRecords[D] for the `dataset` D, which is what ParsedDataset pairs; TypeScript cannot
  // narrow that union through the generic D.
  const done = (): ParsedDataset =>
    ({ dataset: spec.dataset, release, records, problems: sink.finish(fileName) }) as ParsedDataset;
  if (decoded.text === undefined) return done();

  const csv =
    spec.maxFields === undefined
      ? parseCsv(decoded.text, fileName)
      : parseCsv(decoded.text, fileName, { maxFields: spec.maxFields });
  sink.addAll(csv.problems);
  const { rows } = csv;

  let headerIdx = 0;
  if (spec.header !== 'first-record') {
    headerIdx = findHeaderRow(rows, spec.header.isHeader, spec.header.scan);
    if (spec.periodFromBanner) {
      const banner = rows
        .slice(0, Math.max(headerIdx, 0))
        .map((r) => r.fields.join(' '))
        .join('\n');
      spec.periodFromBanner(banner, context);
    }
  }
  const header = rows[headerIdx];
  if (headerIdx === -1 || header === undefined) {
    if (spec.header !== 'first-record') {
      sink.add(problem('error', 'cms.csv.no-header', spec.header.notFound, { file: fileName }));
    }
    return done();
  }

  const { columns, missing } = findColumns(header.fields, spec.columns);
  if (missing.length > 0) {
    sink.add(
      problem(
        'error',
        'cms.csv.missing-column',
        `the header lacks column(s): ${missing.join(', ')}`,
        { file: fileName, line: header.line },
        { missing },
      ),
    );
    return done();
  }

  const required = spec.requiredColumns ?? (Object.keys(columns) as K[]);
  let lastNeeded = -1;
  for (const key of required) lastNeeded = Math.max(lastNeeded, columns[key]);
  const shortRowMessage = spec.shortRowMessage ?? defaultShortRowMessage;
  const readRow = spec.startRows({ ...context, header, columns });

  for (let i = headerIdx + 1; i < rows.length; i++) {
    const row = rows[i];
    if (row === undefined || isBlankRow(row)) continue;
    const at: RowAt = { file: fileName, line: row.line };
    if (row.fieldCount <= lastNeeded) {
      sink.add(problem('error', 'cms.csv.missing-fields', shortRowMessage(row, header, lastNeeded), at));
      continue;
    }
    const record = readRow(row, at);
    if (record !== undefined) records.push(record);
  }

  if (records.length === 0) {
    sink.add(
      problem('error', 'cms.file.no-records', `no ${spec.rowsName} rows were found`, { file: fileName }),
    );
  } else {
    spec.finish?.(records, context);
  }
  return done();
}

/** The trimmed header cell of column `index`, or `fallback` (for a problem's `field`). */
export const headerName = (header: CsvRow, index: number, fallback: string): string =>
  header.fields[index]?.trim() ?? fallback;

/** A `cms.release.unknown-period` error for the whole file. */
export const unknownPeriod = (fileName: string, why: string): Problem =>
  problem('error', 'cms.release.unknown-period', why, { file: fileName });
