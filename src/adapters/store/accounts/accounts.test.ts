import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { describe, it } from 'node:test';
import { applyMigrations, openDatabase } from '../database.ts';
import {
  AccountError,
  AccountStore,
  ACCOUNT_MIGRATIONS,
  AUDIT_ID_CAP,
  listedIds,
  roleAtLeast,
} from './index.ts';
import { hashPassword, needsRehash, passwordProblem, verifyPassword } from './password.ts';

const PASSWORD = 'correct horse battery staple';

function store(now?: () => Date): AccountStore {
  return new AccountStore(openDatabase(':memory:'), now ? { now } : {});
}

void describe('password hashing (scrypt)', () => {
  void it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword(PASSWORD);
    assert.match(hash, /^scrypt\$15\$8\$1\$[\w-]+\$[\w-]+$/);
    assert.equal(await verifyPassword(PASSWORD, hash), true);
    assert.equal(await verifyPassword(`${PASSWORD}!`, hash), false);
  });

  void it('salts: the same password hashes differently', async () => {
    assert.notEqual(await hashPassword(PASSWORD), await hashPassword(PASSWORD));
  });

  void it('never matches a malformed stored hash', async () => {
    for (const bad of [
      '',
      'scrypt$15$8$1$abc',
      'bcrypt$x',
      'scrypt$99$8$1$AAAA$AAAA',
      `scrypt$15$8$1$AAAA$${'A'.repeat(10)}`,
    ]) {
      assert.equal(await verifyPassword(PASSWORD, bad), false, bad);
    }
  });

  void it('asks for a re-hash when the parameters were weaker', async () => {
    const weak = await hashPassword(PASSWORD, { logN: 10, r: 8, p: 1 });
    assert.equal(needsRehash(weak), true);
    assert.equal(needsRehash(await hashPassword(PASSWORD)), false);
  });

  // [label, password, user name, refused with (undefined: accepted)]
  const cases: [string, string, string | undefined, RegExp | undefined][] = [
    ['12 characters', 'tulip-bicycle', undefined, undefined],
    ['11 characters', 'tulip-bicyc', undefined, /at least 12/],
    ['one repeated character', 'aaaaaaaaaaaaaaa', undefined, /single repeated/],
    ['a passphrase', PASSWORD, undefined, undefined],
    ['the e2e password', 'infusion center 2026', 'dana', undefined],
    ['digits only', '123456789012', undefined, /digits only/],
    ['digits with spaces', '1234 5678 9012', undefined, /digits only/],
    ['a common password', 'password1234', undefined, /most common/],
    ['a common password, other case and punctuation', 'Qwerty-123456', undefined, /most common/],
    ['a common word and a year', 'Summer2024!!', undefined, /common word/],
    ['a common word and symbols', 'Welcome#2026', undefined, /common word/],
    ['the product name', 'Drugclaim!2026', undefined, /common word/],
    ['the user name inside', 'qviewer12345', 'qviewer', /user name/],
    ['the user name in another case', 'xx-QViewer-2026', 'qviewer', /user name/],
    ['a two-letter user name is not looked for', 'tulip-bicycle-ab', 'ab', undefined],
    ['a run of the alphabet', 'abcdefghijkl', undefined, /run of the alphabet/],
    ['a run backwards', 'lkjihgfedcba', undefined, /run of the alphabet/],
    ['a keyboard row', 'qwertyuiopasdf', undefined, /keyboard row/],
    ['a common word inside a longer passphrase is fine', 'my summer in lisbon', undefined, undefined],
  ];
  for (const [label, pw, name, refused] of cases) {
    void it(`password rule: ${label}`, () => {
      const problem = passwordProblem(pw, name);
      if (refused === undefined) assert.equal(problem, undefined);
      else assert.match(problem ?? '', refused);
    });
  }
});

