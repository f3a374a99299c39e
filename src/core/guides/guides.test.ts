/**
 * Snapshot-like guide tests on the real CMS data (../shared/data) for J9173, J9309, J9312 and J9393: the facts
 * each section must state, each checked against the files (see shared/data/PROVENANCE.md).
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { loadGuideInputs } from '../../adapters/render/guide-inputs.ts';
import { renderGuideHtml } from '../../adapters/render/guide-html.ts';
import { renderGuideMarkdown } from '../../adapters/render/guide-markdown.ts';
import { sharedReference } from '../../../test/support/reference.ts';
import type { ReferenceData } from '../reference/port.ts';
import { EDITS_BY_ID } from '../edits/registry.ts';
import { buildGuide, isProblem } from './build.ts';
import { routesFromText } from './clinical.ts';
import { isExamplePayer } from './commercial.ts';
import { DENIAL_SPECS } from './denials.ts';
import type { GuideInputs } from './inputs.ts';
import { isUnknown, type Guide, type Known } from './model.ts';

const DATE = '2026-02-01';

function known<T>(f: Known<T>): T {
  assert.ok(!isUnknown(f), `expected a known fact, got: ${JSON.stringify(f.value)}`);
  return f.value as T;
}

describe('guides (real data, 2026-02-01)', () => {
  let ref: ReferenceData;
  let inputs: GuideInputs;
  const guide = (code: string, date = DATE): Guide => {
    const g = buildGuide(ref, code, date, inputs);
    assert.ok(!isProblem(g), isProblem(g) ? g.message : '');
    return g;
  };
  before(async () => {
    ref = await sharedReference();
    inputs = loadGuideInputs().inputs;
  });

  test('J9173 durvalumab: definition', () => {
    const d = guide('J9173').definition;
    assert.equal(d.longDescription.value, 'Injection, durvalumab, 10 mg');
    assert.deepEqual(known(d.billingUnit), { amount: 10, unit: 'mg', text: '10 mg' });
    assert.deepEqual(known(d.category), {
      letter: 'J',
      from: 'J8501',
      to: 'J9999',
      title: 'Chemotherapy drugs',
    });
    assert.equal(d.status.value.status, 'active');
    assert.equal(d.status.value.addedDate, '2019-01-01');
    assert.deepEqual(d.drug.value.brands, ['Imfinzi']);
    assert.equal(known(d.aspLimit).paymentLimitMills, 86270);
    assert.equal(known(d.opps).statusIndicator, 'K');
    assert.deepEqual(
      d.mue.map((m) => [known(m).setting, known(m).value, known(m).mai]),
      [
        ['practitioner', 150, 3],
        ['outpatient-hospital', 150, 3],
      ],
    );
    assert.deepEqual(
      known(d.ndcPackages).map((p) => [p.ndc, p.billingUnitsPerPackage]),
      [
        ['00310-4500-12', 12],
        ['00310-4611-50', 50],
      ],
    );
    assert.equal(d.aspLimit.sources[0]?.kind === 'release' && d.aspLimit.sources[0].release.dataset, 'asp');
  });

  test('J9173: clinical context, modifiers, documentation', () => {
    const g = guide('J9173');
    assert.deepEqual(known(g.clinical.routes), ['intravenous']);
    assert.deepEqual(
      g.clinical.administrationCodes.map((a) => a.value.code),
      ['96413', '96415', '96417', '96409', '96411'],
    );
    assert.deepEqual(g.clinical.administrationCodes.find((a) => a.value.code === '96415')?.value.addOnTo, [
      '96413',
    ]);
    assert.ok(known(g.clinical.indications).some((i) => /unresectable stage III/.test(i.indication)));
    assert.equal(known(g.modifiers.container).kind, 'single-dose');
    const use = Object.fromEntries(g.modifiers.advice.map((a) => [a.value.modifier, a.value.applicability]));
    assert.deepEqual(use, {
      JW: 'conditional',
      JZ: 'applies',
      JG: 'does-not-apply',
      TB: 'conditional',
      JA: 'conditional',
      JB: 'does-not-apply',
      '25': 'not-on-drug-line',
    });
    const jg = g.modifiers.advice.find((a) => a.value.modifier === 'JG')?.value;
    assert.equal(jg?.terminationDate, '2024-12-31');
    assert.equal(jg?.modifierStatus, 'terminated');
    const need = Object.fromEntries(g.documentation.items.map((i) => [i.value.id, i.value.need]));
    assert.equal(need['discarded-amount'], 'required');
    assert.equal(need['infusion-times'], 'required');
    // The repository's only commercial policy for J9173 is the fictional Example Health Plan's: shown as an
    // example, never as a requirement (QA 6).
    assert.equal(need['prior-auth'], 'when-applicable');
    const auth = g.documentation.items.find((i) => i.value.id === 'prior-auth')?.value;
    assert.match(
      auth?.why ?? '',
      /For illustration only, Example Health Plan .*\(an example rules file, not a real payer\)/,
    );
  });

  test('J9173: denials carry CARC/RARC from the store and the edit that catches them', () => {
    const reasons = guide('J9173').denials.reasons.map((r) => r.value);
    const mue = reasons.find((r) => r.id === 'units-over-mue');
    assert.deepEqual(
      mue?.carc.map((c) => [c.code, c.status]),
      [['151', 'current']],
    );
    assert.deepEqual(
      mue?.rarc.map((c) => c.code),
      ['N362'],
    );
    assert.match(mue?.rarc[0]?.description ?? '', /exceeds our acceptable maximum/);
    assert.deepEqual(
      mue?.edits.map((e) => e.id),
      ['mue-date-of-service'],
      'MAI 3 is a date-of-service edit',
    );
    const jw = reasons.find((r) => r.id === 'jw-jz-missing');
    assert.deepEqual(
      jw?.edits.map((e) => e.id),
      ['jw-jz-missing'],
    );
    assert.deepEqual(
      jw?.rarc.map((c) => c.code),
      ['N822', 'MA130'],
    );
    assert.deepEqual(
      reasons.find((r) => r.id === 'modifier-25')?.edits.map((e) => e.id),
      ['modifier-25-on-drug-line'],
    );
    assert.deepEqual(
      reasons.find((r) => r.id === 'code-not-valid')?.carc.map((c) => c.code),
      ['181'],
    );
    assert.equal(
      reasons.some((r) => r.id === 'packaged'),
      false,
      'SI K: not packaged',
    );
  });

  test('J9173: commercial payer rules and similar codes', () => {
    const g = guide('J9173');
    assert.equal(g.commercial.none, null);
    const kinds = g.commercial.requirements.map((r) => r.value.kind);
    for (const k of ['prior-auth', 'quantity-limit', 'biomarker', 'diagnosis'] as const)
      assert.ok(kinds.includes(k), k);
    assert.ok(g.commercial.requirements.every((r) => r.sources[0]?.kind === 'payer-rules'));
    assert.match(known(g.similar.drugClass), /PD-1 \/ PD-L1/);
    const similar = new Map(g.similar.codes.map((s) => [s.value.code, s.value]));
    assert.equal(similar.get('J9022')?.kind, 'same-class');
    assert.equal(similar.get('J9271')?.kind, 'same-class');
    assert.ok(similar.get('J9271')?.differences.some((d) => d.includes('billing unit 1 mg')));
    assert.equal(similar.get('J9172')?.kind, 'adjacent-number');
    assert.equal(
      g.similar.codes.some((s) => s.value.kind === 'same-ingredient'),
      false,
    );
  });

  test('J9309 polatuzumab vedotin: 1 mg, NDCs of 30 and 140 units, weight-based label dose', () => {
    const g = guide('J9309');
    const d = g.definition;
    assert.deepEqual(known(d.billingUnit), { amount: 1, unit: 'mg', text: '1 mg' });
    assert.equal(known(d.aspLimit).paymentLimitMills, 136772);
    assert.deepEqual(
      known(d.ndcPackages).map((p) => p.billingUnitsPerPackage),
      [30, 140],
    );
    assert.deepEqual(d.drug.value.brands, ['Polivy']);
    assert.equal(known(g.modifiers.container).kind, 'single-dose');
    assert.ok(known(g.clinical.labelDosing).some((f) => f.basis === 'per-kg'));
    assert.equal(g.documentation.items.find((i) => i.value.id === 'weight-bsa')?.value.need, 'required');
    assert.ok(known(g.clinical.indications).some((i) => /large B-cell lymphoma/i.test(i.indication)));
    // Route not in the descriptor nor in the label title drugclaim has: the guide says so and lists both families.
    assert.ok(isUnknown(g.clinical.routes));
    assert.deepEqual(g.clinical.administrationCodes.find((a) => a.value.code === '96401')?.value.ifRoute, [
      'subcutaneous',
      'intramuscular',
    ]);
    assert.ok(g.commercial.requirements.some((r) => r.value.kind === 'dose-limit'));
  });

  test('J9312 rituximab: biosimilars, the hyaluronidase product and the class', () => {
    const g = guide('J9312');
    assert.deepEqual(g.definition.drug.value.brands, ['Rituxan']);
    assert.equal(g.similar.ingredient, 'rituximab');
    const similar = new Map(g.similar.codes.map((s) => [s.value.code, s.value]));
    for (const q of ['Q5115', 'Q5119', 'Q5123']) assert.equal(similar.get(q)?.kind, 'biosimilar', q);
    assert.ok(similar.get('Q5115')?.differences.some((x) => x.includes('truxima')));
    assert.equal(similar.get('J9311')?.kind, 'same-ingredient');
    assert.ok(similar.get('J9311')?.differences.includes('co-formulated with hyaluronidase'));
    assert.equal(similar.get('J9301')?.kind, 'same-class', 'obinutuzumab');
    assert.match(known(g.similar.drugClass), /CD20/);
    assert.ok(g.commercial.none !== null && isUnknown(g.commercial.none));
  });

  test('J9393 fulvestrant (Teva): no ASP row, container unknown, not equivalent to J9395', () => {
    const g = guide('J9393');
    assert.equal(
      g.definition.longDescription.value,
      'Injection, fulvestrant (teva), not therapeutically equivalent to j9395, 25 mg',
    );
    assert.deepEqual(known(g.definition.billingUnit), { amount: 25, unit: 'mg', text: '25 mg' });
    assert.ok(isUnknown(g.definition.aspLimit), 'PROVENANCE: J9393 has no row in the January 2026 ASP file');
    assert.ok(isUnknown(g.definition.ndcPackages));
    assert.equal(known(g.definition.mue[0] as Known<{ value: number }>).value, 20);
    assert.equal(known(g.definition.opps).apc, '9102');
    assert.ok(isUnknown(g.modifiers.container));
    const jw = g.modifiers.advice.find((a) => a.value.modifier === 'JW');
    assert.equal(jw?.value.applicability, 'unknown');
    const similar = new Map(g.similar.codes.map((s) => [s.value.code, s.value]));
    assert.equal(similar.get('J9395')?.kind, 'same-ingredient');
    assert.ok(similar.get('J9395')?.differences.includes('J9393 is not therapeutically equivalent to it'));
    assert.equal(similar.get('J9394')?.kind, 'same-ingredient');
    assert.ok(isUnknown(g.similar.drugClass));
  });

  test("Q5107 (Mvasi): the reference product's indications are not shown as the biosimilar's; its dosing is, marked", () => {
    const g = guide('Q5107');
    assert.ok(isUnknown(g.clinical.indications));
    assert.match(
      (g.clinical.indications.value as { reason: string }).reason,
      /reference product's label \(Avastin, J9035\); Mvasi \(bevacizumab-awwb\) is a biosimilar/,
    );
    assert.match(g.clinical.labelDosing.basis ?? '', /reference product/);
    assert.ok(!isUnknown(guide('J9035').clinical.indications), 'the reference product keeps its own');
  });

  test('J9305: one labeler single-dose in the table, 41 other NDCs: JW and JZ conditional on the package label', () => {
    const use = Object.fromEntries(guide('J9305').modifiers.advice.map((a) => [a.value.modifier, a.value]));
    assert.deepEqual([use['JW']?.applicability, use['JZ']?.applicability], ['conditional', 'conditional']);
    assert.match(
      use['JZ']?.why ?? '',
      /The labels drugclaim holds \(Eli Lilly\) list their J9305 products as single-dose/,
    );
  });

  test('similar codes include drug codes priced otherwise (C9308 carboplatin for J9045, Q4081 epoetin for J0885)', () => {
    const similar = (code: string) => guide(code).similar.codes.map((c) => c.value.code);
    assert.ok(similar('J9045').includes('C9308'));
    assert.ok(similar('J0885').includes('Q4081'));
    assert.ok(similar('J9035').includes('C9257'));
  });

  test('a date no release covers: the nearest ASP file and crosswalk are not called "in force"', () => {
    const md = renderGuideMarkdown(guide('J9173', '2024-06-15'));
    assert.doesNotMatch(md, /(ASP file|crosswalk) in force/);
    assert.match(md, /the nearest crosswalk \(not in force on 2024-06-15\)/);
  });

  test('J0897 (denosumab, a -mab outside J9000–J9999): 96372 is offered beside 96401, the indication decides', () => {
    const codes = guide('J0897').clinical.administrationCodes.map((a) => a.value.code);
    assert.ok(codes.includes('96372') && codes.includes('96401'), codes.join(' '));
  });

  test('J9355 and J9316 (pertuzumab, trastuzumab and hyaluronidase): a combination of the same drug, both ways', () => {
    const of = (code: string, other: string) =>
      guide(code).similar.codes.find((c) => c.value.code === other)?.value;
    assert.equal(of('J9355', 'J9316')?.kind, 'same-ingredient');
    assert.ok(
      of('J9355', 'J9316')?.differences.some((d) =>
        d.startsWith('a combination product: pertuzumab + trastuzumab'),
      ),
    );
    assert.ok(
      of('J9316', 'J9355')?.differences.some((d) =>
        d.startsWith("trastuzumab alone, one of J9316's ingredients"),
      ),
    );
  });

  test('J0885 (epoetin alfa, non-ESRD): EA, EB and EC are advised; J0882 (ESRD on dialysis) has none', () => {
    const mods = (code: string) => guide(code).modifiers.advice.map((a) => a.value.modifier);
    assert.ok(['EA', 'EB', 'EC'].every((m) => mods('J0885').includes(m)));
    assert.ok(!mods('J0882').includes('EA'));
  });

  test('J3490 (NOC): the checklist asks for the drug described, and N350 is a denial reason; J9173 has neither', () => {
    const ids = (code: string) => [
      ...guide(code).documentation.items.map((i) => i.value.id),
      ...guide(code).denials.reasons.map((r) => r.value.id),
    ];
    assert.equal(ids('J3490').filter((id) => id === 'noc-description').length, 2);
    assert.ok(!ids('J9173').includes('noc-description'));
  });

  test('routes from descriptor words: "Infusion, …" is intravenous', () => {
    const cases: [string, string[]][] = [
      ['Infusion, normal saline solution, 250 cc', ['intravenous']],
      ['Injection, denosumab, 1 mg', []],
      ['Injection, methotrexate sodium, 5 mg, intrathecal', ['intrathecal']],
    ];
    for (const [text, routes] of cases) assert.deepEqual(routesFromText(text).routes, routes, text);
  });

  test('J9271: the OPPS rate to the mill, as Addendum B gives it ($60.291), not rounded to cents', () => {
    const opps = known(guide('J9271').definition.opps);
    assert.deepEqual([opps.paymentRateMills, opps.paymentRateCents], [60291, 6029]);
    assert.match(renderGuideMarkdown(guide('J9271')), /payment rate \$60\.291/);
  });

  test('J9045: the label table covers two labelers; the other crosswalk NDCs leave JW/JZ to the package label', () => {
    const g = guide('J9045');
    assert.equal(known(g.modifiers.container).kind, 'multi-dose');
    const jw = g.modifiers.advice.find((a) => a.value.modifier === 'JW')?.value;
    assert.equal(jw?.applicability, 'conditional');
    assert.match(
      jw?.why ?? '',
      /list their J9045 products as multiple-dose containers: no JW or JZ for those/,
    );
    assert.match(jw?.why ?? '', /The crosswalk maps \d+ other NDCs .* that drugclaim has no label fact for/);
    const missing = g.denials.reasons.find((r) => r.value.edits.some((e) => e.id === 'jw-jz-missing'));
    assert.match(missing?.value.relevance ?? '', /may be single-dose containers/);
  });

  test('J0897 denosumab (a monoclonal antibody, not a hormone): 96372, or 96401 as an anti-neoplastic; never 96402', () => {
    const codes = guide('J0897').clinical.administrationCodes.map((a) => a.value.code);
    assert.deepEqual(codes, ['96372', '96401']);
  });

  test('J2506 pegfilgrastim: 96372, and 96377 for the Onpro kit applied with an on-body injector', () => {
    const codes = guide('J2506').clinical.administrationCodes.map((a) => a.value.code);
    assert.deepEqual(codes, ['96372', '96377']);
  });

  test('J9041: the table holds Velcade only; the container row says the generic NDCs are not known', () => {
    const g = guide('J9041');
    const c = known(g.modifiers.container);
    assert.equal(c.kind, 'single-dose');
    assert.deepEqual(
      c.products.map((p) => p.ndc11),
      ['63020004901'],
    );
    assert.ok(c.unlisted.ndcs >= 15, `${c.unlisted.ndcs} generic NDCs`);
    assert.match(renderGuideMarkdown(g), /Not known for the \d+ other crosswalk NDCs of this code \(Hikma/);
    assert.equal(known(guide('J1745').modifiers.container).unlisted.ndcs, 0);
  });

  test('renderers: Markdown sections and sources; HTML escapes and loads nothing', () => {
    const g = guide('J9173');
    const md = renderGuideMarkdown(g);
    assert.match(md, /^# J9173 — Injection, durvalumab, 10 mg$/m);
    assert.match(md, /\| \*\*ASP payment limit\*\* \| \$86\.270 per 10 MG; coinsurance 20% \[\d+\] \|/);
    assert.match(
      md,
      /^\d+\. ASP payment limits January 2026 — file "section 508 version of January 2026 Medicare Part B Payment Limit File 121725\.csv"/m,
    );
    const html = renderGuideHtml(g);
    assert.match(html, /<title>J9173 — Injection, durvalumab, 10 mg<\/title>/);
    assert.match(html, /<sup><a href="#src-1">\[1\]<\/a>/);
    assert.doesNotMatch(html, /<script/);
  });

  test('problems: unknown code, modifier, not a code, bad date', () => {
    const cases: [string, string, string][] = [
      ['J9399', DATE, 'guide-unknown-code'],
      ['JW', DATE, 'guide-modifier'],
      ['hello', DATE, 'guide-bad-code'],
      ['J9173', '2026-02-30', 'guide-bad-date'],
      // Formats a caller may send by mistake: a problem, never a guide read on a date nobody meant.
      ['J9173', '02/01/2026', 'guide-bad-date'],
      ['J9173', '2026-2-1', 'guide-bad-date'],
      ['J9173', 'yesterday', 'guide-bad-date'],
      ['J9173', undefined as unknown as string, 'guide-bad-date'],
    ];
    for (const [code, date, expected] of cases) {
      const r = buildGuide(ref, code, date, inputs);
      assert.ok(isProblem(r), code);
      assert.equal(r.code, expected, code);
    }
  });

  test('a terminated code still gets a guide, with a warning first', () => {
    const terminated = ref
      .allHcpcs(DATE)
      .map((s) => s.value)
      .find(
        (r) =>
          r.kind === 'procedure' &&
          r.code.startsWith('J9') &&
          r.terminationDate !== null &&
          r.terminationDate < DATE,
      );
    assert.ok(terminated);
    const g = guide(terminated.code);
    assert.equal(g.definition.status.value.status, 'terminated');
    assert.match(g.notes[0]?.message ?? '', /terminated/);
  });

  // QA 2 and 7: products of one molecule that are not interchangeable, and the eye drugs. Checked against the
  // HCPCS file: J9098 "cytarabine liposome, 10 mg" (terminated 2025-12-31), J9100 "cytarabine, 100 mg"; J0177
  // "aflibercept hd, 1 mg", J0178 "aflibercept, 1 mg"; J2779 "ranibizumab, via intravitreal implant (susvimo)";
  // J2505 "pegfilgrastim, 6 mg" (terminated 2021-12-31); OPPS Addendum B: 67027 "Implant eye drug system", 67028
  // "Injection eye drug", 11981 "Insertion drug dlvr implant".
  test('J9098 (cytarabine liposome): J9100 is "not liposome", and no active code of the product is claimed', () => {
    const g = guide('J9098');
    const j9100 = g.similar.codes.find((c) => c.value.code === 'J9100')?.value;
    assert.ok(j9100?.differences.includes('not liposome (J9098 is)'), JSON.stringify(j9100?.differences));
    assert.equal(
      g.notes[0]?.message,
      'J9098 was terminated on 2025-12-31: it is not valid on 2026-02-01. No active code of the same product (cytarabine liposome) on 2026-02-01; "Similar codes" lists other products of the drug, which are not interchangeable with it.',
    );
    assert.match(
      guide('J2505').notes[0]?.message ?? '',
      /Active codes of pegfilgrastim on 2026-02-01: J2506, Q5108, Q5111, Q5120, Q5122, Q5127, Q5130/,
    );
  });

  test('J0178 (Eylea) and J0177 (Eylea HD): the same drug, another product; intravitreal, 67028', () => {
    const j0177 = guide('J0178').similar.codes.find((c) => c.value.code === 'J0177')?.value;
    assert.equal(j0177?.kind, 'same-ingredient');
    assert.deepEqual(j0177?.differences, ['the "hd" product: same drug, another product with its own code']);
    const j0178 = guide('J0177').similar.codes.find((c) => c.value.code === 'J0178')?.value;
    assert.deepEqual(j0178?.differences, ['not the "hd" product (J0177 is)']);
    for (const code of ['J0178', 'J0177']) {
      const c = guide(code).clinical;
      assert.deepEqual(known(c.routes), ['intravitreal'], code);
      assert.equal(c.routes.sources[0]?.kind, 'label');
      assert.deepEqual(
        c.administrationCodes.map((a) => a.value.code),
        ['67028'],
        code,
      );
      assert.doesNotMatch(c.administrationCodes[0]?.basis ?? '', /96372|monoclonal/, code);
    }
  });

  test('J2779 (ranibizumab intravitreal implant): eye procedure codes, not the skin implant code 11981', () => {
    const c = guide('J2779').clinical;
    assert.deepEqual(
      c.administrationCodes.map((a) => [a.value.code, a.value.shortDescriptor]),
      [
        ['67027', 'Implant eye drug system'],
        ['67028', 'Injection eye drug'],
      ],
    );
    assert.doesNotMatch(c.administrationCodes[0]?.basis ?? '', /96372|under the skin/);
  });

  test('the "why these codes" line names only what the codes listed are for', () => {
    const basis = (code: string): string => guide(code).clinical.administrationCodes[0]?.basis ?? '';
    // J1745 infliximab (IV by its label): complex-biologic infusion codes, no word of 96372 or the skin.
    assert.doesNotMatch(basis('J1745'), /96372|under the skin/);
    assert.match(basis('J1745'), /monoclonal antibody .*chemotherapy and complex-biologic codes/);
    // J0897 denosumab (SC): 96372 or 96401, said once.
    assert.match(
      basis('J0897'),
      /under the skin or into a muscle, 96372 unless it is given as an anti-neoplastic/,
    );
    // J2796 (route not in the data): the routes are conditional.
    assert.match(basis('J2796'), /^if given under the skin/);
  });

  test('an example payer rules file is shown as an example, never as a requirement (QA 6)', () => {
    const g = guide('J9173');
    const example =
      'Example Health Plan (fictional commercial payer) (an example rules file, not a real payer)';
    assert.ok(g.commercial.requirements.length > 0);
    for (const r of g.commercial.requirements) {
      assert.equal(r.value.payer, example);
      assert.match(r.value.text, /^Example only, not a requirement of any real payer: /);
    }
    const auth = g.denials.reasons.find((r) => r.value.id === 'prior-auth')?.value;
    assert.equal(auth?.relevance, `Required by ${example}.`);
    // Without the example file (what `drugclaim guide` uses by default), nothing of it is left.
    const real = (inputs.payerRules ?? []).filter((r) => !isExamplePayer(r));
    const plain = buildGuide(ref, 'J9173', DATE, { ...inputs, payerRules: real });
    assert.ok(!isProblem(plain));
    assert.doesNotMatch(JSON.stringify(plain), /Example Health Plan/);
    assert.equal(
      plain.documentation.items.find((i) => i.value.id === 'prior-auth')?.value.need,
      'when-applicable',
    );
  });

  test('J3490 (NOC): units are not called "dose divided by the billing unit"; SV101-7 carries the drug', () => {
    const items = guide('J3490').documentation.items.map((i) => i.value);
    assert.doesNotMatch(
      items.find((i) => i.id === 'dose-and-units')?.why ?? '',
      /divided by the billing unit/,
    );
    assert.match(items.find((i) => i.id === 'noc-description')?.item ?? '', /837P loop 2400 SV101-7/);
  });

  test('every edit a denial reason names is in the edit registry', () => {
    for (const spec of DENIAL_SPECS)
      for (const id of spec.editIds) assert.ok(EDITS_BY_ID.has(id), `${spec.id}: ${id}`);
  });

  test('the inputs are not mutated', () => {
    const before = JSON.stringify(inputs.payerRules);
    guide('J9173');
    assert.equal(JSON.stringify(inputs.payerRules), before);
  });
});
