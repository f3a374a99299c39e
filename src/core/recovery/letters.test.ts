/**
 * draftLineLetter over a fake store: which document a line gets, reversed items, the check of the claim as
 * submitted against an appeal, and the rules-file sections the letters need.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { loadRecoveryRules, type RecoveryRules } from '../../adapters/store/recovery/rules-files.ts';
import type { Claim, RemittanceClaim } from '../claim/model.ts';
import type { ReferenceData } from '../reference/port.ts';
import { sharedReference } from '../../../test/support/reference.ts';
import { generatedClaims } from '../../../test/recovery/fixtures.ts';
import { validateRebuttals } from './appeal.ts';
import { paidText } from './letter-parts.ts';
import { draftLineLetter, laterPaymentsText, type LetterStore } from './letters.ts';
import { parseMarkdownBlocks } from './markdown.ts';
import type { DenialFinding, Finding, NextAction, UnderpaymentFinding, WorklistStatus } from './model.ts';

let reference: ReferenceData;
let rules: RecoveryRules;
let rc1003: Claim;

before(async () => {
  reference = await sharedReference();
  const r = loadRecoveryRules();
  assert.ok(r.ok);
  rules = r.value;
  const c = generatedClaims().find((x) => x.id === 'RC1003');
  assert.ok(c);
  rc1003 = c;
});

const payer = { name: 'MEDICARE PART B', id: '12345', kind: 'medicare' as const };
const deadline = {
  date: '2026-07-05',
  kind: 'redetermination request',
  rule: '120 days',
  citation: '42 CFR 405.942(a)',
};

/** RC1003 line 1 (J9309 144 units, NDC 50242-0105-01 × 1 UN = 140 units) denied CO-16 M119 with `action`. */
function ndcDenial(action: NextAction, rarc: string[]): DenialFinding {
  return {
    kind: 'denial',
    key: 'k1',
    claimId: 'RC1003',
    line: 1,
    lineMatched: true,
    code: 'J9309',
    modifiers: [],
    units: 144,
    ndc: '50242010501',
    serviceDate: '2026-02-10',
    payer,
    remitDate: '2026-03-02',
    chargeCents: 2_500_000,
    paidCents: 0,
    deadline,
    groupCode: 'CO',
    carc: '16',
    rarc,
    classification: {
      group: 'CO',
      carc: '16',
      rarc,
      cause: 'ndc',
      kind: 'denial',
      action,
      next: 'Fix the NDC.',
      edits: ['ndc-quantity-mismatch'],
      basis: [],
      known: true,
    },
    amountCents: 2_500_000,
    recoverableCents: 1_544_102,
    recoverableBasis: 'medicare-asp',
  };
}

function underpayment(): UnderpaymentFinding {
  return {
    kind: 'underpayment',
    key: 'k2',
    claimId: 'RC1003',
    line: 1,
    lineMatched: true,
    code: 'J9309',
    modifiers: [],
    units: 144,
    serviceDate: '2026-02-10',
    payer,
    remitDate: '2026-03-02',
    chargeCents: 2_500_000,
    paidCents: 1_000_000,
    deadline,
    expected: {
      basis: 'medicare-asp',
      allowedCents: 1_969_517,
      expectedCents: 1_544_102,
      steps: [{ label: 'expected payment', cents: 1_544_102 }],
      sources: [],
      certain: true,
      notes: [],
    },
    expectedCents: 1_544_102,
    gapCents: 544_102,
    toleranceCents: 15_441,
  };
}

function fakeStore(rows: { id: number; status: WorklistStatus; finding: Finding }[]): LetterStore {
  return {
    findings: ({ claimId, line }) =>
      rows.filter((r) => r.finding.claimId === claimId && r.finding.line === line),
    context: () => ({
      submitted: rc1003,
      remitClaim: {} as RemittanceClaim,
      remittance: { payee: { name: 'EXAMPLE ONCOLOGY PC' } },
    }),
  };
}

