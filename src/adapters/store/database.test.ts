/**
 * The store holds PHI: a database drugclaim creates is readable by its owner only (folder 0700, file, -wal and -shm
 * 0600) whatever the umask, and what already exists keeps its mode.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { repoRoot, x12SamplesDir } from '../../../test/support/shared.ts';
import { openDatabase, type Migration } from './database.ts';

const tmp = mkdtempSync(join(tmpdir(), 'drugclaim-db-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);

/** Opens a database with the umask set to `umask`, writes a row (so the WAL exists) and returns it open. */
function openWith(path: string, umask: number): ReturnType<typeof openDatabase> {
  const before = process.umask(umask);
  try {
    const db = openDatabase(path);
    db.exec('CREATE TABLE IF NOT EXISTS t (x TEXT)');
    db.exec("INSERT INTO t VALUES ('claim')");
    return db;
  } finally {
    process.umask(before);
  }
}

describe('openDatabase: file modes', () => {
  const umasks: [string, number][] = [
    ['umask 022', 0o022],
    ['umask 000 (every bit let through)', 0o000],
  ];
  for (const [label, umask] of umasks) {
    it(`${label}: new folders 0700; the database, -wal and -shm 0600`, () => {
      const top = join(tmp, `new-${umask.toString(8)}`);
      const path = join(top, 'nested', 'drugclaim.db');
      const db = openWith(path, umask);
      try {
        const files = [top, join(top, 'nested'), path, `${path}-wal`, `${path}-shm`];
        assert.deepEqual(
          files.map((f) => [f, mode(f)]),
          files.map((f, i) => [f, i < 2 ? '700' : '600']),
        );
      } finally {
        db.close();
      }
    });
  }

  it('an existing folder and database keep their modes (a store shared on purpose stays shared)', () => {
    const folder = join(tmp, 'existing');
    mkdirSync(folder);
    chmodSync(folder, 0o750);
    const path = join(folder, 'drugclaim.db');
    writeFileSync(path, '');
    chmodSync(path, 0o640);
    const db = openWith(path, 0o022);
    try {
      assert.deepEqual(
        [mode(folder), mode(path), mode(`${path}-wal`)],
        ['750', '640', '640'], // SQLite gives the WAL the database file's mode
      );
    } finally {
      db.close();
    }
  });

  it('a read-only open creates nothing', () => {
    const path = join(tmp, 'absent', 'drugclaim.db');
    assert.throws(() => openDatabase(path, { readOnly: true }));
    assert.throws(() => statSync(join(tmp, 'absent')), /ENOENT/);
  });
});

describe('openDatabase: a first open that fails', () => {
  // The first migration commits (the file and its WAL are written), the second fails.
  const good: Migration = { id: 'test/001-claims', sql: 'CREATE TABLE test_claims (x TEXT)' };
  const broken: Migration = { id: 'test/002-broken', sql: 'INSERT INTO no_such_table VALUES (1)' };

  it('leaves nothing behind when it created the file: no database, -wal, -shm or -journal', () => {
    const folder = join(tmp, 'failed-first-open');
    const path = join(folder, 'drugclaim.db');
    assert.throws(
      () => openDatabase(path, { migrations: [good, broken] }),
      /migration test\/002-broken failed: no such table/,
    );
    assert.deepEqual(readdirSync(folder), []);
    // So the next start creates the store afresh rather than taking a half-built file for one.
    const db = openDatabase(path, { migrations: [good] });
    db.close();
    assert.ok(existsSync(path));
  });

  it('keeps a store that existed before, with its data', () => {
    const path = join(tmp, 'kept.db');
    const first = openDatabase(path, { migrations: [good] });
    first.exec("INSERT INTO test_claims VALUES ('claim')");
    first.close();
    assert.throws(() => openDatabase(path, { migrations: [good, broken] }), /test\/002-broken failed/);
    const db = openDatabase(path, { migrations: [good] });
    try {
      assert.deepEqual(
        db
          .prepare('SELECT x FROM test_claims')
          .all()
          .map((r) => r['x']),
        ['claim'],
      );
    } finally {
      db.close();
    }
  });

  it('keeps an empty file that existed before (not its to remove)', () => {
    const path = join(tmp, 'empty-before.db');
    writeFileSync(path, '');
    assert.throws(() => openDatabase(path, { migrations: [broken] }), /test\/002-broken failed/);
    assert.ok(existsSync(path));
  });
});

describe('the default store, ~/.drugclaim/drugclaim.db', () => {
  it('a first run in a new home: ~/.drugclaim is 0700 (the CLI also keeps its compile cache there), the store 0600', () => {
    const home = join(tmp, 'home');
    mkdirSync(home);
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env))
      if (v !== undefined && !k.startsWith('DRUGCLAIM_') && k !== 'NODE_COMPILE_CACHE') env[k] = v;
    const sample = join(x12SamplesDir(), '837P_lfh_drug-example10-1_J1550-ndc.837');
    const r = spawnSync(
      process.execPath,
      [join(repoRoot, 'bin', 'drugclaim.js'), 'claims', 'import', sample],
      {
        env: { ...env, HOME: home },
        encoding: 'utf8',
      },
    );
    // Imported; exit 2 only because this store has no reference data to reconcile with.
    assert.match(r.stdout, /imported/, r.stderr);
    assert.deepEqual(
      [mode(join(home, '.drugclaim')), mode(join(home, '.drugclaim', 'drugclaim.db'))],
      ['700', '600'],
    );
  });
});
