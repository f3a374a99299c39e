/**
 * What the FHIR reader refuses to guess (QA findings on the integration side): elements of the wrong JSON type,
 * references that point nowhere, resources that are not live claims or payments, a Claim with no id.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Claim } from '../../core/claim/model.ts';
import { readClaimBytes } from '../claim-files/index.ts';
import { readFhirJson, readFhirValue } from './index.ts';
import type { FhirReadResult } from './index.ts';
import type { Claim as FhirClaim, ClaimItem, ExplanationOfBenefit } from './r4.ts';
import { imfinziClaim, imfinziEob } from './testing.ts';

const problems = (r: FhirReadResult): string[] =>
  r.problems.map((p) => `${p.severity} ${p.code} ${p.at?.path ?? ''}`);

/** The base claim with item 0 (or the claim) changed. */
function withItem(change: (item: Record<string, unknown>) => void): FhirClaim {
  const c = imfinziClaim();
  change(c.item?.[0] as unknown as Record<string, unknown>);
  return c;
}

void describe('the base claim', () => {
  it('reads with no problem: a Medicare claim, J9173 ×150 for $15,000', () => {
    const r = readFhirValue(imfinziClaim());
    assert.deepEqual(r.problems, []);
    const c = r.claims[0] as Claim;
    assert.deepEqual(
      [
        c.id,
        c.payer.kind,
        c.patient.memberId,
        c.lines[0]?.units,
        c.lines[0]?.chargeCents,
        c.totalChargeCents,
      ],
      ['DEMO-0001', 'medicare', 'QXMEMBER998877', 150, 1_500_000, 1_535_000],
    );
  });
});

void describe('wrong JSON types are reported at their path and not read as something else', () => {
  const cases: [
    label: string,
    claim: () => FhirClaim,
    expected: string[],
    line0: (c: Claim) => unknown,
    want: unknown,
  ][] = [
    [
      'quantity.value "150" is not one unit',
      () => withItem((i) => (i['quantity'] = { value: '150' })),
      ['error fhir.element.invalid $.item[0].quantity.value'],
      (c) => c.lines[0]?.units,
      0,
    ],
    [
      'net.value "15000" is not $0 silently',
      () => withItem((i) => (i['net'] = { value: '15000', currency: 'USD' })),
      ['error fhir.element.invalid $.item[0].net.value'],
      (c) => c.lines[0]?.chargeCents,
      0,
    ],
    [
      'unitPrice.value "100" with no net',
      () =>
        withItem((i) => {
          delete i['net'];
          i['unitPrice'] = { value: '100' };
        }),
      ['error fhir.element.invalid $.item[0].unitPrice.value'],
      (c) => c.lines[0]?.chargeCents,
      0,
    ],
    [
      'net as a bare number (not Money)',
      () => withItem((i) => (i['net'] = 15000)),
      ['error fhir.element.invalid $.item[0].net'],
      (c) => c.lines[0]?.chargeCents,
      0,
    ],
    [
      'a diagnosisSequence entry "1"',
      () => withItem((i) => (i['diagnosisSequence'] = ['1'])),
      ['error fhir.element.invalid $.item[0].diagnosisSequence[0]'],
      (c) => c.lines[0]?.diagnosisPointers,
      [],
    ],
    [
      'servicedDate as a number',
      () => withItem((i) => (i['servicedDate'] = 20260210)),
      ['error fhir.element.invalid $.item[0].servicedDate'],
      (c) => c.lines[0]?.serviceDate,
      undefined,
    ],
    [
      'the NDC quantity "30"',
      () =>
        withItem((i) => {
          const detail = (i['detail'] as Record<string, unknown>[])[0] as Record<string, unknown>;
          detail['quantity'] = { value: '30', code: 'ML' };
        }),
      ['error fhir.element.invalid $.item[0].detail[0].quantity.value'],
      (c) => [c.lines[0]?.drug?.ndc, c.lines[0]?.drug?.quantity],
      ['00310461150', undefined],
    ],
    [
      'an item that is not an object',
      () => {
        const c = imfinziClaim();
        (c.item as unknown[])[1] = 'x';
        return c;
      },
      ['error fhir.element.invalid $.item[1]'],
      (c) => c.lines.length,
      1,
    ],
    [
      'a total that is not Money: the lines are summed, and the total is reported',
      () => ({ ...imfinziClaim(), total: 'abc' as unknown as FhirClaim['total'] }),
      ['error fhir.element.invalid $.total'],
      (c) => c.totalChargeCents,
      1_535_000,
    ],
    [
      'no quantity at all is one unit, with no problem',
      () => withItem((i) => delete i['quantity']),
      [],
      (c) => c.lines[0]?.units,
      1,
    ],
  ];
  for (const [label, make, expected, get, want] of cases) {
    it(label, () => {
      const input = make();
      const frozen = JSON.stringify(input);
      const r = readFhirValue(input);
      assert.deepEqual(problems(r), expected);
      assert.deepEqual(get(r.claims[0] as Claim), want);
      assert.equal(JSON.stringify(input), frozen, 'the input is not changed');
    });
  }

  it('a number JSON cannot hold (1e309 reads as Infinity) is reported, from the text', () => {
    const text = JSON.stringify(imfinziClaim()).replace('"value":15000,', '"value":1e309,');
    assert.ok(text.includes('1e309'));
    const r = readFhirJson(text);
    assert.deepEqual(problems(r), ['error fhir.element.invalid $.item[0].net.value']);
    assert.match(r.problems[0]?.message ?? '', /net\.value should be a number but is a number too large/);
  });

  it('a Claim that is all wrong types: each is reported, nothing is made up', () => {
    const r = readFhirJson('{"resourceType":"Claim","item":"x","total":"abc"}');
    assert.deepEqual(
      problems(r).filter((p) => p.startsWith('error')),
      [
        'error fhir.element.missing $.identifier',
        'error fhir.element.invalid $.item',
        'error fhir.element.invalid $.total',
      ],
    );
    assert.deepEqual([r.claims[0]?.id, r.claims[0]?.lines.length], ['', 0]);
  });
});