void describe('draftLineLetter', () => {
  const cases: [
    label: string,
    rows: () => { id: number; status: WorklistStatus; finding: Finding }[],
    expect: { ok: true; kind: string; has: RegExp[]; problem?: string } | { ok: false; message: RegExp },
  ][] = [
    [
      'an appeal whose linked edit finds a problem on the claim opens with a note to check it',
      () => [{ id: 1, status: 'new', finding: ndcDenial('appeal', ['M119']) }],
      {
        ok: true,
        kind: 'appeal',
        has: [
          /^# .*\n\n\[Check before sending, then remove this note: .*ndc-quantity-mismatch: NDC quantity 1 UN/,
        ],
        problem: 'recovery.appeal.contradicted',
      },
    ],
    [
      'correct-resubmit without a resubmission rule: the frequency codes explained, none chosen',
      () => [{ id: 1, status: 'new', finding: ndcDenial('correct-resubmit', ['M119']) }],
      {
        ok: true,
        kind: 'corrected-claim',
        has: [
          /## How to resubmit: see below/,
          /No resubmission rule for this payer and these remark codes is on file/,
        ],
      },
    ],
    [
      'a reversed underpayment is not drafted, and the answer says why',
      () => [{ id: 7, status: 'reversed', finding: underpayment() }],
      {
        ok: false,
        message: /no open denial or underpayment for claim RC1003 line 1: worklist item #7 was reversed/,
      },
    ],
    [
      'a denial withdrawn by a void is not drafted, and the answer says why',
      () => [{ id: 8, status: 'withdrawn', finding: ndcDenial('correct-resubmit', ['M119']) }],
      {
        ok: false,
        message:
          /no open denial or underpayment for claim RC1003 line 1: worklist item #8 was withdrawn \(the claim was voided/,
      },
    ],
    [
      'a denial waiting on its corrected claim is still drafted',
      () => [{ id: 9, status: 'corrected-claim-sent', finding: ndcDenial('correct-resubmit', ['M119']) }],
      { ok: true, kind: 'corrected-claim', has: [/## How to resubmit/] },
    ],
    [
      'an open underpayment',
      () => [{ id: 7, status: 'new', finding: underpayment() }],
      { ok: true, kind: 'underpayment', has: [/Amount in dispute:\*\* \$5,441\.02/] },
    ],
    [
      'nothing on the line',
      () => [],
      { ok: false, message: /no denial found for claim RC1003 line 1, and no underpayment/ },
    ],
  ];
  for (const [label, rows, expect] of cases) {
    void test(label, () => {
      const data = rows();
      const before = JSON.stringify(data);
      const r = draftLineLetter({
        store: fakeStore(data),
        reference,
        rules,
        claimId: 'RC1003',
        line: 1,
        letterDate: '2026-03-10',
      });
      assert.equal(JSON.stringify(data), before, 'the findings are not mutated');
      if (!expect.ok) {
        assert.equal(r.ok, false);
        assert.equal(r.problems[0]?.code, 'recovery.appeal.none');
        assert.match(r.problems[0]?.message ?? '', expect.message);
        return;
      }
      assert.ok(r.ok, r.problems.map((p) => p.message).join('\n'));
      assert.equal(r.value.kind, expect.kind);
      for (const re of expect.has) assert.match(r.value.markdown, re);
      if (expect.problem) assert.ok(r.problems.some((p) => p.code === expect.problem));
      assert.doesNotMatch(r.value.markdown, /\{\{/);
    });
  }

  void test('one account number on two remittance claims: --item picks the adjudication, not both', () => {
    const first = ndcDenial('appeal', ['M119']);
    const second: DenialFinding = {
      ...ndcDenial('appeal', ['M119']),
      key: 'k9',
      serviceDate: '2026-02-24',
      payerClaimControlNumber: 'PCN-2',
    };
    const store = fakeStore([
      { id: 1, status: 'new', finding: { ...first, payerClaimControlNumber: 'PCN-1' } },
      { id: 2, status: 'new', finding: second },
    ]);
    const draft = (findingId?: number) =>
      draftLineLetter({
        store,
        reference,
        rules,
        claimId: 'RC1003',
        line: 1,
        ...(findingId !== undefined ? { findingId } : {}),
        letterDate: '2026-03-10',
      });
    const both = draft();
    assert.ok(both.ok);
    assert.deepEqual(both.value.findingIds, [1, 2]);
    const one = draft(2);
    assert.ok(one.ok);
    assert.deepEqual(one.value.findingIds, [2]);
    assert.match(one.value.markdown, /2026-02-24/);
    const wrong = draft(99);
    assert.equal(wrong.ok, false);
    assert.match(wrong.problems[0]?.message ?? '', /worklist item 99 is not on claim RC1003 line 1/);
  });

  void test('without the correctedClaim text, a correct-resubmit line gets an error, never the appeal letter', () => {
    const { correctedClaim: _drop, ...rest } = rules.rebuttals;
    const r = draftLineLetter({
      store: fakeStore([{ id: 1, status: 'new', finding: ndcDenial('correct-resubmit', ['MA130']) }]),
      reference,
      rules: { ...rules, rebuttals: rest },
      claimId: 'RC1003',
      line: 1,
      letterDate: '2026-03-10',
    });
    assert.equal(r.ok, false);
    assert.equal(r.problems[0]?.code, 'recovery.appeal.no-text');
  });
});

void describe('claim data in letters is text, never markup', () => {
  // What the QA found in a letter drafted from an 837: live HTML, emphasis, and a right-to-left override.
  const claimId = 'X1005\u202E<svg onload=alert(12)>';
  // rc1003 is read in before(): made when a test runs.
  const evil = (): Claim => ({
    ...rc1003,
    patient: {
      ...rc1003.patient,
      firstName: '**ZQXFIRST**',
      lastName: '<img src=x onerror=alert(11)> AAA\u202EEVIL\0NUL',
    },
    subscriber: { ...rc1003.subscriber, memberId: '[click](https://evil.example)' },
    billingProvider: { ...rc1003.billingProvider, name: '# ONCOLOGY_PC & <b>Co</b>' },
  });
  const store = (finding: Finding): LetterStore => ({
    findings: ({ line }) => (line === 1 ? [{ id: 1, status: 'new', finding }] : []),
    context: () => ({
      submitted: evil(),
      remitClaim: {} as RemittanceClaim,
      remittance: { payee: { name: 'unused' } },
    }),
  });
  const findings: [string, Finding][] = [
    ['appeal', { ...ndcDenial('appeal', ['M119']), claimId }],
    ['corrected-claim worksheet', { ...ndcDenial('correct-resubmit', ['M119']), claimId }],
    ['underpayment letter', { ...underpayment(), claimId }],
  ];
  for (const [label, finding] of findings)
    void test(`${label}: names, ids and the claim id are escaped; the fields keep them as they are`, () => {
      const r = draftLineLetter({
        store: store(finding),
        reference,
        rules,
        claimId,
        line: 1,
        letterDate: '2026-03-10',
      });
      assert.ok(r.ok, r.problems.map((p) => p.message).join('\n'));
      const md = r.value.markdown;
      // No tag, link or emphasis from the claim survives, and no control character is in the letter.
      assert.doesNotMatch(md, /(?<!\\)<\/?(img|svg|b)\b/);
      assert.doesNotMatch(md, /(?<!\\)\[click\]/);
      assert.doesNotMatch(md, /(?<!\\)\*\*ZQXFIRST/);
      // eslint-disable-next-line no-control-regex -- the point of the test
      assert.doesNotMatch(md, /[\u0000\u202E]/);
      // Each value is there, escaped and readable.
      assert.match(md, /claim X1005\\u202E\\<svg onload=alert\(12\)>, line 1/);
      if (label !== 'underpayment letter')
        assert.match(
          md,
          /\\\*\\\*ZQXFIRST\\\*\\\* \\<img src=x onerror=alert\(11\)> AAA\\u202EEVIL\\u0000NUL/,
        );
      assert.match(md, /\\\[click\\\]\(https:\/\/evil\.example\)/);
      // The JSON of the letter and the PDF's title keep the data as it is.
      assert.equal(r.value.fields['claimId'], claimId);
      assert.equal(r.value.fields['memberId'], '[click](https://evil.example)');
      // The PDF draws the title as the value, the override shown, not applied.
      const title = parseMarkdownBlocks(md)[0];
      assert.equal(title?.type, 'heading');
      assert.match(
        title?.type === 'heading' ? title.spans.map((x) => x.text).join('') : '',
        /claim X1005\\u202E<svg onload=alert\(12\)>, line 1$/,
      );
    });
});

void describe('rebuttals.yaml: underpayment and correctedClaim sections', () => {
  const base = {
    version: 1,
    default: { appealed: 'a', rebuttal: ['b'], enclosures: [], requestedAction: 'c' },
  };
  const wrong: [label: string, data: Record<string, unknown>, message: RegExp][] = [
    [
      'a resubmission rule with an unknown kind and a bad frequency code',
      {
        correctedClaim: {
          template: 't',
          noRule: 'n',
          checklist: [],
          resubmission: [{ id: 'x', submit: 'appeal', frequencyCode: '17', instruction: 'i', source: 's' }],
        },
      },
      /correctedClaim\.resubmission\[0\]\.submit: expected one of new-claim, replacement[\s\S]*frequencyCode: expected one claim frequency code/,
    ],
    [
      'an underpayment section missing a basis',
      {
        underpayment: {
          template: 't',
          appealed: 'a',
          enclosures: [],
          requestedAction: 'r',
          bases: { 'medicare-asp': { name: 'n', argument: ['a'] } },
        },
      },
      /underpayment\.bases\.medicare-opps: expected a mapping/,
    ],
  ];
  for (const [label, extra, message] of wrong) {
    void test(label, () => {
      const r = validateRebuttals({ ...base, ...extra });
      assert.equal(r.ok, false);
      assert.match(r.problems.map((p) => p.message).join('\n'), message);
    });
  }

  void test('the repository file has both sections', () => {
    assert.ok(rules.rebuttals.underpayment);
    assert.ok(rules.rebuttals.correctedClaim);
    assert.equal(rules.rebuttals.correctedClaim.resubmission[0]?.frequencyCode, '1');
  });
});

void describe('payments to date: the later remittances named', () => {
  const LATER = '$6,000.00 on the remittance of 2026-04-15, check/EFT 12345, payer claim 2026061000204';
  const denial = (): DenialFinding => ({ ...ndcDenial('appeal', ['M119']), paidCents: 0 });

  void test('paidText: with the description, the later payment by remittance date, check/EFT and payer claim', () => {
    assert.equal(
      paidText(denial(), 600_000, LATER),
      '$6,000.00 to date: $0.00 on the remittance of 2026-03-02, $6,000.00 on the remittance of 2026-04-15, check/EFT 12345, payer claim 2026061000204',
    );
  });

  void test('paidText: without one (a store reconciled before it kept them), the wording is as before', () => {
    const before = '$6,000.00 to date: $0.00 on the remittance of 2026-03-02, $6,000.00 on later remittances';
    assert.equal(paidText(denial(), 600_000), before);
    assert.equal(paidText(denial(), 600_000, undefined), before);
    assert.equal(paidText(denial(), 600_000, '  '), before);
    // Nothing paid since: the description is not used.
    assert.equal(paidText(denial(), 0, LATER), '$0.00');
    assert.equal(paidText(denial(), undefined, LATER), '$0.00');
  });

  void test("laterPaymentsText: the items' distinct texts, none when a paying item has no text", () => {
    const other = '$100.00 on the remittance of 2026-05-01, check/EFT 777';
    assert.equal(
      laterPaymentsText([
        { recoveredCents: 500_000, recoveredFrom: LATER },
        { recoveredCents: 100_000, recoveredFrom: LATER },
        { recoveredCents: 0, recoveredFrom: null },
        { recoveredCents: 1, recoveredFrom: other },
      ]),
      `${LATER}; ${other}`,
    );
    assert.equal(laterPaymentsText([{ recoveredCents: 0 }, {}]), undefined);
    // One paying item reconciled before the store kept the text: "on later remittances", not only some named.
    assert.equal(
      laterPaymentsText([
        { recoveredCents: 500_000, recoveredFrom: LATER },
        { recoveredCents: 100_000, recoveredFrom: null },
      ]),
      undefined,
    );
  });

  void test("draftLineLetter: the underpayment letter names the later payment from the items' recoveredFrom", () => {
    const paidSince = '$100.00 on the remittance of 2026-04-15, check/EFT 12345, payer claim 2026061000204';
    const r = draftLineLetter({
      store: {
        ...fakeStore([]),
        findings: () => [
          { id: 7, status: 'new', finding: underpayment(), recoveredCents: 10_000, recoveredFrom: paidSince },
        ],
      },
      reference,
      rules,
      claimId: 'RC1003',
      line: 1,
      letterDate: '2026-04-20',
    });
    assert.ok(r.ok, r.problems.map((p) => p.message).join('\n'));
    assert.equal(r.value.kind, 'underpayment');
    assert.equal(
      r.value.fields['paid'],
      `$10,100.00 to date: $10,000.00 on the remittance of 2026-03-02, ${paidSince}`,
    );
    assert.equal(r.value.fields['paidLater'], '$100.00');
    assert.ok(r.value.markdown.includes(`, ${paidSince}`), r.value.markdown);
  });
});
