/** decodeTextInput / textProblem: what the fact checker accepts as text (UTF-8, UTF-16) and what it refuses. */
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { describe, test } from 'node:test';
import { decodeTextInput, textProblem } from './input.ts';

const TEXT = 'J9312 is pemetrexed.\n';
const utf16be = (s: string): Uint8Array => {
  const le = Buffer.from(s, 'utf16le');
  const out = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) [out[i], out[i + 1]] = [le[i + 1] as number, le[i] as number];
  return out;
};
// Bytes without NUL that are not UTF-8 (a fixed pattern, so the test is stable).
const noise = Uint8Array.from({ length: 2000 }, (_, i) => 0x80 + ((i * 37) % 0x7f));

describe('decodeTextInput', () => {
  const ACCEPTED: [name: string, bytes: Uint8Array, encoding: string][] = [
    ['UTF-8', Buffer.from(TEXT), 'utf-8'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]), 'utf-8'],
    [
      'UTF-16LE with BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]),
      'utf-16le',
    ],
    ['UTF-16LE without BOM', Buffer.from(TEXT, 'utf16le'), 'utf-16le'],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(TEXT)]), 'utf-16be'],
    ['UTF-16BE without BOM', utf16be(TEXT), 'utf-16be'],
    // One Windows-1252 "®" in a UTF-8 page is a stray byte, not binary.
    [
      'UTF-8 with one stray byte',
      Buffer.concat([
        Buffer.from('Keytruda'),
        Buffer.from([0xae]),
        Buffer.from(` is billed with J9271. ${'x'.repeat(200)}`),
      ]),
      'utf-8',
    ],
  ];
  for (const [name, bytes, encoding] of ACCEPTED)
    test(`reads ${name}`, () => {
      const r = decodeTextInput(bytes);
      assert.ok(r.ok, JSON.stringify(r.problems));
      assert.equal(r.value.encoding, encoding);
      assert.match(r.value.text, /J9(312 is pemetrexed|271)/);
    });

  const REFUSED: [name: string, bytes: Uint8Array, why: RegExp][] = [
    ['a gzip file', gzipSync(Buffer.from(TEXT)), /it is a gzip file/],
    [
      'a SQLite database',
      Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(100)]),
      /SQLite database/,
    ],
    ['a zip archive', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), /zip archive/],
    [
      'bytes with NUL',
      Buffer.from([0x4a, 0x39, 0x00, 0x31, 0x32, 0x00, 0x00, 0x00, 0x7f, 0x00, 0x41, 0x42]),
      /NUL/,
    ],
    ['bytes that are not UTF-8', noise, /not UTF-8/],
  ];
  for (const [name, bytes, why] of REFUSED)
    test(`refuses ${name}`, () => {
      const r = decodeTextInput(bytes);
      assert.equal(r.ok, false);
      assert.equal(r.problems[0]?.code, 'factcheck-input-not-text');
      assert.match(r.problems[0]?.message ?? '', why);
    });

  test('textProblem: UTF-16 read as UTF-8 is named as such; plain text passes', () => {
    assert.match(
      textProblem(Buffer.from(TEXT, 'utf16le').toString('utf8'))?.message ?? '',
      /UTF-16 text read as UTF-8/,
    );
    assert.equal(textProblem(TEXT), undefined);
  });
});
