import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, hospitalClaim, line } from '../testing.ts';
import { jwJzContainerUnknown } from './index.ts';

runCases(jwJzContainerUnknown, [
  {
    name: 'drug not in the container table, no JW/JZ → warning, no denial',
    claims: [claim({ lines: [line({ code: 'J3301', units: 4 })] })],
    expect: ['warning L1 -'],
    messages: ['J3301 is not in the container-type table'],
  },
  {
    name: 'with JZ: nothing to decide',
    claims: [claim({ lines: [line({ code: 'J3301', units: 4, modifiers: ['JZ'] })] })],
    expect: [],
  },
  {
    name: 'known single-dose drug: jw-jz-missing decides',
    claims: [claim({ lines: [line({ code: 'J9173' })] })],
    expect: [],
  },
  { name: 'not a drug line', claims: [claim({ lines: [line({ code: '96413' })] })], expect: [] },
  // Bortezomib (J9041): drugclaim's label table has Velcade (63020-0049-01), not Pfizer's generic (00409-1700-01).
  {
    name: 'generic bortezomib: the message names the line’s own NDC, not another product of the code',
    claims: [
      claim({
        lines: [
          line({
            code: 'J9041',
            units: 25,
            drug: { ndc: '00409170001', ndcQualifier: 'N4', quantity: 1, unit: 'UN' },
          }),
        ],
      }),
    ],
    expect: ['warning L1 -'],
    messages: [
      "does not know whether it comes in a single-dose container: NDC 00409-1700-01 (Bortezomib, Pfizer Inc) is not in drugclaim's label table (single- or multiple-dose unknown): check its label's HOW SUPPLIED.",
    ],
  },
  {
    name: 'J9041 without an NDC: the code does not decide (a crosswalk NDC the table does not cover)',
    claims: [claim({ lines: [line({ code: 'J9041', units: 25 })] })],
    expect: ['warning L1 -'],
    messages: [
      'the crosswalk lists 1 NDC(s) of J9041 that the container-type table does not cover (e.g. 00409170001)',
    ],
  },
  {
    name: 'Velcade’s NDC is in the table (single-dose): jw-jz-missing decides',
    claims: [
      claim({
        lines: [
          line({
            code: 'J9041',
            units: 25,
            drug: { ndc: '63020004901', ndcQualifier: 'N4', quantity: 1, unit: 'UN' },
          }),
        ],
      }),
    ],
    expect: [],
  },
  {
    name: 'inpatient bill 0111: the container question does not arise',
    claims: [
      hospitalClaim({ typeOfBill: '111', lines: [line({ code: 'J3301', units: 4, revenueCode: '0636' })] }),
    ],
    expect: [],
  },
]);
