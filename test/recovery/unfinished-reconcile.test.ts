/**
 * An import killed between storing its file and filing the findings (QA: SIGKILL 2.5 s into a 30,000-claim
 * `remit import` left 10,551 denials missing, and a killed `claims import` left provisional underpayments, wrong
 * money): the read commands say so on stderr, and re-running the same import, or `remit reconcile`, finishes it and
 * says so. The kill is real (SIGKILL), made at the moment the reconcile begins (kill-before-reconcile.ts).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { repoRoot, sharedDataDir } from '../support/shared.ts';
import {
  commercialRemittance,
  generatedClaims,
  medicareRemittance,
  write835,
  write837P,
} from './fixtures.ts';

let dir: string;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `node script args…` on the store `db` (in `dir`), as a promise: independent runs go side by side. */
function run(db: string, script: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { ...process.env, DRUGCLAIM_DB: join(dir, db) },
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const cli = (db: string, ...args: string[]): Promise<Run> =>
  run(db, join(repoRoot, 'bin', 'drugclaim.js'), args);

/** The CLI SIGKILLed as its import's reconcile begins: the files committed, their findings not. */
async function killedBeforeReconcile(db: string, ...args: string[]): Promise<void> {
  const r = await run(db, join(repoRoot, 'test', 'recovery', 'kill-before-reconcile.ts'), args);
  assert.equal(r.signal, 'SIGKILL', r.stderr);
}

async function ok(db: string, ...args: string[]): Promise<Run> {
  const r = await cli(db, ...args);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r;
}

/** A list command's JSON, ages counted to a fixed day. */
const listed = async (db: string, command: string): Promise<Run & { items: unknown[] }> => {
  const r = await ok(db, command, '--as-of', '2026-04-01', '--json');
  return { ...r, items: JSON.parse(r.stdout) as unknown[] };
};

/** The lists of a store no kill touched, each read once. */
const completeLists = new Map<string, Promise<Run & { items: unknown[] }>>();
function completeList(db: string, command: string): Promise<Run & { items: unknown[] }> {
  const key = `${db} ${command}`;
  let list = completeLists.get(key);
  if (list === undefined) {
    list = listed(db, command);
    completeLists.set(key, list);
  }
  return list;
}

const UNFINISHED = /warning: denials and underpayments are incomplete: .*run `drugclaim remit reconcile`/;
const REMITS = ['medicare.835', 'commercial.835'];

/** A copy of a store, with its write-ahead log: a killed process leaves its commits there, not yet in the file. */
function copy(from: string, to: string): void {
  copyFileSync(join(dir, from), join(dir, to));
  if (existsSync(join(dir, `${from}-wal`))) copyFileSync(join(dir, `${from}-wal`), join(dir, `${to}-wal`));
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'drugclaim-unfinished-reconcile-'));
  writeFileSync(join(dir, 'claims.837'), write837P(generatedClaims()));
  writeFileSync(join(dir, 'medicare.835'), write835(medicareRemittance()));
  writeFileSync(join(dir, 'commercial.835'), write835(commercialRemittance(), 2));
  // The reference data once; each store below starts as a copy (a CLI start with no data would import it, 5 s).
  await ok('data.db', 'data', 'import', '--from', sharedDataDir());
  copy('data.db', 'claims-first.db');
  copy('data.db', 'remits-first.db');
  await Promise.all([
    ok('claims-first.db', 'claims', 'import', 'claims.837'),
    ok('remits-first.db', 'remit', 'import', ...REMITS),
  ]);
  for (const [from, to] of [
    ['claims-first.db', 'claims-first-complete.db'],
    ['claims-first.db', 'remit-killed.db'],
    ['remits-first.db', 'remits-first-complete.db'],
    ['remits-first.db', 'claims-killed.db'],
  ] as const)
    copy(from, to);
  await Promise.all([
    ok('claims-first-complete.db', 'remit', 'import', ...REMITS),
    ok('remits-first-complete.db', 'claims', 'import', 'claims.837'),
    killedBeforeReconcile('remit-killed.db', 'remit', 'import', ...REMITS),
    killedBeforeReconcile('claims-killed.db', 'claims', 'import', 'claims.837'),
  ]);
  copy('remit-killed.db', 'remit-killed-2.db');
});

after(() => rmSync(dir, { recursive: true, force: true }));

