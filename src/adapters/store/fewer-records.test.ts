/**
 * `data import` refuses a file that has markedly fewer records than the release it would replace or follow (QA: the
 * January 2026 ASP file cut at a line break to 433 of its 877 rows replaced the good release, and J9173 lost its
 * payment limit), and a text file with binary garbage in it (QA: `dd` into the ICD-10-CM file). Nothing is written
 * either way; `allowFewerRecords` imports the smaller file with a warning.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Problem } from '../../core/problem.ts';
import { sharedDataDir } from '../../../test/support/shared.ts';
import { ensureReferenceData, NoReferenceDataError } from './index.ts';
import { importFolder, type FileImportRow, type ImportReport } from './import.ts';
import { firstReleaseMinimum, FIRST_RELEASE_RECORDS } from './record-count-check.ts';
import { SqliteReferenceStore } from './sqlite-reference-store.ts';

const tmp = mkdtempSync(join(tmpdir(), 'drugclaim-fewer-records-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const newStore = (): SqliteReferenceStore => SqliteReferenceStore.open({ path: join(tmp, `db-${++n}.db`) });

const ASP = 'section 508 version of January 2026 Medicare Part B Payment Limit File 121725.csv';
const ASP_APRIL = 'section 508 version of April 2026 Medicare Part B Payment Limit File 031726.csv';
const MUE_DME = 'MCR_MUE_DMESupplierServices_Eff_04-01-2026.csv';
const ICD = 'icd10cm-codes-2026.txt';
const aspText = (): string => readFileSync(join(sharedDataDir(), 'asp', ASP), 'latin1');

/** The ASP file with only its first `rows` data rows, cut at a line break as `head -n` does. */
function aspWithRows(rows: number, text = aspText()): string {
  const lines = text.split('\r\n');
  const header = lines.findIndex((l) => l.startsWith('HCPCS Code,'));
  assert.ok(header > 0, 'the header row is found');
  return `${lines.slice(0, header + 1 + rows).join('\r\n')}\r\n`;
}

/** The same file as the April 2026 quarter (its banner says so). */
const aprilText = (): string =>
  aspText().replace(
    'Effective January 1, 2026 through March 31, 2026',
    'Effective April 1, 2026 through June 30, 2026',
  );

/** A folder holding `files` (name → latin1 text, or a path to copy). */
function folder(files: Record<string, string | { copy: string }>): string {
  const dir = join(tmp, `folder-${++n}`);
  mkdirSync(dir);
  for (const [name, content] of Object.entries(files)) {
    if (typeof content === 'string') writeFileSync(join(dir, name), content, 'latin1');
    else copyFileSync(content.copy, join(dir, name));
  }
  return dir;
}

const goodAsp = (): string => folder({ [ASP]: { copy: join(sharedDataDir(), 'asp', ASP) } });
const fewer = (row: FileImportRow | undefined): Problem | undefined =>
  row?.problems.find((p) => p.code === 'import.fewer-records');
const rowOf = (report: ImportReport, file: string): FileImportRow | undefined =>
  report.rows.find((r) => r.file === file);

async function withStore(run: (store: SqliteReferenceStore) => Promise<void>): Promise<void> {
  const store = newStore();
  try {
    await run(store);
  } finally {
    await store.close();
  }
}

