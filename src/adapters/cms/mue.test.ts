import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Mue } from '../../core/reference/model.ts';
import {
  mueDmeReader,
  mueEffectiveFromName,
  mueOutpatientHospitalReader,
  muePractitionerReader,
} from './mue.ts';
import {
  codesOf,
  damagedCopies,
  editLine,
  errors,
  FILES,
  readWith,
  sharedBytes,
  sharedFile,
  textOf,
} from './testing.ts';

const practitioner = readWith(muePractitionerReader, sharedFile(FILES.muePractitioner));
const outpatient = readWith(mueOutpatientHospitalReader, sharedFile(FILES.mueOutpatient));
const dme = readWith(mueDmeReader, sharedFile(FILES.mueDme));
const index = (rows: Mue[]): Map<string, Mue> => new Map(rows.map((r) => [r.code, r]));
const p = index(practitioner.records as Mue[]);
const o = index(outpatient.records as Mue[]);

void describe('MUE Q2 2026 (PROVENANCE §4)', () => {
  const counts: [string, ReturnType<typeof readWith>, number, number, number][] = [
    ['practitioner', practitioner, 15095, 979, 221],
    ['outpatient hospital', outpatient, 15045, 978, 222],
    ['DME supplier', dme, 3083, 707, 137],
  ];
  for (const [label, parsed, rows, jRows, qRows] of counts) {
    void test(`${label}: ${rows} rows (${jRows} J, ${qRows} Q), no problems`, () => {
      assert.deepEqual(parsed.problems, []);
      const records = parsed.records as Mue[];
      assert.equal(records.length, rows);
      assert.equal(records.filter((r) => r.code.startsWith('J')).length, jRows);
      assert.equal(records.filter((r) => r.code.startsWith('Q')).length, qRows);
      assert.equal(parsed.release.effectiveFrom, '2026-04-01');
      assert.equal(parsed.release.effectiveTo, '2026-06-30');
    });
  }

  void test('practitioner MAI counts: 1 → 41, 2 → 5,417, 3 → 9,637', () => {
    const rows = practitioner.records as Mue[];
    assert.deepEqual(
      [1, 2, 3].map((m) => rows.filter((r) => r.mai === m).length),
      [41, 5417, 9637],
    );
  });

  void test('J9173 practitioner 150 units, MAI 3 (date of service, clinical)', () => {
    assert.deepEqual(p.get('J9173'), {
      code: 'J9173',
      setting: 'practitioner',
      value: 150,
      mai: 3,
      maiText: '3 Date of Service Edit: Clinical',
      rationale: p.get('J9173')?.rationale,
    });
  });

  const drugValues: [string, number][] = [
    ['J9173', 150],
    ['J9271', 400],
    ['J9299', 480],
    ['J9309', 280],
    ['J9354', 600],
    ['J9393', 20],
    ['J9323', 150],
    ['J9357', 4],
    ['J9285', 200],
  ];
  for (const [code, value] of drugValues) {
    void test(`${code}: ${value} in both practitioner and outpatient hospital`, () => {
      assert.equal(p.get(code)?.value, value);
      assert.equal(o.get(code)?.value, value);
    });
  }

  const adminValues: [string, number][] = [
    ['96413', 1],
    ['96415', 8],
    ['96417', 3],
    ['96409', 1],
    ['96365', 1],
  ];
  for (const [code, value] of adminValues) {
    void test(`practitioner ${code}: ${value}`, () => assert.equal(p.get(code)?.value, value));
  }

  void test('outpatient hospital 96365: 2', () => {
    assert.equal(o.get('96365')?.value, 2);
    assert.equal(o.get('96365')?.setting, 'outpatient-hospital');
  });

  void test('each reader recognises only its own setting', () => {
    const head = (b: Uint8Array): string => textOf(b.subarray(0, 16384));
    const heads = [FILES.muePractitioner, FILES.mueOutpatient, FILES.mueDme].map((f) => head(sharedBytes(f)));
    const readers = [muePractitionerReader, mueOutpatientHospitalReader, mueDmeReader];
    for (const [i, r] of readers.entries()) {
      assert.deepEqual(
        heads.map((h) => r.recognise('x.csv', h)),
        [0, 1, 2].map((j) => j === i),
      );
    }
  });
});

