import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, hospitalClaim, line } from '../testing.ts';
import { claimChangeReasonMissing } from './index.ts';

const keytruda = () => [
  line({ code: 'J9271', units: 200, modifiers: ['JZ'], revenueCode: '0636', chargeCents: 1_450_000 }),
  line({ code: '96413', revenueCode: '0260', chargeCents: 95_000 }),
];
const adjustment = (conditionCodes?: string[]) =>
  hospitalClaim({
    id: 'ADJ0137',
    typeOfBill: '137',
    frequencyCode: '7',
    payerClaimControlNumber: '21026004123405',
    ...(conditionCodes === undefined ? {} : { conditionCodes }),
    lines: keytruda(),
  });
const cancel = (conditionCodes?: string[]) =>
  hospitalClaim({
    id: 'CXL0138',
    typeOfBill: '138',
    frequencyCode: '8',
    payerClaimControlNumber: '21026004123405',
    ...(conditionCodes === undefined ? {} : { conditionCodes }),
    lines: keytruda(),
  });

runCases(claimChangeReasonMissing, [
  {
    name: 'original bill 0131: no reason needed',
    claims: [hospitalClaim({ lines: keytruda() })],
    expect: [],
  },
  { name: 'adjustment 0137 with D2 (changed HCPCS/units)', claims: [adjustment(['D2'])], expect: [] },
  {
    name: 'adjustment 0137 with D9 among other condition codes',
    claims: [adjustment(['09', 'D9'])],
    expect: [],
  },
  { name: 'cancel 0138 with D6', claims: [cancel(['D6'])], expect: [] },
  {
    name: 'adjustment 0137 without a condition code → CO-16 + M44',
    claims: [adjustment()],
    expect: ['error L- CO-16+M44'],
    messages: [
      'Claim ADJ0137 adjusts an earlier Medicare bill (type of bill 0137) but has no claim change reason condition code (D0–D4, D7–D9 or E0).',
    ],
  },
  {
    name: 'adjustment 0137 with only an unrelated condition code (09)',
    claims: [adjustment(['09'])],
    expect: ['error L- CO-16+M44'],
  },
  {
    name: 'adjustment 0137 with a cancel reason (D5) says so',
    claims: [adjustment(['D5'])],
    expect: ['error L- CO-16+M44'],
    messages: ['Its D5 is for cancels, not adjustments.'],
  },
  {
    name: 'cancel 0138 with an adjustment reason (D1)',
    claims: [cancel(['D1'])],
    expect: ['error L- CO-16+M44'],
    messages: [
      'Claim CXL0138 cancels an earlier Medicare bill (type of bill 0138) but has no claim change reason condition code (D5 or D6). Its D1 is for adjustments, not cancels.',
    ],
  },
  {
    name: 'condition codes as sent in lower case still count',
    claims: [adjustment(['d0'])],
    expect: [],
  },
  {
    name: 'a commercial payer: not checked (its own rules)',
    claims: [
      (() => {
        const c = adjustment();
        c.payer = { name: 'EXAMPLE HEALTH PLAN', id: 'EXHP1', kind: 'commercial' };
        return c;
      })(),
    ],
    expect: [],
  },
  {
    name: 'a professional corrected claim (837P, frequency 7): condition codes are not how it is done',
    claims: [
      claim({
        frequencyCode: '7',
        payerClaimControlNumber: '21026004123405',
        lines: [line({ code: 'J9173', units: 75, modifiers: ['JZ'] })],
      }),
    ],
    expect: [],
  },
]);
