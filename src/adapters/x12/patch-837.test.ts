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
import { patchX12Claims } from './patch-837.ts';

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
