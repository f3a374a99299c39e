import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { OppsRate } from '../../core/reference/model.ts';
import { oppsReader, oppsReleaseFromName } from './opps.ts';
import { codesOf, damagedCopies, editLine, errors, FILES, readShared } from './testing.ts';

void describe('OPPS Addendum B October 2025 (PROVENANCE §8)', () => {
  const { parsed, rows, by } = readShared<OppsRate>(oppsReader, FILES.opps);

  void test('18,798 rows, 1,107 J-codes, no errors', () => {
    assert.deepEqual(errors(parsed.problems), []);
    assert.equal(rows.length, 18798);
    assert.equal(rows.filter((r) => r.code.startsWith('J')).length, 1107);
  });

  void test('J9173: SI K, APC 9492, $85.120 = 8512 cents = 85120 mills', () => {
    assert.deepEqual(by.get('J9173'), {
      code: 'J9173',
      shortDescriptor: 'Inj., durvalumab, 10 mg',
      statusIndicator: 'K',
      apc: '9492',
      relativeWeight: null,
      paymentRateCents: 8512,
      paymentRateMills: 85120,
      nationalUnadjustedCopayCents: null,
      minimumUnadjustedCopayCents: 1703,
    });
  });

  void test('J9285 E1 (not payable), J9393 K APC 9102', () => {
    assert.equal(by.get('J9285')?.statusIndicator, 'E1');
    assert.equal(by.get('J9285')?.paymentRateCents, null);
    assert.equal(by.get('J9393')?.statusIndicator, 'K');
    assert.equal(by.get('J9393')?.apc, '9102');
  });

  void test('96365: S, APC 5693, weight 2.3628, $210.690', () => {
    const r = by.get('96365');
    assert.equal(r?.statusIndicator, 'S');
    assert.equal(r?.relativeWeight, 2.3628);
    assert.equal(r?.paymentRateMills, 210690);
  });

  void test('the A4341 row with a stray 0xFF byte is kept with a warning', () => {
    assert.ok(by.has('A4341'));
    assert.deepEqual(codesOf(parsed.problems), ['cms.opps.code-cleaned']);
  });

  void test('release: quarter 2025-10-01..2025-12-31, dated 2025-10-31', () => {
    assert.equal(parsed.release.effectiveFrom, '2025-10-01');
    assert.equal(parsed.release.effectiveTo, '2025-12-31');
    assert.equal(parsed.release.releaseDate, '2025-10-31');
  });

  const names: [string, string | undefined, string | undefined][] = [
    ['January 2026 Web Addendum B.01.02.26.csv', '2026-01-01', '2026-03-31'],
    ['508 version of October 2025 Web Addendum B.10.31.25.csv', '2025-10-01', '2025-12-31'],
    ['Addendum B.csv', undefined, undefined],
  ];
  for (const [name, from, to] of names) {
    void test(`period from "${name}"`, () => {
      const r = oppsReleaseFromName(name);
      assert.equal(r?.from, from);
      assert.equal(r?.to, to);
    });
  }
});

void describe('OPPS bad input', () => {
  const { original, read, lineOf } = damagedCopies(oppsReader, FILES.opps);
  const j9173 = lineOf((l) => l.startsWith('J9173,'));

  void test('a word as payment rate is an error naming line and field', () => {
    const r = read(editLine(original, j9173, (l) => l.replace('$85.120', 'TBD')));
    const e = errors(r.problems);
    assert.deepEqual(codesOf(e), ['cms.opps.bad-amount']);
    assert.equal(e[0]?.at?.line, j9173);
    assert.equal(e[0]?.at?.field, 'Payment Rate');
  });

  for (const [field, from, to] of [
    ['Payment Rate', '$85.120', '-$85.120'],
    ['Payment Rate', '$85.120', '$9999999999999.000'],
  ] as const) {
    void test(`${field} "${to}" is out of range, naming line and field`, () => {
      const r = read(editLine(original, j9173, (l) => l.replace(from, to)));
      const e = errors(r.problems);
      assert.deepEqual(codesOf(e), ['cms.opps.out-of-range']);
      assert.equal(e[0]?.at?.line, j9173);
      assert.equal(e[0]?.at?.field, field);
    });
  }

  void test('a header without APC is an error', () => {
    const r = read(original.replace(',SI,APC,', ',SI,Group,'));
    assert.deepEqual(codesOf(errors(r.problems)), ['cms.csv.missing-column']);
  });

  void test('a status indicator that is not one is an error', () => {
    const r = read(editLine(original, j9173, (l) => l.replace(',K,9492,', ',Kay,9492,')));
    assert.deepEqual(codesOf(errors(r.problems)), ['cms.opps.bad-status-indicator']);
  });
});
