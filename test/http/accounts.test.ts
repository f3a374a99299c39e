/** Sign-in, sessions, CSRF, API tokens, users and the audit log over app.inject. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { cookiesFrom, PASSWORD, testApp, type TestApp } from './support.ts';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(async () => {
  await t.close();
});

async function csrfPair(): Promise<{ cookie: string; csrf: string }> {
  const res = await t.app.inject({ method: 'GET', url: '/api/auth/csrf' });
  assert.equal(res.statusCode, 200);
  return { cookie: cookiesFrom(res), csrf: (res.json() as { token: string }).token };
}

void describe('sign-in', () => {
  void it('sets an httpOnly, SameSite=Strict session cookie and answers who signed in', async () => {
    const { cookie, csrf } = await csrfPair();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { username: 'biller', password: PASSWORD },
    });
    assert.equal(res.statusCode, 200);
    assert.equal((res.json() as { user: { username: string; role: string } }).user.role, 'biller');
    const session = res.cookies.find((c) => c.name === 'drugclaim_session');
    assert.ok(session);
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Strict');
    assert.equal(session.path, '/');
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: cookiesFrom(res, cookie) },
    });
    assert.equal(me.statusCode, 200);
    assert.deepEqual((me.json() as { via: string; user: { username: string } }).via, 'session');
  });

  const refusals: [
    string,
    () => Promise<{ headers: Record<string, string>; payload: unknown }>,
    number,
    string,
  ][] = [
    [
      'a wrong password',
      async () => ({
        headers: await csrfHeaders(),
        payload: { username: 'biller', password: 'not the password' },
      }),
      401,
      'bad-credentials',
    ],
    [
      'an unknown user',
      async () => ({ headers: await csrfHeaders(), payload: { username: 'nobody', password: PASSWORD } }),
      401,
      'bad-credentials',
    ],
    [
      'no CSRF token',
      async () => ({ headers: {}, payload: { username: 'biller', password: PASSWORD } }),
      403,
      'csrf-invalid',
    ],
    [
      'a forged CSRF token',
      async () => ({
        headers: { ...(await csrfHeaders()), 'x-csrf-token': 'forged' },
        payload: { username: 'biller', password: PASSWORD },
      }),
      403,
      'csrf-invalid',
    ],
    [
      'no password',
      async () => ({ headers: await csrfHeaders(), payload: { username: 'biller' } }),
      400,
      'bad-request',
    ],
    [
      'a number as user name',
      async () => ({ headers: await csrfHeaders(), payload: { username: 42, password: PASSWORD } }),
      400,
      'bad-request',
    ],
  ];
  async function csrfHeaders(): Promise<Record<string, string>> {
    const { cookie, csrf } = await csrfPair();
    return { cookie, 'x-csrf-token': csrf };
  }
  for (const [label, make, status, code] of refusals) {
    void it(`refuses ${label} (${status})`, async () => {
      const { headers, payload } = await make();
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers,
        payload: payload as Record<string, unknown>,
      });
      assert.equal(res.statusCode, status, res.body);
      assert.equal((res.json() as { code: string }).code, code);
      assert.equal(
        res.cookies.some((c) => c.name === 'drugclaim_session' && c.value !== ''),
        false,
      );
    });
  }

  void it('needs the CSRF token on unsafe requests made with the session cookie, not with a Bearer token', async () => {
    const { cookie, csrf } = await t.login('biller');
    const without = await t.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { cookie },
      payload: { name: 'x' },
    });
    assert.equal(without.statusCode, 403);
    assert.equal((without.json() as { code: string }).code, 'csrf-invalid');
    const withToken = await t.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { name: 'x', currentPassword: PASSWORD },
    });
    assert.equal(withToken.statusCode, 201);
    const bearer = await t.as('biller', { method: 'POST', url: '/api/tokens', payload: { name: 'y' } });
    assert.equal(bearer.statusCode, 201);
  });

  void it('signs out: the session no longer works', async () => {
    const { cookie, csrf } = await t.login('viewer');
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    assert.equal(out.statusCode, 200);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    assert.equal(me.statusCode, 401);
  });

  void it('answers 401 with a JSON error and a WWW-Authenticate header when not signed in', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/me' });
    assert.equal(res.statusCode, 401);
    assert.equal(res.headers['www-authenticate'], 'Bearer realm="drugclaim"');
    assert.deepEqual(Object.keys(res.json() as object).sort(), ['code', 'message', 'statusCode']);
  });

  void it('answers 401 for an unknown, malformed or revoked token, even on public routes', async () => {
    for (const header of ['Bearer dct_nope', 'Basic abc', 'Bearer']) {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/health',
        headers: { authorization: header },
      });
      assert.equal(res.statusCode, 401, header);
    }
  });
});

void describe('password change', () => {
  void it('changes the password with the current one, refuses a weak new one', async () => {
    const user = await t.accounts.createUser({ username: 'changer', role: 'viewer', password: PASSWORD });
    const { token } = t.accounts.createToken(user.id, 't');
    const auth = { authorization: `Bearer ${token}` };
    const weak = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: auth,
      payload: { currentPassword: PASSWORD, newPassword: 'short' },
    });
    assert.equal(weak.statusCode, 400);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: auth,
      payload: { currentPassword: 'not it at all', newPassword: 'a much better passphrase' },
    });
    assert.equal(wrong.statusCode, 403);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: auth,
      payload: { currentPassword: PASSWORD, newPassword: 'a much better passphrase' },
    });
    assert.equal(ok.statusCode, 200);
    assert.ok(await t.accounts.verifyLogin('changer', 'a much better passphrase'));
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: auth });
    assert.equal(me.statusCode, 401, "the user's own change revokes their API tokens too");
    const audited = t.accounts
      .listAudit({ action: 'auth.password', userId: user.id })
      .map((e) => [e.status, e.resource]);
    assert.deepEqual(audited, [
      [200, 'user:changer'],
      [403, 'user:changer'],
      [400, null],
    ]);
  });

  const weak: [string, string, RegExp][] = [
    ['a common password', 'password1234', /most common/],
    ['digits only', '123456789012', /digits only/],
    ['the user name inside', 'weakling-2026-x', /user name/],
    ['a common word and a year', 'Summer2024!!', /common word/],
  ];
  for (const [label, newPassword, message] of weak) {
    void it(`refuses ${label} as a new password, with the reason`, async () => {
      const user =
        t.accounts.findUser('weakling') ??
        (await t.accounts.createUser({ username: 'weakling', role: 'viewer', password: PASSWORD }));
      const { token } = t.accounts.createToken(user.id, 't');
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: { authorization: `Bearer ${token}` },
        payload: { currentPassword: PASSWORD, newPassword },
      });
      assert.equal(res.statusCode, 400, res.body);
      assert.match((res.json() as { message: string }).message, message);
      const created = await t.as('admin', {
        method: 'POST',
        url: '/api/users',
        payload: {
          username: 'weakling2',
          role: 'viewer',
          password: newPassword.replace('weakling', 'weakling2'),
        },
      });
      assert.equal(created.statusCode, 400, created.body);
      assert.match(created.body, message);
      const reset = await t.as('admin', {
        method: 'PATCH',
        url: `/api/users/${user.id}`,
        payload: { password: newPassword },
      });
      assert.equal(reset.statusCode, 400, reset.body);
      assert.match(reset.body, message);
    });
  }
});

/** A login request from a client address, with a fresh CSRF pair (and any extra headers, e.g. a Bearer token). */
async function loginFrom(
  app: TestApp,
  remoteAddress: string,
  username: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  const csrf = await app.app.inject({ method: 'GET', url: '/api/auth/csrf', remoteAddress });
  return app.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress,
    headers: {
      cookie: cookiesFrom(csrf),
      'x-csrf-token': (csrf.json() as { token: string }).token,
      ...headers,
    },
    payload: { username, password },
  });
}

