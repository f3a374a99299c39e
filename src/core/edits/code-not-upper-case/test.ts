import { runCases } from '../../../../test/support/edit-cases.ts';
import { claim, line } from '../testing.ts';
import { codeNotUpperCase } from './index.ts';

const drugLine = (code: string, modifiers: string[]) => claim({ lines: [line({ code, modifiers })] });

runCases(codeNotUpperCase, [
  { name: 'upper case as published', claims: [drugLine('J9173', ['JZ'])], expect: [] },
  {
    name: 'lower-case code and modifier → both written in upper case',
    claims: [drugLine('j9173', ['jz'])],
    expect: ['error L1 CO-16+M20'],
    fixes: ['Write line 1 as J9173-JZ.'],
    messages: ['writes code "j9173" and modifier "jz"'],
  },
  {
    name: 'only a modifier in lower case → the modifier denial',
    claims: [drugLine('J9173', ['JW', 'tb'])],
    expect: ['error L1 CO-16+N823'],
    fixes: ['Write line 1 as J9173-JW-TB.'],
  },
  {
    name: 'a code with spaces around it',
    claims: [drugLine(' J9173 ', [])],
    expect: ['error L1 CO-16+M20'],
    fixes: ['Write line 1 as J9173.'],
  },
  {
    name: 'lower-case CPT with a letter (Category III 0001t) is a code once upper-cased',
    claims: [drugLine('0001t', [])],
    expect: ['error L1 CO-16+M20'],
    fixes: ['Write line 1 as 0001T.'],
  },
  {
    name: 'text that is no code in any case ("exam", the FHIR R4 example): left to code-unknown, no fix',
    claims: [drugLine('exam', [])],
    expect: [],
  },
  {
    name: 'a modifier that is no modifier in any case ("jzz"): left to modifier-not-valid-on-dos',
    claims: [drugLine('J9173', ['jzz'])],
    expect: [],
  },
]);
