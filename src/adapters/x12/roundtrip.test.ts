/**
 * Read → write → read gives the same claims, for every 837 sample; the written envelopes are correct (no envelope
 * problem when read back); writing is stable (writing what was read back gives the same text).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Claim, ClaimLine } from '../../core/claim/model.ts';
import { x12SamplesDir } from '../../../test/support/shared.ts';
import { readX12Text, readX12Bytes, writeX12Claims } from './index.ts';
import { defaultDelimiters } from './delimiters.ts';
import { MAX_CLAIMS_PER_TRANSACTION, X12ClaimWriter } from './write-837.ts';

const date = new Date('2025-03-01T12:00:00Z');

/**
 * The claims without their positions, and with the writer's documented normalisations: a subscriber with no patient
 * loop is written as "self" (18); the 837I has no CLM06 or CLM10; a line pointer naming no diagnosis is left out. Diagnosis qualifiers are compared as they are: an
 * ICD-9-CM qualifier (BK, BF…) must come back as itself.
 */
function comparable(claims: readonly Claim[]): unknown {
  return claims.map((c) => {
    const { position: _p, ...rest } = structuredClone(c);
    // Group and transaction set control numbers are compared on their own (a repeated one is renumbered).
    if (rest.envelope) {
      delete rest.envelope.groupControl;
      delete rest.envelope.transactionControl;
    }
    rest.lines = rest.lines.map((l) => {
      const { position: _lp, ...line } = l;
      // A line pointer that names no diagnosis of the claim (an 837 whose HI could not be read) is not written.
      if (rest.format !== '837I')
        line.diagnosisPointers = line.diagnosisPointers.filter((p) =>
          rest.diagnoses.some((d) => d.pointer === p),
        );
      return line;
    });
    if (rest.format === '837I' && rest.indicators) {
      delete rest.indicators.providerSignature;
      delete rest.indicators.patientSignatureSource;
    }
    if (rest.subscriber && rest.patientRelationship === undefined) rest.subscriber.relationship ??= '18';
    // A missing claim filing indicator (SBR09, required) is written as ZZ (mutually defined).
    if (rest.subscriber) rest.subscriber.claimFilingIndicator ??= 'ZZ';
    return rest;
  });
}

/**
 * Checks the envelopes of written X12 without the reader: SE01 = segments ST…SE, GE01 = transaction sets, IEA01 =
 * groups, and SE02/GE02/IEA02 repeat ST02/GS06/ISA13. Returns what does not hold.
 */
function envelopeErrors(text: string): string[] {
  const errors: string[] = [];
  const segments = text
    .split('~')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  let isa: string[] = [];
  let gs: string[] = [];
  let st: string[] = [];
  let groups = 0;
  let sets = 0;
  let count = 0;
  for (const seg of segments) {
    const e = seg.split('*');
    count++;
    switch (e[0] ?? '') {
      case 'ISA':
        [isa, groups] = [e, 0];
        break;
      case 'GS':
        [gs, sets] = [e, 0];
        groups++;
        break;
      case 'ST':
        [st, count] = [e, 1];
        sets++;
        break;
      case 'SE':
        if (e[1] !== String(count)) errors.push(`SE01 ${e[1]} for ${count} segments`);
        if (e[2] !== st[2]) errors.push(`SE02 ${e[2]} for ST02 ${st[2]}`);
        break;
      case 'GE':
        if (e[1] !== String(sets)) errors.push(`GE01 ${e[1]} for ${sets} sets`);
        if (e[2] !== gs[6]) errors.push(`GE02 ${e[2]} for GS06 ${gs[6]}`);
        break;
      case 'IEA':
        if (e[1] !== String(groups)) errors.push(`IEA01 ${e[1]} for ${groups} groups`);
        if (e[2] !== isa[13]) errors.push(`IEA02 ${e[2]} for ISA13 ${isa[13]}`);
        break;
      default:
        break;
    }
  }
  return errors;
}

