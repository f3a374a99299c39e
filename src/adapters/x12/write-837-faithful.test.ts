/**
 * The 837 writer writes what the claim says, or says what it could not (QA round 3a, items 2, 3, 5, 10 and 15): line
 * pointers name the diagnoses they named; CLM values a claim lacks are written with their meaning in a warning; 837I
 * data an 837P has no place for (and 837P data an 837I has none for) is reported; counts and charges an 837 cannot
 * carry are errors; C1 control characters are blanked like the others.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Claim, ClaimLine, Diagnosis } from '../../core/claim/model.ts';
import type { Problem } from '../../core/problem.ts';
import { repoRoot } from '../../../test/support/shared.ts';
import { readFhirJson } from '../fhir/index.ts';
import { imfinziClaim } from '../fhir/testing.ts';
import { readX12Text, writeX12Claims } from './index.ts';
import type { X12WriteOptions } from './write-837.ts';

const date = new Date('2026-02-01T12:00:00Z');

/** An X12 text from one segment a line, with SE01 counted (as the QA's mk.py made its files). */
function x12(segments: readonly string[]): string {
  const st = segments.findIndex((s) => s.startsWith('ST*'));
  const se = segments.findIndex((s) => s.startsWith('SE*'));
  return segments
    .map((s, i) => (i === se ? s.replace(/^SE\*\d+/, `SE*${se - st + 1}`) : s))
    .map((s) => `${s}~\n`)
    .join('');
}

/** The QA's base.837: an 837P durvalumab claim (J9173 with JZ and a JW waste line), CLM06–09 sent. */
const professional = x12([
  'ISA*00*          *00*          *ZZ*SENDERID       *ZZ*RECEIVERID     *260115*1200*^*00501*000000101*0*P*:',
  'GS*HC*SENDERID*RECEIVERID*20260115*1200*101*X*005010X222A1',
  'ST*837*0001*005010X222A1',
  'BHT*0019*00*BATCH1*20260115*1200*CH',
  'NM1*41*2*INFUSION CENTER LLC*****46*SUB123',
  'PER*IC*JANE BILLER*TE*5555551212',
  'NM1*40*2*ACME PAYER*****46*RCV456',
  'HL*1**20*1',
  'PRV*BI*PXC*261QI0500X',
  'NM1*85*2*INFUSION CENTER LLC*****XX*1234567893',
  'N3*100 MAIN ST',
  'N4*SPRINGFIELD*IL*627011234',
  'REF*EI*123456789',
  'HL*2*1*22*0',
  'SBR*P*18*GRP777******CI',
  'NM1*IL*1*DOE*JOHN*Q***MI*MEM123456',
  'N3*5 ELM ST',
  'N4*SPRINGFIELD*IL*62701',
  'DMG*D8*19600214*M',
  'NM1*PR*2*ACME HEALTH*****PI*ACME01',
  'CLM*CLAIM001*2150.50***11:B:7*Y*A*Y*Y',
  'REF*F8*PAYERICN998877',
  'REF*G1*PA-555-XYZ',
  'HI*ABK:C5091*ABF:Z5111*ABF:D649*ABF:E119*ABF:I10',
  'LX*1',
  'SV1*HC:J9173:JZ*1725.50*UN*75*11**1:2:3:4',
  'DTP*472*D8*20260110',
  'NTE*ADD*DOSE 750MG',
  'LIN**N4*00310461150',
  'CTP****3*UN',
  'LX*2',
  'SV1*HC:J9173:JW*200.00*UN*9.5*11**2',
  'DTP*472*D8*20260110',
  'LX*3',
  'SV1*HC:96413*225.00*UN*1*11**1',
  'DTP*472*D8*20260110',
  'SE*0*0001',
  'GE*1*101',
  'IEA*1*000000101',
]);

