/**
 * FHIR R4 on real files (../shared/samples/fhir, values from MANIFEST.md) and canonical → FHIR → canonical.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Claim, Party, RemittanceClaim } from '../../core/claim/model.ts';
import { fhirSamplesDir, x12SamplesDir } from '../../../test/support/shared.ts';
import { readX12Bytes } from '../x12/index.ts';
import { claimToFhir, readFhirJson, readFhirValue, writeFhirClaims } from './index.ts';
import type { FhirReadResult } from './index.ts';

const cats = (list: { category: string; amountCents?: number }[] | undefined): string[] =>
  (list ?? []).map((a) => `${a.category}${a.amountCents === undefined ? '' : `:${a.amountCents}`}`);

/** The references a sample points to on a server (not in the file): reported, each at its path. */
const unresolved = (r: FhirReadResult): string[] =>
  r.problems
    .filter((p) => p.code === 'fhir.reference.unresolved')
    .map((p) => `${p.at?.path} ${String(p.data?.['reference'])}`);
const others = (r: FhirReadResult): unknown[] =>
  r.problems.filter((p) => p.code !== 'fhir.reference.unresolved').map((p) => [p.code, p.at?.path]);

const expected: Record<string, (r: FhirReadResult) => void> = {
  'Claim_hl7-r4_claim-example-professional.json': (r) => {
    // Its parties and coverage are on a server: said, and kept for writing the Claim back.
    assert.deepEqual(unresolved(r), [
      '$.provider.reference Organization/1',
      '$.insurer.reference Organization/2',
      '$.patient.reference Patient/1',
      '$.insurance[0].coverage.reference Coverage/9876B1',
    ]);
    assert.deepEqual(others(r), []);
    assert.ok(r.problems.every((p) => p.severity === 'warning'));
    // What the claim model has no place for is counted, so that writing it out again says so.
    assert.deepEqual(r.passedOver, {
      'Claim.careTeam': 1,
      'Claim.item.unitPrice': 1,
      'Claim.meta': 1,
      'Claim.payee': 1,
    });
    const c = r.claims[0];
    assert.ok(c);
    // Gold: identifier[0].value 8612345; item[0] exam, net 75.00, servicedDate 2014-08-16; diagnosis 654456.
    assert.deepEqual([c.id, c.format, c.totalChargeCents], ['8612345', 'fhir', 7500]);
    // No system in the file: none is made up.
    assert.deepEqual(c.diagnoses, [{ code: '654456', pointer: 1, system: '' }]);
    assert.deepEqual(c.envelope, {
      created: '2014-08-16',
      fhir: {
        id: '860150',
        identifierSystem: 'http://happypdocs.com/claim',
        references: {
          patient: 'Patient/1',
          provider: 'Organization/1',
          insurer: 'Organization/2',
          coverage: 'Coverage/9876B1',
        },
      },
    });
    assert.deepEqual(
      c.lines.map((l) => [l.sequence, l.procedure.qualifier, l.procedure.code, l.chargeCents, l.serviceDate]),
      [[1, 'http://hl7.org/fhir/ex-serviceproduct', 'exam', 7500, '2014-08-16']],
    );
  },
  'EOB_hl7-r4_explanationofbenefit-example_EB3500.json': (r) => {
    assert.deepEqual(unresolved(r), [
      '$.patient.reference Patient/pat1',
      '$.payee.party.reference Organization/2',
      '$.insurer.reference Organization/3',
    ]);
    assert.deepEqual(others(r), []);
    const rem = r.remittances[0];
    const c = rem?.claims[0];
    assert.ok(rem && c);
    // Gold: totals submitted 135.57, benefit 96.00; item 1 eligible 120.00, benefit 96.00; item 2 net 200, benefit 180.
    assert.deepEqual(
      [c.patientControlNumber, c.status, c.chargeCents, c.paidCents],
      ['100150', 'complete', 13557, 9600],
    );
    assert.deepEqual(
      c.serviceLines.map((l) => [
        l.procedure.code,
        l.chargeCents,
        l.paidCents,
        l.allowedCents,
        l.serviceDate,
      ]),
      [
        ['1205', 13557, 9600, 12000, '2014-08-16'],
        ['group', 20000, 18000, undefined, '2014-08-16'],
      ],
    );
    assert.deepEqual(c.serviceLines[0]?.adjudications, [
      { category: 'eligible', amountCents: 12000 },
      { category: 'eligpercent', value: 0.8 },
      { category: 'benefit', amountCents: 9600 },
    ]);
    assert.equal(rem.format, 'fhir');
  },
  'EOB_carinbb200_EOBProfessional1.json': (r) => {
    assert.deepEqual(unresolved(r), [
      '$.patient.reference Patient/Patient2',
      '$.provider.reference Organization/ProviderOrganization1',
      '$.insurer.reference Organization/Payer1',
    ]);
    assert.deepEqual(others(r), []);
    const c = r.remittances[0]?.claims[0];
    assert.ok(c);
    assert.deepEqual(
      [c.payerClaimControlNumber, c.status, c.chargeCents, c.paidCents, c.patientResponsibilityCents],
      ['AW123412341234123412341234123413', 'partial', 265000, 62000, 0],
    );
    // Header adjudications (network status) then the totals, as sent.
    assert.deepEqual(cats(c.adjudications), [
      'billingnetworkstatus',
      'renderingnetworkstatus',
      'paidtoprovider:62000',
      'submitted:265000',
      'paidbypatient:0',
    ]);
    const line = c.serviceLines[0];
    assert.deepEqual(
      [line?.procedure.code, line?.chargeCents, line?.serviceDate],
      ['97110', 100000, '2019-07-02'],
    );
    assert.deepEqual(line?.adjudications?.[0], { category: 'benefitpaymentstatus', reason: 'other' });
    // The item's submitted amount (1000) does not add up to the header total (2650): kept as sent, not "fixed".
    assert.notEqual(line?.chargeCents, c.chargeCents);
    // billablePeriod 2019-01-01 → 2019-10-31, created 2019-07-02.
    assert.deepEqual(
      [c.statementFrom, c.statementTo, r.remittances[0]?.productionDate],
      ['2019-01-01', '2019-10-31', '2019-07-02'],
    );
    assert.equal(line?.ndc, undefined);
  },
  'EOB_carinbb200_EOBPharmacy1_ndc.json': (r) => {
    assert.deepEqual(unresolved(r), [
      '$.patient.reference Patient/Patient2',
      '$.provider.reference Organization/ProviderOrganization1',
      '$.insurer.reference Organization/Payer1',
    ]);
    assert.deepEqual(others(r), []);
    const c = r.remittances[0]?.claims[0];
    const line = c?.serviceLines[0];
    assert.ok(c && line);
    // The NDC is the productOrService, kept as sent (10-digit hyphenated; normalising is an edit's job).
    assert.deepEqual(
      [line.procedure.qualifier, line.procedure.code, line.ndc],
      ['N4', '0777-3105-02', '0777-3105-02'],
    );
    assert.deepEqual(cats(line.adjudications), [
      'submitted:100000',
      'benefit:2000',
      'discount:90000',
      'memberliability:8000',
      'paidtoprovider:2000',
    ]);
    assert.deepEqual([line.chargeCents, line.paidCents], [100000, 2000]);
    assert.deepEqual([c.chargeCents, c.paidCents, c.patientResponsibilityCents], [265000, 62000, 0]);
    assert.equal(r.remittances[0]?.payment.amountCents, 62000);
  },
  'EOB_bfd-v2_eobReadCarrier_ndc-ext.json': (r) => {
    // "created" is the literal IGNORED_FIELD: reported, the rest is read. The patient is on a server.
    assert.deepEqual(others(r), [['fhir.element.missing', '$.created']]);
    assert.deepEqual(unresolved(r), ['$.patient.reference Patient/567834']);
    const rem = r.remittances[0];
    const c = rem?.claims[0];
    const line = c?.serviceLines[0];
    assert.ok(rem && c && line);
    assert.deepEqual(
      [
        line.procedure.code,
        line.procedure.modifiers,
        line.units,
        line.chargeCents,
        line.allowedCents,
        line.paidCents,
        line.ndc,
      ],
      ['92999', ['LT'], 1, 7500, 4784, 3750, '000000000'],
    );
    assert.deepEqual(line.adjustments, [{ group: 'PR', carc: '2', amountCents: 957 }]);
    // Every line adjudication as sent (CARIN BB categories), the denial reason "0" included.
    assert.deepEqual(cats(line.adjudications).sort(), [
      'benefit:3750',
      'coinsurance:957',
      'deductible:0',
      'denialreason',
      'eligible:4784',
      'paidtopatient:0',
      'paidtoprovider:3750',
      'priorpayerpaid:0',
      'submitted:7500',
    ]);
    assert.equal(line.adjudications?.find((a) => a.category === 'denialreason')?.reason, '0');
    // total has a single entry (priorpayerpaid 0.00); billablePeriod 1999-10-27.
    assert.deepEqual(
      [cats(c.adjudications), c.statementFrom, c.status],
      [['priorpayerpaid:0'], '1999-10-27', 'complete'],
    );
    assert.deepEqual(
      [c.payerClaimControlNumber, c.chargeCents, c.paidCents, rem.payment.amountCents],
      ['9991831999', 7500, 3750, 19999],
    );
    assert.equal(rem.payee.npi, '1234567890');
  },
  'EOB_hccinfhir_sample_eob_1.json': (r) => {
    // R4-required elements missing and two items with sequence 1: each reported as a warning, the rest is read.
    const missing = r.problems.filter((p) => p.code === 'fhir.element.missing').map((p) => p.at?.path);
    assert.deepEqual(missing, [
      '$.status',
      '$.use',
      '$.created',
      '$.insurer',
      '$.provider',
      '$.outcome',
      '$.insurance',
    ]);
    assert.ok(r.problems.some((p) => p.code === 'fhir.item.duplicate-sequence'));
    assert.ok(r.problems.every((p) => p.severity === 'warning'));
    // Gold (hccinfhir): 2 service-level records.
    const lines = r.remittances[0]?.claims[0]?.serviceLines ?? [];
    assert.deepEqual(
      lines.map((l) => [l.procedure.qualifier, l.procedure.code, l.units, l.adjudications]),
      [
        ['HC', '90792', 1, []],
        ['HC', '99213', 1, []],
      ],
    );
    // The linked diagnosis (gold: F411 on both records) has no place in the remittance view: see the report.
    assert.deepEqual(
      [r.remittances[0]?.claims[0]?.patientControlNumber, r.remittances[0]?.claims[0]?.statementFrom],
      ['carrier-28493431905', '2021-01-01'],
    );
  },
};

