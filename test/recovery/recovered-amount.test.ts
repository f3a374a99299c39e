/**
 * The amount a biller says was recovered when marking an item `recovered` (setStatus `recoveredCents`, migration
 * recovery/007): checked against what is left to recover, counted in "recovered so far" on top of what later
 * remittances paid (never twice), written to the history, and, with no amount given, the rule from before.
 *
 * Baseline: the generated pair (fixtures.ts). RC1004 line 1 was denied CO-197 (prior authorization) on the
 * remittance of 2026-03-02; recoverable $6,317.10.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { RECOVERY_MIGRATIONS } from '../../src/adapters/store/recovery/schema.ts';
import { recoverableFootnote } from '../../src/adapters/cli/commands/paged-table.ts';
import { RecoveryStore, type FindingRow } from '../../src/adapters/store/recovery/store.ts';
import type { Remittance } from '../../src/core/claim/model.ts';
import { UPPER_BOUND } from '../../src/core/recovery/analyze.ts';
import {
  generatedClaims,
  laterMedicareRemittance,
  medicareAdjudication,
  medicareRemittance,
  paidAgain,
  reversalOf,
} from './fixtures.ts';
import { StoreScenario } from './scenario.ts';
import { copyIntoOlderSchema, recoveryTestSetup } from './setup.ts';

const { ctx, tmp } = recoveryTestSetup('drugclaim-recovered-amount-');

const RECOVERABLE = 631_710;
const AT = '2026-04-10T09:00:00.000Z';

class Scenario extends StoreScenario {
  constructor() {
    super(ctx, tmp);
    this.importClaims(generatedClaims(), '2026-03-05T09:00:00.000Z');
    this.remit(medicareRemittance());
  }

  remit(r: Remittance): void {
    this.importRemittance(r, '2026-04-05T09:00:00.000Z');
  }

  row(id: number): FindingRow {
    const r = this.store.finding(id);
    assert.ok(r);
    return r;
  }
}

/** A later Medicare 835 paying RC1004 line 1 `cents` (CO-45 for the rest), on `date`. */
const payment = (cents: number, date = '2026-04-01', trace = '883000300'): Remittance =>
  laterMedicareRemittance(date, trace, [paidAgain(medicareAdjudication('RC1004'), cents, '2026091000104')]);

