/**
 * What the readers check beyond syntax, on small hand-written transactions: values the TR3s forbid (reversed
 * ranges, frequency codes, NDC shape and units, negative amounts, 837I statement dates), data that used to be
 * dropped (CLM11, CLM20, NM105, SV207), where problems are positioned (loops of overlong segments and HL warnings),
 * envelope control numbers and versions, and 835 service lines paid on a revenue code or an NDC.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Problem } from '../../core/problem.ts';
import { readX12Text } from './index.ts';

const isa = (control = '000000042', version = '00501'): string =>
  `ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *250301*1200*^*${version}*${control}*0*T*:~`;

const guides = { '837P': '005010X222A1', '837I': '005010X223A2', '835': '005010X221A1' } as const;

/** One interchange, one group, one transaction set around `body`, with correct counts. */
function file(type: keyof typeof guides, body: string[]): string {
  const v = guides[type];
  return [
    isa(),
    `GS*${type === '835' ? 'HP' : 'HC'}*S*R*20250301*1200*7*X*${v}~`,
    `ST*${type.substring(0, 3)}*0001*${v}~`,
    ...body.map((s) => `${s}~`),
    `SE*${body.length + 2}*0001~`,
    'GE*1*7~',
    'IEA*1*000000042~',
  ].join('\n');
}

/** Billing provider and subscriber loops (2000A–2010BB) before a claim. */
const header = [
  'BHT*0019*00*1*20250301*1200*CH',
  'NM1*41*2*INFUSION CENTER*****46*TAX123',
  'NM1*40*2*CLEARINGHOUSE*****46*CH1',
  'HL*1**20*1',
  'NM1*85*2*INFUSION CENTER*****XX*1234567893',
  'N3*1 MAIN ST',
  'N4*SPRINGFIELD*IL*62701',
  'REF*EI*123456789',
  'HL*2*1*22*0',
  'SBR*P*18*GRP1******MB',
  'NM1*IL*1*DOE*JOHN*Q***MI*1EG4TE5MK72',
  'DMG*D8*19500101*M',
  'NM1*PR*2*MEDICARE PART B*****PI*00952',
];

/** A drug claim whose segments a case replaces one by one. */
const claim = (
  over: Partial<Record<'clm' | 'hi' | 'sv1' | 'dtp' | 'lin' | 'ctp', string>> = {},
): string[] => [
  ...header,
  over.clm ?? 'CLM*PCN1*150***11:B:1*Y*A*Y*Y',
  over.hi ?? 'HI*ABK:C50911*ABF:Z5111',
  'LX*1',
  over.sv1 ?? 'SV1*HC:J9355:JZ*150*UN*30***1:2',
  over.dtp ?? 'DTP*472*D8*20250301',
  over.lin ?? 'LIN**N4*00069008101',
  over.ctp ?? 'CTP****150*ME',
];

type Where = [
  code: string,
  severity: string,
  segmentId: string | undefined,
  element: number | undefined,
  loop: string | undefined,
];
const where = (p: Problem): Where => [p.code, p.severity, p.at?.segmentId, p.at?.element, p.at?.loop];

