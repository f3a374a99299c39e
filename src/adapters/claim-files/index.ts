/**
 * The one entry point for claim files: detects the format (X12 837P/837I/835, FHIR R4 JSON, canonical claim JSON,
 * claim CSV), reads it into canonical claims and remittances with positioned problems, streams big X12 files in
 * constant memory, and writes claims back out as 837P/837I, FHIR, JSON or CSV.
 *
 * Nothing here throws on bad input: every problem is a value in `problems`. The list is capped (`maxProblems`,
 * default 1000); `problemTotals` always counts everything.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Claim, Remittance } from '../../core/claim/model.ts';
import { formatPosition } from '../../core/problem.ts';
import type { Problem, Severity } from '../../core/problem.ts';
import { positionIndex, problemsByItem } from '../../core/recovery/integrity.ts';
import { runSteps, runStepsPaced, type Steps } from '../../core/steps.ts';
import {
  FhirBundleWriter,
  patchFhirClaimSteps,
  readFhirJsonSteps,
  readFhirValueSteps,
} from '../fhir/index.ts';
import {
  readX12BytesSteps,
  readX12FileSync,
  streamX12File,
  writeX12ClaimSteps,
  X12ClaimWriter,
} from '../x12/index.ts';
import { patchX12ClaimSteps } from '../x12/patch-837.ts';
import type { StreamProgress, TransactionInfo, X12WriteOptions } from '../x12/index.ts';
import { decodeText, sniffEncoding } from '../x12/decode.ts';
import { ClaimCsvWriter, readClaimCsvSteps } from './csv.ts';
import { ClaimJsonWriter, readClaimJsonValueSteps } from './json.ts';
import { fsErrorText } from '../fs-error.ts';

import { claimIoCodes } from './codes.ts';

export { claimIoCodes } from './codes.ts';
export type { ClaimIoCode } from './codes.ts';
export { doseFromNotes } from './dose-notes.ts';
export type { StreamProgress, TransactionInfo } from '../x12/index.ts';

export type ClaimFileFormat = '837P' | '837I' | '835' | 'fhir' | 'json' | 'csv' | 'unknown';
export type ClaimSyntax = 'x12' | 'fhir' | 'json' | 'csv' | 'unknown';
export type ClaimOutputFormat = '837P' | '837I' | 'x12' | 'fhir' | 'json' | 'csv';

/**
 * The file extension of a document written in each output format ("claims.x12", "claims.fhir.json"): one map for
 * every place that names a written file, so that a file drugclaim names is detected back as what it holds.
 */
export const CLAIM_FILE_EXTENSION: Readonly<Record<ClaimOutputFormat, string>> = {
  x12: 'x12',
  '837P': 'x12',
  '837I': 'x12',
  fhir: 'fhir.json',
  json: 'json',
  csv: 'csv',
};

/** The format claims read from a file of `format` are written back in (`check --fix`); null for files with no claims. */
export function outputFormatFor(format: ClaimFileFormat): ClaimOutputFormat | null {
  switch (format) {
    case '837P':
    case '837I':
      return 'x12';
    case 'fhir':
    case 'json':
    case 'csv':
      return format;
    case '835':
    case 'unknown':
      return null;
  }
}

export interface ProblemTotals {
  error: number;
  warning: number;
  info: number;
}

export interface ClaimFileResult {
  /** For X12, the type of the first transaction set read ("unknown" when none could be read). */
  format: ClaimFileFormat;
  transactions: TransactionInfo[];
  claims: Claim[];
  remittances: Remittance[];
  /** Problems with their positions (`at.file`, `at.segmentIndex`, `at.segmentId`, `at.element`, `at.loop`…), capped. */
  problems: Problem[];
  /** Counts of all problems by severity, including those past the cap. */
  problemTotals: ProblemTotals;
  /**
   * X12: segments read but not carried into the claims or remittances, by kind and loop; FHIR: Claim elements the
   * claim model does not carry (`Claim.meta`, `Claim.item.unitPrice`); `{}` for JSON and CSV.
   */
  passedOver: Record<string, number>;
}

export interface ReadClaimOptions {
  /** Most problems listed (default 1000); the rest are counted in `problemTotals`. */
  maxProblems?: number;
  /** Skip detection and read as this syntax. */
  as?: Exclude<ClaimSyntax, 'unknown'>;
  /** Name used in problem positions (default: the file's base name). */
  name?: string;
}

/**
 * Collects problems up to a cap, counting everything. Past the cap an error takes the place of the last warning or
 * info listed: an error only counted cannot be tied to its claim, so every claim of the file would be taken as
 * misread (`claimsWithReadErrors`) because a thousand warnings came first.
 */
export class ProblemList {
  readonly problems: Problem[] = [];
  readonly totals: ProblemTotals = { error: 0, warning: 0, info: 0 };
  private readonly max: number;
  private readonly dropped = new Map<string, number>();
  /** Warnings and infos in `problems`. */
  private listedNotErrors = 0;

  constructor(max = 1000) {
    this.max = max;
  }

