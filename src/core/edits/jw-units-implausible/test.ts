import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, hospitalClaim, line } from '../testing.ts';
import { jwUnitsImplausible } from './index.ts';

// J9173 packages in the crosswalk: 12 units (120 mg) and 50 units (500 mg).
const pair = (administered: number, discarded: number, ndc?: string) => {
  const drug = ndc ? { drug: { ndc, ndcQualifier: 'N4' } } : {};
  return claim({
    lines: [
      line({ code: 'J9173', units: administered, ...drug }),
      line({ code: 'J9173', units: discarded, modifiers: ['JW'], ...drug }),
    ],
  });
};

const yervoy = (administered: number, discarded: number, ndc?: string, jwNdc?: string) =>
  claim({
    lines: [
      line({
        code: 'J9228',
        units: administered,
        ...(ndc ? { drug: { ndc, ndcQualifier: 'N4' } } : {}),
      }),
      line({
        code: 'J9228',
        units: discarded,
        modifiers: ['JW'],
        ...(jwNdc ? { drug: { ndc: jwNdc, ndcQualifier: 'N4' } } : {}),
      }),
    ],
  });

runCases(jwUnitsImplausible, [
  { name: '75 + 9 = 84 = 7 × 120 mg vials: plausible and least waste', claims: [pair(75, 9)], expect: [] },
  {
    name: '75 + 10 = 85 units is no sum of 12- and 50-unit packages → warning',
    claims: [pair(75, 10)],
    expect: ['warning L2 -'],
    messages: ['not a whole number of packages'],
  },
  {
    name: 'discarded as much as the largest package → warning',
    claims: [pair(75, 50)],
    expect: ['warning L2 -'],
    messages: ['at least a whole package'],
  },
  {
    name: 'with the 120 mg NDC: 70 + 14 = 84, but 14 discarded ≥ one 12-unit vial → warning',
    claims: [pair(70, 14, '00310450012')],
    expect: ['warning L2 -'],
    messages: ['at least a whole package (12 units'],
  },
  {
    name: '96 + 4 = 100 = 2 × 500 mg, but 8 × 120 mg would have wasted 0 → info',
    claims: [pair(96, 4)],
    expect: ['info L2 -'],
    messages: ['would have wasted 0'],
  },
  {
    name: '100 + 20 = 120 is only 10 × 120 mg, and 20 units of waste leave a 12-unit vial unneeded → warning',
    claims: [pair(100, 20)],
    expect: ['warning L2 -'],
    messages: ['every mix that makes 120 units holds a package the dose did not need'],
  },
  // Yervoy (J9228, 1 mg): 50 mg and 200 mg vials. 3 mg/kg × 72 kg = 216 mg → 1 × 200 + 1 × 50 = 250: J9228 216 + JW 34.
  {
    name: 'Yervoy 216 + JW 34 with the 200 mg NDC on both lines (the largest package’s NDC): 250 = 200 + 50',
    claims: [yervoy(216, 34, '00003232822', '00003232822')],
    expect: [],
  },
  {
    name: 'Yervoy 216 + JW 34, one line per NDC (200 mg on the dose, 50 mg on the waste)',
    claims: [yervoy(216, 34, '00003232822', '00003232711')],
    expect: [],
  },
  { name: 'Yervoy 216 + JW 34 without NDC', claims: [yervoy(216, 34)], expect: [] },
  {
    name: 'Yervoy 216 + JW 134 without NDC: 350 = 200 + 3 × 50, but 134 wasted leaves a 50 mg vial unneeded → warning',
    claims: [yervoy(216, 134)],
    expect: ['warning L2 -'],
    messages: [
      '134 discarded unit(s) of J9228 on line 2 are more than packages of 50 or 200 units (the crosswalk packages of J9228) can leave after 216 administered: every mix that makes 350 units holds a package the dose did not need. Opening 1 × 200 units + 1 × 50 units leaves 34 unit(s) of waste.',
    ],
  },
  {
    name: 'Yervoy 216 + JW 84 with the 200 mg NDC: 300 = 200 + 2 × 50, one 50 mg vial too many → warning',
    claims: [yervoy(216, 84, '00003232822', '00003232822')],
    expect: ['warning L2 -'],
    messages: ['every mix that makes 300 units holds a package the dose did not need'],
  },
  {
    name: 'Yervoy 216 + JW 200: a whole 200 mg vial discarded → warning',
    claims: [yervoy(216, 200, '00003232822', '00003232822')],
    expect: ['warning L2 -'],
    messages: ['at least a whole package (200 units'],
  },
  {
    name: 'Yervoy with the 50 mg NDC on the lines: 216 + JW 34 = 5 × 50 mg',
    claims: [yervoy(216, 34, '00003232711', '00003232711')],
    expect: [],
  },
  {
    name: 'inpatient bill 0111: not judged (the stay pays its drugs)',
    claims: [
      hospitalClaim({
        typeOfBill: '111',
        lines: [
          line({ code: 'J9173', units: 75, revenueCode: '0636' }),
          line({ code: 'J9173', units: 60, modifiers: ['JW'], revenueCode: '0636' }),
        ],
      }),
    ],
    expect: [],
  },
]);
