/**
 * Appeal letters, QA round 2: a letter states what later remittances paid on the line and disputes only what is
 * left, a line whose items are all settled gets no letter (CLI exit 1, HTTP 404 saying why), CO-16 M123 is an NDC /
 * correct-and-resubmit denial, a letter never vouches unchecked for billed units above the label's largest dose, an
 * upper bound is never called the expected payment, and the worksheet's title says what it is for.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Claim, Remittance } from '../../src/core/claim/model.ts';
import type { Result } from '../../src/core/problem.ts';
import { labelDosingForCode } from '../../src/core/dosing/label-dosing.ts';
import { toDecimalString } from '../../src/core/dosing/rational.ts';
import {
  billedAboveLabel,
  disputeText,
  draftAppeal,
  labelMaxDoseMg,
  withDispute,
} from '../../src/core/recovery/appeal.ts';
import { classifyAdjustment } from '../../src/core/recovery/classify.ts';
import { draftLineLetter, type LineLetter } from '../../src/core/recovery/letters.ts';
import type { DenialFinding } from '../../src/core/recovery/model.ts';
import { loadRuleBook } from '../../src/adapters/rules/index.ts';
import { RECOVERY_MIGRATIONS } from '../../src/adapters/store/recovery/schema.ts';
import { RecoveryStore, type FindingRow } from '../../src/adapters/store/recovery/store.ts';
import { repoRoot, sharedDataDir } from '../support/shared.ts';
import { testApp, type TestApp } from '../http/support.ts';
import {
  generatedClaims,
  laterMedicareRemittance,
  medicareAdjudication,
  medicareRemittance,
  paidAgain,
  write835,
  write837P,
} from './fixtures.ts';
import { StoreScenario } from './scenario.ts';
import { copyIntoOlderSchema, letterTestInputs, recoveryTestSetup } from './setup.ts';

const { ctx, tmp } = recoveryTestSetup('drugclaim-appeal-qa2-');

const letters = letterTestInputs();

/** The QA scenario: the generated pair, then on 2026-04-15 RC1004 paid $6,000.00 and RC1007 paid in full. */
const LATER = (): Remittance =>
  laterMedicareRemittance('2026-04-15', 'TRLATER1', [
    paidAgain(medicareAdjudication('RC1004'), 600_000, '2026061000204'),
    paidAgain(medicareAdjudication('RC1007'), 507_268, '2026061000207'),
  ]);

class Scenario extends StoreScenario {
  constructor(later: boolean) {
    super(ctx, tmp);
    this.importClaims(generatedClaims(), '2026-04-05T09:00:00.000Z');
    this.importRemittance(medicareRemittance(), '2026-04-05T09:00:00.000Z');
    if (later) this.importRemittance(LATER(), '2026-04-16T09:00:00.000Z');
  }

  letter(claimId: string, letterDate = '2026-04-20'): Result<LineLetter> {
    return draftLineLetter({
      store: this.store,
      reference: letters.reference,
      rules: letters.rules,
      payerRules: loadRuleBook().book,
      claimId,
      line: 1,
      letterDate,
    });
  }
}

/** RC1004's later payment as the letter names it: the remittance's date, check/EFT number and payer claim number. */
const RC1004_LATER =
  '$6,000.00 on the remittance of 2026-04-15, check/EFT TRLATER1, payer claim 2026061000204';

const lacks = (md: string, text: string): string => `letter lacks: ${text}\n---\n${md}`;

