/**
 * A store that cannot be written is told apart from a busy one: a read-only store or a full disk answers 503 with its
 * own code (`store-read-only`, `store-full`) or, for a withheld answer, an `audit-unavailable` message that says which,
 * without "retry" and without Retry-After. A 500's log line carries SQLite's result code and text, never the message.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DatabaseSync } from 'node:sqlite';
import { openDatabase } from '../../src/adapters/store/database.ts';
import { AccountStore, type AuditEntry, type User } from '../../src/adapters/store/accounts/index.ts';
import { testApp, type TestApp } from './support.ts';

/** An error as node:sqlite throws it (code, errcode, errstr), its message quoting data a log must not show. */
function sqliteError(errcode: number, errstr: string): Error {
  return Object.assign(new Error(`${errstr}: INSERT INTO audit_log VALUES ('PATIENT DOE')`), {
    code: 'ERR_SQLITE_ERROR',
    errcode,
    errstr,
  });
}

/** Accounts whose audit rows or user list fail the way a store fails. */
class FailingAccounts extends AccountStore {
  auditFails: Error | null = null;
  listFails: Error | null = null;
  override audit(entry: AuditEntry): void {
    if (this.auditFails) throw this.auditFails;
    super.audit(entry);
  }
  override listUsers(): User[] {
    if (this.listFails) throw this.listFails;
    return super.listUsers();
  }
}

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'drugclaim-store-faults-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const worklist = { method: 'GET' as const, url: '/api/worklist?status=all' };
const users = { method: 'GET' as const, url: '/api/users' };

void describe('a read-only store', () => {
  let t: TestApp;
  let token: string;
  let freshToken: string;
  let writable: DatabaseSync;
  let readOnly: DatabaseSync;
  before(async () => {
    const path = join(dir, 'read-only.db');
    writable = openDatabase(path);
    const accounts = new AccountStore(writable, { scrypt: { logN: 12, r: 8, p: 1 } });
    const user = await accounts.createUser({
      username: 'ro-viewer',
      role: 'viewer',
      password: 'x'.repeat(16),
    });
    token = accounts.createToken(user.id, 'used').token;
    freshToken = accounts.createToken(user.id, 'never used').token;
    // Used once while writable: its last use is recent, so checking it again writes nothing.
    assert.equal(accounts.checkToken(token).ok, true);
    readOnly = new DatabaseSync(path, { readOnly: true });
    t = await testApp({ deps: { accounts: new AccountStore(readOnly), db: readOnly } });
  });
  after(async () => {
    await t.close();
    readOnly.close();
    writable.close();
  });

  void it('withholds an audited answer with a message that says read-only, not busy, and no Retry-After', async () => {
    const res = await t.app.inject({ ...worklist, headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.statusCode, 503, res.body);
    const body = res.json() as { code: string; message: string };
    assert.equal(body.code, 'audit-unavailable');
    assert.match(body.message, /read-only/);
    assert.doesNotMatch(body.message, /busy|retry/i);
    assert.equal(res.headers['retry-after'], undefined);
    assert.match(t.logs.join('\n'), /"sqlite":"8 attempt to write a readonly database"/);
  });

  void it('a token first used is still checked (its last use cannot be recorded, and need not be): /api/auth/me answers', async () => {
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${freshToken}` },
    });
    assert.equal(me.statusCode, 200, me.body);
    // An audited call is still withheld: its audit row is what cannot be written.
    const res = await t.app.inject({ ...worklist, headers: { authorization: `Bearer ${freshToken}` } });
    assert.equal(res.statusCode, 503, res.body);
    assert.equal((res.json() as { code: string }).code, 'audit-unavailable');
    assert.equal(res.headers['retry-after'], undefined);
  });
});

void describe('a full disk', () => {
  let t: TestApp;
  let accounts: FailingAccounts;
  let db: DatabaseSync;
  before(async () => {
    db = openDatabase(':memory:');
    accounts = new FailingAccounts(db, { scrypt: { logN: 12, r: 8, p: 1 } });
    t = await testApp({ deps: { accounts } });
  });
  after(async () => {
    await t.close();
    db.close();
  });

  void it('withholds an audited answer saying the disk is full, without Retry-After', async () => {
    const viewer = await accounts.createUser({ username: 'full-viewer', role: 'viewer' });
    const { token } = accounts.createToken(viewer.id, 'full');
    accounts.auditFails = sqliteError(13, 'database or disk is full');
    try {
      const res = await t.app.inject({ ...worklist, headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.statusCode, 503, res.body);
      const body = res.json() as { code: string; message: string };
      assert.equal(body.code, 'audit-unavailable');
      assert.match(body.message, /the disk holding the store is full/);
      assert.doesNotMatch(body.message, /busy|retry/i);
      assert.equal(res.headers['retry-after'], undefined);
    } finally {
      accounts.auditFails = null;
    }
  });

  void it('a busy store still says busy, with Retry-After', async () => {
    const viewer = await accounts.createUser({ username: 'busy-viewer', role: 'viewer' });
    const { token } = accounts.createToken(viewer.id, 'busy');
    accounts.auditFails = sqliteError(5, 'database is locked');
    try {
      const res = await t.app.inject({ ...worklist, headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.statusCode, 503);
      assert.match((res.json() as { message: string }).message, /busy.*retry shortly/);
      assert.equal(res.headers['retry-after'], '5');
    } finally {
      accounts.auditFails = null;
    }
  });

  void it('a store call the request makes itself answers 503 store-full on a full disk', async () => {
    const admin = await accounts.createUser({ username: 'full-admin', role: 'admin' });
    const { token } = accounts.createToken(admin.id, 'admin');
    accounts.listFails = sqliteError(13, 'database or disk is full');
    try {
      const res = await t.app.inject({ ...users, headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.statusCode, 503, res.body);
      const body = res.json() as { code: string; message: string };
      assert.equal(body.code, 'store-full');
      assert.match(body.message, /disk holding the store is full/);
      assert.equal(res.headers['retry-after'], undefined);
    } finally {
      accounts.listFails = null;
    }
  });
});

void describe('a 500 from the store', () => {
  void it('logs SQLite result code and text, not the message (which may quote a claim)', async () => {
    const db = openDatabase(':memory:');
    const accounts = new FailingAccounts(db, { scrypt: { logN: 12, r: 8, p: 1 } });
    const t = await testApp({ deps: { accounts } });
    try {
      const admin = await accounts.createUser({ username: 'admin-500', role: 'admin' });
      const { token } = accounts.createToken(admin.id, 'admin');
      accounts.listFails = sqliteError(1, 'SQL logic error');
      const res = await t.app.inject({ ...users, headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.statusCode, 500);
      const line = t.logs.find((l) => l.includes('request failed'));
      assert.ok(line, t.logs.join('\n'));
      assert.match(line, /"errCode":"ERR_SQLITE_ERROR"/);
      assert.match(line, /"sqlite":"1 SQL logic error"/);
      assert.doesNotMatch(t.logs.join('\n'), /PATIENT|INSERT INTO/);
    } finally {
      await t.close();
      db.close();
    }
  });
});