void describe('quantities beyond the 15 digits an 837 holds are not read (QA: 1e20 units read)', () => {
  const detailQuantity = (value: number) =>
    withItem((i) => {
      const detail = (i['detail'] as Record<string, unknown>[])[0] as Record<string, unknown>;
      detail['quantity'] = { value, code: 'ML' };
    });
  const cases: [
    label: string,
    claim: () => FhirClaim,
    expected: string[],
    read: (c: Claim) => unknown,
    want: unknown,
  ][] = [
    [
      'units of 15 digits are read',
      () => withItem((i) => (i['quantity'] = { value: 999_999_999_999_999 })),
      [],
      (c) => c.lines[0]?.units,
      999_999_999_999_999,
    ],
    [
      'units of 1e15 (16 digits): reported, and count for nothing',
      () => withItem((i) => (i['quantity'] = { value: 1e15 })),
      ['error fhir.element.invalid $.item[0].quantity.value'],
      (c) => c.lines[0]?.units,
      0,
    ],
    [
      'units of 1e20',
      () => withItem((i) => (i['quantity'] = { value: 1e20 })),
      ['error fhir.element.invalid $.item[0].quantity.value'],
      (c) => c.lines[0]?.units,
      0,
    ],
    [
      'a negative quantity past the bound',
      () => withItem((i) => (i['quantity'] = { value: -1e15 })),
      ['error fhir.element.invalid $.item[0].quantity.value'],
      (c) => c.lines[0]?.units,
      0,
    ],
    [
      'an NDC quantity of 1e20: the NDC is read, its quantity is not',
      () => detailQuantity(1e20),
      ['error fhir.element.invalid $.item[0].detail[0].quantity.value'],
      (c) => [c.lines[0]?.drug?.ndc, c.lines[0]?.drug?.quantity],
      ['00310461150', undefined],
    ],
    [
      'an NDC quantity with decimals below the bound is read as it is',
      () => detailQuantity(17636684144620.715),
      [],
      (c) => c.lines[0]?.drug?.quantity,
      17636684144620.715,
    ],
  ];
  for (const [label, make, expected, read, want] of cases)
    it(label, () => {
      const input = make();
      const frozen = JSON.stringify(input);
      const r = readFhirValue(input);
      assert.deepEqual(problems(r), expected);
      assert.deepEqual(read(r.claims[0] as Claim), want);
      assert.equal(JSON.stringify(input), frozen, 'the input is not changed');
    });

  it('the message names the bound and the value', () => {
    const r = readFhirValue(withItem((i) => (i['quantity'] = { value: 1e20 })));
    assert.deepEqual(
      r.problems.map((p) => p.message),
      [
        'quantity.value should be a quantity below 1e+15 (15 digits, as an 837 holds) but is the number 100000000000000000000; it was not read.',
      ],
    );
  });

  it('an ExplanationOfBenefit item quantity the same way', () => {
    const eob = imfinziEob('EOB1');
    (eob.item?.[0] as unknown as Record<string, unknown>)['quantity'] = { value: 1e20 };
    const r = readFhirValue(eob);
    assert.deepEqual(problems(r), ['error fhir.element.invalid $.item[0].quantity.value']);
    assert.equal(r.remittances.length, 1);
  });
});

