/**
 * Every refusal carries drugclaim's error shape `{ statusCode, code, message }` and says its real reason once: what
 * Node's HTTP parser refuses before Fastify routes a request (an unknown method, headers past 16 KiB), JSON refused by
 * the prototype-poisoning guard, a malformed date; and a rate limit's headers name the limit that refused the call.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { describeIssues } from '../../src/adapters/http/zod.ts';
import { testApp, type TestApp } from './support.ts';

let t: TestApp;
let port: number;
before(async () => {
  t = await testApp({ config: { publicFactCheck: { max: 3, timeWindowMs: 60_000, maxText: 1000 } } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  assert.ok(address !== null && typeof address === 'object');
  port = address.port;
});
after(async () => {
  await t.close();
});

/** Sends raw bytes on a new connection; the whole answer, once the server closes it. */
function raw(request: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), headers: head, body });
    });
    socket.end(request);
  });
}

void describe('what Node refuses before routing answers in drugclaim’s shape', () => {
  void it('an unknown HTTP method: 400 bad-request, saying so', async () => {
    const res = await raw('FOO /api/appeals/x HTTP/1.1\r\nHost: localhost\r\n\r\n');
    assert.equal(res.status, 400, res.headers);
    assert.match(res.headers, /content-type: application\/json/i);
    const body = JSON.parse(res.body) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ['code', 'message', 'statusCode']);
    assert.equal(body['code'], 'bad-request');
    assert.equal(body['statusCode'], 400);
    assert.match(String(body['message']), /method/);
  });

  void it('headers over 16 KiB: 431 headers-too-large, naming the limit', async () => {
    const res = await raw(
      `GET /api/health HTTP/1.1\r\nHost: localhost\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    assert.equal(res.status, 431, res.headers);
    const body = JSON.parse(res.body) as Record<string, unknown>;
    assert.deepEqual(body, {
      statusCode: 431,
      code: 'headers-too-large',
      message: 'The request line and headers are larger than this server reads (16 KiB in all).',
    });
    assert.match(res.headers, /x-content-type-options: nosniff/i);
  });

  void it('bytes that are not HTTP: 400 bad-request', async () => {
    const res = await raw('\x00\x01 not http\r\n\r\n');
    assert.equal(res.status, 400, res.headers);
    assert.equal((JSON.parse(res.body) as { code: string }).code, 'bad-request');
  });

  void it('is logged as a request line, without what was sent', () => {
    const lines = t.logs.filter((l) => l.includes('"route":"(unparsed)"'));
    assert.ok(
      lines.some((l) => l.includes('"status":431')),
      t.logs.slice(-5).join(''),
    );
    assert.ok(!lines.some((l) => l.includes('aaaa') || l.includes('/api/appeals')));
  });

  void it('a good request on the same server is still answered', async () => {
    const res = await raw('GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    assert.equal(res.status, 200);
  });
});

void describe('JSON with a __proto__ key', () => {
  for (const [what, payload] of [
    ['__proto__', '{"code": "J9173", "__proto__": {"admin": true}}'],
    ['constructor.prototype', '{"code": "J9173", "constructor": {"prototype": {"admin": true}}}'],
    ['an escaped __proto__', '{"code": "J9173", "\\u005f_proto__": {"admin": true}}'],
  ] as const)
    void it(`${what}: 400 naming the prototype-poisoning guard, not "not valid JSON"`, async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/units',
        headers: { 'content-type': 'application/json' },
        payload,
      });
      assert.equal(res.statusCode, 400, res.body);
      const body = res.json() as { code: string; message: string };
      assert.equal(body.code, 'bad-request');
      assert.match(body.message, /a key named __proto__ or constructor\.prototype is not accepted/);
      assert.doesNotMatch(body.message, /not valid JSON/);
    });

  void it('JSON that is not JSON still says where it stops', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/units',
      headers: { 'content-type': 'application/json' },
      payload: '{"__proto__": ',
    });
    assert.equal(res.statusCode, 400);
    assert.match((res.json() as { message: string }).message, /not valid JSON: it ends early/);
  });
});

void describe('a malformed date is refused with one message', () => {
  for (const date of ['abc', '2026-1-1'])
    void it(`?date=${date}`, async () => {
      const res = await t.app.inject({ method: 'GET', url: `/api/codes/J9173?date=${date}` });
      assert.equal(res.statusCode, 400);
      const body = res.json() as { message: string; issues: { path: string; message: string }[] };
      assert.equal(body.message, 'querystring.date: must be a calendar date written YYYY-MM-DD');
      assert.equal(body.issues.length, 1);
    });

  void it('any two checks of one value that fail with the same words are said once', () => {
    const schema = z
      .string()
      .regex(/^a/, 'must start with a')
      .refine((s) => s.startsWith('a'), 'must start with a');
    const result = schema.safeParse('b');
    assert.ok(!result.success);
    assert.deepEqual(describeIssues(result.error, 'querystring'), {
      message: 'querystring: must start with a',
      issues: [{ path: 'querystring', message: 'must start with a' }],
    });
  });

  void it('a well-formed day that does not exist (2026-02-30) is still refused', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/codes/J9173?date=2026-02-30' });
    assert.equal(res.statusCode, 400);
    assert.equal(
      (res.json() as { message: string }).message,
      'querystring.date: must be a calendar date written YYYY-MM-DD',
    );
  });
});

void describe('the anonymous fact-check limit', () => {
  void it('its x-ratelimit-* headers state the fact-check limit, on the calls it allows and the 429', async () => {
    const call = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/factcheck',
        remoteAddress: '192.0.2.7',
        payload: { text: 'J9173 is durvalumab.', date: '2026-02-01' },
      });
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await call();
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['x-ratelimit-limit'], '3');
      remaining.push(String(res.headers['x-ratelimit-remaining']));
    }
    assert.deepEqual(remaining, ['2', '1', '0']);
    const refused = await call();
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.headers['x-ratelimit-limit'], '3');
    assert.equal(refused.headers['x-ratelimit-remaining'], '0');
    assert.ok(Number(refused.headers['x-ratelimit-reset']) > 0);
    assert.equal(refused.headers['retry-after'], refused.headers['x-ratelimit-reset']);
    assert.equal((refused.json() as { code: string }).code, 'rate-limited');
  });

  void it('a signed-in caller is not held to it: its headers state the per-identity limit', async () => {
    const res = await t.as('viewer', {
      method: 'POST',
      url: '/api/factcheck',
      remoteAddress: '192.0.2.7',
      payload: { text: 'J9173 is durvalumab.', date: '2026-02-01' },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['x-ratelimit-limit'], '1200');
  });
});
