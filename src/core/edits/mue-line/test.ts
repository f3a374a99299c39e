import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, line, medicareRules } from '../testing.ts';
import { mueLine } from './index.ts';

// Test MUE: J9393 20 units, MAI 1 (invented for the test; J9173 150 MAI 3 from the practitioner file).
runCases(mueLine, [
  {
    name: 'units at the MUE: no finding',
    claims: [claim({ lines: [line({ code: 'J9393', units: 20 })] })],
    expect: [],
  },
  {
    name: 'units above an MAI 1 MUE on one line → CO-151 + N362',
    claims: [claim({ lines: [line({ code: 'J9393', units: 21 })] })],
    expect: ['error L1 CO-151+N362'],
    messages: ['practitioner MUE is 20 per line (MAI 1)'],
  },
  {
    name: 'MAI 3 codes are the date-of-service edit, not this one',
    claims: [claim({ lines: [line({ code: 'J9173', units: 200 })] })],
    expect: [],
  },
  {
    name: 'payer applies MUEs as warnings',
    claims: [claim({ lines: [line({ code: 'J9393', units: 21 })] })],
    options: { rules: [medicareRules({ mue: { level: 'warning', source: 'test' } })] },
    expect: ['warning L1 CO-151+N362'],
  },
  {
    name: 'payer without MUEs',
    claims: [claim({ lines: [line({ code: 'J9393', units: 21 })] })],
    options: { rules: [medicareRules({ mue: null })] },
    expect: [],
  },
  {
    name: 'an 837I outpatient bill uses the outpatient hospital MUE',
    claims: [claim({ format: '837I', typeOfBill: '131', lines: [line({ code: 'J9393', units: 21 })] })],
    expect: ['error L1 CO-151+N362'],
    messages: ['outpatient-hospital MUE'],
  },
  {
    name: 'an inpatient bill (11x) has no MUE',
    claims: [claim({ format: '837I', typeOfBill: '111', lines: [line({ code: 'J9393', units: 21 })] })],
    expect: [],
  },
  {
    name: 'J9393 reported in minutes (MJ): its descriptor gives no time per unit, so an info and no comparison',
    claims: [claim({ lines: [line({ code: 'J9393', units: 60, unitType: 'MJ' })] })],
    expect: ['info L1 -'],
    messages: ['reports 60 minutes of J9393 (unit type MJ)'],
  },
  {
    name: 'payer without MUEs: no info about minutes either',
    claims: [claim({ lines: [line({ code: 'J9393', units: 60, unitType: 'MJ' })] })],
    options: { rules: [medicareRules({ mue: { level: 'off', source: 'test' } })] },
    expect: [],
  },
  {
    name: 'G0514 "each additional 30 minutes", MUE 1 (MAI 1): 40 minutes (MJ) round to 1 unit',
    claims: [claim({ lines: [line({ code: 'G0514', units: 40, unitType: 'MJ' })] })],
    expect: [],
  },
  {
    name: 'G0514: 50 minutes (MJ) round to 2 units, over the MUE of 1',
    claims: [claim({ lines: [line({ code: 'G0514', units: 50, unitType: 'MJ' })] })],
    expect: ['error L1 CO-151+N362'],
    messages: ['bills 2 units (50 minutes, 30 per unit) of G0514'],
  },
]);