describe('837 values the TR3s do not allow', () => {
  it('the base claim reads without problems', () => {
    const r = readX12Text(file('837P', claim()));
    assert.deepEqual(r.problems, []);
  });

  const cases: { label: string; body: string[]; type?: '837I'; want: Where[] }[] = [
    {
      label: 'a service date range that ends before it starts (RD8)',
      body: claim({ dtp: 'DTP*472*RD8*20240105-20240101' }),
      want: [['x12.element.invalid-date', 'error', 'DTP', 3, '2400']],
    },
    {
      label: 'a claim frequency code a professional claim does not have (CLM05-3 Q)',
      body: claim({ clm: 'CLM*PCN1*150***11:B:Q*Y*A*Y*Y' }),
      want: [['x12.element.invalid-code', 'error', 'CLM', 5, '2300']],
    },
    {
      // A warning: `check` reports it as an error (original-claim-number-missing).
      label: 'a void (CLM05-3 8) that does not name the claim it voids (no REF*F8)',
      body: claim({ clm: 'CLM*PCN1*150***11:B:8*Y*A*Y*Y' }),
      want: [['x12.loop.required-segment', 'warning', 'REF', undefined, '2300']],
    },
    {
      label: 'a drug identified by something other than an NDC (LIN02 EN)',
      body: claim({ lin: 'LIN**EN*1234567890123' }),
      want: [['x12.element.invalid-code', 'error', 'LIN', 2, '2410']],
    },
    {
      // A warning: `check` reports it as an error and offers the 11-digit form (ndc-format).
      label: 'an NDC with hyphens (LIN03 not 11 digits)',
      body: claim({ lin: 'LIN**N4*0031-0450-12' }),
      want: [['x12.element.invalid-code', 'warning', 'LIN', 3, '2410']],
    },
    {
      label: 'an NDC unit that is not F2, GR, ME, ML or UN (CTP05-1 XX)',
      body: claim({ ctp: 'CTP****3*XX' }),
      want: [['x12.element.invalid-code', 'error', 'CTP', 5, '2410']],
    },
    {
      label: 'a negative NDC quantity (CTP04)',
      body: claim({ ctp: 'CTP****-1*ML' }),
      want: [['x12.element.invalid-number', 'error', 'CTP', 4, '2410']],
    },
    {
      // A warning: the code is read without the dot; the TR3 sends ICD codes without it.
      label: 'an ICD-10-CM code sent with its decimal point (HI02-2 Z51.11)',
      body: claim({ hi: 'HI*ABK:C50911*ABF:Z51.11' }),
      want: [['x12.element.diagnosis-format', 'warning', 'HI', 2, '2300']],
    },
    {
      label: 'a 4010-style HI (qualifier and code apart) with a dotted ICD-9-CM code: both reported',
      body: claim({ hi: 'HI*BK*174.9' }),
      want: [
        ['x12.hi.split-composite', 'warning', 'HI', 1, '2300'],
        ['x12.element.diagnosis-format', 'warning', 'HI', 2, '2300'],
      ],
    },
    {
      label: 'a unit count with more digits than X12 allows (SV104, 20 digits)',
      body: claim({ sv1: 'SV1*HC:J9355:JZ*150*UN*99999999999999999999***1:2' }),
      want: [['x12.element.invalid-number', 'error', 'SV1', 4, '2400']],
    },
    {
      label: 'an NDC quantity of 16 digits (CTP04: R 1/15)',
      body: claim({ ctp: 'CTP****1234567890123456*ME' }),
      want: [['x12.element.invalid-number', 'error', 'CTP', 4, '2410']],
    },
    {
      label: 'a negative line charge (SV102)',
      body: claim({ clm: 'CLM*PCN1*-5***11:B:1*Y*A*Y*Y', sv1: 'SV1*HC:J9355:JZ*-5*UN*30***1:2' }),
      want: [
        ['x12.element.invalid-number', 'error', 'CLM', 2, '2300'],
        ['x12.element.invalid-number', 'error', 'SV1', 2, '2400'],
      ],
    },
    {
      label:
        'a related-causes code that is not AA, EM or OA, and a delay reason that is not one (CLM11, CLM20)',
      body: claim({ clm: 'CLM*PCN1*150***11:B:1*Y*A*Y*Y*P*XX:OA::FL*********99' }),
      want: [
        ['x12.element.invalid-code', 'error', 'CLM', 11, '2300'],
        ['x12.element.invalid-code', 'error', 'CLM', 20, '2300'],
      ],
    },
    {
      label: 'an HI with 13 diagnoses: the 13th is reported in its loop and not read',
      body: claim({
        hi: 'HI*ABK:C50911*ABF:Z5111*ABF:D61810*ABF:D649*ABF:E119*ABF:I10*ABF:J449*ABF:K219*ABF:N179*ABF:R531*ABF:Z7982*ABF:Z9221*ABF:D71',
      }),
      want: [['x12.segment.too-many-elements', 'error', 'HI', 13, '2300']],
    },
    {
      label: '837I statement dates sent as one date (DTP*434 D8, the TR3 has RD8): a warning',
      type: '837I',
      body: [
        ...header,
        'CLM*PCN1*150***13:A:1**A*Y*Y',
        'DTP*434*D8*20250301',
        'HI*ABK:C50911',
        'LX*1',
        'SV2*0636*HC:J9355*150*UN*30',
      ],
      want: [['x12.element.invalid-code', 'warning', 'DTP', 2, '2300']],
    },
    {
      label: '837I occurrence span that ends before it starts (HI*BI)',
      type: '837I',
      body: [
        ...header,
        'CLM*PCN1*150***13:A:1**A*Y*Y',
        'DTP*434*RD8*20250301-20250301',
        'HI*ABK:C50911',
        'HI*BI:70:RD8:20231105-20231101',
        'LX*1',
        'SV2*0636*HC:J9355*150*UN*30',
      ],
      want: [['x12.element.invalid-date', 'error', 'HI', 1, '2300']],
    },
  ];
  for (const c of cases) {
    it(c.label, () => {
      const r = readX12Text(file(c.type ?? '837P', c.body));
      assert.deepEqual(r.problems.map(where), c.want);
      // The claim is still read, with the values as sent.
      assert.equal(r.claims.length, 1);
    });
  }

  it('keeps what it reports: the reversed range and the NDC as sent, twelve diagnoses of thirteen', () => {
    const reversed = readX12Text(file('837P', claim({ dtp: 'DTP*472*RD8*20240105-20240101' }))).claims[0];
    assert.deepEqual(
      [reversed?.lines[0]?.serviceDate, reversed?.lines[0]?.serviceDateTo],
      ['2024-01-05', '2024-01-01'],
    );
    const ndc = readX12Text(file('837P', claim({ lin: 'LIN**N4*0031-0450-12' }))).claims[0];
    assert.equal(ndc?.lines[0]?.drug?.ndc, '0031-0450-12');
    const hi = claim({
      hi: 'HI*ABK:C50911*ABF:Z5111*ABF:D61810*ABF:D649*ABF:E119*ABF:I10*ABF:J449*ABF:K219*ABF:N179*ABF:R531*ABF:Z7982*ABF:Z9221*ABF:D71',
    });
    const diagnoses = readX12Text(file('837P', hi)).claims[0]?.diagnoses ?? [];
    assert.equal(diagnoses.length, 12);
    assert.equal(diagnoses.at(-1)?.code, 'Z9221');
  });

  it('a dotted diagnosis is read without the dot, and the warning says what to send and why', () => {
    const r = readX12Text(file('837P', claim({ hi: 'HI*ABK:c50.911*ABF:Z5111' })));
    assert.deepEqual(
      r.claims[0]?.diagnoses.map((d) => d.code),
      ['C50911', 'Z5111'],
    );
    assert.deepEqual(
      r.problems.map((p) => p.message),
      [
        'HI01-2 (diagnosis code) "c50.911": send C50911: the TR3 sends ICD-10-CM codes without the decimal point (it is implied) and in upper case. Read as C50911; `check --fix` writes C50911.',
      ],
    );
  });

  it('a number too long for X12 is said to be so, not "not a number"', () => {
    const cases: [label: string, over: Parameters<typeof claim>[0], message: string][] = [
      [
        'SV104 of 20 digits',
        { sv1: 'SV1*HC:J9355:JZ*150*UN*99999999999999999999***1:2' },
        'Service unit count (SV104) "99999999999999999999" has 20 digits, more than X12 allows in a quantity (R, at most 15).',
      ],
      [
        'SV102 of 19 digits',
        { sv1: 'SV1*HC:J9355:JZ*1234567890123456789*UN*30***1:2' },
        'Line item charge (SV102) "1234567890123456789" has 19 digits, more than X12 allows in an amount (R, at most 18).',
      ],
      [
        'SV104 that is not a number',
        { sv1: 'SV1*HC:J9355:JZ*150*UN*3O***1:2' },
        'Service unit count (SV104) "3O" is not a number.',
      ],
    ];
    for (const [label, over, message] of cases) {
      const r = readX12Text(file('837P', claim(over)));
      assert.deepEqual(
        r.problems.map((p) => p.message),
        [message],
        label,
      );
    }
  });

  it('a replacement or void that names the claim (REF*F8) and frequency codes of the guides are fine', () => {
    for (const clm of ['11:B:7', '11:B:8', '11:B:1', '11:B:6']) {
      const body = claim({ clm: `CLM*PCN1*150***${clm}*Y*A*Y*Y` });
      body.splice(body.indexOf('LX*1'), 0, 'REF*F8*ORIGINAL1');
      assert.deepEqual(readX12Text(file('837P', body)).problems, [], clm);
    }
  });
});

