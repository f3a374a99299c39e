/**
 * A line the payer paid fewer units of than were billed, no denial adjustment explaining the cut (QA UN0001: SVC05 50
 * of SVC07 75, CO-45/PR-2/CO-253, $3,381.78 paid): the underpayment is priced on the 75 units billed and keeps the 50
 * paid as `paidUnits`. The letter says units billed and units paid (before: "Units paid: 75"), and the JSON records
 * carry `paidUnits` (underpayments) and the denial's expected payment.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toCsv } from '../../src/adapters/cli/commands/paged-table.ts';
import { UNDERPAID_CSV_COLUMNS } from '../../src/adapters/cli/commands/underpaid.ts';
import { denialJson, underpaymentJson } from '../../src/adapters/store/recovery/json.ts';
import type { Remittance } from '../../src/core/claim/model.ts';
import type { Result } from '../../src/core/problem.ts';
import { draftLineLetter, type LineLetter } from '../../src/core/recovery/letters.ts';
import type { DenialFinding, UnderpaymentFinding } from '../../src/core/recovery/model.ts';
import { draftUnderpaymentLetter } from '../../src/core/recovery/underpayment-letter.ts';
import { testApp, type TestApp } from '../http/support.ts';
import { adj, generatedClaims, medicareRemittance } from './fixtures.ts';
import { StoreScenario } from './scenario.ts';
import { letterTestInputs, recoveryTestSetup } from './setup.ts';

const { ctx, tmp } = recoveryTestSetup('drugclaim-units-cut-');

const letters = letterTestInputs();

/** The Medicare 835 with RC1006's line (J9173, 75 units billed) paid for 50 units: SVC05 50, SVC07 75. */
function cutRemittance(): Remittance {
  const r = medicareRemittance();
  const rc = r.claims.find((c) => c.patientControlNumber === 'RC1006');
  assert.ok(rc);
  const svc = rc.serviceLines[0];
  assert.ok(svc);
  rc.serviceLines[0] = {
    ...svc,
    units: 50,
    originalUnits: 75,
    paidCents: 338_178,
    adjustments: [adj('CO', '45', 375_112), adj('PR', '2', 86_270), adj('CO', '253', 440)],
  };
  rc.paidCents = 338_178;
  return r;
}

class Scenario extends StoreScenario {
  constructor(cut: boolean) {
    super(ctx, tmp);
    this.importClaims(generatedClaims(), '2026-04-05T09:00:00.000Z');
    this.importRemittance(cut ? cutRemittance() : medicareRemittance(), '2026-04-05T09:00:00.000Z');
  }

  letter(claimId: string): Result<LineLetter> {
    return draftLineLetter({
      store: this.store,
      reference: letters.reference,
      rules: letters.rules,
      claimId,
      line: 1,
      letterDate: '2026-04-20',
    });
  }

  underpayment(claimId: string): ReturnType<StoreScenario['store']['findings']>[number] {
    const [row] = this.store.findings({ claimId, line: 1 }).filter((r) => r.finding.kind === 'underpayment');
    assert.ok(row, `no underpayment on ${claimId}`);
    return row;
  }
}

const lacks = (md: string, text: string): string => `letter lacks: ${text}\n---\n${md}`;

void describe('units cut: the letter says units billed and units paid', () => {
  test('RC1006 paid 50 of 75 units: "Units billed / paid: 75 / 50", the cut stated, priced on the 75 billed', () => {
    const s = new Scenario(true);
    const row = s.underpayment('RC1006');
    assert.equal(row.finding.kind === 'underpayment' && row.finding.paidUnits, 50);
    const r = s.letter('RC1006');
    assert.ok(r.ok, r.problems.map((p) => p.message).join('\n'));
    const md = r.value.markdown;
    for (const line of [
      '- **Units billed / paid:** 75 / 50\n',
      '- **Billed / paid:** $8,000.00 / $3,381.78\n',
      '- **Expected payment:** $5,072.68 (the Medicare Part B ASP payment limit)\n',
      '- **Amount in dispute:** $1,690.90\n',
      'We ask you to review the payment of J9173 (75 units billed) on line 1 of claim RC1006',
      'You paid 50 of the 75 units billed and no adjustment reason code explains the other 25; the expected payment is for the 75 units billed.',
      'the payment for the 75 units billed is $5,072.68. The remittance shows $3,381.78.',
    ])
      assert.ok(md.includes(line), lacks(md, line));
    assert.doesNotMatch(md, /Units paid:\*\* 75/);
    assert.equal(r.value.fields['unitsPaid'], '50');
    assert.equal(r.value.fields['unitsBilled'], '75');
  });

  test('RC1006 paid for the 75 units billed: "75 / 75", no sentence about a cut', () => {
    const s = new Scenario(false);
    const r = s.letter('RC1006');
    assert.ok(r.ok, r.problems.map((p) => p.message).join('\n'));
    const md = r.value.markdown;
    assert.ok(md.includes('- **Units billed / paid:** 75 / 75\n'), lacks(md, '75 / 75'));
    assert.doesNotMatch(md, /no adjustment reason code explains/);
    assert.doesNotMatch(md, /\n{3,}/);
    assert.equal(r.value.fields['unitsCut'], '');
  });

  test('contract basis: "Applied to the 75 units billed", never "units paid" for the billed units', () => {
    const s = new Scenario(true);
    const f = s.underpayment('RC1006').finding as UnderpaymentFinding;
    assert.ok(letters.rules.rebuttals.underpayment);
    const r = draftUnderpaymentLetter({
      finding: { ...f, expected: { ...f.expected, basis: 'contract', sources: [{ contract: 'EHP-2026' }] } },
      descriptions: { code: () => undefined },
      text: letters.rules.rebuttals.underpayment,
      letterDate: '2026-04-20',
    });
    assert.ok(r.ok, r.problems.map((p) => p.message).join('\n'));
    const md = r.value.markdown;
    const line = 'Applied to the 75 units billed, it gives $5,072.68';
    assert.ok(md.includes(line), lacks(md, line));
    assert.doesNotMatch(md, /units paid/i);
  });

  test('an older rebuttals.yaml without underpayment.unitsCut: the built-in sentence', () => {
    const s = new Scenario(true);
    const f = s.underpayment('RC1006').finding as UnderpaymentFinding;
    assert.ok(letters.rules.rebuttals.underpayment);
    const { unitsCut: _, ...older } = letters.rules.rebuttals.underpayment;
    const r = draftUnderpaymentLetter({
      finding: f,
      descriptions: { code: () => undefined },
      text: { ...older, template: `${older.template}\n{{unitsCut}}\n` },
      letterDate: '2026-04-20',
    });
    assert.ok(r.ok, r.problems.map((p) => p.message).join('\n'));
    assert.match(r.value.markdown, /You paid 50 of the 75 units billed/);
  });
});