describe('FHIR samples (../shared/samples/fhir)', () => {
  const dir = fhirSamplesDir();
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  it('has an expectation for every sample file', () => {
    assert.deepEqual(
      files.filter((f) => !(f in expected)),
      [],
    );
  });
  for (const file of files) {
    const check = expected[file];
    if (!check) continue;
    it(file, () => {
      const text = readFileSync(join(dir, file), 'utf8');
      const r = readFhirJson(text, { file });
      assert.equal(r.claims.length + r.remittances.length, 1);
      check(r);
    });
  }
});

/** What a FHIR Claim carries of a canonical claim (docs/claims-io.md lists it). */
function carried(c: Claim): unknown {
  const party = (p: Party | undefined): unknown => {
    if (!p) return undefined;
    const { contact: _c, ...rest } = p;
    return rest;
  };
  const billing = party(c.billingProvider) as Party;
  delete billing.taxonomy;
  // The payer id qualifier XV has no place in a FHIR Claim (claim-files/not-carried.ts lists it).
  const { kind, idQualifier: _xv, ...payer } = c.payer;
  return {
    id: c.id,
    billingProvider: billing,
    payToAddress: c.payToAddress,
    payer: { ...(party(payer) as object), kind },
    patient: c.patient,
    patientRelationship: c.patientRelationship,
    priorAuthorization: c.priorAuthorization,
    payerClaimControlNumber: c.payerClaimControlNumber,
    frequencyCode: c.frequencyCode,
    typeOfBill: c.typeOfBill,
    placeOfService: c.typeOfBill === undefined ? c.placeOfService : undefined,
    renderingProvider: party(c.renderingProvider),
    attendingProvider: party(c.attendingProvider),
    operatingPhysician: party(c.operatingPhysician),
    otherOperatingPhysician: party(c.otherOperatingPhysician),
    totalChargeCents: c.totalChargeCents,
    // The code system as written: named by the FHIR coding, else by the X12 qualifier (BK… ICD-9-CM), else ICD-10-CM.
    diagnoses: c.diagnoses.map((d) => ({
      ...d,
      system: d.system ?? (['BK', 'BF', 'BJ', 'PR', 'BN'].includes(d.qualifier ?? '') ? ICD9 : ICD10),
    })),
    notes: c.notes,
    lines: c.lines.map((l) => {
      const { position: _p, renderingProvider, ...rest } = l;
      return {
        ...rest,
        renderingProvider: party(renderingProvider),
        placeOfService: l.placeOfService ?? (c.typeOfBill === undefined ? c.placeOfService : undefined),
      };
    }),
  };
}
const ICD9 = 'http://hl7.org/fhir/sid/icd-9-cm';
const ICD10 = 'http://hl7.org/fhir/sid/icd-10-cm';

