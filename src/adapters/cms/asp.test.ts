import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AspLimit, NdcPackage } from '../../core/reference/model.ts';
import { aspReader } from './asp.ts';
import { ndcCrosswalkReader } from './ndc-crosswalk.ts';
import { codesOf, damagedCopies, editLine, errors, FILES, readShared, utf16le } from './testing.ts';

void describe('ASP payment limits January 2026 (PROVENANCE §2)', () => {
  const { parsed, rows, by } = readShared<AspLimit>(aspReader, FILES.asp);

  void test('877 rows, 760 J-codes and 70 Q-codes, no errors', () => {
    assert.deepEqual(errors(parsed.problems), []);
    assert.equal(rows.length, 877);
    assert.equal(rows.filter((r) => r.code.startsWith('J')).length, 760);
    assert.equal(rows.filter((r) => r.code.startsWith('Q')).length, 70);
  });

  const limits: [string, number, string][] = [
    ['J9173', 86270, '10 MG'],
    ['J9271', 59726, '1 MG'],
    ['J9299', 33573, '1 MG'],
    ['J9309', 136772, '1 MG'],
    ['J9354', 42193, '1 MG'],
    ['J9323', 125, '10 mg'],
    ['J9357', 1303342, '200 MG'],
  ];
  for (const [code, mills, dosage] of limits) {
    void test(`${code}: ${mills} mills per ${dosage}`, () => {
      assert.equal(by.get(code)?.paymentLimitMills, mills);
      assert.equal(by.get(code)?.dosage, dosage);
    });
  }

  void test('J9354 inflation-adjusted coinsurance 19.994%; J9173 20%', () => {
    assert.equal(by.get('J9354')?.coinsurancePercent, 19.994);
    assert.equal(by.get('J9354')?.notes, 'Inflation-adjusted coinsurance');
    assert.equal(by.get('J9173')?.coinsurancePercent, 20);
  });

  void test('A9606 "N/A" → null; J9393 and J9285 have no row', () => {
    assert.ok(by.has('A9606'));
    assert.equal(by.get('A9606')?.paymentLimitMills, null);
    assert.equal(by.has('J9393'), false);
    assert.equal(by.has('J9285'), false);
  });

  void test('release: effective 2026-01-01 through 2026-03-31, dated 2025-12-17', () => {
    assert.equal(parsed.release.effectiveFrom, '2026-01-01');
    assert.equal(parsed.release.effectiveTo, '2026-03-31');
    assert.equal(parsed.release.releaseDate, '2025-12-17');
    assert.equal(parsed.release.label, 'ASP payment limits January 2026');
  });
});

