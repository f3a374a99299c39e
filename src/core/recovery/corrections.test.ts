import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ClaimLine } from '../claim/model.ts';
import {
  answerableCandidates,
  chooseReplacedClaim,
  claimCorrection,
  mapCorrectedLines,
  type AnswerCandidate,
  type CorrectedClaimRef,
  type CorrectedLine,
  type ReplacedCandidate,
  type ReplacedChoice,
} from './corrections.ts';

void describe('claimCorrection: CLM05-3', () => {
  const cases: [string, string | undefined, ReturnType<typeof claimCorrection>][] = [
    ['1 original', '1', undefined],
    ['7 replacement of prior claim', '7', 'replacement'],
    ['8 void/cancel of prior claim', '8', 'void'],
    ['spaces around 7', ' 7 ', 'replacement'],
    ['no frequency code', undefined, undefined],
  ];
  for (const [label, code, want] of cases)
    void test(label, () => {
      assert.equal(claimCorrection(code === undefined ? {} : { frequencyCode: code }), want);
    });
});

void describe('chooseReplacedClaim', () => {
  const corrected: CorrectedClaimRef = {
    claimId: 'RC1004',
    payerClaimControlNumber: '2026061000104',
    payerId: '12345',
    payerName: 'MEDICARE PART B',
    serviceFrom: '2026-02-10',
  };
  const original = (over: Partial<ReplacedCandidate> = {}): ReplacedCandidate => ({
    claimId: 'RC1004',
    payerId: '12345',
    payerName: 'MEDICARE PART B',
    serviceFrom: '2026-02-10',
    adjudicatedAs: ['2026061000104'],
    before: true,
    ...over,
  });
  const cases: {
    label: string;
    corrected?: Partial<CorrectedClaimRef>;
    candidates: ReplacedCandidate[];
    want: ReplacedChoice;
  }[] = [
    {
      label: 'the claim whose adjudication carried the REF*F8',
      candidates: [original()],
      want: { found: true, index: 0, method: 'payer-claim-control-number' },
    },
    {
      label: 'REF*F8 wins over a claim with the same account number',
      corrected: { claimId: 'RC1004-R' },
      candidates: [original({ claimId: 'RC1004-R', adjudicatedAs: [] }), original()],
      want: { found: true, index: 1, method: 'payer-claim-control-number' },
    },
    {
      label: 'a second correction of the same payer claim continues the chain from the first',
      candidates: [
        original(),
        original({ adjudicatedAs: [], correction: 'replacement', payerClaimControlNumber: '2026061000104' }),
      ],
      want: { found: true, index: 1, method: 'payer-claim-control-number' },
    },
    {
      label: 'no remittance with that number yet: the same patient control number and date of service',
      candidates: [original({ adjudicatedAs: [] })],
      want: { found: true, index: 0, method: 'patient-control-number' },
    },
    {
      label: 'the same account number on another date of service is another claim',
      candidates: [original({ adjudicatedAs: [], serviceFrom: '2025-11-03' })],
      want: { found: false },
    },
    {
      label: 'another payer: never',
      candidates: [original({ payerId: 'EHP01', payerName: 'EXAMPLE HEALTH PLAN' })],
      want: { found: false },
    },
    {
      label: 'a void is never replaced',
      candidates: [original({ correction: 'void' })],
      want: { found: false },
    },
    {
      label: 'of two fits, the latest stored before the correction',
      candidates: [original(), original(), original({ before: false })],
      want: { found: true, index: 1, method: 'payer-claim-control-number' },
    },
    {
      label: 'only a fit stored after it (the original imported late): that one',
      candidates: [original({ before: false })],
      want: { found: true, index: 0, method: 'payer-claim-control-number' },
    },
    { label: 'nothing stored', candidates: [], want: { found: false } },
  ];
  for (const c of cases)
    void test(c.label, () => {
      const ref = { ...corrected, ...c.corrected };
      const copy = structuredClone(c.candidates);
      assert.deepEqual(chooseReplacedClaim(ref, c.candidates), c.want);
      assert.deepEqual(c.candidates, copy);
    });
});

