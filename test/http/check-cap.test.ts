/**
 * POST /api/check lists at most `maxFindings` findings (default 10,000): a big 837 drew answers of hundreds of MB.
 * On a generated 837P of 5,200 claims, each drawing an info, an error (with a fix) and a warning in that file order:
 * the cap keeps errors first, then warnings, then info, in file order; the summary still counts every finding; JSON,
 * SARIF and HTML say the answer was cut; each listed finding keeps its index for /api/check/fix.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Claim } from '../../src/core/claim/model.ts';
import { generatedClaims, write837P } from '../recovery/fixtures.ts';
import { testApp, type TestApp } from './support.ts';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(async () => {
  await t.close();
});

/** Over the default cap of 10,000 findings: 2 findings a claim, and one more. */
const CLAIMS = 5_200;
/** RC1001 (J9173 with an NDC, and 96413) again and again, each for another patient: no duplicate across claims. */
function manyClaims(n: number): string {
  const base = generatedClaims()[0] as Claim;
  const claims = Array.from({ length: n }, (_, i): Claim => {
    const memberId = `CAPM${String(i).padStart(6, '0')}`;
    return {
      ...base,
      id: `CAP${String(i).padStart(6, '0')}`,
      patient: { ...base.patient, memberId, lastName: `PATIENT${i}` },
      ...(base.subscriber ? { subscriber: { ...base.subscriber, memberId } } : {}),
    };
  });
  return write837P(claims);
}
const big = manyClaims(CLAIMS);
/** Every finding of the file, as the notes write the number. */
const ALL = (2 * CLAIMS + 1).toLocaleString('en-US');

interface Report {
  summary: {
    claims: number;
    errors: number;
    warnings: number;
    infos: number;
    fixable: number;
    findingsOmitted: number;
  };
  truncated: boolean;
  truncation?: { maxFindings: number; listed: number; omitted: number; message: string };
  findings: { index: number; severity: string; editId: string; claimId: string; fix: unknown }[];
}

const check = (query: string) =>
  t.as('viewer', {
    method: 'POST',
    url: `/api/check?fileName=big.837&dateOfRun=2026-03-01&${query}`,
    headers: { 'content-type': 'application/edi-x12' },
    payload: big,
  });

