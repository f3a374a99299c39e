/**
 * Binary garbage in a text reference file (QA: NUL, 0xFF, 0xFE and control bytes written into the ICD-10-CM file
 * with `dd … seek=3000000`) is an error naming file, line and column, and nothing of the file is read; the
 * Windows-1252 bytes the real CMS files hold (0xA0, 0xAE, a stray 0xFF) and a UTF-8 byte-order mark stay readable.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { controlCharacterProblems } from './common.ts';
import { readDatasetFile } from './index.ts';
import { baseOf, bytesOf, errors, FILES, sharedBytes, sharedFile, textOf } from './testing.ts';

const CONTROL = 'cms.encoding.control-character';

/** The shared file with `garbage` written over its bytes from `offset` on, as `dd conv=notrunc seek=…` does. */
function overwritten(relative: string, offset: number, garbage: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(sharedBytes(relative));
  bytes.set(garbage, offset);
  return bytes;
}

/** The 16 bytes QA wrote into the ICD-10-CM file at offset 3,000,000. */
const QA_GARBAGE = new Uint8Array([0x00, 0xff, 0xfe, ...new TextEncoder().encode(' garbage '), 0x01, 0x02]);

void describe('control characters in a text reference file', () => {
  void test('the QA damage to the ICD-10-CM file: an error at line 39300, column 51; no record is read', () => {
    const name = baseOf(FILES.icd10);
    const parsed = readDatasetFile({ name, bytes: overwritten(FILES.icd10, 3_000_000, QA_GARBAGE) });
    assert.equal(parsed.dataset, 'icd10cm');
    const found = errors(parsed.problems);
    assert.deepEqual(
      found.map((p) => [p.code, p.at?.file, p.at?.line, p.at?.element, p.data?.['codePoint']]),
      [[CONTROL, name, 39300, 51, 'U+0000']],
    );
    assert.equal(
      found[0]?.message,
      `${name}, line 39300: column 51 holds a NUL byte (U+0000), which no text reference file has (only tab, CR and ` +
        'LF): the file is damaged (binary data written into it, or a bad copy or download), so none of it is read',
    );
    assert.equal(
      parsed.dataset === 'icd10cm' ? parsed.records.length : -1,
      0,
      'no damaged text is passed on',
    );
  });

  const asp = textOf(sharedBytes(FILES.asp));
  const aspName = baseOf(FILES.asp);
  const J9173_LINE = asp.split('\n').findIndex((l) => l.startsWith('J9173,')) + 1;
  const withCharacter = (ch: string): Uint8Array => bytesOf(asp.replace(/^J9173,"Inj/m, `J9173,"I${ch}nj`));

  for (const [label, ch, codePoint] of [
    ['SOH', '\u0001', 'U+0001'],
    ['backspace', '\b', 'U+0008'],
    ['vertical tab', '\v', 'U+000B'],
    ['form feed', '\f', 'U+000C'],
    ['escape', '\u001b', 'U+001B'],
    ['unit separator', '\u001f', 'U+001F'],
    ['DEL', '\u007f', 'U+007F'],
  ] as const) {
    void test(`${label} in a Windows-1252 CSV (ASP): an error at its line and column`, () => {
      const parsed = readDatasetFile({ name: aspName, bytes: withCharacter(ch) });
      const found = errors(parsed.problems);
      assert.deepEqual(
        found.map((p) => [p.code, p.at?.line, p.at?.element, p.data?.['codePoint']]),
        [[CONTROL, J9173_LINE, 9, codePoint]],
      );
    });
  }

  for (const [label, ch] of [
    ['a tab', '\t'],
    ['0xFF (ÿ)', '\u00ff'],
    ['0xFE (þ)', '\u00fe'],
    ['a no-break space (0xA0)', '\u00a0'],
  ] as const) {
    void test(`${label} in a Windows-1252 CSV is no control character: read as before`, () => {
      const parsed = readDatasetFile({ name: aspName, bytes: withCharacter(ch) });
      assert.deepEqual(errors(parsed.problems), []);
      assert.equal(parsed.dataset === 'asp' ? parsed.records.length : -1, 877);
    });
  }

  void test('a UTF-8 file (CARC CSV, with a byte-order mark): the column counts characters', () => {
    const text = new TextDecoder().decode(sharedBytes(FILES.carc));
    const lines = text.split('\n');
    const lineNo = 5;
    lines[lineNo - 1] = `é${lines[lineNo - 1] ?? ''}`.replace(/^é(.)/, 'é$1\u001b');
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(lines.join('\n'))]);
    const parsed = readDatasetFile({ name: baseOf(FILES.carc), bytes });
    assert.deepEqual(
      errors(parsed.problems).map((p) => [p.code, p.at?.line, p.at?.element]),
      [[CONTROL, lineNo, 3]],
    );
  });

  void test('a NUL in the first 64 KiB (binary or UTF-16, as before) also names its line and column', () => {
    const parsed = readDatasetFile({ name: aspName, bytes: withCharacter('\u0000') });
    assert.deepEqual(
      errors(parsed.problems).map((p) => [p.code, p.at?.file, p.at?.line, p.at?.element]),
      [['cms.encoding.binary', aspName, J9173_LINE, 9]],
    );
    assert.match(
      errors(parsed.problems)[0]?.message ?? '',
      new RegExp(
        `, line ${J9173_LINE}: column 9 holds a NUL byte \\(offset \\d+\\): the file is binary or UTF-16, not text$`,
      ),
    );
  });

  void test('one error per line, 10 lines listed, then how many more', () => {
    const text = Array.from({ length: 25 }, (_, i) => `line ${i + 1}\u0000\u0000\r`).join('\n');
    const problems = controlCharacterProblems(text, 'f.txt');
    assert.equal(problems.length, 11);
    assert.deepEqual(
      problems.slice(0, 10).map((p) => [p.at?.line, p.at?.element]),
      Array.from({ length: 10 }, (_, i) => [i + 1, `line ${i + 1}`.length + 1]),
    );
    assert.equal(problems[10]?.message, 'f.txt: 15 more line(s) hold control characters');
    assert.deepEqual(problems[10]?.data, { suppressed: 15, total: 25 });
  });

  void test('CR, LF, tab: none is a control character here', () => {
    assert.deepEqual(controlCharacterProblems('a\tb\r\nc\rd\n', 'f.txt'), []);
  });

  void test('no file of ../shared/data holds one: every text file reads without it', () => {
    for (const relative of Object.values(FILES)) {
      const parsed = readDatasetFile(sharedFile(relative));
      assert.deepEqual(
        parsed.problems.filter((p) => p.code === CONTROL),
        [],
        relative,
      );
      assert.deepEqual(errors(parsed.problems), [], relative);
    }
  });
});
