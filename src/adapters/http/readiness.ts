/**
 * Can this process still do its work? The checks behind GET /api/ready, and behind `drugclaim serve` refusing to
 * start on a store it cannot write: the store answers a read, takes a write (rolled back: nothing is left behind),
 * the file this process has open is still the one at its path, its disk has room, and reference data is loaded.
 *
 * A few system calls and SQLite statements, all synchronous (about 20 µs in all on a local disk): a load balancer may
 * call it every second. The write probe does not wait for the lock: another writer holding it (a CLI import, a backup)
 * means the store is writable, and waiting out the busy timeout would stop every other request meanwhile.
 *
 * The details are for operators and load balancers on a public route: no path, no data, only what failed and why.
 */
import { statfsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { sqliteCause, storeFault, type StoreFault } from './errors.ts';

export type ReadinessCheckName =
  'store-read' | 'store-write' | 'store-file' | 'disk-space' | 'reference-data';

export interface ReadinessCheck {
  name: ReadinessCheckName;
  ok: boolean;
  /** What was found, in plain words (no path, no data). */
  detail: string;
}

/** Below this much free space on the store's disk, writes (audit rows, imports) are about to fail with SQLITE_FULL. */
export const MIN_FREE_DISK_BYTES = 16 * 1024 * 1024;

/** Which file an open database is: a file replaced at its path (a restore) has another inode. */
export interface FileIdentity {
  dev: number;
  ino: number;
}

/** The identity of the database file `db` has open; null in memory or when it cannot be read. */
export function openedFile(db: DatabaseSync): FileIdentity | null {
  const path = db.location();
  if (path === null) return null;
  try {
    const { dev, ino } = statSync(path);
    return { dev, ino };
  } catch {
    return null;
  }
}

const pass = (name: ReadinessCheckName, detail: string): ReadinessCheck => ({ name, ok: true, detail });
const fail = (name: ReadinessCheckName, detail: string): ReadinessCheck => ({ name, ok: false, detail });

/** The store's read, write, file and disk checks. `opened`: the file as it was when the process opened it. */
export function storeChecks(db: DatabaseSync, opened: FileIdentity | null): ReadinessCheck[] {
  const path = db.location();
  const checks = [readProbe(db), writeProbe(db)];
  if (path === null) {
    checks.push(pass('store-file', 'in memory'), pass('disk-space', 'in memory'));
  } else {
    checks.push(fileCheck(path, opened), diskCheck(path));
  }
  return checks;
}

export function referenceCheck(releases: number): ReadinessCheck {
  return releases > 0
    ? pass('reference-data', `${releases} releases loaded`)
    : fail(
        'reference-data',
        'no reference data: load it with "drugclaim data sync" or "drugclaim data import --from DIR"',
      );
}

function readProbe(db: DatabaseSync): ReadinessCheck {
  try {
    db.prepare('SELECT count(*) AS n FROM sqlite_schema').get();
    return pass('store-read', 'ok');
  } catch (err) {
    return fail('store-read', `the store cannot be read (SQLite ${sqliteCause(err) ?? 'error'})`);
  }
}

/** The write probe's answer when SQLite refuses the write: a busy store is writable, only later. */
const WRITE_FAULTS: Record<StoreFault, ReadinessCheck> = {
  busy: pass('store-write', 'another writer holds the lock (an import or a backup); writes wait for it'),
  'read-only': fail(
    'store-write',
    'the store is read-only (its file, its folder or its disk cannot be written)',
  ),
  full: fail('store-write', 'the disk holding the store is full'),
};

/**
 * Begins a write transaction, changes the header (PRAGMA user_version to its own value: SQLite writes page 1 even so)
 * and rolls back. BEGIN IMMEDIATE alone succeeds on a read-only file; the write is what SQLite refuses.
 */
export function writeProbe(db: DatabaseSync): ReadinessCheck {
  // A transaction left open on this connection (between the awaits of an import) holds the write lock already.
  if (db.isTransaction) return pass('store-write', 'a write transaction is open on this connection');
  const waitMs = Number((db.prepare('PRAGMA busy_timeout').get() as { timeout?: number }).timeout ?? 0);
  const restore = `PRAGMA busy_timeout = ${waitMs}`;
  db.exec('PRAGMA busy_timeout = 0');
  let check: ReadinessCheck;
  try {
    check = writeAndRollBack(db);
  } catch (err) {
    // ROLLBACK failed. The busy timeout is restored all the same: left at 0, every later write on this connection
    // would fail at once on a lock. ROLLBACK's error is the one thrown, even when restoring fails too.
    try {
      db.exec(restore);
    } catch {
      // Not thrown: it would replace ROLLBACK's error, the cause, which is thrown next.
    }
    throw err;
  }
  db.exec(restore);
  return check;
}

/** The write probe proper; throws only when ROLLBACK does (a refused write is a failed check). */
function writeAndRollBack(db: DatabaseSync): ReadinessCheck {
  try {
    db.exec('BEGIN IMMEDIATE');
    const version = Number(
      (db.prepare('PRAGMA user_version').get() as { user_version?: number }).user_version ?? 0,
    );
    db.exec(`PRAGMA user_version = ${version}`);
    return pass('store-write', 'ok');
  } catch (err) {
    const fault = storeFault(err);
    return fault === undefined
      ? fail('store-write', `the store cannot be written (SQLite ${sqliteCause(err) ?? 'error'})`)
      : WRITE_FAULTS[fault];
  } finally {
    if (db.isTransaction) db.exec('ROLLBACK');
  }
}

function fileCheck(path: string, opened: FileIdentity | null): ReadinessCheck {
  let now: FileIdentity;
  try {
    const { dev, ino } = statSync(path);
    now = { dev, ino };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    return fail(
      'store-file',
      `the database file is gone from its path (${code}: deleted, moved, or its volume unmounted); restart once it is back`,
    );
  }
  if (opened !== null && (now.dev !== opened.dev || now.ino !== opened.ino))
    return fail(
      'store-file',
      'another file has replaced the database file at its path (a restore?): this process still has the old one open; restart it',
    );
  return pass('store-file', 'ok');
}

export function diskCheck(path: string): ReadinessCheck {
  let free: number;
  try {
    const fs = statfsSync(dirname(path));
    free = fs.bavail * fs.bsize;
  } catch (err) {
    return fail(
      'disk-space',
      `the store's disk cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  const mib = Math.floor(free / (1024 * 1024));
  return free < MIN_FREE_DISK_BYTES
    ? fail(
        'disk-space',
        `the disk holding the store is full or nearly (${mib} MiB free, less than ${MIN_FREE_DISK_BYTES / (1024 * 1024)} MiB)`,
      )
    : pass('disk-space', `${mib} MiB free`);
}