void describe('an import killed before its reconcile', () => {
  test('remit import: denials say the findings are incomplete; the same import again finishes it', async () => {
    const [complete, killed] = await Promise.all([
      completeList('claims-first-complete.db', 'denials'),
      listed('remit-killed.db', 'denials'),
    ]);
    assert.equal(complete.items.length, 5);
    assert.doesNotMatch(complete.stderr, UNFINISHED);
    assert.deepEqual(killed.items, [], 'the kill left the denials out');
    assert.match(killed.stderr, UNFINISHED);
    assert.match(killed.stderr, /medicare\.835 \(remittances, imported [^)]+\), commercial\.835/);

    const again = await ok('remit-killed.db', 'remit', 'import', ...REMITS);
    for (const file of REMITS)
      assert.match(
        again.stdout,
        new RegExp(
          `\\n${file.replace('.', '\\.')}: already imported; its reconcile had not finished: done now, 5 denial\\(s\\) and 2 underpayment\\(s\\) found \\(7 new, 0 removed\\)\\.\\n`,
        ),
      );

    const [denials, underpaid, completeUnderpaid] = await Promise.all([
      listed('remit-killed.db', 'denials'),
      listed('remit-killed.db', 'underpaid'),
      completeList('claims-first-complete.db', 'underpaid'),
    ]);
    assert.deepEqual(denials.items, complete.items);
    assert.deepEqual(underpaid.items, completeUnderpaid.items);
    assert.doesNotMatch(denials.stderr, UNFINISHED, 'finished: nothing more to say');

    // Once finished, the same file again is only already imported.
    const third = await ok('remit-killed.db', 'remit', 'import', ...REMITS, '--json');
    const body = JSON.parse(third.stdout) as { reconcile: unknown; unreconciled: unknown[] };
    assert.deepEqual([body.reconcile, body.unreconciled], [null, []]);
  });

  test('claims import after the remittances: findings of no claim until the same import again (--json)', async () => {
    const [complete, killed] = await Promise.all([
      completeList('remits-first-complete.db', 'denials'),
      listed('claims-killed.db', 'denials'),
    ]);
    // As found with no submitted claim: lines unmatched, no NDC (QA: 1,041 provisional underpayments, 584 right).
    assert.notDeepEqual(killed.items, complete.items, 'the findings of the unmatched remittances stay');
    assert.match(killed.stderr, UNFINISHED);
    assert.match(killed.stderr, /claims\.837 \(claims, imported /);

    const again = await ok('claims-killed.db', 'claims', 'import', 'claims.837', '--json');
    const body = JSON.parse(again.stdout) as {
      files: { status: string }[];
      reconcile: { matched: number } | null;
      unreconciled: { name: string; kind: string }[];
    };
    assert.deepEqual(
      body.files.map((f) => f.status),
      ['already-imported'],
    );
    assert.equal(body.reconcile?.matched, 8);
    assert.deepEqual(
      body.unreconciled.map((f) => [f.name, f.kind]),
      [['claims.837', 'claims']],
    );

    const [denials, underpaid, completeUnderpaid, worklist, completeWorklist] = await Promise.all([
      listed('claims-killed.db', 'denials'),
      listed('claims-killed.db', 'underpaid'),
      completeList('remits-first-complete.db', 'underpaid'),
      listed('claims-killed.db', 'worklist'),
      completeList('remits-first-complete.db', 'worklist'),
    ]);
    assert.deepEqual(denials.items, complete.items);
    assert.deepEqual(underpaid.items, completeUnderpaid.items);
    assert.deepEqual(worklist.items, completeWorklist.items);
    assert.doesNotMatch(worklist.stderr, UNFINISHED);
  });

  test('remit reconcile finishes it too, and says which imports it finished', async () => {
    const r = await ok('remit-killed-2.db', 'remit', 'reconcile');
    assert.match(
      r.stdout,
      /This finished the reconcile of 2 imports whose process had stopped before matching: medicare\.835 \(remittances, imported [^)]+\), commercial\.835/,
    );
    const [denials, complete] = await Promise.all([
      listed('remit-killed-2.db', 'denials'),
      completeList('claims-first-complete.db', 'denials'),
    ]);
    assert.deepEqual(denials.items, complete.items);
    assert.doesNotMatch(denials.stderr, UNFINISHED);
  });
});