void describe('references that point to no resource in the file', () => {
  it('the QA claim whose parties are on a server: each reported, kept, and the payer kind is unknown', () => {
    const c = imfinziClaim();
    delete c.contained;
    c.patient = { reference: 'Patient/p1' };
    c.provider = { reference: 'Organization/o1' };
    c.insurer = { reference: 'Organization/o2' };
    c.insurance = [{ sequence: 1, focal: true, coverage: { reference: 'Coverage/c1' } }];
    const r = readFhirValue(c);
    assert.deepEqual(
      r.problems.map((p) => [p.severity, p.code, p.at?.path, p.data?.['reference']]),
      [
        ['warning', 'fhir.reference.unresolved', '$.provider.reference', 'Organization/o1'],
        ['warning', 'fhir.reference.unresolved', '$.insurer.reference', 'Organization/o2'],
        ['warning', 'fhir.reference.unresolved', '$.patient.reference', 'Patient/p1'],
        ['warning', 'fhir.reference.unresolved', '$.insurance[0].coverage.reference', 'Coverage/c1'],
      ],
    );
    // The coverage warning says what it costs: no payer kind, so no Medicare rules.
    assert.match(r.problems[3]?.message ?? '', /payer kind .* not applied/);
    const claim = r.claims[0] as Claim;
    assert.equal(claim.payer.kind, 'unknown');
    assert.deepEqual(claim.envelope?.fhir?.references, {
      patient: 'Patient/p1',
      provider: 'Organization/o1',
      insurer: 'Organization/o2',
      coverage: 'Coverage/c1',
    });
  });

  it('the same references resolved by Bundle entries: no problem, and the claim is a Medicare claim', () => {
    const c = imfinziClaim();
    const [patient, provider, payer, coverage] = c.contained ?? [];
    delete c.contained;
    c.patient = { reference: 'Patient/p' };
    c.provider = { reference: 'Organization/o' };
    c.insurer = { reference: 'Organization/payer' };
    c.insurance = [
      { sequence: 1, focal: true, coverage: { reference: 'urn:uuid:1b0e0c1e-1f7a-4c1e-9d7e-2f1f3a4b5c6d' } },
    ];
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { resource: c },
        { resource: patient },
        { resource: provider },
        { resource: { ...payer } },
        { fullUrl: 'urn:uuid:1b0e0c1e-1f7a-4c1e-9d7e-2f1f3a4b5c6d', resource: coverage },
      ],
    };
    const r = readFhirValue(bundle);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      [r.claims[0]?.payer.kind, r.claims[0]?.patient.memberId, r.claims[0]?.envelope?.fhir?.references],
      ['medicare', 'QXMEMBER998877', undefined],
    );
  });

  const cases: [label: string, change: (c: FhirClaim) => void, expected: string[]][] = [
    [
      'a contained reference "#x" with no such contained resource',
      (c) => (c.patient = { reference: '#x' }),
      ['warning fhir.reference.unresolved $.patient.reference'],
    ],
    [
      'a coverage reference to a resource of another type',
      (c) => (c.insurance = [{ sequence: 1, focal: true, coverage: { reference: '#p' } }]),
      ['warning fhir.reference.unresolved $.insurance[0].coverage.reference'],
    ],
    [
      'a reference with only an identifier points nowhere to follow: not reported',
      (c) => (c.provider = { identifier: { system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' } }),
      [],
    ],
    [
      'a rendering care team member on a server',
      (c) =>
        (c.careTeam = [
          {
            sequence: 1,
            provider: { reference: 'Practitioner/9' },
            role: { coding: [{ code: 'primary' }] },
          },
        ]),
      ['warning fhir.reference.unresolved $.careTeam[0].provider.reference'],
    ],
  ];
  for (const [label, change, expected] of cases)
    it(label, () => {
      const c = imfinziClaim();
      change(c);
      assert.deepEqual(problems(readFhirValue(c)), expected);
    });
});

void describe('resources that are not live claims or payments are skipped, with a warning', () => {
  const cases: [label: string, change: Partial<FhirClaim>, read: boolean][] = [
    ['status entered-in-error', { status: 'entered-in-error' }, false],
    ['status cancelled', { status: 'cancelled' }, false],
    ['use preauthorization', { use: 'preauthorization' }, false],
    ['use predetermination', { use: 'predetermination' }, false],
    ['status draft: a claim before it is sent, which is what a check is for', { status: 'draft' }, true],
  ];
  for (const [label, change, read] of cases)
    it(`Claim: ${label}`, () => {
      const r = readFhirValue({
        resourceType: 'Bundle',
        type: 'collection',
        entry: [{ resource: { ...imfinziClaim(), ...change } }, { resource: imfinziClaim() }],
      });
      assert.equal(r.claims.length, read ? 2 : 1);
      assert.deepEqual(problems(r), read ? [] : ['warning fhir.resource.skipped $.entry[0].resource']);
    });

  const eob = (status: string, use = 'claim'): ExplanationOfBenefit => imfinziEob('EIE1', { status, use });
  const eobCases: [label: string, resource: ExplanationOfBenefit, read: boolean][] = [
    ['EOB entered-in-error', eob('entered-in-error'), false],
    ['EOB cancelled', eob('cancelled'), false],
    ['EOB of a predetermination (pays nothing)', eob('active', 'predetermination'), false],
    ['EOB active', eob('active'), true],
  ];
  it('an EOB amount "12000" is reported at its path, not read as $0 paid', () => {
    const e = eob('active');
    const adjudication = e.item?.[0]?.adjudication?.[1];
    assert.ok(adjudication);
    adjudication.amount = { value: '12000' as unknown as number };
    const r = readFhirValue(e);
    assert.deepEqual(problems(r), ['error fhir.element.invalid $.item[0].adjudication[1].amount.value']);
  });
  for (const [label, resource, read] of eobCases)
    it(label, () => {
      const r = readFhirValue(resource);
      assert.equal(r.remittances.length, read ? 1 : 0);
      assert.deepEqual(problems(r), read ? [] : ['warning fhir.resource.skipped $']);
      if (!read) assert.match(r.problems[0]?.message ?? '', /^ExplanationOfBenefit EIE1 /);
    });
});

void describe('a Claim with no id', () => {
  it('is an error at $.identifier (the import refuses it: see import.test.ts)', () => {
    const c: FhirClaim = imfinziClaim();
    delete c.id;
    delete c.identifier;
    const r = readFhirValue(c);
    assert.deepEqual(problems(r), ['error fhir.element.missing $.identifier']);
  });

  it('an identifier of the wrong shape is reported and the resource id is used', () => {
    const c = { ...imfinziClaim(), identifier: { value: 'X' } as unknown as FhirClaim['identifier'] };
    const r = readFhirValue(c);
    assert.deepEqual(problems(r), ['error fhir.element.invalid $.identifier']);
    assert.equal(r.claims[0]?.id, 'cl1');
  });
});

void describe('revenue-code-only lines (837I SV2 without SV202)', () => {
  const revenueOnly = (productOrService: ClaimItem['productOrService']): FhirClaim =>
    withItem((i) => {
      i['productOrService'] = productOrService;
      i['revenue'] = { coding: [{ system: 'https://www.nubc.org/CodeSystem/RevenueCodes', code: '0250' }] };
      delete i['detail'];
    });
  it('productOrService data-absent not-applicable (CARIN BB) with a revenue code: no procedure, no problem', () => {
    const r = readFhirValue(
      revenueOnly({
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason', code: 'not-applicable' },
        ],
      }),
    );
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      [r.claims[0]?.lines[0]?.procedure, r.claims[0]?.lines[0]?.revenueCode],
      [{ qualifier: '', code: '', modifiers: [] }, '0250'],
    );
  });
  it('with neither a procedure code nor a revenue code: an error', () => {
    const c = revenueOnly({ coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '' }] });
    delete (c.item?.[0] as ClaimItem).revenue;
    assert.deepEqual(problems(readFhirValue(c)), ['error fhir.element.missing $.item[0].productOrService']);
  });
});

