/**
 * The certified coder's QA findings on the fact checker, one table each. Facts from HCPC2026_JAN_ANWEB_01122026.txt
 * (the January 2026 HCPCS file): J9271 "Injection, pembrolizumab, 1 mg"; J9299 "Injection, nivolumab, 1 mg"; J9312
 * "Injection, rituximab, 10 mg"; J9354 "Injection, ado-trastuzumab emtansine, 1 mg"; J9358 "Injection,
 * fam-trastuzumab deruxtecan-nxki, 1 mg"; J9355 "Injection, trastuzumab, excludes biosimilar, 10 mg"; J9400
 * "Injection, ziv-aflibercept, 1 mg"; J0178 "Injection, aflibercept, 1 mg". Brands from the January 2026 ASP
 * NDC-HCPCS crosswalk: Keytruda J9271, Opdivo J9299.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { entriesFromParsed, readSharedDatasets, sharedReference } from '../../../test/support/reference.ts';
import { ReferenceIndex } from '../reference/reference-index.ts';
import type { ReferenceData } from '../reference/port.ts';
import { factCheck } from './check.ts';

const DATE = '2026-02-01';

/** [code, claimed drug or unit, verdict] per statement, in text order; then the codes left not checked. */
type Row = [text: string, claims: [string, string, string][], notChecked: string[]];

const verdicts = (ref: ReferenceData, text: string): [[string, string, string][], string[]] => {
  const r = factCheck(ref, text, DATE);
  return [
    r.claims.map((c) => [
      c.code,
      [c.claimed.drug, c.claimed.unit].filter((x) => x !== undefined).join(' / '),
      c.verdict,
    ]),
    r.notChecked.flatMap((u) => u.codes),
  ];
};

