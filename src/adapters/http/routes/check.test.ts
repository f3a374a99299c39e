/**
 * POST /api/check and /api/check/fix on what the QA found: read errors count in the summary and in SARIF; a fixed
 * file written from the claims keeps the interchange it came in (test data stays test data), refuses claims read
 * with errors rather than writing $0 for what it could not read, and a Latin-1 837 comes back in Latin-1.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { imfinziSample, multipart, testApp, type TestApp } from '../../../../test/http/support.ts';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(async () => {
  await t.close();
});

/** Imfinzi without JW/JZ: one fix (add JZ) to offer. Interchange 000000907, test data. */
const imfinzi = imfinziSample();
const query = 'dateOfRun=2026-02-01';

const post = (url: string, payload: string | Buffer) =>
  t.as('viewer', { method: 'POST', url, headers: { 'content-type': 'application/edi-x12' }, payload });
const postFiles = (url: string, files: { name: string; content: string | Buffer }[]) => {
  const m = multipart(files);
  return t.as('viewer', { method: 'POST', url, headers: m.headers, payload: m.payload });
};

void describe('POST /api/check: read errors are errors', () => {
  // QA: an 837 without the billing provider's N3/N4 answered "errors: 0" and a SARIF without results.
  const noAddress = imfinzi.replace('N3*1313 Las Vegas Boulevard~\nN4*Las Vegas*NV*89109~\n', '');

  void it('summary.errors and claimsWithErrors count them; readErrors says how many', async () => {
    const res = await post(`/api/check?${query}`, noAddress);
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json() as {
      summary: { errors: number; readErrors: number; claimsWithErrors: number };
      findings: { severity: string }[];
      readProblems: { code: string; severity: string }[];
    };
    const readErrors = r.readProblems.filter((p) => p.severity === 'error');
    assert.deepEqual(
      readErrors.map((p) => p.code),
      ['x12.loop.required-segment', 'x12.loop.required-segment', 'x12.envelope.count-mismatch'],
    );
    assert.equal(r.summary.readErrors, 3);
    assert.equal(r.summary.errors, r.findings.filter((f) => f.severity === 'error').length + 3);
  });

  void it('SARIF has a result for each, with its rule, level and line', async () => {
    const res = await post(`/api/check?format=sarif&fileName=no-address.837&${query}`, noAddress);
    assert.equal(res.statusCode, 200, res.body);
    const run = (
      res.json() as {
        runs: {
          tool: { driver: { rules: { id: string }[] } };
          results: {
            ruleId: string;
            ruleIndex: number;
            level: string;
            locations: { physicalLocation?: { artifactLocation: { uri: string } } }[];
          }[];
        }[];
      }
    ).runs[0];
    assert.ok(run);
    const read = run.results.filter((r) => r.ruleId.startsWith('x12.') && r.level === 'error');
    assert.deepEqual(
      read.map((r) => r.ruleId),
      ['x12.loop.required-segment', 'x12.loop.required-segment', 'x12.envelope.count-mismatch'],
    );
    for (const r of read) {
      assert.equal(run.tool.driver.rules[r.ruleIndex]?.id, r.ruleId);
      assert.equal(r.locations[0]?.physicalLocation?.artifactLocation.uri, 'no-address.837');
    }
  });
});

void describe('POST /api/check/fix written from the claims (several uploads)', () => {
  const second = imfinzi.replaceAll('CLMNO12345', 'CLMNO67890');

  void it('keeps the interchange: test data, sender and receiver, control numbers, BHT (QA: T became P, ICN 000000001)', async () => {
    const res = await postFiles(`/api/check/fix?${query}`, [
      { name: 'a.837', content: imfinzi },
      { name: 'b.837', content: second },
    ]);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['x-drugclaim-written-from'], 'claims');
    assert.equal(res.headers['x-drugclaim-envelope'], 'kept');
    assert.equal(res.headers['x-drugclaim-fixes-applied'], '2');
    const segs = res.body.split('~\n');
    assert.match(segs[0] ?? '', /\*30\*000000005 {6}\*30\*12345 {10}\*.*\*00501\*000000907\*1\*T\*:$/);
    assert.match(segs[1] ?? '', /^GS\*HC\*000000005\*54321\*\d{8}\*\d{4}\*1\*X\*005010X222A2$/);
    assert.ok(segs.includes('ST*837*0711*005010X222A2'));
    assert.ok(segs.includes('BHT*0019*00*0013*20040801*1200*CH'));
    assert.ok(segs.includes('IEA*1*000000907'));
    assert.equal(segs.filter((s) => s.startsWith('SV1*HC:J9173:JZ*')).length, 2);
  });

  void it('a claim read with errors is refused (422, with its read errors), never written with $0 or without its date', async () => {
    const broken = second.replace('*6470.25*', '*64X0.25*');
    const res = await postFiles(`/api/check/fix?${query}`, [
      { name: 'a.837', content: imfinzi },
      { name: 'b.837', content: broken },
    ]);
    assert.equal(res.statusCode, 422, res.body);
    const body = res.json() as { code: string; problems: { code: string; at?: { file?: string } }[] };
    assert.equal(body.code, 'unreadable-claims');
    assert.deepEqual(
      body.problems.map((p) => [p.code, p.at?.file]),
      [
        ['claim-file.not-written', undefined],
        ['x12.element.invalid-number', 'b.837'],
      ],
    );
  });
});

void describe('POST /api/check/fix patching the upload', () => {
  void it('a claim read with errors keeps its text: its fixes are skipped', async () => {
    const broken = imfinzi.replace('*6470.25*', '*64X0.25*');
    const res = await post(`/api/check/fix?fileName=broken.837&${query}`, broken);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['x-drugclaim-written-from'], 'input');
    assert.equal(res.headers['x-drugclaim-fixes-applied'], '0');
    assert.ok(Number(res.headers['x-drugclaim-fixes-skipped']) >= 1);
    assert.equal(res.body, broken);
  });

  void it('a Latin-1 837 comes back in Latin-1, byte for byte but the fix (QA: é came back as UTF-8)', async () => {
    const latin1 = Buffer.from(imfinzi.replace('*Vaughn*Steve*', '*Muñoz*José*'), 'latin1');
    const res = await post(`/api/check/fix?fileName=latin1.837&${query}`, latin1);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['x-drugclaim-written-from'], 'input');
    assert.equal(res.headers['x-drugclaim-envelope'], 'kept');
    const expected = Buffer.from(
      imfinzi.replace('*Vaughn*Steve*', '*Muñoz*José*').replace('SV1*HC:J9173*', 'SV1*HC:J9173:JZ*'),
      'latin1',
    );
    assert.ok(res.rawPayload.equals(expected));
  });
});
