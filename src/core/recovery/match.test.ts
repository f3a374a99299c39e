import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Claim, ClaimLine, RemittanceClaim, RemittanceServiceLine } from '../claim/model.ts';
import { ClaimIndex, matchRemittanceClaim } from './match.ts';

const cl = (
  sequence: number,
  code: string,
  units: number,
  chargeCents: number,
  extra: Partial<ClaimLine> = {},
): ClaimLine => ({
  sequence,
  serviceDate: '2026-02-10',
  procedure: { qualifier: 'HC', code, modifiers: [] },
  units,
  chargeCents,
  diagnosisPointers: [1],
  notes: [],
  ...extra,
});

const claim = (id: string, lines: ClaimLine[], extra: Partial<Claim> = {}): Claim => ({
  id,
  format: '837P',
  billingProvider: { name: 'P' },
  payer: { name: 'MEDICARE', kind: 'medicare' },
  patient: { memberId: `M-${id}` },
  totalChargeCents: lines.reduce((s, l) => s + l.chargeCents, 0),
  diagnoses: [],
  notes: [],
  lines,
  ...extra,
});

const svc = (
  code: string,
  chargeCents: number,
  units: number,
  extra: Partial<RemittanceServiceLine> = {},
): RemittanceServiceLine => ({
  procedure: { qualifier: 'HC', code, modifiers: [] },
  chargeCents,
  paidCents: 0,
  units,
  serviceDate: '2026-02-10',
  adjustments: [],
  remarkCodes: [],
  ...extra,
});

const remit = (
  pcn: string,
  lines: RemittanceServiceLine[],
  extra: Partial<RemittanceClaim> = {},
): RemittanceClaim => ({
  patientControlNumber: pcn,
  status: '1',
  chargeCents: lines.reduce((s, l) => s + l.chargeCents, 0),
  paidCents: 0,
  patientResponsibilityCents: 0,
  adjustments: [],
  remarkCodes: [],
  serviceLines: lines,
  ...extra,
});

