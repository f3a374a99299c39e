/**
 * A Medicare hospital outpatient claim (837I, type of bill 131) and its 835, as the QA tester's
 * 26_packaged_low_charge_medicare.837 + remit26.835: two drugs OPPS packages (J2405, J1100: status indicator N) and
 * two drug administration lines (96375, SI S) adjusted CO-97, pembrolizumab paid at the OPPS rate, 96413 written
 * off CO-45. Written as X12 by fixtures.ts, read back by the file readers, imported and reconciled.
 *
 * - CO-97 on an SI N line is the expected adjudication: no worklist item, a packaged line (counted, listed).
 * - CO-97 on 96375 is a denial whose recoverable dollars come from the OPPS rate of 96375 on the date
 *   (fee = units × Addendum B rate, then the copayment and sequestration as for a drug), not the $150 charge.
 *
 * Date of service 2025-11-10: OPPS Addendum B October 2025 (in ../shared/data) is in force.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openDatabase } from '../../src/adapters/store/database.ts';
import { loadRecoveryRules } from '../../src/adapters/store/recovery/rules-files.ts';
import { RECOVERY_MIGRATIONS } from '../../src/adapters/store/recovery/schema.ts';
import { importRecoveryFile } from '../../src/adapters/store/recovery/session.ts';
import { RecoveryStore, type ReconcileSummary } from '../../src/adapters/store/recovery/store.ts';
import type {
  Adjustment,
  Claim,
  ClaimLine,
  Remittance,
  RemittanceClaim,
  RemittanceServiceLine,
} from '../../src/core/claim/model.ts';
import type { AnalysisContext } from '../../src/core/recovery/analyze.ts';
import { unitsTimesMillsToCents } from '../../src/core/recovery/arith.ts';
import { expectedPayment, isNoExpectation } from '../../src/core/recovery/expected.ts';
import { DEFAULT_TOLERANCE, type DenialFinding } from '../../src/core/recovery/model.ts';
import { sharedReference } from '../support/reference.ts';
import { repoRoot, sharedDataDir } from '../support/shared.ts';
import { testClaim } from '../support/test-claims.ts';
import { write835, write837I } from './fixtures.ts';

const DOS = '2025-11-10';
const REMIT_DATE = '2025-12-01';
const NOW = '2025-12-05T09:00:00.000Z';
const hospital = { name: 'EXAMPLE GENERAL HOSPITAL', npi: '1234567893', tin: '231234567' };
const MEDICARE_A: Claim['payer'] = { name: 'MEDICARE PART A', id: '12502', kind: 'medicare' };

interface Payer {
  payer: Claim['payer'];
  /** SBR09 on the claim, CLP06 on the 835. */
  filing: string;
}
const medicare: Payer = { payer: MEDICARE_A, filing: 'MA' };
const commercial: Payer = {
  payer: { name: 'OTHER HEALTH PLAN', id: 'OHP01', kind: 'commercial' },
  filing: 'CI',
};

/** [sequence, code, modifiers, units, charge, revenue code] of the QA claim. */
const LINES: [number, string, string[], number, number, string][] = [
  [1, 'J2405', [], 8, 50, '0636'], // ondansetron, SI N, charge $0.50
  [2, 'J1100', [], 12, 100, '0636'], // dexamethasone, SI N, charge $1.00
  [3, 'J9271', ['JZ'], 200, 1_450_000, '0636'], // pembrolizumab, SI K
  [4, '96413', [], 1, 95_000, '0260'], // chemo infusion, SI S
  [5, '96375', [], 1, 15_000, '0260'], // IV push, sequential, SI S ($46.140)
  [6, '96375', [], 2, 30_000, '0260'],
];

function outpatientClaim(id: string, typeOfBill: string, p: Payer): Claim {
  const lines: ClaimLine[] = LINES.map(([sequence, code, modifiers, units, chargeCents, revenueCode]) => ({
    sequence,
    serviceDate: DOS,
    procedure: { qualifier: 'HC', code, modifiers },
    units,
    unitType: 'UN',
    chargeCents,
    diagnosisPointers: [1],
    revenueCode,
    notes: [],
  }));
  const c = testClaim(id, lines, hospital, p.payer);
  return {
    ...c,
    format: '837I',
    typeOfBill,
    statementFrom: DOS,
    statementTo: DOS,
    subscriber: { ...c.subscriber, claimFilingIndicator: p.filing },
  };
}

const adj = (group: string, carc: string, amountCents: number): Adjustment => ({ group, carc, amountCents });

function svc(
  code: string,
  modifiers: string[],
  revenueCode: string,
  chargeCents: number,
  paidCents: number,
  units: number,
  adjustments: Adjustment[],
): RemittanceServiceLine {
  return {
    procedure: { qualifier: 'HC', code, modifiers },
    chargeCents,
    paidCents,
    units,
    revenueCode,
    serviceDate: DOS,
    adjustments,
    remarkCodes: [],
  };
}