void describe('marking an item recovered with the amount recovered', () => {
  const cases: {
    label: string;
    amount?: number;
    /** "Recovered so far" after the change. */
    recovered: number;
    note: string | undefined;
  }[] = [
    { label: 'no amount: the whole recoverable amount, as before', recovered: RECOVERABLE, note: 'by check' },
    {
      label: 'part of it',
      amount: 500_000,
      recovered: 500_000,
      note: 'Recovered $5,000.00 of $6,317.10. by check',
    },
    {
      label: 'all of it',
      amount: RECOVERABLE,
      recovered: RECOVERABLE,
      note: 'Recovered $6,317.10 of $6,317.10. by check',
    },
    { label: 'nothing after all', amount: 0, recovered: 0, note: 'Recovered $0.00 of $6,317.10. by check' },
  ];
  for (const c of cases) {
    void test(c.label, () => {
      const s = new Scenario();
      const item = s.priorAuth();
      const r = s.store.setStatus(item.id, 'recovered', {
        note: 'by check',
        at: AT,
        by: 'biller',
        ...(c.amount !== undefined ? { recoveredCents: c.amount } : {}),
      });
      assert.ok(r.ok, JSON.stringify(r.problems));
      assert.deepEqual(
        [r.value.status, r.value.recoveredByHandCents, r.value.recoveredCents, r.value.recoverableCents],
        ['recovered', c.amount ?? null, 0, RECOVERABLE],
      );
      assert.equal(s.recoveredSoFar(), c.recovered);
      assert.deepEqual(s.store.history(item.id).at(-1), {
        from: 'new',
        to: 'recovered',
        at: AT,
        note: c.note,
        by: 'biller',
      });
      // Closed: out of the open worklist's dollars either way.
      assert.equal(s.openRecoverable(), 3_414_544 + 17_268 - RECOVERABLE);
      s.store.close();
    });
  }

  const refused: { label: string; status: string; amount: number; message: RegExp }[] = [
    {
      label: 'more than the recoverable amount',
      status: 'recovered',
      amount: RECOVERABLE + 1,
      message:
        /^the amount recovered \(\$6,317\.11\) is more than the item's recoverable amount \(\$6,317\.10\)$/,
    },
    {
      label: 'a negative amount',
      status: 'recovered',
      amount: -100,
      message: /^the amount recovered cannot be negative \(got -\$1\.00\)$/,
    },
    { label: 'not whole cents', status: 'recovered', amount: 12.5, message: /whole cents/ },
    {
      label: 'an amount with another status',
      status: 'appealed',
      amount: 100,
      message: /^an amount recovered goes with status "recovered" only \(not "appealed"\)$/,
    },
  ];
  for (const c of refused) {
    void test(`refuses ${c.label}, and changes nothing`, () => {
      const s = new Scenario();
      const item = s.priorAuth();
      const before = s.store.history(item.id);
      const r = s.store.setStatus(item.id, c.status, { recoveredCents: c.amount, at: AT });
      assert.equal(r.ok, false);
      assert.equal(r.problems[0]?.code, 'recovery.worklist.amount');
      assert.match(r.problems[0]?.message ?? '', c.message);
      assert.deepEqual([s.row(item.id).status, s.row(item.id).recoveredByHandCents], ['new', null]);
      assert.deepEqual(s.store.history(item.id), before);
      assert.equal(s.recoveredSoFar(), 0);
      s.store.close();
    });
  }

  void test('a note on a recovered item keeps its amount; a new amount replaces it; reopening clears it', () => {
    const s = new Scenario();
    const item = s.priorAuth();
    assert.ok(s.store.setStatus(item.id, 'recovered', { recoveredCents: 400_000, at: AT }).ok);
    // The amount alone is a note ("Recovered $X of $Y."): no text needed.
    assert.ok(s.store.setStatus(item.id, 'recovered', { note: 'check cleared', at: AT }).ok);
    assert.deepEqual([s.row(item.id).recoveredByHandCents, s.recoveredSoFar()], [400_000, 400_000]);
    assert.ok(s.store.setStatus(item.id, 'recovered', { recoveredCents: 450_000, at: AT }).ok);
    assert.deepEqual([s.row(item.id).recoveredByHandCents, s.recoveredSoFar()], [450_000, 450_000]);
    assert.deepEqual(
      s.store.history(item.id).map((h) => h.note),
      [undefined, 'Recovered $4,000.00 of $6,317.10.', 'check cleared', 'Recovered $4,500.00 of $6,317.10.'],
    );
    assert.ok(s.store.setStatus(item.id, 'in-progress', { note: 'the check bounced', at: AT }).ok);
    assert.deepEqual(
      [s.row(item.id).recoveredByHandCents, s.recoveredSoFar(), s.openRecoverable()],
      [null, 0, 3_414_544 + 17_268],
    );
    s.store.close();
  });
});

