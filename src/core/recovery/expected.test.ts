/**
 * Expected payment, hand-computed against the real CMS files in ../shared/data (ASP January 2026, OPPS Addendum B
 * October 2025). Each case writes out its arithmetic; every rounding is half up to the cent, once per step.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { ReferenceData } from '../reference/port.ts';
import { sharedReference } from '../../../test/support/reference.ts';
import { formatMills, mulDivRound, splitProportionally, unitsTimesMillsToCents } from './arith.ts';
import type { Contract } from './contracts.ts';
import {
  expectedPayment,
  isNoExpectation,
  oppsPackaging,
  sequestrationPercentMilli,
  toleranceCents,
  type ExpectedInput,
} from './expected.ts';
import type { ExpectedPayment } from './model.ts';

let reference: ReferenceData;
before(async () => {
  reference = await sharedReference();
});

const contracts: Contract[] = [
  {
    id: 'ehp-2026',
    payer: { ids: ['EHP01'], names: ['EXAMPLE HEALTH PLAN'] },
    payerKind: 'commercial',
    effectiveFrom: '2026-01-01',
    effectiveTo: '2026-12-31',
    lesserOfCharge: true,
    rates: [
      { code: 'J9271', ratePerUnitMills: 65_000 },
      { code: '*', percentOfAspLimitMilli: 110_000 },
    ],
  },
];

const medicare = { kind: 'medicare' as const, name: 'MEDICARE PART B' };
const base = (over: Partial<ExpectedInput>): ExpectedInput => ({
  code: 'J9173',
  serviceDate: '2026-02-10',
  units: 75,
  chargeCents: 800_000,
  payer: medicare,
  setting: 'professional',
  deductibleCents: 0,
  patientResponsibilityCents: 0,
  ...over,
});

interface Case {
  name: string;
  input: ExpectedInput;
  basis: ExpectedPayment['basis'];
  allowed: number;
  expected: number;
  /** The coinsurance and sequestration steps, when asserted. */
  coinsurance?: number;
  sequestration?: number;
}

const cases: Case[] = [
  {
    // 75 × $86.270 = $6,470.25; × 80% = $5,176.20; 2% = $103.524 → $103.52; $5,176.20 − $103.52 = $5,072.68.
    name: 'J9173 75 units at the January 2026 ASP limit',
    input: base({}),
    basis: 'medicare-asp',
    allowed: 647_025,
    expected: 507_268,
    coinsurance: 129_405,
    sequestration: 10_352,
  },
  {
    // Charge $6,000.00 < fee $6,470.25 → allowed $6,000.00; 80% = $4,800.00; 2% = $96.00 → $4,704.00.
    name: 'lesser of charge and fee',
    input: base({ chargeCents: 600_000 }),
    basis: 'medicare-asp',
    allowed: 600_000,
    expected: 470_400,
  },
  {
    // 200 × $59.726 = $11,945.20; − PR-1 $283.00 = $11,662.20; 20% = $2,332.44; payment $9,329.76; 2% = $186.5952 → $186.60; $9,143.16.
    name: 'J9271 200 units with a $283 deductible from the 835',
    input: base({ code: 'J9271', units: 200, chargeCents: 1_500_000, deductibleCents: 28_300 }),
    basis: 'medicare-asp',
    allowed: 1_194_520,
    expected: 914_316,
    coinsurance: 233_244,
    sequestration: 18_660,
  },
  {
    // Inflation-adjusted coinsurance 19.994% (ASP file column): 252 × $42.193 = $10,632.636 → $10,632.64;
    // 19.994% = $2,125.8900… → $2,125.89; payment $8,506.75; 2% = $170.135 → $170.14 (half up); $8,336.61.
    name: 'J9354 252 units with the inflation-adjusted 19.994% coinsurance',
    input: base({ code: 'J9354', units: 252, chargeCents: 1_200_000 }),
    basis: 'medicare-asp',
    allowed: 1_063_264,
    expected: 833_661,
    coinsurance: 212_589,
    sequestration: 17_014,
  },
  {
    // 144 × $136.772 = $19,695.168 → $19,695.17; 20% = $3,939.034 → $3,939.03; $15,756.14; 2% = $315.1228 → $315.12; $15,441.02.
    name: 'J9309 144 units (fee rounds half up once)',
    input: base({ code: 'J9309', units: 144, chargeCents: 2_500_000 }),
    basis: 'medicare-asp',
    allowed: 1_969_517,
    expected: 1_544_102,
  },
  {
    // OPPS Oct 2025: 75 × $85.120 = $6,384.00; copayment 75 × $17.03 = $1,277.25; payment $5,106.75;
    // 2% = $102.135 → $102.14 (half up); $5,004.61. (round($5,106.75 × 98%) would give $5,004.62.)
    name: 'J9173 75 units, hospital outpatient (OPPS SI K)',
    input: base({ serviceDate: '2025-11-10', setting: 'outpatient-hospital', chargeCents: 900_000 }),
    basis: 'medicare-opps',
    allowed: 638_400,
    expected: 500_461,
    coinsurance: 127_725,
    sequestration: 10_214,
  },
  {
    // Contract: 200 × $65.000 = $13,000.00 (< charge); less PR $50.00 copay = $12,950.00.
    name: 'commercial contract rate per unit',
    input: base({
      code: 'J9271',
      units: 200,
      chargeCents: 1_500_000,
      payer: { kind: 'commercial', name: 'EXAMPLE HEALTH PLAN', id: 'EHP01' },
      patientResponsibilityCents: 5_000,
    }),
    basis: 'contract',
    allowed: 1_300_000,
    expected: 1_295_000,
  },
  {
    // Contract `*` at 110% of the ASP limit: 75 × $86.270 × 110% = $7,117.275 → $7,117.28.
    name: 'commercial contract at 110% of the ASP limit',
    input: base({ payer: { kind: 'commercial', name: 'Example Health Plan of PA' } }),
    basis: 'contract',
    allowed: 711_728,
    expected: 711_728,
  },
];