void describe('#2 later payments: the letter states them and disputes what is left', () => {
  test('RC1004 paid $6,000.00 later: paid to date, the later remittance named, $317.10 in dispute', () => {
    const s = new Scenario(true);
    const r = s.letter('RC1004');
    assert.ok(r.ok, r.problems.map((p) => p.message).join('\n'));
    const md = r.value.markdown;
    for (const line of [
      `- **Billed / paid:** $10,000.00 / $6,000.00 to date: $0.00 on the remittance of 2026-03-02, ${RC1004_LATER}\n`,
      '- **Amount in dispute:** $317.10 still unpaid (expected payment if overturned: $6,317.10, less the $6,000.00 paid since)',
    ])
      assert.ok(md.includes(line), lacks(md, line));
    assert.doesNotMatch(md, /Billed \/ paid:\*\* \$10,000\.00 \/ \$0\.00\n/);
    assert.equal(r.value.fields['recoverable'], '$317.10');
    assert.equal(r.value.fields['paidLater'], '$6,000.00');
  });

  test('without a later payment the lines are as before', () => {
    const s = new Scenario(false);
    const r = s.letter('RC1004', '2026-03-20');
    assert.ok(r.ok);
    const md = r.value.markdown;
    for (const line of [
      '- **Billed / paid:** $10,000.00 / $0.00\n',
      '- **Amount in dispute:** $10,000.00 (expected payment if overturned: $6,317.10)\n',
    ])
      assert.ok(md.includes(line), lacks(md, line));
  });

  test('underpayment RC1006 with $100.00 paid since: paid to date, $72.68 left in dispute', () => {
    const s = new Scenario(false);
    // As the store reads after a supplemental payment of $100.00 toward the item (reconcile's recoveredCents).
    const r = draftLineLetter({
      store: {
        findings: (f) => s.store.findings(f).map((row) => ({ ...row, recoveredCents: 10_000 })),
        context: (id) => s.store.context(id),
      },
      reference: letters.reference,
      rules: letters.rules,
      claimId: 'RC1006',
      line: 1,
      letterDate: '2026-03-20',
    });
    assert.ok(r.ok, r.problems.map((p) => p.message).join('\n'));
    assert.equal(r.value.kind, 'underpayment');
    const md = r.value.markdown;
    for (const line of [
      '- **Billed / paid:** $8,000.00 / $5,000.00 to date: $4,900.00 on the remittance of 2026-03-02, $100.00 on later remittances',
      '- **Amount in dispute:** $72.68',
      'pay the difference of $72.68.',
    ])
      assert.ok(md.includes(line), lacks(md, line));
  });

  test('RC1007 recovered by the later payment: no letter, code recovery.appeal.closed, says why', () => {
    const s = new Scenario(true);
    const [item] = s.store.findings({ claimId: 'RC1007', line: 1 });
    assert.equal(item?.status, 'recovered');
    const r = s.letter('RC1007');
    assert.equal(r.ok, false);
    assert.equal(r.problems[0]?.code, 'recovery.appeal.closed');
    assert.match(
      r.problems[0]?.message ?? '',
      new RegExp(
        `worklist item #${item.id} recovered \\(later remittances paid \\$5,072\\.68 toward it\\), so there is nothing left to ask the payer for\\. To draft a letter anyway, reopen the item first \\(drugclaim worklist set ${item.id} in-progress\\)`,
      ),
    );
  });

  test('written off by hand: no letter; reopened (the explicit way): drafted again', () => {
    const s = new Scenario(false);
    const [item] = s.store.findings({ claimId: 'RC1005', line: 1 });
    assert.ok(item);
    assert.ok(s.store.setStatus(item.id, 'written-off', { note: 'small balance' }).ok);
    const r = s.letter('RC1005', '2026-03-20');
    assert.equal(r.ok, false);
    assert.equal(r.problems[0]?.code, 'recovery.appeal.closed');
    assert.match(r.problems[0]?.message ?? '', new RegExp(`#${item.id} written off`));
    assert.ok(s.store.setStatus(item.id, 'in-progress').ok);
    assert.ok(s.letter('RC1005', '2026-03-20').ok);
  });

  test('the items keep which payments they count (recoveredFrom), reconcile writes it with the amount', () => {
    const s = new Scenario(true);
    const [rc1004] = s.store.findings({ claimId: 'RC1004', line: 1 });
    const [rc1007] = s.store.findings({ claimId: 'RC1007', line: 1 });
    assert.deepEqual(
      [rc1004?.recoveredCents, rc1004?.recoveredFrom, rc1007?.status, rc1007?.recoveredFrom],
      [
        600_000,
        RC1004_LATER,
        'recovered',
        '$5,072.68 on the remittance of 2026-04-15, check/EFT TRLATER1, payer claim 2026061000207',
      ],
    );
    // Nothing paid since: none.
    const [rc1005] = s.store.findings({ claimId: 'RC1005', line: 1 });
    assert.deepEqual([rc1005?.recoveredCents, rc1005?.recoveredFrom], [0, null]);
    s.store.close();
  });

  test('migration recovery/011: a store reconciled before it says "on later remittances" until reconcile names them', () => {
    const s = new Scenario(true);
    const oldPath = join(tmp, 'old-011.db');
    const before011 = RECOVERY_MIGRATIONS.findIndex((m) => m.id === 'recovery/011-recovered-from');
    assert.ok(before011 > 0);
    copyIntoOlderSchema(s.store, oldPath, RECOVERY_MIGRATIONS.slice(0, before011), /recovered_from/);

    const store = RecoveryStore.open(oldPath);
    try {
      assert.ok(
        store.db.prepare('SELECT 1 FROM schema_version WHERE id = ?').get('recovery/011-recovered-from'),
      );
      const item = (claimId: string): FindingRow => {
        const [it] = store.findings({ claimId, line: 1 });
        assert.ok(it);
        return it;
      };
      const paid = (): string | undefined => {
        const r = draftLineLetter({
          store,
          reference: letters.reference,
          rules: letters.rules,
          claimId: 'RC1004',
          line: 1,
          letterDate: '2026-04-20',
        });
        assert.ok(r.ok, r.problems.map((p) => p.message).join('\n'));
        return r.value.fields['paid'];
      };
      // The amounts as they were, the payments not named yet: the letter reads as before.
      assert.deepEqual(
        [item('RC1004').recoveredCents, item('RC1004').recoveredFrom, item('RC1007').recoveredFrom],
        [600_000, null, null],
      );
      assert.equal(
        paid(),
        '$6,000.00 to date: $0.00 on the remittance of 2026-03-02, $6,000.00 on later remittances',
      );
      const history = [item('RC1004').id, item('RC1007').id].map((id) => store.history(id).length);

      // A reconcile looks at the lines with open items again: RC1004 named; RC1007 (closed) waits for --all.
      store.reconcile(ctx(), { now: '2026-04-21T09:00:00.000Z' });
      assert.deepEqual([item('RC1004').recoveredFrom, item('RC1007').recoveredFrom], [RC1004_LATER, null]);
      assert.equal(paid(), `$6,000.00 to date: $0.00 on the remittance of 2026-03-02, ${RC1004_LATER}`);
      store.reconcile(ctx(), { all: true, now: '2026-04-22T09:00:00.000Z' });
      assert.match(
        item('RC1007').recoveredFrom ?? '',
        /^\$5,072\.68 on the remittance of 2026-04-15, check\/EFT TRLATER1/,
      );
      // Named, nothing else: same amounts and statuses, no history note.
      assert.deepEqual(
        [item('RC1004').recoveredCents, item('RC1007').recoveredCents, item('RC1007').status],
        [600_000, 507_268, 'recovered'],
      );
      assert.deepEqual(
        [item('RC1004').id, item('RC1007').id].map((id) => store.history(id).length),
        history,
      );
    } finally {
      store.close();
    }
  });
});

