/**
 * A file's unfinished reconcile (migration recovery/012): an import stores a file in one transaction and reconciles
 * in a later one, so a process killed between the two left the file without its findings, and nothing said so. The
 * import now writes the file into recovery_unreconciled_files in its own transaction; only the transaction that files
 * a reconcile's findings empties it, a paced reconcile's included, and only after reading every file stored before.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Claim, Remittance } from '../../../core/claim/model.ts';
import {
  commercialRemittance,
  generatedClaims,
  medicareRemittance,
} from '../../../../test/recovery/fixtures.ts';
import { copyIntoOlderSchema, recoveryRows, recoveryTestSetup } from '../../../../test/recovery/setup.ts';
import { ACCOUNT_MIGRATIONS } from '../accounts/schema.ts';
import { openDatabase } from '../database.ts';
import { RECOVERY_MIGRATIONS } from './schema.ts';
import { RecoveryStore } from './store.ts';

const { ctx, tmp } = recoveryTestSetup('drugclaim-unreconciled-');

const T1 = '2026-07-01T09:00:00.000Z';
const T2 = '2026-07-02T09:00:00.000Z';

let files = 0;
const newPath = (name: string): string => join(tmp, `${String(++files)}-${name}.db`);

const openStore = (path: string): RecoveryStore =>
  new RecoveryStore(openDatabase(path, { migrations: [...ACCOUNT_MIGRATIONS, ...RECOVERY_MIGRATIONS] }), {
    ownsDb: true,
  });

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function importClaims(store: RecoveryStore, claims: readonly Claim[], name = 'claims.837'): void {
  store.importClaims({ name, bytes: bytes(`${name}:${JSON.stringify(claims)}`) }, claims, { now: T1 });
}

function importRemittances(store: RecoveryStore, remittances: readonly Remittance[], name: string): void {
  store.importRemittances({ name, bytes: bytes(`${name}:${JSON.stringify(remittances)}`) }, remittances, {
    now: T1,
  });
}

const unreconciled = (store: RecoveryStore): string[] => store.unreconciledFiles().map((f) => f.name);

/** The remittance claims no reconcile has analysed yet. */
const unanalysed = (store: RecoveryStore): number =>
  Number(
    store.db.prepare('SELECT COUNT(*) AS n FROM recovery_remit_claims WHERE analyzed_at IS NULL').get()?.[
      'n'
    ],
  );

/** The claims, then both 835s, each import reconciled: what an import that was never killed leaves. */
function completeRun(): Record<string, unknown[]> {
  const store = openStore(newPath('complete'));
  try {
    importClaims(store, generatedClaims());
    store.reconcile(ctx(), { now: T2 });
    importRemittances(store, [medicareRemittance()], 'medicare.835');
    importRemittances(store, [commercialRemittance()], 'commercial.835');
    store.reconcile(ctx(), { now: T2 });
    return recoveryRows(store);
  } finally {
    store.close();
  }
}

void describe('an import: the file is unreconciled, in its own transaction', () => {
  test('stored with its file; nothing for a file already imported, one that adds nothing, or one rejected', () => {
    const store = openStore(newPath('import'));
    try {
      importClaims(store, generatedClaims());
      assert.deepEqual(unreconciled(store), ['claims.837']);
      const [file] = store.unreconciledFiles();
      assert.equal(file?.kind, 'claims');
      assert.equal(file.importedAt, T1);
      assert.equal(file.sha256, RecoveryStore.hash(bytes(`claims.837:${JSON.stringify(generatedClaims())}`)));

      importClaims(store, generatedClaims());
      assert.deepEqual(unreconciled(store), ['claims.837'], 'already imported: no second row');
      store.reconcile(ctx(), { now: T2 });
      assert.deepEqual(unreconciled(store), []);
      // Other bytes, the same claims: the file is stored, its claims are not again, so there is nothing to reconcile.
      importClaims(store, generatedClaims(), 'claims again.837');
      assert.equal(store.counts().files, 2);
      assert.deepEqual(unreconciled(store), []);

      // A file rolled back (every item with a read error) leaves no row either.
      const claim = generatedClaims()[0];
      assert.ok(claim);
      const bad = store.importClaims(
        { name: 'bad.837', bytes: bytes('bad') },
        [{ ...claim, id: 'BAD1', position: { segmentIndex: 3 } }],
        { problems: [{ code: 'x', severity: 'error', message: 'bad', at: { segmentIndex: 4 } }] },
      );
      assert.equal(bad.status, 'rejected');
      assert.deepEqual(unreconciled(store), []);
    } finally {
      store.close();
    }
  });

  test('a process killed before its reconcile (the import alone): listed until a reconcile, which files it all', () => {
    const store = openStore(newPath('killed'));
    try {
      importClaims(store, generatedClaims());
      store.reconcile(ctx(), { now: T2 });
      // The kill: both 835s stored, their reconcile never run.
      importRemittances(store, [medicareRemittance()], 'medicare.835');
      importRemittances(store, [commercialRemittance()], 'commercial.835');
      assert.deepEqual(unreconciled(store), ['medicare.835', 'commercial.835']);
      assert.equal(store.findings({}).length, 0);

      store.reconcile(ctx(), { now: T2 });
      assert.deepEqual(unreconciled(store), []);
      assert.deepEqual(recoveryRows(store), completeRun());
    } finally {
      store.close();
    }
  });

  test('a reconcile that fails in its transaction leaves the files unreconciled', () => {
    const store = openStore(newPath('fails'));
    try {
      importClaims(store, generatedClaims());
      importRemittances(store, [medicareRemittance()], 'medicare.835');
      const failing = store as unknown as { applyLaterPayments: () => void };
      failing.applyLaterPayments = () => {
        throw new Error('disk full');
      };
      assert.throws(() => store.reconcile(ctx(), { now: T2 }), { message: 'disk full' });
      assert.deepEqual(unreconciled(store), ['claims.837', 'medicare.835']);
      assert.equal(store.findings({}).length, 0);
    } finally {
      store.close();
    }
  });
});