void describe('password guessing limits', () => {
  void it('limits sign-in per client address whoever the caller is: API tokens buy no extra attempts', async () => {
    const limited = await testApp({ config: { loginRateLimit: { max: 3, timeWindowMs: 60_000 } } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++)
        statuses.push((await loginFrom(limited, '10.1.0.1', 'admin', `wrong guess ${i}`)).statusCode);
      for (const role of ['viewer', 'biller', 'admin'] as const) {
        const res = await loginFrom(limited, '10.1.0.1', 'admin', 'another wrong guess', {
          authorization: `Bearer ${limited.tokens[role]}`,
        });
        statuses.push(res.statusCode);
      }
      assert.deepEqual(statuses, [401, 401, 401, 429, 429, 429]);
      assert.equal(
        (await loginFrom(limited, '10.1.0.2', 'viewer', 'wrong again')).statusCode,
        401,
        'another address has its own budget',
      );
    } finally {
      await limited.close();
    }
  });

  void it('locks an account from one address after 5 wrong passwords (429, even the right one); other addresses still sign in', async () => {
    const a = await testApp();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++)
        statuses.push((await loginFrom(a, '10.2.0.1', 'biller', `guess number ${i}`)).statusCode);
      assert.deepEqual(statuses, [401, 401, 401, 401, 401]);
      const locked = await loginFrom(a, '10.2.0.1', 'BILLER', PASSWORD);
      assert.equal(locked.statusCode, 429, locked.body);
      assert.equal((locked.json() as { code: string }).code, 'rate-limited');
      assert.match(
        (locked.json() as { message: string }).message,
        /Too many wrong passwords for this account/,
      );
      assert.ok(Number(locked.headers['retry-after']) > 0);
      assert.equal(
        (await loginFrom(a, '10.2.0.99', 'biller', PASSWORD)).statusCode,
        200,
        'the real user, from their own address, is not locked out',
      );
      // A name that is no account locks the same way: the lockout tells nothing about which names exist.
      for (let i = 0; i < 5; i++) await loginFrom(a, '10.3.0.1', 'nobody-here', 'guess');
      assert.equal((await loginFrom(a, '10.3.0.1', 'nobody-here', 'guess')).statusCode, 429);
      const failed = a.accounts
        .listAudit({ action: 'auth.login', limit: 1000 })
        .filter((e) => e.resource === 'user:biller' && e.status === 401);
      assert.equal(failed.length, 5, 'every failed password check has its own audit row');
      const biller = a.accounts.findUser('biller');
      assert.ok(
        a.accounts
          .listAudit({ action: 'auth.login', userId: biller?.id ?? -1 })
          .some((e) => e.status === 200 && e.username === 'biller'),
        'a successful sign-in names the user (id and name)',
      );
    } finally {
      await a.close();
    }
  });

  void it('slows down (never locks) an account guessed from many addresses', async () => {
    const a = await testApp({
      config: {
        loginLockout: {
          freeFailures: 5,
          lockMs: 60_000,
          maxLockMs: 900_000,
          accountFreeFailures: 4,
          accountSpacingMs: 60_000,
        },
      },
    });
    try {
      for (let i = 0; i < 5; i++) await loginFrom(a, `10.7.0.${i + 1}`, 'biller', `guess ${i}`);
      const slowed = await loginFrom(a, '10.7.1.1', 'biller', PASSWORD);
      assert.equal(slowed.statusCode, 429, 'past the account-wide failures, a new address waits');
      assert.ok(Number(slowed.headers['retry-after']) <= 60);
    } finally {
      await a.close();
    }
  });

  void it('an admin clears a lockout (API; the CLI stores the same unlock in the database)', async () => {
    const a = await testApp();
    try {
      for (let i = 0; i < 5; i++) await loginFrom(a, '10.8.0.1', 'admin', `guess ${i}`);
      assert.equal((await loginFrom(a, '10.8.0.1', 'admin', PASSWORD)).statusCode, 429);
      const viewer = a.accounts.findUser('viewer');
      assert.ok(viewer);
      for (let i = 0; i < 5; i++) await loginFrom(a, '10.8.0.2', 'viewer', `guess ${i}`);
      assert.equal((await loginFrom(a, '10.8.0.2', 'viewer', PASSWORD)).statusCode, 429);
      // As `drugclaim user unlock viewer` does, from another process: only the database row.
      a.accounts.clearLockout(viewer.id);
      assert.equal(
        (await loginFrom(a, '10.8.0.2', 'viewer', PASSWORD)).statusCode,
        200,
        'CLI unlock applied',
      );
      const admin = a.accounts.findUser('admin');
      assert.ok(admin);
      const res = await a.as('admin', { method: 'POST', url: `/api/users/${admin.id}/unlock` });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal((await loginFrom(a, '10.8.0.1', 'admin', PASSWORD)).statusCode, 200, 'unlocked');
      assert.equal(
        (await a.as('viewer', { method: 'POST', url: `/api/users/${admin.id}/unlock` })).statusCode,
        403,
      );
      assert.equal(a.accounts.listAudit({ action: 'users.unlock' })[0]?.status, 403);
    } finally {
      await a.close();
    }
  });

  void it('applies the same lockout to the current password of a password change', async () => {
    const a = await testApp();
    try {
      const auth = { authorization: `Bearer ${a.tokens.viewer}` };
      const change = (currentPassword: string) =>
        a.app.inject({
          method: 'POST',
          url: '/api/auth/password',
          headers: auth,
          payload: { currentPassword, newPassword: 'a much better passphrase' },
        });
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await change(`guess number ${i}`)).statusCode);
      assert.deepEqual(statuses, [403, 403, 403, 403, 403, 429]);
      assert.equal((await change(PASSWORD)).statusCode, 429, 'locked, even with the right password');
      assert.equal(
        (await loginFrom(a, '127.0.0.1', 'viewer', PASSWORD)).statusCode,
        429,
        'sign-in from the same address shares the count',
      );
      assert.equal(
        (await loginFrom(a, '10.4.0.1', 'viewer', PASSWORD)).statusCode,
        200,
        'another address does not',
      );
      assert.deepEqual(
        a.accounts
          .listAudit({ action: 'auth.password', limit: 100 })
          .map((e) => e.status)
          .reverse(),
        [403, 403, 403, 403, 403, 429, 429],
      );
    } finally {
      await a.close();
    }
  });
});

