/**
 * Fact-check tests on written texts that mix true and false statements, with the exact verdicts expected. Each
 * fact was checked against HCPC2026_JAN_ANWEB_01122026.txt and the January 2026 ASP NDC-HCPCS crosswalk:
 * J9312 rituximab 10 mg; J9047 carfilzomib 1 mg; J9271 pembrolizumab 1 mg (Keytruda); J9173 durvalumab 10 mg
 * (Imfinzi); J9305 pemetrexed NOS 10 mg (Alimta); J9304 pemetrexed (Pemfexy); J9294 pemetrexed (Hospira);
 * J9309 polatuzumab vedotin-piiq 1 mg (Polivy); J9354 ado-trastuzumab emtansine 1 mg; J9355 trastuzumab 10 mg
 * (Herceptin); J9311 rituximab and hyaluronidase (Rituxan Hycela); J9299 nivolumab (Opdivo); Q5115 rituximab-abbs
 * (Truxima); J9264 paclitaxel protein-bound (Abraxane); J9267 paclitaxel; J9035 bevacizumab (Avastin);
 * Q5107 bevacizumab-awwb (Mvasi); J2506 pegfilgrastim (Neulasta); J9045 carboplatin 50 mg; J1745 "Injection,
 * infliximab, excludes biosimilar, 10 mg" (biosimilars Q5103 Inflectra, Q5104 Renflexis, Q5121 Avsola); J9355
 * "Injection, trastuzumab, excludes biosimilar, 10 mg" (Q5117 Kanjinti among its biosimilars); J2505 pegfilgrastim
 * 6 mg, terminated 2021-12-31.
 * Biosimilar suffixes and hyaluronidase (same file): Q5107 "bevacizumab-awwb, biosimilar, (mvasi)"; Q5118
 * "bevacizumab-bvzr, biosimilar, (zirabev)"; J9035 "bevacizumab, 10 mg"; Q5103 "infliximab-dyyb, biosimilar,
 * (inflectra)"; Q5104 "infliximab-abda, biosimilar, (renflexis)"; Q5121 "infliximab-axxq, biosimilar, (avsola)";
 * J1748 "infliximab-dyyb (zymfentra)"; J9144 "daratumumab, 10 mg and hyaluronidase-fihj" (Darzalex Faspro);
 * J9145 "daratumumab, 10 mg" (Darzalex); J9311 "rituximab 10 mg and hyaluronidase"; J9356 "trastuzumab, 10 mg and
 * hyaluronidase-oysk"; J9316 "pertuzumab, trastuzumab, and hyaluronidase-zzxf, per 10 mg"; J9306 pertuzumab;
 * J9289 "nivolumab, 2 mg and hyaluronidase-nvhy"; J9298 "nivolumab and relatlimab-rmbw". No code carries -tnjn.
 * Modifiers: JW "Drug amount discarded/not administered to any patient"; JZ "Zero drug amount discarded/not
 * administered to any patient"; JG terminated 2024-12-31; TB 340B; JA intravenously; JB subcutaneously.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { sharedReference } from '../../../test/support/reference.ts';
import type { ReferenceData } from '../reference/port.ts';
import { classifyMeaning, factCheck } from './check.ts';
import { claimedForm, type ClaimedForm } from './formulation.ts';
import type { CheckedClaim } from './model.ts';

const DATE = '2026-02-01';

type Expected = [line: number, code: string, kind: CheckedClaim['kind'], verdict: CheckedClaim['verdict']];

const summary = (claims: readonly CheckedClaim[]): Expected[] =>
  claims.map((c) => [c.line, c.code, c.kind, c.verdict]);

const ARTICLE = `# How to bill rituximab and pemetrexed

J9312 is pemetrexed. Most practices bill code J9047, carfilzomib, 1 mg, on the same claim.
Keytruda is billed with J9271, and one unit of J9173 = 10 mg. Imfinzi (J9173) is dosed at 1500 mg every 4 weeks.
Pemetrexed is billed under J9305, J9304 or J9294. J9312 is rituximab, 10 mg.
The billing unit of J9309 is 10 mg. J9354 is trastuzumab. Truxima (Q5115) is a rituximab biosimilar.
Modifier JW indicates no waste. The JZ modifier means zero drug was discarded.
Always append modifier 25 to the J-code line when an E/M visit happens the same day.
Modifier 25 belongs on the E/M line, never on the drug line.
JW and JZ can be reported on the same line. Use JG for 340B-acquired drugs. Use TB for 340B-acquired drugs.
After the infusion, rituximab, J9305 was billed. J9312 is not pemetrexed.
`;

const NOTES = `Billing notes for the infusion suite

Bill J9173 for 750 mg as 75 units. J9271 (pembrolizumab) 200 mg every 3 weeks is common.
For 1.8 mg/kg of Polivy (J9309), bill 144 units. The code for Herceptin is J9355.
Rituxan Hycela is J9311. J9299 is Opdivo. Q5115 is rituximab. J9305 (Alimta) and Pemfexy is J9304.
J9264 is paclitaxel protein-bound. J9264 is paclitaxel. Avastin is billed with Q5107.
Modifier JW is used to report the discarded amount. Use JZ when no drug is discarded from a single-dose vial.
Use JZ when part of the vial is discarded. Do not use JW for multi-dose vials.
JB indicates subcutaneous administration. JA means subcutaneous. TB indicates 340B acquisition.
The patient has C34.90 and Z51.11 on the claim. Weight 80 kg. J9173-JZ x 150 units.
Report J9173 with modifier JZ when nothing is wasted. Neulasta is J2506; carboplatin is J9045.
J9045 is billed per 50 mg. J9355 is billed per 10 mg. Never append modifier 25 to J9271.
`;

const WEB_PAGE = `HCPCS J9312 – Injection, rituximab, 10 mg: how to bill it

What is J9312? J9312 is the HCPCS Level II code for rituximab (Rituxan), billed per 10 mg. A 375 mg/m2 dose for a 1.9 m2 patient is 712.5 mg, or 72 units.
Biosimilars such as Truxima, Ruxience and Riabni have their own Q-codes (Q5115, Q5119 and Q5123).
The JW modifier is required when part of a single-dose vial is wasted. Since July 2023, JZ must be used when there is no waste.
Do not report J9312 with J9311 for the same dose; J9311 is Rituxan Hycela, given subcutaneously.
Common denials: CO-16 with M119 when the NDC is missing; CO-151 when units exceed the MUE of 150.
The drug is usually infused with 96413 and 96415. Some payers also want the JA modifier.
J9035 is bevacizumab 10 mg; Mvasi uses Q5107 and Zirabev uses Q5118.
Keytruda (pembrolizumab) is billed as J9271 at 1 mg per unit; Opdivo (nivolumab) is J9299.
Modifier 59 is sometimes appended to 96415. Code J9999 is used for unlisted antineoplastics.
`;

const MISTAKES = `Top 5 oncology billing mistakes

J9035 is Herceptin. Bill Kadcyla with J9355. J9173 is billed per 1 mg.
JZ indicates the drug was wasted. Append -25 to J9271 when the doctor sees the patient.
Keytruda is billed as J9271 at 1 mg per unit. Modifier JW should be used for multi-dose vials as well.
Since 2025 the JG modifier is required on all 340B claims. J9045 is carboplatin, 10 mg.
`;

describe('factCheck (real data, 2026-02-01)', () => {
  let ref: ReferenceData;
  before(async () => {
    ref = await sharedReference();
  });

  test('an article mixing true and false statements: exact verdicts', () => {
    const r = factCheck(ref, ARTICLE, DATE);
    assert.deepEqual(summary(r.claims), [
      [3, 'J9312', 'code-drug', 'false'],
      [3, 'J9047', 'code-drug', 'true'],
      [4, 'J9271', 'code-drug', 'true'],
      [4, 'J9173', 'code-unit', 'true'],
      [4, 'J9173', 'code-drug', 'true'],
      [5, 'J9294', 'code-drug', 'true'],
      [5, 'J9304', 'code-drug', 'true'],
      [5, 'J9305', 'code-drug', 'true'],
      [5, 'J9312', 'code-drug', 'true'],
      [6, 'J9309', 'code-unit', 'false'],
      [6, 'J9354', 'code-drug', 'false'],
      [6, 'Q5115', 'code-drug', 'true'],
      [7, 'JW', 'modifier-meaning', 'false'],
      [7, 'JZ', 'modifier-meaning', 'true'],
      [8, '25', 'modifier-use', 'false'],
      [9, '25', 'modifier-use', 'true'],
      [10, 'JW', 'modifier-use', 'false'],
      [10, 'JG', 'modifier-use', 'outdated'],
      [10, 'TB', 'modifier-use', 'true'],
      [11, 'J9312', 'code-drug', 'true'],
    ]);
    assert.deepEqual(r.summary, { claims: 20, true: 13, false: 6, unknown: 0, outdated: 1, notChecked: 1 });
    // "After the infusion, rituximab, J9305 was billed." names a code but states nothing checkable: listed as such.
    assert.deepEqual(
      r.notChecked.map((u) => [u.line, u.codes]),
      [[11, ['J9305']]],
    );
  });

  test('"J9312 is pemetrexed": false, J9312 is rituximab 10 mg, and the pemetrexed codes are named', () => {
    const [c] = factCheck(ref, 'J9312 is pemetrexed.', DATE).claims;
    assert.ok(c);
    assert.equal(c.verdict, 'false');
    assert.deepEqual(c.claimed, { drug: 'pemetrexed' });
    assert.match(c.actual, /^J9312 is "Injection, rituximab, 10 mg" \(1 unit = 10 mg\)/);
    assert.match(
      c.suggestion ?? '',
      /^J9312 is rituximab, 10 mg; pemetrexed is J9292, J9294, J9296, J9297, J9304, J9305, J9314, J9322, J9323, J9324\.$/,
    );
    for (const code of ['J9305', 'J9304', 'J9294', 'J9296', 'J9297', 'J9314', 'J9323'])
      assert.ok(
        c.suggestedCodes.some((s) => s.code === code),
        code,
      );
    assert.equal(c.sources[0]?.kind, 'release');
  });

  test('"code J9047, carfilzomib, 1 mg": true on drug and unit', () => {
    const [c] = factCheck(ref, 'Use code J9047, carfilzomib, 1 mg.', DATE).claims;
    assert.equal(c?.verdict, 'true');
    assert.deepEqual(c?.claimed, { drug: 'carfilzomib', unit: '1 mg' });
    assert.equal(c?.suggestion, null);
  });

  test('"modifier JW indicates no waste": false, with the JW and JZ meanings', () => {
    const [c] = factCheck(ref, 'Modifier JW indicates no waste.', DATE).claims;
    assert.equal(c?.verdict, 'false');
    assert.match(c?.actual ?? '', /^JW: Drug amount discarded\/not administered to any patient\./);
    assert.match(c?.suggestion ?? '', /JZ means no drug was discarded/);
  });

  test('"modifier 25 on the J-code line": false (25 belongs on the E/M line)', () => {
    const [c] = factCheck(ref, 'Put modifier 25 on the J-code line.', DATE).claims;
    assert.equal(c?.verdict, 'false');
    assert.equal(c?.sources[0]?.kind, 'publication');
  });

  test('billing notes: brands, lists, units, modifiers — and no claim read into doses or ICD-10 codes', () => {
    const r = factCheck(ref, NOTES, DATE);
    assert.deepEqual(summary(r.claims), [
      [3, 'J9271', 'code-drug', 'true'],
      [4, 'J9309', 'code-drug', 'true'],
      [4, 'J9355', 'code-drug', 'true'],
      [5, 'J9311', 'code-drug', 'true'],
      [5, 'J9299', 'code-drug', 'true'],
      [5, 'Q5115', 'code-drug', 'true'],
      [5, 'J9305', 'code-drug', 'true'],
      [5, 'J9304', 'code-drug', 'true'],
      [6, 'J9264', 'code-drug', 'true'],
      [6, 'J9264', 'code-drug', 'false'],
      [6, 'Q5107', 'code-drug', 'false'],
      [7, 'JW', 'modifier-meaning', 'true'],
      [7, 'JZ', 'modifier-use', 'true'],
      [8, 'JZ', 'modifier-use', 'false'],
      [8, 'JW', 'modifier-use', 'true'],
      [9, 'JB', 'modifier-meaning', 'true'],
      [9, 'JA', 'modifier-meaning', 'false'],
      [9, 'TB', 'modifier-meaning', 'true'],
      [11, 'JZ', 'modifier-use', 'true'],
      [11, 'J2506', 'code-drug', 'true'],
      [11, 'J9045', 'code-drug', 'true'],
      [12, 'J9045', 'code-unit', 'true'],
      [12, 'J9355', 'code-unit', 'true'],
      [12, '25', 'modifier-use', 'true'],
    ] satisfies Expected[]);
    const abraxane = r.claims.find((c) => c.code === 'J9264' && c.verdict === 'false');
    assert.match(abraxane?.suggestion ?? '', /paclitaxel is J9267/);
    const avastin = r.claims.find((c) => c.code === 'Q5107');
    assert.match(avastin?.suggestion ?? '', /Avastin is J9035/);
  });

  test('a web page that gets everything right: all true', () => {
    const r = factCheck(ref, WEB_PAGE, DATE);
    assert.deepEqual(summary(r.claims), [
      [1, 'J9312', 'code-drug', 'true'],
      [3, 'J9312', 'code-drug', 'true'],
      [5, 'JW', 'modifier-meaning', 'true'],
      [5, 'JZ', 'modifier-meaning', 'true'],
      [6, 'J9311', 'code-drug', 'true'],
      [9, 'J9035', 'code-drug', 'true'],
      [9, 'Q5107', 'code-drug', 'true'],
      [9, 'Q5118', 'code-drug', 'true'],
      [10, 'J9271', 'code-drug', 'true'],
      [10, 'J9299', 'code-drug', 'true'],
    ] satisfies Expected[]);
    assert.deepEqual(r.claims[0]?.claimed, { drug: 'rituximab', unit: '10 mg' });
    assert.deepEqual(r.claims.find((c) => c.code === 'J9271')?.claimed, { drug: 'Keytruda', unit: '1 mg' });
  });

  test('a page of common mistakes: every mistake caught, the one true line kept', () => {
    const r = factCheck(ref, MISTAKES, DATE);
    assert.deepEqual(summary(r.claims), [
      [3, 'J9035', 'code-drug', 'false'],
      [3, 'J9355', 'code-drug', 'false'],
      [3, 'J9173', 'code-unit', 'false'],
      [4, 'JZ', 'modifier-meaning', 'false'],
      [4, '25', 'modifier-use', 'false'],
      [5, 'J9271', 'code-drug', 'true'],
      [5, 'JW', 'modifier-use', 'false'],
      [6, 'JG', 'modifier-use', 'false'],
      [6, 'J9045', 'code-drug', 'false'],
    ] satisfies Expected[]);
    const bySuggestion = r.claims.map((c) => c.suggestion ?? '');
    assert.ok(bySuggestion.includes('J9035 is bevacizumab, 10 mg; Herceptin is J9355.'));
    assert.ok(bySuggestion.includes('J9355 is trastuzumab, 10 mg; Kadcyla is J9354.'));
    assert.ok(bySuggestion.includes('J9045 is carboplatin, 50 mg; 1 unit of J9045 = 50 mg, not 10 mg.'));
  });

  test('the verdict depends on the date: JG before and after its termination', () => {
    const text = 'Use JG for 340B-acquired drugs.';
    assert.equal(factCheck(ref, text, '2024-06-01').claims[0]?.verdict, 'true');
    assert.equal(factCheck(ref, text, '2025-06-01').claims[0]?.verdict, 'outdated');
  });

  test('a date that is not a real YYYY-MM-DD date throws a TypeError date.invalid (the result has no room for a problem)', () => {
    for (const date of ['02/01/2026', '2026-2-1', 'yesterday', '2026-13-45', '2026-02-30'])
      assert.throws(() => factCheck(ref, 'J9312 is pemetrexed.', date), {
        name: 'TypeError',
        code: 'date.invalid',
        message: `factCheck: date must be a real date written YYYY-MM-DD, not ${JSON.stringify(date)}`,
      });
    // Plain JavaScript: no date at all.
    assert.throws(() => factCheck(ref, 'J9312 is pemetrexed.', undefined as unknown as string), {
      code: 'date.invalid',
      message: 'factCheck: date must be a real date written YYYY-MM-DD, not undefined',
    });
  });

  test('a code that does not exist on the date, a negation, JW/JZ together', () => {
    const cases: [string, CheckedClaim['verdict']][] = [
      ['J9399 is pemetrexed.', 'false'],
      ['J9312 is not rituximab.', 'false'],
      ['Pemetrexed is not billed with J9312.', 'true'],
      ['Never report JW and JZ on the same line.', 'true'],
      ['JW and JZ go together on one line.', 'false'],
      ['The billing unit for J9271 is 1 mg.', 'true'],
      ['J9271 is billed per 10 mg.', 'false'],
      // "J9173 (10 mg)": an amount alone in brackets is no billing unit (qa-findings.test.ts, brackets).
      ['J9173 (per 10 mg) is the durvalumab code.', 'true'],
    ];
    for (const [text, verdict] of cases) {
      const claims = factCheck(ref, text, DATE).claims;
      assert.equal(claims.length, 1, `${text}: ${JSON.stringify(claims.map((c) => c.code))}`);
      assert.equal(claims[0]?.verdict, verdict, text);
    }
  });

  test('a billing unit written after the drug is checked, not only the drug', () => {
    const cases: [text: string, verdict: CheckedClaim['verdict'], unit: string | undefined][] = [
      ['J9312 is rituximab, 100 mg per unit.', 'false', '100 mg'],
      ['J9312 = rituximab, 100 mg per unit.', 'false', '100 mg'],
      ['J9312 (rituximab 100 mg)', 'false', '100 mg'],
      ['J9271 is pembrolizumab, billed in 10 mg units.', 'false', '10 mg'],
      ['J9271 is pembrolizumab; 1 unit = 10 mg.', 'false', '10 mg'],
      ['J9312 is rituximab, 100 mg.', 'false', '100 mg'],
      ['J9173 is durvalumab, 10 mg per unit.', 'true', '10 mg'],
      ['J9271 is pembrolizumab, billed in 1 mg units.', 'true', '1 mg'],
      // A dose after the name is not a billing unit.
      ['J9312 is rituximab; 700 mg was given.', 'true', undefined],
      ['J9271 is pembrolizumab, 200 mg every 3 weeks.', 'true', undefined],
    ];
    for (const [text, verdict, unit] of cases) {
      const claims = factCheck(ref, text, DATE).claims;
      assert.equal(claims.length, 1, text);
      assert.equal(claims[0]?.verdict, verdict, text);
      assert.equal(claims[0]?.claimed.unit, unit, text);
    }
    const [c] = factCheck(ref, 'J9312 is rituximab, 100 mg per unit.', DATE).claims;
    assert.equal(c?.suggestion, 'J9312 is rituximab, 10 mg; 1 unit of J9312 = 10 mg, not 100 mg.');
  });

  test('"including biosimilars" is false for a code whose descriptor excludes them, and names the Q-codes', () => {
    const cases: [text: string, verdict: CheckedClaim['verdict'], includes: boolean][] = [
      ['J1745 is infliximab 10 mg, including biosimilars.', 'false', true],
      ['J9355 is trastuzumab, including biosimilars.', 'false', true],
      ['J9312 is rituximab and its biosimilars.', 'false', true],
      ['J1745 is infliximab, excluding biosimilars.', 'true', false],
      ['J1745 is infliximab, not including biosimilars.', 'true', false],
      ['J9355 is trastuzumab, and biosimilars have their own Q-codes.', 'true', false],
    ];
    for (const [text, verdict, includes] of cases) {
      const claims = factCheck(ref, text, DATE).claims;
      assert.equal(claims.length, 1, text);
      assert.equal(claims[0]?.verdict, verdict, text);
      assert.equal(claims[0]?.claimed.includesBiosimilars === true, includes, text);
    }
    const [infliximab] = factCheck(ref, 'J1745 is infliximab 10 mg, including biosimilars.', DATE).claims;
    assert.equal(
      infliximab?.suggestion,
      'J1745 is infliximab, 10 mg; J1745 excludes biosimilars; infliximab biosimilars have their own codes: Q5103 (inflectra), Q5104 (renflexis), Q5121 (avsola).',
    );
    const [trastuzumab] = factCheck(ref, 'J9355 is trastuzumab, including biosimilars.', DATE).claims;
    assert.ok(trastuzumab?.suggestedCodes.some((x) => x.code === 'Q5117'));
    assert.match(trastuzumab?.suggestion ?? '', /Q5117 \(kanjinti\)/);
  });

  test('line breaks end statements; table rows and "CODE drug unit" lines are statements', () => {
    const cases: [text: string, expected: Expected[]][] = [
      [
        'J9312: rituximab 100mg\nJ9312 - rituximab, 100 mg\nJ9271 is pembrolizumab; 1 unit = 10 mg.',
        [
          [1, 'J9312', 'code-drug', 'false'],
          [2, 'J9312', 'code-drug', 'false'],
          [3, 'J9271', 'code-drug', 'false'],
        ],
      ],
      [
        '| Code | Drug | Unit |\n|---|---|---|\n| J9312 | pemetrexed | 10 mg |\n| J9271 | pembrolizumab | 1 mg |',
        [
          [3, 'J9312', 'code-drug', 'false'],
          [4, 'J9271', 'code-drug', 'true'],
        ],
      ],
      ['J9312 rituximab 100 mg', [[1, 'J9312', 'code-drug', 'false']]],
      ['J9045 carboplatin 50 mg.', [[1, 'J9045', 'code-drug', 'true']]],
      ['J9305 pemetrexed 10mg.', [[1, 'J9305', 'code-drug', 'true']]],
      ['- J9045 carboplatin 10 mg', [[1, 'J9045', 'code-drug', 'false']]],
      [
        'JW means drug wasted\nJZ means no waste',
        [
          [1, 'JW', 'modifier-meaning', 'true'],
          [2, 'JZ', 'modifier-meaning', 'true'],
        ],
      ],
      // Prose wrapped mid-sentence stays one statement.
      ['Keytruda is billed with\nJ9271 at 1 mg per unit.', [[1, 'J9271', 'code-drug', 'true']]],
      [
        'Pemetrexed is billed under J9305,\nJ9304 or J9294.',
        [
          [1, 'J9294', 'code-drug', 'true'],
          [1, 'J9304', 'code-drug', 'true'],
          [1, 'J9305', 'code-drug', 'true'],
        ],
      ],
    ];
    for (const [text, expected] of cases)
      assert.deepEqual(summary(factCheck(ref, text, DATE).claims), expected, text);
    const [row] = factCheck(ref, '| J9312 | pemetrexed | 10 mg |', DATE).claims;
    assert.equal(row?.text, '| J9312 | pemetrexed | 10 mg |');
    assert.deepEqual(row?.claimed, { drug: 'pemetrexed', unit: '10 mg' });
  });

  test('true as written but not valid on the date: outdated, counted apart', () => {
    const cases: [text: string, date: string, verdict: CheckedClaim['verdict']][] = [
      ['J2505 is pegfilgrastim 6 mg.', '2026-02-15', 'outdated'],
      ['JG is used for 340B drugs.', '2026-02-15', 'outdated'],
      ['JG is used for 340B drugs.', '2024-06-01', 'true'],
      // Still false when wrong, and a negation misleads no one.
      ['J2505 is pemetrexed.', '2026-02-15', 'false'],
      ['J2505 is not rituximab.', '2026-02-15', 'true'],
      ['Use JG for 340B-acquired drugs.', '2026-02-15', 'outdated'],
    ];
    for (const [text, date, verdict] of cases) {
      const claims = factCheck(ref, text, date).claims;
      assert.equal(claims.length, 1, text);
      assert.equal(claims[0]?.verdict, verdict, `${text} on ${date}`);
    }
    const r = factCheck(ref, 'J2505 is pegfilgrastim 6 mg.\nJG is used for 340B drugs.', '2026-02-15');
    assert.deepEqual(r.summary, { claims: 2, true: 0, false: 0, unknown: 0, outdated: 2, notChecked: 0 });
    assert.match(r.claims[0]?.actual ?? '', /It was terminated on 2021-12-31\.$/);
    assert.match(
      r.claims[0]?.suggestion ?? '',
      /^J2505 cannot be billed on 2026-02-15; pegfilgrastim is J2506, /,
    );
    assert.equal(
      r.claims[1]?.suggestion,
      'JG was terminated on 2024-12-31; report TB for 340B-acquired drugs.',
    );
  });

  test('prose with codes but no checkable statement yields no claim (no false alarms)', () => {
    const texts = [
      'After the infusion, rituximab, J9305 was billed.',
      'We billed J9173 and J9271 on the same day for 750 mg and 200 mg.',
      'Durvalumab 1500 mg (J9173) was infused over 60 minutes; the patient tolerated it well.',
      'Diagnosis C34.90 and Z51.11; weight 80 kg; BSA 1.9 m2.',
      'J9173-JW x 9 units and J9173 x 75 units.',
      'Rituximab was given first, then J9305 followed on day 8.',
    ];
    for (const t of texts) assert.deepEqual(factCheck(ref, t, DATE).claims, [], t);
  });

  test('classifyMeaning reads the HCPCS modifier descriptors the way the claims are read', () => {
    const cases: [string, ReturnType<typeof classifyMeaning>][] = [
      ['Drug amount discarded/not administered to any patient', 'waste'],
      ['Zero drug amount discarded/not administered to any patient', 'no-waste'],
      [
        'Drug or biological acquired with 340b drug pricing program discount, reported for informational purposes',
        '340b',
      ],
      ['Administered intravenously', 'iv'],
      ['Administered subcutaneously', 'sc'],
      ['no waste', 'no-waste'],
      ['the amount wasted', 'waste'],
      ['a separately identifiable E/M service', 'em'],
      ['something else', undefined],
    ];
    for (const [text, meaning] of cases) assert.equal(classifyMeaning(text), meaning, text);
  });
});

describe("factCheck: the biosimilar suffix and hyaluronidase must be the code's own (real data, 2026-02-01)", () => {
  let ref: ReferenceData;
  before(async () => {
    ref = await sharedReference();
  });

  const cases: [text: string, verdict: CheckedClaim['verdict'], drug: string, suggestion: string | null][] = [
    // The QA report: a suffix or "and hyaluronidase" of another product of the same molecule.
    [
      'Q5107 is bevacizumab-bvzr (Zirabev).',
      'false',
      'bevacizumab-bvzr',
      'Q5107 is bevacizumab-awwb, 10 mg; bevacizumab-bvzr is Q5118.',
    ],
    [
      'Q5103 is infliximab-abda (Renflexis), 10 mg.',
      'false',
      'infliximab-abda',
      'Q5103 is infliximab-dyyb, 10 mg; infliximab-abda is Q5104.',
    ],
    [
      'J1745 is infliximab-axxq.',
      'false',
      'infliximab-axxq',
      'J1745 is infliximab, 10 mg; J1745 excludes biosimilars; infliximab-axxq is Q5121.',
    ],
    [
      'J9145 is daratumumab and hyaluronidase, 10 mg.',
      'false',
      'daratumumab and hyaluronidase',
      'J9145 is daratumumab, 10 mg; daratumumab and hyaluronidase is J9144.',
    ],
    [
      'Q5118 is bevacizumab-awwb, 10 mg.',
      'false',
      'bevacizumab-awwb',
      'Q5118 is bevacizumab-bvzr, 10 mg; bevacizumab-awwb is Q5107.',
    ],
    [
      'J9144 is daratumumab.',
      'false',
      'daratumumab',
      'J9144 is daratumumab and hyaluronidase-fihj, 10 mg; daratumumab without hyaluronidase is J9145.',
    ],
    [
      'J9316 is pertuzumab.',
      'false',
      'pertuzumab',
      'J9316 is pertuzumab, trastuzumab, and hyaluronidase-zzxf, 10 mg; pertuzumab without hyaluronidase is J9306.',
    ],
    [
      'J9312 is rituximab and hyaluronidase.',
      'false',
      'rituximab and hyaluronidase',
      'J9312 is rituximab, 10 mg; rituximab and hyaluronidase is J9311.',
    ],
    [
      'J9299 is nivolumab and hyaluronidase-nvhy.',
      'false',
      'nivolumab and hyaluronidase-nvhy',
      'J9299 is nivolumab, 1 mg; nivolumab and hyaluronidase-nvhy is J9289.',
    ],
    [
      'J9356 is trastuzumab and hyaluronidase-zzxf.',
      'false',
      'trastuzumab and hyaluronidase-zzxf',
      'J9356 is trastuzumab and hyaluronidase-oysk, 10 mg; trastuzumab and hyaluronidase-zzxf has no active code on 2026-02-01.',
    ],
    [
      'Q5104 is infliximab-dyyb.',
      'false',
      'infliximab-dyyb',
      'Q5104 is infliximab-abda, 10 mg; infliximab-dyyb is J1748, Q5103.',
    ],
    [
      'J9035 is bevacizumab-tnjn.',
      'false',
      'bevacizumab-tnjn',
      'J9035 is bevacizumab, 10 mg; bevacizumab-tnjn has no active code on 2026-02-01.',
    ],
    [
      'Daratumumab and hyaluronidase is billed with J9145.',
      'false',
      'Daratumumab and hyaluronidase',
      'J9145 is daratumumab, 10 mg; Daratumumab and hyaluronidase is J9144.',
    ],
    ['Q5107 is Zirabev.', 'false', 'Zirabev', 'Q5107 is bevacizumab-awwb, 10 mg; Zirabev is Q5118.'],
    // Their inverses: the product the code covers, by suffix, by brand or by the unsuffixed molecule.
    ['Q5107 is bevacizumab-awwb.', 'true', 'bevacizumab-awwb', null],
    ['Q5118 is Zirabev.', 'true', 'Zirabev', null],
    ['Q5118 is bevacizumab-bvzr (Zirabev).', 'true', 'bevacizumab-bvzr', null],
    ['Q5104 is infliximab-abda (Renflexis), 10 mg.', 'true', 'infliximab-abda', null],
    ['Q5121 is infliximab-axxq.', 'true', 'infliximab-axxq', null],
    ['J1748 is infliximab-dyyb.', 'true', 'infliximab-dyyb', null],
    ['J9144 is daratumumab and hyaluronidase-fihj.', 'true', 'daratumumab and hyaluronidase-fihj', null],
    ['J9144 is daratumumab and hyaluronidase, 10 mg.', 'true', 'daratumumab and hyaluronidase', null],
    [
      'J9144 — Injection, daratumumab, 10 mg and hyaluronidase-fihj',
      'true',
      'daratumumab, 10 mg and hyaluronidase-fihj',
      null,
    ],
    [
      'Daratumumab and hyaluronidase-fihj (J9144) is given subcutaneously.',
      'true',
      'Daratumumab and hyaluronidase-fihj',
      null,
    ],
    ['J9144 is Darzalex Faspro.', 'true', 'Darzalex Faspro', null],
    ['J9145 is daratumumab.', 'true', 'daratumumab', null],
    ['J1745 is infliximab.', 'true', 'infliximab', null],
    ['J9312 is rituximab.', 'true', 'rituximab', null],
    ['Q5115 is rituximab.', 'true', 'rituximab', null],
    ['J9311 is rituximab and hyaluronidase.', 'true', 'rituximab and hyaluronidase', null],
    ['J9356 is trastuzumab and hyaluronidase-oysk.', 'true', 'trastuzumab and hyaluronidase-oysk', null],
    [
      'J9316 is pertuzumab, trastuzumab, and hyaluronidase-zzxf.',
      'true',
      'pertuzumab, trastuzumab, and hyaluronidase-zzxf',
      null,
    ],
    ['J9298 is nivolumab and relatlimab-rmbw.', 'true', 'nivolumab and relatlimab-rmbw', null],
    ['Q5107 is not bevacizumab-bvzr.', 'true', 'bevacizumab-bvzr', null],
  ];
  for (const [text, verdict, drug, suggestion] of cases) {
    test(text, () => {
      const claims = factCheck(ref, text, DATE).claims;
      assert.equal(claims.length, 1, JSON.stringify(claims.map((c) => c.code)));
      const [c] = claims;
      assert.equal(c?.kind, 'code-drug');
      assert.equal(c?.verdict, verdict);
      assert.equal(c?.claimed.drug, drug);
      assert.equal(c?.suggestion, suggestion);
    });
  }

  test('the suggestion lists exactly the codes of the suffix named', () => {
    const codes = (text: string): string[] =>
      factCheck(ref, text, DATE).claims.flatMap((c) => c.suggestedCodes.map((x) => x.code));
    assert.deepEqual(codes('Q5107 is bevacizumab-bvzr.'), ['Q5118']);
    assert.deepEqual(codes('J1745 is infliximab-axxq.'), ['Q5121']);
    assert.deepEqual(codes('Q5104 is infliximab-dyyb.'), ['J1748', 'Q5103']);
    assert.deepEqual(codes('J9145 is daratumumab and hyaluronidase.'), ['J9144']);
    assert.deepEqual(codes('J9144 is daratumumab.'), ['J9145']);
  });

  test('a suffix written with "including biosimilars" names the reference product once', () => {
    const [c] = factCheck(ref, 'J1745 is infliximab-axxq, including biosimilars.', DATE).claims;
    assert.equal(c?.verdict, 'false');
    assert.equal(
      c?.suggestion,
      'J1745 is infliximab, 10 mg; infliximab-axxq is Q5121; J1745 excludes biosimilars; infliximab biosimilars have their own codes: Q5103 (inflectra), Q5104 (renflexis), Q5121 (avsola).',
    );
  });

  test('the QA report as one text: every line false, on the date of the report', () => {
    const text =
      'Q5107 is bevacizumab-bvzr (Zirabev).\nQ5103 is infliximab-abda (Renflexis), 10 mg.\nJ1745 is infliximab-axxq.\nJ9145 is daratumumab and hyaluronidase, 10 mg.\nQ5118 is bevacizumab-awwb, 10 mg.\n';
    const r = factCheck(ref, text, '2026-03-01');
    assert.deepEqual(summary(r.claims), [
      [1, 'Q5107', 'code-drug', 'false'],
      [2, 'Q5103', 'code-drug', 'false'],
      [3, 'J1745', 'code-drug', 'false'],
      [4, 'J9145', 'code-drug', 'false'],
      [5, 'Q5118', 'code-drug', 'false'],
    ] satisfies Expected[]);
  });
});

describe('claimedForm: the suffix and the hyaluronidase a name is written with', () => {
  const cases: [text: string, form: ClaimedForm][] = [
    ['bevacizumab-bvzr', { suffix: 'bvzr', hyaluronidase: false, hyaluronidaseSuffix: null, variant: null }],
    ['Infliximab-AXXQ', { suffix: 'axxq', hyaluronidase: false, hyaluronidaseSuffix: null, variant: null }],
    ['bevacizumab', { suffix: null, hyaluronidase: false, hyaluronidaseSuffix: null, variant: null }],
    [
      'daratumumab and hyaluronidase',
      { suffix: null, hyaluronidase: true, hyaluronidaseSuffix: null, variant: null },
    ],
    [
      'daratumumab and hyaluronidase-fihj',
      { suffix: null, hyaluronidase: true, hyaluronidaseSuffix: 'fihj', variant: null },
    ],
    [
      'daratumumab, 10 mg and hyaluronidase-fihj',
      { suffix: null, hyaluronidase: true, hyaluronidaseSuffix: 'fihj', variant: null },
    ],
    [
      'pertuzumab, trastuzumab, and hyaluronidase-zzxf',
      { suffix: null, hyaluronidase: true, hyaluronidaseSuffix: 'zzxf', variant: null },
    ],
    [
      'rituximab 10 mg and hyaluronidase',
      { suffix: null, hyaluronidase: true, hyaluronidaseSuffix: null, variant: null },
    ],
    [
      'nivolumab and relatlimab-rmbw',
      { suffix: 'rmbw', hyaluronidase: false, hyaluronidaseSuffix: null, variant: null },
    ],
    // Hyaluronidase alone is a drug, not a co-formulation; "-free" is a word, not a suffix.
    ['hyaluronidase', { suffix: null, hyaluronidase: false, hyaluronidaseSuffix: null, variant: null }],
    [
      'paclitaxel protein-bound',
      { suffix: null, hyaluronidase: false, hyaluronidaseSuffix: null, variant: null },
    ],
    ['bevacizumab-free', { suffix: null, hyaluronidase: false, hyaluronidaseSuffix: null, variant: null }],
  ];
  for (const [text, form] of cases) test(text, () => assert.deepEqual(claimedForm(text), form));
});

/**
 * The coder's QA report (findings 1-4, 9-12, 14), each line checked against the same January 2026 files: J9271
 * pembrolizumab 1 mg, J9173 durvalumab 10 mg, J9312 rituximab 10 mg, J2506 "pegfilgrastim, excludes biosimilar,
 * 0.5 mg" (Neulasta; NDC 55513-0192-01 is the Onpro kit, NEULASTA PI §16), J1745 infliximab 10 mg; J9098 "cytarabine
 * liposome, 10 mg" and J9151 "daunorubicin citrate, liposomal formulation, 10 mg" (both terminated 2025-12-31), J9100
 * "cytarabine, 100 mg", J9000 "doxorubicin hydrochloride, 10 mg", Q2049/Q2050 "doxorubicin hydrochloride, liposomal",
 * J9205 "irinotecan liposome, 1 mg", J9206 irinotecan, J9153 "liposomal, 1 mg daunorubicin and 2.27 mg cytarabine";
 * J0885 "epoetin alfa, (for non-esrd use), 1000 units", J9020 "asparaginase, not otherwise specified, 10,000 units"
 * (terminated 2025-12-31); J9035 bevacizumab (biosimilars Q5107 Mvasi, Q5118 Zirabev, …), J9299 nivolumab (Opdivo),
 * J9298 "nivolumab and relatlimab-rmbw, 3 mg/1 mg" (Opdualag), J2405 "ondansetron hydrochloride, per 1 mg"; Q5109
 * "infliximab-qbtx, biosimilar, (ixifi)", J9019 "asparaginase (erwinaze)", J1443 "… (triferic)" (all three
 * terminated 2025-12-31, no longer in the crosswalk); J0177 "aflibercept hd, 1 mg" (Eylea HD), J0178 "aflibercept,
 * 1 mg" (Eylea); JG terminated 2024-12-31.
 */
