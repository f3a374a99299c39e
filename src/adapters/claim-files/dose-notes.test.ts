import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DocumentedDose } from '../../core/claim/model.ts';
import { doseFromNotes } from './dose-notes.ts';

describe('documented doses in line notes', () => {
  const cases: [string, string[], DocumentedDose | undefined][] = [
    ['plain dose', ['DOSE 750MG'], { text: '750MG', amount: 750, unit: 'MG' }],
    [
      'colon and blank before the unit',
      ['DOSE: 7.5 MG/KG'],
      { text: '7.5 MG/KG', amount: 7.5, unit: 'MG/KG' },
    ],
    ['lower case, "administered"', ['administered 400 mcg'], { text: '400 mcg', amount: 400, unit: 'MCG' }],
    [
      'thousands separator, units',
      ['DOSE GIVEN 1,000 UNITS'],
      { text: '1,000 UNITS', amount: 1000, unit: 'UNITS' },
    ],
    ['unit synonyms', ['DOSE 2 GM'], { text: '2 GM', amount: 2, unit: 'G' }],
    ['per body surface area', ['DOSAGE=375 MG/M2'], { text: '375 MG/M2', amount: 375, unit: 'MG/M2' }],
    [
      'waste only',
      ['WASTE 50MG'],
      { text: '', discardedText: '50MG', discardedAmount: 50, discardedUnit: 'MG' },
    ],
    [
      'dose and waste in one note',
      ['DOSE 150MG WASTE 50MG'],
      {
        text: '150MG',
        amount: 150,
        unit: 'MG',
        discardedText: '50MG',
        discardedAmount: 50,
        discardedUnit: 'MG',
      },
    ],
    [
      'JW note',
      ['JW 25 MG DISCARDED'],
      { text: '', discardedText: '25 MG', discardedAmount: 25, discardedUnit: 'MG' },
    ],
    [
      'the same dose twice is still clear',
      ['DOSE 10MG', 'dose 10 mg'],
      { text: '10MG', amount: 10, unit: 'MG' },
    ],
    ['two different doses are ambiguous', ['DOSE 10MG DOSE 20MG'], undefined],
    ['no keyword: not a documented dose', ['750MG'], undefined],
    ['no unit', ['DOSE 750'], undefined],
    ['an NDC is not a dose', ['NDC 00069008101 1 VIAL'], undefined],
    ['a word that only starts like a keyword', ['DOSED 5MG', 'ADMINISTRATION 5MG'], undefined],
    ['a unit followed by letters', ['DOSE 5MGX'], undefined],
  ];
  for (const [label, notes, want] of cases) {
    it(label, () => {
      const copy = [...notes];
      assert.deepEqual(doseFromNotes(notes), want);
      assert.deepEqual(notes, copy, 'the notes are not changed');
    });
  }

  it('returns a fresh object each time (callers may change it)', () => {
    const a = doseFromNotes(['DOSE 1MG']);
    const b = doseFromNotes(['DOSE 1MG']);
    assert.notEqual(a, b);
  });
});
