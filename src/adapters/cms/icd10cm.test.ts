import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Icd10Code } from '../../core/reference/model.ts';
import { icd10cmReader, icd10FiscalYearFromName } from './icd10cm.ts';
import { codesOf, damagedCopies, editLine, errors, FILES, readShared, utf16le } from './testing.ts';

void describe('ICD-10-CM FY2026 (PROVENANCE §6)', () => {
  const { parsed, rows, by } = readShared<Icd10Code>(icd10cmReader, FILES.icd10);

  void test('74,719 billable codes, no problems', () => {
    assert.deepEqual(parsed.problems, []);
    assert.equal(rows.length, 74719);
    assert.ok(rows.every((r) => r.billable));
  });

  void test('C3490 and Z5111 exist, stored without the dot', () => {
    assert.equal(
      by.get('C3490')?.description,
      'Malignant neoplasm of unspecified part of unspecified bronchus or lung',
    );
    assert.ok(by.has('Z5111'));
    assert.ok(by.has('A000'));
  });

  void test('FY2026 QA00 codes (letter in the second position) are read', () => {
    assert.equal(by.get('QA00101')?.description, 'SCN2A-related neurodevelopmental disorder');
  });

  void test('release: FY2026 = 2025-10-01 .. 2026-09-30', () => {
    assert.equal(parsed.release.effectiveFrom, '2025-10-01');
    assert.equal(parsed.release.effectiveTo, '2026-09-30');
    assert.equal(parsed.release.label, 'ICD-10-CM FY2026');
  });
});

void describe('ICD-10-CM fiscal year from the name', () => {
  const cases: [string, number | undefined][] = [
    ['icd10cm-codes-2026.txt', 2026],
    ['icd10cm_codes_2027.txt', 2027],
    ['ICD10CM_FY2025_codes.txt', 2025],
    ['codes.txt', undefined],
  ];
  for (const [name, fy] of cases)
    void test(name, () => assert.equal(icd10FiscalYearFromName(name)?.fiscalYear, fy));
});

void describe('ICD-10-CM bad input', () => {
  const { name, original, read } = damagedCopies(icd10cmReader, FILES.icd10);

  void test('a code with a dot is an error at its line', () => {
    const r = read(editLine(original, 3, () => 'A00.9   Cholera, unspecified\r'));
    const e = errors(r.problems);
    assert.deepEqual(codesOf(e), ['cms.icd10.bad-code']);
    assert.equal(e[0]?.at?.line, 3);
    assert.equal(r.records.length, 74718);
  });

  void test('description starting in column 8 (shifted layout) is an error', () => {
    const r = read(editLine(original, 3, () => 'A009   XCholera, unspecified\r'));
    assert.deepEqual(codesOf(errors(r.problems)), ['cms.icd10.bad-layout']);
  });

  void test('a code without description is an error', () => {
    const r = read(editLine(original, 3, () => 'A009   \r'));
    assert.deepEqual(codesOf(errors(r.problems)), ['cms.icd10.no-description']);
  });

  void test('a non-ASCII byte is a warning naming line, column and field; the code is kept', () => {
    const r = read(editLine(original, 3, (l) => l.replace('Cholera', 'Chol\u00e9ra')));
    assert.deepEqual(errors(r.problems), []);
    const w = r.problems.find((p) => p.code === 'cms.encoding.non-ascii');
    assert.deepEqual(
      [w?.severity, w?.at?.line, w?.at?.element, w?.at?.field],
      ['warning', 3, 13, 'description'],
    );
    assert.equal(r.records.length, 74719);
  });

  void test('UTF-16 is refused', () => {
    const r = icd10cmReader.read({ name, bytes: utf16le(original.slice(0, 1000)) }, 'x');
    assert.deepEqual(codesOf(errors(r.problems)), ['cms.encoding.utf16']);
  });

  void test('a CSV given as the ICD file: every line is an error, listed up to a limit with a summary', () => {
    const csv = Array.from({ length: 200 }, (_, i) => `code${i},description`).join('\r\n');
    const r = read(`${csv}\r\n`);
    assert.equal(r.records.length, 0);
    const bad = r.problems.filter((p) => p.code === 'cms.icd10.bad-code');
    assert.equal(bad.length, 51, '50 listed + 1 summary');
    assert.equal(bad[50]?.data?.['total'], 200);
  });
});
