/**
 * Reversals (835 CLP02 22) and what follows them, through the X12 readers and the SQLite store, with the figures of
 * the recovery QA report (2026-11-24):
 * - #1 a corrected claim's answer on a partly paid line is netted against the reversal of the original payment;
 * - #2 an appealed or underpaid item reversed and re-adjudicated: the net of the two decides;
 * - #3 a supplemental payment under a new payer claim number is a later payment, not a copy;
 * - #4 a takeback with no re-adjudication of a line that had no item becomes an item;
 * - #6 a re-denial after a reversal: the note after the reopening, naming the denial; the deadline renewed; a
 *   denial for another reason takes over the line (the older item withdrawn).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StoreScenario } from './scenario.ts';
import type { FindingRow, ReconcileSummary } from '../../src/adapters/store/recovery/store.ts';
import type { Claim, ClaimLine, Remittance, RemittanceClaim } from '../../src/core/claim/model.ts';
import type { WorklistStatus } from '../../src/core/recovery/model.ts';
import { testClaim } from '../support/test-claims.ts';
import {
  adj,
  commercialRemittance,
  correctedClaim,
  generatedClaims,
  laterMedicareRemittance,
  medicareAdjudication,
  medicareRemittance,
  paidAgain,
  rclaim,
  reversalOf,
  svc,
  write837I,
  write837P,
} from './fixtures.ts';
import { recoveryTestSetup } from './setup.ts';

const { ctx, tmp } = recoveryTestSetup('drugclaim-recovery-reversals-');
const NOW = '2026-11-24T09:00:00.000Z';

class Scenario extends StoreScenario {
  constructor() {
    super(ctx, tmp);
  }

  claims(text: string): ReconcileSummary {
    return this.importText(text, 'claims', NOW);
  }

  remit(r: Remittance): ReconcileSummary {
    return this.importRemittance(r, NOW);
  }

  one(claimId: string, filter: { kind?: 'denial' | 'underpayment'; cause?: string } = {}): FindingRow {
    const rows = this.store.findings({ claimId, ...filter });
    assert.equal(rows.length, 1, JSON.stringify(rows.map((r) => [r.id, r.rootCause, r.status])));
    return rows[0]!;
  }

  set(id: number, status: WorklistStatus): void {
    assert.ok(this.store.setStatus(id, status, { note: 'sent', at: '2026-03-12T09:00:00.000Z' }).ok);
  }

  state(id: number): [WorklistStatus | undefined, number | undefined, number | undefined] {
    const r = this.store.finding(id);
    return [r?.status, r?.recoveredCents, r?.recoverableCents];
  }

  notes(id: number): string[] {
    return this.store.history(id).map((h) => h.note ?? '');
  }

  /** Nothing changes on another run, nor on a full re-analysis. */
  settled(): void {
    const before = this.store.findings().map((f) => [f.id, f.status, f.recoveredCents, f.recoverableCents]);
    for (const all of [false, true]) {
      const r = this.store.reconcile(ctx(), { all, now: '2026-11-25T09:00:00.000Z' });
      assert.deepEqual(
        [r.findingsAdded, r.findingsRemoved, r.findingsRecovered, r.findingsReopened, r.findingsWithdrawn],
        [0, 0, 0, 0, 0],
      );
    }
    assert.deepEqual(
      this.store.findings().map((f) => [f.id, f.status, f.recoveredCents, f.recoverableCents]),
      before,
    );
  }
}

/** The Medicare scenario: the generated claims and their 835 of 2026-03-02. */
function medicare(): Scenario {
  const s = new Scenario();
  s.claims(write837P(generatedClaims(), 1));
  s.remit(medicareRemittance());
  return s;
}

// ---------------------------------------------------------------------------------------------------------------
// #1: HOP303, Medicare OPPS, J1745 ×50, DOS 2025-11-10. Expected 50 × $31.090 = $1,554.50, minimum copayment
// 50 × $6.22 = $311.00, sequestration $24.87: $1,218.63. Paid $1,100.00 (gap $118.63); the corrected claim's answer
// reverses it and pays $1,150.00: $50.00 recovered, $68.63 still owed.

const HOSPITAL = { name: 'COMMUNITY HOSPITAL', npi: '1245319599', tin: '231234567' };
const MEDICARE_A: Claim['payer'] = { name: 'MEDICARE PART A', id: '12346', kind: 'medicare' };
const HOP_DOS = '2025-11-10';

