/**
 * drugclaim as a library and as an installed package: `npm run build:lib` compiles src/ into a temporary dist/, a
 * package folder is staged as `npm pack` would ship it (package.json, bin/, dist/, rules/) with only its production
 * dependencies beside it (package-lock.json's non-dev packages, as `npm install` of the tarball gives), and a program
 * in another folder imports 'drugclaim' through node_modules — so the exports map, the compiled modules, their
 * run-time files (the WebAssembly index) and the rules found from dist/ are all exercised as a consumer sees them, on
 * the real CMS files and samples. A strict TypeScript program (docs/library.md's among them) is compiled against the
 * installed type declarations, without skipLibCheck: a type they name from a devDependency fails it. The installed
 * bin runs the compiled CLI.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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
    // The package's production dependencies, as npm installs them beside it: no devDependency is visible.
    const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean; optional?: boolean }>;
    };
    for (const [path, entry] of Object.entries(lock.packages)) {
      const name = path.slice('node_modules/'.length);
      if (!path.startsWith('node_modules/') || name.includes('/node_modules/') || entry.dev === true)
        continue;
      const from = join(repoRoot, path);
      if (!existsSync(from) && entry.optional === true) continue; // an optional package for another platform
      mkdirSync(dirname(join(pkg, 'node_modules', name)), { recursive: true });
      symlinkSync(from, join(pkg, 'node_modules', name), 'dir');
    }
    mkdirSync(join(consumer, 'node_modules', '@types'), { recursive: true });
    symlinkSync(pkg, join(consumer, 'node_modules', 'drugclaim'), 'dir');
    // What the consumer installs itself (docs/library.md): the Node types.
    symlinkSync(
      join(repoRoot, 'node_modules', '@types', 'node'),
      join(consumer, 'node_modules', '@types', 'node'),
      'dir',
    );
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('imports from "drugclaim": reference data, claims, edits, units, guides, fact check, denials', () => {
    const program = `
      import { readFileSync } from 'node:fs';
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
      // Fixes written back by patching the file's bytes, as check --fix does.
      const bytes = readFileSync(process.argv[4]);
      const fixed = dc.applyFixes(read.claims, checked.findings);
      const back = dc.writeFixesBack(read.claims, fixed.claims, dc.outputFormatFor(read.format), bytes, {
        readErrors: dc.claimsWithReadErrors(read.claims, read.problems),
      });
      const noRules = dc.runEdits(read.claims, { reference, dateOfRun: date });
      const badDate = dc.planUnits(reference, { code: 'J9173', dose: '750 mg', date: '02/01/2026' });
      let thrown;
      try { dc.runEdits(read.claims, { reference, rules: rules.book, dateOfRun: 'yesterday' }); } catch (e) { thrown = [e.name, e.code]; }
      let noData;
      try { await dc.openReferenceData({ dbPath: process.argv[2] + '.empty', dataDir: process.argv[2] + '.no-such-dir', log: () => {} }); }
      catch (e) { noData = [e.code, e.reason]; }
      console.log(JSON.stringify({
        descriptor: facts?.hcpcs?.value.longDescription,
        claims: read.claims.length,
        codes: read.claims[0]?.lines.map((l) => l.procedure.code),
        edits: dc.EDITS.length,
        findings: checked.findings.map((f) => f.editId),
        lines: units.ok ? units.value.lines.map((l) => [l.code, l.modifiers, l.units]) : units.problems,
        guideCode: dc.isProblem(guide) ? guide : guide.code,
        patched: back.patched,
        unchanged: back.text === bytes.toString('latin1'),
        fixes: fixed.applied.length,
        skippedWithoutRules: noRules.skipped.map((s) => s.editId),
        badDate: badDate.ok ? 'ok' : badDate.problems.map((p) => p.code),
        thrown,
        noData,
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
    assert.equal(out['patched'], true);
    // Patched, not regenerated: with no fix applied the file comes back byte for byte (XV payer, AMT*T, envelope).
    assert.equal(out['fixes'], 0);
    assert.equal(out['unchanged'], true);
    assert.ok((out['skippedWithoutRules'] as string[]).includes('jw-jz-missing'));
    assert.deepEqual(out['badDate'], ['date.invalid']);
    assert.deepEqual(out['thrown'], ['TypeError', 'date.invalid']);
    assert.deepEqual(out['noData'], ['no-reference-data', 'data-dir-missing']);
    assert.equal(out['verdict'], 'false');
    assert.equal(out['rootCause'], 'ndc');
  });

  it("a strict TypeScript program compiles against the installed declarations (docs/library.md's program too)", () => {
    const doc = readFileSync(join(repoRoot, 'docs', 'library.md'), 'utf8');
    const example = /## A whole program[\s\S]*?```js\n([\s\S]*?)```/.exec(doc)?.[1];
    assert.ok(example, 'docs/library.md has its program');
    writeFileSync(join(consumer, 'docs-example.ts'), example);
    // The types a program needs: implementing the ReferenceData port, the dosing engine alone, options and results.
    writeFileSync(
      join(consumer, 'types.ts'),
      `
      import * as dc from 'drugclaim';
      import type {
        AspLimit, CheckResult, Claim, Classification, DenialMapping, DescriptorParse, DoseSpec, FixedClaimFileResult,
        HcpcsRecord, Icd10Code, Mue, NdcPackage, NoReferenceDataReason, Problem, ReadClaimOptions, ReferenceData,
        RuleBook, SkippedEdit, Sourced, StreamClaimOptions, UnitsInput, UnitsResult, WriteClaimOptions,
      } from 'drugclaim';
      export type Records = [AspLimit, DescriptorParse, HcpcsRecord, Icd10Code, Mue, NdcPackage, Sourced<Mue>];
      export type Port = ReferenceData['hcpcs'];
      export type Options = [ReadClaimOptions, StreamClaimOptions, WriteClaimOptions];
      export type Results = [CheckResult, SkippedEdit, FixedClaimFileResult, Classification, DenialMapping];
      export function units(input: UnitsInput): UnitsResult | Problem[] {
        const r = dc.computeUnits(input);
        return r.ok ? r.value : r.problems;
      }
      export function spec(text: string): DoseSpec | Problem {
        const d = dc.parseDose(text);
        return d.ok ? d.value : d.problem;
      }
      export const noRules: RuleBook = dc.RuleBook.empty();
      export function why(err: unknown): NoReferenceDataReason | undefined {
        return err instanceof dc.NoReferenceDataError ? err.reason : undefined;
      }
      export type Patient = Claim['patient'];
      `,
    );
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          skipLibCheck: false,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2023',
          types: ['node'],
          noEmit: true,
        },
        files: ['docs-example.ts', 'types.ts'],
      }),
    );
    const tsc = run([join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], consumer);
    assert.equal(tsc.code, 0, tsc.stdout + tsc.stderr);
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
