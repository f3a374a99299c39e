/**
 * An import's audit trail is never lost while its data is kept: each file an import stores gets its own audit row,
 * written in the file's import transaction on the recovery store's connection. When that row cannot be written (a
 * full disk), the file is not stored either and the call answers 503, as for any store fault. The accounts and the
 * recovery store share one database file here, as in the server (server.ts).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DatabaseSync } from 'node:sqlite';
import { AccountStore, type AuditRecord } from '../../src/adapters/store/accounts/index.ts';
import { openDatabase } from '../../src/adapters/store/database.ts';
import { RecoverySession } from '../../src/adapters/store/recovery/session.ts';
import { generatedClaims, write837P } from '../recovery/fixtures.ts';
import { sharedReference } from '../support/reference.ts';
import { multipart, testApp, type TestApp } from './support.ts';

let dir: string;
let db: DatabaseSync;
let accounts: AccountStore;
let recovery: RecoverySession;
let t: TestApp;
let token: string;

const first = write837P(generatedClaims(), 1);
const second = write837P(generatedClaims().slice(0, 3), 2);
const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
const digest = (text: string): string => sha(text).slice(0, 12);

interface ImportAnswer {
  files: { file: string; status: string; items?: number; added?: number }[];
}

function importClaims(files: { name: string; content: string }[]) {
  const body = multipart(files);
  return t.app.inject({
    method: 'POST',
    url: '/api/claims/import',
    headers: { ...body.headers, authorization: `Bearer ${token}` },
    payload: body.payload,
  });
}

/** The `claims.import` rows written since `afterId`, oldest first: each stored file's, then the call's. */
function importRows(afterId: number): AuditRecord[] {
  return accounts
    .listAudit({ action: 'claims.import', limit: 1000 })
    .filter((r) => r.id > afterId)
    .reverse();
}

/**
 * Runs `act` with the store's disk made full as an audit row whose resource is LIKE `pattern` is written (a trigger
 * fills the pages left), then gives the room back.
 */
async function withDiskFullAt<T>(pattern: string, act: () => Promise<T>): Promise<T> {
  const store = recovery.store.db;
  const limit = (store.prepare('PRAGMA max_page_count').get() as { max_page_count: number }).max_page_count;
  const pages = (store.prepare('PRAGMA page_count').get() as { page_count: number }).page_count;
  store.exec(`PRAGMA max_page_count = ${pages + 1000}`);
  store.exec(`CREATE TABLE test_fill (b BLOB);
    CREATE TRIGGER test_audit_full BEFORE INSERT ON audit_log WHEN NEW.resource LIKE '${pattern}'
    BEGIN INSERT INTO test_fill VALUES (zeroblob(64 * 1024 * 1024)); END;`);
  try {
    return await act();
  } finally {
    store.exec('DROP TRIGGER test_audit_full; DROP TABLE test_fill');
    store.exec(`PRAGMA max_page_count = ${limit}`);
  }
}

