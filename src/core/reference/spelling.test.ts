import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allowedEdits, editDistanceAtMost } from './spelling.ts';

describe('editDistanceAtMost (optimal string alignment)', () => {
  const cases: [label: string, a: string, b: string, max: number, expected: number][] = [
    ['same word', 'keytruda', 'keytruda', 2, 0],
    ['one letter missing', 'ketruda', 'keytruda', 2, 1],
    ['one letter extra', 'avastiin', 'avastin', 2, 1],
    ['one letter wrong', 'retuximab', 'rituximab', 2, 1],
    ['two neighbours swapped count once', 'durvalumba', 'durvalumab', 2, 1],
    ['two edits', 'pembrolizamb', 'pembrolizumab', 2, 2],
    ['over the limit: max + 1', 'keytruda', 'opdivo', 2, 3],
    ['lengths too far apart: max + 1 at once', 'avastin', 'avastinavastin', 1, 2],
    ['empty against a word', '', 'abc', 3, 3],
    ['longer words than the reused rows', 'a'.repeat(40), `${'a'.repeat(39)}b`, 1, 1],
  ];
  for (const [label, a, b, max, expected] of cases) {
    it(`${label}: "${a}" / "${b}" (max ${max}) → ${expected}`, () => {
      assert.equal(editDistanceAtMost(a, b, max), expected);
      assert.equal(editDistanceAtMost(b, a, max), expected, 'symmetric');
    });
  }
});

describe('allowedEdits', () => {
  const cases: [length: number, edits: number][] = [
    [3, 0],
    [4, 0],
    [5, 1],
    [8, 1],
    [9, 2],
    [13, 2],
  ];
  for (const [length, edits] of cases)
    it(`${length} letters → ${edits}`, () => assert.equal(allowedEdits(length), edits));
});
