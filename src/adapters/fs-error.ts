/**
 * File-system errors in words a biller reads ("no such file or folder"), keeping Node's code for whoever searches
 * for it. Used wherever a file the user named cannot be read or written.
 */
const PLAIN: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOSPC: 'no space left on the disk',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'the file system is read-only',
  EMFILE: 'too many files open',
  ENAMETOOLONG: 'the name is too long',
  EBUSY: 'the file is in use',
};

/** "no such file or folder (ENOENT)"; an error without a code gives its message. */
export function fsErrorText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null | undefined)?.code;
  if (code !== undefined) {
    const plain = PLAIN[code];
    return plain === undefined ? code : `${plain} (${code})`;
  }
  return err instanceof Error ? err.message : String(err);
}
