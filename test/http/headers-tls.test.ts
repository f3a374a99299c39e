/** Security headers: CSP on every HTML page (the API docs included), HSTS when the request came over HTTPS. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from './support.ts';

let t: TestApp;
before(async () => {
  t = await testApp({ config: { trustProxy: '127.0.0.1' } });
});
after(() => t.close());

void describe('security headers', () => {
  void it('/docs (same origin as the session cookie) has the CSP', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/' });
    if (res.statusCode === 302) {
      const again = await t.app.inject({ method: 'GET', url: String(res.headers.location) });
      assert.match(String(again.headers['content-security-policy']), /script-src 'self'/);
      return;
    }
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /text\/html/);
    assert.match(String(res.headers['content-security-policy']), /script-src 'self'/);
  });

  void it('HSTS behind a trusted TLS proxy, not over plain HTTP', async () => {
    const tls = await t.app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { 'x-forwarded-proto': 'https' },
    });
    assert.equal(tls.headers['strict-transport-security'], 'max-age=31536000');
    const plain = await t.app.inject({ method: 'GET', url: '/api/health' });
    assert.equal(plain.headers['strict-transport-security'], undefined);
    const untrusted = await t.app.inject({
      method: 'GET',
      url: '/api/health',
      remoteAddress: '10.0.0.9',
      headers: { 'x-forwarded-proto': 'https' },
    });
    assert.equal(untrusted.headers['strict-transport-security'], undefined, 'only from the trusted proxy');
  });
});
