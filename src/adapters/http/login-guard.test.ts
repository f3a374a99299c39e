import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LoginGuard } from './login-guard.ts';

const config = { freeFailures: 3, lockMs: 1000, maxLockMs: 5000 };

void describe('LoginGuard (wrong passwords per account)', () => {
  void it('locks a name after the free failures, doubling each time up to the cap', () => {
    let now = 0;
    const g = new LoginGuard(config, () => now);
    assert.deepEqual([g.fail('alice'), g.fail('alice')], [0, 0]);
    assert.equal(g.lockedFor('alice'), 0);
    assert.equal(g.fail('alice'), 1000, 'the third failure locks');
    assert.equal(g.lockedFor('alice'), 1000);
    now = 1000;
    assert.equal(g.lockedFor('alice'), 0, 'free again when the lockout ends');
    assert.equal(g.fail('alice'), 2000);
    now = 3000;
    assert.equal(g.fail('alice'), 4000);
    now = 7000;
    assert.equal(g.fail('alice'), 5000, 'capped');
  });

  void it('counts a name without regard to case, and each name on its own', () => {
    let now = 0;
    const g = new LoginGuard(config, () => now);
    for (let i = 0; i < 3; i++) g.fail(i % 2 ? 'ALICE' : 'alice');
    assert.ok(g.lockedFor('Alice') > 0);
    assert.equal(g.lockedFor('bob'), 0);
    now = 500;
    assert.equal(g.lockedFor('alice'), 500);
  });

  void it('clears the count on success, and forgets it after an hour without failures', () => {
    let now = 0;
    const g = new LoginGuard(config, () => now);
    g.fail('alice');
    g.fail('alice');
    g.succeed('alice');
    assert.equal(g.fail('alice'), 0, 'counting starts again');
    g.fail('alice');
    now = 60 * 60_000 + 1;
    assert.equal(g.fail('alice'), 0, 'an hour later, counting starts again');
  });

  void it('treats names that are no account the same way', () => {
    const g = new LoginGuard(config, () => 0);
    for (let i = 0; i < 3; i++) g.fail('no-such-user');
    assert.ok(g.lockedFor('no-such-user') > 0);
  });
});