describe('837 round trip (read → write → read)', () => {
  const dir = x12SamplesDir();
  const files = readdirSync(dir).filter((f) => /^(MALFORMED_)?837/.test(f));
  assert.ok(files.length >= 10);
  for (const file of files) {
    it(file, () => {
      const first = readX12Bytes(readFileSync(join(dir, file)), { file });
      const written = writeX12Claims(first.claims, { date });
      assert.deepEqual(envelopeErrors(written.text), [], 'SE/GE/IEA counts and control numbers');
      const again = readX12Text(written.text, { file: 'written.x12' });
      assert.deepEqual(
        again.problems.filter(
          (p) =>
            p.code.startsWith('x12.envelope') ||
            p.code.startsWith('x12.isa') ||
            p.code.startsWith('x12.segment') ||
            p.code === 'x12.hl.numbering' ||
            p.code === 'x12.hl.parent',
        ),
        [],
        'the written envelopes, HL numbering and segments are valid',
      );
      assert.deepEqual(comparable(again.claims), comparable(first.claims));
      // The claims keep their control numbers, but where the input repeats one in a group or interchange (or a set
      // grows past 5000 claims), and then the writer says so.
      const controls = (claims: readonly Claim[]): unknown =>
        claims.map((c) => [c.envelope?.groupControl, c.envelope?.transactionControl]);
      if (!written.problems.some((p) => p.code === 'x12.write.envelope-changed'))
        assert.deepEqual(controls(again.claims), controls(first.claims));
      // Writing what was read back gives the same text.
      assert.equal(writeX12Claims(again.claims, { date }).text, written.text);
    });
  }

  it('an envelope qualifier read with a control character (fuzz seed 1553881382) is written as text, and said so', () => {
    const r = readX12Bytes(readFileSync(join(dir, '837P_lfh_drug-example10-1_J1550-ndc.837')));
    const claims = r.claims.map((c) => ({
      ...c,
      envelope: { ...c.envelope, senderQualifier: 'Z\u0000', receiverQualifier: '3\u001d' },
    }));
    const written = writeX12Claims(claims, { date });
    const controls = [...written.text].filter((ch) => ch.charCodeAt(0) < 0x20 && ch !== '\n');
    assert.deepEqual(controls, [], 'no control character but the line feeds after terminators');
    assert.deepEqual(
      written.problems.filter((p) => p.code === 'x12.write.delimiter-in-data').map((p) => p.data?.['field']),
      ['sender id qualifier', 'receiver id qualifier'],
    );
    assert.equal(readX12Text(written.text).claims.length, r.claims.length);
  });

  it('837I: the principal diagnosis has its own HI (HI01 only); the others follow in an HI of their own', () => {
    const r = readX12Bytes(readFileSync(join(dir, '837I_lfh_institutional-claim.837i')));
    const his = writeX12Claims(r.claims, { date })
      .text.split('~\n')
      .filter((s) => s.startsWith('HI*'));
    assert.deepEqual(his, [
      // ICD-9-CM codes (a 1996 claim): BK/BF stay BK/BF, never relabelled as ICD-10-CM (ABK/ABF).
      'HI*BK:3669',
      'HI*BF:4019*BF:79431',
      // The UB-04 codes follow in the TR3's order: occurrence (BH), value (BE), condition (BG).
      'HI*BH:A1:D8:19261111*BH:A2:D8:19911101*BH:B1:D8:19261111*BH:B2:D8:19870101',
      'HI*BE:A2:::15.31',
      'HI*BG:09',
    ]);
    const claim = r.claims[0] as Claim;
    const many = {
      ...claim,
      diagnoses: [
        { code: 'C3411', qualifier: 'ABK', pointer: 1 },
        { code: 'R5383', qualifier: 'ABJ', pointer: 2 },
        { code: 'Z5111', qualifier: 'APR', pointer: 3 },
        ...Array.from({ length: 13 }, (_, i) => ({ code: `C77${i % 10}`, qualifier: 'ABF', pointer: 4 + i })),
      ],
    };
    const written = writeX12Claims([many], { date }).text;
    assert.deepEqual(
      written
        .split('~\n')
        .filter((s) => s.startsWith('HI*'))
        .map((s) => s.split('*').length - 1),
      [1, 1, 1, 12, 1, 4, 1, 1],
    );
    assert.deepEqual(
      readX12Text(written).claims[0]?.diagnoses.map((d) => d.code),
      many.diagnoses.map((d) => d.code),
    );
  });

  it('837I: occurrence spans, operating physicians and condition codes round-trip; what has no place is reported', () => {
    const sample = readX12Bytes(readFileSync(join(dir, '837I_lfh_institutional-claim.837i')))
      .claims[0] as Claim;
    const claim: Claim = {
      ...structuredClone(sample),
      occurrenceSpans: [{ code: '74', from: '2025-02-03', to: '2025-02-05' }],
      conditionCodes: Array.from({ length: 26 }, (_, i) => `C${String(i).padStart(2, '0')}`),
      operatingPhysician: { lastName: 'SMITH', firstName: 'ANNA', npi: '1234567893' },
      otherOperatingPhysician: { lastName: 'LEE', firstName: 'MAX', npi: '1234567893' },
    };
    const written = writeX12Claims([claim], { date });
    const segments = written.text.split('~\n');
    assert.ok(segments.includes('HI*BI:74:RD8:20250203-20250205'));
    // Condition codes: two HIs of 12 (the TR3's limit); the other two are reported, not silently lost.
    assert.deepEqual(
      segments.filter((s) => s.startsWith('HI*BG')).map((s) => s.split('*').length - 1),
      [12, 12],
    );
    assert.deepEqual(
      written.problems.map((p) => [p.code, p.message]),
      [
        [
          'x12.write.dropped',
          // The sample sends CLM06 and CLM10, which X223A2 does not use.
          'Claim 756048Q: an 837I has no provider signature indicator (CLM06) or patient signature source (CLM10); not written.',
        ],
        [
          'x12.write.dropped',
          'Claim 756048Q: an 837 holds at most 24 condition codes (HI*BG); 2 of 26 were not written.',
        ],
      ],
    );
    assert.ok(segments.includes('NM1*72*1*SMITH*ANNA****XX*1234567893'));
    assert.ok(segments.includes('NM1*ZZ*1*LEE*MAX****XX*1234567893'));
    const back = readX12Text(written.text);
    assert.deepEqual(
      back.problems.filter((p) => p.severity !== 'info'),
      [],
    );
    const c = back.claims[0];
    assert.deepEqual(c?.occurrenceSpans, claim.occurrenceSpans);
    assert.deepEqual(c?.conditionCodes, claim.conditionCodes?.slice(0, 24));
    assert.deepEqual(
      [c?.operatingPhysician?.lastName, c?.otherOperatingPhysician?.lastName],
      ['SMITH', 'LEE'],
    );
  });

  it('837P: condition codes are "condition information"; value and occurrence codes have no place and are reported', () => {
    const sample = readX12Bytes(readFileSync(join(dir, '837P_lfh_drug-example10-1_J1550-ndc.837')))
      .claims[0] as Claim;
    const claim: Claim = {
      ...structuredClone(sample),
      conditionCodes: ['AB'],
      valueCodes: [{ code: '80', amountCents: 300 }],
    };
    const written = writeX12Claims([claim], { date });
    assert.ok(written.text.split('~\n').includes('HI*BG:AB'));
    assert.deepEqual(
      written.problems.map((p) => p.message),
      [`Claim ${sample.id}: an 837P has no place for value codes (HI*BE) (1 on the claim); not written.`],
    );
    const back = readX12Text(written.text).claims[0];
    assert.deepEqual([back?.conditionCodes, back?.valueCodes], [['AB'], undefined]);
  });

  it('837I: a malformed occurrence or value code is a positioned error, and the rest of the HI is read', () => {
    const text = readFileSync(join(dir, '837I_lfh_institutional-claim.837i'), 'latin1')
      .replace('HI*BH:A1:D8:19261111*', 'HI*BH:A1:D8:1926111*')
      .replace('HI*BE:A2:::15.31', 'HI*BE:A2:::X15');
    const r = readX12Text(text);
    assert.deepEqual(
      r.problems
        .filter((p) => p.severity === 'error')
        .map((p) => [p.code, p.at?.segmentId, p.at?.element, p.message]),
      [
        [
          'x12.element.invalid-date',
          'HI',
          1,
          'HI01: occurrence code A1 needs D8 and a date (CCYYMMDD); got "D8" "1926111".',
        ],
        ['x12.element.invalid-number', 'HI', 1, 'HI01-5 (value code A2 amount) "X15" is not a number.'],
      ],
    );
    assert.deepEqual(
      r.claims[0]?.occurrenceCodes?.map((o) => o.code),
      ['A2', 'B1', 'B2'],
    );
  });

  it('837I for Medicare without a filing indicator (e.g. from FHIR): SBR09 MA (Part A), not MB', () => {
    const r = readX12Bytes(readFileSync(join(dir, '837I_lfh_institutional-claim.837i')));
    const claim = structuredClone(r.claims[0] as Claim);
    if (claim.subscriber) delete claim.subscriber.claimFilingIndicator;
    claim.payer.kind = 'medicare';
    const { format: _format, ...fromFhir } = claim;
    const sbr = writeX12Claims([fromFhir as Claim], { date })
      .text.split('~\n')
      .find((s) => s.startsWith('SBR*'));
    assert.equal(sbr?.split('*')[9], 'MA');
  });

  it('writes SE01/GE01/IEA01 counts and matching control numbers', () => {
    const r = readX12Bytes(readFileSync(join(dir, '837P_oopfactory_Example1_2_And_3_Combined_multi-st.txt')));
    const text = writeX12Claims(r.claims, {
      date,
      interchangeControl: 77,
      groupControl: 5,
      transactionControl: 41,
    }).text;
    const segments = text.split('~\n').filter((s) => s !== '');
    // Two receivers → two transaction sets in one group.
    const starts = segments.flatMap((s, i) => (s.startsWith('ST*') ? [i] : []));
    const ends = segments.flatMap((s, i) => (s.startsWith('SE*') ? [i] : []));
    assert.deepEqual(
      starts.map((i) => segments[i]),
      ['ST*837*0041*005010X222', 'ST*837*0042*005010X222'],
    );
    assert.deepEqual(
      ends.map((i) => segments[i]),
      starts.map((st, k) => `SE*${(ends[k] as number) - st + 1}*${k === 0 ? '0041' : '0042'}`),
    );
    assert.ok(segments.includes('GE*2*5'));
    // The independent envelope check used above does catch wrong counts and control numbers.
    assert.deepEqual(envelopeErrors(text), []);
    assert.deepEqual(envelopeErrors(text.replace('GE*2*5', 'GE*3*6').replace('SE*', 'SE*1')), [
      `SE01 1${(ends[0] as number) - (starts[0] as number) + 1} for ${(ends[0] as number) - (starts[0] as number) + 1} segments`,
      'GE01 3 for 2 sets',
      'GE02 6 for GS06 5',
    ]);
    assert.equal(segments.at(-1), 'IEA*1*000000077');
    assert.equal(segments[0]?.length, 105, 'the ISA is fixed-length (106 with its terminator)');
  });

  it('writes 837P and 837I claims into separate functional groups', () => {
    const p = readX12Bytes(readFileSync(join(dir, '837P_lfh_drug-example10-1_J1550-ndc.837'))).claims;
    const i = readX12Bytes(readFileSync(join(dir, '837I_lfh_institutional-claim.837i'))).claims;
    const text = writeX12Claims([...p, ...i], { date }).text;
    const back = readX12Text(text);
    assert.deepEqual(
      back.transactions.map((t) => t.type),
      ['837P', '837I'],
    );
    assert.deepEqual(
      back.problems.filter((x) => x.severity === 'error'),
      [],
    );
    // Both samples came in interchange 000000907 (the same ISA): one interchange, two groups.
    assert.match(text, /IEA\*2\*000000907~/);
    assert.equal(text.match(/^ISA\*/gm)?.length, 1);
  });

  it('does not change the claims it writes', () => {
    const r = readX12Bytes(readFileSync(join(dir, '837P_lfh_drug-example10-1_J1550-ndc.837')));
    const before = structuredClone(r.claims);
    writeX12Claims(r.claims, { date });
    assert.deepEqual(r.claims, before);
  });

  it('chooses delimiters the data does not hold, so nothing is lost; given ones that clash, it blanks and says so', () => {
    const r = readX12Bytes(readFileSync(join(dir, '837P_lfh_drug-example10-1_J1550-ndc.837')));
    const claim = structuredClone(r.claims[0]) as Claim;
    // A note and an address as a "|"/"^" file could carry them.
    claim.notes = ['PAID*IN~FULL A:B'];
    claim.patient.address = { line1: '1 ELM ST^APT 2', city: 'MIAMI', state: 'FL', postalCode: '33103' };
    const w = writeX12Claims([claim], { date });
    assert.deepEqual(w.problems, []);
    const isa = w.text.substring(0, 106);
    // ISA: element separator after "ISA", component separator ISA16, terminator next; repetition ISA11.
    assert.deepEqual([isa[3], isa[104], isa[105], isa.split(isa[3] as string)[11]], ['|', '>', "'", '{']);
    const back = readX12Text(w.text);
    assert.deepEqual(
      back.problems.filter((p) => p.severity !== 'info'),
      [],
    );
    assert.deepEqual(back.claims[0]?.notes, ['PAID*IN~FULL A:B']);
    assert.equal(back.claims[0]?.patient.address?.line1, '1 ELM ST^APT 2');
    // Delimiters given by the caller are kept: a clash is blanked out, with a warning.
    const given = writeX12Claims([claim], { date, delimiters: defaultDelimiters });
    assert.match(given.text, /NTE\*ADD\*PAID IN FULL A B~/);
    assert.deepEqual(
      given.problems.map((p) => p.code),
      ['x12.write.delimiter-in-data', 'x12.write.delimiter-in-data'],
    );
  });

  it('writes a documented dose that came from elsewhere as a line note the reader understands', () => {
    const r = readX12Bytes(readFileSync(join(dir, '837P_lfh_drug-example10-1_J1550-ndc.837')));
    const claim = structuredClone(r.claims[0]) as Claim;
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
    const back = readX12Text(writeX12Claims([claim], { date }).text).claims[0];
    assert.deepEqual(back?.lines[1]?.dose, line.dose);
    assert.deepEqual(back?.lines[1]?.notes, ['DOSE 40MG WASTE 10MG']);
  });

  it('keeps each transaction set to 5000 claims, in one functional group, and the claims read back the same', () => {
    const one = readX12Bytes(readFileSync(join(dir, '837P_lfh_drug-example10-1_J1550-ndc.837'))).claims[0];
    assert.ok(one);
    const claims = Array.from({ length: 2 * MAX_CLAIMS_PER_TRANSACTION + 1 }, (_, i) => ({
      ...structuredClone(one),
      id: `C${i + 1}`,
    }));
    const written = writeX12Claims(claims, { date });
    const text = written.text;
    assert.deepEqual(
      written.problems.map((p) => p.message),
      [
        'Claim C5001: ST02 0711 is already used in this functional group (the input repeats it, or its claims were split: more than 5000 in a transaction set, or another claim type in between); written as 0001.',
        'Claim C10001: ST02 0711 is already used in this functional group (the input repeats it, or its claims were split: more than 5000 in a transaction set, or another claim type in between); written as 0002.',
      ],
    );
    assert.deepEqual(envelopeErrors(text), []);
    const back = readX12Text(text);
    // The sample's ST02 0711 for the first set; the sets split off get new numbers, and the writer says so.
    assert.deepEqual(
      back.transactions.map((t) => t.control),
      ['0711', '0001', '0002'],
    );
    const perSet = text.split('~\nST*').map((part) => part.split('~\nCLM*').length - 1);
    assert.deepEqual(perSet.slice(1), [5000, 5000, 1]);
    assert.equal(text.match(/~\nGS\*/g)?.length, 1);
    assert.deepEqual(
      back.problems.filter((x) => x.severity === 'error'),
      [],
    );
    // Claim by claim: a difference in 10,001 claims at once would take the assertion's diff minutes to print.
    const [was, now] = [comparable(claims) as unknown[], comparable(back.claims) as unknown[]];
    assert.equal(now.length, was.length);
    was.forEach((c, i) => assert.deepEqual(now[i], c, `claim ${i}`));
  });

  it('writes the same text a claim at a time as all at once, and starts a new group when the claim type changes', () => {
    const p = readX12Bytes(readFileSync(join(dir, '837P_lfh_drug-example10-1_J1550-ndc.837'))).claims;
    const i = readX12Bytes(readFileSync(join(dir, '837I_lfh_institutional-claim.837i'))).claims;
    const claims = [...Array.from({ length: MAX_CLAIMS_PER_TRANSACTION }, () => p[0] as Claim), ...i, ...p];
    const writer = new X12ClaimWriter({ date });
    const pieces = claims.map((c) => writer.add(c));
    pieces.push(writer.end());
    assert.equal(pieces.filter((x) => x !== '').length, 2, 'a window of 5000 claims, then the rest');
    const text = pieces.join('');
    assert.equal(text, writeX12Claims(claims, { date }).text);
    assert.deepEqual(envelopeErrors(text), []);
    const back = readX12Text(text);
    // The first window is all 837P; the second holds 837I then 837P, each in a group of its own.
    assert.deepEqual(
      back.transactions.map((t) => t.type),
      ['837P', '837I', '837P'],
    );
    // One interchange (both samples came in 000000907); the 837P group reopened after the 837I one gets a new GS06.
    assert.match(text, /IEA\*3\*000000907~/);
    assert.deepEqual(
      text.split('~\n').flatMap((s) => (s.startsWith('GS*') ? [s.split('*')[6]] : [])),
      ['1', '2', '3'],
    );
    assert.equal(back.claims.length, claims.length);
  });
});