describe('factCheck: the QA report findings (real data, 2026-02-01)', () => {
  let ref: ReferenceData;
  before(async () => {
    ref = await sharedReference();
  });
  const one = (text: string, date = DATE): CheckedClaim => {
    const claims = factCheck(ref, text, date).claims;
    assert.equal(claims.length, 1, `${text}: ${JSON.stringify(claims.map((c) => [c.code, c.claimed]))}`);
    return claims[0] as CheckedClaim;
  };

  // [text, verdict, claimed, suggestion (undefined: not asserted)]
  const cases: [string, CheckedClaim['verdict'], CheckedClaim['claimed'], string | null | undefined][] = [
    // 1. The unit after a code or brand in parentheses is checked, not dropped.
    [
      'Keytruda (J9271) is billed per 10 mg.',
      'false',
      { drug: 'Keytruda', unit: '10 mg' },
      'J9271 is pembrolizumab, 1 mg; 1 unit of J9271 = 1 mg, not 10 mg.',
    ],
    ['J9271 (Keytruda) is billed per 10 mg.', 'false', { drug: 'Keytruda', unit: '10 mg' }, undefined],
    ['Imfinzi (J9173) is billed per 1 mg.', 'false', { drug: 'Imfinzi', unit: '1 mg' }, undefined],
    ['Rituxan (J9312) is billed per 100 mg.', 'false', { drug: 'Rituxan', unit: '100 mg' }, undefined],
    [
      'Neulasta (J2506) is billed per 6 mg.',
      'false',
      { drug: 'Neulasta', unit: '6 mg' },
      'J2506 is pegfilgrastim, 0.5 mg; 1 unit of J2506 = 0.5 mg, not 6 mg.',
    ],
    ['Keytruda (J9271) is billed per 1 mg.', 'true', { drug: 'Keytruda', unit: '1 mg' }, null],
    ['J1745 (Remicade) is billed per 10 mg.', 'true', { drug: 'Remicade', unit: '10 mg' }, null],
    // After ")" only an explicit unit statement is a unit: a dose stays a dose.
    ['Imfinzi (J9173) is dosed at 1500 mg every 4 weeks.', 'true', { drug: 'Imfinzi' }, null],
    ['J9173 (Imfinzi) 1500 mg every 4 weeks.', 'true', { drug: 'Imfinzi' }, null],
    // 2. Liposomal and conventional products of one molecule are told apart.
    [
      'J9100 is cytarabine liposome.',
      'false',
      { drug: 'cytarabine liposome' },
      'J9100 is cytarabine, 100 mg; cytarabine liposome has no active code on 2026-02-01.',
    ],
    [
      'J9000 is doxorubicin hydrochloride, liposomal.',
      'false',
      { drug: 'doxorubicin hydrochloride, liposomal' },
      'J9000 is doxorubicin hydrochloride, 10 mg; doxorubicin hydrochloride, liposomal is Q2049, Q2050.',
    ],
    [
      'J9000 is liposomal doxorubicin.',
      'false',
      { drug: 'liposomal doxorubicin' },
      'J9000 is doxorubicin hydrochloride, 10 mg; liposomal doxorubicin is Q2049, Q2050.',
    ],
    [
      'J9098 is cytarabine liposome.',
      'outdated',
      { drug: 'cytarabine liposome' },
      'J9098 cannot be billed on 2026-02-01; cytarabine liposome has no active code on that date.',
    ],
    [
      'J9151 is daunorubicin citrate liposomal.',
      'outdated',
      { drug: 'daunorubicin citrate liposomal' },
      'J9151 cannot be billed on 2026-02-01; daunorubicin citrate liposomal has no active code on that date.',
    ],
    [
      'J9205 is irinotecan.',
      'false',
      { drug: 'irinotecan' },
      'J9205 is irinotecan liposome, 1 mg; irinotecan (not liposomal) is J9206.',
    ],
    [
      'Q2050 is liposomal doxorubicin, 10 mg.',
      'true',
      { drug: 'liposomal doxorubicin', unit: '10 mg' },
      null,
    ],
    ['Liposomal irinotecan is billed with J9205.', 'true', { drug: 'Liposomal irinotecan' }, null],
    ['J9206 is irinotecan.', 'true', { drug: 'irinotecan' }, null],
    ['J9000 is doxorubicin, 10 mg.', 'true', { drug: 'doxorubicin', unit: '10 mg' }, null],
    // Vyxeos has no conventional counterpart: the molecules named without "liposomal" mislead no one.
    ['J9153 is daunorubicin and cytarabine.', 'true', { drug: 'daunorubicin and cytarabine' }, null],
    // 7 (the fact checker's side). Eylea HD and Eylea: one molecule, two products.
    [
      'J0177 is aflibercept.',
      'false',
      { drug: 'aflibercept' },
      'J0177 is aflibercept hd, 1 mg; aflibercept (not HD) is J0178, Q5147, Q5149, Q5150, Q5153, Q5155.',
    ],
    [
      'J0178 is aflibercept hd.',
      'false',
      { drug: 'aflibercept hd' },
      'J0178 is aflibercept, 1 mg; aflibercept hd is J0177.',
    ],
    ['J0177 is Eylea HD.', 'true', { drug: 'Eylea HD' }, null],
    ['J0178 is aflibercept.', 'true', { drug: 'aflibercept' }, null],
    // 3. Thousands separators.
    ['J0885 is billed per 10,000 units.', 'false', { unit: '10,000 units' }, undefined],
    [
      'J0885 (epoetin alfa, 10,000 units)',
      'false',
      { drug: 'epoetin alfa', unit: '10,000 units' },
      'J0885 is epoetin alfa, 1000 units; 1 unit of J0885 = 1000 units, not 10,000 units.',
    ],
    [
      'J0885 is epoetin alfa, 10,000 units.',
      'false',
      { drug: 'epoetin alfa', unit: '10,000 units' },
      undefined,
    ],
    ['J0885 is epoetin alfa, 1,000 units.', 'true', { drug: 'epoetin alfa', unit: '1,000 units' }, null],
    [
      'J9020 is asparaginase, 1,000 units.',
      'false',
      { drug: 'asparaginase', unit: '1,000 units' },
      undefined,
    ],
    // 4. Common false statements.
    [
      'Avastin and its biosimilars (Mvasi, Zirabev) are all billed under J9035.',
      'false',
      { drug: 'Avastin', includesBiosimilars: true },
      undefined,
    ],
    [
      'Pegfilgrastim (Neulasta) is billed per 6 mg with J2506.',
      'false',
      { drug: 'Pegfilgrastim', unit: '6 mg' },
      'J2506 is pegfilgrastim, 0.5 mg; 1 unit of J2506 = 0.5 mg, not 6 mg.',
    ],
    ['Herceptin is billed in 10 mg units under J9355.', 'true', { drug: 'Herceptin', unit: '10 mg' }, null],
    [
      'For Opdivo (nivolumab), use HCPCS code J9298.',
      'false',
      { drug: 'Opdivo' },
      'J9298 is nivolumab and relatlimab-rmbw, 3 mg/1 mg; Opdivo is J9299.',
    ],
    ['For Opdivo, use J9299.', 'true', { drug: 'Opdivo' }, null],
    ['The Q5107 code is for Mvasi.', 'true', { drug: 'Mvasi' }, null],
    // 11. Product names only a descriptor gives, a presentation the label names, a hyphenated code.
    [
      'Q5109 is Ixifi.',
      'outdated',
      { drug: 'Ixifi' },
      'Q5109 cannot be billed on 2026-02-01; Ixifi has no active code on that date.',
    ],
    ['Erwinaze is billed with J9019.', 'outdated', { drug: 'Erwinaze' }, undefined],
    ['Triferic is J1443.', 'outdated', { drug: 'Triferic' }, undefined],
    ['Neulasta Onpro is billed with J2506.', 'true', { drug: 'Neulasta Onpro' }, null],
    [
      'Neulasta Onpro is billed with J2505.',
      'false',
      { drug: 'Neulasta Onpro' },
      'J2505 is pegfilgrastim, 6 mg; Neulasta Onpro is J2506.',
    ],
    ['Q5103 is Ixifi.', 'false', { drug: 'Ixifi' }, undefined],
    ['J-9271 is pembrolizumab.', 'true', { drug: 'pembrolizumab' }, null],
    // 14. The billing unit as an amount, and a descriptor's own dose words when there is no single unit.
    [
      'J2405 is ondansetron 10 mg.',
      'false',
      { drug: 'ondansetron', unit: '10 mg' },
      'J2405 is ondansetron hydrochloride, 1 mg; 1 unit of J2405 = 1 mg, not 10 mg.',
    ],
    [
      'J9298 is pembrolizumab.',
      'false',
      { drug: 'pembrolizumab' },
      'J9298 is nivolumab and relatlimab-rmbw, 3 mg/1 mg; pembrolizumab is J9271.',
    ],
  ];
  for (const [text, verdict, claimed, suggestion] of cases) {
    test(text, () => {
      const c = one(text);
      assert.equal(c.verdict, verdict);
      assert.deepEqual(c.claimed, claimed);
      if (suggestion !== undefined) assert.equal(c.suggestion, suggestion);
    });
  }

  test('1/14: the correct unit is stated as an amount, never "per 1 mg"', () => {
    assert.match(one('J2405 is ondansetron 10 mg.').actual, /\(1 unit = 1 mg\)/);
    assert.match(
      one('J9298 is pembrolizumab.').actual,
      /\(dose written "3 mg\/1 mg": no single billing unit\)/,
    );
  });

  test('4: "and its biosimilars" names the biosimilar codes', () => {
    const c = one('Avastin and its biosimilars (Mvasi, Zirabev) are all billed under J9035.');
    assert.match(c.suggestion ?? '', /Q5107 \(mvasi\), Q5118 \(zirabev\)/);
    for (const code of ['Q5107', 'Q5118'])
      assert.ok(
        c.suggestedCodes.some((s) => s.code === code),
        code,
      );
  });

  test('12: one JG statement, one verdict however it is worded; "still" or a later year makes it false', () => {
    const cases: [text: string, date: string, verdict: CheckedClaim['verdict']][] = [
      ['Use JG for 340B drugs.', '2026-02-15', 'outdated'],
      ['JG is used for 340B drugs.', '2026-02-15', 'outdated'],
      ['JG is required for 340B drugs.', '2026-02-15', 'outdated'],
      ['Append JG to 340B drugs.', '2026-02-15', 'outdated'],
      ['The JG modifier is still required on 340B drugs.', '2026-02-15', 'false'],
      ['Since 2025 the JG modifier is required on all 340B claims.', '2026-02-15', 'false'],
      ['Do not use JG for 340B drugs.', '2026-02-15', 'true'],
      ['Use JG for 340B drugs.', '2024-06-01', 'true'],
      ['JG is used for 340B drugs.', '2024-06-01', 'true'],
    ];
    for (const [text, date, verdict] of cases) {
      const c = one(text, date);
      assert.equal(c.verdict, verdict, `${text} on ${date}`);
      if (verdict !== 'true')
        assert.equal(
          c.suggestion,
          'JG was terminated on 2024-12-31; report TB for 340B-acquired drugs.',
          text,
        );
    }
  });

  test('9: a line starting with a lower-case code is a statement of its own, on its own line', () => {
    const r = factCheck(
      ref,
      'Rituxan Hycela is billed with J9312.\nj9271 is pembrolizumab.\nJ9173 is durvalumab.\n',
      DATE,
    );
    assert.deepEqual(
      r.claims.map((c) => [c.line, c.code, c.text]),
      [
        [1, 'J9312', 'Rituxan Hycela is billed with J9312.'],
        [2, 'J9271', 'j9271 is pembrolizumab.'],
        [3, 'J9173', 'J9173 is durvalumab.'],
      ],
    );
  });

  test('10: table cells in bold, italics or code spans are read like plain cells', () => {
    const r = factCheck(
      ref,
      '| Code | Drug | Unit |\n|---|---|---|\n| **J9035** | *bevacizumab* | 10 mg |\n| `J9299` | nivolumab | 1 mg |\n| __J9312__ | _pemetrexed_ | 10 mg |',
      DATE,
    );
    assert.deepEqual(summary(r.claims), [
      [3, 'J9035', 'code-drug', 'true'],
      [4, 'J9299', 'code-drug', 'true'],
      [5, 'J9312', 'code-drug', 'false'],
    ] satisfies Expected[]);
    assert.deepEqual(r.claims[0]?.claimed, { drug: 'bevacizumab', unit: '10 mg' });
    assert.equal(r.claims[0]?.text, '| **J9035** | *bevacizumab* | 10 mg |');
  });

  test('4: an article with common mistakes is not "all true": each is false or listed as not checked', () => {
    const article = [
      'Keytruda (pembrolizumab) is billed with HCPCS code J9271. When the full vials are used, append the JZ modifier, which indicates that no drug was wasted.',
      '',
      'After rituximab, J9305 was billed. J9173-JW x 9.',
      '',
      'For 340B hospitals, the JG modifier is still required on drugs acquired under the 340B program, and TB is used by rural sole community hospitals.',
      '',
      'Avastin and its biosimilars (Mvasi, Zirabev) are all billed under J9035.',
      '',
      'Pegfilgrastim (Neulasta) is billed per 6 mg with J2506.',
      '',
      'For Opdivo (nivolumab), use HCPCS code J9298.',
    ].join('\n');
    const r = factCheck(ref, article, DATE);
    assert.deepEqual(summary(r.claims), [
      [1, 'J9271', 'code-drug', 'true'],
      [1, 'JZ', 'modifier-meaning', 'true'],
      [5, 'JG', 'modifier-use', 'false'],
      [7, 'J9035', 'code-drug', 'false'],
      [9, 'J2506', 'code-drug', 'false'],
      [11, 'J9298', 'code-drug', 'false'],
    ] satisfies Expected[]);
    assert.deepEqual(
      r.notChecked.map((u) => [u.line, u.codes, u.unitNotChecked]),
      [
        [3, ['J9305'], false],
        [3, ['J9173', 'JW'], false],
        [5, ['TB'], false],
      ],
    );
    assert.deepEqual(r.summary, { claims: 6, true: 2, false: 4, unknown: 0, outdated: 0, notChecked: 3 });
  });

  test('4: a billing unit stated beside a code but read by no statement is listed as not checked', () => {
    const r = factCheck(ref, 'Our nurses say J9271, which is billed per 10 mg at most sites, is easy.', DATE);
    assert.deepEqual(r.claims, []);
    assert.deepEqual(
      r.notChecked.map((u) => [u.codes, u.unitNotChecked]),
      [[['J9271'], true]],
    );
  });

  test('a sentence fully checked is not listed; prose without codes is not listed', () => {
    const r = factCheck(ref, 'J9312 is rituximab, 10 mg. Rituximab is a CD20-directed antibody.', DATE);
    assert.deepEqual(r.notChecked, []);
    assert.equal(r.summary.notChecked, 0);
  });
});

