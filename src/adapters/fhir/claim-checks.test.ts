/**
 * What the FHIR Claim reader reports so that it agrees with the X12, CSV and claim JSON readers (QA 2026-11-25,
 * items 2, 4, 6, 10, 12, 16): a fifth modifier, negative units, charges and NDC quantities, an NDC unit outside
 * CTP05-1's list, a Claim with no item, diagnosis sequences a line pointer cannot name, money past the cent, JSON cut
 * short. And a dependent patient's Coverage, which carries the subscriber's member id both ways (QA item 8).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Claim } from '../../core/claim/model.ts';
import { readClaimBytes, writeClaimFile } from '../claim-files/index.ts';
import { readFhirJson, readFhirValue } from './index.ts';
import type { FhirReadResult } from './index.ts';
import type { Claim as FhirClaim, Coverage } from './r4.ts';
import { imfinziClaim } from './testing.ts';

const problems = (r: FhirReadResult): string[] =>
  r.problems.map((p) => `${p.severity} ${p.code} ${p.at?.path ?? ''}`);

/** The QA's base claim (J9173 ×150 + 96413), changed. */
function changed(change: (claim: Record<string, unknown>, item: Record<string, unknown>) => void): FhirClaim {
  const c = imfinziClaim();
  change(c as unknown as Record<string, unknown>, c.item?.[0] as unknown as Record<string, unknown>);
  return c;
}
const detailOf = (item: Record<string, unknown>): Record<string, unknown> =>
  (item['detail'] as Record<string, unknown>[])[0] as Record<string, unknown>;
const coding = (code: string) => ({
  coding: [{ system: 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets', code }],
});
const diagnosis = (sequence: number, code: string) => ({
  sequence,
  diagnosisCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code }] },
});

describe('values the X12 reader calls errors are errors here too, kept as sent', () => {
  const cases: [
    label: string,
    claim: () => FhirClaim,
    expected: string[],
    read: (c: Claim) => unknown,
    want: unknown,
  ][] = [
    [
      'a fifth modifier (QA mod5.json: 25, 59, XS, XU, GA): the first four kept, GA named',
      () => changed((_, i) => (i['modifier'] = ['25', '59', 'XS', 'XU', 'GA'].map(coding))),
      ['error fhir.element.invalid $.item[0].modifier[4]'],
      (c) => c.lines[0]?.procedure.modifiers,
      ['25', '59', 'XS', 'XU'],
    ],
    [
      'quantity.value -5 (QA neg_qty.json)',
      () => changed((_, i) => (i['quantity'] = { value: -5, code: 'UN' })),
      ['error fhir.element.invalid $.item[0].quantity.value'],
      (c) => c.lines[0]?.units,
      -5,
    ],
    [
      'an NDC quantity of -30',
      () => changed((_, i) => (detailOf(i)['quantity'] = { value: -30, code: 'ML' })),
      ['error fhir.element.invalid $.item[0].detail[0].quantity.value'],
      (c) => c.lines[0]?.drug?.quantity,
      -30,
    ],
    [
      'an NDC unit KG (CTP05-1 takes F2, GR, ME, ML, UN)',
      () => changed((_, i) => (detailOf(i)['quantity'] = { value: 30, code: 'KG' })),
      ['error fhir.element.invalid $.item[0].detail[0].quantity.code'],
      (c) => c.lines[0]?.drug?.unit,
      'KG',
    ],
    [
      'an NDC unit given only as quantity.unit',
      () => changed((_, i) => (detailOf(i)['quantity'] = { value: 30, unit: 'mg' })),
      ['error fhir.element.invalid $.item[0].detail[0].quantity.unit'],
      (c) => c.lines[0]?.drug?.unit,
      'mg',
    ],
    [
      'a negative net',
      () => changed((_, i) => (i['net'] = { value: -15000, currency: 'USD' })),
      ['error fhir.element.invalid $.item[0].net.value'],
      (c) => c.lines[0]?.chargeCents,
      -1_500_000,
    ],
    [
      'a negative total',
      () => changed((c) => (c['total'] = { value: -15350, currency: 'USD' })),
      ['error fhir.element.invalid $.total.value'],
      (c) => c.totalChargeCents,
      -1_535_000,
    ],
    [
      'zero units: read without a report, as the X12 and JSON readers read them',
      () => changed((_, i) => (i['quantity'] = { value: 0, code: 'UN' })),
      [],
      (c) => c.lines[0]?.units,
      0,
    ],
    [
      'no item (QA no_item.json): an error, as X12 and JSON report a claim without lines',
      () => changed((c) => delete c['item']),
      ['error fhir.element.missing $.item'],
      (c) => c.lines.length,
      0,
    ],
    [
      'an empty item list',
      () => changed((c) => (c['item'] = [])),
      ['error fhir.element.missing $.item'],
      (c) => c.lines.length,
      0,
    ],
  ];
  for (const [label, claim, expected, read, want] of cases)
    it(label, () => {
      const r = readFhirValue(claim());
      assert.deepEqual(problems(r), expected);
      assert.equal(r.claims.length, 1);
      assert.deepEqual(read(r.claims[0] as Claim), want);
    });

  it('the fifth modifier is the error, no longer a "not carried" count', () => {
    const r = readFhirValue(
      changed((_, i) => (i['modifier'] = ['25', '59', 'XS', 'XU', 'GA', 'KX'].map(coding))),
    );
    assert.match(r.problems[0]?.message ?? '', /6 modifiers; a line holds 4 .*GA, KX were not kept/);
    assert.deepEqual(r.problems[0]?.data, { notKept: ['GA', 'KX'] });
    assert.deepEqual(r.passedOver, {});
  });
});