/** The J1550 sample (837P, interchange 000000907, test data) as text, to vary one thing at a time. */
const j1550 = (): string =>
  readFileSync(join(x12SamplesDir(), '837P_lfh_drug-example10-1_J1550-ndc.837'), 'latin1');
const institutional = (): string =>
  readFileSync(join(x12SamplesDir(), '837I_lfh_institutional-claim.837i'), 'latin1');
const segmentsOf = (text: string, id: string): string[] =>
  text
    .split(/~\s*/)
    .filter((s) => s.startsWith(`${id}*`))
    .map((s) => s.trim());

describe('837 writer: the envelope the claims came in is written back (QA: test became production, BHT lost)', () => {
  const cases: { name: string; edit: (text: string) => string; want: Record<string, string[]> }[] = [
    {
      name: 'as the sample has it: test data (T), acknowledgment requested (1), qualifier 30, GS ids, control numbers',
      edit: (t) => t,
      want: {
        ISA: [
          'ISA*00*          *00*          *30*000000005      *30*12345          *250301*1200*^*00501*000000907*1*T*:',
        ],
        GS: ['GS*HC*000000005*54321*20250301*1200*1*X*005010X222A2'],
        ST: ['ST*837*0711*005010X222A2'],
        BHT: ['BHT*0019*00*0013*20040801*1200*CH'],
        IEA: ['IEA*1*000000907'],
      },
    },
    {
      name: 'production without an acknowledgment request stays so',
      edit: (t) => t.replace('*000000907*1*T*:', '*000000907*0*P*:'),
      want: {
        ISA: [
          'ISA*00*          *00*          *30*000000005      *30*12345          *250301*1200*^*00501*000000907*0*P*:',
        ],
      },
    },
    {
      name: 'an encounter (BHT06 RP) that is a reissue (BHT02 18) stays one',
      edit: (t) => t.replace('BHT*0019*00*0013*20040801*1200*CH', 'BHT*0019*18*REF123*20240101*093015*RP'),
      want: { BHT: ['BHT*0019*18*REF123*20240101*093015*RP'] },
    },
    {
      name: 'GS ids of their own, a 9-character ST02',
      edit: (t) =>
        t.replace('GS*HC*000000005*54321*', 'GS*HC*SENDERAPP*RECVAPP*').replaceAll('*0711', '*123456789'),
      want: {
        GS: ['GS*HC*SENDERAPP*RECVAPP*20250301*1200*1*X*005010X222A2'],
        ST: ['ST*837*123456789*005010X222A2'],
      },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const read = readX12Text(c.edit(j1550()));
      const written = writeX12Claims(read.claims, { date });
      assert.deepEqual(written.problems, []);
      for (const [id, segs] of Object.entries(c.want))
        assert.deepEqual(segmentsOf(written.text, id), segs, id);
    });
  }

  it('claims from interchanges for two receivers are written as two interchanges, never one addressed to the first', () => {
    const a = j1550();
    const b = a
      .replace('*30*12345          *', '*ZZ*OTHERCLEARING  *')
      .replace('*000000907*1*T*:', '*000000908*1*T*:')
      .replace('IEA*1*000000907', 'IEA*1*000000908')
      .replace('XYZ Receiver*****46*369852758', 'OTHER RECEIVER*****46*RECEIVER1234567890XYZ');
    const claims = [...readX12Text(a).claims, ...readX12Text(b).claims];
    const written = writeX12Claims(claims, { date });
    assert.deepEqual(envelopeErrors(written.text), []);
    assert.deepEqual(
      segmentsOf(written.text, 'ISA').map((s) => [s.split('*')[8], s.split('*')[13]]),
      [
        ['12345          ', '000000907'],
        ['OTHERCLEARING  ', '000000908'],
      ],
    );
    // Each interchange holds its own receiver's transaction set.
    const interchanges = written.text.split(/(?=ISA\*)/);
    assert.match(interchanges[0] ?? '', /NM1\*40\*2\*XYZ Receiver/);
    assert.doesNotMatch(interchanges[0] ?? '', /RECEIVER1234567890XYZ/);
    assert.match(interchanges[1] ?? '', /NM1\*40\*2\*OTHER RECEIVER\*{5}46\*RECEIVER1234567890XYZ/);
  });

  it('claims without an envelope (FHIR, JSON, CSV): one interchange per submitter/receiver; an id too long for ISA06 is cut and reported', () => {
    const [claim] = readX12Text(j1550()).claims;
    assert.ok(claim);
    const bare = (receiverId: string): Claim => {
      const { envelope: _e, ...rest } = structuredClone(claim);
      return { ...rest, receiver: { name: 'R', id: receiverId } };
    };
    const written = writeX12Claims([bare('R1'), bare('R2'), bare('R1')], { date });
    assert.deepEqual(
      segmentsOf(written.text, 'ISA').map((s) => [
        s.split('*')[8]?.trim(),
        s.split('*')[13],
        s.split('*')[15],
      ]),
      [
        ['R1', '000000001', 'P'],
        ['R2', '000000002', 'P'],
      ],
    );
    assert.deepEqual(envelopeErrors(written.text), []);
    const long = bare('RECEIVER1234567890XYZ');
    const cut = writeX12Claims([long], { date });
    assert.equal(segmentsOf(cut.text, 'ISA')[0]?.split('*')[8], 'RECEIVER1234567');
    assert.equal(segmentsOf(cut.text, 'GS')[0]?.split('*')[3], 'RECEIVER1234567');
    assert.deepEqual(
      cut.problems.map((p) => [p.code, p.severity, p.data?.['element']]),
      [
        ['x12.write.invalid-value', 'error', 'ISA08 (interchange receiver id)'],
        ['x12.write.invalid-value', 'error', 'GS03 (application receiver code)'],
      ],
    );
  });

  it('the options still name the interchange for every claim (and count control numbers up from theirs)', () => {
    const read = readX12Text(j1550());
    const written = writeX12Claims(read.claims, {
      date,
      senderId: 'ME',
      receiverId: 'YOU',
      usage: 'P',
      interchangeControl: 5,
    });
    assert.deepEqual(
      segmentsOf(written.text, 'ISA').map((s) => s.split('*').slice(5, 9).concat(s.split('*').slice(13, 16))),
      [['ZZ', 'ME             ', 'ZZ', 'YOU            ', '000000005', '1', 'P']],
    );
  });
});