function hop303(frequency?: '7'): Claim {
  const line: ClaimLine = {
    sequence: 1,
    serviceDate: HOP_DOS,
    procedure: { qualifier: 'HC', code: 'J1745', modifiers: ['JZ'] },
    units: 50,
    unitType: 'UN',
    chargeCents: 500_000,
    diagnosisPointers: [1],
    revenueCode: '0636',
    drug: { ndc: '57894003001', ndcQualifier: 'N4', quantity: 5, unit: 'UN' },
    notes: [],
  };
  const c = testClaim('HOP303', [line], HOSPITAL, MEDICARE_A);
  const claim: Claim = {
    ...c,
    format: '837I',
    typeOfBill: '131',
    statementFrom: HOP_DOS,
    statementTo: HOP_DOS,
    subscriber: { ...c.subscriber, claimFilingIndicator: 'MA' },
  };
  // On an 837I the claim frequency is the type of bill's third digit: 137 replaces.
  return frequency === undefined
    ? claim
    : { ...correctedClaim(claim, frequency, '2025334000303'), typeOfBill: '137' };
}

function hopAdjudication(status: string, paidCents: number, pccn: string): RemittanceClaim {
  const c = rclaim(
    'HOP303',
    status,
    [
      svc(
        'J1745',
        500_000,
        paidCents,
        50,
        [adj('CO', '45', 466_655 - paidCents), adj('PR', '2', 31_100), adj('CO', '253', 2_245)],
        {
          procedure: { qualifier: 'HC', code: 'J1745', modifiers: ['JZ'] },
          revenueCode: '0636',
          serviceDate: HOP_DOS,
        },
      ),
    ],
    pccn,
    'MA',
  );
  return { ...c, facilityCode: '13' };
}

function hopRemittance(date: string, trace: string, claims: RemittanceClaim[]): Remittance {
  const net = Math.max(
    0,
    claims.reduce((n, c) => n + c.paidCents, 0),
  );
  return {
    format: '835',
    payer: { name: 'MEDICARE PART A', id: '12346' },
    payee: { name: HOSPITAL.name, npi: HOSPITAL.npi },
    payment: {
      handling: net === 0 ? 'H' : 'I',
      amountCents: net,
      creditDebit: 'C',
      method: 'ACH',
      date,
      traceNumber: trace,
    },
    productionDate: date,
    claims,
    providerAdjustments: [],
  };
}

