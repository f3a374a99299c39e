/**
 * X12 value parsing and formatting at the edges: quantities past the 15 digits of R 1/15 (read and written),
 * amounts past R 1/18 or exact cents, and diagnosis codes sent with a decimal point.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cleanDiagnosis,
  diagnosisFormatReason,
  whyNotANumber,
  x12Cents,
  x12Number,
  x12Quantity,
  type X12Quantity,
} from './values.ts';

void describe('x12Quantity: exact when X12 holds it, else its nearest value and why', () => {
  const cases: [label: string, n: number, want: X12Quantity][] = [
    ['a whole unit count', 150, { text: '150', value: '150' }],
    ['three decimals', 0.125, { text: '0.125', value: '0.125' }],
    ['a negative quantity keeps its sign', -2.5, { text: '-2.5', value: '-2.5' }],
    ['15 digits, whole', 123456789012345, { text: '123456789012345', value: '123456789012345' }],
    ['15 digits with 3 decimals', 123456789012.345, { text: '123456789012.345', value: '123456789012.345' }],
    ['a fourth decimal, rounded half up', 1.2345, { text: '1.235', value: '1.2345', trouble: 'decimals' }],
    ['half up at the third decimal', 1.0005, { text: '1.001', value: '1.0005', trouble: 'decimals' }],
    ['float noise is not a rounding to report', 0.1 + 0.2, { text: '0.3', value: '0.3' }],
    ['a fourth decimal is, however small', 2.0001, { text: '2', value: '2.0001', trouble: 'decimals' }],
    ['a positive quantity that rounds to 0', 0.0004, { text: '0', value: '0.0004', trouble: 'zero' }],
    ['a small one written with an exponent', 1e-7, { text: '0', value: '0.0000001', trouble: 'zero' }],
    [
      'a negative one that rounds to 0 has no sign',
      -0.0004,
      { text: '0', value: '-0.0004', trouble: 'zero' },
    ],
    [
      '14 digits before the point leave room for 1 decimal',
      17636684144620.715,
      { text: '17636684144620.7', value: '17636684144620.715', trouble: 'digits' },
    ],
    [
      '15 digits before the point, rounded to a whole number',
      123456789012345.5,
      { text: '123456789012346', value: '123456789012345.5', trouble: 'digits' },
    ],
    [
      'rounding up to 16 digits',
      999999999999999.9,
      { text: '1000000000000000', value: '999999999999999.9', trouble: 'too-long' },
    ],
    [
      '1e20: all its digits, not 99999999999999980000',
      1e20,
      { text: '100000000000000000000', value: '100000000000000000000', trouble: 'too-long' },
    ],
    ['not a number', Number.NaN, { text: '', value: 'NaN', trouble: 'not-finite' }],
  ];
  for (const [label, n, want] of cases) it(label, () => assert.deepEqual(x12Quantity(n), want));

  it('what it writes unreported reads back as the same number (within float noise)', () => {
    for (const [, n, want] of cases)
      if (want.trouble === undefined)
        assert.ok(Math.abs((x12Number(want.text) ?? Number.NaN) - n) < 1e-9, want.text);
  });
});

void describe('reading numbers too long for X12, and saying why', () => {
  const quantities: [label: string, text: string, read: number | undefined, why: string][] = [
    ['15 digits', '123456789012345', 123456789012345, ''],
    ['15 digits with a sign and a decimal point', '-12345678901234.5', -12345678901234.5, ''],
    [
      '16 digits',
      '1234567890123456',
      undefined,
      'has 16 digits, more than X12 allows in a quantity (R, at most 15)',
    ],
    [
      '20 digits (QA: "is not a number")',
      '99999999999999999999',
      undefined,
      'has 20 digits, more than X12 allows in a quantity (R, at most 15)',
    ],
    ['letters', '12A', undefined, 'is not a number'],
    ['two decimal points', '1.2.3', undefined, 'is not a number'],
    ['a sign inside', '1-2', undefined, 'is not a number'],
  ];
  for (const [label, text, read, why] of quantities)
    it(`a quantity: ${label}`, () => {
      assert.equal(x12Number(text), read);
      if (read === undefined) assert.equal(whyNotANumber(text, 'quantity'), why);
    });

  const amounts: [label: string, text: string, cents: number | undefined, why: string][] = [
    ['17 digits, a sign and a decimal point (19 characters)', '-1234567890123.4567', -123456789012346, ''],
    ['an amount as a biller sends it', '15350.5', 1535050, ''],
    [
      '19 digits',
      '1234567890123456789',
      undefined,
      'has 19 digits, more than X12 allows in an amount (R, at most 18)',
    ],
    [
      'more cents than are exact (2^53)',
      '123456789012345.67',
      undefined,
      'is too large an amount to read exactly (over 90 trillion dollars)',
    ],
    ['not a number', '80X0', undefined, 'is not a number'],
  ];
  for (const [label, text, cents, why] of amounts)
    it(`an amount: ${label}`, () => {
      assert.equal(x12Cents(text), cents);
      if (cents === undefined) assert.equal(whyNotANumber(text, 'amount'), why);
    });
});

void describe('diagnosis codes: what cleanDiagnosis changes, and why', () => {
  const cases: [code: string, cleaned: string, reason: string][] = [
    ['C3490', 'C3490', ''],
    ['C34.90', 'C3490', 'without the decimal point (it is implied)'],
    ['c34.90', 'C3490', 'without the decimal point (it is implied) and in upper case'],
    ['C34 90', 'C3490', 'without blanks'],
  ];
  for (const [code, cleaned, reason] of cases)
    it(code, () => {
      assert.equal(cleanDiagnosis(code), cleaned);
      assert.equal(diagnosisFormatReason(code), reason);
    });
});