void describe('#5 CO-16 with an NDC remark: NDC, correct and resubmit', () => {
  // The NDC block of rules/denials/mapping.yaml; RARC texts from the RARC list (rarc_split.csv).
  const cases: [rarc: string, text: string][] = [
    ['M119', 'Missing/incomplete/invalid/ deactivated/withdrawn National Drug Code (NDC).'],
    ['N815', 'Missing/Incomplete/Invalid NDC Unit Count'],
    ['N816', 'Missing/Incomplete/Invalid NDC Unit of Measure'],
    ['N846', 'National Drug Code (NDC) supplied does not correspond to the HCPCs/CPT billed.'],
    ['N847', 'National Drug Code (NDC) billed is obsolete.'],
    ['N848', 'National Drug Code (NDC) billed cannot be associated with a product.'],
    ['M123', 'Missing/incomplete/invalid name, strength, or dosage of the drug furnished.'],
  ];
  for (const [rarc, text] of cases)
    test(`CO-16 ${rarc} "${text}" → ndc, correct-resubmit`, () => {
      assert.equal(letters.reference.rarc(rarc)?.value.description.replace(/\s+/g, ' ').trim(), text);
      const c = classifyAdjustment(letters.rules.mapping, 'CO', '16', [rarc]);
      assert.equal(c.cause, 'ndc');
      assert.equal(c.action, 'correct-resubmit');
    });

  test('M123: the worksheet says what to give, and argues no MUE', () => {
    const c = classifyAdjustment(letters.rules.mapping, 'CO', '16', ['M123']);
    assert.match(c.next, /name, strength and dose/);
    const s = new Scenario(false);
    // RC1003 line 1 as the payer's M123 denial: the document is the worksheet, not an MUE appeal.
    const [row] = s.store.findings({ claimId: 'RC1003', line: 1 });
    assert.ok(row && row.finding.kind === 'denial');
    const finding: DenialFinding = { ...row.finding, rarc: ['M123'], classification: c };
    const r = draftLineLetter({
      store: { findings: () => [{ ...row, finding }], context: (id) => s.store.context(id) },
      reference: letters.reference,
      rules: letters.rules,
      claimId: 'RC1003',
      line: 1,
      letterDate: '2026-03-20',
    });
    assert.ok(r.ok, r.problems.map((p) => p.message).join('\n'));
    assert.equal(r.value.kind, 'corrected-claim');
    assert.ok(r.value.markdown.includes('root cause ndc, action correct-resubmit'));
    assert.doesNotMatch(r.value.markdown, /MUE for |units above it|medically unlikely/);
  });
});