describe('fact check: QA findings (real data, 2026-02-01)', () => {
  let ref: ReferenceData;
  before(async () => {
    ref = await sharedReference();
  });

  // Finding 1: several codes paired with several names.
  const PAIRS: Row[] = [
    [
      'J9312 and J9271 are rituximab and pembrolizumab, respectively.',
      [
        ['J9312', 'rituximab', 'true'],
        ['J9271', 'pembrolizumab', 'true'],
      ],
      [],
    ],
    [
      'J9299 and J9271 are nivolumab and pembrolizumab.',
      [
        ['J9299', 'nivolumab', 'true'],
        ['J9271', 'pembrolizumab', 'true'],
      ],
      [],
    ],
    [
      'Keytruda and Opdivo are billed with J9271 and J9299.',
      [
        ['J9271', 'Keytruda', 'true'],
        ['J9299', 'Opdivo', 'true'],
      ],
      [],
    ],
    [
      'Opdivo and Keytruda are J9299 and J9271.',
      [
        ['J9299', 'Opdivo', 'true'],
        ['J9271', 'Keytruda', 'true'],
      ],
      [],
    ],
    [
      'Keytruda (pembrolizumab) and Opdivo (nivolumab) are billed with J9271 and J9299.',
      [
        ['J9271', 'Keytruda', 'true'],
        ['J9299', 'Opdivo', 'true'],
      ],
      [],
    ],
    [
      'J9312, J9271, and J9299 are rituximab, pembrolizumab, and nivolumab, respectively.',
      [
        ['J9312', 'rituximab', 'true'],
        ['J9271', 'pembrolizumab', 'true'],
        ['J9299', 'nivolumab', 'true'],
      ],
      [],
    ],
    // A real error in a paired sentence is still caught, the right pair stays true.
    [
      'J9312 and J9271 are pemetrexed and pembrolizumab, respectively.',
      [
        ['J9312', 'pemetrexed', 'false'],
        ['J9271', 'pembrolizumab', 'true'],
      ],
      [],
    ],
    // "respectively" makes the order the pairing: swapped, both are false.
    [
      'Opdivo and Keytruda are J9271 and J9299, respectively.',
      [
        ['J9271', 'Opdivo', 'false'],
        ['J9299', 'Keytruda', 'false'],
      ],
      [],
    ],
    // Without it, a list true as two sets is not called false on the order: not checked.
    ['Opdivo and Keytruda are J9271 and J9299.', [], ['J9271', 'J9299']],
    // Counts that differ, or names joined by "or": the pairing is not certain.
    ['J9312, J9271 and J9299 are rituximab and pembrolizumab.', [], ['J9312', 'J9271', 'J9299']],
    ['J9312 and J9271 are rituximab or pembrolizumab.', [], ['J9312', 'J9271']],
    // One name over a list of codes is unchanged.
    [
      'J9305, J9304 and J9294 are pemetrexed.',
      [
        ['J9305', 'pemetrexed', 'true'],
        ['J9304', 'pemetrexed', 'true'],
        ['J9294', 'pemetrexed', 'true'],
      ],
      [],
    ],
  ];
  for (const [text, claims, notChecked] of PAIRS)
    test(`pairs: ${text}`, () => assert.deepEqual(verdicts(ref, text), [claims, notChecked]));

  test('an uncertain pairing is said so in notChecked', () => {
    const r = factCheck(ref, 'J9312, J9271 and J9299 are rituximab and pembrolizumab.', DATE);
    assert.equal(r.notChecked[0]?.pairingUncertain, true);
    assert.equal(r.summary.false, 0);
  });

  // Finding 2: multi-word names, and the international name of a US name with a prefix and suffix.
  const NAMES: Row[] = [
    ['J9354 is trastuzumab emtansine.', [['J9354', 'trastuzumab emtansine', 'true']], []],
    ['J9354 is ado-trastuzumab emtansine.', [['J9354', 'ado-trastuzumab emtansine', 'true']], []],
    ['J9358 is trastuzumab deruxtecan.', [['J9358', 'trastuzumab deruxtecan', 'true']], []],
    ['J9358 is trastuzumab deruxtecan-nxki.', [['J9358', 'trastuzumab deruxtecan-nxki', 'true']], []],
    [
      'Trastuzumab emtansine (J9354) is billed per 1 mg.',
      [['J9354', 'Trastuzumab emtansine / 1 mg', 'true']],
      [],
    ],
    ['J9355 is trastuzumab emtansine.', [['J9355', 'trastuzumab emtansine', 'false']], []],
    // Trastuzumab alone is Herceptin and its biosimilars: the conjugate is a product of its own (as J9144 daratumumab).
    ['J9354 is trastuzumab.', [['J9354', 'trastuzumab', 'false']], []],
    // "aflibercept" is J0178's name: the prefix of ziv-aflibercept is not dropped onto another product.
    ['J9400 is aflibercept.', [['J9400', 'aflibercept', 'false']], []],
  ];
  for (const [text, claims, notChecked] of NAMES)
    test(`names: ${text}`, () => assert.deepEqual(verdicts(ref, text), [claims, notChecked]));

  // Finding 4: a unit in parentheses after "Drug: CODE" — only when the text says the amount is the unit; an amount
  // alone may be a dose (review: "(200 mg)" was read as a 200 mg unit and called false).
  const UNITS: Row[] = [
    ['Pembrolizumab: J9271 (200 mg).', [['J9271', 'Pembrolizumab', 'true']], []],
    ['Pembrolizumab: J9271 (10 mg).', [['J9271', 'Pembrolizumab', 'true']], []],
    ['Pembrolizumab: J9271 (1 mg).', [['J9271', 'Pembrolizumab', 'true']], []],
    ['Pembrolizumab: J9271 (per 10 mg).', [['J9271', 'Pembrolizumab / 10 mg', 'false']], []],
    ['Pembrolizumab: J9271 (per 1 mg).', [['J9271', 'Pembrolizumab / 1 mg', 'true']], []],
    ['Pembrolizumab: J9271 (10 mg = 1 unit).', [['J9271', 'Pembrolizumab / 10 mg', 'false']], []],
    ['Pembrolizumab: J9271 (1 unit = 1 mg).', [['J9271', 'Pembrolizumab / 1 mg', 'true']], []],
    ['Rituximab: J9312 (10 mg per unit).', [['J9312', 'Rituximab / 10 mg', 'true']], []],
    ['Imfinzi (J9173) 1500 mg every 4 weeks.', [['J9173', 'Imfinzi', 'true']], []],
  ];
  for (const [text, claims, notChecked] of UNITS)
    test(`units: ${text}`, () => assert.deepEqual(verdicts(ref, text), [claims, notChecked]));

  // Finding 6: a code written with a space is listed as not checked.
  const SPACED: Row[] = [
    ['J 9271 is nivolumab.', [], ['J 9271']],
    ['Bill Keytruda with J 9271.', [], ['J 9271']],
  ];
  for (const [text, claims, notChecked] of SPACED)
    test(`spaced code: ${text}`, () => assert.deepEqual(verdicts(ref, text), [claims, notChecked]));

  // Review of today's changes: a true statement is never called false on a loose guess.
  // 1. Only the USAN prefixes of biologics (ado-, fam-, ziv-, tbo-) are dropped, never "non-" ("non-radioactive").
  const PREFIXES: [text: string, never: string][] = [
    ['A9600 is radioactive.', 'false'],
    ['A4641 is a radioactive tracer.', 'false'],
    ['Q9968 is radioactive.', 'true'],
  ];
  for (const [text, never] of PREFIXES)
    test(`review 1, no verdict ${never}: ${text}`, () => {
      const r = factCheck(ref, text, DATE);
      assert.ok(!r.claims.some((c) => c.verdict === never), JSON.stringify(r.claims));
    });
  // 2. A name list after the codes stops at a name that starts a clause of its own.
  // 3. (units above) 4. Another statement on a code of an uncertain list is still judged. 5. "respectively" belongs
  // to its own list only.
  const REVIEW: Row[] = [
    ['J9354 is trastuzumab emtansine.', [['J9354', 'trastuzumab emtansine', 'true']], []],
    ['J9358 is trastuzumab deruxtecan.', [['J9358', 'trastuzumab deruxtecan', 'true']], []],
    [
      'J9305 and J9304 are pemetrexed and rituximab is J9312.',
      [
        ['J9305', 'pemetrexed', 'true'],
        ['J9304', 'pemetrexed', 'true'],
        ['J9312', 'rituximab', 'true'],
      ],
      [],
    ],
    [
      'J9305 and J9304 are pemetrexed, rituximab is J9312.',
      [
        ['J9305', 'pemetrexed', 'true'],
        ['J9304', 'pemetrexed', 'true'],
        ['J9312', 'rituximab', 'true'],
      ],
      [],
    ],
    [
      'J9305 and J9304 are pemetrexed and cisplatin is J9060.',
      [
        ['J9305', 'pemetrexed', 'true'],
        ['J9304', 'pemetrexed', 'true'],
        ['J9060', 'cisplatin', 'true'],
      ],
      [],
    ],
    [
      'J9271 and J9299 are nivolumab and pembrolizumab; J9271 is rituximab.',
      [['J9271', 'rituximab', 'false']],
      ['J9299'],
    ],
    [
      'Opdivo and Keytruda are J9271 and J9299; Avastin and Mvasi are J9035 and Q5107, respectively.',
      [
        ['J9035', 'Avastin', 'true'],
        ['Q5107', 'Mvasi', 'true'],
      ],
      ['J9271', 'J9299'],
    ],
    [
      'Opdivo and Keytruda are J9271 and J9299, respectively; Avastin and Mvasi are J9035 and Q5107.',
      [
        ['J9271', 'Opdivo', 'false'],
        ['J9299', 'Keytruda', 'false'],
        ['J9035', 'Avastin', 'true'],
        ['Q5107', 'Mvasi', 'true'],
      ],
      [],
    ],
  ];
  for (const [text, claims, notChecked] of REVIEW)
    test(`review: ${text}`, () => assert.deepEqual(verdicts(ref, text), [claims, notChecked]));

  test('without the crosswalk, brand statements are not checked and say why', () => {
    const hcpcsOnly = ReferenceIndex.build(
      entriesFromParsed(readSharedDatasets().filter((d) => d.dataset === 'hcpcs')),
    );
    const r = factCheck(
      hcpcsOnly,
      'Keytruda is billed with J9271. J9271 is pembrolizumab. Q5107 is Avastin.',
      DATE,
    );
    assert.deepEqual(
      r.claims.map((c) => [c.code, c.verdict]),
      [['J9271', 'true']],
    );
    assert.deepEqual(
      r.notChecked.map((u) => [u.codes, u.crosswalkNotLoaded]),
      [
        [['J9271'], true],
        [['Q5107'], true],
      ],
    );
  });
});
