import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, line } from '../testing.ts';
import { unitsVsDocumentedDose } from './index.ts';

const patient = { memberId: 'M1', lastName: 'DOE', firstName: 'JANE', birthDate: '1950-01-01', weightKg: 80 };

runCases(unitsVsDocumentedDose, [
  {
    name: '1,500 mg of durvalumab = 150 units of 10 mg',
    claims: [claim({ lines: [line({ code: 'J9173', units: 150, dose: { text: '1500 MG' } })] })],
    expect: [],
  },
  {
    name: '750 mg = 75 units, but a flat 750 mg is outside the label range (1,120–1,500 mg) → info',
    claims: [claim({ lines: [line({ code: 'J9173', units: 75, dose: { text: '750 MG' } })] })],
    expect: ['info L1 -'],
    messages: ['outside the label range for durvalumab'],
  },
  {
    name: '84 units billed on one line: 75 administered + 9 documented waste → fix: split off a JW line',
    claims: [
      claim({
        lines: [
          line({
            code: 'J9173',
            units: 84,
            chargeCents: 724_668,
            dose: { text: '750 MG', discardedText: '90 MG' },
          }),
        ],
      }),
    ],
    expect: ['warning L1 -', 'info L1 -'],
    fixes: ['Split line 1: keep 75 unit(s) and add a J9173-JW line with 9 unit(s) (charge split pro rata).'],
  },
  {
    name: 'under-billed',
    claims: [claim({ lines: [line({ code: 'J9173', units: 70, dose: { text: '750 MG' } })] })],
    expect: ['warning L1 -', 'info L1 -'],
    messages: ['5 unit(s) unbilled', 'label range'],
  },
  {
    name: '1.8 mg/kg × 80 kg = 144 units of J9309',
    claims: [claim({ patient, lines: [line({ code: 'J9309', units: 144, dose: { text: '1.8 MG/KG' } })] })],
    expect: [],
  },
  {
    name: '10 mL of Imfinzi (50 mg/mL) = 500 mg = 50 units',
    claims: [claim({ lines: [line({ code: 'J9173', units: 50, dose: { text: '10 ML' } })] })],
    expect: [],
  },
  {
    name: 'JW line matches the documented waste (rounded down)',
    claims: [
      claim({
        lines: [
          line({ code: 'J9173', units: 75 }),
          line({
            code: 'J9173',
            units: 9,
            modifiers: ['JW'],
            dose: { text: '95 MG', discardedText: '95 MG' },
          }),
        ],
      }),
    ],
    expect: [],
  },
  {
    name: 'JW line bills more than the documented waste',
    claims: [
      claim({
        lines: [
          line({ code: 'J9173', units: 75 }),
          line({
            code: 'J9173',
            units: 10,
            modifiers: ['JW'],
            dose: { text: '95 MG', discardedText: '95 MG' },
          }),
        ],
      }),
    ],
    expect: ['warning L2 -'],
  },
  {
    name: 'a dose that is not a dose → info',
    claims: [claim({ lines: [line({ code: 'J9173', units: 75, dose: { text: 'as directed' } })] })],
    expect: ['info L1 -'],
  },
  {
    name: 'documented waste not billed → warning',
    claims: [
      claim({
        lines: [line({ code: 'J9173', units: 75, dose: { text: '750 MG', discardedText: '90 MG' } })],
      }),
    ],
    expect: ['warning L1 -', 'info L1 -'],
    messages: ['not billed on a JW line', 'label range'],
  },
]);
