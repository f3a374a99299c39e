import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AdjustmentReasonCode } from '../../core/reference/model.ts';
import { carcReader, rarcReader } from './adjustment-codes.ts';
import {
  bytesOf,
  codesOf,
  damagedCopies,
  editLine,
  errors,
  FILES,
  readShared,
  sharedBytes,
  textOf,
} from './testing.ts';

void describe('CARC list (PROVENANCE §7)', () => {
  const { parsed, rows, by } = readShared<AdjustmentReasonCode>(carcReader, FILES.carc);

  void test('407 codes: 297 current, 110 deactivated; no problems', () => {
    assert.deepEqual(parsed.problems, []);
    assert.equal(rows.length, 407);
    assert.equal(rows.filter((r) => r.status === 'current').length, 297);
    assert.equal(rows.filter((r) => r.status === 'deactivated').length, 110);
  });

  void test('alphabetic codes are kept (A1, B7, P-codes)', () => {
    for (const code of ['A1', 'B7', 'P1']) assert.ok(by.has(code), code);
  });

  void test('CARC 1 and 4', () => {
    assert.deepEqual(by.get('1'), {
      code: '1',
      kind: 'carc',
      status: 'current',
      description: 'Deductible Amount',
      startDate: '1995-01-01',
      lastModified: null,
      stopDate: null,
      notes: '',
    });
    assert.equal(by.get('4')?.lastModified, '2020-03-01');
  });

  void test('release: dated by the newest start/modified date = the list update 2025-11-01', () => {
    assert.equal(parsed.release.effectiveFrom, '2025-11-01');
    assert.equal(parsed.release.effectiveTo, null);
  });

  void test('the RARC file is not taken for CARC and vice versa', () => {
    const head = (f: string): string => textOf(sharedBytes(f).subarray(0, 16384));
    assert.equal(carcReader.recognise('x.csv', head(FILES.rarc)), false);
    assert.equal(rarcReader.recognise('x.csv', head(FILES.carc)), false);
    assert.equal(carcReader.recognise('x.csv', head(FILES.carc)), true);
    assert.equal(rarcReader.recognise('x.csv', head(FILES.rarc)), true);
  });
});

void describe('RARC list (PROVENANCE §7)', () => {
  const { parsed, rows, by } = readShared<AdjustmentReasonCode>(rarcReader, FILES.rarc);

  void test('1,197 codes, 79 deactivated; no problems', () => {
    assert.deepEqual(parsed.problems, []);
    assert.equal(rows.length, 1197);
    assert.equal(rows.filter((r) => r.status === 'deactivated').length, 79);
    assert.ok(rows.every((r) => r.kind === 'rarc'));
  });

  void test('N922 starts 2026-03-01 and dates the release; M1 is missing from the scrape', () => {
    assert.equal(by.get('N922')?.startDate, '2026-03-01');
    assert.equal(parsed.release.effectiveFrom, '2026-03-01');
    assert.equal(by.has('M1'), false);
    assert.ok(by.has('M2'));
  });
});

void describe('CARC/RARC bad input', () => {
  const { name, original, read } = damagedCopies(carcReader, FILES.carc, 'utf-8');

  void test('a non-date start date is an error naming line and field', () => {
    const r = read(editLine(original, 2, (l) => l.replace('01/01/1995', '1995-01-01')));
    const e = errors(r.problems);
    assert.deepEqual(codesOf(e), ['cms.carc.bad-date']);
    assert.equal(e[0]?.at?.line, 2);
    assert.equal(e[0]?.at?.field, 'start_date');
  });

  void test('an unknown status is an error', () => {
    const r = read(editLine(original, 2, (l) => l.replace('current', 'retired')));
    assert.deepEqual(codesOf(errors(r.problems)), ['cms.carc.bad-status']);
  });

  void test('a start date after today is kept on its code but does not date the list (QA: 03/01/2099)', () => {
    const rarc = damagedCopies(rarcReader, FILES.rarc, 'utf-8');
    const line = rarc.lineOf((l) => l.startsWith('N922,'));
    const r = rarc.read(editLine(rarc.original, line, (l) => l.replace('03/01/2026', '03/01/2099')));
    assert.deepEqual(errors(r.problems), []);
    const w = r.problems.filter((p) => p.code === 'cms.rarc.future-date');
    assert.deepEqual(
      w.map((p) => [p.severity, p.at?.line, p.at?.field]),
      [['warning', line, 'start_date']],
    );
    assert.equal(
      (r.records as AdjustmentReasonCode[]).find((x) => x.code === 'N922')?.startDate,
      '2099-03-01',
    );
    // Other codes also changed on 03/01/2026, so the list keeps the date it has without the typo.
    assert.equal(r.release.effectiveFrom, '2026-03-01');
    assert.equal(r.release.label, 'RARC list as of March 2026');
    assert.doesNotMatch(r.release.label, /2099/);
  });

  void test('a list whose every date is in the future cannot be dated', () => {
    const r = read(original.replace(/\d\d\/\d\d\/\d{4}/g, '01/01/2099'));
    const e = errors(r.problems);
    assert.deepEqual(codesOf(e), ['cms.release.unknown-period']);
    assert.match(e[0]?.message ?? '', /up to today/);
  });

  void test('a missing column is an error', () => {
    const r = read(original.replace('stop_date,', 'stop,'));
    assert.deepEqual(codesOf(errors(r.problems)), ['cms.csv.missing-column']);
  });

  void test('Windows-1252 bytes in the UTF-8 file: warning, still read', () => {
    const bytes = bytesOf(
      textOf(new TextEncoder().encode(original)).replace('Deductible Amount', 'Deductible Amount\u00e9'),
    );
    const r = carcReader.read({ name, bytes }, 'x');
    assert.deepEqual(errors(r.problems), []);
    assert.ok(codesOf(r.problems).includes('cms.encoding.not-utf8'));
    assert.equal(r.records.length, 407);
  });
});
