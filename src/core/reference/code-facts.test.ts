import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { entriesFromParsed, readSharedDatasets, sharedReference } from '../../../test/support/reference.ts';
import { codeFacts } from './code-facts.ts';
import type { CodeStatus, DatasetKind } from './model.ts';
import { ReferenceIndex } from './reference-index.ts';

let ref: ReferenceIndex;
before(async () => {
  ref = await sharedReference();
});

describe('codeFacts status on the real HCPCS release (January 2026, open-ended)', () => {
  const cases: [label: string, code: string, date: string, status: CodeStatus, text: RegExp][] = [
    ['in force: active', 'J9173', '2026-01-15', 'active', /^active on 2026-01-15$/],
    [
      'before the oldest release: "active" is unknown, read from the nearest release',
      'J9173',
      '2024-03-01',
      'active',
      /^unknown on 2024-03-01: no HCPCS release in the store covers that date \(the oldest starts 2026-01-01\); the nearest release, HCPCS Level II January 2026 \(file dated 2026-01-12\), says added 2019-01-01, no termination date, which would make it active$/,
    ],
    [
      'before the oldest release, before the added date: certainly not yet valid',
      'J0654',
      '2025-12-31',
      'not-yet-valid',
      /^not yet valid on 2025-12-31: added 2026-01-01$/,
    ],
    [
      'before the oldest release, after the termination date: certainly terminated',
      'JG',
      '2025-06-01',
      'terminated',
      /^terminated on 2025-06-01: last valid day was 2024-12-31$/,
    ],
  ];
  for (const [label, code, date, status, text] of cases) {
    it(`${code} on ${date}: ${label}`, () => {
      const f = codeFacts(ref, code, date);
      assert.ok(f);
      assert.equal(f.status, status);
      assert.match(f.statusText, text);
      if (date < '2026-01-01') {
        assert.equal(f.hcpcs?.inForce, false);
        assert.ok(f.notes.some((n) => n.startsWith(`No HCPCS release in the store covers ${date}`)));
      }
    });
  }
});

describe('codeFacts throws a TypeError for a date that is not a real YYYY-MM-DD date (its answer has no room for a problem)', () => {
  for (const date of ['02/01/2026', '2026-2-1', 'yesterday', '2026-13-45'])
    it(JSON.stringify(date), () => {
      assert.throws(() => codeFacts(ref, 'J9173', date), {
        name: 'TypeError',
        code: 'date.invalid',
        message: `codeFacts: date must be a real date written YYYY-MM-DD, not ${JSON.stringify(date)}`,
      });
    });
});

describe('codeFacts with datasets missing: an absent fact is "not known", not "no row" (J9173, 2026-02-01)', () => {
  const DATE = '2026-02-01';
  /** A store of the shared files but those of `left` datasets. */
  const without = (...left: DatasetKind[]): ReferenceIndex =>
    ReferenceIndex.build(
      entriesFromParsed(readSharedDatasets().filter((d) => !left.includes(d.dataset as DatasetKind))),
    );
  const cases: [label: string, left: DatasetKind[], notKnown: DatasetKind[], note: RegExp | undefined][] = [
    ['every dataset loaded: nothing unknown', [], [], undefined],
    [
      'no ASP file: its limit is not known, and the note says how to load it',
      ['asp'],
      ['asp'],
      /^The ASP payment limit is not known: no ASP payment limit data is loaded\. Load the release for 2026-02-01 with `drugclaim data sync` or `drugclaim data import --from DIR`\.$/,
    ],
    [
      'no ASP, OPPS or crosswalk files: one note for the three',
      ['asp', 'opps', 'ndc-crosswalk'],
      ['asp', 'opps', 'ndc-crosswalk'],
      /^The ASP payment limit is not known: no ASP payment limit data is loaded; the OPPS status and rate is not known: no OPPS Addendum B data is loaded; the NDC list is not known: no ASP NDC-HCPCS crosswalk data is loaded\. Load the releases/,
    ],
  ];
  for (const [label, left, notKnown, note] of cases)
    it(label, () => {
      const f = codeFacts(without(...left), 'J9173', DATE);
      assert.ok(f);
      assert.deepEqual(f.notKnown, notKnown);
      const said = f.notes.filter((n) => n.includes('is not known'));
      if (note === undefined) assert.deepEqual(said, []);
      else {
        assert.equal(said.length, 1, said.join('\n'));
        assert.match(said[0] ?? '', note);
      }
      for (const d of left) assert.equal(f[d === 'ndc-crosswalk' ? 'ndcs' : (d as 'asp' | 'opps')], null);
    });
});
