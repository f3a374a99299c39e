/**
 * Liveness and readiness: GET /api/health answers 200 while the process answers; GET /api/ready answers 200 only when
 * the store takes a read and a write, its file is still the one at its path, its disk has room and reference data is
 * loaded, else 503 naming what failed. Neither counts against the rate limit.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DatabaseSync } from 'node:sqlite';
import { openDatabase } from '../../src/adapters/store/database.ts';
import { AccountStore } from '../../src/adapters/store/accounts/index.ts';
import { testApp, type TestApp } from './support.ts';

interface Readiness {
  ready: boolean;
  code?: string;
  message?: string;
  checks: { name: string; ok: boolean; detail: string }[];
}

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'drugclaim-ready-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** A store file with the account tables, and a test app whose readiness checks it through `db`. */
async function appOnFile(
  name: string,
  options: { db?: (path: string) => DatabaseSync; reference?: 'none' } = {},
): Promise<{ t: TestApp; db: DatabaseSync; path: string }> {
  const path = join(dir, name);
  const db = openDatabase(path);
  const accounts = new AccountStore(db, { scrypt: { logN: 12, r: 8, p: 1 } });
  const probed = options.db?.(path) ?? db;
  const t = await testApp({
    deps: {
      accounts,
      db: probed,
      ...(options.reference === 'none' ? { reference: () => undefined } : {}),
    },
  });
  after(async () => {
    await t.close();
    if (probed !== db) probed.close();
    db.close();
  });
  return { t, db, path };
}

const ready = async (t: TestApp): Promise<{ status: number; body: Readiness }> => {
  const res = await t.app.inject({ method: 'GET', url: '/api/ready' });
  return { status: res.statusCode, body: res.json() as Readiness };
};
const failed = (body: Readiness): string[] => body.checks.filter((c) => !c.ok).map((c) => c.name);

void describe('GET /api/ready', () => {
  void it('is 200 with every check passed on a writable store with reference data, and leaves nothing behind', async () => {
    const { t, db, path } = await appOnFile('ok.db');
    const version = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
    const timeout = (db.prepare('PRAGMA busy_timeout').get() as { timeout: number }).timeout;
    const walBefore = statSync(`${path}-wal`).size;
    const { status, body } = await ready(t);
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.ready, true);
    assert.deepEqual(body.checks.map((c) => c.name).sort(), [
      'disk-space',
      'reference-data',
      'store-file',
      'store-read',
      'store-write',
    ]);
    assert.ok(
      body.checks.every((c) => c.ok),
      JSON.stringify(body),
    );
    assert.equal((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version, version);
    assert.equal((db.prepare('PRAGMA busy_timeout').get() as { timeout: number }).timeout, timeout);
    assert.equal(db.isTransaction, false);
    assert.equal(statSync(`${path}-wal`).size, walBefore, 'nothing written to the WAL');
    assert.doesNotMatch(JSON.stringify(body), new RegExp(dir), 'no path in a public answer');
  });

  void it('is cheap: 200 calls, through the whole HTTP stack, take well under a second', async () => {
    const { t } = await appOnFile('cheap.db');
    const started = performance.now();
    const statuses = new Set<number>();
    for (let i = 0; i < 200; i++) statuses.add((await ready(t)).status);
    const ms = performance.now() - started;
    assert.deepEqual([...statuses], [200]);
    assert.ok(ms < 1000, `200 readiness calls took ${ms.toFixed(0)} ms`);
  });

  void it('is 503 not-ready naming store-write when the store cannot be written', async () => {
    const { t } = await appOnFile('read-only.db', {
      db: (path) => new DatabaseSync(path, { readOnly: true }),
    });
    const { status, body } = await ready(t);
    assert.equal(status, 503);
    assert.equal(body.code, 'not-ready');
    assert.deepEqual(failed(body), ['store-write']);
    assert.match(body.message ?? '', /store-write: the store is read-only/);
  });

  void it('stays ready while another writer holds the lock, without waiting for it', async () => {
    const { t, path } = await appOnFile('busy.db');
    const locker = new DatabaseSync(path);
    locker.exec('BEGIN IMMEDIATE');
    try {
      const started = performance.now();
      const { status, body } = await ready(t);
      const ms = performance.now() - started;
      assert.equal(status, 200, JSON.stringify(body));
      assert.match(body.checks.find((c) => c.name === 'store-write')?.detail ?? '', /another writer/);
      assert.ok(ms < 1000, `${ms.toFixed(0)} ms: the 5 s busy timeout was not waited out`);
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
  });

  void it('is 503 naming store-file when the database file is gone from its path, or replaced', async () => {
    const { t, path } = await appOnFile('moved.db');
    assert.equal((await ready(t)).status, 200);
    renameSync(path, `${path}.away`);
    let answer = await ready(t);
    assert.equal(answer.status, 503);
    assert.deepEqual(failed(answer.body), ['store-file']);
    assert.match(answer.body.message ?? '', /gone from its path/);
    // A restore copies another file to the path: this process still has the old one open.
    copyFileSync(`${path}.away`, path);
    answer = await ready(t);
    assert.equal(answer.status, 503);
    assert.deepEqual(failed(answer.body), ['store-file']);
    assert.match(answer.body.message ?? '', /replaced/);
  });

  void it('is 503 naming reference-data when none is loaded', async () => {
    const { t } = await appOnFile('empty.db', { reference: 'none' });
    const { status, body } = await ready(t);
    assert.equal(status, 503);
    assert.deepEqual(failed(body), ['reference-data']);
    assert.match(body.message ?? '', /drugclaim data sync/);
  });

  void it('is never ready without a store to check', async () => {
    const t = await testApp();
    after(() => t.close());
    const { status, body } = await ready(t);
    assert.equal(status, 503);
    assert.ok(failed(body).includes('store-read'));
  });

  void it('is in the OpenAPI document, with its 503', async () => {
    const t = await testApp();
    after(() => t.close());
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, { get?: { responses?: Record<string, unknown> } }>;
    };
    const responses = doc.paths['/api/ready']?.get?.responses ?? {};
    assert.ok(responses['200'], 'documents 200');
    assert.match(JSON.stringify(responses['503']), /not-ready/, 'documents its own 503, with the checks');
  });
});

void describe('GET /api/health (liveness)', () => {
  void it('stays 200 when the store is not ready', async () => {
    const { t } = await appOnFile('live.db', {
      db: (path) => new DatabaseSync(path, { readOnly: true }),
      reference: 'none',
    });
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    assert.equal(res.statusCode, 200);
    assert.equal((res.json() as { ok: boolean }).ok, true);
  });

  void it('health and readiness calls do not count against the rate limit', async () => {
    const { t } = await appOnFile('limit.db');
    const limited = await testApp({
      config: { rateLimit: { max: 3, timeWindowMs: 60_000 } },
      deps: { accounts: t.accounts },
    });
    after(() => limited.close());
    for (let i = 0; i < 10; i++) {
      assert.equal((await limited.app.inject({ method: 'GET', url: '/api/health' })).statusCode, 200);
      assert.notEqual((await limited.app.inject({ method: 'GET', url: '/api/ready' })).statusCode, 429);
    }
    // Other routes are still limited.
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await limited.app.inject({ method: 'GET', url: '/api/codes/J9173' })).statusCode);
    assert.ok(statuses.includes(429), statuses.join(','));
  });
});
