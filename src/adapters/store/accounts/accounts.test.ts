import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDatabase } from '../database.ts';
import { AccountError, AccountStore, roleAtLeast } from './index.ts';
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

  const cases: [string, string, boolean][] = [
    ['12 characters', 'abcdefghijkl', true],
    ['11 characters', 'abcdefghijk', false],
    ['one repeated character', 'aaaaaaaaaaaaaaa', false],
    ['a passphrase', PASSWORD, true],
  ];
  for (const [label, pw, ok] of cases) {
    void it(`password rule: ${label}`, () => assert.equal(passwordProblem(pw) === undefined, ok));
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