void describe('Bundle entries that hold no resource', () => {
  it('are each a warning at their path, not passed over in silence', () => {
    const r = readFhirValue({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        null,
        'str',
        { fullUrl: 'urn:uuid:0a4f3b8e-6c1d-4e2f-9a7b-5c6d7e8f9a0b' },
        { resource: imfinziClaim() },
      ],
    });
    assert.equal(r.claims.length, 1);
    assert.deepEqual(problems(r), [
      'warning fhir.resource.unsupported $.entry[0]',
      'warning fhir.resource.unsupported $.entry[1]',
      'warning fhir.resource.unsupported $.entry[2]',
    ]);
  });
});

void describe('values whose text cannot be taken (a JSON object with a "toString" member) are problems, not a throw', () => {
  const hostile = { toString: 1 };
  const cases: [
    label: string,
    value: () => unknown,
    expected: string[],
    claims: number,
    remittances: number,
  ][] = [
    [
      'a Bundle entry whose resourceType is such an object',
      () => ({
        resourceType: 'Bundle',
        type: 'collection',
        entry: [{ resource: { resourceType: hostile } }, { resource: imfinziClaim() }],
      }),
      ['warning fhir.resource.unsupported $.entry[0]'],
      1,
      0,
    ],
    [
      'a contained resource the patient points to, with such a resourceType',
      () => {
        const c = imfinziClaim();
        const patient = c.contained?.find((r) => r.id === 'p') as unknown as Record<string, unknown>;
        patient['resourceType'] = hostile;
        return c;
      },
      ['warning fhir.reference.unresolved $.patient.reference'],
      1,
      0,
    ],
    [
      "an EOB provider's identifier whose system is such an object",
      () => {
        const e = imfinziEob('EOB-1') as unknown as Record<string, unknown>;
        e['provider'] = { identifier: { system: hostile, value: '1234567893' } };
        return e;
      },
      [],
      0,
      1,
    ],
  ];
  for (const [label, value, expected, claims, remittances] of cases)
    it(label, () => {
      const text = JSON.stringify(value());
      // The JSON text (readFhirJson), the parsed value, and an upload (readClaimBytes) read it alike.
      for (const r of [
        readFhirJson(text),
        readFhirValue(JSON.parse(text)),
        readClaimBytes('x.fhir.json', Buffer.from(text)),
      ]) {
        assert.deepEqual(problems(r), expected);
        assert.deepEqual([r.claims.length, r.remittances.length], [claims, remittances]);
      }
    });
});
