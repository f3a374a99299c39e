/**
 * The 837 patcher on the shared samples: claims no fix changed give back the file byte for byte (every 837 sample,
 * CRLF terminators, several envelopes and the malformed ones included); a changed line edits only its own
 * segments; claims that cannot be tied to the text give null, so the caller writes from the model.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Claim } from '../../core/claim/model.ts';
import { x12SamplesDir } from '../../../test/support/shared.ts';
import { decodeText } from './decode.ts';
import { readX12Bytes } from './index.ts';
import { patchX12Claims, patchX12ClaimSteps } from './patch-837.ts';
import { writeX12Claims } from './write-837.ts';

const samples = (): string[] =>
  readdirSync(x12SamplesDir())
    .filter((f) => f.startsWith('837') || f.startsWith('MALFORMED_837'))
    .sort();

const text = (bytes: Uint8Array): string => {
  const d = decodeText(bytes);
  assert.ok(d.ok);
  return d.text;
};

/** The claims with the first drug line's modifiers replaced (a copy; the others stay the same objects). */
function withModifier(claims: readonly Claim[], modifier: string): { fixed: Claim[]; claimIndex: number } {
  const claimIndex = claims.findIndex((c) => c.lines.some((l) => l.procedure.code.startsWith('J')));
  assert.ok(claimIndex >= 0);
  const copy = structuredClone(claims[claimIndex] as Claim);
  const line = copy.lines.find((l) => l.procedure.code.startsWith('J'));
  assert.ok(line);
  line.procedure.modifiers = [modifier];
  const fixed = [...claims];
  fixed[claimIndex] = copy;
  return { fixed, claimIndex };
}

void describe('patchX12Claims', () => {
  void it('gives every 837 sample back unchanged when no claim changed', () => {
    let patched = 0;
    for (const name of samples()) {
      const bytes = readFileSync(join(x12SamplesDir(), name));
      const read = readX12Bytes(bytes, { file: name });
      const out = patchX12Claims(bytes, read.claims, read.claims);
      assert.ok(out, name);
      assert.ok(Buffer.from(out.text, 'utf8').equals(bytes), `${name}: the same bytes`);
      patched++;
    }
    assert.equal(patched, 12);
  });

  void it('a changed drug line edits its SV1 composite and nothing else', () => {
    for (const name of [
      '837P_lfh_drug-example10-1_J1550-ndc.837',
      '837P_hccinfhir_sample_837_11_J1745-ndc_edge.txt',
    ]) {
      const bytes = readFileSync(join(x12SamplesDir(), name));
      const read = readX12Bytes(bytes, { file: name });
      const { fixed } = withModifier(read.claims, 'JZ');
      const out = patchX12Claims(bytes, read.claims, fixed);
      assert.ok(out, name);
      const before = text(bytes).split('~');
      const after = out.text.split('~');
      assert.equal(after.length, before.length, name);
      const changed = before.flatMap((s, i) => (s === after[i] ? [] : [[s.trim(), after[i]?.trim()]]));
      assert.equal(changed.length, 1, name);
      const [was, now] = changed[0] as [string, string];
      assert.match(was, /^SV1\*HC:J\d{4}/, name);
      assert.match(now, /^SV1\*HC:J\d{4}:JZ\*/, name);
      assert.equal(
        now.slice(now.indexOf('*', 4)),
        was.slice(was.indexOf('*', 4)),
        `${name}: only the composite`,
      );
      // Read back: the fixed claim, the others as they were.
      const again = readX12Bytes(Buffer.from(out.text), { file: name });
      assert.deepEqual(
        again.claims.map((c) => c.lines.map((l) => l.procedure.modifiers)),
        fixed.map((c) => c.lines.map((l) => l.procedure.modifiers)),
      );
    }
  });

  void it('null when the claims cannot be tied to the text', () => {
    const name = '837P_lfh_drug-example10-1_J1550-ndc.837';
    const bytes = readFileSync(join(x12SamplesDir(), name));
    const read = readX12Bytes(bytes, { file: name });
    const { fixed, claimIndex } = withModifier(read.claims, 'JZ');
    const unplaced = read.claims.map((c, i) => {
      if (i !== claimIndex) return c;
      const { position: _, ...rest } = c;
      return rest;
    });
    const cases: [string, Uint8Array, Claim[], Claim[]][] = [
      ['no positions', bytes, unplaced, fixed],
      ['another file', readFileSync(join(x12SamplesDir(), '837P_imsweb_x12_valid.txt')), read.claims, fixed],
      ['UTF-16', Buffer.from(`\ufeff${text(bytes)}`, 'utf16le'), read.claims, fixed],
      ['fewer claims', bytes, read.claims, fixed.slice(1)],
    ];
    for (const [label, input, original, claims] of cases)
      assert.equal(patchX12Claims(input, original, claims), null, label);
  });
});

