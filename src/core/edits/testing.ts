/**
 * Test support for the edit tests: a small in-memory ReferenceData built with `ReferenceIndex.build` from literal
 * records copied from the shared CMS files (each record names its file), claim and line builders, and `check()`
 * that runs one edit. Pure (no I/O): the per-edit tests stay fast and table-driven.
 */
import type { Claim, ClaimLine, Diagnosis } from '../claim/model.ts';
import type { Finding } from '../findings/model.ts';
import type {
  AddOnCodeEdit,
  AspLimit,
  DatasetKind,
  HcpcsRecord,
  Icd10Code,
  IsoDate,
  Mue,
  NdcPackage,
  OppsRate,
  Release,
} from '../reference/model.ts';
import { ReferenceIndex, type ReferenceEntry } from '../reference/reference-index.ts';
import { RuleBook } from '../rules/evaluate.ts';
import type { Authorization, PayerRules, ProgramRules } from '../rules/model.ts';
import { runEdits } from './engine.ts';
import type { CheckResult, ContainerPort, DosingPort, Edit } from './types.ts';

function release(
  dataset: DatasetKind,
  fileName: string,
  effectiveFrom: IsoDate,
  effectiveTo: IsoDate | null,
  label: string,
  count: number,
): Release {
  return {
    id: `${dataset}:${effectiveFrom}:test`,
    dataset,
    fileName,
    sha256: 'test',
    releaseDate: null,
    effectiveFrom,
    effectiveTo,
    label,
    recordCount: count,
    importedAt: '2026-01-01T00:00:00.000Z',
  };
}

const hcpcs = (
  code: string,
  longDescription: string,
  addedDate: string,
  terminationDate: string | null,
  extra: Partial<HcpcsRecord> = {},
): HcpcsRecord => ({
  code,
  kind: code.length === 2 ? 'modifier' : 'procedure',
  longDescription,
  shortDescription: longDescription.slice(0, 28),
  pricingIndicators: code.startsWith('J') || code.startsWith('Q5') ? ['51'] : [],
  multiplePricingIndicator: '',
  coverageCode: 'C',
  betos: '',
  typesOfService: [],
  processingNote: '',
  crossReferences: [],
  addedDate,
  actionEffectiveDate: addedDate,
  terminationDate,
  actionCode: 'N',
  ...extra,
});