describe('837 data that used to be dropped', () => {
  it('reads CLM11 related causes, CLM20 delay reason and NM105 middle names', () => {
    const body = claim({ clm: 'CLM*PCN1*150***11:B:1*Y*A*Y*Y*P*AA:OA::FL*********11' });
    body.splice(body.indexOf('LX*1'), 0, 'NM1*82*1*ONCOLOGIST*ANNA*M***XX*1098765432');
    const r = readX12Text(file('837P', body));
    assert.deepEqual(r.problems, []);
    const c = r.claims[0];
    assert.deepEqual(c?.relatedCauses, { codes: ['AA', 'OA'], state: 'FL' });
    assert.equal(c?.delayReasonCode, '11');
    assert.deepEqual(
      [c?.subscriber?.middleName, c?.patient.middleName, c?.renderingProvider?.middleName],
      ['Q', 'Q', 'M'],
    );
  });

  const institutional = (sv2: string): string =>
    file('837I', [
      ...header,
      'CLM*PCN1*50***13:A:1**A*Y*Y',
      'DTP*434*RD8*20250301-20250301',
      'HI*ABK:C50911',
      'LX*1',
      sv2,
    ]);

  it('reads the 837I non-covered charge (SV207)', () => {
    const r = readX12Text(institutional('SV2*0120**0*DA*3**50'));
    assert.deepEqual(r.problems, []);
    assert.equal(r.claims[0]?.lines[0]?.nonCoveredChargeCents, 5000);
  });

  it('says so when a value stands in a CLM element that is not used (CLM16, one short of CLM20)', () => {
    const r = readX12Text(file('837P', claim({ clm: 'CLM*PCN1*150***11:B:1*Y*A*Y*Y*P*AA:OA::FL*****11' })));
    assert.deepEqual(r.problems.map(where), [['x12.element.not-used', 'warning', 'CLM', 16, '2300']]);
    assert.equal(r.claims[0]?.delayReasonCode, undefined);
  });

  it('says so when a value stands in an 837I element that is not used (SV208)', () => {
    const r = readX12Text(institutional('SV2*0120**0*DA*3***50'));
    assert.deepEqual(r.problems.map(where), [['x12.element.not-used', 'warning', 'SV2', 8, '2400']]);
    assert.equal(r.claims[0]?.lines[0]?.nonCoveredChargeCents, undefined);
  });
});