/**
 * CMS's own short descriptors, written as statements, are true of their codes. Facts from
 * HCPC2026_JAN_ANWEB_01122026.txt: Q4145 "Epifix, injectable, 1 mg", Q4186 "Epifix, per square centimeter (add-on,
 * …)", Q4232 "Corplex, per square centimeter (…)", Q4310 "Procenta, per 100 mg", Q4331 "Axolotl graft, per square
 * centimeter (…)" (skin substitutes priced 11 or 13, outside the drug catalogue; Q4131 "Epifix or epicord" priced 51,
 * terminated 2018-12-31); Q9984 "Levonorgestrel-releasing intrauterine contraceptive system (kyleena), 19.5 mg",
 * terminated 2017-12-31 (J7296 is Kyleena now, J7298 Mirena); J0665 long "Injection, bupivicaine, not otherwise
 * specified, 0.5 mg", short "Inj, bupivacaine, nos, 0.5mg" (C9144 "bupivacaine (posimir)", J0666 "bupivacaine
 * liposome"); J0365 "Injection, aprotonin, 10,000 kiu"; E0781 an infusion pump.
 */
describe("factCheck: CMS's own descriptors are true of their codes (real data, 2026-02-01)", () => {
  let ref: ReferenceData;
  before(async () => {
    ref = await sharedReference();
  });

  // [text, verdict, claimed, suggestion (undefined: not asserted)]
  const cases: [string, CheckedClaim['verdict'], CheckedClaim['claimed'], string | null | undefined][] = [
    // A code outside the drug catalogue is judged by its own descriptor.
    ['Q4145 is Epifix.', 'true', { drug: 'Epifix' }, null],
    ['Q4186 is Epifix.', 'true', { drug: 'Epifix' }, null],
    ['Q4232 is Corplex.', 'true', { drug: 'Corplex' }, null],
    ['Q4310 is Procenta, per 100 mg.', 'true', { drug: 'Procenta', unit: '100 mg' }, null],
    ['Q4331 is Axolotl graft.', 'true', { drug: 'Axolotl graft' }, null],
    // Where the name is billed now: codes outside the drug catalogue too.
    [
      'Q4131 is Epifix.',
      'outdated',
      { drug: 'Epifix' },
      'Q4131 cannot be billed on 2026-02-01; Epifix is Q4145, Q4186 on that date.',
    ],
    // Shown by its whole descriptor, which holds the unit already; the name's own code is outside the catalogue.
    [
      'Q4186 is Corplex.',
      'false',
      { drug: 'Corplex' },
      'Q4186 is Epifix, per square centimeter (add-on, list separately in addition to primary procedure); Corplex is Q4232.',
    ],
    ['Q4186 is not Epifix.', 'false', { drug: 'Epifix' }, undefined],
    ['E0781 is bupivacaine.', 'false', { drug: 'bupivacaine' }, undefined],
    // The brand in the descriptor's own parentheses: the right product, on a code no longer billable.
    [
      'Q9984 is Kyleena.',
      'outdated',
      { drug: 'Kyleena' },
      'Q9984 cannot be billed on 2026-02-01; Kyleena is J7296 on that date.',
    ],
    ['Q9984 is Mirena.', 'false', { drug: 'Mirena' }, undefined],
    // The short descriptor's spelling, which is other codes' spelling, names the code too.
    ['J0665 is bupivacaine.', 'true', { drug: 'bupivacaine' }, null],
    ['J0665 is bupivicaine.', 'true', { drug: 'bupivicaine' }, null],
    ['C9144 is bupivacaine.', 'true', { drug: 'bupivacaine' }, null],
    [
      'J0666 is bupivacaine.',
      'false',
      { drug: 'bupivacaine' },
      'J0666 is bupivacaine liposome, 1 mg; bupivacaine (not liposomal) is J0665, C9144.',
    ],
    // "biosimilar" inside the name segment, a route before the drug (drug-names.ts).
    ['Q5142 is adalimumab-ryvk.', 'true', { drug: 'adalimumab-ryvk' }, null],
    [
      'Q5142 is adalimumab-ryvk, including biosimilars.',
      'true',
      { drug: 'adalimumab-ryvk', includesBiosimilars: true },
      null,
    ],
    ['J3365 is urokinase.', 'outdated', { drug: 'urokinase' }, undefined],
    // Two drugs in either order; a semicolon joins them in J0743's descriptor ("cilastatin sodium; imipenem").
    ['J0743 is imipenem and cilastatin.', 'true', { drug: 'imipenem and cilastatin' }, null],
    ['J2186 is vaborbactam and meropenem.', 'true', { drug: 'vaborbactam and meropenem' }, null],
    // A code offered for one drug that combines it with others says so: J0742 is not imipenem alone. (A combination
    // called by its first drug is TRUE, as "J0695 is ceftolozane" is.)
    ['J0742 is imipenem.', 'true', { drug: 'imipenem' }, null],
    // A drug and its route joined by a semicolon is one drug, not a combination.
    [
      'J9999 is busulfan.',
      'false',
      { drug: 'busulfan' },
      'J9999 is not otherwise classified; busulfan is J0594, J8510.',
    ],
    [
      'J0743 is imipenem.',
      'false',
      { drug: 'imipenem' },
      'J0743 is cilastatin sodium; imipenem, 250 mg; imipenem is J0742 (imipenem 4 mg, cilastatin 4 mg and relebactam 2 mg).',
    ],
    ['J7620 is albuterol and ipratropium.', 'true', { drug: 'albuterol and ipratropium' }, null],
    // A combination as its descriptor writes it, each drug with its dose, past commas.
    [
      'J0742 is imipenem 4 mg, cilastatin 4 mg and relebactam 2 mg.',
      'true',
      { drug: 'imipenem 4 mg, cilastatin 4 mg and relebactam' },
      null,
    ],
    // Words after the last drug that the name reader sets aside are not taken into the name.
    [
      'J0742 is imipenem 4 mg, cilastatin 4 mg and relebactam in adults.',
      'true',
      { drug: 'imipenem 4 mg, cilastatin 4 mg and relebactam' },
      null,
    ],
    [
      'J0750 is emtricitabine 200mg and tenofovir disoproxil fumarate 300mg.',
      'true',
      { drug: 'emtricitabine 200mg and tenofovir disoproxil fumarate' },
      null,
    ],
    [
      'J7620 is albuterol.',
      'false',
      { drug: 'albuterol' },
      'J7620 is albuterol, up to 2.5 mg and ipratropium bromide; albuterol is J7609, J7610, J7611, J7613.',
    ],
    ['J8510 is busulfan.', 'true', { drug: 'busulfan' }, null],
    // A name that holds the dose is not given it twice ("Ondansetron 1 mg, oral, …").
    [
      'Q0162 is ondansetron, 8 mg.',
      'false',
      { drug: 'ondansetron', unit: '8 mg' },
      'Q0162 is ondansetron 1 mg; 1 unit of Q0162 = 1 mg, not 8 mg.',
    ],
    // A dose with a thousands separator is quoted whole.
    [
      'J0365 is heparin.',
      'false',
      { drug: 'heparin' },
      'J0365 is aprotonin, 10,000 kiu; heparin is J1642, J1643, J1644.',
    ],
  ];
  for (const [text, verdict, claimed, suggestion] of cases)
    test(text, () => {
      const claims = factCheck(ref, text, DATE).claims;
      assert.equal(claims.length, 1, JSON.stringify(claims.map((c) => [c.code, c.claimed])));
      const c = claims[0] as CheckedClaim;
      assert.equal(c.verdict, verdict, `${c.actual} ${c.suggestion ?? ''}`);
      assert.deepEqual(c.claimed, claimed);
      if (suggestion !== undefined) assert.equal(c.suggestion, suggestion);
    });
});

describe('claimedForm: the formulation variant a name is written with', () => {
  const cases: [text: string, variant: ClaimedForm['variant']][] = [
    ['cytarabine liposome', 'liposomal'],
    ['liposomal doxorubicin', 'liposomal'],
    ['daunorubicin citrate, liposomal formulation', 'liposomal'],
    ['aflibercept hd', 'hd'],
    ['Aflibercept HD', 'hd'],
    ['aflibercept', null],
    ['doxorubicin hydrochloride', null],
  ];
  for (const [text, variant] of cases) test(text, () => assert.equal(claimedForm(text).variant, variant));
});