/** The QA's i1.837: an 837I outpatient bill (type of bill 138) with CL1, an attending provider and revenue codes. */
const institutional = x12([
  'ISA*00*          *00*          *ZZ*HOSPSENDER     *ZZ*MEDICAREA      *260115*1200*^*00501*000000201*1*T*:',
  'GS*HC*HOSPSENDER*MEDICAREA*20260115*1200*201*X*005010X223A2',
  'ST*837*1001*005010X223A2',
  'BHT*0019*00*HOSPBATCH*20260115*1200*CH',
  'NM1*41*2*GENERAL HOSPITAL*****46*HOSP01',
  'PER*IC*BILLING DEPT*TE*5555550000',
  'NM1*40*2*MEDICARE A*****46*00450',
  'HL*1**20*1',
  'NM1*85*2*GENERAL HOSPITAL*****XX*1234567893',
  'N3*1 HOSPITAL WAY',
  'N4*DALLAS*TX*75201',
  'REF*EI*987654321',
  'HL*2*1*22*0',
  'SBR*P*18*GRP1******MA',
  'NM1*IL*1*ROE*RICHARD****MI*1EG4TE5MK73',
  'NM1*PR*2*MEDICARE PART A*****PI*04412',
  'CLM*HOSPCLM77*5400.00***13:A:1**A*Y*Y',
  'DTP*434*RD8*20260105-20260105',
  'CL1*3*1*01',
  'HI*ABK:C50911',
  'HI*ABF:Z5111*ABF:D701',
  'NM1*71*1*ATTEND*ALICE****XX*1245319599',
  'LX*1',
  'SV2*0636*HC:J9306:JZ*4800.00*UN*42',
  'DTP*472*D8*20260105',
  'LX*2',
  'SV2*0260*HC:96413*600.00*UN*1',
  'DTP*472*D8*20260105',
  'SE*0*1001',
  'GE*1*201',
  'IEA*1*000000201',
]);

function readOne(text: string): Claim {
  const r = readX12Text(text);
  assert.deepEqual(
    r.problems.filter((p) => p.severity !== 'info'),
    [],
    'the inline 837 reads without problems',
  );
  return r.claims[0] as Claim;
}

const write = (claims: Claim[], options: X12WriteOptions = {}): { text: string; problems: Problem[] } =>
  writeX12Claims(claims, { date, ...options });

const segmentsOf = (text: string, id: string): string[] =>
  text
    .split('~\n')
    .filter((s) => s.startsWith(`${id}*`))
    .map((s) => s.trim());

/** SV107 of each 837P line written. */
const sv107 = (text: string): string[] => segmentsOf(text, 'SV1').map((s) => s.split('*')[7] ?? '');

/** What each line's pointers name: the codes of the diagnoses with those pointers. */
const named = (claim: Claim): string[][] =>
  claim.lines.map((l) =>
    l.diagnosisPointers.map((p) => claim.diagnoses.find((d) => d.pointer === p)?.code ?? `?${p}`),
  );

const dx = (code: string, pointer: number, qualifier?: string): Diagnosis =>
  qualifier === undefined ? { code, pointer } : { code, pointer, qualifier };

/** The QA's FHIR Claim with diagnosis sequences 1, 3, 5, 7, 9 (fh/seqgap.json), or others. */
function fhirWithSequences(sequences: number[], items: number[][]): Claim {
  const codes = ['C50.91', 'Z51.11', 'D64.9', 'E11.9', 'I10'];
  const fhir = imfinziClaim();
  fhir.diagnosis = sequences.map((sequence, i) => ({
    sequence,
    diagnosisCodeableConcept: {
      coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: codes[i] as string }],
    },
  }));
  fhir.item = (fhir.item ?? []).map((item, i) => ({ ...item, diagnosisSequence: items[i] as number[] }));
  return readFhirJson(JSON.stringify(fhir)).claims[0] as Claim;
}

