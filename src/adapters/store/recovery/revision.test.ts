/**
 * The revision a paced reconcile compares before and inside its write transaction (migration recovery/010): every
 * write to the files, claims, remittances and remittance claims changes it, whoever makes it, an update that keeps
 * the row counts and newest ids too; writes to other tables do not. A paced reconcile whose input another process
 * changed meanwhile works again and files what a reconcile after that change files; one beside audit and worklist
 * traffic reads once. A store made before the migration gets the counter when opened.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, test } from 'node:test';
import type { Claim, Remittance } from '../../../core/claim/model.ts';
import {
  commercialRemittance,
  generatedClaims,
  medicareRemittance,
} from '../../../../test/recovery/fixtures.ts';
import {
  INPUT_TABLES,
  RECOVERY_TABLES,
  recoveryRows,
  recoveryTestSetup,
} from '../../../../test/recovery/setup.ts';
import { ACCOUNT_MIGRATIONS } from '../accounts/schema.ts';
import { openDatabase } from '../database.ts';
import { RECOVERY_MIGRATIONS } from './schema.ts';
import { RecoveryStore, type ReconcileSummary } from './store.ts';

const { ctx, tmp } = recoveryTestSetup('drugclaim-revision-');

const T1 = '2026-07-01T09:00:00.000Z';
const T2 = '2026-07-02T09:00:00.000Z';
const T3 = '2026-07-03T09:00:00.000Z';

let files = 0;
/** A file path of its own in the temporary folder. */
const newPath = (name: string): string => join(tmp, `${String(++files)}-${name}.db`);

/** A store with the accounts tables too (the audit log and sessions a server writes into the same file). */
const openStore = (path: string): RecoveryStore =>
  new RecoveryStore(openDatabase(path, { migrations: [...ACCOUNT_MIGRATIONS, ...RECOVERY_MIGRATIONS] }), {
    ownsDb: true,
  });

const revisionOf = (store: RecoveryStore): readonly number[] =>
  (store as unknown as { inputRevision(): readonly number[] }).inputRevision();

function importClaims(store: RecoveryStore, claims: Claim[], n: number): void {
  const bytes = new TextEncoder().encode(`claims ${String(n)}:${JSON.stringify(claims)}`);
  store.importClaims({ name: `claims-${String(n)}.837`, bytes }, claims, { now: T1 });
}

function importRemittances(store: RecoveryStore, remittances: Remittance[], n: number): void {
  const bytes = new TextEncoder().encode(`remits ${String(n)}:${JSON.stringify(remittances)}`);
  store.importRemittances({ name: `remits-${String(n)}.835`, bytes }, remittances, { now: T1 });
}

/** The pace of a server: a turn of the event loop. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Submitted claims but RC1001, the Medicare 835, reconciled at T1: RC1001's and RC9999's remittance claims are
 * analysed and unmatched, so a reconcile (not --all) at T3 takes those two again and has nothing new to say of them.
 */
function history(store: RecoveryStore): void {
  importClaims(
    store,
    generatedClaims().filter((c) => c.id !== 'RC1001'),
    0,
  );
  importRemittances(store, [medicareRemittance()], 1);
  store.reconcile(ctx(), { now: T1 });
}
const PENDING = 2;

