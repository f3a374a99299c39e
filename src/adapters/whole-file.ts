/**
 * Writing a file whole or not at all, safely in a shared folder: every file drugclaim writes (`check --fix OUT`,
 * `convert --out`, `appeal --out`, `guide --out`) goes first to a temporary file beside OUT, then is renamed over OUT.
 *
 * - The temporary name is unpredictable (random) and the file is created with O_CREAT|O_EXCL (`'wx'`), which never
 *   follows a symbolic link: a link planted where the temporary file will be cannot send the claims elsewhere.
 * - A new file holding claims or letters (PHI) is created 0600, readable by its owner only. A file that holds no PHI
 *   (a billing guide) can ask for `shared`: 0666 less the umask, as other programs create files.
 * - A file that is replaced keeps its mode (and its group when the user may keep it): a 0600 input fixed in place
 *   stays 0600, a folder shared on purpose stays shared. Mode bits are never widened to a group that did not have
 *   them.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  openSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { fsErrorText } from './fs-error.ts';

export interface WholeFileOptions {
  /** The file holds no PHI: a new file is created 0666 less the umask instead of 0600. */
  shared?: boolean;
}

/** Mode of a new file holding PHI: owner read/write only. */
export const PRIVATE_FILE_MODE = 0o600;

/** What the file at `path` is now, when it is a regular file (a link there is replaced, not followed). */
function existingFile(path: string): { mode: number; gid: number } | undefined {
  try {
    const st = lstatSync(path);
    return st.isFile() ? { mode: st.mode & 0o777, gid: st.gid } : undefined;
  } catch {
    return undefined;
  }
}

/** A temporary name beside `path` that nobody can guess ahead. */
export function temporaryPathFor(path: string): string {
  const random = randomBytes(8).toString('hex');
  const name = basename(path);
  // A name close to the 255-byte limit would not take the suffix: fall back to a short one.
  return name.length > 200 ? join(dirname(path), `.drugclaim-${random}.part`) : `${path}.${random}.part`;
}

/**
 * The mode the new file is created with, and the mode and group to set on it once open (a replaced file's; the
 * umask does not apply to fchmod).
 */
function plan(
  path: string,
  options: WholeFileOptions,
): { create: number; keep?: { mode: number; gid: number } } {
  const old = existingFile(path);
  if (old) return { create: PRIVATE_FILE_MODE, keep: old };
  return { create: options.shared ? 0o666 : PRIVATE_FILE_MODE };
}

/** Gives the open file the replaced file's mode and group; without its group, not the group's bits. */
function keepModeSync(fd: number, keep: { mode: number; gid: number }): void {
  let mode = keep.mode;
  if (process.platform !== 'win32' && fstatSync(fd).gid !== keep.gid) {
    try {
      fchownSync(fd, -1, keep.gid);
    } catch {
      // Not a member of the old file's group: those readers lose access rather than another group gaining it.
      mode &= ~0o070;
    }
  }
  fchmodSync(fd, mode);
}

/** Creates the temporary file exclusively (retrying on the near-impossible name clash). */
function createTemporarySync(path: string, mode: number): { fd: number; part: string } {
  for (let attempt = 0; ; attempt++) {
    const part = temporaryPathFor(path);
    try {
      return { fd: openSync(part, 'wx', mode), part };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 4) throw err;
    }
  }
}

/**
 * Writes a file whole or not at all: to a temporary file beside PATH, flushed to disk, then renamed over PATH. A
 * crash or a full disk part way leaves PATH as it was (`check --fix` may be pointed at its own input). Throws an
 * Error naming PATH (not the temporary file) in plain words.
 */
export function writeFileWhole(
  path: string,
  data: string | Uint8Array,
  options: WholeFileOptions = {},
): void {
  let part: string | undefined;
  try {
    const how = plan(path, options);
    const created = createTemporarySync(path, how.create);
    part = created.part;
    try {
      if (how.keep) keepModeSync(created.fd, how.keep);
      writeFileSync(created.fd, data);
      fsyncSync(created.fd);
    } finally {
      closeSync(created.fd);
    }
    renameSync(part, path);
  } catch (err) {
    if (part !== undefined) rmSync(part, { force: true });
    throw new Error(`cannot write ${path}: ${fsErrorText(err)}`, { cause: err });
  }
}

/** A file being written as a stream (`openFileWhole`): `commit` puts it in place, `discard` removes it. */
export interface WholeFileStream {
  stream: Writable;
  /** Ends the stream, flushes it to disk and renames it over the target. */
  commit(): Promise<void>;
  /** Stops writing and removes the temporary file (never throws). */
  discard(): Promise<void>;
}

/** As `writeFileWhole`, for output written piece by piece (`convert --out`). Errors are node:fs errors. */
export async function openFileWhole(path: string, options: WholeFileOptions = {}): Promise<WholeFileStream> {
  const how = plan(path, options);
  let handle: FileHandle | undefined;
  let part = '';
  for (let attempt = 0; handle === undefined; attempt++) {
    part = temporaryPathFor(path);
    try {
      handle = await open(part, 'wx', how.create);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 4) throw err;
    }
  }
  const file = handle;
  try {
    if (how.keep) keepModeSync(file.fd, how.keep);
  } catch (err) {
    await file.close().catch(() => undefined);
    await rm(part, { force: true });
    throw err;
  }
  // flush: the data reaches the disk before the stream closes the file, and so before the rename.
  const stream = file.createWriteStream({ flush: true });
  return {
    stream,
    async commit() {
      stream.end();
      await finished(stream);
      await rename(part, path);
    },
    async discard() {
      stream.destroy();
      await finished(stream).catch(() => undefined);
      await rm(part, { force: true });
    },
  };
}
