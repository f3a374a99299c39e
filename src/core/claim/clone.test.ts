/** `clonePlain`: the same value as `structuredClone` gives for claim data, sharing nothing with the input. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clonePlain } from './clone.ts';
import type { Claim } from './model.ts';

const claim: Claim = {
  id: 'PCN1',
  format: '837P',
  billingProvider: {
    name: 'METRO INFUSION CENTER',
    npi: '1234567893',
    address: { line1: '100 MEDICAL PLAZA' },
  },
  payer: { name: 'MEDICARE PART B', id: '00952', kind: 'medicare' },
  subscriber: { memberId: 'M1', lastName: 'SMITH' },
  patient: { memberId: 'M1', lastName: 'SMITH', weightKg: 70.5 },
  totalChargeCents: 123_45,
  diagnoses: [{ code: 'C50911', qualifier: 'ABK', pointer: 1 }],
  notes: [],
  lines: [
    {
      sequence: 1,
      procedure: { qualifier: 'HC', code: 'J9355', modifiers: ['JZ'] },
      units: 15,
      chargeCents: 100_00,
      diagnosisPointers: [1],
      notes: ['DOSE 150MG'],
      drug: { ndcQualifier: 'N4', ndc: '00069008101', quantity: 15, unit: 'ME' },
      position: { segmentIndex: 20, segmentId: 'SV1', line: 21, loop: '2400' },
    },
  ],
};

describe('clonePlain', () => {
  const cases: [string, unknown][] = [
    ['a claim', claim],
    ['primitives', [1, 'a', true, null, undefined, 0.1]],
    ['nested arrays', [[1, [2, [3]]], []]],
    ['an object with an undefined value', { a: undefined, b: { c: [] } }],
    ['a Date inside (structuredClone)', { when: new Date('2025-03-01T00:00:00Z'), n: 1 }],
  ];
  for (const [name, value] of cases) {
    it(`${name}: deep-equal to structuredClone's copy`, () => {
      assert.deepStrictEqual(clonePlain(value), structuredClone(value));
    });
  }

  it('shares no object or array with the input', () => {
    const copy = clonePlain(claim);
    const line = copy.lines[0];
    assert.ok(line);
    line.procedure.modifiers.push('JW');
    line.notes.push('WASTE 10MG');
    copy.billingProvider.address = { line1: 'ELSEWHERE' };
    copy.patient.lastName = 'JONES';
    assert.deepEqual(claim.lines[0]?.procedure.modifiers, ['JZ']);
    assert.deepEqual(claim.lines[0]?.notes, ['DOSE 150MG']);
    assert.equal(claim.billingProvider.address?.line1, '100 MEDICAL PLAZA');
    assert.equal(claim.patient.lastName, 'SMITH');
    const date = { when: new Date(0) };
    assert.notEqual(clonePlain(date).when, date.when);
  });
});
