/**
 * Read → write → read gives the same claims, for every 837 sample; the written envelopes are correct (no envelope
 * problem when read back); writing is stable (writing what was read back gives the same text).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Claim } from '../../core/claim/model.ts';
import { x12SamplesDir } from '../../../test/support/shared.ts';
import { readX12Text, readX12Bytes, writeX12Claims } from './index.ts';
import { MAX_CLAIMS_PER_TRANSACTION, X12ClaimWriter } from './write-837.ts';

const date = new Date('2025-03-01T12:00:00Z');

/** 4010 qualifiers are written in their 5010 form; a subscriber with no patient loop is written as "self" (18). */
const qualifier5010: Record<string, string> = { BK: 'ABK', BF: 'ABF', BJ: 'ABJ', PR: 'APR', BN: 'ABN' };

function comparable(claims: readonly Claim[]): unknown {
  return claims.map((c) => {
    const { position: _p, envelope: _e, ...rest } = structuredClone(c);
    rest.lines = rest.lines.map((l) => {
      const { position: _lp, ...line } = l;
      return line;
    });
    rest.diagnoses = rest.diagnoses.map((d) => ({
      ...d,
      ...(d.qualifier === undefined ? {} : { qualifier: qualifier5010[d.qualifier] ?? d.qualifier }),
    }));
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
      // Writing what was read back gives the same text.
      assert.equal(writeX12Claims(again.claims, { date }).text, written.text);
    });
  }

  it('837I: the principal diagnosis has its own HI (HI01 only); the others follow in an HI of their own', () => {
    const r = readX12Bytes(readFileSync(join(dir, '837I_lfh_institutional-claim.837i')));
    const his = writeX12Claims(r.claims, { date })
      .text.split('~\n')
      .filter((s) => s.startsWith('HI*'));
    assert.deepEqual(his, [
      'HI*ABK:3669',
      'HI*ABF:4019*ABF:79431',
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
    assert.match(text, /IEA\*2\*000000001~/);
  });

  it('does not change the claims it writes', () => {
    const r = readX12Bytes(readFileSync(join(dir, '837P_lfh_drug-example10-1_J1550-ndc.837')));
    const before = structuredClone(r.claims);
    writeX12Claims(r.claims, { date });
    assert.deepEqual(r.claims, before);
  });

  it('replaces delimiter characters in data and says so', () => {
    const r = readX12Bytes(readFileSync(join(dir, '837P_lfh_drug-example10-1_J1550-ndc.837')));
    const claim = structuredClone(r.claims[0]) as Claim;
    claim.notes = ['PAID*IN~FULL'];
    const w = writeX12Claims([claim], { date });
    assert.match(w.text, /NTE\*ADD\*PAID IN FULL~/);
    assert.deepEqual(
      w.problems.map((p) => p.code),
      ['x12.write.delimiter-in-data'],
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
    const text = writeX12Claims(claims, { date }).text;
    assert.deepEqual(envelopeErrors(text), []);
    const back = readX12Text(text);
    assert.deepEqual(
      back.transactions.map((t) => t.control),
      ['0001', '0002', '0003'],
    );
    const perSet = text.split('~\nST*').map((part) => part.split('~\nCLM*').length - 1);
    assert.deepEqual(perSet.slice(1), [5000, 5000, 1]);
    assert.equal(text.match(/~\nGS\*/g)?.length, 1);
    assert.deepEqual(
      back.problems.filter((x) => x.severity === 'error'),
      [],
    );
    assert.deepEqual(comparable(back.claims), comparable(claims));
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
    assert.match(text, /IEA\*3\*000000001~/);
    assert.equal(back.claims.length, claims.length);
  });
});
