import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sharedDataDir } from '../../../test/support/shared.ts';
import { sharedReference } from '../../../test/support/reference.ts';
import { killWhenSaid } from '../../../test/support/kill.ts';
import type { Release } from '../../core/reference/model.ts';
import { runReferenceStoreContract } from './contract.ts';
import { applyMigrations, openDatabase } from './database.ts';
import { importFolder, type ImportReport } from './import.ts';
import { SqliteReferenceStore } from './sqlite-reference-store.ts';

const tmp = mkdtempSync(join(tmpdir(), 'drugclaim-store-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const newPath = (): string => join(tmp, `db-${++n}.db`);

runReferenceStoreContract({ name: 'sqlite', newStore: () => SqliteReferenceStore.open({ path: newPath() }) });

describe('openDatabase and migrations', () => {
  it('creates the folder, uses WAL and foreign keys, applies each migration once', () => {
    const path = join(tmp, 'nested', 'dir', 'x.db');
    const m = {
      id: 'test/001-things',
      sql: 'CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL);',
    };
    const db = openDatabase(path, { migrations: [m] });
    assert.equal((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode, 'wal');
    assert.equal((db.prepare('PRAGMA foreign_keys').get() as { foreign_keys: number }).foreign_keys, 1);
    db.prepare('INSERT INTO things (name) VALUES (?)').run('a');
    db.close();
    const again = openDatabase(path, {
      migrations: [m, { id: 'test/002-more', sql: 'ALTER TABLE things ADD COLUMN note TEXT;' }],
    });
    const applied = (
      again.prepare('SELECT id FROM schema_version ORDER BY id').all() as { id: string }[]
    ).map((r) => r.id);
    assert.deepEqual(applied, ['test/001-things', 'test/002-more']);
    assert.equal((again.prepare('SELECT count(*) AS c FROM things').get() as { c: number }).c, 1);
    again.close();
  });

  it('a failing migration is rolled back and names itself', () => {
    const db = openDatabase(':memory:');
    assert.throws(
      () =>
        applyMigrations(db, [{ id: 'test/bad', sql: 'CREATE TABLE ok1 (a INTEGER); CREATE TABLE broken (' }]),
      /migration test\/bad failed/,
    );
    assert.equal(db.prepare("SELECT name FROM sqlite_master WHERE name = 'ok1'").get(), undefined);
    db.close();
  });
});

describe('SQLite store on the real CMS files', () => {
  const path = join(tmp, 'real.db');
  let store: SqliteReferenceStore;
  let report: ImportReport;

  before(async () => {
    store = SqliteReferenceStore.open({ path });
    report = await importFolder(store, sharedDataDir());
  });
  after(() => store.close());

  it('imports every dataset of ../shared/data in one go', () => {
    assert.equal(report.ok, true, JSON.stringify(report.problems));
    const imported = report.rows.filter((r) => r.status === 'imported').map((r) => r.dataset);
    assert.deepEqual([...imported].sort(), [
      'asp',
      'carc',
      'hcpcs',
      'icd10cm',
      'mue-dme',
      'mue-outpatient-hospital',
      'mue-practitioner',
      'ncci-aoc',
      'ndc-crosswalk',
      'opps',
      'rarc',
    ]);
    assert.equal(report.rows.filter((r) => r.status === 'rejected').length, 0);
    // The CMS zip holds the same HCPCS txt: same SHA-256, so it is the same release.
    const zip = report.rows.find((r) => r.file.endsWith('.zip'));
    assert.equal(zip?.status, 'already-imported');
    const hcpcs = report.rows.find((r) => r.dataset === 'hcpcs' && r.status === 'imported');
    assert.ok(hcpcs?.descriptors && hcpcs.descriptors.parsed > 0);
  });

  it('record counts match PROVENANCE.md', async () => {
    const count = (dataset: Release['dataset'], releases: Release[]): number | undefined =>
      releases.find((r) => r.dataset === dataset)?.recordCount;
    const releases = await store.listReleases();
    const cases: [Release['dataset'], number][] = [
      ['hcpcs', 9006],
      ['asp', 877],
      ['ndc-crosswalk', 7125],
      ['mue-practitioner', 15095],
      ['mue-outpatient-hospital', 15045],
      ['mue-dme', 3083],
      ['icd10cm', 74719],
      ['carc', 407],
      ['rarc', 1197],
      ['opps', 18798],
      ['ncci-aoc', 9000],
    ];
    for (const [dataset, expected] of cases) assert.equal(count(dataset, releases), expected, dataset);
  });

  it('loads back exactly what the readers produced', async () => {
    const fromStore = await store.loadReferenceData();
    const fromFiles = await sharedReference();
    assert.deepEqual(
      fromStore.releases().map((r) => [r.id, r.recordCount]),
      fromFiles.releases().map((r) => [r.id, r.recordCount]),
    );
    for (const date of ['2026-01-15', '2026-04-15']) {
      assert.deepEqual(
        fromStore.allHcpcs(date).map((s) => s.value),
        fromFiles.allHcpcs(date).map((s) => s.value),
      );
      for (const code of ['J9173', 'J9309', 'J9393', 'J9285', 'JW', 'JZ', '96413']) {
        assert.deepEqual(fromStore.aspLimit(code, date)?.value, fromFiles.aspLimit(code, date)?.value, code);
        assert.deepEqual(
          fromStore.ndcPackagesForCode(code, date)?.value,
          fromFiles.ndcPackagesForCode(code, date)?.value,
          code,
        );
        assert.deepEqual(
          fromStore.mue(code, 'outpatient-hospital', date)?.value,
          fromFiles.mue(code, 'outpatient-hospital', date)?.value,
          code,
        );
        assert.deepEqual(fromStore.opps(code, date)?.value, fromFiles.opps(code, date)?.value, code);
        assert.deepEqual(
          fromStore.addOnEdits(code, date)?.value,
          fromFiles.addOnEdits(code, date)?.value,
          code,
        );
      }
    }
    assert.deepEqual(
      fromStore.icd10('C3490', '2026-01-15')?.value,
      fromFiles.icd10('C3490', '2026-01-15')?.value,
    );
    assert.deepEqual(
      fromStore.allCarcs().map((s) => s.value),
      fromFiles.allCarcs().map((s) => s.value),
    );
    assert.deepEqual(fromStore.rarc('N522')?.value, fromFiles.rarc('N522')?.value);
  });

  it('loads in steps when asked, giving way between them, to the same answers', async () => {
    let steps = 0;
    const stepped = await store.loadReferenceData({
      pause: () =>
        new Promise<void>((resolve) => {
          steps++;
          setImmediate(resolve);
        }),
    });
    // A step per release (11) and per lookup map (11, the crosswalk twice), then the search index 500 records at a
    // time (9,006 HCPCS codes and 843 crosswalk codes).
    assert.equal(steps, 11 + 12 + Math.floor((9006 + 843) / 500));
    const eager = await store.loadReferenceData();
    assert.deepEqual(stepped.releases(), eager.releases());
    for (const query of ['durvalumab', 'Imfinzi', 'J917', '00310-4500-12'])
      assert.deepEqual(stepped.search(query), eager.search(query), query);
    assert.deepEqual(stepped.aspLimit('J9173', '2026-01-15'), eager.aspLimit('J9173', '2026-01-15'));
  });

  it('importing the same folder again changes nothing and says so', async () => {
    const before = await store.listReleases();
    const again = await importFolder(store, sharedDataDir());
    assert.equal(again.ok, true);
    assert.equal(again.rows.filter((r) => r.status === 'imported').length, 0);
    assert.ok(again.rows.filter((r) => r.status === 'already-imported').length >= 11);
    assert.deepEqual(await store.listReleases(), before);
  });
});

describe('bad input leaves the store unchanged', () => {
  const data = sharedDataDir();
  const aspName = 'section 508 version of January 2026 Medicare Part B Payment Limit File 121725.csv';
  const asp = readFileSync(join(data, 'asp', aspName));
  const mueName = 'MCR_MUE_PractitionerServices_Eff_04-01-2026.csv';
  const mue = readFileSync(join(data, 'mue', mueName));
  const hcpcsName = 'HCPC2026_JAN_ANWEB_01122026.txt';
  const hcpcs = readFileSync(join(data, 'hcpcs', hcpcsName));

  const utf16 = (bytes: Uint8Array): Uint8Array => {
    const text = new TextDecoder('windows-1252').decode(bytes);
    const out = Buffer.alloc(2 + text.length * 2);
    out[0] = 0xff;
    out[1] = 0xfe;
    out.write(text, 2, 'utf16le');
    return out;
  };
  const cases: [string, string, Uint8Array][] = [
    [
      'a truncated HCPCS file (cut inside a first record line; lines are 320 characters + CRLF)',
      hcpcsName,
      hcpcs.subarray(0, 322 * 1000 + 150),
    ],
    ['an ASP file in the wrong encoding (UTF-16)', aspName, utf16(asp)],
    [
      'an MUE file with a column missing (wrong layout)',
      mueName,
      Buffer.from(
        new TextDecoder('windows-1252').decode(mue).replace(/MUE Adjudication Indicator/, 'Something Else'),
        'latin1',
      ),
    ],
    ['an unknown file', 'notes.txt', Buffer.from('hello, this is not a CMS file\n')],
  ];

  for (const [label, name, bytes] of cases) {
    it(label, async () => {
      const store = SqliteReferenceStore.open({ path: newPath() });
      try {
        const good = join(tmp, `good-${n}`);
        mkdirSync(good);
        copyFileSync(join(data, 'asp', aspName), join(good, aspName));
        const first = await importFolder(store, good);
        assert.equal(first.ok, true);
        const before = await store.listReleases();

        const dir = join(tmp, `bad-${n}`);
        mkdirSync(dir);
        // A good file beside the bad one: it must not be imported either (all-or-nothing).
        copyFileSync(
          join(data, 'mue', 'MCR_MUE_DMESupplierServices_Eff_04-01-2026.csv'),
          join(dir, 'MCR_MUE_DMESupplierServices_Eff_04-01-2026.csv'),
        );
        writeFileSync(join(dir, name), bytes);
        const result = await importFolder(store, dir);
        assert.equal(result.ok, false);
        const rejected = result.rows.find((r) => r.status === 'rejected');
        assert.ok(rejected, 'one row is rejected');
        assert.equal(rejected.file, name);
        const error = rejected.problems.find((p) => p.severity === 'error');
        assert.ok(error, 'the rejected row carries an error problem');
        assert.match(
          error.message,
          new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
          'the message names the file',
        );
        assert.equal(result.rows.find((r) => r.file.startsWith('MCR_MUE_DME'))?.status, 'not-imported');
        assert.deepEqual(await store.listReleases(), before);
      } finally {
        await store.close();
      }
    });
  }
});

describe('a kill -9 in the middle of an import', () => {
  it('leaves the previous releases, and the store opens normally', async () => {
    const path = newPath();
    const good = join(tmp, 'kill-good');
    mkdirSync(good);
    const aspName = 'section 508 version of January 2026 Medicare Part B Payment Limit File 121725.csv';
    copyFileSync(join(sharedDataDir(), 'asp', aspName), join(good, aspName));
    const store = SqliteReferenceStore.open({ path });
    assert.equal((await importFolder(store, good)).ok, true);
    const before = await store.listReleases();
    await store.close();

    const script = fileURLToPath(new URL('./testing/import-and-hang.ts', import.meta.url));
    await killWhenSaid([script, path, sharedDataDir()], 'IN-TRANSACTION');

    const reopened = SqliteReferenceStore.open({ path });
    try {
      assert.deepEqual(await reopened.listReleases(), before);
      const check = reopened.db.prepare('PRAGMA integrity_check').get() as { integrity_check: string };
      assert.equal(check.integrity_check, 'ok');
      for (const table of ['ref_hcpcs', 'ref_icd10cm', 'ref_mue', 'ref_ndc_crosswalk']) {
        assert.equal(
          (reopened.db.prepare(`SELECT count(*) AS c FROM ${table}`).get() as { c: number }).c,
          0,
          table,
        );
      }
    } finally {
      await reopened.close();
    }
  });
});
