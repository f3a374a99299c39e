/**
 * A deeply nested JSON upload (5,000 levels, 10 KB) is an unreadable file, 422 with the positioned problem, on every
 * route that reads claim files; it used to overflow the stack of the format sniffing and answer 500.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { multipart, testApp, type TestApp } from './support.ts';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(async () => {
  await t.close();
});

const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
const deepFhir = `{"resourceType":"Bundle","entry":[${'{"resource":{"resourceType":"Bundle","entry":['.repeat(3000)}${']}}'.repeat(3000)}]}`;

void describe('deeply nested JSON uploads', () => {
  const routes: ['viewer' | 'biller', string][] = [
    ['viewer', '/api/check'],
    ['viewer', '/api/check/fix'],
    ['biller', '/api/claims/import'],
  ];
  for (const [role, url] of routes)
    for (const [label, body] of [
      ['5,000 nested arrays', deep],
      ['3,000 nested FHIR Bundles', deepFhir],
    ] as const)
      void it(`${url}: ${label} → 422 unreadable-file with the position`, async () => {
        const m = multipart([{ name: 'deep.json', content: body }]);
        const res = await t.as(role, { method: 'POST', url, headers: m.headers, payload: m.payload });
        assert.equal(res.statusCode, 422, res.body);
        assert.match(res.body, /"code":"unreadable-file"/);
        assert.match(res.body, /more than 100 levels deep \(line 1, column \d+\)/);
        // The check routes pass the reader's problem on whole; the import route says only its message.
        if (url.startsWith('/api/check'))
          assert.match(res.body, /"code":"(fhir\.)?json\.invalid".*"file":"deep\.json"/);
        assert.doesNotMatch(t.logs.join(''), /RangeError|call stack/);
      });
});