describe('837P: each line pointer is written as the HI position of the diagnosis it names (QA item 2)', () => {
  const base = (): Claim => readOne(professional);
  const withLines = (claim: Claim, pointers: number[][]): Claim => ({
    ...claim,
    lines: pointers.map((p, i) => ({
      ...(claim.lines[i % claim.lines.length] as ClaimLine),
      diagnosisPointers: p,
    })),
  });
  type Case = {
    name: string;
    claim: () => Claim;
    hi: string;
    sv107: string[];
    /** Errors: [code, line, pointer or lines]. */
    errors: [string, unknown, unknown][];
    /** The codes each line's pointers name, read back. */
    names: string[][];
  };
  const cases: Case[] = [
    {
      name: 'an 837P read back: pointers are HI positions already, written as they are',
      claim: base,
      hi: 'HI*ABK:C5091*ABF:Z5111*ABF:D649*ABF:E119*ABF:I10',
      sv107: ['1:2:3:4', '2', '1'],
      errors: [],
      names: [['C5091', 'Z5111', 'D649', 'E119'], ['Z5111'], ['C5091']],
    },
    {
      name: 'FHIR diagnosis sequences 1, 3, 5, 7, 9 (valid FHIR): 1:3:5:7 → 1:2:3:4, 3 → 2',
      claim: () => fhirWithSequences([1, 3, 5, 7, 9], [[1, 3, 5, 7], [3]]),
      hi: 'HI*ABK:C5091*ABF:Z5111*ABF:D649*ABF:E119*ABF:I10',
      sv107: ['1:2:3:4', '2'],
      errors: [],
      names: [['C5091', 'Z5111', 'D649', 'E119'], ['Z5111']],
    },
    {
      name: 'a FHIR diagnosis sequence 20 (fifth in sequence order) → 5, never SV107 "20"',
      claim: () => fhirWithSequences([1, 20, 3, 4, 5], [[1, 3], [20]]),
      hi: 'HI*ABK:C5091*ABF:D649*ABF:E119*ABF:I10*ABF:Z5111',
      sv107: ['1:2', '5'],
      errors: [],
      names: [['C5091', 'D649'], ['Z5111']],
    },
    {
      name: 'claim JSON with pointers 1, 3, 2 in array order: pointer 2 (D649) → HI03',
      claim: () =>
        withLines(
          { ...base(), diagnoses: [dx('C5091', 1, 'ABK'), dx('Z5111', 3, 'ABF'), dx('D649', 2, 'ABF')] },
          [[1, 2, 3], [2]],
        ),
      hi: 'HI*ABK:C5091*ABF:Z5111*ABF:D649',
      sv107: ['1:3:2', '3'],
      errors: [],
      names: [['C5091', 'D649', 'Z5111'], ['D649']],
    },
    {
      name: 'the principal sent second is written first (HI01), and the pointers follow it',
      claim: () =>
        withLines({ ...base(), diagnoses: [dx('Z5111', 1, 'ABF'), dx('C5091', 2, 'ABK')] }, [[2, 1], [1]]),
      hi: 'HI*ABK:C5091*ABF:Z5111',
      sv107: ['1:2', '2'],
      errors: [],
      names: [['C5091', 'Z5111'], ['Z5111']],
    },
    {
      name: 'a pointer that names no diagnosis: not written, an error naming the line and the pointer',
      claim: () => withLines({ ...base(), diagnoses: [dx('C5091', 1, 'ABK')] }, [[1, 7], [1]]),
      hi: 'HI*ABK:C5091',
      sv107: ['1', '1'],
      errors: [['x12.write.invalid-value', 1, '7']],
      names: [['C5091'], ['C5091']],
    },
    {
      name: 'a pointer to the 13th diagnosis, which the HI does not hold: not written, an error',
      claim: () =>
        withLines(
          {
            ...base(),
            diagnoses: Array.from({ length: 13 }, (_, i) => dx(`C7${String(i).padStart(2, '0')}`, i + 1)),
          },
          [[13, 1], [2]],
        ),
      hi: `HI*${Array.from({ length: 12 }, (_, i) => `${i === 0 ? 'ABK' : 'ABF'}:C7${String(i).padStart(2, '0')}`).join('*')}`,
      sv107: ['1', '2'],
      errors: [['x12.write.invalid-value', 1, '13']],
      names: [['C700'], ['C701']],
    },
    {
      name: 'a pointer two diagnoses share names neither for sure: not written, an error',
      claim: () =>
        withLines(
          { ...base(), diagnoses: [dx('C5091', 1, 'ABK'), dx('Z5111', 2, 'ABF'), dx('D649', 2, 'ABF')] },
          [[1], [2]],
        ),
      hi: 'HI*ABK:C5091*ABF:Z5111*ABF:D649',
      sv107: ['1', ''],
      errors: [['x12.write.invalid-value', 2, '2']],
      names: [['C5091'], []],
    },
    {
      name: 'a line without pointers (SV107 is required): an error naming the line',
      claim: () => withLines(base(), [[1], []]),
      hi: 'HI*ABK:C5091*ABF:Z5111*ABF:D649*ABF:E119*ABF:I10',
      sv107: ['1', ''],
      errors: [['x12.write.missing-data', undefined, [2]]],
      names: [['C5091'], []],
    },
  ];
  for (const c of cases)
    it(c.name, () => {
      const claim = c.claim();
      const written = write([claim]);
      assert.deepEqual(segmentsOf(written.text, 'HI'), [c.hi]);
      assert.deepEqual(sv107(written.text), c.sv107);
      // The FHIR Claim lacks a billing address and the like; only what SV107 says is looked at here.
      const errors = written.problems.filter((p) => p.severity === 'error' && p.message.includes('SV107'));
      assert.deepEqual(
        errors.map((p) => [p.code, p.data?.['line'], p.data?.['value'] ?? p.data?.['lines']]),
        c.errors,
      );
      for (const e of errors) assert.match(e.message, /^Claim (CLAIM001|DEMO-0001)[ :]/);
      // Read back, every pointer written names the diagnosis it named in the claim.
      const back = readX12Text(written.text).claims[0] as Claim;
      assert.deepEqual(named(back), c.names);
      if (c.errors.length === 0) assert.deepEqual(named(back), named(claim));
    });

  it('the message names the claim, the line, the pointer and the pointers the claim has', () => {
    const claim = { ...base(), diagnoses: [dx('C5091', 1, 'ABK'), dx('Z5111', 3, 'ABF')] };
    const written = write([
      { ...claim, lines: [{ ...(claim.lines[0] as ClaimLine), diagnosisPointers: [3, 2] }] },
    ]);
    assert.deepEqual(
      written.problems.map((p) => p.message),
      [
        'Claim CLAIM001 line 1: diagnosis pointer 2 names no diagnosis of the claim (its diagnoses have the pointers 1 and 3); SV107 was written without it.',
      ],
    );
    assert.deepEqual(sv107(written.text), ['2']);
  });
});

