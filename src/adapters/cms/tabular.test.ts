/**
 * The row-shape check every CSV reader shares (tabular.ts): a data row must have the header's field count, or a
 * dropped/extra comma would shift later values into the wrong columns (QA finding 1). Run on one real row of
 * every tabular reader, and the header checks that explain a damaged header.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { carcReader, rarcReader } from './adjustment-codes.ts';
import { aspReader } from './asp.ts';
import { parseCsv } from './csv.ts';
import { muePractitionerReader } from './mue.ts';
import { ncciAocReader } from './ncci-aoc.ts';
import { ndcCrosswalkReader } from './ndc-crosswalk.ts';
import { oppsReader } from './opps.ts';
import { codesOf, damagedCopies, editLine, errors, FILES } from './testing.ts';
import type { DatasetReader } from './types.ts';

/** A CSV line re-written with every field quoted, after `edit` changed its fields (CR kept). */
function rewrite(line: string, edit: (fields: string[]) => string[]): string {
  const cr = line.endsWith('\r') ? '\r' : '';
  const fields = parseCsv(cr ? line.slice(0, -1) : line, 'x').rows[0]?.fields ?? [];
  return `${edit(fields)
    .map((f) => `"${f.replaceAll('"', '""')}"`)
    .join(',')}${cr}`;
}

/** Two fields run together, as when the comma between them is lost (J9173,…,10 MG86.270,20.000). */
const dropComma =
  (at: number) =>
  (fields: string[]): string[] => [
    ...fields.slice(0, at),
    `${fields[at] ?? ''}${fields[at + 1] ?? ''}`,
    ...fields.slice(at + 2),
  ];
/** One empty field more, as when a comma is doubled (10 MG,,86.270). */
const extraComma =
  (at: number) =>
  (fields: string[]): string[] => [...fields.slice(0, at), '', ...fields.slice(at)];

interface Case {
  label: string;
  reader: DatasetReader;
  file: string;
  encoding?: 'utf-8';
  row: (line: string) => boolean;
  /** Fields in the header (trailing empty columns included). */
  header: number;
  /** The column the message shows. */
  shows: string;
  /** Where the comma is lost or doubled: before the column `shows`, so its value moves. */
  at: number;
}

const cases: Case[] = [
  {
    label: 'ASP payment limits',
    reader: aspReader,
    file: FILES.asp,
    row: (l) => l.startsWith('J9173,'),
    header: 12,
    shows: 'Payment Limit',
    at: 2,
  },
  {
    label: 'ASP NDC-HCPCS crosswalk',
    reader: ndcCrosswalkReader,
    file: FILES.crosswalk,
    row: (l) => l.includes('00310-4500-12'),
    header: 252,
    shows: 'BILLUNITS',
    at: 6,
  },
  {
    label: 'MUE practitioner',
    reader: muePractitionerReader,
    file: FILES.muePractitioner,
    row: (l) => l.startsWith('J9173,'),
    header: 4,
    shows: 'Practitioner Services MUE Values',
    at: 0,
  },
  {
    label: 'OPPS Addendum B',
    reader: oppsReader,
    file: FILES.opps,
    row: (l) => l.startsWith('J9173,'),
    header: 13,
    shows: 'Payment Rate',
    at: 2,
  },
  {
    label: 'NCCI add-on codes',
    reader: ncciAocReader,
    file: FILES.aoc,
    encoding: 'utf-8',
    row: (l) => l.startsWith('1,96415,'),
    header: 8,
    shows: 'Primary_Code',
    at: 1,
  },
  {
    label: 'CARC',
    reader: carcReader,
    file: FILES.carc,
    encoding: 'utf-8',
    row: (l) => l.startsWith('1,'),
    header: 7,
    shows: 'start_date',
    at: 1,
  },
  {
    label: 'RARC',
    reader: rarcReader,
    file: FILES.rarc,
    encoding: 'utf-8',
    row: (l) => l.startsWith('N922,'),
    header: 7,
    shows: 'start_date',
    at: 1,
  },
];

void describe('a row with another field count than the header is refused (every tabular reader)', () => {
  for (const c of cases) {
    const { name, original, read, lineOf } = damagedCopies(c.reader, c.file, c.encoding);
    const line = lineOf(c.row);
    const total = read(original).records.length;

    void test(`${c.label}: the unchanged file reads without errors`, () => {
      assert.deepEqual(errors(read(original).problems), []);
    });

    const shapes = [
      ['a comma lost', dropComma(c.at), 'cms.csv.missing-fields', c.header - 1],
      ['a comma doubled', extraComma(c.at + 1), 'cms.csv.extra-fields', c.header + 1],
    ] as const;
    for (const [what, edit, code, actual] of shapes) {
      void test(`${c.label}: ${what} → ${code} naming line, field and both counts`, () => {
        const r = read(editLine(original, line, (l) => rewrite(l, edit)));
        const e = errors(r.problems);
        assert.deepEqual(codesOf(e), [code]);
        assert.equal(e[0]?.at?.line, line);
        assert.equal(e[0]?.at?.field, c.shows);
        assert.deepEqual(
          { expected: e[0]?.data?.['expected'], actual: e[0]?.data?.['actual'] },
          { expected: c.header, actual },
        );
        assert.ok(
          e[0]?.message.startsWith(`${name}, line ${line}, field "${c.shows}": the row has ${actual}`),
        );
        assert.equal(r.records.length, total - 1, 'only the damaged row is lost');
      });
    }

    void test(`${c.label}: quoting every field changes nothing (the check counts fields, not commas)`, () => {
      const r = read(editLine(original, line, (l) => rewrite(l, (f) => f)));
      assert.deepEqual(errors(r.problems), []);
      assert.equal(r.records.length, total);
    });
  }

  void test('QA case: ASP "10 MG86.270,20.000" names the value the limit would have read', () => {
    const { original, read, lineOf } = damagedCopies(aspReader, FILES.asp);
    const line = lineOf((l) => l.startsWith('J9173,'));
    const r = read(editLine(original, line, (l) => l.replace('10 MG,86.270', '10 MG86.270')));
    const e = errors(r.problems);
    assert.deepEqual(codesOf(e), ['cms.csv.missing-fields']);
    assert.match(e[0]?.message ?? '', /"Payment Limit" would read "20\.000"/);
    assert.equal(e[0]?.data?.['wouldRead'], '20.000');
  });

  void test('blank spacer rows of any length are still skipped', () => {
    const { original, read } = damagedCopies(aspReader, FILES.asp);
    const r = read(original.replace(/\r\n$/, '\r\n,,,\r\n\r\n'));
    assert.deepEqual(errors(r.problems), []);
    assert.equal(r.records.length, 877);
  });
});

void describe('a damaged header says what is missing and what was found', () => {
  const asp = damagedCopies(aspReader, FILES.asp);
  const rarc = damagedCopies(rarcReader, FILES.rarc, 'utf-8');
  const mue = damagedCopies(muePractitionerReader, FILES.muePractitioner);

  const cases: {
    label: string;
    read: () => ReturnType<DatasetReader['read']>;
    code: string;
    line?: number;
    missing?: string[];
    message: RegExp;
  }[] = [
    {
      label: 'ASP "Payment Limit" misspelt',
      read: () => asp.read(asp.original.replace('Payment Limit,', 'Payment Limt,')),
      code: 'cms.csv.missing-column',
      line: 9,
      missing: ['Payment Limit'],
      message: /lacks column\(s\) "Payment Limit"; it has "HCPCS Code", .*"Payment Limt"/,
    },
    {
      label: 'ASP "HCPCS Code" (the header marker) misspelt: the closest row is still named',
      read: () => asp.read(asp.original.replace('HCPCS Code,Short', 'HCPC Code,Short')),
      code: 'cms.csv.missing-column',
      line: 9,
      missing: ['HCPCS Code'],
      message: /line 9: the header lacks column\(s\) "HCPCS Code"; it has "HCPC Code"/,
    },
    {
      label: 'RARC "start_date" renamed',
      read: () => rarc.read(rarc.original.replace('start_date', 'start_dt')),
      code: 'cms.csv.missing-column',
      line: 1,
      missing: ['start_date'],
      message: /"start_dt"/,
    },
    {
      label: 'MUE with no header at all: line 1 is quoted',
      read: () => mue.read('a,b,c\n1,2,3\n'),
      code: 'cms.csv.no-header',
      message: /in the first 10 records; line 1 reads "a,b,c"$/,
    },
  ];
  for (const c of cases) {
    void test(c.label, () => {
      // Only the header problem: the MUE name has its period, the ASP banner is still read without a header.
      const e = errors(c.read().problems);
      assert.deepEqual(codesOf(e), [c.code]);
      assert.equal(e[0]?.at?.line, c.line);
      if (c.missing) assert.deepEqual(e[0]?.data?.['missing'], c.missing);
      assert.match(e[0]?.message ?? '', c.message);
    });
  }
});
