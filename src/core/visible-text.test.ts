import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { showControls } from './visible-text.ts';

describe('showControls', () => {
  const cases: [label: string, text: string, shown: string, keep?: string][] = [
    ['plain text, accents and symbols are unchanged', 'Müller · $1,234 — J9173', 'Müller · $1,234 — J9173'],
    ['a right-to-left override at the end of a claim id', 'X1005\u202E', 'X1005\\u202E'],
    [
      'the other embeddings, overrides and isolates',
      '\u202A\u202B\u202C\u202D\u2066\u2067\u2068\u2069',
      '\\u202A\\u202B\\u202C\\u202D\\u2066\\u2067\\u2068\\u2069',
    ],
    ['the directional marks', '\u200E\u200F\u061C', '\\u200E\\u200F\\u061C'],
    [
      'NUL, ESC (a terminal escape sequence) and DEL',
      'A\0B\u001B[31mC\u007F',
      'A\\u0000B\\u001B[31mC\\u007F',
    ],
    ['a C1 control', '\u0085x\u009B', '\\u0085x\\u009B'],
    ['CR, which would return to the start of the line', 'paid\rdenied', 'paid\\u000Ddenied'],
    ['the line and paragraph separators', 'a\u2028b\u2029', 'a\\u2028b\\u2029'],
    ['a tab is kept', 'a\tb', 'a\tb'],
    ['a line feed is shown in a value, kept in a document', 'a\nb', 'a\\u000Ab', 'a\nb'],
  ];
  for (const [label, text, shown, keep] of cases)
    it(label, () => {
      assert.equal(showControls(text), shown);
      assert.equal(showControls(text, { lineBreaks: 'keep' }), keep ?? shown);
      // Shown once, it stays as it is: renderers may meet text another one already showed.
      assert.equal(showControls(shown), shown);
    });
});
