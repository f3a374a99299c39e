/**
 * How the reference commands (`data`, `code`, `ndc`, `search`, `icd10`) reach the store: a lookup never creates a
 * store by accident (opening a missing path would make an empty database file and its folder), and a store that
 * cannot be opened is named in the message.
 */
import type { ReferenceIndex } from '../../../core/reference/reference-index.ts';
import {
  defaultDatabasePath,
  openReferenceStore,
  type ReferenceStore,
  type SqliteReferenceStore,
} from '../../store/index.ts';
import type { ImportReleasesOptions, LoadOptions } from '../../store/types.ts';
import type { ParsedDataset } from '../../cms/types.ts';
import { loadReferenceForCli, noStoreMessage } from '../output.ts';

export { noStoreMessage };

/** node:sqlite's failures ("file is not a database", "unable to open database file") say nothing of the path. */
function isSqliteError(err: unknown): err is Error {
  return err instanceof Error && (err as { code?: unknown }).code === 'ERR_SQLITE_ERROR';
}

function namingPath(err: unknown, path: string): unknown {
  return isSqliteError(err)
    ? new Error(`cannot open the reference store ${path} (DRUGCLAIM_DB): ${err.message}`, { cause: err })
    : err;
}

/** Opens the store at `path` (creating it when missing); a failure names the path. */
export function openStoreAt(path: string): SqliteReferenceStore {
  try {
    return openReferenceStore({ dbPath: path });
  } catch (err) {
    throw namingPath(err, path);
  }
}

/**
 * The reference data for a lookup command: as `loadReferenceForCli` (a missing store is not created; the message
 * says how to make one, exit 2), with a store that cannot be opened named in the error.
 */
export async function referenceForLookup(): Promise<ReferenceIndex | undefined> {
  const path = defaultDatabasePath();
  try {
    return await loadReferenceForCli();
  } catch (err) {
    throw namingPath(err, path);
  }
}

/**
 * A store opened on first use: `data import` of a folder with nothing to import (or a rejected file) never touches
 * the database, so it creates no empty store either.
 */
export class StoreOnFirstUse implements ReferenceStore {
  readonly path: string;
  private store: SqliteReferenceStore | undefined;

  constructor(path: string) {
    this.path = path;
  }

  private open(): SqliteReferenceStore {
    this.store ??= openStoreAt(this.path);
    return this.store;
  }

  importReleases(datasets: readonly ParsedDataset[], options?: ImportReleasesOptions) {
    return this.open().importReleases(datasets, options);
  }

  listReleases() {
    return this.open().listReleases();
  }

  loadReferenceData(options?: LoadOptions) {
    return this.open().loadReferenceData(options);
  }

  deleteRelease(id: string) {
    return this.open().deleteRelease(id);
  }

  close(): Promise<void> {
    return this.store ? this.store.close() : Promise.resolve();
  }
}