void describe('#6 billed units above the label maximum', () => {
  test('labelMaxDoseMg: Keytruda 400 mg (flat 200–400, 2 mg/kg up to 200 mg); Opdivo none (6 mg/kg, no cap)', () => {
    const keytruda = labelDosingForCode('J9271');
    const opdivo = labelDosingForCode('J9299');
    assert.ok(keytruda && opdivo);
    const k = labelMaxDoseMg(keytruda);
    assert.ok(k);
    assert.equal(toDecimalString(k), '400');
    assert.equal(labelMaxDoseMg(opdivo), undefined);
    const line = { code: 'J9271', serviceDate: '2026-02-10' };
    assert.equal(billedAboveLabel(letters.reference, { ...line, units: 400 }), undefined);
    assert.equal(billedAboveLabel(letters.reference, { ...line, units: 401 })?.doseMg, '401');
  });

  test('RC1005 (500 units of J9271): a check-before-sending note and a positioned warning', () => {
    const s = new Scenario(false);
    const r = s.letter('RC1005', '2026-03-20');
    assert.ok(r.ok);
    const md = r.value.markdown;
    const note =
      '# Redetermination request — claim RC1005, line 1\n\n[Check before sending, then remove this note: the line bills 500 units of J9271 = 500 mg, above the largest dose the Keytruda (pembrolizumab) label gives, 400 mg (KEYTRUDA (pembrolizumab) — FDA prescribing information (Merck), 2 DOSAGE AND ADMINISTRATION, Recommended Dosage (PI revised 2025)). The letter says the units billed are the dose actually administered: confirm that dose in the administration record. If the units are wrong, send a corrected claim instead of this appeal.]\n';
    assert.ok(md.startsWith(note), lacks(md, note));
    // The facts it warns about are the ones the letter quotes.
    assert.ok(md.includes("the label's range for this basis is 200–400 mg"));
    const w = r.problems.find((p) => p.code === 'recovery.appeal.above-label');
    assert.ok(w, JSON.stringify(r.problems));
    assert.equal(w.severity, 'warning');
    assert.deepEqual(w.at, { field: 'units', loop: '2400', segmentId: 'SV1', element: 4 });
    assert.deepEqual(w.data, { line: 1, code: 'J9271', units: 500, doseMg: '500', labelMaxMg: '400' });
    assert.doesNotMatch(w.message, /RC1005|TEST05/);
  });

  test('RC1004 (240 units of J9299, label 240–480 mg and mg/kg with no cap): no note', () => {
    const r = new Scenario(false).letter('RC1004', '2026-03-20');
    assert.ok(r.ok);
    assert.doesNotMatch(r.value.markdown, /Check before sending/);
    assert.ok(!r.problems.some((p) => p.code === 'recovery.appeal.above-label'));
  });
});