void describe('#1 a corrected claim answering a partly paid line: netted against the reversal of the original payment', () => {
  void test('paid $1,100.00, reversed, the corrected claim paid $1,150.00: $50.00 recovered, $68.63 left on the item', () => {
    const s = new Scenario();
    s.claims(write837I([hop303()], 1));
    const original = hopAdjudication('1', 110_000, '2025334000303');
    s.remit(hopRemittance('2025-12-01', 'EFT20251201', [original]));
    const item = s.one('HOP303', { kind: 'underpayment' });
    assert.deepEqual([item.amountCents, item.recoverableCents], [11_863, 11_863]);
    s.claims(write837I([hop303('7')], 2));
    assert.equal(s.store.finding(item.id)?.status, 'corrected-claim-sent');
    const replacement = hopAdjudication('1', 115_000, '2026020000303');
    const r = s.remit(hopRemittance('2026-02-01', 'EFT20260201', [reversalOf(original), replacement]));
    assert.equal(r.findingsRecovered, 0);
    assert.deepEqual(s.state(item.id), ['in-progress', 5_000, 6_863]);
    assert.match(
      s.notes(item.id).at(-1) ?? '',
      /^The payer answered the corrected claim \(the corrected claim's remittance of 2026-02-01, check\/EFT EFT20260201, payer claim 2026020000303\): \$50\.00 recovered, \$68\.63 left\.$/,
    );
    // The $68.63 is on one open item, counted once; $50.00 recovered so far.
    assert.deepEqual(
      s.store.worklist().map((w) => [w.id, w.recoverableCents]),
      [[item.id, 6_863]],
    );
    assert.equal(s.recoveredSoFar(), 5_000);
    s.settled();
    s.store.close();
  });
});

// ---------------------------------------------------------------------------------------------------------------
// #2: RC1005 (ONC103) J9271 ×500 paid $18,730.07 with CO-151 on 100 units: $4,682.52 recoverable. RC1006 (ONC106)
// J9173 ×75 paid $4,900.00 against $5,072.68: gap $172.68. Both appealed, then reversed and re-adjudicated.

void describe('#2 an appealed item reversed and re-adjudicated: the net of the two adjudications decides', () => {
  const rc1005 = medicareAdjudication('RC1005');
  const rc1006 = medicareAdjudication('RC1006');
  const cases: {
    label: string;
    then: RemittanceClaim[];
    want: {
      mue: [WorklistStatus, number, number];
      under: [WorklistStatus, number, number];
      recovered: number;
    };
  }[] = [
    {
      label: 'paid in full: recovered, with the amount won ($4,682.52 and $172.68)',
      then: [
        reversalOf(rc1005),
        paidAgain(rc1005, 2_341_259, '2026105000203'),
        reversalOf(rc1006),
        paidAgain(rc1006, 507_268, '2026105000206'),
      ],
      want: { mue: ['recovered', 468_252, 0], under: ['recovered', 17_268, 0], recovered: 485_520 },
    },
    {
      label: 'paid in part: open with the rest',
      then: [reversalOf(rc1005), paidAgain(rc1005, 2_073_007, '2026105000203')],
      want: { mue: ['appealed', 200_000, 268_252], under: ['appealed', 0, 17_268], recovered: 200_000 },
    },
    {
      label: 'denied again (CO-151 on the same 100 units): the item stays open, counted once',
      then: [reversalOf(rc1005), { ...rc1005, payerClaimControlNumber: '2026105000203' }],
      want: { mue: ['appealed', 0, 468_252], under: ['appealed', 0, 17_268], recovered: 0 },
    },
  ];
  for (const c of cases)
    void test(c.label, () => {
      const s = medicare();
      const mue = s.one('RC1005');
      const under = s.one('RC1006');
      s.set(mue.id, 'appealed');
      s.set(under.id, 'appealed');
      const openBefore = s.openRecoverable();
      const r = s.remit(laterMedicareRemittance('2026-04-15', 'EFT20260415', c.then));
      assert.equal(r.findingsReversed, 0);
      assert.deepEqual(s.state(mue.id), c.want.mue);
      assert.deepEqual(s.state(under.id), c.want.under);
      assert.equal(s.recoveredSoFar(), c.want.recovered);
      assert.equal(s.openRecoverable(), openBefore - c.want.recovered);
      // No second item for either line.
      assert.equal(s.store.findings({ claimId: 'RC1005' }).length, 1);
      assert.equal(s.store.findings({ claimId: 'RC1006' }).length, 1);
      assert.match(
        s.notes(mue.id).find((n) => n.startsWith('The payer reversed this adjudication')) ?? '',
        /and adjudicated the line again \(remittance of 2026-04-15, check\/EFT EFT20260415, payer claim 2026105000203\): the net of the two decides this item\.$/,
      );
      s.settled();
      s.store.close();
    });

  void test('the note of a line paid in full names the net', () => {
    const s = medicare();
    const mue = s.one('RC1005');
    s.set(mue.id, 'appealed');
    s.remit(
      laterMedicareRemittance('2026-04-15', 'EFT20260415', [
        reversalOf(rc1005),
        paidAgain(rc1005, 2_341_259, '2026105000203'),
      ]),
    );
    assert.match(
      s.notes(mue.id).at(-1) ?? '',
      /^A later remittance paid the line \(\$23,?412\.59 on the remittance of 2026-04-15, check\/EFT EFT20260415, payer claim 2026105000203, less the \$18,?730\.07 of the reversed adjudication this item came from\): \$4,?682\.52 recovered\. Closed by reconciliation\.$/,
    );
    s.store.close();
  });
});

// ---------------------------------------------------------------------------------------------------------------
// #3: RC2001 (EHP201) J9271 ×200 under the contract, $12,950.00 expected, paid $12,000.00: gap $950.00, appealed.

void describe('#3 a supplemental payment under a new payer claim number is a later payment, not a copy', () => {
  const later = (claim: RemittanceClaim): Remittance => ({
    ...commercialRemittance(),
    payment: {
      ...commercialRemittance().payment,
      amountCents: claim.paidCents,
      date: '2026-04-10',
      traceNumber: 'EFT20260410',
    },
    productionDate: '2026-04-10',
    claims: [claim],
  });
  const first = (): RemittanceClaim => commercialRemittance().claims[0]!;

  void test('$950.00 paid under EHP26041001: the dispute closes as recovered, nothing joined', () => {
    const s = medicare();
    s.remit(commercialRemittance());
    const item = s.one('RC2001');
    assert.equal(item.recoverableCents, 95_000);
    s.set(item.id, 'appealed');
    const supplemental = rclaim(
      'RC2001',
      '1',
      [svc('J9271', 1_500_000, 95_000, 200, [adj('CO', '45', 1_405_000)])],
      'EHP26041001',
      'CI',
    );
    const r = s.remit(later(supplemental));
    assert.deepEqual([r.findingsJoined, r.findingsAdded, r.findingsRecovered], [0, 0, 1]);
    assert.deepEqual(s.state(item.id), ['recovered', 95_000, 0]);
    assert.ok(!s.notes(item.id).some((n) => n.startsWith('The same adjudication came again')));
    assert.match(
      s.notes(item.id).at(-1) ?? '',
      /^A later remittance paid the line \(\$950\.00 on the remittance of 2026-04-10/,
    );
    assert.equal(s.store.findings({ claimId: 'RC2001' }).length, 1);
    s.settled();
    s.store.close();
  });

  void test('the same figures under a new payer claim number are still the same adjudication, counted once', () => {
    const s = medicare();
    s.remit(commercialRemittance());
    const item = s.one('RC2001');
    s.set(item.id, 'appealed');
    const r = s.remit(later({ ...first(), payerClaimControlNumber: 'EHP26041001' }));
    assert.deepEqual([r.findingsJoined, r.findingsRecovered], [1, 0]);
    assert.deepEqual(s.state(item.id), ['appealed', 0, 95_000]);
    assert.match(s.notes(item.id).at(-1) ?? '', /^The same adjudication came again/);
    s.store.close();
  });
});

// ---------------------------------------------------------------------------------------------------------------
// #4: RC1001 J9173 ×75 paid exactly its expected $5,072.68 on 2026-03-02, and 96413 $117.60 (no items); the payer
// takes the claim back on 2026-11-18 and sends no new adjudication.

void describe('#4 a takeback with no re-adjudication of a line that had no item', () => {
  const rc1001 = medicareAdjudication('RC1001');

  void test('becomes an item: payment-reversed, $5,072.68 to recover, deadline from the reversal', () => {
    const s = medicare();
    assert.equal(s.store.findings({ claimId: 'RC1001' }).length, 0);
    const openBefore = s.openRecoverable();
    const r = s.remit(laterMedicareRemittance('2026-11-18', 'EFT20261118', [reversalOf(rc1001)]));
    // One item per paid line: J9173 and 96413 (no rate for a drug administration code on a professional claim: the
    // $117.60 taken back, an upper bound).
    assert.deepEqual([r.reversalsLinked, r.findingsTakenBack, r.findingsAdded], [1, 2, 2]);
    const [item, admin] = s.store.findings({ claimId: 'RC1001' });
    assert.ok(item && admin);
    assert.deepEqual([admin.line, admin.recoverableCents, admin.rootCause], [2, 11_760, 'payment-reversed']);
    assert.deepEqual(
      [item.kind, item.rootCause, item.action, item.groupCode, item.carc, item.status],
      ['denial', 'payment-reversed', 'review', 'CLP02', '22', 'new'],
    );
    assert.deepEqual(
      [item.amountCents, item.recoverableCents, item.deadline],
      [507_268, 507_268, '2027-03-23'],
    );
    assert.match(
      s.notes(item.id).at(-1) ?? '',
      /^The payer took back its payment of this line \(835 CLP02 22: \$5,?072\.68 by the remittance of 2026-11-18, check\/EFT EFT20261118, payer claim 2026061000101\) and sent no new adjudication: \$5,?072\.68 to recover\.$/,
    );
    assert.equal(s.openRecoverable(), openBefore + 507_268 + 11_760);
    s.settled();
    // Paid again later: recovered.
    s.remit(
      laterMedicareRemittance('2026-12-10', 'EFT20261210', [paidAgain(rc1001, 507_268, '2026344000101')]),
    );
    assert.deepEqual(s.state(item.id), ['recovered', 507_268, 0]);
    s.store.close();
  });

  void test('a reversal with the payment again in the same 835 is no takeback', () => {
    const s = medicare();
    const r = s.remit(
      laterMedicareRemittance('2026-11-18', 'EFT20261118', [
        reversalOf(rc1001),
        paidAgain(rc1001, 507_268, '2026322000101'),
      ]),
    );
    assert.equal(r.findingsTakenBack, 0);
    assert.equal(s.store.findings({ claimId: 'RC1001' }).length, 0);
    s.store.close();
  });

  void test('a voided claim: the payer reversing it is no takeback', () => {
    const s = medicare();
    const original = generatedClaims().find((c) => c.id === 'RC1001');
    assert.ok(original);
    s.claims(write837P([correctedClaim(original, '8', '2026061000101')], 2));
    const r = s.remit(laterMedicareRemittance('2026-11-18', 'EFT20261118', [reversalOf(rc1001)]));
    assert.equal(r.findingsTakenBack, 0);
    assert.equal(s.store.findings({ claimId: 'RC1001' }).length, 0);
    s.store.close();
  });
});

// ---------------------------------------------------------------------------------------------------------------
// #6: RC1004 (ONC104-like) denied CO-197 on 2026-03-02, $6,317.10 recoverable, appealed, paid 2026-04-15; on
// 2026-05-20 the payer reverses that payment and denies the line again.

void describe('#6 a re-denial after a reversal', () => {
  const rc1004 = medicareAdjudication('RC1004');
  const payment = paidAgain(rc1004, 631_710, '2026105000204');
  const denied = (group: string, carc: string, remarks: string[]): RemittanceClaim => {
    const line = rc1004.serviceLines[0]!;
    return {
      ...rc1004,
      status: '4',
      payerClaimControlNumber: '2026140000204',
      serviceLines: [{ ...line, remarkCodes: remarks, adjustments: [adj(group, carc, line.chargeCents)] }],
    };
  };
  const recovered = (): { s: Scenario; item: FindingRow } => {
    const s = medicare();
    const item = s.one('RC1004');
    s.set(item.id, 'appealed');
    s.remit(laterMedicareRemittance('2026-04-15', 'EFT20260415', [payment]));
    assert.equal(s.store.finding(item.id)?.status, 'recovered');
    return { s, item };
  };

  void test('the same denial: reopened first, then the note naming the denial; the deadline renewed', () => {
    const { s, item } = recovered();
    assert.equal(item.deadline, '2026-07-05');
    s.remit(
      laterMedicareRemittance('2026-05-20', 'EFT20260520', [reversalOf(payment), denied('CO', '197', [])]),
    );
    const row = s.store.finding(item.id);
    assert.deepEqual(
      [row?.status, row?.deadline, row?.recoverableCents],
      ['appealed', '2026-09-22', 631_710],
    );
    const h = s.store.history(item.id).slice(-2);
    assert.deepEqual(
      h.map((x) => [x.from, x.to]),
      [
        ['recovered', 'appealed'],
        ['appealed', 'appealed'],
      ],
    );
    assert.match(
      h[0]?.note ?? '',
      /^The payer reversed the payment that recovered this item .* Reopened by reconciliation\.$/,
    );
    assert.match(
      h[1]?.note ?? '',
      /^The payer adjudicated the claim again after reversing it \(remittance of 2026-05-20, check\/EFT EFT20260520, payer claim 2026140000204\) and denied this line again: CO-197, the denial this item is about; counted once\. A new initial determination: deadline now 2026-09-22\.$/,
    );
    assert.ok(!s.notes(item.id).some((n) => n.includes('the same result')));
    s.settled();
    s.store.close();
  });

  void test('another CARC (CO-50 N115): the new denial takes over, the reopened item is withdrawn, the dollars counted once', () => {
    const { s, item } = recovered();
    const openBefore = s.openRecoverable();
    const r = s.remit(
      laterMedicareRemittance('2026-05-20', 'EFT20260520', [
        reversalOf(payment),
        denied('CO', '50', ['N115']),
      ]),
    );
    assert.deepEqual([r.findingsAdded, r.findingsWithdrawn, r.findingsReopened], [1, 1, 0]);
    const co50 = s.store.findings({ claimId: 'RC1004' }).find((f) => f.id !== item.id);
    assert.ok(co50);
    assert.deepEqual(
      [co50.carc, co50.status, co50.deadline, co50.recoverableCents],
      ['50', 'new', '2026-09-22', 631_710],
    );
    assert.deepEqual(s.state(item.id), ['withdrawn', 0, 631_710]);
    assert.match(
      s.notes(item.id).at(-1) ?? '',
      new RegExp(
        `^The payer reversed the payment that recovered this item \\(835 CLP02 22: \\$6,?317\\.10 by the remittance of 2026-05-20, check/EFT EFT20260520, payer claim 2026105000204\\) and denied the line again for another reason: CO-50 N115 \\(the remittance of 2026-05-20\\), item #${co50.id}, worked from there with its own deadline; this item is withdrawn\\.$`,
      ),
    );
    assert.match(s.notes(co50.id).at(-1) ?? '', new RegExp(`^Takes over item #${item.id} \\(CO-197\\)`));
    // One $6,317.10 line, one open item.
    assert.equal(s.openRecoverable(), openBefore + 631_710);
    assert.deepEqual(
      s.store.worklist({ claimId: 'RC1004' }).map((w) => w.id),
      [co50.id],
    );
    s.settled();
    s.store.close();
  });
});
