/**
 * `drugclaim convert FILE --to x12|fhir|json|csv [--type 837P|837I] [--out FILE]`: reads claims in any supported
 * format and writes them in another (X12 837 with fresh envelopes and correct counts; FHIR R4 Bundle of Claims;
 * canonical JSON; CSV one row per line). Remittances (835, EOB) convert to FHIR (a Bundle of ExplanationOfBenefit,
 * one per remittance claim) or JSON; X12 837 and CSV cannot carry them.
 * Problems (reading and writing) go to stderr, and so does what the output leaves out: data the output format has no
 * place for (a FHIR Claim's subscriber details, an 835's provider-level adjustments…) and the X12 segments the claim
 * model does not carry.
 *
 * Exit codes: 0 converted without errors; 1 converted, but reading found errors or writing did (an 837 lacks data it
 * requires, or holds a value it cannot carry); 2 nothing readable, the output cannot carry the input (e.g. an 835 to
 * X12), or the output file cannot be written.
 */
import type { Writable } from 'node:stream';
import { Option, type Command } from 'commander';
import { formatPosition } from '../../../core/problem.ts';
import type { Problem } from '../../../core/problem.ts';
import {
  carriesRemittances,
  claimWriter,
  describePassedOver,
  streamClaims,
} from '../../claim-files/index.ts';
import type { ClaimOutputFormat, ClaimStreamSummary } from '../../claim-files/index.ts';
import { EXIT_ERROR, EXIT_NO, EXIT_OK, OutputWriter, eprintln } from '../output.ts';
import { fsErrorText } from '../../fs-error.ts';
import { openFileWhole, type WholeFileStream } from '../../whole-file.ts';
import {
  NotCarriedTally,
  notCarriedWarning,
  RemittanceNotCarriedTally,
} from '../../claim-files/not-carried.ts';

interface ConvertOptions {
  to: 'x12' | 'fhir' | 'json' | 'csv';
  type?: '837P' | '837I';
  out?: string;
  quiet?: boolean;
}

function report(problems: readonly Problem[], quiet: boolean | undefined): void {
  if (quiet) return;
  for (const p of problems.slice(0, 50)) {
    const { file: _file, ...where } = p.at ?? {};
    const position = formatPosition(where);
    eprintln(`${p.severity} ${p.code}${position === '' ? '' : ` ${position}`}: ${p.message}`);
  }
  if (problems.length > 50) eprintln(`… ${problems.length - 50} more problems`);
}

export function register(program: Command): void {
  program
    .command('convert')
    .description('Convert claims between X12 837P/837I, FHIR R4, canonical JSON and CSV')
    .argument(
      '<file>',
      'claim file (837P/837I, FHIR R4 Claim JSON, claim JSON or CSV); 835/EOB remittances to FHIR or JSON',
    )
    .addOption(
      new Option('--to <format>', 'output format')
        .choices(['x12', 'fhir', 'json', 'csv'])
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--type <type>', 'with --to x12: write every claim as this 837 type').choices([
        '837P',
        '837I',
      ]),
    )
    .option('--out <file>', 'write to FILE instead of stdout')
    .option('--quiet', 'do not print problems on stderr')
    .action(async (file: string, options: ConvertOptions) => {
      process.exitCode = await runConvert(file, options);
    });
}

/** Keeps the first `limit` problems and counts the rest (a big batch can have a warning per claim). */
class FirstProblems {
  readonly kept: Problem[] = [];
  more = 0;
  errors = 0;
  private readonly limit: number;

  constructor(limit = 50) {
    this.limit = limit;
  }

  add(problems: readonly Problem[]): void {
    for (const p of problems) {
      if (p.severity === 'error') this.errors++;
      if (this.kept.length < this.limit) this.kept.push(p);
      else this.more++;
    }
  }
}

/**
 * Reads and writes claim by claim: an X12 file of any size converts in flat memory (JSON, FHIR and CSV inputs are
 * read whole first). Output to a file goes to a temporary file beside OUT (../../whole-file.ts: random name, never
 * through a symlink, 0600 since it holds claims), renamed over OUT when complete, so a failure leaves no half file; on
 * stdout, nothing is written until the first claims are converted.
 */
