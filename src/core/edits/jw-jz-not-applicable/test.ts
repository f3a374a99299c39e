import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, hospitalClaim, line } from '../testing.ts';
import { jwJzNotApplicable } from './index.ts';

runCases(jwJzNotApplicable, [
  {
    name: 'JZ on a single-dose drug: fine',
    claims: [claim({ lines: [line({ code: 'J9173', modifiers: ['JZ'] })] })],
    expect: [],
  },
  {
    name: 'JW on a non-drug line → CO-4',
    claims: [claim({ lines: [line({ code: '96413', modifiers: ['JW'] })] })],
    expect: ['error L1 CO-4'],
    messages: ['not a drug'],
  },
  {
    name: 'JW on a multiple-dose container drug → CO-4',
    claims: [
      claim({
        lines: [line({ code: 'J9045', units: 9 }), line({ code: 'J9045', units: 2, modifiers: ['JW'] })],
      }),
    ],
    expect: ['error L2 CO-4'],
    messages: ['multiple-dose'],
  },
  {
    name: 'JZ on a multiple-dose container drug → warning, fix: remove JZ',
    claims: [claim({ lines: [line({ code: 'J9045', units: 9, modifiers: ['JZ'] })] })],
    expect: ['warning L1 -'],
    fixes: ['Remove modifier JZ from line 1.'],
  },
  // Hospital outpatient bills (0131, OPPS October 2025 in force).
  {
    name: 'JZ on Velcade (J9041, OPPS status indicator N: packaged) → a note, no denial',
    claims: [
      hospitalClaim({
        lines: [
          line({
            code: 'J9041',
            units: 35,
            modifiers: ['JZ'],
            revenueCode: '0636',
            drug: { ndc: '63020004901', ndcQualifier: 'N4', quantity: 1, unit: 'UN' },
          }),
        ],
      }),
    ],
    expect: ['info L1 -'],
    messages: [
      'JZ is on line 1, but J9041 is packaged under OPPS (status indicator N): JZ is not required there, and not denied.',
    ],
  },
  {
    name: 'JW on packaged Velcade → a warning: the discarded units are not paid',
    claims: [
      hospitalClaim({
        lines: [
          line({ code: 'J9041', units: 25, revenueCode: '0636' }),
          line({ code: 'J9041', units: 10, modifiers: ['JW'], revenueCode: '0636' }),
        ],
      }),
    ],
    expect: ['warning L2 -'],
    messages: ['its discarded units are not paid separately'],
  },
  {
    name: 'JW on paclitaxel J9267 without an NDC: every crosswalk product is a multiple-dose vial → CO-4, said as multiple-dose (not packaged)',
    claims: [
      hospitalClaim({
        lines: [
          line({ code: 'J9267', units: 280, revenueCode: '0636' }),
          line({ code: 'J9267', units: 20, modifiers: ['JW'], revenueCode: '0636' }),
        ],
      }),
    ],
    expect: ['error L2 CO-4'],
    messages: ['Line 2 bills discarded units of J9267 with JW, but it comes in a multiple-dose container.'],
  },
  {
    name: 'JW on carboplatin J9045 without an NDC on an 0131 bill → CO-4 (multiple-dose)',
    claims: [
      hospitalClaim({
        lines: [
          line({ code: 'J9045', units: 12, revenueCode: '0636' }),
          line({ code: 'J9045', units: 2, modifiers: ['JW'], revenueCode: '0636' }),
        ],
      }),
    ],
    expect: ['error L2 CO-4'],
    messages: ['multiple-dose container'],
  },
  {
    name: 'inpatient bill 0111: JW/JZ are not judged',
    claims: [
      hospitalClaim({
        typeOfBill: '111',
        lines: [line({ code: '96413', modifiers: ['JW'], revenueCode: '0260' })],
      }),
    ],
    expect: [],
  },
]);
