import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, hospitalClaim, line, medicareRules } from '../testing.ts';
import { jwJzMissing } from './index.ts';

// J9173 (Imfinzi): every crosswalk NDC is a single-dose vial in the container table → single-dose.
const withNdc = (code: string, units: number, ndc: string, quantity: number, unit: string) =>
  claim({ lines: [line({ code, units, drug: { ndc, ndcQualifier: 'N4', quantity, unit } })] });

runCases(jwJzMissing, [
  {
    name: 'single-dose drug with neither JW nor JZ after 2023-10-01 → CO-16 + N822, fix: add JZ',
    claims: [claim({ lines: [line({ code: 'J9173', units: 84 })] })],
    expect: ['error L1 CO-16+N822+MA130'],
    fixes: ['Add modifier JZ to line 1 (J9173).'],
  },
  {
    name: 'with JZ: no finding',
    claims: [claim({ lines: [line({ code: 'J9173', units: 84, modifiers: ['JZ'] })] })],
    expect: [],
  },
  {
    name: 'administered line without modifier next to a JW line: correct billing, no finding',
    claims: [
      claim({
        lines: [line({ code: 'J9173', units: 75 }), line({ code: 'J9173', units: 9, modifiers: ['JW'] })],
      }),
    ],
    expect: [],
  },
  {
    name: 'between 2023-07-01 and 2023-09-30: warning',
    claims: [claim({ lines: [line({ code: 'J9173', serviceDate: '2023-08-01' })] })],
    expect: ['warning L1 CO-16+N822+MA130'],
  },
  {
    name: 'before 2023-07-01: not required',
    claims: [claim({ lines: [line({ code: 'J9173', serviceDate: '2023-06-30' })] })],
    expect: [],
  },
  {
    name: 'multiple-dose container (carboplatin J9045): not required',
    claims: [claim({ lines: [line({ code: 'J9045', units: 9 })] })],
    expect: [],
  },
  {
    name: 'container unknown (J3301 triamcinolone) is left to jw-jz-container-unknown',
    claims: [claim({ lines: [line({ code: 'J3301', units: 4 })] })],
    expect: [],
  },
  {
    name: 'infliximab J1745: every crosswalk NDC is a single-dose vial on its label → required',
    claims: [claim({ lines: [line({ code: 'J1745', units: 50 })] })],
    expect: ['error L1 CO-16+N822+MA130'],
  },
  {
    name: 'payer without the JW/JZ policy',
    claims: [claim({ lines: [line({ code: 'J9173' })] })],
    options: { rules: [medicareRules({ jwJz: null })] },
    expect: [],
  },
  {
    name: 'waste documented on the line: no JZ fix (a JW line is needed instead)',
    claims: [
      claim({
        lines: [line({ code: 'J9173', units: 84, dose: { text: '750 MG', discardedText: '90 MG' } })],
      }),
    ],
    expect: ['error L1 CO-16+N822+MA130'],
    fixes: [],
  },
  {
    name: 'Velcade J9041 25 units with UN1 of the 3.5 mg vial (35 units): 10 units left over, so no JZ fix',
    claims: [withNdc('J9041', 25, '63020004901', 1, 'UN')],
    expect: ['error L1 CO-16+N822+MA130'],
    messages: [
      'Its NDC quantity (1 UN: 1 item(s) of 35 unit(s) = 35 unit(s) of J9041) holds 10 unit(s) more than the 25 billed, so JZ (nothing discarded) would not be true: if they were discarded, bill them on a J9041-JW line (10 unit(s)',
    ],
    fixes: [],
  },
  {
    name: 'Erbitux J9055 77 units with ML400 of the 2 mg/mL vials (800 mg = 80 units): no JZ fix',
    claims: [withNdc('J9055', 77, '66733095823', 400, 'ML')],
    expect: ['error L1 CO-16+N822+MA130'],
    messages: ['holds 3 unit(s) more than the 77 billed'],
    fixes: [],
  },
  {
    name: 'Velcade 25 units with UN0.714 (24.99 units, as `drugclaim units` writes it): JZ fix offered',
    claims: [withNdc('J9041', 25, '63020004901', 0.714, 'UN')],
    expect: ['error L1 CO-16+N822+MA130'],
    fixes: ['Add modifier JZ to line 1 (J9041).'],
  },
  {
    name: 'Velcade 35 units with UN1: the whole vial billed, JZ fix offered',
    claims: [withNdc('J9041', 35, '63020004901', 1, 'UN')],
    expect: ['error L1 CO-16+N822+MA130'],
    fixes: ['Add modifier JZ to line 1 (J9041).'],
  },

  // 837I: the policy covers separately payable Part B drugs; an inpatient stay's drugs are paid within the stay.
  {
    name: 'hospital outpatient bill 0131: Imfinzi 150 units with neither JW nor JZ → CO-16 + N822, fix: add JZ',
    claims: [hospitalClaim({ lines: [line({ code: 'J9173', units: 150, revenueCode: '0636' })] })],
    expect: ['error L1 CO-16+N822+MA130'],
    fixes: ['Add modifier JZ to line 1 (J9173).'],
  },
  {
    name: 'inpatient Part B only bill 0121: still Part B, still asked',
    claims: [
      hospitalClaim({ typeOfBill: '121', lines: [line({ code: 'J9173', units: 150, revenueCode: '0636' })] }),
    ],
    expect: ['error L1 CO-16+N822+MA130'],
  },
  {
    name: 'inpatient bill 0111 (IPPS stay, 2026-02-08 to 02-12): no JW/JZ asked, no JZ fix',
    claims: [
      hospitalClaim({
        typeOfBill: '111',
        statementFrom: '2026-02-08',
        statementTo: '2026-02-12',
        lines: [
          line({ code: '', revenueCode: '0120', units: 4, chargeCents: 1_200_000 }),
          line({ code: 'J9173', units: 150, revenueCode: '0636', chargeCents: 1_560_000 }),
          line({ code: '', revenueCode: '0250', chargeCents: 30_000 }),
        ],
      }),
    ],
    expect: [],
  },
  {
    name: 'swing bed 0181 and SNF inpatient 0211: no JW/JZ asked',
    claims: [
      hospitalClaim({
        id: 'SWING',
        typeOfBill: '181',
        lines: [line({ code: 'J9173', units: 150, revenueCode: '0636' })],
      }),
      hospitalClaim({
        id: 'SNF',
        typeOfBill: '211',
        lines: [line({ code: 'J9173', units: 150, revenueCode: '0636' })],
      }),
    ],
    expect: [],
  },
]);