describe('837 writer: codes and segments as the TR3 allows them', () => {
  it('ICD-9-CM qualifiers (BK/BF/BJ/PR/BN) stay ICD-9-CM; ICD-10-CM ones stay ICD-10-CM', () => {
    const p = readX12Text(j1550());
    assert.deepEqual(segmentsOf(writeX12Claims(p.claims, { date }).text, 'HI'), ['HI*BK:03591']);
    const [claim] = readX12Text(institutional()).claims;
    assert.ok(claim);
    const cases: [label: string, diagnoses: Claim['diagnoses'], his: string[]][] = [
      [
        'ICD-9-CM, every role',
        [
          { code: '3669', qualifier: 'BK', pointer: 1 },
          { code: '7802', qualifier: 'BJ', pointer: 2 },
          { code: '7804', qualifier: 'PR', pointer: 3 },
          { code: 'E8889', qualifier: 'BN', pointer: 4 },
          { code: '4019', qualifier: 'BF', pointer: 5 },
        ],
        ['HI*BK:3669', 'HI*BJ:7802', 'HI*PR:7804', 'HI*BN:E8889', 'HI*BF:4019'],
      ],
      [
        'ICD-10-CM',
        [
          { code: 'C3411', qualifier: 'ABK', pointer: 1 },
          { code: 'R5383', qualifier: 'ABJ', pointer: 2 },
          { code: 'Z5111', qualifier: 'ABF', pointer: 3 },
        ],
        ['HI*ABK:C3411', 'HI*ABJ:R5383', 'HI*ABF:Z5111'],
      ],
      [
        'FHIR diagnosis types: ICD-10-CM unless the coding named ICD-9-CM',
        [
          { code: '3669', qualifier: 'principal', system: 'http://hl7.org/fhir/sid/icd-9-cm', pointer: 1 },
          { code: 'Z5111', pointer: 2 },
        ],
        ['HI*BK:3669', 'HI*ABF:Z5111'],
      ],
    ];
    for (const [label, diagnoses, his] of cases) {
      const written: string = writeX12Claims([{ ...claim, diagnoses }], { date }).text;
      assert.deepEqual(
        segmentsOf(written, 'HI').filter((s) => !/^HI\*B[EGHI]:/.test(s)),
        his,
        label,
      );
      assert.deepEqual(
        readX12Text(written).claims[0]?.diagnoses.map((d) => d.qualifier),
        his.flatMap((h) =>
          h
            .substring(3)
            .split('*')
            .map((c) => c.split(':')[0]),
        ),
        `${label}: read back as written`,
      );
    }
  });

  it('837P: one HI; HI01 is the principal, the others "other" of their code set; past 12, reported, not a second HI', () => {
    const [claim] = readX12Text(j1550()).claims;
    assert.ok(claim);
    const diagnoses = [
      { code: 'C50911', qualifier: 'ABK', pointer: 1 },
      { code: 'Z5111', qualifier: 'ABF', pointer: 2 },
      // A second HI's ABK (QA hi2.x12) is an "other" diagnosis in HI03.
      { code: 'D649', qualifier: 'ABK', pointer: 3 },
      ...Array.from({ length: 10 }, (_, i) => ({ code: `D6${i}`, qualifier: 'ABF', pointer: 4 + i })),
    ];
    const written = writeX12Claims([{ ...claim, diagnoses }], { date });
    const his = segmentsOf(written.text, 'HI');
    assert.equal(his.length, 1);
    assert.deepEqual(his[0]?.split('*').slice(1, 4), ['ABK:C50911', 'ABF:Z5111', 'ABF:D649']);
    assert.equal(his[0]?.split('*').length, 13);
    assert.deepEqual(
      written.problems.map((p) => [p.code, p.message]),
      [
        [
          'x12.write.dropped',
          'Claim CLMNO12345: an 837P holds 12 diagnoses (one HI); 1 of 13 were not written.',
        ],
      ],
    );
  });

  it('837I: no CLM06/CLM10, statement dates before the admission date and hour (DT), no PRV for the rendering provider', () => {
    const text = institutional()
      .replace('DTP*434*D8*19960911', 'DTP*434*RD8*19960911-19960911~\nDTP*435*DT*199609110830')
      .replace('SE*', 'SE*1');
    const [claim] = readX12Text(text).claims;
    assert.ok(claim);
    assert.equal(claim.admissionHour, '0830');
    const withRendering: Claim = {
      ...claim,
      renderingProvider: { lastName: 'RENDER', firstName: 'RITA', npi: '1234567893', taxonomy: '207RH0003X' },
    };
    const written = writeX12Claims([withRendering], { date });
    const segs = written.text.split('~\n');
    assert.deepEqual(segmentsOf(written.text, 'CLM'), ['CLM*756048Q*89.93***14:A:1**A*Y*Y']);
    const clm = segs.findIndex((s) => s.startsWith('CLM*'));
    assert.deepEqual(segs.slice(clm + 1, clm + 3), [
      'DTP*434*RD8*19960911-19960911',
      'DTP*435*DT*199609110830',
    ]);
    assert.ok(segs.includes('NM1*82*1*RENDER*RITA****XX*1234567893'));
    assert.ok(!segs.includes('PRV*PE*PXC*207RH0003X'), '2310D has no PRV in the 837I');
    assert.deepEqual(
      written.problems.map((p) => p.message),
      [
        'Claim 756048Q: an 837I has no provider signature indicator (CLM06) or patient signature source (CLM10); not written.',
        'Claim 756048Q: an 837I rendering provider (2310D) has no PRV; its taxonomy 207RH0003X was not written.',
      ],
    );
    assert.equal(readX12Text(written.text).claims[0]?.admissionHour, '0830');
  });

  it('drug lines: the NDC in 11 digits, no empty CTP, at most 4 pointers; each deviation reported', () => {
    const [claim] = readX12Text(j1550()).claims;
    assert.ok(claim);
    const drugLine = claim.lines[1] as ClaimLine;
    const cases: [label: string, line: ClaimLine, segments: string[], problems: string[]][] = [
      [
        'a hyphenated NDC (5-4-1) → 11 digits',
        { ...drugLine, drug: { ndc: '00026-0635-2', ndcQualifier: 'N4', quantity: 10, unit: 'ML' } },
        ['LIN**N4*00026063502', 'CTP****10*ML'],
        [],
      ],
      [
        'an NDC that is no NDC: written as it is, and an error',
        { ...drugLine, drug: { ndc: '0026-063-512', ndcQualifier: 'N4', quantity: 10, unit: 'ML' } },
        ['LIN**N4*0026-063-512', 'CTP****10*ML'],
        ['x12.write.invalid-value'],
      ],
      [
        'no quantity: no CTP at all (never "CTP~"), and an error',
        { ...drugLine, drug: { ndc: '00026063512', ndcQualifier: 'N4' } },
        ['LIN**N4*00026063512'],
        ['x12.write.missing-data'],
      ],
      [
        'no unit: the quantity, and an error',
        { ...drugLine, drug: { ndc: '00026063512', ndcQualifier: 'N4', quantity: 10 } },
        ['LIN**N4*00026063512', 'CTP****10'],
        ['x12.write.missing-data'],
      ],
    ];
    for (const [label, line, want, problems] of cases) {
      const written = writeX12Claims([{ ...claim, lines: [line] }], { date });
      assert.deepEqual(
        written.text.split('~\n').filter((s) => /^(LIN|CTP)/.test(s)),
        want,
        label,
      );
      assert.deepEqual(
        written.problems.map((p) => p.code),
        problems,
        label,
      );
    }
    const diagnoses = [...claim.diagnoses, { code: 'Z5111', qualifier: 'BF', pointer: 2 }];
    const five = writeX12Claims(
      [{ ...claim, diagnoses, lines: [{ ...drugLine, diagnosisPointers: [1, 2, 1, 2, 1] }] }],
      {
        date,
      },
    );
    assert.match(five.text, /SV1\*HC:J1550\*53\.37\*UN\*1\*11\*\*1:2:1:2~/);
    assert.deepEqual(
      five.problems.map((p) => p.message),
      ['Claim CLMNO12345 line 2: SV107 holds at most 4 diagnosis pointers; 1 more (1) not written.'],
    );
  });

  it('2320: OI and SBR as the provider sent them; what is missing is reported, never made up', () => {
    const r = readX12Bytes(readFileSync(join(x12SamplesDir(), '837I_imsweb_x223-test_repeated-2320.txt')));
    const claim = r.claims[0] as Claim;
    const [first, second] = claim.otherPayers ?? [];
    assert.ok(first && second);
    assert.deepEqual(
      [first.benefitsAssignment, first.patientSignatureSource, first.releaseOfInformation],
      ['Y', undefined, 'Y'],
    );
    const changed: Claim = {
      ...claim,
      otherPayers: [
        { ...first, patientSignatureSource: 'P', benefitsAssignment: 'N' },
        (({ claimFilingIndicator: _f, releaseOfInformation: _r, ...rest }) => rest)(second),
      ],
    };
    const written = writeX12Claims([changed], { date });
    assert.deepEqual(segmentsOf(written.text, 'OI'), ['OI***N*P**Y', 'OI***Y']);
    assert.deepEqual(
      segmentsOf(written.text, 'SBR')
        .slice(1)
        .map((s) => s.split('*')[9]),
      ['CI', 'ZZ'],
    );
    assert.deepEqual(
      written.problems.filter((p) => p.code === 'x12.write.missing-data').map((p) => p.message),
      [
        // The wording the QA found garbled ("…; ZZ was written is required…"), now a sentence.
        'Claim A37YH556: other payer claim filing indicator (2320 SBR09) is required in an 837 but the claim has none; ZZ was written instead.',
        'Claim A37YH556: other insurance release of information (2320 OI06) is required in an 837 but the claim has none.',
      ],
    );
    const back = readX12Text(written.text).claims[0];
    assert.deepEqual(
      back?.otherPayers?.map((o) => [o.benefitsAssignment, o.patientSignatureSource]),
      [
        ['N', 'P'],
        ['Y', undefined],
      ],
    );
  });

  it('the subscriber filing indicator message reads as a sentence', () => {
    const [claim] = readX12Text(j1550()).claims;
    assert.ok(claim);
    const { claimFilingIndicator: _c, ...subscriber } = claim.subscriber ?? {};
    const written = writeX12Claims([{ ...claim, subscriber, payer: { ...claim.payer, kind: 'unknown' } }], {
      date,
    });
    assert.deepEqual(
      written.problems.map((p) => p.message),
      [
        'Claim CLMNO12345: claim filing indicator (2000B SBR09) is required in an 837 but the claim has none; ZZ was written instead.',
      ],
    );
  });
});