void describe('with what later remittances paid (reconcile): counted once', () => {
  void test('after a partial payment, the amount is what came on top of it, up to what is left', () => {
    const s = new Scenario();
    const item = s.priorAuth();
    s.remit(payment(300_000));
    assert.deepEqual(
      [s.row(item.id).recoveredCents, s.row(item.id).recoverableCents, s.recoveredSoFar()],
      [300_000, 331_710, 300_000],
    );
    const over = s.store.setStatus(item.id, 'recovered', { recoveredCents: 331_711, at: AT });
    assert.equal(over.ok, false);
    assert.match(
      over.problems[0]?.message ?? '',
      /\(\$3,317\.11\) is more than the item's recoverable amount \(\$3,317\.10\) \(later remittances already paid \$3,000\.00; enter only what came on top of that\)/,
    );
    assert.ok(s.store.setStatus(item.id, 'recovered', { recoveredCents: 200_000, at: AT }).ok);
    assert.equal(s.recoveredSoFar(), 500_000);
    assert.equal(
      s.store.history(item.id).at(-1)?.note,
      'Recovered $2,000.00 of the $3,317.10 left; later remittances had paid $3,000.00: $5,000.00 of $6,317.10 in all.',
    );
    s.store.close();
  });

  void test('after a partial payment, no amount counts the payment only (the rule before 007)', () => {
    const s = new Scenario();
    const item = s.priorAuth();
    s.remit(payment(300_000));
    assert.ok(s.store.setStatus(item.id, 'recovered', { at: AT }).ok);
    assert.equal(s.recoveredSoFar(), 300_000);
    s.store.close();
  });

  void test('a payment that arrives after the biller closed the item is not added to the amount they gave', () => {
    const s = new Scenario();
    const item = s.priorAuth();
    assert.ok(s.store.setStatus(item.id, 'recovered', { recoveredCents: 600_000, at: AT }).ok);
    s.remit(payment(RECOVERABLE, '2026-04-20', '883000310'));
    assert.deepEqual(
      [s.row(item.id).status, s.row(item.id).recoveredCents, s.row(item.id).recoveredByHandCents],
      ['recovered', 0, 600_000],
    );
    assert.equal(s.recoveredSoFar(), 600_000);
    // Reopened by hand: the biller's amount goes, and the payment on file recovers the item (once).
    assert.ok(s.store.setStatus(item.id, 'in-progress', { at: AT }).ok);
    assert.equal(s.recoveredSoFar(), 0);
    const r = s.store.reconcile(ctx(), { all: true, now: AT });
    assert.equal(r.findingsRecovered, 1);
    assert.deepEqual(
      [s.row(item.id).status, s.row(item.id).statusBy, s.row(item.id).recoveredByHandCents],
      ['recovered', 'reconcile', null],
    );
    assert.equal(s.recoveredSoFar(), RECOVERABLE);
    s.store.close();
  });

  void test('an item reconciliation closed as recovered has nothing left: only 0 can be added', () => {
    const s = new Scenario();
    const item = s.priorAuth();
    s.remit(payment(RECOVERABLE));
    assert.deepEqual([s.row(item.id).status, s.row(item.id).recoverableCents], ['recovered', 0]);
    assert.equal(s.store.setStatus(item.id, 'recovered', { recoveredCents: 1, at: AT }).ok, false);
    assert.ok(s.store.setStatus(item.id, 'recovered', { recoveredCents: 0, at: AT }).ok);
    assert.equal(s.recoveredSoFar(), RECOVERABLE);
    // The biller's word now stands: a reversal of the payment does not reopen it.
    s.remit(
      laterMedicareRemittance('2026-05-01', '883000400', [
        reversalOf(paidAgain(medicareAdjudication('RC1004'), RECOVERABLE, '2026091000104')),
      ]),
    );
    assert.equal(s.row(item.id).status, 'recovered');
    s.store.close();
  });
});

void describe('migration recovery/007', () => {
  void test('items marked recovered before it keep counting as they did (no amount)', () => {
    const s = new Scenario();
    const item = s.priorAuth();
    assert.ok(s.store.setStatus(item.id, 'recovered', { note: 'paid after a phone call', at: AT }).ok);

    // The same rows in a database of the schema before 007 (migrations 001-006).
    const oldPath = join(tmp, 'old-007.db');
    const before007 = RECOVERY_MIGRATIONS.findIndex((m) => m.id === 'recovery/007-recovered-by-hand');
    assert.ok(before007 > 0);
    copyIntoOlderSchema(s.store, oldPath, RECOVERY_MIGRATIONS.slice(0, before007), /recovered_by_hand_cents/);

    const store = RecoveryStore.open(oldPath);
    assert.deepEqual(
      [store.finding(item.id)?.status, store.finding(item.id)?.recoveredByHandCents],
      ['recovered', null],
    );
    assert.equal(
      store.totals('status').reduce((n, t) => n + t.recoveredCents, 0),
      RECOVERABLE,
    );
    store.close();
  });
});

void describe('dollars in the texts a person reads, as the CLI and the web print them', () => {
  void test('the table legend separates thousands: "$13,317.10", not "$13317.10"', () => {
    const s = new Scenario();
    const row = s.priorAuth();
    s.store.close();
    assert.equal(row.finding.kind, 'denial');
    const upper = (cents: number): FindingRow => ({
      ...row,
      recoverableCents: cents,
      finding: { ...row.finding, recoverableNote: UPPER_BOUND } as FindingRow['finding'],
    });
    const estimate: FindingRow = {
      ...row,
      recoverableCents: 123_456_789,
      finding: { ...row.finding, recoverableNote: 'estimate: OPPS' } as FindingRow['finding'],
    };
    assert.deepEqual(
      recoverableFootnote(
        {
          upperBound: { items: 2, recoverableCents: RECOVERABLE + 700_000 },
          estimate: { items: 1, recoverableCents: 123_456_789 },
        },
        [upper(RECOVERABLE), upper(700_000), estimate],
      ).map((l) => /\$[\d,.]+\.$/.exec(l)?.[0]),
      ['$13,317.10.', '$1,234,567.89.'],
    );
  });
});
