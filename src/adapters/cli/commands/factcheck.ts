/**
 * `drugclaim factcheck FILE|- [--date YYYY-MM-DD] [--json]`: finds the statements in a text (article, policy,
 * note) that tie a HCPCS code to a drug, a billing unit or a modifier meaning, and checks each against the
 * reference data on the date (see docs/guides.md for the shapes recognised).
 *
 * Exit codes: 0 no false or outdated statement found; 1 at least one statement is false or outdated (true as
 * written, but about a code or modifier not valid on the date); 2 unreadable input or no reference data.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  decodeTextInput,
  factCheck,
  type CheckedClaim,
  type UncheckedSentence,
} from '../../../core/factcheck/index.ts';
import { uncoveredDatasets } from '../../../core/reference/as-of.ts';
import { fsErrorText } from '../../fs-error.ts';
import {
  EXIT_ERROR,
  EXIT_NO,
  eprintln,
  loadReferenceForCli,
  parseDateOption,
  printJson,
  println,
  today,
} from '../output.ts';

async function readInput(file: string): Promise<Uint8Array> {
  if (file !== '-') return readFileSync(file);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const MARK: Readonly<Record<CheckedClaim['verdict'], string>> = {
  true: 'TRUE   ',
  false: 'FALSE  ',
  unknown: 'UNKNOWN',
  outdated: 'OUTDATED',
};

export function register(program: Command): void {
  program
    .command('factcheck')
    .description(
      'Check what a text says about HCPCS codes (drug, billing unit, modifier meaning) against the data',
    )
    .argument('<file>', 'text file to check, or - for standard input')
    .option('--date <YYYY-MM-DD>', 'date the statements are checked on (default: today)', parseDateOption)
    .option(
      '--json',
      'print JSON: { date, claims: [{ text, code, claimed, verdict, actual, suggestion, … }], summary }',
    )
    .action(async (file: string, opts: { date?: string; json?: boolean }) => {
      let bytes: Uint8Array;
      try {
        bytes = await readInput(file);
      } catch (err) {
        eprintln(`drugclaim: cannot read ${file}: ${fsErrorText(err)}`);
        process.exitCode = EXIT_ERROR;
        return;
      }
      // UTF-16 is decoded; a binary file (archive, database, random bytes) is refused, not checked as noise.
      const decoded = decodeTextInput(bytes);
      if (!decoded.ok) {
        for (const p of decoded.problems) eprintln(`drugclaim: cannot read ${file}: ${p.message}`);
        process.exitCode = EXIT_ERROR;
        return;
      }
      const text = decoded.value.text;
      const ref = await loadReferenceForCli();
      if (!ref) return;
      const date = opts.date ?? today();
      const result = factCheck(ref, text, date);
      // Verdicts on a date the HCPCS releases do not cover come from the nearest one: say so, once.
      const hcpcs = uncoveredDatasets(ref.releases(), date).find((u) => u.dataset === 'hcpcs');
      if (hcpcs)
        eprintln(
          `drugclaim: warning: no HCPCS release in the store covers ${date}; the verdicts are read from the nearest one (${hcpcs.nearest.label}).`,
        );
      if (opts.json) printJson(result);
      else {
        // Verdicts and the sentences left unchecked, in text order (a sentence's verdicts before its note).
        const blocks: { at: number; lines: string[] }[] = [
          ...result.claims.map((c) => ({
            at: c.start,
            lines: [
              `${MARK[c.verdict]}  line ${c.line}  ${c.code}  ${describeClaim(c)}`,
              `         ${c.actual}`,
              ...(c.suggestion ? [`         → ${c.suggestion}`] : []),
            ],
          })),
          ...result.notChecked.map((u) => ({
            at: u.end,
            lines: [`NOT CHECKED  line ${u.line}  ${describeUnchecked(u)}`, `         "${u.text}"`],
          })),
        ].sort((a, b) => a.at - b.at);
        for (const b of blocks) for (const line of b.lines) println(line);
        const s = result.summary;
        println(
          `${s.claims} statement${s.claims === 1 ? '' : 's'} checked on ${result.date}: ${s.true} true, ${s.false} false, ${s.outdated} outdated, ${s.unknown} unknown; ${s.notChecked} sentence${s.notChecked === 1 ? '' : 's'} with codes or modifiers not checked.`,
        );
      }
      // An outdated statement misleads a reader billing on the date as much as a false one.
      if (result.summary.false > 0 || result.summary.outdated > 0) process.exitCode = EXIT_NO;
    });
}

function describeUnchecked(u: UncheckedSentence): string {
  const parts: string[] = [];
  if (u.codes.length > 0) {
    const why = [
      ...(u.pairingUncertain ? ['which name goes with which code is not certain'] : []),
      // "Rituximab is billed with J9312 or J9271": each code, or one of them? "J9271 nor J9299 is …" without "neither".
      ...(u.readingUncertain
        ? ['the "or" or "nor" joining the codes or names may be read more than one way']
        : []),
    ];
    parts.push(
      `${u.codes.join(', ')}: ${why.length > 0 ? why.join('; ') : 'no statement drugclaim can check'}`,
    );
  }
  if (u.unitNotChecked) parts.push('the billing unit stated was not checked');
  if (u.crosswalkNotLoaded)
    parts.push('no ASP NDC-HCPCS crosswalk data is loaded, so product (brand) names are not recognised');
  return parts.join('; ');
}

function describeClaim(c: CheckedClaim): string {
  const parts: string[] = [];
  if (c.claimed.drug !== undefined) parts.push(`drug "${c.claimed.drug}"`);
  if (c.claimed.unit !== undefined) parts.push(`unit "${c.claimed.unit}"`);
  if (c.claimed.includesBiosimilars === true) parts.push('including biosimilars');
  if (c.claimed.meaning !== undefined) parts.push(`"${c.claimed.meaning}"`);
  return `${c.negated ? 'not ' : ''}${parts.join(', ')}`;
}
