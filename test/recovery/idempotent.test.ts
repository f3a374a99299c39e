/**
 * `remit reconcile --all` with no new file changes nothing: after each step of the lifecycle (a corrected claim sent,
 * answered, its payment reversed; a payment reversed and the line reopened or taken over; a takeback with no new
 * adjudication), two full re-analyses leave every item's status, who set it and when, amounts, deadline, corrected
 * claim, history and sources as they were. Through the X12 readers and the SQLite store, like lifecycle.test.ts.
 *
 * The QA case (2026-11-24, claim ONC101): a denial, a replacement claim (CLM05-3 7, REF*F8) whose answer paid the line
 * and closed the item as recovered, then that payment reversed and the corrected claim paid again in part. The
 * reopening put the item back to corrected-claim-sent although the payer had answered the corrected claim, and the
 * next reconcile moved it on to in-progress: it must get there in the run that reopens it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StoreScenario } from './scenario.ts';
import type { ReconcileSummary } from '../../src/adapters/store/recovery/store.ts';
import type { Claim, Remittance, RemittanceClaim } from '../../src/core/claim/model.ts';
import type { WorklistStatus } from '../../src/core/recovery/model.ts';
import {
  adj,
  correctedClaim,
  generatedClaims,
  laterMedicareRemittance,
  medicareAdjudication,
  medicareRemittance,
  paidAgain,
  reversalOf,
} from './fixtures.ts';
import { recoveryTestSetup } from './setup.ts';

const { ctx, tmp } = recoveryTestSetup('drugclaim-recovery-idempotent-');

/** RC1004 line 1, J9299 × 240, denied CO-197 on 2026-03-02 under payer claim 2026061000104: $6,317.10. */
const ORIGINAL_PCCN = '2026061000104';
const RECOVERABLE = 631_710;

class Scenario extends StoreScenario {
  private day = 1;

  constructor() {
    super(ctx, tmp);
    this.claims(generatedClaims());
    this.remit(medicareRemittance());
  }

  /** Each import on its own day, so a change of status or a note of a later run would show in `at`. */
  private now(): string {
    return `2026-11-${String(this.day++).padStart(2, '0')}T09:00:00.000Z`;
  }

  claims(claims: readonly Claim[]): ReconcileSummary {
    return this.importClaims(claims, this.now());
  }

  remit(r: Remittance): ReconcileSummary {
    return this.importRemittance(r, this.now());
  }

  set(claimId: string, status: WorklistStatus): void {
    const [item] = this.store.denials({ claimId, line: 1 });
    assert.ok(item);
    assert.ok(this.store.setStatus(item.id, status, { note: 'by hand', at: this.now() }).ok);
  }

  /** Everything reconcile may touch: the items (all of each row), their history and their sources. */
  snapshot(): unknown {
    return {
      items: this.store.findings().map((f) => ({ ...f, history: this.store.history(f.id) })),
      sources: this.store.db
        .prepare('SELECT finding_id, remit_claim_row FROM recovery_finding_sources ORDER BY 1, 2')
        .all()
        .map((r) => ({ ...r })),
      packaged: this.store.packagedLines().length,
    };
  }

  /** The state of RC1004's line 1 items, oldest first: [status, recovered, left to recover]. */
  line1(claimId = 'RC1004'): [WorklistStatus, number, number][] {
    return this.store
      .findings({ claimId, line: 1 })
      .map((f) => [f.status, f.recoveredCents, f.recoverableCents]);
  }
}

const rc1001 = medicareAdjudication('RC1001');
const rc1004 = medicareAdjudication('RC1004');
const later = laterMedicareRemittance;

/** RC1004 as a corrected claim: CLM05-3 `frequency`, REF*F8 the original's payer claim number, an NDC added. */
function corrected(frequency: '7' | '8'): Claim {
  const original = generatedClaims().find((c) => c.id === 'RC1004');
  assert.ok(original);
  const c = correctedClaim(original, frequency, ORIGINAL_PCCN);
  return {
    ...c,
    lines: c.lines.map((l) => ({
      ...l,
      drug: { ndc: '00003373413', ndcQualifier: 'N4', quantity: 240, unit: 'UN' },
    })),
  };
}

/** RC1004 denied again (CLP02 4) with this adjustment on the whole charge, under payer claim `pccn`. */
function denied(group: string, carc: string, pccn: string, remarks: string[] = []): RemittanceClaim {
  const line = rc1004.serviceLines[0];
  assert.ok(line);
  return {
    ...rc1004,
    status: '4',
    payerClaimControlNumber: pccn,
    serviceLines: [{ ...line, remarkCodes: remarks, adjustments: [adj(group, carc, line.chargeCents)] }],
  };
}

/** The corrected claim's answer of 2026-04-20: the original reversed, the line paid in full. */
const CORRECTION_PAID = paidAgain(rc1004, RECOVERABLE, '2026110000104');
const correctionPaid = (): Remittance =>
  later('2026-04-20', '883000400', [reversalOf(rc1004), CORRECTION_PAID]);
