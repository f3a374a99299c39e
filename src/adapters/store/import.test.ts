/**
 * `data import --from DIR` as a library: the folder listing (symbolic links followed, entries passed over reported)
 * and the warning when a different file gives a period the store already has.
 */
import assert from 'node:assert/strict';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { sharedDataDir } from '../../../test/support/shared.ts';
import { importFolder, listFolder } from './import.ts';
import { SqliteReferenceStore } from './sqlite-reference-store.ts';

const tmp = mkdtempSync(join(tmpdir(), 'drugclaim-import-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const newStore = (): SqliteReferenceStore => SqliteReferenceStore.open({ path: join(tmp, `db-${++n}.db`) });

const ASP = 'section 508 version of January 2026 Medicare Part B Payment Limit File 121725.csv';
const aspPath = (): string => join(sharedDataDir(), 'asp', ASP);

/** The January 2026 ASP file with J9173's limit changed: same dataset and period, another SHA-256. */
function editedAspFolder(name: string): string {
  const dir = join(tmp, name);
  mkdirSync(dir);
  const text = readFileSync(aspPath(), 'latin1');
  const edited = text.replace(/^(J9173,"[^"]*",10 MG,)86\.270,/m, '$190.000,');
  assert.notEqual(edited, text, 'the J9173 row was edited');
  writeFileSync(join(dir, ASP), edited, 'latin1');
  return dir;
}

function aspFolder(name: string): string {
  const dir = join(tmp, name);
  mkdirSync(dir);
  copyFileSync(aspPath(), join(dir, ASP));
  return dir;
}

describe('listFolder', () => {
  it('follows symbolic links to files and folders, reads a folder once, and reports what it passes over', () => {
    const dir = join(tmp, 'links');
    mkdirSync(dir);
    symlinkSync(aspPath(), join(dir, ASP));
    symlinkSync(join(sharedDataDir(), 'mue'), join(dir, 'mue'));
    symlinkSync(dir, join(dir, 'loop'));
    symlinkSync(join(tmp, 'no-such-target.csv'), join(dir, 'dangling.csv'));
    const { files, skipped } = listFolder(dir);
    assert.deepEqual(
      files.map((f) => f.displayPath),
      [
        'mue/MCR_MUE_DMESupplierServices_Eff_04-01-2026.csv',
        'mue/MCR_MUE_OutpatientHospitalServices_Eff_04-01-2026.csv',
        'mue/MCR_MUE_PractitionerServices_Eff_04-01-2026.csv',
        'mue/MCR_MUE_PractitionerServices_Eff_04-01-2026.xlsx',
        ASP,
      ],
    );
    assert.deepEqual(
      skipped.map((p) => [p.code, p.severity, p.at?.file]),
      [
        ['import.entry-skipped', 'warning', 'dangling.csv'],
        ['import.entry-skipped', 'warning', 'loop'],
      ],
    );
    assert.match(skipped[0]?.message ?? '', /^dangling\.csv: skipped, a symbolic link to nothing/);
    assert.match(skipped[1]?.message ?? '', /^loop: skipped, a link to a folder already read/);
  });

  it('a folder of symbolic links imports; one whose only entry is a dangling link says why nothing was read', async () => {
    const dir = join(tmp, 'only-links');
    mkdirSync(dir);
    symlinkSync(aspPath(), join(dir, ASP));
    const store = newStore();
    try {
      const report = await importFolder(store, dir);
      assert.equal(report.ok, true);
      assert.deepEqual(
        report.rows.map((r) => [r.file, r.status]),
        [[ASP, 'imported']],
      );

      const dangling = join(tmp, 'dangling-only');
      mkdirSync(dangling);
      symlinkSync(join(tmp, 'missing.csv'), join(dangling, 'x.csv'));
      const refused = await importFolder(store, dangling);
      assert.equal(refused.ok, false);
      assert.deepEqual(
        refused.problems.map((p) => [p.code, p.severity]),
        [
          ['import.entry-skipped', 'warning'],
          ['import.nothing-recognised', 'error'],
        ],
      );
      assert.equal(refused.problems[1]?.message, 'no files to import (1 entry was skipped: x.csv)');
    } finally {
      await store.close();
    }
  });
});

describe('a different file for a period the store already has', () => {
  it('is imported with a warning naming both files, their SHA-256 and the release that now answers', async () => {
    const store = newStore();
    try {
      const first = await importFolder(store, aspFolder('asp-original'));
      assert.equal(first.ok, true);
      const original = first.rows[0];
      assert.ok(original?.releaseId);
      assert.deepEqual(original.problems, [], 'the first file alone: no warning');

      const second = await importFolder(store, editedAspFolder('asp-edited'));
      assert.equal(second.ok, true);
      const row = second.rows[0];
      assert.ok(row?.releaseId);
      assert.equal(row.status, 'imported');
      const warning = row.problems.find((p) => p.code === 'import.same-period');
      assert.ok(warning, 'a same-period warning');
      assert.equal(warning.severity, 'warning');
      const releases = await store.listReleases();
      const [old, added] = [original.releaseId, row.releaseId].map((id) => releases.find((r) => r.id === id));
      assert.ok(old && added);
      for (const text of [old.sha256, added.sha256, old.id, added.id, ASP, '2026-01-01 to 2026-03-31'])
        assert.ok(warning.message.includes(text), `the message has ${text}:\n${warning.message}`);
      assert.match(warning.message, /This file \(release [^)]+\) now answers for that period/);
      assert.match(warning.message, new RegExp(`drugclaim data remove ${added.id}`));
      assert.deepEqual(warning.data, {
        releaseId: added.id,
        sha256: added.sha256,
        answeringReleaseId: added.id,
        samePeriod: [
          {
            releaseId: old.id,
            fileName: ASP,
            sha256: old.sha256,
            releaseDate: old.releaseDate,
            importedAt: old.importedAt,
          },
        ],
      });
      // The warning tells the truth: the new file answers.
      const ref = await store.loadReferenceData();
      assert.equal(ref.aspLimit('J9173', '2026-02-01')?.value.paymentLimitMills, 90000);

      // Importing the original again is a no-op: nothing changes, so nothing to warn about.
      const again = await importFolder(store, aspFolder('asp-original-again'));
      assert.deepEqual(
        again.rows.map((r) => [r.status, r.problems.length]),
        [['already-imported', 0]],
      );
    } finally {
      await store.close();
    }
  });

  it('two different files for one period in the same batch each name the other', async () => {
    const dir = editedAspFolder('asp-batch');
    mkdirSync(join(dir, 'original'));
    copyFileSync(aspPath(), join(dir, 'original', ASP));
    const store = newStore();
    try {
      const report = await importFolder(store, dir);
      assert.equal(report.ok, true);
      const warnings = report.rows.map((r) => r.problems.find((p) => p.code === 'import.same-period'));
      assert.equal(warnings.filter((w) => w !== undefined).length, 2);
      const answering = new Set(warnings.map((w) => w?.data?.['answeringReleaseId']));
      assert.equal(answering.size, 1, 'both warnings name the same answering release');
      const ref = await store.loadReferenceData();
      const expected = [...answering][0] as string;
      assert.equal(ref.releaseOn('asp', '2026-02-01')?.release.id, expected);
    } finally {
      await store.close();
    }
  });
});
