import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AddOnCodeEdit } from '../../core/reference/model.ts';
import { aocQuarterFromName, ncciAocReader } from './ncci-aoc.ts';
import { codesOf, damagedCopies, editLine, errors, FILES, readWith, sharedFile } from './testing.ts';

void describe('NCCI AOC Q2 2026 (PROVENANCE §5)', () => {
  const parsed = readWith(ncciAocReader, sharedFile(FILES.aoc));
  const rows = parsed.records as AddOnCodeEdit[];

  void test('9,000 edits: type 1 8,293, type 2 47, type 3 660; no problems', () => {
    assert.deepEqual(parsed.problems, []);
    assert.equal(rows.length, 9000);
    assert.deepEqual(
      [1, 2, 3].map((t) => rows.filter((r) => r.editType === t).length),
      [8293, 47, 660],
    );
  });

  void test('96415 and 96417: type 1 with primary 96413', () => {
    for (const addOn of ['96415', '96417']) {
      const edits = rows.filter((r) => r.addOnCode === addOn && r.deletedOn === null);
      assert.ok(
        edits.some((r) => r.primaryCode === '96413' && r.editType === 1),
        addOn,
      );
    }
  });

  void test('96367 and 96375: primaries include 96365, 96374, 96409, 96413', () => {
    for (const addOn of ['96367', '96375']) {
      const primaries = new Set(rows.filter((r) => r.addOnCode === addOn).map((r) => r.primaryCode));
      for (const p of ['96365', '96374', '96409', '96413']) assert.ok(primaries.has(p), `${addOn} with ${p}`);
    }
  });

  void test('type 2 edits list CCCCC; Julian 2013091 = 2013-04-01', () => {
    const e = rows.find((r) => r.addOnCode === '0054T');
    assert.deepEqual(e, {
      addOnCode: '0054T',
      primaryCode: 'CCCCC',
      editType: 2,
      effectiveFrom: '2013-04-01',
      deletedOn: null,
      addOnDeletedOn: null,
      primaryDeletedOn: null,
      notes: 'Contractor Defined Primary Codes',
    });
  });

  void test('Julian 2025365 = 2025-12-31 (deletion dates)', () => {
    const e = rows.find((r) => r.addOnCode === '0663T' && r.primaryCode === '96415');
    assert.equal(e?.deletedOn, '2025-12-31');
    assert.equal(e?.addOnDeletedOn, '2025-12-31');
    assert.equal(e?.effectiveFrom, '2021-07-01');
  });

  void test('release: 2026 Q2, 2026-04-01 to 2026-06-30', () => {
    assert.equal(parsed.release.effectiveFrom, '2026-04-01');
    assert.equal(parsed.release.effectiveTo, '2026-06-30');
    assert.equal(parsed.release.label, 'NCCI add-on code edits 2026 Q2');
  });

  const names: [string, string | undefined][] = [
    ['AOC_V2026Q2-MCR.from-xlsx.csv', '2026-04-01'],
    ['AOC_V2025Q4-MCR.csv', '2025-10-01'],
    ['AOC_V2026Q5-MCR.csv', undefined],
  ];
  for (const [name, from] of names)
    void test(`quarter from ${name}`, () => assert.equal(aocQuarterFromName(name)?.from, from));
});

void describe('AOC bad input', () => {
  const { original, read, lineOf } = damagedCopies(ncciAocReader, FILES.aoc, 'utf-8');
  const line = lineOf((l) => l.startsWith('2,0054T,'));

  const cases: [string, (l: string) => string, string, string][] = [
    [
      'an ISO date where a Julian date belongs',
      (l) => l.replace('2013091', '2013-04-01'),
      'cms.aoc.bad-date',
      'AOC_Edit_EffDT',
    ],
    [
      'day 366 of a common year',
      (l) => l.replace('2013091', '2013366'),
      'cms.aoc.bad-date',
      'AOC_Edit_EffDT',
    ],
    ['edit type 4', (l) => l.replace('2,0054T', '4,0054T'), 'cms.aoc.bad-edit-type', 'AOC_Edit_Type'],
  ];
  for (const [label, edit, code, field] of cases) {
    void test(label, () => {
      const r = read(editLine(original, line, edit));
      const e = errors(r.problems);
      assert.deepEqual(codesOf(e), [code]);
      assert.equal(e[0]?.at?.line, line);
      assert.equal(e[0]?.at?.field, field);
    });
  }

  void test('type 1 with CCCCC is a warning', () => {
    const r = read(editLine(original, line, (l) => l.replace('2,0054T', '1,0054T')));
    assert.deepEqual(errors(r.problems), []);
    assert.deepEqual(codesOf(r.problems), ['cms.aoc.type-mismatch']);
  });
});
