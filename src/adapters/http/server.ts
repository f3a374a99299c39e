/**
 * `drugclaim serve`: opens the store (one SQLite file), loads the reference data into memory (importing
 * $DRUGCLAIM_DATA_DIR first when the store is empty), builds the app and listens.
 *
 * On a store with no reference data and no data folder the service still starts: accounts, the web app and the
 * claim routes work, reference answers are 503 with the commands that load the data.
 *
 * Imports usually run beside the server (`drugclaim data import` or `data sync` from cron, writing the same store):
 * the server checks the store's list of releases every few seconds and, when it changed, loads the new reference
 * data and swaps it in. Requests in flight finish on the data they started with; answer caches are keyed by it.
 *
 * A store it cannot write (read-only file, folder or disk; a full disk) stops it before it listens: every sign-in,
 * every audited call and every import writes, so such a server would look healthy and fail every signed-in call.
 */
import { statSync } from 'node:fs';
import type { ReferenceData } from '../../core/reference/port.ts';
import type { ReferenceIndex } from '../../core/reference/reference-index.ts';
import { AccountStore } from '../store/accounts/index.ts';
import {
  ensureReferenceData,
  NoReferenceDataError,
  openReferenceStore,
  type SqliteReferenceStore,
} from '../store/index.ts';
import { defaultDatabasePath, sqlitePrimaryCode } from '../store/database.ts';
import { RecoverySession } from '../store/recovery/session.ts';
import { buildApp, type AppDeps } from './app.ts';
import type { App, AppConfig } from './context.ts';
import { sqliteCause, storeFault } from './errors.ts';
import { diskCheck, writeProbe } from './readiness.ts';

export interface ServeOptions {
  port: number;
  host: string;
  /** Database file (default $DRUGCLAIM_DB or ~/.drugclaim/drugclaim.db). */
  dbPath?: string;
  /** Folder of CMS files to import when the store is empty (default $DRUGCLAIM_DATA_DIR). */
  dataDir?: string;
  config?: Partial<AppConfig>;
  webRoot?: string | null;
  logger?: AppDeps['logger'];
  /** Where start-up messages go (default stderr). */
  say?: (line: string) => void;
  /** How often to look for releases imported by another process, in ms (default 10 s; 0: never). */
  reloadIntervalMs?: number;
}

export interface RunningServer {
  app: App;
  /** A URL to reach the server (loopback when it listens on every interface). */
  url: string;
  /** The address it listens on, e.g. http://0.0.0.0:8080. */
  listening: string;
  close(): Promise<void>;
}

/** The store cannot be written, so `drugclaim serve` does not start; the message names the file and why. */
export class StoreNotWritableError extends Error {
  readonly code = 'store-not-writable';
  readonly dbPath: string;
  constructor(dbPath: string, cause: string) {
    super(
      `cannot write the store ${dbPath}: ${cause}. The server writes it on every sign-in, audited call and import, ` +
        'so it does not start: make the file, its -wal and -shm files and its folder writable by the user running ' +
        'drugclaim (or free space on its disk), then start again.',
    );
    this.name = 'StoreNotWritableError';
    this.dbPath = dbPath;
  }
}

/**
 * Why opening the store failed, when the cause is that it cannot be written (a migration refused by a read-only
 * file, a folder drugclaim may not create); undefined for other failures, which keep their own message.
 */
function unwritableCause(err: unknown, path: string): string | undefined {
  const cause = (err as { cause?: unknown } | null)?.cause;
  for (const e of [err, cause]) {
    // A full disk can show as an I/O error at open: SQLite cannot grow the -shm file (SQLITE_IOERR_SHMSIZE).
    if (sqlitePrimaryCode(e) === 10) {
      const disk = diskCheck(path);
      return disk.ok ? `a disk I/O error (SQLite ${sqliteCause(e)})` : disk.detail;
    }
    const fault = storeFault(e);
    if (fault === 'read-only') return `it is read-only (SQLite ${sqliteCause(e)})`;
    if (fault === 'full') return 'the disk holding it is full';
    const errno = (e as NodeJS.ErrnoException | null)?.code;
    if (errno === 'ENOSPC') return 'the disk holding it is full';
    if (errno === 'EACCES' || errno === 'EPERM' || errno === 'EROFS')
      return `${errno}: no permission to create or write it`;
  }
  return undefined;
}

