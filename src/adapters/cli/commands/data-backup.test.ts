/**
 * `drugclaim data backup OUT`, and what the CLI says about the store's migrations: the ones it applies on opening
 * (one line on stderr, `--json` stdout untouched) and a store a newer drugclaim wrote (refused).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, describe, it } from 'node:test';
import { runDrugclaim } from '../../../../test/support/cli.ts';
import type { CliRun } from '../../../../test/support/cli.ts';
import { ACCOUNT_MIGRATIONS } from '../../store/accounts/index.ts';
import { openDatabase } from '../../store/database.ts';
import { REFERENCE_MIGRATIONS } from '../../store/sqlite-reference-store.ts';

const tmp = mkdtempSync(join(tmpdir(), 'drugclaim-data-backup-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

type Run = CliRun;

const drugclaim = (args: string[], db: string): Promise<Run> => runDrugclaim(args, { db });

/** A store with every reference and accounts migration and one row of data. */
function makeStore(name: string): string {
  const path = join(tmp, name);
  const db = openDatabase(path, { migrations: [...REFERENCE_MIGRATIONS, ...ACCOUNT_MIGRATIONS] });
  db.exec(
    "INSERT INTO account_users (username, role, created_at, updated_at) VALUES ('ops', 'admin', '2026-01-01', '2026-01-01')",
  );
  db.close();
  return path;
}

describe('drugclaim data backup', () => {
  it('writes a 0600 copy, prints its path, size and schema versions; refuses to overwrite without --force', async () => {
    const store = makeStore('backed-up.db');
    const out = join(tmp, 'backup.db');
    const run = await drugclaim(['data', 'backup', out], store);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    const bytes = statSync(out).size;
    assert.equal((statSync(out).mode & 0o777).toString(8), '600');
    assert.match(
      run.stdout,
      new RegExp(
        `^Backed up ${store} to ${out}: ${bytes} bytes \\(.* MiB\\), mode 0600, integrity check ok\\.\\n`,
      ),
    );
    assert.match(
      run.stdout,
      /\nSchema versions: accounts\/005-old-tokens-expire, reference\/001-releases-and-records\n$/,
    );
    const copy = new DatabaseSync(out, { readOnly: true });
    assert.equal(copy.prepare('SELECT username FROM account_users').get()?.['username'], 'ops');
    copy.close();

    const again = await drugclaim(['data', 'backup', out], store);
    assert.equal(again.code, 2);
    assert.equal(
      again.stderr,
      `drugclaim: ${out} exists: nothing was written. Name another file, or add --force to replace it.\n`,
    );
    const forced = await drugclaim(['data', 'backup', out, '--force', '--json'], store);
    assert.equal(forced.code, 0, forced.stderr);
    const json = JSON.parse(forced.stdout) as Record<string, unknown>;
    assert.deepEqual(
      { ...json, bytes: typeof json['bytes'], migrations: (json['migrations'] as string[]).length },
      {
        database: store,
        ok: true,
        path: out,
        bytes: 'number',
        mode: '0600',
        migrations: REFERENCE_MIGRATIONS.length + ACCOUNT_MIGRATIONS.length,
        schemaVersions: ['accounts/005-old-tokens-expire', 'reference/001-releases-and-records'],
      },
    );
  });

  it('no store: exit 2 and a message', async () => {
    const missing = join(tmp, 'missing.db');
    const run = await drugclaim(['data', 'backup', join(tmp, 'never.db')], missing);
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      `drugclaim: no store at ${missing} to back up (DRUGCLAIM_DB names the store).\n`,
    );
  });
});

describe('drugclaim and the store’s migrations', () => {
  it('says on stderr which migrations it applied on opening; --json stdout stays JSON', async () => {
    const store = makeStore('older.db');
    const db = new DatabaseSync(store);
    db.exec("DELETE FROM schema_version WHERE id = 'accounts/005-old-tokens-expire'");
    db.close();
    const run = await drugclaim(['data', 'status', '--json'], store);
    assert.equal(run.stderr, `drugclaim: upgraded the store at ${store}: accounts/005-old-tokens-expire\n`);
    assert.equal((JSON.parse(run.stdout) as { database: string }).database, store);
    const quiet = await drugclaim(['data', 'status', '--json'], store);
    assert.equal(quiet.stderr, '', 'applied once');
  });

  it('refuses a store a newer drugclaim wrote, naming its unknown migrations', async () => {
    const store = makeStore('newer.db');
    const db = new DatabaseSync(store);
    db.exec("INSERT INTO schema_version (id, applied_at) VALUES ('recovery/999-future', '2030-01-01')");
    db.close();
    const run = await drugclaim(['data', 'status'], store);
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      `drugclaim: the store ${store} was written by a newer drugclaim: it records migrations this drugclaim does not ` +
        'know (recovery/999-future). Upgrade drugclaim, or restore a backup taken before the upgrade ' +
        '(docs/operations.md, "Backups and restore").\n',
    );
  });

  it('a folder given as the store: the message names it', async () => {
    const run = await drugclaim(['data', 'status'], tmp);
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      new RegExp(
        `^drugclaim: cannot open the store ${tmp}: unable to open database file\\. ${tmp} is a folder`,
      ),
    );
  });
});