void describe('a paced reconcile: cleared when its last step commits', () => {
  test('stopped between two steps (the server closing, a kill): still unreconciled; run again: cleared', async () => {
    const store = openStore(newPath('paced-stopped'));
    try {
      importClaims(store, generatedClaims());
      importRemittances(store, [medicareRemittance()], 'medicare.835');
      importRemittances(store, [commercialRemittance()], 'commercial.835');
      let steps = 0;
      await assert.rejects(
        store.reconcilePaced(ctx(), { now: T2 }, async () => {
          if (++steps === 5) throw new Error('stopped');
        }),
        { message: 'stopped' },
      );
      assert.deepEqual(unreconciled(store), ['claims.837', 'medicare.835', 'commercial.835']);
      assert.equal(store.findings({}).length, 0);

      await store.reconcilePaced(ctx(), { now: T2 }, async () => undefined);
      assert.deepEqual(unreconciled(store), []);
      assert.equal(unanalysed(store), 0);
    } finally {
      store.close();
    }
  });

  test('a file another process stores while it reads is reconciled too before it is cleared', async () => {
    const path = newPath('paced-other');
    const store = openStore(path);
    const other = openStore(path);
    try {
      importClaims(store, generatedClaims());
      importRemittances(store, [medicareRemittance()], 'medicare.835');
      let steps = 0;
      await store.reconcilePaced(ctx(), { now: T2 }, async () => {
        // After it read the medicare remittance claims, another process's import of the commercial 835 (killed before
        // its own reconcile): the transaction that clears the rows must have read it.
        if (++steps === 2) importRemittances(other, [commercialRemittance()], 'commercial.835');
      });
      assert.deepEqual(unreconciled(store), []);
      assert.equal(unanalysed(store), 0, 'the commercial 835 is reconciled, not only cleared');
    } finally {
      other.close();
      store.close();
    }
  });
});

void describe('a reconcile reads what is pending under its write lock', () => {
  test('a file another process commits just before its transaction begins is reconciled, then cleared', () => {
    const path = newPath('sync-other');
    const store = openStore(path);
    const other = openStore(path);
    try {
      importClaims(store, generatedClaims());
      importRemittances(store, [medicareRemittance()], 'medicare.835');
      // The reconcile's transaction, with the other process's import committed just ahead of its BEGIN.
      const inner = store as unknown as { tx: <T>(fn: () => T) => T };
      const tx = inner.tx.bind(store);
      let once = true;
      inner.tx = <T>(fn: () => T): T => {
        if (once) importRemittances(other, [commercialRemittance()], 'commercial.835');
        once = false;
        return tx(fn);
      };
      store.reconcile(ctx(), { now: T2 });
      assert.deepEqual(unreconciled(store), []);
      assert.equal(unanalysed(store), 0, 'the commercial 835 is reconciled, not only cleared');
    } finally {
      other.close();
      store.close();
    }
  });
});

void describe('migration recovery/012', () => {
  test('a store made before it: each file with a remittance claim never analysed is unreconciled', () => {
    const before012 = RECOVERY_MIGRATIONS.findIndex((m) => m.id === 'recovery/012-unreconciled-files');
    assert.ok(before012 > 0);
    const made = openStore(newPath('made'));
    importClaims(made, generatedClaims());
    importRemittances(made, [medicareRemittance()], 'medicare.835');
    made.reconcile(ctx(), { now: T2 });
    // Killed: stored, never reconciled.
    importRemittances(made, [commercialRemittance()], 'commercial.835');
    const path = newPath('old');
    copyIntoOlderSchema(made, path, RECOVERY_MIGRATIONS.slice(0, before012), /^$/);
    const store = openStore(path);
    try {
      assert.deepEqual(unreconciled(store), ['commercial.835']);
      store.reconcile(ctx(), { now: T2 });
      assert.deepEqual(unreconciled(store), []);
    } finally {
      store.close();
    }
  });
});
