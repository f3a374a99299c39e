/**
 * The recovery report CSV (`denials --csv`, `underpaid --csv`, `worklist --csv`): RFC 4180 quoting and formula
 * neutralisation of payer-sent text (CWE-1236), numbers kept as numbers.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { csvCell, toCsv } from './denials.ts';

const cases: [label: string, value: unknown, cell: string][] = [
  ['CLP01 =HYPERLINK from the payer', '=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
  ['leading +', '+1+cmd|calc', `'+1+cmd|calc`],
  ['leading - that is not a number', '-2+3', `'-2+3`],
  ['leading @', '@SUM(A1:A2)', `'@SUM(A1:A2)`],
  ['leading tab', '\t=1', `'\t=1`],
  ['leading CR (quoted)', '\r=1', `"'\r=1"`],
  ['array whose first item is a formula', ['=1+1', 'N130'], `'=1+1;N130`],
  ['negative amount string stays a number', '-25.00', '-25.00'],
  ['negative number stays a number', -25, '-25'],
  ['plain amount', '7500.00', '7500.00'],
  ['formula character inside the text is fine', 'A=B', 'A=B'],
  ['comma quoted', 'MEDICARE, PART B', '"MEDICARE, PART B"'],
  ['null', null, ''],
];

void describe('recovery CSV cells', () => {
  for (const [label, value, cell] of cases) {
    void test(label, () => assert.equal(csvCell(value), cell));
  }

  void test('a whole report row, input not mutated', () => {
    const row = { claimId: '=HYPERLINK("http://x")', amount: '-25.00', rarc: ['N130'] };
    const copy = structuredClone(row);
    assert.equal(
      toCsv([row], ['claimId', 'amount', 'rarc']),
      `claimId,amount,rarc\r\n"'=HYPERLINK(""http://x"")",-25.00,N130\r\n`,
    );
    assert.deepEqual(row, copy);
  });
});
