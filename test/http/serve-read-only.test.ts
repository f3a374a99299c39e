/**
 * `drugclaim serve` on a store it cannot write (a 0400 file) refuses to start: exit 2 and a message naming the file
 * and the cause, instead of listening and failing every signed-in call. Run as an unprivileged user: root writes
 * a 0400 file anyway (as root, the test drops to nobody with setpriv, or is skipped without it).
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { startServer } from '../../src/adapters/http/server.ts';

const bin = resolve(import.meta.dirname, '..', '..', 'bin', 'drugclaim.js');
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;
const hasSetpriv = asRoot && spawnSync('setpriv', ['--version']).status === 0;

const dir = mkdtempSync(join(tmpdir(), 'drugclaim-serve-ro-'));
after(() => rmSync(dir, { recursive: true, force: true }));

void describe('drugclaim serve on a read-only store', () => {
  void it(
    'exits 2 naming the store and why, without listening',
    { skip: asRoot && !hasSetpriv ? 'root writes a read-only file; no setpriv to drop privileges' : false },
    async () => {
      const path = join(dir, 'store.db');
      // A store with every table, as a server leaves it.
      const server = await startServer({
        port: 0,
        host: '127.0.0.1',
        dbPath: path,
        say: () => {},
        logger: false,
        webRoot: null,
        reloadIntervalMs: 0,
      });
      await server.close();
      rmSync(`${path}-wal`, { force: true });
      rmSync(`${path}-shm`, { force: true });
      chmodSync(path, 0o400);
      const command = [bin, 'serve', '--port', '0'];
      const env = { ...process.env, DRUGCLAIM_DB: path, NODE_DISABLE_COMPILE_CACHE: '1', HOME: dir };
      let file = process.execPath;
      let args = command;
      if (asRoot) {
        chmodSync(dir, 0o755);
        chownSync(dir, NOBODY, NOBODY);
        chownSync(path, NOBODY, NOBODY);
        file = 'setpriv';
        args = [
          '--reuid',
          String(NOBODY),
          '--regid',
          String(NOBODY),
          '--clear-groups',
          process.execPath,
          ...command,
        ];
      }
      const run = await promisify(execFile)(file, args, { env, timeout: 30_000 }).then(
        (ok) => ({ code: 0, stderr: ok.stderr }),
        (err: { code: number; stderr: string }) => err,
      );
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, new RegExp(`cannot write the store ${path}: the store is read-only`));
      assert.doesNotMatch(run.stderr, /listening on/);
    },
  );
});
