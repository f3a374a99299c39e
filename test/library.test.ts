/**
 * drugclaim as a library and as an installed package: `npm run build:lib` compiles src/ into a temporary dist/, a
 * package folder is staged as `npm pack` would ship it (package.json, bin/, dist/, rules/), and a program in another
 * folder imports 'drugclaim' through node_modules — so the exports map, the compiled modules, their run-time files
 * (the WebAssembly index) and the rules found from dist/ are all exercised as a consumer sees them, on the real CMS
 * files and samples. The installed bin runs the compiled CLI.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot, sharedDataDir, x12SamplesDir } from './support/shared.ts';

const work = mkdtempSync(join(tmpdir(), 'drugclaim-library-'));
const pkg = join(work, 'package');
const consumer = join(work, 'consumer');

function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1', ...env },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

void describe('drugclaim as an installed library', () => {
  before(() => {
    const build = run([join(repoRoot, 'scripts', 'build-lib.ts'), join(pkg, 'dist')], repoRoot);
    assert.equal(build.code, 0, build.stderr + build.stdout);
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { files: string[] };
    // What `npm pack` ships: the package.json "files" (web/dist and docs are not needed here).
    for (const entry of manifest.files.filter((f) => f === 'bin/' || f === 'rules/'))
      cpSync(join(repoRoot, entry), join(pkg, entry), { recursive: true });
    cpSync(join(repoRoot, 'package.json'), join(pkg, 'package.json'));
    // The package's own dependencies, as npm would install them beside it.
    symlinkSync(join(repoRoot, 'node_modules'), join(pkg, 'node_modules'), 'dir');
    mkdirSync(join(consumer, 'node_modules'), { recursive: true });
    symlinkSync(pkg, join(consumer, 'node_modules', 'drugclaim'), 'dir');
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('imports from "drugclaim": reference data, claims, edits, units, guides, fact check, denials', () => {
    const program = `
      import * as dc from 'drugclaim';
      const date = '2026-02-01';
      const reference = await dc.openReferenceData({ dbPath: process.argv[2], dataDir: process.argv[3], log: () => {} });
      const facts = dc.codeFacts(reference, 'J9173', date);
      const read = await dc.readClaimFile(process.argv[4]);
      const rules = dc.loadRuleBook();
      const checked = dc.runEdits(read.claims, { reference, rules: rules.book, dateOfRun: date });
      const units = dc.planUnits(reference, { code: 'J9173', dose: '750 mg', date });
      const guide = dc.buildGuide(reference, 'J9173', date, dc.loadGuideInputs().inputs);
      const truth = dc.factCheck(reference, 'J9312 is pemetrexed.', date);
      const mapping = dc.loadDenialMapping();
      const denial = mapping.ok ? dc.classifyAdjustment(mapping.value, 'CO', '16', ['M119']) : mapping;
      console.log(JSON.stringify({
        descriptor: facts?.hcpcs?.value.longDescription,
        claims: read.claims.length,
        codes: read.claims[0]?.lines.map((l) => l.procedure.code),
        edits: dc.EDITS.length,
        findings: checked.findings.map((f) => f.editId),
        lines: units.ok ? units.value.lines.map((l) => [l.code, l.modifiers, l.units]) : units.problems,
        guideCode: 'code' in guide ? guide.code : guide,
        verdict: truth.claims[0]?.verdict,
        rootCause: denial.cause,
      }));
    `;
    writeFileSync(join(consumer, 'use.mjs'), program);
    const sample = join(x12SamplesDir(), '837P_lfh_drug-example10-1_J1550-ndc.837');
    const r = run(['use.mjs', join(work, 'store.db'), sharedDataDir(), sample], consumer);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(out['descriptor'], 'Injection, durvalumab, 10 mg');
    assert.equal(out['claims'], 1);
    assert.ok((out['codes'] as string[]).includes('J1550'), String(out['codes']));
    assert.ok((out['edits'] as number) >= 47);
    assert.ok(Array.isArray(out['findings']));
    assert.deepEqual(out['lines'], [
      ['J9173', [], 75],
      ['J9173', ['JW'], 9],
    ]);
    assert.equal(out['guideCode'], 'J9173');
    assert.equal(out['verdict'], 'false');
    assert.equal(out['rootCause'], 'ndc');
  });

  it('the installed bin runs the compiled CLI', () => {
    const bin = join(consumer, 'node_modules', 'drugclaim', 'bin', 'drugclaim.js');
    const r = run([bin, 'code', 'J9173', '--date', '2026-02-01', '--json'], consumer, {
      DRUGCLAIM_DB: join(work, 'store.db'),
    });
    assert.equal(r.code, 0, r.stderr);
    const facts = JSON.parse(r.stdout) as { code: string; descriptor?: { long?: string } };
    assert.equal(facts.code, 'J9173');
  });
});
