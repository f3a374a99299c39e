/**
 * Shared CLI helpers: --json printing, text tables, option parsers and exit codes.
 *
 * Exit codes (every command): 0 success; 1 the answer is "no" (unknown code, rejected import, failed sync,
 * findings); 2 usage error or the command could not run (bad option, no reference data, unexpected failure).
 */
import { once } from 'node:events';
import { existsSync, writeSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { InvalidArgumentError } from 'commander';
import { isIsoDate } from '../../core/reference/as-of.ts';
import type { IsoDate, SourceRef } from '../../core/reference/model.ts';
import type { Problem } from '../../core/problem.ts';
import { showControls } from '../../core/visible-text.ts';
import { defaultDatabasePath, NoReferenceDataError, openReferenceData } from '../store/index.ts';
import { storeBusyError, type LockPatience } from '../store/database.ts';
import type { ReferenceIndex } from '../../core/reference/reference-index.ts';

export const EXIT_OK = 0;
export const EXIT_NO = 1;
export const EXIT_ERROR = 2;

/**
 * JSON text for the terminal: bidirectional and C1 controls inside strings written as \uXXXX escapes (JSON.stringify
 * already does so for C0). The same JSON value, but a terminal shows them instead of reordering the text around them.
 */
export function shownJson(json: string): string {
  return showControls(json, { lineBreaks: 'keep' });
}

/** Prints a value as JSON (2-space indent, one trailing newline; `shownJson`). */
export function printJson(value: unknown): void {
  process.stdout.write(`${shownJson(JSON.stringify(value, null, 2))}\n`);
}

/**
 * A line of text for the terminal. Claim data in it (ids, names, the values readers quote in problems) may hold
 * control characters — ESC starting a terminal escape sequence, a right-to-left override: shown as `\u202E`.
 */
export function println(line = ''): void {
  process.stdout.write(`${showControls(line, { lineBreaks: 'keep' })}\n`);
}

/**
 * Text for stdout (or another stream), gathered and written about a megabyte at a time; `flush` waits whenever the
 * stream is full, so output of any size never piles up in memory behind a slow reader. A stream that fails makes
 * `flush` reject with its error.
 */
export class OutputWriter {
  private pending: string[] = [];
  private size = 0;
  private readonly stream: Writable;

  /** The stream's error, if it failed (kept here so that a failure between two flushes is not lost). */
  private failed: Error | undefined;

  constructor(stream: Writable = process.stdout) {
    this.stream = stream;
    stream.on('error', (err: Error) => (this.failed ??= err));
  }

  write(text: string): void {
    if (text === '') return;
    this.pending.push(text);
    this.size += text.length;
  }

  /** Writes what is gathered once it reaches a megabyte (or now, with `force`). */
  async flush(force = false): Promise<void> {
    if (this.failed) throw this.failed;
    if (!force && this.size < 1 << 20) return;
    const text = this.pending.join('');
    this.pending = [];
    this.size = 0;
    if (text === '') return;
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }
}

/** Every file a command writes goes through it (see ../whole-file.ts: 0600 for PHI, no symlink followed). */
export { writeFileWhole } from '../whole-file.ts';

/**
 * Writes text handed out in pieces (a report of any size) to stdout, without holding it whole. Control characters are
 * shown (`shownJson`: lossless for JSON and SARIF; text and HTML reports show them already).
 */
export async function writeChunks(chunks: Iterable<string>): Promise<void> {
  const out = new OutputWriter();
  for (const chunk of chunks) {
    out.write(shownJson(chunk));
    await out.flush();
  }
  await out.flush(true);
}

/** As `println`, on stderr. */
export function eprintln(line: string): void {
  process.stderr.write(`${showControls(line, { lineBreaks: 'keep' })}\n`);
}

/** Today's date in the local time zone, YYYY-MM-DD (the default date of service). */
export function today(): IsoDate {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Commander argument parser for --date: a real YYYY-MM-DD date. */
export function parseDateOption(value: string): IsoDate {
  if (!isIsoDate(value)) throw new InvalidArgumentError(`expected a date as YYYY-MM-DD, got "${value}"`);
  return value;
}

/** Commander argument parser for a positive whole number. */
export function parsePositiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new InvalidArgumentError(`expected a positive whole number, got "${value}"`);
  return Number(value);
}

/** Pads cells into aligned columns; the first row is the header. Controls in a cell are shown (`println`), line breaks too. */
export function formatTable(rows: readonly (readonly string[])[]): string[] {
  const shown = rows.map((row) => row.map((cell) => showControls(cell)));
  const widths: number[] = [];
  for (const row of shown) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return shown.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/** "86.270" from 86270 mills. */
export function formatMills(mills: number): string {
  const sign = mills < 0 ? '-' : '';
  const abs = Math.abs(mills);
  return `${sign}${Math.floor(abs / 1000)}.${String(abs % 1000).padStart(3, '0')}`;
}

/** "ASP payment limits January 2026 (file.csv, in force 2026-01-01 to 2026-03-31)". */
export function describeSource(source: SourceRef): string {
  const period =
    source.effectiveTo === null
      ? `from ${source.effectiveFrom} until superseded`
      : `${source.effectiveFrom} to ${source.effectiveTo}`;
  return `${source.label} (${source.fileName}, in force ${period})`;
}

/** One problem as a line: "file, line 12, field X: message" (readers already put the position in `message`). */
export function formatProblem(p: Problem): string {
  return `${p.severity}: ${p.message}`;
}

/**
 * The reference data for a command, or undefined after printing what to do (exit code 2 set) when the store is
 * empty. Other errors propagate to main (exit 2).
 */
export async function loadReferenceForCli(): Promise<ReferenceIndex | undefined> {
  // Opening a missing path would create an empty database (and its folder) only to say it is empty.
  const path = defaultDatabasePath();
  const dataDir = process.env['DRUGCLAIM_DATA_DIR'];
  if (!existsSync(path) && (dataDir === undefined || dataDir === '')) {
    eprintln(`drugclaim: ${noStoreMessage(path)}`);
    process.exitCode = EXIT_ERROR;
    return undefined;
  }
  return withReference(() => openReferenceData({ lazy: true }));
}

export function noStoreMessage(path: string): string {
  return `No store at ${path}. Create it with \`drugclaim data import --from DIR\` or \`drugclaim data sync\`, or point DRUGCLAIM_DB at an existing store.`;
}

/** Runs `fn`, turning "no reference data" into the usual message and exit 2 (undefined). */
export async function withReference<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof NoReferenceDataError) {
      eprintln(`drugclaim: ${err.message}`);
      process.exitCode = EXIT_ERROR;
      return undefined;
    }
    throw err;
  }
}