  readonly add = (p: Problem): void => {
    this.totals[p.severity]++;
    if (this.problems.length < this.max) {
      this.problems.push(p);
      if (p.severity !== 'error') this.listedNotErrors++;
      return;
    }
    if (p.severity === 'error' && this.listedNotErrors > 0) {
      let i = this.problems.length - 1;
      while ((this.problems[i] as Problem).severity === 'error') i--;
      const [out] = this.problems.splice(i, 1) as [Problem];
      this.listedNotErrors--;
      this.dropped.set(out.code, (this.dropped.get(out.code) ?? 0) + 1);
      this.problems.push(p);
      return;
    }
    this.dropped.set(p.code, (this.dropped.get(p.code) ?? 0) + 1);
  };

  addAll(list: readonly Problem[]): void {
    for (const p of list) this.add(p);
  }

  /** The listed problems, plus one summary problem when some were only counted. */
  finish(): Problem[] {
    if (this.dropped.size > 0) {
      const n = [...this.dropped.values()].reduce((a, b) => a + b, 0);
      const codes = [...this.dropped].map(([c, k]) => `${c} ×${k}`).join(', ');
      this.problems.push({
        code: 'claim-file.too-many-problems',
        severity: 'warning',
        message: `${n} more problems were counted but not listed: ${codes}.`,
        data: Object.fromEntries(this.dropped),
      });
      this.totals.warning++;
      this.dropped.clear();
    }
    return this.problems;
  }
}

/** "ISA" or a segment id followed by a usual element separator (including the information separators 0x1C–0x1F). */
function isSegmentStart(s: string): boolean {
  if (/^ISA[^A-Za-z0-9\s]/.test(s)) return true;
  const m = /^[A-Z][A-Z0-9]{1,2}(.)/.exec(s);
  if (!m) return false;
  const c = (m[1] as string).charCodeAt(0);
  return '*|^~:!;,>+'.includes(m[1] as string) || (c >= 0x1c && c <= 0x1f);
}

/** Tells the syntax from a file name and its first bytes. */
export function detectClaimSyntax(name: string, head: Uint8Array): ClaimSyntax {
  const sniffed = sniffEncoding(head);
  if (!sniffed.ok) return 'unknown';
  const decoded = decodeText(head);
  if (!decoded.ok) return 'unknown';
  const text = decoded.text.replace(/^[\s\uFEFF]+/, '');
  if (text.startsWith('{') || text.startsWith('[')) return /"resourceType"\s*:/.test(text) ? 'fhir' : 'json';
  if (isSegmentStart(text)) return 'x12';
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  if (/\.csv$/i.test(name) || /(^|,)\s*"?claimId"?\s*(,|$)/i.test(firstLine)) return 'csv';
  return 'unknown';
}

/** A file's result: what one reader read, its problems added to those the file already has. */
function resultOf(
  format: ClaimFileFormat,
  problems: ProblemList,
  read: {
    transactions?: TransactionInfo[];
    claims: Claim[];
    remittances?: Remittance[];
    problems: readonly Problem[];
    passedOver?: Record<string, number>;
  },
): ClaimFileResult {
  problems.addAll(read.problems);
  return {
    format,
    transactions: read.transactions ?? [],
    claims: read.claims,
    remittances: read.remittances ?? [],
    problems: problems.finish(),
    problemTotals: problems.totals,
    passedOver: read.passedOver ?? {},
  };
}

function emptyResult(problems: ProblemList): ClaimFileResult {
  return resultOf('unknown', problems, { claims: [], problems: [] });
}

function fileProblem(code: string, severity: Severity, message: string, file: string): Problem {
  return { code, severity, message, at: { file } };
}

/** The file could not be opened or read (`err` from node:fs). */
function readFailed(err: unknown, file: string): Problem {
  return fileProblem('claim-file.read-failed', 'error', `Cannot read the file: ${fsErrorText(err)}.`, file);
}

/** The longest file read as one text: V8's longest string, 2^29 - 24 UTF-16 units (a byte gives at most one). */
export const MAX_TEXT_BYTES = 2 ** 29 - 24;

function tooLarge(size: number, syntax: ClaimSyntax, file: string): Problem {
  return fileProblem(
    'claim-file.too-large',
    'error',
    `The file is ${(size / 1e6).toFixed(0)} MB; ${syntax === 'csv' ? 'CSV' : 'JSON and FHIR'} files are read whole, up to ${(MAX_TEXT_BYTES / 1e6).toFixed(0)} MB. Split it into smaller files (X12 files of any size are read as a stream).`,
    file,
  );
}

/**
 * The deepest JSON nesting read. A FHIR Bundle of Claims nests about 12 levels (Bundle.entry.resource.item.detail
 * .subDetail.modifier.coding…), claim JSON fewer; past this the file is refused before anything walks it, since the
 * readers recurse over the value and thousands of levels would exhaust the stack (RFC 8259 §9 lets a parser limit
 * the depth).
 */
export const MAX_JSON_DEPTH = 100;

/**
 * Where the text first opens more than `max` arrays or objects at once (1-based line and column), or undefined. A
 * scan of the text, not of a parsed value: no recursion, and it works on text JSON.parse refuses too (NDJSON).
 */
export function jsonTooDeep(
  text: string,
  max = MAX_JSON_DEPTH,
): { line: number; column: number } | undefined {
  return runSteps(jsonTooDeepSteps(text, max));
}