describe('CLM05-3 and CLM06–CLM09 a claim lacks: written as usual, each named with its meaning in a warning (QA item 3)', () => {
  type Case = {
    name: string;
    claim: () => Claim;
    options?: X12WriteOptions;
    clm: string;
    /** The elements the warning names with the value written; none: no warning. */
    assumed: Record<string, string> | undefined;
  };
  const cases: Case[] = [
    {
      name: 'an 837P that sends them: as sent, nothing to say',
      claim: () => readOne(professional),
      clm: 'CLM*CLAIM001*2150.5***11:B:7*Y*A*Y*Y',
      assumed: undefined,
    },
    {
      name: 'a FHIR Claim (no indicators, no frequency): Y, A, Y, Y and 1, each named',
      claim: () => readFhirJson(JSON.stringify(imfinziClaim())).claims[0] as Claim,
      clm: 'CLM*DEMO-0001*15350***:B:1*Y*A*Y*Y',
      assumed: { 'CLM05-3': '1', CLM06: 'Y', CLM07: 'A', CLM08: 'Y', CLM09: 'Y' },
    },
    {
      name: 'claim JSON with some indicators: the others named',
      claim: () => ({
        ...readOne(professional),
        indicators: { assignment: 'C', benefitsAssignment: 'N' },
      }),
      clm: 'CLM*CLAIM001*2150.5***11:B:7*Y*C*N*Y',
      assumed: { CLM06: 'Y', CLM09: 'Y' },
    },
    {
      name: 'claim JSON with N, C, N, I: written as they are',
      claim: () => ({
        ...readOne(professional),
        indicators: {
          providerSignature: 'N',
          assignment: 'C',
          benefitsAssignment: 'N',
          releaseOfInformation: 'I',
        },
      }),
      clm: 'CLM*CLAIM001*2150.5***11:B:7*N*C*N*I',
      assumed: undefined,
    },
    {
      name: 'an 837I written as 837P: CLM06 (not used in an 837I) is named',
      claim: () => readOne(institutional),
      options: { type: '837P' },
      clm: 'CLM*HOSPCLM77*5400***:B:1*Y*A*Y*Y',
      assumed: { CLM06: 'Y' },
    },
    {
      name: 'an 837I without indicators: CLM07–CLM09 named, never CLM06',
      claim: () => {
        const { indicators: _i, ...rest } = readOne(institutional);
        return rest;
      },
      clm: 'CLM*HOSPCLM77*5400***13:A:1**A*Y*Y',
      assumed: { CLM07: 'A', CLM08: 'Y', CLM09: 'Y' },
    },
    {
      name: 'a type of bill 137 written as 837P: its frequency 7, not 1',
      claim: () => {
        const { frequencyCode: _f, ...rest } = readOne(professional);
        return { ...rest, typeOfBill: '137' };
      },
      options: { type: '837P' },
      clm: 'CLM*CLAIM001*2150.5***11:B:7*Y*A*Y*Y',
      assumed: undefined,
    },
  ];
  for (const c of cases)
    it(c.name, () => {
      const written = write([c.claim()], c.options);
      assert.deepEqual(segmentsOf(written.text, 'CLM'), [c.clm]);
      const warnings = written.problems.filter(
        (p) => p.code === 'x12.write.missing-data' && p.severity === 'warning',
      );
      assert.deepEqual(
        warnings.map((p) => p.data?.['written']),
        c.assumed === undefined ? [] : [c.assumed],
      );
    });

  it('the warning says what each value means, CLM08 who is paid, and how to give them', () => {
    const claim = readFhirJson(JSON.stringify(imfinziClaim())).claims[0] as Claim;
    const warning = write([{ ...claim, frequencyCode: '1' }]).problems.find(
      (p) => p.severity === 'warning' && p.code === 'x12.write.missing-data',
    );
    assert.equal(
      warning?.message,
      "Claim DEMO-0001: CLM06, CLM07, CLM08 and CLM09 are required in an 837P but the claim does not say them; written as CLM06 Y (the provider's signature is on file), CLM07 A (assigned: the provider accepts assignment), CLM08 Y (benefits assigned to the provider: the payer pays the provider, not the patient), CLM09 Y (a signed statement permitting the release of medical billing data is on file). Check them before sending: claim JSON carries them (`frequencyCode`, `indicators`).",
    );
  });

  it('`drugclaim convert` of a FHIR Claim prints it', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'drugclaim-clm-'));
    after(() => rmSync(tmp, { recursive: true, force: true }));
    const file = join(tmp, 'claim.json');
    writeFileSync(file, JSON.stringify(imfinziClaim()));
    const r = spawnSync(
      process.execPath,
      [join(repoRoot, 'bin', 'drugclaim.js'), 'convert', file, '--to', 'x12'],
      {
        encoding: 'utf8',
      },
    );
    assert.match(r.stdout, /CLM\*DEMO-0001\*15350\*\*\*:B:1\*Y\*A\*Y\*Y~/);
    assert.match(
      r.stderr,
      /^warning x12\.write\.missing-data: Claim DEMO-0001: CLM05-3, CLM06, CLM07, CLM08 and CLM09 are required in an 837P .*CLM08 Y \(benefits assigned to the provider: the payer pays the provider, not the patient\)/m,
    );
  });
});

