/**
 * A FHIR R4 Claim for tests: the QA's durvalumab (J9173 ×150, NDC 00310-4611-50) claim to Medicare, with its patient,
 * billing provider, payer and coverage contained, so that it reads with no problem at all. Each call gives a fresh
 * copy to change.
 */
import type { Claim as FhirClaim, ExplanationOfBenefit } from './r4.ts';

const HCPCS = 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets';
const UNIT = 'https://x12.org/codes/unit-or-basis-for-measurement';

export function imfinziClaim(): FhirClaim {
  return {
    resourceType: 'Claim',
    id: 'cl1',
    contained: [
      {
        resourceType: 'Patient',
        id: 'p',
        name: [{ family: 'QUIXOTE', given: ['ZEBULON'] }],
        gender: 'male',
        birthDate: '1950-04-01',
      },
      {
        resourceType: 'Organization',
        id: 'o',
        name: 'ONCOLOGY CLINIC',
        identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' }],
      },
      {
        resourceType: 'Organization',
        id: 'payer',
        name: 'MEDICARE PART B',
        identifier: [{ system: 'urn:drugclaim:other-id', value: '12202' }],
      },
      {
        resourceType: 'Coverage',
        id: 'c',
        status: 'active',
        beneficiary: { reference: '#p' },
        payor: [{ reference: '#payer' }],
        subscriberId: 'QXMEMBER998877',
        type: { coding: [{ system: 'https://nahdo.org/sopt', code: '1' }] },
      },
    ],
    identifier: [{ system: 'urn:drugclaim:patient-control-number', value: 'DEMO-0001' }],
    status: 'active',
    type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'professional' }] },
    use: 'claim',
    patient: { reference: '#p' },
    created: '2026-02-10',
    insurer: { reference: '#payer' },
    provider: { reference: '#o' },
    priority: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/processpriority', code: 'normal' }],
    },
    insurance: [{ sequence: 1, focal: true, coverage: { reference: '#c' } }],
    diagnosis: [
      {
        sequence: 1,
        diagnosisCodeableConcept: {
          coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'C34.90' }],
        },
      },
    ],
    item: [
      {
        sequence: 1,
        productOrService: { coding: [{ system: HCPCS, code: 'J9173' }] },
        quantity: { value: 150, code: 'UN', system: UNIT },
        net: { value: 15000, currency: 'USD' },
        diagnosisSequence: [1],
        servicedDate: '2026-02-10',
        detail: [
          {
            sequence: 1,
            productOrService: { coding: [{ system: 'http://hl7.org/fhir/sid/ndc', code: '00310461150' }] },
            quantity: { value: 30, code: 'ML', system: UNIT },
          },
        ],
      },
      {
        sequence: 2,
        productOrService: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '96413' }] },
        quantity: { value: 1, code: 'UN', system: UNIT },
        net: { value: 350, currency: 'USD' },
        diagnosisSequence: [1],
        servicedDate: '2026-02-10',
      },
    ],
    total: { value: 15350, currency: 'USD' },
  };
}

/**
 * A FHIR R4 ExplanationOfBenefit for tests: one J9173 line on 2026-02-10, $15,000 submitted and `paid` as its benefit
 * amount (a string or anything else to test how a bad amount is read). Each call gives a fresh copy.
 */
export function imfinziEob(
  id: string,
  { status = 'active', use = 'claim', paid = 12000 }: { status?: string; use?: string; paid?: unknown } = {},
): ExplanationOfBenefit {
  return {
    resourceType: 'ExplanationOfBenefit',
    id,
    status,
    use,
    type: { coding: [{ code: 'professional' }] },
    patient: { display: 'x' },
    created: '2026-03-01',
    insurer: { display: 'MEDICARE' },
    provider: { display: 'CLINIC' },
    outcome: 'complete',
    insurance: [{ focal: true, coverage: { display: 'x' } }],
    item: [
      {
        sequence: 1,
        productOrService: { coding: [{ code: 'J9173' }] },
        servicedDate: '2026-02-10',
        adjudication: [
          { category: { coding: [{ code: 'submitted' }] }, amount: { value: 15000 } },
          { category: { coding: [{ code: 'benefit' }] }, amount: { value: paid as number } },
        ],
      },
    ],
  } as ExplanationOfBenefit;
}
