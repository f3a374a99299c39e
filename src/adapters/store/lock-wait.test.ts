/**
 * Waiting for another connection's write lock (docs/operations.md, "Concurrent use"):
 * - `writeWhenFree` (the server's audit rows) waits on a timer, so the event loop runs meanwhile; it writes once the
 *   lock is gone, first come first served, or fails with the busy error when its time is up;
 * - `setLockPatience` (the CLI) lets a `BEGIN IMMEDIATE` wait longer, says so once after the first part of the wait,
 *   and a busy error then names the store and whether the process had written anything (QA 3b, items 3 and 4).
 *
 * SQLite waits for a lock synchronously: the patience tests need the lock held by another process (a child that
 * holds it for a while), the `writeWhenFree` ones by a second connection of this one.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, afterEach, describe, it } from 'node:test';
import {
  busyTimeoutOf,
  isStoreBusy,
  openDatabase,
  processWroteToStore,
  setLockPatience,
  storeBusyError,
  writeWhenFree,
} from './database.ts';

const tmp = mkdtempSync(join(tmpdir(), 'drugclaim-lock-wait-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
/** A new store with one table, its connection (busy timeout `busyTimeoutMs`) and a second connection to lock it. */
function store(busyTimeoutMs: number): { path: string; db: DatabaseSync; locker: DatabaseSync } {
  const path = join(tmp, `store-${++n}.db`);
  const db = openDatabase(path, { busyTimeoutMs });
  db.exec('CREATE TABLE rows (v TEXT)');
  return { path, db, locker: new DatabaseSync(path) };
}
const values = (db: DatabaseSync): string[] =>
  (db.prepare('SELECT v FROM rows ORDER BY rowid').all() as { v: string }[]).map((r) => r.v);
const insert = (db: DatabaseSync, v: string) => () => {
  db.prepare('INSERT INTO rows (v) VALUES (?)').run(v);
  return v;
};

void describe('writeWhenFree', () => {
  void it('writes before it returns when the store is free, and keeps the busy timeout', async () => {
    const { db, locker } = store(5000);
    const written = writeWhenFree(db, insert(db, 'a'));
    assert.deepEqual(values(db), ['a'], 'written at once');
    assert.equal(await written, 'a');
    assert.equal(busyTimeoutOf(db), 5000);
    locker.close();
    db.close();
  });

  void it('waits on a timer while another connection writes, then writes in the order asked', async () => {
    const { db, locker } = store(5000);
    locker.exec('BEGIN IMMEDIATE');
    const settled: string[] = [];
    const writes = ['a', 'b', 'c'].map((v) =>
      writeWhenFree(db, insert(db, v)).then((x) => void settled.push(x)),
    );
    // The event loop is free: timers and I/O callbacks run while the writes wait.
    let ticks = 0;
    for (let i = 0; i < 5; i++) {
      await sleep(10);
      ticks++;
    }
    assert.equal(ticks, 5);
    assert.deepEqual(settled, [], 'nothing written while the lock is held');
    assert.equal(busyTimeoutOf(db), 5000, 'the busy timeout is restored between tries');
    locker.exec('COMMIT');
    await Promise.all(writes);
    assert.deepEqual(settled, ['a', 'b', 'c']);
    assert.deepEqual(values(db), ['a', 'b', 'c']);
    locker.close();
    db.close();
  });

  void it('fails with the busy error once its time is up, having written nothing', async () => {
    const { db, locker } = store(200);
    locker.exec('BEGIN IMMEDIATE');
    let ticks = 0;
    const ticking = setInterval(() => ticks++, 5);
    try {
      const started = Date.now();
      await assert.rejects(writeWhenFree(db, insert(db, 'late')), (err: unknown) => isStoreBusy(err));
      assert.ok(Date.now() - started >= 190, 'waited about the busy timeout');
      assert.ok(ticks > 3, `the event loop ran meanwhile (${ticks} ticks)`);
      // Given its own time: shorter than the connection's.
      await assert.rejects(writeWhenFree(db, insert(db, 'later'), { waitMs: 0 }), isStoreBusy);
    } finally {
      clearInterval(ticking);
      locker.exec('COMMIT');
    }
    assert.deepEqual(values(db), []);
    assert.equal(busyTimeoutOf(db), 200);
    locker.close();
    db.close();
  });

  void it('fails at once on any other error, also behind a busy write', async () => {
    const { db, locker } = store(5000);
    assert.equal(
      await writeWhenFree(db, () => {
        throw new Error('not a lock');
      }).catch((err: Error) => err.message),
      'not a lock',
    );
    locker.exec('BEGIN IMMEDIATE');
    const first = writeWhenFree(db, insert(db, 'a'));
    const broken = writeWhenFree(db, () => db.prepare('INSERT INTO nowhere VALUES (1)').run());
    const third = writeWhenFree(db, insert(db, 'c'));
    locker.exec('COMMIT');
    assert.equal(await first, 'a');
    await assert.rejects(broken, /no such table/);
    assert.equal(await third, 'c');
    assert.deepEqual(values(db), ['a', 'c']);
    locker.close();
    db.close();
  });
});