const lastAuditId = (): number => accounts.listAudit({ limit: 1 })[0]?.id ?? 0;
const count = (table: string): number =>
  Number((recovery.store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'drugclaim-import-audit-'));
  const path = join(dir, 'store.db');
  db = openDatabase(path);
  accounts = new AccountStore(db, { scrypt: { logN: 12, r: 8, p: 1 } });
  const biller = await accounts.createUser({ username: 'importer', role: 'biller' });
  token = accounts.createToken(biller.id, 'imports').token;
  const reference = await sharedReference();
  const opened = RecoverySession.open({ dbPath: path, reference: async () => reference });
  if (!opened.ok) throw new Error(opened.problems.map((p) => p.message).join('; '));
  recovery = opened.value;
  t = await testApp({ deps: { accounts, recovery } });
});
after(async () => {
  await t.close();
  recovery.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

void describe('the audit rows of an import', () => {
  void it('writes one row per stored file, in its transaction, then the call row', async () => {
    const since = lastAuditId();
    const res = await importClaims([
      { name: 'first.837', content: first },
      { name: 'second.837', content: second },
    ]);
    assert.equal(res.statusCode, 200, res.body);
    const files = (res.json() as ImportAnswer).files;
    assert.deepEqual(
      files.map((f) => f.status),
      ['imported', 'imported'],
    );
    const rows = importRows(since);
    assert.equal(rows.length, 3, JSON.stringify(rows));
    const [a, b, call] = rows as [AuditRecord, AuditRecord, AuditRecord];
    const tag = /^file sha256:[0-9a-f]{12} items:\d+ added:\d+ (request:[\w.-]+)$/;
    assert.equal(a.resource?.replace(/ request:.*$/, ''), `file sha256:${digest(first)} items:9 added:9`);
    assert.equal(
      b.resource?.replace(/ request:.*$/, ''),
      `file sha256:${digest(second)} items:${files[1]?.items} added:${files[1]?.added}`,
    );
    // Both rows name the same call, and who made it from where, as the call's own row does.
    assert.equal(tag.exec(a.resource ?? '')?.[1], tag.exec(b.resource ?? '')?.[1]);
    for (const row of [a, b]) {
      assert.equal(row.username, 'importer');
      assert.equal(row.route, '/api/claims/import');
      assert.equal(row.method, 'POST');
      assert.equal(row.status, 200);
      assert.equal(row.ip, call.ip);
      assert.equal(row.at, recovery.store.fileBySha(sha(row === a ? first : second), 'claims')?.importedAt);
    }
    assert.equal(
      call.resource,
      `imported sha256:${digest(first)} items:9 added:9,imported sha256:${digest(second)} items:${files[1]?.items} added:${files[1]?.added} ${tag.exec(a.resource ?? '')?.[1]}`,
    );
    assert.equal(call.status, 200);
    assert.equal(JSON.stringify(rows).includes('.837'), false, 'no file names');
  });

  void it('writes no file row for a file already imported: nothing of it is stored', async () => {
    const since = lastAuditId();
    const res = await importClaims([{ name: 'again.837', content: first }]);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal((res.json() as ImportAnswer).files[0]?.status, 'already-imported');
    assert.deepEqual(
      importRows(since).map((r) => r.resource?.replace(/ request:[\w.-]+$/, '')),
      [`already-imported sha256:${digest(first)} items:0 added:0`],
    );
  });

  void it('stores nothing of a file whose row cannot be written (a full disk), and answers 503', async () => {
    const third = write837P(generatedClaims().slice(3), 3);
    const before = {
      files: count('recovery_files'),
      claims: count('recovery_claims'),
      importRows: accounts.listAudit({ action: 'claims.import', limit: 1000 }).length,
    };
    const since = lastAuditId();
    // The disk fills up as the file's audit row is written: the rows of the file are written by then.
    const res = await withDiskFullAt('file %', () => importClaims([{ name: 'third.837', content: third }]));
    assert.equal(res.statusCode, 503, res.body);
    assert.equal((res.json() as { code: string }).code, 'store-full');
    assert.equal(count('recovery_files'), before.files, 'no file recorded');
    assert.equal(count('recovery_claims'), before.claims, 'no claim stored');
    assert.equal(recovery.store.fileBySha(sha(third), 'claims'), undefined);
    // Only the call's row, saying it failed (the upload's digest and size, and its request tag); no file row.
    assert.deepEqual(
      importRows(since).map((r) => [r.resource?.replace(/ request:[\w.-]+$/, ' request:…'), r.status]),
      [[`sha256:${digest(third)} bytes:${Buffer.byteLength(third)} request:…`, 503]],
    );
    assert.equal(accounts.listAudit({ action: 'claims.import', limit: 1000 }).length, before.importRows + 1);

    // Once there is room, the same file imports, with its row.
    const again = await importClaims([{ name: 'third.837', content: third }]);
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(
      importRows(since).filter((r) => r.resource?.startsWith(`file sha256:${digest(third)} `)).length,
      1,
    );
  });

  void it("a call that stored a file and then failed on the next names the same request tag as that file's row", async () => {
    const fourth = write837P(generatedClaims().slice(4), 4);
    const fifth = write837P(generatedClaims().slice(5), 5);
    const since = lastAuditId();
    // The disk fills up at the second file's row only.
    const res = await withDiskFullAt(`file sha256:${digest(fifth)}%`, () =>
      importClaims([
        { name: 'fourth.837', content: fourth },
        { name: 'fifth.837', content: fifth },
      ]),
    );
    assert.equal(res.statusCode, 503, res.body);
    const rows = importRows(since);
    const tagOf = (r: AuditRecord | undefined): string | undefined =>
      /request:[\w.-]+$/.exec(r?.resource ?? '')?.[0];
    const file = rows.find((r) => r.resource?.startsWith(`file sha256:${digest(fourth)} `));
    const call = rows.find((r) => r.status === 503);
    assert.ok(file && call, JSON.stringify(rows));
    assert.ok(tagOf(file) !== undefined);
    assert.equal(tagOf(call), tagOf(file));
  });
});
