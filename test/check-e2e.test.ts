/**
 * `drugclaim check` end to end, as a biller runs it: bin/drugclaim.js in a child process against a temp database
 * loaded from ../shared/data (one import per file), on the drug samples of ../shared/samples/x12 with the exact
 * findings expected, the exit codes (0 clean / 1 errors / 2 unreadable), the four output formats, and the
 * `--fix OUT` round trip on a generated 837P and on the same claims as FHIR and claim JSON.
 *
 * The date of run is fixed (2026-03-01) so timely filing does not move with the calendar.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Claim, ClaimLine } from '../src/core/claim/model.ts';
import { doseFromNotes, readClaimBytes, writeClaims } from '../src/adapters/claim-files/index.ts';
import { repoRoot, sharedDataDir, x12SamplesDir } from './support/shared.ts';
import { testClaim } from './support/test-claims.ts';
import { syntheticX12 } from '../bench/x12.bench.ts';

const DATE_OF_RUN = '2026-03-01';
const tmp = mkdtempSync(join(tmpdir(), 'drugclaim-check-e2e-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** The CLI's environment: this process's without its DRUGCLAIM_ settings, and the test's database. */
function cliEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !k.startsWith('DRUGCLAIM_')) env[k] = v;
  return { ...env, DRUGCLAIM_DB: join(tmp, 'drugclaim.db') };
}

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'drugclaim.js'), ...args], {
    env: cliEnv(),
    cwd: tmp,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const check = (...args: string[]) => cli('check', ...args, '--date-of-run', DATE_OF_RUN);

/** Runs of the samples, shared by the tests that read the same output (each CLI start costs about a second). */
const sampleRuns = new Map<string, ReturnType<typeof cli>>();
function checkSample(name: string, format: 'json' | 'text' | 'html' | 'sarif'): ReturnType<typeof cli> {
  const key = `${name} ${format}`;
  let run = sampleRuns.get(key);
  if (!run) {
    run = check(sample(name), '--format', format);
    sampleRuns.set(key, run);
  }
  return run;
}
const sample = (name: string): string => join(x12SamplesDir(), name);

interface JsonFinding {
  editId: string;
  severity: 'error' | 'warning' | 'info';
  claimId: string;
  line: number | null;
  field: string;
  message: string;
  why: string;
  source: string;
  carc: string | null;
  rarc: string[];
  fix: { description: string; actions: { kind: string }[]; caveat: string | null } | null;
}
interface AppliedFix {
  editId: string;
  claimId: string;
  line: number | null;
  description: string;
}
interface JsonReport {
  summary: {
    claims: number;
    lines: number;
    errors: number;
    warnings: number;
    infos: number;
    fixable: number;
  };
  files: { path: string; format: string; claims: number }[];
  findings: JsonFinding[];
  readProblems: { code: string; severity: string }[];
  fixes?: { output: string; applied: AppliedFix[]; skipped: (AppliedFix & { reason: string })[] };
}

/** "12345 L1 error timely-filing CO-29 [fix]": claim, line, severity, edit, denial, whether a fix is offered. */
const brief = (f: JsonFinding): string =>
  [
    f.claimId,
    f.line === null ? 'claim' : `L${f.line}`,
    f.severity,
    f.editId,
    ...(f.carc ? [f.carc, ...f.rarc] : []),
    ...(f.fix ? ['[fix]'] : []),
  ].join(' ');

function json(run: { stdout: string; stderr: string }): JsonReport {
  assert.ok(run.stdout.startsWith('{'), `JSON on stdout; stderr: ${run.stderr}`);
  return JSON.parse(run.stdout) as JsonReport;
}

before(() => {
  const imported = cli('data', 'import', '--from', sharedDataDir(), '--json');
  assert.equal(imported.code, 0, imported.stderr);
});

void describe('drugclaim check on the drug samples of ../shared/samples/x12', () => {
  const cases: {
    file: string;
    exit: number;
    summary: Partial<JsonReport['summary']>;
    findings: string[];
    readProblems: string[];
    phi: string[];
  }[] = [
    {
      // TR3 example "drug administered in physician office": J1550 (no longer a HCPCS code) with an NDC, 2004.
      file: '837P_lfh_drug-example10-1_J1550-ndc.837',
      exit: 0,
      summary: { claims: 1, lines: 2, errors: 0, warnings: 1, infos: 3, fixable: 0 },
      findings: [
        'CLMNO12345 claim info diagnosis-invalid', // ICD-9 03591: cannot be verified
        'CLMNO12345 claim info reference-out-of-period', // 2004 service, 2026 reference data
        'CLMNO12345 L2 warning code-unknown CO-16 M20', // J1550 is not in the 2026 HCPCS file (a warning: out of period)
        'CLMNO12345 L2 info ndc-not-in-crosswalk', // the crosswalk has no NDC for J1550
      ],
      readProblems: [],
      phi: ['MBRID12345', 'Vaughn', 'VAUGHN'],
    },
    {
      // MANIFEST quirks: no LX, the pointer in SV108, CTP without a unit, no payer loop, I109, SE01 off by one.
      file: '837P_hccinfhir_sample_837_11_J1745-ndc_edge.txt',
      exit: 1,
      // errors: 3 findings and the 5 read errors below (a file the reader found errors in is not clean); warnings: 3
      // findings and the read warning (PRV02).
      summary: { claims: 1, lines: 1, errors: 8, warnings: 4, infos: 1, fixable: 0 },
      findings: [
        '12345 claim warning diagnosis-invalid CO-16 M76', // I109 is not a billable ICD-10-CM code
        '12345 claim info reference-out-of-period',
        '12345 L1 error diagnosis-pointer-missing CO-16 M76', // SV107 empty (the pointer sits in SV108)
        '12345 L1 error ndc-unit-invalid CO-16 M119', // CTP05 missing
        '12345 L1 error timely-filing CO-29', // Medicaid (SBR09 MC): 365 days; 2023-05-15 is 656 days before the run
        '12345 L1 warning drug-administration-missing', // infliximab without an infusion code
        '12345 L1 warning ndc-not-in-crosswalk CO-16 M119', // 50242004001 is not an infliximab NDC in the crosswalk
      ],
      readProblems: [
        'x12.loop.required-segment error',
        'x12.element.invalid-code warning',
        'x12.loop.required-segment error',
        'x12.element.required error',
        'x12.element.required error',
        'x12.envelope.count-mismatch error',
      ],
      phi: ['DOE', 'JOHN', '12345678901', '1900-01-01', '19000101'],
    },
    {
      // TR3 examples 1-3: J3301 (2005) among E/M and lab lines, 3 claims in 2 ST; SBR09 missing in one.
      file: '837P_oopfactory_Example1_2_And_3_Combined_multi-st.txt',
      exit: 1,
      // errors: the missing SBR09, a read error.
      summary: { claims: 3, lines: 11, errors: 1, warnings: 0, infos: 5, fixable: 0 },
      findings: [
        '26463774 claim info diagnosis-invalid',
        '26463774 claim info reference-out-of-period', // one note for the 2 claims with the same gap
        '26407789 claim info diagnosis-invalid',
        '26407789 claim info reference-out-of-period',
        '26462967 claim info diagnosis-invalid',
      ],
      readProblems: ['x12.element.required error'],
      phi: ['SMITH', 'Smith'],
    },
  ];

  for (const c of cases) {
    void it(`${c.file}: exit ${c.exit}, ${c.findings.length} findings`, () => {
      const run = checkSample(c.file, 'json');
      assert.equal(run.code, c.exit, run.stderr);
      const r = json(run);
      assert.deepEqual(r.findings.map(brief), c.findings);
      for (const [k, v] of Object.entries(c.summary))
        assert.equal(r.summary[k as keyof JsonReport['summary']], v, `summary.${k}`);
      assert.deepEqual(
        r.readProblems.map((p) => `${p.code} ${p.severity}`),
        c.readProblems,
      );
      assert.deepEqual(
        r.files.map((f) => [f.format, f.claims]),
        [['837P', c.summary.claims]],
      );
      for (const phi of c.phi) assert.ok(!run.stdout.includes(phi), `no PHI (${phi}) in the report`);
    });
  }

  void it('--format json has every key the issue lists, with the documented types', () => {
    const r = json(checkSample('837P_hccinfhir_sample_837_11_J1745-ndc_edge.txt', 'json'));
    for (const k of ['claims', 'lines', 'errors', 'warnings'])
      assert.equal(typeof r.summary[k as keyof JsonReport['summary']], 'number', k);
    for (const f of r.findings) {
      for (const k of [
        'editId',
        'severity',
        'claimId',
        'line',
        'field',
        'message',
        'why',
        'source',
        'carc',
        'rarc',
        'fix',
      ])
        assert.ok(k in f, `${f.editId}: ${k}`);
      for (const k of ['editId', 'claimId', 'field', 'message', 'why', 'source'] as const)
        assert.ok(f[k].length > 0, `${f.editId}: ${k} not empty`);
      assert.ok(f.carc === null || /^(CO|PR|OA|PI|CR)-\w+$/.test(f.carc), f.carc ?? '');
      assert.ok(Array.isArray(f.rarc));
    }
    const timely = r.findings.find((f) => f.editId === 'timely-filing');
    assert.equal(timely?.field, 'service date');
    assert.match(timely?.message ?? '', /2023-05-15, 1021 days before 2026-03-01; .* up to 365 days/);
    assert.match(timely?.source ?? '', /42 CFR 447\.45/);
  });

  void it('--format text: one block per claim, each finding with why and source; read problems listed; no PHI', () => {
    const run = checkSample('837P_hccinfhir_sample_837_11_J1745-ndc_edge.txt', 'text');
    assert.equal(run.code, 1);
    const out = run.stdout;
    assert.match(
      out,
      /^drugclaim check \(2026-03-01\): 1 file, 1 claim, 1 line \(1 drug\): 8 errors \(5 reading the files\), 4 warnings \(1 reading the files\), 1 info\n/,
    );
    assert.match(out, /read error: LX \(line number\) in loop 2400 is required but not found before SV1\./);
    assert.match(out, /\nClaim 12345 \(/);
    assert.match(out, /line 1 {2}ERROR timely-filing → CO-29\n {6}Line 1 is for 2023-05-15/);
    assert.match(
      out,
      /line 1 {2}ERROR ndc-unit-invalid → CO-16 M119\n.*\n {6}why: .*\n {6}source: X12 837 TR3 loop 2410/,
    );
    assert.match(out, /\nPayer rules: \S*rules\/payers\/medicaid\.yaml v2026\.1 \(1 claim\)\n/);
    for (const phi of ['DOE', 'JOHN', '12345678901']) assert.ok(!out.includes(phi), phi);
  });

  void it('--format html: one self-contained page (no external src or href, no script)', () => {
    const run = checkSample('837P_hccinfhir_sample_837_11_J1745-ndc_edge.txt', 'html');
    assert.equal(run.code, 1);
    const html = run.stdout;
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /<\/html>\n$/);
    assert.match(html, /<style>[^<]+<\/style>/);
    assert.doesNotMatch(html, /<script|<link|\bsrc=|\bhref=|@import|url\(/i);
    for (const id of ['timely-filing', 'ndc-unit-invalid', 'diagnosis-pointer-missing'])
      assert.ok(html.includes(`<code>${id}</code>`), id);
    assert.match(html, /<code>CO-29<\/code>/);
    assert.match(html, /Problems reading the files/);
    for (const phi of ['DOE', 'JOHN', '12345678901']) assert.ok(!html.includes(phi), phi);
  });

  void it('--format sarif: SARIF 2.1.0 with the registry as rules and one result per finding', () => {
    const file = sample('837P_hccinfhir_sample_837_11_J1745-ndc_edge.txt');
    const run = checkSample('837P_hccinfhir_sample_837_11_J1745-ndc_edge.txt', 'sarif');
    assert.equal(run.code, 1);
    const sarif = JSON.parse(run.stdout) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        artifacts: { location: { uri: string } }[];
        results: {
          ruleId: string;
          ruleIndex: number;
          level: string;
          locations: {
            physicalLocation?: { artifactLocation: { uri: string }; region?: { startLine: number } };
          }[];
          properties: { carc: string | null; line: number | null };
        }[];
      }[];
    };
    assert.equal(sarif.version, '2.1.0');
    const r0 = sarif.runs[0];
    assert.ok(r0);
    assert.ok(r0.tool.driver.rules.length >= 40);
    assert.deepEqual(
      r0.results.map(
        (r) => `${r.ruleId} ${r.level} ${r.properties.line ?? 'claim'} ${r.properties.carc ?? '-'}`,
      ),
      [
        'diagnosis-invalid warning claim CO-16',
        'reference-out-of-period note claim -',
        'diagnosis-pointer-missing error 1 CO-16',
        'ndc-unit-invalid error 1 CO-16',
        'timely-filing error 1 CO-29',
        'drug-administration-missing warning 1 -',
        'ndc-not-in-crosswalk warning 1 CO-16',
        // Then the problems met reading the file: a gate on SARIF errors must not pass what the CLI fails.
        'x12.loop.required-segment error claim -',
        'x12.element.invalid-code warning claim -',
        'x12.loop.required-segment error claim -',
        'x12.element.required error claim -',
        'x12.element.required error claim -',
        'x12.envelope.count-mismatch error claim -',
      ],
    );
    for (const r of r0.results) {
      assert.equal(r0.tool.driver.rules[r.ruleIndex]?.id, r.ruleId);
      // Results point at the artifact as listed (the path given on the command line) and its line.
      assert.equal(r.locations[0]?.physicalLocation?.artifactLocation.uri, file);
      assert.ok((r.locations[0]?.physicalLocation?.region?.startLine ?? 0) >= 1);
    }
    assert.deepEqual(
      r0.artifacts.map((a) => a.location.uri),
      [file],
    );
  });
});

