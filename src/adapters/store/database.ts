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

/** `$DRUGCLAIM_DB`, else ~/.drugclaim/drugclaim.db. */
export function defaultDatabasePath(): string {
  const fromEnv = process.env['DRUGCLAIM_DB'];
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv);
  return join(homedir(), '.drugclaim', 'drugclaim.db');
}

export interface OpenDatabaseOptions {
  /** Migrations to apply on top of the registered ones (each once, by id). */
  migrations?: readonly Migration[];
  /** Milliseconds to wait for a lock held by another process (default 5000). */
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
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
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
