/**
 * runEditsPaced gives what runEdits gives (same findings in the same order, same summary, skipped edits and rules
 * applied), gives `pace` its turns on a big batch, and keeps its findings apart from runs that go on between its
 * steps.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readClaimBytes } from '../../adapters/claim-files/index.ts';
import { loadRuleBook } from '../../adapters/rules/index.ts';
import { generatedClaims } from '../../../test/recovery/fixtures.ts';
import { sharedReference } from '../../../test/support/reference.ts';
import { x12SamplesDir } from '../../../test/support/shared.ts';
import type { Claim } from '../claim/model.ts';
import { RuleBook } from '../rules/evaluate.ts';
import { runEdits, runEditsPaced, type RunOptions } from './engine.ts';
import { claim, line, medicareRules, testReference } from './testing.ts';

/** A pace that counts its calls and gives way to nothing. */
function counter(): { pace: () => Promise<void>; calls: () => number } {
  let calls = 0;
  return {
    pace: () => {
      calls++;
      return Promise.resolve();
    },
    calls: () => calls,
  };
}

/** The claims of the 837 samples (the malformed ones included) and the recovery fixtures, in one batch. */
function sampleClaims(): Claim[] {
  const dir = x12SamplesDir();
  const claims: Claim[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.includes('837'))
    .sort())
    for (const c of readClaimBytes(name, readFileSync(join(dir, name))).claims) claims.push(c);
  for (const c of generatedClaims()) claims.push(c);
  return claims;
}

/**
 * `n` claims of patients who come back: every 7th claim repeats the line of the claim before it (a duplicate), and
 * every 5th patient has two claims on one day whose J9173 units add up above the daily MUE of 150.
 */
function batchWithCrossClaimFindings(n: number): Claim[] {
  return Array.from({ length: n }, (_, i) => {
    const patient = Math.floor(i / 2);
    const day = `2026-02-${String(1 + (patient % 27)).padStart(2, '0')}`;
    const units = patient % 5 === 0 ? 100 : i % 7 === 0 ? 75 : 40 + (i % 30);
    return claim({
      id: `P${patient}C${i}`,
      patient: {
        memberId: `M${String(patient).padStart(6, '0')}`,
        lastName: `PATIENT${patient}`,
        firstName: 'JANE',
        birthDate: '1950-01-01',
      },
      lines: [
        line({ code: 'J9173', units: i % 7 === 1 ? 75 : units, modifiers: ['JZ'], serviceDate: day }),
        line({ code: '96413', serviceDate: day }),
      ],
    });
  });
}

test('runEditsPaced: the same result as runEdits on the sample claims, with the shipped rules', async () => {
  const claims = sampleClaims();
  const options: RunOptions = {
    reference: await sharedReference(),
    rules: loadRuleBook().book,
    dateOfRun: '2026-03-01',
  };
  const paced = counter();
  const expected = runEdits(claims, options);
  assert.ok(expected.findings.length > 0);
  assert.deepEqual(await runEditsPaced(claims, options, paced.pace), expected);
  assert.ok(paced.calls() > 0);
});

test('runEditsPaced: the same result as runEdits on a big batch with duplicates and MUE per day across claims; pace gets turns', async () => {
  const claims = batchWithCrossClaimFindings(3_000);
  const options: RunOptions = {
    reference: testReference(),
    rules: new RuleBook([medicareRules()]),
    dateOfRun: '2026-03-01',
  };
  const expected = runEdits(claims, options);
  const ids = new Set(expected.findings.map((f) => f.editId));
  assert.ok(ids.has('duplicate-line'), [...ids].join(', '));
  assert.ok(ids.has('mue-date-of-service'), [...ids].join(', '));
  const progress: number[] = [];
  const paced = counter();
  const result = await runEditsPaced(
    claims,
    { ...options, onProgress: (done) => progress.push(done) },
    paced.pace,
  );
  assert.deepEqual(result, expected);
  // The claims in slices, then the patients' days in slices, then each batch edit: many turns, each a small step.
  assert.ok(paced.calls() >= 3_000 / 250, `pace called ${paced.calls()} times`);
  assert.deepEqual(progress, [1000, 2000, 3000, 3000]);
});

test('runEditsPaced: runs going on between its steps (paced or not) keep their findings apart', async () => {
  const big = batchWithCrossClaimFindings(2_000);
  const small = batchWithCrossClaimFindings(30);
  const options: RunOptions = {
    reference: testReference(),
    rules: new RuleBook([medicareRules()]),
    dateOfRun: '2026-03-01',
  };
  const expectedBig = runEdits(big, options);
  const expectedSmall = runEdits(small, options);
  // Both paced runs give way on the next turn of the event loop, so their steps alternate; at each turn of the
  // first, a whole run of the small batch.
  const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  const between: ReturnType<typeof runEdits>[] = [];
  const order: string[] = [];
  const [a, b] = await Promise.all([
    runEditsPaced(big, options, () => {
      order.push('a');
      between.push(runEdits(small, options));
      return nextTurn();
    }),
    runEditsPaced(big, options, () => {
      order.push('b');
      return nextTurn();
    }),
  ]);
  // The steps alternated while both runs went on: a, b, a, b… with no run taking two turns in a row.
  const both = 2 * Math.min(order.filter((x) => x === 'a').length, order.filter((x) => x === 'b').length);
  assert.ok(both > 2);
  for (let i = 1; i < both; i++)
    assert.notEqual(order[i], order[i - 1], `turn ${i}: ${order.slice(0, both).join('')}`);
  assert.deepEqual(a, expectedBig);
  assert.deepEqual(b, expectedBig);
  assert.ok(between.length > 0);
  for (const r of between) assert.deepEqual(r, expectedSmall);
});

test('runEditsPaced: an invalid dateOfRun rejects before any edit runs, as runEdits throws', async () => {
  const paced = counter();
  await assert.rejects(
    runEditsPaced([], { reference: testReference(), dateOfRun: '02/01/2026' }, paced.pace),
    TypeError,
  );
  assert.equal(paced.calls(), 0);
});
