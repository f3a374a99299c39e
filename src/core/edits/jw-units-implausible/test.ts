import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, line } from '../testing.ts';
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
    name: '100 + 20 = 10 × 120 mg, but 2 × 500 mg would have wasted 0 → info',
    claims: [pair(100, 20)],
    expect: ['info L2 -'],
    messages: ['would have wasted 0'],
  },
]);
