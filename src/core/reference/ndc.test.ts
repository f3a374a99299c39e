import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ndcCrosswalkReader } from '../../adapters/cms/ndc-crosswalk.ts';
import { FILES, readWith, sharedFile } from '../../adapters/cms/testing.ts';
import type { NdcPackage } from './model.ts';
import { normaliseNdc, tenDigitCandidates } from './ndc.ts';
import type { NdcLayout } from './ndc.ts';

void describe('normaliseNdc: exact forms', () => {
  const cases: [string, string, string, NdcLayout][] = [
    ['00310-4500-12', '00310450012', '00310-4500-12', '5-4-2'],
    ['00310450012', '00310450012', '00310-4500-12', '5-4-2'],
    ['0310-4500-12', '00310450012', '00310-4500-12', '4-4-2'],
    ['50242-040-62', '50242004062', '50242-0040-62', '5-3-2'],
    ['60505-2580-1', '60505258001', '60505-2580-01', '5-4-1'],
    ['  00310-4500-12 ', '00310450012', '00310-4500-12', '5-4-2'],
  ];
  for (const [input, ndc11, hyphenated, from] of cases) {
    void test(`${JSON.stringify(input)} → ${ndc11} (${from})`, () => {
      assert.deepEqual(normaliseNdc(input), { kind: 'ok', ndc11, hyphenated, from });
    });
  }
});

void describe('normaliseNdc: invalid input', () => {
  const cases: [string, RegExp][] = [
    ['', /empty/],
    ['   ', /empty/],
    ['00310-45000-12', /segment lengths 5-5-2/],
    ['0310-450-12', /segment lengths 4-3-2/],
    ['00310-4500', /three groups/],
    ['00310-4500-12-1', /three groups/],
    ['00310-45a0-12', /three groups/],
    ['888867413689', /10 or 11 digits, this has 12/],
    ['123456789', /this has 9/],
    ['N400310450012', /digits/],
    ['00310 4500 12', /digits/],
  ];
  for (const [input, reason] of cases) {
    void test(JSON.stringify(input), () => {
      const r = normaliseNdc(input);
      assert.equal(r.kind, 'invalid');
      if (r.kind === 'invalid') assert.match(r.reason, reason);
    });
  }
});

void describe('normaliseNdc: 10 digits without hyphens', () => {
  void test('the three readings, in 4-4-2, 5-3-2, 5-4-1 order', () => {
    assert.deepEqual(
      tenDigitCandidates('0310450012').map((c) => [c.from, c.hyphenated]),
      [
        ['4-4-2', '00310-4500-12'],
        ['5-3-2', '03104-0500-12'],
        ['5-4-1', '03104-5001-02'],
      ],
    );
  });

  void test('without a resolver: ambiguous, never a guess', () => {
    const r = normaliseNdc('0310450012');
    assert.equal(r.kind, 'ambiguous');
    if (r.kind === 'ambiguous') assert.equal(r.candidates.length, 3);
  });

  const known = new Set(['00310450012']);
  const cases: [string, (ndc11: string) => boolean, string][] = [
    ['exactly one reading known → ok', (n) => known.has(n), 'ok'],
    ['no reading known → ambiguous', () => false, 'ambiguous'],
    ['two readings known → ambiguous', (n) => n === '00310450012' || n === '03104050012', 'ambiguous'],
  ];
  for (const [label, resolve, kind] of cases) {
    void test(label, () => {
      const r = normaliseNdc('0310450012', resolve);
      assert.equal(r.kind, kind);
      if (r.kind === 'ok') {
        assert.equal(r.ndc11, '00310450012');
        assert.equal(r.from, '4-4-2');
        assert.equal(r.resolvedBy, 'lookup');
      }
    });
  }
});

void describe('normaliseNdc against the January 2026 crosswalk', () => {
  const rows = readWith(ndcCrosswalkReader, sharedFile(FILES.crosswalk)).records as NdcPackage[];
  const known = new Set(rows.map((r) => r.ndc11));

  void test('every NDC in the crosswalk round-trips through its hyphenated form', () => {
    for (const ndc11 of known) {
      if (ndc11.length !== 11) continue; // CMS's one 12-digit value (J7331)
      const hyphenated = `${ndc11.slice(0, 5)}-${ndc11.slice(5, 9)}-${ndc11.slice(9)}`;
      const r = normaliseNdc(hyphenated);
      assert.equal(r.kind === 'ok' ? r.ndc11 : r.kind, ndc11);
    }
  });

  void test('Imfinzi as a 10-digit label NDC without hyphens resolves through the crosswalk', () => {
    const r = normaliseNdc('0310450012', (n) => known.has(n));
    assert.equal(r.kind, 'ok');
    if (r.kind === 'ok') assert.equal(r.hyphenated, '00310-4500-12');
  });

  void test('how many crosswalk NDCs would be ambiguous when written as 10 digits without hyphens', () => {
    // Rebuild each NDC's 10-digit label form (drop the padding zero), then see whether the crosswalk can tell.
    let resolved = 0;
    let ambiguous = 0;
    for (const ndc11 of known) {
      if (ndc11.length !== 11) continue;
      const [l, p, k] = [ndc11.slice(0, 5), ndc11.slice(5, 9), ndc11.slice(9)];
      const ten = l.startsWith('0')
        ? l.slice(1) + p + k
        : p.startsWith('0')
          ? l + p.slice(1) + k
          : k.startsWith('0')
            ? l + p + k.slice(1)
            : undefined;
      if (ten === undefined) continue;
      const r = normaliseNdc(ten, (n) => known.has(n));
      if (r.kind === 'ok') {
        assert.equal(r.ndc11, ndc11);
        resolved++;
      } else {
        ambiguous++;
      }
    }
    assert.ok(resolved > 6000, `resolved ${resolved}, ambiguous ${ambiguous}`);
  });
});
