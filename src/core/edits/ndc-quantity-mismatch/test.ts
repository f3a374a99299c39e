import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, line } from '../testing.ts';
import { ndcQuantityMismatch } from './index.ts';

const imfinzi = (units: number, quantity: number, unit: string, modifiers: string[] = []) =>
  claim({
    lines: [
      line({
        code: 'J9173',
        units,
        modifiers,
        drug: { ndc: '00310450012', ndcQualifier: 'N4', quantity, unit },
      }),
    ],
  });
const polivy = (units: number, quantity: number, unit: string) =>
  claim({
    lines: [line({ code: 'J9309', units, drug: { ndc: '50242010501', ndcQualifier: 'N4', quantity, unit } })],
  });

const withNdc = (
  code: string,
  units: number,
  ndc: string,
  quantity: number,
  unit: string,
  modifiers: string[] = [],
) => claim({ lines: [line({ code, units, modifiers, drug: { ndc, ndcQualifier: 'N4', quantity, unit } })] });

runCases(ndcQuantityMismatch, [
  { name: '75 units of 10 mg = 750 mg = 15 mL at 50 mg/mL', claims: [imfinzi(75, 15, 'ML')], expect: [] },
  {
    name: '16 mL = 800 mg is not 75 units → warning',
    claims: [imfinzi(75, 16, 'ML')],
    expect: ['warning L1 -'],
    messages: ['is 800 mg'],
  },
  {
    name: 'JW line: 9 units discarded = 1.8 mL (90 mg)',
    claims: [imfinzi(9, 1.8, 'ML', ['JW'])],
    expect: [],
  },
  { name: 'ME: 144 mg for 144 units of 1 mg', claims: [polivy(144, 144, 'ME')], expect: [] },
  { name: 'ME: 150 mg for 144 units → warning', claims: [polivy(144, 150, 'ME')], expect: ['warning L1 -'] },
  {
    name: 'UN: one 140 mg vial cannot hold 144 units → warning',
    claims: [polivy(144, 1, 'UN')],
    expect: ['warning L1 -'],
    messages: ['fewer than the 144 units'],
  },
  { name: 'UN: two vials', claims: [polivy(144, 2, 'UN')], expect: [] },
  {
    name: 'UN: units that count vials (2 units, 2 vials of 140) → warning',
    claims: [polivy(2, 2, 'UN')],
    expect: ['warning L1 -'],
    messages: ['278 units are neither billed nor on a JW line'],
  },
  {
    name: 'UN with JZ: 7 vials of 12 units hold 84, the line bills 75 with nothing discarded → warning',
    claims: [imfinzi(75, 7, 'UN', ['JZ'])],
    expect: ['warning L1 -'],
    messages: ['with JZ (nothing discarded): 9 units'],
  },
  { name: 'UN with JZ: 6 vials of 12 units, 72 billed', claims: [imfinzi(72, 6, 'UN', ['JZ'])], expect: [] },
  // As `drugclaim units` writes them: the 3-decimal quantity and the administered units rounded up.
  {
    name: 'UN: Velcade J9041 25 units with UN0.714 of the 3.5 mg vial (24.99 units, 3-decimal rounding)',
    claims: [withNdc('J9041', 25, '63020004901', 0.714, 'UN')],
    expect: [],
  },
  {
    name: 'UN: Orencia J0129-JZ 13 units with UN1 of a 125 mg syringe (12.5 units, rounded up to 13)',
    claims: [withNdc('J0129', 13, '00003218811', 1, 'UN', ['JZ'])],
    expect: [],
  },
  {
    name: 'UN: Orencia 14 units from one 125 mg syringe (12.5 units) → warning',
    claims: [withNdc('J0129', 14, '00003218811', 1, 'UN')],
    expect: ['warning L1 -'],
    messages: ['fewer than the 14 units billed'],
  },
  {
    name: 'UN: Velcade 35 units (the whole vial) with UN0.714 (24.99 units) → warning',
    claims: [withNdc('J9041', 35, '63020004901', 0.714, 'UN')],
    expect: ['warning L1 -'],
    messages: ['fewer than the 35 units billed'],
  },
  {
    name: 'UN28 for Perjeta J9306-JZ 840 units: 28 is mL → suggests ML28 or UN2',
    claims: [withNdc('J9306', 840, '50242014501', 28, 'UN', ['JZ'])],
    expect: ['warning L1 -'],
    messages: [
      '28 looks like mL: 28 mL of Perjeta 420 mg/14 mL (30 mg/mL) is 840 units of J9306, as billed. Write ML28, or UN2 (the items opened).',
    ],
  },
  {
    name: 'ML28 for Perjeta J9306-JZ 2 units: units that count vials, and JZ leaves 838 units unaccounted for',
    claims: [withNdc('J9306', 2, '50242014501', 28, 'ML', ['JZ'])],
    expect: ['warning L1 -'],
    messages: [
      'With JZ (nothing discarded), 838 units are neither billed nor on a JW line. Check that the units count billing units of 1 mg, not vials: 840 mg is 840 units.',
    ],
  },
  {
    name: 'ML15 for Darzalex Faspro J9144 1800 units: the units are mg, not 10 mg units',
    claims: [withNdc('J9144', 1800, '57894050301', 15, 'ML', ['JZ'])],
    expect: ['warning L1 -'],
    messages: ['The units look like mg, not billing units of 10 mg: 1800 mg is 180 units.'],
  },
  {
    name: 'Erbitux J9055-JZ 10 units with UN1 of the 200 mg vial: the units fit the 100 mg vial’s NDC',
    claims: [withNdc('J9055', 10, '66733095823', 1, 'UN', ['JZ'])],
    expect: ['warning L1 -'],
    messages: [
      'The units fit NDC 66733-0948-23 (Erbitux, 10 units per item): check that the NDC is the product given.',
    ],
  },
  {
    name: 'ML with JZ: 16 mL of Imfinzi (800 mg) for 75 units leaves 5 units neither billed nor on a JW line',
    claims: [imfinzi(75, 16, 'ML', ['JZ'])],
    expect: ['warning L1 -'],
    messages: ['With JZ (nothing discarded), 5 units are neither billed nor on a JW line.'],
  },
  {
    name: 'ML: 1 unit of Imfinzi for 2.4 mL (one 120 mg vial = 12 units): units that count vials',
    claims: [imfinzi(1, 2.4, 'ML')],
    expect: ['warning L1 -'],
    messages: ['Check that the units count billing units of 10 mg, not vials: 120 mg is 12 units.'],
  },
]);
