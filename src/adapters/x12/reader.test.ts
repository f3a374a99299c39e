/**
 * 837 and 835 mapping details the shared samples do not carry (drug claims with dose notes, patient weight, prior
 * authorization, PLB, MOA/MIA, six CAS triplets) and the envelope checks, on small hand-written transactions.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readX12Text } from './index.ts';

const ISA =
  'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *250301*1200*^*00501*000000042*0*T*:~';

/** Wraps transaction-set bodies (segments between ST and SE) in a correct envelope. */
function envelope(type: '837P' | '837I' | '835', bodies: string[][]): string {
  const version = type === '837P' ? '005010X222A1' : type === '837I' ? '005010X223A2' : '005010X221A1';
  const out = [ISA, `GS*${type === '835' ? 'HP' : 'HC'}*S*R*20250301*1200*7*X*${version}~`];
  bodies.forEach((segments, i) => {
    const control = String(i + 1).padStart(4, '0');
    out.push(
      `ST*${type.substring(0, 3)}*${control}*${version}~`,
      ...segments.map((s) => `${s}~`),
      `SE*${segments.length + 2}*${control}~`,
    );
  });
  out.push(`GE*${bodies.length}*7~`, 'IEA*1*000000042~');
  return out.join('\n');
}

const drugClaim = [
  'BHT*0019*00*1*20250301*1200*CH',
  'NM1*41*2*INFUSION CENTER*****46*TAX123',
  'PER*IC*BILLING*TE*5555550100',
  'NM1*40*2*CLEARINGHOUSE*****46*CH1',
  'HL*1**20*1',
  'PRV*BI*PXC*261QX0203X',
  'NM1*85*2*INFUSION CENTER*****XX*1234567893',
  'N3*1 MAIN ST',
  'N4*SPRINGFIELD*IL*62701',
  'REF*EI*123456789',
  'HL*2*1*22*1',
  'SBR*P**GRP1******MB',
  'NM1*IL*1*DOE*JOHN****MI*1EG4TE5MK72',
  'DMG*D8*19500101*M',
  'NM1*PR*2*MEDICARE PART B*****PI*00952',
  'HL*3*2*23*0',
  'PAT*01******01*154.32',
  'NM1*QC*1*DOE*JANE',
  'DMG*D8*19520202*F',
  'CLM*PCN1*1530.25***11:B:7*Y*A*Y*Y',
  'REF*G1*PA777',
  'REF*F8*ORIGINAL123',
  'HI*ABK:C50.911*ABF:Z5111',
  'SBR*S*18*GRP2******CI',
  'CAS*CO*45*10*1*253*2.5',
  'AMT*D*100',
  'OI***Y***Y',
  'NM1*IL*1*DOE*JOHN****MI*OTHER1',
  'NM1*PR*2*SECOND PAYER*****PI*SP1',
  'LX*1',
  'SV1*HC:J9355:JZ*1500*UN*30***1:2',
  'DTP*472*D8*20250301',
  'MEA*TR*HT*65',
  'REF*6R*LINE0001',
  'NTE*ADD*DOSE 150MG',
  'LIN**N4*00069008101',
  'CTP****150*ME',
  'LX*2',
  'SV1*HC:J9355:JW*30.25*UN*1***1',
  'DTP*472*RD8*20250301-20250302',
  'NTE*ADD*WASTE 5MG',
  'LIN**N4*00069008101',
  'CTP****5*ME',
  'NM1*82*1*ONCOLOGIST*ANNA****XX*1098765432',
  'PRV*PE*PXC*207RX0202X',
];