void describe('mapCorrectedLines', () => {
  const line = (sequence: number, code: string, units: number, over: Partial<ClaimLine> = {}): ClaimLine => ({
    sequence,
    serviceDate: '2026-02-10',
    procedure: { qualifier: 'HC', code, modifiers: [] },
    units,
    unitType: 'UN',
    chargeCents: units * 1000,
    diagnosisPointers: [1],
    notes: [],
    ...over,
  });
  const original = [line(1, 'J9299', 240), line(2, '96413', 1), line(3, 'J2405', 8)];
  const cases: { label: string; corrected: ClaimLine[]; want: CorrectedLine[] }[] = [
    {
      label: 'the same lines, an NDC added: line for line',
      corrected: [
        line(1, 'J9299', 240, { drug: { ndc: '00003373413', ndcQualifier: 'N4' } }),
        line(2, '96413', 1),
      ],
      want: [
        { line: 1, original: 1 },
        { line: 2, original: 2 },
      ],
    },
    {
      label: 'units corrected: by code and date',
      corrected: [line(1, 'J9299', 200)],
      want: [{ line: 1, original: 1 }],
    },
    {
      label: 'lines reordered: by code, not by number',
      corrected: [line(1, '96413', 1), line(2, 'J9299', 240)],
      want: [
        { line: 1, original: 2 },
        { line: 2, original: 1 },
      ],
    },
    {
      label: 'the code itself corrected: the same line number and date',
      corrected: [line(1, 'J9298', 240), line(2, '96413', 1)],
      want: [
        { line: 1, original: 1 },
        { line: 2, original: 2 },
      ],
    },
    {
      label: 'a REF*6R line item control number beats everything',
      corrected: [line(1, 'J2405', 8, { lineItemControlNumber: 'A-1' })],
      want: [{ line: 1, original: 3 }],
    },
    {
      label: 'a line the original did not have: no partner',
      corrected: [line(4, 'J9045', 30, { serviceDate: '2026-02-11' })],
      want: [],
    },
  ];
  const withControl = original.map((l) => (l.sequence === 3 ? { ...l, lineItemControlNumber: 'A-1' } : l));
  for (const c of cases)
    void test(c.label, () => {
      const copy = structuredClone(c.corrected);
      assert.deepEqual(mapCorrectedLines(c.corrected, withControl), c.want);
      assert.deepEqual(c.corrected, copy);
    });
});

void describe('answerableCandidates', () => {
  // Row 1 the original claim, denied by remittance claim 10 (2026-03-02, CLP07 P0); row 2 its replacement (REF*F8
  // P0), imported 2026-11-24 with a backlog; row 3 a void of row 2.
  const originalClaim: AnswerCandidate = { row: 1, replaces: [] };
  const replacement: AnswerCandidate = {
    row: 2,
    replaces: [1],
    correction: 'replacement',
    corrects: { remitRow: 10, date: '2026-03-02' },
    receivedDate: '2026-11-24',
  };
  const voided: AnswerCandidate = {
    row: 3,
    replaces: [2, 1],
    correction: 'void',
    corrects: { remitRow: 10, date: '2026-03-02' },
  };
  const cases: {
    label: string;
    candidates: AnswerCandidate[];
    remit: { row: number; date?: string; matchedRow?: number };
    want: number[];
  }[] = [
    {
      label: 'no correction: every candidate',
      candidates: [originalClaim, { row: 5, replaces: [] }],
      remit: { row: 10, date: '2026-03-02' },
      want: [1, 5],
    },
    {
      label: 'a remittance after the adjudication the correction answers answers the correction',
      candidates: [originalClaim, replacement],
      remit: { row: 20, date: '2026-04-20' },
      want: [2],
    },
    {
      label: 'the original adjudication, analysed after the correction is on file, stays with the original',
      candidates: [originalClaim, replacement],
      remit: { row: 10, date: '2026-03-02' },
      want: [1],
    },
    {
      label: 'a copy of the original adjudication (same date, another 835) stays with the original',
      candidates: [originalClaim, replacement],
      remit: { row: 11, date: '2026-03-02' },
      want: [1],
    },
    {
      label: 'an adjudication matched to the original stays with it (re-analysed with --all)',
      candidates: [originalClaim, replacement],
      remit: { row: 20, date: '2026-04-20', matchedRow: 1 },
      want: [1],
    },
    {
      label: 'the answer to the replacement stays with the replacement',
      candidates: [originalClaim, replacement],
      remit: { row: 20, date: '2026-04-20', matchedRow: 2 },
      want: [2],
    },
    {
      label: 'the adjudication it answers not on file: the import date decides',
      candidates: [
        originalClaim,
        { row: 2, replaces: [1], correction: 'replacement', receivedDate: '2026-03-20' },
      ],
      remit: { row: 20, date: '2026-03-02' },
      want: [1],
    },
    {
      label: 'a chain: the last correction in force',
      candidates: [originalClaim, replacement, voided],
      remit: { row: 30, date: '2026-04-30' },
      want: [3],
    },
    {
      label: 'no remittance date: the correction',
      candidates: [originalClaim, replacement],
      remit: { row: 20 },
      want: [2],
    },
  ];
  for (const c of cases)
    void test(c.label, () => {
      const copy = structuredClone(c.candidates);
      assert.deepEqual(answerableCandidates(c.candidates, c.remit), c.want);
      assert.deepEqual(c.candidates, copy);
    });
});
