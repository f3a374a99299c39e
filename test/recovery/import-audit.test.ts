/**
 * The CLI's import path (`claims import`, `remit import` through `importRecoveryFile`): the audit row of each stored
 * file is written in the file's transaction, so a row that cannot be written (a full disk) leaves nothing of the file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AccountStore, type AuditEntry } from '../../src/adapters/store/accounts/index.ts';
import { importRecoveryFile } from '../../src/adapters/store/recovery/session.ts';
import { RecoveryStore, type ImportSummary } from '../../src/adapters/store/recovery/store.ts';
import { generatedClaims, write837P } from './fixtures.ts';

let dir: string;
let store: RecoveryStore;
let accounts: AccountStore;

const audit = (stored: ImportSummary): AuditEntry => ({
  userId: null,
  username: 'cli:test',
  tokenId: null,
  action: 'claims.import',
  method: 'CLI',
  route: 'drugclaim claims import',
  resource: `file sha256:${stored.sha256.slice(0, 12)} items:${stored.items} added:${stored.added}`,
  status: 200,
  ip: null,
});
const count = (table: string): number =>
  Number((store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'drugclaim-import-audit-'));
  store = RecoveryStore.open(join(dir, 'store.db'));
  accounts = new AccountStore(store.db);
});
after(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

void describe('importRecoveryFile with an audit row', () => {
  void it('writes the row with the stored file, none for the same file again', () => {
    const path = file('claims.837', write837P(generatedClaims(), 1));
    const r = importRecoveryFile(store, path, 'claims', { audit });
    assert.ok(r.ok);
    assert.equal(r.summary.status, 'imported');
    const rows = accounts.listAudit({ action: 'claims.import' });
    assert.deepEqual(
      rows.map((row) => [row.resource, row.at]),
      [
        [
          `file sha256:${r.summary.sha256.slice(0, 12)} items:9 added:9`,
          store.fileBySha(r.summary.sha256, 'claims')?.importedAt,
        ],
      ],
    );
    const again = importRecoveryFile(store, path, 'claims', { audit });
    assert.ok(again.ok);
    assert.equal(again.summary.status, 'already-imported');
    assert.equal(accounts.listAudit({ action: 'claims.import' }).length, 1);
  });

  void it('keeps nothing of the file when its row cannot be written', () => {
    const before = { files: count('recovery_files'), claims: count('recovery_claims') };
    const limit = (store.db.prepare('PRAGMA max_page_count').get() as { max_page_count: number })
      .max_page_count;
    const pages = (store.db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count;
    store.db.exec(`PRAGMA max_page_count = ${pages + 1000}`);
    store.db.exec(`CREATE TABLE test_fill (b BLOB);
      CREATE TRIGGER test_audit_full BEFORE INSERT ON audit_log
      BEGIN INSERT INTO test_fill VALUES (zeroblob(64 * 1024 * 1024)); END;`);
    try {
      assert.throws(
        () =>
          importRecoveryFile(store, file('more.837', write837P(generatedClaims(), 2)), 'claims', { audit }),
        (err: { errcode?: number }) => err.errcode === 13,
      );
    } finally {
      store.db.exec('DROP TRIGGER test_audit_full; DROP TABLE test_fill');
      store.db.exec(`PRAGMA max_page_count = ${limit}`);
    }
    assert.deepEqual({ files: count('recovery_files'), claims: count('recovery_claims') }, before);
    assert.equal(accounts.listAudit({ action: 'claims.import' }).length, 1);
  });
});
