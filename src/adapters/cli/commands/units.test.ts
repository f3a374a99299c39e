/**
 * `drugclaim units` run as a child process (bin/drugclaim.js) against a temp database loaded from ../shared/data.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sharedDataDir } from '../../../../test/support/shared.ts';
import { runDrugclaim } from '../../../../test/support/cli.ts';
import type { CliRun } from '../../../../test/support/cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'drugclaim-units-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const db = join(tmp, 'units.db');

type Run = CliRun;

const drugclaim = (args: string[]): Promise<Run> => runDrugclaim(args, { db });

interface Json {
  code: string;
  billingUnit: { amount: number; unit: string };
  doseAmount: { amount: number; unit: string };
  administeredUnits: number;
  discardedUnits: number;
  opened: { size: { amount: number; unit: string }; count: number; ndc?: string }[];
  lines: {
    code: string;
    modifiers: string[];
    units: number;
    ndc?: { ndc11: string; unit: string; quantity: number };
  }[];
  rulesApplied: { id: string; source: string; detail: string }[];
  warnings: { code: string; severity: string; message: string }[];
  alternatives: {
    packages: { size: { amount: number }; count: number }[];
    waste: { amount: number };
    wasteUnits: number;
    optimal: boolean;
    chosen: boolean;
  }[];
}

const units = async (...args: string[]): Promise<Run> =>
  drugclaim(['units', '--date', '2026-02-15', ...args]);
const lineText = (j: Json): string[] =>
  j.lines.map((l) => [l.code, ...l.modifiers].join('-') + ` ×${l.units}`);

void describe('drugclaim units', () => {
  before(async () => {
    const imported = await drugclaim(['data', 'import', '--from', sharedDataDir(), '--json']);
    assert.equal(imported.code, 0, imported.stderr);
  });

  void it('--json for J9309 1.8 mg/kg × 80 kg has the documented shape and the hand-checked numbers', async () => {
    const run = await units('--code', 'J9309', '--dose', '1.8mg/kg', '--weight', '80kg', '--json');
    assert.equal(run.code, 0, run.stderr);
    const j = JSON.parse(run.stdout) as Json;
    for (const key of [
      'code',
      'billingUnit',
      'doseAmount',
      'administeredUnits',
      'discardedUnits',
      'opened',
      'lines',
      'rulesApplied',
      'warnings',
      'alternatives',
    ]) {
      assert.ok(key in j, `--json has ${key}`);
    }
    assert.equal(j.code, 'J9309');
    assert.deepEqual([j.billingUnit.amount, j.billingUnit.unit], [1, 'mg']);
    assert.deepEqual([j.doseAmount.amount, j.doseAmount.unit], [144, 'mg']);
    assert.equal(j.administeredUnits, 144);
    assert.equal(j.discardedUnits, 6);
    assert.deepEqual(
      j.opened.map((o) => [o.size.amount, o.count, o.ndc]),
      [[30, 5, '50242010301']],
    );
    assert.deepEqual(lineText(j), ['J9309 ×144', 'J9309-JW ×6']);
    assert.ok(j.alternatives.some((a) => a.packages.length === 2 && a.waste.amount === 26 && !a.optimal));
  });

  void it('text for J9173 750 mg names 7 × 120 mg, the JW line and ML15', async () => {
    const run = await units('--code', 'J9173', '--dose', '750mg');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /7 × 120 mg \(NDC 00310-4500-12\)/);
    assert.match(run.stdout, /J9173-JW\s+9\s+N4 00310450012 ML1\.8/);
    assert.match(run.stdout, /J9173\s+75\s+N4 00310450012 ML15/);
    assert.match(run.stdout, /1 × 500 mg \+ 3 × 120 mg\s+860 mg\s+110 mg \(11 u\)/);
  });

  void it('--opened and --340b TB: billed as opened, TB on each line, avoidable waste reported', async () => {
    const run = await units(
      '--code',
      'J9173',
      '--dose',
      '750mg',
      '--opened',
      '500mg,3x120mg',
      '--340b',
      'TB',
      '--json',
    );
    assert.equal(run.code, 0, run.stderr);
    const j = JSON.parse(run.stdout) as Json;
    assert.deepEqual(lineText(j), ['J9173-TB ×75', 'J9173-JW-TB ×11']);
    assert.ok(j.warnings.some((w) => w.code === 'waste.avoidable' && /\$172\.54/.test(w.message)));
  });

  void it('carboplatin by --auc and --gfr', async () => {
    const run = await units('--code', 'J9045', '--auc', '5', '--gfr', '100', '--json');
    assert.equal(run.code, 0, run.stderr);
    const j = JSON.parse(run.stdout) as Json;
    assert.equal(j.doseAmount.amount, 625);
    assert.equal(j.administeredUnits, 13);
  });

  void it('exit 1 with an error-level problem: --340b JG on a 2026 date', async () => {
    const run = await units('--code', 'J9309', '--dose', '180mg', '--340b', 'JG');
    assert.equal(run.code, 1);
    assert.match(run.stdout, /error: modifier JG was terminated on 2024-12-31: for 2026-02-15 use TB/);
  });

  void it('exit 2 with a message naming what is missing: a mL dose without concentration', async () => {
    const run = await units('--code', 'J9354', '--dose', '20mL', '--json');
    assert.equal(run.code, 2);
    const j = JSON.parse(run.stdout) as { ok: boolean; errors: { code: string; message: string }[] };
    assert.equal(j.ok, false);
    assert.equal(j.errors[0]?.code, 'dose.needs-concentration');
  });

  // QA findings, with the inputs QA used: exit code and the text a biller sees.
  const qa: { name: string; args: string[]; exit: number; out: 'stdout' | 'stderr'; text: RegExp[] }[] = [
    {
      name: 'J2505 (terminated 2021-12-31) on 2026-02-15: error first, exit 1',
      args: ['--date', '2026-02-15', '--code', 'J2505', '--dose', '6mg'],
      exit: 1,
      out: 'stdout',
      text: [
        /^J2505 .*\nerror: J2505 is not valid on 2026-02-15: terminated 2021-12-31; a claim line with it is denied \(CARC 181\); codes of J2505's drug valid on 2026-02-15: J2506, Q5108, Q5111, Q5120, Q5122, Q5127, Q5130\n/,
      ],
    },
    {
      name: 'J9310 (terminated 2018-12-31) 700 mg: exit 1',
      args: ['--code', 'J9310', '--dose', '700mg'],
      exit: 1,
      out: 'stdout',
      text: [/error: J9310 is not valid on 2026-02-15: terminated 2018-12-31/],
    },
    {
      name: 'J0654 (added 2026-01-01) on 2024-03-01: exit 1',
      args: ['--date', '2024-03-01', '--code', 'J0654', '--dose', '10mcg'],
      exit: 1,
      out: 'stdout',
      text: [/error: J0654 is not valid on 2024-03-01: added 2026-01-01/],
    },
    {
      name: '--auc for pembrolizumab is refused: exit 2',
      args: ['--code', 'J9271', '--auc', '5', '--gfr', '90'],
      exit: 2,
      out: 'stderr',
      text: [/error: AUC dosing \(the Calvert formula\) is for carboplatin only; J9271 is pembrolizumab/],
    },
    {
      name: 'Keytruda 2 mg/kg × 800 kg: the Label line agrees with the cap warning',
      args: ['--code', 'J9271', '--dose', '2mg/kg', '--weight', '800kg'],
      exit: 0,
      out: 'stdout',
      text: [
        /Label: {3}Keytruda 2 mg\/kg — label 2 mg\/kg up to 200 mg: ABOVE THE LABEL CAP \(1600 mg > 200 mg\) — but weight 800 kg is implausible/,
        /warning: dose 1600 mg is above the Keytruda label cap of 200 mg/,
      ],
    },
    {
      name: 'carboplatin by Cockcroft-Gault: one precision (4 decimals) on every line',
      args: [
        '--code',
        'J9045',
        '--auc',
        '5',
        '--scr',
        '1.2',
        '--age',
        '60',
        '--sex',
        'F',
        '--weight',
        '80kg',
      ],
      exit: 0,
      out: 'stdout',
      text: [/= 439\.8148 mg\n/, /Units: {3}439\.8148 mg ÷ 50 mg/, /Waste: {3}10\.1852 mg left/],
    },
    {
      name: 'Keytruda 200 mg with --weight 80 (no unit): the flat dose does not need it, exit 0 and a warning',
      args: ['--code', 'J9271', '--dose', '200mg', '--weight', '80'],
      exit: 0,
      out: 'stdout',
      text: [
        /Units: {3}200 mg ÷ 1 mg → 200 unit\(s\) administered/,
        /warning: weight "80" has no unit, so it was not used: the flat dose 200mg does not need it/,
      ],
    },
    {
      name: 'Keytruda 2 mg/kg with --weight 80 (no unit): the dose needs it, still exit 2',
      args: ['--code', 'J9271', '--dose', '2mg/kg', '--weight', '80'],
      exit: 2,
      out: 'stderr',
      text: [/error: weight "80" not understood: write it with its unit, e.g. "80kg" or "176lb"/],
    },
    {
      name: 'Alimta 250 mg/m²: the Label line names the recommended 500 mg/m² and calls 250 a reduced dose',
      args: ['--code', 'J9305', '--dose', '250mg/m2', '--bsa', '1.8'],
      exit: 0,
      out: 'stdout',
      text: [
        /Label: {3}Alimta 250 mg\/m2 — label 125–500 mg\/m2 \(recommended 500 mg\/m2; the lower end from its dosage modifications\): within, as a reduced dose\n/,
      ],
    },
    {
      name: '--code JW: a modifier, not a drug code',
      args: ['--code', 'JW', '--dose', '1mg'],
      exit: 1,
      out: 'stderr',
      text: [/error: JW is a modifier, not a drug code/],
    },
    {
      name: '--code J3490: NOC, billing unit not set by the code, bill per the payer',
      args: ['--code', 'J3490', '--dose', '100mg'],
      exit: 1,
      out: 'stderr',
      text: [/J3490 is a not-otherwise-classified code: its billing unit is not set by the code.*payer/],
    },
  ];
  for (const c of qa) {
    void it(c.name, async () => {
      const run = await drugclaim(['units', '--date', '2026-02-15', ...c.args]);
      assert.equal(run.code, c.exit, run.stderr);
      for (const re of c.text) assert.match(run[c.out], re);
      if (c.out === 'stdout')
        assert.doesNotMatch(run.stdout, /\d\.\d{5,} mg/, 'no amount with more than 4 decimals');
    });
  }

  void it('exit 2 for usage: no dose; exit 1 for an unknown code', async () => {
    assert.equal((await units('--code', 'J9309')).code, 2);
    const unknown = await units('--code', 'J0000', '--dose', '10mg');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /J0000 is not in the HCPCS file/);
  });
});
