/**
 * FHIR claims with a read error inside them are not stored, as X12 claims are not (QA: a Claim with no id was
 * stored with claim id "", one with quantity "150" as one unit). The store places each error in the item whose JSON
 * path holds it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openDatabase } from '../store/database.ts';
import { RECOVERY_MIGRATIONS } from '../store/recovery/schema.ts';
import { importRecoveryFile } from '../store/recovery/session.ts';
import { RecoveryStore } from '../store/recovery/store.ts';
import type { Claim as FhirClaim } from './r4.ts';
import { imfinziClaim, imfinziEob } from './testing.ts';

const tmp = mkdtempSync(join(tmpdir(), 'drugclaim-fhir-import-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const fresh = (): RecoveryStore =>
  new RecoveryStore(openDatabase(':memory:', { migrations: RECOVERY_MIGRATIONS }), { ownsDb: true });

function file(name: string, value: unknown): string {
  const path = join(tmp, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

const claim = (id: string, change?: (c: FhirClaim) => void): FhirClaim => {
  const c = {
    ...imfinziClaim(),
    id,
    identifier: [{ system: 'urn:drugclaim:patient-control-number', value: id }],
  };
  change?.(c);
  return c;
};
const bundle = (...claims: FhirClaim[]): unknown => ({
  resourceType: 'Bundle',
  type: 'collection',
  entry: claims.map((resource) => ({ resource })),
});

void describe('importing FHIR claims with read errors', () => {
  const cases: [label: string, value: unknown, stored: string[], notStored: string[]][] = [
    [
      'quantity "150" in the second Claim: that Claim is not stored, the first is',
      bundle(
        claim('GOOD1'),
        claim('BAD2', (c) => {
          (c.item?.[0] as unknown as Record<string, unknown>)['quantity'] = { value: '150' };
        }),
      ),
      ['GOOD1'],
      ['BAD2 $.entry[1].resource: fhir.element.invalid $.entry[1].resource.item[0].quantity.value'],
    ],
    [
      'a Claim with no id beside a good one',
      bundle(
        claim('GOOD1'),
        claim('x', (c) => {
          delete c.id;
          delete c.identifier;
        }),
      ),
      ['GOOD1'],
      [' $.entry[1].resource: fhir.element.missing $.entry[1].resource.identifier'],
    ],
    [
      'warnings (a server reference) keep nothing out',
      bundle(claim('GOOD1', (c) => (c.patient = { reference: 'Patient/1' }))),
      ['GOOD1'],
      [],
    ],
  ];
  for (const [label, value, stored, notStored] of cases)
    it(label, () => {
      const store = fresh();
      const r = importRecoveryFile(store, file('claims.json', value), 'claims');
      assert.ok(r.ok, r.ok ? '' : r.errors.join('; '));
      assert.deepEqual(
        r.summary.notStored.map(
          (n) =>
            `${n.id ?? ''} ${n.at?.path}: ${n.problems.map((p) => `${p.code} ${p.at?.path}`).join(', ')}`,
        ),
        notStored,
      );
      assert.deepEqual(
        store.unmatched().claimsWithoutRemittance.map((c) => c.claimId),
        stored,
      );
      store.close();
    });

  it('EOBs: one with an amount that cannot be read is not stored, the other is', () => {
    const eob = (id: string, paid: unknown): unknown => ({
      ...imfinziEob(id, { paid }),
      claim: { reference: `Claim/${id}` },
    });
    const store = fresh();
    const r = importRecoveryFile(
      store,
      file('eobs.json', {
        resourceType: 'Bundle',
        type: 'collection',
        entry: [{ resource: eob('E1', 12000) }, { resource: eob('E2', '12000') }],
      }),
      'remittances',
    );
    assert.ok(r.ok, r.ok ? '' : r.errors.join('; '));
    assert.deepEqual(
      r.summary.notStored.map((n) => `${n.id} ${n.problems.map((p) => p.at?.path).join(', ')}`),
      ['E2 $.entry[1].resource.item[0].adjudication[1].amount.value'],
    );
    assert.equal(store.counts().remitClaims, 1);
    store.close();
  });

  it('the QA upload: one Claim, no id, quantity "150": rejected, nothing stored', () => {
    const store = fresh();
    const c = claim('x', (x) => {
      delete x.id;
      delete x.identifier;
      (x.item?.[0] as unknown as Record<string, unknown>)['quantity'] = { value: '150' };
    });
    const r = importRecoveryFile(store, file('noid.json', c), 'claims');
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : (r.errors[0] ?? ''), /every claim of noid\.json has a read error inside it/);
    assert.equal(store.counts().claims, 0);
    store.close();
  });
});