describe('837 writer: quantities exactly when X12 holds them (R 1/15, 3 decimals), else reported (QA: 1e20, 0.0004)', () => {
  /** A small 837P: one drug line with its NDC quantity, and another payer's claim adjustment with a quantity. */
  const inline = [
    'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *250301*1200*^*00501*000000042*0*T*:~',
    'GS*HC*S*R*20250301*1200*7*X*005010X222A1~',
    'ST*837*0001*005010X222A1~',
    'BHT*0019*00*1*20250301*1200*CH~',
    'NM1*41*2*INFUSION CENTER*****46*TAX123~',
    'PER*IC*BILLING*TE*5555551212~',
    'NM1*40*2*CLEARINGHOUSE*****46*CH1~',
    'HL*1**20*1~',
    'NM1*85*2*INFUSION CENTER*****XX*1234567893~',
    'N3*1 MAIN ST~',
    'N4*SPRINGFIELD*IL*62701~',
    'REF*EI*123456789~',
    'HL*2*1*22*0~',
    'SBR*P*18*GRP1******MB~',
    'NM1*IL*1*DOE*JOHN****MI*1EG4TE5MK72~',
    'DMG*D8*19500101*M~',
    'NM1*PR*2*MEDICARE PART B*****PI*00952~',
    'CLM*PCN1*150***11:B:1*Y*A*Y*Y~',
    'HI*ABK:C50911~',
    'SBR*S*18*******CI~',
    'CAS*CO*45*10*2~',
    'OI***Y***Y~',
    'NM1*IL*1*DOE*JOHN****MI*X1~',
    'NM1*PR*2*OTHER PAYER*****PI*99~',
    'LX*1~',
    'SV1*HC:J9355:JZ*150*UN*30***1~',
    'DTP*472*D8*20250301~',
    'LIN**N4*00069008101~',
    'CTP****150*ME~',
    'SE*28*0001~',
    'GE*1*7~',
    'IEA*1*000000042~',
  ].join('\n');

  it('the inline claim reads without problems', () => {
    assert.deepEqual(readX12Text(inline).problems, []);
  });

  type Case = [
    label: string,
    units: number,
    quantity: number,
    sv104: string,
    ctp04: string,
    problems: string[][],
  ];
  const cases: Case[] = [
    ['whole and 3-decimal quantities: exact, nothing reported', 30, 0.125, '30', '0.125', []],
    ['15 digits: exact', 123456789012345, 123456789012.345, '123456789012345', '123456789012.345', []],
    [
      'a fourth decimal: rounded half up, a warning',
      1.2345,
      1.2345,
      '1.235',
      '1.235',
      [
        ['warning', 'SV104', '1.2345', '1.235'],
        ['warning', 'CTP04', '1.2345', '1.235'],
      ],
    ],
    [
      'a positive quantity that rounds to 0: an error (it bills nothing)',
      0.0004,
      0.0004,
      '0',
      '0',
      [
        ['error', 'SV104', '0.0004', '0'],
        ['error', 'CTP04', '0.0004', '0'],
      ],
    ],
    [
      'more than 15 digits: decimals given up to fit (a warning), or written whole and an error',
      1e20,
      17636684144620.715,
      '100000000000000000000',
      '17636684144620.7',
      [
        ['error', 'SV104', '100000000000000000000', '100000000000000000000'],
        ['warning', 'CTP04', '17636684144620.715', '17636684144620.7'],
      ],
    ],
  ];
  for (const [label, units, quantity, sv104, ctp04, problems] of cases)
    it(label, () => {
      const [claim] = readX12Text(inline).claims;
      assert.ok(claim);
      const line = claim.lines[0] as ClaimLine;
      const drug = { ndc: '00069008101', ndcQualifier: 'N4', unit: 'ME', quantity };
      const written = writeX12Claims([{ ...claim, lines: [{ ...line, units, drug }] }], { date });
      assert.deepEqual(
        [
          segmentsOf(written.text, 'SV1')[0]?.split('*')[4],
          segmentsOf(written.text, 'CTP')[0]?.split('*')[4],
        ],
        [sv104, ctp04],
      );
      assert.deepEqual(
        written.problems.map((p) => [
          p.severity,
          p.data?.['element'],
          p.data?.['value'],
          p.data?.['written'],
        ]),
        problems,
      );
      assert.ok(
        written.problems.every(
          (p) =>
            p.code ===
              (p.severity === 'warning' ? 'x12.write.quantity-rounded' : 'x12.write.invalid-value') &&
            p.data?.['line'] === 1,
        ),
      );
      // What was written exactly reads back as the claim's quantity.
      if (problems.length === 0) {
        const back = readX12Text(written.text).claims[0]?.lines[0];
        assert.deepEqual([back?.units, back?.drug?.quantity], [units, quantity]);
      }
    });

  it('the messages name the claim, the line, the element, the value and what was written', () => {
    const [claim] = readX12Text(inline).claims;
    assert.ok(claim);
    const line = claim.lines[0] as ClaimLine;
    const other = claim.otherPayers?.[0];
    assert.ok(other);
    const adjustments = [{ group: 'CO', carc: '45', amountCents: 1000, quantity: 2.00049 }];
    const written = writeX12Claims(
      [{ ...claim, otherPayers: [{ ...other, adjustments }], lines: [{ ...line, units: 0.0004 }] }],
      { date },
    );
    assert.deepEqual(segmentsOf(written.text, 'CAS'), ['CAS*CO*45*10*2']);
    assert.deepEqual(
      written.problems.map((p) => p.message),
      [
        'Claim PCN1: 2320 CAS04 (adjustment CO-45 quantity) 2.00049 has more than the 3 decimals drugclaim writes in an X12 quantity; 2 was written.',
        'Claim PCN1 line 1: SV104 (units) 0.0004 rounds to 0 at the 3 decimals drugclaim writes in an X12 quantity; 0 was written, which bills nothing.',
      ],
    );
  });

  it('837I: SV205 the same way', () => {
    const [claim] = readX12Text(inline).claims;
    assert.ok(claim);
    const written = writeX12Claims(
      [{ ...claim, lines: [{ ...(claim.lines[0] as ClaimLine), units: 1e20 }] }],
      {
        date,
        type: '837I',
      },
    );
    assert.deepEqual(
      written.problems.filter((p) => p.code === 'x12.write.invalid-value').map((p) => p.message),
      [
        'Claim PCN1 line 1: SV205 (units) 100000000000000000000 needs more than the 15 digits an X12 quantity holds; it was written as it is, and the 837 will be rejected.',
      ],
    );
  });
});