describe('a file with far fewer records than the release it would replace (same dataset and period)', () => {
  it('the QA case, 433 of 877 ASP rows: refused naming the file, both counts and the release; nothing written', () =>
    withStore(async (store) => {
      const first = await importFolder(store, goodAsp());
      assert.equal(first.ok, true);
      const good = (await store.listReleases())[0];
      assert.ok(good);
      const before = await store.listReleases();

      // A good file beside the cut one is not imported either (all-or-nothing).
      const cut = folder({
        [ASP]: aspWithRows(433),
        [MUE_DME]: { copy: join(sharedDataDir(), 'mue', MUE_DME) },
      });
      const report = await importFolder(store, cut);
      assert.equal(report.ok, false);
      const row = rowOf(report, ASP);
      assert.equal(row?.status, 'rejected');
      assert.equal(row.records, 433);
      const problem = fewer(row);
      assert.ok(problem, JSON.stringify(row.problems));
      assert.equal(problem.severity, 'error');
      assert.deepEqual(problem.at, { file: ASP });
      assert.equal(
        problem.message,
        `${ASP} has 433 records, 49.4 % of the 877 of release ${good.id} (${ASP}, imported ` +
          `${good.importedAt.slice(0, 19).replace('T', ' ')}), which it would replace for ASP payment limit, ` +
          '2026-01-01 to 2026-03-31. A file for a period the store already has is a re-download or a correction, ' +
          'and a correction does not drop 10 % of the rows: the file is probably cut short (a download that stopped ' +
          'at a line break). If the file is right, import it with `drugclaim data import --from DIR --allow-fewer-records`.',
      );
      assert.deepEqual(problem.data, {
        rule: 'same-period',
        records: 433,
        minimum: 790,
        comparedReleaseId: good.id,
        comparedFile: ASP,
        comparedRecords: 877,
      });
      assert.equal(rowOf(report, MUE_DME)?.status, 'not-imported');
      assert.deepEqual(await store.listReleases(), before);
      const ref = await store.loadReferenceData();
      assert.equal(ref.aspLimit('J9173', '2026-02-01')?.value.paymentLimitMills, 86270);
    }));

  it('90 % of the records is the line: 790 of 877 rows import (with the same-period warning), 789 do not', () =>
    withStore(async (store) => {
      assert.equal((await importFolder(store, goodAsp())).ok, true);
      const refused = await importFolder(store, folder({ [ASP]: aspWithRows(789) }));
      assert.equal(refused.ok, false);
      assert.equal(fewer(refused.rows[0])?.data?.['minimum'], 790);
      const accepted = await importFolder(store, folder({ [ASP]: aspWithRows(790) }));
      assert.equal(accepted.ok, true);
      assert.deepEqual(
        accepted.rows[0]?.problems.map((p) => p.code),
        ['import.same-period'],
      );
    }));

  it('with allowFewerRecords the file is imported, and the problem is a warning', () =>
    withStore(async (store) => {
      assert.equal((await importFolder(store, goodAsp())).ok, true);
      const report = await importFolder(store, folder({ [ASP]: aspWithRows(433) }), {
        allowFewerRecords: true,
      });
      assert.equal(report.ok, true);
      const row = report.rows[0];
      assert.equal(row?.status, 'imported');
      assert.deepEqual(
        row.problems.map((p) => [p.code, p.severity]),
        [
          ['import.fewer-records', 'warning'],
          ['import.same-period', 'warning'],
        ],
      );
      assert.match(fewer(row)?.message ?? '', /Imported anyway: --allow-fewer-records was given\.$/);
      // What the user asked for: the smaller file now answers.
      const ref = await store.loadReferenceData();
      assert.equal(ref.releaseOn('asp', '2026-02-01')?.release.recordCount, 433);
    }));

  it('a smaller file that would not answer (an older publisher date: it is shadowed) is not refused', () =>
    withStore(async (store) => {
      assert.equal((await importFolder(store, goodAsp())).ok, true);
      const older = ASP.replace('121725', '121525');
      const report = await importFolder(store, folder({ [older]: aspWithRows(433) }));
      assert.equal(report.ok, true);
      assert.equal(fewer(report.rows[0]), undefined);
      const ref = await store.loadReferenceData();
      assert.equal(ref.aspLimit('J9173', '2026-02-01')?.value.paymentLimitMills, 86270);
    }));

  it('the good and the cut file in one folder: the cut one never answers', () =>
    withStore(async (store) => {
      const dir = folder({ [ASP]: aspWithRows(433) });
      mkdirSync(join(dir, 'full'));
      copyFileSync(join(sharedDataDir(), 'asp', ASP), join(dir, 'full', ASP));
      const report = await importFolder(store, dir);
      if (report.ok) {
        // The full file sorts last (the tie of publisher date and import time goes to the release id): it answers.
        const ref = await store.loadReferenceData();
        assert.equal(ref.releaseOn('asp', '2026-02-01')?.release.recordCount, 877);
      } else {
        assert.equal(fewer(rowOf(report, ASP))?.data?.['comparedRecords'], 877);
        assert.deepEqual(await store.listReleases(), []);
      }
    }));

  it('a file already in the store is not checked again (it changes nothing)', () =>
    withStore(async (store) => {
      const cut = folder({ [ASP]: aspWithRows(433) });
      assert.equal((await importFolder(store, cut, { allowFewerRecords: true })).ok, true);
      assert.equal((await importFolder(store, goodAsp())).ok, true);
      const again = await importFolder(store, cut);
      assert.equal(again.ok, true);
      assert.deepEqual(
        again.rows.map((r) => [r.status, r.problems]),
        [['already-imported', []]],
      );
    }));
});