void describe('drugclaim check: a reader that stops early', () => {
  // `check … | head` under `set -o pipefail`: the pipe breaks while the report is written, and the run must still
  // say the claims have errors (it exited 0 there before the exit code was set ahead of the report).
  for (const format of ['text', 'json'])
    void it(`exits 1 for a batch with errors when its ${format} report's reader closes after the first chunk`, async () => {
      const child = spawn(
        process.execPath,
        [
          join(repoRoot, 'bin', 'drugclaim.js'),
          'check',
          sample('837P_imsweb_x12_multiple_transactions_LARGE.txt'),
          '--format',
          format,
          '--date-of-run',
          DATE_OF_RUN,
        ],
        { env: cliEnv(), cwd: tmp, stdio: ['ignore', 'pipe', 'ignore'] },
      );
      let bytes = 0;
      child.stdout.once('data', (d: Buffer) => {
        bytes = d.length;
        child.stdout.destroy();
      });
      const [code] = (await once(child, 'exit')) as [number | null];
      assert.ok(bytes > 0, 'the report started');
      assert.equal(code, 1);
    });
});

void describe('drugclaim check: malformed and unreadable input', () => {
  void it('MALFORMED bad first line: the short ISA is recovered and reported; the claims are checked (exit 1)', () => {
    const run = check(sample('MALFORMED_837P_imsweb_x12_bad_first_line.txt'), '--format', 'json');
    assert.equal(run.code, 1);
    const r = json(run);
    assert.ok(r.readProblems.some((p) => p.code === 'x12.isa.length' && p.severity === 'error'));
    assert.deepEqual(r.findings.map(brief), [
      'A37YH556 claim error claim-total-mismatch CO-16 M54', // CLM02 500 vs one line of 12.25
      'A37YH556 claim info diagnosis-invalid',
      'A37YH556 claim info reference-out-of-period',
      'A37YH667 claim error claim-total-mismatch CO-16 M54',
      'A37YH667 claim info diagnosis-invalid',
      'A37YH667 claim info reference-out-of-period',
      'A37YH667 L2 error code-unknown CO-16 M20', // 478331 is not a procedure code
    ]);
  });

  void it('exit 2 when an input cannot be read at all: a truncated ISA, a letter, a missing file', () => {
    const truncated = join(tmp, 'truncated.837');
    writeFileSync(truncated, readFileSync(sample('837P_lfh_drug-example10-1_J1550-ndc.837')).subarray(0, 60));
    const letter = join(tmp, 'letter.txt');
    writeFileSync(letter, 'Dear biller,\nplease find the claims attached.\n');
    const expected: [string, string][] = [
      [truncated, 'x12.not-x12'],
      [letter, 'claim-file.unknown-format'],
      [join(tmp, 'missing.837'), 'claim-file.read-failed'],
    ];
    for (const [file, code] of expected) {
      const run = check(file, '--format', 'json');
      assert.equal(run.code, 2, file);
      const r = json(run);
      assert.deepEqual([r.summary.claims, r.findings.length], [0, 0]);
      assert.ok(
        r.readProblems.some((p) => p.code === code && p.severity === 'error'),
        `${file}: ${code}`,
      );
    }
    // A readable file next to an unreadable one: still exit 2 (an input was lost).
    assert.equal(
      check(sample('837P_lfh_drug-example10-1_J1550-ndc.837'), letter, '--format', 'json').code,
      2,
    );
  });

  void it('exit 2 when no input holds a claim (an 835, a CSV with only its header line): nothing was checked', () => {
    const header = join(tmp, 'header-only.csv');
    writeFileSync(header, 'claimId,procedure,units,charge\n');
    const expected: [string, string, string][] = [
      [sample('835_lfh_managed-care.835'), 'check.no-claims', 'info'],
      [header, 'check.no-claims', 'warning'],
    ];
    for (const [file, code, severity] of expected) {
      const run = check(file, '--format', 'json');
      assert.equal(run.code, 2, file);
      const r = json(run);
      assert.equal(r.summary.claims, 0);
      assert.ok(
        r.readProblems.some((p) => p.code === code && p.severity === severity),
        `${file}: ${code}`,
      );
    }
  });

  void it('an 835 beside claims is skipped whole: its read errors do not fail a clean batch (exit 0)', () => {
    // The 835 sample has a read error (BPR16 "20002316"); the J1550 sample alone exits 0.
    const run = check(
      sample('837P_lfh_drug-example10-1_J1550-ndc.837'),
      sample('835_lfh_managed-care.835'),
      '--format',
      'json',
    );
    assert.equal(run.code, 0, run.stderr);
    const r = json(run);
    assert.deepEqual(
      r.files.map((f) => [f.format, f.claims]),
      [
        ['837P', 1],
        ['835', 0],
      ],
    );
    assert.deepEqual(
      r.readProblems.map((p) => [p.code, p.severity]),
      [['check.no-claims', 'info']],
    );
  });

  void it('exit 2 when a --rules file is invalid, naming the bad field and its line', () => {
    const rules = join(tmp, 'bad-rules.yaml');
    const example = readFileSync(join(repoRoot, 'rules', 'payers', 'example-health-plan.yaml'), 'utf8');
    writeFileSync(
      rules,
      example.replace(
        'quantityLimit: { maxUnits: 150, per: service-day }',
        'quantityLimit: { maxUnits: "150 units", per: service-day }',
      ),
    );
    const run = check(sample('837P_lfh_drug-example10-1_J1550-ndc.837'), '--rules', rules);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(
      run.stderr,
      /bad-rules\.yaml: policies\[0\]\.drugs\[0\]\.quantityLimit\.maxUnits: expected number, got string "150 units" \(line \d+\)/,
    );
  });

  void it('--rules: rulesApplied names the policy versions used and the fallback for inherited settings; overlapping versions are warned', () => {
    const dir = join(tmp, 'overlap-rules');
    mkdirSync(dir, { recursive: true });
    // Two versions of one rule set for the sample's payer (R&R Health Plan, PLANID12345, 2004-07-11); the older runs
    // on past the newer one's start. Each sets only timely filing (the rest comes from rules/payers/default.yaml).
    const version = (v: string, from: string, to: string | null, policyVersion: string): string =>
      [
        'schema: drugclaim.payer-rules/v1',
        'id: rr-health',
        'name: R&R Health Plan',
        `version: "${v}"`,
        `effectiveFrom: "${from}"`,
        ...(to ? [`effectiveTo: "${to}"`] : []),
        'source: R&R provider manual',
        'appliesTo: { payerIds: [PLANID12345] }',
        'program:',
        '  timelyFiling: { days: 99999, source: R&R agreement }',
        'policies:',
        '  - id: rr-j1550',
        '    title: J1550 site of care',
        `    version: "${policyVersion}"`,
        `    effectiveFrom: "${from}"`,
        '    source: R&R MP-7',
        '    drugs:',
        '      - codes: [J1550]',
        '        placeOfService: { allowed: ["11"] }',
        '',
      ].join('\n');
    writeFileSync(join(dir, 'rr-2003.yaml'), version('2003.1', '2003-01-01', '2004-12-31', '3'));
    writeFileSync(join(dir, 'rr-2004.yaml'), version('2004.1', '2004-07-01', null, '4'));

    const run = check(sample('837P_lfh_drug-example10-1_J1550-ndc.837'), '--rules', dir, '--format', 'json');
    const r = JSON.parse(run.stdout) as Omit<JsonReport, 'readProblems'> & {
      rulesApplied: {
        file: string;
        version: string;
        claims: number;
        program: string[];
        inheritedClaims: number;
        policies: {
          id: string;
          version: string;
          effectiveFrom: string;
          effectiveTo: string | null;
          claims: number;
        }[];
      }[];
      readProblems: { code: string; message: string }[];
    };
    const applied = r.rulesApplied.map((a) => ({
      file: a.file.replace(/^.*\//, ''),
      version: a.version,
      claims: a.claims,
      program: a.program,
      inheritedClaims: a.inheritedClaims,
      policies: a.policies.map((p) => `${p.id} v${p.version} ${p.effectiveFrom} ${p.claims}`),
    }));
    assert.deepEqual(applied, [
      {
        file: 'default.yaml',
        version: '2026.1',
        claims: 1,
        program: ['jwJz', 'mue', 'ndc', 'modifier340b'],
        inheritedClaims: 1,
        policies: [],
      },
      {
        file: 'rr-2004.yaml',
        version: '2004.1',
        claims: 1,
        program: ['timelyFiling'],
        inheritedClaims: 0,
        policies: ['rr-j1550 v4 2004-07-01 1'],
      },
    ]);
    const overlap = r.readProblems.filter((p) => p.code === 'rules-overlap');
    assert.equal(overlap.length, 1);
    assert.match(
      overlap[0]?.message ?? '',
      /rr-2003\.yaml and \S*rr-2004\.yaml are both rule set rr-health, .*: on 2004-07-01 to 2004-12-31 \S*rr-2004\.yaml v2004\.1 applies and \S*rr-2003\.yaml v2003\.1 is ignored \(the later start wins\); \S*rr-2003\.yaml applies 2003-01-01 to 2004-06-30/,
    );

    const text = check(sample('837P_lfh_drug-example10-1_J1550-ndc.837'), '--rules', dir).stdout;
    assert.match(
      text,
      /\nPayer rules: \S*rules\/payers\/default\.yaml v2026\.1 \(1 claim; inherited settings jwJz, mue, ndc, modifier340b\); \S*rr-2004\.yaml v2004\.1 \(1 claim; policy rr-j1550 v4\)\n/,
    );
    assert.match(text, /rr-2003\.yaml and \S*rr-2004\.yaml are both rule set rr-health/);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// --fix round trip: generated claims with one problem of each fixable kind (Medicare Part B, 2026-02-10).

const DOS = '2026-02-10';
const provider = {
  name: 'EXAMPLE ONCOLOGY PC',
  npi: '1234567893',
  tin: '123456789',
  address: { line1: '100 MAIN ST', city: 'BALTIMORE', state: 'MD', postalCode: '212011234' },
};

const claim = (id: string, lines: ClaimLine[]): Claim => testClaim(id, lines, provider);

function line(
  sequence: number,
  code: string,
  units: number,
  chargeCents: number,
  modifiers: string[] = [],
  extra: Partial<ClaimLine> = {},
): ClaimLine {
  const l: ClaimLine = {
    sequence,
    serviceDate: DOS,
    procedure: { qualifier: 'HC', code, modifiers },
    units,
    unitType: 'UN',
    chargeCents,
    diagnosisPointers: [1],
    notes: [],
    ...extra,
  };
  // The dose a note documents, as the X12 and FHIR readers fill it.
  const dose = doseFromNotes(l.notes);
  if (dose) l.dose = dose;
  return l;
}

const ndc = (n: string, quantity: number): NonNullable<ClaimLine['drug']> => ({
  ndc: n,
  ndcQualifier: 'N4',
  quantity,
  unit: 'ML',
});

/**
 * FX1001: Imfinzi 750 mg (15 mL) with modifier 25 and neither JW nor JZ, next to an E/M and an infusion code.
 * FX1002: Keytruda 200 mg with JZ and a hyphenated NDC.
 * FX1003: Imfinzi 1,150 mg given + 50 mg documented waste, all 120 units on one line (120 mg vials: 10 opened).
 */
const fixable: Claim[] = [
  claim('FX1001', [
    line(1, '99214', 1, 20_000),
    line(2, '96413', 1, 30_000),
    line(3, 'J9173', 75, 800_000, ['25'], { drug: ndc('00310450012', 15) }),
  ]),
  claim('FX1002', [
    line(1, '96413', 1, 30_000),
    line(2, 'J9271', 200, 1_500_000, ['JZ'], { drug: ndc('00006-3026-02', 8) }),
  ]),
  claim('FX1003', [
    line(1, '96413', 1, 30_000),
    line(2, 'J9173', 120, 1_200_000, [], { drug: ndc('00310450012', 24), notes: ['DOSE 1150MG WASTE 50MG'] }),
  ]),
];

/**
 * `fixable` as an 837 from a billing system that sends FX1002's NDC with its hyphens in LIN03 (drugclaim's writer
 * writes N4 NDCs in 11 digits, so the hyphens are put back here).
 */
const fixable837 = (): string =>
  writeClaims(fixable, 'x12', { date: new Date('2026-03-01T09:00:00Z'), usage: 'T' }).replace(
    'LIN**N4*00006302602~',
    'LIN**N4*00006-3026-02~',
  );

/** Read problems but the hyphenated NDC's (an invalid LIN03 code the reader keeps as sent). */
const besidesNdc = (problems: readonly { code: string; severity: string }[]): unknown[] =>
  problems.filter((p) => p.code !== 'x12.element.invalid-code');

const EXPECTED_FINDINGS = [
  'FX1001 claim info reference-out-of-period', // the MUE file in the shared data starts 2026-04-01
  'FX1001 L3 error jw-jz-missing CO-16 N822 MA130 [fix]',
  'FX1001 L3 error modifier-25-on-drug-line CO-4 [fix]',
  'FX1002 L2 error ndc-format CO-16 M119 [fix]',
  // Waste is documented: no "add JZ" fix here; the split below adds the JW line.
  'FX1003 L2 error jw-jz-missing CO-16 N822 MA130',
  'FX1003 L2 warning units-vs-documented-dose [fix]',
];

const EXPECTED_FIXES = [
  'FX1001 jw-jz-missing: Add modifier JZ to line 3 (J9173).',
  'FX1001 modifier-25-on-drug-line: Move modifier 25 from line 3 to the E/M line 1 (99214).',
  'FX1002 ndc-format: Write the NDC on line 2 as 00006302602.',
  'FX1003 units-vs-documented-dose: Split line 2: keep 115 unit(s) and add a J9173-JW line with 5 unit(s) (charge split pro rata).',
];

/** The fixed claims, line by line: code:modifiers ×units ndc quantity. */
const EXPECTED_FIXED_LINES = [
  ['FX1001', ['99214:25 ×1', '96413 ×1', 'J9173:JZ ×75 00310450012 15ML']],
  ['FX1002', ['96413 ×1', 'J9271:JZ ×200 00006302602 8ML']],
  ['FX1003', ['96413 ×1', 'J9173 ×115 00310450012 23ML', 'J9173:JW ×5 00310450012 1ML']],
];

const lineText = (l: ClaimLine): string =>
  `${[l.procedure.code, ...l.procedure.modifiers].join(':')} ×${l.units}${l.drug ? ` ${l.drug.ndc} ${l.drug.quantity ?? ''}${l.drug.unit ?? ''}` : ''}`;

void describe("the README tour's --fix example (docs/examples/imfinzi-to-fix.csv)", () => {
  void it('writes the two fixes it promises: JZ on the 1,500 mg line, the NDC in 11 digits', () => {
    const out = join(tmp, 'tour-fixed.csv');
    const run = check(join(repoRoot, 'docs', 'examples', 'imfinzi-to-fix.csv'), '--fix', out);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /2 fixes applied/);
    const fixed = readClaimBytes(out, readFileSync(out)).claims[0];
    assert.deepEqual(
      [fixed?.lines[0]?.procedure.modifiers, fixed?.lines[0]?.drug?.ndc],
      [['JZ'], '00310461150'],
    );
    assert.equal(check(out).code, 0, 'the fixed claim passes');
  });
});

void describe('drugclaim check --fix OUT: round trip', () => {
  const inputs: { name: string; format: 'x12' | 'fhir' | 'json'; expectFormat: string }[] = [
    { name: 'fixable.837', format: 'x12', expectFormat: '837P' },
    { name: 'fixable.fhir.json', format: 'fhir', expectFormat: 'fhir' },
    { name: 'fixable.claims.json', format: 'json', expectFormat: 'json' },
  ];

  for (const input of inputs) {
    void it(`${input.expectFormat}: every fix listed and applied; the fixed file has no fixable finding left`, () => {
      const file = join(tmp, input.name);
      writeFileSync(
        file,
        input.format === 'x12'
          ? fixable837()
          : writeClaims(fixable, input.format, { date: new Date('2026-03-01T09:00:00Z'), usage: 'T' }),
      );
      const out = join(tmp, `fixed-${input.name}`);

      const run = check(file, '--format', 'json', '--fix', out);
      assert.equal(run.code, 1, run.stderr);
      const r = json(run);
      assert.deepEqual(besidesNdc(r.readProblems), [], 'the generated file reads cleanly');
      assert.deepEqual(
        r.files.map((f) => f.format),
        [input.expectFormat],
      );
      assert.deepEqual(r.findings.map(brief), EXPECTED_FINDINGS);
      const readErrors = r.readProblems.filter((p) => p.severity === 'error').length;
      assert.deepEqual([r.summary.errors - readErrors, r.summary.fixable], [4, 4]);

      // Nothing changed silently: the report lists each fix, exactly the fixes the findings offered.
      assert.ok(r.fixes);
      assert.equal(r.fixes.output, out);
      assert.deepEqual(r.fixes.skipped, []);
      assert.deepEqual(
        r.fixes.applied.map((a) => `${a.claimId} ${a.editId}: ${a.description}`),
        EXPECTED_FIXES,
      );
      assert.deepEqual(
        r.fixes.applied.map((a) => `${a.claimId} ${a.editId} L${a.line ?? '-'}: ${a.description}`),
        r.findings
          .filter((f) => f.fix)
          .map((f) => `${f.claimId} ${f.editId} L${f.line ?? '-'}: ${f.fix?.description ?? ''}`),
      );

      // OUT is in the input's format and holds the corrected claims.
      const fixed = readClaimBytes(out, readFileSync(out));
      assert.equal(fixed.format, input.expectFormat);
      assert.deepEqual(
        fixed.claims.map((c) => [c.id, c.lines.map(lineText)]),
        EXPECTED_FIXED_LINES,
      );
      for (const c of fixed.claims)
        assert.equal(
          c.lines.reduce((s, l) => s + l.chargeCents, 0),
          c.totalChargeCents,
          `${c.id} balances`,
        );
      const jw = fixed.claims[2]?.lines[2];
      assert.deepEqual(
        [jw?.chargeCents, jw?.dose?.text, jw?.dose?.discardedText],
        [50_000, '', '50MG'],
        'the JW line: its share of the charge and the documented waste (and no administered dose)',
      );

      // Checked again: no fixable finding, no error; exit 0.
      const again = check(out, '--format', 'json');
      assert.equal(again.code, 0, again.stderr);
      const r2 = json(again);
      assert.deepEqual(r2.readProblems, []);
      assert.deepEqual(r2.findings.map(brief), ['FX1001 claim info reference-out-of-period']);
      assert.deepEqual([r2.summary.errors, r2.summary.fixable, r2.summary.lines], [0, 0, 8]);
    });
  }

  void it('--format text lists every fix applied', () => {
    const file = join(tmp, 'fixable.837');
    writeFileSync(file, fixable837());
    const out = join(tmp, 'fixed-text.837');
    const run = check(file, '--fix', out);
    assert.equal(run.code, 1, run.stderr);
    assert.match(
      run.stdout,
      new RegExp(`Fixed claims written to ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: 4 fixes applied\\.`),
    );
    for (const f of EXPECTED_FIXES) {
      const [, claimId = '', description = ''] = /^(\S+) [a-z0-9-]+: (.*)$/.exec(f) ?? [];
      assert.ok(run.stdout.includes(`  applied: claim ${claimId}: ${description}`), f);
    }
    const written = readFileSync(out, 'latin1');
    assert.match(written, /SV1\*HC:J9173:JW\*500\*UN\*5\*/);
    // The split-off JW line's note states the waste only, as a person would write it.
    assert.match(
      written,
      /SV1\*HC:J9173:JW\*500\*UN\*5\*[^~]*~\s*DTP\*472\*D8\*\d{8}~\s*NTE\*ADD\*WASTE 50MG~/,
    );
  });

  void it('--fix may be pointed at its own input: the file is replaced whole, keeping its mode, with nothing left beside it', () => {
    const dir = mkdtempSync(join(tmp, 'fix-in-place-'));
    const file = join(dir, 'fix-in-place.837');
    const text = fixable837();
    writeFileSync(file, text);
    chmodSync(file, 0o600);
    const run = check(file, '--fix', file);
    assert.equal(run.code, 1, run.stderr);
    assert.match(readFileSync(file, 'latin1'), /SV1\*HC:J9173:JW\*500\*UN\*5\*/);
    // The claims are PHI: a 0600 input stays 0600 (not the umask's 0644), and a new OUT is 0600 too.
    const other = join(dir, 'input.837');
    writeFileSync(other, text);
    chmodSync(other, 0o644);
    assert.equal(check(other, '--fix', join(dir, 'new-out.837')).code, 1);
    const modes = readdirSync(dir)
      .sort()
      .map((f) => [f, (statSync(join(dir, f)).mode & 0o777).toString(8)]);
    assert.deepEqual(modes, [
      ['fix-in-place.837', '600'],
      ['input.837', '644'],
      ['new-out.837', '600'],
    ]);
    const again = check(file, '--format', 'json');
    assert.equal((JSON.parse(again.stdout) as { summary: { fixable: number } }).summary.fixable, 0);
  });

  void it('837P: the fixed file is the input with only the fixed lines changed; what the model does not carry stays', () => {
    // Segments the claim model does not keep: a pay-to address (2010AB), an attachment (PWK), a supervising provider
    // (2310D) and a K3. Writing from the model would drop them; the fixed file must keep them, and everything else.
    const extra = {
      payTo: 'NM1*87*2~\nN3*PO BOX 123~\nN4*BALTIMORE*MD*212030123~\n',
      pwk: 'PWK*OZ*BM***AC*DOC0001~\n',
      k3: 'K3*FILE NOTE~\n',
      supervisor: 'NM1*DQ*1*SUPER*VISOR****XX*1234567893~\n',
    };
    let text = fixable837();
    text = text.replace(/(REF\*EI\*[^~]*~\n)/, `$1${extra.payTo}`);
    text = text.replace(/(CLM\*FX1003\*[^~]*~\n)/, `$1${extra.pwk}${extra.k3}`);
    text = text.replace(/(CLM\*FX1001\*[^~]*~\n(?:[^\n]*\n)*?HI\*[^~]*~\n)/, `$1${extra.supervisor}`);
    for (const e of Object.values(extra)) assert.ok(text.includes(e), e);
    // SE01 counts the segments added above.
    const added = Object.values(extra).join('').split('~').length - 1;
    text = text.replace(/SE\*(\d+)\*/, (_m, n: string) => `SE*${Number(n) + added}*`);
    const file = join(tmp, 'unmodelled.837');
    writeFileSync(file, text);
    const out = join(tmp, 'fixed-unmodelled.837');

    const run = check(file, '--format', 'json', '--fix', out);
    assert.equal(run.code, 1, run.stderr);
    const r = json(run);
    assert.deepEqual(besidesNdc(r.readProblems), [], 'the input reads cleanly');
    assert.equal(r.fixes?.applied.length, 4);

    const fixedText = readFileSync(out, 'latin1');
    for (const e of Object.values(extra)) assert.ok(fixedText.includes(e), `kept: ${e.trim()}`);
    // Every input segment but the service-line ones a fix may edit (and SE01) is in the output, in order.
    const editable = /^(LX|SV1|LIN|CTP|SE)\*/;
    const output = fixedText.split('\n');
    let k = 0;
    for (const seg of text.split('\n')) {
      if (editable.test(seg)) continue;
      while (k < output.length && output[k] !== seg) k++;
      assert.ok(k < output.length, `kept in order: ${seg}`);
      k++;
    }
    const fixed = readClaimBytes(out, readFileSync(out));
    assert.deepEqual(fixed.problems, [], 'the fixed file reads cleanly (SE01 counts the added line)');
    assert.deepEqual(
      fixed.claims.map((c) => [c.id, c.lines.map(lineText)]),
      EXPECTED_FIXED_LINES,
    );
    assert.deepEqual(
      fixed.claims.map((c) => c.totalChargeCents),
      fixable.map((c) => c.totalChargeCents),
    );
  });

  void it('--fix over several 837 files writes from the claims, and says so', () => {
    const a = join(tmp, 'two-a.837');
    const b = join(tmp, 'two-b.837');
    writeFileSync(a, writeClaims(fixable.slice(0, 1), 'x12'));
    // An attachment (PWK) the claim model does not carry: the note names it.
    writeFileSync(
      b,
      writeClaims(fixable.slice(1), 'x12').replace(/(CLM\*[^~]*~\n?)/, '$1PWK*OZ*BM***AC*DOC0001~\n'),
    );
    const out = join(tmp, 'fixed-two.837');
    const run = check(a, b, '--format', 'json', '--fix', out);
    assert.equal(run.code, 1, run.stderr);
    const notes = (json(run).fixes as { notes?: string[] } | undefined)?.notes ?? [];
    assert.match(
      notes[0] ?? '',
      /written from the claims, not patched into the input \(several input files\): segments the claim model does not carry are not in it \(1 segment: PWK \(2300\) ×1\)\.$/,
    );
    assert.deepEqual(
      readClaimBytes(out, readFileSync(out)).claims.map((c) => [c.id, c.lines.map(lineText)]),
      EXPECTED_FIXED_LINES,
    );
  });

  void it('--fix over files of different formats is refused (exit 2)', () => {
    const x12 = join(tmp, 'mixed.837');
    const fhir = join(tmp, 'mixed.fhir.json');
    writeFileSync(x12, writeClaims(fixable.slice(0, 1), 'x12'));
    writeFileSync(fhir, writeClaims(fixable.slice(1), 'fhir'));
    const run = check(x12, fhir, '--fix', join(tmp, 'mixed-out'));
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--fix needs input files of one claim format/);
  });
});

/**
 * A hospital 837I (005010X223A2) to Medicare Part A (SBR09 MA), as a hospital billing system sends it: one claim per
 * entry, each `CLM…` segment followed by its own 2300/2400 segments (`~`-terminated, one per line).
 */
function hospital837I(claims: string[][]): string {
  const body = [
    'ST*837*0001*005010X223A2~',
    'BHT*0019*00*HOSP0001*20260301*1200*CH~',
    'NM1*41*2*MERCY GENERAL HOSPITAL*****46*MERCY01~',
    'PER*IC*PATIENT ACCOUNTS*TE*7175550100~',
    'NM1*40*2*MEDICARE PART A*****46*12502~',
    'HL*1**20*1~',
    'PRV*BI*PXC*282N00000X~',
    'NM1*85*2*MERCY GENERAL HOSPITAL*****XX*1234567893~',
    'N3*100 HOSPITAL DRIVE~',
    'N4*HARRISBURG*PA*171010000~',
    'REF*EI*231234567~',
    'HL*2*1*22*0~',
    'SBR*P*18*******MA~',
    'NM1*IL*1*DOE*JANE****MI*1EG4TE5MK73~',
    'N3*12 ELM STREET~',
    'N4*HARRISBURG*PA*17102~',
    'DMG*D8*19520314*F~',
    'NM1*PR*2*MEDICARE PART A*****PI*12502~',
    ...claims.flat().map((seg) => `${seg}~`),
  ];
  return [
    'ISA*00*          *00*          *ZZ*MERCY01        *ZZ*NOVITAS12502   *260301*1200*^*00501*000000101*0*T*:~',
    'GS*HC*MERCY01*12502*20260301*1200*101*X*005010X223A2~',
    ...body,
    `SE*${body.length + 1}*0001~`,
    'GE*1*101~',
    'IEA*1*000000101~',
    '',
  ].join('\n');
}

void describe('drugclaim check on hospital bills (837I)', () => {
  const bills = hospital837I([
    // A March 2025 series bill (0131) for Remicade infusions: in time on 2026-03-28 (a year after the Through date).
    [
      'CLM*SERIES25*9000***13:A:1**A*Y*Y',
      'DTP*434*RD8*20250301-20250331',
      'HI*ABK:K50012',
      'LX*1',
      'SV2*0636*HC:J1745:JZ*3900*UN*50',
      'DTP*472*D8*20250304',
      'LX*2',
      'SV2*0260*HC:96365*600*UN*1',
      'DTP*472*D8*20250304',
      'LX*3',
      'SV2*0636*HC:J1745:JZ*3900*UN*50',
      'DTP*472*D8*20250325',
      'LX*4',
      'SV2*0260*HC:96365*600*UN*1',
      'DTP*472*D8*20250325',
    ],
    // An inpatient stay (0111): room and board and pharmacy by revenue code alone; Imfinzi without JW/JZ.
    [
      'CLM*STAY0111*27900***11:A:1**A*Y*Y',
      'DTP*434*RD8*20260208-20260212',
      'CL1*1*1*01',
      'HI*ABK:C3411',
      'LX*1',
      'SV2*0120**12000*UN*4',
      'LX*2',
      'SV2*0636*HC:J9173*15600*UN*150',
      'DTP*472*D8*20260210',
      'LX*3',
      'SV2*0250**300*UN*1',
    ],
    // An outpatient visit (0131): a saline flush under 0250 (fine) and a drug under 0636 without its code.
    [
      'CLM*OP0636*16275***13:A:1**A*Y*Y',
      'DTP*434*RD8*20260210-20260210',
      'HI*ABK:C3411',
      'LX*1',
      'SV2*0636*HC:J9271:JZ*14500*UN*200',
      'DTP*472*D8*20260210',
      'LX*2',
      'SV2*0260*HC:96413*950*UN*1',
      'DTP*472*D8*20260210',
      'LX*3',
      'SV2*0250**25*UN*1',
      'DTP*472*D8*20260210',
      'LX*4',
      'SV2*0636**800*UN*1',
      'DTP*472*D8*20260210',
    ],
    // A replacement (0137) without REF*F8 and without a claim change reason (condition code D0–E0).
    [
      'CLM*REPL0137*15450***13:A:7**A*Y*Y',
      'DTP*434*RD8*20260203-20260203',
      'HI*ABK:C3411',
      'LX*1',
      'SV2*0636*HC:J9271:JZ*14500*UN*200',
      'DTP*472*D8*20260203',
      'LX*2',
      'SV2*0260*HC:96413*950*UN*1',
      'DTP*472*D8*20260203',
    ],
    // A February series bill: an infusion without its date, and two lines of March 3.
    [
      'CLM*FEB0131*9000***13:A:1**A*Y*Y',
      'DTP*434*RD8*20260201-20260228',
      'HI*ABK:K50012',
      'LX*1',
      'SV2*0636*HC:J1745:JZ*3900*UN*50',
      'DTP*472*D8*20260217',
      'LX*2',
      'SV2*0260*HC:96365*600*UN*1',
      'LX*3',
      'SV2*0636*HC:J1745:JZ*3900*UN*50',
      'DTP*472*D8*20260303',
      'LX*4',
      'SV2*0260*HC:96365*600*UN*1',
      'DTP*472*D8*20260303',
    ],
  ]);

  void it('Through date for filing, nothing Part B on the stay, revenue-code-only lines, REF*F8, line dates', () => {
    const file = join(tmp, 'hospital.837');
    writeFileSync(file, bills);
    const out = join(tmp, 'hospital-fixed.837');
    const run = cli('check', file, '--format', 'json', '--fix', out, '--date-of-run', '2026-03-28');
    assert.equal(run.code, 1, run.stderr);
    const r = json(run);
    // The reader says the replacement lacks its REF*F8 (a warning); the edit below makes it an error.
    assert.deepEqual(
      r.readProblems.map((p) => [p.code, p.severity]),
      [['x12.loop.required-segment', 'warning']],
    );
    assert.deepEqual(r.findings.filter((f) => f.editId !== 'reference-out-of-period').map(brief), [
      'OP0636 L4 error code-unknown CO-16 M20',
      'REPL0137 claim error claim-change-reason-missing CO-16 M44',
      'REPL0137 claim error original-claim-number-missing CO-16 M47',
      'FEB0131 L2 error date-of-service-missing CO-16 N301',
      'FEB0131 L3 error service-date-outside-statement-period CO-16 N301',
      'FEB0131 L4 error service-date-outside-statement-period CO-16 N301',
    ]);
    const messages = r.findings.map((f) => f.message);
    assert.ok(
      messages.includes("Revenue code 0636 requires a HCPCS code (the drug's code); line 4 has none."),
    );
    assert.ok(!messages.some((m) => m.includes('""')), 'no empty quoted code');
    // No fix to apply: OUT is not written, and stderr says so (the JSON on stdout stays whole).
    assert.equal(existsSync(out), false);
    assert.equal(r.fixes, undefined);
    assert.match(run.stderr, /^drugclaim: no fixes applied; .*hospital-fixed\.837 not written\.$/m);
  });

  void it('the same bills a few days later: one timely-filing finding for the series claim, not one per line', () => {
    const file = join(tmp, 'hospital-late.837');
    writeFileSync(file, bills);
    const run = cli('check', file, '--format', 'json', '--date-of-run', '2026-04-01');
    const late = json(run).findings.filter((f) => f.editId === 'timely-filing');
    assert.deepEqual(late.map(brief), ['SERIES25 claim error timely-filing CO-29']);
    assert.match(
      late[0]?.message ?? '',
      /statement period ends 2025-03-31 \(from 2025-03-01\), 366 days before 2026-04-01/,
    );
  });

  /** One outpatient claim with nothing to fix. */
  const cleanClaim = [
    'CLM*PCN01*15450***13:A:1**A*Y*Y',
    'DTP*434*RD8*20260210-20260210',
    'HI*ABK:C3411',
    'LX*1',
    'SV2*0636*HC:J9271:JZ*14500*UN*200',
    'DTP*472*D8*20260210',
    'LX*2',
    'SV2*0260*HC:96413*950*UN*1',
    'DTP*472*D8*20260210',
  ];

  void it('--fix OUT with nothing to fix (text report): "no fixes applied; OUT not written"', () => {
    const clean = join(tmp, 'clean-ok.837');
    writeFileSync(clean, hospital837I([cleanClaim]));
    const out = join(tmp, 'clean-fixed.837');
    const run = check(clean, '--fix', out);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(existsSync(out), false);
    assert.ok(run.stdout.includes(`\nno fixes applied; ${out} not written.\n`), run.stdout);
    assert.ok(!run.stdout.includes('Fixed claims written to'));
  });

  void it('--fix OUT with no fix but a dotted diagnosis: OUT sends it without the dot (QA: C34.90 stayed as sent)', () => {
    const dotted = join(tmp, 'dotted.837');
    writeFileSync(dotted, hospital837I([cleanClaim.map((s) => s.replace('HI*ABK:C3411', 'HI*ABK:C34.11'))]));
    const out = join(tmp, 'dotted-fixed.837');
    const run = check(dotted, '--fix', out);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stdout.includes(`Fixed claims written to ${out}: 0 fixes applied.`), run.stdout);
    assert.ok(
      run.stdout.includes(
        'note: Claim PCN01: HI*ABK:C34.11 written as HI*ABK:C3411 (diagnosis codes are sent without a decimal point or blanks, in upper case).',
      ),
      run.stdout,
    );
    // The same file with the HI as the TR3 wants it, byte for byte.
    assert.equal(readFileSync(out, 'utf8'), readFileSync(dotted, 'utf8').replace('C34.11', 'C3411'));
  });
});

void describe('drugclaim check: a batch too big for the memory it may use', () => {
  void it('stops reading with a message and exit 2, not an out-of-memory crash', async () => {
    const file = await syntheticX12(30_000);
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env))
      if (v !== undefined && !k.startsWith('DRUGCLAIM_') && k !== 'NODE_OPTIONS') env[k] = v;
    // 30,000 claims need about 110 MB, and checking them about twice that again: more than a 250 MB heap holds.
    const r = spawnSync(
      process.execPath,
      [
        join(repoRoot, 'bin', 'drugclaim.js'),
        'check',
        file,
        '--format',
        'json',
        '--date-of-run',
        DATE_OF_RUN,
      ],
      {
        env: { ...env, DRUGCLAIM_DB: join(tmp, 'drugclaim.db'), NODE_OPTIONS: '--max-old-space-size=250' },
        encoding: 'utf8',
        maxBuffer: 64 << 20,
      },
    );
    assert.equal(r.status, 2, r.stderr.slice(0, 2000));
    assert.equal(r.stdout, '');
    assert.match(
      r.stderr,
      /^drugclaim: the batch is too big to check in one run here: [\d,]+ claims read \(up to .*synthetic-837p-v\d+-30000\.x12, 12 MB\) already take [\d.]+ GB, and checking them would need more than the [\d.]+ GB this process may use\. Split the files into smaller batches, or raise the limit \(NODE_OPTIONS=--max-old-space-size=<MB>\)\.\n$/,
    );
  });
});
