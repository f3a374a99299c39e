/**
 * POST /api/factcheck with a text that is not text (binary read as a string) and with an uncertain pairing of
 * codes and names. J9312 is rituximab, J9271 pembrolizumab, J9299 nivolumab in the January 2026 HCPCS file.
 */
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

const post = (text: string) =>
  t.app.inject({ method: 'POST', url: '/api/factcheck', payload: { text, date: '2026-02-01' } });

void describe('POST /api/factcheck: input and pairing', () => {
  const REFUSED: [name: string, text: string, why: RegExp][] = [
    ['NUL bytes', 'SQLite format 3\0\0\0\u0010\0', /NUL characters/],
    [
      'UTF-16 read as UTF-8',
      Buffer.from('J9312 is pemetrexed.', 'utf16le').toString('utf8'),
      /UTF-16 text read as UTF-8/,
    ],
    ['undecodable bytes', '\uFFFD'.repeat(50) + 'J9312', /not UTF-8/],
  ];
  for (const [name, text, why] of REFUSED)
    void it(`${name}: 400 with the reason`, async () => {
      const res = await post(text);
      assert.equal(res.statusCode, 400, res.body);
      assert.match(res.body, why);
    });

  void it('paired lists: true in order; an uncertain pairing is listed, not judged', async () => {
    const res = await post(
      'J9312 and J9271 are rituximab and pembrolizumab, respectively. J9312, J9271 and J9299 are rituximab and pembrolizumab.',
    );
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as {
      claims: { code: string; verdict: string }[];
      notChecked: { codes: string[]; pairingUncertain?: boolean }[];
    };
    assert.deepEqual(
      body.claims.map((c) => [c.code, c.verdict]),
      [
        ['J9312', 'true'],
        ['J9271', 'true'],
      ],
    );
    assert.deepEqual(body.notChecked, [
      { ...body.notChecked[0], codes: ['J9312', 'J9271', 'J9299'], pairingUncertain: true },
    ]);
  });
});