void describe('expected payment against the real ASP and OPPS files', () => {
  for (const c of cases) {
    void test(c.name, () => {
      const frozen = structuredClone(c.input);
      const e = expectedPayment(c.input, { reference, contracts });
      assert.ok(!isNoExpectation(e), isNoExpectation(e) ? e.reason : '');
      assert.equal(e.basis, c.basis);
      assert.equal(e.allowedCents, c.allowed);
      assert.equal(e.expectedCents, c.expected);
      assert.equal(e.certain, true);
      if (c.coinsurance !== undefined)
        assert.equal(e.steps.find((s) => s.label.startsWith('coinsurance'))?.cents, c.coinsurance);
      if (c.sequestration !== undefined)
        assert.equal(e.steps.find((s) => s.label.startsWith('sequestration'))?.cents, c.sequestration);
      assert.deepEqual(c.input, frozen, 'input not mutated');
    });
  }

  void test('the steps print dollars as the CLI does, thousands separated', () => {
    const e = expectedPayment(base({ chargeCents: 600_000 }), { reference, contracts });
    assert.ok(!isNoExpectation(e));
    assert.ok(
      e.steps.some((s) => s.label === 'allowed = lesser of charge $6,000.00 and fee'),
      e.steps.map((s) => s.label).join('\n'),
    );
    assert.deepEqual(
      [formatMills(86_270), formatMills(1_234_567), formatMills(-1_234_567_000)],
      ['$86.270', '$1,234.567', '-$1,234,567.000'],
    );
  });

  const none: { name: string; input: ExpectedInput; reason: RegExp }[] = [
    {
      name: 'J9393 has no ASP row in January 2026',
      input: base({ code: 'J9393', units: 20 }),
      reason: /no ASP payment limit for J9393/,
    },
    {
      name: 'drug administration code has no ASP row',
      input: base({ code: '96413', units: 1 }),
      reason: /no ASP payment limit/,
    },
    {
      name: 'J9285 is OPPS E1 (not payable)',
      input: base({ code: 'J9285', serviceDate: '2025-11-10', setting: 'outpatient-hospital' }),
      reason: /status indicator E1/,
    },
    {
      name: '36415 is OPPS Q4 (conditionally packaged lab, no payment rate)',
      input: base({ code: '36415', units: 1, serviceDate: '2025-11-10', setting: 'outpatient-hospital' }),
      reason: /status indicator Q4 for 36415: no payment rate/,
    },
    {
      name: 'commercial payer without a contract',
      input: base({ payer: { kind: 'commercial', name: 'OTHER PLAN' } }),
      reason: /no contract rate/,
    },
    { name: 'zero units', input: base({ units: 0 }), reason: /no units/ },
  ];
  for (const c of none) {
    void test(`no expectation: ${c.name}`, () => {
      const e = expectedPayment(c.input, { reference, contracts });
      assert.ok(isNoExpectation(e));
      assert.match(e.reason, c.reason);
    });
  }

  // APC-paid services (drug administration, procedures) under OPPS: priced like a drug from the Addendum B rate
  // (fee = units × rate, coinsurance = the copayment column, 2% sequestration), but only as an estimate: the
  // national unadjusted rate, before the wage index. OPPS October 2025, date of service 2025-11-10 (in force).
  const apc: {
    name: string;
    code: string;
    units: number;
    si: string;
    fee: number;
    expected: number;
    estimate: RegExp;
  }[] = [
    {
      // 1 × $46.140 = $46.14; copayment $9.23; payment $36.91; 2% = $0.7382 → $0.74; $36.17.
      name: '96375 (SI S), 1 unit',
      code: '96375',
      units: 1,
      si: 'S',
      fee: 4_614,
      expected: 3_617,
      estimate: /national unadjusted OPPS rate \(SI S, APC 5691\)/,
    },
    {
      // 2 × $46.140 = $92.28; copayment 2 × $9.23 = $18.46; payment $73.82; 2% = $1.4764 → $1.48; $72.34.
      name: '96375 (SI S), 2 units',
      code: '96375',
      units: 2,
      si: 'S',
      fee: 9_228,
      expected: 7_234,
      estimate: /SI S, APC 5691/,
    },
    {
      // 1 × $331.690; copayment $66.34; payment $265.35; 2% = $5.307 → $5.31; $260.04.
      name: '96413 (SI S)',
      code: '96413',
      units: 1,
      si: 'S',
      fee: 33_169,
      expected: 26_004,
      estimate: /APC 5694/,
    },
    {
      // 1 × $295.190; copayment $59.04; payment $236.15; 2% = $4.723 → $4.72; $231.43.
      name: '20610 (SI T): the multiple-procedure discount is named',
      code: '20610',
      units: 1,
      si: 'T',
      fee: 29_519,
      expected: 23_143,
      estimate: /discounted 50%/,
    },
    {
      // 1 × $71.170; copayment $14.24; payment $56.93; 2% = $1.1386 → $1.14; $55.79.
      name: '96372 (SI Q1): conditional packaging is named',
      code: '96372',
      units: 1,
      si: 'Q1',
      fee: 7_117,
      expected: 5_579,
      estimate: /Q1 is packaged when billed with an S, T or V service/,
    },
  ];
  for (const c of apc) {
    void test(`OPPS estimate: ${c.name}`, () => {
      const input = base({
        code: c.code,
        units: c.units,
        chargeCents: 15_000,
        serviceDate: '2025-11-10',
        setting: 'outpatient-hospital',
      });
      const frozen = structuredClone(input);
      const e = expectedPayment(input, { reference, contracts });
      assert.ok(!isNoExpectation(e), isNoExpectation(e) ? e.reason : '');
      const rate = reference.opps(c.code, '2025-11-10')?.value.paymentRateMills;
      assert.ok(rate !== null && rate !== undefined);
      assert.equal(e.basis, 'medicare-opps');
      assert.equal(e.statusIndicator, c.si);
      assert.equal(e.steps[0]?.cents, unitsTimesMillsToCents(c.units, rate), 'fee = units × Addendum B rate');
      assert.equal(e.steps[0]?.cents, c.fee);
      assert.equal(e.allowedCents, c.fee, 'OPPS pays the rate, not the lesser of the charge');
      assert.equal(e.expectedCents, c.expected);
      assert.match(e.estimate ?? '', c.estimate);
      assert.equal(e.certain, false, 'an estimate is never certain');
      assert.equal(oppsPackaging(e), undefined);
      assert.deepEqual(input, frozen, 'input not mutated');
    });
  }

  void test('OPPS status indicator N: expects 0, and says the code is packaged', () => {
    const e = expectedPayment(
      base({
        code: 'J2405',
        units: 8,
        chargeCents: 50,
        serviceDate: '2025-11-10',
        setting: 'outpatient-hospital',
      }),
      { reference, contracts },
    );
    assert.ok(!isNoExpectation(e));
    assert.deepEqual(
      [e.basis, e.statusIndicator, e.expectedCents, e.estimate],
      ['medicare-opps', 'N', 0, undefined],
    );
    const p = oppsPackaging(e);
    assert.deepEqual(
      [p?.statusIndicator, p?.source.label, p?.certain],
      ['N', 'OPPS Addendum B October 2025', true],
    );
  });

  void test('oppsPackaging: nothing for a drug paid separately, a professional line or no expectation', () => {
    const ctx = { reference, contracts };
    const k = expectedPayment(base({ serviceDate: '2025-11-10', setting: 'outpatient-hospital' }), ctx);
    const professional = expectedPayment(base({ code: 'J2405', units: 8 }), ctx);
    assert.equal(oppsPackaging(k), undefined);
    assert.equal(oppsPackaging(professional), undefined);
    assert.equal(oppsPackaging({ reason: 'none' }), undefined);
  });

  void test('a date of service outside the ASP quarter still prices, marked uncertain', () => {
    const e = expectedPayment(base({ serviceDate: '2026-05-01' }), { reference, contracts });
    assert.ok(!isNoExpectation(e));
    assert.equal(e.expectedCents, 507_268);
    assert.equal(e.certain, false);
    assert.equal(e.notes.length, 1);
  });
});