void describe('inputRevision: what changes it', () => {
  /** Each write made by hand (sqlite3: foreign keys off) on another connection to the file. */
  const cases: { name: string; sql: string; changes: boolean; insert?: true }[] = [
    ...INPUT_TABLES.flatMap((t) => [
      {
        name: `${t}: an update of a row (counts and newest id as they were)`,
        sql: `UPDATE ${t} SET id = id WHERE id = (SELECT MIN(id) FROM ${t})`,
        changes: true,
      },
      {
        name: `${t}: a delete of a row that is not the newest`,
        sql: `DELETE FROM ${t} WHERE id = (SELECT MIN(id) FROM ${t})`,
        changes: true,
      },
    ]),
    {
      name: 'recovery_files: an insert',
      sql: `INSERT INTO recovery_files (kind, name, sha256, imported_at) VALUES ('claims', 'x.837', 'ab', '${T2}')`,
      changes: true,
      insert: true,
    },
    {
      name: 'recovery_claims: an insert',
      sql: `INSERT INTO recovery_claims (file_id, claim_key, claim_id, total_charge_cents, line_count, body)
        SELECT file_id, 'another key', claim_id, total_charge_cents, line_count, body FROM recovery_claims
        WHERE id = (SELECT MIN(id) FROM recovery_claims)`,
      changes: true,
      insert: true,
    },
    {
      name: 'recovery_remittances: an insert',
      sql: `INSERT INTO recovery_remittances (file_id, header) SELECT file_id, header FROM recovery_remittances LIMIT 1`,
      changes: true,
      insert: true,
    },
    {
      name: 'recovery_remit_claims: an insert',
      sql: `INSERT INTO recovery_remit_claims (remittance_id, remit_key, patient_control_number, status, charge_cents,
          paid_cents, line_count, body)
        SELECT remittance_id, 'another key', patient_control_number, status, charge_cents, paid_cents, line_count, body
        FROM recovery_remit_claims WHERE id = (SELECT MIN(id) FROM recovery_remit_claims)`,
      changes: true,
      insert: true,
    },
    {
      name: "recovery_remit_claims: an analysed one matched to another claim (another process's reconcile --all)",
      sql: `UPDATE recovery_remit_claims SET claim_row = (SELECT MAX(id) FROM recovery_claims), match_method = 'pcn',
        analyzed_at = '${T2}' WHERE claim_row = (SELECT MIN(claim_row) FROM recovery_remit_claims)`,
      changes: true,
    },
    {
      name: 'recovery_claims: replaces set (a correction tied)',
      sql: `UPDATE recovery_claims SET replaces = (SELECT MIN(id) FROM recovery_claims), replaces_method = 'pccn'
        WHERE id = (SELECT MAX(id) FROM recovery_claims)`,
      changes: true,
    },
    {
      name: 'audit_log: an insert',
      sql: `INSERT INTO audit_log (at, action, method, route, status) VALUES ('${T2}', 'read', 'GET', '/api/x', 200)`,
      changes: false,
    },
    {
      name: 'account_sessions: a sign-in',
      sql: `INSERT INTO account_users (username, role, created_at, updated_at) VALUES ('ann', 'biller', '${T2}', '${T2}');
        INSERT INTO account_sessions (id_hash, user_id, created_at, expires_at, last_seen_at)
        VALUES ('h', (SELECT MAX(id) FROM account_users), '${T2}', '${T2}', '${T2}')`,
      changes: false,
    },
    {
      name: 'recovery_findings: a worklist status change, with its history',
      sql: `UPDATE recovery_findings SET status = 'in-progress', status_at = '${T2}' WHERE id = (SELECT MIN(id) FROM recovery_findings);
        INSERT INTO recovery_finding_history (finding_id, from_status, to_status, at)
        VALUES ((SELECT MIN(id) FROM recovery_findings), 'new', 'in-progress', '${T2}')`,
      changes: false,
    },
    {
      name: 'recovery_finding_sources and recovery_packaged_lines: an update',
      sql: `UPDATE recovery_packaged_lines SET remit_date = '${T2}'; UPDATE recovery_finding_sources SET added_at = '${T2}'`,
      changes: false,
    },
  ];

  for (const c of cases)
    void test(`${c.name}: ${c.changes ? 'changed' : 'unchanged'}`, () => {
      const path = newPath('revision');
      const store = openStore(path);
      const other = new DatabaseSync(path, { enableForeignKeyConstraints: false });
      try {
        history(store);
        // A second remittance, so that one that is not the newest can go.
        importRemittances(store, [commercialRemittance()], 2);
        const newest = (): unknown[] =>
          INPUT_TABLES.map((t) => store.db.prepare(`SELECT MAX(id) AS id FROM ${t}`).get()?.['id']);
        const before = revisionOf(store);
        const newestBefore = newest();
        other.exec(c.sql);
        assert.ok(other.prepare('SELECT changes() AS n').get()?.['n'], 'the write changed a row');
        const now = revisionOf(store);
        if (c.changes) assert.notDeepEqual(now, before);
        else assert.deepEqual(now, before);
        // The counter, not the newest ids, sees what keeps them.
        if (!c.insert) assert.deepEqual(newest(), newestBefore);
        assert.equal(now.length, 5);
        assert.ok(now.every(Number.isInteger), String(now));
      } finally {
        other.close();
        store.close();
      }
    });

  void test('a write rolled back leaves it as it was', () => {
    const path = newPath('rollback');
    const store = openStore(path);
    try {
      history(store);
      const before = revisionOf(store);
      store.db.exec('BEGIN');
      store.db.exec("UPDATE recovery_remit_claims SET match_reason = 'by hand'");
      assert.notDeepEqual(revisionOf(store), before, 'seen inside the transaction');
      store.db.exec('ROLLBACK');
      assert.deepEqual(revisionOf(store), before);
    } finally {
      store.close();
    }
  });
});

