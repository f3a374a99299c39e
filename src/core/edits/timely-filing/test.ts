import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, hospitalClaim, line, medicareRules } from '../testing.ts';
import { timelyFiling } from './index.ts';

// A monthly series bill (013x): Remicade (J1745) with its infusion (96365) on 2025-03-04 and 2025-03-25, statement
// period 2025-03-01 to 2025-03-31.
const series = hospitalClaim({
  id: 'PCN25',
  statementFrom: '2025-03-01',
  statementTo: '2025-03-31',
  lines: [
    line({ code: 'J1745', modifiers: ['JZ'], units: 50, revenueCode: '0636', serviceDate: '2025-03-04' }),
    line({ code: '96365', revenueCode: '0260', serviceDate: '2025-03-04' }),
    line({ code: 'J1745', modifiers: ['JZ'], units: 50, revenueCode: '0636', serviceDate: '2025-03-25' }),
    line({ code: '96365', revenueCode: '0260', serviceDate: '2025-03-25' }),
  ],
});

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
    assert: (r) => {
      // The rules file and version that set the limit, as text and as data.
      if (!r.findings[0]?.source.startsWith('rules/payers/medicare.yaml vtest program.timelyFiling ('))
        throw new Error(`source names the rules file: ${r.findings[0]?.source ?? ''}`);
      if (r.findings[0]?.data?.rulesVersion !== 'test') throw new Error('data.rulesVersion');
    },
  },
  {
    name: 'professional claim: each late line on its own (its own date of service)',
    claims: [
      claim({
        lines: [
          line({ code: 'J9173', units: 75, serviceDate: '2025-02-20' }),
          line({ code: '96413', serviceDate: '2025-02-20' }),
          line({ code: 'J9173', units: 75, serviceDate: '2025-03-20' }),
        ],
      }),
    ],
    options: { dateOfRun: '2026-03-01' },
    expect: ['error L1 CO-29', 'error L2 CO-29'],
  },
  {
    name: 'payer without a filing limit in its rules',
    claims: [claim({ lines: [line({ code: 'J9173', serviceDate: '2004-07-11' })] })],
    options: { rules: [medicareRules({ timelyFilingDays: null })] },
    expect: [],
  },
  {
    name: '837I series bill 0131: counted from the Through date 2025-03-31, so in time on 2026-03-28 although its first lines are 389 days old',
    claims: [series],
    options: { dateOfRun: '2026-03-28' },
    expect: [],
  },
  {
    name: '837I series bill on 2026-04-01 (366 days after the Through date) → one claim-level CO-29, not one per line',
    claims: [series],
    options: { dateOfRun: '2026-04-01' },
    expect: ['error L- CO-29'],
    messages: [
      "The claim's statement period ends 2025-03-31 (from 2025-03-01), 366 days before 2026-04-01; this payer accepts institutional claims up to 365 days after the Through date (last day 2026-03-31).",
    ],
    assert: (r) => {
      if (!r.findings[0]?.source.includes('Pub 100-04 ch.1 §70.1'))
        throw new Error('the source names Pub 100-04 ch.1 §70.1');
    },
  },
  {
    name: '837I one-day bill 0131 of 2025-01-15 with five lines, checked 2026-03-15 → one finding for the claim',
    claims: [
      hospitalClaim({
        id: 'PCN23',
        statementFrom: '2025-01-15',
        statementTo: '2025-01-15',
        lines: [
          line({
            code: 'J9271',
            modifiers: ['JZ'],
            units: 200,
            revenueCode: '0636',
            serviceDate: '2025-01-15',
          }),
          line({ code: 'J9045', units: 12, revenueCode: '0636', serviceDate: '2025-01-15' }),
          line({
            code: 'J9045',
            modifiers: ['JW'],
            units: 2,
            revenueCode: '0636',
            serviceDate: '2025-01-15',
          }),
          line({ code: '96413', revenueCode: '0260', serviceDate: '2025-01-15' }),
          line({ code: '96417', revenueCode: '0260', serviceDate: '2025-01-15' }),
        ],
      }),
    ],
    options: { dateOfRun: '2026-03-15' },
    expect: ['error L- CO-29'],
    messages: ['ends 2025-01-15, 424 days before 2026-03-15'],
  },
]);