void describe('POST /api/check: at most maxFindings findings listed', () => {
  let whole: Report;
  before(async () => {
    const res = await check('maxFindings=50000');
    assert.equal(res.statusCode, 200, res.body.slice(0, 500));
    whole = res.json() as Report;
  });

  void it('the generated file draws an info, an error and a warning per claim, all listed under the maximum cap', () => {
    assert.deepEqual(
      whole.findings.slice(0, 3).map((f) => [f.index, f.severity]),
      [
        [0, 'info'],
        [1, 'error'],
        [2, 'warning'],
      ],
    );
    assert.deepEqual(
      [whole.summary.claims, whole.summary.errors, whole.summary.warnings, whole.summary.infos],
      [CLAIMS, CLAIMS, CLAIMS, 1],
      'reference-out-of-period is said once, on the first claim',
    );
    assert.equal(whole.findings.length, 2 * CLAIMS + 1);
    assert.deepEqual(
      [whole.truncated, whole.truncation, whole.summary.findingsOmitted],
      [false, undefined, 0],
    );
    assert.ok(whole.findings.every((f, i) => f.index === i));
  });

  const cases: [label: string, query: string, kept: Record<string, number>][] = [
    [
      'the default cap (10,000): every error, then the first warnings',
      '',
      { error: CLAIMS, warning: 10_000 - CLAIMS },
    ],
    ['a cap below the errors: the first errors only', 'maxFindings=100', { error: 100 }],
    [
      'a cap just over errors and warnings: the info too',
      `maxFindings=${2 * CLAIMS + 1}`,
      { error: CLAIMS, warning: CLAIMS, info: 1 },
    ],
  ];
  for (const [label, query, kept] of cases)
    void it(label, async () => {
      const res = await check(query);
      assert.equal(res.statusCode, 200);
      const r = res.json() as Report;
      const listed = Object.values(kept).reduce((a, b) => a + b, 0);
      const counts: Record<string, number> = {};
      for (const f of r.findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
      assert.deepEqual(counts, kept);
      // The summary counts every finding, whatever is listed.
      const { findingsOmitted, ...summary } = r.summary;
      const { findingsOmitted: none, ...complete } = whole.summary;
      assert.deepEqual([summary, findingsOmitted, none], [complete, whole.findings.length - listed, 0]);
      const omitted = whole.findings.length - listed;
      assert.equal(r.truncated, omitted > 0);
      if (omitted > 0) {
        assert.deepEqual(
          [r.truncation?.maxFindings, r.truncation?.listed, r.truncation?.omitted],
          [query === '' ? 10_000 : Number(query.split('=')[1]), listed, omitted],
        );
        assert.match(r.truncation?.message ?? '', /every error first, then warnings, then info/);
        assert.match(r.truncation?.message ?? '', /drugclaim check FILE --format json/);
      }
      // In file order, each the very finding at its index in the complete list.
      const indexes = r.findings.map((f) => f.index);
      assert.deepEqual(
        indexes,
        [...indexes].sort((a, b) => a - b),
      );
      for (const f of r.findings) assert.deepEqual(f, whole.findings[f.index]);
      // Of each severity kept, the first ones in the file.
      const of = (list: Report['findings'], severity: string) =>
        list.filter((f) => f.severity === severity).map((f) => f.index);
      for (const [severity, n] of Object.entries(kept))
        assert.deepEqual(of(r.findings, severity), of(whole.findings, severity).slice(0, n), severity);
    });

  void it('the indexes are the ones /api/check/fix takes', async () => {
    const r = (await check('maxFindings=10')).json() as Report;
    const fixes = r.findings.filter((f) => f.fix !== null).map((f) => f.index);
    assert.equal(fixes.length, 10);
    const res = await t.as('viewer', {
      method: 'POST',
      url: `/api/check/fix?fileName=big.837&dateOfRun=2026-03-01&apply=${fixes.join(',')}`,
      headers: { 'content-type': 'application/edi-x12' },
      payload: big,
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['x-drugclaim-fixes-applied'], '10');
    assert.equal(res.headers['x-drugclaim-remaining-fixable'], String(CLAIMS - 10));
  });

  void it('SARIF lists as many results and says so in the run properties; HTML says so above the claims', async () => {
    const sarif = await check('format=sarif&maxFindings=25');
    assert.equal(sarif.statusCode, 200);
    const run = (
      sarif.json() as {
        runs: { results: { level: string }[]; properties?: Record<string, unknown> }[];
      }
    ).runs[0];
    assert.ok(run);
    assert.deepEqual(
      run.results.map((x) => x.level),
      Array<string>(25).fill('error'),
    );
    const { message, ...properties } = run.properties ?? {};
    assert.deepEqual(properties, {
      maxFindings: 25,
      findings: 2 * CLAIMS + 1,
      findingsListed: 25,
      findingsOmitted: 2 * CLAIMS + 1 - 25,
      truncated: true,
    });
    assert.match(String(message), new RegExp(`^Only 25 of ${ALL} findings are listed`));
    const html = await check('format=html&maxFindings=25');
    assert.match(
      html.body,
      new RegExp(`<p class="meta" role="status">Only 25 of ${ALL} findings are listed`),
    );
  });

  const refused = ['0', '-1', '50001', '1.5', 'many', ''];
  for (const value of refused)
    void it(`maxFindings=${value || '(empty)'} → 400`, async () => {
      const res = await check(`maxFindings=${value}`);
      assert.equal(res.statusCode, 400, res.body);
      assert.equal((res.json() as { code: string }).code, 'bad-request');
    });
});
