import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { sharedReference } from '../../../test/support/reference.ts';
import { codeStatus } from './as-of.ts';
import type { HcpcsRecord, Release } from './model.ts';
import { ReferenceIndex, type ReferenceEntry } from './reference-index.ts';

let ref: ReferenceIndex;
before(async () => {
  ref = await sharedReference();
});

const JAN = '2026-01-15';
const APR = '2026-04-15';

describe('ReferenceIndex on the real CMS files: facts from the issue and PROVENANCE.md', () => {
  it('J9173 is durvalumab 10 mg, ASP $86.270 in January 2026, MUE practitioner 150 MAI 3', () => {
    const h = ref.hcpcs('J9173', JAN);
    assert.equal(h?.value.longDescription, 'Injection, durvalumab, 10 mg');
    assert.equal(h?.inForce, true);
    assert.equal(h?.source.fileName, 'HCPC2026_JAN_ANWEB_01122026.txt');
    const d = ref.descriptor('J9173', JAN)?.value;
    assert.equal(d?.kind, 'parsed');
    assert.ok(d?.kind === 'parsed');
    assert.match(d.drugName, /durvalumab/i);
    assert.deepEqual([d.billingUnit.amount, d.billingUnit.unit], [10, 'mg']);
    const asp = ref.aspLimit('J9173', JAN);
    assert.equal(asp?.value.paymentLimitMills, 86270);
    assert.equal(asp?.inForce, true);
    assert.equal(asp?.source.effectiveTo, '2026-03-31');
    const mue = ref.mue('J9173', 'practitioner', APR);
    assert.deepEqual([mue?.value.value, mue?.value.mai, mue?.inForce], [150, 3, true]);
  });

  it('J9309 is polatuzumab vedotin-piiq 1 mg with NDC packages of 30 and 140 billing units', () => {
    assert.equal(ref.hcpcs('J9309', JAN)?.value.longDescription, 'Injection, polatuzumab vedotin-piiq, 1 mg');
    const packages = ref.ndcPackagesForCode('J9309', JAN)?.value ?? [];
    assert.deepEqual(
      [...new Set(packages.map((p) => p.billingUnitsPerPackage))].sort((a, b) => (a ?? 0) - (b ?? 0)),
      [30, 140],
    );
    assert.ok(packages.every((p) => p.drugName === 'Polivy'));
  });

  it('J9393 is fulvestrant (Teva) 25 mg, with no ASP row in January 2026', () => {
    const h = ref.hcpcs('J9393', JAN);
    assert.match(h?.value.longDescription ?? '', /^Injection, fulvestrant \(teva\), .*25 mg$/);
    const d = ref.descriptor('J9393', JAN)?.value;
    assert.ok(d?.kind === 'parsed', JSON.stringify(d));
    assert.deepEqual([d.billingUnit.amount, d.billingUnit.unit], [25, 'mg']);
    assert.equal(ref.aspLimit('J9393', JAN), undefined);
  });

  it('modifiers: JZ and JW exist; JG is valid through 2024-12-31 and terminated after', () => {
    for (const m of ['JZ', 'JW']) assert.equal(ref.hcpcs(m, JAN)?.value.kind, 'modifier', m);
    const jg = ref.hcpcs('JG', JAN)?.value;
    assert.ok(jg);
    assert.equal(jg.terminationDate, '2024-12-31');
    assert.equal(codeStatus(jg, '2024-12-31'), 'active');
    assert.equal(codeStatus(jg, '2025-01-01'), 'terminated');
  });

  it('a code added 2026-01-01 is not yet valid on 2025-12-31 and active on 2026-01-01', () => {
    const added = ref.allHcpcs(JAN).find((s) => s.value.addedDate === '2026-01-01');
    assert.ok(added, 'the January 2026 file adds codes on 2026-01-01');
    assert.equal(codeStatus(added.value, '2025-12-31'), 'not-yet-valid');
    assert.equal(codeStatus(added.value, '2026-01-01'), 'active');
  });

  it('counts match PROVENANCE.md: 8,623 procedures + 383 modifiers, 407 CARCs', () => {
    const all = ref.allHcpcs(JAN);
    assert.equal(all.length, 9006);
    assert.equal(all.filter((s) => s.value.kind === 'modifier').length, 383);
    assert.equal(ref.allCarcs().length, 407);
  });

  it('OPPS, ICD-10-CM, CARC, RARC and add-on edits', () => {
    const opps = ref.opps('J9173', JAN)?.value;
    assert.deepEqual([opps?.statusIndicator, opps?.apc, opps?.paymentRateMills], ['K', '9492', 85120]);
    assert.equal(ref.opps('J9285', JAN)?.value.statusIndicator, 'E1');
    assert.equal(ref.icd10('C3490', JAN)?.value.billable, true);
    assert.equal(ref.icd10('c34.90', JAN)?.value.code, 'C3490');
    assert.match(ref.carc('45')?.value.description ?? '', /fee schedule|maximum allowable/i);
    assert.equal(ref.rarc('N522')?.value.kind, 'rarc');
    const aoc = ref.addOnEdits('96415', JAN)?.value ?? [];
    assert.ok(aoc.some((e) => e.primaryCode === '96413' && e.editType === 1));
  });

  it('NDC lookups by 11-digit NDC; lower-case codes work', () => {
    const p = ref.ndcPackages('00310450012', JAN)?.value;
    assert.deepEqual(
      p?.map((x) => [x.code, x.billingUnitsPerPackage]),
      [['J9173', 12]],
    );
    assert.equal(ref.ndcPackages('00310-4500-12', JAN)?.value[0]?.code, 'J9173');
    assert.equal(ref.hcpcs('j9173', JAN)?.value.code, 'J9173');
  });

  it('a date no release covers answers from the nearest release and says so', () => {
    const asp = ref.aspLimit('J9173', '2026-11-23');
    assert.equal(asp?.inForce, false);
    assert.match(
      asp?.note ?? '',
      /No ASP payment limit release in the store covers 2026-11-23; the newest one ends 2026-03-31/,
    );
    const mue = ref.mue('J9173', 'practitioner', JAN);
    assert.equal(mue?.inForce, false);
    assert.match(mue?.note ?? '', /the oldest starts 2026-04-01/);
  });

  it('releaseOn names the release used', () => {
    const r = ref.releaseOn('asp', JAN);
    assert.equal(r?.release.label.length !== 0, true);
    assert.equal(r?.inForce, true);
  });
});

