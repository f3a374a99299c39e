/**
 * `check --fix` writing: claims read with errors are never rewritten from the model (their unreadable values would
 * come out as $0 or be dropped), the envelope the claims came in is written back, and a Latin-1 837 stays Latin-1.
 * Written paced (the server), the file is the same, and a big batch pauses as it is written.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Claim } from '../../core/claim/model.ts';
import { fhirSamplesDir, x12SamplesDir } from '../../../test/support/shared.ts';
import { writeFhirClaims } from '../fhir/index.ts';
import { writeClaimCsv } from './csv.ts';
import {
  claimsWithReadErrors,
  readClaimBytes,
  writeClaimFile,
  writeFixedClaimFile,
  writeFixedClaimFilePaced,
  type ClaimOutputFormat,
} from './index.ts';
import { writeClaimJson } from './json.ts';

const sample = (): string =>
  readFileSync(join(x12SamplesDir(), '837P_lfh_drug-example10-1_J1550-ndc.837'), 'latin1');
const read = (name: string, text: string) => readClaimBytes(name, Buffer.from(text, 'latin1'));
/** The claims with a JZ added to the J1550 line of claim `i` (a copy; the others stay the same objects). */
function withJz(claims: readonly Claim[], i = 0): Claim[] {
  const copy = structuredClone(claims[i] as Claim);
  copy.lines[1]?.procedure.modifiers.push('JZ');
  return claims.map((c, k) => (k === i ? copy : c));
}

void describe('claimsWithReadErrors', () => {
  const cases: [label: string, edit: (t: string) => string, damaged: number[]][] = [
    ['a clean file', (t) => t, []],
    ['an unreadable charge (SV102 "53X37")', (t) => t.replace('*53.37*', '*53X37*'), [0]],
    ['an invalid service date', (t) => t.replaceAll('DTP*472*D8*20040711', 'DTP*472*D8*20041340'), [0]],
    // A code the guide does not allow is kept as sent: the claim can still be fixed and written back.
    ['a hyphenated NDC', (t) => t.replace('LIN**N4*00026063512', 'LIN**N4*00026-0635-12'), []],
    // Envelope counts are the file's, not a claim's.
    ['an SE01 count off', (t) => t.replace(/SE\*(\d+)\*/, 'SE*99*'), []],
  ];
  for (const [label, edit, damaged] of cases)
    void it(label, () => {
      const r = read('a.837', edit(sample()));
      assert.deepEqual([...claimsWithReadErrors(r.claims, r.problems).keys()], damaged);
    });

  void it('two files of one name: their problems cannot be told apart, so all their claims are listed', () => {
    const a = read('same.837', sample());
    const b = read('same.837', sample().replace('*53.37*', '*53X37*'));
    const claims = [...a.claims, ...b.claims];
    assert.deepEqual([...claimsWithReadErrors(claims, [...a.problems, ...b.problems]).keys()], [0, 1]);
  });
});