describe('diagnosis sequences and the items that point to them (QA seqgap.json, seq20.json, dxseq_missing.json)', () => {
  const dx = [
    diagnosis(1, 'C50.91'),
    diagnosis(3, 'Z51.11'),
    diagnosis(5, 'D64.9'),
    diagnosis(7, 'E11.9'),
    diagnosis(9, 'I10'),
  ];
  const cases: [label: string, diagnoses: unknown[], pointers: number[], expected: string[]][] = [
    ['sequences 1, 3, 5, 7, 9 with items pointing to them: FHIR allows gaps', dx, [1, 3, 5, 7], []],
    [
      'an item pointing to 42, which no diagnosis has',
      dx,
      [1, 42],
      ['warning fhir.element.invalid $.item[0].diagnosisSequence[1]'],
    ],
    [
      'an item pointing to 2, in the gap',
      dx,
      [2],
      ['warning fhir.element.invalid $.item[0].diagnosisSequence[0]'],
    ],
    [
      'a sequence of 20: more than an 837 numbers (SV107 1–12)',
      [diagnosis(1, 'C50.91'), diagnosis(20, 'Z51.11')],
      [20],
      ['warning fhir.element.invalid $.diagnosis[1].sequence'],
    ],
    [
      'two diagnoses with sequence 3: a pointer to 3 would name both',
      [diagnosis(1, 'C50.91'), diagnosis(3, 'Z51.11'), diagnosis(3, 'D64.9')],
      [1],
      ['error fhir.element.invalid $.diagnosis[2].sequence'],
    ],
  ];
  for (const [label, diagnoses, pointers, expected] of cases)
    it(label, () => {
      const claim = changed((c, i) => {
        c['diagnosis'] = diagnoses;
        i['diagnosisSequence'] = pointers;
      });
      const r = readFhirValue(claim);
      assert.deepEqual(problems(r), expected);
      assert.deepEqual(r.claims[0]?.lines[0]?.diagnosisPointers, pointers, 'kept as sent');
    });

  it('a pointer that names nothing says which sequences there are', () => {
    const r = readFhirValue(changed((c, i) => ((c['diagnosis'] = dx), (i['diagnosisSequence'] = [42]))));
    assert.equal(
      r.problems[0]?.message,
      'diagnosisSequence 42 names no diagnosis of the Claim (sequences 1, 3, 5, 7, 9); kept as sent.',
    );
  });
});

