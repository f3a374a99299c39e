import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonChunks, streamedArray, streamedArrayMarker } from './json-chunks.ts';

const a = streamedArrayMarker(0);
const b = streamedArrayMarker(1);
const items = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: i,
    text: `line ${i}\n"quoted"\t`,
    nested: { list: [i, { deep: [] }], empty: {} },
  }));

const cases: { name: string; value: unknown; arrays: Record<string, readonly unknown[]> }[] = [
  { name: 'top-level key', value: { head: 1, list: a, tail: [1, 2] }, arrays: { [a]: items(3) } },
  { name: 'empty array', value: { list: a, after: 'x' }, arrays: { [a]: [] } },
  { name: 'one item', value: { list: a }, arrays: { [a]: items(1) } },
  {
    name: 'nested two levels down, next to other keys',
    value: { runs: [{ tool: { name: 't' }, results: a, more: true }] },
    arrays: { [a]: items(4) },
  },
  {
    name: 'two arrays, written in the order they appear',
    value: { first: b, second: { inner: a } },
    arrays: { [a]: items(2), [b]: items(5) },
  },
  {
    name: 'a marker the value does not hold is ignored',
    value: { list: a },
    arrays: { [a]: items(2), [b]: items(1) },
  },
  { name: 'many items (several pieces)', value: { list: a }, arrays: { [a]: items(5000) } },
];

for (const c of cases) {
  test(`jsonChunks: ${c.name} gives the text of JSON.stringify(…, null, 2)`, () => {
    const pieces = [
      ...jsonChunks(
        c.value,
        Object.entries(c.arrays).map(([marker, list]) => streamedArray(marker, list)),
      ),
    ];
    const whole = JSON.stringify(
      c.value,
      (_key, v: unknown) => (typeof v === 'string' && v in c.arrays ? c.arrays[v] : v),
      2,
    );
    assert.equal(pieces.join(''), `${whole}\n`);
    assert.ok(pieces.every((p) => p.length < 200_000));
  });
}

test('jsonChunks: map gives each item its JSON value', () => {
  const text = [...jsonChunks({ list: a }, [streamedArray(a, [1, 2, 3], (n) => ({ n: n * 2 }))])].join('');
  assert.deepEqual(JSON.parse(text), { list: [{ n: 2 }, { n: 4 }, { n: 6 }] });
});
