/**
 * The recovery report CSV (`denials --csv`, `underpaid --csv`, `worklist --csv`): RFC 4180 quoting and formula
 * neutralisation of payer-sent text (CWE-1236), numbers kept as numbers.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { WorklistStatus } from '../../../core/recovery/model.ts';
import { noDenialsSentence } from './denials.ts';
import { csvCell, toCsv, totalSentence, totalsSentence, type ListTotals } from './paged-table.ts';

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

void describe('the total under denials and underpaid: open items only, as in worklist', () => {
  const rows = (...items: [WorklistStatus, number][]) => items.map(([status, cents]) => ({ status, cents }));
  const cases: [label: string, input: ReturnType<typeof rows>, sentence: string][] = [
    ['all open', rows(['new', 631_710], ['in-progress', 468_252]), '2 denials, $10,999.62 recoverable.'],
    [
      'a written-off and a recovered item do not add to what is left to win back',
      rows(['new', 631_710], ['written-off', 507_268], ['recovered', 17_268], ['resubmitted', 1_544_102]),
      '4 denials (2 open), $21,758.12 recoverable on the open ones.',
    ],
    [
      'one open',
      rows(['new', 95_000], ['recovered', 17_268]),
      '2 denials (1 open), $950.00 recoverable on the open one.',
    ],
    ['none open', rows(['recovered', 17_268]), '1 denial (0 open), $0.00 recoverable on the open ones.'],
  ];
  for (const [label, input, sentence] of cases)
    void test(label, () =>
      assert.equal(
        totalSentence(input, 'denial', 'denials', (r) => r.cents, 'recoverable'),
        sentence,
      ),
    );
});

void describe('the total under a page of denials or underpaid: every page, from the store totals', () => {
  const cases: [
    label: string,
    totals: ListTotals,
    page: { offset: number; shown: number } | undefined,
    sentence: string,
  ][] = [
    [
      'no page',
      { items: 2, openItems: 2, cents: 1_099_962 },
      undefined,
      '2 denials, $10,999.62 recoverable.',
    ],
    [
      'the whole list on one page reads as no page',
      { items: 2, openItems: 1, cents: 95_000 },
      { offset: 0, shown: 2 },
      '2 denials (1 open), $950.00 recoverable on the open one.',
    ],
    [
      'a middle page',
      { items: 120, openItems: 90, cents: 1_234_567 },
      { offset: 50, shown: 50 },
      'Denials 51–100 of 120 (90 open), $12,345.67 recoverable on the open ones (all pages).',
    ],
    [
      'the first page, all open',
      { items: 3, openItems: 3, cents: 500 },
      { offset: 0, shown: 1 },
      'Denials 1–1 of 3, $5.00 recoverable (all pages).',
    ],
  ];
  for (const [label, totals, page, sentence] of cases)
    void test(label, () =>
      assert.equal(totalsSentence(totals, 'denial', 'denials', 'recoverable', page), sentence),
    );
});

// QA: "No denials. Import remittances with …" was printed after two 835s had been imported.
void describe('what denials says when it lists none', () => {
  const cases: [label: string, counts: Parameters<typeof noDenialsSentence>[0], sentence: string][] = [
    [
      'nothing imported: import remittances',
      { remitClaims: 0, denials: 0, filtered: false },
      'No denials: no remittance has been imported. Import remittances with: drugclaim remit import FILE...',
    ],
    [
      'remittances imported, none with a denial (QA: 2 claims paid with CO-45 only)',
      { remitClaims: 2, denials: 0, filtered: false },
      'No denials: none of the imported remittances (2 remittance claims) has a denial.',
    ],
    [
      'one remittance claim, a filter, still no denial at all',
      { remitClaims: 1, denials: 0, filtered: true },
      'No denials: none of the imported remittances (1 remittance claim) has a denial.',
    ],
    [
      'a filter that leaves out the denials there are',
      { remitClaims: 9, denials: 5, filtered: true },
      'No denials match these options (the imported remittances have 5 denials in all).',
    ],
  ];
  for (const [label, counts, sentence] of cases)
    void test(label, () => assert.equal(noDenialsSentence(counts), sentence));
});