/** How long a command waits for another process that writes the store, unless DRUGCLAIM_LOCK_WAIT_SECONDS says. */
export const DEFAULT_LOCK_WAIT_SECONDS = 60;
/** A command that has waited this long for the store says so on stderr. */
export const LOCK_NOTICE_AFTER_MS = 1000;

/** An environment variable drugclaim reads has a value it cannot use. */
export class SettingError extends Error {
  readonly code = 'invalid-setting';
}

/**
 * How the CLI waits for another process's write lock (an import started by cron beside one started by hand):
 * `DRUGCLAIM_LOCK_WAIT_SECONDS` (whole seconds, 0 to 86400; 0 gives up at once), default 60; after a second it says
 * so on stderr.
 */
export function cliLockPatience(env: NodeJS.ProcessEnv = process.env): LockPatience {
  const raw = env['DRUGCLAIM_LOCK_WAIT_SECONDS']?.trim();
  let seconds = DEFAULT_LOCK_WAIT_SECONDS;
  if (raw !== undefined && raw !== '') {
    if (!/^\d{1,5}$/.test(raw) || Number(raw) > 86_400)
      throw new SettingError(
        `DRUGCLAIM_LOCK_WAIT_SECONDS must be a whole number of seconds from 0 to 86400, not "${raw}".`,
      );
    seconds = Number(raw);
  }
  return {
    waitMs: seconds * 1000,
    noticeAfterMs: LOCK_NOTICE_AFTER_MS,
    onWaiting: (path) => {
      const line = `drugclaim: waiting for another drugclaim process to finish writing to ${path}… (up to ${seconds} s)`;
      // Written now: the wait that follows holds the thread, and an asynchronous write (a pipe on macOS) would wait
      // with it. A message nobody can read must not stop the work.
      try {
        writeSync(2, `${showControls(line, { lineBreaks: 'keep' })}\n`);
      } catch {
        // stderr closed or full
      }
    },
  };
}

/**
 * The line a failure no command handled is reported with: a store another process kept busy says so, whether
 * anything was written and what to do; any other error its message.
 */
export function failureMessage(err: unknown): string {
  const busy = storeBusyError(err, defaultDatabasePath());
  if (busy !== undefined) return busy.message;
  return err instanceof Error ? err.message : String(err);
}