/** A payment of 2026-04-15 recovering RC1004 (appealed, paid in full under a new payer claim number). */
const PAYMENT = paidAgain(rc1004, RECOVERABLE, '2026105000204');

/** The corrected claim sent and paid in full, then that payment reversed on 2026-11-18, `then` in the same 835. */
function correctionPaymentReversed(s: Scenario, ...then: RemittanceClaim[]): ReconcileSummary {
  s.claims([corrected('7')]);
  s.remit(correctionPaid());
  return s.remit(later('2026-11-18', 'EFT20261118', [reversalOf(CORRECTION_PAID), ...then]));
}

/** RC1004 appealed and recovered by PAYMENT, then that payment reversed on 2026-05-20, `then` in the same 835. */
function paymentReversed(s: Scenario, ...then: RemittanceClaim[]): void {
  s.set('RC1004', 'appealed');
  s.remit(later('2026-04-15', 'EFT20260415', [PAYMENT]));
  s.remit(later('2026-05-20', 'EFT20260520', [reversalOf(PAYMENT), ...then]));
}

const cases: {
  label: string;
  steps: (s: Scenario) => void;
  /** RC1004 line 1 (or `claimId` line 1) after the steps: the scenario did what it says. */
  want: [WorklistStatus, number, number][];
  claimId?: string;
}[] = [
  {
    label: 'a corrected claim sent, its 835 not received yet: corrected-claim-sent',
    steps: (s) => s.claims([corrected('7')]),
    want: [['corrected-claim-sent', 0, RECOVERABLE]],
  },
  {
    label: 'a worked item, then a corrected claim sent: corrected-claim-sent',
    steps: (s) => {
      s.set('RC1004', 'in-progress');
      s.claims([corrected('7')]);
    },
    want: [['corrected-claim-sent', 0, RECOVERABLE]],
  },
  {
    label: 'a void sent: withdrawn',
    steps: (s) => s.claims([corrected('8')]),
    want: [['withdrawn', 0, RECOVERABLE]],
  },
  {
    label: 'the corrected claim paid in full: recovered',
    steps: (s) => {
      s.claims([corrected('7')]);
      s.remit(correctionPaid());
    },
    want: [['recovered', RECOVERABLE, 0]],
  },
  {
    label: 'the corrected claim paid in part: in-progress',
    steps: (s) => {
      s.claims([corrected('7')]);
      s.remit(
        later('2026-04-20', '883000400', [reversalOf(rc1004), paidAgain(rc1004, 300_000, '2026110000104')]),
      );
    },
    want: [['in-progress', 300_000, RECOVERABLE - 300_000]],
  },
  {
    label: "the corrected claim denied: the original withdrawn, the corrected claim's denial open",
    steps: (s) => {
      s.claims([corrected('7')]);
      s.remit(
        later('2026-04-20', '883000400', [reversalOf(rc1004), denied('CO', '16', '2026110000104', ['N290'])]),
      );
    },
    want: [
      ['withdrawn', 0, RECOVERABLE],
      ['new', 0, RECOVERABLE],
    ],
  },
  {
    label: "QA ONC101: the corrected claim's payment reversed and paid again in part: in-progress at once",
    steps: (s) => correctionPaymentReversed(s, paidAgain(rc1004, 300_000, '2026320000104')),
    want: [['in-progress', 300_000, RECOVERABLE - 300_000]],
  },
  {
    label: "the corrected claim's payment reversed and the line denied: withdrawn at once, the denial open",
    steps: (s) => correctionPaymentReversed(s, denied('CO', '16', '2026320000104', ['N290'])),
    want: [
      ['withdrawn', 0, RECOVERABLE],
      ['new', 0, RECOVERABLE],
    ],
  },
  {
    label: "the corrected claim's payment reversed alone: back to waiting on the corrected claim",
    steps: (s) => correctionPaymentReversed(s),
    want: [['corrected-claim-sent', 0, RECOVERABLE]],
  },
  {
    label: 'a payment reversed alone: reopened',
    steps: (s) => paymentReversed(s),
    want: [['appealed', 0, RECOVERABLE]],
  },
  {
    label: 'a payment reversed and a smaller payment: reopened with what is still paid',
    steps: (s) => paymentReversed(s, paidAgain(rc1004, 300_000, '2026140000204')),
    want: [['appealed', 300_000, RECOVERABLE - 300_000]],
  },
  {
    label: 'a payment reversed and the same payment again: still recovered',
    steps: (s) => paymentReversed(s, paidAgain(rc1004, RECOVERABLE, '2026140000204')),
    want: [['recovered', RECOVERABLE, 0]],
  },
  {
    label: 'a payment reversed and the same denial again: reopened, the deadline renewed',
    steps: (s) => paymentReversed(s, denied('CO', '197', '2026140000204')),
    want: [['appealed', 0, RECOVERABLE]],
  },
  {
    label: 'a payment reversed and a denial for another reason: the new denial takes over',
    steps: (s) => paymentReversed(s, denied('CO', '50', '2026140000204', ['N115'])),
    want: [
      ['withdrawn', 0, RECOVERABLE],
      ['new', 0, RECOVERABLE],
    ],
  },
  {
    label: 'an appealed denial reversed and paid in part: open with the rest',
    steps: (s) => {
      s.set('RC1004', 'appealed');
      s.remit(
        later('2026-04-15', 'EFT20260415', [reversalOf(rc1004), paidAgain(rc1004, 300_000, '2026105000204')]),
      );
    },
    want: [['appealed', 300_000, RECOVERABLE - 300_000]],
  },
  {
    label: 'a takeback with no new adjudication: a payment-reversed item',
    steps: (s) => {
      s.remit(later('2026-11-18', 'EFT20261118', [reversalOf(rc1001)]));
    },
    claimId: 'RC1001',
    want: [['new', 0, 507_268]],
  },
  {
    label: 'a takeback, then paid again: recovered',
    steps: (s) => {
      s.remit(later('2026-11-18', 'EFT20261118', [reversalOf(rc1001)]));
      s.remit(later('2026-12-10', 'EFT20261210', [paidAgain(rc1001, 507_268, '2026344000101')]));
    },
    claimId: 'RC1001',
    want: [['recovered', 507_268, 0]],
  },
];