describe('a file for the next period with far fewer records than the release before it', () => {
  it('under 75 % of the previous quarter is refused; 75 % and more imports', () =>
    withStore(async (store) => {
      assert.equal((await importFolder(store, goodAsp())).ok, true);
      const good = (await store.listReleases())[0];
      const refused = await importFolder(store, folder({ [ASP_APRIL]: aspWithRows(657, aprilText()) }));
      assert.equal(refused.ok, false);
      const problem = fewer(refused.rows[0]);
      assert.equal(problem?.severity, 'error');
      assert.deepEqual(problem.data, {
        rule: 'previous-period',
        records: 657,
        minimum: 658,
        comparedReleaseId: good?.id,
        comparedFile: ASP,
        comparedRecords: 877,
      });
      assert.match(
        problem.message,
        /has 657 records, 74\.9 % of the 877 of release asp:2026-01-01:\w+ .*the ASP payment limit release before it \(from 2026-01-01; this one from 2026-04-01\)/,
      );
      assert.equal((await store.listReleases()).length, 1);
      const accepted = await importFolder(store, folder({ [ASP_APRIL]: aspWithRows(658, aprilText()) }));
      assert.equal(accepted.ok, true);
      assert.deepEqual(accepted.rows[0]?.problems, []);
    }));
});

describe('a code list cut short (CARC, RARC: dated by their newest row, so a cut copy looks older)', () => {
  const list = (name: string, rows: number): string => {
    const lines = readFileSync(join(sharedDataDir(), 'carc-rarc', name), 'latin1').split('\n');
    return `${lines.slice(0, rows + 1).join('\n')}\n`;
  };
  for (const [name, rows, records] of [
    ['carc_from_x12_html.csv', 200, 407],
    ['rarc_split.csv', 500, 1197],
  ] as const)
    it(`${name} cut to ${rows} rows after the whole list: refused, compared with the later list`, () =>
      withStore(async (store) => {
        const whole = await importFolder(
          store,
          folder({ [name]: { copy: join(sharedDataDir(), 'carc-rarc', name) } }),
        );
        assert.equal(whole.ok, true);
        const refused = await importFolder(store, folder({ [name]: list(name, rows) }));
        assert.equal(refused.ok, false);
        const problem = fewer(refused.rows[0]);
        assert.equal(problem?.data?.['rule'], 'newer-code-list');
        assert.equal(problem.data['comparedRecords'], records);
        assert.equal((await store.listReleases()).length, 1);
      }));
});