/** A commercial prior-authorization denial of J9271 with no contract rate: recoverable is the denied amount. */
function noRateDenial(): DenialFinding {
  return {
    kind: 'denial',
    key: 'qa0006',
    claimId: 'QA0006',
    line: 1,
    lineMatched: true,
    code: 'J9271',
    modifiers: [],
    units: 200,
    serviceDate: '2026-02-10',
    payer: { name: 'EXAMPLE HEALTH PLAN', id: 'EHP01', kind: 'commercial' },
    remitDate: '2026-03-05',
    chargeCents: 1_500_000,
    paidCents: 0,
    groupCode: 'CO',
    carc: '197',
    rarc: [],
    classification: {
      group: 'CO',
      carc: '197',
      rarc: [],
      cause: 'prior-authorization',
      kind: 'denial',
      action: 'appeal',
      next: '',
      edits: [],
      basis: [],
      known: true,
    },
    amountCents: 1_500_000,
    recoverableCents: 1_500_000,
    recoverableBasis: 'adjustment-amount',
    recoverableNote: 'upper bound, no expected rate: no contract for this payer',
  };
}

void describe('#7 an upper bound is not the expected payment', () => {
  test('the letter states the amount denied, and no "expected payment if overturned"', () => {
    const denial = noRateDenial();
    const r = draftAppeal({
      denials: [denial],
      evidence: [],
      descriptions: { carc: () => 'x', rarc: () => undefined, code: () => 'Injection, pembrolizumab, 1 mg' },
      rebuttals: letters.rules.rebuttals,
      template: letters.rules.template,
      letterDate: '2026-03-20',
    });
    assert.ok(r.ok, r.problems.map((p) => p.message).join('\n'));
    assert.ok(r.value.markdown.includes('- **Amount in dispute:** $15,000.00 (the amount denied)\n'));
    assert.doesNotMatch(r.value.markdown, /expected payment/);
  });

  const certain = (): DenialFinding => {
    const { recoverableNote: _upperBound, ...d } = noRateDenial();
    return { ...d, recoverableCents: 936_504, recoverableBasis: 'medicare-asp' };
  };
  const cases: [label: string, d: DenialFinding, recovered: number, text: string][] = [
    ['expected payment', certain(), 0, '$15,000.00 (expected payment if overturned: $9,365.04)'],
    ['upper bound', noRateDenial(), 0, '$15,000.00 (the amount denied)'],
    [
      'upper bound, paid since',
      noRateDenial(),
      500_000,
      '$10,000.00 (the amount denied, $15,000.00, less the $5,000.00 paid since)',
    ],
    [
      'estimate',
      { ...certain(), recoverableNote: 'estimate: APC national rate' },
      0,
      '$15,000.00 (estimated payment if overturned: $9,365.04)',
    ],
    [
      'expected payment, paid since',
      certain(),
      900_000,
      '$365.04 still unpaid (expected payment if overturned: $9,365.04, less the $9,000.00 paid since)',
    ],
  ];
  for (const [label, d, recovered, text] of cases)
    test(`disputeText: ${label}`, () => {
      assert.equal(disputeText([d], d.amountCents, d.recoverableCents, recovered), text);
    });

  test('an older template that writes the clause itself gets {{dispute}}', () => {
    const old = '- **Amount in dispute:** {{amount}} (expected payment if overturned: {{recoverable}})';
    assert.equal(withDispute(old), '- **Amount in dispute:** {{dispute}}');
  });
});

