/**
 * A consistent copy of the whole store (reference data, claims, accounts, audit log) taken while a server may be
 * writing it. SQLite's online backup copies every page in one step, inside one read transaction, so the copy is the
 * store as of one commit, what is still in the -wal included. Copying the file with `cp` misses the -wal, and
 * copying a file over a live store corrupts it (docs/operations.md, "Backups and restore").
 *
 * The copy holds PHI: it is written to a file created 0600 from the start (never chmod-ed afterwards), beside the
 * destination, checked with `PRAGMA integrity_check`, and only then renamed to its name. A failed backup leaves
 * nothing behind and an existing file untouched.
 */
import { closeSync, existsSync, openSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { backup, DatabaseSync } from 'node:sqlite';
import { DATABASE_FILE_MODE } from './database.ts';

/** Why there is no backup: no store to copy, the destination exists (no `force`), or the copy itself failed. */
export type BackupFailureCode = 'no-store' | 'exists' | 'failed';

export type BackupResult =
  | {
      ok: true;
      /** The backup file (absolute). */
      path: string;
      bytes: number;
      /** Its permission bits in octal, "0600". */
      mode: string;
      /** Every migration the store records, in id order. */
      migrations: string[];
      /** The last migration of each module: the store's schema versions. */
      schemaVersions: string[];
    }
  | { ok: false; code: BackupFailureCode; message: string };

export interface BackupOptions {
  /** Replace the destination when it exists (default: refuse). */
  force?: boolean;
  /** Milliseconds to wait for a lock held by another connection (default 5000). */
  busyTimeoutMs?: number;
}

const NOT_REPLACED = 'Name another file, or add --force to replace it.';

/** node:sqlite's largest `rate`: every page in one step, so other connections' commits cannot restart the copy. */
const ALL_PAGES = 2 ** 31 - 1;

/** The last migration of each module ("reference/001-…", "recovery/009-…"), ids in order. */
export function schemaVersions(migrations: readonly string[]): string[] {
  const last = new Map<string, string>();
  for (const id of [...migrations].sort()) last.set(id.split('/')[0] ?? id, id);
  return [...last.values()];
}

/**
 * Whether `out` is the store or one of the files SQLite keeps beside it (beside the real file, when the store's name
 * is a symbolic link): by device and inode where the file exists (a name through a symbolic link or another mount is
 * the same file), else by the real path of its folder.
 */
function isTheStore(named: string, out: string): boolean {
  // SQLite keeps the -wal and -shm beside the real file, not beside a symbolic link to it.
  let source = named;
  try {
    source = realpathSync(named);
  } catch {
    // No such file: checked by the caller.
  }
  const sameFile = (a: string, b: string): boolean => {
    try {
      const x = statSync(a);
      const y = statSync(b);
      return x.dev === y.dev && x.ino === y.ino;
    } catch {
      return false;
    }
  };
  const real = (p: string): string => {
    try {
      return join(realpathSync(dirname(p)), basename(p));
    } catch {
      return p;
    }
  };
  return [source, `${source}-wal`, `${source}-shm`].some((f) => sameFile(f, out) || real(f) === real(out));
}

/** Copies the store at `storePath` to `outPath` (see the file's comment). */
export async function backupStore(
  storePath: string,
  outPath: string,
  options: BackupOptions = {},
): Promise<BackupResult> {
  const source = resolve(storePath);
  const out = resolve(outPath);
  const fail = (code: BackupFailureCode, message: string): BackupResult => ({ ok: false, code, message });
  if (!existsSync(source) || !statSync(source).isFile())
    return fail('no-store', `no store at ${source} to back up (DRUGCLAIM_DB names the store).`);
  if (isTheStore(source, out))
    return fail('failed', `the backup cannot be written over the store itself (${out}).`);
  if (existsSync(out)) {
    if (statSync(out).isDirectory())
      return fail('failed', `${out} is a folder: name the backup file, e.g. ${join(out, basename(source))}.`);
    if (!options.force) return fail('exists', `${out} exists: nothing was written. ${NOT_REPLACED}`);
  }

  const partial = join(dirname(out), `.${basename(out)}.${process.pid}.partial`);
  const removePartial = (): void => {
    for (const file of [partial, `${partial}-journal`, `${partial}-wal`, `${partial}-shm`])
      rmSync(file, { force: true });
  };
  let db: DatabaseSync | undefined;
  let copy: DatabaseSync | undefined;
  try {
    // Created private before SQLite writes a byte of PHI into it; SQLite keeps the mode and gives it to the journal.
    closeSync(openSync(partial, 'wx', DATABASE_FILE_MODE));
    // Read-only, and without openDatabase(): a backup neither migrates the store nor refuses a newer one.
    db = new DatabaseSync(source, { readOnly: true });
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    await backup(db, partial, { rate: ALL_PAGES });
    db.close();
    db = undefined;

    copy = new DatabaseSync(partial);
    // One self-contained file (the copy keeps the store's WAL flag, which would make every open write a -wal).
    copy.exec('PRAGMA journal_mode = DELETE');
    const check = copy
      .prepare('PRAGMA integrity_check')
      .all()
      .map((r) => String(r['integrity_check']));
    if (check.join() !== 'ok')
      throw new Error(`the copy fails PRAGMA integrity_check: ${check.slice(0, 5).join('; ')}`);
    const hasVersions =
      copy.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'schema_version'").get() !== undefined;
    const migrations = hasVersions
      ? copy
          .prepare('SELECT id FROM schema_version ORDER BY id')
          .all()
          .map((r) => String(r['id']))
      : [];
    copy.close();
    copy = undefined;

    // Checked again: the copy took a while, and another run may have made the file meanwhile.
    if (!options.force && existsSync(out)) {
      removePartial();
      return fail('exists', `${out} exists: nothing was written. ${NOT_REPLACED}`);
    }
    renameSync(partial, out);
    const stat = statSync(out);
    return {
      ok: true,
      path: out,
      bytes: stat.size,
      mode: (stat.mode & 0o777).toString(8).padStart(4, '0'),
      migrations,
      schemaVersions: schemaVersions(migrations),
    };
  } catch (err) {
    db?.close();
    copy?.close();
    removePartial();
    return fail('failed', `backing up ${source} to ${out} failed, nothing was written: ${errorText(err)}`);
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
