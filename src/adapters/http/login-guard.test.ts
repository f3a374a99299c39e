import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LoginGuard } from './login-guard.ts';

const config = {
  freeFailures: 3,
  lockMs: 1000,
  maxLockMs: 5000,
  accountFreeFailures: 10,
  accountSpacingMs: 2000,
};
const A = '10.0.0.1';
const B = '10.0.0.2';

void describe('LoginGuard (wrong passwords per account and address)', () => {
  void it('locks a name from one address after the free failures, doubling each time up to the cap', () => {
    let now = 0;
    const g = new LoginGuard(config, () => now);
    assert.deepEqual([g.fail('alice', A), g.fail('alice', A)], [0, 0]);
    assert.equal(g.lockedFor('alice', A), 0);
    assert.equal(g.fail('alice', A), 1000, 'the third failure locks');
    assert.equal(g.lockedFor('alice', A), 1000);
    now = 1000;
    assert.equal(g.lockedFor('alice', A), 0, 'free again when the lockout ends');
    assert.equal(g.fail('alice', A), 2000);
    now = 3000;
    assert.equal(g.fail('alice', A), 4000);
    now = 7000;
    assert.equal(g.fail('alice', A), 5000, 'capped');
  });

  void it('never counts a right password against the account (sign-ins count first, then are taken back)', () => {
    const g = new LoginGuard(config, () => 0);
    // As the sign-in route does it: fail() before the password is checked, succeed() when it was right.
    for (let i = 0; i < 3 * config.accountFreeFailures; i++) {
      g.fail('alice', A);
      g.succeed('alice', A);
    }
    assert.equal(g.lockedFor('alice', B), 0, 'a new workstation is not slowed down');
    for (let i = 0; i <= config.accountFreeFailures; i++) g.fail('alice', `10.1.0.${i}`);
    assert.ok(g.lockedFor('alice', B) > 0, 'wrong passwords still add up across addresses');
  });

  void it('does not lock the same name from another address (the real user is not locked out)', () => {
    const g = new LoginGuard(config, () => 0);
    for (let i = 0; i < 3; i++) g.fail('admin', A);
    assert.ok(g.lockedFor('admin', A) > 0);
    assert.equal(g.lockedFor('admin', B), 0);
  });

  void it('counts a name without regard to case, and each name on its own', () => {
    let now = 0;
    const g = new LoginGuard(config, () => now);
    for (let i = 0; i < 3; i++) g.fail(i % 2 ? 'ALICE' : 'alice', A);
    assert.ok(g.lockedFor('Alice', A) > 0);
    assert.equal(g.lockedFor('bob', A), 0);
    now = 500;
    assert.equal(g.lockedFor('alice', A), 500);
  });

  void it('slows an account guessed from many addresses, without locking it, sparing addresses that signed in before', () => {
    let now = 0;
    const g = new LoginGuard(config, () => now);
    g.succeed('admin', B);
    for (let i = 0; i < 10; i++) g.fail('admin', `10.1.0.${i}`);
    assert.equal(g.lockedFor('admin', '10.2.0.1'), 0, 'the free account-wide failures');
    g.fail('admin', '10.1.1.1');
    assert.equal(g.lockedFor('admin', '10.2.0.1'), 2000, 'past them: one attempt per spacing');
    assert.equal(g.lockedFor('admin', B), 0, 'an address that signed in before is not slowed');
    now = 2000;
    assert.equal(g.lockedFor('admin', '10.2.0.1'), 0, 'a slow-down, not a lock');
  });

  void it('clears the pair on success, and forgets it after an hour without failures', () => {
    let now = 0;
    const g = new LoginGuard(config, () => now);
    g.fail('alice', A);
    g.fail('alice', A);
    g.succeed('alice', A);
    assert.equal(g.fail('alice', A), 0, 'counting starts again');
    g.fail('alice', A);
    now = 60 * 60_000 + 1;
    assert.equal(g.fail('alice', A), 0, 'an hour later, counting starts again');
  });

  void it('an admin unlock clears every address and the account count, once per stored time', () => {
    const g = new LoginGuard(config, () => 0);
    for (let i = 0; i < 11; i++) g.fail('alice', i < 3 ? A : `10.3.0.${i}`);
    assert.ok(g.lockedFor('alice', A) > 0);
    g.clearedAt('alice', 5);
    assert.equal(g.lockedFor('alice', A), 0);
    assert.equal(g.lockedFor('alice', '10.9.9.9'), 0);
    for (let i = 0; i < 3; i++) g.fail('alice', A);
    g.clearedAt('alice', 5);
    assert.ok(g.lockedFor('alice', A) > 0, 'the same stored unlock is not applied twice');
    g.clear('alice');
    assert.equal(g.lockedFor('alice', A), 0);
  });

  void it('treats names that are no account the same way', () => {
    const g = new LoginGuard(config, () => 0);
    for (let i = 0; i < 3; i++) g.fail('no-such-user', A);
    assert.ok(g.lockedFor('no-such-user', A) > 0);
  });
});
