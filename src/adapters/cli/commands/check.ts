/**
 * `drugclaim check FILE... [--rules FILE] [--date-of-run YYYY-MM-DD] [--format text|json|html|sarif] [--fix OUT]`:
 * runs every claim edit (src/core/edits) over the claims in the files (837P, 837I, FHIR, claim JSON or CSV) and
 * prints the findings; with --fix, writes the claims with every mechanical fix applied, in the input's format (and
 * nothing when no fix applies and no diagnosis is rewritten: the report says "no fixes applied; OUT not written").
 *
 * Payer rules: the files in rules/payers, plus each --rules file or folder (a file whose `id` matches a default
 * file replaces all versions of it). A rules file that fails validation stops the run (exit 2).
 *
 * Exit codes: 0 no error findings; 1 error findings (or read errors) found; 2 an input could not be read at all,
 * a rules file is invalid, no reference data, or a usage error.
 */
import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { getHeapStatistics } from 'node:v8';
import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import type { Claim } from '../../../core/claim/model.ts';
import { applyFixes } from '../../../core/edits/apply-fixes.ts';
import { runEdits } from '../../../core/edits/engine.ts';
import type { Problem } from '../../../core/problem.ts';
import {
  addPassedOver,
  claimsWithReadErrors,
  describePassedOver,
  outputFormatFor,
  streamClaims,
  writeFixedClaimFile,
  type ClaimFileFormat,
  type ClaimStreamSummary,
} from '../../claim-files/index.ts';
import {
  checkReport,
  REPORT_FORMATS,
  renderReportChunks,
  type CheckedFile,
  type ReportFormat,
} from '../../report/findings.ts';
import { loadRuleBook } from '../../rules/index.ts';
import { whyNoMatch } from '../../../core/rules/evaluate.ts';
import type { PayerRules } from '../../../core/rules/model.ts';
import {
  EXIT_ERROR,
  EXIT_NO,
  EXIT_OK,
  eprintln,
  loadReferenceForCli,
  parseDateOption,
  today,
  writeChunks,
  writeFileWhole,
} from '../output.ts';

interface CheckOptions {
  rules: string[];
  dateOfRun?: string;
  format: ReportFormat;
  fix?: string;
  progress?: boolean;
}

/** Files above this size get a progress bar on a terminal. */
const PROGRESS_MIN_BYTES = 4 * 1024 * 1024;

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function register(program: Command): void {
  program
    .command('check')
    .description(
      'Check claims before submission: every drug line that would be denied, why, the likely CARC/RARC and the fix',
    )
    .argument('<files...>', 'claim files: X12 837P/837I, FHIR R4 Claim JSON, claim JSON or CSV')
    .option(
      '--rules <file>',
      'payer rules file or folder (YAML/JSON), added to rules/payers; repeatable',
      collect,
      [],
    )
    .option(
      '--date-of-run <date>',
      'the day the claims go out, YYYY-MM-DD (timely filing is counted to it); default today',
      parseDateOption,
    )
    .addOption(new Option('--format <format>', 'output format').choices([...REPORT_FORMATS]).default('text'))
    .option('--fix <out>', 'write the claims with every mechanical fix applied to OUT, in the input format')
    .option('--no-progress', 'no progress bar, even on a terminal')
    .action(async (files: string[], options: CheckOptions) => {
      process.exitCode = await runCheck(files, options);
    });
}

/**
 * A batch is checked whole (batch edits compare claims with each other), so its claims are all in memory, and
 * checking them takes more again: measured on 283,000 claims (1.05 GB of claims), the heap peaked at 2.2 times the
 * claims' size above what was in use before (3.0 times with --fix, which copies the claims). Reading stops, with a
 * message, once the claims read would need more than this share of the heap: an out-of-memory crash at the end of a
 * long run is the alternative.
 */