describe('an 837I written as 837P reports each kind of institutional data it drops (QA item 5)', () => {
  it('the QA file: type of bill, statement dates, CL1, attending provider, revenue codes', () => {
    const written = write([readOne(institutional)], { type: '837P' });
    assert.deepEqual(
      written.problems.filter((p) => p.code === 'x12.write.dropped').map((p) => [p.severity, p.message]),
      [
        ['warning', 'Claim HOSPCLM77: an 837P has no type of bill; 131 (837I CLM05) was not written.'],
        [
          'warning',
          'Claim HOSPCLM77: an 837P has no statement dates; 2026-01-05 to 2026-01-05 (837I DTP*434) were not written.',
        ],
        [
          'warning',
          'Claim HOSPCLM77: an 837P has no institutional claim code (837I CL1); admission type 3, admission source 1 and patient status 01 not written.',
        ],
        [
          'warning',
          'Claim HOSPCLM77: an 837P has no attending provider (837I 2310A NM1*71); ATTEND, ALICE NPI 1245319599 was not written.',
        ],
        [
          'warning',
          'Claim HOSPCLM77: an 837P service line has no revenue code (837I SV201); 0636 and 0260, on 2 of 2 lines (1, 2), not written.',
        ],
      ],
    );
  });

  type Case = [name: string, change: (claim: Claim) => Claim, message: string];
  const cases: Case[] = [
    [
      'the admission date and hour',
      (c) => ({ ...c, admissionDate: '2026-01-05', admissionHour: '0830' }),
      'drugclaim writes the admission date (DTP*435) in an 837I only; 2026-01-05 0830 was not written.',
    ],
    [
      'the operating physicians',
      (c) => ({ ...c, operatingPhysician: { lastName: 'CUTTER', npi: '1234567893' } }),
      'an 837P has no operating physician (837I 2310B NM1*72); CUTTER NPI 1234567893 was not written.',
    ],
    [
      'non-covered charges',
      (c) => ({ ...c, lines: c.lines.map((l, i) => (i === 1 ? { ...l, nonCoveredChargeCents: 12050 } : l)) }),
      'an 837P service line has no non-covered charge (837I SV207); 120.5 in all, on line 2, not written.',
    ],
    [
      'an admitting diagnosis (ABJ), written as other',
      (c) => ({ ...c, diagnoses: [...c.diagnoses, { code: 'R5383', qualifier: 'ABJ', pointer: 4 }] }),
      'an 837P has principal and other diagnoses only; the admitting diagnosis (ABJ) R5383 was written as other diagnosis (ABF).',
    ],
  ];
  for (const [name, change, message] of cases)
    it(name, () => {
      const written = write([change(readOne(institutional))], { type: '837P' });
      assert.ok(
        written.problems.some(
          (p) => p.code === 'x12.write.dropped' && p.message === `Claim HOSPCLM77: ${message}`,
        ),
        written.problems.map((p) => p.message).join('\n'),
      );
    });

  it('an 837P written as 837I: the line pointers, the place of service and the height, each named', () => {
    const claim = { ...readOne(professional), typeOfBill: '131' };
    claim.patient = { ...claim.patient, heightCm: 170 };
    const written = write([claim], { type: '837I' });
    const messages = written.problems.filter((p) => p.code === 'x12.write.dropped').map((p) => p.message);
    for (const m of [
      'Claim CLAIM001: an 837I service line has no diagnosis pointers (837P SV107); those of 3 of 3 lines (1, 2, 3) were not written.',
      'Claim CLAIM001: an 837I has no place of service (its type of bill says where); 11 (837P CLM05-1, SV105) not written.',
      'Claim CLAIM001: an 837I has no patient height (837P 2400 MEA*HT); 170 cm was not written.',
    ])
      assert.ok(messages.includes(m), `${m}\nin\n${messages.join('\n')}`);
  });
});

