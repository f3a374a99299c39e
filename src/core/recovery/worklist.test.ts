import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  WORKLIST_STATUSES,
  type DenialFinding,
  type Finding,
  type PackagedLine,
  type StatusChange,
  type WorklistStatus,
} from './model.ts';
import {
  ageDays,
  allowedStatuses,
  changeStatus,
  findingItemKey,
  isOpen,
  laterPaymentStatus,
  netOfReversed,
  RECONCILE_STATUSES,
  recoveredAmountProblem,
  recoveredNote,
  reopenedStatus,
  sameAdjudication,
  shareLaterPayment,
  supersedingDenial,
  WORKLIST_TRANSITIONS,
  type LaterPaymentEvent,
  type LaterPaymentState,
  type LineItemRef,
} from './worklist.ts';

void describe('worklist state machine', () => {
  const allowed: [WorklistStatus, WorklistStatus][] = [
    ['new', 'in-progress'],
    ['new', 'written-off'],
    ['in-progress', 'appealed'],
    ['appealed', 'appealed'],
    ['appealed', 'recovered'],
    ['resubmitted', 'recovered'],
    ['recovered', 'in-progress'],
    ['written-off', 'in-progress'],
    ['corrected-claim-sent', 'appealed'],
    ['corrected-claim-sent', 'recovered'],
    ['withdrawn', 'in-progress'],
    ['reversed', 'in-progress'],
  ];
  for (const [from, to] of allowed) {
    void test(`${from} → ${to} is allowed`, () => {
      const r = changeStatus(from, to, '2026-03-10T10:00:00.000Z', 'called the payer');
      assert.ok(r.ok);
      assert.deepEqual(r.change, { from, to, at: '2026-03-10T10:00:00.000Z', note: 'called the payer' });
    });
  }
  const refused: [WorklistStatus, WorklistStatus][] = [
    ['recovered', 'appealed'],
    ['written-off', 'recovered'],
    ['in-progress', 'new'],
    // Only reconciliation sets these: they carry what it saw (the corrected claim, the reversal, the void).
    ['new', 'corrected-claim-sent'],
    ['resubmitted', 'corrected-claim-sent'],
    ['new', 'withdrawn'],
    ['appealed', 'reversed'],
    ['withdrawn', 'recovered'],
  ];
  for (const [from, to] of refused) {
    void test(`${from} → ${to} is refused`, () => {
      const r = changeStatus(from, to, 'now');
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.problem.message, new RegExp(`cannot go from ${from} to ${to}`));
    });
  }
  void test('the same status only with a note', () => {
    assert.equal(changeStatus('in-progress', 'in-progress', 'now').ok, false);
    assert.ok(changeStatus('in-progress', 'in-progress', 'now', 'left a voicemail').ok);
  });
  // QA: the HTTP item listed "new" as allowed while the CLI refused "→ new". One list now: the transitions, then the
  // item's own status, which only adds a note; the refusals say so.
  const lists: [WorklistStatus, WorklistStatus[], to: WorklistStatus, refusal: string][] = [
    [
      'new',
      ['in-progress', 'appealed', 'resubmitted', 'recovered', 'written-off', 'new'],
      'new',
      'the item is already new: setting new again only adds a note, so give the note',
    ],
    [
      'in-progress',
      ['appealed', 'resubmitted', 'recovered', 'written-off', 'in-progress'],
      'new',
      'cannot go from in-progress to new (allowed: appealed, resubmitted, recovered, written-off; in-progress again with a note)',
    ],
    [
      'appealed',
      ['appealed', 'in-progress', 'resubmitted', 'recovered', 'written-off'],
      'new',
      'cannot go from appealed to new (allowed: appealed, in-progress, resubmitted, recovered, written-off)',
    ],
    [
      'recovered',
      ['in-progress', 'recovered'],
      'appealed',
      'cannot go from recovered to appealed (allowed: in-progress; recovered again with a note)',
    ],
  ];
  for (const [from, list, to, refusal] of lists) {
    void test(`${from}: allowed ${list.join(', ')}; → ${to} refused with the same list`, () => {
      assert.deepEqual(allowedStatuses(from), list);
      assert.ok(!allowedStatuses(from).includes(to) || to === from);
      const r = changeStatus(from, to, 'now');
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.problem.message, refusal);
        assert.deepEqual(r.problem.data, { from, to, allowed: list });
      }
      // Every status listed is taken (the item's own with a note).
      for (const s of list) assert.ok(changeStatus(from, s, 'now', 'a note').ok, `${from} → ${s}`);
    });
  }
  void test('every status has its transitions; open ones are the five before an outcome', () => {
    for (const s of WORKLIST_STATUSES) assert.ok(Array.isArray(WORKLIST_TRANSITIONS[s]));
    assert.deepEqual(WORKLIST_STATUSES.filter(isOpen), [
      'new',
      'in-progress',
      'appealed',
      'resubmitted',
      'corrected-claim-sent',
    ]);
  });
  void test('no transition leads to a status only reconciliation sets', () => {
    for (const s of WORKLIST_STATUSES)
      for (const to of WORKLIST_TRANSITIONS[s]) assert.ok(!RECONCILE_STATUSES.includes(to), `${s} → ${to}`);
  });
  void test('age in days', () => {
    assert.equal(ageDays('2026-03-02', '2026-03-02'), 0);
    assert.equal(ageDays('2026-03-02', '2026-07-05'), 125);
    assert.equal(ageDays('2025-12-31', '2026-01-01'), 1);
  });
});

