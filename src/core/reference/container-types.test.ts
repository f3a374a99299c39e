/**
 * The curated container-type table against the real CMS crosswalk, and its lookups.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { sharedDataDir } from '../../../test/support/shared.ts';
import {
  CONTAINER_TYPES,
  containerEntriesForCode,
  containerTypeFor,
  normalizeNdc11,
} from './container-types.ts';

interface Row {
  code: string;
  ndc11: string;
  dosage: string;
  pkgSize: number;
  billUnits: number;
}

function crosswalkRows(): Row[] {
  const dir = join(sharedDataDir(), 'ndc-hcpcs');
  const file = readdirSync(dir).find((f) => f.endsWith('.csv'));
  assert.ok(file, 'crosswalk CSV present');
  const text = new TextDecoder('windows-1252').decode(readFileSync(join(dir, file)));
  const records = parse(text, { relax_column_count: true }) as string[][];
  const header = records.findIndex((r) => /_CODE$/.test(r[0] ?? '') && r[3] === 'NDC2');
  assert.ok(header >= 0, 'crosswalk header found');
  return records.slice(header + 1).map((r) => ({
    code: (r[0] ?? '').trim(),
    ndc11: (r[3] ?? '').replace(/-/g, ''),
    dosage: (r[5] ?? '').trim(),
    pkgSize: Number(r[6]),
    billUnits: Number(r[8]),
  }));
}

void describe('container-type table', () => {
  const rows = crosswalkRows();

  void it('reads the January 2026 crosswalk (7,125 rows)', () => assert.equal(rows.length, 7125));

  const inCrosswalk = CONTAINER_TYPES.filter(
    (e) => e.ndc11 !== null && !/not in the January 2026 CMS crosswalk/.test(e.note ?? ''),
  );
  for (const e of inCrosswalk) {
    void it(`${e.hcpcs} ${e.ndc11} (${e.product}) is in the crosswalk with ${e.strengthMg} mg per item`, () => {
      const row = rows.find((r) => r.ndc11 === e.ndc11 && r.code === e.hcpcs);
      assert.ok(row, `crosswalk has ${e.hcpcs} ${e.ndc11}`);
      const unitMg = Number(/^([\d.]+)\s*MG/i.exec(row.dosage)?.[1]);
      assert.ok(unitMg > 0, `dosage ${row.dosage} is in mg`);
      assert.equal(row.billUnits * unitMg, e.strengthMg);
    });
  }

  void it('every entry names its label, section and version', () => {
    for (const e of CONTAINER_TYPES) {
      assert.ok(
        e.source.label.length > 10 && e.source.section.length > 10 && e.source.version.length > 3,
        e.product,
      );
      assert.equal(
        e.form === 'solution',
        e.concentrationMgPerMl !== null,
        `${e.product}: solutions carry a concentration`,
      );
      if (e.form === 'solution' && e.volumeMl !== null && e.concentrationMgPerMl !== null) {
        // label strength / volume agrees with the labelled concentration (paclitaxel 100 mg/16.7 mL ≈ 6 mg/mL)
        assert.ok(
          Math.abs(e.strengthMg / e.volumeMl - e.concentrationMgPerMl) / e.concentrationMgPerMl < 0.01,
          e.product,
        );
      }
    }
  });

  void it('self-administered presentations: Orencia’s subcutaneous syringes and ClickJect, each naming where its label says so', () => {
    const selfAdministered = CONTAINER_TYPES.filter((e) => e.selfAdministered !== undefined);
    assert.deepEqual(selfAdministered.map((e) => e.ndc11).sort(), [
      '00003218811',
      '00003218851',
      '00003281411',
      '00003281811',
    ]);
    for (const e of selfAdministered) {
      assert.equal(e.hcpcs, 'J0129', e.product);
      assert.match(e.selfAdministered?.section ?? '', /self-inject/, e.product);
      assert.ok(
        (e.selfAdministered?.label.length ?? 0) > 10 && (e.selfAdministered?.version.length ?? 0) > 3,
      );
    }
    // The IV vial is what J0129 pays for.
    assert.equal(CONTAINER_TYPES.find((e) => e.ndc11 === '00003218713')?.selfAdministered, undefined);
  });

  void it('NDCs are unique', () => {
    const ndcs = CONTAINER_TYPES.flatMap((e) => (e.ndc11 ? [e.ndc11] : []));
    assert.equal(new Set(ndcs).size, ndcs.length);
  });

  void it('covers the drugs of the label dosing table', () => {
    for (const code of [
      'J9173',
      'J9271',
      'J9299',
      'J9022',
      'J9309',
      'J9355',
      'J9354',
      'J9035',
      'J9312',
      'J9305',
      'J9045',
      'J9267',
    ]) {
      assert.ok(containerEntriesForCode(code).length > 0, code);
    }
  });
});

void describe('containerTypeFor', () => {
  const cases: [string, Parameters<typeof containerTypeFor>[0], string][] = [
    ['Imfinzi 120 mg by NDC (hyphenated)', { ndc11: '00310-4500-12' }, 'single-dose'],
    ['Imfinzi 500 mg by NDC', { ndc11: '00310461150' }, 'single-dose'],
    ['Polivy 30 mg by code + strength', { hcpcs: 'J9309', strengthMg: 30 }, 'single-dose'],
    ['Herceptin 150 mg single-dose', { hcpcs: 'J9355', strengthMg: 150 }, 'single-dose'],
    [
      'Herceptin 420 mg multiple-dose (by strength; not in the crosswalk)',
      { hcpcs: 'J9355', strengthMg: 420 },
      'multi-dose',
    ],
    ['Kadcyla 160 mg', { ndc11: '50242008701' }, 'single-dose'],
    ['carboplatin Hospira 450 mg/45 mL multiple-dose', { ndc11: '61703033950' }, 'multi-dose'],
    [
      'carboplatin 450 mg by strength: Hospira and Teva agree',
      { hcpcs: 'J9045', strengthMg: 450 },
      'multi-dose',
    ],
    ['paclitaxel Hospira 300 mg multiple-dose', { ndc11: '61703-0342-50' }, 'multi-dose'],
    ['paclitaxel Teva (not in the table) → unknown', { ndc11: '00703321801' }, 'unknown'],
    ['carboplatin Accord (not in the table) → unknown', { ndc11: '16729029534' }, 'unknown'],
    ['a size the table does not have → unknown', { hcpcs: 'J9309', strengthMg: 100 }, 'unknown'],
    ['nothing to look up → unknown', {}, 'unknown'],
  ];
  for (const [name, query, expected] of cases) {
    void it(name, () => {
      const a = containerTypeFor(query);
      assert.equal(a.type, expected);
      assert.ok(a.reason.length > 0);
    });
  }

  void it('normalizes NDCs', () => {
    assert.equal(normalizeNdc11('00310-4500-12'), '00310450012');
    assert.equal(normalizeNdc11('0310-4500-12'), undefined);
  });
});
