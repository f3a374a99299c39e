/**
 * decodeTextInput / textProblem: what the fact checker accepts as text (UTF-8, UTF-16, Windows-1252) and what it
 * refuses. Windows-1252 bytes per the WHATWG encoding index: 0x92 ’, 0x93 “, 0x94 ”, 0x96 –, 0xAE ®, 0xE9 é.
 */
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
/** Text and single bytes, as a Windows editor saves them ("ANSI"): ASCII strings, numbers for the other bytes. */
const ansi = (...parts: (string | number)[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'ascii') : Buffer.from([p]))));

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
    // One Windows-1252 "®" in a UTF-8 page (which has UTF-8 characters: "µg") is a stray byte, not binary.
    [
      'UTF-8 with one stray byte',
      Buffer.concat([
        Buffer.from('Keytruda'),
        Buffer.from([0xae]),
        Buffer.from(` is billed with J9271 (1 µg = 0.001 mg). ${'x'.repeat(200)}`),
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

  // Not UTF-8 and not binary: Windows-1252, decoded as such (not refused, no U+FFFD).
  const WINDOWS_1252: [name: string, bytes: Uint8Array, text: string][] = [
    [
      'curly quotes 0x93 0x94',
      ansi('Keytruda is billed with ', 0x93, 'J9271', 0x94, '.\r\n'),
      'Keytruda is billed with “J9271”.\r\n',
    ],
    ['en dash 0x96', ansi('J9312 ', 0x96, ' rituximab, 10 mg'), 'J9312 – rituximab, 10 mg'],
    ['apostrophe 0x92', ansi('Opdivo', 0x92, 's code is J9299.'), 'Opdivo’s code is J9299.'],
    [
      'a lone "®" (0xAE), no UTF-8 character anywhere',
      ansi('Keytruda', 0xae, ` is billed with J9271. ${'x'.repeat(200)}`),
      `Keytruda® is billed with J9271. ${'x'.repeat(200)}`,
    ],
    // 0xE9 starts a three-byte UTF-8 sequence; followed by "e" it is none.
    ['é before a letter (0xE9)', ansi('P', 0xe9, 'metrexed is J9305.'), 'Pémetrexed is J9305.'],
  ];
  for (const [name, bytes, text] of WINDOWS_1252)
    test(`reads Windows-1252: ${name}`, () => {
      const copy = Buffer.from(bytes);
      const r = decodeTextInput(bytes);
      assert.ok(r.ok, JSON.stringify(r.problems));
      assert.deepEqual(r.value, { text, encoding: 'windows-1252' });
      assert.deepEqual(bytes, copy);
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
    [
      'bytes that are not UTF-8',
      noise,
      /are characters that did not decode \(\d+ U\+FFFD: bytes that are not UTF-8\)/,
    ],
    // Valid Windows-1252 characters, but mostly not ASCII: noise, not Western text.
    [
      'bytes that are mostly Windows-1252 punctuation',
      Uint8Array.from({ length: 600 }, (_, i) => (i % 3 === 0 ? 0x41 : 0x93 + (i % 4))),
      /not UTF-8/,
    ],
    // Mostly ASCII, but many of the five bytes Windows-1252 leaves undefined (read as C1 control characters).
    [
      'ASCII with bytes Windows-1252 does not define',
      ansi(...Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? 0x81 : 'J9312 '))),
      /^(?!.*not UTF-8).*are C1 control characters \(10; U\+0080–U\+009F, what the bytes Windows-1252 leaves undefined/,
    ],
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
