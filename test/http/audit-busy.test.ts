/**
 * The audit trail fails closed: when the audit row cannot be written (another connection holds the store's write
 * lock past the busy timeout), an audited route answers 503 `audit-unavailable` instead of its data, and says so in
 * the log. Token and session checks do not write when the store is busy, so unaudited routes keep answering.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DatabaseSync } from 'node:sqlite';
import { AccountStore } from '../../src/adapters/store/accounts/index.ts';
import { openDatabase } from '../../src/adapters/store/database.ts';
import { lfhDrugSample, testApp, type TestApp } from './support.ts';

let t: TestApp;
let dir: string;
let db: DatabaseSync;
let accounts: AccountStore;
let locker: DatabaseSync;
const fresh = (name: string): string => {
  const user = accounts.findUser('busy-viewer');
  assert.ok(user);
  return accounts.createToken(user.id, name).token;
};
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Another connection holds a write transaction (an import, a backup, sqlite3) while `run` calls the app. */
async function whileLocked<T>(run: () => Promise<T>): Promise<T> {
  locker.exec('BEGIN IMMEDIATE');
  try {
    return await run();
  } finally {
    locker.exec('COMMIT');
  }
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'drugclaim-audit-busy-'));
  const path = join(dir, 'store.db');
  // No waiting for the lock: the test is about what happens when the wait runs out, not how long it is.
  db = openDatabase(path, { busyTimeoutMs: 0 });
  accounts = new AccountStore(db, { scrypt: { logN: 12, r: 8, p: 1 } });
  await accounts.createUser({
    username: 'busy-viewer',
    role: 'viewer',
    password: 'correct horse battery staple',
  });
  locker = new DatabaseSync(path);
  t = await testApp({ deps: { accounts } });
});
after(async () => {
  await t.close();
  locker.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

void describe('audit rows are written before the answer (fail closed)', () => {
  void it('answers 200 and writes the row when the store is free', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/worklist?status=all',
      headers: bearer(fresh('a')),
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(accounts.listAudit({ limit: 1 })[0]?.action, 'worklist.list');
  });

  void it('answers 503 audit-unavailable, without the data, when the row cannot be written', async () => {
    const token = fresh('b');
    const rowsBefore = accounts.listAudit({ limit: 1000 }).length;
    const logsBefore = t.logs.length;
    const res = await whileLocked(() =>
      t.app.inject({ method: 'GET', url: '/api/worklist?status=all', headers: bearer(token) }),
    );
    assert.equal(res.statusCode, 503, res.body);
    const body = res.json() as { statusCode: number; code: string; items?: unknown };
    assert.equal(body.code, 'audit-unavailable');
    assert.equal(body.items, undefined, 'no data');
    assert.equal(res.headers['content-disposition'], undefined);
    const logged = t.logs.slice(logsBefore).join('\n');
    assert.match(logged, /audit row not written/);
    assert.match(logged, /"action":"worklist.list"/);
    assert.equal(accounts.listAudit({ limit: 1000 }).length, rowsBefore, 'nothing was written meanwhile');
  });

  void it('withholds the findings of a check upload too', async () => {
    const token = fresh('c');
    const res = await whileLocked(() =>
      t.app.inject({
        method: 'POST',
        url: '/api/check?format=json',
        headers: { ...bearer(token), 'content-type': 'application/edi-x12' },
        payload: lfhDrugSample(),
      }),
    );
    assert.equal(res.statusCode, 503, res.body);
    assert.equal((res.json() as { code: string }).code, 'audit-unavailable');
    assert.doesNotMatch(res.body, /CLMNO12345|findings/, 'no claim data');
  });

  void it('a withheld conversion keeps none of its x-drugclaim-* counts', async () => {
    const token = fresh('convert');
    const res = await whileLocked(() =>
      t.app.inject({
        method: 'POST',
        url: '/api/convert?to=json',
        headers: { ...bearer(token), 'content-type': 'application/edi-x12' },
        payload: lfhDrugSample(),
      }),
    );
    assert.equal(res.statusCode, 503, res.body);
    assert.deepEqual(
      Object.keys(res.headers).filter((h) => h.startsWith('x-drugclaim-')),
      [],
      'counts and codes about the withheld claims',
    );
  });

  void it('answers again, and audits, once the lock is gone', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/dashboard', headers: bearer(fresh('d')) });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(accounts.listAudit({ limit: 1 })[0]?.action, 'dashboard.read');
  });

  void it('still refuses (401) calls without credentials while busy, and logs the lost row', async () => {
    const logsBefore = t.logs.length;
    const res = await whileLocked(() => t.app.inject({ method: 'GET', url: '/api/denials' }));
    assert.equal(res.statusCode, 401);
    assert.match(t.logs.slice(logsBefore).join('\n'), /refused call not recorded/);
  });
});

void describe('a write that finds the store busy', () => {
  void it('signing in answers 503 store-busy with Retry-After (not 500), then works once the lock is gone', async () => {
    const csrfRes = await t.app.inject({ method: 'GET', url: '/api/auth/csrf' });
    const csrf = (csrfRes.json() as { token: string }).token;
    const cookie = [csrfRes.headers['set-cookie']]
      .flat()
      .map((c) => String(c).split(';')[0])
      .join('; ');
    const login = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { cookie, 'x-csrf-token': csrf },
        payload: { username: 'busy-viewer', password: 'correct horse battery staple' },
      });
    const busy = await whileLocked(login);
    assert.equal(busy.statusCode, 503, busy.body);
    assert.equal((busy.json() as { code: string }).code, 'store-busy');
    assert.equal(busy.headers['retry-after'], '5');
    assert.equal(busy.headers['set-cookie'], undefined, 'no session was made');
    const free = await login();
    assert.equal(free.statusCode, 200, free.body);
  });
});

void describe('token and session checks never need a write', () => {
  void it('a token used for the first time works on an unaudited route while the store is busy', async () => {
    const token = fresh('e');
    const res = await whileLocked(() =>
      t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) }),
    );
    assert.equal(res.statusCode, 200, res.body);
    const record = accounts.listTokens().find((x) => x.name === 'e');
    assert.equal(record?.lastUsedAt, null, 'last use skipped, not waited for');
  });

  void it('records last use at most once a minute when the store is free', () => {
    let now = Date.parse('2026-03-01T10:00:00Z');
    const store = new AccountStore(openDatabase(':memory:'), { now: () => new Date(now) });
    const user = store.createUser({ username: 'clock', role: 'viewer' });
    return user.then((u) => {
      const { token } = store.createToken(u.id, 'x');
      store.checkToken(token);
      const first = store.listTokens()[0]?.lastUsedAt;
      assert.equal(first, '2026-03-01T10:00:00.000Z');
      now += 30_000;
      store.checkToken(token);
      assert.equal(store.listTokens()[0]?.lastUsedAt, first, 'not again within the minute');
      now += 31_000;
      store.checkToken(token);
      assert.equal(store.listTokens()[0]?.lastUsedAt, '2026-03-01T10:01:01.000Z');
    });
  });
});