describe('837 writer: the payer id qualifier (NM108) is written back as read (QA: XV, the CMS plan id, became PI)', () => {
  const dir = x12SamplesDir();
  // NM108*NM109 of each payer that has an id (a sample may indent its segments, or lack the payer loop).
  const payerIds = (text: string): string[] =>
    text
      .split(/[~\r\n]+/)
      .map((s) => s.trim())
      .filter((s) => s.startsWith('NM1*PR*'))
      .map((s) => s.split('*').slice(8, 10).join('*'))
      .filter((q) => q !== '' && q !== '*');
  const files = readdirSync(dir).filter((f) => /^837/.test(f));
  it('the samples include a payer sent with XV', () => {
    assert.ok(
      files.some((f) => payerIds(readFileSync(join(dir, f), 'latin1')).some((q) => q.startsWith('XV*'))),
    );
  });
  for (const file of files) {
    it(file, () => {
      const bytes = readFileSync(join(dir, file));
      const read = readX12Bytes(bytes, { file });
      assert.ok(read.claims.length > 0);
      assert.deepEqual(
        payerIds(writeX12Claims(read.claims, { date }).text),
        payerIds(bytes.toString('latin1')),
      );
    });
  }
  it('2330B (other payer) keeps XV too; a payer with no qualifier (from FHIR, JSON, CSV) is written with PI', () => {
    const [claim] = readX12Text(j1550()).claims;
    assert.ok(claim);
    assert.equal(claim.payer.idQualifier, 'XV');
    const { idQualifier: _xv, ...asFromFhir } = claim.payer;
    const written = writeX12Claims(
      [
        {
          ...claim,
          payer: asFromFhir,
          otherPayers: [
            {
              payer: { name: 'OTHER PLAN', id: 'OTHERPLAN1', idQualifier: 'XV' },
              subscriber: { memberId: 'M2', lastName: 'DOE' },
            },
          ],
        },
      ],
      { date },
    ).text;
    assert.deepEqual(payerIds(written), ['PI*PLANID12345', 'XV*OTHERPLAN1']);
  });
});
