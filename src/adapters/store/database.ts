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
 */
import { closeSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

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
  let created = path !== ':memory:' && path !== '' && !options.readOnly && createPrivately(path);
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path, { readOnly: options.readOnly ?? false });
  } catch (err) {
    if (created) removeCreated(path);
    throw err;
  }
  // Another process starting at the same moment may open the file we created and build its store in it: it is then
  // its store, kept. What another connection commits changes data_version (switching to WAL changes it too).
  const othersVersion = (): unknown => db.prepare('PRAGMA data_version').get()?.['data_version'];
  let before: unknown;
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
      created = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'schema_version'").get() === undefined;
    }
    db.exec('PRAGMA foreign_keys = ON');
    if (!options.readOnly) applyMigrations(db, [...registry, ...(options.migrations ?? [])]);
  } catch (err) {
    // Only a file this open created and no other process wrote to: one that was there before is someone's store,
    // whatever state it is in.
    let ours = created;
    try {
      ours &&= othersVersion() === before;
    } catch {
      ours = false; // cannot tell: keep it
    }
    db.close();
    if (ours) removeCreated(path);
    throw err;
  }
  return db;
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
  for (const m of pending) {
    db.exec('BEGIN IMMEDIATE');
    try {
      // Another process may have applied it while we waited for the lock.
      if (check.get(m.id) === undefined) {
        db.exec(m.sql);
        insert.run(m.id, new Date().toISOString());
        done.push(m.id);
      }
      db.exec('COMMIT');
    } catch (err) {
      db.exec('ROLLBACK');
      throw new Error(`migration ${m.id} failed: ${err instanceof Error ? err.message : String(err)}`, {
        cause: err,
      });
    }
  }
  return done;
}