void describe('AccountStore', () => {
  void it('creates users with roles and refuses duplicates (case-insensitive) and bad names', async () => {
    const s = store();
    const u = await s.createUser({ username: 'Alice', role: 'biller', password: PASSWORD });
    assert.equal(u.role, 'biller');
    assert.equal(u.hasPassword, true);
    await assert.rejects(
      s.createUser({ username: 'alice', role: 'viewer' }),
      (e: unknown) => e instanceof AccountError && e.code === 'username-taken',
    );
    await assert.rejects(
      s.createUser({ username: 'a b', role: 'viewer' }),
      (e: unknown) => e instanceof AccountError && e.code === 'invalid-username',
    );
    assert.equal(s.userCount(), 1);
  });

  void it('signs in with the right password only, and not when disabled', async () => {
    const s = store();
    await s.createUser({ username: 'admin', role: 'admin', password: PASSWORD });
    const b = await s.createUser({ username: 'bob', role: 'biller', password: PASSWORD });
    assert.equal((await s.verifyLogin('bob', PASSWORD))?.id, b.id);
    assert.equal(await s.verifyLogin('bob', 'wrong password!!'), undefined);
    assert.equal(await s.verifyLogin('nobody', PASSWORD), undefined);
    await s.updateUser(b.id, { disabled: true });
    assert.equal(await s.verifyLogin('bob', PASSWORD), undefined);
  });

  void it('never demotes or disables the last active admin', async () => {
    const s = store();
    const a = await s.createUser({ username: 'admin', role: 'admin', password: PASSWORD });
    await assert.rejects(
      s.updateUser(a.id, { role: 'viewer' }),
      (e: unknown) => e instanceof AccountError && e.code === 'last-admin',
    );
    await assert.rejects(
      s.updateUser(a.id, { disabled: true }),
      (e: unknown) => e instanceof AccountError && e.code === 'last-admin',
    );
    await s.createUser({ username: 'admin2', role: 'admin' });
    assert.equal((await s.updateUser(a.id, { role: 'viewer' })).role, 'viewer');
  });

  void it('keeps only a hash of API tokens; revoked, expired and disabled-owner tokens stop working', async () => {
    let now = new Date('2026-03-01T10:00:00Z');
    const s = store(() => now);
    await s.createUser({ username: 'admin', role: 'admin' });
    const u = await s.createUser({ username: 'svc', role: 'biller' });
    const { token, record } = s.createToken(u.id, 'integration');
    assert.match(token, /^dct_[\w-]{43}$/);
    assert.equal(s.verifyToken(token)?.user.id, u.id);
    assert.equal(s.verifyToken(`${token}x`), undefined);
    assert.equal(s.verifyToken('not-a-token'), undefined);
    const dumped = JSON.stringify(s.listTokens());
    assert.equal(dumped.includes(token), false, 'the token itself is never stored or listed');

    const short = s.createToken(u.id, 'short', { expiresAt: '2026-03-02T00:00:00.000Z' });
    assert.ok(s.verifyToken(short.token));
    now = new Date('2026-03-02T00:00:01Z');
    assert.equal(s.verifyToken(short.token), undefined, 'expired');

    assert.equal(s.revokeToken(record.id, u.id + 1), false, "not someone else's token");
    assert.equal(s.revokeToken(record.id), true);
    assert.equal(s.verifyToken(token), undefined, 'revoked');

    const again = s.createToken(u.id, 'again');
    await s.updateUser(u.id, { disabled: true });
    assert.equal(s.verifyToken(again.token), undefined, 'owner disabled');
  });

  void it('says whose a refused token is, and why', async () => {
    let now = new Date('2026-03-01T10:00:00Z');
    const s = store(() => now);
    await s.createUser({ username: 'admin', role: 'admin' });
    const u = await s.createUser({ username: 'svc', role: 'biller' });
    const live = s.createToken(u.id, 'live');
    const checked = s.checkToken(live.token);
    assert.equal(checked.ok && checked.user.id, u.id);
    assert.deepEqual(s.checkToken('dct_nope'), { ok: false, reason: 'unknown' });
    const short = s.createToken(u.id, 'short', { expiresAt: '2026-03-01T11:00:00.000Z' });
    now = new Date('2026-03-01T12:00:00Z');
    const expired = s.checkToken(short.token);
    assert.equal(!expired.ok && expired.reason, 'expired');
    assert.equal(!expired.ok && expired.reason !== 'unknown' && expired.user.id, u.id);
    const revoked = s.createToken(u.id, 'revoked');
    s.revokeToken(revoked.record.id);
    const r = s.checkToken(revoked.token);
    assert.equal(!r.ok && r.reason, 'revoked');
  });

  void it('revokes every token and session on disable and on a password reset, not on a self-service change', async () => {
    const s = store();
    await s.createUser({ username: 'admin', role: 'admin' });
    const u = await s.createUser({ username: 'dis', role: 'biller', password: PASSWORD });
    const before = s.createToken(u.id, 'before disable');
    const session = s.createSession(u.id);
    await s.updateUser(u.id, { disabled: true });
    await s.updateUser(u.id, { disabled: false });
    assert.equal(s.verifyToken(before.token), undefined, 'a token from before the disable stays dead');
    assert.equal(s.getSession(session.id), undefined);
    const checked = s.checkToken(before.token);
    assert.equal(!checked.ok && checked.reason, 'revoked');

    const kept = s.createToken(u.id, 'kept');
    await s.updateUser(u.id, { password: 'a new passphrase here' }, { keepTokens: true });
    assert.ok(s.verifyToken(kept.token), "the user's own change keeps their tokens");
    await s.updateUser(u.id, { password: 'reset by the admin now' });
    assert.equal(s.verifyToken(kept.token), undefined, 'an admin reset revokes them');
    assert.equal(s.listTokens(u.id).filter((t) => t.revokedAt === null).length, 0);
  });

  void it('revokes, when upgrading a store, the tokens of users disabled before disabling revoked them', async () => {
    const db = new DatabaseSync(':memory:');
    applyMigrations(db, ACCOUNT_MIGRATIONS.slice(0, 1));
    const at = '2026-01-01T00:00:00.000Z';
    const insertUser = db.prepare(
      "INSERT INTO account_users (username, role, disabled, created_at, updated_at) VALUES (?, 'biller', ?, ?, ?)",
    );
    const disabled = Number(insertUser.run('gone', 1, at, at).lastInsertRowid);
    const active = Number(insertUser.run('here', 0, at, at).lastInsertRowid);
    const insertToken = db.prepare(
      "INSERT INTO account_tokens (user_id, name, token_hash, prefix, created_at) VALUES (?, 't', ?, 'dct_', ?)",
    );
    insertToken.run(disabled, 'h1', at);
    insertToken.run(active, 'h2', at);
    const s = new AccountStore(db);
    assert.notEqual(s.listTokens(disabled)[0]?.revokedAt, null);
    assert.equal(s.listTokens(active)[0]?.revokedAt, null);
    await s.updateUser(disabled, { disabled: false });
    assert.notEqual(s.listTokens(disabled)[0]?.revokedAt, null, 'stays revoked when re-enabled');
    db.close();
  });

  void it('gives tokens made before tokens expired 90 days from the upgrade (accounts/005)', () => {
    const db = new DatabaseSync(':memory:');
    applyMigrations(db, ACCOUNT_MIGRATIONS.slice(0, 4));
    const at = '2025-06-01T00:00:00.000Z';
    const user = Number(
      db
        .prepare(
          "INSERT INTO account_users (username, role, disabled, created_at, updated_at) VALUES ('old', 'biller', 0, ?, ?)",
        )
        .run(at, at).lastInsertRowid,
    );
    const insertToken = db.prepare(
      "INSERT INTO account_tokens (user_id, name, token_hash, prefix, created_at, revoked_at) VALUES (?, ?, ?, 'dct_', ?, ?)",
    );
    insertToken.run(user, 'never expires', 'h1', at, null);
    insertToken.run(user, 'revoked', 'h2', at, at);
    const s = new AccountStore(db);
    const byName = new Map(s.listTokens(user).map((t) => [t.name, t]));
    const expires = byName.get('never expires')?.expiresAt;
    assert.ok(expires !== null && expires !== undefined);
    const days = (Date.parse(expires) - Date.now()) / 86_400_000;
    assert.ok(days > 89 && days <= 90, `${days} days`);
    assert.equal(byName.get('revoked')?.expiresAt, null, 'a revoked token is left as it was');
    db.close();
  });

  void it('keeps the audit log append-only: the database refuses UPDATE and DELETE', () => {
    const db = openDatabase(':memory:');
    const s = new AccountStore(db);
    s.audit({
      userId: null,
      username: 'cli:alice',
      tokenId: null,
      action: 'worklist.status',
      method: 'CLI',
      route: 'drugclaim worklist set',
      resource: 'worklist:1:appealed',
      status: 200,
      ip: null,
    });
    assert.throws(() => db.exec("UPDATE audit_log SET username = 'someone else'"), /append-only/);
    assert.throws(() => db.exec('DELETE FROM audit_log'), /append-only/);
    assert.equal(s.listAudit()[0]?.username, 'cli:alice');
    db.close();
  });

  void it('lists the ids a list read disclosed, capped', () => {
    assert.equal(listedIds('worklist', []), 'rows:0');
    assert.equal(listedIds('worklist', [{ id: 4 }, { id: 9 }]), 'rows:2 worklist:4,9');
    const many = Array.from({ length: AUDIT_ID_CAP + 7 }, (_, i) => ({ id: i + 1 }));
    const text = listedIds('packaged', many);
    assert.match(text, new RegExp(`^rows:${AUDIT_ID_CAP + 7} packaged:1,2,.*,${AUDIT_ID_CAP},\\+7 more$`));
  });

  void it('ends sessions after the idle timeout and the absolute lifetime', async () => {
    let now = new Date('2026-03-01T08:00:00Z');
    const s = new AccountStore(openDatabase(':memory:'), {
      now: () => now,
      sessionIdleMs: 3600_000,
      sessionTtlMs: 8 * 3600_000,
    });
    const u = await s.createUser({ username: 'viewer', role: 'viewer' });
    const a = s.createSession(u.id);
    now = new Date('2026-03-01T08:50:00Z');
    assert.equal(s.getSession(a.id)?.user.id, u.id, 'within idle time');
    now = new Date('2026-03-01T10:00:00Z');
    assert.equal(s.getSession(a.id), undefined, 'idle too long');

    const b = s.createSession(u.id);
    for (let h = 10.5; h < 18; h += 0.5) {
      now = new Date(Date.parse('2026-03-01T00:00:00Z') + h * 3600_000);
      assert.ok(s.getSession(b.id), `kept alive at ${h} h`);
    }
    now = new Date('2026-03-01T18:00:01Z');
    assert.equal(s.getSession(b.id), undefined, 'absolute lifetime over');
    assert.equal(s.getSession('short'), undefined);
  });

  void it('writes the audit log newest first, filtered', async () => {
    const s = store();
    const u = await s.createUser({ username: 'bob', role: 'biller' });
    const base = {
      userId: u.id,
      username: 'bob',
      tokenId: null,
      method: 'GET',
      resource: null,
      status: 200,
      ip: '127.0.0.1',
    };
    s.audit({ ...base, action: 'denials.list', route: '/api/denials' });
    s.audit({
      ...base,
      action: 'worklist.status',
      route: '/api/worklist/:id/status',
      resource: 'worklist:7',
      method: 'POST',
    });
    s.audit({
      ...base,
      userId: null,
      username: null,
      action: 'denials.list',
      route: '/api/denials',
      status: 401,
    });
    const all = s.listAudit();
    assert.deepEqual(
      all.map((e) => [e.action, e.status]),
      [
        ['denials.list', 401],
        ['worklist.status', 200],
        ['denials.list', 200],
      ],
    );
    assert.equal(s.listAudit({ action: 'worklist.status' })[0]?.resource, 'worklist:7');
    assert.equal(s.listAudit({ userId: u.id }).length, 2);
    assert.equal(s.listAudit({ limit: 1 }).length, 1);
  });

  void it('orders roles viewer < biller < admin', () => {
    assert.equal(roleAtLeast('admin', 'biller'), true);
    assert.equal(roleAtLeast('biller', 'biller'), true);
    assert.equal(roleAtLeast('viewer', 'biller'), false);
  });
});