/**
 * The 835: CO-97 on the packaged drugs and on both 96375 lines; J9271 paid as OPPS prices it (200 × $60.291 =
 * $12,058.20; copayment 200 × $12.06 = $2,412.00; sequestration $192.92; paid $9,453.28); 96413 written off CO-45.
 */
function remittance(id: string, p: Payer, trace = 'EFT0001', control = 1): { text: string; r: Remittance } {
  const lines = [
    svc('J2405', [], '0636', 50, 0, 8, [adj('CO', '97', 50)]),
    svc('J1100', [], '0636', 100, 0, 12, [adj('CO', '97', 100)]),
    svc('J9271', ['JZ'], '0636', 1_450_000, 945_328, 200, [
      adj('CO', '45', 244_180),
      adj('PR', '2', 241_200),
      adj('CO', '253', 19_292),
    ]),
    svc('96413', [], '0260', 95_000, 0, 1, [adj('CO', '45', 95_000)]),
    svc('96375', [], '0260', 15_000, 0, 1, [adj('CO', '97', 15_000)]),
    svc('96375', [], '0260', 30_000, 0, 2, [adj('CO', '97', 30_000)]),
  ];
  const claim: RemittanceClaim = {
    patientControlNumber: id,
    status: '1',
    chargeCents: lines.reduce((s, l) => s + l.chargeCents, 0),
    paidCents: 945_328,
    patientResponsibilityCents: 241_200,
    claimFilingIndicator: p.filing,
    payerClaimControlNumber: '22531000111',
    facilityCode: '13',
    patient: { memberId: `1EG4TE5MK${id.slice(-2)}`, firstName: 'PAT', lastName: `TEST${id.slice(-2)}` },
    adjustments: [],
    remarkCodes: [],
    serviceLines: lines,
  };
  const r: Remittance = {
    format: '835',
    payer: { name: p.payer.name ?? 'PAYER', id: p.payer.id ?? '00000' },
    payee: { name: hospital.name, npi: hospital.npi },
    payment: {
      handling: 'I',
      amountCents: claim.paidCents,
      creditDebit: 'C',
      method: 'ACH',
      date: REMIT_DATE,
      traceNumber: trace,
    },
    productionDate: REMIT_DATE,
    claims: [claim],
    providerAdjustments: [],
  };
  return { text: write835(r, control), r };
}

