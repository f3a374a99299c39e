/**
 * The SQLite recovery store on the generated pair: idempotent import (same bytes, same content in another file),
 * reconcile in either order (remittances before claims), findings as in fixtures.ts, worklist transitions with
 * history, totals for the dashboard, and unmatched items listed.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { openDatabase } from '../../src/adapters/store/database.ts';
import { loadRecoveryRules } from '../../src/adapters/store/recovery/rules-files.ts';
import { RECOVERY_MIGRATIONS } from '../../src/adapters/store/recovery/schema.ts';
import { RecoveryStore } from '../../src/adapters/store/recovery/store.ts';
import type { AnalysisContext } from '../../src/core/recovery/analyze.ts';
import { DEFAULT_TOLERANCE } from '../../src/core/recovery/model.ts';
import { sharedReference } from '../support/reference.ts';
import {
  commercialRemittance,
  EXPECTED_DENIALS,
  EXPECTED_UNDERPAYMENTS,
  generatedClaims,
  medicareRemittance,
  write835,
  write837P,
} from './fixtures.ts';

let ctx: AnalysisContext;
before(async () => {
  const r = loadRecoveryRules();
  assert.ok(r.ok);
  ctx = {
    mapping: r.value.mapping,
    reference: await sharedReference(),
    contracts: r.value.contracts,
    deadlines: r.value.deadlines,
    tolerance: DEFAULT_TOLERANCE,
  };
});

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const NOW = '2026-03-05T09:00:00.000Z';

function loaded(order: 'claims-first' | 'remits-first'): RecoveryStore {
  const store = new RecoveryStore(openDatabase(':memory:', { migrations: RECOVERY_MIGRATIONS }), {
    ownsDb: true,
  });
  const claims = () =>
    store.importClaims(
      { name: 'claims.837', bytes: bytes(write837P(generatedClaims())) },
      generatedClaims(),
      { format: '837P', now: NOW },
    );
  const remits = () => {
    store.importRemittances(
      { name: 'medicare.835', bytes: bytes(write835(medicareRemittance())) },
      [medicareRemittance()],
      { format: '835', now: NOW },
    );
    store.importRemittances(
      { name: 'commercial.835', bytes: bytes(write835(commercialRemittance(), 2)) },
      [commercialRemittance()],
      { format: '835', now: NOW },
    );
  };
  if (order === 'claims-first') {
    claims();
    remits();
    store.reconcile(ctx, { now: NOW });
  } else {
    remits();
    store.reconcile(ctx, { now: NOW });
    claims();
    store.reconcile(ctx, { now: NOW });
  }
  return store;
}

void describe('recovery store', () => {
  void test('import is idempotent: same bytes twice, and the same content under another file', () => {
    const store = new RecoveryStore(openDatabase(':memory:', { migrations: RECOVERY_MIGRATIONS }), {
      ownsDb: true,
    });
    const text = write835(medicareRemittance());
    const first = store.importRemittances({ name: 'a.835', bytes: bytes(text) }, [medicareRemittance()], {
      now: NOW,
    });
    assert.equal(first.status, 'imported');
    assert.deepEqual([first.items, first.added, first.lines], [8, 8, 9]);
    const again = store.importRemittances(
      { name: 'renamed.835', bytes: bytes(text) },
      [medicareRemittance()],
      { now: NOW },
    );
    assert.equal(again.status, 'already-imported');
    assert.equal(again.previousName, 'a.835');
    assert.equal(again.added, 0);
    // Same remittance content, different envelope control numbers → another file, nothing new in it.
    const other = store.importRemittances(
      { name: 'b.835', bytes: bytes(write835(medicareRemittance(), 99)) },
      [medicareRemittance()],
      { now: NOW },
    );
    assert.equal(other.status, 'imported');
    assert.equal(other.added, 0);
    assert.deepEqual(store.counts(), {
      files: 2,
      claims: 0,
      remittances: 1,
      remitClaims: 8,
      matched: 0,
      findings: 0,
    });
    const c1 = store.importClaims(
      { name: 'c.837', bytes: bytes(write837P(generatedClaims())) },
      generatedClaims(),
      { now: NOW },
    );
    const c2 = store.importClaims(
      { name: 'c.837', bytes: bytes(write837P(generatedClaims())) },
      generatedClaims(),
      { now: NOW },
    );
    assert.deepEqual([c1.status, c1.added, c2.status], ['imported', 9, 'already-imported']);
    store.close();
  });

  for (const order of ['claims-first', 'remits-first'] as const) {
    void test(`findings are exactly the expected ones (${order})`, () => {
      const store = loaded(order);
      const denials = store.denials();
      assert.deepEqual(
        denials
          .map((d) => [
            d.claimId,
            d.line,
            d.carc,
            d.rootCause,
            d.amountCents,
            d.recoverableCents,
            d.deadline,
            d.status,
          ])
          .sort(),
        EXPECTED_DENIALS.map((d) => [
          d.claimId,
          d.line,
          d.carc,
          d.cause,
          d.amount,
          d.recoverable,
          d.deadline,
          'new',
        ]).sort(),
      );
      const under = store.underpayments();
      assert.deepEqual(
        under.map((u) => [
          u.claimId,
          u.line,
          u.code,
          u.paidCents,
          u.expectedCents,
          u.amountCents,
          u.deadline,
        ]),
        // Ordered by deadline: the example plan's 60-day dispute limit (2026-05-01) comes before Medicare's (2026-07-05).
        [...EXPECTED_UNDERPAYMENTS]
          .reverse()
          .map((u) => [
            u.claimId,
            u.line,
            u.code,
            u.paid,
            u.expected,
            u.gap,
            u.claimId === 'RC2001' ? '2026-05-01' : '2026-07-05',
          ]),
      );
      assert.equal(store.counts().matched, 8);
      store.close();
    });
  }

  void test('reconcile twice changes nothing; a full re-analysis keeps worked statuses', () => {
    const store = loaded('claims-first');
    const again = store.reconcile(ctx, { now: NOW });
    assert.equal(again.findingsAdded, 0);
    assert.equal(again.remitClaimsAnalyzed, 0);
    const id = store.denials({ cause: 'prior-authorization' })[0]?.id ?? -1;
    assert.ok(store.setStatus(id, 'appealed', { note: 'sent redetermination', at: NOW }).ok);
    const all = store.reconcile(ctx, { all: true, now: NOW });
    assert.equal(all.remitClaimsAnalyzed, 9);
    assert.equal(all.findingsAdded, 0);
    assert.equal(store.finding(id)?.status, 'appealed');
    store.close();
  });

  void test('filters: payer, cause, status', () => {
    const store = loaded('claims-first');
    assert.equal(store.denials({ payer: 'medicare' }).length, 5);
    assert.equal(store.denials({ payer: 'example health' }).length, 0);
    assert.equal(store.underpayments({ payer: 'EHP01' }).length, 1);
    assert.deepEqual(
      store.denials({ cause: 'units-mue' }).map((d) => d.claimId),
      ['RC1005'],
    );
    assert.equal(store.worklist().length, 7);
    store.close();
  });

  void test('worklist: transitions with notes and history; refused transitions change nothing', () => {
    const store = loaded('claims-first');
    const item = store.denials({ cause: 'ndc' })[0];
    assert.ok(item);
    assert.ok(
      store.setStatus(item.id, 'in-progress', { note: 'found the right NDC', at: '2026-03-06T10:00:00.000Z' })
        .ok,
    );
    assert.ok(store.setStatus(item.id, 'resubmitted', { at: '2026-03-07T10:00:00.000Z' }).ok);
    const bad = store.setStatus(item.id, 'new', { at: '2026-03-08T10:00:00.000Z' });
    assert.equal(bad.ok, false);
    assert.equal(store.setStatus(item.id, 'nonsense').ok, false);
    assert.equal(store.setStatus(99_999, 'recovered').ok, false);
    assert.ok(
      store.setStatus(item.id, 'recovered', { note: 'paid $15,441.02', at: '2026-04-01T10:00:00.000Z' }).ok,
    );
    assert.deepEqual(store.history(item.id), [
      { from: null, to: 'new', at: NOW },
      { from: 'new', to: 'in-progress', at: '2026-03-06T10:00:00.000Z', note: 'found the right NDC' },
      { from: 'in-progress', to: 'resubmitted', at: '2026-03-07T10:00:00.000Z' },
      { from: 'resubmitted', to: 'recovered', at: '2026-04-01T10:00:00.000Z', note: 'paid $15,441.02' },
    ]);
    assert.equal(store.worklist().length, 6);
    assert.equal(store.worklist({ status: ['recovered'] }).length, 1);
    store.close();
  });

  void test('newestClaims: the stored claims, newest first, at most the limit asked for', () => {
    const store = loaded('claims-first');
    const ids = generatedClaims().map((c) => c.id);
    assert.equal(ids.length, 9);
    assert.deepEqual(
      [...store.newestClaims(100)].map((c) => c.id),
      [...ids].reverse(),
    );
    const two = [...store.newestClaims(2)];
    assert.deepEqual(
      two.map((c) => c.id),
      ids.slice(-2).reverse(),
    );
    assert.deepEqual(
      two[0]?.lines.map((l) => l.procedure.code),
      generatedClaims()
        .at(-1)
        ?.lines.map((l) => l.procedure.code),
    );
    store.close();
  });

  void test('totals by cause, payer, code and month for the dashboard', () => {
    const store = loaded('claims-first');
    const byCause = Object.fromEntries(store.totals('cause').map((t) => [t.key, t.recoverableCents]));
    assert.deepEqual(byCause, {
      ndc: 1_544_102,
      'prior-authorization': 631_710,
      duplicate: 507_268,
      'units-mue': 468_252,
      'diagnosis-medical-necessity': 263_212,
      underpayment: 17_268 + 95_000,
    });
    const byPayer = Object.fromEntries(store.totals('payer').map((t) => [t.key, t.recoverableCents]));
    assert.deepEqual(byPayer, { 'MEDICARE PART B': 3_414_544 + 17_268, 'EXAMPLE HEALTH PLAN': 95_000 });
    assert.deepEqual(
      store.totals('month').map((t) => [t.key, t.count]),
      [['2026-03', 7]],
    );
    assert.equal(store.totals('code').find((t) => t.key === 'J9173')?.count, 2);
    store.close();
  });

  void test('unmatched items are listed, never dropped', () => {
    const store = loaded('claims-first');
    const u = store.unmatched();
    assert.deepEqual(
      u.remitClaims.map((r) => [r.patientControlNumber, r.reason]),
      [['RC9999', 'no-claim']],
    );
    assert.deepEqual(u.remitLines, []);
    assert.deepEqual(
      u.claimsWithoutRemittance.map((c) => c.claimId),
      ['RC1010'],
    );
    store.close();
  });

  void test('appeal context: the submitted claim and the remittance behind a denial', () => {
    const store = loaded('claims-first');
    const [d] = store.lineDenials('RC1005', 1);
    assert.ok(d);
    const ctxRow = store.context(d.id);
    assert.equal(ctxRow?.submitted?.id, 'RC1005');
    assert.equal(ctxRow?.remitClaim.payerClaimControlNumber, '2026061000105');
    assert.equal(ctxRow?.remittance.payment.date, '2026-03-02');
    store.close();
  });
});
