/**
 * `check --fix` writing: claims read with errors are never rewritten from the model (their unreadable values would
 * come out as $0 or be dropped), the envelope the claims came in is written back, and a Latin-1 837 stays Latin-1.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Claim } from '../../core/claim/model.ts';
import { x12SamplesDir } from '../../../test/support/shared.ts';
import { claimsWithReadErrors, readClaimBytes, writeFixedClaimFile } from './index.ts';

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