describe('where problems are positioned', () => {
  it('HL numbering warnings name the loop the HL opens', () => {
    const body = header.map((s) => (s === 'HL*2*1*22*0' ? 'HL*5*1*22*0' : s));
    const r = readX12Text(file('837P', [...body, ...claim().slice(header.length)]));
    assert.deepEqual(r.problems.map(where), [['x12.hl.numbering', 'warning', 'HL', 1, '2000B']]);
  });

  it('an overlong 835 segment is positioned in its loop (SVC in 2110)', () => {
    const r = readX12Text(
      file('835', [
        'BPR*I*100*C*CHK************20250301',
        'TRN*1*CHK1*1512345678',
        'N1*PR*PAYER',
        'N1*PE*CLINIC*XX*1234567893',
        'LX*1',
        'CLP*PCN1*1*150*100**12*ICN1',
        'SVC*HC:J9355*150*100**30***9',
      ]),
    );
    assert.deepEqual(r.problems.map(where), [['x12.segment.too-many-elements', 'error', 'SVC', 8, '2110']]);
  });

  it('a segment with an unreadable id is passed over as such, not under its garbled id', () => {
    const body = claim();
    body.splice(body.indexOf('LX*1'), 0, 'X*1');
    const r = readX12Text(file('837P', body));
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.at?.segmentId]),
      [['x12.segment.invalid-id', 'X']],
    );
    assert.equal(r.passedOver['segment with an invalid id (2300)'], 1);
    assert.equal(r.passedOver['X (2300)'], undefined);
  });
});

