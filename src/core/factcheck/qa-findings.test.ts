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

  // Codes joined by "neither … nor": the statement negated for each code. By "or": one statement about the list,
  // true when at least one code is the drug, false when none is; where "or" may as well mean each code, a verdict only
  // when both readings agree, else not checked. J9305 is pemetrexed, J9173 durvalumab 10 mg.
  const JOINED: Row[] = [
    [
      'Neither J9271 nor J9299 is rituximab.',
      [
        ['J9271', 'rituximab', 'true'],
        ['J9299', 'rituximab', 'true'],
      ],
      [],
    ],
    [
      'Neither J9271 nor J9312 is rituximab.',
      [
        ['J9271', 'rituximab', 'true'],
        ['J9312', 'rituximab', 'false'],
      ],
      [],
    ],
    [
      'Rituximab is neither J9271 nor J9299.',
      [
        ['J9271', 'Rituximab', 'true'],
        ['J9299', 'Rituximab', 'true'],
      ],
      [],
    ],
    [
      'Neither J9271, J9299 nor J9305 is the code for rituximab.',
      [
        ['J9271', 'rituximab', 'true'],
        ['J9299', 'rituximab', 'true'],
        ['J9305', 'rituximab', 'true'],
      ],
      [],
    ],
    // "nor" without "neither", "neither" without "nor", or a unit statement over the list: no certain reading.
    ['J9271 nor J9299 is rituximab.', [], ['J9271', 'J9299']],
    ['Rituximab is neither J9271, J9299.', [], ['J9271', 'J9299']],
    ['Neither J9271 nor J9299 is billed per 10 mg.', [], ['J9271', 'J9299']],
    // One of them is: J9312 makes it true, and J9271 is settled with it (not listed as not checked).
    ['J9312 or J9271 is rituximab.', [['J9312', 'rituximab', 'true']], []],
    ['Either J9271 or J9312 is rituximab.', [['J9312', 'rituximab', 'true']], []],
    ['J9271, J9299 or J9312 is the code for rituximab.', [['J9312', 'rituximab', 'true']], []],
    [
      'J9271 or J9299 is rituximab.',
      [
        ['J9271', 'rituximab', 'false'],
        ['J9299', 'rituximab', 'false'],
      ],
      [],
    ],
    // Each code or one of them: both readings agree when all are, or none is; otherwise not checked.
    [
      'Pemetrexed is billed under J9305 or J9304.',
      [
        ['J9304', 'Pemetrexed', 'true'],
        ['J9305', 'Pemetrexed', 'true'],
      ],
      [],
    ],
    [
      'Rituximab is billed with J9271 or J9299.',
      [
        ['J9271', 'Rituximab', 'false'],
        ['J9299', 'Rituximab', 'false'],
      ],
      [],
    ],
    ['Rituximab is billed with J9312 or J9271.', [], ['J9312', 'J9271']],
    ['J9312 or J9271 are rituximab.', [], ['J9312', 'J9271']],
    ['J9312 or J9271 is not rituximab.', [], ['J9312', 'J9271']],
    [
      'J9271 or J9299 is not rituximab.',
      [
        ['J9271', 'rituximab', 'true'],
        ['J9299', 'rituximab', 'true'],
      ],
      [],
    ],
    ['J9173 or J9271 is billed per 10 mg.', [], ['J9173', 'J9271']],
    // "or" between the codes and "and" between the names: not paired on a guess.
    ['J9312 or J9271 are rituximab and pembrolizumab.', [], ['J9312', 'J9271']],
  ];
  for (const [text, claims, notChecked] of JOINED)
    test(`joined codes: ${text}`, () => assert.deepEqual(verdicts(ref, text), [claims, notChecked]));

  test('"neither … nor": each statement is negated, and the false one says which code is the drug', () => {
    const r = factCheck(ref, 'Neither J9271 nor J9312 is rituximab.', DATE);
    assert.deepEqual(
      r.claims.map((c) => [c.code, c.negated, c.verdict]),
      [
        ['J9271', true, 'true'],
        ['J9312', true, 'false'],
      ],
    );
    assert.match(r.claims[1]?.suggestion ?? '', /^J9312 is rituximab, 10 mg;/);
    assert.equal(r.summary.false, 1);
  });

  test('an "or" read either way is listed as uncertain, never false', () => {
    const r = factCheck(ref, 'Rituximab is billed with J9312 or J9271.', DATE);
    assert.equal(r.summary.false, 0);
    assert.deepEqual(
      r.notChecked.map((u) => [u.codes, u.readingUncertain, u.pairingUncertain]),
      [[['J9312', 'J9271'], true, undefined]],
    );
  });

  // Tables are read in either column order: by the header's names where there is one (a dose or "units billed"
  // column is no billing unit), else drug then code by the cells' content. J9355 trastuzumab 10 mg, J9354
  // ado-trastuzumab emtansine 1 mg.
  const TABLES: Row[] = [
    [
      '| Drug | Code |\n|---|---|\n| rituximab | J9312 |\n| pemetrexed | J9271 |',
      [
        ['J9312', 'rituximab', 'true'],
        ['J9271', 'pemetrexed', 'false'],
      ],
      [],
    ],
    [
      '| Drug | HCPCS | Unit |\n|---|---|---|\n| rituximab | J9312 | 10 mg |\n| pembrolizumab | J9271 | 10 mg |\n| **Imfinzi (durvalumab)** | `J9173` | 10 mg |',
      [
        ['J9312', 'rituximab / 10 mg', 'true'],
        ['J9271', 'pembrolizumab / 10 mg', 'false'],
        ['J9173', 'Imfinzi / 10 mg', 'true'],
      ],
      [],
    ],
    [
      'Drug | HCPCS | Unit\n--- | --- | ---\nnivolumab | J9299 | 1 mg\ntrastuzumab | J9354 | 1 mg',
      [
        ['J9299', 'nivolumab / 1 mg', 'true'],
        ['J9354', 'trastuzumab / 1 mg', 'false'],
      ],
      [],
    ],
    [
      'Drug\tHCPCS\tBilling unit\nado-trastuzumab emtansine\tJ9354\t1 mg\ntrastuzumab\tJ9355\t1 mg',
      [
        ['J9354', 'ado-trastuzumab emtansine / 1 mg', 'true'],
        ['J9355', 'trastuzumab / 1 mg', 'false'],
      ],
      [],
    ],
    [
      '| Code | Drug |\n|---|---|\n| J9305 | pemetrexed |\n| J9312 | pemetrexed |',
      [
        ['J9305', 'pemetrexed', 'true'],
        ['J9312', 'pemetrexed', 'false'],
      ],
      [],
    ],
    [
      '| HCPCS code | Units billed | Drug name |\n|---|---|---|\n| J9271 | 200 | pembrolizumab |',
      [['J9271', 'pembrolizumab', 'true']],
      [],
    ],
    [
      '| Code | Drug | Dose |\n|---|---|---|\n| J9271 | pembrolizumab | 200 mg |',
      [['J9271', 'pembrolizumab', 'true']],
      [],
    ],
    [
      '| Drug | Code |\n|---|---|\n| rituximab | J9312, Q5115 |',
      [
        ['J9312', 'rituximab', 'true'],
        ['Q5115', 'rituximab', 'true'],
      ],
      [],
    ],
    ['| Drug | Code |\n|---|---|\n| rituximab | J9312 or J9271 |', [], ['J9312', 'J9271']],
    // A biosimilars column is not the code's drug; a code outside the code column is not read.
    [
      '| Reference product | HCPCS | Biosimilars |\n|---|---|---|\n| Herceptin | J9355 | Kanjinti (Q5117) |',
      [['J9355', 'Herceptin', 'true']],
      ['Q5117'],
    ],
    // No header: drug then code by content; an amount after the code is a unit only when it says so.
    [
      '| rituximab | J9312 |\n| pemetrexed | J9271 |',
      [
        ['J9312', 'rituximab', 'true'],
        ['J9271', 'pemetrexed', 'false'],
      ],
      [],
    ],
    [
      '| durvalumab | J9173 | 1 mg |\n| durvalumab | J9173 | per 1 mg |',
      [
        ['J9173', 'durvalumab', 'true'],
        ['J9173', 'durvalumab / 1 mg', 'false'],
      ],
      [],
    ],
    [
      'Drug\tCode\nrituximab\tJ9312\npemetrexed\tJ9271',
      [
        ['J9312', 'rituximab', 'true'],
        ['J9271', 'pemetrexed', 'false'],
      ],
      [],
    ],
    // A header naming no code and drug column: the row is read as prose, as before.
    ['| Step | Note |\n|---|---|\n| 1 | J9312 is pemetrexed |', [['J9312', 'pemetrexed', 'false']], []],
  ];
  for (const [text, claims, notChecked] of TABLES)
    test(`tables: ${JSON.stringify(text)}`, () =>
      assert.deepEqual(verdicts(ref, text), [claims, notChecked]));

  test('a table row keeps its line and text; the input is not changed', () => {
    const text = '| Drug | HCPCS |\n|---|---|\n| pemetrexed | J9271 |\n';
    const copy = `${text}`;
    const [c] = factCheck(ref, text, DATE).claims;
    assert.equal(c?.line, 3);
    assert.equal(c?.text, '| pemetrexed | J9271 |');
    assert.equal(text.slice(c?.start, c?.end), 'pemetrexed | J9271');
    assert.equal(text, copy);
  });

  // An amount alone in brackets after a code, or after a colon, may be a dose or a number of units given: no unit
  // statement (the code is listed as not checked). Brackets or words that say it is the unit are read.
  const BRACKETS: Row[] = [
    ['J9173 (10 mg)', [], ['J9173']],
    ['J9173 (1 mg).', [], ['J9173']],
    ['J9173: 10 mg', [], ['J9173']],
    ['Bill J9173 (75 units).', [], ['J9173']],
    ['J9173 (10 mg) is the durvalumab code.', [], ['J9173']],
    ['J9271 is pembrolizumab (200 mg).', [['J9271', 'pembrolizumab', 'true']], []],
    ['J9173 (per 10 mg).', [['J9173', '10 mg', 'true']], []],
    ['J9173 (per 1 mg).', [['J9173', '1 mg', 'false']], []],
    ['J9173 (unit: 10 mg).', [['J9173', '10 mg', 'true']], []],
    ['J9173, billed per 10 mg.', [['J9173', '10 mg', 'true']], []],
    ['J9173, billed per 1 mg.', [['J9173', '1 mg', 'false']], []],
    ['J9173 – billed per 10 mg.', [['J9173', '10 mg', 'true']], []],
    ['J9173, billing unit: 1 mg.', [['J9173', '1 mg', 'false']], []],
    ['J9271 is pembrolizumab (per 10 mg).', [['J9271', 'pembrolizumab / 10 mg', 'false']], []],
    // The amount inside the name's own brackets, descriptor style, is still the unit.
    ['J9312 (rituximab 10 mg)', [['J9312', 'rituximab / 10 mg', 'true']], []],
  ];
  for (const [text, claims, notChecked] of BRACKETS)
    test(`brackets: ${text}`, () => assert.deepEqual(verdicts(ref, text), [claims, notChecked]));

  // Review of the "neither … nor" / "or" / header-table change. J9271 pembrolizumab is billed per 1 mg, J9312
  // rituximab per 10 mg; J9310 (rituximab, 100 mg) was terminated before 2026.
  // 1. The text after the name in a table's Drug or Description cell is read as after a name in prose: a
  // descriptor-style unit is checked; a bare amount next to the name may be a dose or a strength, so without a unit
  // column the row is not checked rather than judged on the name alone.
  const CELL_UNITS: Row[] = [
    [
      '| HCPCS | Description |\n|---|---|\n| J9271 | Injection, pembrolizumab, 10 mg |',
      [['J9271', 'pembrolizumab / 10 mg', 'false']],
      [],
    ],
    [
      '| HCPCS | Description |\n|---|---|\n| J9271 | Injection, pembrolizumab, 1 mg |',
      [['J9271', 'pembrolizumab / 1 mg', 'true']],
      [],
    ],
    [
      '| HCPCS | Descriptor |\n|---|---|\n| J9312 | Injection, rituximab, 1 mg |',
      [['J9312', 'rituximab / 1 mg', 'false']],
      [],
    ],
    // In a Drug/Name/Product/Brand/Generic column an amount after the name is a strength or a dose as likely as the
    // unit: the row is not checked unless the cell says "per" or "unit" (only Description/Descriptor cells read
    // the descriptor-style unit).
    ['| HCPCS | Drug |\n|---|---|\n| J9271 | pembrolizumab, 10 mg |', [], ['J9271']],
    ['| Code | Drug |\n|---|---|\n| J9045 | carboplatin, 450 mg |', [], ['J9045']],
    ['| Code | Drug |\n|---|---|\n| J9267 | paclitaxel, 300 mg |', [], ['J9267']],
    ['| Code | Drug |\n|---|---|\n| J9173 | durvalumab, 1,500 mg |', [], ['J9173']],
    ['| HCPCS | Drug | Dose |\n|---|---|---|\n| J9271 | pembrolizumab, 200 mg | 200 mg |', [], ['J9271']],
    [
      '| HCPCS | Drug |\n|---|---|\n| J9271 | pembrolizumab, 200 mg, every 3 weeks |',
      [['J9271', 'pembrolizumab', 'true']],
      [],
    ],
    [
      '| HCPCS | Drug |\n|---|---|\n| J9271 | pembrolizumab, 10 mg per unit |',
      [['J9271', 'pembrolizumab / 10 mg', 'false']],
      [],
    ],
    [
      '| Drug | HCPCS |\n|---|---|\n| rituximab, per 1 mg | J9312 |',
      [['J9312', 'rituximab / 1 mg', 'false']],
      [],
    ],
    [
      '| Code | Description | Units |\n|---|---|---|\n| J9312 | Injection, rituximab, 10 mg | 2 |\n| J9271 | Injection, pembrolizumab, 10 mg | 200 |',
      [
        ['J9312', 'rituximab / 10 mg', 'true'],
        ['J9271', 'pembrolizumab / 10 mg', 'false'],
      ],
      [],
    ],
    // With a Unit column the drug cell's amount is ignored: the unit column says the unit.
    [
      '| HCPCS | Drug | Unit |\n|---|---|---|\n| J9271 | pembrolizumab, 10 mg | 1 mg |',
      [['J9271', 'pembrolizumab / 1 mg', 'true']],
      [],
    ],
    [
      '| HCPCS | Drug | Billing unit |\n|---|---|---|\n| J9271 | Keytruda, 100 mg | 1 mg |',
      [['J9271', 'Keytruda / 1 mg', 'true']],
      [],
    ],
    [
      '| HCPCS | Description | Unit |\n|---|---|---|\n| J9271 | Injection, pembrolizumab, 10 mg | 1 mg |',
      [['J9271', 'pembrolizumab / 1 mg', 'true']],
      [],
    ],
    // A dose after the name is no unit (as in prose); a bare amount is read only with a unit column to say the unit.
    [
      '| HCPCS | Drug |\n|---|---|\n| J9271 | pembrolizumab 200 mg every 3 weeks |',
      [['J9271', 'pembrolizumab', 'true']],
      [],
    ],
    ['| Drug | HCPCS |\n|---|---|\n| pembrolizumab 200 mg | J9271 |', [], ['J9271']],
    [
      '| Drug | HCPCS | Unit |\n|---|---|---|\n| pembrolizumab 200 mg | J9271 | 1 mg |',
      [['J9271', 'pembrolizumab / 1 mg', 'true']],
      [],
    ],
    // Without a header, the same reading of the drug cell.
    ['| rituximab, 1 mg | J9312 |', [], ['J9312']],
    ['| rituximab, per 1 mg | J9312 |', [['J9312', 'rituximab / 1 mg', 'false']], []],
    ['| pembrolizumab 200 mg | J9271 |', [], ['J9271']],
  ];
  for (const [text, claims, notChecked] of CELL_UNITS)
    test(`review, cell units: ${JSON.stringify(text)}`, () =>
      assert.deepEqual(verdicts(ref, text), [claims, notChecked]));

  // 2. A bare "per" after a code (", per", ": per", "– per") is the unit only when the clause ends after the amount;
  // never when a dose word follows. "billed per" and "(per …)" stay unit statements.
  const PER: Row[] = [
    ['Keytruda (J9271), per 200 mg infusion every 3 weeks', [['J9271', 'Keytruda', 'true']], []],
    ['Keytruda (J9271): per 200 mg dose', [['J9271', 'Keytruda', 'true']], []],
    ['J9271 – per 200 mg dose every 3 weeks', [], ['J9271']],
    ['J9271: per 100 mg vial', [], ['J9271']],
    ['J9271, per 2 mg per kg.', [], ['J9271']],
    ['J9173 is billed per 10 mg dose.', [], ['J9173']],
    ['J9173, billed per 10 mg', [['J9173', '10 mg', 'true']], []],
    ['J9173 (per 10 mg)', [['J9173', '10 mg', 'true']], []],
    ['J9173, per 10 mg.', [['J9173', '10 mg', 'true']], []],
    ['J9173: per 1 mg', [['J9173', '1 mg', 'false']], []],
    ['Keytruda (J9271), per 1 mg.', [['J9271', 'Keytruda / 1 mg', 'true']], []],
    // A dose word anywhere in the rest of the clause, after a comma too, makes the amount a dose.
    ['Keytruda (J9271), per 200 mg, every 3 weeks.', [['J9271', 'Keytruda', 'true']], []],
    ['The payer allows J9271, per 200 mg, once every 21 days.', [], ['J9271']],
    ['J9271 is pembrolizumab, 200 mg, every 3 weeks.', [['J9271', 'pembrolizumab', 'true']], []],
    ['J9173, billed per 10 mg.', [['J9173', '10 mg', 'true']], []],
    // "unit" as well as "units" after the amount.
    ['J9271: per 1 mg unit.', [['J9271', '1 mg', 'true']], []],
    ['J9271 is pembrolizumab, 1 mg unit.', [['J9271', 'pembrolizumab / 1 mg', 'true']], []],
  ];
  for (const [text, claims, notChecked] of PER)
    test(`review, per: ${text}`, () => assert.deepEqual(verdicts(ref, text), [claims, notChecked]));

  // 3. Names joined by "neither … nor" before (or after) one code: the statement negated for each name. By "or": the
  // code is one of them (true when one is, false when none is); where "or" may mean each, a verdict only when both
  // readings agree. 5. "and/or" reads as "or", between codes and between names.
  const JOINED_NAMES: Row[] = [
    [
      'Neither Keytruda nor Opdivo is J9312.',
      [
        ['J9312', 'Keytruda', 'true'],
        ['J9312', 'Opdivo', 'true'],
      ],
      [],
    ],
    [
      'Neither Keytruda nor Rituxan is J9312.',
      [
        ['J9312', 'Keytruda', 'true'],
        ['J9312', 'Rituxan', 'false'],
      ],
      [],
    ],
    [
      'Neither pembrolizumab, nivolumab nor pemetrexed is billed with J9312.',
      [
        ['J9312', 'pembrolizumab', 'true'],
        ['J9312', 'nivolumab', 'true'],
        ['J9312', 'pemetrexed', 'true'],
      ],
      [],
    ],
    [
      'J9312 is neither rituximab nor pembrolizumab.',
      [
        ['J9312', 'rituximab', 'false'],
        ['J9312', 'pembrolizumab', 'true'],
      ],
      [],
    ],
    ['Keytruda nor Opdivo is J9312.', [], ['J9312']],
    ['Neither Keytruda or Opdivo is J9312.', [], ['J9312']],
    ['Rituxan or Keytruda is J9312.', [['J9312', 'Rituxan', 'true']], []],
    ['Either Keytruda or Rituxan is J9312.', [['J9312', 'Rituxan', 'true']], []],
    [
      'Keytruda or Opdivo is J9312.',
      [
        ['J9312', 'Keytruda', 'false'],
        ['J9312', 'Opdivo', 'false'],
      ],
      [],
    ],
    ['J9312 is pembrolizumab or rituximab.', [['J9312', 'rituximab', 'true']], []],
    ['Keytruda or Rituxan is billed with J9312.', [], ['J9312']],
    // A code in brackets after the last name is that name's only.
    ['Avastin or Mvasi (Q5107) may be given.', [['Q5107', 'Mvasi', 'true']], []],
    ['J9312 and/or J9271 is rituximab.', [['J9312', 'rituximab', 'true']], []],
    [
      'J9271 and/or J9299 is rituximab.',
      [
        ['J9271', 'rituximab', 'false'],
        ['J9299', 'rituximab', 'false'],
      ],
      [],
    ],
    ['Rituximab is billed with J9312 and/or J9271.', [], ['J9312', 'J9271']],
    ['Rituxan and/or Keytruda is J9312.', [['J9312', 'Rituxan', 'true']], []],
    ['J9312 and J9271 are rituximab and/or pembrolizumab.', [], ['J9312', 'J9271']],
  ];
  for (const [text, claims, notChecked] of JOINED_NAMES)
    test(`review, joined names: ${text}`, () => assert.deepEqual(verdicts(ref, text), [claims, notChecked]));

  // 4. Every code column of a headed table gets the row's drug; a cell holding a sentence is read as one.
  const TABLE_CELLS: Row[] = [
    [
      '| Old code | New code | Drug |\n|---|---|---|\n| J9310 | J9312 | rituximab |',
      [
        ['J9310', 'rituximab', 'outdated'],
        ['J9312', 'rituximab', 'true'],
      ],
      [],
    ],
    // The unit column gives the new code's unit: J2505 was billed per 6 mg, J2506 is per 0.5 mg.
    [
      '| Old code | New code | Drug | Unit |\n|---|---|---|---|\n| J2505 | J2506 | pegfilgrastim | 0.5 mg |',
      [
        ['J2505', 'pegfilgrastim', 'outdated'],
        ['J2506', 'pegfilgrastim / 0.5 mg', 'true'],
      ],
      [],
    ],
    [
      '| Code | Replaced by code | Drug | Unit |\n|---|---|---|---|\n| J2505 | J2506 | pegfilgrastim | 0.5 mg |',
      [
        ['J2505', 'pegfilgrastim', 'outdated'],
        ['J2506', 'pegfilgrastim / 0.5 mg', 'true'],
      ],
      [],
    ],
    // Bracketed words are not read: "(prior auth required)" names no replaced code.
    [
      '| New code (prior auth required) | Old code | Drug | Unit |\n|---|---|---|---|\n| J2506 | J2505 | pegfilgrastim | 0.5 mg |',
      [
        ['J2506', 'pegfilgrastim / 0.5 mg', 'true'],
        ['J2505', 'pegfilgrastim', 'outdated'],
      ],
      [],
    ],
    // A unit column of the replaced codes gives theirs.
    [
      '| Previous code | Previous unit | New code | Drug | Unit |\n|---|---|---|---|---|\n| J2505 | 6 mg | J2506 | pegfilgrastim | 0.5 mg |',
      [
        ['J2505', 'pegfilgrastim / 6 mg', 'outdated'],
        ['J2506', 'pegfilgrastim / 0.5 mg', 'true'],
      ],
      [],
    ],
    [
      '| Drug | HCPCS |\n|---|---|\n| rituximab | J9312 |\n| Notes: J9271 is nivolumab | |',
      [
        ['J9312', 'rituximab', 'true'],
        ['J9271', 'nivolumab', 'false'],
      ],
      [],
    ],
    [
      '| Drug | Code | Notes |\n|---|---|---|\n| pembrolizumab | J9271 | Opdivo is J9299 |',
      [
        ['J9271', 'pembrolizumab', 'true'],
        ['J9299', 'Opdivo', 'true'],
      ],
      [],
    ],
    // Several drug and code columns: each code column gets the nearest drug column to its left (else right) …
    [
      '| Product | HCPCS | Reference product | Reference HCPCS |\n|---|---|---|---|\n| Truxima | Q5115 | Rituxan | J9312 |',
      [
        ['Q5115', 'Truxima', 'true'],
        ['J9312', 'Rituxan', 'true'],
      ],
      [],
    ],
    [
      '| Drug | HCPCS | Drug | HCPCS |\n|---|---|---|---|\n| Keytruda | J9271 | Opdivo | J9299 |',
      [
        ['J9271', 'Keytruda', 'true'],
        ['J9299', 'Opdivo', 'true'],
      ],
      [],
    ],
    // … or to its right, or the closest: the ways that pair every column agree.
    [
      '| Code | Drug | Code | Drug |\n|---|---|---|---|\n| J9271 | Keytruda | J9299 | Opdivo |',
      [
        ['J9271', 'Keytruda', 'true'],
        ['J9299', 'Opdivo', 'true'],
      ],
      [],
    ],
    [
      '| Drug | Code | Code | Drug |\n|---|---|---|---|\n| Keytruda | J9271 | J9299 | Opdivo |',
      [
        ['J9271', 'Keytruda', 'true'],
        ['J9299', 'Opdivo', 'true'],
      ],
      [],
    ],
    [
      '| Code | Drug | Code | Drug |\n|---|---|---|---|\n| J9271 | Opdivo | J9299 | Keytruda |',
      [
        ['J9271', 'Opdivo', 'false'],
        ['J9299', 'Keytruda', 'false'],
      ],
      [],
    ],
    // One code column gets every drug column.
    [
      '| Generic | Brand | HCPCS |\n|---|---|---|\n| rituximab | Rituxan | J9312 |',
      [
        ['J9312', 'rituximab', 'true'],
        ['J9312', 'Rituxan', 'true'],
      ],
      [],
    ],
    // Not one drug column per code column: which goes with which is not known.
    [
      '| Product | Reference product | HCPCS | Reference HCPCS |\n|---|---|---|---|\n| Truxima | Rituxan | Q5115 | J9312 |',
      [],
      ['Q5115', 'J9312'],
    ],
    // No verb: not a sentence, the code is listed.
    [
      '| Drug | Code | Notes |\n|---|---|---|\n| pembrolizumab | J9271 | see J9299 |',
      [['J9271', 'pembrolizumab', 'true']],
      ['J9299'],
    ],
  ];
  for (const [text, claims, notChecked] of TABLE_CELLS)
    test(`review, table cells: ${JSON.stringify(text)}`, () =>
      assert.deepEqual(verdicts(ref, text), [claims, notChecked]));

  // 6. A reading of "or"/"nor" not certain is flagged as such, apart from a pairing of names with codes.
  test('an uncertain "or" or "nor" is readingUncertain, an uncertain pairing pairingUncertain', () => {
    const flags = (text: string): [string[], boolean, boolean][] =>
      factCheck(ref, text, DATE).notChecked.map((u) => [
        u.codes,
        u.pairingUncertain === true,
        u.readingUncertain === true,
      ]);
    assert.deepEqual(flags('J9271 nor J9299 is rituximab.'), [[['J9271', 'J9299'], false, true]]);
    assert.deepEqual(flags('Keytruda nor Opdivo is J9312.'), [[['J9312'], false, true]]);
    assert.deepEqual(flags('J9312 or J9271 are rituximab.'), [[['J9312', 'J9271'], false, true]]);
    assert.deepEqual(flags('J9312, J9271 and J9299 are rituximab and pembrolizumab.'), [
      [['J9312', 'J9271', 'J9299'], true, false],
    ]);
    assert.deepEqual(flags('J9305 is after J9312.'), [[['J9305', 'J9312'], false, false]]);
    assert.deepEqual(
      flags(
        '| Drug | Brand | HCPCS | Old HCPCS |\n|---|---|---|---|\n| rituximab | Rituxan | J9312 | J9310 |',
      ),
      [[['J9312', 'J9310'], true, false]],
    );
  });

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

