import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { aspReader } from '../../adapters/cms/asp.ts';
import { hcpcsReader } from '../../adapters/cms/hcpcs.ts';
import { FILES, readWith, sharedFile } from '../../adapters/cms/testing.ts';
import { parseDescriptor, parseUnitPhrase } from './descriptor.ts';
import type { AspLimit, DescriptorParse, HcpcsRecord, MeasureUnit } from './model.ts';

type Expect = [drugName: string, amount: number, unit: MeasureUnit, text: string];

/** Real long descriptors from HCPC2026_JAN_ANWEB_01122026.txt and what one billing unit is. */
const PARSED: [code: string, descriptor: string, expected: Expect][] = [
  ['J9173', 'Injection, durvalumab, 10 mg', ['durvalumab', 10, 'mg', '10 mg']],
  ['J9271', 'Injection, pembrolizumab, 1 mg', ['pembrolizumab', 1, 'mg', '1 mg']],
  // "Inj," is CMS's short form of "Injection," (the three 2022-2023 C-codes).
  ['C9097', 'Inj, faricimab-svoa, 0.1 mg', ['faricimab-svoa', 0.1, 'mg', '0.1 mg']],
  ['C9094', 'Inj, sutimlimab-jome, 10 mg', ['sutimlimab-jome', 10, 'mg', '10 mg']],
  ['J9309', 'Injection, polatuzumab vedotin-piiq, 1 mg', ['polatuzumab vedotin-piiq', 1, 'mg', '1 mg']],
  [
    'J9393',
    'Injection, fulvestrant (teva), not therapeutically equivalent to j9395, 25 mg',
    ['fulvestrant (teva)', 25, 'mg', '25 mg'],
  ],
  [
    'J9394',
    'Injection, fulvestrant (fresenius kabi) not therapeutically equivalent to j9395, 25 mg',
    ['fulvestrant (fresenius kabi)', 25, 'mg', '25 mg'],
  ],
  ['J9323', 'Injection, pemetrexed ditromethamine, 10 mg', ['pemetrexed ditromethamine', 10, 'mg', '10 mg']],
  ['J9357', 'Injection, valrubicin, intravesical, 200 mg', ['valrubicin', 200, 'mg', '200 mg']],
  [
    'Q5112',
    'Injection, trastuzumab-dttb, biosimilar, (ontruzant), 10 mg',
    ['trastuzumab-dttb (ontruzant)', 10, 'mg', '10 mg'],
  ],
  ['J0222', 'Injection, patisiran, 0.1 mg', ['patisiran', 0.1, 'mg', '0.1 mg']],
  ['J0120', 'Injection, tetracycline, up to 250 mg', ['tetracycline', 250, 'mg', 'up to 250 mg']],
  ['J0698', 'Injection, cefotaxime sodium, per gm', ['cefotaxime sodium', 1, 'g', 'per gm']],
  [
    'J0620',
    'Injection, calcium glycerophosphate and calcium lactate, per 10 ml',
    ['calcium glycerophosphate and calcium lactate', 10, 'mL', 'per 10 ml'],
  ],
  [
    'J1571',
    'Injection, hepatitis b immune globulin (hepagam b), intramuscular, 0.5 ml',
    ['hepatitis b immune globulin (hepagam b)', 0.5, 'mL', '0.5 ml'],
  ],
  ['J0585', 'Injection, onabotulinumtoxina, 1 unit', ['onabotulinumtoxina', 1, 'units', '1 unit']],
  ['J3385', 'Injection, velaglucerase alfa, 100 units', ['velaglucerase alfa', 100, 'units', '100 units']],
  [
    'J2510',
    'Injection, penicillin g procaine, aqueous, up to 600,000 units',
    ['penicillin g procaine, aqueous', 600000, 'units', 'up to 600,000 units'],
  ],
  [
    'J9213',
    'Injection, interferon, alfa-2a, recombinant, 3 million units',
    ['interferon, alfa-2a', 3000000, 'units', '3 million units'],
  ],
  [
    'J0725',
    'Injection, chorionic gonadotropin, per 1,000 usp units',
    ['chorionic gonadotropin', 1000, 'units', 'per 1,000 usp units'],
  ],
  [
    'J0850',
    'Injection, cytomegalovirus immune globulin intravenous (human), per vial',
    ['cytomegalovirus immune globulin intravenous (human)', 1, 'vial', 'per vial'],
  ],
  ['J9015', 'Injection, aldesleukin, per single use vial', ['aldesleukin', 1, 'vial', 'per single use vial']],
  [
    'J0881',
    'Injection, darbepoetin alfa, 1 microgram (non-esrd use)',
    ['darbepoetin alfa', 1, 'mcg', '1 microgram'],
  ],
  ['J2597', 'Injection, desmopressin acetate, per 1 mcg', ['desmopressin acetate', 1, 'mcg', 'per 1 mcg']],
  ['J2725', 'Injection, protirelin, per 250 mcg', ['protirelin', 250, 'mcg', 'per 250 mcg']],
  [
    'J7190',
    'Factor viii (antihemophilic factor, human) per i.u.',
    ['factor viii (antihemophilic factor, human)', 1, 'international-units', 'per i.u.'],
  ],
  [
    'J7179',
    'Injection, von willebrand factor (recombinant), (vonvendi), 1 i.u. vwf:rco',
    ['von willebrand factor (recombinant) (vonvendi)', 1, 'international-units', '1 i.u. vwf:rco'],
  ],
  [
    'J7168',
    'Prothrombin complex concentrate (human), kcentra, per i.u. of factor ix activity',
    [
      'prothrombin complex concentrate (human), kcentra',
      1,
      'international-units',
      'per i.u. of factor ix activity',
    ],
  ],
  [
    'J7186',
    'Injection, antihemophilic factor viii/von willebrand factor complex (human), per factor viii i.u.',
    [
      'antihemophilic factor viii/von willebrand factor complex (human)',
      1,
      'international-units',
      'per factor viii i.u.',
    ],
  ],
  [
    'J9215',
    'Injection, interferon, alfa-n3, (human leukocyte derived), 250,000 iu',
    ['interferon, alfa-n3 (human leukocyte derived)', 250000, 'international-units', '250,000 iu'],
  ],
  ['J3480', 'Injection, potassium chloride, per 2 meq', ['potassium chloride', 2, 'meq', 'per 2 meq']],
  [
    'J7336',
    'Capsaicin 8% patch, per square centimeter',
    ['capsaicin 8% patch', 1, 'sq-cm', 'per square centimeter'],
  ],
  [
    'J7304',
    'Contraceptive supply, hormone containing patch, each',
    ['contraceptive supply, hormone containing patch', 1, 'each', 'each'],
  ],
  [
    'J7321',
    'Hyaluronan or derivative, hyalgan, supartz or visco-3, for intra-articular injection, per dose',
    ['hyaluronan or derivative, hyalgan, supartz or visco-3', 1, 'dose', 'per dose'],
  ],
  [
    'J3392',
    'Injection, exagamglogene autotemcel, per treatment',
    ['exagamglogene autotemcel', 1, 'dose', 'per treatment'],
  ],
  [
    'J3403',
    'Revakinagene taroretcel-lwey, per implant',
    ['revakinagene taroretcel-lwey', 1, 'each', 'per implant'],
  ],
  ['J0584', 'Injection, burosumab-twza 1 mg', ['burosumab-twza', 1, 'mg', '1 mg']],
  [
    'J0739',
    'Injection, cabotegravir, 1mg, fda approved prescription, only for use as hiv pre-exposure prophylaxis (not for use as treatment for hiv)',
    ['cabotegravir', 1, 'mg', '1mg'],
  ],
  ['J0604', 'Cinacalcet, oral, 1 mg, (for esrd on dialysis)', ['cinacalcet', 1, 'mg', '1 mg']],
  [
    'J0608',
    'Lanthanum carbonate, oral, powder, 5 mg, not therapeutically equivalent to j0607 (for esrd on dialysis)',
    ['lanthanum carbonate', 5, 'mg', '5 mg'],
  ],
  ['J8510', 'Busulfan; oral, 2 mg', ['busulfan', 2, 'mg', '2 mg']],
  [
    'J9356',
    'Injection, trastuzumab, 10 mg and hyaluronidase-oysk',
    ['trastuzumab and hyaluronidase-oysk', 10, 'mg', '10 mg'],
  ],
  [
    'J9311',
    'Injection, rituximab 10 mg and hyaluronidase',
    ['rituximab and hyaluronidase', 10, 'mg', '10 mg'],
  ],
  ['J1602', 'Injection, golimumab, 1 mg, for intravenous use', ['golimumab', 1, 'mg', '1 mg']],
  [
    'J0476',
    'Injection, baclofen, 50 mcg for intrathecal trial',
    ['baclofen', 50, 'mcg', '50 mcg for intrathecal trial'],
  ],
  [
    'J0609',
    'Ferric citrate, oral, 3 mg ferric iron, (for esrd on dialysis)',
    ['ferric citrate', 3, 'mg', '3 mg ferric iron'],
  ],
  [
    'J2788',
    'Injection, rho d immune globulin, human, minidose, 50 micrograms (250 i.u.)',
    ['rho d immune globulin', 50, 'mcg', '50 micrograms (250 i.u.)'],
  ],
  [
    'J3240',
    'Injection, thyrotropin alpha, 0.9 mg, provided in 1.1 mg vial',
    ['thyrotropin alpha', 0.9, 'mg', '0.9 mg'],
  ],
  [
    'J7040',
    'Infusion, normal saline solution, sterile (500 ml = 1 unit)',
    ['normal saline solution', 500, 'mL', '500 ml'],
  ],
  [
    'J7120',
    'Ringers lactate infusion, up to 1000 cc',
    ['ringers lactate infusion', 1000, 'mL', 'up to 1000 cc'],
  ],
  [
    'J1569',
    'Injection, immune globulin, (gammagard liquid), non-lyophilized, (e.g., liquid), 500 mg',
    ['immune globulin (gammagard liquid)', 500, 'mg', '500 mg'],
  ],
  ['J9355', 'Injection, trastuzumab, excludes biosimilar, 10 mg', ['trastuzumab', 10, 'mg', '10 mg']],
  // "biosimilar" written inside the name segment goes like the segment of its own above.
  ['Q5142', 'Injection, adalimumab-ryvk biosimilar, 1 mg', ['adalimumab-ryvk', 1, 'mg', '1 mg']],
  // A route abbreviation before the drug; a thousands separator inside the unit; the container it comes in.
  [
    'J3365',
    'Injection, iv, urokinase, 250,000 i.u. vial',
    ['urokinase', 250000, 'international-units', '250,000 i.u. vial'],
  ],
  ['J3364', 'Injection, urokinase, 5000 iu vial', ['urokinase', 5000, 'international-units', '5000 iu vial']],
  // Not a real descriptor: "biosimilar" inside the name, before the brand.
  [
    'Q5199',
    'Injection, pegfilgrastim-abcd biosimilar (brandx), 0.5 mg',
    ['pegfilgrastim-abcd (brandx)', 0.5, 'mg', '0.5 mg'],
  ],
  // The oral anti-emetics: notes after the unit, one with a number that is a period, not a quantity.
  [
    'Q0161',
    'Chlorpromazine hydrochloride, 5 mg, oral, fda approved prescription anti-emetic, for use as a complete therapeutic substitute for an iv anti-emetic at the time of chemotherapy treatment, not to exceed a 48 hour dosage regimen',
    ['chlorpromazine hydrochloride', 5, 'mg', '5 mg'],
  ],
  [
    'Q0162',
    'Ondansetron 1 mg, oral, fda approved prescription anti-emetic, for use as a complete therapeutic substitute for an iv anti-emetic at the time of chemotherapy treatment, not to exceed a 48 hour dosage regimen',
    ['ondansetron', 1, 'mg', '1 mg'],
  ],
  [
    'Q0163',
    'Diphenhydramine hydrochloride, 50 mg, oral, fda approved prescription anti-emetic, for use as a complete therapeutic substitute for an iv anti-emetic at time of chemotherapy treatment not to exceed a 48 hour dosage regimen',
    ['diphenhydramine hydrochloride', 50, 'mg', '50 mg'],
  ],
  [
    'J1810',
    'Injection, droperidol and fentanyl citrate, up to 2 ml ampule',
    ['droperidol and fentanyl citrate', 2, 'mL', 'up to 2 ml ampule'],
  ],
  // "injectable" is the form, not the product: skin substitutes and "Leuprolide injectable".
  ['Q4145', 'Epifix, injectable, 1 mg', ['epifix', 1, 'mg', '1 mg']],
  ['Q4112', 'Cymetra, injectable, 1 cc', ['cymetra', 1, 'mL', '1 cc']],
  ['J1952', 'Leuprolide injectable, camcevi, 1 mg', ['leuprolide, camcevi', 1, 'mg', '1 mg']],
  [
    'Q4186',
    'Epifix, per square centimeter (add-on, list separately in addition to primary procedure)',
    ['epifix', 1, 'sq-cm', 'per square centimeter'],
  ],
  ['Q4310', 'Procenta, per 100 mg', ['procenta', 100, 'mg', 'per 100 mg']],
  // A cubic centimeter is a milliliter; "cenitmeter" is the file's spelling; the use note is not in the name.
  [
    'A2025',
    'Miro3d, per cubic centimeter (add-on, list separately in addition to primary procedure)',
    ['miro3d', 1, 'mL', 'per cubic centimeter'],
  ],
  [
    'Q4208',
    'Novafix, per square cenitmeter (add-on, list separately in addition to primary procedure)',
    ['novafix', 1, 'sq-cm', 'per square cenitmeter'],
  ],
  [
    'Q4249',
    'Amniply, for topical use only, per square centimeter (add-on, list separately in addition to primary procedure)',
    ['amniply', 1, 'sq-cm', 'per square centimeter'],
  ],
];

