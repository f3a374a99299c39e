import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { drugNameParts, ingredientKeyOf } from './drug-names.ts';

// Descriptors as written in HCPCS 2026 January (HCPC2026_JAN_ANWEB_01122026.txt).
const cases: {
  label: string;
  descriptor: string;
  key: string | null;
  expect?: Partial<ReturnType<typeof drugNameParts>>;
}[] = [
  { label: 'plain', descriptor: 'Injection, durvalumab, 10 mg', key: 'durvalumab' },
  {
    label: 'manufacturer and not-equivalent clause',
    descriptor: 'Injection, pemetrexed (hospira), not therapeutically equivalent to j9305, 10 mg',
    key: 'pemetrexed',
    expect: { parentheticals: ['hospira'], notEquivalentTo: ['J9305'], qualifiers: [] },
  },
  {
    label: 'biosimilar with suffix and brand',
    descriptor: 'Injection, rituximab-abbs, biosimilar, (truxima), 10 mg',
    key: 'rituximab',
    expect: { biosimilar: true, biologicSuffix: 'abbs', parentheticals: ['truxima'] },
  },
  {
    label: 'biosimilar written inside the name segment',
    descriptor: 'Injection, adalimumab-ryvk biosimilar, 1 mg',
    key: 'adalimumab',
    expect: { biosimilar: true, biologicSuffix: 'ryvk', name: 'adalimumab-ryvk' },
  },
  {
    label: 'biosimilar written inside the name segment, before the brand',
    descriptor: 'Injection, pegfilgrastim-abcd biosimilar (brandx), 0.5 mg',
    key: 'pegfilgrastim',
    expect: { biosimilar: true, biologicSuffix: 'abcd', parentheticals: ['brandx'] },
  },
  {
    label: 'two drugs joined by a semicolon (J0743)',
    descriptor: 'Injection, cilastatin sodium; imipenem, per 250 mg',
    key: 'cilastatin and imipenem',
    expect: { name: 'cilastatin sodium; imipenem', salts: ['sodium'] },
  },
  {
    label: 'a combination whose drugs run past a comma, each with its dose (J0742)',
    descriptor: 'Injection, imipenem 4 mg, cilastatin 4 mg and relebactam 2 mg',
    key: 'imipenem, cilastatin and relebactam',
    expect: { name: 'imipenem 4 mg, cilastatin 4 mg and relebactam 2 mg', qualifiers: [] },
  },
  {
    label: 'a combination whose second drug follows the first dose (J7620)',
    descriptor:
      'Albuterol, up to 2.5 mg and ipratropium bromide, up to 0.5 mg, fda-approved final product, non-compounded, administered through dme',
    key: 'albuterol and ipratropium',
  },
  {
    label: 'co-formulated hyaluronidase after the dose is not a second drug of the name (J9144)',
    descriptor: 'Injection, daratumumab, 10 mg and hyaluronidase-fihj',
    key: 'daratumumab',
    expect: { name: 'daratumumab', withHyaluronidase: true },
  },
  {
    label: 'drug and route joined by a semicolon (J8510)',
    descriptor: 'Busulfan; oral, 2 mg',
    key: 'busulfan',
    expect: { name: 'busulfan; oral', qualifiers: ['oral'] },
  },
  {
    label: 'route abbreviation before the drug',
    descriptor: 'Injection, iv, urokinase, 250,000 i.u. vial',
    key: 'urokinase',
    expect: { name: 'urokinase' },
  },
  {
    label: 'salt removed',
    descriptor: 'Injection, pemetrexed ditromethamine, 10 mg',
    key: 'pemetrexed',
    expect: { salts: ['ditromethamine'] },
  },
  {
    label: 'with hyaluronidase',
    descriptor: 'Injection, rituximab 10 mg and hyaluronidase',
    key: 'rituximab',
    expect: { withHyaluronidase: true },
  },
  {
    label: 'reference product',
    descriptor: 'Injection, trastuzumab, excludes biosimilar, 10 mg',
    key: 'trastuzumab',
    expect: { excludesBiosimilar: true },
  },
  {
    label: 'conjugate keeps its prefix',
    descriptor: 'Injection, ado-trastuzumab emtansine, 1 mg',
    key: 'ado-trastuzumab emtansine',
  },
  {
    label: 'suffix on the second word',
    descriptor: 'Injection, polatuzumab vedotin-piiq, 1 mg',
    key: 'polatuzumab vedotin',
    expect: { biologicSuffix: 'piiq' },
  },
  {
    // The liposomal product keeps the molecule's key (its codes are found with the molecule's) and says how it
    // differs in `qualifiers`, which the guides and the fact checker compare (QA 2).
    label: 'liposome in the name',
    descriptor: 'Injection, cytarabine liposome, 10 mg',
    key: 'cytarabine',
    expect: { qualifiers: ['liposome'], name: 'cytarabine liposome' },
  },
  {
    label: 'liposomal as a segment of its own',
    descriptor: 'Injection, doxorubicin hydrochloride, liposomal, not otherwise specified, 10 mg',
    key: 'doxorubicin',
    expect: { qualifiers: ['liposomal', 'not otherwise specified'], salts: ['hydrochloride'] },
  },
  {
    label: 'formulation word first, the drugs after their doses (Vyxeos)',
    descriptor: 'Injection, liposomal, 1 mg daunorubicin and 2.27 mg cytarabine',
    key: 'daunorubicin and cytarabine',
    expect: { qualifiers: ['liposomal'], name: 'daunorubicin and cytarabine' },
  },
  {
    // Eylea HD and Eylea: the same drug, two products (QA 7).
    label: '"hd" product',
    descriptor: 'Injection, aflibercept hd, 1 mg',
    key: 'aflibercept',
    expect: { qualifiers: ['hd'], name: 'aflibercept hd' },
  },
  {
    label: 'combination with doses in the name',
    descriptor: 'Injection, acetaminophen 10 mg and ibuprofen 3 mg',
    key: 'acetaminophen and ibuprofen',
  },
  {
    label: 'name without "Injection,"',
    descriptor: 'Leuprolide injectable, camcevi, 1 mg',
    key: 'leuprolide',
    expect: { qualifiers: ['camcevi'] },
  },
  {
    label: 'interferon type after a comma',
    descriptor: 'Injection, interferon, alfa-2a, recombinant, 3 million units',
    key: 'interferon alfa-2a',
  },
  {
    label: '"for …" is not the name',
    descriptor: 'Injection, leuprolide acetate for depot suspension (fensolvi), 0.25 mg',
    key: 'leuprolide',
  },
  {
    label: 'per i.u.',
    descriptor: 'Factor viii (antihemophilic factor, human) per i.u.',
    key: 'factor viii',
  },
  {
    label: 'misspelt not-equivalent clause',
    descriptor: 'Injection, micafungin sodium (par pharm) not thereapeutically equivalent to j2248, 1 mg',
    key: 'micafungin',
    expect: { notEquivalentTo: ['J2248'] },
  },
  {
    label: 'NOC code has no key',
    descriptor: 'Not otherwise classified, antineoplastic drugs',
    key: null,
    expect: { notOtherwiseClassified: true },
  },
  { label: 'unclassified drugs', descriptor: 'Unclassified drugs', key: null },
  {
    label: 'formulation moved to qualifiers',
    descriptor: 'Injection, paliperidone palmitate extended release (invega sustenna), 1 mg',
    key: 'paliperidone',
  },
  // Skin substitutes since January 2026: product names, the area one unit covers, the add-on note.
  {
    label: 'skin substitute: the add-on note is a qualifier, not a product name (Q4101)',
    descriptor: 'Apligraf, per square centimeter (add-on, list separately in addition to primary procedure)',
    key: 'apligraf',
    expect: {
      products: ['apligraf'],
      parentheticals: [],
      qualifiers: ['add-on, list separately in addition to primary procedure'],
    },
  },
  {
    label: 'skin substitute: two words (A2001)',
    descriptor:
      'Innovamatrix ac, per square centimeter (add-on, list separately in addition to primary procedure)',
    key: 'innovamatrix ac',
    expect: { products: ['innovamatrix ac'] },
  },
  {
    label: 'skin substitute: an ordinary word is the name (A2009)',
    descriptor: 'Symphony, per square centimeter (add-on, list separately in addition to primary procedure)',
    key: 'symphony',
    expect: { products: ['symphony'] },
  },
  {
    label: 'skin substitute: products listed with commas and "or" (Q4122)',
    descriptor:
      'Dermacell, dermacell awm or dermacell awm porous, per square centimeter (add-on, list separately in addition to primary procedure)',
    key: 'dermacell, dermacell awm or dermacell awm porous',
    expect: { products: ['dermacell', 'dermacell awm', 'dermacell awm porous'] },
  },
  {
    label: 'skin substitute: after the "or" item the list is closed (Q4147)',
    descriptor:
      'Architect, architect px, or architect fx, extracellular matrix, per square centimeter (add-on, list separately in addition to primary procedure)',
    key: 'architect, architect px, or architect fx',
    expect: {
      products: ['architect', 'architect px', 'architect fx'],
      qualifiers: ['extracellular matrix', 'add-on, list separately in addition to primary procedure'],
    },
  },
  {
    label: 'skin substitute: "and" after commas ends the list (Q4133)',
    descriptor:
      'Grafix prime, grafixpl prime, stravix and stravixpl, per square centimeter (add-on, list separately in addition to primary procedure)',
    key: 'grafix prime, grafixpl prime, stravix and stravixpl',
    expect: { products: ['grafix prime', 'grafixpl prime', 'stravix', 'stravixpl'] },
  },
  {
    label: 'skin substitute: "and" alone joins one product\'s forms (Q4363)',
    descriptor:
      'Amnio burgeon membrane and hydromembrane, per square centimeter (add-on, list separately in addition to primary procedure)',
    key: 'amnio burgeon membrane and hydromembrane',
    expect: { products: ['amnio burgeon membrane and hydromembrane'] },
  },
  {
    label: 'skin substitute: a hyphen is part of the name, not a biologic suffix (Q4238)',
    descriptor: 'Derm-maxx, per square centimeter (add-on, list separately in addition to primary procedure)',
    key: 'derm-maxx',
    expect: { biologicSuffix: null, products: ['derm-maxx'] },
  },
  {
    label: 'skin substitute: "biologic" in a product name is not an unclassified code (Q4142)',
    descriptor:
      'Xcm biologic tissue matrix, per square centimeter (add-on, list separately in addition to primary procedure)',
    key: 'xcm biologic tissue matrix',
    expect: { notOtherwiseClassified: false },
  },
  {
    label: 'skin substitute: a use note after the name (Q4249)',
    descriptor:
      'Amniply, for topical use only, per square centimeter (add-on, list separately in addition to primary procedure)',
    key: 'amniply',
    expect: { products: ['amniply'], name: 'amniply' },
  },
  {
    label: 'skin substitute: "cenitmeter" as the file spells it (Q4208)',
    descriptor: 'Novafix, per square cenitmeter (add-on, list separately in addition to primary procedure)',
    key: 'novafix',
    expect: { products: ['novafix'] },
  },
  {
    label: 'skin substitute: per cubic centimeter (A2029)',
    descriptor:
      'Mirotract wound matrix sheet, per cubic centimeter (add-on, list separately in addition to primary procedure)',
    key: 'mirotract wound matrix sheet',
    expect: { products: ['mirotract wound matrix sheet'] },
  },
  {
    label: 'skin substitute: the abbreviation in brackets is not in the name (Q4104)',
    descriptor:
      'Integra bilayer matrix wound dressing (bmwd), per square centimeter (add-on, list separately in addition to primary procedure)',
    key: 'integra bilayer matrix wound dressing',
    expect: { parentheticals: ['bmwd'] },
  },
  {
    label: 'a terminated skin substitute without the add-on note is read as before (Q4106)',
    descriptor: 'Dermagraft, per square centimeter',
    key: 'dermagraft',
    expect: { products: [] },
  },
  {
    label: 'the note of an unclassified skin substitute is not a product name (Q4431)',
    descriptor:
      'Pma skin substitute product, not otherwise specified (list in addition to primary procedure)',
    key: 'pma skin substitute product',
    expect: { parentheticals: [], products: [] },
  },
];

describe('drugNameParts', () => {
  for (const c of cases) {
    test(c.label, () => {
      const p = drugNameParts(c.descriptor);
      assert.equal(p.key, c.key);
      for (const [k, v] of Object.entries(c.expect ?? {})) assert.deepEqual(p[k as keyof typeof p], v, k);
    });
  }

  test('ingredientKeyOf reads free-text names the same way', () => {
    assert.equal(ingredientKeyOf('Pemetrexed disodium'), 'pemetrexed');
    assert.equal(ingredientKeyOf('rituximab-pvvr'), 'rituximab');
  });
});