void describe('shareLaterPayment', () => {
  const tol = { cents: 100, percent: 1 };
  const cases: { label: string; items: number[]; paid: number; want: [number, boolean][] }[] = [
    { label: 'paid in full closes', items: [631_710], paid: 631_710, want: [[631_710, true]] },
    {
      label: 'paid above closes, counted up to the amount',
      items: [631_710],
      paid: 700_000,
      want: [[631_710, true]],
    },
    { label: 'within 1% closes', items: [631_710], paid: 625_400, want: [[625_400, true]] },
    { label: 'below the tolerance stays open', items: [631_710], paid: 300_000, want: [[300_000, false]] },
    { label: 'nothing paid changes nothing', items: [500], paid: 0, want: [[0, false]] },
    {
      label: 'two denials of one line: the oldest first',
      items: [400_000, 200_000],
      paid: 500_000,
      want: [
        [400_000, true],
        [100_000, false],
      ],
    },
  ];
  for (const c of cases) {
    void test(c.label, () => {
      const items = c.items.map((recoverableCents, i) => ({ id: i + 1, recoverableCents }));
      const copy = structuredClone(items);
      const got = shareLaterPayment(items, c.paid, tol);
      assert.deepEqual(
        got.map((s) => [s.recoveredCents, s.recovered]),
        c.want,
      );
      assert.deepEqual(items, copy);
    });
  }
});