void describe('payment arithmetic', () => {
  void test('sequestration by date of service', () => {
    const table: [string, number][] = [
      ['2013-03-31', 0],
      ['2013-04-01', 2000],
      ['2021-06-01', 0],
      ['2022-05-15', 1000],
      ['2022-07-01', 2000],
      ['2026-02-10', 2000],
    ];
    for (const [date, pct] of table) assert.equal(sequestrationPercentMilli(date), pct, date);
  });

  void test('rounding is half away from zero on the exact product', () => {
    assert.equal(mulDivRound(510_675, 2000, 100_000), 10_214); // 10213.5 → 10214
    assert.equal(mulDivRound(-510_675, 2000, 100_000), -10_214);
    assert.equal(unitsTimesMillsToCents(252, 42_193), 1_063_264); // $10,632.636 → $10,632.64
    assert.equal(unitsTimesMillsToCents(1.5, 86_270), 12_941); // $129.405 → $129.41
  });

  void test('the fast Number path of the rounding agrees with exact BigInt arithmetic', () => {
    const exact = (a: number, b: number, c: number): number => {
      const n = BigInt(a) * BigInt(b);
      const d = BigInt(c);
      const neg = n < 0n !== d < 0n && n !== 0n;
      const an = n < 0n ? -n : n;
      const ad = d < 0n ? -d : d;
      const q = (2n * an + ad) / (2n * ad);
      return Number(neg ? -q : q);
    };
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
        fc.integer({ min: -(2 ** 18), max: 2 ** 18 }),
        fc.integer({ min: 1, max: 2 ** 40 }),
        (a, b, c) => mulDivRound(a, b, c) === exact(a, b, c),
      ),
      { numRuns: 5000 },
    );
    // Halves: 5/10 → 1, 15/10 → 2, -5/10 → -1.
    assert.deepEqual(
      [mulDivRound(5, 1, 10), mulDivRound(15, 1, 10), mulDivRound(-5, 1, 10), mulDivRound(4, 1, 10)],
      [1, 2, -1, 0],
    );
  });

  void test('tolerance is the larger of $1.00 and 1% of expected', () => {
    assert.equal(toleranceCents(507_268, { cents: 100, percent: 1 }), 5_073);
    assert.equal(toleranceCents(5_000, { cents: 100, percent: 1 }), 100);
    assert.equal(toleranceCents(507_268, { cents: 100, percent: 0 }), 100);
  });

  void test('proportional split sums exactly', () => {
    assert.deepEqual(splitProportionally(100, [1, 1, 1]), [34, 33, 33]);
    assert.deepEqual(splitProportionally(468_252, [750_000]), [468_252]);
    assert.deepEqual(splitProportionally(7, [0, 0]), [7, 0]);
  });
});