describe('values an 837 cannot carry: negative or zero counts, negative charges (QA item 10)', () => {
  type Case = [
    name: string,
    type: '837P' | '837I',
    change: (line: ClaimLine) => ClaimLine,
    element: string[],
  ];
  const cases: Case[] = [
    ['negative units', '837P', (l) => ({ ...l, units: -5 }), ['SV104']],
    // Zero units: a warning (a void may repeat its original's lines with 0), not an error; see the test below.
    ['zero units', '837P', (l) => ({ ...l, units: 0 }), []],
    ['a negative charge', '837P', (l) => ({ ...l, chargeCents: -10000 }), ['SV102']],
    ['a zero charge is valid', '837P', (l) => ({ ...l, chargeCents: 0 }), []],
    [
      'a negative NDC quantity',
      '837P',
      (l) => ({ ...l, drug: { ndc: '00310461150', ndcQualifier: 'N4', quantity: -3, unit: 'UN' } }),
      ['CTP04'],
    ],
    ['837I: negative units', '837I', (l) => ({ ...l, units: -1 }), ['SV205']],
    ['837I: a negative charge', '837I', (l) => ({ ...l, chargeCents: -1 }), ['SV203']],
    [
      '837I: a negative non-covered charge',
      '837I',
      (l) => ({ ...l, nonCoveredChargeCents: -500 }),
      ['SV207'],
    ],
  ];
  for (const [name, type, change, elements] of cases)
    it(name, () => {
      const claim = readOne(type === '837P' ? professional : institutional);
      const line = change(claim.lines[0] as ClaimLine);
      const written = write([{ ...claim, lines: [line, ...claim.lines.slice(1)] }]);
      const errors = written.problems.filter((p) => p.severity === 'error');
      assert.deepEqual(
        errors.map((p) => [p.code, p.data?.['claimId'], p.data?.['line'], p.data?.['element']]),
        elements.map((e) => ['x12.write.invalid-value', claim.id, 1, e]),
      );
    });

  it('zero units: written, with a warning that the line bills nothing', () => {
    const claim = readOne(professional);
    const written = write([{ ...claim, lines: [{ ...(claim.lines[0] as ClaimLine), units: 0 }] }]);
    const zero = written.problems.filter((p) => p.code === 'x12.write.invalid-value');
    assert.deepEqual(
      zero.map((p) => [p.severity, p.message]),
      [['warning', 'Claim CLAIM001 line 1: SV104 (units) 0 bills nothing; it was written as it is.']],
    );
  });

  it('a negative total charge (CLM02), and the messages name claim, line, element and value', () => {
    const claim = readOne(professional);
    const written = write([
      { ...claim, totalChargeCents: -215050, lines: [{ ...(claim.lines[0] as ClaimLine), units: -5 }] },
    ]);
    assert.deepEqual(
      written.problems.map((p) => p.message),
      [
        'Claim CLAIM001: CLM02 (total claim charge) -2150.5 is negative, which an 837 does not carry (a correction is a void and a replacement claim); it was written as it is, and the claim will be rejected.',
        'Claim CLAIM001 line 1: SV104 (units) -5 is negative, which an 837 does not carry (a correction is a void and a replacement claim); it was written as it is, and the line will be rejected.',
      ],
    );
    assert.deepEqual(
      segmentsOf(written.text, 'SV1').map((s) => s.split('*')[4]),
      ['-5'],
    );
  });
});