void describe('tokens of disabled and reset accounts', () => {
  const call = (token: string, url: string, remoteAddress: string): Promise<LightMyRequestResponse> =>
    t.app.inject({ method: 'GET', url, remoteAddress, headers: { authorization: `Bearer ${token}` } });

  void it("refuses a disabled user's token and records who tried; re-enabling does not revive it", async () => {
    const user = await t.accounts.createUser({ username: 'dis', role: 'biller', password: PASSWORD });
    const { token, record } = t.accounts.createToken(user.id, 'before the disable');
    assert.equal((await call(token, '/api/auth/me', '10.5.0.1')).statusCode, 200);
    const disable = await t.as('admin', {
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      payload: { disabled: true },
    });
    assert.equal(disable.statusCode, 200);
    assert.equal((await call(token, '/api/denials', '10.5.0.2')).statusCode, 401);
    assert.equal((await call(token, '/api/auth/me', '10.5.0.3')).statusCode, 401);
    const rows = t.accounts.listAudit({ userId: user.id, limit: 100 });
    const denied = rows.find((e) => e.action === 'denials.list');
    assert.deepEqual(
      [denied?.status, denied?.username, denied?.tokenId, denied?.resource],
      [401, 'dis', record.id, `token:${record.id} refused:revoked`],
    );
    assert.ok(
      rows.some((e) => e.action === 'auth.token-refused' && e.status === 401 && e.ip === '10.5.0.3'),
      'recorded on a route without an audit action too',
    );
    await t.as('admin', { method: 'PATCH', url: `/api/users/${user.id}`, payload: { disabled: false } });
    assert.equal((await call(token, '/api/auth/me', '10.5.0.4')).statusCode, 401, 'still revoked');
  });

  void it("revokes a user's tokens when an admin resets the password", async () => {
    const user = await t.accounts.createUser({ username: 'reset-me', role: 'viewer', password: PASSWORD });
    const { token } = t.accounts.createToken(user.id, 'old');
    assert.equal((await call(token, '/api/auth/me', '10.6.0.1')).statusCode, 200);
    const reset = await t.as('admin', {
      method: 'PATCH',
      url: `/api/users/${user.id}`,
      payload: { password: 'a fresh passphrase now' },
    });
    assert.equal(reset.statusCode, 200, reset.body);
    assert.equal((await call(token, '/api/auth/me', '10.6.0.2')).statusCode, 401);
  });
});