void describe('MUE effective date from the file name', () => {
  const cases: [string, string | undefined][] = [
    ['MCR_MUE_PractitionerServices_Eff_04-01-2026.csv', '2026-04-01'],
    ['MCR_MUE_DMESupplierServices_Eff_10-01-2025.csv', '2025-10-01'],
    ['MCR_MUE_PractitionerServices_Eff_13-01-2026.csv', undefined],
    ['mue.csv', undefined],
  ];
  for (const [name, iso] of cases) void test(name, () => assert.equal(mueEffectiveFromName(name), iso));
});

void describe('MUE bad input', () => {
  const { name, original, read, lineOf } = damagedCopies(muePractitionerReader, FILES.muePractitioner);
  const j9173 = lineOf((l) => l.startsWith('J9173,'));

  void test('a non-numeric MUE value is an error naming line and field', () => {
    const r = read(editLine(original, j9173, (l) => l.replace('J9173,150,', 'J9173,1S0,')));
    const e = errors(r.problems);
    assert.deepEqual(codesOf(e), ['cms.mue.bad-value']);
    assert.equal(e[0]?.at?.line, j9173);
    assert.equal(e[0]?.at?.field, 'Practitioner Services MUE Values');
    assert.match(
      e[0]?.message ?? '',
      new RegExp(`^${name}, line ${j9173}, field "Practitioner Services MUE Values"`),
    );
  });

  void test('a decimal MUE value is an error', () => {
    const r = read(editLine(original, j9173, (l) => l.replace('J9173,150,', 'J9173,1.5,')));
    assert.deepEqual(codesOf(errors(r.problems)), ['cms.mue.bad-value']);
  });

  const values: [string, string, string | undefined][] = [
    ['the largest believed, 1,000,000', '1000000', undefined],
    ['0 (not payable)', '0', undefined],
    ['1,000,001', '1000001', 'cms.mue.out-of-range'],
    ['20 digits (past 2^53: would not be read exactly)', '99999999999999999999', 'cms.mue.out-of-range'],
    ['negative', '-3', 'cms.mue.bad-value'],
  ];
  for (const [label, value, code] of values) {
    void test(`MUE value ${label}: ${code ?? 'accepted'}`, () => {
      const r = read(editLine(original, j9173, (l) => l.replace('J9173,150,', `J9173,${value},`)));
      const e = errors(r.problems);
      assert.deepEqual(codesOf(e), code === undefined ? [] : [code]);
      if (code !== undefined) {
        assert.equal(e[0]?.at?.line, j9173);
        assert.equal(e[0]?.at?.field, 'Practitioner Services MUE Values');
      }
    });
  }

  void test('an MAI that does not start with 1-3 is an error', () => {
    const r = read(editLine(original, j9173, (l) => l.replace(',3 Date', ',4 Date')));
    assert.deepEqual(codesOf(errors(r.problems)), ['cms.mue.bad-mai']);
  });

  void test('a name without Eff_MM-DD-YYYY is an error', () => {
    const r = read(original, 'MCR_MUE_PractitionerServices.csv');
    assert.deepEqual(codesOf(errors(r.problems)), ['cms.release.unknown-period']);
  });

  void test('truncated in the AMA notice: unterminated quote, no header', () => {
    const r = read(original.slice(0, 300));
    assert.ok(codesOf(errors(r.problems)).includes('cms.csv.unterminated-quote'));
    assert.equal(r.records.length, 0);
  });

  void test('a duplicated code is an error', () => {
    const line = original.split('\n')[j9173 - 1] ?? '';
    const r = read(editLine(original, j9173, (l) => `${l}\n${line}`));
    assert.deepEqual(codesOf(errors(r.problems)), ['cms.mue.duplicate-code']);
  });
});
