/**
 * Remittance → ExplanationOfBenefit (eob-write.ts). The round trip is the test: every 835 and every FHIR EOB sample
 * (../shared/samples) read, written as EOBs and read back with the EOB reader gives the same remittance claims; and a
 * drug remittance written here (J9173-JZ with its allowed amount, an NDC-paid line, a denial, an institutional claim
 * with a revenue code and an original procedure, remark codes, a PLB) shows the C4BB shape field by field.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Remittance, RemittanceClaim } from '../../core/claim/model.ts';
import { fhirSamplesDir, x12SamplesDir } from '../../../test/support/shared.ts';
import { claimWriter, readClaimBytes } from '../claim-files/index.ts';
import { readX12Bytes } from '../x12/index.ts';
import { eobToFhir, readFhirJson, remittanceToFhir, writeFhirClaims } from './index.ts';
import { imfinziClaim } from './testing.ts';
import type { Bundle, Coding, ExplanationOfBenefit } from './r4.ts';

const HCPCS = 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets';
const NDC = 'http://hl7.org/fhir/sid/ndc';
const CARC = 'https://x12.org/codes/claim-adjustment-reason-codes';
const RARC = 'https://x12.org/codes/remittance-advice-remark-codes';
const GROUP = 'https://x12.org/codes/claim-adjustment-group-code';
const ABSENT = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason';
const EXT = 'https://drugclaim.dev/fhir/StructureDefinition/';

/** An 835 with a correct SE count around `body` (the segments after ST, before SE). */
function x12_835(body: string[]): string {
  const st = ['ST*835*0001*005010X221A1', ...body];
  return [
    'ISA*00*          *00*          *ZZ*PAYERID        *ZZ*PROVIDERID     *260301*1200*^*00501*000000101*0*P*:',
    'GS*HP*PAYERID*PROVIDERID*20260301*1200*101*X*005010X221A1',
    ...st,
    `SE*${st.length + 1}*0001`,
    'GE*1*101',
    'IEA*1*000000101',
  ]
    .map((s) => `${s}~`)
    .join('\n');
}

/** Drug remittances to Medicare: three claims (paid, denied, institutional) and a provider-level adjustment. */
const DRUG_835 = x12_835([
  'BPR*I*12550*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20260305',
  'TRN*1*EFT0012345*1512345678',
  'DTM*405*20260301',
  'N1*PR*MEDICARE PART B',
  'N3*PO BOX 100',
  'N4*NASHVILLE*TN*37202',
  'N1*PE*ONCOLOGY CLINIC*XX*1234567893',
  'REF*TJ*123456789',
  'LX*1',
  'CLP*DEMO-0001*1*15350*12000*3000*MB*2026031500001*11*1',
  'NM1*QC*1*QUIXOTE*ZEBULON****MI*QXMEMBER998877',
  'MOA***MA130',
  'DTM*050*20260215',
  'SVC*HC:J9173:JZ*15000*11800**150',
  'DTM*472*20260210',
  'CAS*CO*45*200',
  'CAS*PR*2*3000*1',
  'REF*6R*LINE0001',
  'AMT*B6*14800',
  'LQ*HE*N130',
  'SVC*HC:96413*350*200**1',
  'DTM*472*20260210',
  'CAS*CO*45*150',
  'CLP*DEMO-0002*4*500*0*0*MB*2026031500002*11*1',
  'NM1*QC*1*DOE*JANE****MI*MEMBER2',
  'SVC*N4:00310461150*500*0**30',
  'DTM*472*20260211',
  'CAS*CO*16*500',
  'LQ*HE*M119',
  'CLP*OUTPT-77*2*1000*600*0*MA*PCN77*13*1',
  'NM1*QC*1*ROE*RICHARD****MI*MEMBER3',
  'DTM*232*20260201',
  'DTM*233*20260203',
  'SVC*HC:J9312*1000*600*0636*10*HC:J9311*12',
  'DTM*150*20260201',
  'DTM*151*20260203',
  'CAS*CO*45*400',
  'PLB*1234567893*20261231*WO:REF123*-50',
]);