void describe('units cut: the JSON records', () => {
  test('underpaid --json record: paidUnits 50 on the cut line, null on a line paid for the units billed', () => {
    const cut = underpaymentJson(new Scenario(true).underpayment('RC1006'), '2026-04-20');
    assert.equal(cut['units'], 75);
    assert.equal(cut['paidUnits'], 50);
    assert.equal(cut['expectedCents'], 507_268);
    const whole = underpaymentJson(new Scenario(false).underpayment('RC1006'), '2026-04-20');
    assert.equal(whole['units'], 75);
    assert.equal(whole['paidUnits'], null);
  });

  test('underpaid --csv: a paidUnits column, 50 on the cut line and blank on a line paid for the units billed', () => {
    const csv = (cut: boolean): Record<string, string> => {
      const [header, row] = toCsv(
        [underpaymentJson(new Scenario(cut).underpayment('RC1006'), '2026-04-20')],
        UNDERPAID_CSV_COLUMNS,
      ).split('\r\n');
      const names = (header ?? '').split(',');
      const cells = (row ?? '').split(',');
      return Object.fromEntries(names.map((n, i) => [n, cells[i] ?? '']));
    };
    assert.deepEqual(
      [csv(true)['units'], csv(true)['paidUnits'], csv(true)['expected']],
      ['75', '50', '5072.68'],
    );
    assert.deepEqual([csv(false)['units'], csv(false)['paidUnits']], ['75', '']);
  });

  test("denials --json record: the denial's expected payment (RC1005: $23,412.59 on the 500 units billed)", () => {
    const s = new Scenario(false);
    const [row] = s.store.denials({ claimId: 'RC1005' });
    assert.ok(row);
    const j = denialJson(row, '2026-04-20');
    assert.equal(j['expectedCents'], 2_341_259);
    assert.equal(j['expected'], '23412.59');
    assert.equal(j['recoverableCents'], 468_252);
    // A denial analysed before the expected payment was stored (or with no rate): null.
    const { expectedCents: _, ...older } = row.finding as DenialFinding;
    const j0 = denialJson({ ...row, finding: older }, '2026-04-20');
    assert.equal(j0['expectedCents'], null);
    assert.equal(j0['expected'], null);
  });

  test('GET /api/underpayments, /api/denials and /api/worklist carry paidUnits and expectedCents', async () => {
    const t: TestApp = await testApp();
    try {
      const enc = new TextEncoder();
      t.recovery.store.importClaims({ name: 'c.837', bytes: enc.encode('c') }, generatedClaims());
      t.recovery.store.importRemittances({ name: 'm.835', bytes: enc.encode('m') }, [cutRemittance()]);
      t.recovery.store.reconcile(ctx());
      const under = await t.as('viewer', { method: 'GET', url: '/api/underpayments?status=all' });
      assert.equal(under.statusCode, 200, under.body);
      const u = (under.json() as { underpayments: Record<string, unknown>[] }).underpayments.find(
        (x) => x['claimId'] === 'RC1006',
      );
      assert.equal(u?.['paidUnits'], 50);
      const denials = await t.as('viewer', { method: 'GET', url: '/api/denials?status=all' });
      assert.equal(denials.statusCode, 200, denials.body);
      const d = (denials.json() as { denials: Record<string, unknown>[] }).denials.find(
        (x) => x['claimId'] === 'RC1005',
      );
      assert.equal(d?.['expectedCents'], 2_341_259);
      // The worklist item (what the web app shows): units billed and paid on the cut line.
      const list = await t.as('viewer', { method: 'GET', url: '/api/worklist?status=all' });
      assert.equal(list.statusCode, 200, list.body);
      const items = (list.json() as { items: Record<string, unknown>[] }).items;
      const cut = items.find((x) => x['claimId'] === 'RC1006' && x['kind'] === 'underpayment');
      assert.deepEqual([cut?.['units'], cut?.['paidUnits']], [75, 50]);
      const denied = items.find((x) => x['claimId'] === 'RC1005');
      assert.equal(denied?.['paidUnits'], null);
    } finally {
      await t.close();
    }
  });
});