void describe('writeFixedClaimFile', () => {
  void it('written from the claims: the envelope they came in (test data, ISA13, GS06, ST02, BHT), not a new one', () => {
    const a = read('a.837', sample());
    const b = read('b.837', sample().replaceAll('CLMNO12345', 'CLMNO67890'));
    const claims = [...a.claims, ...b.claims];
    const out = writeFixedClaimFile(claims, withJz(claims), 'x12');
    assert.equal(out.patched, false);
    assert.deepEqual(out.problems, []);
    const segs = out.text.split('~\n');
    assert.match(
      segs[0] ?? '',
      /^ISA\*00\*.{10}\*00\*.{10}\*30\*000000005 {6}\*30\*12345 {10}\*\d{6}\*\d{4}\*\^\*00501\*000000907\*1\*T\*:$/,
    );
    assert.ok(segs.some((s) => /^GS\*HC\*000000005\*54321\*\d{8}\*\d{4}\*1\*X\*005010X222A2$/.test(s)));
    assert.ok(segs.includes('ST*837*0711*005010X222A2'));
    assert.ok(segs.includes('BHT*0019*00*0013*20040801*1200*CH'));
    assert.equal(segs.filter((s) => s.startsWith('CLM*')).length, 2);
  });

  void it('written from the claims, a claim read with errors is left out and listed, never written with $0', () => {
    const a = read('a.837', sample());
    const b = read('b.837', sample().replaceAll('CLMNO12345', 'CLMNO67890').replace('*53.37*', '*53X37*'));
    const claims = [...a.claims, ...b.claims];
    const readErrors = claimsWithReadErrors(claims, [...a.problems, ...b.problems]);
    assert.deepEqual([...readErrors.keys()], [1]);
    const out = writeFixedClaimFile(claims, withJz(claims, 1), 'x12', undefined, { readErrors });
    assert.deepEqual(out.leftOut, [1]);
    assert.doesNotMatch(out.text, /CLMNO67890/);
    assert.doesNotMatch(out.text, /SV1\*HC:J1550(:JZ)?\*0\*/);
    assert.deepEqual(
      out.problems.map((p) => [p.code, p.severity, p.message]),
      [
        [
          'claim-file.not-written',
          'error',
          'Claim CLMNO67890 was read with errors (Line item charge (SV102) "53X37" is not a number. [b.837, line 28, segment 27 (SV1), loop 2400, element 2]), so it cannot be written from what was read: it is not in the fixed file. Correct the input and check it again.',
        ],
      ],
    );
  });

  void it('patched, a claim read with errors keeps its text: its fixes are not written, and that is said', () => {
    const text = sample().replace('*53.37*', '*53X37*');
    const r = read('a.837', text);
    const readErrors = claimsWithReadErrors(r.claims, r.problems);
    const out = writeFixedClaimFile(r.claims, withJz(r.claims), 'x12', Buffer.from(text, 'latin1'), {
      readErrors,
    });
    assert.equal(out.patched, true);
    assert.equal(out.text, text);
    assert.deepEqual(
      out.problems.map((p) => [p.code, p.severity]),
      [['claim-file.not-written', 'warning']],
    );
  });

  void it('an 837 in Latin-1 comes back in Latin-1, patched or written from the claims', () => {
    const text = sample().replace('NM1*IL*1*Vaughn*Steve', 'NM1*IL*1*Vaughn*Stéphane');
    const bytes = Buffer.from(text, 'latin1');
    const r = readClaimBytes('a.837', bytes);
    const patched = writeFixedClaimFile(r.claims, withJz(r.claims), 'x12', bytes);
    assert.equal(patched.patched, true);
    assert.ok(patched.bytes);
    assert.ok(Buffer.from(patched.bytes).equals(Buffer.from(patched.text, 'latin1')));
    assert.ok(Buffer.from(patched.bytes).includes(Buffer.from('Stéphane', 'latin1')));
    // Claims without positions cannot be tied to the text: written from the claims, still in Latin-1.
    const unplaced = r.claims.map(({ position: _p, ...c }) => c);
    const fromClaims = writeFixedClaimFile(unplaced, withJz(unplaced), 'x12', bytes);
    assert.equal(fromClaims.patched, false);
    assert.ok(fromClaims.bytes && Buffer.from(fromClaims.bytes).includes(Buffer.from('Stéphane', 'latin1')));
    assert.ok(!Buffer.from(fromClaims.bytes).includes(Buffer.from('é', 'utf8')));
  });
});

/** Every claim with JZ added to its first line (copies; the input is left as it is). */
function allWithJz(claims: readonly Claim[]): Claim[] {
  return claims.map((c) => {
    const copy = structuredClone(c);
    copy.lines[0]?.procedure.modifiers.push('JZ');
    return copy;
  });
}

/**
 * Asserts that `writeFixedClaimFilePaced` writes what `writeFixedClaimFile` writes (in pieces, with the encoding of its
 * bytes); the number of pauses it made. An X12 file written from the claims holds the minute it was written: both are
 * written again when a minute turned.
 */