/** Descriptors that must NOT yield a billing unit, with a word the reason must contain. */
const UNPARSED: [code: string, descriptor: string, reasonHas: RegExp][] = [
  ['J0695', 'Injection, ceftolozane 50 mg and tazobactam 25 mg', /more than one amount/],
  ['J9153', 'Injection, liposomal, 1 mg daunorubicin and 2.27 mg cytarabine', /not a single billing unit/],
  ['J3265', 'Injection, torsemide, 10 mg/ml', /concentration/],
  ['J0458', 'Injection, aztreonam/avibactam, 7.5 mg/2.5 mg (10 mg)', /two amounts|concentration/],
  ['J9298', 'Injection, nivolumab and relatlimab-rmbw, 3 mg/1 mg', /two amounts|concentration/],
  [
    'J0572',
    'Buprenorphine/naloxone, oral, less than or equal to 3 mg buprenorphine',
    /not a single billing unit/,
  ],
  ['J0575', 'Buprenorphine/naloxone, oral, greater than 10 mg buprenorphine', /not a single billing unit/],
  ['J1560', 'Injection, gamma globulin, intramuscular, over 10 cc', /./],
  // No amount before the period: the note is not skipped (and not taken into the name).
  [
    'Q0181',
    'Unspecified oral dosage form, fda approved prescription anti-emetic, for use as a complete therapeutic substitute for a iv anti-emetic at the time of chemotherapy treatment, not to exceed a 48 hour dosage regimen',
    /48 hour dosage regimen/,
  ],
  [
    'J0577',
    'Injection, buprenorphine extended-release (brixadi), less than or equal to 7 days of therapy',
    /not a billing unit/,
  ],
  [
    'J7620',
    'Albuterol, up to 2.5 mg and ipratropium bromide, up to 0.5 mg, fda-approved final product, non-compounded, administered through dme',
    /more than one amount/,
  ],
  ['J3398', 'Injection, voretigene neparvovec-rzyl, 1 billion vector genomes', /not a billing unit/],
  ['J9325', 'Injection, talimogene laherparepvec, per 1 million plaque forming units', /not a billing unit/],
  [
    'J3471',
    'Injection, hyaluronidase, ovine, preservative free, per 1 usp unit (up to 999 usp units)',
    /not a billing unit/,
  ],
  ['J2770', 'Injection, quinupristin/dalfopristin, 500 mg (150/350)', /two amounts|concentration/],
  ['J3490', 'Unclassified drugs', /not otherwise classified/],
  ['J9999', 'Not otherwise classified, antineoplastic drugs', /not otherwise classified/],
  ['J8597', 'Antiemetic drug, oral, not otherwise specified', /not otherwise classified/],
  ['J7300', 'Intrauterine copper contraceptive (paragard)', /no billing unit/],
  [
    'J7294',
    'Segesterone acetate and ethinyl estradiol 0.15mg, 0.013mg per 24 hours; yearly vaginal system, each',
    /more than one amount/,
  ],
  [
    'J1097',
    'Phenylephrine 10.16 mg/ml and ketorolac 2.88 mg/ml ophthalmic irrigation solution, 1 ml',
    /more than one amount/,
  ],
  ['—', '', /empty/],
];

