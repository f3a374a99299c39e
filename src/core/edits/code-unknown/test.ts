import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, line } from '../testing.ts';
import { codeUnknown } from './index.ts';

runCases(codeUnknown, [
  {
    name: 'a code in the HCPCS file: no finding',
    claims: [claim({ lines: [line({ code: 'J9173' })] })],
    expect: [],
  },
  {
    name: 'a Level II code not in the file, HCPCS release in force → error CO-16 + M20',
    claims: [claim({ lines: [line({ code: 'J1550' })] })],
    expect: ['error L1 CO-16+M20'],
    messages: ['J1550 is not in the HCPCS Level II file'],
  },
  {
    name: 'the same on a date before the oldest HCPCS release → warning (the code may have been purged)',
    claims: [claim({ lines: [line({ code: 'J1550', serviceDate: '2004-07-11' })] })],
    expect: ['warning L1 CO-16+M20'],
    assert: (r) => {
      if (!r.findings[0]?.why.includes('not in force'))
        throw new Error('why should say the release is not in force');
    },
  },
  {
    name: 'not shaped like any code (478331) → error',
    claims: [claim({ lines: [line({ code: '478331' })] })],
    expect: ['error L1 CO-16+M20'],
    messages: ['is not a HCPCS or CPT code'],
  },
  {
    name: 'CPT Category I and III codes are not verified',
    claims: [claim({ lines: [line({ code: '99213' }), line({ code: '0663T' })] })],
    expect: [],
  },
]);
