/**
 * 837 reader checks from QA round 3 (items 1, 6, 7, 9 and 13 of its report), on small hand-written transactions:
 * HI composites keep their diagnosis pointer positions whatever their qualifier; a billing provider without an NPI;
 * LX01 numbering; unit, qualifier, place of service, pointer and note values the TR3s do not allow; and messages
 * about a missing segment that say which segment their position is.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Problem } from '../../core/problem.ts';
import { readX12Text } from './index.ts';

const guides = { '837P': '005010X222A1', '837I': '005010X223A2' } as const;

/** One interchange, one group, one transaction set around `body` (ISA is segment 0, ST segment 2). */
function file(type: keyof typeof guides, body: string[], version: string = guides[type]): string {
  return [
    'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *250301*1200*^*00501*000000042*0*T*:~',
    `GS*HC*S*R*20250301*1200*7*X*${version}~`,
    `ST*837*0001*${version}~`,
    ...body.map((s) => `${s}~`),
    `SE*${body.length + 2}*0001~`,
    'GE*1*7~',
    'IEA*1*000000042~',
  ].join('\n');
}

const billingNm1 = 'NM1*85*2*INFUSION CENTER*****XX*1234567893';

/** Billing provider and subscriber loops (2000A–2010BB) before a claim. */
const header = (nm1 = billingNm1): string[] => [
  'BHT*0019*00*1*20250301*1200*CH',
  'NM1*41*2*INFUSION CENTER*****46*TAX123',
  'NM1*40*2*CLEARINGHOUSE*****46*CH1',
  'HL*1**20*1',
  nm1,
  'N3*1 MAIN ST',
  'N4*SPRINGFIELD*IL*62701',
  'REF*EI*123456789',
  'HL*2*1*22*0',
  'SBR*P*18*GRP1******MB',
  'NM1*IL*1*DOE*JOHN****MI*1EG4TE5MK72',
  'DMG*D8*19500101*M',
  'NM1*PR*2*MEDICARE PART B*****PI*00952',
];

/** An 837P drug claim of two lines; each part can be replaced (`lines` replaces both lines). */
const professional = (
  over: Partial<Record<'nm1' | 'clm' | 'hi' | 'sv1' | 'nte', string>> & { lines?: string[] } = {},
): string[] => [
  ...header(over.nm1),
  over.clm ?? 'CLM*PCN1*300***11:B:1*Y*A*Y*Y',
  over.hi ?? 'HI*ABK:C50911*ABF:Z5111*ABF:D649',
  ...(over.lines ?? [
    'LX*1',
    over.sv1 ?? 'SV1*HC:J9355:JZ*150*UN*30***1:2:3',
    'DTP*472*D8*20250301',
    ...(over.nte === undefined ? [] : [over.nte]),
    'LX*2',
    'SV1*HC:96413*150*UN*1***3',
    'DTP*472*D8*20250301',
  ]),
];

/** An 837I claim with one line; its HIs can be replaced. */
const institutional = (his: string[], sv2 = 'SV2*0636*HC:J9355*150*UN*30'): string[] => [
  ...header(),
  'CLM*PCN1*150***13:A:1**A*Y*Y',
  'DTP*434*RD8*20250301-20250301',
  ...his,
  'LX*1',
  sv2,
];

type Where = [
  code: string,
  severity: string,
  segmentId: string | undefined,
  element: number | undefined,
  loop: string | undefined,
];
const where = (p: Problem): Where => [p.code, p.severity, p.at?.segmentId, p.at?.element, p.at?.loop];
const diagnoses = (r: ReturnType<typeof readX12Text>): string[] =>
  (r.claims[0]?.diagnoses ?? []).map((d) => `${d.qualifier ?? ''}:${d.code}@${d.pointer}`);