void describe('findingItemKey', () => {
  const denial = (over: Partial<DenialFinding>): DenialFinding =>
    ({
      kind: 'denial',
      key: 'remit-a:L0:0',
      claimId: 'RC1004',
      payerClaimControlNumber: '2026061000104',
      line: 1,
      lineMatched: true,
      groupCode: 'CO',
      carc: '197',
      ...over,
    }) as DenialFinding;
  const packaged = (over: Partial<PackagedLine>): PackagedLine =>
    ({ ...denial({ carc: '97' }), kind: 'packaged', ...over }) as unknown as PackagedLine;
  const cases: { label: string; a: Finding | PackagedLine; b: Finding | PackagedLine; same: boolean }[] = [
    {
      label: 'another 835 (new key, TRN, payer claim number): same item',
      a: denial({}),
      b: denial({ key: 'remit-b:L0:0', payerClaimControlNumber: '2026990000004', remitDate: '2026-03-09' }),
      same: true,
    },
    { label: 'another CARC: another item', a: denial({}), b: denial({ carc: '50' }), same: false },
    { label: 'another group: another item', a: denial({}), b: denial({ groupCode: 'OA' }), same: false },
    { label: 'another line: another item', a: denial({}), b: denial({ line: 2 }), same: false },
    {
      label: 'SVC position 1 is not submitted line 1',
      a: denial({}),
      b: denial({ lineMatched: false }),
      same: false,
    },
    {
      label: 'an underpayment of the line is not its denial',
      a: denial({}),
      b: { ...denial({}), kind: 'underpayment' } as unknown as Finding,
      same: false,
    },
    {
      label: 'a packaged line (SI N, CO-97) is no denial item of the line',
      a: denial({ carc: '97' }),
      b: packaged({}),
      same: false,
    },
    {
      label: 'the same packaged line in another 835: one key (counted once)',
      a: packaged({}),
      b: packaged({ key: 'remit-b:L0:0', payerClaimControlNumber: '2026990000004' }),
      same: true,
    },
  ];
  for (const c of cases) {
    void test(c.label, () => {
      const subject = { claimRow: 7 };
      assert.equal(findingItemKey(c.a, subject) === findingItemKey(c.b, subject), c.same);
    });
  }
  void test('unmatched claims: by payer and patient control number', () => {
    const f = denial({ lineMatched: false });
    const a = findingItemKey(f, { payer: '12345', patientControlNumber: 'RC9999' });
    assert.equal(a, findingItemKey(f, { payer: '12345', patientControlNumber: 'RC9999' }));
    assert.notEqual(a, findingItemKey(f, { payer: 'EHP01', patientControlNumber: 'RC9999' }));
    assert.notEqual(a, findingItemKey(f, { claimRow: 7 }));
  });
});

void describe('reopenedStatus', () => {
  const at = '2026-04-02T08:00:00.000Z';
  const cases: { label: string; history: StatusChange[]; want: WorklistStatus }[] = [
    {
      label: 'appealed, then paid: back to appealed',
      history: [
        { from: null, to: 'new', at },
        { from: 'new', to: 'appealed', at },
        { from: 'appealed', to: 'recovered', at, note: 'A later remittance paid the line' },
      ],
      want: 'appealed',
    },
    {
      label: 'paid while waiting on its corrected claim: back to corrected-claim-sent',
      history: [
        { from: null, to: 'new', at },
        { from: 'new', to: 'corrected-claim-sent', at },
        { from: 'corrected-claim-sent', to: 'recovered', at },
      ],
      want: 'corrected-claim-sent',
    },
    {
      label: 'never worked: in-progress, not new',
      history: [
        { from: null, to: 'new', at },
        { from: 'new', to: 'recovered', at },
      ],
      want: 'in-progress',
    },
    {
      label: 'notes after the recovery do not count',
      history: [
        { from: null, to: 'new', at },
        { from: 'new', to: 'resubmitted', at },
        { from: 'resubmitted', to: 'recovered', at },
        { from: 'recovered', to: 'recovered', at, note: 'called the payer' },
      ],
      want: 'resubmitted',
    },
    { label: 'no history: in-progress', history: [], want: 'in-progress' },
  ];
  for (const c of cases)
    void test(c.label, () => {
      const copy = structuredClone(c.history);
      assert.equal(reopenedStatus(c.history), c.want);
      assert.deepEqual(c.history, copy);
    });
});

