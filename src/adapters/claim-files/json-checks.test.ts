/**
 * Claim JSON against the QA findings of 2026-11-25 (items 10, 16): values the X12 reader calls errors (negative
 * charges, units and NDC quantities, an NDC unit outside CTP05-1's list) are errors here too, the claim kept as sent
 * as the X12 and CSV readers keep it; a line pointer that names no diagnosis is a warning, as in the FHIR and CSV
 * readers; JSON cut short says where it ends.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Claim } from '../../core/claim/model.ts';
import { readClaimJson } from './json.ts';

/** QA /tmp/qa3a/fh/j_units_neg.json, cut to what the checks need: one J9173 line with its NDC, two diagnoses. */
function claimWith(change: (claim: Record<string, unknown>, line: Record<string, unknown>) => void): string {
  const line: Record<string, unknown> = {
    sequence: 1,
    serviceDate: '2026-01-10',
    procedure: { qualifier: 'HC', code: 'J9173', modifiers: ['JZ'] },
    units: 75,
    unitType: 'UN',
    chargeCents: 172_550,
    diagnosisPointers: [1, 2],
    drug: { ndc: '00310461150', ndcQualifier: 'N4', quantity: 3, unit: 'UN' },
  };
  const claim: Record<string, unknown> = {
    id: 'CLAIM001',
    format: '837P',
    billingProvider: { name: 'INFUSION CENTER LLC', npi: '1234567893' },
    payer: { name: 'ACME HEALTH', id: 'ACME01', kind: 'commercial' },
    patient: { memberId: 'MEM123456' },
    totalChargeCents: 172_550,
    diagnoses: [
      { code: 'C5091', pointer: 1, qualifier: 'ABK' },
      { code: 'Z5111', pointer: 2, qualifier: 'ABF' },
    ],
    lines: [line],
  };
  change(claim, line);
  return JSON.stringify({ claims: [claim] });
}

describe('claim JSON: values an 837 never carries are errors, kept as sent', () => {
  const cases: [
    label: string,
    change: (claim: Record<string, unknown>, line: Record<string, unknown>) => void,
    expected: string[],
    read: (c: Claim) => unknown,
    want: unknown,
  ][] = [
    ['the base claim', () => undefined, [], (c) => c.lines[0]?.units, 75],
    [
      'units -5 (QA j_units_neg.json: read with no report)',
      (_, l) => (l['units'] = -5),
      ['error json.claim.invalid $.claims[0].lines[0].units'],
      (c) => c.lines[0]?.units,
      -5,
    ],
    ['units 0: read, as X12 reads SV104 0', (_, l) => (l['units'] = 0), [], (c) => c.lines[0]?.units, 0],
    [
      'an NDC quantity of -3',
      (_, l) => ((l['drug'] as Record<string, unknown>)['quantity'] = -3),
      ['error json.claim.invalid $.claims[0].lines[0].drug.quantity'],
      (c) => c.lines[0]?.drug?.quantity,
      -3,
    ],
    [
      'an NDC unit KG',
      (_, l) => ((l['drug'] as Record<string, unknown>)['unit'] = 'KG'),
      ['error json.claim.invalid $.claims[0].lines[0].drug.unit'],
      (c) => c.lines[0]?.drug?.unit,
      'KG',
    ],
    [
      'a negative line charge',
      (_, l) => (l['chargeCents'] = -100),
      ['error json.claim.invalid $.claims[0].lines[0].chargeCents'],
      (c) => c.lines[0]?.chargeCents,
      -100,
    ],
    [
      'a negative total charge',
      (c) => (c['totalChargeCents'] = -100),
      ['error json.claim.invalid $.claims[0].totalChargeCents'],
      (c) => c.totalChargeCents,
      -100,
    ],
    [
      'a pointer naming no diagnosis: a warning',
      (_, l) => (l['diagnosisPointers'] = [1, 7]),
      ['warning json.claim.invalid $.claims[0].lines[0].diagnosisPointers[1]'],
      (c) => c.lines[0]?.diagnosisPointers,
      [1, 7],
    ],
  ];
  for (const [label, change, expected, read, want] of cases)
    it(label, () => {
      const r = readClaimJson(claimWith(change));
      assert.deepEqual(
        r.problems.map((p) => `${p.severity} ${p.code} ${p.at?.path ?? ''}`),
        expected,
      );
      assert.equal(r.claims.length, 1);
      assert.deepEqual(read(r.claims[0] as Claim), want);
    });

  it('five modifiers are still refused (QA j_mod5.json), as the CSV and FHIR readers now report them', () => {
    const r = readClaimJson(
      claimWith(
        (_, l) =>
          (l['procedure'] = { qualifier: 'HC', code: '96413', modifiers: ['25', '59', 'XS', 'XU', 'GA'] }),
      ),
    );
    assert.deepEqual(
      r.problems.map((p) => `${p.severity} ${p.code} ${p.at?.path ?? ''}`),
      ['error json.claim.invalid $.claims[0].lines[0].procedure.modifiers'],
    );
  });
});

describe('claim JSON cut short says where it ends (QA: no line or column)', () => {
  it('the last line and column, in the message and the position', () => {
    const text = claimWith(() => undefined);
    const cut = JSON.stringify(JSON.parse(text), null, 2).split('\n').slice(0, 12).join('\n');
    const r = readClaimJson(cut);
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.at?.line]),
      [['json.invalid', 12]],
    );
    const last = cut.split('\n')[11] ?? '';
    assert.match(r.problems[0]?.message ?? '', new RegExp(`ends at line 12, column ${last.length + 1} `));
  });
});
