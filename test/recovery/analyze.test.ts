/**
 * The pure pipeline (match → classify → expected payment → findings) on the generated claims + remittances pair:
 * exactly the denials, causes, recoverable dollars, deadlines and underpayments in fixtures.ts, nothing more.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { loadRecoveryRules, type RecoveryRules } from '../../src/adapters/store/recovery/rules-files.ts';
import { analyzeRemittanceClaim, type AnalysisContext } from '../../src/core/recovery/analyze.ts';
import { ClaimIndex, matchRemittanceClaim } from '../../src/core/recovery/match.ts';
import type { Adjustment } from '../../src/core/claim/model.ts';
import { DEFAULT_TOLERANCE, type Finding } from '../../src/core/recovery/model.ts';
import { sharedReference } from '../support/reference.ts';
import {
  commercialRemittance,
  EXPECTED_DENIALS,
  EXPECTED_UNDERPAYMENTS,
  generatedClaims,
  medicareRemittance,
} from './fixtures.ts';

let rules: RecoveryRules;
let ctx: AnalysisContext;
let findings: Finding[];
let matches: Map<string, string>;

before(async () => {
  const r = loadRecoveryRules();
  assert.ok(r.ok, r.problems.map((p) => p.message).join('\n'));
  rules = r.value;
  ctx = {
    mapping: rules.mapping,
    reference: await sharedReference(),
    contracts: rules.contracts,
    deadlines: rules.deadlines,
    tolerance: DEFAULT_TOLERANCE,
  };
  const claims = generatedClaims();
  const index = new ClaimIndex(claims);
  findings = [];
  matches = new Map();
  for (const remittance of [medicareRemittance(), commercialRemittance()]) {
    remittance.claims.forEach((rc, i) => {
      const match = matchRemittanceClaim(rc, index);
      matches.set(
        rc.patientControlNumber,
        match.matched
          ? `${claims[match.claimIndex]?.id}:${match.method}:${match.lines.map((l) => `${l.claimLine}/${l.method}`).join(',')}`
          : `unmatched:${match.reason}`,
      );
      const submitted = match.matched ? claims[match.claimIndex] : undefined;
      findings.push(
        ...analyzeRemittanceClaim(
          { remittance, claim: rc, key: `${remittance.payment.traceNumber}:${i}`, submitted, match },
          ctx,
        ).findings,
      );
    });
  }
});

void describe('generated claims + remittances', () => {
  void test('matches: by CLP01, lines by 6R or content; the unsubmitted claim is listed', () => {
    assert.deepEqual(Object.fromEntries(matches), {
      RC1001: 'RC1001:patient-control-number:1/line-item-control-number,2/line-item-control-number',
      RC1002: 'RC1002:patient-control-number:1/code-date-units-charge',
      RC1003: 'RC1003:patient-control-number:1/code-date-units-charge',
      RC1004: 'RC1004:patient-control-number:1/code-date-units-charge',
      RC1005: 'RC1005:patient-control-number:1/code-date-units-charge',
      RC1006: 'RC1006:patient-control-number:1/code-date-units-charge',
      RC1007: 'RC1007:patient-control-number:1/code-date-units-charge',
      RC9999: 'unmatched:no-claim',
      RC2001: 'RC2001:patient-control-number:1/code-date-units-charge',
    });
  });

  void test('exactly the expected denials, with cause, action, amount, recoverable and deadline', () => {
    const denials = findings.filter((f) => f.kind === 'denial');
    assert.deepEqual(
      denials.map((d) => ({
        claimId: d.claimId,
        line: d.line,
        code: d.code,
        group: d.groupCode,
        carc: d.carc,
        rarc: d.rarc,
        cause: d.classification.cause,
        action: d.classification.action,
        amount: d.amountCents,
        recoverable: d.recoverableCents,
        deadline: d.deadline?.date,
      })),
      EXPECTED_DENIALS.map((d) => ({ ...d, rarc: [...d.rarc] })),
    );
    const total = denials.reduce((s, d) => s + d.recoverableCents, 0);
    assert.equal(total, 1_544_102 + 631_710 + 468_252 + 507_268 + 263_212); // $34,145.44
  });

  void test('exactly the expected underpayments', () => {
    const under = findings.filter((f) => f.kind === 'underpayment');
    assert.deepEqual(
      under.map((u) => ({
        claimId: u.claimId,
        line: u.line,
        code: u.code,
        paid: u.paidCents,
        expected: u.expectedCents,
        gap: u.gapCents,
        basis: u.expected.basis,
      })),
      EXPECTED_UNDERPAYMENTS.map((u) => ({ ...u })),
    );
  });

  void test('the unmatched claim keeps its SVC position as line, marked not matched', () => {
    const d = findings.find((f) => f.claimId === 'RC9999');
    assert.equal(d?.line, 1);
    assert.equal(d?.lineMatched, false);
  });

  void test('denials link back to the pre-submission edits that would have caught them', () => {
    const byClaim = new Map(
      findings
        .filter((f) => f.kind === 'denial')
        .map((f) => [f.claimId, f.kind === 'denial' ? f.classification.edits : []]),
    );
    assert.ok(byClaim.get('RC1003')?.includes('ndc-not-in-crosswalk'));
    assert.ok(byClaim.get('RC1004')?.includes('policy-prior-auth'));
    assert.ok(byClaim.get('RC1005')?.includes('mue-line'));
    assert.ok(byClaim.get('RC1007')?.includes('duplicate-line'));
  });

  void test('a tolerance of $200 hides the $172.68 gap but not the $950.00 one', () => {
    const claims = generatedClaims();
    const index = new ClaimIndex(claims);
    const wide = { ...ctx, tolerance: { cents: 20_000, percent: 0 } };
    const gaps: string[] = [];
    for (const remittance of [medicareRemittance(), commercialRemittance()]) {
      for (const rc of remittance.claims) {
        const match = matchRemittanceClaim(rc, index);
        const submitted = match.matched ? claims[match.claimIndex] : undefined;
        for (const f of analyzeRemittanceClaim({ remittance, claim: rc, key: 'k', submitted, match }, wide)
          .findings)
          if (f.kind === 'underpayment') gaps.push(f.claimId);
      }
    }
    assert.deepEqual(gaps, ['RC2001']);
  });

  // RC1006's line (J9173 75 units, $8,000, expected $5,072.68) answered in other ways. A denial that group PR puts
  // on the patient is the patient's bill, not a payer underpayment (QA: PR-96 N130 was a $5,072.68 "underpayment").
  const adj = (group: string, carc: string, amountCents: number): Adjustment => ({
    group,
    carc,
    amountCents,
  });
  const answers: [label: string, paidCents: number, adjs: Adjustment[], remarks: string[], want: string[]][] =
    [
      ['PR-96 N130 (non-covered, patient liable): nothing', 0, [adj('PR', '96', 800_000)], ['N130'], []],
      ['PR-204 (not covered, patient liable): nothing', 0, [adj('PR', '204', 800_000)], [], []],
      ['CO-96 N130: a denial', 0, [adj('CO', '96', 800_000)], ['N130'], ['denial:CO-96:review']],
      [
        'PR-2 coinsurance, paid $4,900: still an underpayment',
        490_000,
        [adj('CO', '45', 175_000), adj('PR', '2', 125_000), adj('CO', '253', 10_000)],
        [],
        ['underpayment:17268'],
      ],
    ];
  for (const [label, paidCents, adjs, remarks, want] of answers) {
    void test(`a line answered with ${label}`, () => {
      const remittance = medicareRemittance();
      const base = remittance.claims.find((c) => c.patientControlNumber === 'RC1006')!;
      const rc = {
        ...base,
        paidCents,
        serviceLines: [{ ...base.serviceLines[0]!, paidCents, adjustments: adjs, remarkCodes: remarks }],
      };
      const claims = generatedClaims();
      const match = matchRemittanceClaim(rc, new ClaimIndex(claims));
      const submitted = match.matched ? claims[match.claimIndex] : undefined;
      const a = analyzeRemittanceClaim({ remittance, claim: rc, key: 'k', submitted, match }, ctx);
      assert.deepEqual(
        a.findings.map((f) =>
          f.kind === 'denial'
            ? `denial:${f.groupCode}-${f.carc}:${f.classification.action}`
            : `underpayment:${f.gapCents}`,
        ),
        want,
      );
    });
  }

  // Units the payer cut with only contractual CARCs (QA UN0001: SVC05 50 of SVC07 75, CO-45/PR-2/CO-253, $3,381.78
  // paid): the line is held to the 75 units billed ($5,072.68), as a denial's recoverable dollars are. Before, the
  // expectation was on the 50 paid units ($3,381.78): no finding, $1,690.90 lost.
  const cut = [adj('CO', '45', 375_112), adj('PR', '2', 86_270), adj('CO', '253', 440)];
  const unitCases: [
    label: string,
    line: {
      units: number;
      originalUnits?: number;
      paidCents: number;
      adjs: Adjustment[];
      remarks?: string[];
    },
    want: string[],
  ][] = [
    [
      'SVC05 50 of SVC07 75 with N362 (units over the payer maximum): a units matter, priced on the 50 paid (review)',
      { units: 50, originalUnits: 75, paidCents: 338_178, adjs: cut, remarks: ['N362'] },
      [],
    ],
    [
      'SVC05 50 of SVC07 75, CO-45/PR-2/CO-253 only (QA UN0001)',
      { units: 50, originalUnits: 75, paidCents: 338_178, adjs: cut },
      [
        'underpayment:75u (50 paid):expected 507268:gap 169090:the payer paid 50 of the 75 units billed (SVC05 50, SVC07 75) and no denial adjustment explains the other 25: the expected payment is on the 75 units billed',
      ],
    ],
    [
      'SVC05 50, no SVC07, the claim line billed 75',
      { units: 50, paidCents: 338_178, adjs: cut },
      [
        'underpayment:75u (50 paid):expected 507268:gap 169090:the payer paid 50 of the 75 units billed (SVC05 50; the claim line billed 75) and no denial adjustment explains the other 25: the expected payment is on the 75 units billed',
      ],
    ],
    [
      'SVC05 75 paid $3,381.78 (QA UN0004, unchanged)',
      { units: 75, paidCents: 338_178, adjs: cut },
      ['underpayment:75u:expected 507268:gap 169090:'],
    ],
    [
      'SVC05 50 of 75 but paid the 75 units in full: nothing',
      { units: 50, originalUnits: 75, paidCents: 507_268, adjs: [adj('CO', '45', 292_732)] },
      [],
    ],
    [
      'SVC05 50 of SVC07 75 with CO-151 on the cut units: a denial on the 75 units (unchanged)',
      { units: 50, originalUnits: 75, paidCents: 338_178, adjs: [...cut, adj('CO', '151', 100_000)] },
      ['denial:CO-151:75u:expected 507268:recoverable 169090'],
    ],
    [
      'SVC05 50, no SVC07, CO-151: the denial is priced on the claim line’s 75 units',
      { units: 50, paidCents: 338_178, adjs: [...cut, adj('CO', '151', 100_000)] },
      ['denial:CO-151:75u:expected 507268:recoverable 169090'],
    ],
  ];
  for (const [label, line, want] of unitCases) {
    void test(`units cut: ${label}`, () => {
      const remittance = medicareRemittance();
      const base = remittance.claims.find((c) => c.patientControlNumber === 'RC1006')!;
      const { originalUnits: _, ...svc0 } = base.serviceLines[0]!;
      const svc = {
        ...svc0,
        units: line.units,
        paidCents: line.paidCents,
        adjustments: line.adjs,
        ...(line.originalUnits !== undefined ? { originalUnits: line.originalUnits } : {}),
        ...(line.remarks !== undefined ? { remarkCodes: line.remarks } : {}),
      };
      const rc = { ...base, paidCents: line.paidCents, serviceLines: [svc] };
      const before = structuredClone(rc);
      const claims = generatedClaims();
      const match = matchRemittanceClaim(rc, new ClaimIndex(claims));
      assert.ok(match.matched);
      const submitted = claims[match.claimIndex];
      const a = analyzeRemittanceClaim({ remittance, claim: rc, key: 'k', submitted, match }, ctx);
      assert.deepEqual(
        a.findings.map((f) =>
          f.kind === 'denial'
            ? `denial:${f.groupCode}-${f.carc}:${f.units}u:expected ${f.expectedCents}:recoverable ${f.recoverableCents}`
            : `underpayment:${f.units}u${f.paidUnits !== undefined ? ` (${f.paidUnits} paid)` : ''}:expected ${f.expectedCents}:gap ${f.gapCents}:${f.expected.notes.join(' ')}`,
        ),
        want,
      );
      assert.deepEqual(rc, before, 'the remittance claim is not mutated');
    });
  }

  // Review: one billed line of 75 units paid in two pieces (50 + 25, each with SVC07 75; the matcher ties one to the
  // claim line) was held to 75 units per piece: $7,764.31 claimed where nothing is owed. Each piece keeps its units.
  for (const originalUnits of [75, undefined])
    void test(`units cut: a line paid in two pieces is no cut (SVC07 ${originalUnits ?? 'absent'})`, () => {
      const remittance = medicareRemittance();
      const base = remittance.claims.find((c) => c.patientControlNumber === 'RC1006')!;
      const { originalUnits: _, ...svc0 } = base.serviceLines[0]!;
      const piece = (units: number, paidCents: number) => ({
        ...svc0,
        units,
        paidCents,
        adjustments: [adj('CO', '45', 10_000)],
        ...(originalUnits !== undefined ? { originalUnits } : {}),
      });
      const rc = { ...base, paidCents: 507_268, serviceLines: [piece(50, 338_178), piece(25, 169_090)] };
      const claims = generatedClaims();
      const match = matchRemittanceClaim(rc, new ClaimIndex(claims));
      assert.ok(match.matched);
      const a = analyzeRemittanceClaim(
        { remittance, claim: rc, key: 'k', submitted: claims[match.claimIndex], match },
        ctx,
      );
      assert.deepEqual(a.findings, []);
    });

  void test('a reversal (CLP02 = 22) creates no findings', () => {
    const remittance = medicareRemittance();
    const rc = { ...remittance.claims[2]!, status: '22' };
    const a = analyzeRemittanceClaim({ remittance, claim: rc, key: 'rev' }, ctx);
    assert.deepEqual(a.findings, []);
    assert.equal(a.adjustments.length, 1);
  });
});
