import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, line, medicareRules } from '../testing.ts';
import { jwJzMissing } from './index.ts';

// J9173 (Imfinzi): every crosswalk NDC is a single-dose vial in the container table → single-dose.
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
]);
