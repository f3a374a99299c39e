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
import { DatabaseSync } from 'node:sqlite';
import { after, describe, it } from 'node:test';
import { repoRoot, x12SamplesDir } from '../../../test/support/shared.ts';
import {
  NewerStoreError,
  onStoreUpgrade,
  openDatabase,
  rollbackIfOpen,
  sqlitePrimaryCode,
  StoreOpenError,
  type Migration,
  type StoreUpgrade,
} from './database.ts';

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

describe('openDatabase: a store written by a newer drugclaim', () => {
  it('every module’s migrations are known to this build, whichever module opens the store', async () => {
    const { KNOWN_MIGRATIONS } = await import('./known-migrations.ts');
    const { ACCOUNT_MIGRATIONS } = await import('./accounts/index.ts');
    const { RECOVERY_MIGRATIONS } = await import('./recovery/schema.ts');
    const { REFERENCE_MIGRATIONS } = await import('./sqlite-reference-store.ts');
    const known = new Set(KNOWN_MIGRATIONS.map((m) => m.id));
    for (const m of [...REFERENCE_MIGRATIONS, ...ACCOUNT_MIGRATIONS, ...RECOVERY_MIGRATIONS])
      assert.ok(known.has(m.id), m.id);
  });

  it("opens a store with a module this build does not know at all (a library user's own tables): not its tables", () => {
    const path = join(tmp, 'extended.db');
    openDatabase(path, {
      migrations: [{ id: 'claims/001-claims', sql: 'CREATE TABLE my_claims (x TEXT)' }],
    }).close();
    // Opened without that module: its migration is someone else's, not one from a newer drugclaim.
    const db = openDatabase(path);
    db.close();
  });

  it('refuses to open it, naming the migrations it does not know, and writes nothing', () => {
    const path = join(tmp, 'newer.db');
    const good: Migration = { id: 'test/001-claims', sql: 'CREATE TABLE test_claims (x TEXT)' };
    const db = openDatabase(path, { migrations: [good] });
    db.prepare('INSERT INTO schema_version (id, applied_at) VALUES (?, ?)').run(
      'recovery/999-from-the-future',
      '2030-01-01T00:00:00.000Z',
    );
    db.close();
    const recorded = (): string[] => {
      const check = new DatabaseSync(path, { readOnly: true });
      try {
        return check
          .prepare('SELECT id FROM schema_version ORDER BY id')
          .all()
          .map((r) => String(r['id']));
      } finally {
        check.close();
      }
    };
    const before = recorded();
    // A migration this build would apply is not applied either: the store is not this build's to change.
    const later: Migration = { id: 'test/002-more', sql: 'CREATE TABLE test_more (x TEXT)' };
    assert.throws(
      () => openDatabase(path, { migrations: [good, later] }),
      (err: unknown) => {
        assert.ok(err instanceof NewerStoreError);
        assert.equal(err.code, 'store-newer-than-drugclaim');
        assert.deepEqual(err.unknownMigrations, ['recovery/999-from-the-future']);
        assert.equal(
          err.message,
          `the store ${path} was written by a newer drugclaim: it records migrations this drugclaim does not know ` +
            '(recovery/999-from-the-future). Upgrade drugclaim, or restore a backup taken before the upgrade ' +
            '(docs/operations.md, "Backups and restore").',
        );
        return true;
      },
    );
    assert.throws(() => openDatabase(path, { migrations: [good], readOnly: true }), NewerStoreError);
    assert.deepEqual(recorded(), before);
  });
});

describe('openDatabase: which migrations it applied', () => {
  const first: Migration = { id: 'test/001-claims', sql: 'CREATE TABLE test_claims (x TEXT)' };
  const second: Migration = { id: 'test/002-notes', sql: 'ALTER TABLE test_claims ADD COLUMN note TEXT' };
  const third: Migration = { id: 'test/003-more-notes', sql: 'ALTER TABLE test_claims ADD COLUMN more TEXT' };
  const otherModule: Migration = { id: 'other/001-tables', sql: 'CREATE TABLE other_things (x TEXT)' };

  it('tells the onStoreUpgrade listeners when it upgrades a module of the store, not when it creates tables', () => {
    const path = join(tmp, 'upgraded.db');
    const heard: StoreUpgrade[] = [];
    const stop = onStoreUpgrade((u) => heard.push(u));
    try {
      openDatabase(path, { migrations: [first] }).close();
      assert.deepEqual(heard, [], 'a new store is created, not upgraded');
      openDatabase(path, { migrations: [first] }).close();
      assert.deepEqual(heard, [], 'nothing to apply');
      openDatabase(path, { migrations: [first, second, otherModule] }).close();
      // test/ had tables already: upgraded. other/ gets its first tables: created, as in a new store.
      assert.deepEqual(heard, [{ path, applied: ['test/002-notes'] }]);
    } finally {
      stop();
    }
    openDatabase(path, { migrations: [first, second, otherModule, third] }).close();
    assert.equal(heard.length, 1, 'a stopped listener hears no more');
  });
});

