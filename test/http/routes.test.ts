/**
 * A sweep over every route the app registers: protected routes refuse anonymous callers (401) and callers with
 * too small a role (403); and no malformed request — odd path values, junk query strings, broken or wrong-typed
 * bodies — ever gets a 5xx.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InjectOptions } from 'fastify';
import type { Access } from '../../src/adapters/http/context.ts';
import { testApp, type TestApp } from './support.ts';

let t: TestApp;
before(async () => {
  t = await testApp({ config: { rateLimit: { max: 100_000, timeWindowMs: 60_000 } } });
});
after(async () => {
  await t.close();
});

const PARAM_VALUES = ['X', '0', '-1', '%00', '..%2F..%2Fetc', 'J9173', '1e309', 'ðŸ’Š', 'A'.repeat(180)];
const QUERIES = [
  '',
  '?date=2026-02-30',
  '?date=x&limit=-1&q=',
  '?limit=1e9&status=%00',
  '?format=%3Cscript%3E',
  '?apply=0,0,0&fileName=..%2F..%2Fx',
  '?asOf=2026-01-01&kind=x&cause=y&payer=',
];
const BODIES: { type: string; payload: string }[] = [
  { type: 'application/json', payload: '{' },
  { type: 'application/json', payload: 'null' },
  { type: 'application/json', payload: '{"status": 5, "note": [], "code": {}, "dose": null, "text": 1}' },
  { type: 'text/plain', payload: 'ISA*garbage~' },
  { type: 'application/x-www-form-urlencoded', payload: 'a=b' },
  {
    type: 'multipart/form-data; boundary=zzz',
    payload: '--zzz\r\nContent-Disposition: form-data; name="file"\r\n\r\nnot closed',
  },
];

function paths(url: string): string[] {
  if (!url.includes(':')) return [url];
  return PARAM_VALUES.map((v) => url.replace(/:\w+/g, v));
}

const NEEDED: Record<Exclude<Access, 'public' | 'reference'>, 'viewer' | 'biller' | 'admin'> = {
  viewer: 'viewer',
  biller: 'biller',
  admin: 'admin',
};

void describe('every route', () => {
  void it('has the routes the API promises', () => {
    const list = t.app.drugclaimRoutes
      .filter((r) => r.url.startsWith('/api/'))
      .map((r) => `${r.method} ${r.url}`);
    for (const want of [
      'GET /api/codes/:code',
      'GET /api/search',
      'GET /api/ndc/:ndc',
      'GET /api/guides/:code',
      'POST /api/factcheck',
      'POST /api/units',
      'POST /api/check',
      'POST /api/check/fix',
      'POST /api/convert',
      'POST /api/claims/import',
      'POST /api/remits/import',
      'GET /api/denials',
      'GET /api/underpayments',
      'GET /api/appeals/:claimId/:line',
      'GET /api/worklist/:id/appeal',
      'GET /api/worklist',
      'POST /api/worklist/:id/status',
      'GET /api/dashboard',
      'POST /api/auth/login',
      'POST /api/tokens',
      'GET /api/audit',
    ]) {
      assert.ok(list.includes(want), want);
    }
  });

  void it('protected routes: 401 without credentials, 403 below the role; every claim route is audited', async () => {
    let checked = 0;
    for (const r of t.app.drugclaimRoutes) {
      if (!r.url.startsWith('/api/') || r.access === 'public' || r.access === 'reference') continue;
      const url = paths(r.url)[0] ?? r.url;
      const anon = await t.app.inject({ method: r.method as NonNullable<InjectOptions['method']>, url });
      assert.equal(anon.statusCode, 401, `${r.method} ${r.url} without credentials`);
      const needed = NEEDED[r.access];
      if (needed !== 'viewer') {
        const low = await t.as(needed === 'admin' ? 'biller' : 'viewer', {
          method: r.method as NonNullable<InjectOptions['method']>,
          url,
        });
        assert.equal(low.statusCode, 403, `${r.method} ${r.url} below ${needed}`);
      }
      checked++;
    }
    assert.ok(checked >= 15, `checked ${checked}`);
    for (const r of t.app.drugclaimRoutes) {
      if (
        /^\/api\/(claims|remits|denials|underpayments|worklist|appeals|dashboard|check|convert)/.test(r.url)
      )
        assert.ok(r.audit, `${r.method} ${r.url} is audited`);
    }
  });

  void it('no malformed request gets a 5xx (as admin, every route, odd params, junk queries and bodies)', async () => {
    let requests = 0;
    const failures: string[] = [];
    for (const r of t.app.drugclaimRoutes) {
      if (!r.url.startsWith('/api/') || r.method === 'HEAD' || r.method === 'OPTIONS') continue;
      for (const path of paths(r.url)) {
        for (const q of QUERIES) {
          const bodies = r.method === 'GET' || r.method === 'DELETE' ? [undefined] : BODIES;
          for (const body of bodies) {
            const res = await t.as('admin', {
              method: r.method as NonNullable<InjectOptions['method']>,
              url: `${path}${q}`,
              ...(body ? { headers: { 'content-type': body.type }, payload: body.payload } : {}),
            });
            requests++;
            if (res.statusCode >= 500 && res.statusCode !== 503)
              failures.push(
                `${r.method} ${path}${q} ${body?.type ?? ''} → ${res.statusCode} ${res.body.slice(0, 120)}`,
              );
            else if (res.statusCode >= 400) {
              const b = res.json() as { statusCode?: number; code?: string };
              if (b.statusCode !== res.statusCode || typeof b.code !== 'string')
                failures.push(`${r.method} ${path}${q}: error body is not the JSON error shape`);
            }
          }
        }
      }
    }
    assert.deepEqual(failures.slice(0, 20), []);
    assert.ok(requests > 1000, `${requests} requests`);
  });
});