/** @see shared/data/hcpcs/HCPC2026_JAN_ANWEB_01122026.txt (records as read; dates YYYY-MM-DD) */
export const HCPCS_RECORDS: readonly HcpcsRecord[] = [
  hcpcs('J9173', 'Injection, durvalumab, 10 mg', '2019-01-01', null, { betos: 'O1D' }),
  hcpcs('J9271', 'Injection, pembrolizumab, 1 mg', '2016-01-01', null, { betos: 'O1D' }),
  hcpcs('J9022', 'Injection, atezolizumab, 10 mg', '2018-01-01', null, { betos: 'O1D' }),
  hcpcs('J9309', 'Injection, polatuzumab vedotin-piiq, 1 mg', '2020-01-01', null, { betos: 'O1D' }),
  hcpcs('J9045', 'Injection, carboplatin, 50 mg', '1991-01-01', null, { betos: 'O1D' }),
  hcpcs('J9267', 'Injection, paclitaxel, 1 mg', '2015-01-01', null, { betos: 'O1D' }),
  hcpcs('J1745', 'Injection, infliximab, excludes biosimilar, 10 mg', '2000-01-01', null, { betos: 'O1E' }),
  hcpcs('J2505', 'Injection, pegfilgrastim, 6 mg', '2004-01-01', '2021-12-31', { betos: 'O1E' }),
  hcpcs('J3301', 'Injection, triamcinolone acetonide, not otherwise specified, 10 mg', '1991-01-01', null, {
    betos: 'O1E',
  }),
  hcpcs('Q5103', 'Injection, infliximab-dyyb, biosimilar, (inflectra), 10 mg', '2018-04-01', null, {
    betos: 'O1E',
  }),
  hcpcs(
    'J9393',
    'Injection, fulvestrant (teva), not therapeutically equivalent to j9395, 25 mg',
    '2023-01-01',
    null,
  ),
  hcpcs('J9041', 'Injection, bortezomib, 0.1 mg', '2005-01-01', null, { betos: 'O1D' }),
  // Codes whose unit is time (the MUE edits convert minutes reported with unit type MJ).
  hcpcs(
    'G0237',
    'Therapeutic procedures to increase strength or endurance of respiratory muscles, face to face, one on one, each 15 minutes (includes monitoring)',
    '2002-01-01',
    null,
  ),
  hcpcs(
    'G0514',
    'Prolonged preventive service(s) (beyond the typical service time of the primary procedure), in the office or other outpatient setting requiring direct patient contact beyond the usual service; each additional 30 minutes (list separately in addition to code g0513 for additional 30 minutes of preventive service)',
    '2018-01-01',
    null,
  ),
  hcpcs('J9042', 'Injection, brentuximab vedotin, 1 mg', '2013-01-01', null, { betos: 'O1D' }),
  hcpcs('J9055', 'Injection, cetuximab, 10 mg', '2005-01-01', null, { betos: 'O1D' }),
  hcpcs('J9144', 'Injection, daratumumab, 10 mg and hyaluronidase-fihj', '2021-01-01', null, {
    betos: 'O1D',
  }),
  hcpcs('J9228', 'Injection, ipilimumab, 1 mg', '2012-01-01', null, { betos: 'O1D' }),
  hcpcs('J9306', 'Injection, pertuzumab, 1 mg', '2014-01-01', null, { betos: 'O1D' }),
  hcpcs('J3262', 'Injection, tocilizumab, 1 mg', '2011-01-01', null, { betos: 'O1E' }),
  hcpcs(
    'J0129',
    'Injection, abatacept, 10 mg (code may be used for medicare when drug administered under the direct supervision of a physician, not for use when drug is self administered)',
    '2007-01-01',
    null,
    { betos: 'O1E' },
  ),
  hcpcs(
    'G0463',
    'Hospital outpatient clinic visit for assessment and management of a patient',
    '2014-01-01',
    null,
  ),
  hcpcs('JW', 'Drug amount discarded/not administered to any patient', '2003-01-01', null),
  hcpcs('JZ', 'Zero drug amount discarded/not administered to any patient', '2023-01-01', null),
  hcpcs(
    'JG',
    'Drug or biological acquired with 340b drug pricing program discount, reported for informational purposes',
    '2018-01-01',
    '2024-12-31',
  ),
  hcpcs(
    'TB',
    'Drug or biological acquired with 340b drug pricing program discount, reported for informational purposes',
    '2018-01-01',
    null,
  ),
  hcpcs(
    'XE',
    'Separate encounter, a service that is distinct because it occurred during a separate encounter',
    '2015-01-01',
    null,
  ),
];

const mue = (code: string, value: number, mai: 1 | 2 | 3, setting: Mue['setting'] = 'practitioner'): Mue => ({
  code,
  setting,
  value,
  mai,
  maiText:
    mai === 1
      ? '1 Line Edit'
      : mai === 2
        ? '2 Date of Service Edit: Policy'
        : '3 Date of Service Edit: Clinical',
  rationale: 'Prescribing Information',
});

/**
 * @see shared/data/mue/MCR_MUE_PractitionerServices_Eff_04-01-2026.csv (J9173 150/3, J9309 280/3, J1745 150/3,
 * 96413 1/3, 96415 8/3, J9144 180/3, J9041 35/3, J9228 1100/3, G0237 8/3, G0514 1/1). The MAI 1 and MAI 2 rows are invented for the tests (no drug in the file has them).
 */
export const MUE_RECORDS: readonly Mue[] = [
  mue('J9173', 150, 3),
  mue('J9309', 280, 3),
  mue('J1745', 150, 3),
  mue('96413', 1, 3),
  mue('96415', 8, 3),
  mue('J9393', 20, 1),
  mue('J3301', 16, 2),
  mue('J9144', 180, 3),
  mue('J9041', 35, 3),
  mue('J9228', 1100, 3),
  mue('G0237', 8, 3),
  mue('G0514', 1, 1),
];

