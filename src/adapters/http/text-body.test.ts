import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { textBody } from './text-body.ts';

/** The chunks of the body, its length and how many times it gave way. */
async function send(
  pieces: readonly string[],
  encoding: 'utf-8' | 'latin1',
  windowChars: number,
): Promise<{ chunks: Buffer[]; length: number; paced: number }> {
  let paced = 0;
  const pace = async (): Promise<void> => {
    paced++;
  };
  const body = await textBody(pieces, encoding, pace, windowChars);
  const chunks: Buffer[] = [];
  for await (const chunk of body.stream) chunks.push(chunk as Buffer);
  return { chunks, length: body.length, paced };
}

const emoji = '\u{1F600}';

void describe('textBody', () => {
  // What the route sent before: the pieces joined, encoded in one go.
  const cases: [label: string, pieces: string[], encoding: 'utf-8' | 'latin1'][] = [
    ['nothing', [], 'utf-8'],
    ['empty pieces', ['', '', ''], 'utf-8'],
    ['ASCII in many small pieces', Array.from({ length: 40 }, (_, i) => `piece ${i};`), 'utf-8'],
    ['one long piece', ['ISA*00*'.repeat(50)], 'utf-8'],
    ['two- and three-byte characters', ['Muñoz José ', '€ ', 'Zoë'.repeat(9)], 'utf-8'],
    [
      'surrogate pairs, split between pieces too',
      [`a${emoji}b`, emoji.repeat(7), '\uD83D', '\uDE00c'],
      'utf-8',
    ],
    ['lone surrogates (U+FFFD, as before)', ['x\uD83D', 'y', '\uDE00', 'z\uD83D'], 'utf-8'],
    ['Latin-1: a byte per character', ['MUÑOZ*JOSÉ~', '\u00ff\u0080'.repeat(11)], 'latin1'],
  ];
  for (const [label, pieces, encoding] of cases)
    void it(`${label}: the bytes of the joined text, whatever the window`, async () => {
      const expected = Buffer.from(pieces.join(''), encoding);
      for (const windowChars of [1, 2, 3, 5, 8, 64, 1 << 20]) {
        const { chunks, length } = await send(pieces, encoding, windowChars);
        const got = Buffer.concat(chunks);
        assert.ok(got.equals(expected), `${label}, windows of ${windowChars}: ${got.toString('hex')}`);
        assert.equal(length, expected.length, `${label}, windows of ${windowChars}: the length`);
      }
    });

  void it('sends a window at a time, giving way after each as it measures and as it sends', async () => {
    const pieces = Array.from({ length: 100 }, () => 'x'.repeat(30));
    const { chunks, paced } = await send(pieces, 'utf-8', 1000);
    assert.deepEqual(
      chunks.map((c) => c.length),
      [1000, 1000, 1000],
    );
    assert.equal(paced, 6);
  });

  void it('does not change the pieces it is given', async () => {
    const pieces = ['a', emoji, 'b'.repeat(10)];
    const copy = [...pieces];
    await send(pieces, 'utf-8', 3);
    assert.deepEqual(pieces, copy);
  });
});