void describe('laterPaymentStatus: the net result decides', () => {
  const base: LaterPaymentState = {
    status: 'new',
    bySystem: false,
    recoveredBefore: 0,
    share: { id: 1, recoveredCents: 0, recovered: false },
    paymentReversed: false,
    correction: 'none',
    reopenTo: 'in-progress',
  };
  const paid = { id: 1, recoveredCents: 631_710, recovered: true };
  const part = { id: 1, recoveredCents: 300_000, recovered: false };
  const cases: {
    label: string;
    state: Partial<LaterPaymentState>;
    want: [WorklistStatus, LaterPaymentEvent];
  }[] = [
    {
      label: 'paid in full: recovered',
      state: { status: 'appealed', share: paid },
      want: ['recovered', 'recovered'],
    },
    { label: 'paid in part: unchanged, less left', state: { share: part }, want: ['new', 'partial'] },
    { label: 'nothing new: nothing', state: {}, want: ['new', 'none'] },
    {
      label: 'payment → reversal → nothing paid: reopened',
      state: {
        status: 'recovered',
        bySystem: true,
        recoveredBefore: 631_710,
        paymentReversed: true,
        reopenTo: 'appealed',
      },
      want: ['appealed', 'reopened'],
    },
    {
      label: 'payment → reversal → re-denial (nothing paid): reopened',
      state: { status: 'recovered', bySystem: true, recoveredBefore: 631_710, paymentReversed: true },
      want: ['in-progress', 'reopened'],
    },
    {
      label: 'payment → reversal → the same payment: still recovered, noted',
      state: {
        status: 'recovered',
        bySystem: true,
        recoveredBefore: 631_710,
        share: paid,
        paymentReversed: true,
      },
      want: ['recovered', 'still-recovered'],
    },
    {
      label: 'payment → reversal → a smaller payment: reopened with what is still paid',
      state: {
        status: 'recovered',
        bySystem: true,
        recoveredBefore: 631_710,
        share: part,
        paymentReversed: true,
      },
      want: ['in-progress', 'reopened'],
    },
    {
      label: 'recovered by a biller: never reopened by reconciliation',
      state: { status: 'recovered', bySystem: false, recoveredBefore: 0, paymentReversed: true },
      want: ['recovered', 'none'],
    },
    {
      label: 'recovered, nothing changed: nothing',
      state: { status: 'recovered', bySystem: true, recoveredBefore: 631_710, share: paid },
      want: ['recovered', 'none'],
    },
    {
      label: 'written off: never changed',
      state: { status: 'written-off', share: paid },
      want: ['written-off', 'none'],
    },
    {
      label: 'corrected claim paid: recovered',
      state: { status: 'corrected-claim-sent', bySystem: true, share: paid, correction: 'answered' },
      want: ['recovered', 'recovered'],
    },
    {
      label: 'corrected claim paid in part: back to in-progress',
      state: { status: 'corrected-claim-sent', bySystem: true, share: part, correction: 'answered' },
      want: ['in-progress', 'answered'],
    },
    {
      label: 'corrected claim denied: withdrawn, the denial is its own item',
      state: { status: 'corrected-claim-sent', bySystem: true, correction: 'denied' },
      want: ['withdrawn', 'superseded'],
    },
    {
      label: 'corrected claim not answered yet: waits',
      state: { status: 'corrected-claim-sent', bySystem: true },
      want: ['corrected-claim-sent', 'none'],
    },
    {
      label: "corrected claim's payment reversed, nothing answers it any more: back to waiting",
      state: {
        status: 'recovered',
        bySystem: true,
        recoveredBefore: 631_710,
        paymentReversed: true,
        reopenTo: 'corrected-claim-sent',
      },
      want: ['corrected-claim-sent', 'reopened'],
    },
    {
      label:
        "corrected claim's payment reversed and paid again in part: reopened, then in-progress (settled)",
      state: {
        status: 'recovered',
        bySystem: true,
        recoveredBefore: 631_710,
        share: part,
        paymentReversed: true,
        correction: 'answered',
        reopenTo: 'corrected-claim-sent',
      },
      want: ['in-progress', 'reopened'],
    },
    {
      label: "corrected claim's payment reversed and the line denied: reopened, then withdrawn (settled)",
      state: {
        status: 'recovered',
        bySystem: true,
        recoveredBefore: 631_710,
        paymentReversed: true,
        correction: 'denied',
        reopenTo: 'corrected-claim-sent',
      },
      want: ['withdrawn', 'reopened'],
    },
  ];
  for (const c of cases)
    void test(c.label, () => {
      const state = { ...base, ...c.state };
      const copy = structuredClone(state);
      const got = laterPaymentStatus(state);
      assert.deepEqual([got.status, got.event], c.want);
      assert.deepEqual(state, copy);
      // Settled: the status it gives, with nothing new, gives nothing more (another reconcile changes nothing).
      if (got.event !== 'none') {
        const again = laterPaymentStatus({
          ...state,
          status: got.status,
          bySystem: true,
          recoveredBefore: state.share.recoveredCents,
          paymentReversed: false,
          reopenTo: got.status,
        });
        assert.deepEqual([again.status, again.event], [got.status, 'none']);
      }
    });
});

