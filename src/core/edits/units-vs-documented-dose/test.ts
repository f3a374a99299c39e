import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, line } from '../testing.ts';
import { addDays } from '../../reference/as-of.ts';
import { unitsVsDocumentedDose } from './index.ts';

const patient = { memberId: 'M1', lastName: 'DOE', firstName: 'JANE', birthDate: '1950-01-01', weightKg: 80 };

runCases(unitsVsDocumentedDose, [
  {
    name: '1,500 mg of durvalumab = 150 units of 10 mg',
    claims: [claim({ lines: [line({ code: 'J9173', units: 150, dose: { text: '1500 MG' } })] })],
    expect: [],
  },
  {
    // The label also doses 10 mg/kg: 750 mg is that dose at 75 kg, so without a weight it is not judged.
    name: '750 mg = 75 units; no weight on the claim, so 750 mg is not judged against the label',
    claims: [claim({ lines: [line({ code: 'J9173', units: 75, dose: { text: '750 MG' } })] })],
    expect: [],
  },
  {
    name: '750 mg at 30 kg is 25 mg/kg: above the label 10–20 mg/kg → info',
    claims: [
      claim({
        patient: { ...patient, weightKg: 30 },
        lines: [line({ code: 'J9173', units: 75, dose: { text: '750 MG' } })],
      }),
    ],
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
    expect: ['warning L1 -'],
    fixes: ['Split line 1: keep 75 unit(s) and add a J9173-JW line with 9 unit(s) (charge split pro rata).'],
  },
  {
    name: 'under-billed',
    claims: [claim({ lines: [line({ code: 'J9173', units: 70, dose: { text: '750 MG' } })] })],
    expect: ['warning L1 -'],
    messages: ['5 unit(s) unbilled'],
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
    expect: ['warning L1 -'],
    messages: ['not billed on a JW line'],
  },
  // Label caps (src/core/dosing/label-dosing.ts): Adcetris 1.8 mg/kg up to 180 mg; Actemra IV up to 800 mg.
  {
    name: 'Adcetris 1.8 mg/kg at 110 kg = 198 mg: inside 0.9–1.8 mg/kg but above the 180 mg cap → warning naming the cap',
    claims: [
      claim({
        patient: { ...patient, weightKg: 110 },
        lines: [line({ code: 'J9042', units: 198, dose: { text: '1.8 MG/KG', amount: 1.8, unit: 'MG/KG' } })],
      }),
    ],
    expect: ['warning L1 -'],
    messages: [
      'Line 1: 198 mg (the documented 1.8 mg/kg) is above the Adcetris label cap of 180 mg: at most 180 units of J9042 (1 mg each) are supported by the label',
    ],
  },
  {
    name: 'Adcetris 1.8 mg/kg at 80 kg = 144 mg: within the range and the cap',
    claims: [claim({ patient, lines: [line({ code: 'J9042', units: 144, dose: { text: '1.8 MG/KG' } })] })],
    expect: [],
  },
  {
    name: 'Actemra 8 mg/kg at 110 kg = 880 mg: above the 800 mg cap → warning',
    claims: [
      claim({
        patient: { ...patient, weightKg: 110 },
        lines: [line({ code: 'J3262', units: 880, modifiers: ['JZ'], dose: { text: '8 MG/KG' } })],
      }),
    ],
    expect: ['warning L1 -'],
    messages: [
      '880 mg (the documented 8 mg/kg) is above the Actemra label cap of 800 mg: at most 800 units of J3262',
    ],
  },
  // Orencia IV is dosed by weight range: 500 mg under 60 kg, 750 mg 60–100 kg, 1,000 mg over 100 kg.
  {
    name: 'Orencia 750 mg at 55 kg: the label gives 500 mg under 60 kg → warning',
    claims: [
      claim({
        patient: { ...patient, weightKg: 55 },
        lines: [line({ code: 'J0129', units: 75, modifiers: ['JZ'], dose: { text: '750 MG' } })],
      }),
    ],
    expect: ['warning L1 -'],
    messages: ["750 mg is not the Orencia dose for the patient's weight: the label gives 500 mg under 60 kg"],
  },
  {
    name: 'Orencia 750 mg at 70 kg: the 60–100 kg dose',
    claims: [
      claim({
        patient: { ...patient, weightKg: 70 },
        lines: [line({ code: 'J0129', units: 75, modifiers: ['JZ'], dose: { text: '750 MG' } })],
      }),
    ],
    expect: [],
  },
  {
    // Whether a JW line of the code and date is on the claim is counted once per claim, not looked for per line.
    name: 'one claim of 3,000 lines billing dose + waste over 30 days, JW lines on the first 10 days → split fix elsewhere',
    claims: [
      claim({
        lines: [
          ...Array.from({ length: 3000 }, (_, i) =>
            line({
              code: 'J9173',
              units: 84,
              chargeCents: 724_668,
              dose: { text: '750 MG', discardedText: '90 MG' },
              serviceDate: addDays('2026-03-01', i % 30),
            }),
          ),
          ...Array.from({ length: 10 }, (_, d) =>
            line({ code: 'J9173', units: 9, modifiers: ['JW'], serviceDate: addDays('2026-03-01', d) }),
          ),
        ],
      }),
    ],
    expect: Array.from({ length: 3000 }, () => 'warning L1 -').map((_, i) => `warning L${i + 1} -`),
    assert: (r) => {
      r.findings.forEach((f, i) => {
        if ((f.fix !== undefined) !== i % 30 >= 10) throw new Error(`line ${i + 1}: fix ${String(f.fix)}`);
      });
    },
  },
]);