const readRemittances = (name: string, text: string | Uint8Array): Remittance[] => {
  const read = readClaimBytes(name, typeof text === 'string' ? Buffer.from(text) : text);
  assert.deepEqual(
    read.problems.filter((p) => p.severity === 'error' && !p.code.startsWith('x12.')),
    [],
    `${name} reads`,
  );
  return read.remittances;
};

/** Remittances → the FHIR Bundle `convert --to fhir` writes, and what the EOB reader reads back from it. */
function roundTrip(remittances: readonly Remittance[]): { bundle: Bundle; back: Remittance[] } {
  const text = claimWriter('fhir', { created: '2026-04-01' }).end(remittances);
  const read = readFhirJson(text, { file: 'eob.json' });
  return { bundle: JSON.parse(text) as Bundle, back: read.remittances };
}

/**
 * What R4 asks of every ExplanationOfBenefit written, as a list of what is wrong: the required elements (an element
 * may instead carry data-absent-reason), insurance with focal and coverage, item sequence and productOrService, no
 * empty array anywhere (R4 JSON has none), and every local reference (`#id`) naming a contained resource.
 * @see https://hl7.org/fhir/R4/explanationofbenefit.html; https://hl7.org/fhir/R4/json.html (arrays)
 */
function r4Violations(text: string): string[] {
  const out: string[] = [];
  const bundle = JSON.parse(text, (k, v: unknown) => {
    if (Array.isArray(v) && v.length === 0) out.push(`empty array ${k}`);
    return v;
  }) as Bundle;
  for (const [n, entry] of (bundle.entry ?? []).entries()) {
    const eob = entry.resource as ExplanationOfBenefit & Record<string, unknown>;
    if (eob.resourceType !== 'ExplanationOfBenefit') continue;
    if (
      !/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(
        entry.fullUrl ?? '',
      )
    )
      out.push(`${n}: fullUrl ${entry.fullUrl}`);
    for (const e of ['status', 'type', 'use', 'patient', 'created', 'insurer', 'provider', 'outcome'])
      if (eob[e] === undefined && eob[`_${e}`] === undefined) out.push(`${n}: no ${e}`);
    if (!eob.insurance?.length || eob.insurance.some((i) => typeof i.focal !== 'boolean' || !i.coverage))
      out.push(`${n}: insurance`);
    for (const item of eob.item ?? [])
      if (!(Number.isInteger(item.sequence) && item.sequence > 0) || !item.productOrService)
        out.push(`${n}: item ${item.sequence}`);
    const ids = new Set((eob.contained ?? []).map((r) => r.id));
    for (const [, ref] of JSON.stringify(eob).matchAll(/"reference":"#([^"]*)"/g))
      if (!ids.has(ref)) out.push(`${n}: #${ref} unresolved`);
  }
  return out;
}

/** A remittance claim without the reader's bookkeeping: positions, and FHIR's adjudications as sent. */
const comparable = (c: RemittanceClaim): unknown =>
  JSON.parse(
    JSON.stringify(c, (k, v: unknown) => (k === 'position' || k === 'adjudications' ? undefined : v)),
  );

const samples = (dir: string, prefix: string): string[] =>
  readdirSync(dir).filter((f) => f.startsWith(prefix) && !f.endsWith('.md'));

describe('835 → ExplanationOfBenefit → remittance (every 835 sample)', () => {
  const files = samples(x12SamplesDir(), '835');
  it('has the five 835 samples of MANIFEST.md', () => assert.equal(files.length, 5));
  for (const f of files)
    it(`${f}: the same remittance claims come back, and the Bundle reads without a problem`, () => {
      const remittances = readRemittances(f, readFileSync(join(x12SamplesDir(), f)));
      const { bundle, back } = roundTrip(remittances);
      const claims = remittances.flatMap((r) => r.claims);
      assert.ok(claims.length > 0);
      assert.equal(bundle.entry?.length, claims.length, 'one EOB per CLP');
      assert.deepEqual(back.flatMap((r) => r.claims).map(comparable), claims.map(comparable));
      assert.deepEqual(readFhirJson(claimWriter('fhir').end(remittances)).problems, []);
      assert.deepEqual(r4Violations(JSON.stringify(bundle)), []);
      // Written again from what was read back (adjudications as sent), the EOBs read the same once more.
      assert.deepEqual(roundTrip(back).back, back);
    });
});