describe('search', () => {
  const top = (q: string, date = JAN): string | undefined => ref.search(q, { date, limit: 5 })[0]?.code;

  // QA 8: `code` calls a status unknown on a date no HCPCS release covers; search says so too, hit by hit.
  const coverage: [label: string, date: string, inForce: boolean][] = [
    ['2026-02-01: the January 2026 HCPCS file covers it', '2026-02-01', true],
    ['2025-06-01: before the oldest HCPCS release', '2025-06-01', false],
    ['2027-06-01: after the January 2026 quarter', '2027-06-01', false],
  ];
  for (const [label, date, inForce] of coverage)
    it(`hits say whether the HCPCS release covers the date (${label})`, () => {
      const hits = ref.search('asparaginase', { date, limit: 5 });
      assert.ok(hits.length > 0);
      for (const h of hits) assert.equal(h.inForce, inForce, h.code);
      assert.equal(
        hits.find((h) => h.code === 'J9020')?.status,
        date < '2026-01-01' ? 'active' : 'terminated',
      );
    });
  const cases: [string, string, string, string?][] = [
    ['exact code', 'J9173', 'J9173', 'code'],
    ['exact code, lower case', 'j9309', 'J9309', 'code'],
    ['brand name (crosswalk Drug Name)', 'imfinzi', 'J9173', 'brand'],
    ['brand name', 'Polivy', 'J9309', 'brand'],
    ['drug name from the descriptor', 'durvalumab', 'J9173'],
    ['NDC 5-4-2 with hyphens', '00310-4500-12', 'J9173', 'ndc'],
    ['NDC 4-4-2 with hyphens', '0310-4500-12', 'J9173', 'ndc'],
    ['NDC 11 digits', '00310450012', 'J9173', 'ndc'],
    ['NDC 10 digits resolved by the crosswalk', '0310450012', 'J9173', 'ndc'],
    ['descriptor words', 'polatuzumab vedotin', 'J9309'],
    ['descriptor words with a prefix', 'ado-trastuzumab emt', 'J9354'],
  ];
  for (const [label, query, code, by] of cases) {
    it(`${label}: "${query}" → ${code}`, () => {
      const hits = ref.search(query, { date: JAN, limit: 5 });
      assert.equal(hits[0]?.code, code, JSON.stringify(hits.slice(0, 3)));
      if (by) assert.equal(hits[0]?.matchedBy, by);
    });
  }

  // QA 3.3: misspelt drug and brand names are corrected only when the text as typed finds nothing.
  const misspelt: [label: string, query: string, code: string, corrected: string][] = [
    ['drug name, one letter missing', 'pembrolizumb', 'J9271', 'pembrolizumab'],
    ['brand name, one letter missing', 'ketruda', 'J9271', 'keytruda'],
    ['brand name, one letter missing', 'avastn', 'J9035', 'avastin'],
    ['drug name, one letter wrong', 'retuximab', 'J9312', 'rituximab'],
    ['two letters swapped', 'durvalumba', 'J9173', 'durvalumab'],
    ['two edits in a long name', 'pembrolizamb', 'J9271', 'pembrolizumab'],
    ['a misspelt name with a strength', 'ketruda 100mg', 'J9271', 'keytruda 100mg'],
  ];
  for (const [label, query, code, corrected] of misspelt) {
    it(`misspelling, ${label}: "${query}" → ${code}, "showing results for ${corrected}"`, () => {
      const hits = ref.search(query, { date: JAN, limit: 5 });
      assert.equal(hits[0]?.code, code, JSON.stringify(hits.slice(0, 3)));
      assert.ok(hits.every((h) => h.correctedQuery === corrected));
    });
  }

  it('no correction when the text as typed matches, or for short words', () => {
    for (const q of ['pembrolizumab', 'keytruda', 'pembro', 'J9173', 'avast', 'zzqqxxyy', 'xgva'])
      assert.ok(
        ref.search(q, { date: JAN }).every((h) => h.correctedQuery === undefined),
        q,
      );
    assert.deepEqual(ref.search('xgva', { date: JAN }), [], 'four letters (Xgeva): no correction');
  });

  // Strengths ("100mg", "10 mg") are left out of the match and rank the codes billed in that unit first.
  const strengths: [label: string, query: string, first: string[], matchedBy: string][] = [
    ['brand with a strength it is not billed in', 'keytruda 100mg', ['J9271'], 'brand'],
    ['the generic (exact drug + unit) before the named products', 'pemetrexed 10 mg', ['J9305'], 'drug'],
    ['without a strength too', 'pemetrexed', ['J9305'], 'drug'],
    ['strength without a space', 'durvalumab 10mg', ['J9173'], 'drug'],
    ['the active code billed in that unit first', 'rituximab 10 mg', ['J9312', 'J9310'], 'drug'],
    ['a terminated code billed in that unit is not lifted', 'rituximab 100 mg', ['J9312', 'J9310'], 'drug'],
  ];
  for (const [label, query, first, by] of strengths) {
    it(`strength, ${label}: "${query}" → ${first.join(', ')}`, () => {
      const hits = ref.search(query, { date: JAN, limit: 5 });
      assert.deepEqual(
        hits.slice(0, first.length).map((h) => h.code),
        first,
        JSON.stringify(hits),
      );
      assert.equal(hits[0]?.matchedBy, by);
    });
  }

  const lists: [query: string, codes: string[]][] = [
    ['J9173 J9271', ['J9173', 'J9271']],
    ['j9271, j9173', ['J9173', 'J9271']],
    ['J9173 pembrolizumab', ['J9173', 'J9271']],
  ];
  for (const [query, codes] of lists) {
    it(`several codes in one query: "${query}"`, () => {
      const hits = ref.search(query, { date: JAN, limit: 2 });
      assert.deepEqual(
        hits.map((h) => h.code),
        codes,
      );
      assert.equal(hits[0]?.matchedBy, 'code');
    });
  }

  // QA: brand and drug name together, as labels print them, find the product, scored as the best name alone.
  const together: [label: string, query: string, code: string, alone: string[]][] = [
    ['brand (drug), as labels print it', 'Imfinzi (durvalumab)', 'J9173', ['imfinzi', 'durvalumab']],
    ['drug then brand', 'durvalumab imfinzi', 'J9173', ['imfinzi', 'durvalumab']],
    ['brand then drug', 'keytruda pembrolizumab', 'J9271', ['keytruda', 'pembrolizumab']],
    ['drug then brand', 'rituximab rituxan', 'J9312', ['rituxan', 'rituximab']],
    ['brand, drug and a strength', 'Keytruda pembrolizumab 100 mg', 'J9271', ['keytruda', 'pembrolizumab']],
    ['drug (brand)', 'pembrolizumab (Keytruda)', 'J9271', ['keytruda', 'pembrolizumab']],
    ['"®" and a comma', 'Rituxan®, rituximab', 'J9312', ['rituxan', 'rituximab']],
    ['a code listed too', 'J9271 imfinzi durvalumab', 'J9173', ['imfinzi', 'durvalumab']],
  ];
  for (const [label, query, code, alone] of together) {
    it(`brand and drug together, ${label}: "${query}" → ${code}`, () => {
      const hits = ref.search(query, { date: JAN, limit: 5 });
      const hit = hits.find((h) => h.matchedBy !== 'code');
      assert.equal(hit?.code, code, JSON.stringify(hits));
      assert.equal(hit.matchedBy, 'brand');
      for (const q of alone) assert.equal(top(q), code, q);
      const best = Math.max(
        ...alone.map((q) => ref.search(q, { date: JAN }).find((h) => h.code === code)?.score ?? 0),
      );
      assert.equal(hit.score, best, 'scored as the best of the names alone');
      assert.ok(hits.every((h) => h.correctedQuery === undefined));
    });
  }

  // Other words with a name: descriptor words, a word still being typed, a misspelling; still the one product first.
  const withName: [label: string, query: string, code: string, corrected?: string][] = [
    ['brand (drug) and a descriptor word', 'Imfinzi (durvalumab) injection', 'J9173'],
    ['brand and a descriptor word', 'keytruda injection', 'J9271'],
    ['brand and the start of the drug', 'keytruda pembro', 'J9271'],
    ['drug and the start of the brand', 'pembrolizumab keyt', 'J9271'],
    ['misspelt brand with the drug', 'ketruda pembrolizumab', 'J9271', 'keytruda pembrolizumab'],
    // A label's title pasted whole: its route and form words left out, and said so.
    ["a label's title", 'Imfinzi (durvalumab) injection, for intravenous use', 'J9173', 'imfinzi durvalumab'],
    [
      'a label title with ®',
      'KEYTRUDA® (pembrolizumab) injection, for intravenous use',
      'J9271',
      'keytruda pembrolizumab',
    ],
    [
      'a package line',
      'Rituxan rituximab single-dose vial for intravenous infusion 100 mg',
      'J9312',
      'rituxan rituximab 100 mg',
    ],
    [
      'a label title with two routes',
      'Velcade (bortezomib) for injection, for subcutaneous or intravenous use',
      'J9041',
      'velcade bortezomib',
    ],
    [
      'a label title, misspelt',
      'Imfinsi (durvalumab) injection, for intravenous use',
      'J9173',
      'imfinzi durvalumab',
    ],
  ];
  for (const [label, query, code, corrected] of withName) {
    it(`a name with other words, ${label}: "${query}" → ${code}`, () => {
      const hits = ref.search(query, { date: JAN, limit: 5 });
      assert.equal(hits[0]?.code, code, JSON.stringify(hits));
      assert.ok(hits.every((h) => h.correctedQuery === corrected));
    });
  }

  // Every word must belong to the hit, as descriptor words always had to: no product is made up from two.
  const nothing: [label: string, query: string][] = [
    ['brands of two products', 'keytruda rituxan'],
    ['brand and drug of two products', 'keytruda rituximab'],
    ['drugs of two products (descriptor words, as before)', 'durvalumab pembrolizumab'],
    ['brand and a word nothing knows', 'keytruda banana'],
    ['drug and a word nothing knows (as before)', 'pembrolizumab banana'],
    ['route words and two products', 'keytruda rituximab for intravenous use'],
  ];
  for (const [label, query] of nothing) {
    it(`nothing for ${label}: "${query}"`, () => {
      assert.deepEqual(ref.search(query, { date: JAN }), []);
    });
  }

  it('ranks: exact code > NDC > name > prefix > words, and respects the limit', () => {
    const hits = ref.search('J91', { date: JAN, limit: 7 });
    assert.equal(hits.length, 7);
    assert.ok(hits.every((h) => h.code.startsWith('J91')));
    const scores = ref.search('pembrolizumab', { date: JAN }).map((h) => h.score);
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a),
    );
  });

  it('reports the status on the date asked about', () => {
    const hit = ref.search('JG', { date: '2025-06-01' })[0];
    assert.deepEqual([hit?.code, hit?.kind, hit?.status], ['JG', 'modifier', 'terminated']);
  });

  it('nothing for gibberish or empty text', () => {
    assert.deepEqual(ref.search('zzqqxxyy', { date: JAN }), []);
    assert.deepEqual(ref.search('   ', { date: JAN }), []);
    assert.equal(top('zzqqxxyy'), undefined);
  });
});

