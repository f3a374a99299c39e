/**
 * An import whose process was killed between storing its file and filing the findings (schema 012): the server
 * finishes that reconcile as it starts, and an import of the same file (already imported) finishes it too, even when
 * every remittance claim was analysed (a claims import killed after the remittances came in).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { importRecoveryFile, RecoverySession } from '../../src/adapters/store/recovery/session.ts';
import type { RecoveryStore } from '../../src/adapters/store/recovery/store.ts';
import {
  commercialRemittance,
  generatedClaims,
  medicareRemittance,
  write835,
  write837P,
} from '../recovery/fixtures.ts';
import { sharedReference } from '../support/reference.ts';
import { testApp, type TestApp } from './support.ts';

let dir: string;
const CLAIMS = write837P(generatedClaims());
const MEDICARE = write835(medicareRemittance());
const COMMERCIAL = write835(commercialRemittance(), 2);

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'drugclaim-http-unfinished-'));
  for (const [name, text] of [
    ['claims.837', CLAIMS],
    ['medicare.835', MEDICARE],
    ['commercial.835', COMMERCIAL],
  ] as const)
    writeFileSync(join(dir, name), text);
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** A file stored as a CLI import stores it, by a process killed before its reconcile (no findings filed). */
function storedOnly(store: RecoveryStore, name: string, kind: 'claims' | 'remittances'): void {
  const r = importRecoveryFile(store, join(dir, name), kind);
  assert.ok(r.ok && r.summary.status === 'imported', JSON.stringify(r));
}

function recoverySession(): RecoverySession {
  const opened = RecoverySession.open({ dbPath: ':memory:', reference: sharedReference });
  assert.ok(opened.ok);
  return opened.value;
}

/** Polls (a turn of the event loop at a time) until `done`, for at most 10 s. */
async function until(done: () => boolean): Promise<void> {
  const end = Date.now() + 10_000;
  while (!done()) {
    assert.ok(Date.now() < end, 'timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

interface Page {
  total: number;
  denials?: unknown[];
  underpayments?: unknown[];
}

const get = async (t: TestApp, url: string): Promise<Page> => {
  const res = await t.as('viewer', { method: 'GET', url });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
};

const post = (t: TestApp, url: string, payload: string) =>
  t.as('biller', { method: 'POST', url, headers: { 'content-type': 'application/edi-x12' }, payload });

void describe('the server finishes an unfinished reconcile', () => {
  it('at start: the denials and underpayments of a killed import appear, the files are reconciled', async () => {
    // What an uninterrupted run shows.
    const complete = await testApp();
    let denials: Page;
    let underpayments: Page;
    try {
      for (const [url, text] of [
        ['/api/claims/import', CLAIMS],
        ['/api/remits/import', MEDICARE],
        ['/api/remits/import', COMMERCIAL],
      ] as const)
        assert.equal((await post(complete, url, text)).statusCode, 200);
      denials = await get(complete, '/api/denials?asOf=2026-04-01');
      underpayments = await get(complete, '/api/underpayments?asOf=2026-04-01');
      assert.equal(denials.total, 5);
    } finally {
      await complete.close();
    }

    const recovery = recoverySession();
    const { store } = recovery;
    storedOnly(store, 'claims.837', 'claims');
    store.reconcile(await recovery.analysisContext());
    storedOnly(store, 'medicare.835', 'remittances');
    storedOnly(store, 'commercial.835', 'remittances');
    assert.equal(store.unreconciledFiles().length, 2);
    const t = await testApp({ deps: { recovery } });
    try {
      await until(() => store.unreconciledFiles().length === 0);
      assert.deepEqual(await get(t, '/api/denials?asOf=2026-04-01'), denials);
      assert.deepEqual(await get(t, '/api/underpayments?asOf=2026-04-01'), underpayments);
      const logs = t.logs.join('');
      assert.match(logs, /finishing the reconcile of imports that stopped before it/);
      assert.match(logs, /the unfinished reconcile is done/);
      assert.doesNotMatch(logs, /medicare\.835/, 'file ids in the log, never names');
    } finally {
      await t.close();
    }
  });

  it('an import of the same file finishes it, though no remittance claim is left unanalysed', async () => {
    const t = await testApp();
    try {
      assert.equal((await post(t, '/api/remits/import', MEDICARE)).statusCode, 200);
      const before = await get(t, '/api/denials?asOf=2026-04-01');
      // Another process's `claims import`, killed before its reconcile: the remittance claims stay unmatched.
      storedOnly(t.recovery.store, 'claims.837', 'claims');
      assert.equal(t.recovery.store.hasUnanalysedRemittances(), false);

      const res = await post(t, '/api/claims/import', CLAIMS);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json() as { files: { status: string }[]; reconcile: { matched: number } | null };
      assert.deepEqual(
        body.files.map((f) => f.status),
        ['already-imported'],
      );
      assert.equal(body.reconcile?.matched, 7);
      assert.deepEqual(t.recovery.store.unreconciledFiles(), []);
      const after = await get(t, '/api/denials?asOf=2026-04-01');
      assert.equal(after.total, before.total);
      assert.notDeepEqual(after.denials, before.denials, 'matched to their claims now');
    } finally {
      await t.close();
    }
  });
});