async function samePaced(...args: Parameters<typeof writeFixedClaimFile>): Promise<number> {
  const [original, fixed, format, source, options = {}] = args;
  let pauses = 0;
  const pace = (): Promise<void> => {
    pauses++;
    return new Promise((resolve) => setImmediate(resolve));
  };
  const both = async () => {
    pauses = 0;
    const unpaced = writeFixedClaimFile(original, fixed, format, source, options);
    return [unpaced, await writeFixedClaimFilePaced(original, fixed, format, source, options, pace)] as const;
  };
  let [unpaced, written] = await both();
  if (unpaced.text !== written.pieces.join('')) [unpaced, written] = await both();
  const { pieces, encoding, ...rest } = written;
  const text = pieces.join('');
  const label = `${format}${source ? ' patched' : ''}`;
  assert.deepEqual(
    { text, ...rest, ...(encoding === 'latin1' ? { bytes: Buffer.from(text, 'latin1') } : {}) },
    unpaced,
    label,
  );
  return pauses;
}

const FROM_CLAIMS: readonly ClaimOutputFormat[] = ['837P', 'x12', 'fhir', 'json', 'csv'];
// A fixed date: the FHIR writer otherwise puts today's in Claim.created, the X12 one the time in the envelope.
const DATED = { created: '2026-03-01', date: new Date(Date.UTC(2026, 2, 1, 12, 0)) };

void describe('writeFixedClaimFilePaced', () => {
  const samples = [
    ...readdirSync(x12SamplesDir())
      .filter((f) => f.startsWith('837') || f.startsWith('MALFORMED_837'))
      .map((f) => join(x12SamplesDir(), f)),
    join(fhirSamplesDir(), 'Claim_hl7-r4_claim-example-professional.json'),
  ];
  for (const path of samples)
    void it(`${path.split('/').at(-1)}: the same file as writeFixedClaimFile, patched and written from the claims`, async () => {
      const bytes = readFileSync(path);
      const r = readClaimBytes(path, bytes);
      assert.ok(r.claims.length > 0);
      const fixed = allWithJz(r.claims);
      const readErrors = claimsWithReadErrors(r.claims, r.problems);
      const format = r.format === 'fhir' ? 'fhir' : 'x12';
      assert.equal(writeFixedClaimFile(r.claims, fixed, format, bytes, { readErrors }).patched, true);
      await samePaced(r.claims, fixed, format, bytes, { readErrors });
      for (const f of FROM_CLAIMS) await samePaced(r.claims, fixed, f, undefined, { readErrors });
      // The claim-at-a-time writers writeClaimFile now uses give what the whole-batch ones give.
      const written = r.claims.filter((_, i) => !readErrors.has(i));
      assert.equal(writeClaimFile(written, 'csv').text, writeClaimCsv(written));
      assert.equal(writeClaimFile(written, 'json').text, writeClaimJson(written));
      assert.equal(writeClaimFile(written, 'fhir', DATED).text, writeFhirClaims(written, DATED));
    });

  void it('3,000 claims: the same file, pausing as it is written, in every format, patched or not', async () => {
    const lfh = readClaimBytes('lfh.837', Buffer.from(sample(), 'latin1')).claims[0] as Claim;
    const many = Array.from({ length: 3000 }, (_, i) => ({ ...lfh, id: `C${i}` }));
    const sources: [ClaimOutputFormat, string, Buffer][] = [
      ['x12', 'many.837', Buffer.from(writeClaimFile(many, 'x12', DATED).text, 'latin1')],
      ['fhir', 'many.fhir.json', Buffer.from(writeClaimFile(many, 'fhir', DATED).text, 'utf8')],
    ];
    for (const [format, name, bytes] of sources) {
      const r = readClaimBytes(name, bytes);
      assert.equal(r.claims.length, 3000);
      const fixed = allWithJz(r.claims);
      assert.equal(writeFixedClaimFile(r.claims, fixed, format, bytes).patched, true);
      const pauses = await samePaced(r.claims, fixed, format, bytes);
      assert.ok(pauses >= 5, `${format} patched: ${pauses} pauses`);
    }
    const fixed = allWithJz(many);
    for (const f of FROM_CLAIMS) {
      const pauses = await samePaced(many, fixed, f);
      assert.ok(pauses >= 5, `${f}: ${pauses} pauses`);
    }
  });
});