describe('HI composites keep their diagnosis pointer positions (QA: an unreadable qualifier renumbered the rest)', () => {
  const cases: {
    label: string;
    type?: '837I';
    body: string[];
    problems: Where[];
    diagnoses: string[];
    passedOver?: Record<string, number>;
  }[] = [
    {
      label: 'a lower-case qualifier is read as the upper-case one, with a warning',
      body: professional({ hi: 'HI*ABK:C50911*abf:Z5111*ABF:D649' }),
      problems: [['x12.element.invalid-code', 'warning', 'HI', 2, '2300']],
      diagnoses: ['ABK:C50911@1', 'ABF:Z5111@2', 'ABF:D649@3'],
    },
    {
      label: 'a blank-padded qualifier likewise',
      body: professional({ hi: 'HI*ABK:C50911*ABF :Z5111* ABF:D649' }),
      problems: [
        ['x12.element.invalid-code', 'warning', 'HI', 2, '2300'],
        ['x12.element.invalid-code', 'warning', 'HI', 3, '2300'],
      ],
      diagnoses: ['ABK:C50911@1', 'ABF:Z5111@2', 'ABF:D649@3'],
    },
    {
      label: 'an empty qualifier: an error; the ICD-10-CM-shaped code kept in its place as ABF',
      body: professional({ hi: 'HI*ABK:C50911*:Z5111*ABF:D649' }),
      problems: [['x12.element.required', 'error', 'HI', 2, '2300']],
      diagnoses: ['ABK:C50911@1', 'ABF:Z5111@2', 'ABF:D649@3'],
    },
    {
      label: 'an unknown qualifier (ZZZ) likewise',
      body: professional({ hi: 'HI*ABK:C50911*ZZZ:Z5111*ABF:D649' }),
      problems: [['x12.element.invalid-code', 'error', 'HI', 2, '2300']],
      diagnoses: ['ABK:C50911@1', 'ABF:Z5111@2', 'ABF:D649@3'],
    },
    {
      label: 'an unknown qualifier in HI01: kept as the principal diagnosis (ABK)',
      body: professional({ hi: 'HI*XYZ:C50911*ABF:Z5111*ABF:D649' }),
      problems: [['x12.element.invalid-code', 'error', 'HI', 1, '2300']],
      diagnoses: ['ABK:C50911@1', 'ABF:Z5111@2', 'ABF:D649@3'],
    },
    {
      label: 'a code with no qualifier at all (no component separator)',
      body: professional({ hi: 'HI*ABK:C50911*Z5111*ABF:D649' }),
      problems: [['x12.element.invalid-code', 'error', 'HI', 2, '2300']],
      diagnoses: ['ABK:C50911@1', 'ABF:Z5111@2', 'ABF:D649@3'],
    },
    {
      // DR (a DRG) and BBR (an ICD-10-PCS procedure) are 837I code types: not in an 837P.
      label:
        'a DRG (DR) in an 837P diagnosis HI: not a diagnosis; its position stays empty, and a pointer to it is an error',
      body: professional({ hi: 'HI*ABK:C50911*DR:470*ABF:D649' }),
      problems: [
        ['x12.element.invalid-code', 'error', 'HI', 2, '2300'],
        ['x12.element.invalid-number', 'error', 'SV1', 7, '2400'],
      ],
      diagnoses: ['ABK:C50911@1', 'ABF:D649@3'],
    },
    {
      label: 'an ICD-10-PCS procedure (BBR) in an 837P diagnosis HI likewise',
      body: professional({ hi: 'HI*ABK:C50911*BBR:0DTJ4ZZ*ABF:D649' }),
      problems: [
        ['x12.element.invalid-code', 'error', 'HI', 2, '2300'],
        ['x12.element.invalid-number', 'error', 'SV1', 7, '2400'],
      ],
      diagnoses: ['ABK:C50911@1', 'ABF:D649@3'],
    },
    {
      label: 'a diagnosis with no code: its position stays empty',
      body: professional({ hi: 'HI*ABK:C50911*ABF:*ABF:D649' }),
      problems: [
        ['x12.element.required', 'error', 'HI', 2, '2300'],
        ['x12.element.invalid-number', 'error', 'SV1', 7, '2400'],
      ],
      diagnoses: ['ABK:C50911@1', 'ABF:D649@3'],
    },
    {
      label: 'an empty element before a used one: its position stays empty (trailing empty ones are fine)',
      body: professional({ hi: 'HI*ABK:C50911**ABF:D649**' }),
      problems: [
        ['x12.element.required', 'error', 'HI', 2, '2300'],
        ['x12.element.invalid-number', 'error', 'SV1', 7, '2400'],
      ],
      diagnoses: ['ABK:C50911@1', 'ABF:D649@3'],
    },
    {
      label: 'a dotted code after a lower-case qualifier: both reported, read clean',
      body: professional({ hi: 'HI*ABK:C50911*abf:Z51.11*ABF:D649' }),
      problems: [
        ['x12.element.invalid-code', 'warning', 'HI', 2, '2300'],
        ['x12.element.diagnosis-format', 'warning', 'HI', 2, '2300'],
      ],
      diagnoses: ['ABK:C50911@1', 'ABF:Z5111@2', 'ABF:D649@3'],
    },
    {
      label:
        '837P condition codes (BG) in their own HI are read as before; an unknown code type there is not a diagnosis',
      body: professional({ hi: 'HI*ABK:C50911*ABF:Z5111*ABF:D649~HI*BG:01*ZZZ:X' }),
      problems: [['x12.element.invalid-code', 'error', 'HI', 2, '2300']],
      diagnoses: ['ABK:C50911@1', 'ABF:Z5111@2', 'ABF:D649@3'],
    },
    {
      label: '837P anesthesia procedures (BP, BO) are passed over as before',
      body: professional({ hi: 'HI*ABK:C50911*ABF:Z5111*ABF:D649~HI*BP:00142*BO:00145' }),
      problems: [],
      diagnoses: ['ABK:C50911@1', 'ABF:Z5111@2', 'ABF:D649@3'],
      passedOver: { 'HI*BP (2300)': 1 },
    },
    {
      label: '837I: occurrence, value, condition codes, procedures and DRG are read or passed over as before',
      type: '837I',
      body: institutional([
        'HI*ABK:C50911',
        'HI*ABJ:Z5111',
        'HI*BBR:0DTJ4ZZ:D8:20250301',
        'HI*DR:470',
        'HI*BH:11:D8:20250101',
        'HI*BE:80:::3',
        'HI*BG:39',
        'HI*ABF:D649*ABF:E119',
      ]),
      problems: [],
      diagnoses: ['ABK:C50911@1', 'ABJ:Z5111@2', 'ABF:D649@3', 'ABF:E119@4'],
      passedOver: { 'HI*BBR (2300)': 1, 'HI*DR (2300)': 1 },
    },
    {
      label: '837I: a lower-case principal qualifier is read, with a warning; a lower-case value code too',
      type: '837I',
      body: institutional(['HI*abk:C50911', 'HI*be:80:::3', 'HI*ABF:D649']),
      problems: [
        ['x12.element.invalid-code', 'warning', 'HI', 1, '2300'],
        ['x12.element.invalid-code', 'warning', 'HI', 1, '2300'],
      ],
      diagnoses: ['ABK:C50911@1', 'ABF:D649@2'],
    },
  ];
  for (const c of cases) {
    it(c.label, () => {
      const body = c.body.flatMap((s) => s.split('~'));
      const r = readX12Text(file(c.type ?? '837P', body));
      assert.deepEqual(r.problems.map(where), c.problems);
      assert.deepEqual(diagnoses(r), c.diagnoses);
      // The pointers of the lines are read as sent: they still name the same HI positions.
      if (c.type === undefined)
        assert.deepEqual(
          r.claims[0]?.lines.map((l) => l.diagnosisPointers),
          [[1, 2, 3], [3]],
        );
      // Nothing about the diagnosis HI is said to have no place in the model.
      assert.deepEqual(r.passedOver, c.passedOver ?? {});
    });
  }

  it('the messages say what was assumed, or that the position stays empty', () => {
    const messages = (hi: string): string[] =>
      readX12Text(file('837P', professional({ hi }))).problems.map((p) => p.message);
    assert.deepEqual(messages('HI*ABK:C50911*ZZZ:Z5111*ABF:D649'), [
      'HI02-1 "ZZZ" is not a qualifier of an 837P HI (diagnoses: ABK principal, ABF other; BK, BF for ICD-9-CM). "Z5111" has the shape of an ICD-10-CM code: kept as diagnosis 2 and read as ABF (other diagnosis); check it and send its qualifier.',
    ]);
    assert.deepEqual(messages('HI*ABK:C50911*DR:470*ABF:D649'), [
      'HI02-1 "DR" is not a qualifier of an 837P HI (diagnoses: ABK principal, ABF other; BK, BF for ICD-9-CM). "470" is not read as a diagnosis; pointer 2 is left without one, so the diagnoses after it keep theirs.',
      "SV107 pointer 2 names a diagnosis position of the HI that could not be read (see the HI error): the line's diagnosis is not known.",
    ]);
    assert.deepEqual(messages('HI*ABK:C50911*abf:Z5111*ABF:D649'), [
      'HI02-1 "abf" is read as ABF: qualifiers are sent in upper case, without blanks.',
    ]);
  });
});

