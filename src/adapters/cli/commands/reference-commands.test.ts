/**
 * `drugclaim data|code|search|ndc` run as a child process (bin/drugclaim.js) against a temp database.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot, sharedDataDir } from '../../../../test/support/shared.ts';

const tmp = mkdtempSync(join(tmpdir(), 'drugclaim-cli-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const db = join(tmp, 'cli.db');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function drugclaim(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const baseEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !k.startsWith('DRUGCLAIM_')) baseEnv[k] = v;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(repoRoot, 'bin', 'drugclaim.js'), ...args],
      { env: { ...baseEnv, DRUGCLAIM_DB: db, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 99) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const json = <T>(run: Run): T => JSON.parse(run.stdout) as T;

describe('drugclaim data / code / search / ndc', () => {
  before(async () => {
    const empty = await drugclaim(['code', 'J9173']);
    assert.equal(empty.code, 2, 'no data yet: exit 2');
    assert.match(empty.stderr, /has no reference data[\s\S]*drugclaim data import --from DIR/);
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
      'warning: No ASP payment limit release in the store covers 2026-11-24: the newest one ends 2026-03-31.',
      'warning: No ASP NDC-HCPCS crosswalk release in the store covers 2026-11-24: the newest one ends 2026-03-31.',
      'warning: No ICD-10-CM release in the store covers 2026-11-24: the newest one ends 2026-09-30.',
      'warning: No OPPS Addendum B release in the store covers 2026-11-24: the newest one ends 2025-12-31.',
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