void describe('reconcilePaced: an update by another process that keeps counts and newest ids', () => {
  /** Each as another process makes it, on its own connection, while the paced reconcile reads. */
  const cases: { name: string; change: (other: RecoveryStore) => void }[] = [
    {
      // It rewrites analyzed_at and the match of every remittance claim, counts and ids kept: filed with what was read
      // before it, RC1001's and RC9999's would go back to T1.
      name: "another process's reconcile --all",
      change: (other) => other.reconcile(ctx(), { now: T2, all: true }),
    },
    {
      name: 'a remittance claim matched by hand to another claim (claim_row, match columns)',
      change: (other) =>
        other.db.exec(`UPDATE recovery_remit_claims SET match_method = 'pcn', match_reason = NULL,
          claim_row = (SELECT MAX(id) FROM recovery_claims), analyzed_at = '${T2}'
          WHERE claim_row = (SELECT MIN(claim_row) FROM recovery_remit_claims)`),
    },
    {
      name: 'a claim tied as the replacement of another (replaces)',
      change: (other) =>
        other.db.exec(`UPDATE recovery_claims SET replaces = (SELECT MIN(id) FROM recovery_claims),
          replaces_method = 'pccn' WHERE id = (SELECT MAX(id) FROM recovery_claims)`),
    },
  ];

  for (const c of cases)
    void test(`${c.name}: worked out again, as a reconcile after it`, async () => {
      const reference = openStore(newPath('reference'));
      let expected: { summary: ReconcileSummary; rows: Record<string, unknown[]> };
      try {
        history(reference);
        c.change(reference);
        expected = { summary: reference.reconcile(ctx(), { now: T3 }), rows: recoveryRows(reference) };
      } finally {
        reference.close();
      }

      const path = newPath('paced');
      const store = openStore(path);
      const other = openStore(path);
      try {
        history(store);
        let turns = 0;
        const summary = await store.reconcilePaced(ctx(), { now: T3 }, async () => {
          // Once the first remittance claim was read and worked out.
          if (++turns === 2) c.change(other);
          await turn();
        });
        assert.equal(turns, 2 * (1 + PENDING), 'read twice: before the change, then after it');
        assert.deepEqual(summary, expected.summary);
        assert.deepEqual(recoveryRows(store), expected.rows);
      } finally {
        other.close();
        store.close();
      }
    });
});

void describe('reconcilePaced: writes to what it does not read', () => {
  test('audit rows, sessions and worklist changes by another process during the reading: read once', async () => {
    const path = newPath('traffic');
    const store = openStore(path);
    const other = openStore(path);
    try {
      history(store);
      const item = store.findings({})[0];
      assert.ok(item);
      let turns = 0;
      const summary = await store.reconcilePaced(ctx(), { now: T3 }, async () => {
        turns++;
        other.db
          .prepare(
            "INSERT INTO audit_log (at, action, method, route, status) VALUES (?, 'read', 'GET', '/', 200)",
          )
          .run(T2);
        const worked = other.setStatus(item.id, 'in-progress', {
          note: `call ${String(turns)}`,
          at: T2,
          by: 'ann',
        });
        assert.ok(worked.ok, JSON.stringify(worked));
        await turn();
      });
      assert.equal(turns, 1 + PENDING, 'read once');
      assert.equal(summary.stillUnmatched, PENDING);
    } finally {
      other.close();
      store.close();
    }
  });
});

void describe('migration recovery/010', () => {
  const MIGRATION = 'recovery/010-input-revision';
  const before010 = RECOVERY_MIGRATIONS.findIndex((m) => m.id === MIGRATION);

  test('a store made before it opens with the counter, its triggers and every row; a paced reconcile then works', async () => {
    assert.ok(before010 > 0);
    // The rows of a current store copied into one of the schema before 010, ids and all.
    const current = newPath('current');
    const made = openStore(current);
    history(made);
    made.close();
    const path = newPath('old');
    const old = openDatabase(path, { migrations: RECOVERY_MIGRATIONS.slice(0, before010) });
    old.exec(`ATTACH DATABASE '${current}' AS cur`);
    for (const table of RECOVERY_TABLES) {
      // The columns of the older schema (later migrations add some).
      const cols = (old.prepare(`PRAGMA main.table_info(${table})`).all() as { name: string }[])
        .map((c) => c.name)
        .join(', ');
      old.exec(`INSERT INTO main.${table} (${cols}) SELECT ${cols} FROM cur.${table}`);
    }
    old.exec('DETACH DATABASE cur');
    assert.equal(
      old.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'recovery_revision'").get(),
      undefined,
    );
    old.close();

    const store = openStore(path);
    const other = openStore(path);
    try {
      assert.ok(store.db.prepare('SELECT 1 FROM schema_version WHERE id = ?').get(MIGRATION));
      assert.deepEqual({ ...store.db.prepare('SELECT id, n FROM recovery_revision').get() }, { id: 1, n: 0 });
      const triggers = store.db
        .prepare(
          "SELECT tbl_name, name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE '%_revision_%'",
        )
        .all()
        .map((r) => `${String(r['tbl_name'])} ${String(r['name'])}`)
        .sort();
      assert.deepEqual(
        triggers,
        INPUT_TABLES.flatMap((t) => [`${t} ${t}_revision_delete`, `${t} ${t}_revision_update`]).sort(),
      );
      const before = revisionOf(store);
      other.db.exec("UPDATE recovery_remit_claims SET match_reason = 'by hand'");
      assert.notDeepEqual(revisionOf(store), before);

      // Then reconciled as a store made now would be (the same update made there first).
      const fresh = openStore(newPath('fresh'));
      try {
        history(fresh);
        fresh.db.exec("UPDATE recovery_remit_claims SET match_reason = 'by hand'");
        const summary = await store.reconcilePaced(ctx(), { now: T3 }, turn);
        assert.deepEqual(summary, fresh.reconcile(ctx(), { now: T3 }));
        assert.deepEqual(recoveryRows(store), recoveryRows(fresh));
      } finally {
        fresh.close();
      }
    } finally {
      other.close();
      store.close();
    }
  });
});
