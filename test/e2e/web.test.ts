/**
 * The web app in real headless Chromium against the real service: sign in, look up J9173 and its billing guide,
 * compute units, check the sample 837 and download the fixed file, work the worklist, open the dashboard.
 * Screenshots go to test-output/e2e/. Finally the server's log of the whole run is scanned for the fixtures' PHI.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page, Request } from 'playwright-core';
import { emptyReconcileSummary } from '../../src/adapters/store/recovery/store.ts';
import { repoRoot, sharedDataDir, x12SamplesDir } from '../support/shared.ts';
import {
  E2E_ADMIN,
  E2E_USER,
  ensureWebBuilt,
  launchChromium,
  outputDir,
  startE2eServer,
  type Browser,
  type E2eServer,
} from './support.ts';

const SAMPLE = join(x12SamplesDir(), '837P_lfh_drug-example10-1_J1550-ndc.837');
const REMIT_SAMPLE = join(x12SamplesDir(), '835_lfh_managed-care.835');
const AS_OF = '2026-02-10';

let server: E2eServer;
let browser: Browser;
let page: Page;
let out: string;

const shot = async (name: string, fullPage = true): Promise<void> => {
  await page.screenshot({ path: join(out, `${name}.png`), fullPage });
};

before(async () => {
  out = outputDir();
  await ensureWebBuilt();
  server = await startE2eServer();
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

void describe('web app in Chromium', () => {
  void it('refuses a wrong password, then signs in', async () => {
    await page.goto(`${server.url}/dashboard`);
    await page.getByLabel('User name').fill(E2E_USER.username);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: /wrong/ }).waitFor();
    await shot('01-login');
    await page.getByLabel('Password').fill(E2E_USER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByLabel(/As-of date/).fill(AS_OF);
  });

  void it('a biller sees no Admin in the menu; /admin by its address says it is for admins', async () => {
    assert.equal(
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).count(),
      0,
    );
    await page.goto(`${server.url}/admin?asOf=${AS_OF}`);
    await page.getByText(/This page is for admins; you are signed in as dana \(biller\)/).waitFor();
    assert.equal(await page.getByRole('alert').count(), 0);
  });

  void it('looks up J9173 by typing, shows its facts as of the date, and its billing guide', async () => {
    await page.getByRole('link', { name: 'Code lookup' }).click();
    const box = page.getByRole('combobox');
    await box.fill('imfinzi');
    await page.getByRole('option').filter({ hasText: 'J9173' }).first().waitFor();
    await shot('02-search-as-you-type');
    await box.press('Enter');
    await page.getByRole('heading', { name: /J9173.*Injection, durvalumab, 10 mg/ }).waitFor();
    const facts = await page.locator('.facts').innerText();
    assert.match(facts, /10 mg/);
    assert.match(facts, /\$86\.270/);
    assert.match(facts, /00310-4500-12/);
    await shot('03-code-J9173');
    await page.getByRole('tab', { name: 'Billing guide' }).click();
    await page.locator('article.guide h3').first().waitFor();
    assert.match(await page.locator('article.guide').innerText(), /Sources/);
    await page.locator('article.guide').scrollIntoViewIfNeeded();
    await shot('04-guide-J9173', false);
  });

  void it('computes units for 750 mg of J9173: 75 units, a JW line, dollars', async () => {
    await page.getByRole('link', { name: 'Compute units for J9173' }).click();
    await page.getByLabel('Dose').fill('750 mg');
    await page.getByRole('button', { name: 'Compute units' }).click();
    const lines = page.getByRole('table').filter({ hasText: 'Drug amount' });
    await lines.waitFor();
    const text = await lines.innerText();
    assert.match(text, /J9173\s+none\s+75/);
    assert.match(text, /JW\s+9/);
    assert.match(await page.locator('.stats').innerText(), /\$/);
    await shot('05-units-J9173-750mg');
  });

  void it('checks the sample 837, shows findings by claim and line, downloads the file', async () => {
    await page.getByRole('link', { name: 'Claim check' }).click();
    await page.locator('[data-testid=check-file]').setInputFiles(SAMPLE);
    await page.getByRole('heading', { name: /Findings \(\d+\)/ }).waitFor();
    assert.match(await page.locator('.claim-group').first().innerText(), /Claim CLMNO12345/);
    await shot('06-check-sample-837');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /download/i }).click(),
    ]);
    const saved = join(out, `downloaded-${download.suggestedFilename()}`);
    await download.saveAs(saved);
    assert.match(readFileSync(saved, 'latin1'), /^ISA\*/);
  });

  void it('applies the JZ fix to a 2026 Imfinzi claim and downloads the fixed 837', async () => {
    const variant = readFileSync(SAMPLE, 'latin1')
      .replaceAll('20040711', '20260115')
      .replace('SV1*HC:J1550*53.37*UN*1.00', 'SV1*HC:J9173*6470.25*UN*75')
      .replace('00026063512', '00310450012')
      .replace('CLM*CLMNO12345*103.37', 'CLM*CLMNO12345*6520.25')
      .replace('CTP****10.00*ML', 'CTP****15*ML');
    const path = join(out, 'imfinzi-2026.837');
    writeFileSync(path, variant);
    await page.locator('[data-testid=check-file]').setInputFiles(path);
    await page.getByText('Fix: Add modifier JZ').waitFor();
    // JZ attests that nothing was discarded: not chosen for the biller, and the condition is said on the page.
    const jz = page.getByRole('checkbox', { name: /Add modifier JZ/ });
    assert.equal(await jz.isChecked(), false);
    assert.match(
      await page.locator('.fix-caveat').first().innerText(),
      /Be sure first: Only if no amount was discarded/,
    );
    assert.match((await jz.getAttribute('aria-describedby')) ?? '', /^caveat-/);
    await page.getByRole('button', { name: 'Download the file (no fixes)' }).waitFor();
    // With no fix chosen the download is the file checked, not a "fixed-" one.
    const [unfixed] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the file (no fixes)' }).click(),
    ]);
    assert.equal(unfixed.suggestedFilename(), 'imfinzi-2026.837');
    await page
      .getByRole('status')
      .filter({ hasText: /^No fix applied; .*Saved as imfinzi-2026\.837\./ })
      .waitFor();
    await jz.check();
    await shot('07-check-fixable');
    // The choice goes in the multipart body, beside the file: a URL cannot carry thousands of indexes.
    const sent = { url: '', body: '' };
    await page.route('**/api/check/fix?*', (route) => {
      sent.url = route.request().url();
      sent.body = route.request().postDataBuffer()?.toString('latin1') ?? '';
      return route.continue();
    });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Apply 1 fix and download/ }).click(),
    ]);
    await page.unroute('**/api/check/fix?*');
    assert.doesNotMatch(sent.url, /apply=/);
    assert.match(sent.body, /name="apply"\r\n\r\n\d+\r\n/);
    const saved = join(out, `downloaded-${download.suggestedFilename()}`);
    await download.saveAs(saved);
    assert.match(readFileSync(saved, 'latin1'), /SV1\*HC:J9173:JZ\*/);
    await page
      .getByRole('status')
      .filter({ hasText: /0 fixable findings left/ })
      .waitFor();
  });

  void it('works the worklist: opens a denial, changes its status with a note, previews the appeal', async () => {
    await page.getByRole('link', { name: 'Worklist' }).click();
    await page.getByRole('button', { name: /Open claim RC1004/ }).click();
    await page.getByLabel('New status').selectOption('in-progress');
    await page.getByLabel('Note').fill('Asked the practice for the PA approval letter');
    await page.getByRole('button', { name: 'Save status' }).click();
    await page.locator('.history').filter({ hasText: 'Asked the practice' }).waitFor();
    // Asked for by worklist item id: the claim id (PHI) is not in the URL, which proxies log.
    const [asked] = await Promise.all([
      page.waitForRequest((r) => r.url().includes('/appeal')),
      page.getByRole('button', { name: 'Preview the letter' }).click(),
    ]);
    assert.match(new URL(asked.url()).pathname, /^\/api\/worklist\/\d+\/appeal$/);
    assert.doesNotMatch(asked.url(), /RC1004/);
    await page.getByLabel('Letter preview').waitFor();
    const letter = page.getByLabel('Letter preview');
    assert.match(await letter.innerText(), /J9299/);
    // Markdown is rendered (headings, bold), not shown as raw marks.
    assert.ok((await letter.locator('h2, h3').count()) > 0, 'the letter has headings');
    assert.doesNotMatch(await letter.innerText(), /\*\*|^#+ /m);
    await shot('08-worklist-appeal');
  });

  void it('opens the dashboard with charts', async () => {
    await page.getByRole('link', { name: 'Dashboard' }).click();
    // Clickable bars make the root-cause chart a group of links (reachable by keyboard), not a flat image.
    await page.getByRole('group', { name: /by root cause/ }).waitFor();
    assert.ok((await page.locator('figure.chart svg').count()) >= 4);
    assert.match(await page.locator('main').innerText(), /Top avoidable waste/);
    await page.getByRole('img', { name: /Avoidable waste/ }).waitFor();
    await shot('09-dashboard');
  });

  void it('fact-checks a text: a false statement gets the right code', async () => {
    await page.getByRole('link', { name: 'Code lookup' }).click();
    await page.getByRole('button', { name: 'Use an example' }).click();
    await page.getByRole('button', { name: 'Check the statements' }).click();
    const table = page.getByRole('table').filter({ hasText: 'Verdict' });
    await table.waitFor();
    const text = await table.innerText();
    assert.match(text, /J9312 is pemetrexed[\s\S]*false[\s\S]*J9305/);
    await shot('10-factcheck');
  });

  void it('units: a carboplatin AUC dose asks for kidney function in the form, then computes from the GFR', async () => {
    await page.getByRole('link', { name: 'Units calculator' }).click();
    await page.getByLabel('HCPCS code').fill('J9045');
    await page.getByLabel('Dose', { exact: true }).fill('AUC 5');
    // The AUC inputs show up for an AUC dose; the options the API takes are in "More options".
    const kidney = page.getByRole('group', { name: /Kidney function/ });
    await kidney.waitFor();
    await page.getByRole('button', { name: 'Compute units' }).click();
    const alert = page.getByRole('alert').filter({ hasText: /carboplatin AUC/ });
    await alert.waitFor();
    const message = await alert.innerText();
    assert.doesNotMatch(message, /--[a-z]/, 'no CLI flags in the message');
    assert.match(message, /GFR/);
    await shot('11-units-auc-needs-gfr');
    await kidney.getByLabel(/^GFR/).fill('90');
    await page.getByText(/More options/).click();
    await page.getByLabel('Container type').selectOption('single-dose');
    await page.getByLabel('MUE setting').selectOption('outpatient-hospital');
    await page.getByLabel('Concentration').fill('10 mg/mL');
    await page.getByRole('button', { name: 'Compute units' }).click();
    const lines = page.getByRole('table').filter({ hasText: 'Drug amount' });
    await lines.waitFor();
    // AUC 5 × (90 + 25) = 575 mg; 50 mg units → 12 (as `drugclaim units --code J9045 --dose AUC5 --gfr 90`).
    assert.match(await lines.innerText(), /J9045\s+\S+\s+12/);
    assert.match(await page.locator('main').innerText(), /575 mg/);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('gfr'), '90');
    assert.equal(url.searchParams.get('container'), 'single-dose');
    assert.equal(url.searchParams.get('setting'), 'outpatient-hospital');
    await shot('12-units-auc-gfr');
    // Refresh keeps the calculation (it lives in the URL).
    await page.reload();
    await page.getByRole('table').filter({ hasText: 'Drug amount' }).waitFor();
    assert.equal(await page.getByLabel('Dose', { exact: true }).inputValue(), 'AUC 5');
    assert.equal(await page.getByLabel(/^GFR/).inputValue(), '90');
    // JG ended on 2024-12-31: not offered for a 2026 date of service.
    const options = await page.getByLabel('340B modifier').locator('option').allInnerTexts();
    assert.deepEqual(options, ['none', 'TB']);
  });

  void it('units: a weight in pounds gives rounded amounts', async () => {
    await page.getByLabel('HCPCS code').fill('J9173');
    await page.getByLabel('Dose', { exact: true }).fill('10 mg/kg');
    await page.getByLabel(/^GFR/).fill('');
    await page.getByLabel('Concentration').fill('');
    await page.getByLabel('Weight').fill('160 lb');
    await page.getByRole('button', { name: 'Compute units' }).click();
    const lines = page.getByRole('region', { name: 'Lines to bill' });
    // The previous test's result stays on the page until this one arrives: wait for this dose, not for any table.
    await lines
      .filter({ hasText: /725\.75\s*mg/ })
      .getByRole('table')
      .waitFor();
    const shown = `${await page.getByLabel('Result summary').innerText()}\n${await lines.innerText()}`;
    assert.match(shown, /Dose 725\.75 mg/);
    assert.doesNotMatch(shown, /\d\.\d{3,} mg/, 'no long decimals');
    // "→ 1 units" reads "→ 1 unit".
    assert.doesNotMatch(await page.locator('ol.rules').innerText(), /\b1 units\b/);
  });

  void it('claim check: read errors count once, as the CLI and the API count them', async () => {
    const malformed = join(x12SamplesDir(), 'MALFORMED_837P_imsweb_x12_bad_first_line.txt');
    const api = await page.evaluate(
      async ([text, asOf]) => {
        const r = await fetch(`/api/check?fileName=bad.txt&dateOfRun=${asOf}`, {
          method: 'POST',
          headers: { 'content-type': 'application/edi-x12', 'x-csrf-token': await csrfToken() },
          body: text,
        });
        return ((await r.json()) as { summary: { errors: number; readErrors: number } }).summary;
        async function csrfToken(): Promise<string> {
          return ((await (await fetch('/api/auth/csrf')).json()) as { token: string }).token;
        }
      },
      [readFileSync(malformed, 'latin1'), AS_OF] as const,
    );
    assert.ok(api.readErrors > 0, 'the sample has read errors');
    await page.getByRole('link', { name: 'Claim check' }).click();
    await page.locator('[data-testid=check-file]').setInputFiles(malformed);
    const summary = page.getByLabel('Check summary');
    await summary.waitFor();
    const errors = summary.locator('.stat').filter({ hasText: /errors/ });
    assert.equal(Number(await errors.locator('.stat-value').innerText()), api.errors);
    assert.match(
      await errors.innerText(),
      new RegExp(`${api.errors - api.readErrors} in the lines .*, ${api.readErrors} reading the file`),
    );
    // Every read problem, warnings too, with its place in the file; errors first.
    const reading = page.locator('details.problems');
    assert.match(
      await reading.locator('summary').innerText(),
      new RegExp(`problems while reading \\(${api.readErrors} errors?, \\d+ warnings?\\)`),
    );
    const listed = await reading.locator('li').allInnerTexts();
    assert.match(listed[0] ?? '', /^error .*line 1, segment 0 \(ISA\): ISA is 105 characters long/);
    assert.ok(
      listed.some((l) => /^warning .*line 23, segment 22 \(HI\), loop 2300, element 1: HI01/.test(l)),
      listed.join('\n'),
    );
  });

  void it('claim check: a big answer is shown 200 findings at a time, filtered, with the truncation notice', async () => {
    // A stand-in answer of 450 listed findings out of 60,000 (the API's cap), so the test stays fast.
    const finding = (i: number) => ({
      index: i * 10,
      editId: i % 3 === 0 ? 'ndc-format' : 'jw-jz-missing',
      severity: i < 150 ? 'error' : 'warning',
      claimId: `BIG${String(Math.floor(i / 3)).padStart(5, '0')}`,
      claimIndex: Math.floor(i / 3),
      file: 'big.837',
      line: (i % 3) + 1,
      field: 'modifiers',
      message: `finding ${i}`,
      why: 'because',
      source: 'test',
      carc: null,
      rarc: [],
      appealable: null,
      fix: null,
    });
    const body = {
      dateOfRun: AS_OF,
      summary: {
        claims: 150,
        lines: 450,
        drugLines: 450,
        errors: 150,
        warnings: 59_850,
        infos: 0,
        fixable: 0,
        readErrors: 0,
      },
      truncated: true,
      truncation: {
        maxFindings: 450,
        listed: 450,
        omitted: 59_550,
        message:
          'Only the first 450 findings are listed (every error first). For every finding, run drugclaim check.',
      },
      files: [{ path: 'big.837', format: '837P', claims: 150 }],
      findings: Array.from({ length: 450 }, (_, i) => finding(i)),
      readProblems: [],
      skippedEdits: [],
    };
    await page.route('**/api/check?*', (route) => route.fulfill({ json: body }));
    try {
      const path = join(out, 'big-standin.837');
      writeFileSync(path, readFileSync(SAMPLE));
      await page.locator('[data-testid=check-file]').setInputFiles(path);
      await page.getByRole('heading', { name: 'Findings (450 listed of 60,000)' }).waitFor();
      assert.match(
        await page
          .getByRole('status')
          .filter({ hasText: /first 450 findings/ })
          .innerText(),
        /drugclaim check/,
      );
      assert.match(await page.getByLabel('Check summary').innerText(), /59,850/);
      assert.equal(await page.locator('.finding').count(), 200);
      const pager = page.getByRole('navigation', { name: 'Findings pages', exact: true });
      await pager.getByText('Showing 1–200 of 450').waitFor();
      await pager.getByRole('button', { name: /Next/ }).click();
      await pager.getByText('Showing 201–400 of 450').waitFor();
      assert.match(await page.locator('.finding-msg').first().innerText(), /finding 200$/);
      // Errors only: 150, one page, no pager.
      await page.getByLabel('Severity').selectOption('error');
      await page.locator('.finding').nth(149).waitFor();
      assert.equal(await page.locator('.finding').count(), 150);
      assert.equal(await pager.count(), 0);
      await page.getByLabel('Edit', { exact: true }).selectOption('ndc-format');
      assert.equal(await page.locator('.finding').count(), 50);
    } finally {
      await page.unroute('**/api/check?*');
    }
  });

  void it('claim check: an 835 is called a remittance, with no pass message and no download', async () => {
    await page.getByRole('link', { name: 'Claim check' }).click();
    await page.locator('[data-testid=check-file]').setInputFiles(REMIT_SAMPLE);
    await page.getByRole('heading', { name: /This is a remittance/ }).waitFor();
    const main = await page.locator('main').innerText();
    assert.doesNotMatch(main, /passed every edit/);
    // The API's 422 `not-claims` is shown as this card, not as an error.
    assert.match(main, /is a payer remittance \(835\).*Import it as a remittance/s);
    assert.equal(await page.locator('main').getByRole('alert').count(), 0);
    assert.equal(await page.getByRole('button', { name: /download/i }).count(), 0);
    assert.ok(await page.getByRole('link', { name: 'Import', exact: true }).count());
    await shot('13-check-835');
    // An empty file gets a plain message, not the API's upload instructions.
    const empty = join(out, 'empty.837');
    writeFileSync(empty, '');
    await page.locator('[data-testid=check-file]').setInputFiles(empty);
    await page
      .getByRole('alert')
      .filter({ hasText: /is empty/ })
      .waitFor();
  });

  void it('worklist: with status "all" only open items are summed; columns sort; filters are history', async () => {
    await page.getByRole('link', { name: 'Worklist', exact: true }).click();
    await page.getByRole('button', { name: /Open claim RC1007/ }).click();
    await page.getByLabel('New status').selectOption('written-off');
    await page.getByRole('button', { name: 'Save status' }).click();
    await page.locator('.history').filter({ hasText: 'written-off' }).waitFor();
    const open = await page.evaluate(async (asOf) => {
      const r = await fetch(`/api/worklist?status=open&asOf=${asOf}`);
      const body = (await r.json()) as {
        items: { recoverableCents: number; daysToDeadline: number | null }[];
      };
      return {
        cents: body.items.reduce((n, i) => n + i.recoverableCents, 0),
        late: body.items.filter((i) => i.daysToDeadline !== null && i.daysToDeadline < 0).length,
      };
    }, AS_OF);
    await page.getByLabel('Status', { exact: true }).selectOption('all');
    const stats = page.getByLabel('Worklist totals');
    await stats.getByText('recoverable (open items only)').waitFor();
    const text = await stats.innerText();
    const dollars = `$${(open.cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
    assert.ok(text.includes(dollars), `${dollars} (open items only) in ${text}`);
    assert.match(text, new RegExp(`${open.late}\\s+open, past the deadline`));
    await shot('14-worklist-all');
    // Sort by recoverable, largest first (two clicks), kept in the URL.
    await page.getByRole('button', { name: /^Recoverable/ }).click();
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('sort=-recoverable')),
      page.getByRole('button', { name: /^Recoverable/ }).click(),
    ]);
    assert.equal(new URL(page.url()).searchParams.get('dir'), 'desc');
    // The answer renders a moment after it arrives: read the column until it changes (at most 5 s).
    const column = page.locator('table.table tbody tr td:nth-child(5)');
    const read = async () => (await column.allInnerTexts()).map((t) => Number(t.replace(/[^\d.]/g, '')));
    let values = await read();
    for (let tries = 0; tries < 50 && values.join() !== [...values].sort((a, b) => b - a).join(); tries++) {
      await page.waitForTimeout(100);
      values = await read();
    }
    assert.ok(values.length > 3);
    assert.deepEqual(
      values,
      [...values].sort((a, b) => b - a),
    );
    // Back undoes the sort and then the filter.
    await page.goBack();
    await page.goBack();
    await page.goBack();
    assert.equal(new URL(page.url()).searchParams.get('status'), null);
  });

  void it('worklist: asks the server for one sorted page at a time and shows its totals of every page', async () => {
    // 7,000 items on a stand-in server that pages and sorts as the real one does (by its query).
    const TOTAL = 7000;
    const item = (n: number) => ({
      id: 10_000 + n,
      kind: 'denial',
      claimId: `PG${String(n).padStart(4, '0')}`,
      line: 1,
      code: 'J9173',
      payer: 'MEDICARE PART B',
      payerKind: 'medicare',
      groupCode: 'CO',
      carc: '16',
      rarc: [],
      rootCause: 'ndc',
      rootCauseTitle: 'NDC missing, invalid or not matching the HCPCS',
      action: 'correct-resubmit',
      next: null,
      amountCents: 10_000 + n,
      recoverableCents: 10_000 + n,
      recoveredCents: 0,
      recoveredByHandCents: null,
      recoverableNote: null,
      paidCents: 0,
      expectedCents: null,
      serviceDate: '2026-02-10',
      remitDate: '2026-03-02',
      deadline: '2026-07-05',
      daysToDeadline: 10,
      ageDays: 5,
      status: 'new',
      statusAt: '2026-03-02T00:00:00Z',
      correctedClaim: null,
      allowedStatuses: ['new', 'in-progress'],
    });
    const asked: URLSearchParams[] = [];
    await page.route('**/api/worklist?*', (route) => {
      const q = new URL(route.request().url()).searchParams;
      asked.push(q);
      const offset = Number(q.get('offset') ?? '0');
      const limit = Number(q.get('limit') ?? '1000');
      const sort = q.get('sort') ?? 'deadline';
      const nth = (i: number) => (sort === '-recoverable' ? TOTAL - i : i + 1);
      const items = Array.from({ length: Math.max(0, Math.min(limit, TOTAL - offset)) }, (_, i) =>
        item(nth(offset + i)),
      );
      return route.fulfill({
        json: {
          items,
          total: TOTAL,
          offset,
          limit,
          sort,
          totals: { openItems: TOTAL, recoverableCents: 123_456_789, dueSoon: 12, pastDeadline: 3 },
        },
      });
    });
    const last = () => Object.fromEntries(asked.at(-1)?.entries() ?? []);
    try {
      await page.goto(`${server.url}/worklist`);
      const pager = page.getByRole('navigation', { name: 'Worklist pages' });
      await pager.getByText('Showing 1–50 of 7,000').waitFor();
      assert.deepEqual([last()['limit'], last()['offset'], last()['sort']], ['50', '0', undefined]);
      // The server's totals of all 7,000, not of the 50 rows on the page; no "only the rows sent" caveat.
      const stats = await page.getByLabel('Worklist totals').innerText();
      assert.match(stats, /7,000/);
      assert.match(stats, /\$1,234,567\.89/);
      assert.match(stats, /12\s+deadline within 14 days/);
      assert.match(stats, /3\s+past the deadline/);
      assert.equal(await page.locator('.note-warn').count(), 0);
      assert.equal(await page.locator('table.table tbody tr').count(), 50);

      await pager.getByRole('button', { name: /Next/ }).click();
      await pager.getByText('Showing 51–100 of 7,000').waitFor();
      assert.deepEqual([last()['limit'], last()['offset']], ['50', '50']);
      assert.equal(new URL(page.url()).searchParams.get('page'), '2');
      assert.equal(await page.getByRole('button', { name: /Open claim PG0051/ }).count(), 1);

      // Sorting is the server's: largest recoverable first, back to the first page.
      await page.getByRole('button', { name: /^Recoverable/ }).click();
      await page.getByRole('button', { name: /^Recoverable/ }).click();
      await page.getByRole('button', { name: /Open claim PG7000/ }).waitFor();
      assert.deepEqual([last()['sort'], last()['offset']], ['-recoverable', '0']);
      assert.equal(new URL(page.url()).searchParams.get('dir'), 'desc');

      await pager.getByLabel('Rows per page').selectOption('100');
      await pager.getByText('Showing 1–100 of 7,000').waitFor();
      assert.equal(last()['limit'], '100');

      // Back: the page size, then the sort (twice), then page 2 again, each asked of the server again.
      await page.goBack();
      await page.goBack();
      await page.goBack();
      await pager.getByText('Showing 51–100 of 7,000').waitFor();
      assert.deepEqual([last()['offset'], last()['sort']], ['50', undefined]);
    } finally {
      await page.unroute('**/api/worklist?*');
      await page.goto(`${server.url}/dashboard`);
    }
  });

  void it('worklist: marks an item recovered with the amount actually recovered', async () => {
    const recoveredSoFar = () =>
      page.evaluate(async () => {
        const r = await fetch('/api/dashboard');
        return ((await r.json()) as { totals: { recoveredCents: number } }).totals.recoveredCents;
      });
    const before = await recoveredSoFar();
    await page.getByRole('link', { name: 'Worklist', exact: true }).click();
    await page.getByRole('button', { name: /Open claim RC9999/ }).click();
    await page.getByLabel('New status').selectOption('recovered');
    // Prefilled with what is left to recover.
    const amount = page.getByLabel('Amount recovered ($)');
    assert.equal(await amount.inputValue(), '2632.12');
    // A decimal comma (or a typo) is refused on the form, never saved as $336.00.
    await amount.fill('3,36');
    await page.getByRole('button', { name: 'Save status' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /a comma only between thousands \(got “3,36”\)/ })
      .waitFor();
    // What the form sends (POST /api/worklist/:id/status).
    const sent: Record<string, unknown>[] = [];
    const onRequest = (r: Request): void => {
      if (r.method() === 'POST' && /\/api\/worklist\/\d+\/status$/.test(r.url()))
        sent.push(r.postDataJSON() as Record<string, unknown>);
    };
    page.on('request', onRequest);
    try {
      // More than is left to recover: a confirmation (interest, an overpayment); unticked, nothing is sent.
      const confirm = page.getByLabel(
        'The payer paid more than was left to recover (interest or overpayment)',
      );
      assert.equal(await confirm.count(), 0, 'no confirmation for an amount within the recoverable');
      await amount.fill('3000');
      await page
        .getByRole('status')
        .filter({ hasText: '$3,000.00 is $367.88 more than the $2,632.12 left to recover' })
        .waitFor();
      assert.equal(await confirm.isChecked(), false);
      await page.getByRole('button', { name: 'Save status' }).click();
      await page
        .getByRole('alert')
        .filter({ hasText: /is more than the item's recoverable amount \(\$2,632\.12\)/ })
        .waitFor();
      assert.deepEqual(sent, []);
      // Ticked, then the amount corrected to less: the box goes, and no overpayment is sent.
      await confirm.check();
      await amount.fill('2,000.50');
      await confirm.waitFor({ state: 'detached' });
      await page.getByLabel('Note').fill('Paid by paper check');
      await page.getByRole('button', { name: 'Save status' }).click();
      await page
        .locator('.history')
        .filter({ hasText: 'Recovered $2,000.50 of $2,632.12. Paid by paper check' })
        .waitFor();
      assert.match(
        await page.locator('.drawer dl.kv').innerText(),
        /Recovered\s+\$2,000\.50 \(entered by hand\)/,
      );
      await shot('15b-worklist-recovered-amount');
      assert.equal(await recoveredSoFar(), before + 200_050);
      assert.deepEqual(sent, [{ status: 'recovered', note: 'Paid by paper check', recoveredCents: 200_050 }]);

      // The payer's second check with interest: above what was left, recorded as given once confirmed.
      await page.getByLabel('New status').selectOption('recovered');
      await amount.fill('2,700.00');
      await confirm.check();
      await shot('15c-worklist-recovered-overpayment');
      await page.getByLabel('Note').fill('Second check with interest');
      await page.getByRole('button', { name: 'Save status' }).click();
      await page
        .locator('.history')
        .filter({
          hasText:
            'Recovered $2,700.00 of $2,632.12 ($67.88 more than was left to recover: interest or an overpayment).',
        })
        .waitFor();
      assert.deepEqual(sent.at(-1), {
        status: 'recovered',
        note: 'Second check with interest',
        recoveredCents: 270_000,
        overpayment: true,
      });
      assert.equal(await recoveredSoFar(), before + 270_000);
    } finally {
      page.off('request', onRequest);
    }
  });

  void it("worklist: the root-cause filter offers every cause in the store, not only the loaded page's", async () => {
    const causes = await page.evaluate(async () => {
      const r = await fetch('/api/worklist?limit=1');
      return ((await r.json()) as { causes: { key: string; label: string }[] }).causes;
    });
    assert.ok(causes.length >= 3, 'the fixture has several causes');
    const one = causes[0]!;
    // Filtered to one cause, the page loads only its items: the others are still offered.
    await page.goto(`${server.url}/worklist?cause=${one.key}&size=25`);
    await page.getByLabel('Worklist totals').waitFor();
    const select = page.getByLabel('Root cause');
    await select.locator('option', { hasText: causes.at(-1)!.label }).waitFor({ state: 'attached' });
    const options = await select.locator('option').allInnerTexts();
    assert.deepEqual(options.slice(1).sort(), causes.map((c) => c.label).sort());
    assert.equal(await select.inputValue(), one.key);
  });

  void it('keeps a typed note through an expired session and returns to the same item', async () => {
    await page.getByRole('link', { name: 'Worklist', exact: true }).click();
    await page.getByRole('button', { name: /Open claim RC1005/ }).click();
    const itemUrl = page.url();
    assert.match(itemUrl, /item=\d+/);
    // The 2-hour idle timeout, simulated: the session cookie goes.
    await browser.context.clearCookies();
    await page.getByLabel('New status').selectOption('appealed');
    await page.getByLabel('Note').fill('Sent the redetermination with the MUE worksheet');
    await page.getByRole('button', { name: 'Save status' }).click();
    const dialog = page.getByRole('alertdialog', { name: /session expired/i });
    await dialog.waitFor();
    await shot('15-session-expired');
    await dialog.getByLabel('Password').fill(E2E_USER.password);
    if ((await dialog.getByLabel('User name').inputValue()) === '')
      await dialog.getByLabel('User name').fill(E2E_USER.username);
    await dialog.getByRole('button', { name: /Sign in and continue/ }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(page.url(), itemUrl);
    assert.equal(
      await page.getByLabel('Note').inputValue(),
      'Sent the redetermination with the MUE worksheet',
    );
    await page.getByRole('button', { name: 'Save status' }).click();
    await page.locator('.history').filter({ hasText: 'Sent the redetermination' }).waitFor();

    // Sign out, Back to the item, sign in: the same item again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to drugclaim' }).waitFor();
    await page.goBack();
    await page.getByLabel('Password').fill(E2E_USER.password);
    await page.getByLabel('User name').fill(E2E_USER.username);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /claim RC1005/ }).waitFor();
    assert.equal(new URL(page.url()).searchParams.get('item'), new URL(itemUrl).searchParams.get('item'));
  });

  void it('dashboard: the denial and underpayment cards add up to the recoverable total; bars work by keyboard', async () => {
    await page.getByRole('link', { name: 'Dashboard' }).click();
    const cards = page.getByLabel('Open items');
    await cards.waitFor();
    const values = (await cards.locator('.stat-value').allInnerTexts()).map((t) =>
      Math.round(Number(t.replace(/[^\d.]/g, '')) * 100),
    );
    const [total, denials, underpayments] = values;
    assert.equal((denials ?? 0) + (underpayments ?? 0), total);
    assert.match(await cards.innerText(), /recoverable on \d+ open denials? \(\$[\d,.]+ denied\)/);
    assert.match(await page.locator('main').innerText(), new RegExp(`deadlines counted to ${AS_OF}`));
    const bar = page.getByRole('link', { name: /open in the worklist/ }).first();
    await bar.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/worklist\?.*cause=/);
  });

  void it('imports an 837 on the Import page and lists what is not matched', async () => {
    await page.getByRole('link', { name: 'Import', exact: true }).click();
    await page.locator('[data-testid=import-file]').setInputFiles(SAMPLE);
    const results = page.getByRole('region', { name: 'Import results' });
    await results
      .getByText(/imported/)
      .first()
      .waitFor();
    assert.match(await results.innerText(), /as claims/);
    await page.getByRole('heading', { name: 'Not matched' }).waitFor();
    assert.match(await page.locator('main').innerText(), /Claims no remittance has answered yet/);
    await shot('16-import');
  });

  void it("import: a rejected file's problems keep their positions; the wrong kind names the page's choice", async () => {
    await page.getByRole('link', { name: 'Import', exact: true }).click();
    const results = page.getByRole('region', { name: 'Import results' });
    // An 837 with the kind chosen as remittances: the page's own choice is named, not the API's other endpoint.
    await page.getByLabel('The files are').selectOption('remittances');
    await page.locator('[data-testid=import-file]').setInputFiles(SAMPLE);
    const wrong = results.locator('.claim-group').filter({ hasText: 'not imported' }).first();
    await wrong.waitFor();
    assert.match(
      await wrong.innerText(),
      /holds submitted claims, not remittances: choose “submitted claims” \(or “detected from their content”\) under “The files are” above/,
    );
    assert.doesNotMatch(await wrong.innerText(), /\/api\//);
    // Read errors in every claim: each problem with its line, segment and loop, as the CLI prints it.
    await page.getByLabel('The files are').selectOption('detect');
    await page
      .locator('[data-testid=import-file]')
      .setInputFiles(join(x12SamplesDir(), '837P_hccinfhir_sample_837_11_J1745-ndc_edge.txt'));
    const rejected = results.locator('.claim-group').filter({ hasText: 'J1745-ndc_edge' }).first();
    await rejected.getByText(/Payer name loop 2010BB/).waitFor();
    assert.match(
      await rejected.innerText(),
      /line 1, segment 18 \(CLM\), loop 2010BB: Payer name loop 2010BB \(NM1\*PR\) is required/,
    );
    // Its warnings too, listed after the errors.
    assert.match(
      await rejected.innerText(),
      /warning\s+line 1, segment 21 \(PRV\), loop 2310B, element 2: PRV02 "ZZ" should be "PXC"/i,
    );
  });

  void it('import: nothing to match says no "Matched 0 of 0"; a file too large names the import command', async () => {
    const zero = emptyReconcileSummary();
    const file = (name: string) => ({
      file: name,
      status: 'imported',
      format: '837P',
      items: 1,
      added: 1,
      lines: 1,
      problems: 1,
      // One warning listed and five the API left out: the page lists the one and counts the others.
      readProblems: [
        {
          code: 'x12.hi.split-composite',
          severity: 'warning',
          message: 'HI01: qualifier "ABK" and code "C3490" are in separate elements.',
          at: { file: name, line: 21, segmentIndex: 20, segmentId: 'HI', loop: '2300', element: 1 },
        },
      ],
      problemsOmitted: 5,
      notStored: [],
    });
    await page.route('**/api/claims/import', (route) => {
      // The web app names the file in its multipart part, never in the URL (proxies log URLs).
      const name =
        /filename="([^"]*)"/.exec(route.request().postDataBuffer()?.toString('latin1') ?? '')?.[1] ?? '';
      return name.startsWith('big')
        ? route.fulfill({
            status: 413,
            json: {
              statusCode: 413,
              code: 'payload-too-large',
              message:
                'The upload is larger than this server accepts (50 MiB per request). Check a larger file with the CLI (drugclaim check FILE).',
            },
          })
        : route.fulfill({ json: { files: [file(name)], reconcile: zero } });
    });
    try {
      await page.getByRole('link', { name: 'Import', exact: true }).click();
      await page.getByLabel('The files are').selectOption('claims');
      const results = page.getByRole('region', { name: 'Import results' });
      const stub = join(out, 'nothing-to-match.837');
      writeFileSync(stub, readFileSync(SAMPLE));
      await page.locator('[data-testid=import-file]').setInputFiles(stub);
      const imported = results.locator('.claim-group').filter({ hasText: 'nothing-to-match.837' });
      await imported.waitFor();
      assert.doesNotMatch(await results.innerText(), /Matched 0 of 0/);
      const listed = await imported.innerText();
      assert.match(listed, /6 problems while reading \(1 warning, 5 not listed\)/);
      assert.match(
        listed,
        /warning\s+line 21, segment 20 \(HI\), loop 2300, element 1: HI01: qualifier "ABK"/i,
      );
      assert.match(listed, /5 more problems not shown\. Claim check lists every one\./);
      const big = join(out, 'big-import.837');
      writeFileSync(big, readFileSync(SAMPLE));
      await page.locator('[data-testid=import-file]').setInputFiles(big);
      const refused = results.getByRole('alert').filter({ hasText: /big-import\.837/ });
      await refused.waitFor();
      const text = await refused.innerText();
      assert.match(text, /drugclaim claims import big-import\.837/);
      assert.doesNotMatch(text, /drugclaim check/);
    } finally {
      await page.unroute('**/api/claims/import');
    }
  });

  void it('worklist: Escape closes the item panel; the payer filter applies when typing pauses', async () => {
    await page.getByRole('link', { name: 'Worklist', exact: true }).click();
    await page.getByRole('button', { name: /Open claim RC1004/ }).click();
    const panel = page.locator('.drawer');
    await panel.waitFor();
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    assert.equal(new URL(page.url()).searchParams.get('item'), null);
    // No Enter, no leaving the field: the filter applies once typing stops.
    await page.getByLabel('Payer', { exact: true }).pressSequentially('zzz');
    await page.waitForURL(/payer=zzz/);
    await page.getByText(/No items match these/).waitFor();
    assert.equal(await page.getByLabel('Payer', { exact: true }).inputValue(), 'zzz');
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await page.waitForURL((u) => !u.searchParams.has('payer'));
    assert.equal(await page.getByLabel('Payer', { exact: true }).inputValue(), '');
  });

  void it('claim check: signed in again over the page, the "session expired" note goes', async () => {
    await page.getByRole('link', { name: 'Claim check' }).click();
    await page.locator('[data-testid=check-file]').setInputFiles(SAMPLE);
    await page.getByRole('heading', { name: /Findings \(\d+\)/ }).waitFor();
    await browser.context.clearCookies();
    await page.getByRole('button', { name: /download/i }).click();
    const dialog = page.getByRole('alertdialog', { name: /session expired/i });
    await dialog.waitFor();
    await page
      .locator('main')
      .getByRole('alert')
      .filter({ hasText: /session expired/ })
      .waitFor();
    if ((await dialog.getByLabel('User name').inputValue()) === '')
      await dialog.getByLabel('User name').fill(E2E_USER.username);
    await dialog.getByLabel('Password').fill(E2E_USER.password);
    await dialog.getByRole('button', { name: /Sign in and continue/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await page
      .locator('main')
      .getByRole('alert')
      .filter({ hasText: /session expired/ })
      .waitFor({ state: 'detached' });
  });

  void it('fits a 390 px phone screen: no sideways scrolling, a slim header with a menu', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const path of ['/dashboard', '/worklist', '/check', '/units', '/lookup/J9173', '/import']) {
        await page.goto(`${server.url}${path}`);
        await page.locator('main h1').first().waitFor();
        await page.waitForTimeout(300);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(width <= 390, `${path} is ${width} px wide`);
        const header = await page.locator('header.topbar').boundingBox();
        assert.ok(header && header.height < 70, `${path}: header ${header?.height} px high`);
      }
      await shot('17-mobile-lookup');
      await page.getByRole('button', { name: 'Menu' }).click();
      await page.getByRole('link', { name: 'Worklist', exact: true }).click();
      await page.getByRole('heading', { name: 'Worklist' }).waitFor();
      await shot('18-mobile-worklist');
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
    }
  });

  void it("lookup: a code with modifiers (J9173-JZ) as the CLI takes it; a wrong one is said in the form's words", async () => {
    await page.goto(`${server.url}/lookup`);
    const box = page.getByRole('combobox');
    await box.fill('j9173-jz');
    await page.getByRole('option').filter({ hasText: 'J9173-JZ' }).first().waitFor();
    await box.press('Enter');
    await page.waitForURL(/\/lookup\/J9173-JZ/);
    await page.locator('.code-chip', { hasText: 'J9173-JZ' }).waitFor();
    assert.match(await page.getByLabel('Modifiers').innerText(), /modifier JZ .*active/i);
    assert.match(await page.locator('.facts').innerText(), /durvalumab/);
    await page.goto(`${server.url}/lookup/J9173-JZZ`);
    const alert = page.getByRole('alert').filter({ hasText: /code/ });
    await alert.waitFor();
    assert.match(await alert.innerText(), /^The code must be a HCPCS\/CPT code/);
    assert.doesNotMatch(await alert.innerText(), /params\./);
  });

  void it('lookup: the guide tab is in the URL and the tabs answer the arrow keys', async () => {
    await page.goto(`${server.url}/lookup/J9173`);
    await page.getByRole('tab', { name: /Facts/ }).focus();
    await page.keyboard.press('ArrowRight');
    await page.locator('article.guide h3').first().waitFor();
    assert.equal(new URL(page.url()).searchParams.get('tab'), 'guide');
    assert.equal(new URL(page.url()).searchParams.get('asOf'), AS_OF);
    await page.reload();
    await page.locator('article.guide h3').first().waitFor();
    assert.equal(
      await page.getByRole('tab', { name: 'Billing guide' }).getAttribute('aria-selected'),
      'true',
    );
  });

  void it('signing in from the public lookup comes back to the lookup', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to drugclaim' }).waitFor();
    await page.goto(`${server.url}/lookup/J9173`);
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('User name').fill(E2E_USER.username);
    await page.getByLabel('Password').fill(E2E_USER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/lookup\/J9173/);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  });

  void it('admin: an API token needs the password again, and shows when it expires', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to drugclaim' }).waitFor();
    await page.getByLabel('User name').fill(E2E_ADMIN.username);
    await page.getByLabel('Password').fill(E2E_ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.goto(`${server.url}/admin`);
    const form = page.getByRole('form', { name: 'Create an API token' });
    await form.getByLabel('Token name').fill('billing system import');
    await form.getByLabel('Expires after (days)').fill('30');
    await form.getByLabel('Your password').fill('not my password');
    await form.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('alert').first().waitFor();
    await form.getByLabel('Your password').fill(E2E_ADMIN.password);
    await form.getByRole('button', { name: 'Create token' }).click();
    const fresh = page.getByRole('status').filter({ hasText: 'New token' });
    await fresh.waitFor();
    assert.match((await fresh.locator('code').textContent()) ?? '', /\S{20,}/);
    const row = page.getByRole('row').filter({ hasText: 'billing system import' });
    await row.waitFor();
    // 30 days from today, in the page's local date format: at least the year is there.
    const expires = new Date(Date.now() + 30 * 86_400_000).getFullYear();
    assert.match((await row.textContent()) ?? '', new RegExp(String(expires)));
    await shot('30-admin-token');
  });

  void it('keeps PHI out of the server log of the whole run', () => {
    const log = server.logs.join('');
    assert.ok(server.logs.length > 20, 'the run was logged');
    // Member ids, names, birth dates and addresses from the sample 837 and the generated claims.
    for (const phi of [
      'MBRID12345',
      'Vaughn',
      'VAUGHN',
      'Steve',
      '19430501',
      '1943-05-01',
      'Diamond',
      '1EG4TE5MK',
      'TEST01',
      '1950-01-01',
      '19500101',
    ]) {
      assert.equal(log.includes(phi), false, `"${phi}" is in the server log`);
    }
    writeFileSync(join(out, 'server.log'), log);
  });
});

/** A port nobody listens on now (the OS picks it, then it is closed again). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const address = probe.address();
  await new Promise<void>((done) => probe.close(() => done()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

// The README's first command, as a newcomer (or a process manager) runs it. Here, after the browser tests built
// web/dist, so `npm start` does not build it a second time at the same moment.
void describe('npm start', () => {
  void it('loads the data into a new store, serves, and stops on SIGTERM sent to npm', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drugclaim-start-'));
    const port = await freePort();
    const npm = spawn('npm', ['start'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        PORT: String(port),
        DRUGCLAIM_DB: join(dir, 'store', 'drugclaim.db'),
        DRUGCLAIM_DATA_DIR: sharedDataDir(),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout.on('data', (b: Buffer) => (output += b.toString()));
    npm.stderr.on('data', (b: Buffer) => (output += b.toString()));
    const exited = new Promise<number | null>((done) => npm.on('exit', (code) => done(code)));
    try {
      const deadline = Date.now() + 60_000;
      while (!output.includes('drugclaim: listening on')) {
        assert.ok(Date.now() < deadline, `npm start did not listen within 60 s:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const lookup = await fetch(`http://127.0.0.1:${port}/api/codes/J9173?date=2026-02-01`);
      assert.equal(lookup.status, 200, output);
      const page = await fetch(`http://127.0.0.1:${port}/`);
      assert.match(await page.text(), /<div id="root">/);

      // npm's own process, not the server's: the signal must reach the server through npm's script shell.
      npm.kill('SIGTERM');
      const stopped = await Promise.race([
        exited,
        new Promise<'still running'>((r) => setTimeout(() => r('still running'), 15_000)),
      ]);
      assert.equal(stopped, 0, `npm start after SIGTERM: ${String(stopped)}\n${output}`);
      await assert.rejects(fetch(`http://127.0.0.1:${port}/`), 'the server stopped with npm');
    } finally {
      npm.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