/** Characters scanned by `jsonTooDeepSteps` between two pauses: about 3 ms. */
const SCAN_CHARS_PER_STEP = 1 << 20;

/** `jsonTooDeep` in steps, pausing after each MiB of text. */
function* jsonTooDeepSteps(
  text: string,
  max = MAX_JSON_DEPTH,
): Steps<{ line: number; column: number } | undefined> {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  let inString = false;
  for (let i = 0; i < text.length;) {
    if (i > 0) yield;
    // An escaped character may carry `i` one past `stop`: the next slice starts after it.
    for (const stop = Math.min(text.length, i + SCAN_CHARS_PER_STEP); i < stop; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a) {
        line++;
        lineStart = i + 1;
      } else if (inString) {
        if (c === 0x5c)
          i++; // a backslash escapes the next character (\" does not end the string)
        else if (c === 0x22) inString = false;
      } else if (c === 0x22) inString = true;
      else if (c === 0x5b || c === 0x7b) {
        if (++depth > max) return { line, column: i - lineStart + 1 };
      } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
    }
  }
  return undefined;
}

/** A FHIR resource, or an array (of arrays…) holding one: walked with a stack, never by recursion. */
function looksFhir(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    // One push per element: spreading an array of a million claims into push() would overflow the stack too.
    if (Array.isArray(v)) for (const item of v as unknown[]) pending.push(item);
    else if (
      typeof v === 'object' &&
      v !== null &&
      typeof (v as { resourceType?: unknown }).resourceType === 'string'
    )
      return true;
  }
  return false;
}

/** Reads a claim file already in memory. `name` is used for detection (extension) and in problem positions. */
export function readClaimBytes(
  name: string,
  bytes: Uint8Array,
  options: ReadClaimOptions = {},
): ClaimFileResult {
  return runSteps(readClaimBytesSteps(name, bytes, options));
}

/**
 * `readClaimBytes` in steps: it pauses after each 64 KiB of X12 or CSV read, each MiB of JSON scanned and each 100
 * claims or resources read. What does not pause: decoding the bytes to text and, for JSON and FHIR,
 * `JSON.parse` of the whole text (about 0.1 s for 45 MB).
 */
export function* readClaimBytesSteps(
  name: string,
  bytes: Uint8Array,
  options: ReadClaimOptions = {},
): Steps<ClaimFileResult> {
  const file = options.name ?? name;
  const problems = new ProblemList(options.maxProblems);
  if (bytes.length === 0) {
    problems.add(fileProblem('claim-file.empty', 'error', 'The file is empty.', file));
    return emptyResult(problems);
  }
  const syntax = options.as ?? detectClaimSyntax(name, bytes.subarray(0, 4096));
  if (syntax === 'x12') {
    const r = yield* readX12BytesSteps(bytes, { file });
    return resultOf(r.transactions[0]?.type ?? 'unknown', problems, r);
  }
  if (syntax === 'unknown') {
    const sniffed = sniffEncoding(bytes);
    const blank =
      bytes.length <= 1 << 16 &&
      (() => {
        const d = decodeText(bytes);
        return d.ok && d.text.trim() === '';
      })();
    if (!sniffed.ok) problems.add(fileProblem(sniffed.code, 'error', sniffed.message, file));
    else if (blank)
      problems.add(fileProblem('claim-file.empty', 'error', 'The file holds only blank space.', file));
    else
      problems.add(
        fileProblem(
          'claim-file.unknown-format',
          'error',
          'The content is not X12 (837/835), FHIR JSON, claim JSON or claim CSV.',
          file,
        ),
      );
    return emptyResult(problems);
  }
  // JSON, FHIR and CSV are read as one text, and a JavaScript string holds at most 2^29 - 24 characters (X12 is
  // streamed and has no such limit).
  if (bytes.length > MAX_TEXT_BYTES) {
    problems.add(tooLarge(bytes.length, syntax, file));
    return emptyResult(problems);
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) {
    problems.add(fileProblem(decoded.code, 'error', decoded.message, file));
    return emptyResult(problems);
  }
  yield;
  if (syntax === 'csv') {
    return resultOf('csv', problems, yield* readClaimCsvSteps(decoded.text, { file }));
  }
  // Refused before it is parsed or walked: nesting no claim has, which would overflow the readers' stack.
  const deep = yield* jsonTooDeepSteps(decoded.text);
  if (deep) {
    problems.add({
      code: syntax === 'fhir' ? 'fhir.json.invalid' : 'json.invalid',
      severity: 'error',
      message: `The JSON nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep (line ${deep.line}, column ${deep.column}); no claim or FHIR resource is nested that deep, so the file was not read.`,
      at: { file, line: deep.line },
      data: { maxDepth: MAX_JSON_DEPTH, line: deep.line, column: deep.column },
    });
    return emptyResult(problems);
  }
  yield;
  // JSON: parse once (one step: JSON.parse cannot be paused), then read as FHIR or as canonical claims.
  let value: unknown;
  try {
    value = JSON.parse(decoded.text);
  } catch {
    if (syntax === 'fhir')
      return resultOf('fhir', problems, yield* readFhirJsonSteps(decoded.text, { file }));
    // Reports the JSON syntax error with its line and column.
    const r = yield* readFhirJsonSteps(decoded.text, { file });
    problems.addAll(
      r.problems.map((p) => (p.code === 'fhir.json.invalid' ? { ...p, code: 'json.invalid' } : p)),
    );
    return emptyResult(problems);
  }
  yield;
  if (syntax === 'fhir' || looksFhir(value))
    return resultOf('fhir', problems, yield* readFhirValueSteps(value, { file }));
  return resultOf('json', problems, yield* readClaimJsonValueSteps(value, { file }));
}

