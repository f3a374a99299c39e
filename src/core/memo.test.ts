import assert from 'node:assert/strict';
import { it } from 'node:test';
import { innerMap, TwoKeyMemo } from './memo.ts';

it('innerMap returns the same inner map for a key, creating it once', () => {
  const outer = new Map<string, Map<number, string>>();
  const a = innerMap(outer, 'a');
  a.set(1, 'one');
  assert.equal(innerMap(outer, 'a'), a);
  assert.deepEqual([...outer.keys()], ['a']);
  assert.equal(innerMap(outer, 'b').size, 0);
});

it('TwoKeyMemo computes each pair once and stops keeping answers past its limit', () => {
  const calls: string[] = [];
  const memo = new TwoKeyMemo<number, string, string>((n, s) => {
    calls.push(`${n}${s}`);
    return s.repeat(n);
  }, 2);
  assert.equal(memo.get(2, 'a'), 'aa');
  assert.equal(memo.get(2, 'a'), 'aa');
  assert.equal(memo.get(3, 'b'), 'bbb');
  assert.equal(memo.get(1, 'c'), 'c'); // past the limit: computed, not kept
  assert.equal(memo.get(1, 'c'), 'c');
  assert.deepEqual(calls, ['2a', '3b', '1c', '1c']);
});