describe('C1 control characters (U+0080–U+009F) are blanked like the others (QA item 15)', () => {
  it('a Windows-1252 file read as Latin-1: its curly quotes (U+0093, U+0094) in an address and a description', () => {
    const claim = readOne(professional);
    const line = claim.lines[2] as ClaimLine;
    const written = write([
      {
        ...claim,
        subscriber: { ...claim.subscriber, address: { line1: '5 \u0093ELM\u0094 ST', city: 'SPRINGFIELD' } },
        patient: { ...claim.patient, address: { line1: '5 \u0093ELM\u0094 ST', city: 'SPRINGFIELD' } },
        lines: [
          ...claim.lines.slice(0, 2),
          { ...line, procedure: { ...line.procedure, description: 'CHEMO\u0085IV' } },
        ],
      },
    ]);
    assert.ok(segmentsOf(written.text, 'N3').includes('N3*5  ELM  ST'));
    assert.ok(segmentsOf(written.text, 'SV1').includes('SV1*HC:96413:::::CHEMO IV*225*UN*1*11**1'));
    assert.deepEqual(
      [...written.text].filter((ch) => /[\u0080-\u009f]/.test(ch)),
      [],
    );
    assert.deepEqual(
      written.problems.map((p) => [p.code, p.data?.['field']]),
      [
        ['x12.write.delimiter-in-data', 'subscriber address'],
        ['x12.write.delimiter-in-data', 'procedure description'],
      ],
    );
  });
});
