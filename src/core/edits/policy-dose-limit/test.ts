import { runCases } from '../../../../test/support/edit-cases.ts';
import { PLAN_PAYER, claim, line, planRules } from '../testing.ts';
import { policyDoseLimit } from './index.ts';

const rules = [planRules([{ codes: ['J9309'], dose: { maxPerKg: { amount: 1.8, unit: 'mg' } } }])];
const patient = { memberId: 'M1', lastName: 'DOE', firstName: 'JANE', birthDate: '1950-01-01', weightKg: 80 };

runCases(policyDoseLimit, [
  {
    name: '1.8 mg/kg × 80 kg = 144 mg = 144 units',
    claims: [claim({ payer: PLAN_PAYER, patient, lines: [line({ code: 'J9309', units: 144 })] })],
    options: { rules },
    expect: [],
  },
  {
    name: 'JW units do not count toward the dose',
    claims: [
      claim({
        payer: PLAN_PAYER,
        patient,
        lines: [line({ code: 'J9309', units: 144 }), line({ code: 'J9309', units: 26, modifiers: ['JW'] })],
      }),
    ],
    options: { rules },
    expect: [],
  },
  {
    name: '150 units > 144 → CO-151 + N362',
    claims: [claim({ payer: PLAN_PAYER, patient, lines: [line({ code: 'J9309', units: 150 })] })],
    options: { rules },
    expect: ['error L1 CO-151+N362'],
    messages: ['= 144 mg, i.e. 144 units'],
  },
  {
    name: 'no weight on the claim → warning, cannot check',
    claims: [claim({ payer: PLAN_PAYER, lines: [line({ code: 'J9309', units: 150 })] })],
    options: { rules },
    expect: ['warning L1 -'],
  },
]);