const pkg = (
  code: string,
  ndc11: string,
  drugName: string,
  hcpcsDosage: string,
  packageSize: number,
  units: number,
  packageQuantity = 1,
  labelerName = '',
): NdcPackage => ({
  code,
  ndc11,
  shortDescription: drugName,
  labelerName,
  drugName,
  hcpcsDosage,
  packageSize,
  packageQuantity,
  billingUnitsPerItem: units,
  billingUnitsPerPackage: units * packageQuantity,
});

/**
 * @see shared/data/ndc-hcpcs/section 508 version of January 2026 ASP NDC-HCPCS Crosswalk 121725.csv (a few of each
 * code's rows: J9041 lists 19 more generic bortezomib NDCs, J0129 two more Orencia syringes, J9267 the five
 * Hospira and Fresenius Kabi vials of the container-type table and 26 more)
 */
export const CROSSWALK_RECORDS: readonly NdcPackage[] = [
  pkg('J9173', '00310450012', 'Imfinzi', '10 MG', 2.4, 12),
  pkg('J9173', '00310461150', 'Imfinzi', '10 MG', 10, 50),
  pkg('J9309', '50242010301', 'Polivy', '1 MG', 1, 30),
  pkg('J9309', '50242010501', 'Polivy', '1 MG', 1, 140),
  pkg('J1745', '57894003001', 'Remicade', '10 MG', 1, 10),
  pkg('J9045', '61703033918', 'Carboplatin', '50 MG', 5, 1),
  pkg('J9045', '61703033922', 'Carboplatin', '50 MG', 15, 3),
  pkg('J9041', '63020004901', 'Velcade', '0.1 MG', 1, 35, 1, 'Takeda Pharmaceuticals America, Inc.'),
  pkg('J9041', '00409170001', 'Bortezomib', '0.1 MG', 1, 35, 1, 'Pfizer Inc'),
  pkg('J9042', '51144005001', 'Adcetris', '1 MG', 1, 50),
  pkg('J9055', '66733094823', 'Erbitux', '10 MG', 50, 10),
  pkg('J9055', '66733095823', 'Erbitux', '10 MG', 100, 20),
  pkg('J9144', '57894050301', 'Darzalex Faspro', '10 MG', 15, 180),
  pkg('J9228', '00003232711', 'Yervoy', '1 MG', 10, 50),
  pkg('J9228', '00003232822', 'Yervoy', '1 MG', 40, 200),
  pkg('J9306', '50242014501', 'Perjeta', '1 MG', 14, 420),
  pkg('J3262', '50242013501', 'Actemra', '1 MG', 4, 80),
  pkg('J3262', '50242013601', 'Actemra', '1 MG', 10, 200),
  pkg('J3262', '50242013701', 'Actemra', '1 MG', 20, 400),
  pkg('J0129', '00003218713', 'Orencia', '10 MG', 1, 25),
  pkg('J0129', '00003218811', 'Orencia', '10 MG', 1, 12.5, 4),
  pkg('J0129', '00003218851', 'Orencia', '10 MG', 1, 12.5, 4),
  pkg('J9267', '61703034209', 'Paclitaxel', '1 MG', 5, 30, 1, 'Pfizer Inc'),
  pkg('J9267', '61703034222', 'Paclitaxel', '1 MG', 16.7, 100, 1, 'Pfizer Inc'),
  pkg('J9267', '61703034250', 'Paclitaxel', '1 MG', 50, 300, 1, 'Pfizer Inc'),
  pkg('J9267', '63323076316', 'Paclitaxel', '1 MG', 16.7, 100, 1, 'FreseniUS Kabi USA, LLC'),
  pkg('J9267', '63323076350', 'Paclitaxel', '1 MG', 50, 300, 1, 'FreseniUS Kabi USA, LLC'),
];

const asp = (code: string, dosage: string, paymentLimitMills: number): AspLimit => ({
  code,
  shortDescription: code,
  dosage,
  paymentLimitMills,
  coinsurancePercent: 20,
  notes: '',
});

/** @see shared/data/asp/section 508 version of January 2026 Medicare Part B Payment Limit File 121725.csv */
export const ASP_RECORDS: readonly AspLimit[] = [
  asp('J9173', '10 MG', 86_270),
  asp('J9309', '1 MG', 136_772),
  asp('J1745', '10 MG', 32_423),
  asp('J9144', '10 MG', 55_058),
  asp('J9228', '1 MG', 186_914),
  asp('J9041', '0.1 MG', 2_678),
];

