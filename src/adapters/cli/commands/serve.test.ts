/**
 * `drugclaim serve` on an empty store without $DRUGCLAIM_DATA_DIR: it says how to load the reference data and
 * serves what it can (health, accounts), answering 503 with the same instructions for lookups. When
 * `drugclaim data import` then fills the same store from another process, the server picks the data up without a
 * restart.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { sharedDataDir } from '../../../../test/support/shared.ts';

const bin = resolve(import.meta.dirname, '..', '..', '..', '..', 'bin', 'drugclaim.js');
const dir = mkdtempSync(join(tmpdir(), 'drugclaim-serve-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `drugclaim serve` on a free port; resolves with its URL and what it said before listening. */
async function startServe(
  env: NodeJS.ProcessEnv,
): Promise<{ url: string; said: string[]; stop: () => void }> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--reload-interval', '0.2'], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const said: string[] = [];
  try {
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "listening" line:\n${said.join('\n')}`)), 30_000);
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${said.join('\n')}`)));
      createInterface({ input: child.stderr }).on('line', (line) => {
        said.push(line);
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (m?.[1]) {
          clearTimeout(timer);
          resolveUrl(m[1]);
        }
      });
    });
    return { url, said, stop: () => child.kill('SIGTERM') };
  } catch (err) {
    child.kill('SIGTERM');
    throw err;
  }
}

void describe('drugclaim serve', () => {
  void it('refuses an upload limit that is not a whole number of MiB from 1 to 4096', async () => {
    for (const value of ['0', '1.5', 'big', '5000']) {
      const run = await promisify(execFile)(process.execPath, [bin, 'serve', '--upload-limit', value], {
        env: { ...process.env, DRUGCLAIM_DB: join(dir, 'limit.db') },
      }).then(
        () => ({ code: 0, stderr: '' }),
        (err: { code: number; stderr: string }) => err,
      );
      assert.equal(run.code, 2, value);
      assert.match(run.stderr, /--upload-limit.*a whole number of MiB from 1 to 4096/, value);
    }
  });

  void it('with DRUGCLAIM_DATA_DIR naming a folder that does not exist: says so and serves the rest (503)', async () => {
    const missing = join(dir, 'no-such-folder');
    const served = await startServe({
      ...process.env,
      DRUGCLAIM_DB: join(dir, 'typo.db'),
      DRUGCLAIM_DATA_DIR: missing,
    });
    try {
      assert.match(
        served.said.join('\n'),
        new RegExp(`DRUGCLAIM_DATA_DIR points to ${missing}, which does not exist`),
      );
      assert.equal((await fetch(`${served.url}/api/codes/J9173`)).status, 503);
    } finally {
      served.stop();
    }
  });

  void it('on an empty store: says how to load the data, answers 503, then picks up an import without a restart', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DRUGCLAIM_DB: join(dir, 'drugclaim.db') };
    delete env['DRUGCLAIM_DATA_DIR'];
    const { url, said, stop } = await startServe(env);
    try {
      const text = said.join('\n');
      assert.match(text, /drugclaim data sync/);
      assert.match(text, /drugclaim data import --from DIR/);
      assert.match(text, /drugclaim user add NAME --admin/);
      const health = (await (await fetch(`${url}/api/health`)).json()) as {
        ok: boolean;
        referenceData: boolean;
      };
      assert.deepEqual([health.ok, health.referenceData], [true, false]);
      const code = await fetch(`${url}/api/codes/J9173`);
      assert.equal(code.status, 503);
      assert.match(((await code.json()) as { message: string }).message, /drugclaim data import --from DIR/);

      // Another process imports into the same store; the server reloads on its next check.
      await promisify(execFile)(process.execPath, [bin, 'data', 'import', '--from', sharedDataDir()], {
        env,
      });
      const deadline = Date.now() + 30_000;
      let status = 503;
      while (status === 503 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await fetch(`${url}/api/codes/J9173`)).status;
      }
      assert.equal(status, 200);
      const facts: unknown = await (await fetch(`${url}/api/codes/J9173?date=2026-02-01`)).json();
      assert.match(JSON.stringify(facts), /durvalumab/i);
      const loaded = (await (await fetch(`${url}/api/health`)).json()) as {
        referenceData: boolean;
        releases: number;
      };
      assert.equal(loaded.referenceData, true);
      assert.ok(loaded.releases > 0);
      assert.match(said.join('\n'), /releases changed; \d+ reference releases reloaded/);
    } finally {
      stop();
    }
  });
});
