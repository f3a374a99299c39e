/**
 * The same bytes imported as claims and as a remittance (QA: a FHIR Bundle holding a Claim and its
 * ExplanationOfBenefit, imported by `claims import`, was refused by `remit import` as `already-imported`). A file is
 * recognised by its SHA-256 and the kind it was imported as (migration recovery/009): the Bundle is imported once each
 * way, and the same kind twice is still `already-imported`. On a fresh store, on a store of the schema before 009
 * that the migration upgrades (its rows kept, ids and all), through the CLI's import and over HTTP.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SQLInputValue } from 'node:sqlite';
import { after, describe, it } from 'node:test';
import { imfinziClaim, imfinziEob } from '../../src/adapters/fhir/testing.ts';
import { applyMigrations, openDatabase } from '../../src/adapters/store/database.ts';
import { RECOVERY_MIGRATIONS } from '../../src/adapters/store/recovery/schema.ts';
import { importRecoveryFile } from '../../src/adapters/store/recovery/session.ts';
import { RecoveryStore } from '../../src/adapters/store/recovery/store.ts';
import { multipart, testApp } from '../http/support.ts';

const tmp = mkdtempSync(join(tmpdir(), 'drugclaim-file-kinds-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const MIGRATION = 'recovery/009-files-unique-by-kind';

/** The QA's file: one Claim and the payer's ExplanationOfBenefit for it, in one Bundle. */
const BUNDLE = JSON.stringify({
  resourceType: 'Bundle',
  type: 'collection',
  entry: [
    { resource: imfinziClaim() },
    { resource: { ...imfinziEob('eob1'), claim: { reference: 'Claim/cl1' } } },
  ],
});
const bundlePath = join(tmp, 'claim-and-eob.json');
writeFileSync(bundlePath, BUNDLE);

type Kind = 'claims' | 'remittances';

/** `claims import` / `remit import` of the Bundle: the status, and what the store holds after it. */
function importAs(store: RecoveryStore, kind: Kind): [string, number, number] {
  const r = importRecoveryFile(store, bundlePath, kind);
  assert.ok(r.ok, r.ok ? '' : r.errors.join('; '));
  const counts = store.counts();
  return [r.summary.status, counts.claims, counts.remitClaims];
}

/** Each order of imports and what each step answers: [status, claims stored, remittance claims stored]. */
const ORDERS: [label: string, steps: [Kind, [string, number, number]][]][] = [
  [
    'claims, then remittances, then each again',
    [
      ['claims', ['imported', 1, 0]],
      ['remittances', ['imported', 1, 1]],
      ['claims', ['already-imported', 1, 1]],
      ['remittances', ['already-imported', 1, 1]],
    ],
  ],
  [
    'remittances first, then claims',
    [
      ['remittances', ['imported', 0, 1]],
      ['remittances', ['already-imported', 0, 1]],
      ['claims', ['imported', 1, 1]],
      ['claims', ['already-imported', 1, 1]],
    ],
  ],
];

const fresh = (): RecoveryStore =>
  new RecoveryStore(openDatabase(':memory:', { migrations: RECOVERY_MIGRATIONS }), { ownsDb: true });

void describe('the same bytes as claims and as a remittance', () => {
  for (const [label, steps] of ORDERS)
    void it(`a fresh store: ${label}`, () => {
      const store = fresh();
      assert.deepEqual(
        steps.map(([kind]) => importAs(store, kind)),
        steps.map(([, expected]) => expected),
      );
      // One file row per kind.
      assert.deepEqual(
        store.db
          .prepare('SELECT kind, name FROM recovery_files ORDER BY kind')
          .all()
          .map((r) => ({ ...r })),
        [
          { kind: 'claims', name: 'claim-and-eob.json' },
          { kind: 'remittances', name: 'claim-and-eob.json' },
        ],
      );
      store.close();
    });

  void it('fileBySha tells the kinds apart', () => {
    const store = fresh();
    const sha = RecoveryStore.hash(Buffer.from(BUNDLE));
    importAs(store, 'claims');
    assert.equal(store.fileBySha(sha, 'claims')?.kind, 'claims');
    assert.equal(store.fileBySha(sha, 'remittances'), undefined);
    store.close();
  });
});