/** Combinations: the drugs without their amounts, where the amounts do not tell one code from the next. */
const COMBINATION_NAMES: [code: string, descriptor: string, drugName: string][] = [
  [
    'J0742',
    'Injection, imipenem 4 mg, cilastatin 4 mg and relebactam 2 mg',
    'imipenem, cilastatin and relebactam',
  ],
  ['J0695', 'Injection, ceftolozane 50 mg and tazobactam 25 mg', 'ceftolozane and tazobactam'],
  [
    'J7620',
    'Albuterol, up to 2.5 mg and ipratropium bromide, up to 0.5 mg, fda-approved final product, non-compounded, administered through dme',
    'albuterol and ipratropium bromide',
  ],
  [
    'J7340',
    'Carbidopa 5 mg/levodopa 20 mg enteral suspension, 100 ml',
    'carbidopa/levodopa enteral suspension',
  ],
  [
    'J7294',
    'Segesterone acetate and ethinyl estradiol 0.15mg, 0.013mg per 24 hours; yearly vaginal system, each',
    'segesterone acetate and ethinyl estradiol, yearly vaginal system',
  ],
  // One drug in ranges of concentration: the amount is what sets the codes apart.
  [
    'Q9958',
    'High osmolar contrast material, up to 149 mg/ml iodine concentration, per ml',
    'high osmolar contrast material, up to 149 mg/ml iodine concentration',
  ],
];

