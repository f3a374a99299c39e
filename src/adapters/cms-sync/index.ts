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

/** What a download is doing, for a progress display. `id` is the source's id. */
export type SyncProgress =
  | { kind: 'start'; id: string; url: string; attempt: number }
  /** The response headers arrived; `total` is the announced length (null when not announced). */
  | { kind: 'response'; id: string; total: number | null }
  | { kind: 'bytes'; id: string; bytes: number; total: number | null }
  /** The attempt failed on the network (cut, stalled); one more is made. */
  | { kind: 'retry'; id: string; attempt: number; reason: string }
  | { kind: 'done'; id: string; bytes: number }
  | { kind: 'failed'; id: string; message: string };

export interface SyncOptions {
  /** Fetch every file from `<baseUrl>/<mirrorPath>` instead of the publishers' URLs. */
  baseUrl?: string;
  /** Sources to fetch (default: ./sources.json). */
  sources?: readonly SyncSource[];
  /**
   * Idle timeout of each request (default 60 s): the attempt is given up when no response, or no further byte of
   * the body, arrives for this long. A slow download that keeps moving is never cut.
   */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Called as each download starts, moves, retries and ends. */
  onProgress?: (progress: SyncProgress) => void;
}

export const DEFAULT_TIMEOUT_MS = 60_000;

/** Why `url` cannot be a mirror's base URL (undefined when it can): checked before any request is made. */
export function baseUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL: expected http://host[:port]/path/ (a mirror laid out like ../shared/data)`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return `"${url}" is a ${parsed.protocol.replace(/:$/, '')}: URL; data sync downloads over http:// or https:// only (for a local folder use \`drugclaim data import --from DIR\`)`;
  return undefined;
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

type FetchOutcome =
  | { ok: true; bytes: Uint8Array }
  | {
      ok: false;
      code: 'sync.http-status' | 'sync.truncated' | 'sync.timeout' | 'sync.fetch-failed';
      message: string;
    };

/** The body stopped for longer than the idle timeout. */
class Stalled extends Error {}

const errorText = (err: unknown): string =>
  err instanceof Error
    ? `${err.message}${err.cause instanceof Error ? ` (${err.cause.message})` : ''}`
    : String(err);

/**
 * One request, read as a stream so that progress can be shown, a stall is noticed (no response or no new byte for
 * `timeoutMs`: an idle timeout, so a slow but moving download is never cut), and a body that ends before its
 * announced Content-Length is told apart from other network failures.
 */
async function fetchOnce(
  doFetch: typeof fetch,
  url: string,
  id: string,
  timeoutMs: number,
  progress: (p: SyncProgress) => void,
): Promise<FetchOutcome> {
  const controller = new AbortController();
  const seconds = `${Math.round(timeoutMs / 100) / 10} s`;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (what: string): void => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new Stalled(what)), timeoutMs);
  };
  let received = 0;
  let declared: number | null = null;
  try {
    arm(`no response for ${seconds}`);
    const res = await doFetch(url, { signal: controller.signal, redirect: 'follow' });
    if (!res.ok) {
      // The body is not wanted; cancelling it frees the connection.
      await res.body?.cancel().catch(() => undefined);
      return { ok: false, code: 'sync.http-status', message: `HTTP ${res.status} ${res.statusText}` };
    }
    const length = res.headers.get('content-length');
    // A compressed body's length is that of the compressed bytes, not of what fetch hands over.
    if (length !== null && res.headers.get('content-encoding') === null && /^\d+$/.test(length))
      declared = Number(length);
    progress({ kind: 'response', id, total: declared });
    const chunks: Uint8Array[] = [];
    if (res.body) {
      const reader = res.body.getReader();
      for (;;) {
        arm(`no data for ${seconds} after ${received} bytes`);
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.length;
        progress({ kind: 'bytes', id, bytes: received, total: declared });
      }
    }
    if (declared !== null && received !== declared)
      return {
        ok: false,
        code: 'sync.truncated',
        message: `received ${received} bytes, the server announced ${declared}`,
      };
    return { ok: true, bytes: Buffer.concat(chunks) };
  } catch (err) {
    const reason: unknown = controller.signal.aborted ? controller.signal.reason : undefined;
    if (reason instanceof Stalled)
      return { ok: false, code: 'sync.timeout', message: `${reason.message} (the idle timeout)` };
    // undici reports a body cut short as "terminated": with a known length that is a truncated download.
    if (declared !== null && received < declared)
      return {
        ok: false,
        code: 'sync.truncated',
        message: `received ${received} bytes, the server announced ${declared} (${errorText(err)})`,
      };
    return { ok: false, code: 'sync.fetch-failed', message: errorText(err) };
  } finally {
    clearTimeout(timer);
  }
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
  const progress = options.onProgress ?? ((): void => undefined);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let bytes: Uint8Array | undefined;
  // One retry on a network failure (a keep-alive connection the server closed, a reset, a cut or stalled
  // download): not on an HTTP status, which a second request would only repeat.
  for (let attempt = 1; bytes === undefined; attempt++) {
    progress({ kind: 'start', id: source.id, url, attempt });
    const outcome = await fetchOnce(doFetch, url, source.id, timeoutMs, progress);
    if (outcome.ok) {
      bytes = outcome.bytes;
      break;
    }
    if (outcome.code !== 'sync.http-status' && attempt < 2) {
      progress({ kind: 'retry', id: source.id, attempt: attempt + 1, reason: outcome.message });
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    const message =
      outcome.code === 'sync.http-status'
        ? outcome.message
        : `${outcome.message}; gave up after ${attempt} attempts`;
    fail(row, outcome.code, message);
    progress({ kind: 'failed', id: source.id, message });
    return done();
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
  progress({ kind: 'done', id: source.id, bytes: bytes.length });
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
  if (options.baseUrl !== undefined) {
    const why = baseUrlProblem(options.baseUrl);
    if (why !== undefined)
      return {
        ok: false,
        downloads: [],
        import: null,
        problems: [{ code: 'sync.bad-base-url', severity: 'error', message: why }],
        totalMs: performance.now() - started,
      };
  }
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
    // A refused import's reasons are the rejected files' errors: they are the sync's problems too.
    const refused = report.ok
      ? []
      : report.rows.flatMap((r) => r.problems.filter((p) => p.severity === 'error'));
    return {
      ok: report.ok,
      downloads,
      import: report,
      problems: [...report.problems, ...refused],
      totalMs: performance.now() - started,
    };
  } finally {
    rmSync(tempDir, { recursive: true, force: true });
  }
}
