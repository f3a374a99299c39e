/**
 * Running the CLI as a user does, for CLI tests: `bin/drugclaim.js` in a child process, on a store of the test's
 * own, with none of this process's DRUGCLAIM_* settings.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './shared.ts';

export interface CliRun {
  /** Exit code (99 when the child ended without one, e.g. on a signal). */
  code: number;
  stdout: string;
  stderr: string;
}

/** `drugclaim ...args` with DRUGCLAIM_DB = `db`, `env` added, and `input` (or nothing) on stdin. */
export function runDrugclaim(
  args: readonly string[],
  options: { db: string; env?: Record<string, string>; input?: string },
): Promise<CliRun> {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !k.startsWith('DRUGCLAIM_')) base[k] = v;
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [join(repoRoot, 'bin', 'drugclaim.js'), ...args],
      { env: { ...base, DRUGCLAIM_DB: options.db, ...options.env }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 99) : 0, stdout, stderr }),
    );
    child.stdin?.end(options.input ?? '');
  });
}