let ctx: AnalysisContext;
let dir: string;
before(async () => {
  const rules = loadRecoveryRules();
  assert.ok(rules.ok, rules.problems.map((p) => p.message).join('\n'));
  ctx = {
    mapping: rules.value.mapping,
    reference: await sharedReference(),
    contracts: rules.value.contracts,
    deadlines: rules.value.deadlines,
    tolerance: DEFAULT_TOLERANCE,
  };
  dir = mkdtempSync(join(tmpdir(), 'drugclaim-opps-packaged-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the 837I and the 835 as files, imports them with the file readers, reconciles. */
function loaded(
  id: string,
  typeOfBill: string,
  p: Payer,
): { store: RecoveryStore; summary: ReconcileSummary; file: (name: string, text: string) => string } {
  const store = new RecoveryStore(openDatabase(':memory:', { migrations: RECOVERY_MIGRATIONS }), {
    ownsDb: true,
  });
  const file = (name: string, text: string): string => {
    const path = join(dir, `${id}-${name}`);
    writeFileSync(path, text);
    return path;
  };
  const claims = importRecoveryFile(
    store,
    file('claims.837', write837I([outpatientClaim(id, typeOfBill, p)])),
    'claims',
  );
  assert.ok(claims.ok, claims.ok ? '' : claims.errors.join('\n'));
  assert.equal(claims.summary.format, '837I');
  const remits = importRecoveryFile(store, file('remit.835', remittance(id, p).text), 'remittances');
  assert.ok(remits.ok, remits.ok ? '' : remits.errors.join('\n'));
  assert.deepEqual(
    remits.problems.filter((x) => x.severity === 'error'),
    [],
  );
  const summary = store.reconcile(ctx, { now: NOW });
  assert.equal(summary.matched, 1);
  return { store, summary, file };
}

/** What 96375 should pay on the date, from the OPPS Addendum B rate (the reference port's `opps`). */
function oppsExpectation(units: number) {
  const e = expectedPayment(
    {
      code: '96375',
      serviceDate: DOS,
      units,
      chargeCents: 15_000 * units,
      payer: { kind: 'medicare' },
      setting: 'outpatient-hospital',
      deductibleCents: 0,
      patientResponsibilityCents: 0,
    },
    ctx,
  );
  assert.ok(!isNoExpectation(e), isNoExpectation(e) ? e.reason : '');
  return e;
}

void describe('Medicare outpatient (TOB 131): CO-97 on packaged codes, and the recoverable of 96375', () => {
  void test('CO-97 on the SI N lines is not worked: no item, two packaged lines', () => {
    const { store, summary } = loaded('PCN26', '131', medicare);
    assert.deepEqual(
      [summary.denials, summary.underpayments, summary.packagedLines],
      [2, 0, 2],
      'only the two 96375 lines are denials; 96413 (an estimate) and J9271 (paid right) are no underpayments',
    );
    assert.deepEqual(
      store.worklist().map((r) => `${r.line} ${r.code} ${r.groupCode}-${r.carc}`),
      ['5 96375 CO-97', '6 96375 CO-97'],
    );
    assert.deepEqual(
      store.findings().filter((r) => r.code === 'J2405' || r.code === 'J1100'),
      [],
      'no finding in any status',
    );
    const packaged = store.packagedLines();
    assert.deepEqual(
      packaged.map((r) => [
        r.line,
        r.code,
        `${r.groupCode}-${r.carc}`,
        r.statusIndicator,
        r.amountCents,
        r.packaged.classification.kind,
        r.packaged.classification.action,
      ]),
      [
        [1, 'J2405', 'CO-97', 'N', 50, 'packaged', 'none'],
        [2, 'J1100', 'CO-97', 'N', 100, 'packaged', 'none'],
      ],
    );
    assert.equal(packaged[0]?.packaged.source.label, 'OPPS Addendum B October 2025');
    assert.equal(store.packagedLines({ payer: 'MEDICARE' }).length, 2);
    assert.equal(store.packagedLines({ payer: 'OTHER PLAN' }).length, 0);
    // A page in SQL (import order); the totals count every line the filter matches, whatever the page.
    assert.deepEqual(
      [{ limit: 1 }, { limit: 1, offset: 1 }, { offset: 2 }].map((page) =>
        store.packagedLines({}, page).map((r) => r.code),
      ),
      [['J2405'], ['J1100'], []],
    );
    assert.deepEqual(store.packagedTotals({ payer: 'MEDICARE' }), { lines: 2, amountCents: 150 });
    assert.deepEqual(store.packagedTotals({ payer: 'OTHER PLAN' }), { lines: 0, amountCents: 0 });
    store.close();
  });

  void test('96375 CO-97: recoverable from the OPPS rate × units, not the charge', () => {
    const { store } = loaded('PCN27', '131', medicare);
    const rate = ctx.reference.opps('96375', DOS);
    assert.equal(rate?.value.statusIndicator, 'S');
    const rateMills = rate.value.paymentRateMills;
    assert.equal(rateMills, 46_140);
    // [line, units, fee = units × $46.140, recoverable = fee − copayment ($9.23 a unit) − 2% sequestration]
    const want: [number, number, number, number][] = [
      [5, 1, 4_614, 3_617], // $46.14 − $9.23 = $36.91; 2% = $0.7382 → $0.74; $36.17
      [6, 2, 9_228, 7_234], // $92.28 − $18.46 = $73.82; 2% = $1.4764 → $1.48; $72.34
    ];
    const denials = store.denials();
    for (const [line, units, fee, recoverable] of want) {
      const row = denials.find((r) => r.line === line);
      assert.ok(row, `line ${line}`);
      const f = row.finding as DenialFinding;
      const e = oppsExpectation(units);
      assert.equal(e.steps[0]?.cents, unitsTimesMillsToCents(units, rateMills), 'fee = units × OPPS rate');
      assert.equal(e.steps[0]?.cents, fee);
      assert.equal(row.recoverableCents, e.expectedCents, 'recoverable = the OPPS expectation');
      assert.equal(row.recoverableCents, recoverable);
      assert.ok(row.recoverableCents <= fee, 'capped at the OPPS rate × units');
      assert.equal(row.amountCents, 15_000 * units, 'the adjustment is still the charge');
      assert.equal(f.recoverableBasis, 'medicare-opps');
      assert.match(
        f.recoverableNote ?? '',
        /^estimate: the national unadjusted OPPS rate \(SI S, APC 5691\)/,
      );
    }
    // The worklist's and dashboard's "~" totals: the two estimated lines.
    assert.deepEqual(store.recoverableQualifiers({}).estimate, { items: 2, recoverableCents: 3_617 + 7_234 });
    store.close();
  });

  void test('reconciled again, or the 835 re-sent with a new trace number: still two packaged lines, two items', () => {
    const { store, file } = loaded('PCN28', '131', medicare);
    const all = store.reconcile(ctx, { all: true, now: NOW });
    assert.equal(all.packagedLines, 2);
    const copy = importRecoveryFile(
      store,
      file('remit-copy.835', remittance('PCN28', medicare, 'EFT0002', 2).text),
      'remittances',
    );
    assert.ok(copy.ok);
    store.reconcile(ctx, { now: NOW });
    assert.equal(store.packagedLines().length, 2, 'the same adjudication in another 835 counts once');
    assert.deepEqual(store.packagedTotals(), { lines: 2, amountCents: 150 }, 'in the totals too');
    assert.equal(store.worklist().length, 2);
    store.close();
  });

  // CO-97 is expected only on a Medicare hospital outpatient claim: elsewhere the same lines stay denials, and with
  // no rate to price them their recoverable is the charge, said to be an upper bound.
  const elsewhere: [label: string, typeOfBill: string, payer: Payer][] = [
    ['inpatient Part B (TOB 121, not OPPS-priced here)', '121', medicare],
    ['a commercial payer without a contract (TOB 131)', '131', commercial],
  ];
  for (const [label, typeOfBill, payer] of elsewhere) {
    void test(`${label}: CO-97 on J2405 stays a denial, its recoverable an upper bound`, () => {
      const id = `PCN${typeOfBill}${payer.filing}`;
      const { store, summary } = loaded(id, typeOfBill, payer);
      assert.equal(summary.packagedLines, 0);
      assert.deepEqual(store.packagedLines(), []);
      const rows = store.worklist();
      assert.deepEqual(
        rows.map((r) => `${r.line} ${r.code}`),
        ['1 J2405', '2 J1100', '5 96375', '6 96375'],
      );
      for (const r of rows) {
        const f = r.finding as DenialFinding;
        assert.equal(f.recoverableBasis, 'adjustment-amount');
        assert.equal(r.recoverableCents, r.amountCents);
        assert.match(f.recoverableNote ?? '', /^upper bound, no expected rate: the denied amount/);
      }
      // The worklist's and dashboard's "≤" totals: every one of them, open; none once closed.
      const upper = { items: 4, recoverableCents: rows.reduce((n, r) => n + r.recoverableCents, 0) };
      assert.deepEqual(store.recoverableQualifiers({}), {
        upperBound: upper,
        estimate: { items: 0, recoverableCents: 0 },
      });
      assert.deepEqual(store.recoverableQualifiers({ status: ['recovered'] }).upperBound, {
        items: 0,
        recoverableCents: 0,
      });
      store.close();
    });
  }
});

void describe('the QA commands on these files', () => {
  let cliDir: string;
  before(() => {
    cliDir = mkdtempSync(join(tmpdir(), 'drugclaim-opps-packaged-cli-'));
    writeFileSync(join(cliDir, 'claims.837'), write837I([outpatientClaim('PCN26', '131', medicare)]));
    writeFileSync(join(cliDir, 'remit.835'), remittance('PCN26', medicare).text);
  });
  after(() => rmSync(cliDir, { recursive: true, force: true }));
  const cli = (...args: string[]) => {
    const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'drugclaim.js'), ...args], {
      env: {
        ...process.env,
        DRUGCLAIM_DB: join(cliDir, 'drugclaim.db'),
        DRUGCLAIM_DATA_DIR: sharedDataDir(),
      },
      encoding: 'utf8',
      cwd: cliDir,
    });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };

  void test('remit import and denials say how many packaged lines were not worked; the worklist holds 96375 only', () => {
    cli('claims', 'import', 'claims.837');
    const imported = cli('remit', 'import', 'remit.835');
    assert.match(imported, /^2 packaged lines \(OPPS status indicator N\) not worked: /m);
    const denials = cli('denials', '--as-of', '2025-12-05');
    assert.match(denials, /^2 denials, \$108\.51 recoverable\.$/m);
    assert.match(denials, /~36\.17/);
    assert.match(denials, /^2 packaged lines \(OPPS status indicator N\) not worked: /m);
    assert.doesNotMatch(denials, /J2405|J1100/);
    const items = JSON.parse(cli('worklist', '--json')) as { code: string; recoverableNote: string | null }[];
    assert.deepEqual(
      items.map((i) => [i.code, i.recoverableNote?.slice(0, 9)]),
      [
        ['96375', 'estimate:'],
        ['96375', 'estimate:'],
      ],
    );
    const packaged = JSON.parse(cli('denials', '--packaged', '--json')) as {
      code: string;
      statusIndicator: string;
      kind: string;
    }[];
    assert.deepEqual(
      packaged.map((p) => [p.code, p.statusIndicator, p.kind]),
      [
        ['J2405', 'N', 'packaged'],
        ['J1100', 'N', 'packaged'],
      ],
    );
  });
});