/** @see shared/data/icd10cm/icd10cm-codes-2026.txt */
export const ICD_RECORDS: readonly Icd10Code[] = [
  {
    code: 'C3490',
    description: 'Malignant neoplasm of unspecified part of unspecified bronchus or lung',
    billable: true,
  },
  { code: 'C3411', description: 'Malignant neoplasm of upper lobe, right bronchus or lung', billable: true },
  { code: 'C8330', description: 'Diffuse large B-cell lymphoma, unspecified site', billable: true },
  { code: 'I10', description: 'Essential (primary) hypertension', billable: true },
  { code: 'E119', description: 'Type 2 diabetes mellitus without complications', billable: true },
  { code: 'K5090', description: "Crohn's disease, unspecified, without complications", billable: true },
];

const aoc = (addOnCode: string, primaryCode: string, editType: 1 | 2 | 3): AddOnCodeEdit => ({
  addOnCode,
  primaryCode,
  editType,
  effectiveFrom: '2013-04-01',
  deletedOn: null,
  addOnDeletedOn: null,
  primaryDeletedOn: null,
  notes: '',
});

/** @see shared/data/ncci-aoc/AOC_V2026Q2-MCR.from-xlsx.csv (96415, 96417 → 96413, type 1) */
export const AOC_RECORDS: readonly AddOnCodeEdit[] = [
  aoc('96415', '96413', 1),
  aoc('96417', '96413', 1),
  aoc('96375', '96365', 1),
  aoc('96375', '96413', 1),
];

const packaged = (code: string, shortDescriptor: string): OppsRate => ({
  code,
  shortDescriptor,
  statusIndicator: 'N',
  apc: '',
  relativeWeight: null,
  paymentRateCents: null,
  paymentRateMills: null,
  nationalUnadjustedCopayCents: null,
  minimumUnadjustedCopayCents: null,
});

/**
 * @see shared/data/opps/508 version of October 2025 Web Addendum B.10.31.25.csv (J9173 K; J9045, J9041, J9267 N)
 */
export const OPPS_RECORDS: readonly OppsRate[] = [
  packaged('J9041', 'Injection, bortezomib, 0.1mg'),
  packaged('J9267', 'Paclitaxel injection'),
  {
    code: 'J9173',
    shortDescriptor: 'Inj., durvalumab, 10 mg',
    statusIndicator: 'K',
    apc: '9492',
    relativeWeight: null,
    paymentRateCents: 8512,
    paymentRateMills: 85120,
    nationalUnadjustedCopayCents: 1703,
    minimumUnadjustedCopayCents: 1703,
  },
  {
    code: 'J9045',
    shortDescriptor: 'Carboplatin injection',
    statusIndicator: 'N',
    apc: '',
    relativeWeight: null,
    paymentRateCents: null,
    paymentRateMills: null,
    nationalUnadjustedCopayCents: null,
    minimumUnadjustedCopayCents: null,
  },
];

/**
 * Release periods like the shared data's (HCPCS Jan 2026, ASP/crosswalk Q1 2026, MUE from 2026-04-01 — here from
 * 2026-01-01 — ICD-10-CM FY2026). `without` leaves datasets out, as a partial store would.
 */
