/**
 * `registerMigration`, alone in its file: it changes the process-wide registry, so every store opened after it in
 * the same process records "test/registered", and a child process that does not know that id would refuse such a
 * store as written by a newer drugclaim (the kill -9 test of ./sqlite-reference-store.test.ts opens one in a child).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDatabase, registerMigration } from './database.ts';

describe('registerMigration', () => {
  it('registerMigration refuses the same id with different SQL', () => {
    registerMigration({
      id: 'test/registered',
      sql: 'CREATE TABLE IF NOT EXISTS registered_table (a INTEGER);',
    });
    registerMigration({
      id: 'test/registered',
      sql: 'CREATE TABLE IF NOT EXISTS registered_table (a INTEGER);',
    });
    assert.throws(() => registerMigration({ id: 'test/registered', sql: 'SELECT 1;' }), /registered twice/);
    const db = openDatabase(':memory:');
    assert.notEqual(
      db.prepare("SELECT name FROM sqlite_master WHERE name = 'registered_table'").get(),
      undefined,
    );
    db.close();
  });
});