/**
 * `readClaimBytes`, awaiting `pace` at each pause of `readClaimBytesSteps`: a server reads a big upload this way so
 * that other requests are answered meanwhile. The same result.
 */
export async function readClaimBytesPaced(
  name: string,
  bytes: Uint8Array,
  options: ReadClaimOptions & { pace: () => Promise<void> },
): Promise<ClaimFileResult> {
  const { pace, ...rest } = options;
  return runStepsPaced(readClaimBytesSteps(name, bytes, rest), pace);
}

/** Reads a claim file from disk (all claims in memory; use `streamClaims` for big X12 files). */
export async function readClaimFile(path: string, options: ReadClaimOptions = {}): Promise<ClaimFileResult> {
  const name = options.name ?? basename(path);
  let bytes: Uint8Array;
  try {
    // Too long to be read as one text: said from the first bytes, without reading the file into memory.
    const size = (await stat(path)).size;
    if (size > MAX_TEXT_BYTES) {
      const handle = await open(path, 'r');
      const head = Buffer.alloc(4096);
      try {
        await handle.read(head, 0, head.length, 0);
      } finally {
        await handle.close();
      }
      const syntax = options.as ?? detectClaimSyntax(path, head);
      if (syntax !== 'x12' && syntax !== 'unknown') {
        const problems = new ProblemList(options.maxProblems);
        problems.add(tooLarge(size, syntax, name));
        return emptyResult(problems);
      }
    }
    bytes = await readFile(path);
  } catch (err) {
    const problems = new ProblemList(options.maxProblems);
    problems.add(readFailed(err, name));
    return emptyResult(problems);
  }
  return readClaimBytes(path, bytes, { ...options, name });
}

export interface ClaimStreamSummary {
  format: ClaimFileFormat;
  transactions: TransactionInfo[];
  claims: number;
  serviceLines: number;
  /** Remittances are handed over whole (one per 835 transaction set). */
  remittances: Remittance[];
  problems: Problem[];
  problemTotals: ProblemTotals;
  bytes: number;
  segments: number;
  /** As `ClaimFileResult.passedOver`. */
  passedOver: Record<string, number>;
}

export interface StreamClaimOptions extends ReadClaimOptions {
  onRemittance?: (remittance: Remittance) => void;
  /** Keep remittances in the summary (default true). */
  keepRemittances?: boolean;
  chunkSize?: number;
  /** Awaited after each chunk of an X12 file (e.g. to let a slow output pipe drain). */
  pace?: () => Promise<void>;
}

/**
 * Reads a claim file and hands each claim to `onClaim` as soon as it is complete. X12 files are streamed in
 * constant memory (one chunk and one claim at a time); other formats are read whole first.
 */
