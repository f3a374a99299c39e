/**
 * The worklist lifecycle after the first answer, through the X12 readers and the SQLite store: a payment that
 * closed an item as recovered and that the payer then reverses (835 CLP02 22) reopens it unless a re-adjudication
 * pays again; a corrected claim (837 CLM05-3 7, REF*F8) sets the items of the claim it replaces to
 * corrected-claim-sent, and the payer's answer to it closes them (recovered) or hands over to its own denial; a void
 * (CLM05-3 8) withdraws them.
 *
 * Baseline: the generated pair (fixtures.ts). RC1004 line 1, J9299 × 240, was denied CO-197 (prior authorization)
 * on the remittance of 2026-03-02, payer claim 2026061000104; recoverable $6,317.10.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { StoreScenario } from './scenario.ts';
import { openDatabase } from '../../src/adapters/store/database.ts';
import { RECOVERY_MIGRATIONS } from '../../src/adapters/store/recovery/schema.ts';
import { importRecoveryFile } from '../../src/adapters/store/recovery/session.ts';
import { writeClaims } from '../../src/adapters/claim-files/index.ts';
import {
  RecoveryStore,
  type FindingRow,
  type ReconcileSummary,
} from '../../src/adapters/store/recovery/store.ts';
import type { Claim, Remittance, RemittanceClaim } from '../../src/core/claim/model.ts';
import type { WorklistStatus } from '../../src/core/recovery/model.ts';
import {
  correctedClaim,
  generatedClaims,
  laterMedicareRemittance,
  medicareAdjudication,
  medicareRemittance,
  paidAgain,
  reversalOf,
  write835,
  write837P,
} from './fixtures.ts';
import { copyIntoOlderSchema, recoveryTestSetup } from './setup.ts';

const { ctx, tmp } = recoveryTestSetup('drugclaim-recovery-lifecycle-');

const ORIGINAL_PCCN = '2026061000104';
const RECOVERABLE = 631_710;

/** A store with the generated claims and the Medicare and commercial 835s imported from X12 and reconciled. */
class Scenario extends StoreScenario {
  constructor() {
    super(ctx, tmp);
    this.claims(generatedClaims());
    this.remit(medicareRemittance());
  }

  /** Imports an 837P with these claims (through the X12 reader) and reconciles. */
  claims(claims: readonly Claim[], now = '2026-04-05T09:00:00.000Z'): ReconcileSummary {
    return this.importClaims(claims, now);
  }

  /** Imports an 835 (through the X12 reader) and reconciles. */
  remit(r: Remittance, now = '2026-04-05T09:00:00.000Z'): ReconcileSummary {
    return this.importRemittance(r, now);
  }

  /** The RC1004 line 1 items (all statuses). */
  items(claimId = 'RC1004'): FindingRow[] {
    return this.store.findings({ claimId, line: 1 });
  }
}

const originalDenial = (): RemittanceClaim => medicareAdjudication('RC1004');

/** RC1004 adjudicated again: paid `paidCents` (CO-45 for the rest of the charge) under payer claim `pccn`. */
const paid = (paidCents: number, pccn: string, pcn = 'RC1004'): RemittanceClaim =>
  paidAgain(originalDenial(), paidCents, pccn, pcn);

const remittance = laterMedicareRemittance;

/** RC1004 denied again (status 4) with this adjustment, under payer claim `pccn`. */
function denied(
  group: string,
  carc: string,
  pccn: string,
  pcn = 'RC1004',
  remarks: string[] = [],
): RemittanceClaim {
  const d = originalDenial();
  const line = d.serviceLines[0];
  assert.ok(line);
  return {
    ...d,
    patientControlNumber: pcn,
    status: '4',
    payerClaimControlNumber: pccn,
    paidCents: 0,
    serviceLines: [
      {
        ...line,
        paidCents: 0,
        remarkCodes: remarks,
        adjustments: [{ group, carc, amountCents: line.chargeCents }],
      },
    ],
  };
}

const PAYMENT = paid(RECOVERABLE, '2026091000104');
const paidOn = (): Remittance => remittance('2026-04-01', '883000300', [PAYMENT]);

const status = (
  s: Scenario,
  id: number,
): [WorklistStatus | undefined, number | undefined, number | undefined] => {
  const row = s.store.finding(id);
  return [row?.status, row?.recoveredCents, row?.recoverableCents];
};