void describe('netOfReversed: a re-adjudication after a reversal pays the whole line again', () => {
  const cases: { label: string; later: number; reversed: number; want: number }[] = [
    // QA recovery #1: HOP303 paid $1,100.00, reversed, the corrected claim paid $1,150.00.
    {
      label: 'paid $1,100.00, reversed, paid $1,150.00 → $50.00',
      later: 115_000,
      reversed: 110_000,
      want: 5_000,
    },
    // QA recovery #2: ONC103 paid $18,730.07 (CO-151), reversed, paid $23,412.59.
    {
      label: 'CO-151 line: $23,412.59 − $18,730.07 → $4,682.52',
      later: 2_341_259,
      reversed: 1_873_007,
      want: 468_252,
    },
    { label: 'a denied line (paid $0) keeps the whole payment', later: 631_710, reversed: 0, want: 631_710 },
    { label: 'paid less than before: nothing new', later: 100_000, reversed: 110_000, want: 0 },
  ];
  for (const c of cases)
    void test(c.label, () => {
      assert.equal(netOfReversed(c.later, c.reversed), c.want);
    });
});

void describe('sameAdjudication: only the same figures are a copy', () => {
  const under = (paidCents: number, gapCents: number): Finding =>
    ({
      kind: 'underpayment',
      key: 'k',
      claimId: 'EHP201',
      line: 1,
      lineMatched: true,
      code: 'J9271',
      modifiers: [],
      units: 200,
      payer: { name: 'EXAMPLE HEALTH PLAN', kind: 'commercial' },
      chargeCents: 1_500_000,
      paidCents,
      expected: {
        basis: 'contract',
        allowedCents: 1_300_000,
        expectedCents: 1_295_000,
        steps: [],
        sources: [],
        certain: true,
        notes: [],
      },
      expectedCents: 1_295_000,
      gapCents,
      toleranceCents: 12_950,
    }) as Finding;
  const cases: { label: string; a: Finding; b: Finding; want: boolean }[] = [
    {
      label: 'the same adjudication under a new payer claim number',
      a: under(1_200_000, 95_000),
      b: under(1_200_000, 95_000),
      want: true,
    },
    // QA recovery #3: EHP201 paid $12,000.00, then a supplemental $950.00.
    {
      label: 'a supplemental payment of $950.00 is not a copy',
      a: under(1_200_000, 95_000),
      b: under(95_000, 1_200_000),
      want: false,
    },
  ];
  for (const c of cases)
    void test(c.label, () => {
      assert.equal(sameAdjudication(c.a, c.b), c.want);
    });
});

