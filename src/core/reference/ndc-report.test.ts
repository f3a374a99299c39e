import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { sharedReference } from '../../../test/support/reference.ts';
import { ndcReport } from './ndc-report.ts';
import type { ReferenceData } from './port.ts';
import { ReferenceIndex } from './reference-index.ts';

let ref: ReferenceData;
before(async () => {
  ref = await sharedReference();
});

const JAN = '2026-01-15';

describe('ndcReport on the real ASP NDC-HCPCS crosswalk (January 2026)', () => {
  const cases: {
    name: string;
    input: string;
    result: 'ok' | 'ambiguous' | 'invalid';
    ndc11?: string;
    codes?: string[];
    message: RegExp;
  }[] = [
    {
      name: '4-4-2 with hyphens: Imfinzi 00310-4500-12 → J9173, 12 billing units of 10 mg',
      input: '0310-4500-12',
      result: 'ok',
      ndc11: '00310450012',
      codes: ['J9173'],
      message: /^00310-4500-12 maps to J9173\.$/,
    },
    {
      name: 'unhyphenated 10 digits that the crosswalk knows in one reading only',
      input: '0310450012',
      result: 'ok',
      ndc11: '00310450012',
      codes: ['J9173'],
      message: /the crosswalk knows only this reading\) maps to J9173\./,
    },
    {
      name: 'unhyphenated 10 digits with no reading in the crosswalk: ambiguous, never guessed',
      input: '1234567890',
      result: 'ambiguous',
      message: /^1234567890 is ambiguous/,
    },
    { name: 'letters: not an NDC', input: 'abc', result: 'invalid', message: /^"abc" is not an NDC/ },
    {
      name: 'a valid 5-4-2 NDC not in the crosswalk',
      input: '99999-9999-99',
      result: 'ok',
      ndc11: '99999999999',
      codes: [],
      message: /^99999-9999-99 is not in the ASP NDC-HCPCS crosswalk\.$/,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = ndcReport(ref, c.input, JAN);
      assert.equal(r.result, c.result);
      assert.equal(r.input, c.input);
      assert.equal(r.date, JAN);
      assert.match(r.message, c.message);
      assert.equal(r.normalised?.ndc11, c.ndc11);
      if (c.codes) assert.deepEqual(r.packages?.value.map((p) => p.code) ?? [], c.codes);
      if (c.result === 'ambiguous') assert.equal(r.candidates.length, 3);
      else assert.deepEqual(r.candidates, []);
    });
  }

  it('packages carry the 5-4-2 form and the drug amount per package in the billing unit', () => {
    const p = ndcReport(ref, '00310-4500-12', JAN).packages;
    assert.ok(p);
    assert.equal(p.inForce, true);
    assert.equal(p.source.dataset, 'ndc-crosswalk');
    const row = p.value[0];
    assert.equal(row?.ndcHyphenated, '00310-4500-12');
    assert.equal(row?.billingUnitsPerPackage, 12);
    assert.deepEqual(row?.amountPerPackage, { amount: 120, unit: 'mg' });
  });

  it('says when the store holds no crosswalk at all', () => {
    const r = ndcReport(ReferenceIndex.build([]), '00310-4500-12', JAN);
    assert.equal(r.packages, null);
    assert.equal(
      r.message,
      '00310-4500-12 is not in the ASP NDC-HCPCS crosswalk (no crosswalk in the store).',
    );
  });
});
