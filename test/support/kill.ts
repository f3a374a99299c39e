/**
 * Kills a child process with SIGKILL at a moment it names: for tests that a store survives a kill in the middle of a
 * write. The child prints `marker` on stdout when it is where it should be killed (e.g. inside a transaction).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';

/** Runs `node ...args`, waits for `marker` on its stdout, kills it with SIGKILL and checks that the kill ended it. */
export async function killWhenSaid(args: readonly string[], marker: string): Promise<void> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes(marker)) resolve();
    });
    child.on('exit', () => reject(new Error(`the child ended before saying ${marker}: ${stdout} ${stderr}`)));
  });
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');
}