describe('canonical → FHIR Claim → canonical', () => {
  // Every 837 sample (the malformed ones too: what they yield must survive the trip).
  const files = readdirSync(x12SamplesDir()).filter((f) => /^(MALFORMED_)?837/.test(f));
  assert.ok(files.length >= 10);
  for (const file of files) {
    it(file, () => {
      const claims = readX12Bytes(readFileSync(join(x12SamplesDir(), file))).claims;
      assert.ok(claims.length > 0);
      const back = readFhirJson(writeFhirClaims(claims, { created: '2025-03-01' }));
      // A line pointer that names no diagnosis (a malformed 837 without its HI) comes back, with a warning each.
      const dangling = claims.flatMap((c) =>
        c.lines.flatMap((l) => l.diagnosisPointers.filter((p) => !c.diagnoses.some((d) => d.pointer === p))),
      );
      const [pointing, others] = [true, false].map((want) =>
        back.problems.filter((p) => /names no diagnosis/.test(p.message) === want),
      );
      assert.deepEqual(others, []);
      assert.deepEqual(
        pointing?.map((p) => p.severity),
        dangling.map(() => 'warning'),
      );
      assert.deepEqual(back.passedOver, {}, 'what drugclaim writes, it reads in full');
      assert.deepEqual(back.claims.map(carried), claims.map(carried));
    });
  }

  it('the pay-to address goes out as Claim.payee (a contained Organization) and comes back', () => {
    const file = '837P_imsweb_x12_valid.txt';
    const claims = readX12Bytes(readFileSync(join(x12SamplesDir(), file))).claims;
    assert.ok(claims[0]);
    const resource = claimToFhir(claims[0], { created: '2025-03-01' });
    assert.deepEqual(readFhirJson(JSON.stringify(resource)).claims[0]?.payToAddress, claims[0].payToAddress);
    assert.deepEqual(resource.payee, {
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/payeetype', code: 'provider' }] },
      party: { reference: '#payto' },
    });
    assert.deepEqual(
      resource.contained?.find((r) => r.id === 'payto'),
      {
        resourceType: 'Organization',
        id: 'payto',
        // R4 org-1 wants a name or an identifier: the name is marked unknown rather than made up.
        _name: {
          extension: [
            { url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'unknown' },
          ],
        },
        address: [{ line: ['227 LASTNER LANE'], city: 'GREENBELT', state: 'MD', postalCode: '20770' }],
      },
    );
    // A payee that is the provider itself adds nothing.
    resource.payee = { type: resource.payee?.type ?? {}, party: { reference: '#billing' } };
    assert.equal(readFhirJson(JSON.stringify(resource)).claims[0]?.payToAddress, undefined);
  });

  it('FHIR Claim sample → canonical → FHIR → canonical', () => {
    const file = 'Claim_hl7-r4_claim-example-professional.json';
    const first = readFhirJson(readFileSync(join(fhirSamplesDir(), file), 'utf8')).claims;
    assert.equal(first.length, 1);
    const back = readFhirJson(writeFhirClaims(first, { created: '2025-03-01' }));
    // Its server references went out as they came, so they are reported again, and nothing else is.
    assert.deepEqual(
      back.problems.map((p) => `${p.code} ${p.at?.path}`),
      [
        'fhir.reference.unresolved $.entry[0].resource.provider.reference',
        'fhir.reference.unresolved $.entry[0].resource.insurer.reference',
        'fhir.reference.unresolved $.entry[0].resource.patient.reference',
        'fhir.reference.unresolved $.entry[0].resource.insurance[0].coverage.reference',
      ],
    );
    assert.deepEqual(back.claims.map(carried), first.map(carried));
    assert.deepEqual(back.claims[0]?.envelope?.fhir, first[0]?.envelope?.fhir);
  });

  it('carries the operating physicians as CARIN BB care team roles operating and otheroperating', () => {
    const claim = readX12Bytes(readFileSync(join(x12SamplesDir(), '837I_lfh_institutional-claim.837i')))
      .claims[0] as Claim;
    claim.operatingPhysician = { lastName: 'SMITH', firstName: 'ANNA', npi: '1234567893' };
    claim.otherOperatingPhysician = { lastName: 'LEE', firstName: 'MAX', npi: '1234567893' };
    const resource = claimToFhir(claim, { created: '2025-03-01' });
    assert.deepEqual(
      resource.careTeam?.map((m) => [m.role?.coding?.[0]?.code, m.provider.reference]),
      [
        ['attending', '#attending'],
        ['operating', '#operating'],
        ['otheroperating', '#otheroperating'],
      ],
    );
    const back = readFhirJson(JSON.stringify(resource)).claims[0];
    assert.deepEqual(
      [back?.operatingPhysician?.lastName, back?.otherOperatingPhysician?.lastName],
      ['SMITH', 'LEE'],
    );
  });

  it('carries weight, height and the documented dose (drugclaim extensions)', () => {
    const claim = readX12Bytes(readFileSync(join(x12SamplesDir(), '837P_lfh_drug-example10-1_J1550-ndc.837')))
      .claims[0] as Claim;
    claim.patient.weightKg = 72.5;
    claim.patient.heightCm = 170;
    const line = claim.lines[1];
    assert.ok(line);
    line.dose = {
      text: '40MG',
      amount: 40,
      unit: 'MG',
      discardedText: '10MG',
      discardedAmount: 10,
      discardedUnit: 'MG',
    };
    const fhir = claimToFhir(claim, { created: '2025-03-01' });
    assert.equal(fhir.resourceType, 'Claim');
    assert.deepEqual(
      fhir.supportingInfo?.map((s) => [
        s.code?.coding?.[0]?.code,
        s.valueQuantity?.value,
        s.valueQuantity?.code,
      ]),
      [
        ['29463-7', 72.5, 'kg'],
        ['8302-2', 170, 'cm'],
      ],
    );
    assert.deepEqual(fhir.item?.[1]?.detail?.[0]?.productOrService?.coding?.[0], {
      system: 'http://hl7.org/fhir/sid/ndc',
      code: '00026063512',
    });
    const back = readFhirValue(fhir).claims[0];
    assert.deepEqual([back?.patient.weightKg, back?.patient.heightCm], [72.5, 170]);
    assert.deepEqual(back?.lines[1]?.dose, line.dose);
  });

  it('reads weight given in pounds and an NDC from the Blue Button extension on a Claim', () => {
    const r = readFhirValue({
      resourceType: 'Claim',
      id: 'c1',
      status: 'active',
      type: { coding: [{ code: 'professional' }] },
      use: 'claim',
      patient: { reference: '#p' },
      created: '2025-03-01',
      provider: { identifier: { system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' } },
      priority: { coding: [{ code: 'normal' }] },
      insurance: [{ sequence: 1, focal: true, coverage: { reference: '#cov' } }],
      contained: [
        { resourceType: 'Patient', id: 'p', gender: 'female', birthDate: '1960-01-02' },
        { resourceType: 'Coverage', id: 'cov', subscriberId: 'MEM1' },
      ],
      supportingInfo: [
        {
          sequence: 1,
          category: { coding: [{ code: 'info' }] },
          code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
          valueQuantity: { value: 154.324, code: '[lb_av]' },
        },
      ],
      diagnosis: [
        {
          sequence: 1,
          diagnosisCodeableConcept: {
            coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'C50.911' }],
          },
        },
      ],
      item: [
        {
          sequence: 1,
          productOrService: {
            coding: [{ system: 'https://bluebutton.cms.gov/resources/codesystem/hcpcs', code: 'J9355' }],
            extension: [
              {
                url: 'http://hl7.org/fhir/sid/ndc',
                valueCoding: { system: 'http://hl7.org/fhir/sid/ndc', code: '00069008101' },
              },
            ],
          },
          modifier: [{ coding: [{ code: 'JZ' }] }],
          quantity: { value: 30 },
          net: { value: 1500, currency: 'USD' },
          diagnosisSequence: [1],
          servicedDate: '2025-03-01',
        },
      ],
    });
    assert.deepEqual(r.problems, []);
    const c = r.claims[0];
    assert.deepEqual(
      [
        c?.id,
        c?.billingProvider.npi,
        c?.patient.memberId,
        c?.patient.sex,
        c?.patient.weightKg,
        c?.diagnoses[0]?.code,
      ],
      ['c1', '1234567893', 'MEM1', 'F', 70, 'C50911'],
    );
    assert.deepEqual(
      [
        c?.lines[0]?.procedure.code,
        c?.lines[0]?.procedure.modifiers,
        c?.lines[0]?.drug?.ndc,
        c?.lines[0]?.chargeCents,
        c?.totalChargeCents,
      ],
      ['J9355', ['JZ'], '00069008101', 150000, 150000],
    );
  });

  it('reports a service date that is not on the calendar, with its path, and leaves it out', () => {
    const r = readFhirValue({
      resourceType: 'Claim',
      id: 'c2',
      patient: { reference: '#p' },
      provider: { identifier: { system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' } },
      contained: [{ resourceType: 'Patient', id: 'p', birthDate: '1960-02-30' }],
      item: [
        {
          sequence: 1,
          productOrService: { coding: [{ code: 'J9355' }] },
          quantity: { value: 30 },
          net: { value: 1500, currency: 'USD' },
          servicedPeriod: { start: '2025-03-01', end: '2025-02-29' },
        },
      ],
    });
    assert.deepEqual(
      r.problems.filter((p) => p.code !== 'fhir.element.missing').map((p) => [p.code, p.at?.path, p.message]),
      [
        [
          'fhir.element.invalid',
          '$.item[0].servicedPeriod.end',
          'servicedPeriod.end "2025-02-29" is not a valid date.',
        ],
      ],
    );
    assert.equal(r.claims[0]?.lines[0]?.serviceDate, '2025-03-01');
    assert.equal(r.claims[0]?.lines[0]?.serviceDateTo, undefined);
    assert.equal(r.claims[0]?.patient.birthDate, undefined);
  });

  it('reports JSON syntax errors with line and column, and non-FHIR JSON', () => {
    const bad = readFhirJson('{\n  "resourceType": "Claim",\n  oops\n}');
    assert.equal(bad.problems[0]?.code, 'fhir.json.invalid');
    assert.match(bad.problems[0]?.message ?? '', /line 3/);
    assert.deepEqual(
      readFhirValue({ resourceType: 'Patient', id: 'x' }).problems.map((p) => p.code),
      ['fhir.resource.unsupported'],
    );
    assert.deepEqual(
      readFhirValue({ hello: 1 }).problems.map((p) => p.code),
      ['fhir.resource.unsupported'],
    );
  });

  it('follows references between Bundle entries and reads NDJSON', () => {
    const claim = {
      resourceType: 'Claim',
      id: 'b1',
      status: 'active',
      type: { coding: [{ code: 'professional' }] },
      use: 'claim',
      patient: { reference: 'Patient/p1' },
      created: '2025-03-01',
      provider: { reference: 'Organization/o1' },
      priority: { coding: [{ code: 'normal' }] },
      insurance: [{ sequence: 1, focal: true, coverage: { display: 'x' } }],
      item: [
        {
          sequence: 1,
          productOrService: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '96413' }] },
          net: { value: 10 },
        },
      ],
    };
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { resource: claim },
        { resource: { resourceType: 'Patient', id: 'p1', name: [{ family: 'DOE', given: ['ANN'] }] } },
        {
          resource: {
            resourceType: 'Organization',
            id: 'o1',
            name: 'CLINIC',
            identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' }],
          },
        },
      ],
    };
    const r = readFhirValue(bundle);
    assert.deepEqual(
      [r.claims[0]?.patient.lastName, r.claims[0]?.billingProvider.name, r.claims[0]?.billingProvider.npi],
      ['DOE', 'CLINIC', '1234567893'],
    );
    const nd = readFhirJson(`${JSON.stringify(claim)}\n${JSON.stringify({ ...claim, id: 'b2' })}\n`);
    assert.deepEqual(
      nd.claims.map((c) => c.id),
      ['b1', 'b2'],
    );
  });
});

