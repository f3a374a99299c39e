import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, line } from '../testing.ts';
import { ndcFormat } from './index.ts';

const withNdc = (ndc: string, ndcQualifier = 'N4') =>
  claim({ lines: [line({ code: 'J9173', drug: { ndc, ndcQualifier } })] });

runCases(ndcFormat, [
  { name: '11 digits, N4', claims: [withNdc('00310450012')], expect: [] },
  {
    name: '5-4-2 with hyphens → fix to 11 digits',
    claims: [withNdc('00310-4500-12')],
    expect: ['error L1 CO-16+M119'],
    fixes: ['Write the NDC on line 1 as 00310450012.'],
  },
  {
    name: '4-4-2 label form → padded exactly',
    claims: [withNdc('0310-4500-12')],
    expect: ['error L1 CO-16+M119'],
    fixes: ['Write the NDC on line 1 as 00310450012.'],
  },
  {
    name: '10 digits without hyphens, one reading in the crosswalk → fix',
    claims: [withNdc('0310450012')],
    expect: ['error L1 CO-16+M119'],
    fixes: ['Write the NDC on line 1 as 00310450012.'],
  },
  {
    name: '10 digits without hyphens, no reading known → no fix',
    claims: [withNdc('1234567890')],
    expect: ['error L1 CO-16+M119'],
    fixes: [],
    messages: ['could be'],
  },
  {
    name: 'not an NDC',
    claims: [withNdc('ABC')],
    expect: ['error L1 CO-16+M119'],
    fixes: [],
    messages: ['is not an NDC'],
  },
  {
    name: 'qualifier other than N4',
    claims: [withNdc('00310450012', 'EN')],
    expect: ['error L1 CO-16+M119'],
    messages: ['not N4'],
  },
]);