void describe('API tokens', () => {
  void it('expire after 90 days by default, at most 365; a token cannot outlive the token that made it', async () => {
    const made = await t.as('viewer', { method: 'POST', url: '/api/tokens', payload: { name: 'default' } });
    assert.equal(made.statusCode, 201, made.body);
    const { token, record } = made.json() as { token: string; record: { expiresAt: string } };
    const days = (Date.parse(record.expiresAt) - Date.now()) / 86_400_000;
    assert.ok(days > 89 && days <= 90, String(days));
    const tooLong = await t.as('viewer', {
      method: 'POST',
      url: '/api/tokens',
      payload: { name: 'forever', expiresInDays: 3650 },
    });
    assert.equal(tooLong.statusCode, 400);
    const child = await t.app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { authorization: `Bearer ${token}` },
      payload: { name: 'child', expiresInDays: 365 },
    });
    assert.equal(child.statusCode, 201, child.body);
    assert.equal((child.json() as { record: { expiresAt: string } }).record.expiresAt, record.expiresAt);
  });

  void it('needs the current password to create a token with a session', async () => {
    const { cookie, csrf } = await t.login('viewer');
    const headers = { cookie, 'x-csrf-token': csrf };
    const create = (payload: object) =>
      t.app.inject({ method: 'POST', url: '/api/tokens', headers, payload });
    const none = await create({ name: 'no password' });
    assert.equal(none.statusCode, 400);
    assert.equal((none.json() as { code: string }).code, 'password-required');
    const wrong = await create({ name: 'wrong', currentPassword: 'not the password' });
    assert.equal(wrong.statusCode, 403);
    assert.equal((await create({ name: 'right', currentPassword: PASSWORD })).statusCode, 201);
  });

  void it('are revoked, with every session, when the user changes their own password', async () => {
    const user = await t.accounts.createUser({ username: 'rotator', role: 'viewer', password: PASSWORD });
    const { token } = t.accounts.createToken(user.id, 'script');
    const session = t.accounts.createSession(user.id);
    const changed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { authorization: `Bearer ${token}` },
      payload: { currentPassword: PASSWORD, newPassword: 'a much better passphrase' },
    });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(t.accounts.verifyToken(token), undefined);
    assert.equal(t.accounts.getSession(session.id), undefined);
  });

  void it('creates a token shown once, lists it by prefix, revokes it', async () => {
    const created = await t.as('viewer', {
      method: 'POST',
      url: '/api/tokens',
      payload: { name: 'report script', expiresInDays: 30 },
    });
    assert.equal(created.statusCode, 201);
    const { token, record } = created.json() as {
      token: string;
      record: { id: number; prefix: string; expiresAt: string };
    };
    assert.ok(token.startsWith(record.prefix));
    assert.ok(record.expiresAt);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal((me.json() as { via: string }).via, 'token');

    const list = await t.as('viewer', { method: 'GET', url: '/api/tokens' });
    assert.equal(list.body.includes(token), false);
    assert.ok((list.json() as { tokens: { id: number }[] }).tokens.some((x) => x.id === record.id));

    const otherUsers = await t.as('biller', { method: 'DELETE', url: `/api/tokens/${record.id}` });
    assert.equal(otherUsers.statusCode, 404, "a biller cannot revoke a viewer's token");
    const revoked = await t.as('viewer', { method: 'DELETE', url: `/api/tokens/${record.id}` });
    assert.equal(revoked.statusCode, 200);
    const after = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(after.statusCode, 401);
  });

  void it('refuses bad input: empty name, 0 days, a non-numeric id', async () => {
    for (const payload of [{ name: '' }, { name: 'x', expiresInDays: 0 }, { nom: 'x' }]) {
      const res = await t.as('viewer', { method: 'POST', url: '/api/tokens', payload });
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
    }
    assert.equal((await t.as('viewer', { method: 'DELETE', url: '/api/tokens/abc' })).statusCode, 400);
  });

  void it('lists all tokens for an admin only', async () => {
    assert.equal((await t.as('biller', { method: 'GET', url: '/api/tokens?all=true' })).statusCode, 403);
    const all = await t.as('admin', { method: 'GET', url: '/api/tokens?all=true' });
    assert.equal(all.statusCode, 200);
    assert.ok((all.json() as { tokens: unknown[] }).tokens.length >= 3);
  });
});