describe('money past the cent is rounded and said (QA net_3dec.json)', () => {
  const cases: [label: string, net: number, cents: number, expected: string[]][] = [
    ['1725.505', 1725.505, 172551, ['warning fhir.element.invalid $.item[0].net.value']],
    ['1725.5', 1725.5, 172550, []],
    ['1725.50 (no digit past the cent)', 1725.5, 172550, []],
    ['0.001', 0.001, 0, ['warning fhir.element.invalid $.item[0].net.value']],
  ];
  for (const [label, net, cents, expected] of cases)
    it(label, () => {
      const r = readFhirValue(changed((_, i) => (i['net'] = { value: net, currency: 'USD' })));
      assert.deepEqual(problems(r), expected);
      assert.equal(r.claims[0]?.lines[0]?.chargeCents, cents);
    });

  it('names the amount kept', () => {
    const r = readFhirValue(changed((_, i) => (i['net'] = { value: 1725.505, currency: 'USD' })));
    assert.match(r.problems[0]?.message ?? '', /1725\.505; 1725\.51 was kept/);
  });
});

describe('JSON cut short says where it ends (QA: "Unexpected end of JSON input", no line or column)', () => {
  const text = JSON.stringify(imfinziClaim(), null, 2);
  const cut = text.substring(0, text.indexOf('"total"'));
  const lastLine = cut.trimEnd().split('\n').length;
  const column = (cut.trimEnd().split('\n').at(-1)?.length ?? 0) + 1;
  it('FHIR: fhir.json.invalid with the last line and column', () => {
    const r = readFhirJson(cut);
    assert.deepEqual(problems(r), ['error fhir.json.invalid ']);
    assert.equal(r.problems[0]?.at?.line, lastLine);
    assert.match(r.problems[0]?.message ?? '', new RegExp(`ends at line ${lastLine}, column ${column} `));
  });
  it('claim JSON read from a file: json.invalid, the same', () => {
    const r = readClaimBytes('cut.json', Buffer.from('{\n  "claims": [\n    { "id": "A",\n'));
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.at?.line]),
      [['json.invalid', 3]],
    );
    assert.match(r.problems[0]?.message ?? '', /ends at line 3, column 17 /);
  });
  it('an error inside the text keeps the position JSON.parse gives', () => {
    const r = readFhirJson('{\n "a": 1,\n}');
    assert.equal(r.problems[0]?.at?.line, 3);
    assert.match(r.problems[0]?.message ?? '', /line 3 column 1/);
  });
});

/** QA /tmp/qa3a/f/i1.837: an 837I whose patient (HL 23, PAT*01) is the subscriber's spouse. */
const DEPENDENT_837I = [
  'ISA*00*          *00*          *ZZ*HOSPSENDER     *ZZ*MEDICAREA      *260115*1200*^*00501*000000201*1*T*:',
  'GS*HC*HOSPSENDER*MEDICAREA*20260115*1200*201*X*005010X223A2',
  'ST*837*1001*005010X223A2',
  'BHT*0019*00*HOSPBATCH*20260115*1200*CH',
  'NM1*41*2*GENERAL HOSPITAL*****46*HOSP01',
  'PER*IC*BILLING DEPT*TE*5555550000*EM*BILLING@EXAMPLE.ORG',
  'NM1*40*2*MEDICARE A*****46*00450',
  'HL*1**20*1',
  'PRV*BI*PXC*282N00000X',
  'NM1*85*2*GENERAL HOSPITAL*****XX*1234567893',
  'N3*1 HOSPITAL WAY',
  'N4*DALLAS*TX*75201',
  'REF*EI*987654321',
  'HL*2*1*22*1',
  'SBR*P**GRP1******MA',
  'NM1*IL*1*ROE*RICHARD****MI*1EG4TE5MK73',
  'NM1*PR*2*MEDICARE PART A*****PI*04412',
  'HL*3*2*23*0',
  'PAT*01',
  'NM1*QC*1*ROE*MARY*A',
  'N3*9 OAK ST',
  'N4*DALLAS*TX*75201',
  'DMG*D8*19450305*F',
  'CLM*HOSPCLM77*5400.00***13:A:8**A*Y*Y',
  'DTP*434*RD8*20260105-20260105',
  'CL1*3*1*01',
  'REF*F8*ICN-ORIG-001',
  'REF*G1*AUTH9999',
  'NTE*UPI*INFUSION VISIT',
  'HI*ABK:C50911',
  'HI*ABF:Z5111*ABF:D701',
  'HI*BG:39',
  'HI*BH:11:D8:20251201',
  'HI*BE:80:::2.00',
  'NM1*71*1*ATTEND*ALICE****XX*1245319599',
  'LX*1',
  'SV2*0636*HC:J9306:JZ*4800.00*UN*42***0',
  'DTP*472*D8*20260105',
  'LIN**N4*50242014501',
  'CTP****1*ML',
  'LX*2',
  'SV2*0260*HC:96413*600.00*UN*1',
  'DTP*472*D8*20260105',
  'LX*3',
  'SV2*0636*HC:J9355:JZ*0*UN*0***0',
  'DTP*472*D8*20260105',
  'LIN**N4*50242013301',
  'CTP****420*ME',
  'SE*47*1001',
  'GE*1*201',
  'IEA*1*000000201',
].join('~');

