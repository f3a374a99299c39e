/**
 * `drugclaim data|code|search|ndc` run as a child process (bin/drugclaim.js) against a temp database.
 */
import assert from 'node:assert/strict';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sharedDataDir, x12SamplesDir } from '../../../../test/support/shared.ts';
import { runDrugclaim } from '../../../../test/support/cli.ts';
import type { CliRun } from '../../../../test/support/cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'drugclaim-cli-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const db = join(tmp, 'cli.db');

type Run = CliRun;

const drugclaim = (args: string[], env: Record<string, string> = {}): Promise<Run> =>
  runDrugclaim(args, { db, env });

const json = <T>(run: Run): T => JSON.parse(run.stdout) as T;

describe('drugclaim data / code / search / ndc', () => {
  before(async () => {
    const empty = await drugclaim(['code', 'J9173']);
    assert.equal(empty.code, 2, 'no store yet: exit 2');
    assert.match(empty.stderr, /No store at .*cli\.db\. Create it with `drugclaim data import --from DIR`/);
    assert.equal(existsSync(db), false, 'a lookup creates no store');
    const imported = await drugclaim(['data', 'import', '--from', sharedDataDir(), '--json']);
    assert.equal(imported.code, 0, imported.stderr);
    const body = json<{
      ok: boolean;
      files: { file: string; status: string; dataset: string | null; records: number | null; ms: number }[];
      totalMs: number;
    }>(imported);
    assert.equal(body.ok, true);
    assert.equal(body.files.filter((f) => f.status === 'imported').length, 11);
    const hcpcs = body.files.find((f) => f.file === 'hcpcs/HCPC2026_JAN_ANWEB_01122026.txt');
    assert.deepEqual([hcpcs?.dataset, hcpcs?.records, hcpcs?.status], ['hcpcs', 9006, 'imported']);
    assert.equal(typeof body.totalMs, 'number');
  });

  it('data status --json lists the 11 releases', async () => {
    const run = await drugclaim(['data', 'status', '--json']);
    assert.equal(run.code, 0);
    const body = json<{
      database: string;
      releases: { dataset: string; effectiveFrom: string; recordCount: number }[];
    }>(run);
    assert.equal(body.database, db);
    assert.equal(body.releases.length, 11);
    assert.equal(body.releases.find((r) => r.dataset === 'asp')?.effectiveFrom, '2026-01-01');
  });

  it('code J9173 --json: descriptor, unit, ASP, MUE, OPPS, NDCs with sources', async () => {
    const run = await drugclaim(['code', 'J9173', '--date', '2026-04-15', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const f = json<{
      code: string;
      status: string;
      hcpcs: {
        value: { longDescription: string; kind: string };
        source: { fileName: string };
        inForce: boolean;
      };
      descriptor: { kind: string; billingUnit: { amount: number; unit: string } };
      asp: { value: { paymentLimitMills: number }; inForce: boolean; note: string };
      mue: { practitioner: { value: { value: number; mai: number }; inForce: boolean } };
      opps: { value: { statusIndicator: string } };
      ndcs: {
        value: {
          ndcHyphenated: string;
          billingUnitsPerPackage: number;
          amountPerPackage: { amount: number; unit: string };
        }[];
      };
    }>(run);
    assert.equal(f.code, 'J9173');
    assert.equal(f.status, 'active');
    assert.equal(f.hcpcs.value.longDescription, 'Injection, durvalumab, 10 mg');
    assert.equal(f.hcpcs.source.fileName, 'HCPC2026_JAN_ANWEB_01122026.txt');
    assert.deepEqual([f.descriptor.billingUnit.amount, f.descriptor.billingUnit.unit], [10, 'mg']);
    assert.deepEqual(
      [f.mue.practitioner.value.value, f.mue.practitioner.value.mai, f.mue.practitioner.inForce],
      [150, 3, true],
    );
    // The ASP file ends 2026-03-31: the answer comes from it, flagged as not in force.
    assert.equal(f.asp.value.paymentLimitMills, 86270);
    assert.equal(f.asp.inForce, false);
    assert.match(f.asp.note, /covers 2026-04-15/);
    assert.equal(f.opps.value.statusIndicator, 'K');
    const imfinzi = f.ndcs.value.find((p) => p.ndcHyphenated === '00310-4500-12');
    assert.deepEqual(
      [imfinzi?.billingUnitsPerPackage, imfinzi?.amountPerPackage.amount, imfinzi?.amountPerPackage.unit],
      [12, 120, 'mg'],
    );
  });

  it('code J9173 text names the facts and their sources', async () => {
    const run = await drugclaim(['code', 'J9173', '--date', '2026-01-15']);
    assert.equal(run.code, 0, run.stderr);
    for (const text of [
      'Injection, durvalumab, 10 mg',
      'active on 2026-01-15',
      '$86.270 per unit',
      'MUE practitioner',
      '00310-4500-12',
      'Sources:',
      'HCPC2026_JAN_ANWEB_01122026.txt',
    ]) {
      assert.ok(run.stdout.includes(text), `missing "${text}" in:\n${run.stdout}`);
    }
  });

  it('factcheck on a date no HCPCS release covers says the verdicts come from the nearest release', async () => {
    const text = join(tmpdir(), `drugclaim-factcheck-${process.pid}.txt`);
    writeFileSync(text, 'J9312 is rituximab, 10 mg.\n');
    try {
      const before2026 = await drugclaim(['factcheck', text, '--date', '2024-03-01']);
      assert.equal(before2026.code, 0);
      assert.match(
        before2026.stderr,
        /no HCPCS release in the store covers 2024-03-01; the verdicts are read from the nearest one/,
      );
      const covered = await drugclaim(['factcheck', text, '--date', '2026-02-15']);
      assert.doesNotMatch(covered.stderr, /no HCPCS release/);
    } finally {
      rmSync(text, { force: true });
    }
  });

  it('modifiers work: code JW', async () => {
    const run = await drugclaim(['code', 'jw', '--date', '2026-01-15', '--json']);
    assert.equal(run.code, 0);
    const f = json<{ code: string; hcpcs: { value: { kind: string } }; asp: null }>(run);
    assert.deepEqual([f.code, f.hcpcs.value.kind, f.asp], ['JW', 'modifier', null]);
  });

  it('a code added 2026-01-01 is "not yet valid" on 2025-12-31 (exit 0)', async () => {
    const run = await drugclaim(['code', 'J0654', '--date', '2025-12-31']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /not yet valid on 2025-12-31: added 2026-01-01/);
  });

  it('an unknown code exits 1 with a clear message', async () => {
    const run = await drugclaim(['code', 'J0000', '--date', '2026-01-15']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /Unknown code J0000: not in the HCPCS file in force on 2026-01-15/);
  });

  it('a bad --date is a usage error (exit 2)', async () => {
    const run = await drugclaim(['code', 'J9173', '--date', '2026-02-30']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /expected a date as YYYY-MM-DD/);
  });

  it('search: brand, drug, NDC; nothing found exits 1', async () => {
    const brand = json<{ hits: { code: string; matchedBy: string }[] }>(
      await drugclaim(['search', 'imfinzi', '--json', '--date', '2026-01-15']),
    );
    assert.deepEqual([brand.hits[0]?.code, brand.hits[0]?.matchedBy], ['J9173', 'brand']);
    const text = await drugclaim([
      'search',
      'polatuzumab',
      'vedotin',
      '--limit',
      '3',
      '--date',
      '2026-01-15',
    ]);
    assert.equal(text.code, 0);
    assert.match(text.stdout.split('\n')[1] ?? '', /^J9309 /);
    const none = await drugclaim(['search', 'zzqqxxyy']);
    assert.equal(none.code, 1);
    assert.match(none.stdout, /No code matches "zzqqxxyy"/);
  });

  it('search: misspellings are corrected and said so; strengths and code lists; empty text is a usage error', async () => {
    const typo = await drugclaim(['search', 'pembrolizumb', '--date', '2026-01-15', '--limit', '3']);
    assert.equal(typo.code, 0, typo.stderr);
    const lines = typo.stdout.split('\n');
    assert.equal(lines[0], 'No exact match; showing results for "pembrolizumab".');
    assert.match(lines[2] ?? '', /^J9271 /);
    const typoJson = json<{ correctedQuery: string | null; hits: { code: string }[] }>(
      await drugclaim(['search', 'ketruda', '--json', '--date', '2026-01-15']),
    );
    assert.deepEqual([typoJson.correctedQuery, typoJson.hits[0]?.code], ['keytruda', 'J9271']);
    const exact = json<{ correctedQuery: string | null }>(
      await drugclaim(['search', 'keytruda', '100mg', '--json', '--date', '2026-01-15']),
    );
    assert.equal(exact.correctedQuery, null);
    const list = json<{ hits: { code: string }[] }>(
      await drugclaim(['search', 'J9173 J9271', '--json', '--date', '2026-01-15']),
    );
    assert.deepEqual(
      list.hits.map((h) => h.code),
      ['J9173', 'J9271'],
    );
    for (const args of [[''], ['  ']]) {
      const empty = await drugclaim(['search', ...args]);
      assert.equal(empty.code, 2, `search ${JSON.stringify(args)}`);
      assert.match(empty.stderr, /search needs some text/);
    }
  });

  it('code before the oldest HCPCS release: the status is unknown, read from the nearest release', async () => {
    const run = await drugclaim(['code', 'J9173', '--date', '2024-03-01']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /status +unknown on 2024-03-01: no HCPCS release in the store covers that date \(the oldest starts 2026-01-01\); the nearest release, HCPCS Level II January 2026 .* says added 2019-01-01, no termination date, which would make it active/,
    );
    assert.doesNotMatch(run.stdout, /active on 2024-03-01/);
  });

  it('data status flags each dataset no release covers on the date (exit 0)', async () => {
    const run = await drugclaim(['data', 'status', '--date', '2026-11-24']);
    assert.equal(run.code, 0, run.stderr);
    const warnings = run.stdout.split('\n').filter((l) => l.startsWith('warning: '));
    assert.deepEqual(warnings, [
      'warning: No HCPCS release in the store covers 2026-11-24: the newest one ends 2026-03-31.',
      'warning: No ASP payment limit release in the store covers 2026-11-24: the newest one ends 2026-03-31.',
      'warning: No ASP NDC-HCPCS crosswalk release in the store covers 2026-11-24: the newest one ends 2026-03-31.',
      'warning: No MUE (practitioner) release in the store covers 2026-11-24: the newest one ends 2026-06-30.',
      'warning: No MUE (outpatient hospital) release in the store covers 2026-11-24: the newest one ends 2026-06-30.',
      'warning: No MUE (DME supplier) release in the store covers 2026-11-24: the newest one ends 2026-06-30.',
      'warning: No ICD-10-CM release in the store covers 2026-11-24: the newest one ends 2026-09-30.',
      'warning: No OPPS Addendum B release in the store covers 2026-11-24: the newest one ends 2025-12-31.',
      'warning: No NCCI add-on code release in the store covers 2026-11-24: the newest one ends 2026-06-30.',
    ]);
    assert.match(run.stdout, /`drugclaim data sync`, or `drugclaim data import --from DIR`/);
    const body = json<{
      date: string;
      uncovered: { dataset: string; why: string; nearestReleaseId: string }[];
    }>(await drugclaim(['data', 'status', '--date', '2026-02-15', '--json']));
    assert.equal(body.date, '2026-02-15');
    assert.deepEqual(
      body.uncovered.map((u) => `${u.dataset}:${u.why}`),
      [
        'mue-practitioner:not-yet',
        'mue-outpatient-hospital:not-yet',
        'mue-dme:not-yet',
        'opps:ended',
        'ncci-aoc:not-yet',
      ],
    );
    const covered = await drugclaim(['data', 'status', '--date', '2026-04-01']);
    assert.doesNotMatch(covered.stdout, /warning: No MUE/);
  });

  it('data status on a path with no store says so and creates nothing (exit 1)', async () => {
    const missing = join(tmp, 'no-such-folder', 'x.db');
    const run = await drugclaim(['data', 'status'], { DRUGCLAIM_DB: missing });
    assert.equal(run.code, 1);
    assert.equal(
      run.stdout,
      `No store at ${missing}. Create it with \`drugclaim data import --from DIR\` or \`drugclaim data sync\`, or point DRUGCLAIM_DB at an existing store.\n`,
    );
    const file = join(tmp, 'not-there.db');
    const asJson = await drugclaim(['data', 'status', '--json'], { DRUGCLAIM_DB: file });
    assert.equal(asJson.code, 1);
    assert.deepEqual(
      [
        json<{ exists: boolean; releases: unknown[] }>(asJson).exists,
        json<{ releases: unknown[] }>(asJson).releases,
      ],
      [false, []],
    );
    assert.equal(existsSync(join(tmp, 'no-such-folder')), false);
    assert.equal(existsSync(file), false);
  });

  it('ndc: forms, codes and billing units; ambiguous and invalid input', async () => {
    const ok = await drugclaim(['ndc', '0310-4500-12', '--date', '2026-01-15', '--json']);
    assert.equal(ok.code, 0);
    const r = json<{
      result: string;
      normalised: { ndc11: string; hyphenated: string; from: string };
      packages: { value: { code: string; billingUnitsPerPackage: number }[] };
    }>(ok);
    assert.deepEqual([r.result, r.normalised.ndc11, r.normalised.from], ['ok', '00310450012', '4-4-2']);
    assert.deepEqual(
      r.packages.value.map((p) => [p.code, p.billingUnitsPerPackage]),
      [['J9173', 12]],
    );
    const resolved = await drugclaim(['ndc', '0310450012', '--date', '2026-01-15']);
    assert.equal(resolved.code, 0);
    assert.match(resolved.stdout, /the crosswalk knows only this reading/);
    const ambiguous = await drugclaim(['ndc', '1234567890', '--date', '2026-01-15']);
    assert.equal(ambiguous.code, 1);
    assert.match(ambiguous.stdout, /ambiguous/);
    const invalid = await drugclaim(['ndc', 'abc']);
    assert.equal(invalid.code, 2);
  });

  it('a rejected import exits 1 and changes nothing', async () => {
    const before = (await drugclaim(['data', 'status', '--json'])).stdout;
    const bad = join(tmp, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'MCR_MUE_PractitionerServices_Eff_07-01-2026.csv'), 'not,an,mue\n1,2,3\n');
    copyFileSync(
      join(sharedDataDir(), 'mue', 'MCR_MUE_DMESupplierServices_Eff_04-01-2026.csv'),
      join(bad, 'MCR_MUE_DMESupplierServices_Eff_04-01-2026.csv'),
    );
    const run = await drugclaim(['data', 'import', '--from', bad]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /Import refused: nothing was written/);
    assert.match(run.stderr, /MCR_MUE_PractitionerServices_Eff_07-01-2026\.csv/);
    assert.equal((await drugclaim(['data', 'status', '--json'])).stdout, before);
  });

  it('an empty store with DRUGCLAIM_DATA_DIR set imports it first and says so on stderr', async () => {
    const dir = join(tmp, 'data-dir');
    mkdirSync(dir);
    copyFileSync(
      join(sharedDataDir(), 'hcpcs', 'HCPC2026_JAN_ANWEB_01122026.txt'),
      join(dir, 'HCPC2026_JAN_ANWEB_01122026.txt'),
    );
    const run = await drugclaim(['code', 'J9309', '--date', '2026-01-15'], {
      DRUGCLAIM_DB: join(tmp, 'auto.db'),
      DRUGCLAIM_DATA_DIR: dir,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /is empty; importing .*data-dir \(DRUGCLAIM_DATA_DIR\)/);
    assert.match(run.stdout, /polatuzumab vedotin-piiq/);
  });
});

const ASP = 'section 508 version of January 2026 Medicare Part B Payment Limit File 121725.csv';
const CROSSWALK = 'section 508 version of January 2026 ASP NDC-HCPCS Crosswalk 121725.csv';

/** A folder holding the January 2026 ASP file, or a copy with J9173's limit changed (same period, other SHA-256). */
function aspFolder(name: string, edited: boolean): string {
  const dir = join(tmp, name);
  mkdirSync(dir);
  const text = readFileSync(join(sharedDataDir(), 'asp', ASP), 'latin1');
  const out = edited ? text.replace(/^(J9173,"[^"]*",10 MG,)86\.270,/m, '$190.000,') : text;
  if (edited) assert.notEqual(out, text, 'the J9173 row was edited');
  writeFileSync(join(dir, ASP), out, 'latin1');
  return dir;
}

describe('drugclaim code / ndc / icd10: odd input', () => {
  it('an empty or malformed code is a usage error (exit 2) that says what a code looks like', async () => {
    for (const [arg, hint] of [
      ['', /not a HCPCS code: the code is empty; expected a letter and four digits/],
      ['J91', /not a HCPCS code: "J91"; expected a letter and four digits.*run `drugclaim icd10 J91`/],
      ['J9173-JWX', /not a modifier: "JWX" in "J9173-JWX"/],
      ['J91734', /not a HCPCS code: "J91734"/],
    ] as const) {
      const run = await drugclaim(['code', arg]);
      assert.equal(run.code, 2, `code ${JSON.stringify(arg)}: ${run.stderr}`);
      assert.match(run.stderr, hint);
    }
  });

  it('a code with a modifier (J9173-JW, J9173:JW) shows the code and what the modifier means on the date', async () => {
    const text = await drugclaim(['code', 'J9173-JW', '--date', '2026-01-15']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^J9173-JW {2}Injection, durvalumab, 10 mg\n/);
    assert.match(
      text.stdout,
      /modifier JW +Drug amount discarded\/not administered to any patient; active on 2026-01-15 +\[1\]/,
    );
    const body = json<{ code: string; asp: { value: { paymentLimitMills: number } }; modifiers: unknown[] }>(
      await drugclaim(['code', 'j9173:jw', '--date', '2026-01-15', '--json']),
    );
    assert.equal(body.code, 'J9173');
    assert.equal(body.asp.value.paymentLimitMills, 86270);
    assert.deepEqual(body.modifiers, [
      {
        code: 'JW',
        known: true,
        description: 'Drug amount discarded/not administered to any patient',
        status: 'active',
        statusText: 'active on 2026-01-15',
        source: {
          releaseId: 'hcpcs:2026-01-01:1a9ce53a',
          dataset: 'hcpcs',
          fileName: 'HCPC2026_JAN_ANWEB_01122026.txt',
          releaseDate: '2026-01-12',
          effectiveFrom: '2026-01-01',
          effectiveTo: '2026-03-31',
          label: 'HCPCS Level II January 2026 (file dated 2026-01-12)',
        },
        inForce: true,
      },
    ]);
    // A modifier the HCPCS file does not list: the code is still shown, the answer is "no".
    const unknown = await drugclaim(['code', 'J9173-J0', '--date', '2026-01-15']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stdout, /modifier J0 +not a modifier in the HCPCS file answering for 2026-01-15/);
  });

  it('an ICD-10-CM code given to `code` is pointed to `drugclaim icd10`', async () => {
    const run = await drugclaim(['code', 'C3490', '--date', '2026-01-15']);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /C3490 is an ICD-10-CM diagnosis code \(C34\.90: .*\); run `drugclaim icd10 C3490`/,
    );
  });

  it('icd10: billable on the date, a category, not a code, out of the fiscal year, malformed', async () => {
    const valid = json<{
      code: string;
      formatted: string;
      valid: boolean;
      description: string;
      source: { label: string; effectiveFrom: string; effectiveTo: string };
      inForce: boolean;
    }>(await drugclaim(['icd10', 'c34.90', '--date', '2026-02-01', '--json']));
    assert.deepEqual(
      [valid.code, valid.formatted, valid.valid, valid.inForce, valid.source.label],
      ['C3490', 'C34.90', true, true, 'ICD-10-CM FY2026'],
    );
    assert.match(valid.description, /Malignant neoplasm of unspecified part of unspecified bronchus or lung/);
    const text = await drugclaim(['icd10', 'C3490', '--date', '2026-02-01']);
    assert.equal(text.code, 0);
    assert.match(
      text.stdout,
      /C34\.90 is a valid, billable ICD-10-CM code on 2026-02-01: ICD-10-CM FY2026 \(2025-10-01 to 2026-09-30\) lists it/,
    );

    const category = await drugclaim(['icd10', 'C34.9', '--date', '2026-02-01']);
    assert.equal(category.code, 1);
    assert.match(
      category.stdout,
      /C34\.9 is not billable on 2026-02-01: .* one of its 3 more specific code\(s\): C34\.90, C34\.91, C34\.92\./,
    );

    const hcpcs = await drugclaim(['icd10', 'J9173', '--date', '2026-02-01', '--json']);
    assert.equal(hcpcs.code, 1);
    const h = json<{ valid: boolean; message: string }>(hcpcs);
    assert.equal(h.valid, false);
    assert.match(h.message, /J9173 is a HCPCS code; run `drugclaim code J9173`/);

    const later = json<{ valid: boolean | null; inForce: boolean; note: string }>(
      await drugclaim(['icd10', 'C3490', '--date', '2026-10-15', '--json']),
    );
    assert.deepEqual([later.valid, later.inForce], [null, false]);
    assert.match(later.note, /No ICD-10-CM release in the store covers 2026-10-15/);

    const bad = await drugclaim(['icd10', '12345']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /not an ICD-10-CM code: "12345"/);
  });

  it('an NDC written with spaces is read like one with hyphens', async () => {
    for (const args of [['00310 4500 12'], ['00310', '4500', '12']]) {
      const run = await drugclaim(['ndc', ...args, '--date', '2026-01-15', '--json']);
      assert.equal(run.code, 0, run.stderr);
      const r = json<{ input: string; result: string; normalised: { ndc11: string } }>(run);
      assert.deepEqual([r.input, r.result, r.normalised.ndc11], ['00310 4500 12', 'ok', '00310450012']);
    }
  });

  it('lookups on a missing store create nothing; a file that is not a store is named', async () => {
    const missing = join(tmp, 'no-store', 'x.db');
    for (const args of [
      ['code', 'J9173'],
      ['ndc', '00310-4500-12'],
      ['search', 'imfinzi'],
      ['icd10', 'C3490'],
      ['units', '--code', 'J9173', '--dose', '750mg'],
      ['guide', 'J9173'],
      ['check', join(x12SamplesDir(), '837P_lfh_drug-example10-1_J1550-ndc.837')],
    ]) {
      const run = await drugclaim(args, { DRUGCLAIM_DB: missing });
      assert.equal(run.code, 2, args.join(' '));
      assert.equal(
        run.stderr,
        `drugclaim: No store at ${missing}. Create it with \`drugclaim data import --from DIR\` or \`drugclaim data sync\`, or point DRUGCLAIM_DB at an existing store.\n`,
      );
    }
    const empty = join(tmp, 'empty-folder');
    mkdirSync(empty);
    const imported = await drugclaim(['data', 'import', '--from', empty], { DRUGCLAIM_DB: missing });
    assert.equal(imported.code, 1);
    assert.match(imported.stderr, /Import refused: nothing was written[\s\S]*no files to import/);
    assert.equal(existsSync(join(tmp, 'no-store')), false, 'no folder, no database');

    const notStore = join(tmp, 'not-a-store.db');
    writeFileSync(
      notStore,
      'this is not an SQLite database, just some text long enough to look like a file\n',
    );
    for (const args of [
      ['code', 'J9173'],
      ['data', 'status'],
      ['data', 'releases'],
    ]) {
      const run = await drugclaim(args, { DRUGCLAIM_DB: notStore });
      assert.equal(run.code, 2, args.join(' '));
      assert.equal(
        run.stderr,
        `drugclaim: cannot open the reference store ${notStore} (DRUGCLAIM_DB): file is not a database\n`,
      );
    }
  });
});

describe('drugclaim data import warnings, releases and remove', () => {
  it('text import prints each warning under its file, with line and field', async () => {
    const dir = join(tmp, 'crosswalk-only');
    mkdirSync(dir);
    copyFileSync(join(sharedDataDir(), 'ndc-hcpcs', CROSSWALK), join(dir, CROSSWALK));
    const run = await drugclaim(['data', 'import', '--from', dir], { DRUGCLAIM_DB: join(tmp, 'warn.db') });
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      new RegExp(
        `warning\\(s\\) in ${CROSSWALK.replace(/[.()]/g, '\\$&')}:\\n  line 4897, field "NDC2": NDC "888867413689" of J7331 is not a valid NDC`,
      ),
    );
    assert.match(run.stdout, /1 warning\(s\)/);
  });

  it('a different file for an imported period warns, and releases/remove show and undo it', async () => {
    const env = { DRUGCLAIM_DB: join(tmp, 'same-period.db') };
    const first = await drugclaim(['data', 'import', '--from', aspFolder('asp-a', false)], env);
    assert.equal(first.code, 0, first.stderr);
    assert.doesNotMatch(first.stdout, /warning/);

    const second = await drugclaim(['data', 'import', '--from', aspFolder('asp-b', true), '--json'], env);
    assert.equal(second.code, 0, second.stderr);
    const body = json<{
      files: {
        releaseId: string;
        problems: { code: string; severity: string; message: string; data: Record<string, unknown> }[];
      }[];
    }>(second);
    const row = body.files[0];
    const warning = row?.problems.find((p) => p.code === 'import.same-period');
    assert.ok(row && warning, 'the JSON records the same-period warning');
    assert.equal(warning.severity, 'warning');
    assert.equal(warning.data['answeringReleaseId'], row.releaseId);
    const [other] = warning.data['samePeriod'] as { releaseId: string; sha256: string }[];
    assert.ok(other);
    assert.match(warning.message, new RegExp(`${other.sha256}.*now answers for that period`));

    const list = await drugclaim(['data', 'releases', '--dataset', 'asp'], env);
    assert.equal(list.code, 0);
    const lines = list.stdout.split('\n');
    assert.match(lines[0] ?? '', /^id +dataset +effective +file +sha256 +imported +note$/);
    assert.match(
      list.stdout,
      new RegExp(
        `${other.releaseId} +asp +2026-01-01 to 2026-03-31 +.*${other.sha256} .* shadowed by ${row.releaseId}`,
      ),
    );
    const listed = json<{ releases: { id: string; shadowedBy: string | null }[] }>(
      await drugclaim(['data', 'releases', '--json'], env),
    );
    assert.deepEqual(
      listed.releases.map((r) => [r.id, r.shadowedBy]),
      [
        [other.releaseId, row.releaseId],
        [row.releaseId, null],
      ],
    );
    assert.equal(
      json<{ asp: { value: { paymentLimitMills: number } } }>(
        await drugclaim(['code', 'J9173', '--date', '2026-02-01', '--json'], env),
      ).asp.value.paymentLimitMills,
      90000,
    );

    const removed = await drugclaim(['data', 'remove', row.releaseId], env);
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(
      removed.stdout,
      new RegExp(
        `^Removed release ${row.releaseId}: ASP payment limits January 2026, 2026-01-01 to 2026-03-31, .*\\(SHA-256 [0-9a-f]{64}, 877 records, .*\\)\\. .* \\(release ${other.releaseId}\\) now answers for 2026-01-01 to 2026-03-31\\.`,
      ),
    );
    assert.equal(
      json<{ asp: { value: { paymentLimitMills: number } } }>(
        await drugclaim(['code', 'J9173', '--date', '2026-02-01', '--json'], env),
      ).asp.value.paymentLimitMills,
      86270,
    );
    const again = await drugclaim(['data', 'remove', row.releaseId], env);
    assert.equal(again.code, 1);
    assert.match(
      again.stderr,
      /No release .* nothing was removed\. `drugclaim data releases` lists the ids\./,
    );
    const none = await drugclaim(['data', 'releases', '--dataset', 'carc'], env);
    assert.equal(none.code, 0);
    assert.match(none.stdout, /^No carc release in /);
    const badDataset = await drugclaim(['data', 'releases', '--dataset', 'aspx'], env);
    assert.equal(badDataset.code, 2);

    const missing = join(tmp, 'gone', 'x.db');
    const noStore = await drugclaim(['data', 'remove', row.releaseId], { DRUGCLAIM_DB: missing });
    assert.equal(noStore.code, 1);
    assert.match(noStore.stderr, /No store at/);
    assert.equal(existsSync(join(tmp, 'gone')), false);
  });
});

describe('drugclaim data sync (CLI) against a local mirror', () => {
  /** Serves ../shared/data; the ASP file stalls after its first 1000 bytes when `stallAsp` is set. */
  let stallAsp = false;
  const stalled: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '');
    const file = join(sharedDataDir(), path);
    if (path.includes('..') || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const bytes = readFileSync(file);
    res.writeHead(200, { 'content-length': String(bytes.length) });
    if (stallAsp && path.startsWith('asp/')) {
      res.write(bytes.subarray(0, 1000));
      stalled.push(res);
      return;
    }
    res.end(bytes);
  });
  let base = '';
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(async () => {
    for (const res of stalled) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('a malformed --base-url is one usage error (exit 2), before any request and without creating a store', async () => {
    const path = join(tmp, 'sync-bad-url.db');
    for (const url of ['notaurl', 'file:///tmp/x']) {
      const run = await drugclaim(['data', 'sync', '--base-url', url], { DRUGCLAIM_DB: path });
      assert.equal(run.code, 2, url);
      assert.match(run.stderr, /option '--base-url <url>' argument .* is invalid/);
      assert.equal(run.stderr.match(/is invalid/g)?.length, 1, 'one error, not one per source');
    }
    assert.equal(existsSync(path), false);
  });

  it('a stalled download gives up after --timeout, says it retries, and shows progress per file', async () => {
    stallAsp = true;
    const path = join(tmp, 'sync-stall.db');
    try {
      const t0 = performance.now();
      const run = await drugclaim(['data', 'sync', '--base-url', base, '--timeout', '0.5', '--json'], {
        DRUGCLAIM_DB: path,
      });
      const elapsed = performance.now() - t0;
      assert.equal(run.code, 1, run.stderr);
      assert.ok(elapsed < 20_000, `took ${Math.round(elapsed)} ms`);
      const body = json<{ ok: boolean; problems: { code: string }[] }>(run);
      assert.deepEqual([body.ok, body.problems.map((p) => p.code)], [false, ['sync.timeout']]);
      // stderr is not a terminal here: plain lines, one per event.
      assert.match(
        run.stderr,
        new RegExp(`^asp: downloading ${ASP.replace(/[.()]/g, '\\$&')} from http`, 'm'),
      );
      assert.match(
        run.stderr,
        /^asp: no data for 0\.5 s after 1000 bytes \(the idle timeout\); retrying \(attempt 2 of 2\)$/m,
      );
      assert.match(run.stderr, /^asp: .*: failed after \d+\.\d s: no data for 0\.5 s after 1000 bytes/m);
      assert.match(
        run.stderr,
        /^mue-dme: MCR_MUE_DMESupplierServices_Eff_04-01-2026\.csv: done, 190,245 bytes in \d+\.\d s$/m,
      );
      assert.equal(existsSync(path), false, 'a failed sync creates no store');
    } finally {
      stallAsp = false;
    }
  });
});
