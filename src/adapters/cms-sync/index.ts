/**
 * `drugclaim data sync`: download the reference files named in ./sources.json, verify them (HTTP status, length,
 * non-empty; then, while reading: zip integrity, recognised as the expected dataset, pinned SHA-256), then import
 * them all-or-nothing. If any
 * download or check fails nothing is imported and the store keeps its previous state.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Problem } from '../../core/problem.ts';
import type { DatasetKind } from '../../core/reference/model.ts';
import { importFiles, type ImportReport, type NamedInputFile } from '../store/import.ts';
import type { ReferenceStore } from '../store/types.ts';

export interface SyncSource {
  id: string;
  dataset: DatasetKind;
  /** Landing page where the publisher lists the file (documentation only). */
  page?: string;
  /** The publisher's download URL; null when the publisher has no file in a format drugclaim reads. */
  url: string | null;
  /** For a zip: regular expression (case-insensitive) naming the member to import. */
  member?: string;
  /** Path of the same file in a mirror laid out like ../shared/data (used with a base URL). */
  mirrorPath: string;
  /** SHA-256 of the file imported (the zip member), when pinned. */
  sha256?: string;
  note?: string;
}

export interface SyncConfig {
  quarter: string;
  sources: SyncSource[];
}

/** The shipped configuration (./sources.json). */
export function loadSyncConfig(): SyncConfig {
  const text = readFileSync(new URL('./sources.json', import.meta.url), 'utf8');
  return JSON.parse(text) as SyncConfig;
}

export type DownloadStatus = 'downloaded' | 'skipped' | 'failed';

export interface DownloadRow {
  id: string;
  dataset: DatasetKind;
  url: string | null;
  status: DownloadStatus;
  /** Bytes downloaded. */
  bytes: number | null;
  /** Name of the file downloaded. */
  file: string | null;
  /** SHA-256 of the download (for a zip, the pin in sources.json is checked against the data member instead). */
  sha256: string | null;
  ms: number;
  problems: Problem[];
}

export interface SyncReport {
  ok: boolean;
  downloads: DownloadRow[];
  /** The import, when every download passed its checks. */
  import: ImportReport | null;
  problems: Problem[];
  totalMs: number;
}

export interface SyncOptions {
  /** Fetch every file from `<baseUrl>/<mirrorPath>` instead of the publishers' URLs. */
  baseUrl?: string;
  /** Sources to fetch (default: ./sources.json). */
  sources?: readonly SyncSource[];
  /** Per-download timeout (default 120 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

function fail(row: DownloadRow, code: string, message: string): DownloadRow {
  row.status = 'failed';
  row.problems.push({
    code,
    severity: 'error',
    message: `${row.id} (${row.url ?? 'no URL'}): ${message}`,
    at: { file: row.url ?? row.id },
  });
  return row;
}

function mirrorUrl(baseUrl: string, mirrorPath: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${mirrorPath.split('/').map(encodeURIComponent).join('/')}`;
}

async function download(
  source: SyncSource,
  options: SyncOptions,
  tempDir: string,
): Promise<{ row: DownloadRow; file?: NamedInputFile }> {
  const started = performance.now();
  const url = options.baseUrl !== undefined ? mirrorUrl(options.baseUrl, source.mirrorPath) : source.url;
  const row: DownloadRow = {
    id: source.id,
    dataset: source.dataset,
    url,
    status: 'skipped',
    bytes: null,
    file: null,
    sha256: null,
    ms: 0,
    problems: [],
  };
  const done = (): { row: DownloadRow } => {
    row.ms = performance.now() - started;
    return { row };
  };
  if (url === null) {
    row.problems.push({
      code: 'sync.no-public-url',
      severity: 'info',
      message: `${source.id}: no public download in a format drugclaim reads${source.note ? ` (${source.note})` : ''}; import it with \`data import\` or sync from a mirror.`,
    });
    return done();
  }
  const doFetch = options.fetch ?? fetch;
  let bytes: Uint8Array | undefined;
  // One retry on a network error (a keep-alive connection the server closed, a reset): not on an HTTP status.
  for (let attempt = 1; bytes === undefined; attempt++) {
    try {
      const res = await doFetch(url, {
        signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
        redirect: 'follow',
      });
      if (!res.ok) {
        fail(row, 'sync.http-status', `HTTP ${res.status} ${res.statusText}`);
        return done();
      }
      const body = new Uint8Array(await res.arrayBuffer());
      const declared = res.headers.get('content-length');
      if (
        declared !== null &&
        res.headers.get('content-encoding') === null &&
        Number(declared) !== body.length
      ) {
        fail(row, 'sync.truncated', `received ${body.length} bytes, the server announced ${declared}`);
        return done();
      }
      bytes = body;
    } catch (err) {
      if (attempt < 2) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        continue;
      }
      fail(
        row,
        'sync.fetch-failed',
        err instanceof Error
          ? `${err.message}${err.cause instanceof Error ? ` (${err.cause.message})` : ''}`
          : String(err),
      );
      return done();
    }
  }
  if (bytes.length === 0) {
    fail(row, 'sync.empty', 'the download is empty');
    return done();
  }
  const name = decodeURIComponent(basename(new URL(url).pathname)) || source.id;
  writeFileSync(join(tempDir, `${source.id}-${name.replace(/[^\w.-]+/g, '_')}`), bytes);
  row.bytes = bytes.length;
  row.file = name;
  row.sha256 = createHash('sha256').update(bytes).digest('hex');
  row.status = 'downloaded';
  row.ms = performance.now() - started;
  const file: NamedInputFile = {
    name,
    bytes,
    displayPath: `${source.id}/${name}`,
    expectedDataset: source.dataset,
  };
  if (source.sha256 !== undefined) file.expectedSha256 = source.sha256.toLowerCase();
  return { row, file };
}

/** Downloads, verifies and imports every configured source; all-or-nothing. */
export async function syncFromCms(store: ReferenceStore, options: SyncOptions = {}): Promise<SyncReport> {
  const started = performance.now();
  const sources = options.sources ?? loadSyncConfig().sources;
  const tempDir = mkdtempSync(join(tmpdir(), 'drugclaim-sync-'));
  try {
    const results: { row: DownloadRow; file?: NamedInputFile }[] = [];
    // Two at a time: polite to the publishers, and most of the time is spent waiting on the network anyway.
    for (let i = 0; i < sources.length; i += 2) {
      const batch = sources.slice(i, i + 2).map((s) => download(s, options, tempDir));
      results.push(...(await Promise.all(batch)));
    }
    const downloads = results.map((r) => r.row);
    const failed = downloads.filter((d) => d.status === 'failed');
    const files = results.flatMap((r) => (r.file ? [r.file] : []));
    if (failed.length > 0 || files.length === 0) {
      const problems: Problem[] =
        failed.length > 0
          ? failed.flatMap((d) => d.problems)
          : [{ code: 'sync.nothing', severity: 'error', message: 'no file was downloaded' }];
      return { ok: false, downloads, import: null, problems, totalMs: performance.now() - started };
    }
    const report = await importFiles(store, files);
    return {
      ok: report.ok,
      downloads,
      import: report,
      problems: report.problems,
      totalMs: performance.now() - started,
    };
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
  }
}
