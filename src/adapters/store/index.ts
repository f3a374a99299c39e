/**
 * The store adapter's public face: open the reference store, make sure it has data, and hand out the in-memory
 * `ReferenceData` every command and the HTTP service read from.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ReferenceIndex } from '../../core/reference/reference-index.ts';
import { syncFromCms, type SyncOptions } from '../cms-sync/index.ts';
import { importFolder, type ImportReport } from './import.ts';
import { SqliteReferenceStore } from './sqlite-reference-store.ts';

export { openDatabase, registerMigration, defaultDatabasePath, type Migration } from './database.ts';
export { SqliteReferenceStore, REFERENCE_MIGRATIONS } from './sqlite-reference-store.ts';
export { importFiles, importFolder, readFolder, type FileImportRow, type ImportReport } from './import.ts';
export type { ReferenceStore, ImportReleasesResult, ReleaseImport, LoadOptions } from './types.ts';
import type { LoadOptions } from './types.ts';

/**
 * Why a store has no reference data: nothing to load it from (`store-empty`), the data folder named does not exist
 * (`data-dir-missing`), importing it was rejected (`import-failed`), or downloading failed (`sync-failed`).
 */
export type NoReferenceDataReason = 'store-empty' | 'data-dir-missing' | 'import-failed' | 'sync-failed';

/**
 * The store has no reference data and nothing to load it from. The message says what to do; `code`, `reason` and
 * `dbPath` let a program tell the cases apart without reading it.
 */
export class NoReferenceDataError extends Error {
  readonly code = 'no-reference-data';
  readonly reason: NoReferenceDataReason;
  readonly dbPath: string;
  /** What went wrong before the store was found empty (the failed download's problems), without the "Load it with" block. */
  readonly detail: string | undefined;
  constructor(dbPath: string, detail?: string, reason: NoReferenceDataReason = 'store-empty') {
    super(
      `${detail ? `${detail}\n` : ''}The reference store ${dbPath} has no reference data. Load it with one of:\n` +
        `  drugclaim data import --from DIR   (a folder of CMS files, e.g. ../shared/data)\n` +
        `  drugclaim data sync                (downloads from CMS the releases in cms-sync/sources.json)\n` +
        `or set DRUGCLAIM_DATA_DIR=DIR so drugclaim imports that folder on first use.`,
    );
    this.name = 'NoReferenceDataError';
    this.reason = reason;
    this.dbPath = dbPath;
    this.detail = detail || undefined;
  }
}

export interface StoreOptions {
  /** Database file; default `$DRUGCLAIM_DB` or ~/.drugclaim/drugclaim.db. */
  dbPath?: string;
}

export function openReferenceStore(options: StoreOptions = {}): SqliteReferenceStore {
  return SqliteReferenceStore.open(options.dbPath === undefined ? {} : { path: options.dbPath });
}

/** The problems of a failed startup sync named in the error; the rest are counted. */
const SYNC_PROBLEMS_SHOWN = 5;

export interface EnsureResult {
  /** "store": data was already there; "data-dir": imported now from $DRUGCLAIM_DATA_DIR (or `dataDir`); "sync": downloaded now. */
  source: 'store' | 'data-dir' | 'sync';
  report?: ImportReport;
}

export interface EnsureOptions {
  /** Folder to import from when the store is empty; default `$DRUGCLAIM_DATA_DIR`. */
  dataDir?: string;
  /** Where progress lines go (default stderr). */
  log?: (line: string) => void;
  /** When no data folder is configured, run `data sync` (download from the publishers). Default false. */
  sync?: boolean;
  /** Options for that sync (tests point it at a local mirror). */
  syncOptions?: SyncOptions;
}

/**
 * Makes sure the store holds reference data: when it has no release at all and a data folder is configured, the
 * folder is imported (all-or-nothing). Throws `NoReferenceDataError` when the store stays empty, and an Error
 * naming the files when the import is rejected.
 */
export async function ensureReferenceData(
  store: SqliteReferenceStore,
  options: EnsureOptions = {},
): Promise<EnsureResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  if ((await store.listReleases()).length > 0) return { source: 'store' };
  const envDir = process.env['DRUGCLAIM_DATA_DIR'];
  const dir = options.dataDir ?? (envDir !== undefined && envDir !== '' ? envDir : undefined);
  if (dir === undefined) {
    if (!options.sync) throw new NoReferenceDataError(store.path);
    log(
      `drugclaim: the reference store ${store.path} is empty and DRUGCLAIM_DATA_DIR is not set; downloading the reference files (data sync)…`,
    );
    const synced = await syncFromCms(store, options.syncOptions ?? {});
    if (!synced.ok) {
      const shown = synced.problems.slice(0, SYNC_PROBLEMS_SHOWN).map((p) => `  ${p.message}`);
      const more = synced.problems.length - shown.length;
      if (more > 0) shown.push(`  … and ${more} more (\`drugclaim data sync\` shows them all)`);
      const why = shown.join('\n');
      throw new NoReferenceDataError(
        store.path,
        `data sync failed, the store is unchanged:\n${why}`,
        'sync-failed',
      );
    }
    log(`drugclaim: downloaded and imported the reference files in ${(synced.totalMs / 1000).toFixed(1)} s.`);
    return synced.import ? { source: 'sync', report: synced.import } : { source: 'sync' };
  }
  const abs = resolve(dir);
  const from = options.dataDir !== undefined ? 'dataDir' : 'DRUGCLAIM_DATA_DIR';
  // The store stays empty either way: a NoReferenceDataError, so a server still starts and serves the rest.
  if (!existsSync(abs))
    throw new NoReferenceDataError(
      store.path,
      `${from} points to ${abs}, which does not exist.`,
      'data-dir-missing',
    );
  log(`drugclaim: the reference store ${store.path} is empty; importing ${abs} (${from})…`);
  const report = await importFolder(store, abs);
  if (!report.ok) {
    const lines = [
      ...report.problems.map((p) => p.message),
      ...report.rows
        .filter((r) => r.status === 'rejected')
        .flatMap((r) =>
          r.problems.filter((p) => p.severity === 'error').map((p) => `${r.file}: ${p.message}`),
        ),
    ];
    throw new NoReferenceDataError(
      store.path,
      `importing ${abs} failed, the store is unchanged:\n  ${lines.slice(0, 20).join('\n  ')}`,
      'import-failed',
    );
  }
  const imported = report.rows.filter((r) => r.status === 'imported').length;
  log(`drugclaim: imported ${imported} releases in ${(report.totalMs / 1000).toFixed(1)} s.`);
  return { source: 'data-dir', report };
}

/**
 * Opens the store, loads it first from `dataDir` (default $DRUGCLAIM_DATA_DIR) when it is empty, and returns every release as an
 * in-memory index (the `ReferenceData` port). Eager (default): everything is read now and the database is closed
 * before returning. `lazy: true` (CLI commands): each dataset is read on its first lookup, so the database stays
 * open until the process exits.
 */
export async function openReferenceData(
  options: StoreOptions & LoadOptions & Pick<EnsureOptions, 'dataDir' | 'log'> = {},
): Promise<ReferenceIndex> {
  const store = openReferenceStore(options);
  try {
    await ensureReferenceData(store, {
      ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
      ...(options.log !== undefined ? { log: options.log } : {}),
    });
    const index = await store.loadReferenceData({ lazy: options.lazy ?? false });
    if (!options.lazy) await store.close();
    return index;
  } catch (err) {
    await store.close();
    throw err;
  }
}
