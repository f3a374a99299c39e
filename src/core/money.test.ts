import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDollars, parseCents, parseDecimal, parseMills } from './money.ts';

describe('parseCents', () => {
  const cases: [label: string, text: string, cents: number | undefined][] = [
    ['whole dollars', '1500', 150_000],
    ['dollars and cents', '3365.04', 336_504],
    ['a dollar sign', '$85.12', 8512],
    ['a dollar sign and a space', '$ 85.12', 8512],
    ['spaces around', '  12.50 ', 1250],
    ['one decimal', '-12.5', -1250],
    ['a sign before the dollar sign', '-$5', -500],
    ['a sign after the dollar sign', '$-5', -500],
    ['cents only', '.5', 50],
    ['a trailing point', '12.', 1200],
    ['a third decimal rounds half up', '1.005', 101],
    ['thousands separators', '3,365.04', 336_504],
    ['one thousands separator, no cents', '1,000', 100_000],
    ['several thousands separators', '$1,234,567.89', 123_456_789],
    ['a decimal comma is refused, not read as 336 dollars', '3,36', undefined],
    ['a decimal comma after a spaced thousand is refused', '1 145,35', undefined],
    ['a space inside the digits is refused', '1 145.35', undefined],
    ['a group of two digits is refused', '1,00', undefined],
    ['a first group with a leading zero is a decimal comma, refused', '0,500', undefined],
    ['and so is an all-zero first group', '00,000', undefined],
    ['a group of four digits is refused', '1,0000', undefined],
    ['four digits before the first comma are refused', '1234,567', undefined],
    ['a leading comma is refused', ',123', undefined],
    ['a trailing comma is refused', '123,', undefined],
    ['a comma after the point is refused', '1.234,56', undefined],
    ['two signs are refused', '-$-5', undefined],
    ['a point alone is refused', '.', undefined],
    ['empty text is refused', '', undefined],
    ['words are refused', 'twelve', undefined],
  ];
  for (const [label, text, cents] of cases)
    it(`${label}: ${JSON.stringify(text)}`, () => assert.equal(parseCents(text), cents));
});

describe('parseDecimal at other scales', () => {
  it('reads a CMS payment limit to mills exactly', () => assert.equal(parseMills('86.270'), 86_270));
  it('reads well-formed thousands in mills', () => assert.equal(parseMills('1,086.2705'), 1_086_271));
  it('reads whole units at scale 0', () => assert.equal(parseDecimal('1,500.4', 0), 1500));
});

describe('formatDollars', () => {
  it('writes thousands separators and the sign before the dollar sign', () => {
    assert.equal(formatDollars(1_518_975), '$15,189.75');
    assert.equal(formatDollars(-500), '-$5.00');
  });
  it('reads back what it writes', () => assert.equal(parseCents(formatDollars(123_456_789)), 123_456_789));
});