describe('a billing provider without an NPI (2010AA NM108/NM109; QA: not reported)', () => {
  const cases: { label: string; nm1: string; version?: string; want: Where[] }[] = [
    {
      // Situational (X12 RFI 1301): an atypical provider has no NPI to send.
      label: 'no NM108/NM109: a warning',
      nm1: 'NM1*85*2*INFUSION CENTER LLC',
      want: [['x12.element.required', 'warning', 'NM1', 8, '2010AA']],
    },
    {
      label: 'NM108 XX without the NPI: an error on NM109',
      nm1: 'NM1*85*2*INFUSION CENTER LLC*****XX',
      want: [['x12.element.required', 'error', 'NM1', 9, '2010AA']],
    },
    {
      label: 'an id without its qualifier: an error on NM108',
      nm1: 'NM1*85*2*INFUSION CENTER LLC******1234567893',
      want: [['x12.element.required', 'error', 'NM1', 8, '2010AA']],
    },
    {
      label: 'a tax id in NM109 (NM108 24) in a 5010 837: an error',
      nm1: 'NM1*85*2*INFUSION CENTER LLC*****24*123456789',
      want: [['x12.element.invalid-code', 'error', 'NM1', 8, '2010AA']],
    },
    {
      label: 'a tax id in NM109 (NM108 24) in a 4010 837, where it was allowed: nothing',
      nm1: 'NM1*85*2*INFUSION CENTER LLC*****24*123456789',
      version: '004010X098A1',
      want: [],
    },
    { label: 'an NPI: nothing', nm1: billingNm1, want: [] },
  ];
  for (const c of cases) {
    it(c.label, () => {
      const r = readX12Text(file('837P', professional({ nm1: c.nm1 }), c.version));
      assert.deepEqual(
        r.problems.filter((p) => p.code !== 'x12.envelope.version-mismatch').map(where),
        c.want,
      );
      assert.equal(r.claims.length, 1);
    });
  }
});