describe('ReferenceIndex with literal records', () => {
  const rel = (
    id: string,
    dataset: Release['dataset'],
    effectiveFrom: string,
    effectiveTo: string | null,
  ): Release => ({
    id,
    dataset,
    fileName: `${id}.txt`,
    sha256: id,
    releaseDate: null,
    effectiveFrom,
    effectiveTo,
    label: id,
    recordCount: 1,
    importedAt: '2026-01-01T00:00:00Z',
  });
  const rec = (code: string, longDescription: string): HcpcsRecord => ({
    code,
    kind: 'procedure',
    longDescription,
    shortDescription: '',
    pricingIndicators: [],
    multiplePricingIndicator: '',
    coverageCode: '',
    betos: '',
    typesOfService: [],
    processingNote: '',
    crossReferences: [],
    addedDate: null,
    actionEffectiveDate: null,
    terminationDate: null,
    actionCode: 'N',
  });
  const entries: ReferenceEntry[] = [
    {
      release: { ...rel('h1', 'hcpcs', '2026-01-01', null), dataset: 'hcpcs' },
      records: [rec('J1000', 'Injection, old, 1 mg')],
    },
    {
      release: { ...rel('h2', 'hcpcs', '2026-04-01', null), dataset: 'hcpcs' },
      records: [rec('J1000', 'Injection, new, 2 mg')],
    },
  ];
  const index = ReferenceIndex.build(entries, {
    parseDescriptor: () => ({ kind: 'unparsed', drugName: null, reason: 'test' }),
  });

  it('answers each date from its own release', () => {
    assert.equal(index.hcpcs('J1000', '2026-03-31')?.source.releaseId, 'h1');
    assert.equal(index.hcpcs('J1000', '2026-04-01')?.source.releaseId, 'h2');
    assert.equal(index.hcpcs('J1000', '2025-01-01')?.inForce, false);
  });

  it('refuses the same release id twice', () => {
    assert.throws(
      () => ReferenceIndex.build([entries[0] as ReferenceEntry, entries[0] as ReferenceEntry]),
      /given twice/,
    );
  });

  it('does not mutate its input', () => {
    const copy = structuredClone(entries);
    ReferenceIndex.build(entries).search('old');
    assert.deepEqual(entries, copy);
  });

  it('an empty index answers undefined / empty', () => {
    const empty = ReferenceIndex.build([]);
    assert.equal(empty.hcpcs('J9173', JAN), undefined);
    assert.deepEqual(empty.allHcpcs(JAN), []);
    assert.deepEqual(empty.allCarcs(), []);
    assert.deepEqual(empty.search('durvalumab'), []);
  });
});