void describe('supersedingDenial: after a reversal, a denial for another reason takes over the line', () => {
  const item = (over: Partial<LineItemRef>): LineItemRef => ({
    id: 7,
    itemKey: 'CO-97',
    kind: 'denial',
    open: true,
    date: '2026-03-02',
    row: 1,
    ...over,
  });
  // QA recovery #6: ONC108 CO-97 (2026-03-02), paid 2026-04-15, reversed and denied CO-50 on 2026-05-20.
  const co50 = item({ id: 15, itemKey: 'CO-50', date: '2026-05-20', row: 9 });
  const cases: { label: string; others: LineItemRef[]; reversals: string[]; want: number | undefined }[] = [
    { label: 'a CO-50 denial after the reversal', others: [co50], reversals: ['2026-05-20'], want: 15 },
    {
      label: 'no reversal between the two: both stay',
      others: [co50],
      reversals: ['2026-02-01'],
      want: undefined,
    },
    {
      label: 'the same group and CARC joins instead',
      others: [{ ...co50, itemKey: 'CO-97' }],
      reversals: ['2026-05-20'],
      want: undefined,
    },
    {
      label: 'an underpayment does not take over',
      others: [{ ...co50, kind: 'underpayment' }],
      reversals: ['2026-05-20'],
      want: undefined,
    },
    {
      label: 'a closed denial does not',
      others: [{ ...co50, open: false }],
      reversals: ['2026-05-20'],
      want: undefined,
    },
    {
      label: 'an earlier denial does not',
      others: [{ ...co50, date: '2026-01-02' }],
      reversals: ['2026-05-20'],
      want: undefined,
    },
  ];
  for (const c of cases)
    void test(c.label, () => {
      const others = [item({}), ...c.others];
      const copy = structuredClone(others);
      assert.equal(supersedingDenial(item({}), others, c.reversals)?.id, c.want);
      assert.deepEqual(others, copy);
    });
});

// QA: an amount above the recoverable one (interest on a late payment) was refused; it is taken when the caller says
// the payer paid more, and the history note says by how much, never capped.
void describe('an amount recovered by hand', () => {
  const fresh = { recoverableCents: 631_710, recoveredCents: 0 };
  const partlyPaid = { recoverableCents: 331_710, recoveredCents: 300_000 };
  const cases: [label: string, item: typeof fresh, amount: number, overpayment: boolean, outcome: string][] =
    [
      ['all of it', fresh, 631_710, false, 'Recovered $6,317.10 of $6,317.10.'],
      ['part of it', fresh, 400_000, false, 'Recovered $4,000.00 of $6,317.10.'],
      [
        'more, not said to be an overpayment: refused',
        fresh,
        640_000,
        false,
        "refused: the amount recovered ($6,400.00) is more than the item's recoverable amount ($6,317.10)",
      ],
      [
        'more, with interest: taken as given',
        fresh,
        640_000,
        true,
        'Recovered $6,400.00 of $6,317.10 ($82.90 more than was left to recover: interest or an overpayment).',
      ],
      [
        'more after a later payment, with interest',
        partlyPaid,
        335_000,
        true,
        'Recovered $3,350.00 of the $3,317.10 left ($32.90 more than was left to recover: interest or an overpayment); later remittances had paid $3,000.00: $6,350.00 of $6,317.10 in all.',
      ],
      [
        'negative, even with overpayment',
        fresh,
        -1,
        true,
        'refused: the amount recovered cannot be negative (got -$0.01)',
      ],
      ['half a cent', fresh, 0.5, true, 'refused: the amount recovered must be whole cents'],
    ];
  for (const [label, item, amount, overpayment, outcome] of cases) {
    void test(label, () => {
      const copy = structuredClone(item);
      const problem = recoveredAmountProblem(item, 'recovered', amount, { overpayment });
      assert.equal(problem ? `refused: ${problem.message}` : recoveredNote(item, amount), outcome);
      if (problem) assert.equal(problem.code, 'recovery.worklist.amount');
      assert.deepEqual(item, copy);
    });
  }
  void test('only with status recovered', () => {
    const problem = recoveredAmountProblem(fresh, 'appealed', 100, { overpayment: true });
    assert.equal(problem?.message, 'an amount recovered goes with status "recovered" only (not "appealed")');
  });
});
