/** Test helper: runs the X12 scanner over bytes fed in pieces and returns every segment (materialised) and problem. */
import type { Problem } from '../../src/core/problem.ts';
import { X12Scanner } from '../../src/adapters/x12/scanner.ts';
import type { Segment } from '../../src/adapters/x12/segment.ts';

export interface ScanResult {
  segments: Segment[];
  problems: Problem[];
}

/**
 * Feeds `input` in pieces of `step` bytes (0 = all at once), draining after each, as the readers do.
 * `structuralIndex: false` makes the scanner use its JavaScript byte loop instead of the WebAssembly index.
 */
export function scanSegments(
  input: string | Uint8Array,
  options: { step?: number; structuralIndex?: boolean; file?: string } = {},
): ScanResult {
  const problems: Problem[] = [];
  const scannerOptions: { structuralIndex: boolean; file?: string } = {
    structuralIndex: options.structuralIndex ?? true,
  };
  if (options.file !== undefined) scannerOptions.file = options.file;
  const scanner = new X12Scanner((p) => problems.push(p), scannerOptions);
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const segments: Segment[] = [];
  const drain = (): void => {
    for (let s = scanner.next(); s !== null; s = scanner.next()) segments.push(s.toSegment());
  };
  const size = Math.max(1, options.step || bytes.length);
  for (let i = 0; i < bytes.length; i += size) {
    scanner.write(bytes.subarray(i, i + size));
    drain();
  }
  scanner.end();
  drain();
  return { segments, problems };
}
