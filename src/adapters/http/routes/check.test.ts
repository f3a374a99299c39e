/**
 * POST /api/check and /api/check/fix on what the QA found: read errors count in the summary and in SARIF; a fixed
 * file written from the claims keeps the interchange it came in (test data stays test data), refuses claims read
 * with errors rather than writing $0 for what it could not read, and a Latin-1 837 comes back in Latin-1. The fixed
 * file goes out a window at a time, in every format byte for byte what went out whole before.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Claim } from '../../../core/claim/model.ts';
import { applyFixes } from '../../../core/edits/apply-fixes.ts';
import { runEdits } from '../../../core/edits/engine.ts';
import type { Problem } from '../../../core/problem.ts';
import {
  claimsWithReadErrors,
  outputFormatFor,
  readClaimBytes,
  writeClaimFile,
  writeFixedClaimFile,
  type ClaimOutputFormat,
} from '../../claim-files/index.ts';
import { loadRules } from '../../rules/index.ts';
import { imfinziSample, multipart, testApp, type TestApp } from '../../../../test/http/support.ts';
import { generatedClaims, write837P } from '../../../../test/recovery/fixtures.ts';
import { sharedReference } from '../../../../test/support/reference.ts';
import { x12SamplesDir } from '../../../../test/support/shared.ts';

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

/** A multipart body of one file and form fields: what the web app's check page sends to /check/fix. */
function fileAndFields(
  file: { name: string; content: string },
  fields: Record<string, string>,
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----drugclaim${Math.random().toString(16).slice(2)}`;
  const field = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const payload = [
    ...Object.entries(fields).map(([name, value]) => field(name, value)),
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    file.content,
    `\r\n--${boundary}--\r\n`,
  ].join('');
  return {
    payload: Buffer.from(payload),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

void describe('POST /api/check/fix: the choice of fixes in the multipart field `apply`', () => {
  /** RC1001 again and again, each for another patient: each claim draws one error with a fix, and a warning. */
  const CLAIMS = 4_000;
  const base = generatedClaims()[0] as Claim;
  const many = write837P(
    Array.from({ length: CLAIMS }, (_, i): Claim => {
      const memberId = `FLDM${String(i).padStart(6, '0')}`;
      return {
        ...base,
        id: `FLD${String(i).padStart(6, '0')}`,
        patient: { ...base.patient, memberId, lastName: `PATIENT${i}` },
        ...(base.subscriber ? { subscriber: { ...base.subscriber, memberId } } : {}),
      };
    }),
  );
  const dated = 'dateOfRun=2026-03-01';
  const fix = (url: string, fields: Record<string, string>, content = many) => {
    const m = fileAndFields({ name: 'many.837', content }, fields);
    return t.as('viewer', { method: 'POST', url, headers: m.headers, payload: m.payload });
  };

  void it('a choice of thousands of fixes, longer than a URL may be, travels in the body and is applied', async () => {
    const report = await post(`/api/check?fileName=many.837&${dated}`, many);
    assert.equal(report.statusCode, 200, report.body);
    const findings = (report.json() as { findings: { index: number; fix: unknown }[] }).findings;
    const fixable = findings.filter((f) => f.fix !== null).map((f) => f.index);
    assert.equal(fixable.length, CLAIMS);
    // Every fix but the first: past Node's 16 KiB of request headers had it gone in the query.
    const apply = fixable.slice(1).join(',');
    assert.ok(apply.length > 16 * 1024, `${apply.length} characters`);
    const res = await fix(`/api/check/fix?${dated}`, { apply });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['x-drugclaim-fixes-applied'], String(CLAIMS - 1));
    assert.equal(res.headers['x-drugclaim-remaining-fixable'], '1');
    assert.equal(res.headers['content-disposition'], 'attachment; filename="fixed-many.837"');
  });

  void it('apply given both in the query and in the body is a 400 saying so', async () => {
    const res = await fix(`/api/check/fix?apply=none&${dated}`, { apply: 'all' }, imfinzi);
    assert.equal(res.statusCode, 400, res.body);
    const body = res.json() as { code: string; message: string };
    assert.equal(body.code, 'bad-request');
    assert.match(body.message, /both in the query and in the multipart body/);
  });

  void it('a malformed item of the field is a 400 naming it; a finding that does not exist too', async () => {
    const malformed = await fix(`/api/check/fix?${query}`, { apply: '0,1;2' }, imfinzi);
    assert.equal(malformed.statusCode, 400, malformed.body);
    assert.match((malformed.json() as { message: string }).message, /apply: "1;2" is not a finding index/);
    const missing = await fix(`/api/check/fix?${query}`, { apply: '999' }, imfinzi);
    assert.equal(missing.statusCode, 400, missing.body);
    assert.match((missing.json() as { message: string }).message, /apply: finding 999 does not exist/);
    const tooLong = await fix(`/api/check/fix?${query}`, { apply: '0,'.repeat(200_000) }, imfinzi);
    assert.equal(tooLong.statusCode, 400, tooLong.body);
    assert.match((tooLong.json() as { message: string }).message, /form field apply is longer than 350,000/);
  });

  void it('the field takes all and none; the query form still works beside a multipart file', async () => {
    const none = await fix(`/api/check/fix?${query}`, { apply: 'none' }, imfinzi);
    assert.equal(none.statusCode, 200, none.body);
    assert.equal(none.headers['x-drugclaim-fixes-applied'], '0');
    assert.equal(none.body, imfinzi);
    const all = await fix(`/api/check/fix?${query}`, { apply: 'all' }, imfinzi);
    assert.equal(all.headers['x-drugclaim-fixes-applied'], '1');
    const inQuery = await fix(`/api/check/fix?apply=none&${query}`, {}, imfinzi);
    assert.equal(inQuery.statusCode, 200, inQuery.body);
    assert.equal(inQuery.headers['x-drugclaim-fixes-applied'], '0');
    const rawInQuery = await post(`/api/check/fix?apply=none&${query}`, imfinzi);
    assert.equal(rawInQuery.headers['x-drugclaim-fixes-applied'], '0');
  });
});

type Upload = { name: string; content: string | Buffer };

/**
 * What the route sent before it sent the file in pieces: the file written whole, as `check --fix` writes it, with the
 * fixes the route applies (all, but those of claims read with errors), its bytes in one Buffer.
 */
async function sentWhole(uploads: readonly Upload[], dateOfRun: string): Promise<Buffer> {
  const claims: Claim[] = [];
  const readErrors = new Map<number, Problem[]>();
  let format: ClaimOutputFormat | null = null;
  for (const u of uploads) {
    const read = readClaimBytes(u.name, Buffer.from(u.content));
    for (const [i, list] of claimsWithReadErrors(read.claims, read.problems))
      readErrors.set(claims.length + i, list);
    claims.push(...read.claims);
    format = outputFormatFor(read.format);
  }
  assert.ok(format !== null);
  const checked = runEdits(claims, {
    reference: await sharedReference(),
    rules: loadRules().book,
    dateOfRun,
  });
  const fixed = applyFixes(
    claims,
    checked.findings.filter((f) => !readErrors.has(f.claimIndex)),
  );
  const source = uploads.length === 1 ? Buffer.from((uploads[0] as Upload).content) : undefined;
  const written = writeFixedClaimFile(claims, fixed.claims, format, source, { readErrors });
  return written.bytes ? Buffer.from(written.bytes) : Buffer.from(written.text);
}

void describe('POST /api/check/fix sends the file in pieces: byte for byte what it sent whole', () => {
  const dateOfRun = '2026-02-01';
  const claims = readClaimBytes('imfinzi.837', Buffer.from(imfinzi)).claims;
  const bundle = writeClaimFile(claims, 'fhir', { created: dateOfRun }).text;
  const resources = (JSON.parse(bundle) as { entry: { resource: unknown }[] }).entry.map((e) => e.resource);
  const renamed = (c: Claim, id: string, lastName: string): Claim => ({
    ...c,
    id,
    patient: { ...c.patient, lastName },
  });
  // Long enough for several windows, with two-byte characters and surrogate pairs all through it.
  const base = generatedClaims();
  const many = Array.from({ length: 1500 }, (_, i) =>
    renamed(base[i % base.length] as Claim, `M${i}`, `Zoë😀${i}`),
  );
  const cases: [label: string, uploads: Upload[], from: 'input' | 'claims'][] = [
    ['837P, patched', [{ name: 'imfinzi.837', content: imfinzi }], 'input'],
    [
      '837P in Latin-1, patched: Latin-1 out',
      [
        {
          name: 'latin1.837',
          content: Buffer.from(imfinzi.replace('*Vaughn*Steve*', '*Muñoz*José*'), 'latin1'),
        },
      ],
      'input',
    ],
    [
      '837P, written from the claims',
      [
        { name: 'a.837', content: imfinzi },
        { name: 'b.837', content: imfinzi.replaceAll('CLMNO12345', 'CLMNO67890') },
      ],
      'claims',
    ],
    [
      '837I, patched',
      [{ name: 'i.837', content: readFileSync(join(x12SamplesDir(), '837I_lfh_institutional-claim.837i')) }],
      'input',
    ],
    ['FHIR Bundle, patched', [{ name: 'imfinzi.fhir.json', content: bundle }], 'input'],
    [
      'FHIR NDJSON with CRLF, patched',
      [{ name: 'imfinzi.ndjson', content: resources.map((r) => JSON.stringify(r)).join('\r\n') }],
      'input',
    ],
    [
      'FHIR, written from the claims',
      [
        { name: 'a.fhir.json', content: bundle },
        { name: 'b.fhir.json', content: bundle.replaceAll('CLMNO12345', 'CLMNO67890') },
      ],
      'claims',
    ],
    [
      'claim JSON of 2 MB, not all ASCII',
      [{ name: 'many.json', content: writeClaimFile(many, 'json').text }],
      'claims',
    ],
    [
      'CSV, not all ASCII',
      [
        {
          name: 'c.csv',
          content: writeClaimFile([renamed(claims[0] as Claim, 'C1', 'Muñoz😀')], 'csv').text,
        },
      ],
      'claims',
    ],
  ];
  for (const [label, uploads, from] of cases)
    void it(label, async () => {
      const before = await sentWhole(uploads, dateOfRun);
      const res = await postFiles(`/api/check/fix?dateOfRun=${dateOfRun}`, uploads);
      assert.equal(res.statusCode, 200, res.body.slice(0, 500));
      assert.equal(res.headers['x-drugclaim-written-from'], from);
      // An X12 file written from the claims holds the minute it was written: written again when a minute turned.
      const sent = res.rawPayload;
      assert.ok(sent.equals(before) || sent.equals(await sentWhole(uploads, dateOfRun)), label);
      assert.equal(res.headers['content-length'], String(sent.length));
      assert.equal(res.headers['transfer-encoding'], undefined);
    });

  void it('the types are those of the file sent whole: JSON types with their charset', async () => {
    const types: unknown[] = [];
    for (const i of [0, 4, 7, 8]) {
      const res = await postFiles(`/api/check/fix?dateOfRun=${dateOfRun}`, cases[i]?.[1] ?? []);
      types.push(res.headers['content-type']);
    }
    assert.deepEqual(types, [
      'application/edi-x12',
      'application/fhir+json; charset=utf-8',
      'application/json; charset=utf-8',
      'text/csv',
    ]);
  });

  void it('a long file goes out a window at a time: another request is answered before it has all gone', async () => {
    const uploads = cases[7]?.[1] as Upload[];
    const { payload, headers } = multipart(uploads);
    const res = await t.as('viewer', {
      method: 'POST',
      url: `/api/check/fix?dateOfRun=${dateOfRun}`,
      headers,
      payload,
      payloadAsStream: true,
    });
    assert.equal(res.statusCode, 200);
    const chunks: Buffer[] = [];
    let sentBeforeAnswer = -1;
    for await (const chunk of res.stream()) {
      chunks.push(chunk as Buffer);
      if (chunks.length > 1) continue;
      assert.equal((await t.as('viewer', { method: 'GET', url: '/api/auth/me' })).statusCode, 200);
      sentBeforeAnswer = chunks[0]?.length ?? -1;
    }
    const sent = Buffer.concat(chunks);
    assert.ok(chunks.length >= 3, `${chunks.length} chunks`);
    assert.ok(
      sentBeforeAnswer > 0 && sentBeforeAnswer < sent.length,
      `${sentBeforeAnswer} of ${sent.length}`,
    );
    assert.equal(res.headers['content-length'], String(sent.length));
    assert.ok(sent.equals(await sentWhole(uploads, dateOfRun)));
  });
});