describe('837P mapping', () => {
  const r = readX12Text(envelope('837P', [drugClaim]), { file: 'drug.837' });
  const c = r.claims[0];

  it('reads the claim without problems but the dotted diagnosis it sends (a warning)', () => {
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.severity, p.at?.segmentId, p.at?.element]),
      [['x12.element.diagnosis-format', 'warning', 'HI', 1]],
    );
    assert.ok(c);
    assert.deepEqual(
      [c.id, c.format, c.totalChargeCents, c.placeOfService, c.frequencyCode],
      ['PCN1', '837P', 153025, '11', '7'],
    );
  });

  it('walks the HL hierarchy: billing provider → subscriber → patient', () => {
    assert.ok(c);
    assert.deepEqual(c.billingProvider, {
      name: 'INFUSION CENTER',
      npi: '1234567893',
      taxonomy: '261QX0203X',
      address: { line1: '1 MAIN ST', city: 'SPRINGFIELD', state: 'IL', postalCode: '62701' },
      tin: '123456789',
    });
    assert.deepEqual(
      [
        c.subscriber?.firstName,
        c.subscriber?.memberId,
        c.subscriber?.birthDate,
        c.subscriber?.claimFilingIndicator,
      ],
      ['JOHN', '1EG4TE5MK72', '1950-01-01', 'MB'],
    );
    assert.deepEqual(
      [c.patient.firstName, c.patient.birthDate, c.patient.sex, c.patientRelationship],
      ['JANE', '1952-02-02', 'F', '01'],
    );
    assert.equal(c.payer.kind, 'medicare');
    assert.deepEqual(
      [c.submitter?.name, c.submitter?.contact?.phone, c.receiver?.id],
      ['INFUSION CENTER', '5555550100', 'CH1'],
    );
  });

  it('reads weight (PAT07/PAT08, pounds) and height (MEA*TR*HT, inches) into kg and cm', () => {
    assert.equal(c?.patient.weightKg, 69.998);
    assert.equal(c?.patient.heightCm, 165.1);
  });

  it('reads prior authorization, original reference, diagnoses without the dot (C50.911 → C50911)', () => {
    assert.deepEqual([c?.priorAuthorization, c?.payerClaimControlNumber], ['PA777', 'ORIGINAL123']);
    assert.deepEqual(c?.diagnoses, [
      { code: 'C50911', qualifier: 'ABK', pointer: 1 },
      { code: 'Z5111', qualifier: 'ABF', pointer: 2 },
    ]);
  });

  it('reads the other payer (2320/2330) with its adjustments and paid amount', () => {
    assert.deepEqual(c?.otherPayers, [
      {
        payer: { name: 'SECOND PAYER', id: 'SP1' },
        responsibility: 'S',
        relationship: '18',
        groupNumber: 'GRP2',
        claimFilingIndicator: 'CI',
        adjustments: [
          { group: 'CO', carc: '45', amountCents: 1000, quantity: 1 },
          { group: 'CO', carc: '253', amountCents: 250 },
        ],
        paidCents: 10000,
        // OI03 and OI06, as sent.
        benefitsAssignment: 'Y',
        releaseOfInformation: 'Y',
        subscriber: { lastName: 'DOE', firstName: 'JOHN', memberId: 'OTHER1' },
      },
    ]);
  });

  it('reads drug lines: modifiers, NDC and quantity, line control number, dose and waste notes', () => {
    const [given, wasted] = c?.lines ?? [];
    assert.ok(given && wasted);
    assert.deepEqual(
      [
        given.procedure.code,
        given.procedure.modifiers,
        given.units,
        given.chargeCents,
        given.diagnosisPointers,
        given.lineItemControlNumber,
      ],
      ['J9355', ['JZ'], 30, 150000, [1, 2], 'LINE0001'],
    );
    assert.deepEqual(given.drug, { ndc: '00069008101', ndcQualifier: 'N4', quantity: 150, unit: 'ME' });
    assert.deepEqual(given.dose, { text: '150MG', amount: 150, unit: 'MG' });
    assert.deepEqual(
      [wasted.procedure.modifiers, wasted.serviceDate, wasted.serviceDateTo],
      [['JW'], '2025-03-01', '2025-03-02'],
    );
    assert.deepEqual(wasted.dose, {
      text: '',
      discardedText: '5MG',
      discardedAmount: 5,
      discardedUnit: 'MG',
    });
    assert.deepEqual(
      [wasted.renderingProvider?.lastName, wasted.renderingProvider?.npi, wasted.renderingProvider?.taxonomy],
      ['ONCOLOGIST', '1098765432', '207RX0202X'],
    );
    assert.equal(given.position?.loop, '2400');
  });

  it('reads up to four modifiers and the description from SV101 (837P) and SV202 (837I)', () => {
    const head = drugClaim.slice(0, 15);
    const p = readX12Text(
      envelope('837P', [
        [
          ...head,
          'CLM*M1*10***11:B:1*Y*A*Y*Y',
          'HI*ABK:Z5111',
          'LX*1',
          'SV1*HC:J9355:JW:59:XU:RT:TRASTUZUMAB 10 MG*10*UN*1***1',
          'DTP*472*D8*20250301',
        ],
      ]),
    );
    assert.deepEqual(p.problems, []);
    assert.deepEqual(p.claims[0]?.lines[0]?.procedure, {
      qualifier: 'HC',
      code: 'J9355',
      modifiers: ['JW', '59', 'XU', 'RT'],
      description: 'TRASTUZUMAB 10 MG',
    });
    const i = readX12Text(
      envelope('837I', [
        [
          ...head,
          'CLM*I1*10***13:A:1*Y*A*Y*Y',
          'DTP*434*RD8*20250301-20250301',
          'CL1*1*1*01',
          'HI*ABK:Z5111',
          'LX*1',
          'SV2*0636*HC:J9355:JZ:GA::*10*UN*3',
          'DTP*472*D8*20250301',
        ],
      ]),
    );
    assert.deepEqual(i.claims[0]?.lines[0]?.procedure.modifiers, ['JZ', 'GA']);
    assert.deepEqual(
      [i.claims[0]?.lines[0]?.revenueCode, i.claims[0]?.lines[0]?.units, i.claims[0]?.typeOfBill],
      ['0636', 3, '131'],
    );
  });

  it('hands out claims as they complete (many claims per subscriber, many subscribers)', () => {
    const claim = (id: string): string[] => [
      `CLM*${id}*10***11:B:1*Y*A*Y*Y`,
      'HI*ABK:Z5111',
      'LX*1',
      'SV1*HC:96413*10*UN*1***1',
      'DTP*472*D8*20250301',
    ];
    const head = drugClaim.slice(0, 10);
    const subscriber = (n: number, parent: number): string[] => [
      `HL*${n}*${parent}*22*0`,
      'SBR*P*18*******CI',
      `NM1*IL*1*P${n}*A****MI*M${n}`,
      'NM1*PR*2*PAYER*****PI*P1',
    ];
    const body = [
      ...head,
      ...subscriber(2, 1),
      ...claim('A'),
      ...claim('B'),
      ...subscriber(3, 1),
      ...claim('C'),
    ];
    const seen: string[] = [];
    const res = readX12Text(envelope('837P', [body]));
    for (const x of res.claims) seen.push(`${x.id}:${x.patient.memberId}`);
    assert.deepEqual(seen, ['A:M2', 'B:M2', 'C:M3']);
    assert.deepEqual(res.problems, []);
    // Two claims of one subscriber never share objects (changing one claim leaves the other as read).
    const [a, b] = res.claims;
    assert.ok(a && b);
    assert.notEqual(a.patient, b.patient);
    assert.notEqual(a.subscriber, b.subscriber);
    assert.notEqual(a.payer, b.payer);
    assert.notEqual(a.billingProvider, b.billingProvider);
    a.patient.lastName = 'CHANGED';
    assert.equal(b.patient.lastName, 'P2');
  });
});