describe('LX01 numbering within a claim (QA: a repeated or skipped line number was not reported)', () => {
  const line = (lx: string): string[] => [lx, 'SV1*HC:96413*100*UN*1***1', 'DTP*472*D8*20250301'];
  const cases: { label: string; lx: string[]; want: Where[]; sequences: number[] }[] = [
    { label: '1, 2, 3: nothing', lx: ['LX*1', 'LX*2', 'LX*3'], want: [], sequences: [1, 2, 3] },
    {
      label: 'a repeated LX*1',
      lx: ['LX*1', 'LX*1', 'LX*3'],
      want: [['x12.element.invalid-number', 'warning', 'LX', 1, '2400']],
      sequences: [1, 1, 3],
    },
    {
      label: 'LX*5 after LX*1',
      lx: ['LX*1', 'LX*5', 'LX*3'],
      want: [['x12.element.invalid-number', 'warning', 'LX', 1, '2400']],
      sequences: [1, 5, 3],
    },
    {
      label: 'a first line numbered 2',
      lx: ['LX*2', 'LX*3'],
      want: [
        ['x12.element.invalid-number', 'warning', 'LX', 1, '2400'],
        ['x12.element.invalid-number', 'warning', 'LX', 1, '2400'],
      ],
      sequences: [2, 3],
    },
  ];
  for (const c of cases) {
    it(c.label, () => {
      const r = readX12Text(
        file('837P', professional({ clm: 'CLM*PCN1*300***11:B:1*Y*A*Y*Y', lines: c.lx.flatMap(line) })),
      );
      assert.deepEqual(r.problems.map(where), c.want);
      // Lines keep the numbers they were sent with.
      assert.deepEqual(
        r.claims[0]?.lines.map((l) => l.sequence),
        c.sequences,
      );
    });
  }

  it('each claim numbers its lines from 1, and the message names the line', () => {
    const second = ['CLM*PCN2*100***11:B:1*Y*A*Y*Y', 'HI*ABK:C50911', ...line('LX*1'), ...line('LX*1')];
    const r = readX12Text(file('837P', [...professional(), ...second]));
    assert.deepEqual(
      r.problems.map((p) => p.message),
      [
        'LX01 "1" numbers the claim\'s line 2: lines are numbered 1, 2, 3… within a claim, and an earlier line of this claim is numbered 1 too.',
      ],
    );
  });
});

