import { runCases } from '../../../../test/support/edit-cases.ts';
import type { PayerRules } from '../../rules/model.ts';
import { claim, line, medicareRules } from '../testing.ts';
import { ndcNotInCrosswalk } from './index.ts';

const strict: PayerRules[] = [medicareRules({ ndc: { required: true, crosswalk: 'error', source: 'test' } })];
const drug = (code: string, ndc: string, serviceDate = '2026-02-10') =>
  claim({ lines: [line({ code, serviceDate, drug: { ndc, ndcQualifier: 'N4' } })] });

runCases(ndcNotInCrosswalk, [
  { name: 'NDC of the code', claims: [drug('J9173', '00310450012')], expect: [] },
  {
    name: 'Polivy NDC on a durvalumab line (Medicare: warning)',
    claims: [drug('J9173', '50242010301')],
    expect: ['warning L1 CO-16+M119'],
    messages: ['belongs to J9309'],
  },
  {
    name: 'NDC unknown to the crosswalk, payer strict → error',
    claims: [drug('J1745', '50242004001')],
    options: { rules: strict },
    expect: ['error L1 CO-16+M119'],
    messages: ['not in the crosswalk for J1745'],
  },
  {
    name: 'hyphenated NDC is checked in its 11-digit form',
    claims: [drug('J9173', '00310-4500-12')],
    expect: [],
  },
  {
    name: 'code without crosswalk rows: cannot check → info',
    claims: [drug('J3301', '00003029305')],
    expect: ['info L1 -'],
  },
  {
    name: 'crosswalk not in force on the date → warning',
    claims: [drug('J1745', '50242004001', '2023-05-15')],
    options: { rules: strict },
    expect: ['warning L1 CO-16+M119'],
  },
]);
