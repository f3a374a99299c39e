/**
 * The web app in real headless Chromium against the real service: sign in, look up J9173 and its billing guide,
 * compute units, check the sample 837 and download the fixed file, work the worklist, open the dashboard.
 * Screenshots go to test-output/e2e/. Finally the server's log of the whole run is scanned for the fixtures' PHI.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { x12SamplesDir } from '../support/shared.ts';
import {
  E2E_USER,
  ensureWebBuilt,
  launchChromium,
  outputDir,
  startE2eServer,
  type Browser,
  type E2eServer,
} from './support.ts';

const SAMPLE = join(x12SamplesDir(), '837P_lfh_drug-example10-1_J1550-ndc.837');
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
    await shot('07-check-fixable');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Apply 1 fix and download/ }).click(),
    ]);
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
    await page.getByRole('button', { name: 'Preview the letter' }).click();
    await page.getByLabel('Letter preview').waitFor();
    assert.match(await page.getByLabel('Letter preview').innerText(), /J9299/);
    await shot('08-worklist-appeal');
  });

  void it('opens the dashboard with charts', async () => {
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('img', { name: /by root cause/ }).waitFor();
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