describe('837 values the TR3s do not allow (QA: accepted without a report)', () => {
  const cases: { label: string; type?: '837I'; body: string[]; want: Where[] }[] = [
    {
      label: 'SV103 other than UN or MJ',
      body: professional({ sv1: 'SV1*HC:J9355:JZ*150*XX*30***1:2:3' }),
      want: [['x12.element.invalid-code', 'error', 'SV1', 3, '2400']],
    },
    {
      label: 'SV101-1 other than HC, ER, IV, WK',
      body: professional({ sv1: 'SV1*XX:J9355:JZ*150*UN*30***1:2:3' }),
      want: [['x12.element.invalid-code', 'error', 'SV1', 1, '2400']],
    },
    {
      label: 'SV101-1 HP (an 837I qualifier) in an 837P',
      body: professional({ sv1: 'SV1*HP:J9355:JZ*150*UN*30***1:2:3' }),
      want: [['x12.element.invalid-code', 'error', 'SV1', 1, '2400']],
    },
    {
      label: 'CLM05-1 not two digits (1X)',
      body: professional({ clm: 'CLM*PCN1*300***1X:B:1*Y*A*Y*Y' }),
      want: [['x12.element.invalid-code', 'error', 'CLM', 5, '2300']],
    },
    {
      label: 'CLM05-1 of one digit',
      body: professional({ clm: 'CLM*PCN1*300***1:B:1*Y*A*Y*Y' }),
      want: [['x12.element.invalid-code', 'error', 'CLM', 5, '2300']],
    },
    {
      label: 'SV105 not two digits',
      body: professional({ sv1: 'SV1*HC:J9355:JZ*150*UN*30*ABC**1:2:3' }),
      want: [['x12.element.invalid-code', 'error', 'SV1', 5, '2400']],
    },
    {
      label: 'SV107 with 5 pointers (C004 has 4 components)',
      body: professional({
        hi: 'HI*ABK:C50911*ABF:Z5111*ABF:D649*ABF:E119*ABF:I10',
        sv1: 'SV1*HC:J9355:JZ*150*UN*30***1:2:3:4:5',
      }),
      want: [['x12.element.invalid-number', 'error', 'SV1', 7, '2400']],
    },
    {
      label: 'SV107 naming one diagnosis twice: a warning',
      body: professional({ sv1: 'SV1*HC:J9355:JZ*150*UN*30***1:1' }),
      want: [['x12.element.invalid-number', 'warning', 'SV1', 7, '2400']],
    },
    {
      label: 'NTE02 of 81 characters in 2400: a warning',
      body: professional({ nte: `NTE*ADD*${'X'.repeat(81)}` }),
      want: [['x12.element.invalid-length', 'warning', 'NTE', 2, '2400']],
    },
    {
      label: 'NTE02 of 81 characters in 2300',
      body: professional({ clm: `CLM*PCN1*300***11:B:1*Y*A*Y*Y~NTE*ADD*${'X'.repeat(81)}` }),
      want: [['x12.element.invalid-length', 'warning', 'NTE', 2, '2300']],
    },
    {
      label: 'the values the TR3 lists: nothing (MJ, ER, IV, WK, 4 pointers, 80-character note)',
      body: professional({
        sv1: 'SV1*ER:J9355:JZ*150*MJ*30*11**1:2:3',
        nte: `NTE*ADD*${'X'.repeat(80)}`,
      }).map((s) => (s === 'SV1*HC:96413*150*UN*1***3' ? 'SV1*IV:S9500*150*UN*1***3' : s)),
      want: [],
    },
    {
      label: '837I SV204 other than DA or UN',
      type: '837I',
      body: institutional(['HI*ABK:C50911'], 'SV2*0636*HC:J9355*150*MJ*30'),
      want: [['x12.element.invalid-code', 'error', 'SV2', 4, '2400']],
    },
    {
      label: '837I SV202-1 HP (HIPPS) and SV204 DA: nothing',
      type: '837I',
      body: institutional(['HI*ABK:C50911'], 'SV2*0022*HP:RUA11*150*DA*3'),
      want: [],
    },
    {
      label: '837I CLM05-1 not two digits',
      type: '837I',
      body: institutional(['HI*ABK:C50911']).map((s) =>
        s.startsWith('CLM') ? 'CLM*PCN1*150***1X:A:1**A*Y*Y' : s,
      ),
      want: [['x12.element.invalid-code', 'error', 'CLM', 5, '2300']],
    },
  ];
  for (const c of cases) {
    it(c.label, () => {
      const r = readX12Text(
        file(
          c.type ?? '837P',
          c.body.flatMap((s) => s.split('~')),
        ),
      );
      assert.deepEqual(r.problems.map(where), c.want);
      assert.equal(r.claims.length, 1);
    });
  }

  it('keeps the values it reports', () => {
    const lineOf = (over: Parameters<typeof professional>[0]) =>
      readX12Text(file('837P', professional(over))).claims[0]?.lines[0];
    assert.equal(lineOf({ sv1: 'SV1*HC:J9355:JZ*150*XX*30***1:2:3' })?.unitType, 'XX');
    assert.equal(lineOf({ sv1: 'SV1*XX:J9355:JZ*150*UN*30***1:2:3' })?.procedure.qualifier, 'XX');
    assert.deepEqual(
      lineOf({ sv1: 'SV1*HC:J9355:JZ*150*UN*30***1:2:3:4:5' })?.diagnosisPointers,
      [1, 2, 3, 4, 5],
    );
    assert.deepEqual(lineOf({ sv1: 'SV1*HC:J9355:JZ*150*UN*30***1:1' })?.diagnosisPointers, [1, 1]);
    assert.equal(lineOf({ nte: `NTE*ADD*${'X'.repeat(81)}` })?.notes[0]?.length, 81);
    const claim = readX12Text(file('837P', professional({ clm: 'CLM*PCN1*300***1X:B:1*Y*A*Y*Y' }))).claims[0];
    assert.equal(claim?.placeOfService, '1X');
  });
});

