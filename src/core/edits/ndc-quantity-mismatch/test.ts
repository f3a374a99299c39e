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
]);