void describe(`migration ${MIGRATION}`, () => {
  const before009 = RECOVERY_MIGRATIONS.findIndex((m) => m.id === MIGRATION);
  const tables = [
    'recovery_files',
    'recovery_claims',
    'recovery_remittances',
    'recovery_remit_claims',
    'recovery_findings',
    'recovery_finding_sources',
    'recovery_finding_history',
    'recovery_packaged_lines',
  ];

  /**
   * A store of the schema before 009 (migrations 001-008) holding what `imports` put in a current store, ids and
   * all: the rows are copied over, as in the migration tests of 003 and 007.
   */
  function oldStore(name: string, imports: Kind[]): string {
    const current = join(tmp, `${name}-current.db`);
    const store = fresh();
    for (const kind of imports) importAs(store, kind);
    store.db.exec(`VACUUM INTO '${current}'`);
    store.close();
    const path = join(tmp, `${name}-old.db`);
    assert.ok(before009 > 0);
    const old = openDatabase(path, { migrations: RECOVERY_MIGRATIONS.slice(0, before009) });
    old.exec(`ATTACH DATABASE '${current}' AS cur`);
    for (const table of tables) {
      const cols = (old.prepare(`PRAGMA main.table_info(${table})`).all() as { name: string }[])
        .map((c) => c.name)
        .join(', ');
      old.exec(`INSERT INTO main.${table} (${cols}) SELECT ${cols} FROM cur.${table}`);
    }
    old.exec('DETACH DATABASE cur');
    // What 009 changes: before it, the same bytes could not be recorded as the other kind.
    const sha = RecoveryStore.hash(Buffer.from(BUNDLE));
    assert.throws(
      () =>
        old
          .prepare(
            "INSERT INTO recovery_files (kind, name, sha256, imported_at) VALUES ('remittances', 'x', ?, 'now')",
          )
          .run(sha),
      /UNIQUE constraint failed: recovery_files\.sha256/,
    );
    old.close();
    return path;
  }

  /** Every row of every recovery table, in id order. */
  function rows(db: RecoveryStore['db']): Record<string, Record<string, SQLInputValue>[]> {
    return Object.fromEntries(
      tables.map((t) => [
        t,
        db.prepare(`SELECT * FROM ${t} ORDER BY id`).all() as Record<string, SQLInputValue>[],
      ]),
    );
  }

  void it('keeps every row, then imports the Bundle as the other kind once, and each kind twice is already-imported', () => {
    const path = oldStore('claims-first', ['claims']);
    const old = openDatabase(path, { migrations: RECOVERY_MIGRATIONS.slice(0, before009) });
    const before = rows(old);
    old.close();
    assert.equal(before['recovery_files']?.length, 1);
    assert.equal(before['recovery_claims']?.length, 1);

    const store = RecoveryStore.open(path);
    assert.deepEqual(rows(store.db), before, 'the same rows, with the same ids');
    assert.deepEqual(store.db.prepare('PRAGMA foreign_key_check').all(), []);
    assert.ok(store.db.prepare('SELECT 1 FROM schema_version WHERE id = ?').get(MIGRATION));
    assert.deepEqual(
      [importAs(store, 'claims'), importAs(store, 'remittances'), importAs(store, 'remittances')],
      [
        ['already-imported', 1, 0],
        ['imported', 1, 1],
        ['already-imported', 1, 1],
      ],
    );
    // The new remittance's file row is new; the claims keep pointing at theirs.
    const files = store.db.prepare('SELECT id, kind FROM recovery_files ORDER BY id').all() as {
      id: number;
      kind: string;
    }[];
    assert.deepEqual(
      files.map((f) => f.kind),
      ['claims', 'remittances'],
    );
    assert.equal(
      (store.db.prepare('SELECT file_id FROM recovery_claims').get() as { file_id: number }).file_id,
      files[0]?.id,
    );
    store.close();
  });

  void it('the Bundle imported as a remittance before 009: again already-imported, as claims imported once', () => {
    const path = oldStore('remits-first', ['remittances']);
    const store = RecoveryStore.open(path);
    assert.deepEqual(store.counts().remitClaims, 1);
    assert.deepEqual(
      [importAs(store, 'remittances'), importAs(store, 'claims'), importAs(store, 'claims')],
      [
        ['already-imported', 0, 1],
        ['imported', 1, 1],
        ['already-imported', 1, 1],
      ],
    );
    store.close();
  });

  void it('runs in one transaction: a rebuild that lost a file row the claims point at would not commit', () => {
    const path = oldStore('lossy', ['claims']);
    const migration = RECOVERY_MIGRATIONS[before009];
    assert.ok(migration);
    // The migration's own SQL, but copying back all file rows but the first: the deferred foreign keys must refuse it.
    const lossy = {
      id: `${MIGRATION}-lossy`,
      sql: migration.sql.replace(
        'FROM recovery_files_008;',
        'FROM recovery_files_008 WHERE id > (SELECT MIN(id) FROM recovery_files_008);',
      ),
    };
    assert.notEqual(lossy.sql, migration.sql);
    const db = openDatabase(path, { migrations: RECOVERY_MIGRATIONS.slice(0, before009) });
    const before = rows(db);
    assert.throws(() => applyMigrations(db, [lossy]), /lossy failed: FOREIGN KEY constraint failed/);
    assert.deepEqual(rows(db), before, 'rolled back: every row where it was');
    assert.match(
      (db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'recovery_files'").get() as { sql: string })
        .sql,
      /sha256 TEXT NOT NULL UNIQUE/,
    );
    assert.equal(
      db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'recovery_files_008'").get(),
      undefined,
    );
    db.close();
    // The real one then applies.
    const store = RecoveryStore.open(path);
    assert.deepEqual(rows(store.db), before);
    store.close();
  });
});

void describe('over HTTP: POST /api/claims/import, then /api/remits/import, of the same Bundle', () => {
  void it('imports it once each way; the same route again is already-imported', async () => {
    const t = await testApp();
    try {
      const send = async (url: string): Promise<string[]> => {
        const m = multipart([{ name: 'claim-and-eob.json', content: BUNDLE }]);
        const res = await t.as('biller', { method: 'POST', url, headers: m.headers, payload: m.payload });
        assert.equal(res.statusCode, 200, res.body);
        return (res.json() as { files: { status: string }[] }).files.map((f) => f.status);
      };
      assert.deepEqual(
        [
          await send('/api/claims/import'),
          await send('/api/remits/import'),
          await send('/api/claims/import'),
          await send('/api/remits/import'),
        ],
        [['imported'], ['imported'], ['already-imported'], ['already-imported']],
      );
      assert.deepEqual([t.recovery.store.counts().claims, t.recovery.store.counts().remitClaims], [1, 1]);
    } finally {
      await t.close();
    }
  });
});