void describe('reconcile --all with no new file changes nothing', () => {
  for (const c of cases)
    void test(c.label, () => {
      const s = new Scenario();
      c.steps(s);
      assert.deepEqual(s.line1(c.claimId), c.want);
      const before = s.snapshot();
      for (const now of ['2026-12-20T09:00:00.000Z', '2026-12-21T09:00:00.000Z']) {
        const r = s.store.reconcile(ctx(), { all: true, now });
        assert.deepEqual(
          [
            r.findingsAdded,
            r.findingsRemoved,
            r.findingsJoined,
            r.findingsReversed,
            r.findingsRecovered,
            r.findingsReopened,
            r.correctionsLinked,
            r.findingsCorrected,
            r.findingsWithdrawn,
            r.findingsTakenBack,
          ],
          [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
          now,
        );
        assert.deepEqual(s.snapshot(), before, now);
      }
      s.store.close();
    });
});

void describe('a reopening back to waiting on an answered corrected claim settles in the same run', () => {
  void test('QA ONC101: reopened, then in-progress on the answer, both in the history of that run', () => {
    const s = new Scenario();
    const [item] = s.store.denials({ claimId: 'RC1004', line: 1 });
    assert.ok(item);
    const r = correctionPaymentReversed(s, paidAgain(rc1004, 300_000, '2026320000104'));
    assert.deepEqual([r.findingsReopened, r.findingsWithdrawn], [1, 0]);
    const h = s.store.history(item.id).slice(-2);
    assert.deepEqual(
      h.map((x) => [x.from, x.to, x.at]),
      [
        ['recovered', 'corrected-claim-sent', h[0]?.at],
        ['corrected-claim-sent', 'in-progress', h[0]?.at],
      ],
    );
    assert.match(
      h[0]?.note ?? '',
      /^The payer reversed the payment that recovered this item \(835 CLP02 22: \$6,?317\.10 by the remittance of 2026-11-18, check\/EFT EFT20261118, payer claim 2026110000104\): \$3,?000\.00 still paid \(\$3,?000\.00 on the corrected claim's remittance of 2026-11-18, .*\), \$3,?317\.10 to recover again\. Reopened by reconciliation\.$/,
    );
    assert.match(
      h[1]?.note ?? '',
      /^The payer answered the corrected claim \(the corrected claim's remittance of 2026-11-18, check\/EFT EFT20261118, payer claim 2026320000104\): \$3,?000\.00 recovered, \$3,?317\.10 left\.$/,
    );
    s.store.close();
  });

  void test("the corrected claim's payment reversed and the line denied: withdrawn, naming the denial's item", () => {
    const s = new Scenario();
    const [item] = s.store.denials({ claimId: 'RC1004', line: 1 });
    assert.ok(item);
    const r = correctionPaymentReversed(s, denied('CO', '16', '2026320000104', ['N290']));
    assert.deepEqual([r.findingsReopened, r.findingsWithdrawn, r.findingsAdded], [1, 1, 1]);
    const denial = s.store.findings({ claimId: 'RC1004', line: 1 }).find((f) => f.id !== item.id);
    assert.ok(denial);
    assert.deepEqual(
      s.store
        .history(item.id)
        .slice(-2)
        .map((x) => [x.from, x.to]),
      [
        ['recovered', 'corrected-claim-sent'],
        ['corrected-claim-sent', 'withdrawn'],
      ],
    );
    assert.match(
      s.store.history(item.id).at(-1)?.note ?? '',
      new RegExp(
        `^The payer denied the corrected claim \\(.*\\): that denial is item #${denial.id}, worked from there; this item is withdrawn\\.$`,
      ),
    );
    s.store.close();
  });
});
