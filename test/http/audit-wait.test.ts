/**
 * While another process writes the store (a CLI import holds the write lock), the server keeps answering: an audited
 * call waits for its audit row on a timer, not on the event loop, so /api/health and public reference lookups are
 * answered meanwhile. The audited call still fails closed: 200 with its row once the lock is released, 503
 * `audit-unavailable` without its data when the busy timeout runs out first (QA 3b, item 3).
 *
 * The lock is held by a second connection in this process: node:sqlite waits for a lock synchronously, so a server
 * that waited on the event loop would hold up this test's own promises too, and the order of the answers shows it.
 * No timing thresholds: only which answer came first, and whether one is still pending.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { AccountStore } from '../../src/adapters/store/accounts/index.ts';
import { openDatabase } from '../../src/adapters/store/database.ts';
import { testApp, type TestApp } from './support.ts';

/** The store's busy timeout: how long an audited call waits for its row. Short, so that the 503 case is quick. */
const BUSY_TIMEOUT_MS = 1500;

let t: TestApp;
let dir: string;
let db: DatabaseSync;
let accounts: AccountStore;
let locker: DatabaseSync;
let token: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'drugclaim-audit-wait-'));
  const path = join(dir, 'store.db');
  db = openDatabase(path, { busyTimeoutMs: BUSY_TIMEOUT_MS });
  accounts = new AccountStore(db, { scrypt: { logN: 12, r: 8, p: 1 } });
  const user = await accounts.createUser({ username: 'wait-viewer', role: 'viewer' });
  token = accounts.createToken(user.id, 'wait').token;
  locker = new DatabaseSync(path);
  t = await testApp({ deps: { accounts } });
});
after(async () => {
  if (locker.isTransaction) locker.exec('ROLLBACK');
  await t.close();
  locker.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A call and whether (and in which order) it has been answered. */
interface Tracked {
  name: string;
  done: Promise<LightMyRequestResponse>;
  settled: boolean;
}
function track(name: string, call: Promise<LightMyRequestResponse>, order: string[]): Tracked {
  const tracked: Tracked = { name, done: call, settled: false };
  void call.then(
    () => {
      tracked.settled = true;
      order.push(name);
    },
    () => {
      tracked.settled = true;
      order.push(`${name} (failed)`);
    },
  );
  return tracked;
}

const worklist = () =>
  t.app.inject({
    method: 'GET',
    url: '/api/worklist?status=all',
    headers: { authorization: `Bearer ${token}` },
  });
const health = () => t.app.inject({ method: 'GET', url: '/api/health' });
const lookup = () => t.app.inject({ method: 'GET', url: '/api/codes/J9173' });
const rows = (action: string) => accounts.listAudit({ limit: 10_000, action }).length;

void describe('an audited call waiting for the write lock does not stop the server', () => {
  void it('answers health and public lookups meanwhile, then the audited call with its row once the lock is gone', async () => {
    const before = rows('worklist.list');
    const order: string[] = [];
    // Time enough to wait for the lock however slow the machine: this case is about the answer once it is released.
    // (Read when the write is asked for: setting it back below does not shorten that wait.)
    db.exec('PRAGMA busy_timeout = 10000');
    locker.exec('BEGIN IMMEDIATE');
    let audited: Tracked;
    try {
      audited = track('worklist', worklist(), order);
      // Answered one after the other while the worklist call waits: each needs the event loop.
      for (let i = 0; i < 3; i++) {
        const h = await health();
        assert.equal(h.statusCode, 200, h.body);
        const code = await lookup();
        assert.equal(code.statusCode, 200, code.body);
      }
      order.push('health and lookups');
      // Give the audited call time to reach its audit write and find the store locked.
      await sleep(100);
      assert.equal(audited.settled, false, 'the audited call waits for its row while the store is locked');
      assert.equal(rows('worklist.list'), before, 'its row is not written yet');
    } finally {
      locker.exec('COMMIT');
      db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
    const res = await audited.done;
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(Array.isArray((res.json() as { items?: unknown }).items));
    assert.equal(rows('worklist.list'), before + 1, 'answered with its audit row written');
    assert.deepEqual(order, ['health and lookups', 'worklist']);
  });

  void it('answers 503 audit-unavailable after the busy timeout, without the data, and health before that', async () => {
    const before = rows('worklist.list');
    const order: string[] = [];
    locker.exec('BEGIN IMMEDIATE');
    let first: Tracked;
    let second: Tracked;
    try {
      first = track('worklist 1', worklist(), order);
      second = track('worklist 2', worklist(), order);
      const h = await health();
      assert.equal(h.statusCode, 200, h.body);
      order.push('health');
      await Promise.all([first.done, second.done]);
    } finally {
      locker.exec('COMMIT');
    }
    for (const call of [first, second]) {
      const res = await call.done;
      assert.equal(res.statusCode, 503, res.body);
      const body = res.json() as { code: string; items?: unknown };
      assert.equal(body.code, 'audit-unavailable');
      assert.equal(body.items, undefined, 'no data without its audit row');
      assert.equal(res.headers['retry-after'], '5');
    }
    assert.equal(order[0], 'health', `health first, then the withheld calls: ${order.join(', ')}`);
    assert.equal(rows('worklist.list'), before, 'no row, and no data');
  });

  void it('a refused call without credentials does not hold the others up either', async () => {
    const order: string[] = [];
    locker.exec('BEGIN IMMEDIATE');
    let refused: Tracked;
    try {
      refused = track('refused', t.app.inject({ method: 'GET', url: '/api/denials' }), order);
      const h = await health();
      assert.equal(h.statusCode, 200);
      order.push('health');
      await sleep(100);
    } finally {
      locker.exec('COMMIT');
    }
    assert.equal((await refused.done).statusCode, 401);
    assert.deepEqual(order, ['health', 'refused']);
  });
});