void describe('ASP bad input', () => {
  const { name, original, read, lineOf } = damagedCopies(aspReader, FILES.asp);
  const j9173 = lineOf((l) => l.startsWith('J9173,'));

  const cases: { label: string; text: () => string; code: string; line?: number; field?: string }[] = [
    {
      label: 'a word in Payment Limit',
      text: () => editLine(original, j9173, (l) => l.replace('86.270', 'eighty')),
      code: 'cms.asp.bad-amount',
      line: j9173,
      field: 'Payment Limit',
    },
    {
      label: 'a renamed header column',
      text: () => original.replace('Payment Limit,', 'Limit,'),
      code: 'cms.csv.missing-column',
      line: 9,
    },
    {
      label: 'no effective-period banner',
      text: () => original.replace('Effective January 1, 2026 through March 31, 2026', 'January 2026'),
      code: 'cms.release.unknown-period',
    },
    {
      label: 'a non-date in the banner',
      text: () => original.replace('January 1, 2026 through', 'Janvier 1, 2026 through'),
      code: 'cms.release.unknown-period',
    },
    {
      label: 'a row cut short',
      text: () => editLine(original, j9173, () => 'J9173,Inj durvalumab,10 MG\r'),
      code: 'cms.csv.missing-fields',
      line: j9173,
    },
    {
      label: 'truncated inside a quoted field',
      text: () => original.slice(0, original.indexOf('J9173,') + 12),
      code: 'cms.csv.unterminated-quote',
      line: j9173,
    },
    {
      label: 'a non-HCPCS code',
      text: () => editLine(original, j9173, (l) => l.replace('J9173', 'J 173')),
      code: 'cms.asp.bad-code',
      line: j9173,
    },
    {
      label: 'no header at all',
      text: () => original.split('\n').slice(9).join('\n'),
      code: 'cms.csv.no-header',
    },
    // Codes: a letter inside the digits is a typo that would answer as a code of its own (QA finding 11).
    ...['J91X3', 'J917', 'J91733', '9X413'].map((bad) => ({
      label: `code "${bad}"`,
      text: () => editLine(original, j9173, (l) => l.replace('J9173', bad)),
      code: 'cms.asp.bad-code',
      line: j9173,
      field: 'HCPCS Code',
    })),
    // Impossible values (QA finding 3): refused, never rounded or stored.
    ...(
      [
        ['a negative limit', '-86.270', 'cms.asp.out-of-range'],
        ['a limit past $100 million', '86270000000000000000000.000', 'cms.asp.out-of-range'],
        ['a limit with 4 decimals (no silent rounding)', '86.2705', 'cms.asp.bad-amount'],
        ['a space inside the digits', '8 6.270', 'cms.asp.bad-amount'],
        ['a misplaced thousands comma', '"8,6.270"', 'cms.asp.bad-amount'],
      ] as const
    ).map(([label, limit, code]) => ({
      label,
      text: () => editLine(original, j9173, (l) => l.replace('86.270', limit)),
      code,
      line: j9173,
      field: 'Payment Limit',
    })),
    ...(
      [
        ['co-insurance 500 %', '500.000'],
        ['negative co-insurance', '-1'],
        ['co-insurance above the 20 % of Part B', '20.001'],
      ] as const
    ).map(([label, coinsurance]) => ({
      label,
      text: () => editLine(original, j9173, (l) => l.replace('86.270,20.000', `86.270,${coinsurance}`)),
      code: 'cms.asp.out-of-range',
      line: j9173,
      field: 'Co-insurance Percentage',
    })),
    {
      label: 'QA extra comma with the same field count: the limit lands in co-insurance (86.27 %)',
      text: () =>
        editLine(original, j9173, (l) => l.replace('10 MG,86.270,20.000,,', '10 MG,,86.270,20.000,')),
      code: 'cms.asp.out-of-range',
      line: j9173,
      field: 'Co-insurance Percentage',
    },
    // The period (QA finding 4).
    {
      label: 'a period that ends before it starts',
      text: () => original.replace('January 1, 2026 through', 'April 1, 2026 through'),
      code: 'cms.release.reversed-period',
    },
    {
      label: 'a banner date that does not exist names it',
      text: () => original.replace('January 1, 2026 through', 'February 30, 2026 through'),
      code: 'cms.release.unknown-period',
    },
  ];
  for (const c of cases) {
    void test(c.label, () => {
      const r = read(c.text());
      const found = errors(r.problems).find((p) => p.code === c.code);
      assert.ok(found, `expected ${c.code}, got ${JSON.stringify(codesOf(r.problems))}`);
      if (c.line !== undefined) assert.equal(found.at?.line, c.line);
      if (c.field !== undefined) assert.equal(found.at?.field, c.field);
      assert.ok(found.message.startsWith(name));
    });
  }

  void test('a reversed period names both dates and stores none', () => {
    const r = read(original.replace('January 1, 2026 through', 'April 1, 2026 through'));
    const p = errors(r.problems).find((x) => x.code === 'cms.release.reversed-period');
    assert.deepEqual(p?.data, { from: '2026-04-01', to: '2026-03-31' });
    assert.match(
      p?.message ?? '',
      /effective 2026-04-01 through 2026-03-31: the period ends before it starts/,
    );
    assert.equal(r.release.effectiveFrom, '');
  });

  void test('February 30 in the banner is named as the bad date, not as a missing line', () => {
    const r = read(original.replace('January 1, 2026 through', 'February 30, 2026 through'));
    const p = errors(r.problems).find((x) => x.code === 'cms.release.unknown-period');
    assert.match(p?.message ?? '', /"February 30, 2026", which is not a calendar date/);
  });

  void test('limits at the edges: $0.000, "$1,303.342" and $100,000,000.000 are read exactly', () => {
    for (const [text, mills] of [
      ['0.000', 0],
      ['"$1,303.342"', 1303342],
      ['100000000.000', 100_000_000_000],
    ] as const) {
      const r = read(editLine(original, j9173, (l) => l.replace('86.270', text)));
      assert.deepEqual(errors(r.problems), [], text);
      assert.equal((r.records as AspLimit[]).find((x) => x.code === 'J9173')?.paymentLimitMills, mills);
    }
  });

  void test('CPT shapes stay codes: 96413, 0001F, 0591T, 0003U', () => {
    for (const code of ['96413', '0001F', '0591T', '0003U']) {
      const r = read(editLine(original, j9173, (l) => l.replace('J9173', code)));
      assert.deepEqual(errors(r.problems), [], code);
    }
  });

  void test('UTF-16 is refused', () => {
    const r = aspReader.read({ name, bytes: utf16le(original) }, 'x');
    assert.deepEqual(codesOf(errors(r.problems)), ['cms.encoding.utf16']);
  });

  void test('an empty Payment Limit is a warning (row kept with null)', () => {
    const r = read(editLine(original, j9173, (l) => l.replace('86.270', '')));
    assert.deepEqual(errors(r.problems), []);
    assert.ok(codesOf(r.problems).includes('cms.asp.no-payment-limit'));
    assert.equal((r.records as AspLimit[]).find((x) => x.code === 'J9173')?.paymentLimitMills, null);
  });
});