export async function streamClaims(
  path: string,
  onClaim: (claim: Claim) => void,
  onProgress?: (progress: StreamProgress) => void,
  options: StreamClaimOptions = {},
): Promise<ClaimStreamSummary> {
  const name = options.name ?? basename(path);
  const problems = new ProblemList(options.maxProblems);
  let size: number;
  let head: Uint8Array;
  try {
    size = (await stat(path)).size;
    const handle = await open(path, 'r');
    try {
      const buf = Buffer.alloc(Math.min(4096, size));
      const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (err) {
    problems.add(readFailed(err, name));
    return {
      format: 'unknown',
      transactions: [],
      claims: 0,
      serviceLines: 0,
      remittances: [],
      problems: problems.finish(),
      problemTotals: problems.totals,
      bytes: 0,
      segments: 0,
      passedOver: {},
    };
  }
  const syntax = options.as ?? (size === 0 ? 'unknown' : detectClaimSyntax(path, head));
  if (syntax === 'x12') {
    const remittances: Remittance[] = [];
    const keep = options.keepRemittances ?? true;
    const streamOptions: Parameters<typeof streamX12File>[2] = { file: name };
    if (onProgress) streamOptions.onProgress = onProgress;
    if (options.chunkSize !== undefined) streamOptions.chunkSize = options.chunkSize;
    if (options.pace) streamOptions.pace = options.pace;
    const s = await streamX12File(
      path,
      {
        claim: onClaim,
        remittance: (r) => {
          options.onRemittance?.(r);
          if (keep) remittances.push(r);
        },
        problem: problems.add,
      },
      streamOptions,
    );
    const first = s.transactions[0];
    return {
      format: first ? first.type : 'unknown',
      transactions: s.transactions,
      claims: s.claims,
      serviceLines: s.serviceLines,
      remittances,
      problems: problems.finish(),
      problemTotals: problems.totals,
      bytes: s.bytes,
      segments: s.segments,
      passedOver: s.passedOver,
    };
  }
  const readOptions: ReadClaimOptions = { name };
  if (options.maxProblems !== undefined) readOptions.maxProblems = options.maxProblems;
  if (syntax !== 'unknown') readOptions.as = syntax;
  const r = await readClaimFile(path, readOptions);
  let lines = 0;
  for (const c of r.claims) {
    lines += c.lines.length;
    onClaim(c);
  }
  for (const rem of r.remittances) options.onRemittance?.(rem);
  onProgress?.({ bytesRead: size, totalBytes: size, claims: r.claims.length, segments: 0 });
  return {
    format: r.format,
    transactions: r.transactions,
    claims: r.claims.length,
    serviceLines: lines,
    remittances: options.keepRemittances === false ? [] : r.remittances,
    problems: r.problems,
    problemTotals: r.problemTotals,
    bytes: size,
    segments: 0,
    passedOver: r.passedOver,
  };
}

/** What a file read item by item held (`readClaimFileEach`). */
export interface ClaimFileCounts {
  format: ClaimFileFormat;
  transactions: TransactionInfo[];
  claims: number;
  remittances: number;
  problems: Problem[];
  problemTotals: ProblemTotals;
  passedOver: Record<string, number>;
}

/**
 * Reads a claim file synchronously, handing each claim and remittance over as soon as it is complete: an X12 file of
 * any size in flat memory (other formats are read whole first). Synchronous so that a caller can store what it is
 * handed inside one database transaction, with nothing else running in between.
 */
export function readClaimFileEach(
  path: string,
  sink: { claim?: (claim: Claim) => void; remittance?: (remittance: Remittance) => void },
  options: ReadClaimOptions & { onProgress?: (progress: StreamProgress) => void } = {},
): ClaimFileCounts {
  const name = options.name ?? basename(path);
  const problems = new ProblemList(options.maxProblems);
  const counts = (format: ClaimFileFormat): ClaimFileCounts => ({
    format,
    transactions: [],
    claims: 0,
    remittances: 0,
    problems: problems.finish(),
    problemTotals: problems.totals,
    passedOver: {},
  });
  let size: number;
  let syntax: ClaimSyntax;
  try {
    const fd = openSync(path, 'r');
    try {
      size = fstatSync(fd).size;
      const head = Buffer.alloc(Math.min(4096, size));
      const n = readSync(fd, head, 0, head.length, 0);
      syntax = options.as ?? detectClaimSyntax(path, head.subarray(0, n));
    } finally {
      closeSync(fd);
    }
    if (syntax === 'x12' && size > 0) {
      const s = readX12FileSync(
        path,
        {
          claim: (c) => sink.claim?.(c),
          remittance: (r) => sink.remittance?.(r),
          problem: problems.add,
        },
        options.onProgress ? { file: name, onProgress: options.onProgress } : { file: name },
      );
      return {
        ...counts(s.transactions[0]?.type ?? 'unknown'),
        transactions: s.transactions,
        claims: s.claims,
        remittances: s.remittances,
        passedOver: s.passedOver,
      };
    }
    if (size > MAX_TEXT_BYTES) {
      problems.add(tooLarge(size, syntax, name));
      return counts('unknown');
    }
  } catch (err) {
    problems.add(readFailed(err, name));
    return counts('unknown');
  }
  const readOptions: ReadClaimOptions = { name };
  if (options.maxProblems !== undefined) readOptions.maxProblems = options.maxProblems;
  if (syntax !== 'unknown') readOptions.as = syntax;
  const r = readClaimBytes(path, readFileSync(path), readOptions);
  for (const c of r.claims) sink.claim?.(c);
  for (const rem of r.remittances) sink.remittance?.(rem);
  options.onProgress?.({ bytesRead: size, totalBytes: size, claims: r.claims.length, segments: 0 });
  return {
    format: r.format,
    transactions: r.transactions,
    claims: r.claims.length,
    remittances: r.remittances.length,
    problems: r.problems,
    problemTotals: r.problemTotals,
    passedOver: r.passedOver,
  };
}

export interface WriteClaimOptions extends Omit<X12WriteOptions, 'type'> {
  /** FHIR Claim.created (default today). */
  created?: string;
}

export interface ClaimWriteResult {
  text: string;
  problems: Problem[];
}

/**
 * Writes claims in a format: "837P"/"837I" force the claim type; "x12" writes 837I claims (and claims with a type of
 * bill) as 837I and the rest as 837P; "fhir" a Bundle of Claims; "json" canonical JSON; "csv" one row per line.
 */
export function writeClaimFile(
  claims: readonly Claim[],
  format: ClaimOutputFormat,
  options: WriteClaimOptions = {},
): ClaimWriteResult {
  return runSteps(writeClaimFileSteps(claims, format, options));
}

/** Claims written between two pauses of `writeClaimFileSteps` in FHIR, JSON or CSV: 2–15 ms (FHIR the slowest). */
const WRITE_CLAIMS_PER_STEP = 100;

/**
 * `writeClaimFile` in steps: it pauses every few hundred claims (X12) or every 100 (the others), so that a server
 * writing a big file can answer other requests in between. The same result.
 */
export function* writeClaimFileSteps(
  claims: readonly Claim[],
  format: ClaimOutputFormat,
  options: WriteClaimOptions = {},
): Steps<ClaimWriteResult> {
  const { pieces, problems } = yield* claimFilePieceSteps(claims, format, options);
  return { text: pieces.join(''), problems };
}

/** `writeClaimFileSteps` with the text in the pieces it was written in (X12: one). */
function* claimFilePieceSteps(
  claims: readonly Claim[],
  format: ClaimOutputFormat,
  options: WriteClaimOptions = {},
): Steps<{ pieces: string[]; problems: Problem[] }> {
  switch (format) {
    case '837P':
    case '837I':
    case 'x12': {
      const written = yield* writeX12ClaimSteps(
        claims,
        format === 'x12' ? options : { ...options, type: format },
      );
      return { pieces: [written.text], problems: written.problems };
    }
    case 'fhir':
    case 'json':
    case 'csv': {
      // The writers a stream of claims uses: their pieces join to what writeFhirClaims, writeClaimJson and
      // writeClaimCsv give.
      const writer = claimWriter(format, options);
      const pieces: string[] = [];
      for (let i = 0; i < claims.length; i++) {
        if (i > 0 && i % WRITE_CLAIMS_PER_STEP === 0) yield;
        const piece = writer.add(claims[i] as Claim);
        if (piece !== '') pieces.push(piece);
      }
      pieces.push(writer.end());
      return { pieces, problems: writer.takeProblems() };
    }
  }
}

/** Claims written a claim at a time in an output format, for a batch of any size (a stream of claims). */
export interface ClaimWriter {
  /** Adds a claim; returns the text it completed ('' while claims are gathered). */
  add(claim: Claim): string;
  /**
   * The rest of the text. JSON also writes the remittances, if any, after the claims, and FHIR an
   * ExplanationOfBenefit per remittance claim after the Claims; X12 and CSV cannot carry remittances.
   */
  end(remittances?: readonly Remittance[]): string;
  /** `end` in pieces, for output too long for one string (the EOBs or the remittance JSON of a big 835). */
  endChunks(remittances?: readonly Remittance[]): Iterable<string>;
  /** Warnings gathered since the last call (X12: missing data, delimiters replaced). */
  takeProblems(): Problem[];
}

/** Whether an output format carries remittances (835, EOB): JSON as they are, FHIR as ExplanationOfBenefit. */
export function carriesRemittances(format: ClaimOutputFormat): boolean {
  return format === 'json' || format === 'fhir';
}

/**
 * `writeClaimFile` a claim at a time: the pieces join to the same text (for X12, the same as long as the batch fits
 * in one window of `MAX_CLAIMS_PER_TRANSACTION` claims; a bigger one is written in transaction sets of that size).
 */
export function claimWriter(format: ClaimOutputFormat, options: WriteClaimOptions = {}): ClaimWriter {
  const none = (): Problem[] => [];
  switch (format) {
    case 'fhir': {
      const w = new FhirBundleWriter(options.created === undefined ? {} : { created: options.created });
      return {
        add: (c) => w.add(c),
        end: (remittances) => w.end(remittances),
        endChunks: (remittances) => w.endChunks(remittances),
        takeProblems: none,
      };
    }
    case 'json': {
      const w = new ClaimJsonWriter();
      return {
        add: (c) => w.add(c),
        end: (remittances) => w.end(remittances),
        endChunks: (remittances) => w.endChunks(remittances),
        takeProblems: none,
      };
    }
    case 'csv': {
      const w = new ClaimCsvWriter();
      return {
        add: (c) => w.add(c),
        end: () => w.end(),
        endChunks: () => [w.end()],
        takeProblems: () => w.takeProblems(),
      };
    }
    case 'x12':
    case '837P':
    case '837I': {
      const w = new X12ClaimWriter(format === 'x12' ? options : { ...options, type: format });
      return {
        add: (c) => w.add(c),
        end: () => w.end(),
        endChunks: () => [w.end()],
        takeProblems: () => w.takeProblems(),
      };
    }
  }
}

/**
 * Read errors after which the claim still holds the value as sent: a code the guide does not allow there (a
 * hyphenated NDC, an unknown unit) is kept as it is, so the claim can be fixed and written back.
 */
const KEPT_AS_SENT = new Set(['x12.element.invalid-code', 'x12.element.invalid-length']);

/**
 * The claims (by index in `claims`) that read errors fall inside, with those errors: a claim whose charge, units or
 * date could not be read holds something else in the model ($0, no date), so it must not be written back from the
 * model, nor fixed on the strength of those values. Errors that keep the value as sent (`KEPT_AS_SENT`) do not count. Problems are tied to claims by file name and position (core/recovery/integrity.ts: envelope and billing
 * provider problems are the file's, not a claim's). Where that cannot be done exactly (the problem list was capped
 * past an error, two files share a name), every claim that may be concerned is listed.
 */
export function claimsWithReadErrors(
  claims: readonly Claim[],
  problems: readonly Problem[],
): Map<number, Problem[]> {
  const out = new Map<number, Problem[]>();
  // Errors counted but not listed: which claims they fall in is unknown.
  const capped = problems.find(
    (p) =>
      p.code === 'claim-file.too-many-problems' &&
      Object.keys(p.data ?? {}).some(
        (code) =>
          !KEPT_AS_SENT.has(code) &&
          (claimIoCodes as Record<string, readonly [Severity, string]>)[code]?.[0] !== 'warning',
      ),
  );
  if (capped) {
    claims.forEach((_, i) => out.set(i, [capped]));
    return out;
  }
  const byFile = new Map<string, number[]>();
  claims.forEach((c, i) => {
    const file = c.position?.file ?? '';
    const list = byFile.get(file);
    if (list) list.push(i);
    else byFile.set(file, [i]);
  });
  for (const [file, indexes] of byFile) {
    const starts = indexes.map((i) => positionIndex(claims[i]?.position));
    let mine = problems.filter((p) => (p.at?.file ?? '') === file && !KEPT_AS_SENT.has(p.code));
    // A CSV row's problem names its claim: the rows of one claim need not follow one another.
    const named = mine.filter((p) => p.code.startsWith('csv.') && typeof p.data?.['claimId'] === 'string');
    if (named.length > 0) {
      const byId = new Map(indexes.map((i) => [claims[i]?.id, i]));
      for (const p of named) {
        const i = byId.get(p.data?.['claimId'] as string);
        if (i !== undefined) out.set(i, [...(out.get(i) ?? []), p]);
      }
      mine = mine.filter((p) => !named.includes(p));
    }
    const placed = problemsByItem(starts, mine);
    // Positions that do not increase: two files of one name, whose problems cannot be told apart.
    const ambiguous = starts.some((s, k) => k > 0 && s !== undefined && s <= (starts[k - 1] ?? -1));
    if (ambiguous && placed.size > 0) {
      const all = [...placed.values()].flat();
      for (const i of indexes) out.set(i, all);
    } else
      for (const [k, list] of placed) {
        const i = indexes[k] as number;
        out.set(i, [...(out.get(i) ?? []), ...list]);
      }
  }
  return out;
}

export interface FixedClaimFileOptions {
  /**
   * Claims read with errors inside them (by index; `claimsWithReadErrors`). Their fixes are not written (they would
   * rest on values the reader could not read); written from the claims, they are left out of the file, never
   * rewritten from the model, and each is listed in `problems` (`claim-file.not-written`).
   */
  readErrors?: ReadonlyMap<number, readonly Problem[]>;
  /**
   * Whether a patched 837 sends its diagnoses as read (`C34.90` → `C3490`, `x12.write.diagnosis-rewritten`) in the
   * claims not read with errors. Default true; false gives the text back as sent where no fix changed it.
   */
  cleanDiagnoses?: boolean;
}

export interface FixedClaimFileResult extends ClaimWriteResult {
  /** True when the input 837 was patched; false when the file was written from the claims. */
  patched: boolean;
  /** The file's bytes when they are not the UTF-8 of `text`: an 837 in Latin-1 goes back in Latin-1. */
  bytes?: Uint8Array;
  /** Indexes of the claims with read errors that are not in the file (written from the claims only). */
  leftOut: number[];
}

/**
 * A fixed file as `writeFixedClaimFilePaced` gives it: its text in the pieces it was written in, never joined (a server
 * sends them one after the other), and how that text becomes bytes.
 */
export interface FixedClaimFilePieces extends Omit<FixedClaimFileResult, 'text' | 'bytes'> {
  /** The file's text: these joined. */
  pieces: readonly string[];
  /** `latin1` for an 837 that came in Latin-1 (where `writeFixedClaimFile` gives `bytes`): a byte per character. */
  encoding: 'utf-8' | 'latin1';
}

/** "the reader's first error, at its position", for naming why a claim is not written. */
function firstError(list: readonly Problem[]): string {
  const p = list.find((x) => x.severity === 'error') ?? list[0];
  if (!p) return 'read errors';
  const where = p.at ? formatPosition(p.at) : '';
  return `${p.message}${where === '' ? '' : ` [${where}]`}${list.length > 1 ? ` and ${list.length - 1} more` : ''}`;
}

/**
 * Writes fixed claims back in the format of the file they were read from. When they all came from one 837 (`source`,
 * its bytes), the original is patched: only what the fixes changed is edited, so segments the claim model does not
 * carry (a pay-to address, attachments, other providers…) and the envelope are kept (x12/patch-837.ts). Anything
 * else, or an 837 that cannot be patched exactly, is written from the claims (with the envelope they came in:
 * sender, receiver, test or production, control numbers, BHT), and `patched` is false.
 */
export function writeFixedClaimFile(
  original: readonly Claim[],
  fixed: readonly Claim[],
  format: ClaimOutputFormat,
  source?: Uint8Array,
  options: FixedClaimFileOptions = {},
): FixedClaimFileResult {
  const { pieces, encoding, ...rest } = runSteps(
    fixedClaimFileSteps(original, fixed, format, source, options),
  );
  const text = pieces.join('');
  return { text, ...rest, ...(encoding === 'latin1' ? { bytes: Buffer.from(text, 'latin1') } : {}) };
}

/**
 * `writeFixedClaimFile`, awaiting `pace` as it goes: after each MiB of an 837 being patched and each few hundred
 * claims patched or written, so that a server writing a big fixed file answers other requests in between. The same
 * file, in pieces: joining a 40 MB claim JSON or FHIR Bundle whole held up the server 0.15–0.25 s.
 */
export async function writeFixedClaimFilePaced(
  original: readonly Claim[],
  fixed: readonly Claim[],
  format: ClaimOutputFormat,
  source: Uint8Array | undefined,
  options: FixedClaimFileOptions,
  pace: () => Promise<void>,
): Promise<FixedClaimFilePieces> {
  return runStepsPaced(fixedClaimFileSteps(original, fixed, format, source, options), pace);
}

function* fixedClaimFileSteps(
  original: readonly Claim[],
  fixed: readonly Claim[],
  format: ClaimOutputFormat,
  source: Uint8Array | undefined,
  options: FixedClaimFileOptions,
): Steps<FixedClaimFilePieces> {
  const damaged = options.readErrors ?? new Map<number, readonly Problem[]>();
  // Patched, a claim read with errors keeps its text as read: its fixes are undone and said so.
  const reverted: Problem[] = [];
  const claims = fixed.map((claim, i) => {
    const errors = damaged.get(i);
    const was = original[i];
    if (errors === undefined || was === undefined || was === claim) return claim;
    reverted.push({
      code: 'claim-file.not-written',
      severity: 'warning',
      message: `Claim ${claim.id} was read with errors (${firstError(errors)}): its fixes were not written; correct the input and check it again.`,
      data: { claimId: claim.id, claimIndex: i },
    });
    return was;
  });
  const x12 = format === 'x12' || format === '837P' || format === '837I';
  if (source !== undefined && x12) {
    const patched = yield* patchX12ClaimSteps(source, original, claims, {
      keepAsRead: new Set(damaged.keys()),
      cleanDiagnoses: options.cleanDiagnoses ?? true,
    });
    if (patched)
      return {
        pieces: [patched.text],
        encoding: patched.encoding,
        problems: [...reverted, ...patched.problems],
        patched: true,
        leftOut: [],
      };
  }
  // One FHIR file: the JSON it was read from, with only the fixed items edited (fhir/patch.ts).
  if (source !== undefined && format === 'fhir') {
    const patched = yield* patchFhirClaimSteps(source, original, claims);
    if (patched)
      return {
        pieces: patched.pieces,
        encoding: 'utf-8',
        problems: [...reverted, ...patched.problems],
        patched: true,
        leftOut: [],
      };
  }
  const problems: Problem[] = [];
  const leftOut: number[] = [];
  const writable: Claim[] = [];
  claims.forEach((claim, i) => {
    const errors = damaged.get(i);
    if (errors === undefined) {
      writable.push(claim);
      return;
    }
    leftOut.push(i);
    problems.push({
      code: 'claim-file.not-written',
      severity: 'error',
      message: `Claim ${claim.id} was read with errors (${firstError(errors)}), so it cannot be written from what was read: it is not in the fixed file. Correct the input and check it again.`,
      data: { claimId: claim.id, claimIndex: i },
    });
  });
  const written = yield* claimFilePieceSteps(writable, format);
  const result: FixedClaimFilePieces = {
    pieces: written.pieces,
    encoding: 'utf-8',
    problems: [...problems, ...written.problems],
    patched: false,
    leftOut,
  };
  // One 837 in Latin-1: the file written from its claims goes back in Latin-1 too (their text came from it).
  if (source !== undefined && x12 && !written.pieces.some((p) => /[\u0100-\uffff]/.test(p))) {
    const decoded = decodeText(source);
    if (decoded.ok && decoded.encoding === 'utf-8' && decoded.invalidUtf8) result.encoding = 'latin1';
  }
  return result;
}

/** `writeClaimFile(...).text`: X12 with correct SE/GE/IEA counts and control numbers, FHIR, JSON or CSV. */
export function writeClaims(
  claims: readonly Claim[],
  format: ClaimOutputFormat,
  options: WriteClaimOptions = {},
): string {
  return writeClaimFile(claims, format, options).text;
}

export { claimJsonChunks, writeClaimJson } from './json.ts';

/** Adds the counts of `from` to `into` (both `passedOver` tallies). */
export function addPassedOver(into: Record<string, number>, from: Readonly<Record<string, number>>): void {
  for (const [kind, n] of Object.entries(from)) into[kind] = (into[kind] ?? 0) + n;
}

/**
 * A `passedOver` tally in words: "7 segments: REF*D9 (2300) ×5, PWK (2300) ×2", the most frequent kinds first and
 * at most `max` of them; undefined when nothing was passed over.
 */
export function describePassedOver(
  passedOver: Readonly<Record<string, number>>,
  max = 12,
): string | undefined {
  const kinds = Object.entries(passedOver).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (kinds.length === 0) return undefined;
  const total = kinds.reduce((sum, [, n]) => sum + n, 0);
  const listed = kinds
    .slice(0, max)
    .map(([kind, n]) => `${kind} ×${n}`)
    .join(', ');
  const more = kinds.length > max ? ` and ${kinds.length - max} more kinds` : '';
  return `${total} segment${total === 1 ? '' : 's'}: ${listed}${more}`;
}