describe('837 structure problems', () => {
  const base = drugClaim.slice(0, 15);
  const cases: { label: string; body: string[]; want: [string, string | undefined, string | undefined][] }[] =
    [
      {
        label: 'CLM02 is not a number',
        body: [
          ...base,
          'CLM*X*ABC***11:B:1*Y*A*Y*Y',
          'HI*ABK:Z5111',
          'LX*1',
          'SV1*HC:96413*10*UN*1***1',
          'DTP*472*D8*20250301',
        ],
        want: [['x12.element.invalid-number', 'CLM', '2300']],
      },
      {
        label: 'a service line with no date',
        body: [...base, 'CLM*X*10***11:B:1*Y*A*Y*Y', 'HI*ABK:Z5111', 'LX*1', 'SV1*HC:96413*10*UN*1***1'],
        want: [['x12.loop.required-segment', 'DTP', '2400']],
      },
      {
        label: 'an impossible date',
        body: [
          ...base,
          'CLM*X*10***11:B:1*Y*A*Y*Y',
          'HI*ABK:Z5111',
          'LX*1',
          'SV1*HC:96413*10*UN*1***1',
          'DTP*472*D8*20250230',
        ],
        want: [['x12.element.invalid-date', 'DTP', '2400']],
      },
      {
        label: 'a diagnosis pointer out of range',
        body: [
          ...base,
          'CLM*X*10***11:B:1*Y*A*Y*Y',
          'HI*ABK:Z5111',
          'LX*1',
          'SV1*HC:96413*10*UN*1***13',
          'DTP*472*D8*20250301',
        ],
        want: [['x12.element.invalid-number', 'SV1', '2400']],
      },
      {
        label: 'LIN without CTP',
        body: [
          ...base,
          'CLM*X*10***11:B:1*Y*A*Y*Y',
          'HI*ABK:Z5111',
          'LX*1',
          'SV1*HC:J9355*10*UN*1***1',
          'DTP*472*D8*20250301',
          'LIN**N4*00069008101',
        ],
        want: [['x12.loop.required-segment', 'CTP', '2410']],
      },
      {
        label: 'a claim with no lines',
        body: [...base, 'CLM*X*10***11:B:1*Y*A*Y*Y', 'HI*ABK:Z5111'],
        want: [['x12.loop.required-segment', 'LX', '2400']],
      },
      {
        label: 'SV1 before any claim',
        body: [...base, 'SV1*HC:96413*10*UN*1***1'],
        want: [['x12.segment.out-of-place', 'SV1', '2400']],
      },
      {
        label: 'too many elements',
        body: [
          ...base,
          'CLM*X*10***11:B:1*Y*A*Y*Y',
          'HI*ABK:Z5111',
          'LX*1*2',
          'SV1*HC:96413*10*UN*1***1',
          'DTP*472*D8*20250301',
        ],
        // Positioned in the loop the segment is in.
        want: [['x12.segment.too-many-elements', 'LX', '2400']],
      },
    ];
  for (const c of cases) {
    it(c.label, () => {
      const r = readX12Text(envelope('837P', [c.body]));
      assert.deepEqual(
        r.problems.map((p) => [p.code, p.at?.segmentId, p.at?.loop]),
        c.want,
      );
      assert.equal(
        r.claims.length,
        c.label === 'SV1 before any claim' ? 0 : 1,
        'what could be read is still read',
      );
    });
  }
});

