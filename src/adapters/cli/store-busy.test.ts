/**
 * Two CLI writers at once (a cron import beside one started by hand, QA 3b item 4): the second waits for the first,
 * saying so on stderr after a second, and goes on when it is done; when the wait runs out
 * (DRUGCLAIM_LOCK_WAIT_SECONDS, default 60) it stops with a message that names the store, the cause and what to do,
 * not SQLite's bare "database is locked". The first writer is played by a connection of this test holding the write
 * lock. Through the real CLI on a temporary store (each start costs about a second).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { repoRoot, sharedDataDir } from '../../../test/support/shared.ts';
import { generatedClaims, medicareRemittance, write835, write837P } from '../../../test/recovery/fixtures.ts';

let dir: string;
let dbPath: string;

const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  DRUGCLAIM_DB: dbPath,
  DRUGCLAIM_DATA_DIR: sharedDataDir(),
  DRUGCLAIM_LOCK_WAIT_SECONDS: '',
  ...extra,
});
const cliArgs = (args: string[]) => [join(repoRoot, 'bin', 'drugclaim.js'), ...args];

function cli(
  args: string[],
  extra: NodeJS.ProcessEnv = {},
): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, cliArgs(args), {
    env: env(extra),
    encoding: 'utf8',
    cwd: dir,
    input: '',
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function count(table: string): number {
  const db = new DatabaseSync(dbPath, { readOnly: true });
  try {
    return Number((db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n);
  } finally {
    db.close();
  }
}

/** Runs `fn` while another connection holds the store's write lock (as an import does while it writes). */
async function whileLocked<T>(fn: (release: () => void) => Promise<T> | T): Promise<T> {
  const locker = new DatabaseSync(dbPath);
  locker.exec('BEGIN IMMEDIATE');
  const release = () => {
    if (locker.isTransaction) locker.exec('COMMIT');
  };
  try {
    return await fn(release);
  } finally {
    release();
    locker.close();
  }
}

const WAITING =
  /^drugclaim: waiting for another drugclaim process to finish writing to (.+)… \(up to (\d+) s\)$/m;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'drugclaim-cli-busy-'));
  dbPath = join(dir, 'drugclaim.db');
  writeFileSync(join(dir, 'claims.837'), write837P(generatedClaims()));
  writeFileSync(join(dir, 'more-claims.837'), write837P(generatedClaims(), 2));
  writeFileSync(join(dir, 'medicare.835'), write835(medicareRemittance()));
  // The store, with its reference data, before anything holds it.
  const first = cli(['claims', 'import', 'claims.837', '--json']);
  assert.equal(first.code, 0, first.stderr);
});
after(() => rmSync(dir, { recursive: true, force: true }));

void describe('a CLI writer while another process writes the store', () => {
  void it('waits, says so after a second, and imports once the other writer is done', async () => {
    const remitsBefore = count('recovery_remittances');
    const result = await whileLocked(async (release) => {
      const child = spawn(process.execPath, cliArgs(['remit', 'import', 'medicare.835', '--json']), {
        env: env(),
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
      const exited = once(child, 'exit') as Promise<[number | null]>;
      // Either it says it waits (then the lock is released), or it ends first (and the assertion below says how).
      const notice = new Promise<void>((resolve) => {
        child.stderr.setEncoding('utf8').on('data', (s: string) => {
          stderr += s;
          if (WAITING.test(stderr)) resolve();
        });
      });
      await Promise.race([notice, exited]);
      assert.equal(child.exitCode, null, `still waiting when it said so; stderr: ${stderr}`);
      assert.equal(stderr.match(WAITING)?.[1], dbPath);
      assert.equal(stderr.match(WAITING)?.[2], '60');
      release();
      const [code] = await exited;
      return { code, stdout, stderr };
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr.match(new RegExp(WAITING.source, 'gm'))?.length, 1, 'said once');
    assert.equal(count('recovery_remittances'), remitsBefore + 1, 'imported');
  });

  void it('gives up after DRUGCLAIM_LOCK_WAIT_SECONDS with what happened and what to do, nothing written', async () => {
    const claimsBefore = count('recovery_claims');
    const auditBefore = count('audit_log');
    const r = await whileLocked(() =>
      cli(['claims', 'import', 'more-claims.837'], { DRUGCLAIM_LOCK_WAIT_SECONDS: '2' }),
    );
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, WAITING);
    assert.ok(
      r.stderr.includes(
        `drugclaim: the store ${dbPath} is being written by another drugclaim process (an import or a sync?) and ` +
          'was still busy after 2 s of waiting; nothing was written. Try again when it has finished.\n',
      ),
      r.stderr,
    );
    assert.doesNotMatch(r.stderr, /database is locked/);
    assert.equal(count('recovery_claims'), claimsBefore, 'no claim');
    assert.equal(count('audit_log'), auditBefore, 'no audit row');
    // Run again once the other writer is done, it imports.
    const again = cli(['claims', 'import', 'more-claims.837', '--json']);
    assert.equal(again.code, 0, again.stderr);
  });

  void it('refuses a DRUGCLAIM_LOCK_WAIT_SECONDS that is not a number of seconds', () => {
    const r = cli(['denials', '--json'], { DRUGCLAIM_LOCK_WAIT_SECONDS: '1m' });
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      'drugclaim: DRUGCLAIM_LOCK_WAIT_SECONDS must be a whole number of seconds from 0 to 86400, not "1m".\n',
    );
  });
});
