/**
 * Appeal letters: drafted from the template and rebuttal data for the generated denials, with the CARC/RARC
 * descriptions quoted from the store, facts cited with their releases, the enclosure checklist and the deadline;
 * rendered to PDF and read back with pdftotext (poppler-utils).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { renderAppealPdf, pdfSafe } from '../../src/adapters/appeal-pdf/index.ts';
import { openDatabase } from '../../src/adapters/store/database.ts';
import { loadRecoveryRules, type RecoveryRules } from '../../src/adapters/store/recovery/rules-files.ts';
import { RECOVERY_MIGRATIONS } from '../../src/adapters/store/recovery/schema.ts';
import { RecoverySession } from '../../src/adapters/store/recovery/session.ts';
import { loadRuleBook } from '../../src/adapters/rules/index.ts';
import { draftAppeal, fillTemplate, validateRebuttals } from '../../src/core/recovery/appeal.ts';
import { draftLineLetter, type LineLetter } from '../../src/core/recovery/letters.ts';
import type { Result } from '../../src/core/problem.ts';
import type { ReferenceData } from '../../src/core/reference/port.ts';
import { DEFAULT_TOLERANCE } from '../../src/core/recovery/model.ts';
import type { Problem } from '../../src/core/problem.ts';
import { sharedReference } from '../support/reference.ts';
import { commercialRemittance, generatedClaims, medicareRemittance } from './fixtures.ts';

let dir: string;
let session: RecoverySession;
let rules: RecoveryRules;
let reference: ReferenceData;

/** What `drugclaim appeal` and GET /api/appeals draft for a line. */
const letter = (claimId: string, line: number, letterDate: string): Result<LineLetter> =>
  draftLineLetter({
    store: session.store,
    reference,
    rules: session.rules,
    payerRules: loadRuleBook().book,
    claimId,
    line,
    letterDate,
  });

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'drugclaim-appeal-'));
  reference = await sharedReference();
  const r = loadRecoveryRules();
  assert.ok(r.ok);
  rules = r.value;
  const dbPath = join(dir, 'recovery.db');
  openDatabase(dbPath, { migrations: RECOVERY_MIGRATIONS }).close();
  const s = RecoverySession.open({ dbPath, reference: () => Promise.resolve(reference) });
  assert.ok(s.ok);
  session = s.value;
  const enc = new TextEncoder();
  session.store.importClaims({ name: 'c.837', bytes: enc.encode('claims') }, generatedClaims());
  session.store.importRemittances({ name: 'm.835', bytes: enc.encode('medicare') }, [medicareRemittance()]);
  session.store.importRemittances({ name: 'e.835', bytes: enc.encode('commercial') }, [
    commercialRemittance(),
  ]);
  session.store.reconcile({
    mapping: rules.mapping,
    reference,
    contracts: rules.contracts,
    deadlines: rules.deadlines,
    tolerance: DEFAULT_TOLERANCE,
  });
});

after(() => {
  session.close();
  rmSync(dir, { recursive: true, force: true });
});

const pdftotext = (file: string): string =>
  execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

