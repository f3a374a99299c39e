/**
 * `backupStore`: a consistent, private (0600) copy of a store that another connection keeps writing, what is still
 * in the -wal included; an existing file is kept unless forced, and a failure leaves nothing behind.
 */
import assert from 'node:assert/strict';
import {
  chmodSync,
  linkSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { backupStore, schemaVersions } from './backup.ts';
import { openDatabase, type Migration } from './database.ts';

const tmp = mkdtempSync(join(tmpdir(), 'drugclaim-backup-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);

/** Every write adds one claim and its audit row in one transaction: a consistent copy has as many of each. */
const ledger: Migration = {
  id: 'test/001-ledger',
  sql: 'CREATE TABLE claims (id INTEGER PRIMARY KEY, body TEXT); CREATE TABLE audit (claim_id INTEGER)',
};
const BODY = 'CLM*'.padEnd(400, 'x');

function write(db: DatabaseSync, count: number): void {
  const claim = db.prepare('INSERT INTO claims (body) VALUES (?)');
  const audit = db.prepare('INSERT INTO audit (claim_id) VALUES (?)');
  db.exec('BEGIN IMMEDIATE');
  for (let i = 0; i < count; i++) audit.run(claim.run(BODY).lastInsertRowid);
  db.exec('COMMIT');
}

function counts(path: string): { claims: number; audit: number; integrity: string } {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const n = (sql: string): number => Number(db.prepare(sql).get()?.['n']);
    return {
      claims: n('SELECT count(*) AS n FROM claims'),
      audit: n('SELECT count(*) AS n FROM audit'),
      integrity: String(db.prepare('PRAGMA integrity_check').get()?.['integrity_check']),
    };
  } finally {
    db.close();
  }
}

describe('backupStore', () => {
  const store = join(tmp, 'drugclaim.db');
  let writer: DatabaseSync;
  before(() => {
    writer = openDatabase(store, { migrations: [ledger] });
    // The server's last commits are still in the -wal, which `cp drugclaim.db` would miss.
    writer.exec('PRAGMA wal_autocheckpoint = 0');
    write(writer, 20_000);
  });
  after(() => writer.close());

  it('copies the store while another connection writes: consistent, with the -wal, 0600, integrity ok', async () => {
    assert.ok(statSync(`${store}-wal`).size > 1_000_000, 'the rows are in the -wal');
    const out = join(tmp, 'backup.db');
    let writes = 0;
    let running = true;
    const writing = (async () => {
      while (running) {
        write(writer, 50);
        writes++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const writesBefore = writes;
    const before = process.umask(0); // whatever the umask lets through
    let result;
    let writesDuring;
    try {
      result = await backupStore(store, out);
      writesDuring = writes - writesBefore;
    } finally {
      process.umask(before);
      running = false;
      await writing;
    }
    assert.ok(result.ok, result.ok ? '' : result.message);
    assert.ok(writesDuring >= 2, `the other connection committed ${writesDuring} times during the backup`);
    assert.equal(result.path, out);
    assert.equal(result.bytes, statSync(out).size);
    assert.equal(result.mode, '0600');
    assert.equal(mode(out), '600');
    assert.deepEqual(result.migrations, ['test/001-ledger']);
    assert.deepEqual(result.schemaVersions, ['test/001-ledger']);
    const copy = counts(out);
    assert.equal(copy.integrity, 'ok');
    assert.ok(copy.claims >= 20_000, `${copy.claims} claims`);
    assert.equal(copy.audit, copy.claims, 'one commit, never half of one');
    // One self-contained file: no -wal to carry along, nothing left beside it.
    assert.deepEqual(
      readdirSync(tmp).filter((f) => f.includes('backup')),
      ['backup.db'],
    );
    assert.equal(readFileSync(out)[18], 1, 'rollback-journal format');
  });

  it('refuses to overwrite an existing file, and replaces it (0600) with force', async () => {
    const out = join(tmp, 'existing.db');
    writeFileSync(out, 'yesterday');
    chmodSync(out, 0o644);
    const refused = await backupStore(store, out);
    assert.deepEqual(refused, {
      ok: false,
      code: 'exists',
      message: `${out} exists: nothing was written. Name another file, or add --force to replace it.`,
    });
    assert.equal(readFileSync(out, 'utf8'), 'yesterday');
    const forced = await backupStore(store, out, { force: true });
    assert.ok(forced.ok);
    assert.equal(mode(out), '600');
    assert.equal(counts(out).integrity, 'ok');
  });

  it('fails with a message, leaving nothing behind: no store, no folder for the backup', async () => {
    const missing = join(tmp, 'none.db');
    assert.deepEqual(await backupStore(missing, join(tmp, 'x.db')), {
      ok: false,
      code: 'no-store',
      message: `no store at ${missing} to back up (DRUGCLAIM_DB names the store).`,
    });
    const out = join(tmp, 'no-such-folder', 'b.db');
    const failed = await backupStore(store, out);
    assert.equal(failed.ok, false);
    assert.equal(failed.ok ? '' : failed.code, 'failed');
    assert.match(failed.ok ? '' : failed.message, /^backing up .* failed, nothing was written: ENOENT/);
    assert.equal(
      readdirSync(tmp).some((f) => f.endsWith('.partial') || f === 'x.db'),
      false,
    );
    const self = await backupStore(store, store, { force: true });
    assert.equal(self.ok ? '' : self.code, 'failed');
    // The same files named through a symbolic link to their folder, or a hard link: still the live store.
    const linked = join(tmp, 'linked');
    symlinkSync(tmp, linked);
    for (const name of ['drugclaim.db', 'drugclaim.db-wal']) {
      const through = await backupStore(store, join(linked, name), { force: true });
      assert.match(through.ok ? '' : through.message, /cannot be written over the store itself/);
    }
    // The store named through a symbolic link to the file: its -wal is beside the real file.
    const alias = join(tmp, 'alias.db');
    symlinkSync(store, alias);
    const wal = await backupStore(alias, `${store}-wal`, { force: true });
    assert.match(wal.ok ? '' : wal.message, /cannot be written over the store itself/);
    linkSync(store, join(tmp, 'hard.db'));
    const hard = await backupStore(store, join(tmp, 'hard.db'), { force: true });
    assert.match(hard.ok ? '' : hard.message, /cannot be written over the store itself/);
    assert.equal(counts(store).integrity, 'ok');
  });

  it('schemaVersions: the last migration of each module', () => {
    assert.deepEqual(
      schemaVersions([
        'reference/001-a',
        'recovery/002-b',
        'accounts/001-a',
        'recovery/001-a',
        'accounts/005-e',
      ]),
      ['accounts/005-e', 'recovery/002-b', 'reference/001-a'],
    );
  });
});
