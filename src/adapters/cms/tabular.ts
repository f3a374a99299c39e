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
import { cell, findColumns, findHeaderRow, isBlankRow, parseCsv, type CsvRow } from './csv.ts';
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
  /** How each wanted column is named in the CMS file, for messages ("Payment Limit"). */
  columnNames: Record<K, string>;
  /**
   * The column a shifted row would harm most (the price, the unit count): a row whose field count differs from
   * the header's is reported with the value this column would have read. Default: the last wanted column.
   */
  shiftShows?: K;
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
      // Without a header the banner is still among the first rows: read it there rather than report it missing.
      const bannerEnd = headerIdx === -1 ? (spec.header.scan ?? 30) : headerIdx;
      const banner = rows
        .slice(0, bannerEnd)
        .map((r) => r.fields.join(' '))
        .join('\n');
      spec.periodFromBanner(banner, context);
    }
  }
  const header = headerIdx === -1 ? undefined : rows[headerIdx];
  if (header === undefined) {
    if (spec.header !== 'first-record') sink.add(noHeaderProblem(spec, spec.header, rows, fileName));
    return done();
  }

  const { columns, missing } = findColumns(header.fields, spec.columns);
  if (missing.length > 0) {
    sink.add(missingColumnsProblem(spec, header, missing, fileName));
    return done();
  }

  const keys = Object.keys(columns) as K[];
  const witness = spec.shiftShows ?? (keys[keys.length - 1] as K);
  const witnessName = headerName(header, columns[witness], spec.columnNames[witness]);
  const readRow = spec.startRows({ ...context, header, columns });

  for (let i = headerIdx + 1; i < rows.length; i++) {
    const row = rows[i];
    if (row === undefined || isBlankRow(row)) continue;
    const at: RowAt = { file: fileName, line: row.line };
    // CMS rows always have the header's field count (trailing empty columns included). A dropped or extra comma
    // moves every later value into the next column, where it may still look valid (QA: J9173's limit read as
    // $20.000, its co-insurance), so any other count is refused rather than read.
    if (row.fieldCount !== header.fieldCount) {
      sink.add(fieldCountProblem(row, header.fieldCount, witnessName, cell(row, columns[witness]), at));
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

/** A row with another field count than the header: a comma missing/extra, or a row cut short. */
function fieldCountProblem(
  row: CsvRow,
  expected: number,
  shows: string,
  wouldRead: string,
  at: RowAt,
): Problem {
  const diff = row.fieldCount - expected;
  const n = Math.abs(diff);
  const plural = n === 1 ? '' : 's';
  const what =
    diff < 0
      ? `${n} too few: the row is cut short, or a comma is missing`
      : `${n} too many: a comma is extra, or a value with a comma lost its quotes`;
  return problem(
    'error',
    diff < 0 ? 'cms.csv.missing-fields' : 'cms.csv.extra-fields',
    `the row has ${row.fieldCount} fields, the header ${expected} (${what}); the values after that point would be read ${n} column${plural} to the ${diff < 0 ? 'left' : 'right'} — "${shows}" would read "${wouldRead}"`,
    { ...at, field: shows },
    { expected, actual: row.fieldCount, wouldRead },
  );
}

/** Names of a header's non-empty cells, for messages (at most `max`). */
function headerCells(row: CsvRow, max = 16): string[] {
  const cells = row.fields.map((f) => f.replace(/\s+/g, ' ').trim()).filter((f) => f !== '');
  return cells.length > max ? [...cells.slice(0, max), '…'] : cells;
}

const quoteList = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(', ');

function missingColumnsProblem<D extends DatasetKind, K extends string>(
  spec: TableSpec<D, K>,
  header: CsvRow,
  missing: readonly K[],
  fileName: string,
): Problem {
  const names = missing.map((k) => spec.columnNames[k]);
  const found = headerCells(header);
  return problem(
    'error',
    'cms.csv.missing-column',
    `the header lacks column(s) ${quoteList(names)}; it has ${quoteList(found)}`,
    { file: fileName, line: header.line },
    { missing: names, found },
  );
}

/**
 * No row passed `isHeader`. When one of the first rows still has most of the wanted columns, it is the header
 * with a renamed column: say which columns are missing there. Otherwise say what line 1 holds.
 */
function noHeaderProblem<D extends DatasetKind, K extends string>(
  spec: TableSpec<D, K>,
  search: HeaderSearch,
  rows: readonly CsvRow[],
  fileName: string,
): Problem {
  const wanted = Object.keys(spec.columns).length;
  let best: { row: CsvRow; missing: K[] } | undefined;
  for (const row of rows.slice(0, search.scan ?? 30)) {
    const { missing } = findColumns(row.fields, spec.columns);
    if (best === undefined || missing.length < best.missing.length) best = { row, missing };
  }
  if (best !== undefined && best.missing.length * 2 < wanted)
    return missingColumnsProblem(spec, best.row, best.missing, fileName);
  const first = rows.find((r) => !isBlankRow(r));
  const shown = first === undefined ? '' : first.fields.join(',').replace(/\s+/g, ' ').trim();
  const firstText =
    first === undefined
      ? 'the file has no non-empty row'
      : `line ${first.line} reads "${shown.length > 80 ? `${shown.slice(0, 80)}…` : shown}"`;
  return problem(
    'error',
    'cms.csv.no-header',
    `${search.notFound}; ${firstText}`,
    { file: fileName },
    first === undefined ? undefined : { firstLine: first.line },
  );
}

/** The trimmed header cell of column `index`, or `fallback` (for a problem's `field`). */
export const headerName = (header: CsvRow, index: number, fallback: string): string =>
  header.fields[index]?.trim() ?? fallback;

/** A `cms.release.unknown-period` error for the whole file. */
export const unknownPeriod = (fileName: string, why: string): Problem =>
  problem('error', 'cms.release.unknown-period', why, { file: fileName });
