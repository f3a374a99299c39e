/**
 * `drugclaim convert FILE --to x12|fhir|json|csv [--type 837P|837I] [--out FILE]`: reads claims in any supported
 * format and writes them in another (X12 837 with fresh envelopes and correct counts; FHIR R4 Bundle of Claims;
 * canonical JSON; CSV one row per line). Remittances (835, EOB) convert to JSON only.
 * Problems (reading and writing) go to stderr, and so does a list of the X12 segments the claim model does not carry
 * (they are not in the output).
 *
 * Exit codes: 0 converted without errors; 1 converted, but reading found errors; 2 nothing readable, the output
 * cannot carry the input (e.g. an 835 to X12), or the output file cannot be written.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Option, type Command } from 'commander';
import { formatPosition } from '../../../core/problem.ts';
import type { Problem } from '../../../core/problem.ts';
import {
  claimFileChunks,
  claimJsonChunks,
  describePassedOver,
  readClaimFile,
} from '../../claim-files/index.ts';
import type { ClaimOutputFormat } from '../../claim-files/index.ts';
import { EXIT_ERROR, EXIT_NO, EXIT_OK, eprintln, writeChunks } from '../output.ts';

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
    .argument('<file>', 'claim file (837P/837I, FHIR R4 Claim JSON, claim JSON or CSV; 835/EOB to JSON only)')
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

async function runConvert(file: string, options: ConvertOptions): Promise<number> {
  const read = await readClaimFile(file);
  report(read.problems, options.quiet);
  if (read.claims.length === 0 && read.remittances.length === 0) {
    eprintln(`drugclaim: nothing could be read from ${file}`);
    return EXIT_ERROR;
  }
  let chunks: Iterable<string>;
  if (read.claims.length === 0) {
    if (options.to !== 'json') {
      const problem: Problem = {
        code: 'claim-file.unsupported-output',
        severity: 'error',
        message: `${file} holds remittances (${read.format}); they convert to --to json only.`,
        at: { file },
      };
      report([problem], false);
      return EXIT_ERROR;
    }
    chunks = claimJsonChunks([], read.remittances);
  } else if (options.to === 'json') {
    chunks = claimJsonChunks(read.claims, read.remittances);
  } else {
    const format: ClaimOutputFormat = options.to === 'x12' ? (options.type ?? 'x12') : options.to;
    const written = claimFileChunks(read.claims, format);
    report(written.problems, options.quiet);
    chunks = written.chunks;
  }
  // Writing from the claim model leaves out what it does not carry: say what, rather than drop it silently.
  const left = describePassedOver(read.passedOver);
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
  // The output goes out in pieces (a big batch's FHIR or JSON is longer than a string can be); a file is written
  // beside OUT and renamed over it when complete, so a failed write leaves no half file.
  if (options.out !== undefined) {
    const part = `${options.out}.part`;
    try {
      await pipeline(Readable.from(chunks), createWriteStream(part));
      await rename(part, options.out);
    } catch (err) {
      await rm(part, { force: true });
      eprintln(
        `drugclaim: cannot write ${options.out}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      );
      return EXIT_ERROR;
    }
  } else await writeChunks(chunks);
  return read.problemTotals.error > 0 ? EXIT_NO : EXIT_OK;
}