void describe('patchX12Claims: only what a fix changed', () => {
  const name = '837P_lfh_drug-example10-1_J1550-ndc.837';
  const sample = (): string => readFileSync(join(x12SamplesDir(), name), 'latin1');
  /** The claims read from `text`, and a copy of them whose J1550 line `change` edited. */
  function fixedBy(text: string | Buffer, change: (line: Claim['lines'][number]) => void) {
    const bytes = typeof text === 'string' ? Buffer.from(text, 'latin1') : text;
    const read = readX12Bytes(bytes, { file: name });
    const copy = structuredClone(read.claims[0] as Claim);
    const line = copy.lines.find((l) => l.procedure.code === 'J1550');
    assert.ok(line);
    change(line);
    return { bytes, read, fixed: [copy] };
  }
  const changedSegments = (before: string, after: string): [string, string][] => {
    const a = before.split('~');
    const b = after.split('~');
    assert.equal(b.length, a.length);
    return a.flatMap((s, i) => (s === b[i] ? [] : [[s.trim(), (b[i] ?? '').trim()] as [string, string]]));
  };

  void it('a changed quantity X12 cannot hold exactly is written and reported as the writer does', () => {
    const cases: [label: string, units: number, sv104: string, problem: [string, string] | undefined][] = [
      ['exact', 2.5, '2.5', undefined],
      ['a fourth decimal', 1.2345, '1.235', ['x12.write.quantity-rounded', 'warning']],
      ['rounds to 0', 0.0004, '0', ['x12.write.invalid-value', 'error']],
      ['not finite', Number.NaN, '', ['x12.write.invalid-value', 'error']],
    ];
    for (const [label, units, sv104, problem] of cases) {
      const { bytes, read, fixed } = fixedBy(sample(), (l) => (l.units = units));
      const out = patchX12Claims(bytes, read.claims, fixed);
      assert.ok(out, label);
      const sv1 = out.text.split('~').find((seg) => seg.trim().startsWith('SV1*HC:J1550'));
      assert.equal(sv1?.trim().split('*')[4], sv104, label);
      assert.deepEqual(
        out.problems.filter((p) => p.data?.['element'] === 'SV104').map((p) => [p.code, p.severity]),
        problem === undefined ? [] : [problem],
        label,
      );
    }
  });

  void it('a Latin-1 file (not UTF-8) is patched in Latin-1: every other byte stays (QA: é came back as UTF-8)', () => {
    const text = sample().replace('NM1*IL*1*Vaughn*Steve', 'NM1*IL*1*Vaughn*Stéphane');
    const { bytes, read, fixed } = fixedBy(text, (l) => (l.procedure.modifiers = ['JZ']));
    assert.ok(bytes.includes(0xe9) && !bytes.toString('utf8').includes('é'), 'a Latin-1 byte');
    const same = patchX12Claims(bytes, read.claims, read.claims);
    assert.equal(same?.encoding, 'latin1');
    assert.ok(Buffer.from(same?.text ?? '', 'latin1').equals(bytes), 'unchanged: the same bytes');
    const out = patchX12Claims(bytes, read.claims, fixed);
    assert.ok(out);
    assert.equal(out.encoding, 'latin1');
    assert.deepEqual(changedSegments(text, out.text), [
      ['SV1*HC:J1550*53.37*UN*1.00*11**1', 'SV1*HC:J1550:JZ*53.37*UN*1.00*11**1'],
    ]);
    assert.ok(Buffer.from(out.text, 'latin1').includes(Buffer.from('Stéphane', 'latin1')));
  });

  void it('a value the reader could not read stays as sent: never the $0 the model holds for it', () => {
    const text = sample().replace('SV1*HC:J1550*53.37*', 'SV1*HC:J1550*53X37*');
    const { bytes, read, fixed } = fixedBy(text, (l) => (l.procedure.modifiers = ['JZ']));
    assert.equal(read.claims[0]?.lines[1]?.chargeCents, 0, 'the model holds 0 for "53X37"');
    const out = patchX12Claims(bytes, read.claims, fixed);
    assert.deepEqual(changedSegments(text, out?.text ?? ''), [
      ['SV1*HC:J1550*53X37*UN*1.00*11**1', 'SV1*HC:J1550:JZ*53X37*UN*1.00*11**1'],
    ]);
  });

  void it('a changed NDC is written in 11 digits (LIN03 N4)', () => {
    const text = sample();
    const { bytes, read, fixed } = fixedBy(text, (l) => {
      if (l.drug) l.drug.ndc = '00026-0635-12';
    });
    const out = patchX12Claims(bytes, read.claims, fixed);
    assert.deepEqual(out?.problems, []);
    // The same NDC once normalised: the text does not change at all.
    assert.equal(out?.text, text);
    const { fixed: other } = fixedBy(text, (l) => {
      if (l.drug) l.drug.ndc = '0026-0635-13';
    });
    assert.deepEqual(changedSegments(text, patchX12Claims(bytes, read.claims, other)?.text ?? ''), [
      ['LIN**N4*00026063512', 'LIN**N4*00026063513'],
    ]);
  });

  void it('diagnoses sent with a dot, blanks or in lower case go out as read, with or without a fix (QA: C34.90 stayed)', () => {
    const cases: [string, string, string][] = [
      ['dotted', 'HI*ABK:C34.90*ABF:c50.911~', 'HI*ABK:C3490*ABF:C50911~'],
      ['blanks, 4010 qualifier', 'HI*BK:C34 90~', 'HI*BK:C3490~'],
      ['split composite (4010 style)', 'HI*ABK*c34.90~', 'HI*ABK*C3490~'],
      ['other code types stay', 'HI*ABK:C34.90*BG:a1*ZZ:x.1~', 'HI*ABK:C3490*BG:a1*ZZ:x.1~'],
      ['clean: nothing changes', 'HI*ABK:C3490~', 'HI*ABK:C3490~'],
    ];
    for (const [label, hi, want] of cases) {
      const text = sample().replace('HI*BK:03591~', hi);
      const { bytes, read, fixed } = fixedBy(text, (l) => (l.procedure.modifiers = ['JZ']));
      for (const claims of [read.claims, fixed]) {
        const out = patchX12Claims(bytes, read.claims, claims);
        assert.ok(out, label);
        const changed = changedSegments(text, out.text).filter(([from]) => from.startsWith('HI'));
        assert.deepEqual(changed, hi === want ? [] : [[hi.slice(0, -1), want.slice(0, -1)]], label);
        assert.deepEqual(
          out.problems.map((p) => [p.code, p.severity, p.message]),
          hi === want
            ? []
            : [
                [
                  'x12.write.diagnosis-rewritten',
                  'info',
                  `Claim ${read.claims[0]?.id}: ${hi.slice(0, -1)} written as ${want.slice(0, -1)} (diagnosis codes are sent without a decimal point or blanks, in upper case).`,
                ],
              ],
          label,
        );
        // Read again, the patched file says the same diagnoses, with no format warning.
        const again = readX12Bytes(Buffer.from(out.text, 'latin1'));
        assert.deepEqual(again.claims[0]?.diagnoses, read.claims[0]?.diagnoses, label);
        assert.ok(!again.problems.some((p) => p.code === 'x12.element.diagnosis-format'), label);
      }
      // A claim kept as read (read with errors) keeps its HI as sent, and so does every claim when asked.
      assert.equal(
        patchX12Claims(bytes, read.claims, read.claims, { cleanDiagnoses: false })?.text,
        text,
        label,
      );
      assert.equal(
        patchX12Claims(bytes, read.claims, read.claims, { keepAsRead: new Set([0]) })?.text,
        text,
        label,
      );
    }
  });

  void it('a line a fix adds points into the HI the file keeps, not into the HI the writer would write', () => {
    // The principal (BK) second in the HI: the reader gives 99213 pointer 1 and 03591 pointer 2; the writer would put
    // the principal first (03591 at 1), but the patched file keeps its own HI, so an added line keeps pointer 1 → 1.
    const text = sample()
      .replace('HI*BK:03591~', 'HI*BF:7840*BK:03591~')
      .replace('SV1*HC:J1550*53.37*UN*1.00*11**1~', 'SV1*HC:J1550*53.37*UN*1.00*11**2~');
    const { bytes, read, fixed } = fixedBy(text, (l) => (l.procedure.modifiers = ['JZ']));
    const claim = fixed[0] as Claim;
    const j1550 = claim.lines.find((l) => l.procedure.code === 'J1550');
    assert.ok(j1550);
    assert.deepEqual(j1550.diagnosisPointers, [2]);
    // A line the fix added: no position in the file.
    const { position: _, ...copy } = structuredClone(j1550);
    claim.lines.push({
      ...copy,
      sequence: claim.lines.length + 1,
      procedure: { ...j1550.procedure, modifiers: ['JW'] },
      diagnosisPointers: [1],
    });
    const out = patchX12Claims(bytes, read.claims, fixed);
    assert.ok(out);
    const added = out.text
      .split('~')
      .map((seg) => seg.trim())
      .filter((seg) => seg.startsWith('SV1*HC:J1550'));
    assert.deepEqual(
      added.map((seg) => seg.split('*')[7]),
      ['2', '1'],
    );
    assert.ok(out.text.includes('HI*BF:7840*BK:03591~'), 'the HI is kept as sent');
  });

  void it('a fixed line another payer already adjudicated (2430 SVD) is reported: its SVD describes the line as billed', () => {
    // QA fix2.x12: the JW split left SVD03 HC:J9173:JZ and 84 units on a line now billing 75 units without JZ.
    const text = sample()
      .replace('CTP****10.00*ML~', 'CTP****10.00*ML~\nSVD*OTH1*40*HC:J1550**1~\nCAS*CO*45*13.37~')
      .replace(/SE\*(\d+)\*/, (_m, n: string) => `SE*${Number(n) + 2}*`);
    const cases: [label: string, change: (l: Claim['lines'][number]) => void, warned: boolean][] = [
      ['units changed', (l) => (l.units = 2), true],
      ['modifier added', (l) => (l.procedure.modifiers = ['JZ']), true],
      ['only the NDC quantity', (l) => l.drug && (l.drug.quantity = 12), false],
    ];
    for (const [label, change, warned] of cases) {
      const { bytes, read, fixed } = fixedBy(text, change);
      const out = patchX12Claims(bytes, read.claims, fixed);
      assert.ok(out, label);
      assert.ok(out.text.includes('SVD*OTH1*40*HC:J1550**1~'), `${label}: the SVD is kept as sent`);
      assert.deepEqual(
        out.problems.map((p) => p.code),
        warned ? ['x12.write.line-adjudication'] : [],
        label,
      );
    }
  });
});

