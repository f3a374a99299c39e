import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, hospitalClaim, line } from '../testing.ts';
import { codeUnknown } from './index.ts';

runCases(codeUnknown, [
  {
    name: 'a code in the HCPCS file: no finding',
    claims: [claim({ lines: [line({ code: 'J9173' })] })],
    expect: [],
  },
  {
    name: 'a Level II code not in the file, HCPCS release in force → error CO-16 + M20',
    claims: [claim({ lines: [line({ code: 'J1550' })] })],
    expect: ['error L1 CO-16+M20'],
    messages: ['J1550 is not in the HCPCS Level II file'],
  },
  {
    name: 'the same on a date before the oldest HCPCS release → warning (the code may have been purged)',
    claims: [claim({ lines: [line({ code: 'J1550', serviceDate: '2004-07-11' })] })],
    expect: ['warning L1 CO-16+M20'],
    assert: (r) => {
      if (!r.findings[0]?.why.includes('not in force'))
        throw new Error('why should say the release is not in force');
    },
  },
  {
    name: 'not shaped like any code (478331) → error',
    claims: [claim({ lines: [line({ code: '478331' })] })],
    expect: ['error L1 CO-16+M20'],
    messages: ['is not a HCPCS or CPT code'],
  },
  {
    name: 'CPT Category I and III codes are not verified',
    claims: [claim({ lines: [line({ code: '99213' }), line({ code: '0663T' })] })],
    expect: [],
  },
  // 837I lines identified by their revenue code alone (SV202 is situational).
  {
    name: '837I 0131: 0250 pharmacy (a saline flush) and 0270 supplies without a HCPCS code are fine',
    claims: [
      hospitalClaim({
        lines: [
          line({ code: 'J9041', units: 35, revenueCode: '0636', chargeCents: 120_000 }),
          line({ code: '', revenueCode: '0250', chargeCents: 2_500 }),
          line({ code: '', revenueCode: '0270', chargeCents: 1_800 }),
          line({ code: '96401', revenueCode: '0260', chargeCents: 40_000 }),
        ],
      }),
    ],
    expect: [],
  },
  {
    name: '837I 0131: 0636 (drugs requiring detailed coding) without a HCPCS code → CO-16 + M20, said with the revenue code',
    claims: [
      hospitalClaim({
        lines: [
          line({ code: 'J1745', units: 50, modifiers: ['JZ'], revenueCode: '0636', chargeCents: 390_000 }),
          line({ code: '', revenueCode: '0636', chargeCents: 8_000 }),
        ],
      }),
    ],
    expect: ['error L2 CO-16+M20'],
    messages: ["Revenue code 0636 requires a HCPCS code (the drug's code)"],
    assert: (r) => {
      if (r.findings.some((f) => f.message.includes('""'))) throw new Error('no empty quoted code');
    },
  },
  {
    name: 'revenue code written without its leading 0 ("636") is read as 0636',
    claims: [hospitalClaim({ lines: [line({ code: '', revenueCode: '636', chargeCents: 8_000 })] })],
    expect: ['error L1 CO-16+M20'],
    messages: ['Revenue code 0636 requires a HCPCS code'],
  },
  {
    name: 'inpatient bill 0111: room and board 0120, pharmacy 0250, even 0636 without HCPCS are fine (paid as a stay)',
    claims: [
      hospitalClaim({
        typeOfBill: '111',
        statementFrom: '2026-02-08',
        statementTo: '2026-02-12',
        lines: [
          line({ code: '', revenueCode: '0120', units: 4, chargeCents: 1_200_000 }),
          line({ code: '', revenueCode: '0250', chargeCents: 30_000 }),
          line({ code: '', revenueCode: '0636', chargeCents: 8_000 }),
        ],
      }),
    ],
    expect: [],
  },
  {
    name: 'a professional line with no code at all → error, in words (no empty quotes)',
    claims: [claim({ lines: [line({ code: '' })] })],
    expect: ['error L1 CO-16+M20'],
    messages: ['Line 1 has no procedure code.'],
  },
]);
