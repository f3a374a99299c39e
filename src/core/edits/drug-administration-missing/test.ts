import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, hospitalClaim, line } from '../testing.ts';
import { addDays } from '../../reference/as-of.ts';
import { drugAdministrationMissing } from './index.ts';

/** One claim of 3,000 Imfinzi lines over 30 days (line n on day n mod 30), with an undated infusion line or not. */
const bigClaim = (undatedInfusion: boolean) => {
  const lines = Array.from({ length: 3000 }, (_, i) =>
    line({ code: 'J9173', units: 10, serviceDate: addDays('2026-02-01', i % 30) }),
  );
  if (undatedInfusion) {
    const l = line({ code: '96413' });
    delete l.serviceDate;
    lines.push(l);
  }
  return claim({ lines });
};

runCases(drugAdministrationMissing, [
  {
    name: 'chemotherapy drug with its administration',
    claims: [claim({ lines: [line({ code: '96413' }), line({ code: 'J9173', units: 75 })] })],
    expect: [],
  },
  {
    name: 'chemotherapy drug alone → warning (unbilled administration)',
    claims: [claim({ lines: [line({ code: 'J9173', units: 75 })] })],
    expect: ['warning L1 -'],
  },
  {
    name: 'administration on another claim of the same patient, provider and day',
    claims: [
      claim({ id: 'A', lines: [line({ code: 'J9173', units: 75 })] }),
      claim({ id: 'B', lines: [line({ code: '96413' })] }),
    ],
    expect: [],
  },
  {
    name: 'administration on another day does not count',
    claims: [
      claim({
        lines: [line({ code: '96413', serviceDate: '2026-02-09' }), line({ code: 'J9173', units: 75 })],
      }),
    ],
    expect: ['warning L2 -'],
  },
  {
    name: 'biologic by name (infliximab-dyyb, Q5103)',
    claims: [claim({ lines: [line({ code: 'Q5103', units: 50 })] })],
    expect: ['warning L1 -'],
  },
  {
    name: 'not a chemotherapy/biologic drug (triamcinolone J3301)',
    claims: [claim({ lines: [line({ code: 'J3301', units: 4 })] })],
    expect: [],
  },
  {
    name: 'hospital outpatient bill 0131: Imfinzi without an administration → warning',
    claims: [hospitalClaim({ lines: [line({ code: 'J9173', units: 150, revenueCode: '0636' })] })],
    expect: ['warning L1 -'],
  },
  {
    name: 'inpatient bill 0111: administration is in the stay’s payment, no warning',
    claims: [
      hospitalClaim({ typeOfBill: '111', lines: [line({ code: 'J9173', units: 150, revenueCode: '0636' })] }),
    ],
    expect: [],
  },
  {
    name: 'series bill 0131 (February): the infusion line has no date, so it may be the drug’s day: no warning',
    claims: [
      hospitalClaim({
        statementFrom: '2026-02-01',
        statementTo: '2026-02-28',
        lines: [
          line({
            code: 'J1745',
            units: 50,
            modifiers: ['JZ'],
            revenueCode: '0636',
            serviceDate: '2026-02-17',
          }),
          (() => {
            const l = line({ code: '96365', revenueCode: '0260' });
            delete l.serviceDate;
            return l;
          })(),
        ],
      }),
    ],
    expect: [],
  },
  {
    // Each drug line asks whether its claim has an undated administration: a claim of thousands of lines is gone
    // through once, not once per line.
    name: 'one claim of 3,000 drug lines over 30 days, no administration → one warning per day, on its first line',
    claims: [bigClaim(false)],
    expect: Array.from({ length: 30 }, (_, d) => `warning L${d + 1} -`),
    assert: (r) => {
      r.findings.forEach((f, d) => {
        if (f.data?.['dos'] !== addDays('2026-02-01', d))
          throw new Error(`finding ${d}: ${String(f.data?.['dos'])}`);
      });
    },
  },
  {
    name: 'the same claim with an undated infusion line (line 3,001): it may be any day’s, no warning',
    claims: [bigClaim(true)],
    expect: [],
  },
]);
