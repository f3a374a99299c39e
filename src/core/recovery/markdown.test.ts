import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { showControls } from '../visible-text.ts';
import { blocksToText, markdownText, parseMarkdownBlocks, parseSpans } from './markdown.ts';

void test('letter markdown subset parses into blocks', () => {
  const md =
    '# Title\n\nLine one\nline two **bold** end.\n\n- **A:** 1\n- B\n  continued\n\n---\n\n## Next\ntext';
  const blocks = parseMarkdownBlocks(md);
  assert.deepEqual(
    blocks.map((b) => b.type),
    ['heading', 'paragraph', 'bullets', 'rule', 'heading', 'paragraph'],
  );
  assert.deepEqual(blocks[1], {
    type: 'paragraph',
    spans: [
      { text: 'Line one line two ', bold: false },
      { text: 'bold', bold: true },
      { text: ' end.', bold: false },
    ],
  });
  assert.equal(
    blocksToText(blocks),
    'Title\n\nLine one line two bold end.\n\n• A: 1\n• B continued\n\n—\n\nNext\n\ntext',
  );
});

void describe('markdownText: a value from a claim as Markdown text', () => {
  const cases: [label: string, value: string, markdown: string][] = [
    ['plain text is unchanged', 'EXAMPLE ONCOLOGY PC', 'EXAMPLE ONCOLOGY PC'],
    [
      'ids, decimals, apostrophes and snake_case stay readable',
      "RC_1002 1.5 O'Brien A&B",
      "RC_1002 1.5 O'Brien A&B",
    ],
    ['inline HTML', '<img src=x onerror=alert(1)>', '\\<img src=x onerror=alert(1)>'],
    ['emphasis', '**bold** *it* _it_', '\\*\\*bold\\*\\* \\*it\\* \\_it\\_'],
    ['a link', '[click](https://evil.example)', '\\[click\\](https://evil.example)'],
    ['code and strikethrough', '`x` ~~y~~', '\\`x\\` \\~\\~y\\~\\~'],
    ['a backslash', 'a\\*', 'a\\\\\\*'],
    ['an entity', '&lt;b&gt; &#8238;', '\\&lt;b\\&gt; \\&#8238;'],
    ['a heading at the start', '# EVIL', '\\# EVIL'],
    ['a block quote at the start', '> quoted', '\\> quoted'],
    ['a list item at the start', '- item', '\\- item'],
    ['a rule', '---', '\\---'],
    ['an ordered list item at the start', '1. item', '1\\. item'],
    ['a heading underline', '===', '\\==='],
    ['# > - in the middle are text', 'Suite #4, a > b, 3-4', 'Suite #4, a > b, 3-4'],
    ['a right-to-left override and NUL are shown', 'X1005\u202E\0', 'X1005\\u202E\\u0000'],
    ['a line break is shown: the value stays on its line', 'A\n# B', 'A\\u000A# B'],
  ];
  for (const [label, value, markdown] of cases)
    void test(label, () => {
      assert.equal(markdownText(value), markdown);
      // Parsed back (what the PDF draws): the value itself, in one plain span, controls shown.
      const spans = parseMarkdownBlocks(`Text ${markdownText(value)} end`).flatMap((b) =>
        b.type === 'paragraph' ? b.spans : [],
      );
      assert.deepEqual(spans, [{ text: `Text ${showControls(value)} end`, bold: false }]);
    });

  void test('template bold around an escaped value is still bold; escaped stars are not', () => {
    assert.deepEqual(parseSpans(`**To:** ${markdownText('**x**')}`), [
      { text: 'To:', bold: true },
      { text: ' **x**', bold: false },
    ]);
  });
});
