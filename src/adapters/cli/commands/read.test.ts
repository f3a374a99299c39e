/**
 * `drugclaim read` and `drugclaim convert` as a user runs them: exit codes, the --json shape, text output without
 * PHI, and conversions that read back.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { repoRoot, x12SamplesDir, fhirSamplesDir } from '../../../../test/support/shared.ts';
import { readClaimBytes } from '../../claim-files/index.ts';
import { syntheticX12 } from '../../../../bench/x12.bench.ts';

const tmp = mkdtempSync(join(tmpdir(), 'drugclaim-read-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'drugclaim.js'), ...args], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const sample = (f: string): string => join(x12SamplesDir(), f);

describe('drugclaim read', () => {
  const cases: [string, string, number][] = [
    ['a clean 837P', sample('837P_lfh_drug-example10-1_J1550-ndc.837'), 0],
    ['an 837P with errors', sample('MALFORMED_837P_imsweb_x12_segment_errors.txt'), 1],
    ['an 835 with a bad date', sample('835_lfh_managed-care.835'), 1],
    ['a FHIR EOB', join(fhirSamplesDir(), 'EOB_carinbb200_EOBPharmacy1_ndc.json'), 0],
  ];
  for (const [label, file, exit] of cases) {
    it(`${label}: exit ${exit}`, () => {
      assert.equal(cli('read', file).code, exit);
      assert.equal(cli('read', '--json', file).code, exit);
    });
  }

  it('a right-to-left override or ESC in a claim id is shown as \\u202E, in text and in JSON', () => {
    const file = join(tmp, 'rlo.837');
    writeFileSync(
      file,
      readFileSync(sample('837P_lfh_drug-example10-1_J1550-ndc.837'), 'utf8').replace(
        'CLM*CLMNO12345*',
        'CLM*X1005\u202E\u001B[2J*',
      ),
    );
    const text = cli('read', file);
    assert.match(text.stdout, /X1005\\u202E\\u001B\[2J/);
    const json = cli('read', '--json', file);
    assert.match(json.stdout, /"X1005\\u202E\\u001b\[2J"/);
    // The same JSON value: the claim id as it is in the file.
    assert.equal(
      (JSON.parse(json.stdout) as { claims: { id: string }[] }).claims[0]?.id,
      'X1005\u202E\u001B[2J',
    );
    // eslint-disable-next-line no-control-regex -- the point of the test
    for (const out of [text.stdout, text.stderr, json.stdout]) assert.doesNotMatch(out, /[\u001B\u202E]/);
  });

  it('prints the --json shape the issue specifies', () => {
    const r = cli('read', '--json', sample('837P_oopfactory_Example1_2_And_3_Combined_multi-st.txt'));
    const out = JSON.parse(r.stdout) as Record<string, unknown> & {
      summary: Record<string, number>;
      transactions: unknown[];
      errors: Record<string, unknown>[];
      claims: unknown[];
    };
    assert.deepEqual(Object.keys(out.summary).sort(), [
      'claims',
      'errors',
      'payments',
      'remittanceClaims',
      'remittanceServiceLines',
      'serviceLines',
      'transactions',
      'warnings',
    ]);
    assert.deepEqual(out.summary, {
      transactions: 2,
      claims: 3,
      serviceLines: 11,
      remittanceClaims: 0,
      remittanceServiceLines: 0,
      payments: 0,
      errors: 1,
      warnings: 0,
    });
    assert.deepEqual(out.transactions, [
      { type: '837P', version: '005010X222', control: '0021' },
      { type: '837P', version: '005010X222', control: '0022' },
    ]);
    assert.deepEqual(Object.keys(out.errors[0] ?? {}).sort(), [
      'code',
      'element',
      'file',
      'line',
      'loop',
      'message',
      'path',
      'segmentId',
      'segmentIndex',
      'severity',
    ]);
    assert.deepEqual(
      [
        out.errors[0]?.['code'],
        out.errors[0]?.['segmentId'],
        out.errors[0]?.['element'],
        out.errors[0]?.['loop'],
      ],
      ['x12.element.required', 'SBR', 9, '2000B'],
    );
    // What read --json prints can be read again as claim JSON.
    const file = join(tmp, 'read.json');
    writeFileSync(file, r.stdout);
    assert.equal(readClaimBytes('read.json', readFileSync(file)).claims.length, 3);
  });

  it('lists positioned errors (code, message, segmentIndex, segmentId, element, loop) and exits 1', () => {
    const r = cli('read', '--json', sample('MALFORMED_837P_imsweb_x12_segment_errors.txt'));
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout) as Record<string, unknown> & {
      errors: Record<string, unknown>[];
      summary: Record<string, number>;
    };
    assert.deepEqual(Object.keys(out).sort(), [
      'claims',
      'errors',
      'format',
      'passedOver',
      'remittances',
      'summary',
      'transactions',
    ]);
    const pick = (e: Record<string, unknown> | undefined): unknown[] =>
      ['code', 'segmentIndex', 'segmentId', 'element', 'loop', 'line'].map((k) => e?.[k]);
    assert.deepEqual(pick(out.errors.find((e) => e['code'] === 'x12.loop.repeat')), [
      'x12.loop.repeat',
      11,
      'REF',
      1,
      '2010AA',
      12,
    ]);
    assert.deepEqual(
      pick(out.errors.find((e) => e['code'] === 'x12.loop.required-segment' && e['segmentId'] === 'HI')),
      ['x12.loop.required-segment', 20, 'HI', null, '2300', 21],
    );
    assert.ok(out.errors.every((e) => typeof e['message'] === 'string' && e['message'] !== ''));
    assert.equal(out.summary['errors'], out.errors.filter((e) => e['severity'] === 'error').length);
  });

  it('reads a FHIR EOB as one remittance with no X12 transaction sets', () => {
    const r = cli('read', '--json', join(fhirSamplesDir(), 'EOB_bfd-v2_eobReadCarrier_ndc-ext.json'));
    // "created" is not a date there, and its patient is on a server (fhir.reference.unresolved): two warnings, so
    // the exit code stays 0.
    assert.equal(r.code, 0);
    const out = JSON.parse(r.stdout) as {
      summary: Record<string, number>;
      transactions: unknown[];
      format: string;
    };
    assert.deepEqual(
      [
        out.format,
        out.transactions,
        out.summary['payments'],
        out.summary['remittanceClaims'],
        out.summary['remittanceServiceLines'],
        out.summary['errors'],
        out.summary['warnings'],
      ],
      ['fhir', [], 1, 1, 1, 0, 2],
    );
  });

  it('reports remittance counts', () => {
    const out = JSON.parse(
      cli('read', '--json', sample('835_stedi_multiple-claims-single-check_dental.edi')).stdout,
    ) as { summary: Record<string, number>; remittances: unknown[] };
    assert.deepEqual(
      [
        out.summary['payments'],
        out.summary['remittanceClaims'],
        out.summary['remittanceServiceLines'],
        out.remittances.length,
      ],
      [1, 9, 33, 1],
    );
  });

  it('exits 2 when nothing can be read', () => {
    const file = join(tmp, 'letter.txt');
    writeFileSync(file, 'Dear biller');
    const r = cli('read', '--json', file);
    assert.equal(r.code, 2);
    assert.equal(
      (JSON.parse(r.stdout) as { errors: { code: string }[] }).errors[0]?.code,
      'claim-file.unknown-format',
    );
    assert.equal(cli('read', join(tmp, 'missing.837')).code, 2);
  });

  it('says why nothing was read from an 837 with no claim and no problem (ST, BHT, SE)', () => {
    const file = join(tmp, 'no-claims.837');
    writeFileSync(
      file,
      'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260101*1200*^*00501*000000001*0*P*:~' +
        'GS*HC*SENDER*RECEIVER*20260101*1200*1*X*005010X222A1~ST*837*0001*005010X222A1~' +
        'BHT*0019*00*1*20260101*1200*CH~SE*3*0001~GE*1*1~IEA*1*000000001~',
    );
    const r = cli('read', file);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /0 errors, 0 warnings/);
    assert.match(
      r.stderr,
      /nothing could be read from no-claims\.837: its transaction set holds no claim or remittance \(no CLM segment\)/,
    );
  });

  it('prints a readable summary without member ids, names or birth dates', () => {
    const r = cli('read', sample('837P_lfh_drug-example10-1_J1550-ndc.837'));
    assert.match(r.stdout, /1 claim, 2 service lines, total charges \$103\.37/);
    assert.match(r.stdout, /J1550 ×1 \(NDC 00026063512 10ML\)/);
    for (const phi of ['MBRID12345', 'Vaughn', '1943']) assert.ok(!r.stdout.includes(phi), phi);
  });
});

describe('drugclaim convert', () => {
  const source = sample('837P_lfh_drug-example10-1_J1550-ndc.837');
  for (const to of ['x12', 'fhir', 'json', 'csv'] as const) {
    it(`--to ${to} writes claims that read back`, () => {
      const out = join(tmp, `out.${to === 'x12' ? '837' : to}`);
      const r = cli('convert', source, '--to', to, '--out', out);
      assert.equal(r.code, 0, r.stderr);
      const back = readClaimBytes(out, readFileSync(out));
      assert.deepEqual(
        back.problems.filter((p) => p.severity === 'error'),
        [],
      );
      assert.deepEqual(
        back.claims.map((c) => [c.id, c.totalChargeCents, c.lines.map((l) => l.procedure.code)]),
        [['CLMNO12345', 10337, ['90782', 'J1550']]],
      );
    });
  }

  it('converts an 835 to FHIR (an ExplanationOfBenefit per claim) or JSON only', () => {
    assert.equal(
      cli('convert', sample('835_stedi_multiple-claims-single-check_dental.edi'), '--to', 'x12').code,
      2,
    );
    const fhir = cli('convert', sample('835_stedi_multiple-claims-single-check_dental.edi'), '--to', 'fhir');
    assert.equal(fhir.code, 0, fhir.stderr);
    const bundle = JSON.parse(fhir.stdout) as { entry: { resource: { resourceType: string } }[] };
    assert.deepEqual(
      bundle.entry.map((e) => e.resource.resourceType),
      Array.from({ length: 9 }, () => 'ExplanationOfBenefit'),
    );
    assert.match(
      fhir.stderr,
      /ExplanationOfBenefit output does not carry .*BPR01, BPR03, BPR04\): 1 remittance/,
    );
    const r = cli('convert', sample('835_stedi_multiple-claims-single-check_dental.edi'), '--to', 'json');
    assert.equal(r.code, 0);
    assert.match(
      r.stderr,
      /claim-file\.not-carried: .* \(21 segments: AMT\*AU \(2100\) ×9, NM1\*82 \(2100\) ×9, /,
    );
    assert.equal((JSON.parse(r.stdout) as { remittances: unknown[] }).remittances.length, 1);
  });

  it('exits 1 when the input had errors (and still converts), 2 when nothing is readable', () => {
    const r = cli(
      'convert',
      sample('MALFORMED_837P_imsweb_x12_segment_errors.txt'),
      '--to',
      'json',
      '--quiet',
    );
    assert.equal(r.code, 1);
    assert.equal((JSON.parse(r.stdout) as { claims: unknown[] }).claims.length, 1);
    assert.equal(r.stderr, '', '--quiet prints no problems');
    const file = join(tmp, 'nothing.txt');
    writeFileSync(file, 'not a claim file');
    const none = cli('convert', file, '--to', 'fhir');
    assert.equal(none.code, 2);
    assert.match(none.stderr, /claim-file\.unknown-format/);
  });

  it('says which segments the claim model does not carry (they are not in the output)', () => {
    const file = sample('837P_oopfactory_ST1309-XX_crlf-segment-terminator.txt');
    const r = cli('convert', file, '--to', 'fhir');
    assert.equal(r.code, 0, r.stderr);
    const expected =
      // OI (2320) is carried (otherPayers[].benefitsAssignment…).
      '6 segments: K3 (2300) ×1, NM1*85 (2330) ×1, REF*D9 (2300) ×1, REF*EA (2300) ×1, REF*G2 (2010BB) ×1, REF*G2 (2330) ×1';
    assert.ok(
      r.stderr.includes(
        `warning claim-file.not-carried: ${file} has segments the claim model does not carry; they are not in the output (${expected}).`,
      ),
      r.stderr,
    );
    const read = cli('read', file);
    assert.ok(
      read.stdout.includes(
        `  not carried into the claims (the claim model has no place for them): ${expected}`,
      ),
      read.stdout,
    );
    // The drug sample: everything but its line's sales tax (AMT*T) is carried.
    const drug = cli('convert', source, '--to', 'json', '--quiet');
    assert.equal(drug.stderr, '');
    assert.match(cli('convert', source, '--to', 'json').stderr, /\(1 segment: AMT\*T \(2400\) ×1\)/);
  });

  it('converts a big 837 claim by claim, in memory that does not grow with the file', async () => {
    const file = await syntheticX12(30_000);
    const out = join(tmp, 'big.837');
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'NODE_OPTIONS') env[k] = v;
    // Read whole, these 30,000 claims written back as X12 do not fit in a 192 MB heap; streamed, 96 MB is enough.
    const r = spawnSync(
      process.execPath,
      [join(repoRoot, 'bin', 'drugclaim.js'), 'convert', file, '--to', 'x12', '--out', out, '--quiet'],
      { env: { ...env, NODE_OPTIONS: '--max-old-space-size=128' }, encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    const back = readClaimBytes(out, readFileSync(out));
    assert.equal(back.claims.length, 30_000);
    // At most 5000 claims per transaction set (the 837 TR3's recommendation).
    assert.deepEqual(
      back.transactions.map((t) => t.control),
      ['0001', '0002', '0003', '0004', '0005', '0006'],
    );
    assert.deepEqual(
      back.problems.filter((p) => p.severity === 'error'),
      [],
    );
    rmSync(out);
  });

  it('--out holds claims: written 0600, never through a symlink planted at OUT.part; a replaced file keeps its mode', () => {
    const dir = mkdtempSync(join(tmp, 'modes-'));
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'victim');
    const out = join(dir, 'out.json');
    symlinkSync(victim, `${out}.part`);
    assert.equal(cli('convert', source, '--to', 'json', '--out', out, '--quiet').code, 0);
    assert.equal(readFileSync(victim, 'utf8'), 'victim');
    assert.equal((statSync(out).mode & 0o777).toString(8), '600');
    assert.deepEqual(readdirSync(dir).sort(), ['out.json', 'out.json.part', 'victim.txt']);
    chmodSync(out, 0o640);
    assert.equal(cli('convert', source, '--to', 'fhir', '--out', out, '--quiet').code, 0);
    assert.match(readFileSync(out, 'utf8'), /"resourceType": ?"Bundle"/);
    assert.equal((statSync(out).mode & 0o777).toString(8), '640');
  });

  it('exits 2 and leaves no file behind when the output cannot be written', () => {
    const out = join(tmp, 'no-such-dir', 'out.json');
    const r = cli('convert', source, '--to', 'json', '--out', out);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot write .*out\.json: no such file or folder \(ENOENT\)/);
    assert.ok(!existsSync(join(tmp, 'no-such-dir')));
  });

  it('a full disk on stdout ends the run with exit 2 and one line, not a stack trace', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(
        process.execPath,
        [join(repoRoot, 'bin', 'drugclaim.js'), 'convert', source, '--to', 'json', '--quiet'],
        { stdio: ['ignore', full, 'pipe'], encoding: 'utf8' },
      );
      assert.equal(r.status, 2);
      assert.equal(r.stderr, 'drugclaim: cannot write the output: ENOSPC\n');
    } finally {
      closeSync(full);
    }
  });

  it('messages nobody reads any more (stderr closed) do not stop a convert to --out: OUT is written, nothing beside it', async () => {
    const out = join(mkdtempSync(join(tmp, 'stderr-closed-')), 'stderr-closed.837');
    const child = spawn(
      process.execPath,
      [
        join(repoRoot, 'bin', 'drugclaim.js'),
        'convert',
        sample('837I_lfh_institutional-claim.837i'),
        '--to',
        'x12',
        '--type',
        '837P',
        '--out',
        out,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child.stderr.destroy();
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 1);
    // The claim's own transaction set control number, written back.
    assert.match(readFileSync(out, 'latin1'), /ST\*837\*987654\*005010X222A1~/);
    assert.deepEqual(readdirSync(dirname(out)), ['stderr-closed.837']);
  });

  it('writes 837I claims as 837P when asked, and exits 1 for what an 837P needs that they lack', () => {
    const r = cli('convert', sample('837I_lfh_institutional-claim.837i'), '--to', 'x12', '--type', '837P');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /ST\*837\*987654\*005010X222A1~/);
    assert.match(r.stderr, /x12\.write\.missing-data.*place of service \(CLM05-1\)/);
  });
});
