import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, hospitalClaim, line } from '../testing.ts';
import { originalClaimNumberMissing } from './index.ts';

const keytruda = () => [
  line({ code: 'J9271', units: 200, modifiers: ['JZ'], revenueCode: '0636', chargeCents: 1_450_000 }),
  line({ code: '96413', revenueCode: '0260', chargeCents: 95_000 }),
];

runCases(originalClaimNumberMissing, [
  {
    name: 'original claim (0131): nothing to refer to',
    claims: [hospitalClaim({ lines: keytruda() })],
    expect: [],
  },
  {
    name: 'replacement 0137 with REF*F8 (the payer ICN of the original)',
    claims: [
      hospitalClaim({
        typeOfBill: '137',
        frequencyCode: '7',
        payerClaimControlNumber: '21026004123405',
        lines: keytruda(),
      }),
    ],
    expect: [],
  },
  {
    name: 'replacement 0137 without REF*F8 → CO-16 + M47',
    claims: [hospitalClaim({ id: 'PCN16A', typeOfBill: '137', frequencyCode: '7', lines: keytruda() })],
    expect: ['error L- CO-16+M47'],
    messages: [
      "Claim PCN16A is a replacement (frequency 7) of an earlier claim (type of bill 0137) but does not give that claim's number (REF*F8",
    ],
  },
  {
    name: 'void 0138 without REF*F8 → CO-16 + M47',
    claims: [hospitalClaim({ id: 'PCN16B', typeOfBill: '138', frequencyCode: '8', lines: keytruda() })],
    expect: ['error L- CO-16+M47'],
    messages: ['is a void (frequency 8)'],
  },
  {
    name: 'a claim with a type of bill but no separate frequency code (FHIR): the frequency is its last digit',
    claims: [
      (() => {
        const c = hospitalClaim({ id: 'FHIR-0137', typeOfBill: '137', lines: keytruda() });
        delete c.frequencyCode;
        return c;
      })(),
    ],
    expect: ['error L- CO-16+M47'],
    messages: ['is a replacement (frequency 7) of an earlier claim (type of bill 0137)'],
  },
  {
    name: '837P corrected claim (CLM05-3 7) with a blank REF*F8 → CO-16 + M47',
    claims: [
      claim({
        frequencyCode: '7',
        payerClaimControlNumber: ' ',
        lines: [line({ code: 'J9173', units: 75, modifiers: ['JZ'] })],
      }),
    ],
    expect: ['error L- CO-16+M47'],
    messages: ['(CLM05-3)'],
  },
]);