void describe('ASP NDC-HCPCS crosswalk January 2026 (PROVENANCE §3)', () => {
  const { parsed, rows } = readShared<NdcPackage>(ndcCrosswalkReader, FILES.crosswalk);

  void test('7,125 rows, 843 distinct HCPCS, 6,946 distinct NDCs, no errors', () => {
    assert.deepEqual(errors(parsed.problems), []);
    assert.equal(rows.length, 7125);
    assert.equal(new Set(rows.map((r) => r.code)).size, 843);
    assert.equal(new Set(rows.map((r) => r.ndc11)).size, 6946);
  });

  void test('Imfinzi 00310-4500-12: 2.4 mL per vial, 12 billing units (10 mg) per item', () => {
    const imfinzi = rows.find((r) => r.ndc11 === '00310450012');
    assert.deepEqual(imfinzi, {
      code: 'J9173',
      ndc11: '00310450012',
      shortDescription: 'Inj., durvalumab, 10 mg',
      labelerName: imfinzi?.labelerName,
      drugName: imfinzi?.drugName,
      hcpcsDosage: '10 MG',
      packageSize: 2.4,
      packageQuantity: 1,
      billingUnitsPerItem: 12,
      billingUnitsPerPackage: 12,
    });
    assert.match(imfinzi?.drugName ?? '', /imfinzi/i);
  });

  void test('J9285 (olaratumab) is absent', () => {
    assert.equal(
      rows.some((r) => r.code === 'J9285'),
      false,
    );
  });

  void test("CMS's 12-digit J7331 value is kept with a warning, not an error", () => {
    const p = parsed.problems.find((x) => x.code === 'cms.ndc.bad-ndc');
    assert.equal(p?.severity, 'warning');
    assert.ok(rows.some((r) => r.code === 'J7331' && r.ndc11 === '888867413689'));
  });

  void test('every other NDC is 11 digits', () => {
    assert.deepEqual(
      rows.filter((r) => !/^\d{11}$/.test(r.ndc11)).map((r) => r.ndc11),
      ['888867413689'],
    );
  });

  void test('release: 2026-01-01..2026-03-31, dated 2025-12-17', () => {
    assert.equal(parsed.release.effectiveFrom, '2026-01-01');
    assert.equal(parsed.release.effectiveTo, '2026-03-31');
    assert.equal(parsed.release.releaseDate, '2025-12-17');
  });
});

