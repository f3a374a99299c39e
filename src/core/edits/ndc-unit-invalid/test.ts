import { runCases } from '../../../../test/support/edit-cases.ts';
import type { LineDrug } from '../../claim/model.ts';
import { claim, line } from '../testing.ts';
import { ndcUnitInvalid } from './index.ts';

const drug = (d: Partial<LineDrug>) =>
  claim({ lines: [line({ code: 'J9173', drug: { ndc: '00310450012', ndcQualifier: 'N4', ...d } })] });

runCases(ndcUnitInvalid, [
  { name: 'quantity and unit', claims: [drug({ quantity: 15, unit: 'ML' })], expect: [] },
  {
    name: 'no quantity, no unit → two findings',
    claims: [drug({})],
    expect: ['error L1 CO-16+M119', 'error L1 CO-16+M119'],
    messages: ['has no quantity', 'has no unit of measure'],
  },
  {
    name: 'unit not in the code list',
    claims: [drug({ quantity: 15, unit: 'MG' })],
    expect: ['error L1 CO-16+M119'],
    messages: ['is not an NDC unit of measure'],
  },
  {
    name: 'zero quantity',
    claims: [drug({ quantity: 0, unit: 'UN' })],
    expect: ['error L1 CO-16+M119'],
    messages: ['must be more than zero'],
  },
]);