/**
 * QA round 2 (/tmp/qa2/REPORT.md #3 and #4). JW "Drug amount discarded/not administered to any patient" and JZ "Zero
 * drug amount discarded/not administered to any patient" (HCPCS January 2026) apply only to drugs from single-dose
 * containers (CMS, Discarded Drugs and Biologicals – JW Modifier and JZ Modifier Policy FAQ). Billing units from the
 * January 2026 HCPCS file: J9271 pembrolizumab 1 mg, J9173 durvalumab 10 mg, J9045 carboplatin 50 mg; brands from the
 * January 2026 ASP NDC-HCPCS crosswalk: Keytruda J9271, Imfinzi J9173, Opdivo J9299.
 */
describe('fact check: QA round 2 (real data, 2026-02-01)', () => {
  let ref: ReferenceData;
  before(async () => {
    ref = await sharedReference();
  });

  /** [text, [modifier, kind, verdict] per statement]: nothing is left not checked. */
  type ModRow = [text: string, claims: [string, string, string][]];
  const modifiers = (text: string): [[string, string, string][], string[]] => {
    const r = factCheck(ref, text, DATE);
    return [r.claims.map((c) => [c.code, c.kind, c.verdict]), r.notChecked.flatMap((u) => u.codes)];
  };

  // #3: waste from a multiple-dose container is never JW (nor is JZ for one), however the sentence is worded; a
  // sentence that keeps JW/JZ to single-dose containers, or advises against the multi-dose use, stays true.
  const MULTI_DOSE: ModRow[] = [
    ['Use modifier JW when drug is discarded from a multi-dose vial.', [['JW', 'modifier-use', 'false']]],
    ['JW is used when drug is wasted from a multi-dose vial.', [['JW', 'modifier-use', 'false']]],
    ['Append JW to report waste from multiple-dose containers.', [['JW', 'modifier-use', 'false']]],
    ['Use JW for multi-dose vials.', [['JW', 'modifier-use', 'false']]],
    ['Modifier JW indicates waste from a multi-dose vial.', [['JW', 'modifier-use', 'false']]],
    [
      'The JW modifier is required when part of a multi-dose vial is wasted.',
      [['JW', 'modifier-use', 'false']],
    ],
    ['Use JW when drug is not administered from a multi-dose vial.', [['JW', 'modifier-use', 'false']]],
    [
      'Use JW when drug is discarded from a single-dose or multi-dose vial.',
      [['JW', 'modifier-use', 'false']],
    ],
    ['JZ is required for multi-dose vials.', [['JZ', 'modifier-use', 'false']]],
    ['JZ is required when no drug is discarded from a multi-dose vial.', [['JZ', 'modifier-use', 'false']]],
    ['JZ is used when the drug from a multi-dose vial is not wasted.', [['JZ', 'modifier-use', 'false']]],
    ['Use JW when drug is discarded from a single-dose vial.', [['JW', 'modifier-use', 'true']]],
    // Review: clauses that set multi-dose vials apart stay true, as they were.
    [
      'Use JW when drug is discarded from a single-dose vial rather than a multi-dose vial.',
      [['JW', 'modifier-use', 'true']],
    ],
    [
      'Use JW when drug is discarded from a single-dose vial (multi-dose vials are exempt).',
      [['JW', 'modifier-use', 'true']],
    ],
    ['Use JZ when no drug is discarded from a single-dose vial.', [['JZ', 'modifier-use', 'true']]],
    [
      'Use JW when drug is discarded from a single-dose vial, not a multi-dose vial.',
      [['JW', 'modifier-use', 'true']],
    ],
    ['Do not use JW when drug is discarded from a multi-dose vial.', [['JW', 'modifier-use', 'true']]],
    ['JW is not used for waste from multi-dose vials.', [['JW', 'modifier-use', 'true']]],
    [
      'Use JW when drug is discarded from a single-dose vial; for multi-dose vials, no modifier is needed.',
      [['JW', 'modifier-use', 'true']],
    ],
    [
      'JW and JZ apply to single-dose containers only, never to multi-dose vials.',
      [
        ['JW', 'modifier-use', 'true'],
        ['JZ', 'modifier-use', 'true'],
      ],
    ],
  ];
  for (const [text, claims] of MULTI_DOSE)
    test(`#3 multiple-dose: ${text}`, () => assert.deepEqual(modifiers(text), [claims, []]));

  test('#3: a false multiple-dose statement names single-dose containers and the CMS JW/JZ policy', () => {
    const r = factCheck(ref, 'JW is used when drug is wasted from a multi-dose vial.', DATE);
    const [c] = r.claims;
    assert.equal(c?.verdict, 'false');
    assert.match(c?.actual ?? '', /only to drugs from single-dose containers/);
    assert.match(
      c?.suggestion ?? '',
      /^Do not report JW for a multiple-dose container; .*single-dose containers\.$/,
    );
    assert.ok(c?.sources.some((s) => JSON.stringify(s).includes('JW Modifier and JZ Modifier Policy')));
  });

  // #4: common shapes of coder notes that got no verdict. A count of units for a dose must be the dose over the
  // billing unit (rounded up, as administered units are); "NAME is NAME and is billed under CODE" ties the subject to
  // the code; "… and is billed per" and "CODE NAME is billed per" state the unit.
  const NOTES: Row[] = [
    [
      'Pembrolizumab 200 mg = 20 units of J9271.',
      [['J9271', 'Pembrolizumab / 200 mg = 20 units', 'false']],
      [],
    ],
    [
      'Pembrolizumab 200 mg = 200 units of J9271.',
      [['J9271', 'Pembrolizumab / 200 mg = 200 units', 'true']],
      [],
    ],
    [
      'Bill 200 units of J9271 for a 200 mg dose of Keytruda.',
      [['J9271', 'Keytruda / 200 units for 200 mg', 'true']],
      [],
    ],
    [
      'Bill 20 units of J9271 for a 200 mg dose of Keytruda.',
      [['J9271', 'Keytruda / 20 units for 200 mg', 'false']],
      [],
    ],
    [
      'Do not bill 20 units of J9271 for a 200 mg dose of Keytruda.',
      [['J9271', 'Keytruda / 20 units for 200 mg', 'true']],
      [],
    ],
    // A "not" in a condition before the advice negates the condition, not the advice.
    [
      'If the full vial is not used, bill 200 units of J9271 for a 200 mg dose.',
      [['J9271', '200 units for 200 mg', 'true']],
      [],
    ],
    [
      'If the full vial is not used, bill 20 units of J9271 for a 200 mg dose.',
      [['J9271', '20 units for 200 mg', 'false']],
      [],
    ],
    [
      'When no drug is wasted, do not bill 20 units of J9271 for a 200 mg dose.',
      [['J9271', '20 units for 200 mg', 'true']],
      [],
    ],
    [
      'Bill 200 units of J9271 for a 200 mg dose of Opdivo.',
      [['J9271', 'Opdivo / 200 units for 200 mg', 'false']],
      [],
    ],
    [
      'A 1,500 mg dose of Imfinzi is 150 units of J9173.',
      [['J9173', 'Imfinzi / 1,500 mg = 150 units', 'true']],
      [],
    ],
    ['20 units of J9173 = 200 mg.', [['J9173', '20 units for 200 mg', 'true']], []],
    [
      'The dose is 200 units of J9271 for a 200 mg infusion.',
      [['J9271', '200 units for 200 mg', 'true']],
      [],
    ],
    ['Bill 16 units of J9173 for a 155 mg dose.', [['J9173', '16 units for 155 mg', 'true']], []],
    ['Bill 15 units of J9173 for a 155 mg dose.', [['J9173', '15 units for 155 mg', 'false']], []],
    ['Carboplatin 1 g = 20 units of J9045.', [['J9045', 'Carboplatin / 1 g = 20 units', 'true']], []],
    ['Keytruda 200 mg = 200 units of J9271 (1 unit = 1 mg).', [['J9271', 'Keytruda / 1 mg', 'true']], []],
    ['1 unit of J9173 = 5 mg.', [['J9173', '5 mg', 'false']], []],
    ['Bill 2 units of J9271 for 2 mg/kg.', [], ['J9271']],
    ['Imfinzi is durvalumab and is billed under J9271.', [['J9271', 'Imfinzi', 'false']], []],
    ['Imfinzi is durvalumab and is billed under J9173.', [['J9173', 'Imfinzi', 'true']], []],
    [
      'Imfinzi is pembrolizumab and is billed under J9173.',
      [
        ['J9173', 'Imfinzi', 'true'],
        ['J9173', 'pembrolizumab', 'false'],
      ],
      [],
    ],
    ['Imfinzi is durvalumab and is not billed under J9271.', [['J9271', 'Imfinzi', 'true']], []],
    ['After rituximab, the patient is stable and is billed under J9305.', [], ['J9305']],
    ['J9173 is Imfinzi and is billed per 1 mg.', [['J9173', 'Imfinzi / 1 mg', 'false']], []],
    ['J9173 is durvalumab and is billed per 10 mg.', [['J9173', 'durvalumab / 10 mg', 'true']], []],
    ['J9045 carboplatin is billed per 10 mg.', [['J9045', 'carboplatin / 10 mg', 'false']], []],
    ['J9045 carboplatin is billed per 50 mg.', [['J9045', 'carboplatin / 50 mg', 'true']], []],
  ];
  for (const [text, claims, notChecked] of NOTES)
    test(`#4 coder notes: ${text}`, () => assert.deepEqual(verdicts(ref, text), [claims, notChecked]));

  test('#4: the suggestions give the right count, code and unit', () => {
    const suggestion = (text: string): string | null | undefined =>
      factCheck(ref, text, DATE).claims[0]?.suggestion;
    assert.equal(
      suggestion('Pembrolizumab 200 mg = 20 units of J9271.'),
      'J9271 is pembrolizumab, 1 mg; 200 mg of J9271 = 200 units (1 unit = 1 mg), not 20.',
    );
    assert.equal(
      suggestion('Bill 15 units of J9173 for a 155 mg dose.'),
      'J9173 is durvalumab, 10 mg; 155 mg of J9173 = 16 units (1 unit = 10 mg, 15.5 rounded up), not 15.',
    );
    assert.equal(
      suggestion('Imfinzi is durvalumab and is billed under J9271.'),
      'J9271 is pembrolizumab, 1 mg; Imfinzi is J9173.',
    );
    assert.equal(
      suggestion('J9173 is Imfinzi and is billed per 1 mg.'),
      'J9173 is durvalumab, 10 mg; 1 unit of J9173 = 10 mg, not 1 mg.',
    );
    assert.equal(
      suggestion('J9045 carboplatin is billed per 10 mg.'),
      'J9045 is carboplatin, 50 mg; 1 unit of J9045 = 50 mg, not 10 mg.',
    );
  });
});
