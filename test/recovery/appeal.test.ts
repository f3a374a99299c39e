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
import { draftAppeal, fillTemplate, validateRebuttals } from '../../src/core/recovery/appeal.ts';
import { DEFAULT_TOLERANCE } from '../../src/core/recovery/model.ts';
import type { Problem } from '../../src/core/problem.ts';
import { sharedReference } from '../support/reference.ts';
import { commercialRemittance, generatedClaims, medicareRemittance } from './fixtures.ts';

let dir: string;
let session: RecoverySession;
let rules: RecoveryRules;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'drugclaim-appeal-'));
  const reference = await sharedReference();
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
    const r = await session.appealLetter('RC1005', 1, '2026-03-10');
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

  void test('NDC denial: the crosswalk fact and the correct-and-resubmit deadline', async () => {
    const r = await session.appealLetter('RC1003', 1, '2026-03-10');
    assert.ok(r.ok);
    assert.equal(r.value.cause, 'ndc');
    assert.match(
      r.value.markdown,
      /Remark \*\*MA130\*\*: "Your claim contains incomplete and\/or invalid information, and no appeal rights are afforded/,
    );
    assert.match(
      r.value.markdown,
      /NDC 50242-0105-01 \(Polivy, Genentech, Inc\.\) is listed for J9309 in the ASP NDC-HCPCS crosswalk: 140 billing units per package\. \(Source: /,
    );
    assert.equal(r.value.deadline?.date, '2027-02-10');
    assert.equal(r.value.deadline?.citation, '42 CFR 424.44(a)(1)');
  });

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
      /sent after the corrected claim \(timely filing\) deadline of \*\*2027-02-10\*\* \(.*\), 1 day late\. The limit is extended only in the cases 42 CFR 424\.44\(b\) lists/,
      true,
    ],
  ];
  for (const [label, claim, date, says, late] of dated) {
    void test(`a letter dated ${label}`, async () => {
      const r = await session.appealLetter(claim, 1, date);
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
    const r = await session.appealLetter('RC1001', 1, '2026-03-10');
    assert.equal(r.ok, false);
    assert.match(r.problems[0]?.message ?? '', /no denial found for claim RC1001 line 1/);
  });

  void test('PDF: the letter text reads back with pdftotext', async () => {
    const r = await session.appealLetter('RC1004', 1, '2026-03-10');
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