export function testReference(
  overrides: { hcpcsFrom?: IsoDate; without?: readonly DatasetKind[] } = {},
): ReferenceIndex {
  const entries = [
    {
      release: release(
        'hcpcs',
        'HCPC2026_JAN_ANWEB_01122026.txt',
        overrides.hcpcsFrom ?? '2026-01-01',
        null,
        'HCPCS 2026 January',
        HCPCS_RECORDS.length,
      ),
      records: HCPCS_RECORDS,
    },
    {
      release: release(
        'mue-practitioner',
        'MCR_MUE_PractitionerServices.csv',
        '2026-01-01',
        null,
        'MUE practitioner (test)',
        MUE_RECORDS.length,
      ),
      records: MUE_RECORDS,
    },
    {
      release: release(
        'mue-outpatient-hospital',
        'MCR_MUE_OutpatientHospitalServices.csv',
        '2026-01-01',
        null,
        'MUE outpatient hospital (test)',
        MUE_RECORDS.length,
      ),
      records: MUE_RECORDS.map((m) => ({ ...m, setting: 'outpatient-hospital' as const })),
    },
    {
      release: release(
        'ndc-crosswalk',
        'crosswalk.csv',
        '2026-01-01',
        '2026-03-31',
        'ASP NDC-HCPCS crosswalk January 2026',
        CROSSWALK_RECORDS.length,
      ),
      records: CROSSWALK_RECORDS,
    },
    {
      release: release(
        'asp',
        'asp.csv',
        '2026-01-01',
        '2026-03-31',
        'ASP payment limits January 2026',
        ASP_RECORDS.length,
      ),
      records: ASP_RECORDS,
    },
    {
      release: release(
        'icd10cm',
        'icd10cm-codes-2026.txt',
        '2025-10-01',
        '2026-09-30',
        'ICD-10-CM FY2026',
        ICD_RECORDS.length,
      ),
      records: ICD_RECORDS,
    },
    {
      release: release(
        'ncci-aoc',
        'AOC_V2026Q2-MCR.csv',
        '2026-01-01',
        null,
        'NCCI add-on code edits 2026 Q2 (test)',
        AOC_RECORDS.length,
      ),
      records: AOC_RECORDS,
    },
    {
      release: release(
        'opps',
        'addendum-b.csv',
        '2025-10-01',
        null,
        'OPPS Addendum B October 2025',
        OPPS_RECORDS.length,
      ),
      records: OPPS_RECORDS,
    },
  ] as ReferenceEntry[];
  return ReferenceIndex.build(entries.filter((e) => !overrides.without?.includes(e.release.dataset)));
}

export interface LineSpec extends Partial<Omit<ClaimLine, 'procedure'>> {
  code: string;
  modifiers?: string[];
}

export function line(spec: LineSpec): ClaimLine {
  const { code, modifiers, ...rest } = spec;
  return {
    sequence: 1,
    serviceDate: '2026-02-10',
    procedure: { qualifier: 'HC', code, modifiers: modifiers ?? [] },
    units: 1,
    chargeCents: 10_000,
    diagnosisPointers: [1],
    notes: [],
    ...rest,
  };
}

export interface ClaimSpec extends Partial<Omit<Claim, 'lines'>> {
  lines: ClaimLine[];
}

/** A professional Medicare claim (837P) for one patient; lines are numbered 1… unless they say otherwise. */
export function claim(spec: ClaimSpec): Claim {
  const { lines, ...rest } = spec;
  const numbered = lines.map((l, i) => (l.sequence === 1 && i > 0 ? { ...l, sequence: i + 1 } : l));
  const diagnoses: Diagnosis[] = [{ code: 'C3490', qualifier: 'ABK', pointer: 1 }];
  const total = numbered.reduce((s, l) => s + l.chargeCents, 0);
  return {
    id: 'CLM1',
    format: '837P',
    billingProvider: { name: 'ONCOLOGY ASSOCIATES', npi: '1234567893' },
    payer: { name: 'MEDICARE', id: '12202', kind: 'medicare' },
    patient: { memberId: '1EG4TE5MK73', lastName: 'DOE', firstName: 'JANE', birthDate: '1950-01-01' },
    placeOfService: '11',
    totalChargeCents: total,
    diagnoses,
    notes: [],
    lines: numbered,
    ...rest,
  };
}

/**
 * A hospital claim (837I) to Medicare Part A/B (SBR09 MA), type of bill 131 (hospital outpatient, admit through
 * discharge) for 2026-02-10 unless the spec says otherwise; lines carry a revenue code when they say so.
 */
export function hospitalClaim(spec: ClaimSpec): Claim {
  const c = claim({
    format: '837I',
    typeOfBill: '131',
    frequencyCode: '1',
    statementFrom: '2026-02-10',
    statementTo: '2026-02-10',
    subscriber: { memberId: '1EG4TE5MK73', claimFilingIndicator: 'MA' },
    billingProvider: { name: 'MERCY GENERAL HOSPITAL', npi: '1821012345' },
    ...spec,
  });
  if (spec.placeOfService === undefined) delete c.placeOfService;
  return c;
}