/**
 * The gold assertions of a sample's MANIFEST.md entry (`path == value` lines), checked against the file itself (so
 * a changed sample fails) and, where the value reaches the canonical model, against what the reader gives.
 */
function goldOf(file: string): [string, unknown][] {
  const manifest = readFileSync(join(fhirSamplesDir(), 'MANIFEST.md'), 'utf8');
  const start = manifest.indexOf(`\n## ${file}`);
  assert.ok(start >= 0, `MANIFEST.md has a section for ${file}`);
  const end = manifest.indexOf('\n## ', start + 1);
  const section = manifest.substring(start, end === -1 ? undefined : end);
  return [...section.matchAll(/^\s+- `([^`]+?) ==\s+(.+)`$/gm)].map((m) => [
    m[1] as string,
    JSON.parse(m[2] as string) as unknown,
  ]);
}

/** Follows a FHIRPath-like path (`item[1].detail[0].net.value`) through parsed JSON. */
function valueAt(json: unknown, path: string): unknown {
  let v = json;
  for (const part of path.split('.')) {
    const m = /^(\w+)(?:\[(\d+)\])?$/.exec(part);
    assert.ok(m, path);
    v = (v as Record<string, unknown> | undefined)?.[m[1] as string];
    if (m[2] !== undefined) v = (v as unknown[] | undefined)?.[Number(m[2])];
  }
  return v;
}

type Mapping<T> = [RegExp, (r: T, m: RegExpExecArray) => unknown];

interface GoldCase<T> {
  count: number;
  read: (r: FhirReadResult) => T;
  /** Gold paths whose value reaches the canonical model, and where. */
  carried: Mapping<T>[];
  /** Gold paths the canonical model does not carry, and why. */
  notCarried: [RegExp, string][];
}

const dollars = (cents: number | undefined): number | undefined =>
  cents === undefined ? undefined : cents / 100;
const references = [
  /^(careTeam\[\d\]\.provider|insurance\[\d\]\.coverage|insurer|patient|provider|enterer|facility|claimResponse|payee\.party|item\[\d\]\.encounter\[\d\]|(item\[\d\]\.)?(detail\[\d\]\.)?(subDetail\[\d\]\.)?udi\[\d\])\.reference$/,
  'a reference to a resource that is not in the file: nothing to read',
] as [RegExp, string];
const fhirOnly = [
  /^(meta\.tag\[\d\]\.\w+|status|use|priority\.coding\[0\]\.code|payee\.type\.coding\[0\]\.(code|system)|insurance\[0\]\.(focal|sequence)|careTeam\[0\]\.sequence|item\[\d\]\.careTeamSequence\[0\]|identifier\[0\]\.system|id|disposition|type\.coding\[0\]\.system)$/,
  'FHIR resource bookkeeping with no canonical counterpart',
] as [RegExp, string];
const currency = [/\.currency$/, 'money is integer cents; USD is the only currency'] as [RegExp, string];

const goldCases: Record<string, GoldCase<Claim> | GoldCase<RemittanceClaim>> = {
  'Claim_hl7-r4_claim-example-professional.json': {
    count: 31,
    read: (r) => r.claims[0] as Claim,
    carried: [
      [/^identifier\[0\]\.value$/, (c) => c.id],
      [/^diagnosis\[0\]\.diagnosisCodeableConcept\.coding\[0\]\.code$/, (c) => c.diagnoses[0]?.code],
      [/^diagnosis\[0\]\.sequence$/, (c) => c.diagnoses[0]?.pointer],
      [/^item\[0\]\.sequence$/, (c) => c.lines[0]?.sequence],
      [/^item\[0\]\.servicedDate$/, (c) => c.lines[0]?.serviceDate],
      [/^item\[0\]\.net\.value$/, (c) => dollars(c.lines[0]?.chargeCents)],
      [
        /^item\[0\]\.unitPrice\.value$/,
        (c) => dollars((c.lines[0]?.chargeCents ?? 0) / (c.lines[0]?.units ?? 1)),
      ],
      [/^item\[0\]\.productOrService\.coding\[0\]\.code$/, (c) => c.lines[0]?.procedure.code],
      [/^item\[0\]\.productOrService\.coding\[0\]\.system$/, (c) => c.lines[0]?.procedure.qualifier],
      // A professional claim is one without a type of bill.
      [/^type\.coding\[0\]\.code$/, (c) => (c.typeOfBill === undefined ? 'professional' : 'institutional')],
    ] as Mapping<Claim>[],
    notCarried: [references, fhirOnly, currency],
  },
  'EOB_hl7-r4_explanationofbenefit-example_EB3500.json': {
    count: 84,
    read: (r) => r.remittances[0]?.claims[0] as RemittanceClaim,
    carried: [
      [/^claim\.reference$/, (c) => `Claim/${c.patientControlNumber}`],
      [/^identifier\[0\]\.value$/, (c) => c.payerClaimControlNumber],
      [/^outcome$/, (c) => c.status],
      [/^item\[(\d)\]\.net\.value$/, (c, m) => dollars(c.serviceLines[Number(m[1])]?.chargeCents)],
      [/^item\[(\d)\]\.servicedDate$/, (c, m) => c.serviceLines[Number(m[1])]?.serviceDate],
      [
        /^item\[(\d)\]\.productOrService\.coding\[0\]\.code$/,
        (c, m) => c.serviceLines[Number(m[1])]?.procedure.code,
      ],
      [
        /^item\[(\d)\]\.productOrService\.coding\[0\]\.system$/,
        (c, m) => c.serviceLines[Number(m[1])]?.procedure.qualifier,
      ],
      [
        /^item\[(\d)\]\.adjudication\[(\d)\]\.category\.coding\[0\]\.code$/,
        (c, m) => c.serviceLines[Number(m[1])]?.adjudications?.[Number(m[2])]?.category,
      ],
      [
        /^item\[(\d)\]\.adjudication\[(\d)\]\.amount\.value$/,
        (c, m) => dollars(c.serviceLines[Number(m[1])]?.adjudications?.[Number(m[2])]?.amountCents),
      ],
      [
        /^item\[(\d)\]\.adjudication\[(\d)\]\.value$/,
        (c, m) => c.serviceLines[Number(m[1])]?.adjudications?.[Number(m[2])]?.value,
      ],
      [/^total\[(\d)\]\.category\.coding\[0\]\.code$/, (c, m) => c.adjudications?.[Number(m[1])]?.category],
      [/^total\[(\d)\]\.amount\.value$/, (c, m) => dollars(c.adjudications?.[Number(m[1])]?.amountCents)],
    ] as Mapping<RemittanceClaim>[],
    notCarried: [
      references,
      fhirOnly,
      currency,
      [/^item\[\d\]\.sequence$/, "remittance lines have no number; they keep the items' order"],
      [/^item\[\d\]\.unitPrice\.value$/, 'a remittance line carries the charge (net), not the unit price'],
      [/^item\[1\]\.detail\[0\]\./, 'detail and subDetail adjudications are not read: the view is per item'],
      [/^type\.coding\[0\]\.code$/, 'the claim type (oral) has no place in a remittance'],
    ],
  },
};

describe('FHIR MANIFEST gold assertions (fhir.resources tests on the HL7 R4 examples)', () => {
  for (const [file, gold] of Object.entries(goldCases)) {
    it(file, () => {
      const text = readFileSync(join(fhirSamplesDir(), file), 'utf8');
      const list = goldOf(file);
      assert.equal(list.length, gold.count, 'as many assertions as the manifest says');
      const read = (gold.read as (r: FhirReadResult) => unknown)(readFhirJson(text, { file }));
      assert.ok(read);
      const json: unknown = JSON.parse(text);
      let carried = 0;
      for (const [path, value] of list) {
        assert.deepEqual(valueAt(json, path), value, `the sample holds ${path} == ${JSON.stringify(value)}`);
        const hits: unknown[] = (gold.carried as Mapping<unknown>[]).flatMap(([re, f]): unknown[] => {
          const m = re.exec(path);
          return m ? [f(read, m)] : [];
        });
        const why = gold.notCarried.filter(([re]) => re.test(path));
        assert.ok(
          hits.length === 1 ? why.length === 0 : hits.length === 0 && why.length > 0,
          `${path}: either carried (${hits.length}) or not carried (${why.length})`,
        );
        if (hits.length === 1) {
          assert.deepEqual(hits[0], value, `${path} in the canonical model`);
          carried++;
        }
      }
      assert.ok(carried >= 10, `${carried} gold values reach the canonical model`);
    });
  }
});
