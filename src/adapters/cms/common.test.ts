import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAmountCell, parseNumberCell, utf16Kind, type AmountCell } from './common.ts';
import { utf16le } from './testing.ts';

/** $100 million in mills: the ASP bound. */
const MAX = 100_000_000_000;

void describe('parseAmountCell (3 decimals, as ASP limits): exact, never rounded, never a wrong fact', () => {
  const cases: [string, AmountCell][] = [
    ['86.270', { kind: 'ok', units: 86270 }],
    ['$85.120', { kind: 'ok', units: 85120 }],
    ['1,303.342', { kind: 'ok', units: 1303342 }],
    ['  0.125 ', { kind: 'ok', units: 125 }],
    ['.5', { kind: 'ok', units: 500 }],
    ['7', { kind: 'ok', units: 7000 }],
    ['-0.000', { kind: 'ok', units: 0 }],
    ['100000000.000', { kind: 'ok', units: MAX }],
    ['100000000.001', { kind: 'too-large' }],
    ['86270000000000000000000.000', { kind: 'too-large' }],
    ['-86.270', { kind: 'negative' }],
    ['$-1.00', { kind: 'negative' }],
    ['86.2705', { kind: 'too-many-decimals', decimals: 4 }],
    ['8 6.270', { kind: 'not-a-number' }],
    ['8,6.270', { kind: 'not-a-number' }],
    ['86.2x0', { kind: 'not-a-number' }],
    ['$$1', { kind: 'not-a-number' }],
    ['', { kind: 'not-a-number' }],
    ['.', { kind: 'not-a-number' }],
  ];
  for (const [text, expected] of cases) {
    void test(`${JSON.stringify(text)} → ${JSON.stringify(expected)}`, () =>
      assert.deepEqual(parseAmountCell(text, 3, MAX), expected));
  }
});

void describe('parseNumberCell: only finite numbers', () => {
  const cases: [string, number | null | undefined][] = [
    ['2.4', 2.4],
    ['', null],
    ['1e3', undefined],
    ['9'.repeat(400), undefined],
  ];
  for (const [text, expected] of cases) {
    void test(`${text.slice(0, 12)} → ${String(expected)}`, () =>
      assert.equal(parseNumberCell(text), expected));
  }
});

void describe('utf16Kind', () => {
  const ascii = 'HCPCS Code,Short Description,HCPCS Code Dosage,Payment Limit\r\n';
  const be = (bytes: Uint8Array): Uint8Array => {
    const out = new Uint8Array(bytes.length);
    for (let i = 0; i + 1 < bytes.length; i += 2) [out[i], out[i + 1]] = [bytes[i + 1] ?? 0, bytes[i] ?? 0];
    return out;
  };
  const cases: [string, Uint8Array, ReturnType<typeof utf16Kind>][] = [
    ['LE with BOM', utf16le(ascii), 'UTF-16LE'],
    ['BE with BOM', be(utf16le(ascii)), 'UTF-16BE'],
    ['LE without BOM', utf16le(ascii).subarray(2), 'UTF-16LE'],
    ['BE without BOM', be(utf16le(ascii)).subarray(2), 'UTF-16BE'],
    ['LE with a few non-Latin-1 characters', utf16le(`${ascii}€€`).subarray(2), 'UTF-16LE'],
    ['plain ASCII', new TextEncoder().encode(ascii), undefined],
    ['one NUL in text', new TextEncoder().encode(`${ascii}\u0000${ascii}`), undefined],
    ['too short to judge', new Uint8Array([0x41, 0]), undefined],
  ];
  for (const [label, bytes, expected] of cases) {
    void test(label, () => assert.equal(utf16Kind(bytes), expected));
  }
});
