/** RecoveryStore's transactions when SQLite has already rolled back (a full disk): the real error comes through. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDatabase } from '../database.ts';
import { RECOVERY_MIGRATIONS } from './schema.ts';
import { RecoveryStore } from './store.ts';

describe('RecoveryStore: a write that fails after SQLite rolled back', () => {
  it('throws the real error, not "cannot rollback - no transaction is active", and the store stays usable', () => {
    const store = new RecoveryStore(openDatabase(':memory:', { migrations: RECOVERY_MIGRATIONS }), {
      ownsDb: true,
    });
    try {
      // RAISE(ROLLBACK) ends the transaction as SQLite does on SQLITE_FULL.
      store.db.exec(`CREATE TRIGGER disk_full BEFORE INSERT ON recovery_files
        BEGIN SELECT RAISE(ROLLBACK, 'database or disk is full'); END;`);
      const file = { name: 'claims.837', bytes: new TextEncoder().encode('ISA*') };
      assert.throws(() => store.importClaims(file, []), { message: 'database or disk is full' });
      assert.equal(store.db.isTransaction, false);
      store.db.exec('DROP TRIGGER disk_full');
      assert.equal(store.importClaims(file, []).status, 'imported');
    } finally {
      store.close();
    }
  });
});