void describe('parseDescriptor: the drug names of combinations', () => {
  for (const [code, descriptor, drugName] of COMBINATION_NAMES)
    void test(`${code}: ${descriptor}`, () => assert.equal(parseDescriptor(descriptor).drugName, drugName));
});

void describe('parseDescriptor: real HCPCS descriptors that parse', () => {
  for (const [code, descriptor, [drugName, amount, unit, text]] of PARSED) {
    void test(`${code}: ${descriptor}`, () => {
      assert.deepEqual(parseDescriptor(descriptor), {
        kind: 'parsed',
        drugName,
        billingUnit: { amount, unit, text },
      });
    });
  }
});

void describe('parseDescriptor: ambiguous descriptors are unparsed, never guessed', () => {
  for (const [code, descriptor, reason] of UNPARSED) {
    void test(`${code}: ${descriptor || '(empty)'}`, () => {
      const r = parseDescriptor(descriptor);
      assert.equal(r.kind, 'unparsed');
      if (r.kind === 'unparsed') assert.match(r.reason, reason);
    });
  }
});

/** Unparsed descriptors whose name keeps a word that elsewhere is a route or a form ("iv", "injectable"). */
const NAME_KEPT: [code: string, descriptor: string, nameHas: string][] = [
  [
    'G9135',
    "Oncology; disease status; non-hodgkin's lymphoma, any cellular classification; stage iii, iv, not relapsed, not refractory (for use in a medicare-approved demonstration project)",
    'stage iii, iv,',
  ],
  [
    'T1503',
    'Administration of medication, other than oral and/or injectable, by a health care agency/professional, per visit',
    'and/or injectable',
  ],
];

