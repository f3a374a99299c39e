import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonChunks, jsonTextPieces, streamedArray, streamedArrayMarker } from './json-chunks.ts';

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

const layouts: { name: string; value: unknown }[] = [
  {
    name: 'a Bundle of entries',
    value: { resourceType: 'Bundle', type: 'collection', entry: items(50).map((resource) => ({ resource })) },
  },
  { name: 'an array of resources', value: items(7) },
  { name: 'empty arrays and objects, at each level', value: { a: [], b: {}, c: [[], {}], d: [{ e: [] }] } },
  {
    name: 'what JSON.stringify leaves out or writes as null',
    value: { skip: undefined, f: () => 1, list: [undefined, () => 1, 1], date: new Date(0), n: null },
  },
  { name: 'a scalar', value: 'text\n"quoted"' },
  {
    name: 'keys that need escaping, and an own __proto__ key',
    value: JSON.parse('{"a\\"b":1,"__proto__":[2]}'),
  },
];

for (const l of layouts)
  for (const indent of [undefined, '', ' ', '  ', '\t', ' '.repeat(14)])
    test(`jsonTextPieces: ${l.name}, indent ${JSON.stringify(indent)}, gives the text of JSON.stringify`, () => {
      for (const depth of [0, 1, 2, 3])
        assert.equal(
          [...jsonTextPieces(l.value, indent, depth)].join(''),
          JSON.stringify(l.value, null, indent),
        );
    });

test('jsonTextPieces: an entry of a Bundle is one piece', () => {
  const bundle = { resourceType: 'Bundle', entry: items(20) };
  const pieces = [...jsonTextPieces(bundle, '  ')];
  assert.ok(pieces.length > 40);
  assert.ok(pieces.includes(JSON.stringify(items(1)[0], null, '  ').replace(/\n/g, '\n    ')));
});