describe('envelope control numbers and versions', () => {
  const group = (control: string, gs08: string, sets: string[]): string[] => [
    `GS*HC*S*R*20250301*1200*${control}*X*${gs08}~`,
    ...sets.flatMap((st) => [`ST*837*${st}*${gs08}~`, 'BHT*0019*00*1*20250301*1200*CH~', `SE*3*${st}~`]),
    `GE*${sets.length}*${control}~`,
  ];
  const interchange = (control: string, groups: string[][], version = '00501'): string[] => [
    isa(control, version),
    ...groups.flat(),
    `IEA*${groups.length}*${control}~`,
  ];
  const cases: { label: string; segments: string[]; want: [string, string, string, number][] }[] = [
    {
      label: 'a repeated ISA13 in one file',
      segments: [
        ...interchange('000000001', [group('1', '005010X222A1', ['0001'])]),
        ...interchange('000000001', [group('2', '005010X222A1', ['0001'])]),
      ],
      want: [['x12.envelope.duplicate-control', 'error', 'ISA', 13]],
    },
    {
      label: 'a repeated GS06 in one interchange (but not across interchanges)',
      segments: [
        ...interchange('000000001', [
          group('1', '005010X222A1', ['0001']),
          group('1', '005010X222A1', ['0001']),
        ]),
        ...interchange('000000002', [group('1', '005010X222A1', ['0001'])]),
      ],
      want: [['x12.envelope.duplicate-control', 'error', 'GS', 6]],
    },
    {
      label: 'a repeated ST02 in one group, and an ST02 of three characters',
      segments: interchange('000000001', [group('1', '005010X222A1', ['0001', '0001', '001'])]),
      want: [
        ['x12.envelope.duplicate-control', 'error', 'ST', 2],
        ['x12.element.invalid-length', 'error', 'ST', 2],
      ],
    },
    {
      label: 'a 4010 guide in GS08 inside an 00501 interchange',
      segments: interchange('000000001', [group('1', '004010X098A1', ['0001'])]),
      want: [['x12.envelope.version-mismatch', 'warning', 'GS', 8]],
    },
    {
      label: 'a 4010 interchange with its 4010 guide',
      segments: interchange('000000001', [group('1', '004010X098A1', ['0001'])], '00401').map((s) =>
        s.startsWith('ISA') ? s.replace('*^*', '*U*') : s,
      ),
      want: [],
    },
  ];
  for (const c of cases) {
    it(c.label, () => {
      const r = readX12Text(c.segments.join('\n'));
      assert.deepEqual(
        r.problems.map((p) => [p.code, p.severity, p.at?.segmentId, p.at?.element]),
        c.want,
      );
    });
  }
});

describe('835 service lines', () => {
  const remit = (svc: string): string =>
    file('835', [
      'BPR*I*100*C*CHK************20250301',
      'TRN*1*CHK1*1512345678',
      'N1*PR*PAYER',
      'N1*PE*HOSPITAL*XX*1234567893',
      'LX*1',
      'CLP*PCN1*1*150*100**MC*ICN1*13*1',
      svc,
    ]);
  const line = (svc: string) => readX12Text(remit(svc)).remittances[0]?.claims[0]?.serviceLines[0];

  it('SVC01 NU: the revenue code the line was paid on', () => {
    const l = line('SVC*NU:0636*150*100**10*HC:J9312:JW');
    assert.deepEqual(
      [l?.revenueCode, l?.procedure.code, l?.originalProcedure?.code],
      ['0636', '0636', 'J9312'],
    );
  });

  it('SVC01 N4: the NDC the line was paid on', () => {
    assert.equal(line('SVC*N4:50242005121*150*100**2')?.ndc, '50242005121');
  });

  it('SVC04 a revenue code beside the procedure; anything else is reported and not taken', () => {
    assert.equal(line('SVC*HC:J9312*150*100*0636*10')?.revenueCode, '0636');
    const r = readX12Text(remit('SVC*HC:J9312*150*100*HC:J9173:JZ:59*10'));
    assert.deepEqual(r.problems.map(where), [['x12.element.invalid-code', 'error', 'SVC', 4, '2110']]);
    assert.equal(r.remittances[0]?.claims[0]?.serviceLines[0]?.revenueCode, undefined);
  });
});
