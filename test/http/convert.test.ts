/**
 * POST /api/convert: claims and remittances in another format, the document itself with its content type, and what
 * reading and writing met in `x-drugclaim-*` headers.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readClaimBytes, writeClaimFile } from '../../src/adapters/claim-files/index.ts';
import { readFhirJson } from '../../src/adapters/fhir/index.ts';
import type { Bundle } from '../../src/adapters/fhir/r4.ts';
import { imfinziClaim, imfinziEob } from '../../src/adapters/fhir/testing.ts';
import { turn } from '../../src/adapters/http/pace.ts';
import type { Claim, Remittance } from '../../src/core/claim/model.ts';
import { medicareRemittance, write835 } from '../recovery/fixtures.ts';
import { x12SamplesDir } from '../support/shared.ts';
import { lfhDrugSample, multipart, testApp, type TestApp } from './support.ts';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(async () => {
  await t.close();
});

const dental835 = readFileSync(join(x12SamplesDir(), '835_stedi_multiple-claims-single-check_dental.edi'));

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  problems?: { code: string; severity: string }[];
}

const post = (
  url: string,
  payload: string | Buffer,
  role: 'viewer' | 'biller' | null = 'viewer',
  type = 'application/octet-stream',
) => t.as(role, { method: 'POST', url, headers: { 'content-type': type }, payload });

void describe('POST /api/convert', () => {
  void it('837P → FHIR: a Bundle with the Claim, and the segment the claim model does not keep counted', async () => {
    const res = await post('/api/convert?to=fhir&fileName=demo.837', lfhDrugSample());
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.headers['content-type'] as string, /^application\/fhir\+json/);
    assert.equal(res.headers['content-disposition'], 'attachment; filename="demo.fhir.json"');
    const read = readFhirJson(res.body);
    assert.deepEqual(
      read.claims.map((c) => [c.id, c.totalChargeCents, c.lines.map((l) => l.procedure.code)]),
      [['CLMNO12345', 10337, ['90782', 'J1550']]],
    );
    assert.deepEqual(
      [
        res.headers['x-drugclaim-claims'],
        res.headers['x-drugclaim-remittance-claims'],
        res.headers['x-drugclaim-read-errors'],
        res.headers['x-drugclaim-not-carried'],
      ],
      ['1', '0', '0', '1'],
    );
    // The sample's subscriber details have no place in the FHIR Claim: said by kind, with no claim data.
    // ASCII only (a header is bytes): the label's en dash comes as a hyphen.
    assert.equal(
      res.headers['x-drugclaim-not-carried-fields'],
      'submitter and receiver (1000A/1000B): 1 claim; subscriber details (2000B/2010BA): 1 claim; payer id qualifier XV, the CMS plan id (NM108): 1 claim; claim indicators (CLM06-CLM09): 1 claim',
    );
    assert.match(res.headers['x-drugclaim-problem-codes'] as string, /claim-file\.not-carried x2/);
    assert.doesNotMatch(JSON.stringify(res.headers), /VAUGHN|Vaughn|CLMNO12345|MBRID12345/);
  });

  void it('835 → FHIR: an ExplanationOfBenefit per claim, which reads back to the same remittance claims', async () => {
    const res = await post('/api/convert?to=fhir&fileName=era.835', dental835);
    assert.equal(res.statusCode, 200, res.body);
    const bundle = JSON.parse(res.body) as Bundle;
    assert.equal(bundle.entry?.length, 9);
    assert.ok(bundle.entry?.every((e) => e.resource?.resourceType === 'ExplanationOfBenefit'));
    const original = readClaimBytes('era.835', dental835).remittances.flatMap((r) => r.claims);
    const back = readFhirJson(res.body).remittances.flatMap((r) => r.claims);
    assert.deepEqual(
      back.map((c) => [
        c.patientControlNumber,
        c.payerClaimControlNumber,
        c.status,
        c.chargeCents,
        c.paidCents,
      ]),
      original.map((c) => [
        c.patientControlNumber,
        c.payerClaimControlNumber,
        c.status,
        c.chargeCents,
        c.paidCents,
      ]),
    );
    assert.deepEqual(
      back.map((c) => c.serviceLines.flatMap((l) => l.adjustments.map((a) => `${a.group}-${a.carc}`))),
      original.map((c) => c.serviceLines.flatMap((l) => l.adjustments.map((a) => `${a.group}-${a.carc}`))),
    );
    assert.equal(res.headers['x-drugclaim-remittance-claims'], '9');
    assert.match(
      res.headers['x-drugclaim-not-carried-fields'] as string,
      /^payment handling, credit\/debit flag and method \(BPR01, BPR03, BPR04\): 1 remittance$/,
    );
  });

  void it('835 with a provider-level adjustment → FHIR: the PLB, which no EOB can hold, is said to be left out', async () => {
    const withPlb = dental835
      .toString('latin1')
      .replace('SE*190*35681~', 'PLB*1234567893*20261231*WO:REF123*-50~SE*191*35681~');
    const res = await post('/api/convert?to=fhir&fileName=era.835', withPlb);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['x-drugclaim-read-errors'], '0');
    assert.match(
      res.headers['x-drugclaim-not-carried-fields'] as string,
      /^provider-level adjustments \(PLB\): 1 remittance; payment handling/,
    );
    assert.match(res.headers['x-drugclaim-problem-codes'] as string, /claim-file\.not-carried x\d/);
  });

  void it('835 → FHIR: a claim adjudicated at the claim level (no SVC) is an EOB without items, never item: []', async () => {
    const noLines = dental835
      .toString('latin1')
      .replace('SE*190*35681~', 'CLP*NOLINES1*4*100*0*0*12*ICN9*11*1~CAS*CO*4*100~SE*192*35681~');
    const res = await post('/api/convert?to=fhir&fileName=era.835', noLines);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['x-drugclaim-read-errors'], '0');
    assert.doesNotMatch(res.body, /\[\s*\]/);
    const eob = (JSON.parse(res.body) as Bundle).entry?.at(-1)?.resource;
    assert.deepEqual(
      [eob?.resourceType, eob !== undefined && 'item' in eob],
      ['ExplanationOfBenefit', false],
    );
    assert.equal(readFhirJson(res.body).remittances.at(-1)?.claims[0]?.patientControlNumber, 'NOLINES1');
  });

  void it('a big 835 → FHIR is written as it is sent, other requests answered meanwhile', async () => {
    // 4,000 remittance claims: about 40 MB of ExplanationOfBenefits, written in ~1 s. Held whole before the answer,
    // a 10 MB 835 cost gigabytes and held up every other request for seconds.
    const r = medicareRemittance();
    const claims = Array.from({ length: 4_000 }, (_, i) => ({
      ...(r.claims[i % r.claims.length] as Remittance['claims'][number]),
      patientControlNumber: `BIG${i}`,
    }));
    const big = write835({ ...r, claims }, 9);
    let done = false;
    let answers = 0;
    const converting = post('/api/convert?to=fhir&fileName=big.835', big).finally(() => {
      done = true;
    });
    while (!done) {
      const me = await t.as('viewer', { method: 'GET', url: '/api/auth/me' });
      assert.equal(me.statusCode, 200);
      if (!done) answers++;
      // An injected request is answered within the microtask queue: a turn, as a client on a socket would have.
      await turn();
    }
    const res = await converting;
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    assert.equal(res.headers['x-drugclaim-remittance-claims'], '4000');
    assert.equal((JSON.parse(res.body) as Bundle).entry?.length, 4000);
    assert.ok(answers >= 10, `${answers} answers while converting`);
  });

  void it('a big 835 → JSON is written as it is sent, in pieces, the same text as written whole', async () => {
    // 3,000 remittance claims in one transaction set: the JSON was written as one string (about 9× the 835).
    const r = medicareRemittance();
    const claims = Array.from({ length: 3_000 }, (_, i) => ({
      ...(r.claims[i % r.claims.length] as Remittance['claims'][number]),
      patientControlNumber: `BIG${i}`,
    }));
    const big = write835({ ...r, claims }, 9);
    const res = await post('/api/convert?to=json&fileName=big.835', big);
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    assert.equal(res.headers['x-drugclaim-remittance-claims'], '3000');
    const read = readClaimBytes('big.835', Buffer.from(big));
    assert.equal(res.body, `${JSON.stringify({ claims: [], remittances: read.remittances }, null, 2)}\n`);
  });

  void it('claims → X12: write problems counted in the headers, the document as written whole', async () => {
    // 6,000 claims (two transaction sets of at most 5,000), each with missing data: written before the answer starts
    // (routes/convert.ts, WRITTEN_FIRST), since the headers count the write problems.
    const claim = readFhirJson(JSON.stringify(imfinziClaim())).claims[0] as Claim;
    const upload = JSON.stringify({
      claims: Array.from({ length: 6_000 }, (_, i) => ({ ...claim, id: `DEMO${i}` })),
    });
    const res = await post('/api/convert?to=837P&fileName=many.json', upload);
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    // The date the route wrote with (GS04, GS05): the same claims written whole with it give the same bytes.
    const gs = /~\s*GS\*HC\*[^*]*\*[^*]*\*(\d{4})(\d{2})(\d{2})\*(\d{2})(\d{2})\*/.exec(res.body);
    assert.ok(gs, res.body.slice(0, 300));
    const [y, mo, d, h, mi] = gs.slice(1).map(Number) as [number, number, number, number, number];
    const claims = readClaimBytes('many.json', Buffer.from(upload)).claims;
    const whole = writeClaimFile(claims, '837P', { date: new Date(Date.UTC(y, mo - 1, d, h, mi)) });
    assert.equal(res.body, whole.text);
    assert.ok(whole.problems.length > 6_000, `${whole.problems.length} write problems`);
    assert.equal(res.headers['x-drugclaim-write-problems'], String(whole.problems.length));
    assert.equal(
      res.headers['x-drugclaim-problem-codes'],
      `x12.write.missing-data x${whole.problems.length}`,
    );
  });

  void it('FHIR Claim → X12: an 837P that reads back as the same claim', async () => {
    const res = await post(
      '/api/convert?to=x12',
      JSON.stringify(imfinziClaim()),
      'viewer',
      'application/fhir+json',
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.headers['content-type'] as string, /^application\/edi-x12/);
    assert.equal(res.headers['content-disposition'], 'attachment; filename="claims.x12"');
    const back = readClaimBytes('back.837', Buffer.from(res.body));
    assert.equal(back.format, '837P');
    // The Claim has no billing address, tax id or place of service: left empty, never made up, and said so; nor
    // CLM06–CLM09 (signature, assignment, benefits, release): written as usual, with a warning naming each.
    assert.deepEqual(
      [res.headers['x-drugclaim-write-problems'], res.headers['x-drugclaim-problem-codes']],
      ['9', 'x12.write.missing-data x9'],
    );
    assert.deepEqual(
      back.problems.filter((p) => p.severity === 'error').map((p) => `${p.code} ${p.at?.segmentId ?? ''}`),
      [
        'x12.loop.required-segment N3',
        'x12.loop.required-segment N4',
        'x12.loop.required-segment REF',
        'x12.element.required CLM',
      ],
    );
    assert.deepEqual(
      back.claims.map((c) => [
        c.id,
        c.totalChargeCents,
        c.patient.lastName,
        c.lines.map((l) => [l.procedure.code, l.units, l.drug?.ndc]),
      ]),
      [
        [
          'DEMO-0001',
          1535000,
          'QUIXOTE',
          [
            ['J9173', 150, '00310461150'],
            ['96413', 1, undefined],
          ],
        ],
      ],
    );
  });

  void it('several files in one document; remittances beside claims in X12 are said to be left out', async () => {
    const files = [
      { name: 'claims.837', content: lfhDrugSample() },
      { name: 'era.835', content: dental835 },
    ];
    const json = multipart(files);
    const res = await t.as('viewer', {
      method: 'POST',
      url: '/api/convert?to=json',
      headers: json.headers,
      payload: json.payload,
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-disposition'], 'attachment; filename="converted.json"');
    const both = JSON.parse(res.body) as { claims: unknown[]; remittances: unknown[] };
    assert.deepEqual([both.claims.length, both.remittances.length], [1, 1]);
    const x12 = multipart(files);
    const res2 = await t.as('viewer', {
      method: 'POST',
      url: '/api/convert?to=837P',
      headers: x12.headers,
      payload: x12.payload,
    });
    assert.equal(res2.statusCode, 200, res2.body);
    assert.match(
      res2.headers['x-drugclaim-not-carried-fields'] as string,
      /remittances \(835, ExplanationOfBenefit\): 1 remittance/,
    );
    assert.equal(readClaimBytes('out.837', Buffer.from(res2.body)).claims.length, 1);
  });

  void it('CSV: a row per line', async () => {
    const res = await post('/api/convert?to=csv&fileName=demo.837', lfhDrugSample());
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.headers['content-type'] as string, /^text\/csv/);
    assert.equal(res.body.trim().split('\n').length, 3);
  });

  void describe('refusals', () => {
    void it('needs a signed-in user; a viewer may convert (nothing is stored), and the audit row names no PHI', async () => {
      assert.equal((await post('/api/convert?to=fhir', lfhDrugSample(), null)).statusCode, 401);
      for (const role of ['viewer', 'biller'] as const)
        assert.equal((await post('/api/convert?to=fhir', lfhDrugSample(), role)).statusCode, 200, role);
      const row = t.accounts.listAudit({ action: 'convert.run', limit: 1 })[0];
      assert.equal(row?.status, 200);
      assert.match(
        row?.resource ?? '',
        /^sha256:[0-9a-f]{12} to:fhir claims:1 remittance-claims:0 request:[\w.-]+$/,
      );
    });

    void it('an unreadable file is 422 unreadable-file, with the readers problems', async () => {
      const res = await post('/api/convert?to=fhir', '{"resourceType": "Claim", ');
      assert.equal(res.statusCode, 422);
      const body = res.json() as ErrorBody;
      assert.equal(body.code, 'unreadable-file');
      assert.deepEqual(
        body.problems?.map((p) => p.code),
        ['fhir.json.invalid'],
      );
      const row = t.accounts.listAudit({ action: 'convert.run', limit: 1 })[0];
      assert.equal(row?.status, 422);
      assert.match(row?.resource ?? '', /^sha256:[0-9a-f]{12} bytes:\d+$/);
    });

    void it('remittances to an output that cannot carry them are 422 unsupported-output', async () => {
      for (const to of ['x12', '837I', 'csv']) {
        const res = await post(`/api/convert?to=${to}`, dental835);
        assert.equal(res.statusCode, 422, to);
        assert.equal((res.json() as ErrorBody).code, 'unsupported-output');
      }
    });

    void it('a file read without error but with nothing to convert is 422 nothing-to-convert', async () => {
      // An EOB entered in error is no remittance: skipped with a warning, which the 422 carries.
      const eob = imfinziEob('eob1', { status: 'entered-in-error' });
      const res = await post('/api/convert?to=fhir', JSON.stringify(eob), 'viewer', 'application/fhir+json');
      assert.equal(res.statusCode, 422);
      const body = res.json() as ErrorBody;
      assert.equal(body.code, 'nothing-to-convert');
      assert.deepEqual(
        body.problems?.map((p) => [p.code, p.severity]),
        [['fhir.resource.skipped', 'warning']],
      );
    });

    void it('an output format that is not one of the six, or none, is 400; no file is 400 no-file', async () => {
      assert.equal((await post('/api/convert?to=pdf', lfhDrugSample())).statusCode, 400);
      assert.equal((await post('/api/convert', lfhDrugSample())).statusCode, 400);
      const empty = await post('/api/convert?to=fhir', '');
      assert.equal(empty.statusCode, 400);
      assert.equal((empty.json() as ErrorBody).code, 'no-file');
    });
  });

  void it('OpenAPI declares the route, its output types and its errors', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, { post?: { responses: Record<string, { content?: Record<string, unknown> }> } }>;
    };
    const op = doc.paths['/api/convert']?.post;
    assert.ok(op);
    assert.deepEqual(Object.keys(op.responses['200']?.content ?? {}).sort(), [
      'application/edi-x12',
      'application/fhir+json',
      'application/json',
      'text/csv',
    ]);
    for (const status of ['400', '401', '403', '413', '415', '422']) assert.ok(op.responses[status], status);
  });
});