describe('a missing segment: the message says which segment the position is (QA: segmentId names the missing one)', () => {
  // [label, body, the problem's segmentId, the id of the segment at its segmentIndex, message]
  const cases: [string, string[], string, string, string][] = [
    [
      'LIN without CTP: at the LIN',
      professional({ sv1: 'SV1*HC:J9355:JZ*150*UN*30***1:2:3~LIN**N4*00069008101' }),
      'CTP',
      'LIN',
      'CTP (drug quantity) is required but not found in loop 2410 (after LIN, segment 20).',
    ],
    [
      'a line with no DTP*472: at the SV1',
      professional({ lines: ['LX*1', 'SV1*HC:96413*150*UN*1***1'] }),
      'DTP',
      'SV1',
      'DTP*472 (service date) is required but not found in loop 2400 of line 1 (after SV1, segment 19).',
    ],
    [
      'a replacement with no REF*F8: at the CLM',
      professional({ clm: 'CLM*PCN1*300***11:B:7*Y*A*Y*Y' }),
      'REF',
      'CLM',
      'REF*F8 (payer claim control number) is required in loop 2300 when CLM05-3 is 7 (replacement): it names the claim being replaced. Not found in the claim (CLM, segment 16).',
    ],
    [
      'no HI: at the CLM',
      professional().filter((s) => !s.startsWith('HI')),
      'HI',
      'CLM',
      'HI is required but not found in loop 2300 (no diagnosis on the claim; its CLM is segment 16).',
    ],
    [
      'no N3 in 2010AA: at the NM1*85',
      professional().filter((s) => !s.startsWith('N3')),
      'N3',
      'NM1',
      'N3 (billing provider address) is required but not found in loop 2010AA (NM1*85, segment 7).',
    ],
  ];
  for (const [label, body, missing, at, message] of cases) {
    it(label, () => {
      const text = file(
        '837P',
        body.flatMap((s) => s.split('~')),
      );
      const r = readX12Text(text);
      const p = r.problems.find((q) => q.code === 'x12.loop.required-segment');
      // The position is kept as it was (consumers rely on it); the message names the segment it points at.
      assert.equal(p?.at?.segmentId, missing);
      const segments = text.split('~\n');
      assert.equal(segments[p?.at?.segmentIndex ?? -1]?.split('*')[0], at);
      assert.equal(p?.message, message);
    });
  }
});
