/** Claim check over HTTP: findings as `check --format json`, HTML and SARIF reports, fixed-file download. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { claimWriter, readClaimBytes } from '../../src/adapters/claim-files/index.ts';
import { imfinziEob } from '../../src/adapters/fhir/testing.ts';
import { x12SamplesDir } from '../support/shared.ts';
import { imfinziSample, lfhDrugSample, multipart, testApp, type TestApp } from './support.ts';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(async () => {
  await t.close();
});

const sample = lfhDrugSample();
const j9173 = imfinziSample();

interface Report {
  summary: { claims: number; lines: number; errors: number; warnings: number; fixable: number };
  files: { path: string; format: string; claims: number }[];
  findings: {
    editId: string;
    severity: string;
    line: number | null;
    carc: string | null;
    fix: { description: string } | null;
  }[];
}

const post = (
  url: string,
  payload: string | Buffer,
  type = 'application/edi-x12',
  role: 'viewer' | null = 'viewer',
) => t.as(role, { method: 'POST', url, headers: { 'content-type': type }, payload });

void describe('POST /api/check', () => {
  void it('names a raw-body upload from the x-file-name header, which wins over the deprecated ?fileName=', async () => {
    for (const [url, headers, expected] of [
      ['/api/check?dateOfRun=2026-02-01', { 'x-file-name': 'from-header.837' }, 'from-header.837'],
      [
        '/api/check?fileName=in-url.837&dateOfRun=2026-02-01',
        { 'x-file-name': 'from-header.837' },
        'from-header.837',
      ],
      ['/api/check?fileName=in-url.837&dateOfRun=2026-02-01', {}, 'in-url.837'],
      ['/api/check?dateOfRun=2026-02-01', { 'x-file-name': '../../etc/passwd' }, 'passwd'],
    ] as const) {
      const res = await t.as('viewer', {
        method: 'POST',
        url,
        headers: { 'content-type': 'application/edi-x12', ...headers },
        payload: sample,
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal((res.json() as Report).files[0]?.path, expected);
    }
  });

  void it('checks the J1550 sample: 1 claim, 2 lines, findings with their edit, severity and line', async () => {
    const res = await post('/api/check?fileName=demo.837&dateOfRun=2026-02-01', sample);
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json() as Report;
    assert.deepEqual([r.summary.claims, r.summary.lines], [1, 2]);
    assert.deepEqual(r.files, [{ path: 'demo.837', format: '837P', claims: 1 }]);
    assert.ok(r.findings.length > 0);
    assert.ok(
      r.findings.some((f) => f.editId === 'reference-out-of-period'),
      'a 2004 date of service is outside the 2026 reference data',
    );
  });

  void it('finds the missing JZ on a 2026 Imfinzi line and offers the fix', async () => {
    const r = (await post('/api/check?fileName=j9173.837&dateOfRun=2026-02-01', j9173)).json() as Report;
    const jz = r.findings.find((f) => f.editId === 'jw-jz-missing');
    assert.ok(jz, JSON.stringify(r.findings.map((f) => f.editId)));
    assert.equal(jz.line, 2);
    assert.match(jz.fix?.description ?? '', /JZ/);
    assert.equal(r.summary.fixable, 1);
  });

  void it('answers the HTML report and SARIF', async () => {
    const html = await post('/api/check?format=html&dateOfRun=2026-02-01', j9173);
    assert.equal(html.statusCode, 200);
    assert.match(html.headers['content-type'] as string, /text\/html/);
    assert.match(html.body, /<html/i);
    const sarif = await post('/api/check?format=sarif&dateOfRun=2026-02-01', j9173);
    assert.equal((JSON.parse(sarif.body) as { version: string }).version, '2.1.0');
  });

  void it('takes multipart uploads of several files', async () => {
    const m = multipart([
      { name: 'a.837', content: sample },
      { name: 'b.837', content: j9173 },
    ]);
    const r = (
      await t.as('viewer', {
        method: 'POST',
        url: '/api/check?dateOfRun=2026-02-01',
        headers: m.headers,
        payload: m.payload,
      })
    ).json() as Report;
    assert.deepEqual(
      r.files.map((f) => f.path),
      ['a.837', 'b.837'],
    );
    assert.equal(r.summary.claims, 2);
  });

  const bad: [string, string, string, number, string][] = [
    ['text that is no claim file', 'hello, world', 'text/plain', 422, 'unreadable-file'],
    ['an empty body', '', 'application/edi-x12', 400, 'no-file'],
    ['a truncated ISA', 'ISA*00*  ', 'application/edi-x12', 422, 'unreadable-file'],
    ['broken JSON', '{"resourceType": "Claim", ', 'application/json', 422, 'unreadable-file'],
  ];
  for (const [label, body, type, status, code] of bad) {
    void it(`${label} → ${status} ${code}`, async () => {
      const res = await post('/api/check', body, type);
      assert.equal(res.statusCode, status, res.body);
      assert.equal((res.json() as { code: string }).code, code);
    });
  }

  void describe('a remittance is not claims (QA: an 835 answered 200, read as "checked")', () => {
    const remit835 = readFileSync(join(x12SamplesDir(), '835_lfh_managed-care.835'), 'latin1');
    const eobBundle = JSON.stringify({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ resource: imfinziEob('eob1') }],
    });
    type Body = {
      code: string;
      message: string;
      problems: { code: string; severity: string; at?: { file?: string } }[];
    };
    const postAll = (url: string, files: { name: string; content: string }[]) => {
      const m = multipart(files);
      return t.as('viewer', { method: 'POST', url, headers: m.headers, payload: m.payload });
    };

    const refused: [
      label: string,
      url: string,
      files: { name: string; content: string }[],
      message: RegExp,
    ][] = [
      [
        'an 835 alone',
        '/api/check',
        [{ name: 'era.835', content: remit835 }],
        /^era\.835 is a remittance \(835\), not claims/,
      ],
      [
        'a FHIR ExplanationOfBenefit Bundle alone',
        '/api/check',
        [{ name: 'eob.json', content: eobBundle }],
        /^eob\.json is a remittance \(FHIR ExplanationOfBenefit\), not claims/,
      ],
      [
        'an 835 and an EOB Bundle together',
        '/api/check?format=sarif',
        [
          { name: 'era.835', content: remit835 },
          { name: 'eob.json', content: eobBundle },
        ],
        /^era\.835, eob\.json are remittances \(835, FHIR ExplanationOfBenefit\), not claims/,
      ],
      [
        'an 835 sent to check/fix',
        '/api/check/fix',
        [{ name: 'era.835', content: remit835 }],
        /^era\.835 is a remittance/,
      ],
    ];
    for (const [label, url, files, message] of refused)
      void it(`${label} → 422 not-claims, naming the remittance import`, async () => {
        const res = await postAll(url, files);
        assert.equal(res.statusCode, 422, res.body);
        const body = res.json() as Body;
        assert.equal(body.code, 'not-claims');
        assert.match(body.message, message);
        assert.match(body.message, /POST \/api\/remits\/import/);
        assert.deepEqual(
          body.problems.map((p) => [p.code, p.severity, p.at?.file]),
          files.map((f) => ['check.not-claims', 'error', f.name]),
        );
      });

    void it('beside claims it is skipped: 200, the claims checked, the remittance listed with 0 claims', async () => {
      const res = await postAll('/api/check?dateOfRun=2026-02-01', [
        { name: 'j9173.837', content: j9173 },
        { name: 'era.835', content: remit835 },
        { name: 'eob.json', content: eobBundle },
      ]);
      assert.equal(res.statusCode, 200, res.body);
      const r = res.json() as Report & {
        readProblems: { code: string; severity: string; message: string; at: { file?: string } | null }[];
        summary: { readErrors: number };
      };
      assert.equal(r.summary.claims, 1);
      // The 835's own read error (a bad date) is not the claims': it is the remittance import's to report.
      assert.equal(r.summary.readErrors, 0);
      assert.deepEqual(
        r.readProblems.filter((p) => p.at?.file === 'era.835').map((p) => p.code),
        ['check.not-claims'],
      );
      assert.deepEqual(r.files, [
        { path: 'j9173.837', format: '837P', claims: 1 },
        { path: 'era.835', format: '835', claims: 0 },
        { path: 'eob.json', format: 'fhir', claims: 0 },
      ]);
      assert.ok(r.findings.some((f) => f.editId === 'jw-jz-missing'));
      const skipped = r.readProblems.filter((p) => p.code === 'check.not-claims');
      assert.deepEqual(
        skipped.map((p) => p.severity),
        ['info', 'info'],
      );
      for (const p of skipped)
        assert.match(
          p.message,
          /skipped, not checked\. Import it as a remittance with POST \/api\/remits\/import/,
        );
    });

    void it('an 835 beside an unreadable file is still unreadable-file (an input was lost)', async () => {
      const res = await postAll('/api/check', [
        { name: 'era.835', content: remit835 },
        { name: 'broken.json', content: '{"resourceType": "Claim", ' },
      ]);
      assert.equal(res.statusCode, 422, res.body);
      assert.equal((res.json() as Body).code, 'unreadable-file');
    });

    void it('the refused upload has its audit row, naming it by digest', async () => {
      const res = await post('/api/check', remit835);
      assert.equal(res.statusCode, 422);
      const row = t.accounts.listAudit({ action: 'check.run', limit: 1 })[0];
      assert.equal(row?.status, 422);
      assert.match(row?.resource ?? '', /^sha256:[0-9a-f]{12} bytes:\d+$/);
    });

    void it('OpenAPI says what the 422 of POST /api/check means', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
        paths: Record<string, { post?: { responses: Record<string, { description: string }> } }>;
      };
      assert.match(
        doc.paths['/api/check']?.post?.responses['422']?.description ?? '',
        /`not-claims`.*\/api\/remits\/import/,
      );
    });
  });

  void it('needs a signed-in user, refuses bad query values', async () => {
    assert.equal((await post('/api/check', sample, 'application/edi-x12', null)).statusCode, 401);
    assert.equal((await post('/api/check?dateOfRun=yesterday', sample)).statusCode, 400);
    assert.equal((await post('/api/check?format=pdf', sample)).statusCode, 400);
  });

  void it('refuses a file over the upload limit with 413', async () => {
    const small = await testApp({ config: { uploadLimitBytes: 512 } });
    try {
      const res = await small.as('viewer', {
        method: 'POST',
        url: '/api/check',
        headers: { 'content-type': 'application/edi-x12' },
        payload: sample,
      });
      assert.equal(res.statusCode, 413);
      assert.match(
        (res.json() as { message: string }).message,
        /larger than this server accepts \(512 bytes per request, all files together.*drugclaim serve --upload-limit/,
      );
      const m = multipart([{ name: 'a.837', content: sample }]);
      const res2 = await small.as('viewer', {
        method: 'POST',
        url: '/api/check',
        headers: m.headers,
        payload: m.payload,
      });
      assert.equal(res2.statusCode, 413, res2.body);
    } finally {
      await small.close();
    }
  });
});

void describe('POST /api/check/fix', () => {
  void it('applies the JZ fix and says nothing fixable is left', async () => {
    const res = await post('/api/check/fix?fileName=j9173.837&dateOfRun=2026-02-01', j9173);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/edi-x12');
    assert.equal(res.headers['content-disposition'], 'attachment; filename="fixed-j9173.837"');
    assert.equal(res.headers['x-drugclaim-fixes-applied'], '1');
    assert.equal(res.headers['x-drugclaim-remaining-fixable'], '0');
    assert.equal(res.headers['x-drugclaim-written-from'], 'input');
    assert.equal(res.headers['x-drugclaim-not-carried'], '0');
    assert.match(res.body, /SV1\*HC:J9173:JZ\*/);
    // The uploaded 837 comes back as itself with only the fixed composite changed.
    assert.equal(res.body, j9173.replace('SV1*HC:J9173*', 'SV1*HC:J9173:JZ*'));
    const again = (await post('/api/check?dateOfRun=2026-02-01', res.body)).json() as Report;
    assert.equal(again.summary.fixable, 0);
    assert.equal(
      again.findings.some((f) => f.editId === 'jw-jz-missing'),
      false,
    );
  });

  void it('two uploads are written from the claims; the segments the model does not carry are counted', async () => {
    // The sample's AMT*T (sales tax) and an added PWK are not in the claim model.
    const withPwk = j9173.replace(/(CLM\*[^~]*~\s*)/, '$1PWK*OZ*BM***AC*DOC0001~\n');
    const m = multipart([
      { name: 'a.837', content: j9173 },
      { name: 'b.837', content: withPwk.replace('CLMNO12345', 'CLMNO67890') },
    ]);
    const res = await t.as('viewer', {
      method: 'POST',
      url: '/api/check/fix?dateOfRun=2026-02-01',
      headers: m.headers,
      payload: m.payload,
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['x-drugclaim-written-from'], 'claims');
    assert.equal(res.headers['x-drugclaim-not-carried'], '3');
    assert.match(String(res.headers['access-control-expose-headers']), /x-drugclaim-not-carried/);
    assert.doesNotMatch(res.body, /PWK/);
  });

  void it('two FHIR uploads are written as one Bundle named like every FHIR file drugclaim writes (.fhir.json)', async () => {
    const fhir = (text: string): string => {
      const w = claimWriter('fhir', { created: '2026-02-01' });
      return (
        readClaimBytes('a.837', Buffer.from(text))
          .claims.map((c) => w.add(c))
          .join('') + w.end()
      );
    };
    const m = multipart([
      { name: 'a.json', content: fhir(j9173) },
      { name: 'b.json', content: fhir(j9173.replace('CLMNO12345', 'CLMNO67890')) },
    ]);
    const res = await t.as('viewer', {
      method: 'POST',
      url: '/api/check/fix?dateOfRun=2026-02-01',
      headers: m.headers,
      payload: m.payload,
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-disposition'], 'attachment; filename="fixed-claims.fhir.json"');
    assert.equal(res.headers['x-drugclaim-fixes-applied'], '2');
  });

  void it('apply=none gives the file back unchanged; apply=<index> picks fixes; a bad index or a finding without a fix is a 400', async () => {
    const none = await post('/api/check/fix?apply=none&dateOfRun=2026-02-01', j9173);
    assert.equal(none.headers['x-drugclaim-fixes-applied'], '0');
    assert.doesNotMatch(none.body, /J9173:JZ/);
    assert.equal(none.body, j9173, 'no fix applied: the file as it came');
    // A diagnosis sent with a dot: apply=none keeps it as sent; any fix writes it without (and says so).
    const dotted = j9173.replace('HI*BK:03591', 'HI*ABK:C34.90');
    const kept = await post('/api/check/fix?apply=none&dateOfRun=2026-02-01', dotted);
    assert.equal(kept.body, dotted);
    const cleaned = await post('/api/check/fix?dateOfRun=2026-02-01', dotted);
    assert.match(cleaned.body, /HI\*ABK:C3490~/);
    assert.match(
      String(cleaned.headers['x-drugclaim-write-problem-codes']),
      /x12\.write\.diagnosis-rewritten x1/,
    );
    const r = (await post('/api/check?dateOfRun=2026-02-01', j9173)).json() as Report;
    const i = r.findings.findIndex((f) => f.fix !== null);
    const picked = await post(`/api/check/fix?apply=${i}&dateOfRun=2026-02-01`, j9173);
    assert.equal(picked.headers['x-drugclaim-fixes-applied'], '1');
    assert.equal((await post('/api/check/fix?apply=999&dateOfRun=2026-02-01', j9173)).statusCode, 400);
    assert.equal((await post('/api/check/fix?apply=1;2', j9173)).statusCode, 400);
    const malformed = await post('/api/check/fix?apply=1,x2', j9173);
    assert.equal(malformed.statusCode, 400);
    // The query is parsed as the multipart field is: the bad item is named.
    assert.match((malformed.json() as { message: string }).message, /"x2" is not a finding index/);
    const noFix = r.findings.findIndex((f) => f.fix === null);
    const refused = await post(`/api/check/fix?apply=${noFix}&dateOfRun=2026-02-01`, j9173);
    assert.equal(refused.statusCode, 400);
    assert.match(
      (refused.json() as { message: string }).message,
      new RegExp(`finding ${noFix} \\(.+\\) has no fix`),
    );
  });
});
