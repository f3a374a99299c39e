/**
 * The CLI writes audit rows for what it reads and changes in the store, as the OS user running it, and keeps who
 * changed a worklist item in its history. Through the real CLI on a temporary store (each start costs about a second).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { repoRoot, sharedDataDir } from '../../../../test/support/shared.ts';
import {
  generatedClaims,
  medicareRemittance,
  write835,
  write837P,
} from '../../../../test/recovery/fixtures.ts';
import { cliActor } from './audit.ts';

let dir: string;

function cli(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'drugclaim.js'), ...args], {
    env: { ...process.env, DRUGCLAIM_DB: join(dir, 'drugclaim.db'), DRUGCLAIM_DATA_DIR: sharedDataDir() },
    encoding: 'utf8',
    cwd: dir,
    input: '',
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

interface Row {
  username: string;
  user_id: number | null;
  action: string;
  method: string;
  route: string;
  resource: string | null;
  status: number;
  ip: string | null;
}

function auditRows(): Row[] {
  const db = new DatabaseSync(join(dir, 'drugclaim.db'), { readOnly: true });
  try {
    return db.prepare('SELECT * FROM audit_log ORDER BY id').all() as unknown as Row[];
  } finally {
    db.close();
  }
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'drugclaim-cli-audit-'));
  writeFileSync(join(dir, 'claims.837'), write837P(generatedClaims()));
  writeFileSync(join(dir, 'medicare.835'), write835(medicareRemittance()));
});
after(() => rmSync(dir, { recursive: true, force: true }));

void describe('CLI audit trail', () => {
  void it('names the OS user as the actor', () => {
    assert.equal(cliActor(), `cli:${userInfo().username}`);
  });

  void it('records imports, list reads, status changes and item reads, with ids and counts only', () => {
    assert.equal(cli('claims', 'import', 'claims.837', '--json').code, 0);
    assert.equal(cli('remit', 'import', 'medicare.835', '--json').code, 0);
    const denials = cli('denials', '--json');
    assert.equal(denials.code, 0, denials.stderr);
    const items = JSON.parse(denials.stdout) as { id: number; claimId: string }[];
    const item = items[0];
    assert.ok(item);
    const set = cli('worklist', 'set', String(item.id), 'in-progress', '--note', 'called the payer');
    assert.equal(set.code, 0, set.stderr);
    assert.equal(cli('worklist', 'set', String(item.id), 'new').code, 1, 'a refused change');
    const show = cli('worklist', 'show', String(item.id), '--json');
    const history = (JSON.parse(show.stdout) as { history: { to: string; by?: string }[] }).history;
    assert.deepEqual(
      history.map((h) => [h.to, h.by]),
      [
        ['new', undefined],
        ['in-progress', cliActor()],
      ],
      'the history says who changed the item',
    );
    assert.match(
      cli('worklist', 'show', String(item.id)).stdout,
      new RegExp(`in-progress  by ${cliActor()}`),
    );

    const rows = auditRows();
    const actor = cliActor();
    assert.ok(
      rows.every((r) => r.username === actor && r.method === 'CLI' && r.user_id === null && r.ip === null),
    );
    const byAction = (action: string) => rows.filter((r) => r.action === action);
    // Each stored file's row, written in its import transaction, then the command's row.
    const digestless = (action: string) =>
      byAction(action).map((r) => (r.resource ?? '').replace(/sha256:[0-9a-f]{12}\b/, 'sha256:D'));
    assert.deepEqual(digestless('claims.import'), [
      'file sha256:D items:9 added:9',
      'imported sha256:D items:9 added:9',
    ]);
    assert.deepEqual(digestless('remits.import'), [
      'file sha256:D items:8 added:8',
      'imported sha256:D items:8 added:8',
    ]);
    assert.equal(byAction('denials.list')[0]?.route, 'drugclaim denials');
    assert.match(
      byAction('denials.list')[0]?.resource ?? '',
      new RegExp(`^rows:${items.length} worklist:${item.id}`),
    );
    assert.deepEqual(
      byAction('worklist.status').map((r) => [r.resource, r.status]),
      [
        [`worklist:${item.id}:in-progress`, 200],
        [`worklist:${item.id}:new`, 409],
      ],
    );
    assert.deepEqual(
      byAction('worklist.read').map((r) => r.resource),
      [`worklist:${item.id}`, `worklist:${item.id}`],
    );
    const text = JSON.stringify(rows);
    for (const phi of [item.claimId, 'called the payer', 'claims.837', 'medicare.835'])
      assert.equal(text.includes(phi), false, phi);
  });

  void it('records account changes made from the CLI', () => {
    const r = spawnSync(
      process.execPath,
      [join(repoRoot, 'bin', 'drugclaim.js'), 'user', 'add', 'alice', '--admin', '--password-stdin'],
      {
        env: { ...process.env, DRUGCLAIM_DB: join(dir, 'drugclaim.db') },
        input: 'alice-2026-password\n',
        encoding: 'utf8',
      },
    );
    assert.equal(r.status, 1, 'the user name inside the password is refused');
    assert.match(r.stderr, /user name/);
    const ok = spawnSync(
      process.execPath,
      [join(repoRoot, 'bin', 'drugclaim.js'), 'user', 'add', 'alice', '--admin', '--password-stdin'],
      {
        env: { ...process.env, DRUGCLAIM_DB: join(dir, 'drugclaim.db') },
        input: 'correct horse battery staple\n',
        encoding: 'utf8',
      },
    );
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(cli('user', 'list', '--json').code, 0);
    const rows = auditRows();
    assert.deepEqual(
      rows.filter((r) => r.action.startsWith('users.')).map((r) => [r.action, r.resource, r.status]),
      [
        ['users.create', 'user:alice role:admin', 201],
        ['users.list', 'rows:1', 200],
      ],
    );
  });
});
