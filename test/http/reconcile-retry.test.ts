/**
 * An import whose matching failed (no reference data yet, or a busy store) is matched by the next import, even when
 * that one adds nothing: the 503 tells the client to re-run, and a re-run of the same file is `already-imported`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NoReferenceDataError } from '../../src/adapters/store/index.ts';
import { RecoverySession } from '../../src/adapters/store/recovery/session.ts';
import type { ReferenceData } from '../../src/core/reference/port.ts';
import { generatedClaims, medicareRemittance, write835, write837P } from '../recovery/fixtures.ts';
import { sharedReference } from '../support/reference.ts';
import { testApp, type TestApp } from './support.ts';

let t: TestApp;
/** The reference data the recovery session sees: none until the test loads it. */
let loaded: ReferenceData | undefined;

before(async () => {
  const opened = RecoverySession.open({
    dbPath: ':memory:',
    reference: async () => {
      if (loaded === undefined) throw new NoReferenceDataError(':memory:');
      return loaded;
    },
  });
  assert.ok(opened.ok);
  t = await testApp({ deps: { recovery: opened.value } });
});
after(async () => {
  await t.close();
});

void describe('matching that failed runs again on the next import', () => {
  void it('503 while there is no reference data; the same 835 again is already-imported, and matched', async () => {
    const post = (url: string, payload: string) =>
      t.as('biller', { method: 'POST', url, headers: { 'content-type': 'application/edi-x12' }, payload });
    const claims = await post('/api/claims/import', write837P(generatedClaims()));
    assert.equal(claims.statusCode, 503, 'the claims went in; matching needs reference data');
    const remit = write835(medicareRemittance(), 2);
    const first = await post('/api/remits/import', remit);
    assert.equal(first.statusCode, 503, first.body);
    assert.equal((first.json() as { code: string }).code, 'no-reference-data');

    loaded = await sharedReference();
    const again = await post('/api/remits/import', remit);
    assert.equal(again.statusCode, 200, again.body);
    const body = again.json() as {
      files: { status: string }[];
      reconcile: { remitClaimsAnalyzed: number; matched: number } | null;
    };
    assert.deepEqual(
      body.files.map((f) => f.status),
      ['already-imported'],
    );
    assert.ok(body.reconcile !== null && body.reconcile.matched > 0, JSON.stringify(body.reconcile));
    const denials = await t.as('viewer', { method: 'GET', url: '/api/denials' });
    assert.ok((denials.json() as { total: number }).total > 0, 'the denials are on the worklist');
  });
});
