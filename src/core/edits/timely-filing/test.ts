import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, line, medicareRules } from '../testing.ts';
import { timelyFiling } from './index.ts';

runCases(timelyFiling, [
  { name: 'recent service', claims: [claim({ lines: [line({ code: 'J9173' })] })], expect: [] },
  {
    name: 'day 365 is still in time',
    claims: [claim({ lines: [line({ code: 'J9173', serviceDate: '2025-03-01' })] })],
    options: { dateOfRun: '2026-03-01' },
    expect: [],
  },
  {
    name: 'day 366 → CO-29',
    claims: [claim({ lines: [line({ code: 'J9173', serviceDate: '2025-02-28' })] })],
    options: { dateOfRun: '2026-03-01' },
    expect: ['error L1 CO-29'],
  },
  {
    name: 'payer without a filing limit in its rules',
    claims: [claim({ lines: [line({ code: 'J9173', serviceDate: '2004-07-11' })] })],
    options: { rules: [medicareRules({ timelyFilingDays: null })] },
    expect: [],
  },
]);
