/** `drugclaim user …` through the real CLI on a temporary store. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';

const bin = resolve(import.meta.dirname, '..', '..', '..', '..', 'bin', 'drugclaim.js');
const dir = mkdtempSync(join(tmpdir(), 'drugclaim-user-cli-'));
const env = { ...process.env, DRUGCLAIM_DB: join(dir, 'drugclaim.db') };

function run(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], {
    env,
    input: input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

after(() => rmSync(dir, { recursive: true, force: true }));

void describe('drugclaim user', () => {
  void it('refuses a first account that is not an admin, saying why, before asking for a password', () => {
    for (const args of [
      ['user', 'add', 'bob', '--role', 'biller', '--password-stdin'],
      ['user', 'add', 'svc', '--role', 'viewer', '--token-only'],
    ]) {
      const r = run(args, 'correct horse battery staple\n');
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /the first account must be an admin: only an admin can add users and set roles/);
      assert.match(r.stderr, /drugclaim user add \w+ --admin/);
    }
    const users = run(['user', 'list', '--json']);
    assert.deepEqual(JSON.parse(users.stdout), []);
  });

  void it('adds the first admin from stdin, refuses a weak password and a missing role', () => {
    const ok = run(['user', 'add', 'alice', '--admin', '--password-stdin'], 'correct horse battery staple\n');
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /Created admin "alice"/);
    const weak = run(['user', 'add', 'bob', '--role', 'biller', '--password-stdin'], 'short\n');
    assert.equal(weak.status, 1);
    assert.match(weak.stderr, /at least 12 characters/);
    assert.equal(run(['user', 'add', 'bob']).status, 2);
    assert.equal(run(['user', 'add', 'svc', '--role', 'biller', '--token-only']).status, 0);
  });

  void it('creates a token printed once, lists users and tokens as JSON, revokes', () => {
    const t = run(['user', 'token', 'svc', '--label', 'nightly import', '--json']);
    assert.equal(t.status, 0, t.stderr);
    const created = JSON.parse(t.stdout) as { token: string; record: { id: number; name: string } };
    assert.match(created.token, /^dct_/);
    const tokens = run(['user', 'tokens', '--json']);
    assert.equal(tokens.stdout.includes(created.token), false, 'the token is not shown again');
    const users = JSON.parse(run(['user', 'list', '--json']).stdout) as {
      username: string;
      role: string;
      hasPassword: boolean;
    }[];
    assert.deepEqual(
      users.map((u) => [u.username, u.role, u.hasPassword]),
      [
        ['alice', 'admin', true],
        ['svc', 'biller', false],
      ],
    );
    assert.equal(run(['user', 'revoke', String(created.record.id)]).status, 0);
  });

  void it('gives tokens a 90-day default expiry and refuses more than 365 days', () => {
    const t = run(['user', 'token', 'svc', '--json']);
    assert.equal(t.status, 0, t.stderr);
    const { record } = JSON.parse(t.stdout) as { record: { expiresAt: string } };
    const days = (Date.parse(record.expiresAt) - Date.now()) / 86_400_000;
    assert.ok(days > 89 && days <= 90, String(days));
    const long = run(['user', 'token', 'svc', '--expires-days', '400']);
    assert.equal(long.status, 2);
    assert.match(long.stderr, /days from 1 to 365/);
  });

  void it('clears a sign-in lockout (stored for the running server), audited', () => {
    const r = run(['user', 'unlock', 'alice']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /alice: sign-in lockout cleared/);
    assert.equal(run(['user', 'unlock', 'nobody-here']).status, 1);
  });

  void it('changes a role and disables an account; never the last admin', () => {
    assert.equal(run(['user', 'set', 'svc', '--role', 'viewer', '--disable']).status, 0);
    const users = JSON.parse(run(['user', 'list', '--json']).stdout) as {
      username: string;
      role: string;
      disabled: boolean;
    }[];
    assert.deepEqual(
      users.find((u) => u.username === 'svc'),
      { ...users.find((u) => u.username === 'svc'), role: 'viewer', disabled: true },
    );
    const last = run(['user', 'set', 'alice', '--role', 'viewer']);
    assert.equal(last.status, 1);
    assert.match(last.stderr, /last active admin/);
  });
});
