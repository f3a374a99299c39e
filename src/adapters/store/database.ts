/**
 * The one SQLite file every drugclaim module shares, and the migrations that build its tables.
 *
 * `openDatabase()` opens `$DRUGCLAIM_DB` (default ~/.drugclaim/drugclaim.db), switches on WAL, foreign keys and a
 * busy timeout, and applies every migration not yet recorded in `schema_version`. Modules add their tables with
 * `registerMigration()` (at import time) or by passing `migrations` to `openDatabase()`; a migration runs once per
 * database file, in its own transaction, identified by its id (e.g. "reference/001-releases").
 *
 * node:sqlite (built into Node 24) is used rather than better-sqlite3: no native build, same synchronous API style;
 * see docs/reference-store.md for the measured comparison.
 *
 * The store holds claims (PHI), accounts and the audit log, so a store drugclaim creates is private: its folder 0700
 * (when drugclaim creates the folder) and the file 0600. SQLite creates the -wal and -shm files with the database
 * file's permissions, so they are 0600 too. An existing file keeps the mode it has (docs/reference-store.md).
 *
 * A store that records a migration this build does not know was written by a newer drugclaim: opening it fails
 * (`NewerStoreError`) rather than let old code write old-format rows into the new tables. Migrations that upgrade
 * a store are announced to the `onStoreUpgrade()` listeners (the CLI prints them).
 *
 * One connection writes at a time; the others wait for the write lock, and node:sqlite waits on the thread. A server
 * writes with `writeWhenFree()` where it must not stop (audit rows: the wait is on a timer); the CLI waits longer and
 * says so (`setLockPatience()`), and a store kept busy past that is a `StoreBusyError` (docs/operations.md,
 * "Concurrent use").
 */
import { closeSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { KNOWN_MIGRATIONS } from './known-migrations.ts';

export interface Migration {
  /** Unique and stable forever: "<module>/<nnn>-<what>", e.g. "claims/001-claims". */
  id: string;
  /** One or more SQL statements (portable SQL: TEXT, INTEGER, REAL; no SQLite-only tricks where avoidable). */
  sql: string;
}

const registry: Migration[] = [];

/** Adds a migration every later `openDatabase()` applies (once per file). Registering the same id twice is an error unless the SQL is identical. */
export function registerMigration(migration: Migration): void {
  const existing = registry.find((m) => m.id === migration.id);
  if (existing) {
    if (existing.sql !== migration.sql)
      throw new Error(`migration ${migration.id} registered twice with different SQL`);
    return;
  }
  registry.push(migration);
}

export function registeredMigrations(): readonly Migration[] {
  return registry;
}

/**
 * The store records migrations this build does not know: a newer drugclaim upgraded it. Old code would write
 * old-format rows into the new tables, so the store is not opened.
 */
export class NewerStoreError extends Error {
  readonly code = 'store-newer-than-drugclaim';
  readonly dbPath: string;
  readonly unknownMigrations: readonly string[];
  constructor(dbPath: string, unknownMigrations: readonly string[]) {
    super(
      `the store ${dbPath} was written by a newer drugclaim: it records migrations this drugclaim does not know ` +
        `(${unknownMigrations.join(', ')}). Upgrade drugclaim, or restore a backup taken before the upgrade ` +
        '(docs/operations.md, "Backups and restore").',
    );
    this.name = 'NewerStoreError';
    this.dbPath = dbPath;
    this.unknownMigrations = unknownMigrations;
  }
}

/** SQLite could not open the file (or create its -wal and -shm); the message names the path and what to check. */
export class StoreOpenError extends Error {
  readonly code = 'store-open-failed';
  readonly dbPath: string;
  constructor(dbPath: string, message: string, cause: unknown) {
    super(message, { cause });
    this.name = 'StoreOpenError';
    this.dbPath = dbPath;
  }
}

/**
 * SQLite's primary result code (the low 8 bits: SQLITE_IOERR_SHMSIZE 4874 is SQLITE_IOERR 10) of an error that
 * carries one, as node:sqlite throws it (`code: 'ERR_SQLITE_ERROR'`, `errcode` the extended code, `errstr` its text);
 * undefined when `err` has no numeric `errcode`. It does not look at `code`: a caller that needs it checks it.
 * @see https://www.sqlite.org/rescode.html "Primary Result Codes versus Extended Result Codes"
 */
export function sqlitePrimaryCode(err: unknown): number | undefined {
  const errcode = (err as { errcode?: unknown } | null | undefined)?.errcode;
  return typeof errcode === 'number' ? errcode & 0xff : undefined;
}

/** SQLITE_PERM, SQLITE_READONLY, SQLITE_CANTOPEN: the file or its folder, not the SQL, is at fault. */
const FILE_ACCESS_ERRCODES = new Set([3, 8, 14]);

/** node:sqlite's "unable to open database file" names no path: add it, and what to check. Other errors pass through. */
function namingPath(path: string, err: unknown): unknown {
  const primary = sqlitePrimaryCode(err);
  if (!(err instanceof Error) || primary === undefined || !FILE_ACCESS_ERRCODES.has(primary)) return err;
  let isFolder = false;
  try {
    isFolder = statSync(path).isDirectory();
  } catch {
    // Missing or unreadable: the general hint applies.
  }
  const hint = isFolder
    ? `${path} is a folder; the store's path (DRUGCLAIM_DB) must name the database file, e.g. ${join(path, 'drugclaim.db')}.`
    : `The folder ${dirname(path)} must be writable by the user drugclaim runs as (SQLite creates ` +
      `${basename(path)}-wal and ${basename(path)}-shm beside the file), and the file readable and writable by it.`;
  return new StoreOpenError(path, `cannot open the store ${path}: ${err.message}. ${hint}`, err);
}

/**
 * Migrations applied to modules the store already had tables of. A new store, or a module's first tables in an
 * existing one (the first `claims import` into a store made by `data import`), is created, not upgraded.
 */
export interface StoreUpgrade {
  /** The database file (`:memory:` for an in-memory one). */
  path: string;
  /** The migration ids applied, in order. */
  applied: readonly string[];
}

const upgradeListeners = new Set<(upgrade: StoreUpgrade) => void>();

/**
 * Calls `listener` each time migrations upgrade a store (see `StoreUpgrade`), whichever module opens it. Returns the
 * function that stops the calls.
 */
export function onStoreUpgrade(listener: (upgrade: StoreUpgrade) => void): () => void {
  upgradeListeners.add(listener);
  return () => upgradeListeners.delete(listener);
}

/** "recovery" of "recovery/003-item-keys". */
const moduleOf = (id: string): string => id.split('/')[0] ?? id;

/**
 * Ends the transaction a failure left open, if one is: SQLite has already rolled back after some errors
 * (SQLITE_FULL, SQLITE_IOERR, RAISE(ROLLBACK)), and a second ROLLBACK's "no transaction is active" would hide them.
 */
export function rollbackIfOpen(db: DatabaseSync): void {
  if (db.isTransaction) db.exec('ROLLBACK');
}

// ---- Another process holds the write lock ----
//
// SQLite lets one connection write at a time; others wait for the lock up to their busy timeout, and node:sqlite waits
// synchronously: the whole thread stops meanwhile. A CLI command may do that (it has nothing else to do), but a server
// must not (docs/operations.md, "Concurrent use"): `writeWhenFree` waits on a timer instead, and `setLockPatience`
// makes the CLI wait longer and say that it does.

/** SQLITE_BUSY (5) or SQLITE_LOCKED (6), extended codes included: another connection holds the lock a statement needs. */
export function isStoreBusy(err: unknown): boolean {
  const primary = sqlitePrimaryCode(err);
  return (
    (err as { code?: unknown } | null | undefined)?.code === 'ERR_SQLITE_ERROR' &&
    (primary === 5 || primary === 6)
  );
}

/** The connection's busy timeout in ms (`PRAGMA busy_timeout`; node:sqlite's own default is 0). */
export function busyTimeoutOf(db: DatabaseSync): number {
  return Number((db.prepare('PRAGMA busy_timeout').get() as { timeout?: unknown } | undefined)?.timeout ?? 0);
}

function setBusyTimeout(db: DatabaseSync, ms: number): void {
  db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(ms))}`);
}

/** How long one try of `writeWhenFree` lets SQLite wait for the lock, holding the event loop meanwhile. */
export const WRITE_TRY_WAIT_MS = 5;
/** The pause before the first retry; it doubles up to `RETRY_PAUSE_MAX_MS` while the lock stays taken. */
const RETRY_PAUSE_FIRST_MS = 5;
const RETRY_PAUSE_MAX_MS = 100;

interface WaitingWrite {
  write: () => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
  /** Date.now() after which a busy store fails the write. */
  deadline: number;
}

/**
 * The writes of one connection waiting for another connection's write lock, first come first served. Only the first
 * is tried on each turn of the timer: a hundred waiting requests cost the event loop one short try, not a hundred.
 */
class WaitingWrites {
  readonly #db: DatabaseSync;
  #queue: WaitingWrite[] = [];
  #timer: NodeJS.Timeout | undefined;
  #pauseMs = RETRY_PAUSE_FIRST_MS;
  /** The busy error of the last try, for the writes whose time runs out behind it. */
  #lastBusy: unknown;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  add(write: () => unknown, waitMs: number | undefined): Promise<unknown> {
    return new Promise((resolve, reject) => {
      let deadline: number;
      try {
        deadline = Date.now() + (waitMs ?? busyTimeoutOf(this.#db));
      } catch (err) {
        reject(err); // a closed connection
        return;
      }
      const waiting: WaitingWrite = { write, resolve, reject, deadline };
      // Behind writes that wait already: the lock is still taken, and they came first.
      if (this.#queue.length === 0 && this.#try(waiting)) return;
      this.#queue.push(waiting);
      this.#schedule();
    });
  }

  /** Runs the write with a short busy timeout. False when the store was busy and its time is not up (it waits on). */
  #try(waiting: WaitingWrite): boolean {
    let restore: number | undefined;
    try {
      restore = busyTimeoutOf(this.#db);
      setBusyTimeout(this.#db, Math.min(WRITE_TRY_WAIT_MS, Math.max(0, waiting.deadline - Date.now())));
      waiting.resolve(waiting.write());
    } catch (err) {
      if (isStoreBusy(err) && Date.now() < waiting.deadline) {
        this.#lastBusy = err;
        return false;
      }
      waiting.reject(err);
    } finally {
      // Left short, every later write on this connection would give up after a few ms. Setting it cannot fail on a
      // connection that just took the PRAGMA above; a throw here would only replace the write's own outcome.
      if (restore !== undefined) {
        try {
          setBusyTimeout(this.#db, restore);
        } catch {
          // the connection was closed by the write itself
        }
      }
    }
    return true;
  }

  #schedule(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#drain();
    }, this.#pauseMs);
    this.#pauseMs = Math.min(RETRY_PAUSE_MAX_MS, this.#pauseMs * 2);
  }

  #drain(): void {
    while (this.#queue[0] !== undefined && this.#try(this.#queue[0])) this.#queue.shift();
    if (this.#queue.length === 0) {
      this.#pauseMs = RETRY_PAUSE_FIRST_MS;
      return;
    }
    // Still locked: the writes whose time is up fail now, not once the ones ahead of them are done.
    const now = Date.now();
    this.#queue = this.#queue.filter((w) => {
      if (w.deadline > now) return true;
      w.reject(this.#lastBusy);
      return false;
    });
    if (this.#queue.length > 0) this.#schedule();
  }
}

const waitingWrites = new WeakMap<DatabaseSync, WaitingWrites>();

/**
 * Runs `write` on `db` without holding the event loop while another connection (a CLI import, another process) holds
 * the store's write lock: it is tried with a busy timeout of a few ms (`WRITE_TRY_WAIT_MS`), then again on a timer,
 * behind the writes of this connection that wait already, until `waitMs` (default: the connection's busy timeout)
 * has passed; then the promise rejects with SQLite's busy error. Other errors reject at once. When the store is free
 * the write runs before this returns.
 *
 * `write` must be all-or-nothing, as one statement or one transaction that rolls back when it fails: after a busy
 * error it runs again.
 */
export function writeWhenFree<T>(
  db: DatabaseSync,
  write: () => T,
  options: { waitMs?: number } = {},
): Promise<T> {
  let queue = waitingWrites.get(db);
  if (queue === undefined) {
    queue = new WaitingWrites(db);
    waitingWrites.set(db, queue);
  }
  return queue.add(write, options.waitMs) as Promise<T>;
}

/** How connections opened from now on wait for another process's write lock (`setLockPatience`). */
export interface LockPatience {
  /** The longest wait (the connections' busy timeout). */
  waitMs: number;
  /** A transaction that has waited this long says so, once: `onWaiting`. */
  noticeAfterMs: number;
  onWaiting(path: string): void;
}

let patience: LockPatience | undefined;

/**
 * Connections opened under a patience, with the rows SQLite counts them as having changed once their open was done
 * (its migrations are announced apart): whether the process wrote anything before a write that gave up.
 */
const changesAtOpen = new Map<DatabaseSync, number>();
let changedOnClosed = false;

/**
 * Makes the connections `openDatabase` opens from now on wait up to `waitMs` for another process's write lock (their
 * busy timeout, unless the open gives one), and call `onWaiting` once a transaction (`BEGIN IMMEDIATE`) has waited
 * `noticeAfterMs`; undefined goes back to the default (5 s, silently). For the CLI, which has nothing else to do
 * meanwhile: in a server the wait would stop every other request (use `writeWhenFree` there). What the process
 * writes (`processWroteToStore`) is counted from here.
 */
export function setLockPatience(next: LockPatience | undefined): void {
  patience = next;
  changedOnClosed = false;
  for (const db of changesAtOpen.keys()) {
    if (db.isOpen) changesAtOpen.set(db, totalChanges(db));
    else changesAtOpen.delete(db);
  }
}

const BEGIN_WRITE = /^\s*BEGIN\s+(IMMEDIATE|EXCLUSIVE)\b/i;

const totalChanges = (db: DatabaseSync): number =>
  Number((db.prepare('SELECT total_changes() AS n').get() as { n?: unknown } | undefined)?.n ?? 0);

/**
 * Splits the wait of each `BEGIN IMMEDIATE` on `db` in two, to say after the first part that it waits (SQLite waits
 * inside the statement: no timer could say it meanwhile), and keeps count of what the connection wrote.
 */
function waitPatiently(db: DatabaseSync, path: string, wait: LockPatience): void {
  const exec = db.exec.bind(db);
  const close = db.close.bind(db);
  db.exec = (sql: string): void => {
    if (!BEGIN_WRITE.test(sql)) return exec(sql);
    const waitMs = busyTimeoutOf(db);
    if (waitMs <= wait.noticeAfterMs) return exec(sql);
    setBusyTimeout(db, wait.noticeAfterMs);
    try {
      try {
        return exec(sql);
      } catch (err) {
        // Run again only when nothing of it ran: SQLite stops a list of statements at the first that fails.
        if (!isStoreBusy(err) || db.isTransaction) throw err;
      }
      wait.onWaiting(path);
      setBusyTimeout(db, waitMs - wait.noticeAfterMs);
      return exec(sql);
    } finally {
      setBusyTimeout(db, waitMs);
    }
  };
  db.close = (): void => {
    const atOpen = changesAtOpen.get(db);
    if (atOpen !== undefined && db.isOpen && totalChanges(db) > atOpen) changedOnClosed = true;
    changesAtOpen.delete(db);
    close();
  };
}

/**
 * Whether this process changed rows through a connection opened under a patience, after its open; undefined when no
 * patience is set (not counted). SQLite counts the rows of transactions that were rolled back too: it may say true
 * when nothing was kept, never false when something was.
 */
export function processWroteToStore(): boolean | undefined {
  if (patience === undefined) return undefined;
  if (changedOnClosed) return true;
  for (const [db, atOpen] of changesAtOpen) if (db.isOpen && totalChanges(db) > atOpen) return true;
  return false;
}

/** Another process held the store's write lock for longer than this one would wait: nothing of the step was written. */
export class StoreBusyError extends Error {
  readonly code = 'store-busy';
  readonly dbPath: string;
  /** How long it waited at most; undefined when not known. */
  readonly waitedMs: number | undefined;
  /** Whether this process had written to the store before; undefined when not known. */
  readonly wroteBefore: boolean | undefined;
  constructor(
    dbPath: string,
    details: { waitedMs?: number | undefined; wroteBefore?: boolean | undefined },
    cause: unknown,
  ) {
    const waited =
      details.waitedMs === undefined || details.waitedMs < 1000
        ? ''
        : ` and was still busy after ${Math.round(details.waitedMs / 1000)} s of waiting`;
    const outcome =
      details.wroteBefore === false
        ? 'nothing was written. Try again when it has finished.'
        : details.wroteBefore === true
          ? 'this command had saved part of its work before that; the rest was not written. Run it again when the other process has finished.'
          : 'what needed the store was not done. Try again when it has finished.';
    super(
      `the store ${dbPath} is being written by another drugclaim process (an import or a sync?)${waited}; ${outcome}`,
      { cause },
    );
    this.name = 'StoreBusyError';
    this.dbPath = dbPath;
    this.waitedMs = details.waitedMs;
    this.wroteBefore = details.wroteBefore;
  }
}

/**
 * `err` as a StoreBusyError when it, or an error it wraps (`cause`: "migration … failed"), is SQLite's busy error;
 * undefined otherwise. `path` is the store the process uses.
 */
export function storeBusyError(err: unknown, path: string): StoreBusyError | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 8 && e !== null && typeof e === 'object'; depth++) {
    if (e instanceof StoreBusyError) return e;
    if (isStoreBusy(e))
      return new StoreBusyError(
        path,
        { waitedMs: patience?.waitMs, wroteBefore: processWroteToStore() },
        err,
      );
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** `$DRUGCLAIM_DB`, else ~/.drugclaim/drugclaim.db. */
export function defaultDatabasePath(): string {
  const fromEnv = process.env['DRUGCLAIM_DB'];
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv);
  return join(homedir(), '.drugclaim', 'drugclaim.db');
}

export interface OpenDatabaseOptions {
  /** Migrations to apply on top of the registered ones (each once, by id). */
  migrations?: readonly Migration[];
  /** Milliseconds to wait for a lock held by another process (default 5000, or the `setLockPatience` wait). */
  busyTimeoutMs?: number;
  readOnly?: boolean;
}

/** Mode of a database file drugclaim creates (and so of its -wal and -shm): the owner's only. */
export const DATABASE_FILE_MODE = 0o600;
/** Mode of the folders drugclaim creates for a database. */
export const DATABASE_DIR_MODE = 0o700;

/**
 * Creates the folder (0700) and an empty database file (0600) when they do not exist yet, before SQLite opens it:
 * SQLite would create the file with the umask's mode (0644), readable by every local user. An empty file is a valid
 * empty database. Returns whether it created the file.
 */
function createPrivately(path: string): boolean {
  mkdirSync(dirname(path), { recursive: true, mode: DATABASE_DIR_MODE });
  try {
    closeSync(openSync(path, 'wx', DATABASE_FILE_MODE));
    return true;
  } catch (err) {
    // Already there (or another process just made it): it keeps its own mode.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return false;
  }
}

/**
 * Removes a database file this open created, with the files SQLite keeps beside it: a first open that failed (its
 * migrations, say) would otherwise leave an empty or half-built file that the next start takes for a store.
 */
function removeCreated(path: string): void {
  for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) rmSync(file, { force: true });
}

/** Opens (creating the folder and file when needed) and migrates the database. `:memory:` works for tests. */
export function openDatabase(
  path: string = defaultDatabasePath(),
  options: OpenDatabaseOptions = {},
): DatabaseSync {
  // '' and ':memory:' are SQLite's temporary and in-memory databases, with no file of ours to create.
  const created = path !== ':memory:' && path !== '' && !options.readOnly && createPrivately(path);
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path, { readOnly: options.readOnly ?? false });
  } catch (err) {
    if (created) removeCreated(path);
    throw namingPath(path, err);
  }
  // Another process starting at the same moment may open the file we created and build its store in it: it is then
  // its store, kept. What another connection commits changes data_version (switching to WAL changes it too).
  const othersVersion = (): unknown => db.prepare('PRAGMA data_version').get()?.['data_version'];
  let before: unknown;
  /** This open created the file and found no store in it yet: removed if the open fails. */
  let mayRemove = created;
  try {
    setBusyTimeout(db, options.busyTimeoutMs ?? patience?.waitMs ?? 5000);
    if (patience !== undefined) waitPatiently(db, db.location() ?? path, patience);
    if (!options.readOnly) {
      db.exec('PRAGMA journal_mode = WAL');
      // NORMAL is durable against crashes of the process in WAL mode (a power cut may lose the last commit).
      db.exec('PRAGMA synchronous = NORMAL');
      // 32 MB page cache: a full reference import (≈ 40 MB of pages) spills less to the WAL mid-transaction.
      db.exec('PRAGMA cache_size = -32768');
    }
    if (created) {
      before = othersVersion();
      mayRemove = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'schema_version'").get() === undefined;
    }
    db.exec('PRAGMA foreign_keys = ON');
    const migrations = [...registry, ...(options.migrations ?? [])];
    const unknown = unknownMigrations(db, [...KNOWN_MIGRATIONS, ...migrations]);
    if (unknown.length > 0) throw new NewerStoreError(db.location() ?? path, unknown);
    if (!options.readOnly) applyMigrations(db, migrations);
  } catch (err) {
    // Only a file this open created and no other process wrote to: one that was there before is someone's store,
    // whatever state it is in.
    let ours = mayRemove;
    try {
      ours &&= othersVersion() === before;
    } catch {
      ours = false; // cannot tell: keep it
    }
    db.close();
    if (ours) removeCreated(path);
    throw namingPath(path, err);
  }
  if (patience !== undefined) changesAtOpen.set(db, totalChanges(db));
  return db;
}

/**
 * The migrations the store records that are not in `known`, in id order, within the modules this build knows: a
 * module it does not know at all (a library user's own tables, a module a newer build added) is someone else's, whose
 * tables this build never touches.
 */
function unknownMigrations(db: DatabaseSync, known: readonly Migration[]): string[] {
  if (db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'schema_version'").get() === undefined) return [];
  const ids = new Set(known.map((m) => m.id));
  const modules = new Set(known.map((m) => moduleOf(m.id)));
  return (db.prepare('SELECT id FROM schema_version ORDER BY id').all() as { id: string }[])
    .map((r) => r.id)
    .filter((id) => !ids.has(id) && modules.has(moduleOf(id)));
}

/** Applies the migrations whose ids `schema_version` does not list yet, in the order given. Returns the ids applied. */
export function applyMigrations(db: DatabaseSync, migrations: readonly Migration[]): string[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set(
    (db.prepare('SELECT id FROM schema_version').all() as { id: string }[]).map((r) => r.id),
  );
  const pending = migrations.filter(
    (m, i) => !applied.has(m.id) && migrations.findIndex((o) => o.id === m.id) === i,
  );
  if (pending.length === 0) return [];
  const done: string[] = [];
  const insert = db.prepare('INSERT INTO schema_version (id, applied_at) VALUES (?, ?)');
  const check = db.prepare('SELECT 1 AS one FROM schema_version WHERE id = ?');
  try {
    for (const m of pending) {
      db.exec('BEGIN IMMEDIATE');
      try {
        // Another process may have applied it while we waited for the lock.
        const ours = check.get(m.id) === undefined;
        if (ours) {
          db.exec(m.sql);
          insert.run(m.id, new Date().toISOString());
        }
        db.exec('COMMIT');
        if (ours) done.push(m.id);
      } catch (err) {
        rollbackIfOpen(db);
        throw new Error(`migration ${m.id} failed: ${err instanceof Error ? err.message : String(err)}`, {
          cause: err,
        });
      }
    }
  } finally {
    // Those that committed before a failure are applied all the same.
    const modules = new Set([...applied].map(moduleOf));
    const upgraded = done.filter((id) => modules.has(moduleOf(id)));
    if (upgraded.length > 0) {
      const upgrade: StoreUpgrade = { path: db.location() ?? ':memory:', applied: upgraded };
      for (const listener of upgradeListeners) listener(upgrade);
    }
  }
  return done;
}
