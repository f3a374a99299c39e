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
import type { ParsedDataset } from '../../adapters/cms/types.ts';
import { isUnknown, type AdministrationCode, type Guide } from './model.ts';

const DATE = '2026-02-01';
const LOAD = /drugclaim data sync` or `drugclaim data import --from DIR/;

const reason = (f: { value: unknown } | undefined): string =>
  f === undefined
    ? 'no fact'
    : isUnknown(f as never)
      ? (f.value as { reason: string }).reason
      : `known: ${JSON.stringify(f.value)}`;

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

  test('administration codes: OPPS descriptor and add-on not known (not "none"), said once with the command', () => {
    const rows = guide.clinical.administrationCodes.map((a) => a.value);
    assert.deepEqual(
      rows.map((a) => a.code),
      ['96413', '96415', '96417', '96409', '96411'],
    );
    for (const a of rows) {
      assert.equal(a.shortDescriptorKnown, false, a.code);
      assert.equal(a.addOnKnown, false, a.code);
    }
    const why = guide.clinical.administrationNotKnown;
    assert.ok(why, 'administrationNotKnown set');
    const r = reason(why);
    assert.match(
      r,
      /^The OPPS short descriptor of each administration code listed is not known: no OPPS Addendum B data is loaded; /,
    );
    assert.match(
      r,
      /whether each administration code listed is an add-on code, and of which primary, is not known: no NCCI add-on code data is loaded\. Load the releases for 2026-02-01 with /,
    );
    assert.equal(r.split('drugclaim data sync').length - 1, 1, 'the command is named once');
    assert.deepEqual(
      why.sources.map((s) => s.kind === 'store' && s.dataset),
      ['opps', 'ncci-aoc'],
    );
  });

  test('setting notes say OPPS and ASP are not known', () => {
    const notes = guide.clinical.settingNotes.map((f) => f.value).join('\n');
    assert.match(notes, /Hospital outpatient \(OPPS\): the status indicator is not known/);
    assert.match(notes, /Physician office \(Medicare Part B\): the ASP payment limit is not known/);
  });
});

describe('administration codes with the OPPS and NCCI add-on code files loaded (J9173)', () => {
  let datasets: ParsedDataset[];
  before(() => {
    datasets = readSharedDatasets();
  });
  /** The guide from a store of the shared datasets `keep` returns (each as given, or changed, or left out). */
  const guideFrom = (date: string, keep: (d: ParsedDataset) => ParsedDataset | undefined): Guide => {
    const kept = datasets.flatMap((d) => keep(d) ?? []);
    const g = buildGuide(ReferenceIndex.build(entriesFromParsed(kept)), 'J9173', date);
    if (isProblem(g)) throw new Error(g.message);
    return g;
  };
  const only =
    (...kinds: ParsedDataset['dataset'][]) =>
    (d: ParsedDataset): ParsedDataset | undefined =>
      kinds.includes(d.dataset) ? d : undefined;
  const row = (g: Guide, code: string): AdministrationCode | undefined =>
    g.clinical.administrationCodes.find((a) => a.value.code === code)?.value;

  test('the add-on file in force (2026-05-01): an empty add-on list is a fact, as before', () => {
    const g = guideFrom('2026-05-01', only('hcpcs', 'opps', 'ncci-aoc'));
    assert.deepEqual([row(g, '96413')?.addOnKnown, row(g, '96413')?.addOnTo], [true, []]);
    assert.deepEqual(row(g, '96415')?.addOnTo, ['96413']);
    // OPPS October 2025 is not in force, but it has a row for each code: the descriptor is known.
    assert.equal(row(g, '96413')?.shortDescriptor, 'Chemo iv infusion 1 hr');
    assert.ok(
      g.clinical.administrationCodes.every((a) => a.value.shortDescriptorKnown && a.value.addOnKnown),
    );
    assert.equal(g.clinical.administrationNotKnown, undefined);
  });

  test('only an add-on file of another period (2026-02-01): a code with no row in it is not known, by name', () => {
    const g = guideFrom('2026-02-01', only('hcpcs', 'opps', 'ncci-aoc'));
    assert.deepEqual(
      g.clinical.administrationCodes.filter((a) => !a.value.addOnKnown).map((a) => a.value.code),
      ['96413', '96409'],
    );
    // A row found in the nearest release is shown (its source says it is not in force).
    assert.deepEqual([row(g, '96415')?.addOnKnown, row(g, '96415')?.addOnTo], [true, ['96413']]);
    const r = reason(g.clinical.administrationNotKnown);
    assert.match(
      r,
      /^Whether 96413 and 96409 are add-on codes, and of which primaries, is not known: no NCCI add-on code release in the store covers 2026-02-01 \(the nearest one has no row for them\)\. Load the release for 2026-02-01 with /,
    );
    assert.doesNotMatch(r, /OPPS/);
  });

  test('OPPS in force with no row for a code (2025-11-01, 96413 left out): no descriptor is a fact, as before', () => {
    const g = guideFrom('2025-11-01', (d) =>
      d.dataset === 'opps'
        ? { ...d, records: d.records.filter((r) => r.code !== '96413') }
        : only('hcpcs')(d),
    );
    assert.deepEqual([row(g, '96413')?.shortDescriptorKnown, row(g, '96413')?.shortDescriptor], [true, null]);
    assert.equal(row(g, '96415')?.shortDescriptor, 'Chemo iv infusion addl hr');
    // The add-on file is not loaded: that, and only that, is said.
    assert.match(
      reason(g.clinical.administrationNotKnown),
      /^Whether each administration code listed is an add-on code, and of which primary, is not known: no NCCI add-on code data is loaded\. Load the release for 2025-11-01 with /,
    );
  });
});