describe('ExplanationOfBenefit → remittance → ExplanationOfBenefit (every FHIR EOB sample)', () => {
  const files = samples(fhirSamplesDir(), 'EOB');
  it('has the five EOB samples of MANIFEST.md', () => assert.equal(files.length, 5));
  for (const f of files)
    it(`${f}: the same remittances come back, adjudications as sent included`, () => {
      const remittances = readRemittances(f, readFileSync(join(fhirSamplesDir(), f)));
      assert.equal(remittances.length, 1);
      const { bundle, back } = roundTrip(remittances);
      // hccinfhir's items have no adjudication and no net: no empty list and no $0 net in their place.
      assert.deepEqual(r4Violations(JSON.stringify(bundle)), []);
      assert.doesNotMatch(JSON.stringify(bundle), /"net":\{"value":0,/);
      const strip = (r: Remittance): unknown =>
        JSON.parse(JSON.stringify(r, (k, v: unknown) => (k === 'position' ? undefined : v)));
      const want = strip(remittances[0] as Remittance) as Record<string, unknown>;
      // R4 requires `created`: an EOB without a valid one (Blue Button's IGNORED_FIELD, hccinfhir's none) gets the day
      // it is written, which reads back as the production date.
      if (want['productionDate'] === undefined) want['productionDate'] = '2026-04-01';
      assert.deepEqual(back.map(strip), [want]);
    });
});

describe('a drug remittance as ExplanationOfBenefits (C4BB shape)', () => {
  const remittances = readRemittances('drug.835', DRUG_835);
  const { bundle, back } = roundTrip(remittances);
  const eobs = (bundle.entry ?? []).map((e) => e.resource as ExplanationOfBenefit);
  const [paid, denied, outpatient] = eobs;
  const ext = (eob: ExplanationOfBenefit | undefined, name: string): unknown =>
    eob?.extension?.find((e) => e.url === `${EXT}${name}`)?.valueString;
  const cats = (list: ExplanationOfBenefit['adjudication']): string[] =>
    (list ?? []).map((a) => {
      const reason = (a.reason?.coding ?? []).map(
        (c: Coding) =>
          `${c.system === GROUP ? 'group' : c.system === CARC ? 'carc' : c.system === RARC ? 'rarc' : c.system}:${c.code}`,
      );
      return [a.category.coding?.[0]?.code, a.amount?.value, a.value, ...reason]
        .filter((x) => x !== undefined)
        .join(' ');
    });

  it('writes one EOB per CLP, every claim read back the same', () => {
    assert.equal(eobs.length, 3);
    assert.deepEqual(
      back.flatMap((r) => r.claims).map(comparable),
      remittances.flatMap((r) => r.claims).map(comparable),
    );
  });

  it('header: status, use, outcome from CLP02, type, control numbers, X12 codes in extensions', () => {
    assert.ok(paid && denied && outpatient);
    assert.deepEqual(
      eobs.map((e) => [e.status, e.use, e.outcome, e.type.coding?.[0]?.code, ext(e, 'claim-status-code')]),
      [
        ['active', 'claim', 'complete', 'professional', '1'],
        ['active', 'claim', 'error', 'professional', '4'],
        ['active', 'claim', 'complete', 'institutional', '2'],
      ],
    );
    assert.deepEqual(
      paid.identifier?.map((i) => [i.type?.coding?.[0]?.code, i.value]),
      [
        ['pat', 'DEMO-0001'],
        ['uc', '2026031500001'],
      ],
    );
    assert.deepEqual(
      ['claim-filing-indicator', 'facility-code', 'claim-frequency-code'].map((n) => ext(paid, n)),
      ['MB', '11', '1'],
    );
    assert.equal(paid.created, '2026-03-01');
    assert.deepEqual(outpatient.billablePeriod, { start: '2026-02-01', end: '2026-02-03' });
    assert.deepEqual(
      paid.supportingInfo?.map((s) => [s.category.coding?.[0]?.code, s.timingDate]),
      [['clmrecvddate', '2026-02-15']],
    );
  });

  it('parties: the patient with the member id, the payer and the payee as contained resources', () => {
    assert.deepEqual(
      [
        paid?.patient.reference,
        paid?.insurer.reference,
        paid?.provider.reference,
        paid?.payee?.party?.reference,
      ],
      ['#patient', '#payer', '#payee', '#payee'],
    );
    const patient = paid?.contained?.find((r) => r.id === 'patient');
    assert.deepEqual(patient, {
      resourceType: 'Patient',
      id: 'patient',
      name: [{ family: 'QUIXOTE', given: ['ZEBULON'] }],
      identifier: [
        {
          type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MB' }] },
          value: 'QXMEMBER998877',
        },
      ],
    });
    const payee = paid?.contained?.find((r) => r.id === 'payee');
    assert.deepEqual(payee && 'identifier' in payee ? payee.identifier : undefined, [
      { system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' },
      { system: 'urn:oid:2.16.840.1.113883.4.4', value: '123456789' },
    ]);
    // No coverage in an 835: R4 requires the reference, so it says why it is empty.
    assert.deepEqual(paid?.insurance, [
      { focal: true, coverage: { extension: [{ url: ABSENT, valueCode: 'unknown' }] } },
    ]);
  });

  it('items: HCPCS code and modifier, date, units, adjudications with CARC, group and RARC as reasons', () => {
    const item = paid?.item?.[0];
    assert.deepEqual(item?.productOrService.coding, [{ system: HCPCS, code: 'J9173' }]);
    assert.deepEqual(item?.modifier, [{ coding: [{ system: HCPCS, code: 'JZ' }] }]);
    assert.deepEqual([item?.servicedDate, item?.quantity], ['2026-02-10', { value: 150 }]);
    assert.deepEqual(cats(item?.adjudication), [
      'submitted 15000',
      'eligible 14800',
      'paidtoprovider 11800',
      'adjustmentreason 200 carc:45 group:CO',
      'coinsurance 3000 1 carc:2 group:PR',
      'adjustmentreason rarc:N130',
    ]);
    assert.deepEqual(item?.extension, [{ url: `${EXT}line-item-control-number`, valueString: 'LINE0001' }]);
    // Claim level: MOA remark code, then the totals CLP03/CLP04/CLP05; the payment is this claim's, with the EFT.
    assert.deepEqual(cats(paid?.adjudication), ['adjustmentreason rarc:MA130']);
    assert.deepEqual(
      paid?.total?.map((t) => [t.category.coding?.[0]?.code, t.amount.value]),
      [
        ['submitted', 15350],
        ['paidtoprovider', 12000],
        ['memberliability', 3000],
      ],
    );
    assert.deepEqual(paid?.payment, {
      amount: { value: 12000, currency: 'USD' },
      date: '2026-03-05',
      identifier: { value: 'EFT0012345' },
    });
  });

  it('an NDC-paid line is coded as the NDC; a denial keeps its CARC and remark', () => {
    const item = denied?.item?.[0];
    assert.deepEqual(item?.productOrService.coding, [{ system: NDC, code: '00310461150' }]);
    assert.deepEqual(cats(item?.adjudication), [
      'submitted 500',
      'paidtoprovider 0',
      'adjustmentreason 500 carc:16 group:CO',
      'adjustmentreason rarc:M119',
    ]);
  });

  it('an institutional line: revenue code, service period, original procedure and units', () => {
    const item = outpatient?.item?.[0];
    assert.deepEqual(item?.revenue, {
      coding: [{ system: 'https://www.nubc.org/CodeSystem/RevenueCodes', code: '0636' }],
    });
    assert.deepEqual(item?.servicedPeriod, { start: '2026-02-01', end: '2026-02-03' });
    assert.deepEqual(item?.extension, [
      {
        url: `${EXT}original-procedure`,
        extension: [
          { url: 'productOrService', valueCodeableConcept: { coding: [{ system: HCPCS, code: 'J9311' }] } },
        ],
      },
      { url: `${EXT}original-units`, valueDecimal: 12 },
    ]);
    const line = back[2]?.claims[0]?.serviceLines[0];
    assert.deepEqual(
      [line?.originalProcedure?.code, line?.originalUnits, line?.units, line?.revenueCode],
      ['J9311', 12, 10, '0636'],
    );
  });

  it('leaves the remittance it writes unchanged', () => {
    const before = JSON.stringify(remittances);
    roundTrip(remittances);
    assert.equal(JSON.stringify(remittances), before);
  });
});

/**
 * One check paying a J9173 claim, its reversal (CLP02 22, every amount negated) and the corrected claim, a claim
 * denied at the claim level without service lines (CO-4), and the overpayment recovered by a PLB WO.
 */
const REVERSAL_835 = x12_835([
  'BPR*I*6700*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20260305',
  'TRN*1*EFT0012399*1512345678',
  'DTM*405*20260301',
  'N1*PR*ACME HEALTH PLAN*XV*ACME01',
  'N1*PE*ONCOLOGY CLINIC*XX*1234567893',
  'LX*1',
  'CLP*PCN001*22*-12000*-7000*-2000*12*ICN0001*11*1',
  'NM1*QC*1*DOE*JANE****MI*MBR001',
  'SVC*HC:J9173:JZ*-12000*-7000**-120',
  'DTM*472*20260102',
  'CAS*CO*45*-3000',
  'CAS*PR*1*-500**2*-1500',
  'CLP*PCN001*1*12000*6850*2150*12*ICN0004*11*1',
  'NM1*QC*1*DOE*JANE****MI*MBR001',
  'SVC*HC:J9173:JZ*12000*6850**120',
  'DTM*472*20260102',
  'CAS*CO*45*3000',
  'CAS*PR*1*500**2*1650',
  'AMT*B6*9000',
  'CLP*PCN003*4*800*0*0*12*ICN0003*11*1',
  'NM1*QC*1*POE*PAT****MI*MBR003',
  'CAS*CO*4*800',
  'PLB*1234567893*20261231*WO:ICN0001*150',
]);

describe('a dental remittance (ADA codes, qualifier AD)', () => {
  const remittances = readRemittances(
    'dental.835',
    x12_835([
      'BPR*I*80*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20260305',
      'TRN*1*EFT0012346*1512345678',
      'N1*PR*DENTAL PLAN',
      'N1*PE*DENTAL CLINIC*XX*1234567893',
      'LX*1',
      'CLP*DENT-0001*1*100*80*20*12*2026031500002',
      'NM1*QC*1*QUIXOTE*ZEBULON****MI*QXMEMBER998877',
      'SVC*AD:D1110*100*80',
      'DTM*472*20260210',
      'CAS*PR*2*20',
    ]),
  );
  const { bundle, back } = roundTrip(remittances);
  const eob = bundle.entry?.[0]?.resource as ExplanationOfBenefit;

  it('codes the procedure in CDT (THO: http://www.ada.org/cdt), not as the bare qualifier', () => {
    assert.deepEqual(eob.item?.[0]?.productOrService.coding, [
      { system: 'http://www.ada.org/cdt', code: 'D1110' },
    ]);
    assert.equal(eob.type.coding?.[0]?.code, 'oral');
  });

  it('reads back as qualifier AD', () => {
    assert.equal(back[0]?.claims[0]?.serviceLines[0]?.procedure.qualifier, 'AD');
    assert.deepEqual(
      back.flatMap((r) => r.claims).map(comparable),
      remittances.flatMap((r) => r.claims).map(comparable),
    );
  });
});

describe('a reversal, its correction and a claim-level denial as ExplanationOfBenefits', () => {
  const remittances = readRemittances('reversal.835', REVERSAL_835);
  const text = claimWriter('fhir', { created: '2026-04-01' }).end(remittances);
  const { bundle, back } = roundTrip(remittances);
  const [reversal, corrected, denied] = (bundle.entry ?? []).map((e) => e.resource as ExplanationOfBenefit);
  const amounts = (eob: ExplanationOfBenefit | undefined): unknown => [
    eob?.item?.[0]?.adjudication?.map((a) => a.amount?.value),
    eob?.total?.map((t) => t.amount.value),
    eob?.payment?.amount?.value,
  ];

  it('is R4: every required element, no empty list (the denial has no item), references that resolve', () => {
    assert.deepEqual(r4Violations(text), []);
    assert.equal(denied !== undefined && 'item' in denied, false);
    assert.deepEqual(
      back.flatMap((r) => r.claims).map(comparable),
      remittances.flatMap((r) => r.claims).map(comparable),
    );
  });

  it('the reversal: negative amounts throughout, CLP02 22 kept, the same claim ids as the claim it reverses', () => {
    assert.deepEqual(amounts(reversal), [[-12000, -7000, -3000, -500, -1500], [-12000, -7000, -2000], -7000]);
    assert.equal(reversal?.item?.[0]?.quantity?.value, -120);
    assert.deepEqual(
      [reversal?.outcome, reversal?.extension?.find((e) => e.url === `${EXT}claim-status-code`)?.valueString],
      ['complete', '22'],
    );
    assert.deepEqual(
      reversal?.identifier?.map((i) => i.value),
      ['PCN001', 'ICN0001'],
    );
    // What the item adjudications say adds up: submitted = paid + every adjustment, on the correction as well.
    for (const eob of [reversal, corrected]) {
      const [submitted, ...rest] = (eob?.item?.[0]?.adjudication ?? [])
        .filter((a) => a.category.coding?.[0]?.code !== 'eligible')
        .map((a) => Math.round((a.amount?.value ?? 0) * 100));
      assert.equal(
        rest.reduce((x, y) => x + y, 0),
        submitted,
      );
    }
  });

  it('the claim-level denial: CO-4 as a header adjudication, totals, no items; outcome error', () => {
    assert.deepEqual(
      [denied?.outcome, denied?.adjudication?.map((a) => a.reason?.coding?.map((c) => c.code).join('-'))],
      ['error', ['4-CO']],
    );
    assert.deepEqual(amounts(denied), [undefined, [800, 0, 0], 0]);
  });
});

describe('outcome from the claim status (CLP02)', () => {
  const claim = (status: string): RemittanceClaim => ({
    patientControlNumber: 'P1',
    status,
    chargeCents: 100,
    paidCents: 0,
    patientResponsibilityCents: 0,
    adjustments: [],
    remarkCodes: [],
    serviceLines: [],
  });
  const remittance: Remittance = {
    format: '835',
    payer: {},
    payee: {},
    payment: { amountCents: 0 },
    claims: [],
    providerAdjustments: [],
  };
  const cases: [string, string | undefined, string | undefined][] = [
    ['1', 'complete', '1'],
    ['2', 'complete', '2'],
    ['19', 'complete', '19'],
    ['22', 'complete', '22'],
    ['25', 'complete', '25'],
    ['4', 'error', '4'],
    ['23', 'error', '23'],
    ['5', 'partial', '5'],
    ['99', undefined, '99'],
    ['partial', 'partial', undefined],
    ['', undefined, undefined],
  ];
  for (const [status, outcome, kept] of cases)
    it(`"${status}" → ${outcome ?? 'data-absent'}${kept === undefined ? '' : `, ${kept} kept`}`, () => {
      const eob = eobToFhir(claim(status), remittance, { created: '2026-04-01' });
      assert.equal(eob.outcome, outcome);
      if (outcome === undefined)
        assert.deepEqual(eob._outcome, { extension: [{ url: ABSENT, valueCode: 'unknown' }] });
      assert.equal(eob.extension?.find((e) => e.url === `${EXT}claim-status-code`)?.valueString, kept);
      assert.equal(readFhirJson(JSON.stringify(eob)).remittances[0]?.claims[0]?.status, status);
    });

  it('marks what R4 requires and the remittance does not have as data-absent, and invents nothing', () => {
    const eob = eobToFhir(claim('1'), remittance, { created: '2026-04-01' });
    const absent = { extension: [{ url: ABSENT, valueCode: 'unknown' }] };
    assert.deepEqual([eob.patient, eob.insurer, eob.provider, eob.type], [absent, absent, absent, absent]);
    assert.deepEqual([eob.contained, eob.payee, eob.created], [undefined, undefined, '2026-04-01']);
    assert.deepEqual(remittanceToFhir({ ...remittance, claims: [claim('1')] }).length, 1);
  });
});

describe('claims and remittances in one Bundle', () => {
  it('writes the Claims, then an ExplanationOfBenefit per remittance claim; both read back', () => {
    const claims = readFhirJson(JSON.stringify(imfinziClaim())).claims;
    const remittances = readX12Bytes(Buffer.from(DRUG_835)).remittances;
    const writer = claimWriter('fhir', { created: '2026-04-01' });
    const text = claims.map((c) => writer.add(c)).join('') + [...writer.endChunks(remittances)].join('');
    const bundle = JSON.parse(text) as Bundle;
    assert.deepEqual(
      bundle.entry?.map((e) => e.resource?.resourceType),
      ['Claim', 'ExplanationOfBenefit', 'ExplanationOfBenefit', 'ExplanationOfBenefit'],
    );
    assert.ok(bundle.entry?.every((e) => /^urn:uuid:[0-9a-f-]{36}$/.test(e.fullUrl ?? '')));
    const read = readFhirJson(text);
    assert.deepEqual(
      [read.claims.map((c) => c.id), read.remittances.map((r) => r.claims[0]?.patientControlNumber)],
      [['DEMO-0001'], ['DEMO-0001', 'DEMO-0002', 'OUTPT-77']],
    );
    // Without remittances the Bundle is the Claims' alone, as before.
    assert.equal(
      claimWriter('fhir', { created: '2026-04-01' }).end(),
      writeFhirClaims([], { created: '2026-04-01' }),
    );
  });
});

void describe('adjudications read from FHIR keep their category and count when written back', () => {
  void it('a CARIN denialreason with a RARC and an amount stays one denialreason entry', async () => {
    const { imfinziEob } = await import('./testing.ts');
    const eob = imfinziEob('EOB-DENIAL-REASON');
    const item = eob.item?.[0];
    assert.ok(item?.adjudication);
    item.adjudication.push({
      category: { coding: [{ code: 'denialreason' }] },
      reason: { coding: [{ system: RARC, code: 'M119' }] },
      amount: { value: 30, currency: 'USD' },
    });
    const bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: eob }] };
    const read = readFhirJson(JSON.stringify(bundle));
    const written = JSON.parse(claimWriter('fhir').end(read.remittances)) as Bundle;
    const back = written.entry?.[0]?.resource as ExplanationOfBenefit;
    const adjudications = back.item?.[0]?.adjudication ?? [];
    assert.equal(adjudications.length, item.adjudication.length, JSON.stringify(adjudications));
    const denial = adjudications.filter((a) => a.reason?.coding?.some((c) => c.code === 'M119'));
    assert.equal(denial.length, 1);
    assert.equal(denial[0]?.category.coding?.[0]?.code, 'denialreason');
    assert.equal(denial[0]?.amount?.value, 30);
  });
});