describe('835 mapping', () => {
  const body = [
    'BPR*I*1100*C*ACH*CCP*01*111*DA*222*1234567890**01*333*DA*444*20250315',
    'TRN*1*EFT0001*1234567890',
    'DTM*405*20250314',
    'N1*PR*MEDICARE ADMIN CONTRACTOR*XV*12345',
    'N1*PE*INFUSION CENTER*XX*1234567893',
    'REF*TJ*123456789',
    'LX*1',
    'CLP*PCN1*1*1530.25*1000*200*MB*PAYERCLM1*11*1',
    'NM1*QC*1*DOE*JANE****MI*1EG4TE5MK72',
    'MOA***MA01*N130',
    'MIA*0***5.5*M1***************M2*M3',
    'DTM*232*20250301',
    'DTM*233*20250302',
    'DTM*050*20250305',
    'SVC*HC:J9355:JZ*1500*1000*0260*30**28',
    'DTM*150*20250301',
    'DTM*151*20250302',
    'CAS*CO*45*100*1*253*20**59*10**97*5**16*1**18*2',
    'CAS*PR*1*150*2*2*50',
    'REF*6R*LINE0001',
    'AMT*B6*1200',
    'LQ*HE*N130',
    'LQ*HE*M80',
    'SVC*HC:J9355:JW*30.25*0**1',
    'DTM*472*20250301',
    'CAS*CO*45*30.25',
    'PLB*1234567893*20251231*WO:PCN9*-50*FB:ADJ1*150',
  ];
  const r = readX12Text(envelope('835', [body]), { file: 'pay.835' });
  const rem = r.remittances[0];
  const claim = rem?.claims[0];

  it('reads the payment, payer, payee and dates', () => {
    assert.deepEqual(r.problems, []);
    assert.ok(rem);
    assert.deepEqual(rem.payment, {
      handling: 'I',
      amountCents: 110000,
      creditDebit: 'C',
      method: 'ACH',
      date: '2025-03-15',
      traceNumber: 'EFT0001',
    });
    assert.deepEqual(
      [rem.payer.name, rem.payer.id, rem.payee.name, rem.payee.npi, rem.payee.tin, rem.productionDate],
      ['MEDICARE ADMIN CONTRACTOR', '12345', 'INFUSION CENTER', '1234567893', '123456789', '2025-03-14'],
    );
  });

  it('reads the claim payment with MOA/MIA remark codes and dates', () => {
    assert.ok(claim);
    assert.deepEqual(
      [
        claim.patientControlNumber,
        claim.status,
        claim.chargeCents,
        claim.paidCents,
        claim.patientResponsibilityCents,
        claim.claimFilingIndicator,
        claim.payerClaimControlNumber,
        claim.facilityCode,
        claim.frequencyCode,
      ],
      ['PCN1', '1', 153025, 100000, 20000, 'MB', 'PAYERCLM1', '11', '1'],
    );
    assert.deepEqual(claim.remarkCodes, ['MA01', 'N130', 'M1', 'M2', 'M3']);
    assert.deepEqual(
      [claim.statementFrom, claim.statementTo, claim.receivedDate, claim.patient?.memberId],
      ['2025-03-01', '2025-03-02', '2025-03-05', '1EG4TE5MK72'],
    );
  });

  it('reads service lines: composite procedure, revenue code, units, all six CAS triplets, RARCs, allowed', () => {
    const [a, b] = claim?.serviceLines ?? [];
    assert.ok(a && b);
    assert.deepEqual(
      [
        a.procedure.code,
        a.procedure.modifiers,
        a.chargeCents,
        a.paidCents,
        a.revenueCode,
        a.units,
        a.originalUnits,
        a.serviceDate,
        a.serviceDateTo,
      ],
      ['J9355', ['JZ'], 150000, 100000, '0260', 30, 28, '2025-03-01', '2025-03-02'],
    );
    assert.deepEqual(
      a.adjustments.map(
        (x) => `${x.group}-${x.carc}:${x.amountCents}${x.quantity === undefined ? '' : `×${x.quantity}`}`,
      ),
      [
        'CO-45:10000×1',
        'CO-253:2000',
        'CO-59:1000',
        'CO-97:500',
        'CO-16:100',
        'CO-18:200',
        'PR-1:15000×2',
        'PR-2:5000',
      ],
    );
    assert.deepEqual(
      [a.lineItemControlNumber, a.allowedCents, a.remarkCodes],
      ['LINE0001', 120000, ['N130', 'M80']],
    );
    assert.deepEqual([b.procedure.modifiers, b.paidCents, b.serviceDate], [['JW'], 0, '2025-03-01']);
  });

  it('reads PLB provider adjustments with composite reasons', () => {
    assert.deepEqual(rem?.providerAdjustments, [
      {
        providerId: '1234567893',
        reasonCode: 'WO',
        amountCents: -5000,
        reference: 'PCN9',
        fiscalPeriodDate: '2025-12-31',
      },
      {
        providerId: '1234567893',
        reasonCode: 'FB',
        amountCents: 15000,
        reference: 'ADJ1',
        fiscalPeriodDate: '2025-12-31',
      },
    ]);
  });
});