describe('a failure after which SQLite has already rolled back (as on SQLITE_FULL)', () => {
  // RAISE(ROLLBACK) ends the transaction as SQLite does on a full disk: a second ROLLBACK would fail with
  // "cannot rollback - no transaction is active" and hide the real error.
  const full = `CREATE TABLE filler (x TEXT);
CREATE TRIGGER filler_full BEFORE INSERT ON filler BEGIN SELECT RAISE(ROLLBACK, 'database or disk is full'); END;
INSERT INTO filler VALUES ('x');`;

  it('a migration reports the real error, and the next open applies it afresh', () => {
    const path = join(tmp, 'full.db');
    openDatabase(path, { migrations: [{ id: 'test/001-a', sql: 'CREATE TABLE a (x TEXT)' }] }).close();
    assert.throws(
      () =>
        openDatabase(path, {
          migrations: [
            { id: 'test/001-a', sql: 'CREATE TABLE a (x TEXT)' },
            { id: 'test/002-full', sql: full },
          ],
        }),
      { message: 'migration test/002-full failed: database or disk is full' },
    );
    const db = openDatabase(path, { migrations: [{ id: 'test/001-a', sql: 'CREATE TABLE a (x TEXT)' }] });
    try {
      assert.equal(db.isTransaction, false);
      assert.equal(db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'filler'").get(), undefined);
    } finally {
      db.close();
    }
  });

  it('rollbackIfOpen rolls back an open transaction and leaves an ended one alone', () => {
    const db = new DatabaseSync(':memory:');
    db.exec('CREATE TABLE t (x TEXT)');
    db.exec('BEGIN');
    db.exec("INSERT INTO t VALUES ('kept?')");
    rollbackIfOpen(db);
    assert.equal(db.isTransaction, false);
    assert.equal(db.prepare('SELECT count(*) AS n FROM t').get()?.['n'], 0);
    assert.doesNotThrow(() => rollbackIfOpen(db));
    db.close();
  });
});

describe('openDatabase: a path it cannot open', () => {
  it('a folder: the error names the path and says to name the file', () => {
    const folder = join(tmp, 'a-folder.db');
    mkdirSync(folder);
    assert.throws(
      () => openDatabase(folder),
      (err: unknown) => {
        assert.ok(err instanceof StoreOpenError);
        assert.equal(err.code, 'store-open-failed');
        assert.equal(err.dbPath, folder);
        assert.equal(
          err.message,
          `cannot open the store ${folder}: unable to open database file. ${folder} is a folder; the store's path ` +
            `(DRUGCLAIM_DB) must name the database file, e.g. ${join(folder, 'drugclaim.db')}.`,
        );
        return true;
      },
    );
    assert.deepEqual(readdirSync(folder), [], 'nothing created in it');
  });
});

describe('sqlitePrimaryCode', () => {
  /** What node:sqlite threw for `run`. */
  const thrown = (run: () => unknown): unknown => {
    try {
      run();
    } catch (err) {
      return err;
    }
    assert.fail('it did not throw');
  };
  const cases: [string, unknown, number | undefined][] = [
    [
      'an error node:sqlite threw (SQLITE_ERROR 1)',
      thrown(() => new DatabaseSync(':memory:').exec('ROLLBACK')),
      1,
    ],
    [
      'a file it cannot open (SQLITE_CANTOPEN 14)',
      thrown(() => new DatabaseSync(join(tmp, 'no-such', 'x.db'))),
      14,
    ],
    [
      'an extended code, reduced to its primary (SQLITE_IOERR_SHMSIZE 4874 is SQLITE_IOERR 10)',
      { code: 'ERR_SQLITE_ERROR', errcode: 4874, errstr: 'disk I/O error' },
      10,
    ],
    ['SQLITE_READONLY_DBMOVED 1032 is SQLITE_READONLY 8', { errcode: 1032 }, 8],
    ['an errcode without code: ERR_SQLITE_ERROR (callers that need it check it)', { errcode: 13 }, 13],
    ['an error with no errcode', new Error('not SQLite'), undefined],
    ['an errno error (code, no errcode)', Object.assign(new Error('EACCES'), { code: 'EACCES' }), undefined],
    ['an errcode that is not a number', { code: 'ERR_SQLITE_ERROR', errcode: '13' }, undefined],
    ['null', null, undefined],
    ['undefined', undefined, undefined],
  ];
  for (const [label, err, primary] of cases) it(label, () => assert.equal(sqlitePrimaryCode(err), primary));
});