void describe('claim matching', () => {
  void test('by patient control number, lines by REF*6R', () => {
    const idx = new ClaimIndex([
      claim('A1', [
        cl(1, 'J9173', 75, 800_000, { lineItemControlNumber: 'X-1' }),
        cl(2, '96413', 1, 30_000, { lineItemControlNumber: 'X-2' }),
      ]),
    ]);
    const m = matchRemittanceClaim(
      remit('A1', [
        svc('96413', 30_000, 1, { lineItemControlNumber: 'X-2' }),
        svc('J9173', 800_000, 75, { lineItemControlNumber: 'X-1' }),
      ]),
      idx,
    );
    assert.ok(m.matched);
    assert.equal(m.method, 'patient-control-number');
    assert.deepEqual(
      m.lines.map((l) => [l.claimLine, l.method]),
      [
        [2, 'line-item-control-number'],
        [1, 'line-item-control-number'],
      ],
    );
    assert.deepEqual(m.unmatchedClaimLines, []);
  });

  void test('by payer claim control number (REF*F8 on a replacement claim) before CLP01', () => {
    const idx = new ClaimIndex([
      claim('OLD', [cl(1, 'J9173', 75, 800_000)]),
      claim('NEW', [cl(1, 'J9173', 75, 800_000)], { payerClaimControlNumber: 'ICN777', frequencyCode: '7' }),
    ]);
    const m = matchRemittanceClaim(
      remit('OLD', [svc('J9173', 800_000, 75)], { payerClaimControlNumber: 'ICN777' }),
      idx,
    );
    assert.ok(m.matched);
    assert.equal(m.method, 'payer-claim-control-number');
    assert.equal(m.claimIndex, 1);
  });

  const lineCases: {
    name: string;
    lines: ClaimLine[];
    svc: RemittanceServiceLine;
    expect: [number | undefined, string | undefined];
  }[] = [
    {
      name: 'code + date + units + charge',
      lines: [cl(1, 'J9271', 200, 1_500_000), cl(2, 'J9271', 100, 750_000)],
      svc: svc('J9271', 750_000, 100),
      expect: [2, 'code-date-units-charge'],
    },
    {
      name: 'original units (SVC07) when the payer cut units',
      lines: [cl(1, 'J9271', 500, 3_750_000)],
      svc: svc('J9271', 3_750_000, 400, { originalUnits: 500 }),
      expect: [1, 'code-date-units-charge'],
    },
    {
      name: 'original code (SVC06) when the payer changed it',
      lines: [cl(1, 'J9999', 1, 10_000)],
      svc: svc('J9173', 10_000, 1, { originalProcedure: { qualifier: 'HC', code: 'J9999', modifiers: [] } }),
      expect: [1, 'code-date-units-charge'],
    },
    {
      name: 'code + charge when the date differs',
      lines: [cl(1, 'J9173', 75, 800_000)],
      svc: svc('J9173', 800_000, 70, { serviceDate: '2026-02-11' }),
      expect: [1, 'code-charge'],
    },
    {
      name: '6R as the line number when claim lines carry no 6R',
      lines: [cl(1, 'J9173', 75, 800_000), cl(2, 'J9173', 75, 800_000)],
      svc: svc('J9173', 800_000, 75, { lineItemControlNumber: '2' }),
      expect: [2, 'line-item-control-number-as-sequence'],
    },
    {
      name: 'a code not on the claim stays unmatched',
      lines: [cl(1, 'J9173', 75, 800_000)],
      svc: svc('J9309', 100, 1),
      expect: [undefined, undefined],
    },
  ];
  for (const c of lineCases) {
    void test(`line: ${c.name}`, () => {
      const m = matchRemittanceClaim(remit('C', [c.svc]), new ClaimIndex([claim('C', c.lines)]));
      assert.ok(m.matched);
      assert.deepEqual([m.lines[0]?.claimLine, m.lines[0]?.method], c.expect);
    });
  }

  void test('each submitted line is used once', () => {
    const m = matchRemittanceClaim(
      remit('C', [svc('J9173', 800_000, 75), svc('J9173', 800_000, 75), svc('J9173', 800_000, 75)]),
      new ClaimIndex([claim('C', [cl(1, 'J9173', 75, 800_000), cl(2, 'J9173', 75, 800_000)])]),
    );
    assert.ok(m.matched);
    assert.deepEqual(
      m.lines.map((l) => l.claimLine),
      [1, 2, undefined],
    );
  });

  void test('no claim: every line listed as unmatched', () => {
    const m = matchRemittanceClaim(
      remit('ZZZ', [svc('J9173', 1, 1), svc('J9173', 2, 1)]),
      new ClaimIndex([claim('A', [cl(1, 'J9173', 1, 1)])]),
    );
    assert.equal(m.matched, false);
    assert.equal(m.lines.length, 2);
    if (!m.matched) assert.equal(m.reason, 'no-claim');
  });

  void test('duplicate CLP01 (the dental sample pattern) is resolved by charge and member, or reported ambiguous', () => {
    const claims = [
      claim('7722337', [cl(1, 'D0120', 1, 22_600)]),
      claim('7722337', [cl(1, 'D0120', 1, 11_900)]),
    ];
    claims[0]!.patient.memberId = 'A';
    claims[1]!.patient.memberId = 'B';
    const idx = new ClaimIndex(claims);
    const m = matchRemittanceClaim(
      remit('7722337', [svc('D0120', 11_900, 1)], { patient: { memberId: 'B' } }),
      idx,
    );
    assert.ok(m.matched);
    assert.equal(m.claimIndex, 1);
    assert.equal(m.method, 'patient-control-number+disambiguated');
    const tie = matchRemittanceClaim(remit('7722337', [svc('D0120', 50_000, 1)]), idx);
    assert.equal(tie.matched, false);
    if (!tie.matched) assert.equal(tie.reason, 'ambiguous');
  });

  void test('a resubmitted identical claim goes to the latest copy', () => {
    const idx = new ClaimIndex([
      claim('R1', [cl(1, 'J9173', 75, 800_000)]),
      claim('R1', [cl(1, 'J9173', 75, 800_000)]),
    ]);
    const m = matchRemittanceClaim(remit('R1', [svc('J9173', 800_000, 75)]), idx);
    assert.ok(m.matched);
    assert.equal(m.claimIndex, 1);
  });
});