void describe('users (admin)', () => {
  void it('creates, changes and lists users; refuses duplicates and the last admin demotion', async () => {
    const created = await t.as('admin', {
      method: 'POST',
      url: '/api/users',
      payload: { username: 'carol', role: 'biller', password: PASSWORD },
    });
    assert.equal(created.statusCode, 201);
    const id = (created.json() as { user: { id: number } }).user.id;
    assert.equal(
      (
        await t.as('admin', {
          method: 'POST',
          url: '/api/users',
          payload: { username: 'CAROL', role: 'viewer', password: PASSWORD },
        })
      ).statusCode,
      409,
    );
    const changed = await t.as('admin', {
      method: 'PATCH',
      url: `/api/users/${id}`,
      payload: { role: 'viewer', disabled: true },
    });
    assert.equal(changed.statusCode, 200);
    assert.deepEqual((changed.json() as { user: { role: string; disabled: boolean } }).user.role, 'viewer');
    const list = await t.as('admin', { method: 'GET', url: '/api/users' });
    assert.ok((list.json() as { users: { username: string }[] }).users.some((u) => u.username === 'carol'));
    const adminId = t.accounts.findUser('admin')?.id;
    const last = await t.as('admin', {
      method: 'PATCH',
      url: `/api/users/${adminId}`,
      payload: { role: 'viewer' },
    });
    assert.equal(last.statusCode, 409);
    assert.equal((last.json() as { code: string }).code, 'last-admin');
    assert.equal(
      (await t.as('admin', { method: 'PATCH', url: '/api/users/99999', payload: { role: 'viewer' } }))
        .statusCode,
      404,
    );
    assert.equal(
      (await t.as('admin', { method: 'PATCH', url: `/api/users/${id}`, payload: {} })).statusCode,
      400,
    );
    assert.equal(
      (
        await t.as('admin', {
          method: 'POST',
          url: '/api/users',
          payload: { username: 'dave', role: 'owner', password: PASSWORD },
        })
      ).statusCode,
      400,
    );
  });

  void it('is for admins only', async () => {
    for (const [role, status] of [
      [null, 401],
      ['viewer', 403],
      ['biller', 403],
    ] as const) {
      assert.equal((await t.as(role, { method: 'GET', url: '/api/users' })).statusCode, status);
      assert.equal(
        (
          await t.as(role, {
            method: 'POST',
            url: '/api/users',
            payload: { username: 'eve', role: 'admin', password: PASSWORD },
          })
        ).statusCode,
        status,
      );
      assert.equal((await t.as(role, { method: 'GET', url: '/api/audit' })).statusCode, status);
    }
  });
});