/** A child process that holds the store's write lock for `holdMs` (or until killed); resolves once it holds it. */
async function holdLock(path: string, holdMs: number): Promise<ChildProcess> {
  const script = `
    const { DatabaseSync } = require('node:sqlite');
    const db = new DatabaseSync(process.argv[1]);
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(process.argv[2]));
    db.exec('COMMIT');
    db.close();`;
  const child = spawn(process.execPath, ['-e', script, path, String(holdMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  assert.equal(chunk.toString().trim(), 'locked');
  return child;
}

void describe('setLockPatience (the CLI)', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    setLockPatience(undefined);
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill();
  });

  void it('makes BEGIN IMMEDIATE wait for another process, saying so once, and go on when it is done', async () => {
    const path = join(tmp, 'patient.db');
    const notices: string[] = [];
    setLockPatience({ waitMs: 20_000, noticeAfterMs: 100, onWaiting: (p) => notices.push(p) });
    const db = openDatabase(path);
    assert.equal(busyTimeoutOf(db), 20_000, 'the patience is the busy timeout');
    db.exec('CREATE TABLE rows (v TEXT)');
    children.push(await holdLock(path, 700));
    db.exec('BEGIN IMMEDIATE'); // waits here, in SQLite, until the child commits
    assert.deepEqual(notices, [path]);
    db.prepare("INSERT INTO rows VALUES ('mine')").run();
    db.exec('COMMIT');
    assert.deepEqual(values(db), ['mine']);
    assert.equal(busyTimeoutOf(db), 20_000, 'restored after the wait');
    assert.equal(processWroteToStore(), true);
    db.close();
    assert.equal(processWroteToStore(), true, 'also once the connection is closed');
  });

  void it('gives up after the wait with an error that names the store and says nothing was written', async () => {
    const path = join(tmp, 'impatient.db');
    const notices: string[] = [];
    setLockPatience({ waitMs: 1200, noticeAfterMs: 100, onWaiting: (p) => notices.push(p) });
    const db = openDatabase(path);
    children.push(await holdLock(path, 60_000));
    assert.equal(processWroteToStore(), false);
    let caught: unknown;
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch (err) {
      caught = err;
    }
    assert.ok(isStoreBusy(caught), String(caught));
    assert.deepEqual(notices, [path]);
    // As main sees it: wrapped by whoever was opening or migrating the store.
    const busy = storeBusyError(new Error('migration x failed: database is locked', { cause: caught }), path);
    assert.equal(busy?.code, 'store-busy');
    assert.equal(
      busy?.message,
      `the store ${path} is being written by another drugclaim process (an import or a sync?) and was still busy ` +
        'after 1 s of waiting; nothing was written. Try again when it has finished.',
    );
    assert.equal(storeBusyError(new Error('something else'), path), undefined);
    db.close();
  });

  void it('says so when the process had written part of its work before it gave up', async () => {
    const path = join(tmp, 'half.db');
    setLockPatience({ waitMs: 300, noticeAfterMs: 100, onWaiting: () => {} });
    const db = openDatabase(path);
    db.exec('CREATE TABLE rows (v TEXT)');
    db.exec("BEGIN IMMEDIATE; INSERT INTO rows VALUES ('first step'); COMMIT");
    children.push(await holdLock(path, 60_000));
    assert.throws(
      () => db.exec('BEGIN IMMEDIATE'),
      (err: unknown) => {
        assert.match(
          storeBusyError(err, path)?.message ?? '',
          /this command had saved part of its work before that; the rest was not written\. Run it again when the other process has finished\.$/,
        );
        return true;
      },
    );
    db.close();
  });
});
