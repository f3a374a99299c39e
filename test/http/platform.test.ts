/**
 * The service as a whole: the OpenAPI document covers every route, errors are JSON 4xx (never 5xx) for bad
 * requests, limits (body size, rate per token) hold, security headers are set, logs carry no URLs or bodies,
 * and the web app is served with a fallback to index.html for its pages.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { InjectOptions } from 'fastify';
import { parseTrustProxy } from '../../src/adapters/cli/commands/serve.ts';
import { multipart, PASSWORD, testApp, type TestApp } from './support.ts';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(async () => {
  await t.close();
});

void describe('OpenAPI', () => {
  void it('/openapi.json documents every /api route with its method, and marks protected ones', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json() as {
      openapi: string;
      paths: Record<string, Record<string, { responses?: object; security?: unknown[] }>>;
    };
    assert.equal(doc.openapi, '3.0.3');
    const apiRoutes = t.app.drugclaimRoutes.filter((r) => r.url.startsWith('/api/'));
    assert.ok(apiRoutes.length >= 15, `routes: ${apiRoutes.length}`);
    for (const r of apiRoutes) {
      const path = r.url.replace(/:(\w+)/g, '{$1}');
      const op = doc.paths[path]?.[r.method.toLowerCase()];
      assert.ok(op, `${r.method} ${path} is in the document`);
      assert.ok(
        op.responses && Object.keys(op.responses).length > 0,
        `${r.method} ${path} documents its responses`,
      );
    }
  });

  void it('serves the docs UI at /docs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/' });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] ?? '', /text\/html/);
  });
});

void describe('errors are JSON, bad requests are 4xx', () => {
  const cases: [string, InjectOptions, number, string][] = [
    ['unknown API route', { method: 'GET', url: '/api/nope' }, 404, 'not-found'],
    ['wrong method', { method: 'DELETE', url: '/api/search?q=x' }, 404, 'not-found'],
    [
      'malformed JSON',
      {
        method: 'POST',
        url: '/api/units',
        headers: { 'content-type': 'application/json' },
        payload: '{"code": "J9173", ',
      },
      400,
      'bad-request',
    ],
    [
      'JSON that is not an object',
      {
        method: 'POST',
        url: '/api/units',
        headers: { 'content-type': 'application/json' },
        payload: '[1,2,3]',
      },
      400,
      'bad-request',
    ],
    [
      'empty JSON body',
      { method: 'POST', url: '/api/units', headers: { 'content-type': 'application/json' }, payload: '' },
      400,
      'bad-request',
    ],
    [
      'an unsupported media type',
      {
        method: 'POST',
        url: '/api/units',
        headers: { 'content-type': 'application/x-whatever' },
        payload: 'code=J9173',
      },
      415,
      'unsupported-media-type',
    ],
    [
      'a prototype-poisoning body',
      {
        method: 'POST',
        url: '/api/units',
        headers: { 'content-type': 'application/json' },
        payload: '{"__proto__": {"x": 1}, "code": "J9173", "dose": "1 mg"}',
      },
      400,
      'bad-request',
    ],
  ];
  for (const [label, request, status, code] of cases) {
    void it(`${label} → ${status}`, async () => {
      const res = await t.app.inject(request);
      assert.equal(res.statusCode, status, res.body);
      assert.match(res.headers['content-type'] ?? '', /application\/json/);
      const body = res.json() as { statusCode: number; code: string; message: string };
      assert.equal(body.statusCode, status);
      assert.equal(body.code, code);
      assert.ok(body.message);
    });
  }
});

void describe('limits', () => {
  void it('refuses a JSON body over the limit with 413', async () => {
    const small = await testApp({ config: { bodyLimitBytes: 1024 } });
    try {
      const res = await small.app.inject({
        method: 'POST',
        url: '/api/units',
        payload: { code: 'J9173', dose: '750 mg', opened: 'x'.repeat(4000) },
      });
      assert.equal(res.statusCode, 413);
      assert.equal((res.json() as { code: string }).code, 'payload-too-large');
    } finally {
      await small.close();
    }
  });

  void it('limits requests per token, not across tokens: 429 with a JSON error and Retry-After', async () => {
    const limited = await testApp({ config: { rateLimit: { max: 3, timeWindowMs: 60_000 } } });
    try {
      for (let i = 0; i < 3; i++)
        assert.equal((await limited.as('viewer', { method: 'GET', url: '/api/auth/me' })).statusCode, 200);
      const over = await limited.as('viewer', { method: 'GET', url: '/api/auth/me' });
      assert.equal(over.statusCode, 429);
      assert.equal((over.json() as { code: string }).code, 'rate-limited');
      assert.ok(over.headers['retry-after']);
      assert.equal(
        (await limited.as('biller', { method: 'GET', url: '/api/auth/me' })).statusCode,
        200,
        'another token has its own budget',
      );
    } finally {
      await limited.close();
    }
  });

  void it('says "too many files" when an upload has more parts than allowed, not "too large"', async () => {
    const files = Array.from({ length: 25 }, (_, i) => ({ name: `f${i}.837`, content: 'ISA' }));
    const body = multipart(files);
    const res = await t.as('viewer', {
      method: 'POST',
      url: '/api/check',
      headers: body.headers,
      payload: body.payload,
    });
    assert.equal(res.statusCode, 413, res.body);
    const answer = res.json() as { code: string; message: string };
    assert.equal(answer.code, 'too-many-parts');
    assert.match(answer.message, /more than 20 files/);
    assert.doesNotMatch(answer.message, /larger/);
  });

  void it('limits login attempts per client address', async () => {
    const limited = await testApp({ config: { loginRateLimit: { max: 2, timeWindowMs: 60_000 } } });
    try {
      const statuses: number[] = [];
      const csrf = await limited.app.inject({ method: 'GET', url: '/api/auth/csrf' });
      const headers = {
        cookie: csrf.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
        'x-csrf-token': (csrf.json() as { token: string }).token,
      };
      for (let i = 0; i < 3; i++) {
        const res = await limited.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          headers,
          payload: { username: 'viewer', password: 'wrong password' },
        });
        statuses.push(res.statusCode);
      }
      assert.deepEqual(statuses, [401, 401, 429]);
    } finally {
      await limited.close();
    }
  });
});

void describe('refused calls', () => {
  void it('limits refused (unauthenticated) calls per client address: 429 after the limit, on any protected route', async () => {
    const limited = await testApp({ config: { refusedRateLimit: { max: 5, timeWindowMs: 60_000 } } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) {
        const url = i % 2 ? '/api/denials' : '/api/worklist';
        statuses.push(
          (await limited.app.inject({ method: 'GET', url, remoteAddress: '10.7.0.1' })).statusCode,
        );
      }
      assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429]);
      const over = await limited.app.inject({
        method: 'GET',
        url: '/api/denials',
        remoteAddress: '10.7.0.1',
        headers: { authorization: 'Bearer dct_made_up' },
      });
      assert.equal(over.statusCode, 429, 'a made-up token counts too');
      assert.ok(Number(over.headers['retry-after']) > 0);
      assert.equal((over.json() as { code: string }).code, 'rate-limited');
      assert.equal(
        (await limited.app.inject({ method: 'GET', url: '/api/denials', remoteAddress: '10.7.0.2' }))
          .statusCode,
        401,
        'another address is not affected',
      );
      assert.equal(
        (await limited.as('viewer', { method: 'GET', url: '/api/denials' })).statusCode,
        200,
        'signed-in callers are not affected',
      );
    } finally {
      await limited.close();
    }
  });

  void it('collapses refused calls in the audit log: one row per address per window, then one with the count', async () => {
    const a = await testApp({ config: { refusedRateLimit: { max: 100_000, timeWindowMs: 60_000 } } });
    try {
      for (let i = 0; i < 200; i++)
        await a.app.inject({ method: 'GET', url: '/api/denials', remoteAddress: '10.8.0.1' });
      const during = a.accounts.listAudit({ limit: 1000 }).filter((e) => e.ip === '10.8.0.1');
      assert.equal(during.length, 1, 'the first refused call is written at once, the rest counted');
      assert.deepEqual(
        [during[0]?.action, during[0]?.status, during[0]?.userId],
        ['denials.list', 401, null],
      );
      // The count is written when the window ends, or when the server closes (as here).
      await a.app.close();
      const rows = a.accounts.listAudit({ limit: 1000 }).filter((e) => e.ip === '10.8.0.1');
      assert.equal(rows.length, 2);
      assert.equal(rows[0]?.action, 'refused.repeated');
      assert.match(
        rows[0]?.resource ?? '',
        /^repeats:199 since:\S+ statuses:401×199 routes:GET \/api\/denials×199$/,
      );
    } finally {
      await a.close();
    }
  });
});

void describe('behind a proxy (trustProxy)', () => {
  const failedLoginFrom = async (a: TestApp, xff: string): Promise<string | null> => {
    const csrf = await a.app.inject({ method: 'GET', url: '/api/auth/csrf' });
    await a.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: {
        cookie: csrf.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
        'x-csrf-token': (csrf.json() as { token: string }).token,
        'x-forwarded-for': xff,
      },
      payload: { username: 'viewer', password: `not ${PASSWORD}` },
    });
    return a.accounts.listAudit({ action: 'auth.login', limit: 1 })[0]?.ip ?? null;
  };

  void it('takes the client address from the trusted proxy only, never from what the client wrote', async () => {
    // inject connects from 127.0.0.1: that is the proxy here; the client sent its own X-Forwarded-For first.
    const trusted = await testApp({ config: { trustProxy: parseTrustProxy(true) } });
    try {
      assert.equal(await failedLoginFrom(trusted, '6.6.6.6, 10.0.0.9'), '10.0.0.9');
    } finally {
      await trusted.close();
    }
    const other = await testApp({ config: { trustProxy: parseTrustProxy('10.9.9.9') } });
    try {
      assert.equal(
        await failedLoginFrom(other, '10.0.0.9'),
        '127.0.0.1',
        'not from a trusted proxy: ignored',
      );
    } finally {
      await other.close();
    }
  });

  const specs: [string, string | true, string | RegExp][] = [
    ['alone: a proxy on this machine', true, 'loopback'],
    ['addresses and CIDRs', ' 10.0.0.0/8, ::1 ,192.168.1.4', '10.0.0.0/8,::1,192.168.1.4'],
    ['a named range', 'uniquelocal', 'uniquelocal'],
    ['not "every hop"', 'true', /not an address/],
    ['no hop count', '1', /not an address/],
    ['a bad prefix', '10.0.0.0/33', /not an address/],
    ['a host name', 'proxy.local', /not an address/],
  ];
  for (const [label, value, want] of specs) {
    void it(`--trust-proxy: ${label}`, () => {
      if (typeof want === 'string') assert.equal(parseTrustProxy(value), want);
      else assert.throws(() => parseTrustProxy(value), want);
    });
  }
});

void describe('headers and logs', () => {
  void it('sets nosniff, no-referrer and DENY framing; no-store on claim data and signed-in answers', async () => {
    const res = await t.as('viewer', { method: 'GET', url: '/api/auth/me' });
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.equal(res.headers['x-frame-options'], 'DENY');
    assert.equal(res.headers['cache-control'], 'no-store');
  });

  void it('logs one line per request with the route pattern, never the URL, query or body', async () => {
    const before = t.logs.length;
    await t.app.inject({ method: 'GET', url: '/api/search?q=SECRETQUERY123&limit=2' });
    await t.app.inject({
      method: 'POST',
      url: '/api/units',
      payload: { code: 'J9173', dose: '750 mg', weight: 'SECRETBODY456' },
    });
    const lines = t.logs.slice(before).join('');
    assert.doesNotMatch(lines, /SECRETQUERY123|SECRETBODY456/);
    assert.match(lines, /"route":"\/api\/search"/);
    assert.match(lines, /"route":"\/api\/units"/);
  });
});

void describe('web app', () => {
  void it('serves index.html for pages, assets with long caching, JSON 404 under /api', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drugclaim-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><title>drugclaim test</title><div id="root"></div>',
    );
    writeFileSync(join(dir, 'assets', 'app-abc123.js'), 'console.log(1)');
    const w = await testApp({ deps: { webRoot: dir } });
    try {
      const home = await w.app.inject({ method: 'GET', url: '/' });
      assert.equal(home.statusCode, 200);
      assert.match(home.body, /drugclaim test/);
      assert.match(home.headers['content-security-policy'] as string, /default-src 'self'/);
      const page = await w.app.inject({ method: 'GET', url: '/lookup/J9173' });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /drugclaim test/);
      const asset = await w.app.inject({ method: 'GET', url: '/assets/app-abc123.js' });
      assert.equal(asset.statusCode, 200);
      assert.match(asset.headers['cache-control'] as string, /immutable/);
      assert.equal((await w.app.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode, 404);
      const api = await w.app.inject({ method: 'GET', url: '/api/missing' });
      assert.equal(api.statusCode, 404);
      assert.equal((api.json() as { code: string }).code, 'not-found');
    } finally {
      await w.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  void it('without a build, / says how to build it', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /npm run build/);
  });
});
