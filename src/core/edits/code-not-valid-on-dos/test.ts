import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, line } from '../testing.ts';
import { codeNotValidOnDos } from './index.ts';

runCases(codeNotValidOnDos, [
  {
    name: 'active code on the date of service: no finding',
    claims: [claim({ lines: [line({ code: 'J9173' })] })],
    expect: [],
  },
  {
    name: 'terminated code (J2505 ended 2021-12-31) → CO-181',
    claims: [claim({ lines: [line({ code: 'J2505' })] })],
    expect: ['error L1 CO-181'],
    messages: ['last valid day was 2021-12-31'],
  },
  {
    name: 'termination date itself is still valid',
    claims: [claim({ lines: [line({ code: 'J2505', serviceDate: '2021-12-31' })] })],
    expect: [],
  },
  {
    name: 'code used before its added date (J9393 added 2023-01-01) → CO-181, certain even from a newer file',
    claims: [claim({ lines: [line({ code: 'J9393', serviceDate: '2022-12-31' })] })],
    expect: ['error L1 CO-181'],
    messages: ['added on 2023-01-01'],
  },
  {
    name: 'CPT codes are not checked here',
    claims: [claim({ lines: [line({ code: '99213' })] })],
    expect: [],
  },
  {
    name: 'a code not in the file is left to code-unknown',
    claims: [claim({ lines: [line({ code: 'J1550' })] })],
    expect: [],
  },
]);