void describe('patchX12ClaimSteps', () => {
  void it('gives the same text as patchX12Claims, pausing per MiB read and per 500 changed claims', () => {
    const name = '837P_lfh_drug-example10-1_J1550-ndc.837';
    const sample = readX12Bytes(readFileSync(join(x12SamplesDir(), name)), { file: name }).claims;
    // 5,000 claims (about 2.2 MB), written from the sample's, each then changed.
    const many = Array.from({ length: 5000 }, (_, i) => ({
      ...(sample[i % sample.length] as Claim),
      id: `C${i}`,
    }));
    const bytes = Buffer.from(writeX12Claims(many).text, 'utf8');
    const read = readX12Bytes(bytes);
    assert.equal(read.claims.length, 5000);
    const fixed = read.claims.map((c) => {
      const copy = structuredClone(c);
      for (const line of copy.lines) line.procedure.modifiers = [...line.procedure.modifiers, 'JZ'];
      return copy;
    });
    const whole = patchX12Claims(bytes, read.claims, fixed);
    assert.ok(whole);
    const steps = patchX12ClaimSteps(bytes, read.claims, fixed);
    let pauses = 0;
    let step = steps.next();
    for (; step.done !== true; step = steps.next()) pauses++;
    assert.equal(step.value?.text, whole.text);
    // Two MiB read, ten times 500 claims patched.
    assert.ok(bytes.length > 2 * 2 ** 20, `${bytes.length} bytes`);
    assert.equal(pauses, 2 + 10);
  });
});
