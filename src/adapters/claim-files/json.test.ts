/** Canonical claim JSON: documented doses in line notes are read as the other claim readers read them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readClaimJson } from './json.ts';

const claimWith = (line: Record<string, unknown>): string =>
  JSON.stringify({
    claims: [
      {
        id: 'CLM1',
        billingProvider: { name: 'ONCOLOGY CLINIC', npi: '1234567893' },
        payer: { name: 'MEDICARE PART B', id: '12202' },
        patient: { memberId: 'M1' },
        totalChargeCents: 100_000,
        lines: [
          {
            sequence: 1,
            serviceDate: '2026-02-02',
            procedure: { qualifier: 'HC', code: 'J9173', modifiers: [] },
            units: 75,
            chargeCents: 100_000,
            ...line,
          },
        ],
      },
    ],
  });

describe('claim JSON: documented dose', () => {
  const cases: { name: string; line: Record<string, unknown>; want: unknown }[] = [
    {
      name: 'a dose note with waste becomes the line dose',
      line: { notes: ['DOSE 750MG WASTE 90MG'] },
      want: {
        text: '750MG',
        amount: 750,
        unit: 'MG',
        discardedText: '90MG',
        discardedAmount: 90,
        discardedUnit: 'MG',
      },
    },
    {
      name: 'an explicit dose object wins over the note',
      line: { notes: ['DOSE 750MG'], dose: { text: '740MG', amount: 740, unit: 'MG' } },
      want: { text: '740MG', amount: 740, unit: 'MG' },
    },
    {
      name: 'a note that documents no dose leaves it unset',
      line: { notes: ['PATIENT TOLERATED WELL'] },
      want: undefined,
    },
    {
      name: 'two different doses in one note are ambiguous: unset',
      line: { notes: ['DOSE 750MG DOSE 700MG'] },
      want: undefined,
    },
  ];
  for (const c of cases) {
    void it(c.name, () => {
      const read = readClaimJson(claimWith(c.line));
      assert.deepEqual(read.problems, []);
      assert.deepEqual(read.claims[0]?.lines[0]?.dose, c.want);
    });
  }
});

describe('claim JSON: what the canonical model refuses', () => {
  const cases: {
    name: string;
    edit: (claim: Record<string, unknown>) => void;
    path: string;
    message: RegExp;
  }[] = [
    {
      name: 'a date that is not on the calendar',
      edit: (c) => ((c['lines'] as Record<string, unknown>[])[0]!['serviceDate'] = '2026-02-30'),
      path: '$.claims[0].lines[0].serviceDate',
      message: /lines\[0\]\.serviceDate: expected a real date YYYY-MM-DD/,
    },
    {
      name: 'units an 837 could not hold (QA: 1e20 read, then refused only by the X12 writer)',
      edit: (c) => ((c['lines'] as Record<string, unknown>[])[0]!['units'] = 1e20),
      path: '$.claims[0].lines[0].units',
      message: /lines\[0\]\.units: expected a quantity below 1e\+15/,
    },
    {
      name: 'an NDC quantity an 837 could not hold',
      edit: (c) =>
        ((c['lines'] as Record<string, unknown>[])[0]!['drug'] = { ndc: '00310450012', quantity: -1e15 }),
      path: '$.claims[0].lines[0].drug.quantity',
      message: /expected a quantity below 1e\+15/,
    },
  ];
  for (const c of cases) {
    void it(c.name, () => {
      const doc = JSON.parse(claimWith({})) as { claims: Record<string, unknown>[] };
      c.edit(doc.claims[0]!);
      const read = readClaimJson(JSON.stringify(doc));
      assert.equal(read.claims.length, 0);
      assert.equal(read.problems[0]?.code, 'json.claim.invalid');
      assert.equal(read.problems[0]?.at?.path, c.path);
      assert.match(read.problems[0]?.message ?? '', c.message);
    });
  }

  for (const [name, edit] of [
    ['an empty list of lines', (c: Record<string, unknown>) => (c['lines'] = [])],
    ['no lines at all', (c: Record<string, unknown>) => delete c['lines']],
  ] as const)
    void it(`a claim with ${name}: kept (as the X12 reader keeps one without loop 2400), with an error`, () => {
      const doc = JSON.parse(claimWith({})) as { claims: Record<string, unknown>[] };
      edit(doc.claims[0]!);
      const read = readClaimJson(JSON.stringify(doc));
      assert.equal(read.claims.length, 1);
      assert.deepEqual(
        read.problems.map((p) => [p.code, p.severity, p.at?.path, p.message]),
        [
          [
            'json.claim.invalid',
            'error',
            '$.claims[0].lines',
            'Claim CLM1 has no service lines: a claim needs at least one.',
          ],
        ],
      );
    });
});