describe('envelope checks', () => {
  const st = (control: string, body: string[] = ['BHT*0019*00*1*20250301*1200*CH']): string[] => [
    `ST*837*${control}*005010X222A1`,
    ...body,
  ];
  const cases: {
    label: string;
    segments: string[];
    want: [string, string | undefined, number | undefined][];
    transactions?: number;
  }[] = [
    {
      label: 'SE02 differs from ST02, SE01 wrong',
      segments: [
        ISA,
        'GS*HC*S*R*20250301*1200*7*X*005010X222A1',
        ...st('0001'),
        'SE*9*0002',
        'GE*1*7',
        'IEA*1*000000042',
      ],
      want: [
        ['x12.envelope.count-mismatch', 'SE', 1],
        ['x12.envelope.control-mismatch', 'SE', 2],
      ],
    },
    {
      label: 'GE and IEA counts and control numbers wrong',
      segments: [
        ISA,
        'GS*HC*S*R*20250301*1200*7*X*005010X222A1',
        ...st('0001'),
        'SE*3*0001',
        'GE*2*8',
        'IEA*3*000000043',
      ],
      want: [
        ['x12.envelope.count-mismatch', 'GE', 1],
        ['x12.envelope.control-mismatch', 'GE', 2],
        ['x12.envelope.count-mismatch', 'IEA', 1],
        ['x12.envelope.control-mismatch', 'IEA', 2],
      ],
    },
    {
      label: 'a transaction set with no SE before the next ST',
      segments: [
        ISA,
        'GS*HC*S*R*20250301*1200*7*X*005010X222A1',
        ...st('0001'),
        ...st('0002'),
        'SE*3*0002',
        'GE*2*7',
        'IEA*1*000000042',
      ],
      want: [['x12.envelope.unclosed', 'ST', undefined]],
      transactions: 2,
    },
    {
      label: 'a file cut short',
      segments: [ISA, 'GS*HC*S*R*20250301*1200*7*X*005010X222A1', ...st('0001')],
      want: [
        ['x12.envelope.unclosed', 'BHT', undefined],
        ['x12.envelope.unclosed', 'BHT', undefined],
        ['x12.envelope.unclosed', 'BHT', undefined],
      ],
      transactions: 1,
    },
    {
      label: 'segments outside a transaction set, SE with nothing open',
      segments: [
        ISA,
        'GS*HC*S*R*20250301*1200*7*X*005010X222A1',
        'BHT*0019',
        'NM1*41',
        'SE*2*0001',
        'GE*0*7',
        'IEA*1*000000042',
      ],
      want: [
        ['x12.envelope.unexpected', 'BHT', undefined],
        ['x12.envelope.unexpected', 'SE', undefined],
      ],
      transactions: 0,
    },
    {
      label: 'a dental 837 and a 999 are skipped with a warning',
      segments: [
        ISA,
        'GS*HC*S*R*20250301*1200*7*X*005010X224A2',
        'ST*837*0001*005010X224A2',
        'SE*2*0001',
        'ST*999*0002',
        'SE*2*0002',
        'GE*2*7',
        'IEA*1*000000042',
      ],
      want: [
        ['x12.transaction.unsupported', 'ST', 3],
        ['x12.transaction.unsupported', 'ST', 1],
      ],
      transactions: 0,
    },
    {
      label: 'ST03 and GS08 disagree',
      segments: [
        ISA,
        'GS*HC*S*R*20250301*1200*7*X*005010X223A2',
        ...st('0001'),
        'SE*3*0001',
        'GE*1*7',
        'IEA*1*000000042',
      ],
      want: [['x12.envelope.version-mismatch', 'ST', 3]],
      transactions: 1,
    },
  ];
  for (const c of cases) {
    it(c.label, () => {
      const r = readX12Text(c.segments.map((s) => (s.endsWith('~') ? s : `${s}~`)).join('\n'));
      assert.deepEqual(
        r.problems.map((p) => [p.code, p.at?.segmentId, p.at?.element]),
        c.want,
      );
      if (c.transactions !== undefined) assert.equal(r.transactions.length, c.transactions);
    });
  }

  it('several interchanges (each with its own delimiters), groups and transaction sets, each counted on its own', () => {
    const claim = (id: string, e = '*', c = ':'): string[] =>
      [
        'HL*1**20*1',
        'NM1*85*2*CLINIC*****XX*1234567893',
        'N3*1 MAIN ST',
        'N4*CITY*ST*12345',
        'REF*EI*123456789',
        'HL*2*1*22*0',
        'SBR*P*18*******MB',
        'NM1*IL*1*DOE*ANN****MI*M1',
        'NM1*PR*2*MEDICARE*****PI*00435',
        `CLM*${id}*10***11:B:1*Y*A*Y*Y`,
        'HI*ABK:C50911',
        'LX*1',
        'SV1*HC:J9355*10*UN*1***1',
        'DTP*472*D8*20250301',
      ].map((s) => s.replaceAll('*', e).replaceAll(':', c));
    const tx = (control: string, id: string, e = '*', c = ':'): string[] => {
      const body = [
        `ST*837*${control}*005010X222A1`,
        'BHT*0019*00*1*20250301*1200*CH',
        'NM1*41*2*SUB*****46*1',
        'PER*IC*X*TE*5555555555',
        'NM1*40*2*RCV*****46*2',
        ...claim(id),
      ].map((s) => s.replaceAll('*', e).replaceAll(':', c));
      return [...body, `SE${e}${body.length + 1}${e}${control}`];
    };
    const second =
      'ISA|00|          |00|          |ZZ|SENDER         |ZZ|RECEIVER       |250301|1200|^|00501|000000043|0|T|>!';
    const text = [
      ISA,
      'GS*HC*S*R*20250301*1200*7*X*005010X222A1',
      ...tx('0001', 'A1'),
      ...tx('0002', 'A2'),
      'GE*2*7',
      'GS*HC*S*R*20250301*1200*8*X*005010X222A1',
      ...tx('0003', 'A3'),
      'GE*1*8',
      'IEA*2*000000042',
    ]
      .map((s) => (s.endsWith('~') ? s : `${s}~`))
      .join('\r\n');
    const other = [
      second,
      'GS|HC|S|R|20250301|1200|9|X|005010X222A1!',
      ...tx('0004', 'B1', '|', '>').map((s) => `${s}!`),
      'GE|1|9!',
      'IEA|1|000000043!',
    ].join('\n');
    const r = readX12Text(`${text}\r\n${other}\n`);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.transactions.map((t) => t.control),
      ['0001', '0002', '0003', '0004'],
    );
    assert.deepEqual(
      r.claims.map((c) => [
        c.id,
        c.envelope?.interchangeControl,
        c.envelope?.groupControl,
        c.envelope?.transactionControl,
      ]),
      [
        ['A1', '000000042', '7', '0001'],
        ['A2', '000000042', '7', '0002'],
        ['A3', '000000042', '8', '0003'],
        ['B1', '000000043', '9', '0004'],
      ],
    );
    // The second interchange's component separator ">" splits its SV101.
    assert.deepEqual(
      r.claims.map((c) => c.lines[0]?.procedure.code),
      ['J9355', 'J9355', 'J9355', 'J9355'],
    );
  });
});
