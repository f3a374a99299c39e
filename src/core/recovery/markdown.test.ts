import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blocksToText, parseMarkdownBlocks } from './markdown.ts';

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
