import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, line } from '../testing.ts';
import { diagnosisPointerMissing } from './index.ts';

runCases(diagnosisPointerMissing, [
  { name: 'pointer to diagnosis 1', claims: [claim({ lines: [line({ code: 'J9173' })] })], expect: [] },
  {
    name: 'no pointer → CO-16 + M76',
    claims: [claim({ lines: [line({ code: 'J9173', diagnosisPointers: [] })] })],
    expect: ['error L1 CO-16+M76'],
  },
  {
    name: 'pointer beyond the diagnoses',
    claims: [claim({ lines: [line({ code: 'J9173', diagnosisPointers: [1, 3] })] })],
    expect: ['error L1 CO-16+M76'],
    messages: ['points to diagnosis 3'],
  },
  {
    name: 'institutional bills have no line pointers',
    claims: [
      claim({ format: '837I', typeOfBill: '131', lines: [line({ code: 'J9173', diagnosisPointers: [] })] }),
    ],
    expect: [],
  },
]);
