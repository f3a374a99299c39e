import assert from 'node:assert/strict';
import { runCases } from '../../../../test/support/edit-cases.ts';
import { jwUnitsImplausible } from '../jw-units-implausible/index.ts';
import { mueDateOfService } from '../mue-date-of-service/index.ts';
import { ndcQuantityMismatch } from '../ndc-quantity-mismatch/index.ts';
import { claim, hospitalClaim, line, medicareRules, PLAN_PAYER, planRules } from '../testing.ts';
import { unitsVsDocumentedDose } from '../units-vs-documented-dose/index.ts';
import { chargeBelowExpected } from './index.ts';

// Darzalex Faspro (J9144, 10 mg): one 1,800 mg/15 mL vial (57894-0503-01) = 180 units; MUE 180 (MAI 3); ASP
// payment limit January 2026 $55.058 per unit.
const faspro = (units: number, chargeCents: number, quantity = 15) =>
  claim({
    lines: [
      line({
        code: 'J9144',
        units,
        modifiers: ['JZ'],
        chargeCents,
        drug: { ndc: '57894050301', ndcQualifier: 'N4', quantity, unit: 'ML' },
      }),
    ],
  });

// J9173 ASP payment limit January 2026: $86.270 per 10 mg → 75 units = $6,470.25.
runCases(chargeBelowExpected, [
  {
    name: 'charge above the allowed amount',
    claims: [claim({ lines: [line({ code: 'J9173', units: 75, chargeCents: 700_000 })] })],
    expect: [],
  },
  {
    name: 'charge below → warning with the money left on the table',
    claims: [claim({ lines: [line({ code: 'J9173', units: 75, chargeCents: 600_000 })] })],
    expect: ['warning L1 -'],
    messages: ['would allow $6,470.25, so $470.25 is left on the table'],
  },
  {
    name: 'no ASP release in force on the date: not checked',
    claims: [
      claim({ lines: [line({ code: 'J9173', units: 75, chargeCents: 100, serviceDate: '2025-06-01' })] }),
    ],
    expect: [],
  },
  {
    name: 'Faspro 180 units charged $5,000: $4,910.44 left on the table',
    claims: [faspro(180, 500_000)],
    expect: ['warning L1 -'],
    messages: ['would allow $9,910.44, so $4,910.44 is left on the table'],
  },
  // Hospital outpatient bills. J9173 OPPS status indicator K; J9041 (Velcade) N, packaged; ASP limit $0.2678/unit.
  {
    name: 'Medicare OPPS bill 0131 (SBR09 MA): OPPS pays its rate whatever the charge, so no warning',
    claims: [
      hospitalClaim({
        lines: [line({ code: 'J9173', units: 75, chargeCents: 600_000, revenueCode: '0636' })],
      }),
    ],
    expect: [],
  },
  {
    name: 'Medicare outpatient bill 0141 (other Part B, OPPS): no warning either',
    claims: [
      hospitalClaim({
        typeOfBill: '141',
        lines: [line({ code: 'J9173', units: 75, chargeCents: 600_000, revenueCode: '0636' })],
      }),
    ],
    expect: [],
  },
  {
    name: 'Medicare Advantage plan (SBR09 16) on an 0131 bill: its contract may pay the lesser of charge → warning',
    claims: [
      hospitalClaim({
        subscriber: { memberId: 'MA77120034', claimFilingIndicator: '16' },
        lines: [line({ code: 'J9173', units: 75, chargeCents: 600_000, revenueCode: '0636' })],
      }),
    ],
    expect: ['warning L1 -'],
    messages: ['so $470.25 is left on the table'],
  },
  {
    name: 'Medicare Advantage, packaged Velcade (SI N) charged $50 for 35 units: no separate payment, no warning',
    claims: [
      hospitalClaim({
        subscriber: { memberId: 'MA77120034', claimFilingIndicator: '16' },
        lines: [line({ code: 'J9041', units: 35, chargeCents: 5_000, revenueCode: '0636' })],
      }),
    ],
    expect: [],
  },
  {
    name: 'commercial plan at 125 % of ASP on an 0131 bill keeps the check',
    claims: [
      hospitalClaim({
        payer: PLAN_PAYER,
        subscriber: { memberId: 'XHP4410021', claimFilingIndicator: 'CI' },
        lines: [line({ code: 'J9173', units: 75, chargeCents: 700_000, revenueCode: '0636' })],
      }),
    ],
    options: {
      rules: [
        medicareRules(),
        planRules([], {
          expectedPayment: {
            basis: 'asp-payment-limit',
            percent: 125,
            source: 'Example Health Plan fee schedule (test)',
          },
        }),
      ],
    },
    expect: ['warning L1 -'],
    // 75 × $86.270 × 125 % = $8,087.8125 → $8,087.81, rounded once (not 75 × $107.838, the rate rounded first:
    // $8,087.85).
    messages: ['would allow $8,087.81, so $1,087.81 is left on the table'],
  },
  {
    name: 'a percent with decimals: 75 × $86.270 × 112.5 % = $7,279.03125 → $7,279.03 (not 75 × $97.054 = $7,279.05)',
    claims: [
      claim({
        payer: PLAN_PAYER,
        lines: [line({ code: 'J9173', units: 75, chargeCents: 700_000 })],
      }),
    ],
    options: {
      rules: [
        medicareRules(),
        planRules([], {
          expectedPayment: {
            basis: 'asp-payment-limit',
            percent: 112.5,
            source: 'Example Health Plan fee schedule (test)',
          },
        }),
      ],
    },
    expect: ['warning L1 -'],
    messages: ['would allow $7,279.03, so $279.03 is left on the table'],
    assert: (r) => assert.equal(r.findings[0]?.data?.['expectedCents'], 727_903),
  },
  // A payer that pays J9271 at a rate of its own ($65.000 per unit, as contract example-health-plan-2026) and the
  // other drugs at 110 % of the ASP limit.
  ...(
    [
      [
        'a code at its own rate: 200 × $65.000 = $13,000.00 allowed, charged $10,000.00',
        line({ code: 'J9271', units: 200, chargeCents: 1_000_000 }),
        ['warning L1 -'],
        ['would allow $13,000.00, so $3,000.00 is left on the table'],
      ],
      [
        'a code at its own rate, charged above it: no warning (110 % of the ASP limit would have warned)',
        line({ code: 'J9271', units: 200, chargeCents: 1_350_000 }),
        [],
        [],
      ],
      [
        'a code at its own rate needs no ASP release: 2025-06-01, 200 units charged $1,000.00',
        line({ code: 'J9271', units: 200, chargeCents: 100_000, serviceDate: '2025-06-01' }),
        ['warning L1 -'],
        ['would allow $13,000.00'],
      ],
      [
        'a code not listed: 110 % of the ASP limit (75 × $86.270 × 110 % = $7,117.275 → $7,117.28)',
        line({ code: 'J9173', units: 75, chargeCents: 700_000 }),
        ['warning L1 -'],
        ['would allow $7,117.28, so $117.28 is left on the table'],
      ],
    ] as const
  ).map(([name, l, expect, messages]) => ({
    name,
    claims: [claim({ payer: PLAN_PAYER, lines: [l] })],
    options: {
      rules: [
        medicareRules(),
        planRules([], {
          expectedPayment: {
            basis: 'asp-payment-limit' as const,
            percent: 110,
            rates: [{ codes: ['J9271', 'J9309'], ratePerUnit: '65.000' }],
            source: 'Example Health Plan fee schedule (test)',
          },
        }),
      ],
    },
    expect: [...expect],
    messages: [...messages],
  })),
]);

