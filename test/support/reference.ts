/**
 * The real reference data for tests: every file in ../shared/data read by the CMS readers into an in-memory
 * `ReferenceIndex` (no database). Built once per test process. Fails, never skips, when the data is missing or a
 * file is rejected.
 */
import type { ParsedDataset } from '../../src/adapters/cms/types.ts';
import { readFolder } from '../../src/adapters/store/import.ts';
import { releaseId } from '../../src/adapters/store/types.ts';
import { readDatasetFile } from '../../src/adapters/cms/index.ts';
import type { ReferenceData } from '../../src/core/reference/port.ts';
import { ReferenceIndex, type ReferenceEntry } from '../../src/core/reference/reference-index.ts';
import { sharedDataDir } from './shared.ts';

/** Fixed import time so release ids and outputs are stable. */
const IMPORTED_AT = '2026-01-01T00:00:00.000Z';

/** Turns parsed datasets into index entries, the way the store does (same release ids). */
export function entriesFromParsed(
  datasets: readonly ParsedDataset[],
  importedAt = IMPORTED_AT,
): ReferenceEntry[] {
  return datasets.map(
    (d) =>
      ({
        release: {
          ...d.release,
          id: releaseId(d.dataset, d.release.effectiveFrom, d.release.sha256),
          recordCount: d.records.length,
          importedAt,
        },
        records: d.records,
      }) as ReferenceEntry,
  );
}

/** Every dataset in ../shared/data, parsed. Throws (the test fails) if a file is rejected or nothing is read. */
export function readSharedDatasets(): ParsedDataset[] {
  const dir = sharedDataDir();
  const out: ParsedDataset[] = [];
  const seen = new Set<string>();
  const errors: string[] = [];
  for (const file of readFolder(dir)) {
    const result = readDatasetFile({ name: file.name, bytes: file.bytes });
    const fileErrors = result.problems.filter((p) => p.severity === 'error');
    if (fileErrors.length > 0)
      errors.push(...fileErrors.map((p) => `${file.displayPath ?? file.name}: ${p.message}`));
    else if (result.dataset !== undefined && !seen.has(result.release.sha256)) {
      // The CMS zip holds the same HCPCS txt (same SHA-256): one release, as in the store.
      seen.add(result.release.sha256);
      out.push(result);
    }
  }
  if (errors.length > 0)
    throw new Error(`shared data rejected by the readers:\n${errors.slice(0, 20).join('\n')}`);
  if (out.length === 0) throw new Error(`no dataset recognised in ${dir}`);
  return out;
}

let cached: Promise<ReferenceIndex> | undefined;

/** The shared data as `ReferenceData` (a `ReferenceIndex`), memoised per process. */
export function sharedReference(): Promise<ReferenceIndex> {
  cached ??= Promise.resolve().then(() => ReferenceIndex.build(entriesFromParsed(readSharedDatasets())));
  return cached;
}

/** Same as `sharedReference()`, typed as the port for callers that only need the port. */
export const sharedReferenceData = (): Promise<ReferenceData> => sharedReference();
