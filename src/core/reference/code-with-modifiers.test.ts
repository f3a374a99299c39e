import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCodeWithModifiers } from './code-with-modifiers.ts';

describe('parseCodeWithModifiers', () => {
  const parsed: [text: string, code: string, modifiers: string[]][] = [
    ['J9173', 'J9173', []],
    ['j9309', 'J9309', []],
    ['96413', '96413', []],
    ['0591T', '0591T', []],
    ['JZ', 'JZ', []],
    ['  jw ', 'JW', []],
    ['J9173-JZ', 'J9173', ['JZ']],
    ['J9173 JZ', 'J9173', ['JZ']],
    ['j9173:jz', 'J9173', ['JZ']],
    ['J9173 - JW', 'J9173', ['JW']],
    ['J9173:JW-KX', 'J9173', ['JW', 'KX']],
    ['J9173-JW-KX-25-59', 'J9173', ['JW', 'KX', '25', '59']],
  ];
  for (const [text, code, modifiers] of parsed) {
    it(`"${text}" → ${[code, ...modifiers].join('-')}`, () => {
      const r = parseCodeWithModifiers(text);
      assert.ok(r.ok, JSON.stringify(r.problems));
      assert.deepEqual(r.value, { code, modifiers });
    });
  }

  const refused: [text: string, problem: string, part: string | undefined][] = [
    ['', 'code.empty', undefined],
    ['   ', 'code.empty', undefined],
    ['J91', 'code.not-a-code', 'J91'],
    ['J917', 'code.not-a-code', 'J917'],
    ['J91734', 'code.not-a-code', 'J91734'],
    ['JW-JZ', 'code.not-a-code', 'JW'],
    ['keytruda', 'code.not-a-code', 'KEYTRUDA'],
    ['J9173-JZZ', 'code.not-a-modifier', 'JZZ'],
    ['J9173--JZ', 'code.not-a-modifier', ''],
    ['J9173-', 'code.not-a-modifier', ''],
    ['J9173-JW-JZ-KX-GA-GY', 'code.too-many-modifiers', 'GY'],
  ];
  for (const [text, problem, part] of refused) {
    it(`"${text}" is refused: ${problem}`, () => {
      const r = parseCodeWithModifiers(text);
      assert.equal(r.ok, false);
      assert.equal(r.problems.length, 1);
      assert.equal(r.problems[0]?.code, problem);
      assert.equal(r.problems[0]?.severity, 'error');
      assert.equal(r.problems[0]?.data?.['part'], part);
    });
  }

  it('an empty part after a separator is called that, not an empty modifier', () => {
    assert.match(
      parseCodeWithModifiers('J9173-').problems[0]?.message ?? '',
      /^nothing after a separator in "J9173-"/,
    );
  });

  it('says what was expected, quoting the text as typed', () => {
    const r = parseCodeWithModifiers(' J91 ');
    assert.match(r.problems[0]?.message ?? '', /^not a HCPCS code: "J91"; expected a letter and four digits/);
  });
});