// With the edits that call a line's units wrong: the money left on the table is not reported on such a line.
runCases(
  [chargeBelowExpected, mueDateOfService, ndcQuantityMismatch, unitsVsDocumentedDose, jwUnitsImplausible],
  [
    {
      name: 'Faspro 1800 units (mg, not 10 mg units) charged $10,000: MUE and NDC quantity say the units are wrong; no "$89,104 left on the table"',
      claims: [faspro(1800, 1_000_000)],
      expect: ['error L1 CO-151+N362', 'warning L1 -'],
      assert: (r) =>
        assert.deepEqual(
          r.findings.map((f) => f.editId),
          ['mue-date-of-service', 'ndc-quantity-mismatch'],
        ),
    },
    {
      name: 'Faspro 1800 units without an NDC: the MUE finding alone is enough',
      claims: [
        claim({ lines: [line({ code: 'J9144', units: 1800, modifiers: ['JZ'], chargeCents: 1_000_000 })] }),
      ],
      expect: ['error L1 CO-151+N362'],
    },
    {
      name: 'durvalumab 1500 units for a documented 1500 mg (150 units), charged $8,500: units vs dose (and MUE) say so',
      claims: [
        claim({
          lines: [line({ code: 'J9173', units: 1500, chargeCents: 850_000, dose: { text: '1500 MG' } })],
        }),
      ],
      expect: ['error L1 CO-151+N362', 'warning L1 -'],
      messages: ['exceed the practitioner MUE of 150', 'the documented dose "1500 MG" comes to 150'],
    },
    {
      name: 'Yervoy 216 + JW 134 (a 50 mg vial too many): no money left on the table on the JW line',
      claims: [
        claim({
          lines: [
            line({ code: 'J9228', units: 216, chargeCents: 4_100_000 }),
            line({ code: 'J9228', units: 134, modifiers: ['JW'], chargeCents: 2_500_000 }),
          ],
        }),
      ],
      expect: ['warning L2 -'],
      messages: ['a package the dose did not need'],
    },
    {
      name: 'a finding on another line does not silence the charge of a line with plausible units',
      claims: [
        claim({
          lines: [
            line({ code: 'J9173', units: 75, chargeCents: 600_000 }),
            line({ code: 'J9144', units: 1800, modifiers: ['JZ'], chargeCents: 1_000_000 }),
          ],
        }),
      ],
      expect: ['warning L1 -', 'error L2 CO-151+N362'],
      messages: ['$470.25 is left on the table', 'exceed the practitioner MUE of 180'],
    },
  ],
);
