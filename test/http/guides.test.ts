/** Billing guides (JSON, Markdown, HTML, layout) and the fact checker over HTTP. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from './support.ts';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(async () => {
  await t.close();
});

const get = (url: string) => t.app.inject({ method: 'GET', url });

void describe('GET /api/guides/:code', () => {
  void it('JSON: the guide model with its seven sections for J9173', async () => {
    const res = await get('/api/guides/J9173?date=2026-02-01');
    assert.equal(res.statusCode, 200);
    const g = res.json() as Record<string, { id?: string; title?: string }> & {
      code: string;
      schemaVersion: number;
    };
    assert.equal(g.code, 'J9173');
    assert.equal(g.schemaVersion, 1);
    for (const s of [
      'definition',
      'clinical',
      'modifiers',
      'documentation',
      'denials',
      'commercial',
      'similar',
    ])
      assert.equal(g[s]?.id, s);
  });

  void it('Markdown and a self-contained HTML page; download adds an attachment header', async () => {
    const md = await get('/api/guides/J9173?date=2026-02-01&format=md&download=true');
    assert.match(md.headers['content-type'] as string, /text\/markdown/);
    assert.match(md.body, /^# J9173/);
    assert.equal(md.headers['content-disposition'], 'attachment; filename="J9173-guide-2026-02-01.md"');
    const html = await get('/api/guides/j9173?date=2026-02-01&format=html');
    assert.match(html.headers['content-type'] as string, /text\/html/);
    assert.match(html.body, /<!doctype html>/i);
    assert.match(html.body, /durvalumab/i);
  });

  void it('document: the layout the web app renders, every source numbered', async () => {
    const doc = (await get('/api/guides/J9309?date=2026-02-01&format=document')).json() as {
      blocks: { kind: string }[];
      sources: { n: number }[];
    };
    assert.ok(doc.blocks.some((b) => b.kind === 'heading'));
    assert.deepEqual(
      doc.sources.map((s) => s.n),
      doc.sources.map((_s, i) => i + 1),
    );
  });

  const bad: [string, number, string][] = [
    ['/api/guides/JW', 400, 'guide-modifier'],
    ['/api/guides/J0000?date=2026-02-01', 404, 'guide-unknown-code'],
    ['/api/guides/12345', 400, 'guide-bad-code'],
    ['/api/guides/J9173?format=pdf', 400, 'bad-request'],
    ['/api/guides/J9173?date=2026-13-01', 400, 'bad-request'],
  ];
  for (const [url, status, code] of bad) {
    void it(`${url} → ${status} ${code}`, async () => {
      const res = await get(url);
      assert.equal(res.statusCode, status, res.body);
      assert.equal((res.json() as { code: string }).code, code);
    });
  }
});

void describe('POST /api/factcheck', () => {
  void it('true and false statements get the right verdicts and the right code', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/factcheck',
      payload: {
        text: 'J9312 is pemetrexed. Code J9173, durvalumab, 10 mg. Modifier JW indicates no waste. JG is used for 340B drugs.',
        date: '2026-02-01',
      },
    });
    assert.equal(res.statusCode, 200);
    const r = res.json() as {
      claims: { code: string; verdict: string; suggestion: string | null }[];
      summary: { true: number; false: number };
    };
    assert.deepEqual(
      r.claims.map((c) => [c.code, c.verdict]),
      [
        ['J9312', 'false'],
        ['J9173', 'true'],
        ['JW', 'false'],
        ['JG', 'outdated'],
      ],
    );
    assert.match(r.claims[0]?.suggestion ?? '', /pemetrexed is .*J9305/);
    assert.equal(r.claims[1]?.suggestion, null);
  });

  void it('lists the sentences it could not check, so that "0 false" is not read as "all true"', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/factcheck',
      payload: { text: 'J9312 is rituximab. Bill J9999 with care.', date: '2026-02-01' },
    });
    assert.equal(res.statusCode, 200);
    const r = res.json() as {
      notChecked: { text: string; codes: string[]; line: number }[];
      summary: { notChecked: number };
    };
    assert.equal(r.summary.notChecked, r.notChecked.length);
    assert.ok(
      r.notChecked.some((n) => n.codes.includes('J9999')),
      JSON.stringify(r.notChecked),
    );
  });

  void it('refuses an empty text, a missing text, text over the limit', async () => {
    assert.equal(
      (await t.app.inject({ method: 'POST', url: '/api/factcheck', payload: { text: '' } })).statusCode,
      400,
    );
    assert.equal(
      (await t.app.inject({ method: 'POST', url: '/api/factcheck', payload: {} })).statusCode,
      400,
    );
    assert.equal(
      (await t.app.inject({ method: 'POST', url: '/api/factcheck', payload: { text: 'x'.repeat(200_001) } }))
        .statusCode,
      400,
    );
  });

  void it('without signing in: a shorter text and a per-address budget; signed in: neither', async () => {
    const a = await testApp({ config: { publicFactCheck: { max: 2, timeWindowMs: 60_000, maxText: 100 } } });
    try {
      const call = (text: string, role: 'viewer' | null, remoteAddress = '10.9.0.1') =>
        a.as(role, { method: 'POST', url: '/api/factcheck', remoteAddress, payload: { text } });
      const long = 'J9312 is rituximab 10 mg. '.repeat(10);
      const tooLong = await call(long, null);
      assert.equal(tooLong.statusCode, 400);
      assert.match((tooLong.json() as { message: string }).message, /at most 100 characters; sign in/);
      assert.equal((await call(long, 'viewer')).statusCode, 200, 'a signed-in user may send more');
      assert.equal((await call('J9312 is rituximab.', null)).statusCode, 200);
      const limited = await call('J9312 is rituximab.', null);
      assert.equal(limited.statusCode, 429, 'two a minute from this address, the refused long text counted');
      assert.ok(Number(limited.headers['retry-after']) > 0);
      assert.equal((await call('J9312 is rituximab.', null, '10.9.0.3')).statusCode, 200, 'another address');
      assert.equal((await call('J9312 is rituximab.', 'viewer')).statusCode, 200, 'signed in');
    } finally {
      await a.close();
    }
  });
});