void describe('#11 the worksheet title says what it is for', () => {
  test('RC1003 (CO-16 M119 MA130): "Corrected-claim worksheet (root cause: ndc)", not the deadline kind', () => {
    const r = new Scenario(false).letter('RC1003', '2026-03-10');
    assert.ok(r.ok);
    assert.equal(r.value.kind, 'corrected-claim');
    assert.match(
      r.value.markdown,
      /^# Corrected-claim worksheet \(root cause: ndc\) — claim RC1003, line 1\n/,
    );
    assert.doesNotMatch(r.value.markdown.split('\n')[0] ?? '', /timely filing/);
  });
});

void describe('CLI and HTTP: a settled line gets no letter', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'drugclaim-appeal-qa2-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cli = (...args: string[]): { code: number; stdout: string; stderr: string } => {
    const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'drugclaim.js'), ...args], {
      env: { ...process.env, DRUGCLAIM_DB: join(dir, 'drugclaim.db'), DRUGCLAIM_DATA_DIR: sharedDataDir() },
      encoding: 'utf8',
      cwd: dir,
    });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };

  test('drugclaim appeal: RC1007 exit 1 with the reason; RC1004 the paid-to-date letter; RC1005 the warning', () => {
    writeFileSync(join(dir, 'claims.837'), write837P(generatedClaims()));
    writeFileSync(join(dir, 'medicare.835'), write835(medicareRemittance()));
    writeFileSync(join(dir, 'later.835'), write835(LATER(), 5));
    assert.equal(cli('claims', 'import', 'claims.837').code, 0);
    assert.equal(cli('remit', 'import', 'medicare.835', 'later.835').code, 0);
    const closed = cli('appeal', 'RC1007', '1', '--date', '2026-04-20');
    assert.equal(closed.code, 1, closed.stderr);
    assert.equal(closed.stdout, '');
    assert.match(closed.stderr, /recovered \(later remittances paid \$5,072\.68 toward it\)/);
    const partly = cli('appeal', 'RC1004', '1', '--date', '2026-04-20');
    assert.equal(partly.code, 0, partly.stderr);
    assert.ok(partly.stdout.includes('- **Amount in dispute:** $317.10 still unpaid'));
    // The later payment named as the payer can find it: its remittance's date, check/EFT and payer claim number.
    assert.ok(
      partly.stdout.includes(`$0.00 on the remittance of 2026-03-02, ${RC1004_LATER}\n`),
      partly.stdout,
    );
    const above = cli('appeal', 'RC1005', '1', '--date', '2026-04-20');
    assert.equal(above.code, 0, above.stderr);
    assert.match(
      above.stderr,
      /drugclaim: warning: \[recovery\.appeal\.above-label; loop 2400, SV104, field units\] the line bills 500 units of J9271 = 500 mg/,
    );
  });

  test('GET /api/worklist/:id/appeal on a recovered item: 404 not-found (nothing open), saying why', async () => {
    const t: TestApp = await testApp();
    try {
      const enc = new TextEncoder();
      const claims: Claim[] = generatedClaims();
      t.recovery.store.importClaims({ name: 'c.837', bytes: enc.encode('c') }, claims);
      t.recovery.store.importRemittances({ name: 'm.835', bytes: enc.encode('m') }, [medicareRemittance()]);
      t.recovery.store.reconcile(ctx());
      t.recovery.store.importRemittances({ name: 'l.835', bytes: enc.encode('l') }, [LATER()]);
      t.recovery.store.reconcile(ctx());
      const [item] = t.recovery.store.findings({ claimId: 'RC1007', line: 1 });
      assert.equal(item?.status, 'recovered');
      const res = await t.as('viewer', {
        method: 'GET',
        url: `/api/worklist/${item.id}/appeal?date=2026-04-20`,
      });
      assert.equal(res.statusCode, 404, res.body);
      const body = res.json() as { detail?: string; title?: string; message?: string };
      assert.match(
        JSON.stringify(body),
        new RegExp(
          `Nothing to draft: every worklist item of this line is closed \\(#${item.id} recovered\\)[^"]*POST /api/worklist/\\{id\\}/status`,
        ),
      );
    } finally {
      await t.close();
    }
  });
});