async function runConvert(file: string, options: ConvertOptions): Promise<number> {
  const format: ClaimOutputFormat = options.to === 'x12' ? (options.type ?? 'x12') : options.to;
  const writer = claimWriter(format);
  const writeProblems = new FirstProblems();
  const notCarried = format === 'fhir' || format === 'csv' ? new NotCarriedTally(format) : undefined;
  let target: WholeFileStream | undefined;
  if (options.out !== undefined) {
    try {
      target = await openFileWhole(options.out);
    } catch (err) {
      return cannotWrite(options.out, err);
    }
  }
  const stream: Writable = target?.stream ?? process.stdout;
  const out = new OutputWriter(stream);
  let claims = 0;
  let summary: ClaimStreamSummary;
  try {
    summary = await streamClaims(
      file,
      (claim) => {
        claims++;
        notCarried?.add(claim);
        out.write(writer.add(claim));
        writeProblems.add(writer.takeProblems());
      },
      undefined,
      { pace: () => out.flush() },
    );
  } catch (err) {
    // Only the output can fail here (reading reports its problems as values).
    if (target === undefined) throw err;
    await target.discard();
    return cannotWrite(options.out as string, err);
  }
  report(summary.problems, options.quiet);
  const remittances = summary.remittances;
  const unsupported = claims === 0 && remittances.length > 0 && !carriesRemittances(format);
  if ((claims === 0 && remittances.length === 0) || unsupported) {
    await target?.discard();
    if (unsupported) {
      const problem: Problem = {
        code: 'claim-file.unsupported-output',
        severity: 'error',
        message: `${file} holds remittances (${summary.format}); they convert to --to fhir or --to json only.`,
        at: { file },
      };
      report([problem], false);
    } else eprintln(`drugclaim: nothing could be read from ${file}`);
    return EXIT_ERROR;
  }
  try {
    // A piece at a time: the EOBs of a big 835 are longer than one string can be.
    for (const piece of writer.endChunks(remittances)) {
      out.write(piece);
      await out.flush();
    }
  } catch (err) {
    if (target === undefined) throw err;
    await target.discard();
    return cannotWrite(options.out as string, err);
  }
  writeProblems.add(writer.takeProblems());
  report(writeProblems.kept, options.quiet);
  if (writeProblems.more > 0 && !options.quiet) eprintln(`… ${writeProblems.more} more problems`);
  // Writing from the claim model leaves out what it does not carry: say what, rather than drop it silently.
  const lost = notCarried?.describe();
  if (lost !== undefined)
    report(
      [notCarriedWarning(`The ${format === 'fhir' ? 'FHIR Claim' : 'CSV'} output`, file, lost)],
      options.quiet,
    );
  // Remittances: what an EOB has no place for (PLB), or, beside claims in X12 or CSV, the remittances themselves.
  const remittanceTally = new RemittanceNotCarriedTally(
    format === 'fhir' || format === 'csv' ? format : 'x12',
  );
  if (format !== 'json') for (const r of remittances) remittanceTally.add(r);
  const lostRemittances = remittanceTally.describe();
  if (lostRemittances !== undefined)
    report(
      [
        notCarriedWarning(
          format === 'fhir'
            ? 'The FHIR ExplanationOfBenefit output'
            : `The ${format === 'csv' ? 'CSV' : 'X12 837'} output`,
          file,
          lostRemittances,
        ),
      ],
      options.quiet,
    );
  const left = describePassedOver(summary.passedOver);
  if (left !== undefined)
    report(
      [
        {
          code: 'claim-file.not-carried',
          severity: 'warning',
          message: `${file} has segments the claim model does not carry; they are not in the output (${left}).`,
          at: { file },
        },
      ],
      options.quiet,
    );
  try {
    await out.flush(true);
    await target?.commit();
  } catch (err) {
    if (target === undefined) throw err;
    await target.discard();
    return cannotWrite(options.out as string, err);
  }
  return summary.problemTotals.error > 0 || writeProblems.errors > 0 ? EXIT_NO : EXIT_OK;
}

function cannotWrite(out: string, err: unknown): number {
  eprintln(`drugclaim: cannot write ${out}: ${fsErrorText(err)}`);
  return EXIT_ERROR;
}