void describe('appeal letters', () => {
  void test('MUE denial: header, quoted reasons, MUE fact with its MAI, enclosures, deadline', async () => {
    const r = letter('RC1005', 1, '2026-03-10');
    assert.ok(r.ok, r.problems.map((p) => p.message).join('\n'));
    const md = r.value.markdown;
    assert.equal(r.value.cause, 'units-mue');
    assert.equal(r.value.deadline?.date, '2026-07-05');
    for (const expected of [
      '# Redetermination request — claim RC1005, line 1',
      '**To:** MEDICARE PART B (payer id 12345)',
      '- **Beneficiary / member:** PAT TEST05, member id 1EG4TE5MK05',
      '- **HCPCS:** J9271 (modifiers: none) — Injection, pembrolizumab, 1 mg',
      '- **Units billed:** 500',
      '- **Date of the initial determination (remittance):** 2026-03-02',
      '- **Adjustment and remark codes:** CO-151, N362',
      '- **Amount in dispute:** $7,500.00 (expected payment if overturned: $4,682.52)',
      '"Payment adjusted because the payer deems the information submitted does not support this many/frequency of services."',
      'Remark **N362**: "The number of Days or Units of Service exceeds our acceptable maximum."',
      'MUE for J9271 (practitioner): 400 units, 3 Date of Service Edit: Clinical',
      'One billing unit of J9271 is 1 mg. 500 units = 500 mg administered.',
      'Label dosing for Keytruda (pembrolizumab)',
      '- [ ] Dose-to-units calculation worksheet',
      'Please pay all 500 units of J9271 billed on line 1.',
      'deadline of **2026-07-05** (120 days from receipt of the initial determination; receipt is presumed 5 days after the date of the notice; 42 CFR 405.942(a) and (a)(1))',
    ]) {
      assert.ok(md.includes(expected), `letter lacks: ${expected}\n---\n${md}`);
    }
    assert.doesNotMatch(md, /\{\{/);
  });

  // What the worklist says to do decides the document: never an appeal where the remark codes rule one out.
  const kinds: [label: string, claim: string, kind: LineLetter['kind'], cause: string, title: RegExp][] = [
    [
      'units-mue denial, action appeal',
      'RC1005',
      'appeal',
      'units-mue',
      /^# Redetermination request — claim RC1005, line 1\n/,
    ],
    [
      'prior-authorization denial, action appeal',
      'RC1004',
      'appeal',
      'prior-authorization',
      /^# Redetermination request — /,
    ],
    [
      'CO-16 M119 MA130, action correct-resubmit',
      'RC1003',
      'corrected-claim',
      'ndc',
      /^# Corrected-claim worksheet \(root cause: ndc\) — claim RC1003, line 1\n\n2026-03-10 — worksheet for the billing team/,
    ],
    [
      'Medicare underpayment (ASP)',
      'RC1006',
      'underpayment',
      'underpayment',
      /^# Redetermination request \(payment amount\) — claim RC1006, line 1\n/,
    ],
    [
      'commercial underpayment (contract)',
      'RC2001',
      'underpayment',
      'underpayment',
      /^# Provider payment dispute \(payment amount\) — claim RC2001, line 1\n/,
    ],
  ];
  for (const [label, claim, kind, cause, title] of kinds) {
    void test(`document by action: ${label} → ${kind}`, () => {
      const r = letter(claim, 1, '2026-03-10');
      assert.ok(r.ok, r.problems.map((p) => p.message).join('\n'));
      assert.equal(r.value.kind, kind);
      assert.equal(r.value.cause, cause);
      assert.match(r.value.markdown, title);
      assert.equal(r.value.sentStatus, kind === 'corrected-claim' ? 'resubmitted' : 'appealed');
      assert.ok(r.value.findingIds.length > 0);
      assert.doesNotMatch(r.value.markdown, /\{\{/);
    });
  }

  void test('MA130: a corrected-claim worksheet, never an appeal, and the edits say what is wrong', () => {
    const r = letter('RC1003', 1, '2026-03-10');
    assert.ok(r.ok, r.problems.map((p) => p.message).join('\n'));
    const md = r.value.markdown;
    for (const expected of [
      'not a letter to the payer',
      'Remark **MA130**: "Your claim contains incomplete and/or invalid information, and no appeal rights are afforded',
      'Remark **M119**: "Missing/incomplete/invalid/ deactivated/withdrawn National Drug Code (NDC)."',
      '**CO-16** ($25,000.00): "Claim/service lacks information',
      // What to correct: the root cause's next step, then the pre-submission edits on the claim as submitted.
      'Put the 11-digit NDC of the vial actually used',
      '**ndc-quantity-mismatch** (linked to this denial) — warning, line 1',
      'NDC quantity 1 UN on line 1 is 1 item(s) (vials, syringes) of 140 unit(s) of J9309 = 140 units, fewer than the 144 units billed.',
      'NDC 50242-0105-01 (Polivy, Genentech, Inc.) is listed for J9309 in the ASP NDC-HCPCS crosswalk: 140 billing units per package.',
      '## How to resubmit: new claim, claim frequency code 1',
      'claim frequency code 1 (original; 837 CLM05-3)',
      'CMS Medicare Claims Processing Manual (Pub. 100-04), chapter 1, section 80.3.1',
      'Submit the corrected claim by **2027-02-10** (a claim must be filed no later than 1 calendar year after the date of service; 42 CFR 424.44(a)(1)): 337 days left on 2026-03-10.',
    ]) {
      assert.ok(md.includes(expected), `worksheet lacks: ${expected}\n---\n${md}`);
    }
    // Nothing that asks the payer to take the claim as it was, nor that vouches for the NDC the claim contradicts.
    for (const never of [
      /accept the NDC as submitted/i,
      /package actually used, and/i,
      /What is appealed/,
      /Why the decision should be changed/,
    ]) {
      assert.doesNotMatch(md, never);
    }
    assert.equal(r.value.deadline?.date, '2027-02-10');
    assert.equal(r.value.deadline?.citation, '42 CFR 424.44(a)(1)');
    assert.ok(r.problems.some((p) => p.code === 'recovery.corrected.edits'));
  });

  const under: [label: string, claim: string, says: string[]][] = [
    [
      'Medicare ASP: paid, expected, basis, arithmetic, difference, redetermination deadline',
      'RC1006',
      [
        '- **Billed / paid:** $8,000.00 / $4,900.00',
        '- **Expected payment:** $5,072.68 (the Medicare Part B ASP payment limit)',
        '- **Amount in dispute:** $172.68',
        'fee = 75 units × $86.270',
        '- expected payment: $5,072.68',
        'Rates from: ASP payment limits January 2026.',
        'Social Security Act section 1847A(b)',
        'Please reprocess line 1 of claim RC1006 and pay the difference of $172.68.',
        'sent before the redetermination request deadline of **2026-07-05**',
      ],
    ],
    [
      'contract: the contract named, the plan-specific deadline',
      'RC2001',
      [
        '- **Amount in dispute:** $950.00',
        'our contract rate',
        'contract ',
        'provider payment dispute deadline of **2026-05-01**',
      ],
    ],
  ];
  for (const [label, claim, says] of under) {
    void test(`underpayment letter, ${label}`, () => {
      const r = letter(claim, 1, '2026-03-10');
      assert.ok(r.ok, r.problems.map((p) => p.message).join('\n'));
      for (const expected of says)
        assert.ok(r.value.markdown.includes(expected), `letter lacks: ${expected}\n---\n${r.value.markdown}`);
      assert.doesNotMatch(r.value.markdown, /Confirm before sending/);
    });
  }

  // RC1005: redetermination deadline 2026-07-05 (42 CFR 405.942(a)); RC1003: corrected claim by 2027-02-10 (424.44).
  const dated: [label: string, claim: string, date: string, says: RegExp, late: boolean][] = [
    [
      'before the deadline',
      'RC1005',
      '2026-03-10',
      /sent before the redetermination request deadline of \*\*2026-07-05\*\*/,
      false,
    ],
    [
      'on the last day',
      'RC1005',
      '2026-07-05',
      /sent on the last day of the redetermination request period, \*\*2026-07-05\*\*/,
      false,
    ],
    [
      'after the deadline: late, good cause asked (405.942(b))',
      'RC1005',
      '2026-08-01',
      /sent after the redetermination request deadline of \*\*2026-07-05\*\* \(.*\), 27 days late\. We ask you to extend the time limit for good cause under 42 CFR 405\.942\(b\)/,
      true,
    ],
    [
      'corrected claim after the 1-year limit: only the 424.44(b) exceptions',
      'RC1003',
      '2027-02-11',
      /The corrected claim \(timely filing\) deadline of \*\*2027-02-10\*\* \(.*\) passed 1 day before 2027-02-11\. Medicare extends this limit only in the cases 42 CFR 424\.44\(b\) lists/,
      true,
    ],
  ];
  for (const [label, claim, date, says, late] of dated) {
    void test(`a letter dated ${label}`, async () => {
      const r = letter(claim, 1, date);
      assert.ok(r.ok, r.problems.map((p) => p.message).join('\n'));
      const md = r.value.markdown;
      assert.match(md, says);
      if (late) assert.ok(!md.includes('sent before the'), md);
      assert.equal(
        r.problems.some((p) => p.code === 'recovery.appeal.late' && p.severity === 'warning'),
        late,
      );
      assert.equal(md.includes('after the deadline — claim'), late);
      assert.equal(md.includes('[ ] Evidence of the reason for the late filing'), late);
      assert.doesNotMatch(md, /\{\{/);
    });
  }

  void test('no denial on the line: a clear "no"', async () => {
    const r = letter('RC1001', 1, '2026-03-10');
    assert.equal(r.ok, false);
    assert.match(
      r.problems[0]?.message ?? '',
      /no denial found for claim RC1001 line 1, and no underpayment/,
    );
  });

  void test('PDF: the letter text reads back with pdftotext', async () => {
    const r = letter('RC1004', 1, '2026-03-10');
    assert.ok(r.ok);
    const pdf = await renderAppealPdf(r.value.markdown, {
      title: r.value.fields['title'] ?? '',
      creationDate: new Date('2026-03-10T00:00:00Z'),
    });
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const file = join(dir, 'rc1004.pdf');
    writeFileSync(file, pdf);
    const text = pdftotext(file).replace(/\s+/g, ' ');
    for (const expected of [
      'Redetermination request — claim RC1004, line 1',
      'Beneficiary / member: PAT TEST04, member id 1EG4TE5MK04',
      'HCPCS: J9299 (modifiers: none) — Injection, nivolumab, 1 mg',
      'Adjustment and remark codes: CO-197',
      '"Precertification/authorization/notification/pre-treatment absent."',
      'Authorization approval letter or reference number',
      'Please apply the authorization on file and pay line 1.',
      '2026-07-05',
      '42 CFR 405.942(a)',
    ]) {
      assert.ok(text.includes(expected), `PDF text lacks: ${expected}\n---\n${text}`);
    }
  });

  void test('a template placeholder the letter does not know is an error, never left silently', () => {
    const problems: Problem[] = [];
    assert.equal(
      fillTemplate('Dear {{payerName}}, see {{nonsense}}.', { payerName: 'X' }, problems),
      'Dear X, see {{nonsense}}.',
    );
    assert.equal(problems[0]?.code, 'recovery.appeal.placeholder');
    const denial = session.store.lineDenials('RC1004', 1)[0];
    assert.ok(denial && denial.finding.kind === 'denial');
    const r = draftAppeal({
      denials: [denial.finding],
      descriptions: { carc: () => undefined, rarc: () => undefined, code: () => undefined },
      evidence: [],
      rebuttals: rules.rebuttals,
      template: '{{title}} {{bogusField}}',
      letterDate: '2026-03-10',
    });
    assert.equal(r.ok, false);
    // A template may place the deadline sentence itself with {{timeliness}}.
    const own = draftAppeal({
      denials: [denial.finding],
      descriptions: { carc: () => undefined, rarc: () => undefined, code: () => undefined },
      evidence: [],
      rebuttals: rules.rebuttals,
      template: 'Deadline {{deadline}}.\n\n{{timeliness}}',
      letterDate: '2026-07-06',
    });
    assert.ok(own.ok);
    assert.match(
      own.value.markdown,
      /^Deadline 2026-07-05\.\n\nThis request is sent after the .*, 1 day late\./,
    );
  });

  void test('rebuttal data: a wrong file is rejected with the path', () => {
    const r = validateRebuttals({
      version: 1,
      default: { appealed: 'x', rebuttal: 'not a list', enclosures: [], requestedAction: 'y' },
      causes: { 'no-such-cause': {} },
    });
    assert.equal(r.ok, false);
    const text = r.problems.map((p) => p.message).join('\n');
    assert.match(text, /default\.rebuttal: expected a list/);
    assert.match(text, /causes\.no-such-cause: expected one of/);
  });

  void test('PDF text is limited to what the standard fonts can draw', () => {
    assert.equal(pdfSafe('a − b ≤ c ≥ d → e “q” — ok'), 'a - b <= c >= d -> e "q" — ok');
  });
});