void describe('parseDescriptor: a route or form word that is part of the text stays in the name', () => {
  for (const [code, descriptor, nameHas] of NAME_KEPT) {
    void test(code, () => {
      const r = parseDescriptor(descriptor);
      assert.equal(r.kind, 'unparsed');
      assert.ok(r.drugName?.includes(nameHas), String(r.drugName));
    });
  }
});

void describe('parseUnitPhrase', () => {
  const cases: [string, [number, MeasureUnit] | undefined][] = [
    ['10 mg', [10, 'mg']],
    ['0.1 mg', [0.1, 'mg']],
    ['per 0.5 ml', [0.5, 'mL']],
    ['1 unit', [1, 'units']],
    ['per vial', [1, 'vial']],
    ['1 mcg', [1, 'mcg']],
    ['per 10 mcg', [10, 'mcg']],
    ['1000 iu', [1000, 'international-units']],
    ['1000 international units', [1000, 'international-units']],
    ['per 2 meq', [2, 'meq']],
    ['per millicurie', [1, 'mci']],
    ['10 millicuries', [10, 'mci']],
    ['per square centimeter', [1, 'sq-cm']],
    ['per cubic centimeter', [1, 'mL']],
    ['each', [1, 'each']],
    ['per dose', [1, 'dose']],
    ['10 MG', [10, 'mg']],
    ['mg', undefined],
    ['up to mg', undefined],
    ['dose', undefined],
    ['2 doses', undefined],
    ['0 mg', undefined],
    ['3 million mg', undefined],
    ['10 mg/ml', undefined],
    ['1 mg vial', undefined],
    ['over 10 cc', undefined],
  ];
  for (const [phrase, expected] of cases) {
    void test(JSON.stringify(phrase), () => {
      const u = parseUnitPhrase(phrase);
      assert.deepEqual(u === undefined ? undefined : [u.amount, u.unit], expected);
    });
  }
});

