/**
 * What the FHIR writer puts out (QA findings): code systems as HL7 Terminology names them (ICD-9-CM for X12 BK/BF
 * qualifiers, ICD codes with their dot, HCPCS at its canonical http URL), Bundle fullUrls that are UUIDs, nothing made
 * up where the claim knows nothing, revenue-code-only lines, and the line rendering provider (837 2420A).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Claim } from '../../core/claim/model.ts';
import { x12SamplesDir } from '../../../test/support/shared.ts';
import { readX12Bytes } from '../x12/index.ts';
import { claimToFhir, readFhirJson, readFhirValue, writeFhirClaims } from './index.ts';
import type { Bundle, Claim as FhirClaim, Organization, Resource } from './r4.ts';

const ICD9 = 'http://hl7.org/fhir/sid/icd-9-cm';
const ICD10 = 'http://hl7.org/fhir/sid/icd-10-cm';
const HCPCS = 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets';
const CPT = 'http://www.ama-assn.org/go/cpt';
const ABSENT = 'http://hl7.org/fhir/StructureDefinition/data-absent-reason';

// QA inputs (the EDI analyst's report, appendices A and B): an 837P with a line rendering provider (2420A), and an
// 837I with revenue-code-only lines (SV2*0250**…).
const BASE_837P = [
  'ISA*00*          *00*          *ZZ*SUBMITTERID    *ZZ*RECEIVERID     *240101*1200*^*00501*000000123*0*P*:~',
  'GS*HC*SENDER*RECEIVER*20240101*1200*456*X*005010X222A1~',
  'ST*837*0001*005010X222A1~',
  'BHT*0019*00*REF123*20240101*1200*CH~',
  'NM1*41*2*SUBMITTER CLINIC*****46*TGJ23~',
  'PER*IC*JERRY*TE*3055552222~',
  'NM1*40*2*RECEIVER PAYER*****46*66783JJT~',
  'HL*1**20*1~',
  'PRV*BI*PXC*207Q00000X~',
  'NM1*85*2*BILLING CLINIC*****XX*1234567893~',
  'N3*123 MAIN ST~',
  'N4*MIAMI*FL*33101~',
  'REF*EI*123456789~',
  'NM1*87*2~',
  'N3*PO BOX 1~',
  'N4*MIAMI*FL*33102~',
  'NM1*PE*2*PAYTO PLAN*****PI*PLAN123~',
  'N3*9 PLAN RD~',
  'N4*TAMPA*FL*33601~',
  'REF*EI*987654321~',
  'HL*2*1*22*0~',
  'SBR*P*18*GRP1*GROUP NAME*****CI~',
  'NM1*IL*1*DOE*JOHN*Q***MI*MEMBER1~',
  'N3*1 ELM ST~',
  'N4*MIAMI*FL*33103~',
  'DMG*D8*19500101*M~',
  'NM1*PR*2*ACME INS*****PI*PAYER1~',
  'CLM*CLAIM1*300.50***11:B:1*Y*A*Y*Y~',
  'DTP*431*D8*20231201~',
  'REF*G1*PA123~',
  'NTE*ADD*PATIENT NOTE WITH & AND # AND %~',
  'HI*ABK:C50911*ABF:Z5111~',
  'NM1*DN*1*REFER*RALPH****XX*1234567893~',
  'NM1*82*1*RENDER*RITA****XX*1234567893~',
  'PRV*PE*PXC*207RH0003X~',
  'NM1*77*2*FACILITY*****XX*1234567893~',
  'N3*5 FAC ST~',
  'N4*MIAMI*FL*33104~',
  'NM1*DQ*1*SUPER*SAM****XX*1234567893~',
  'LX*1~',
  'SV1*HC:J9173:JZ:59:XU:GA:DURVALUMAB*200.50*UN*75*11**1:2~',
  'DTP*472*RD8*20240101-20240103~',
  'REF*6R*LINE1~',
  'NTE*ADD*DOSE 750MG~',
  'LIN**N4*00310450012~',
  'CTP****1*ML~',
  'REF*VY*12345~',
  'NM1*82*1*LINERENDER*LISA****XX*1234567893~',
  'PRV*PE*PXC*207RH0003X~',
  'LX*2~',
  'SV1*HC:96413*100*MJ*60*11**1~',
  'DTP*472*D8*20240101~',
  'SE*51*0001~',
  'GE*1*456~',
  'IEA*1*000000123~',
].join('\n');
const INSTITUTIONAL_837I = [
  'ISA*00*          *00*          *ZZ*SUBMITTERID    *ZZ*RECEIVERID     *240101*1200*^*00501*000000777*1*T*:~',
  'GS*HC*SENDER*RECEIVER*20240101*1200*77*X*005010X223A2~',
  'ST*837*0777*005010X223A2~',
  'BHT*0019*00*REF777*20240102*1200*CH~',
  'NM1*41*2*HOSPITAL SUBMITTER*****46*HS1~',
  'PER*IC*BOB*TE*3055551111*EX*123*EM*BOB@EXAMPLE.COM~',
  'NM1*40*2*MEDICARE A*****46*MCRA~',
  'HL*1**20*1~',
  'PRV*BI*PXC*282N00000X~',
  'NM1*85*2*GENERAL HOSPITAL*****XX*1234567893~',
  'N3*100 HOSPITAL WAY*SUITE 2~',
  'N4*DALLAS*TX*752011234~',
  'REF*EI*222222222~',
  'HL*2*1*22*0~',
  'SBR*P*18*******MA~',
  'NM1*IL*1*SMITH*ANNA*B***MI*1EG4TE5MK73~',
  'N3*5 OAK ST~',
  'N4*DALLAS*TX*75202~',
  'DMG*D8*19451231*F~',
  'NM1*PR*2*MEDICARE PART A*****PI*04412~',
  'CLM*PCN0001*1234.56***13:A:1**A*Y*Y~',
  'DTP*434*RD8*20240105-20240105~',
  'DTP*435*DT*202401050830~',
  'CL1*1*7*01~',
  'REF*G1*AUTH1~',
  'NTE*ADD*INFUSION VISIT~',
  'HI*ABK:C8338~',
  'HI*ABF:Z5112*ABF:D649~',
  'HI*BBR:3E03305:D8:20240105~',
  'HI*BH:11:D8:20231201*BH:A1:D8:19451231~',
  'HI*BI:70:RD8:20231101-20231105~',
  'HI*BE:A1:::100.50*BE:80:::3~',
  'HI*BG:39*BG:A7~',
  'NM1*71*1*ATTEND*ANN****XX*1234567893~',
  'PRV*AT*PXC*207RH0003X~',
  'NM1*72*1*OPER*OSCAR****XX*1234567893~',
  'NM1*DN*1*REFER*RUTH****XX*1234567893~',
  'LX*1~',
  'SV2*0636*HC:J9312:JW*300.00*UN*10~',
  'DTP*472*D8*20240105~',
  'REF*6R*L1~',
  'LIN**N4*50242005121~',
  'CTP****10*ML~',
  'LX*2~',
  'SV2*0260*HC:96413*500.00*UN*1~',
  'DTP*472*D8*20240105~',
  'LX*3~',
  'SV2*0250**434.56*UN*2~',
  'DTP*472*D8*20240105~',
  'LX*4~',
  'SV2*0120**0*DA*3***50~',
  'SE*50*0777~',
  'GE*1*77~',
  'IEA*1*000000777~',
].join('\n');

const x12 = (text: string): Claim[] => readX12Bytes(new TextEncoder().encode(text)).claims;
const sample = (file: string): Claim[] => readX12Bytes(readFileSync(join(x12SamplesDir(), file))).claims;
const codings = (c: FhirClaim): [string | undefined, string | undefined][] =>
  (c.diagnosis ?? []).map((d) => [
    d.diagnosisCodeableConcept?.coding?.[0]?.system,
    d.diagnosisCodeableConcept?.coding?.[0]?.code,
  ]);

void describe('diagnosis code systems', () => {
  const cases: [label: string, claim: () => Claim, want: [string | undefined, string | undefined][]][] = [
    [
      '837P HI*BK:03591 is ICD-9-CM 035.91',
      () => sample('837P_lfh_drug-example10-1_J1550-ndc.837')[0] as Claim,
      [[ICD9, '035.91']],
    ],
    [
      '837I HI*BK:3669*BF:4019*BF:79431 are ICD-9-CM',
      () => sample('837I_lfh_institutional-claim.837i')[0] as Claim,
      [
        [ICD9, '366.9'],
        [ICD9, '401.9'],
        [ICD9, '794.31'],
      ],
    ],
    [
      '837P HI*ABK:C50911*ABF:Z5111 are ICD-10-CM, with the dot',
      () => x12(BASE_837P)[0] as Claim,
      [
        [ICD10, 'C50.911'],
        [ICD10, 'Z51.11'],
      ],
    ],
    [
      'an ICD-9-CM E code takes its dot after four characters; a three-character ICD-10-CM code has none',
      () => ({
        ...(x12(BASE_837P)[0] as Claim),
        diagnoses: [
          { code: 'E8809', qualifier: 'BN', pointer: 1 },
          { code: 'I10', qualifier: 'ABF', pointer: 2 },
        ],
      }),
      [
        [ICD9, 'E880.9'],
        [ICD10, 'I10'],
      ],
    ],
  ];
  for (const [label, make, want] of cases)
    it(label, () => {
      const claim = make();
      const out = claimToFhir(claim, { created: '2026-03-01' });
      assert.deepEqual(codings(out), want);
      // Read back: the same codes (the model keeps them without the dot) and the same qualifiers.
      const back = readFhirValue(out).claims[0];
      assert.deepEqual(
        back?.diagnoses.map((d) => [d.code, d.qualifier]),
        claim.diagnoses.map((d) => [d.code, d.qualifier]),
      );
    });

  it('a FHIR diagnosis without a system goes back without one, not as ICD-10-CM', () => {
    const read = readFhirValue({
      resourceType: 'Claim',
      id: 'x',
      diagnosis: [{ sequence: 1, diagnosisCodeableConcept: { coding: [{ code: '654456' }] } }],
      item: [{ sequence: 1, productOrService: { coding: [{ system: CPT, code: '96413' }] } }],
    }).claims[0] as Claim;
    assert.deepEqual(codings(claimToFhir(read)), [[undefined, '654456']]);
  });
});

void describe('procedure and modifier code systems', () => {
  it('HCPCS Level II at the THO canonical URL (http), CPT for Level I codes and two-digit modifiers', () => {
    const out = claimToFhir(x12(BASE_837P)[0] as Claim, { created: '2026-03-01' });
    assert.deepEqual(
      out.item?.map((i) => [
        i.productOrService.coding?.[0]?.system,
        i.productOrService.coding?.[0]?.code,
        (i.modifier ?? []).map(
          (m) => `${m.coding?.[0]?.code}@${m.coding?.[0]?.system === CPT ? 'cpt' : 'hcpcs'}`,
        ),
      ]),
      [
        [HCPCS, 'J9173', ['JZ@hcpcs', '59@cpt', 'XU@hcpcs', 'GA@hcpcs']],
        [CPT, '96413', []],
      ],
    );
  });
});

void describe('Bundle fullUrls', () => {
  it('are urn:uuid with RFC 4122 UUIDs, one per entry, the same for the same claims', () => {
    const bundle = JSON.parse(writeFhirClaims(sample('837P_imsweb_x12_valid.txt'))) as Bundle;
    const urls = (bundle.entry ?? []).map((e) => e.fullUrl ?? '');
    assert.ok(urls.length >= 2);
    for (const url of urls)
      assert.match(url, /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(new Set(urls).size, urls.length);
    // Name-based: the same claims convert to the same Bundle, byte for byte.
    assert.equal(
      writeFhirClaims(sample('837P_imsweb_x12_valid.txt')),
      JSON.stringify(bundle, null, 2) + '\n',
    );
  });
});

void describe('nothing is made up', () => {
  it('a claim that knows no parties: required references are data-absent, no empty resources, no insurer', () => {
    const claim: Claim = {
      id: 'BARE1',
      format: 'json',
      billingProvider: {},
      payer: { kind: 'unknown' },
      patient: {},
      totalChargeCents: 1000,
      diagnoses: [],
      notes: [],
      lines: [
        {
          sequence: 1,
          procedure: { qualifier: 'HC', code: 'J9173', modifiers: [] },
          units: 1,
          chargeCents: 1000,
          diagnosisPointers: [],
          notes: [],
        },
      ],
    };
    const out = claimToFhir(claim, { created: '2026-03-01' });
    const absent = { extension: [{ url: ABSENT, valueCode: 'unknown' }] };
    assert.equal(out.contained, undefined);
    assert.deepEqual([out.patient, out.provider, out.insurance?.[0]?.coverage], [absent, absent, absent]);
    assert.equal(out.insurer, undefined);
    assert.equal(out.diagnosis, undefined);
    // Read back: the same claim, and no made-up payer kind or relationship.
    const back = readFhirValue(out).claims[0] as Claim;
    assert.deepEqual(
      [back.id, back.payer, back.patient, back.patientRelationship],
      ['BARE1', { kind: 'unknown' }, {}, undefined],
    );
  });

  it('every contained Organization of every 837 sample has a name or an identifier (R4 org-1)', () => {
    const files = [
      '837P_imsweb_x12_valid.txt',
      '837I_lfh_institutional-claim.837i',
      '837P_hccinfhir_sample_837_0_chpw_multi-st.txt',
    ];
    let checked = 0;
    for (const file of files)
      for (const claim of sample(file))
        for (const r of claimToFhir(claim).contained ?? []) {
          if (r.resourceType !== 'Organization') continue;
          const org = r as Organization;
          assert.ok(
            org.name !== undefined ||
              (org.identifier ?? []).length > 0 ||
              org._name?.extension?.[0]?.url === ABSENT,
            `${file} ${claim.id} #${org.id}`,
          );
          checked++;
        }
    assert.ok(checked > 5);
  });

  it('Coverage.relationship only as the claim says: self for SBR02 18, child (PAT01 19), other with the X12 code', () => {
    const claim = x12(INSTITUTIONAL_837I)[0] as Claim;
    const relationship = (c: Claim): unknown =>
      (
        claimToFhir(c).contained?.find((r: Resource) => r.resourceType === 'Coverage') as {
          relationship?: unknown;
        }
      )?.relationship;
    assert.deepEqual(relationship(claim), {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship', code: 'self' }],
    });
    assert.deepEqual(relationship({ ...claim, patientRelationship: '19' }), {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship', code: 'child' }],
    });
    const employee = { ...claim, patientRelationship: '20' };
    assert.deepEqual(relationship(employee), {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship', code: 'other' },
        { system: 'https://x12.org/codes/individual-relationship-code', code: '20' },
      ],
    });
    assert.equal(readFhirValue(claimToFhir(employee)).claims[0]?.patientRelationship, '20');
    const { subscriber: _s, ...noSubscriber } = claim;
    assert.equal(relationship(noSubscriber), undefined);
  });
});

void describe('revenue-code-only lines (837I SV2*0250**…)', () => {
  it('go out as CARIN BB does (productOrService data-absent not-applicable, the revenue code) and come back', () => {
    const claims = x12(INSTITUTIONAL_837I);
    const out = claimToFhir(claims[0] as Claim, { created: '2026-03-01' });
    assert.deepEqual(
      out.item?.map((i) => [i.productOrService.coding?.[0]?.code, i.revenue?.coding?.[0]?.code]),
      [
        ['J9312', '0636'],
        ['96413', '0260'],
        ['not-applicable', '0250'],
        ['not-applicable', '0120'],
      ],
    );
    // No coding with an empty code anywhere (FHIR strings are never empty).
    assert.doesNotMatch(JSON.stringify(out), /"code":""/);
    const back = readFhirJson(JSON.stringify(out));
    assert.deepEqual(back.problems, []);
    assert.deepEqual(
      back.claims[0]?.lines.map((l) => [l.procedure.qualifier, l.procedure.code, l.revenueCode]),
      claims[0]?.lines.map((l) => [l.procedure.qualifier, l.procedure.code, l.revenueCode]),
    );
  });
});

void describe('the line rendering provider (837 2420A)', () => {
  it('is a care team member of its own that the item points to, and comes back on its line', () => {
    const claim = x12(BASE_837P)[0] as Claim;
    assert.equal(claim.lines[0]?.renderingProvider?.lastName, 'LINERENDER');
    const out = claimToFhir(claim, { created: '2026-03-01' });
    const member = out.careTeam?.find((m) => m.sequence === out.item?.[0]?.careTeamSequence?.[0]);
    assert.equal(member?.provider.reference, '#line-rendering-1');
    assert.equal(out.item?.[1]?.careTeamSequence, undefined);
    const back = readFhirValue(out).claims[0] as Claim;
    assert.deepEqual(back.lines[0]?.renderingProvider, claim.lines[0]?.renderingProvider);
    assert.equal(back.lines[1]?.renderingProvider, undefined);
    assert.deepEqual(back.renderingProvider, claim.renderingProvider);
  });

  it('a Claim pointing every item at its one rendering member has it on the claim and on each line', () => {
    const out = claimToFhir(x12(BASE_837P)[0] as Claim);
    out.careTeam = out.careTeam?.filter((m) => m.sequence === 1);
    for (const item of out.item ?? []) item.careTeamSequence = [1];
    const back = readFhirValue(out).claims[0] as Claim;
    assert.equal(back.renderingProvider?.lastName, 'RENDER');
    assert.deepEqual(
      back.lines.map((l) => l.renderingProvider?.lastName),
      ['RENDER', 'RENDER'],
    );
  });
});