describe("a dependent patient's Coverage carries the subscriber's member id (QA item 8)", () => {
  const read = readClaimBytes('i1.837', Buffer.from(`${DEPENDENT_837I}~`));
  const claim = read.claims[0] as Claim;
  const fhir = writeClaimFile([claim], 'fhir', { created: '2026-01-15' }).text;
  const resource = (JSON.parse(fhir) as { entry: { resource: FhirClaim }[] }).entry[0]?.resource;
  const coverage = resource?.contained?.find((r) => r.resourceType === 'Coverage') as Coverage | undefined;

  it('the 837 reads as a spouse with the subscriber 1EG4TE5MK73', () => {
    assert.deepEqual(
      [claim.patientRelationship, claim.subscriber?.memberId, claim.patient.memberId],
      ['01', '1EG4TE5MK73', undefined],
    );
  });
  it('Coverage.subscriberId is the subscriber member id, beside relationship spouse', () => {
    assert.equal(coverage?.subscriberId, '1EG4TE5MK73');
    assert.equal(coverage?.relationship?.coding?.[0]?.code, 'spouse');
  });
  it("read back: the subscriber member id, not the patient's", () => {
    const back = readClaimBytes('i1.fhir.json', Buffer.from(fhir)).claims[0];
    assert.deepEqual(
      [back?.patientRelationship, back?.subscriber, back?.patient.memberId],
      ['01', { memberId: '1EG4TE5MK73' }, undefined],
    );
  });
  it('X12 → FHIR → X12 keeps NM1*IL NM109', () => {
    const back = readClaimBytes('i1.fhir.json', Buffer.from(fhir)).claims;
    const x12 = writeClaimFile(back, 'x12').text;
    const segments = x12.split(/~\n?/);
    assert.ok(segments.includes('NM1*IL*1******MI*1EG4TE5MK73'), x12);
    const hl = segments.indexOf('HL*3*2*23*0');
    assert.deepEqual(segments.slice(hl, hl + 3), ['HL*3*2*23*0', 'PAT*01', 'NM1*QC*1*ROE*MARY*A']);
  });
  it('a patient who is the subscriber: subscriberId is the patient member id, as before', () => {
    const r = readFhirValue(imfinziClaim());
    assert.deepEqual([r.claims[0]?.patient.memberId, r.claims[0]?.subscriber], ['QXMEMBER998877', undefined]);
  });
  it("a dependent's own member id goes on the Patient (identifier type MB) and comes back", () => {
    const own: Claim = { ...claim, patient: { ...claim.patient, memberId: 'DEP-42' } };
    const text = writeClaimFile([own], 'fhir', { created: '2026-01-15' }).text;
    const back = readClaimBytes('dep.fhir.json', Buffer.from(text)).claims[0];
    assert.deepEqual([back?.patient.memberId, back?.subscriber?.memberId], ['DEP-42', '1EG4TE5MK73']);
  });
});
