/**
 * `drugclaim factcheck | guide | search | units | code` as a coder runs them (bin/drugclaim.js, a temp database
 * loaded from ../shared/data): what the QA report found said or missed in the text output. Facts from the January
 * 2026 HCPCS file (J9271 pembrolizumab 1 mg; J9020 asparaginase, terminated 2025-12-31; J2505 pegfilgrastim 6 mg,
 * terminated 2021-12-31; J9285 olaratumab, absent from the ASP file), the MUE and add-on code files of 2026 Q2, and
 * rules/payers (example-health-plan.yaml is "AN EXAMPLE, NOT A REAL PAYER").
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sharedDataDir } from '../../../../test/support/shared.ts';
import { runDrugclaim } from '../../../../test/support/cli.ts';
import type { CliRun } from '../../../../test/support/cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'drugclaim-qa-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const db = join(tmp, 'qa.db');

type Run = CliRun;

const drugclaim = (args: string[], input?: string): Promise<Run> =>
  runDrugclaim(args, input === undefined ? { db } : { db, input });

void describe('drugclaim factcheck / guide / search / units / code: the QA report', () => {
  before(async () => {
    const imported = await drugclaim(['data', 'import', '--from', sharedDataDir(), '--json']);
    assert.equal(imported.code, 0, imported.stderr);
  });

  void it('factcheck: a unit after "(CODE)" is checked; a sentence with a code but nothing checkable is listed', async () => {
    const text = 'Keytruda (J9271) is billed per 10 mg.\nAfter rituximab, J9305 was billed.\n';
    const run = await drugclaim(['factcheck', '-', '--date', '2026-02-01'], text);
    assert.equal(run.code, 1, run.stderr);
    const lines = run.stdout.split('\n');
    assert.equal(lines[0], 'FALSE    line 1  J9271  drug "Keytruda", unit "10 mg"');
    assert.ok(lines.includes('         → J9271 is pembrolizumab, 1 mg; 1 unit of J9271 = 1 mg, not 10 mg.'));
    assert.ok(lines.includes('NOT CHECKED  line 2  J9305: no statement drugclaim can check'), run.stdout);
    assert.ok(
      lines.includes(
        '1 statement checked on 2026-02-01: 0 true, 1 false, 0 outdated, 0 unknown; 1 sentence with codes or modifiers not checked.',
      ),
      run.stdout,
    );
    const json = JSON.parse(
      (await drugclaim(['factcheck', '-', '--date', '2026-02-01', '--json'], text)).stdout,
    ) as { notChecked: { line: number; codes: string[] }[]; summary: { notChecked: number } };
    assert.deepEqual(
      json.notChecked.map((u) => [u.line, u.codes]),
      [[2, ['J9305']]],
    );
    assert.equal(json.summary.notChecked, 1);
  });

  void it('factcheck on a date past the HCPCS quarter: warned, and a code not in the file is unknown, not false', async () => {
    const run = await drugclaim(['factcheck', '-', '--date', '2027-06-01'], 'J9998 is pemetrexed.\n');
    assert.match(run.stderr, /warning: no HCPCS release in the store covers 2027-06-01/);
    assert.match(run.stdout, /^UNKNOWN {2}line 1 {2}J9998/);
  });

  void it('code on a date past the HCPCS quarter: status unknown, the release named with its end', async () => {
    const run = await drugclaim(['code', 'J9173', '--date', '2027-06-01']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /status +unknown on 2027-06-01: no HCPCS release in the store covers that date \(the nearest one ends 2026-03-31\)/,
    );
    assert.match(run.stdout, /MUE practitioner +150 .*\(not in force on this date\)/);
  });

  void it('guide: the example payer is left out by default, and marked as an example when asked for', async () => {
    const plain = await drugclaim(['guide', 'J9173', '--date', '2026-02-01']);
    assert.equal(plain.code, 0, plain.stderr);
    assert.doesNotMatch(plain.stdout, /Example Health Plan/);
    assert.match(
      plain.stdout,
      /\*\*Prior authorization number and its dates\*\* \[\d+\] \(when applicable\)/,
    );
    const asked = await drugclaim(['guide', 'J9173', '--date', '2026-02-01', '--rules', 'rules/payers']);
    assert.equal(asked.code, 0, asked.stderr);
    assert.match(
      asked.stdout,
      /- Example only, not a requirement of any real payer: Prior authorization required/,
    );
    assert.doesNotMatch(asked.stdout, /\(required\) — Required by Example Health Plan/);
  });

  void it('search on a date no HCPCS release covers: "unknown", a warning, and inForce false in --json', async () => {
    const run = await drugclaim(['search', 'asparaginase', '--date', '2025-06-01']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^J9020 +unknown /m);
    assert.match(run.stderr, /warning: No HCPCS release in the store covers 2025-06-01/);
    const json = JSON.parse(
      (await drugclaim(['search', 'asparaginase', '--date', '2025-06-01', '--json'])).stdout,
    ) as { note: string | null; hits: { inForce: boolean }[] };
    assert.match(json.note ?? '', /"active" is unknown on 2025-06-01/);
    assert.ok(json.hits.every((h) => !h.inForce));
    const covered = await drugclaim(['search', 'asparaginase', '--date', '2026-02-01']);
    assert.match(covered.stdout, /^J9020 +terminated /m);
    assert.equal(covered.stderr, '');
  });

  void it('units: no label verdict without the weight, a Money line without a payment limit, the codes to use instead', async () => {
    const imfinzi = await drugclaim(['units', '--code', 'J9173', '--dose', '750mg', '--date', '2026-02-15']);
    assert.match(
      imfinzi.stdout,
      /^Label: {3}not compared — Imfinzi \(durvalumab\): 750 mg is not one of the label's flat doses, but the label also doses 10–20 mg\/kg: give the weight to judge it/m,
    );
    assert.doesNotMatch(imfinzi.stdout, /OUTSIDE/);
    const keytruda = await drugclaim([
      'units',
      '--code',
      'J9271',
      '--dose',
      '200 mg/m2',
      '--height',
      '170cm',
      '--weight',
      '70kg',
      '--date',
      '2026-02-15',
    ]);
    assert.match(keytruda.stdout, /^Label: {3}not compared — .*does not dose it per m²/m);
    const olaratumab = await drugclaim([
      'units',
      '--code',
      'J9285',
      '--dose',
      '100mg',
      '--date',
      '2026-02-15',
    ]);
    assert.match(
      olaratumab.stdout,
      /^Money: {3}no ASP payment limit for J9285 on 2026-02-15: dollar amounts not computed$/m,
    );
    const old = await drugclaim(['units', '--code', 'J2505', '--dose', '6mg', '--date', '2026-02-15']);
    assert.match(old.stdout, /codes of J2505's drug valid on 2026-02-15: J2506, Q5108/);
    const noc = await drugclaim(['units', '--code', 'J3490', '--dose', '6mg', '--date', '2026-02-15']);
    assert.match(noc.stderr, /837P loop 2400 SV101-7/);
  });
});
