/**
 * `drugclaim data import` (bin/drugclaim.js as a child process) refuses a file cut at a line break (far fewer
 * records than the release it would replace) and a text file with binary garbage in it; `--allow-fewer-records`
 * imports the smaller file. A refused import writes nothing, and into a missing store creates no file.
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
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { sharedDataDir } from '../../../../test/support/shared.ts';
import { runDrugclaim } from '../../../../test/support/cli.ts';
import type { CliRun } from '../../../../test/support/cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'drugclaim-data-import-refusals-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

type Run = CliRun;

const drugclaim = (args: string[], db: string): Promise<Run> => runDrugclaim(args, { db });

const ASP = 'section 508 version of January 2026 Medicare Part B Payment Limit File 121725.csv';
const ICD = 'icd10cm-codes-2026.txt';

/** A folder holding one file. */
function folderWith(name: string, bytes: Uint8Array | string, label: string): string {
  const dir = join(tmp, label);
  mkdirSync(dir);
  writeFileSync(join(dir, name), bytes);
  return dir;
}

/** The ASP file cut at a line break as QA did (`head -n $((n/2))`): 443 of its 887 lines, 433 data rows. */
function halfAsp(): Buffer {
  const bytes = readFileSync(join(sharedDataDir(), 'asp', ASP));
  const lines = bytes.toString('latin1').split('\n');
  const half = Math.floor((lines.length - 1) / 2);
  return Buffer.from(`${lines.slice(0, half).join('\n')}\n`, 'latin1');
}

describe('drugclaim data import refuses a file cut short or damaged', () => {
  it('a cut ASP file: exit 1 naming the file, both counts and the release; --allow-fewer-records imports it', async () => {
    const db = join(tmp, 'asp.db');
    const good = join(tmp, 'asp-good');
    mkdirSync(good);
    copyFileSync(join(sharedDataDir(), 'asp', ASP), join(good, ASP));
    const first = await drugclaim(['data', 'import', '--from', good, '--json'], db);
    assert.equal(first.code, 0, first.stderr);
    const goodId = (JSON.parse(first.stdout) as { files: { releaseId: string }[] }).files[0]?.releaseId ?? '';
    const status = (await drugclaim(['data', 'status', '--json'], db)).stdout;

    const cut = folderWith(ASP, halfAsp(), 'asp-cut');
    const refused = await drugclaim(['data', 'import', '--from', cut], db);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /^Import refused: nothing was written, the store is unchanged\.\n/);
    assert.ok(
      refused.stderr.includes(`  ${ASP} has 433 records, 49.4 % of the 877 of release ${goodId} (`),
      refused.stderr,
    );
    assert.match(refused.stderr, /`drugclaim data import --from DIR --allow-fewer-records`/);
    assert.equal((await drugclaim(['data', 'status', '--json'], db)).stdout, status);
    const limit = await drugclaim(['code', 'J9173', '--date', '2026-02-01', '--json'], db);
    assert.equal(
      (JSON.parse(limit.stdout) as { asp: { value: { paymentLimitMills: number } } }).asp.value
        .paymentLimitMills,
      86270,
    );

    const allowed = await drugclaim(['data', 'import', '--from', cut, '--allow-fewer-records'], db);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.match(
      allowed.stdout,
      new RegExp(
        `warning\\(s\\) in ${ASP.replace(/[.]/g, '\\.')}:\\n  .* has 433 records, 49\\.4 % of the 877 `,
      ),
    );
    assert.match(allowed.stdout, /Imported anyway: --allow-fewer-records was given\./);
  });

  it('a first import refused for too few records creates no store', async () => {
    const db = join(tmp, 'never', 'created.db');
    const text = readFileSync(join(sharedDataDir(), 'asp', ASP), 'latin1').split('\r\n');
    const header = text.findIndex((l) => l.startsWith('HCPCS Code,'));
    const tiny = folderWith(ASP, `${text.slice(0, header + 101).join('\r\n')}\r\n`, 'asp-tiny');
    const run = await drugclaim(['data', 'import', '--from', tiny, '--json'], db);
    assert.equal(run.code, 1, run.stderr);
    const body = JSON.parse(run.stdout) as {
      ok: boolean;
      files: { status: string; problems: { code: string; severity: string; data: unknown }[] }[];
    };
    assert.equal(body.ok, false);
    assert.equal(body.files[0]?.status, 'rejected');
    assert.deepEqual(
      body.files[0]?.problems.map((p) => [p.code, p.severity, p.data]),
      [
        [
          'import.fewer-records',
          'error',
          { rule: 'first-release', records: 100, minimum: 220, knownRecords: 877 },
        ],
      ],
    );
    assert.equal(existsSync(join(tmp, 'never')), false, 'no folder, no database');
  });

  it('binary garbage in the ICD-10-CM file (QA: dd at offset 3,000,000): exit 1 naming line and column', async () => {
    const bytes = readFileSync(join(sharedDataDir(), 'icd10cm', ICD));
    bytes.set([0x00, 0xff, 0xfe, ...Buffer.from(' garbage '), 0x01, 0x02], 3_000_000);
    const run = await drugclaim(
      ['data', 'import', '--from', folderWith(ICD, bytes, 'icd-damaged')],
      join(tmp, 'icd.db'),
    );
    assert.equal(run.code, 1, run.stderr);
    assert.match(
      run.stderr,
      /\n {2}icd10cm-codes-2026\.txt, line 39300: column 51 holds a NUL byte \(U\+0000\), which no text reference file has/,
    );
    assert.equal(existsSync(join(tmp, 'icd.db')), false);
  });
});