const HEAP_SHARE = 0.92;
const PEAK_PER_CLAIMS = { check: 2.2, fix: 3.0 };
/** V8's heap_size_limit also counts the young generation's reserve (210–280 MB measured here), which claims cannot use. */
const YOUNG_GENERATION_RESERVE = 300e6;

class BatchTooBig extends Error {}

async function runCheck(paths: string[], options: CheckOptions): Promise<number> {
  const dateOfRun = options.dateOfRun ?? today();
  const rules = loadRuleBook(options.rules);
  const ruleErrors = rules.problems.filter((p) => p.severity === 'error');
  if (ruleErrors.length > 0) {
    for (const p of ruleErrors) eprintln(`drugclaim: ${p.message}`);
    return EXIT_ERROR;
  }
  const reference = await loadReferenceForCli();
  if (!reference) return EXIT_ERROR;
  // Warnings about the rules themselves go in the report, beside the findings they change.
  const ruleWarnings: Problem[] = [
    ...(rules.warnings ?? []),
    ...unknownPolicyCodes(rules.user ?? [], reference, dateOfRun),
  ];

  const showProgress = options.progress !== false && process.stderr.isTTY === true;
  const claims: Claim[] = [];
  const files: CheckedFile[] = [];
  const readProblems: Problem[] = [];
  let unreadable = false;
  /** Segments of the input the claim model does not carry, for the note when --fix writes from the claims. */
  const passedOver: Record<string, number> = {};
  const heapBefore = getHeapStatistics().used_heap_size;
  const claimsBudget =
    ((getHeapStatistics().heap_size_limit - YOUNG_GENERATION_RESERVE) * HEAP_SHARE - heapBefore) /
    (options.fix === undefined ? PEAK_PER_CLAIMS.check : PEAK_PER_CLAIMS.fix);
  const keep = (c: Claim): void => {
    claims.push(c);
    if ((claims.length & 4095) === 0 && getHeapStatistics().used_heap_size - heapBefore > claimsBudget)
      throw new BatchTooBig();
  };
  for (const path of paths) {
    const size = await stat(path).then(
      (s) => s.size,
      () => 0,
    );
    const bar =
      showProgress && size >= PROGRESS_MIN_BYTES
        ? new cliProgress.SingleBar(
            {
              format: `reading ${path} [{bar}] {percentage}% | {claims} claims`,
              hideCursor: true,
              clearOnComplete: true,
            },
            cliProgress.Presets.shades_classic,
          )
        : null;
    bar?.start(size, 0, { claims: 0 });
    const firstClaim = claims.length;
    let summary: ClaimStreamSummary;
    try {
      summary = await streamClaims(
        path,
        keep,
        bar ? (p) => bar.update(p.bytesRead, { claims: p.claims }) : undefined,
        { keepRemittances: false },
      );
    } catch (err) {
      bar?.stop();
      if (!(err instanceof BatchTooBig)) throw err;
      const limit = getHeapStatistics().heap_size_limit;
      eprintln(
        `drugclaim: the batch is too big to check in one run here: ${claims.length.toLocaleString('en-US')} claims read (up to ${path}, ${(size / 1e6).toFixed(0)} MB) already take ${((getHeapStatistics().used_heap_size - heapBefore) / 1e9).toFixed(1)} GB, and checking${options.fix === undefined ? '' : ' and fixing'} them would need more than the ${(limit / 1e9).toFixed(1)} GB this process may use. Split the files into smaller batches, or raise the limit (NODE_OPTIONS=--max-old-space-size=<MB>).`,
      );
      return EXIT_ERROR;
    }
    bar?.stop();
    const count = claims.length - firstClaim;
    files.push({ path, format: summary.format, claims: count, firstClaim });
    // An 835 is skipped whole: its read errors are not the claims' (`remit import` reports them), and would fail a
    // clean batch checked beside it.
    const remittance = count === 0 && summary.format === '835';
    if (!remittance) {
      readProblems.push(...summary.problems);
      addPassedOver(passedOver, summary.passedOver);
    }
    if (count === 0) {
      if (remittance)
        readProblems.push({
          code: 'check.no-claims',
          severity: 'info',
          message: `${path} is a remittance (835), not claims: nothing to check.`,
          at: { file: path },
        });
      else if (summary.problemTotals.error > 0) unreadable = true;
      else
        readProblems.push({
          code: 'check.no-claims',
          severity: 'warning',
          message: `${path} holds no claims.`,
          at: { file: path },
        });
    }
  }

  const bar =
    showProgress && claims.length >= 20_000
      ? new cliProgress.SingleBar(
          {
            format: 'checking [{bar}] {percentage}% | {value}/{total} claims',
            hideCursor: true,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        )
      : null;
  bar?.start(claims.length, 0);
  const result = runEdits(claims, {
    reference,
    rules: rules.book,
    dateOfRun,
    ...(bar ? { onProgress: (done: number) => bar.update(done) } : {}),
  });
  bar?.stop();

  ruleWarnings.push(...unmatchedRulesFiles(rules.user ?? [], result.rulesApplied, claims, dateOfRun));
  readProblems.push(...ruleWarnings);
  // Claims read with errors count as claims with errors, and are never rewritten from the model by --fix.
  const claimReadErrors = claimsWithReadErrors(claims, readProblems);
  const report = checkReport(result, {
    version: '0.1.0',
    dateOfRun,
    files,
    readProblems,
    claimsWithReadErrors: new Set(claimReadErrors.keys()),
  });
  /** With --fix and no fix to apply: what to say instead of the report's "Fixed claims written to …". */
  let notWritten: string[] | undefined;

  if (options.fix !== undefined) {
    const formats = [
      ...new Set(files.filter((f) => f.claims > 0).map((f) => outputFormatFor(f.format as ClaimFileFormat))),
    ];
    const format = formats[0] ?? null;
    if (format === null || formats.length > 1) {
      eprintln(
        `drugclaim: --fix needs input files of one claim format (got ${files.map((f) => f.format).join(', ')})`,
      );
      return EXIT_ERROR;
    }
    const fixed = applyFixes(claims, result.findings);
    // One 837 in: patched in place, so what the claim model does not carry stays in the fixed file.
    const only = files.filter((f) => f.claims > 0);
    const source = only.length === 1 && only[0] ? readFileSync(only[0].path) : undefined;
    // With no fix, a patched 837 still differs when it sent diagnoses with a dot (which it then sends without).
    const written =
      fixed.applied.length > 0 || readProblems.some((p) => p.code === 'x12.element.diagnosis-format')
        ? writeFixedClaimFile(claims, fixed.claims, format, source, { readErrors: claimReadErrors })
        : undefined;
    const rewritten = written?.problems.some((p) => p.code === 'x12.write.diagnosis-rewritten') === true;
    if (written === undefined || (fixed.applied.length === 0 && !rewritten)) {
      // OUT would be the input again (or the input rewritten from the claims): it is not written, and no file of an
      // earlier run there is replaced. The fixes that could not apply are still listed.
      notWritten = [
        `no fixes applied; ${options.fix} not written${fixed.skipped.length > 0 ? ` (${fixed.skipped.length} skipped)` : ''}.`,
        ...fixed.skipped.map((s) => `  skipped: claim ${s.claimId}: ${s.description} (${s.reason})`),
      ];
    } else {
      writeFileWhole(options.fix, written.bytes ?? written.text);
      const notes = written.problems.map((p) => p.message);
      if (!written.patched && format !== 'fhir' && format !== 'json' && format !== 'csv') {
        const left = describePassedOver(passedOver);
        notes.unshift(
          `${options.fix} was written from the claims, not patched into the input (${only.length === 1 ? 'it could not be tied to the text exactly' : 'several input files'}): ${left === undefined ? 'the input had no segment the claim model does not carry' : `segments the claim model does not carry are not in it (${left})`}.`,
        );
      }
      report.fixes = {
        output: options.fix,
        applied: fixed.applied,
        skipped: fixed.skipped,
        ...(notes.length > 0 ? { notes } : {}),
      };
    }
  }

  // Nothing checked (an 835, an empty export) is not a pass: a pipeline must not send on an empty batch as clean.
  const exit =
    unreadable || claims.length === 0
      ? EXIT_ERROR
      : result.summary.errors > 0 || readProblems.some((p) => p.severity === 'error')
        ? EXIT_NO
        : EXIT_OK;
  // Known before the report is written: a reader that stops early (`check … | head`) ends the run at the broken
  // pipe (main.ts), which exits with this code rather than 0.
  process.exitCode = exit;
  await writeChunks(renderReportChunks(report, options.format));
  if (notWritten !== undefined) {
    // In a text report, after it; beside a JSON, HTML or SARIF document, on stderr (the document stays whole).
    if (options.format === 'text') await writeChunks([`\n${notWritten.join('\n')}\n`]);
    else for (const l of notWritten) eprintln(`drugclaim: ${l.trim()}`);
  }
  return exit;
}

/**
 * Each --rules file none of whose versions applied to any claim of the run, with why (its payers against the
 * claims' payers, or its dates against the dates of service): a typo in a payer id otherwise switches every policy
 * of the file off in silence.
 */
function unmatchedRulesFiles(
  user: readonly PayerRules[],
  applied: readonly { file: string }[],
  claims: readonly Claim[],
  dateOfRun: string,
): Problem[] {
  if (user.length === 0 || claims.length === 0) return [];
  const used = new Set(applied.map((a) => a.file));
  const byFile = new Map<string, PayerRules[]>();
  for (const f of user) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const out: Problem[] = [];
  for (const [file, versions] of byFile) {
    if (used.has(file)) continue;
    const seen = claims.map((c) => ({ payer: c.payer, date: firstDateOfService(c) ?? dateOfRun }));
    out.push({
      code: 'rules-unmatched',
      severity: 'warning',
      message: `${file} (--rules) applied to none of the ${claims.length} claims: ${whyNoMatch(versions, seen)}.`,
      at: { file },
    });
  }
  return out;
}

function firstDateOfService(c: Claim): string | null {
  let first: string | null = c.statementFrom ?? null;
  for (const l of c.lines)
    if (l.serviceDate !== undefined && (first === null || l.serviceDate < first)) first = l.serviceDate;
  return first;
}

/**
 * HCPCS Level II codes (a letter and 4 digits) a --rules policy names that the reference data does not know on
 * any of the policy's dates (its start, its end or the date of run): a typo (J2505 for J2506) or a made-up code
 * would make the rule check nothing. CPT codes are not in the HCPCS file and are not checked.
 */
function unknownPolicyCodes(
  user: readonly PayerRules[],
  reference: { hcpcs(code: string, date: string): unknown },
  dateOfRun: string,
): Problem[] {
  const out: Problem[] = [];
  for (const f of user) {
    for (const p of f.policies) {
      const dates = [p.effectiveFrom, p.effectiveTo ?? dateOfRun, dateOfRun].filter(
        (d) => d >= p.effectiveFrom && (p.effectiveTo === null || d <= p.effectiveTo),
      );
      const unknown = new Set<string>();
      for (const r of p.drugs)
        for (const code of r.codes)
          if (/^[A-Z]\d{4}$/.test(code) && !dates.some((d) => reference.hcpcs(code, d) !== undefined))
            unknown.add(code);
      if (unknown.size > 0)
        out.push({
          code: 'rules-unknown-code',
          severity: 'warning',
          message: `${f.file}: policy ${p.id} v${p.version} names ${[...unknown].join(', ')}, not in the HCPCS reference data on the policy's dates (${p.effectiveFrom}${p.effectiveTo === null ? ' onward' : ` to ${p.effectiveTo}`}); a rule for a code no claim can carry checks nothing — check the code`,
          at: { file: f.file },
        });
    }
  }
  return out;
}
