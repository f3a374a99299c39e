import { runCases } from '../../../../test/support/edit-cases.ts';
import type { PayerRules } from '../../rules/model.ts';
import { claim, line, medicareRules } from '../testing.ts';
import { ndcMissing } from './index.ts';

const medicaid: PayerRules = {
  ...medicareRules({
    ndc: { required: true, requiredFrom: '2007-01-01', crosswalk: 'error', source: 'SSA 1927(a)(7) (test)' },
  }),
  id: 'medicaid-federal',
  appliesTo: { payerKinds: ['medicaid'] },
  file: 'rules/payers/medicaid.yaml',
};
const mcd = { name: 'STATE MEDICAID', id: 'SKXX0', kind: 'medicaid' as const };
const imfinzi = { ndc: '00310450012', ndcQualifier: 'N4', quantity: 15, unit: 'ML' };

runCases(ndcMissing, [
  {
    name: 'Medicaid drug line without NDC → CO-16 + M119',
    claims: [claim({ payer: mcd, lines: [line({ code: 'J9173' })] })],
    options: { rules: [medicaid] },
    expect: ['error L1 CO-16+M119'],
    assert: (r) => {
      const f = r.findings[0];
      if (f?.source !== 'rules/payers/medicaid.yaml vtest program.ndc (SSA 1927(a)(7) (test))')
        throw new Error(`source names the rules file and version: ${f?.source ?? ''}`);
      if (f.data?.rulesFile !== 'rules/payers/medicaid.yaml') throw new Error('data.rulesFile');
    },
  },
  {
    name: 'Medicaid drug line with NDC',
    claims: [claim({ payer: mcd, lines: [line({ code: 'J9173', drug: imfinzi })] })],
    options: { rules: [medicaid] },
    expect: [],
  },
  {
    name: 'Medicaid, service before the requirement (2007-01-01)',
    claims: [claim({ payer: mcd, lines: [line({ code: 'J9173', serviceDate: '2006-12-31' })] })],
    options: { rules: [medicaid] },
    expect: [],
  },
  {
    name: 'Medicare does not require NDCs',
    claims: [claim({ lines: [line({ code: 'J9173' })] })],
    expect: [],
  },
  {
    name: 'not a drug line',
    claims: [claim({ payer: mcd, lines: [line({ code: '96413' })] })],
    options: { rules: [medicaid] },
    expect: [],
  },
  {
    name: 'a drug policy requiring the NDC',
    claims: [claim({ lines: [line({ code: 'J9309' })] })],
    options: {
      rules: [
        medicareRules({}, [
          {
            id: 'p',
            title: 'P',
            version: '1',
            effectiveFrom: '2025-01-01',
            effectiveTo: null,
            source: 'test',
            drugs: [{ codes: ['J9309'], ndcRequired: true }],
          },
        ]),
      ],
    },
    expect: ['error L1 CO-16+M119'],
  },
]);