void describe('audit log (admin)', () => {
  void it('lists entries newest first and validates its filters', async () => {
    t.accounts.audit({
      userId: null,
      username: null,
      tokenId: null,
      action: 'test.action',
      method: 'GET',
      route: '/api/x',
      resource: null,
      status: 200,
      ip: '127.0.0.1',
    });
    const res = await t.as('admin', { method: 'GET', url: '/api/audit?action=test.action&limit=5' });
    assert.equal(res.statusCode, 200);
    assert.equal((res.json() as { entries: { action: string }[] }).entries[0]?.action, 'test.action');
    assert.equal((await t.as('admin', { method: 'GET', url: '/api/audit?limit=0' })).statusCode, 400);
    // A password typed in the user-name field must not land in the audit log: only its digest does.
    const pair = await csrfPair();
    const typo = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { cookie: pair.cookie, 'x-csrf-token': pair.csrf },
      payload: { username: 'Correct-Horse-Battery-9', password: 'x' },
    });
    assert.equal(typo.statusCode, 401);
    const logins = (
      await t.as('admin', { method: 'GET', url: '/api/audit?action=auth.login&limit=1000' })
    ).json() as { entries: { status: number; resource: string | null }[] };
    assert.ok(!JSON.stringify(logins).includes('Correct-Horse'), 'the typed text is not in the audit log');
    // Only a keyed digest (HMAC, key never stored): no plain SHA-256 of the text anyone could recompute.
    const plain = createHash('sha256').update('Correct-Horse-Battery-9').digest('hex').slice(0, 12);
    assert.ok(!JSON.stringify(logins).includes(plain), 'no unsalted digest of the typed text');
    assert.ok(
      logins.entries.some(
        (e) => e.status === 401 && /^unknown-user:hmac:[0-9a-f]{12}$/.test(e.resource ?? ''),
      ),
    );
    assert.ok(
      logins.entries.some((e) => e.status === 200 && e.resource === 'user:biller'),
      'successful sign-ins are audited',
    );
    assert.ok(
      logins.entries.some((e) => e.status === 401),
      'failed sign-ins are audited',
    );
    const admin = (
      await t.as('admin', { method: 'GET', url: '/api/audit?action=users.update&limit=1000' })
    ).json() as { entries: unknown[] };
    assert.ok(admin.entries.length > 0, 'user changes are audited');
    // Reading the audit log and the user list, and signing out, are audited too.
    await t.as('admin', { method: 'GET', url: '/api/users' });
    const { cookie, csrf } = await t.login('viewer');
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    const rows = t.accounts.listAudit({ limit: 50 });
    const latest = (action: string) => rows.find((e) => e.action === action && e.status === 200);
    assert.equal(latest('audit.read')?.username, 'admin');
    assert.match(latest('audit.read')?.resource ?? '', /^rows:\d+ action=users\.update$/);
    assert.match(latest('users.list')?.resource ?? '', /^rows:\d+$/);
    assert.deepEqual(
      [latest('auth.logout')?.username, latest('auth.logout')?.resource, latest('auth.logout')?.status],
      ['viewer', 'session', 200],
    );
    assert.equal((await t.as('admin', { method: 'GET', url: '/api/audit?beforeId=x' })).statusCode, 400);
  });
});