describe('the first release of a dataset: nothing to compare with', () => {
  const minimum = firstReleaseMinimum('asp');

  it(`an ASP file with fewer than ${minimum} rows (a quarter of the shared file's 877) is refused`, () =>
    withStore(async (store) => {
      assert.equal(minimum, 220);
      const report = await importFolder(store, folder({ [ASP]: aspWithRows(minimum - 1) }));
      assert.equal(report.ok, false);
      const problem = fewer(report.rows[0]);
      assert.deepEqual(problem?.data, {
        rule: 'first-release',
        records: 219,
        minimum: 220,
        knownRecords: 877,
      });
      assert.equal(
        problem.message,
        `${ASP} has 219 records; the ASP payment limits January 2026 file has 877, and a file of the same kind with ` +
          'fewer than 220 (25 % of that) is cut short, not a release. If the file is right, import it with ' +
          '`drugclaim data import --from DIR --allow-fewer-records`.',
      );
      assert.deepEqual(await store.listReleases(), []);
      assert.equal((await importFolder(store, folder({ [ASP]: aspWithRows(minimum) }))).ok, true);
    }));

  it('every shared file is far above its minimum: the whole folder imports into an empty store', () =>
    withStore(async (store) => {
      const report = await importFolder(store, sharedDataDir());
      assert.equal(report.ok, true);
      assert.deepEqual(
        report.rows.flatMap((r) => r.problems.filter((p) => p.code.startsWith('import.'))),
        [],
      );
      for (const r of report.rows.filter((row) => row.dataset !== null))
        assert.equal(r.records, FIRST_RELEASE_RECORDS[r.dataset ?? 'asp'].records, r.file);
    }));

  it("the server's first import from a data folder is refused the same way, naming the file", async () => {
    const store = newStore();
    try {
      await assert.rejects(
        ensureReferenceData(store, { dataDir: folder({ [ASP]: aspWithRows(100) }), log: () => undefined }),
        (err: unknown) => {
          assert.ok(err instanceof NoReferenceDataError);
          assert.equal(err.reason, 'import-failed');
          assert.match(err.message, new RegExp(`${ASP.replace(/[.]/g, '\\.')} has 100 records; .*877`));
          assert.match(err.message, /--allow-fewer-records/);
          return true;
        },
      );
      assert.deepEqual(await store.listReleases(), []);
    } finally {
      await store.close();
    }
  });
});

describe('binary garbage in a text file (QA: dd into the ICD-10-CM file at offset 3,000,000)', () => {
  const damagedIcd = (): Buffer => {
    const bytes = readFileSync(join(sharedDataDir(), 'icd10cm', ICD));
    bytes.set([0x00, 0xff, 0xfe, ...Buffer.from(' garbage '), 0x01, 0x02], 3_000_000);
    return bytes;
  };

  it('is refused naming file, line and column; the store keeps the good description of S60422A', () =>
    withStore(async (store) => {
      const good = folder({ [ICD]: { copy: join(sharedDataDir(), 'icd10cm', ICD) } });
      assert.equal((await importFolder(store, good)).ok, true);
      const before = await store.listReleases();
      const dir = join(tmp, `icd-damaged-${++n}`);
      mkdirSync(dir);
      writeFileSync(join(dir, ICD), damagedIcd());
      const report = await importFolder(store, dir);
      assert.equal(report.ok, false);
      const row = report.rows[0];
      assert.equal(row?.status, 'rejected');
      assert.deepEqual(
        row.problems
          .filter((p) => p.severity === 'error')
          .map((p) => [p.code, p.at?.file, p.at?.line, p.at?.element]),
        [['cms.encoding.control-character', ICD, 39300, 51]],
      );
      assert.deepEqual(await store.listReleases(), before);
      const ref = await store.loadReferenceData();
      assert.equal(
        ref.icd10('S60422A', '2026-02-01')?.value.description,
        'Blister (nonthermal) of right middle finger, initial encounter',
      );
    }));

  it('into an empty store: refused, and the store stays empty', () =>
    withStore(async (store) => {
      const dir = join(tmp, `icd-damaged-${++n}`);
      mkdirSync(dir);
      writeFileSync(join(dir, ICD), damagedIcd());
      assert.equal((await importFolder(store, dir)).ok, false);
      assert.deepEqual(await store.listReleases(), []);
    }));
});
