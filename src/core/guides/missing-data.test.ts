/**
 * A guide from a store that holds only the HCPCS file (HCPC2026_JAN_ANWEB_01122026.txt): every fact read from
 * another dataset (ASP, MUE, crosswalk, OPPS) says it is not known because that data is not loaded, and names the
 * command that loads it; nothing is stated as absent. The full store's J9173 guide (ASP $86.270 per 10 MG, MUE
 * 150) is covered by guides.test.ts.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { entriesFromParsed, readSharedDatasets } from '../../../test/support/reference.ts';
import { ReferenceIndex } from '../reference/reference-index.ts';
import { buildGuide, isProblem } from './build.ts';
import { isUnknown, type Guide } from './model.ts';

const DATE = '2026-02-01';
const LOAD = /drugclaim data sync` or `drugclaim data import --from DIR/;

describe('guide with only the HCPCS file loaded (J9173, 2026-02-01)', () => {
  let guide: Guide;
  before(() => {
    const ref = ReferenceIndex.build(
      entriesFromParsed(readSharedDatasets().filter((d) => d.dataset === 'hcpcs')),
    );
    const g = buildGuide(ref, 'J9173', DATE);
    if (isProblem(g)) throw new Error(g.message);
    guide = g;
  });

  const reason = (f: { value: unknown }): string =>
    isUnknown(f as never) ? (f.value as { reason: string }).reason : `known: ${JSON.stringify(f.value)}`;

  const UNKNOWN_FACTS: [what: string, get: (g: Guide) => { value: unknown }, said: RegExp][] = [
    [
      'ASP payment limit',
      (g) => g.definition.aspLimit,
      /ASP payment limit of J9173 is not known: no ASP payment limit data is loaded/,
    ],
    [
      'OPPS status',
      (g) => g.definition.opps,
      /OPPS status indicator of J9173 is not known: no OPPS Addendum B data is loaded/,
    ],
    [
      'practitioner MUE',
      (g) => g.definition.mue[0] as { value: unknown },
      /practitioner MUE of J9173 is not known: no MUE \(practitioner\) data is loaded/,
    ],
    [
      'outpatient MUE',
      (g) => g.definition.mue[1] as { value: unknown },
      /outpatient-hospital MUE of J9173 is not known/,
    ],
    [
      'NDC packages',
      (g) => g.definition.ndcPackages,
      /Which NDC packages the crosswalk maps to J9173 is not known: no ASP NDC-HCPCS crosswalk data is loaded/,
    ],
  ];
  for (const [what, get, said] of UNKNOWN_FACTS)
    test(`${what}: not known, not absent, with the command to load it`, () => {
      const r = reason(get(guide));
      assert.match(r, said);
      assert.match(r, LOAD);
      assert.doesNotMatch(r, /has no row|prices it another way|No practitioner MUE/);
    });

  test('no brand is a fact only with a crosswalk: here the products are not known', () => {
    assert.deepEqual(guide.definition.drug.value.brands, []);
    assert.equal(guide.definition.drug.value.productsKnown, false);
  });

  test('the MUE denial reason is kept, saying the MUE is not known', () => {
    const mue = guide.denials.reasons.find((r) => r.value.id === 'units-over-mue');
    assert.ok(mue, 'units-over-mue listed');
    assert.match(mue.value.relevance, /MUE of J9173 is not known/);
  });

  test('NDC: the denial reason and the checklist say the crosswalk is not loaded', () => {
    const ndc = guide.denials.reasons.find((r) => r.value.id === 'ndc');
    assert.match(ndc?.value.relevance ?? '', /not known: no ASP NDC-HCPCS crosswalk data is loaded/);
    const item = guide.documentation.items.find((i) => i.value.id === 'ndc-lot');
    assert.match(item?.value.why ?? '', /not known: no ASP NDC-HCPCS crosswalk data is loaded/);
    assert.doesNotMatch(item?.value.why ?? '', /lists no NDC/);
  });

  test('JW/JZ: single-dose per the labels held, conditional on the other packages while the crosswalk is not loaded', () => {
    const jz = guide.modifiers.advice.find((m) => m.value.modifier === 'JZ');
    assert.equal(jz?.value.applicability, 'conditional');
    assert.match(jz?.value.why ?? '', /no ASP NDC-HCPCS crosswalk for 2026-02-01 is loaded/);
  });

  test('setting notes say OPPS and ASP are not known', () => {
    const notes = guide.clinical.settingNotes.map((f) => f.value).join('\n');
    assert.match(notes, /Hospital outpatient \(OPPS\): the status indicator is not known/);
    assert.match(notes, /Physician office \(Medicare Part B\): the ASP payment limit is not known/);
  });
});