/** Opens the store and checks that it takes a write (rolled back) and that its disk has room. */
async function openWritableStore(dbPath: string | undefined): Promise<SqliteReferenceStore> {
  let store: SqliteReferenceStore;
  try {
    store = openReferenceStore(dbPath === undefined ? {} : { dbPath });
  } catch (err) {
    const path = dbPath ?? defaultDatabasePath();
    const cause = unwritableCause(err, path);
    if (cause === undefined) throw err;
    throw new StoreNotWritableError(path, cause);
  }
  const checks = [writeProbe(store.db)];
  if (store.db.location() !== null) checks.push(diskCheck(store.path));
  const failed = checks.find((c) => !c.ok);
  if (failed !== undefined) {
    await store.close();
    throw new StoreNotWritableError(store.path, failed.detail);
  }
  return store;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const say = options.say ?? ((line: string) => process.stderr.write(`${line}\n`));
  const store = await openWritableStore(options.dbPath);
  let reference: ReferenceIndex | undefined;
  /** The release ids the loaded reference data was built from (what the reload check compares). */
  let loadedReleases = '';
  try {
    await ensureReferenceData(store, {
      ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
      log: say,
    });
    loadedReleases = releaseIds(store);
    reference = await loadWarm(store);
    say(`drugclaim: ${reference.releases().length} reference releases loaded from ${store.path}.`);
  } catch (err) {
    if (!(err instanceof NoReferenceDataError)) throw err;
    say(`drugclaim: ${err.message}`);
    say(
      'drugclaim: serving without reference data; code lookups answer 503 until the data is imported into this store (it is picked up without a restart).',
    );
  }

  let reloading = false;
  const reloadIfChanged = async (): Promise<void> => {
    if (reloading) return;
    reloading = true;
    try {
      const now = releaseIds(store);
      if (now === loadedReleases) return;
      const next = now === '' ? undefined : await loadWarm(store);
      reference = next;
      loadedReleases = now;
      say(
        next === undefined
          ? 'drugclaim: the store no longer has reference data; code lookups answer 503.'
          : `drugclaim: the store's releases changed; ${next.releases().length} reference releases reloaded.`,
      );
    } catch (err) {
      // Keep serving what was loaded; the next check tries again.
      say(
        `drugclaim: could not reload the reference data: ${err instanceof Error ? err.message : String(err)}`,
      );
    } finally {
      reloading = false;
    }
  };
  const reloadIntervalMs = options.reloadIntervalMs ?? 10_000;
  const reloadTimer =
    reloadIntervalMs > 0 ? setInterval(() => void reloadIfChanged(), reloadIntervalMs) : undefined;
  reloadTimer?.unref();

  warnIfShared(store.path, say);
  const accounts = new AccountStore(store.db);
  if (accounts.userCount() === 0) {
    say(
      'drugclaim: no users yet. Create the first admin with: drugclaim user add NAME --admin (from a checkout: npm run drugclaim -- user add NAME --admin)',
    );
  }
  const purge = setInterval(() => accounts.purgeExpiredSessions(), 15 * 60_000);
  purge.unref();

  const source = (): ReferenceData | undefined => reference;
  const recovery = RecoverySession.open({
    ...(options.dbPath !== undefined ? { dbPath: options.dbPath } : {}),
    reference: async () => {
      if (!reference) throw new NoReferenceDataError(store.path);
      return reference;
    },
  });
  if (!recovery.ok) {
    for (const p of recovery.problems) say(`drugclaim: ${p.message}`);
    say(
      'drugclaim: the recovery rules (rules/denials, rules/appeals, rules/contracts) are invalid; claims, remittances and the worklist answer 503.',
    );
  }
  const app = await buildApp({
    reference: source,
    accounts,
    db: store.db,
    ...(recovery.ok ? { recovery: recovery.value } : {}),
    ...(options.config ? { config: options.config } : {}),
    ...(options.webRoot !== undefined ? { webRoot: options.webRoot } : {}),
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
  });
  const url = await app.listen({ port: options.port, host: options.host });
  // What the socket is bound to (0.0.0.0 is every interface), not the loopback URL Fastify picks to print.
  const bound = app.server.address();
  const listening =
    bound !== null && typeof bound === 'object'
      ? `http://${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`
      : url;
  return {
    app,
    url,
    listening,
    async close() {
      clearInterval(purge);
      if (reloadTimer !== undefined) clearInterval(reloadTimer);
      await app.close();
      if (recovery.ok) recovery.value.close();
      await store.close();
    },
  };
}

/** The ids of the store's releases, one string: it changes when a release is imported or deleted. */
function releaseIds(store: SqliteReferenceStore): string {
  return store
    .listReleasesSync()
    .map((r) => r.id)
    .join('\n');
}

/**
 * Loads every release into memory and builds the search index now, not on the first keystroke in the web app. In
 * steps, with a turn of the event loop between them: a reload (after an import) takes a few hundred milliseconds,
 * and requests are answered meanwhile from the data loaded before.
 */
async function loadWarm(store: SqliteReferenceStore): Promise<ReferenceIndex> {
  return store.loadReferenceData({ pause: () => new Promise<void>((resolve) => setImmediate(resolve)) });
}

/**
 * The store holds PHI and the audit log: a file other local users can read (or write) is said at start. It is
 * kept as it is (a store shared on purpose stays shared); drugclaim creates new stores 0600.
 */
function warnIfShared(path: string, say: (line: string) => void): void {
  let mode: number;
  try {
    mode = statSync(path).mode & 0o777;
  } catch {
    return; // in memory, or not a plain file: nothing to say
  }
  if ((mode & 0o077) !== 0)
    say(
      `drugclaim: warning: the store ${path} has mode ${mode.toString(8).padStart(4, '0')}: other local users can read the claims (PHI) and the audit log in it; chmod 600 it (and its -wal and -shm files) unless it is shared on purpose.`,
    );
}