void describe('a payment the payer reverses (835 CLP02 22): the net result decides', () => {
  const cases: {
    label: string;
    /** The 835s after the payment of 2026-04-01 that recovered the item. */
    then: Remittance[];
    want: {
      status: WorklistStatus;
      recovered: number;
      reopened: number;
      items: number;
      note: RegExp;
      /** Another note the history holds. */
      also?: RegExp;
    };
  }[] = [
    {
      label: 'payment → reversal + re-denial in one 835: reopened, one open denial item',
      then: [
        remittance('2026-04-20', '883000400', [reversalOf(PAYMENT), denied('CO', '197', '2026110000104')]),
      ],
      want: {
        status: 'appealed',
        recovered: 0,
        reopened: 1,
        items: 1,
        // The re-denial's note comes after the reopening, names the denial, and renews the deadline.
        note: /^The payer adjudicated the claim again after reversing it \(remittance of 2026-04-20, check\/EFT 883000400, payer claim 2026110000104\) and denied this line again: CO-197, the denial this item is about; counted once\. A new initial determination: deadline now 2026-08-23\.$/,
        also: /^The payer reversed the payment that recovered this item \(835 CLP02 22: \$6,?317\.10 by the remittance of 2026-04-20, check\/EFT 883000400, payer claim 2026091000104\): \$6,?317\.10 to recover again\. Reopened by reconciliation\.$/,
      },
    },
    {
      label: 'payment → reversal alone: reopened',
      then: [remittance('2026-04-20', '883000400', [reversalOf(PAYMENT)])],
      want: {
        status: 'appealed',
        recovered: 0,
        reopened: 1,
        items: 1,
        note: /Reopened by reconciliation\.$/,
      },
    },
    {
      label: 'payment → reversal + the same payment again: still recovered',
      then: [
        remittance('2026-04-20', '883000400', [reversalOf(PAYMENT), paid(RECOVERABLE, '2026110000104')]),
      ],
      want: {
        status: 'recovered',
        recovered: RECOVERABLE,
        reopened: 0,
        items: 1,
        note: /^The payer took back a payment on the line \(\$6,?317\.10 by the remittance of 2026-04-20, check\/EFT 883000400, payer claim 2026091000104\) and paid it again \(\$6,?317\.10 on the remittance of 2026-04-20, check\/EFT 883000400, payer claim 2026110000104\): still recovered, \$6,?317\.10\.$/,
      },
    },
    {
      label: 'payment → reversal (reopened) → the same payment in a later 835: recovered again',
      then: [
        remittance('2026-04-20', '883000400', [reversalOf(PAYMENT)]),
        remittance('2026-05-04', '883000500', [paid(RECOVERABLE, '2026120000104')]),
      ],
      want: {
        status: 'recovered',
        recovered: RECOVERABLE,
        reopened: 1,
        items: 1,
        note: /^A later remittance paid the line \(\$6,?317\.10 on the remittance of 2026-05-04, check\/EFT 883000500, payer claim 2026120000104\)/,
      },
    },
    {
      label: 'payment → reversal + a smaller payment: reopened with what is still paid',
      then: [remittance('2026-04-20', '883000400', [reversalOf(PAYMENT), paid(300_000, '2026110000104')])],
      want: {
        status: 'appealed',
        recovered: 300_000,
        reopened: 1,
        items: 1,
        note: /: \$3,?000\.00 still paid \(.*\), \$3,?317\.10 to recover again\. Reopened by reconciliation\.$/,
      },
    },
  ];
  for (const c of cases)
    void test(c.label, () => {
      const s = new Scenario();
      const item = s.priorAuth();
      assert.ok(
        s.store.setStatus(item.id, 'appealed', {
          note: 'redetermination sent',
          at: '2026-03-10T09:00:00.000Z',
        }).ok,
      );
      const openBefore = s.openRecoverable();
      const first = s.remit(paidOn());
      assert.equal(first.findingsRecovered, 1);
      assert.deepEqual(status(s, item.id), ['recovered', RECOVERABLE, 0]);
      assert.equal(s.store.finding(item.id)?.statusBy, 'reconcile');
      assert.equal(s.openRecoverable(), openBefore - RECOVERABLE);
      assert.equal(s.recoveredSoFar(), RECOVERABLE);

      let reopened = 0;
      for (const [i, r] of c.then.entries())
        reopened += s.remit(r, `2026-05-${String(10 + i)}T09:00:00.000Z`).findingsReopened;
      assert.equal(reopened, c.want.reopened);
      assert.deepEqual(status(s, item.id), [c.want.status, c.want.recovered, RECOVERABLE - c.want.recovered]);
      assert.equal(s.items().length, c.want.items);
      assert.match(s.store.history(item.id).at(-1)?.note ?? '', c.want.note);
      const also = c.want.also;
      if (also) assert.ok(s.store.history(item.id).some((h) => also.test(h.note ?? '')));
      // Back in the open worklist and its dollars (and out of "recovered so far") when reopened.
      const open = c.want.status !== 'recovered';
      assert.equal(
        s.store.worklist().some((w) => w.id === item.id),
        open,
      );
      assert.equal(
        s.openRecoverable(),
        openBefore - RECOVERABLE + (open ? RECOVERABLE - c.want.recovered : 0),
      );
      assert.equal(s.recoveredSoFar(), c.want.recovered);
      // Idempotent: nothing changes on another run, nor on a full re-analysis.
      const again = s.store.reconcile(ctx(), { now: '2026-06-01T09:00:00.000Z' });
      const all = s.store.reconcile(ctx(), { all: true, now: '2026-06-01T09:00:00.000Z' });
      assert.deepEqual(
        [
          again.findingsReopened,
          again.findingsRecovered,
          all.findingsReopened,
          all.findingsRecovered,
          all.findingsAdded,
        ],
        [0, 0, 0, 0, 0],
      );
      assert.deepEqual(status(s, item.id), [c.want.status, c.want.recovered, RECOVERABLE - c.want.recovered]);
      s.store.close();
    });

  void test('an item a biller marked recovered is not reopened by reconciliation', () => {
    const s = new Scenario();
    const item = s.priorAuth();
    assert.ok(
      s.store.setStatus(item.id, 'recovered', { note: 'paid by check', at: '2026-04-02T09:00:00.000Z' }).ok,
    );
    s.remit(paidOn());
    const r = s.remit(remittance('2026-04-20', '883000400', [reversalOf(PAYMENT)]));
    assert.equal(r.findingsReopened, 0);
    assert.equal(s.store.finding(item.id)?.status, 'recovered');
    assert.equal(s.store.finding(item.id)?.statusBy, null);
    s.store.close();
  });
});

