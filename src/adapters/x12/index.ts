/**
 * X12 837P/837I/835 in and out. Readers stream: `streamX12File` reads a file of any size chunk by chunk in
 * constant memory and hands out claims as they complete; `readX12Bytes` reads bytes already in memory the same way.
 */
import { open } from 'node:fs/promises';
import type { Claim, Remittance } from '../../core/claim/model.ts';
import type { Problem } from '../../core/problem.ts';
import { sniffEncoding } from './decode.ts';
import { X12Reader } from './reader.ts';
import type { TransactionInfo, X12Handlers } from './reader.ts';
import { X12Scanner } from './scanner.ts';

export type { TransactionInfo, TransactionType, X12Handlers } from './reader.ts';
export { X12Scanner } from './scanner.ts';
export { Segment, SegmentCursor } from './segment.ts';
export type { SegmentView } from './segment.ts';
export type { Delimiters } from './delimiters.ts';
export { MAX_CLAIMS_PER_TRANSACTION, X12ClaimWriter, writeX12Claims } from './write-837.ts';
export type { X12WriteOptions } from './write-837.ts';

export interface X12ReadResult {
  transactions: TransactionInfo[];
  claims: Claim[];
  remittances: Remittance[];
  problems: Problem[];
  segments: number;
  /**
   * Segments read but not carried into the claims or remittances, by kind and loop ("PWK (2300)": 2): what writing
   * them in another format (or as a new 837) leaves out.
   */
  passedOver: Record<string, number>;
}

export interface X12StreamSummary {
  transactions: TransactionInfo[];
  claims: number;
  serviceLines: number;
  remittances: number;
  segments: number;
  bytes: number;
  /** As `X12ReadResult.passedOver`. */
  passedOver: Record<string, number>;
}

export interface StreamProgress {
  bytesRead: number;
  totalBytes: number;
  claims: number;
  segments: number;
}

/**
 * The scanner is fed 64 KiB at a time: each decoded chunk stays an ordinary young-generation string (a string over
 * 128 KiB goes to V8's large-object space, which only a full GC frees: RSS then climbs and every chunk costs an
 * mmap). Files are read 1 MiB at a time (fewer asynchronous reads; reading the next megabyte ahead while one is
 * mapped was tried and measured no faster).
 */
const chunkSize = 1 << 16;
const readSize = 1 << 20;

function encodingProblem(code: string, message: string, file: string | undefined): Problem {
  const at: Problem['at'] = { segmentIndex: 0 };
  if (file !== undefined) at.file = file;
  return { code, severity: 'error', message, at };
}

/** Reads X12 bytes that are already in memory. */
export function readX12Bytes(bytes: Uint8Array, options: { file?: string } = {}): X12ReadResult {
  const claims: Claim[] = [];
  const remittances: Remittance[] = [];
  const problems: Problem[] = [];
  const handlers: X12Handlers = {
    claim: (c) => claims.push(c),
    remittance: (r) => remittances.push(r),
    problem: (p) => problems.push(p),
  };
  const sniffed = sniffEncoding(bytes);
  if (!sniffed.ok) {
    problems.push(encodingProblem(sniffed.code, sniffed.message, options.file));
    return { transactions: [], claims, remittances, problems, segments: 0, passedOver: {} };
  }
  const scannerOptions: { file?: string; encoding: typeof sniffed.encoding } = { encoding: sniffed.encoding };
  if (options.file !== undefined) scannerOptions.file = options.file;
  const scanner = new X12Scanner(handlers.problem, scannerOptions);
  const readerOptions: { file?: string } = {};
  if (options.file !== undefined) readerOptions.file = options.file;
  const reader = new X12Reader(handlers, readerOptions);
  for (let off = sniffed.bomLength; off < bytes.length; off += chunkSize) {
    scanner.write(bytes.subarray(off, Math.min(bytes.length, off + chunkSize)));
    for (let seg = scanner.next(); seg !== null; seg = scanner.next()) reader.segment(seg);
  }
  scanner.end();
  for (let seg = scanner.next(); seg !== null; seg = scanner.next()) reader.segment(seg);
  reader.finish(scanner.segments > 0 ? scanner.cursor : undefined);
  if (scanner.sawInvalidUtf8)
    problems.push({
      ...encodingProblem(
        'x12.encoding.invalid-utf8',
        'Some bytes are not valid UTF-8; they were read as Latin-1.',
        options.file,
      ),
      severity: 'warning',
    });
  return {
    transactions: reader.transactions,
    claims,
    remittances,
    problems,
    segments: scanner.segments,
    passedOver: Object.fromEntries(reader.passedOver),
  };
}

/** Reads X12 text. */
export function readX12Text(text: string, options: { file?: string } = {}): X12ReadResult {
  return readX12Bytes(Buffer.from(text, 'utf8'), options);
}

/**
 * Streams an X12 file: claims, remittances and problems go to the handlers as soon as they are complete.
 * Memory stays flat for 837 files of any size (an 835 is handed out per transaction set).
 */
export async function streamX12File(
  path: string,
  handlers: X12Handlers,
  options: {
    file?: string;
    onProgress?: (progress: StreamProgress) => void;
    chunkSize?: number;
    pace?: () => Promise<void>;
  } = {},
): Promise<X12StreamSummary> {
  const file = options.file ?? path;
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const feed = options.chunkSize ?? chunkSize;
    const size0 = Math.max(readSize, feed);
    const buffer = Buffer.allocUnsafe(size0);
    let position = 0;
    const first = await handle.read(buffer, 0, Math.min(size0, Math.max(size, 1)), 0);
    const sniffed = sniffEncoding(buffer.subarray(0, first.bytesRead));
    if (!sniffed.ok) {
      handlers.problem(encodingProblem(sniffed.code, sniffed.message, file));
      return {
        transactions: [],
        claims: 0,
        serviceLines: 0,
        remittances: 0,
        segments: 0,
        bytes: size,
        passedOver: {},
      };
    }
    const scanner = new X12Scanner(handlers.problem, { file, encoding: sniffed.encoding });
    const reader = new X12Reader(handlers, { file });
    let n = first.bytesRead;
    let start = sniffed.bomLength;
    while (n > 0) {
      for (let off = start; off < n; off += feed) {
        const to = Math.min(n, off + feed);
        scanner.write(buffer.subarray(off, to));
        for (let seg = scanner.next(); seg !== null; seg = scanner.next()) reader.segment(seg);
        options.onProgress?.({
          bytesRead: position + to,
          totalBytes: size,
          claims: reader.claims,
          segments: scanner.segments,
        });
        if (scanner.finished) break;
      }
      position += n;
      if (options.pace) await options.pace();
      if (scanner.finished) break;
      start = 0;
      n = (await handle.read(buffer, 0, size0, position)).bytesRead;
    }
    scanner.end();
    for (let seg = scanner.next(); seg !== null; seg = scanner.next()) reader.segment(seg);
    reader.finish(scanner.segments > 0 ? scanner.cursor : undefined);
    if (scanner.sawInvalidUtf8)
      handlers.problem({
        ...encodingProblem(
          'x12.encoding.invalid-utf8',
          'Some bytes are not valid UTF-8; they were read as Latin-1.',
          file,
        ),
        severity: 'warning',
      });
    return {
      transactions: reader.transactions,
      claims: reader.claims,
      serviceLines: reader.serviceLines,
      remittances: reader.remittances,
      segments: scanner.segments,
      bytes: size,
      passedOver: Object.fromEntries(reader.passedOver),
    };
  } finally {
    await handle.close();
  }
}
