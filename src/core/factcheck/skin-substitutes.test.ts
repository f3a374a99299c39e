/**
 * Statements about skin substitutes, whose descriptors since January 2026 name a product and the area one unit
 * covers, with the add-on note. Facts from HCPC2026_JAN_ANWEB_01122026.txt: Q4101 "Apligraf, per square centimeter
 * (add-on, list separately in addition to primary procedure)", A2001 "Innovamatrix ac, …", A2009 "Symphony, …", A2010
 * "Apis, …", Q4122 "Dermacell, dermacell awm or dermacell awm porous, …", Q4151 "Amnioband or guardian, …", Q4168
 * "Amnioband, 1 mg", Q4298 "Amniocore pro, …", Q4299 "Amniocore pro+, …", Q4330 "Total, …", Q4402 "Xwrap 2.0, …";
 * Q4106 "Dermagraft, per square centimeter", terminated 2025-12-31; Q4100 "Skin substitute, not otherwise
 * specified", terminated 2025-12-31.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { entriesFromParsed, readSharedDatasets, sharedReference } from '../../../test/support/reference.ts';
import { ReferenceIndex } from '../reference/reference-index.ts';
import type { ReferenceData } from '../reference/port.ts';
import { factCheck } from './check.ts';

const DATE = '2026-02-01';

/** [code, claimed drug, verdict] per statement, in text order; then the codes left not checked. */
type Row = [text: string, claims: [string, string, string][], notChecked: string[]];

const verdicts = (ref: ReferenceData, text: string): [[string, string, string][], string[]] => {
  const r = factCheck(ref, text, DATE);
  return [
    r.claims.map((c) => [c.code, c.claimed.drug ?? '', c.verdict]),
    r.notChecked.flatMap((u) => u.codes),
  ];
};

const ROWS: Row[] = [
  ['Q4101 is Apligraf.', [['Q4101', 'Apligraf', 'true']], []],
  // Dermagraft's own code, Q4106, was terminated: as before, the name is read and found false for Q4101.
  ['Q4101 is Dermagraft.', [['Q4101', 'Dermagraft', 'false']], []],
  ['A2009 is Symphony.', [['A2009', 'Symphony', 'true']], []],
  ['A2010 is Symphony.', [['A2010', 'Symphony', 'false']], []],
  ['A2001 is Innovamatrix AC.', [['A2001', 'Innovamatrix AC', 'true']], []],
  ['A2001 is INNOVAMATRIX ac.', [['A2001', 'INNOVAMATRIX ac', 'true']], []],
  ['Dermacell AWM (Q4122) is billed per square centimeter.', [['Q4122', 'Dermacell AWM', 'true']], []],
  ['Bill Symphony with A2009.', [['A2009', 'Symphony', 'true']], []],
  [
    'Q4151 is AmnioBand or Guardian.',
    [
      ['Q4151', 'AmnioBand', 'true'],
      ['Q4151', 'Guardian', 'true'],
    ],
    [],
  ],
  // The same product in another form has a code of its own.
  ['Q4168 is Amnioband.', [['Q4168', 'Amnioband', 'true']], []],
  ['Q4330 is Total.', [['Q4330', 'Total', 'true']], []],
  // "Amniocore pro+" is another product than "Amniocore pro".
  ['Q4298 is Amniocore Pro.', [['Q4298', 'Amniocore Pro', 'true']], []],
  ['Q4299 is Amniocore Pro.', [['Q4299', 'Amniocore Pro', 'false']], []],
  ['Q4299 is Amniocore Pro+.', [], ['Q4299']],
  ['Q4402 is Xwrap 2.0.', [], ['Q4402']],
];

/** Sentences about skin substitutes that name none: never a false verdict. */
const GUARDS: Row[] = [
  ['A2010 is an add-on code.', [], ['A2010']],
  ['Q4101 is billed per square centimeter.', [], ['Q4101']],
  ['Q4101 is a skin substitute.', [], ['Q4101']],
  ['Q4101 is most often billed with 15275.', [], ['Q4101']],
  ['Q4330 Is Total Contact Casting.', [], ['Q4330']],
  // Two spaces (or more) before the next word change nothing.
  ['Q4330 Is Total  Contact Casting.', [], ['Q4330']],
  ['A2010 Is Symphony   Contact Casting.', [], ['A2010']],
  ['The Total payment for Q4101 was reduced.', [], ['Q4101']],
  // In lower case a word is not read as a product name: "symphony", "a membrane graft".
  ['A2009 is symphony.', [], ['A2009']],
  ['Q4205 is a membrane graft.', [], ['Q4205']],
];

describe('fact check: skin substitutes (real data, 2026-02-01)', () => {
  let ref: ReferenceData;
  before(async () => {
    ref = await sharedReference();
  });

  for (const [text, claims, notChecked] of ROWS)
    test(`names: ${text}`, () => assert.deepEqual(verdicts(ref, text), [claims, notChecked]));

  for (const [text, claims, notChecked] of GUARDS)
    test(`not a name: ${text}`, () => assert.deepEqual(verdicts(ref, text), [claims, notChecked]));

  test('a table of codes and product names', () => {
    const table =
      '| HCPCS | Product |\n|---|---|\n| Q4101 | Apligraf |\n| A2010 | Symphony |\n| Q4122 | Dermacell |';
    assert.deepEqual(verdicts(ref, table), [
      [
        ['Q4101', 'Apligraf', 'true'],
        ['A2010', 'Symphony', 'false'],
        ['Q4122', 'Dermacell', 'true'],
      ],
      [],
    ]);
  });

  test('a false name says which code carries it, or that none is active', () => {
    const suggestion = (text: string): string | null =>
      factCheck(ref, text, DATE).claims[0]?.suggestion ?? null;
    assert.match(suggestion('A2010 is Symphony.') ?? '', /; Symphony is A2009\.$/);
    assert.match(
      suggestion('Q4101 is Dermagraft.') ?? '',
      /; Dermagraft has no active code on 2026-02-01\.$/,
    );
    assert.match(suggestion('Q4299 is Amniocore Pro.') ?? '', /; Amniocore Pro is Q4298\.$/);
    assert.match(suggestion('Q4101 is Amnioband.') ?? '', /; Amnioband is Q4151, Q4168\.$/);
  });

  test('Dermagraft itself: Q4106 is terminated, so the statement is outdated', () => {
    const r = factCheck(ref, 'Q4106 is Dermagraft.', DATE);
    assert.deepEqual(
      r.claims.map((c) => [c.code, c.verdict, c.suggestion]),
      [
        [
          'Q4106',
          'outdated',
          'Q4106 cannot be billed on 2026-02-01; Dermagraft has no active code on that date.',
        ],
      ],
    );
  });

  test('the HCPCS file alone is enough: the product names are its own', () => {
    const hcpcsOnly = ReferenceIndex.build(
      entriesFromParsed(readSharedDatasets().filter((d) => d.dataset === 'hcpcs')),
    );
    assert.deepEqual(verdicts(hcpcsOnly, 'Q4101 is Apligraf. A2010 is Symphony.'), [
      [
        ['Q4101', 'Apligraf', 'true'],
        ['A2010', 'Symphony', 'false'],
      ],
      [],
    ]);
  });
});
