import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, hospitalClaim, line, PLAN_PAYER } from '../testing.ts';
import { selfAdministeredDrug } from './index.ts';

// Orencia (J0129, abatacept 10 mg): IV vial 250 mg 00003-2187-13; subcutaneous 125 mg/mL prefilled syringe
// 00003-2188-11 and ClickJect autoinjector 00003-2188-51 (12.5 units each).
const orencia = (ndc: string, units = 13, quantity = 1) =>
  line({
    code: 'J0129',
    units,
    modifiers: ['JZ'],
    chargeCents: 60_000,
    drug: { ndc, ndcQualifier: 'N4', quantity, unit: 'UN' },
  });

runCases(selfAdministeredDrug, [
  {
    name: 'the IV vial under J0129: what the code is for',
    claims: [claim({ lines: [line({ code: '96365' }), orencia('00003218713', 75, 3)] })],
    expect: [],
  },
  {
    name: 'the subcutaneous prefilled syringe billed to Medicare Part B under J0129 (POS 11) → warning, CO-96 + N425',
    claims: [
      claim({ id: 'bad_orencia_sc_office', lines: [line({ code: '96372' }), orencia('00003218811')] }),
    ],
    expect: ['warning L2 CO-96+N425'],
    messages: [
      "NDC 00003-2188-11 is the Orencia 125 mg/mL prefilled syringe, a self-administered product; J0129 is not for self-administered use and Medicare's self-administered drug exclusion applies: Part B does not pay it (J0129 is billed with Orencia 250 mg (intravenous), NDC 00003-2187-13).",
    ],
  },
  {
    name: 'the ClickJect autoinjector on a hospital outpatient bill 0131 (revenue code 0636) → warning',
    claims: [
      hospitalClaim({
        lines: [
          line({ code: 'G0463', revenueCode: '0510', chargeCents: 15_000 }),
          { ...orencia('00003218851'), revenueCode: '0636' },
        ],
      }),
    ],
    expect: ['warning L2 CO-96+N425'],
    messages: [
      'NDC 00003-2188-51 is the Orencia ClickJect 125 mg/mL autoinjector, a self-administered product',
    ],
  },
  {
    name: 'a commercial plan: its own benefit rules (often the pharmacy benefit), not the Part B exclusion',
    claims: [claim({ payer: PLAN_PAYER, lines: [orencia('00003218811')] })],
    expect: [],
  },
  {
    name: 'already billed as excluded: revenue code 0637 (self-administrable drugs) on an 0131 bill, or modifier GY',
    claims: [
      hospitalClaim({ lines: [{ ...orencia('00003218811'), revenueCode: '0637' }] }),
      claim({
        id: 'GY',
        lines: [
          { ...orencia('00003218811'), procedure: { qualifier: 'HC', code: 'J0129', modifiers: ['GY'] } },
        ],
      }),
    ],
    expect: [],
  },
]);