/** RC1004 as a corrected claim: CLM05-3 `frequency`, REF*F8 the original's payer claim number, an NDC added. */
function corrected(frequency: '7' | '8', id = 'RC1004'): Claim {
  const original = generatedClaims().find((c) => c.id === 'RC1004');
  assert.ok(original);
  const c = correctedClaim(original, frequency, ORIGINAL_PCCN, id);
  return {
    ...c,
    lines: c.lines.map((l) => ({
      ...l,
      drug: { ndc: '00003373413', ndcQualifier: 'N4', quantity: 240, unit: 'UN' },
    })),
  };
}

void describe('a corrected claim (837 CLM05-3 7, REF*F8) answers the denial of the claim it replaces', () => {
  const cases: {
    label: string;
    claimId?: string;
    /** The payer's answer to the corrected claim. */
    answer: (pcn: string) => RemittanceClaim[];
    want: { status: WorklistStatus; recovered: number; newItems: number; note: RegExp };
  }[] = [
    {
      label: 'Medicare style: the original reversed, the corrected claim paid under a new number → recovered',
      answer: (pcn) => [reversalOf(originalDenial()), paid(RECOVERABLE, '2026110000104', pcn)],
      want: {
        status: 'recovered',
        recovered: RECOVERABLE,
        newItems: 0,
        note: /^A later remittance paid the line \(\$6,?317\.10 on the corrected claim's remittance of 2026-04-20, check\/EFT 883000400, payer claim 2026110000104\): \$6,?317\.10 recovered\. Closed by reconciliation\.$/,
      },
    },
    {
      label: 'the payer keeps its claim number (CLP07 = REF*F8) → recovered',
      answer: (pcn) => [paid(RECOVERABLE, ORIGINAL_PCCN, pcn)],
      want: {
        status: 'recovered',
        recovered: RECOVERABLE,
        newItems: 0,
        note: /corrected claim's remittance/,
      },
    },
    {
      label: 'another account number on the corrected claim, tied by REF*F8 → recovered',
      claimId: 'RC1004R',
      answer: (pcn) => [paid(RECOVERABLE, '2026110000104', pcn)],
      want: { status: 'recovered', recovered: RECOVERABLE, newItems: 0, note: /Closed by reconciliation\.$/ },
    },
    {
      label: 'the corrected claim paid in part → back to in-progress, no second item for the gap',
      answer: (pcn) => [paid(300_000, '2026110000104', pcn)],
      want: {
        status: 'in-progress',
        recovered: 300_000,
        newItems: 0,
        note: /^The payer answered the corrected claim \(the corrected claim's remittance of 2026-04-20.*\): \$3,?000\.00 recovered, \$3,?317\.10 left\.$/,
      },
    },
    {
      label: 'Medicare style, paid in part: the original reversed, no second item for the gap',
      answer: (pcn) => [reversalOf(originalDenial()), paid(300_000, '2026110000104', pcn)],
      want: {
        status: 'in-progress',
        recovered: 300_000,
        newItems: 0,
        note: /^The payer answered the corrected claim \(.*\): \$3,?000\.00 recovered, \$3,?317\.10 left\.$/,
      },
    },
    {
      label: 'Medicare style, denied again: the original reversed and withdrawn, the new denial open',
      answer: (pcn) => [reversalOf(originalDenial()), denied('CO', '16', '2026110000104', pcn, ['N290'])],
      want: { status: 'withdrawn', recovered: 0, newItems: 1, note: /^The payer denied the corrected claim/ },
    },
    {
      label: 'the corrected claim denied → its denial is the open item, the original withdrawn',
      answer: (pcn) => [denied('CO', '16', '2026110000104', pcn, ['N290'])],
      want: {
        status: 'withdrawn',
        recovered: 0,
        newItems: 1,
        note: /^The payer denied the corrected claim \(.*\): that denial is item #\d+, worked from there; this item is withdrawn\.$/,
      },
    },
  ];
  for (const c of cases)
    void test(c.label, () => {
      const s = new Scenario();
      const item = s.priorAuth();
      const pcn = c.claimId ?? 'RC1004';
      const openBefore = s.store.worklist().length;
      const sent = s.claims([corrected('7', pcn)]);
      assert.deepEqual([sent.correctionsLinked, sent.findingsCorrected], [1, 1]);
      const waiting = s.store.finding(item.id);
      assert.equal(waiting?.status, 'corrected-claim-sent');
      assert.equal(waiting?.statusBy, 'reconcile');
      assert.deepEqual(waiting?.correctedClaim, {
        claimId: pcn,
        kind: 'replacement',
        frequencyCode: '7',
        payerClaimControlNumber: ORIGINAL_PCCN,
        // BHT04 of the corrected claim's 837 (fixtures.ts write837P), not the day it was imported.
        date: '2026-03-02',
      });
      assert.match(
        s.store.history(item.id).at(-1)?.note ?? '',
        new RegExp(
          `^A corrected claim was sent: claim ${pcn}, frequency 7 \\(replacement of payer claim ${ORIGINAL_PCCN}\\), of \\d{4}-\\d\\d-\\d\\d\\.`,
        ),
      );
      // Still open, still counted: the money is not in yet.
      assert.equal(s.store.worklist().length, openBefore);
      assert.ok(s.store.worklist().some((w) => w.id === item.id));
      // Only the claim's own items: the other claims' items are untouched.
      assert.deepEqual(
        s.store.worklist({ status: ['corrected-claim-sent'] }).map((w) => w.id),
        [item.id],
      );

      const before = s.store.counts().findings;
      const answered = s.remit(remittance('2026-04-20', '883000400', c.answer(pcn)));
      assert.deepEqual(status(s, item.id), [c.want.status, c.want.recovered, RECOVERABLE - c.want.recovered]);
      assert.equal(s.store.counts().findings - before, c.want.newItems);
      assert.equal(answered.findingsReversed, 0);
      assert.match(s.store.history(item.id).at(-1)?.note ?? '', c.want.note);
      // One open item at most for the line, whatever the answer.
      const openOnLine = s.store
        .worklist()
        .filter((w) => w.claimId === pcn || w.claimId === 'RC1004')
        .filter((w) => w.line === 1);
      assert.equal(openOnLine.length, c.want.status === 'recovered' ? 0 : 1);
      // Idempotent, also on a full re-analysis (the original denial stays with the original claim).
      const all = s.store.reconcile(ctx(), { all: true, now: '2026-06-01T09:00:00.000Z' });
      assert.deepEqual(
        [all.findingsAdded, all.findingsRemoved, all.findingsRecovered, all.correctionsLinked],
        [0, 0, 0, 0],
      );
      assert.deepEqual(status(s, item.id), [c.want.status, c.want.recovered, RECOVERABLE - c.want.recovered]);
      s.store.close();
    });

  void test('a backlog: the corrected claim imported before the original remittance still leaves it with the original', () => {
    // Both 837s first, then the 835s, all imported on one day long after the remittance dates.
    const store = new RecoveryStore(openDatabase(':memory:', { migrations: RECOVERY_MIGRATIONS }), {
      ownsDb: true,
    });
    const file = (name: string, text: string): string => {
      const path = join(tmp, `${Math.random().toString(36).slice(2)}-${name}`);
      writeFileSync(path, text);
      return path;
    };
    assert.ok(importRecoveryFile(store, file('claims.837', write837P(generatedClaims(), 1)), 'claims').ok);
    assert.ok(importRecoveryFile(store, file('corrected.837', write837P([corrected('7')], 2)), 'claims').ok);
    const linked = store.reconcile(ctx(), { now: '2026-11-24T09:00:00.000Z' });
    assert.equal(linked.correctionsLinked, 1);
    assert.ok(
      importRecoveryFile(store, file('medicare.835', write835(medicareRemittance(), 3)), 'remittances').ok,
    );
    store.reconcile(ctx(), { now: '2026-11-24T09:00:00.000Z' });
    const [item] = store.denials({ claimId: 'RC1004', cause: 'prior-authorization' });
    assert.ok(item);
    assert.equal(item.status, 'corrected-claim-sent');
    assert.ok(
      importRecoveryFile(
        store,
        file(
          'answer.835',
          write835(remittance('2026-04-20', '883000400', [paid(RECOVERABLE, ORIGINAL_PCCN)]), 4),
        ),
        'remittances',
      ).ok,
    );
    const r = store.reconcile(ctx(), { now: '2026-11-24T09:00:00.000Z' });
    assert.equal(r.findingsRecovered, 1);
    assert.equal(store.finding(item.id)?.status, 'recovered');
    store.close();
  });
});

void describe('the day a corrected claim was sent', () => {
  void test('837: its BHT04; a claim that carries no creation date (JSON): the day it was imported', () => {
    const s = new Scenario();
    const item = s.priorAuth();
    const path = join(tmp, `corrected-${String(Date.now())}.json`);
    writeFileSync(path, writeClaims([corrected('7')], 'json'));
    assert.ok(importRecoveryFile(s.store, path, 'claims').ok);
    s.store.reconcile(ctx(), { now: '2026-04-05T09:00:00.000Z' });
    assert.equal(s.store.finding(item.id)?.correctedClaim?.date, new Date().toISOString().slice(0, 10));
    // The same correction as an 837: dated by its BHT04 (fixtures.ts write837P), not by its import.
    const again = new Scenario();
    again.claims([corrected('7')]);
    assert.equal(again.store.finding(again.priorAuth().id)?.correctedClaim?.date, '2026-03-02');
  });
});

void describe('a void (837 CLM05-3 8, REF*F8) withdraws the items of the claim it voids', () => {
  void test('every open item of the claim, with a note; the payer reversing the original changes nothing', () => {
    const s = new Scenario();
    const item = s.priorAuth();
    assert.ok(
      s.store.setStatus(item.id, 'in-progress', {
        note: 'asked for the authorization',
        at: '2026-03-10T09:00:00.000Z',
      }).ok,
    );
    const openBefore = s.openRecoverable();
    const r = s.claims([corrected('8')]);
    assert.deepEqual([r.correctionsLinked, r.findingsCorrected, r.findingsWithdrawn], [1, 0, 1]);
    const row = s.store.finding(item.id);
    assert.equal(row?.status, 'withdrawn');
    assert.deepEqual([row?.correctedClaim?.kind, row?.correctedClaim?.frequencyCode], ['void', '8']);
    assert.match(
      s.store.history(item.id).at(-1)?.note ?? '',
      /^The claim was voided: claim RC1004, frequency 8 \(void of payer claim 2026061000104\), of \d{4}-\d\d-\d\d\. Nothing is left to recover on it; withdrawn by reconciliation\.$/,
    );
    assert.equal(s.openRecoverable(), openBefore - RECOVERABLE);
    assert.ok(!s.store.worklist().some((w) => w.id === item.id));
    // The payer's answer to the void: the original adjudication reversed. Withdrawn stays withdrawn.
    const answered = s.remit(remittance('2026-04-20', '883000400', [reversalOf(originalDenial())]));
    assert.deepEqual([answered.reversalsLinked, answered.findingsReversed], [1, 0]);
    assert.equal(s.store.finding(item.id)?.status, 'withdrawn');
    // Only reconciliation withdraws; a biller can reopen.
    assert.equal(s.store.setStatus(item.id, 'withdrawn').ok, false);
    assert.ok(s.store.setStatus(item.id, 'in-progress', { note: 'the void was sent in error' }).ok);
    assert.equal(s.store.finding(item.id)?.statusBy, null);
    s.store.close();
  });
});

void describe('migration recovery/004', () => {
  void test('an older store upgrades: corrected claims found in the stored bodies, items closed by reconciliation marked so', () => {
    // Today's store, with a payment that closed RC1004 as recovered, RC1005 marked recovered by hand and a
    // corrected claim for RC1007 stored but not reconciled yet.
    const s = new Scenario();
    const item = s.priorAuth();
    s.remit(paidOn());
    const [mue] = s.store.denials({ claimId: 'RC1005' });
    assert.ok(mue);
    assert.ok(s.store.setStatus(mue.id, 'recovered', { note: 'paid after a phone call' }).ok);
    const rc1007 = generatedClaims().find((c) => c.id === 'RC1007');
    assert.ok(rc1007);
    const path = join(tmp, 'rc1007-replacement.837');
    writeFileSync(path, write837P([correctedClaim(rc1007, '7', '2026061000107')], 90));
    assert.ok(importRecoveryFile(s.store, path, 'claims').ok);

    // The same rows in a database of the schema before 004 (migrations 001-003).
    const oldPath = join(tmp, 'old-004.db');
    copyIntoOlderSchema(
      s.store,
      oldPath,
      RECOVERY_MIGRATIONS.slice(0, 3),
      /status_by|corrected_claim_row|correction|replaces/,
    );

    const store = RecoveryStore.open(oldPath);
    assert.deepEqual(
      [store.finding(item.id)?.statusBy, store.finding(mue.id)?.statusBy],
      ['reconcile', null],
    );
    assert.deepEqual(
      store.db
        .prepare('SELECT claim_id, correction FROM recovery_claims WHERE correction IS NOT NULL')
        .all()
        .map((r) => ({ ...r })),
      [{ claim_id: 'RC1007', correction: 'replacement' }],
    );
    const r = store.reconcile(ctx(), { now: '2026-05-01T09:00:00.000Z' });
    assert.deepEqual([r.correctionsLinked, r.findingsCorrected], [1, 1]);
    assert.equal(store.denials({ claimId: 'RC1007' })[0]?.status, 'corrected-claim-sent');
    // The payment the old store saw close RC1004, reversed now: reopened. RC1005, closed by hand, stays.
    const reversal = laterMedicareRemittance('2026-04-20', '883000400', [reversalOf(PAYMENT)]);
    const rpath = join(tmp, 'reversal-004.835');
    writeFileSync(rpath, write835(reversal, 91));
    assert.ok(importRecoveryFile(store, rpath, 'remittances').ok);
    assert.equal(store.reconcile(ctx(), { now: '2026-05-02T09:00:00.000Z' }).findingsReopened, 1);
    assert.deepEqual(
      [store.finding(item.id)?.status, store.finding(mue.id)?.status],
      ['in-progress', 'recovered'],
    );
    store.close();
  });
});