const MEDICARE_PROGRAM: ProgramRules = {
  jwJz: {
    level: 'error',
    requiredFrom: '2023-07-01',
    returnedFrom: '2023-10-01',
    source: 'CMS JW/JZ FAQ (test)',
  },
  mue: { level: 'error', source: 'CMS MUE (test)' },
  ndc: { required: false, crosswalk: 'warning', source: 'CMS crosswalk (test)' },
  timelyFilingDays: 365,
  timelyFilingSource: '42 CFR 424.44',
  expectedPayment: { basis: 'asp-payment-limit', percent: 100, source: 'SSA 1847A (test)' },
  modifier340b: 'error',
};

/** Rules like rules/payers/medicare.yaml, built in code (the YAML loader has its own tests). */
export function medicareRules(
  program: Partial<ProgramRules> = {},
  policies: PayerRules['policies'] = [],
): PayerRules {
  return {
    id: 'cms-medicare-part-b',
    name: 'Medicare Part B (test)',
    version: 'test',
    effectiveFrom: '2000-01-01',
    effectiveTo: null,
    source: 'test',
    appliesTo: { payerKinds: ['medicare'] },
    program: { ...MEDICARE_PROGRAM, ...program },
    policies,
    file: 'rules/payers/medicare.yaml',
  };
}

export interface CheckOptions {
  rules?: readonly PayerRules[];
  dateOfRun?: IsoDate;
  reference?: ReferenceIndex;
  dosing?: DosingPort | null;
  containers?: ContainerPort | null;
  authorizations?: readonly Authorization[];
}

let sharedTestReference: ReferenceIndex | undefined;

/** Runs one edit (or several) over the claims with the test reference data and Medicare rules. */
export function check(
  edit: Edit | readonly Edit[],
  claims: readonly Claim[],
  options: CheckOptions = {},
): CheckResult {
  sharedTestReference ??= testReference();
  return runEdits(claims, {
    reference: options.reference ?? sharedTestReference,
    rules: new RuleBook(options.rules ?? [medicareRules()]),
    dateOfRun: options.dateOfRun ?? '2026-03-01',
    edits: Array.isArray(edit) ? (edit as readonly Edit[]) : [edit as Edit],
    ...(options.dosing !== undefined ? { dosing: options.dosing } : {}),
    ...(options.containers !== undefined ? { containers: options.containers } : {}),
    ...(options.authorizations !== undefined ? { authorizations: options.authorizations } : {}),
  });
}

/** Compact view of findings for table assertions: "editId severity line field carc". */
export function brief(findings: readonly Finding[]): string[] {
  return findings.map(
    (f) =>
      `${f.severity} L${f.line ?? '-'} ${f.denial ? `${f.denial.group}-${f.denial.carc}${f.denial.rarc.length > 0 ? `+${f.denial.rarc.join('+')}` : ''}` : '-'}`,
  );
}

/** A commercial payer's rules with one policy (for the policy edits' tests). */
export function planRules(
  drugs: PayerRules['policies'][number]['drugs'],
  program: Partial<ProgramRules> = {},
): PayerRules {
  return {
    id: 'example-health-plan',
    name: 'Example Health Plan (test)',
    version: 'test',
    effectiveFrom: '2025-01-01',
    effectiveTo: null,
    source: 'test',
    appliesTo: { payerIds: ['EXHP1'] },
    program: {
      jwJz: null,
      mue: null,
      ndc: null,
      timelyFilingDays: null,
      timelyFilingSource: null,
      expectedPayment: null,
      modifier340b: 'off',
      ...program,
    },
    policies: [
      {
        id: 'test-policy',
        title: 'Test policy',
        version: '1',
        effectiveFrom: '2025-01-01',
        effectiveTo: null,
        source: 'test policy',
        drugs,
      },
    ],
    file: 'rules/payers/example-health-plan.yaml',
  };
}

export const PLAN_PAYER = { name: 'EXAMPLE HEALTH PLAN', id: 'EXHP1', kind: 'commercial' as const };