void describe('parseDescriptor over every J-code in the January 2026 HCPCS file', () => {
  const records = readWith(hcpcsReader, sharedFile(FILES.hcpcsTxt)).records as HcpcsRecord[];
  const active = records.filter(
    (r) => r.kind === 'procedure' && /^J\d{4}$/.test(r.code) && r.terminationDate === null,
  );
  const results = new Map<string, DescriptorParse>(
    active.map((r) => [r.code, parseDescriptor(r.longDescription)]),
  );
  const parsed = [...results.values()].filter((r) => r.kind === 'parsed').length;
  const noc = [...results.values()].filter(
    (r) => r.kind === 'unparsed' && /not otherwise classified/.test(r.reason),
  ).length;

  void test('1,076 active J-codes; 1,012 parse (94.1%), 95.3% of those with a fixed unit (NOC codes excluded)', () => {
    assert.equal(active.length, 1076);
    assert.ok(parsed / active.length >= 0.94, `${parsed}/${active.length}`);
    assert.ok(parsed / (active.length - noc) >= 0.95, `${parsed}/${active.length - noc}`);
    assert.ok(noc >= 10, `NOC codes found: ${noc}`);
  });

  void test('every parsed unit is words of its descriptor, with a positive amount and a drug name', () => {
    for (const r of active) {
      const p = results.get(r.code);
      if (p?.kind !== 'parsed') continue;
      assert.ok(p.billingUnit.amount > 0, r.code);
      assert.ok(
        r.longDescription.toLowerCase().includes(p.billingUnit.text.toLowerCase()),
        `${r.code}: "${p.billingUnit.text}"`,
      );
      assert.ok(p.drugName.length >= 3, `${r.code}: "${p.drugName}"`);
    }
  });

  void test('the parse agrees with the ASP file’s own "HCPCS Code Dosage" column', () => {
    const asp = readWith(aspReader, sharedFile(FILES.asp)).records as AspLimit[];
    const disagreements: string[] = [];
    let agreed = 0;
    for (const row of asp) {
      const descriptor = records.find((r) => r.kind === 'procedure' && r.code === row.code)?.longDescription;
      const p = descriptor === undefined ? undefined : parseDescriptor(descriptor);
      const dosage = parseUnitPhrase(row.dosage);
      if (p?.kind !== 'parsed' || dosage === undefined) continue;
      if (p.billingUnit.amount === dosage.amount && p.billingUnit.unit === dosage.unit) agreed++;
      else disagreements.push(`${row.code}: ${row.dosage} vs ${p.billingUnit.text}`);
    }
    // ASP writes "10 UNITS" where the descriptor says "10 iu" (J2724 protein C, J7171 ADAMTS13): same quantity.
    assert.deepEqual(disagreements, ['J2724: 10 UNITS vs 10 iu', 'J7171: 10 UNITS vs 10 iu']);
    assert.ok(agreed >= 790, `agreed ${agreed}`);
  });

  void test('the input string is not modified and the result is stable', () => {
    const d = 'Injection, durvalumab, 10 mg';
    const a = parseDescriptor(d);
    assert.equal(d, 'Injection, durvalumab, 10 mg');
    assert.deepEqual(parseDescriptor(d), a);
  });
});
