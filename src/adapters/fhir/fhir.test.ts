/**
 * FHIR R4 on real files (../shared/samples/fhir, values from MANIFEST.md) and canonical → FHIR → canonical.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Claim, Party } from '../../core/claim/model.ts';
import { fhirSamplesDir, x12SamplesDir } from '../../../test/support/shared.ts';
import { readX12Bytes } from '../x12/index.ts';
import { claimToFhir, readFhirJson, readFhirValue, writeFhirClaims } from './index.ts';
import type { FhirReadResult } from './index.ts';

const cats = (list: { category: string; amountCents?: number }[] | undefined): string[] => (list ?? []).map((a) => `${a.category}${a.amountCents === undefined ? '' : `:${a.amountCents}`}`);

const expected: Record<string, (r: FhirReadResult) => void> = {
  'Claim_hl7-r4_claim-example-professional.json': (r) => {
    assert.deepEqual(r.problems, []);
    const c = r.claims[0];
    assert.ok(c);
    // Gold: identifier[0].value 8612345; item[0] exam, net 75.00, servicedDate 2014-08-16; diagnosis 654456.
    assert.deepEqual([c.id, c.format, c.totalChargeCents], ['8612345', 'fhir', 7500]);
    assert.deepEqual(c.diagnoses, [{ code: '654456', pointer: 1 }]);
    assert.deepEqual(c.lines.map((l) => [l.sequence, l.procedure.qualifier, l.procedure.code, l.chargeCents, l.serviceDate]), [[1, 'http://hl7.org/fhir/ex-serviceproduct', 'exam', 7500, '2014-08-16']]);
  },
  'EOB_hl7-r4_explanationofbenefit-example_EB3500.json': (r) => {
    assert.deepEqual(r.problems, []);
    const rem = r.remittances[0];
    const c = rem?.claims[0];
    assert.ok(rem && c);
    // Gold: totals submitted 135.57, benefit 96.00; item 1 eligible 120.00, benefit 96.00; item 2 net 200, benefit 180.
    assert.deepEqual([c.patientControlNumber, c.status, c.chargeCents, c.paidCents], ['100150', 'complete', 13557, 9600]);
    assert.deepEqual(c.serviceLines.map((l) => [l.procedure.code, l.chargeCents, l.paidCents, l.allowedCents, l.serviceDate]), [
      ['1205', 13557, 9600, 12000, '2014-08-16'],
      ['group', 20000, 18000, undefined, '2014-08-16'],
    ]);
    assert.deepEqual(c.serviceLines[0]?.adjudications, [{ category: 'eligible', amountCents: 12000 }, { category: 'eligpercent', value: 0.8 }, { category: 'benefit', amountCents: 9600 }]);
    assert.equal(rem.format, 'fhir');
  },
  'EOB_carinbb200_EOBProfessional1.json': (r) => {
    assert.deepEqual(r.problems, []);
    const c = r.remittances[0]?.claims[0];
    assert.ok(c);
    assert.deepEqual([c.payerClaimControlNumber, c.status, c.chargeCents, c.paidCents, c.patientResponsibilityCents], ['AW123412341234123412341234123413', 'partial', 265000, 62000, 0]);
    // Header adjudications (network status) then the totals, as sent.
    assert.deepEqual(cats(c.adjudications), ['billingnetworkstatus', 'renderingnetworkstatus', 'paidtoprovider:62000', 'submitted:265000', 'paidbypatient:0']);
    const line = c.serviceLines[0];
    assert.deepEqual([line?.procedure.code, line?.chargeCents, line?.serviceDate], ['97110', 100000, '2019-07-02']);
    assert.deepEqual(line?.adjudications?.[0], { category: 'benefitpaymentstatus', reason: 'other' });
    // The item's submitted amount (1000) does not add up to the header total (2650): kept as sent, not "fixed".
    assert.notEqual(line?.chargeCents, c.chargeCents);
  },
  'EOB_carinbb200_EOBPharmacy1_ndc.json': (r) => {
    assert.deepEqual(r.problems, []);
    const c = r.remittances[0]?.claims[0];
    const line = c?.serviceLines[0];
    assert.ok(c && line);
    // The NDC is the productOrService, kept as sent (10-digit hyphenated; normalising is an edit's job).
    assert.deepEqual([line.procedure.qualifier, line.procedure.code, line.ndc], ['N4', '0777-3105-02', '0777-3105-02']);
    assert.deepEqual(cats(line.adjudications), ['submitted:100000', 'benefit:2000', 'discount:90000', 'memberliability:8000', 'paidtoprovider:2000']);
    assert.deepEqual([line.chargeCents, line.paidCents], [100000, 2000]);
    assert.deepEqual([c.chargeCents, c.paidCents, c.patientResponsibilityCents], [265000, 62000, 0]);
  },
  'EOB_bfd-v2_eobReadCarrier_ndc-ext.json': (r) => {
    // "created" is the literal IGNORED_FIELD: reported, the rest is read.
    assert.deepEqual(r.problems.map((p) => [p.code, p.at?.path]), [['fhir.element.missing', '$.created']]);
    const rem = r.remittances[0];
    const c = rem?.claims[0];
    const line = c?.serviceLines[0];
    assert.ok(rem && c && line);
    assert.deepEqual([line.procedure.code, line.procedure.modifiers, line.units, line.chargeCents, line.allowedCents, line.paidCents, line.ndc], ['92999', ['LT'], 1, 7500, 4784, 3750, '000000000']);
    assert.deepEqual(line.adjustments, [{ group: 'PR', carc: '2', amountCents: 957 }]);
    assert.deepEqual([c.payerClaimControlNumber, c.chargeCents, c.paidCents, rem.payment.amountCents], ['9991831999', 7500, 3750, 19999]);
    assert.equal(rem.payee.npi, '1234567890');
  },
  'EOB_hccinfhir_sample_eob_1.json': (r) => {
    // R4-required elements missing and two items with sequence 1: each reported as a warning, the rest is read.
    const missing = r.problems.filter((p) => p.code === 'fhir.element.missing').map((p) => p.at?.path);
    assert.deepEqual(missing, ['$.status', '$.use', '$.created', '$.insurer', '$.provider', '$.outcome', '$.insurance']);
    assert.ok(r.problems.some((p) => p.code === 'fhir.item.duplicate-sequence'));
    assert.ok(r.problems.every((p) => p.severity === 'warning'));
    // Gold (hccinfhir): 2 service-level records.
    const lines = r.remittances[0]?.claims[0]?.serviceLines ?? [];
    assert.deepEqual(lines.map((l) => [l.procedure.code, l.units]), [['90792', 1], ['99213', 1]]);
  },
};

describe('FHIR samples (../shared/samples/fhir)', () => {
  const dir = fhirSamplesDir();
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  it('has an expectation for every sample file', () => {
    assert.deepEqual(files.filter((f) => !(f in expected)), []);
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
  const { kind, ...payer } = c.payer;
  return {
    id: c.id,
    billingProvider: billing,
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
    totalChargeCents: c.totalChargeCents,
    diagnoses: c.diagnoses,
    notes: c.notes,
    lines: c.lines.map((l) => {
      const { position: _p, renderingProvider: _r, ...rest } = l;
      return { ...rest, placeOfService: l.placeOfService ?? (c.typeOfBill === undefined ? c.placeOfService : undefined) };
    }),
  };
}

describe('canonical → FHIR Claim → canonical', () => {
  const files = ['837P_lfh_drug-example10-1_J1550-ndc.837', '837P_oopfactory_Example1_2_And_3_Combined_multi-st.txt', '837I_lfh_institutional-claim.837i', '837P_hccinfhir_sample_837_0_chpw_multi-st.txt'];
  for (const file of files) {
    it(file, () => {
      const claims = readX12Bytes(readFileSync(join(x12SamplesDir(), file))).claims;
      const back = readFhirJson(writeFhirClaims(claims, { created: '2025-03-01' }));
      assert.deepEqual(back.problems, []);
      assert.deepEqual(back.claims.map(carried), claims.map(carried));
    });
  }

  it('carries weight, height and the documented dose (drugclaim extensions)', () => {
    const claim = readX12Bytes(readFileSync(join(x12SamplesDir(), '837P_lfh_drug-example10-1_J1550-ndc.837'))).claims[0] as Claim;
    claim.patient.weightKg = 72.5;
    claim.patient.heightCm = 170;
    const line = claim.lines[1];
    assert.ok(line);
    line.dose = { text: '40MG', amount: 40, unit: 'MG', discardedText: '10MG', discardedAmount: 10, discardedUnit: 'MG' };
    const fhir = claimToFhir(claim, { created: '2025-03-01' });
    assert.equal(fhir.resourceType, 'Claim');
    assert.deepEqual(fhir.supportingInfo?.map((s) => [s.code?.coding?.[0]?.code, s.valueQuantity?.value, s.valueQuantity?.code]), [['29463-7', 72.5, 'kg'], ['8302-2', 170, 'cm']]);
    assert.deepEqual(fhir.item?.[1]?.detail?.[0]?.productOrService?.coding?.[0], { system: 'http://hl7.org/fhir/sid/ndc', code: '00026063512' });
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
      supportingInfo: [{ sequence: 1, category: { coding: [{ code: 'info' }] }, code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] }, valueQuantity: { value: 154.324, code: '[lb_av]' } }],
      diagnosis: [{ sequence: 1, diagnosisCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'C50.911' }] } }],
      item: [
        {
          sequence: 1,
          productOrService: { coding: [{ system: 'https://bluebutton.cms.gov/resources/codesystem/hcpcs', code: 'J9355' }], extension: [{ url: 'http://hl7.org/fhir/sid/ndc', valueCoding: { system: 'http://hl7.org/fhir/sid/ndc', code: '00069008101' } }] },
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
    assert.deepEqual([c?.id, c?.billingProvider.npi, c?.patient.memberId, c?.patient.sex, c?.patient.weightKg, c?.diagnoses[0]?.code], ['c1', '1234567893', 'MEM1', 'F', 70, 'C50911']);
    assert.deepEqual([c?.lines[0]?.procedure.code, c?.lines[0]?.procedure.modifiers, c?.lines[0]?.drug?.ndc, c?.lines[0]?.chargeCents, c?.totalChargeCents], ['J9355', ['JZ'], '00069008101', 150000, 150000]);
  });

  it('reports JSON syntax errors with line and column, and non-FHIR JSON', () => {
    const bad = readFhirJson('{\n  "resourceType": "Claim",\n  oops\n}');
    assert.equal(bad.problems[0]?.code, 'fhir.json.invalid');
    assert.match(bad.problems[0]?.message ?? '', /line 3/);
    assert.deepEqual(readFhirValue({ resourceType: 'Patient', id: 'x' }).problems.map((p) => p.code), ['fhir.resource.unsupported']);
    assert.deepEqual(readFhirValue({ hello: 1 }).problems.map((p) => p.code), ['fhir.resource.unsupported']);
  });

  it('follows references between Bundle entries and reads NDJSON', () => {
    const claim = { resourceType: 'Claim', id: 'b1', status: 'active', type: { coding: [{ code: 'professional' }] }, use: 'claim', patient: { reference: 'Patient/p1' }, created: '2025-03-01', provider: { reference: 'Organization/o1' }, priority: { coding: [{ code: 'normal' }] }, insurance: [{ sequence: 1, focal: true, coverage: { display: 'x' } }], item: [{ sequence: 1, productOrService: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '96413' }] }, net: { value: 10 } }] };
    const bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: claim }, { resource: { resourceType: 'Patient', id: 'p1', name: [{ family: 'DOE', given: ['ANN'] }] } }, { resource: { resourceType: 'Organization', id: 'o1', name: 'CLINIC', identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' }] } }] };
    const r = readFhirValue(bundle);
    assert.deepEqual([r.claims[0]?.patient.lastName, r.claims[0]?.billingProvider.name, r.claims[0]?.billingProvider.npi], ['DOE', 'CLINIC', '1234567893']);
    const nd = readFhirJson(`${JSON.stringify(claim)}\n${JSON.stringify({ ...claim, id: 'b2' })}\n`);
    assert.deepEqual(nd.claims.map((c) => c.id), ['b1', 'b2']);
  });
});