void describe('crosswalk bad input', () => {
  const { original, read, lineOf } = damagedCopies(ndcCrosswalkReader, FILES.crosswalk);
  const imfinziLine = lineOf((l) => l.includes('00310-4500-12'));

  void test('a letter in BILLUNITS is an error naming line and field', () => {
    const r = read(editLine(original, imfinziLine, (l) => l.replace('2.4,1,12,12', '2.4,1,twelve,12')));
    const p = errors(r.problems)[0];
    assert.equal(p?.code, 'cms.ndc.bad-number');
    assert.equal(p?.at?.line, imfinziLine);
    assert.equal(p?.at?.field, 'BILLUNITS');
  });

  void test('a text NDC is an error', () => {
    const r = read(editLine(original, imfinziLine, (l) => l.replace('00310-4500-12', 'IMFINZI')));
    assert.deepEqual(codesOf(errors(r.problems)), ['cms.ndc.bad-ndc']);
  });

  void test("next year's header name (_2027_CODE) is accepted, with a warning when it disagrees with the banner", () => {
    const r = read(original.replace('_2026_CODE', '_2027_CODE'));
    assert.deepEqual(errors(r.problems), []);
    assert.ok(codesOf(r.problems).includes('cms.ndc.header-year'));
    assert.equal(r.records.length, 7125);
  });

  void test('a missing NDC2 column is an error', () => {
    const r = read(original.replace(',NDC2,', ',NDC,'));
    assert.deepEqual(codesOf(errors(r.problems)), ['cms.csv.missing-column']);
  });

  const units: [string, string, string][] = [
    ['BILLUNITS and BILLUNITSPKG 0', ',2.4,1,0,0,', 'BILLUNITS'],
    ['negative billing units', ',2.4,1,-12,-12,', 'BILLUNITS'],
    ['PKG SIZE 0', ',0,1,12,12,', 'PKG SIZE'],
    ['PKG QTY 0', ',2.4,0,12,12,', 'PKG QTY'],
    ['BILLUNITSPKG -1', ',2.4,1,12,-1,', 'BILLUNITSPKG'],
  ];
  for (const [label, cells, field] of units) {
    void test(`${label} is an error naming line and field (a package cannot hold 0 units)`, () => {
      const r = read(editLine(original, imfinziLine, (l) => l.replace(',2.4,1,12,12,', cells)));
      const p = errors(r.problems)[0];
      assert.equal(p?.code, 'cms.ndc.out-of-range');
      assert.equal(p?.at?.line, imfinziLine);
      assert.equal(p?.at?.field, field);
      assert.equal(r.records.length, 7124);
    });
  }

  void test('a number too long to be finite is not a number', () => {
    const r = read(
      editLine(original, imfinziLine, (l) => l.replace(',2.4,1,12,12,', `,2.4,1,${'9'.repeat(400)},12,`)),
    );
    assert.deepEqual(codesOf(errors(r.problems)), ['cms.ndc.bad-number']);
  });

  void test('a row cut after 5 columns is an error', () => {
    const r = read(editLine(original, imfinziLine, (l) => l.split(',').slice(0, 6).join(',')));
    const p = errors(r.problems).find((x) => x.code === 'cms.csv.missing-fields');
    assert.equal(p?.at?.line, imfinziLine);
  });
});
