/**
 * `drugclaim appeal CLAIM_ID LINE [--out FILE.pdf|FILE.md] [--date YYYY-MM-DD] [--json]`: drafts what the worklist
 * says to do for one claim line (src/core/recovery/letters.ts): the appeal letter for its denials, the
 * corrected-claim worksheet when the action is correct-resubmit (no appeal rights), or the payment dispute letter
 * for an underpayment — from the templates and text in rules/appeals, quoting the CARC/RARC descriptions from the
 * store and citing the reference facts. Without --out the Markdown goes to stdout.
 *
 * Exit codes: 0 written; 1 no open denial or underpayment on that line (none, or every item of it reversed,
 * withdrawn, recovered or written off: reopen one to draft anyway), or the template is broken; 2 usage / no
 * reference data.
 */
import { extname } from 'node:path';
import type { Command } from 'commander';
import { formatPosition, type SourcePosition } from '../../../core/problem.ts';
import {
  eprintln,
  parseDateOption,
  parsePositiveInt,
  printJson,
  println,
  today,
  withReference,
  writeFileWhole,
} from '../output.ts';
import { draftLineLetter, letterJson } from '../../../core/recovery/letters.ts';
import { loadRuleBook } from '../../rules/index.ts';
import { auditCli } from './audit.ts';
import { answerNo, openSessionForCli } from './denials.ts';

export function register(program: Command): void {
  program
    .command('appeal')
    .description(
      'Draft the appeal letter for a denied or underpaid claim line, or the corrected-claim worksheet when the denial is to be corrected and resubmitted (Markdown or PDF)',
    )
    .argument('<claim-id>', 'the claim id (CLM01 / CLP01)')
    .argument('<line>', 'the claim line (as in `drugclaim denials`)', parsePositiveInt)
    .option('--out <file>', 'write the letter to FILE.pdf or FILE.md (default: Markdown to stdout)')
    .option('--date <YYYY-MM-DD>', 'date of the letter (default today)', parseDateOption)
    .option('--json', 'print the letter fields and Markdown as JSON')
    .option(
      '--item <id>',
      'the worklist item (drugclaim worklist): when the claim id came back on several remittance claims, only that one',
      parsePositiveInt,
    )
    .action(
      async (
        claimId: string,
        line: number,
        opts: { out?: string; date?: string; json?: boolean; item?: number },
      ) => {
        const session = openSessionForCli();
        if (!session) return;
        try {
          const result = await withReference(async () =>
            draftLineLetter({
              store: session.store,
              reference: await session.referenceData(),
              rules: session.rules,
              payerRules: loadRuleBook().book,
              claimId,
              line,
              ...(opts.item !== undefined ? { findingId: opts.item } : {}),
              letterDate: opts.date ?? today(),
            }),
          );
          if (!result) return;
          // Which findings the letter discloses (never the claim id or the output path: both may name a patient).
          auditCli(session.store.db, {
            action: 'appeals.read',
            command: 'appeal',
            resource: result.ok
              ? `findings:${result.value.findingIds.join(',')} format:${opts.out === undefined ? (opts.json ? 'json' : 'md') : extname(opts.out).slice(1).toLowerCase() || 'none'}`
              : null,
            status: result.ok ? 200 : 404,
          });
          if (!result.ok) {
            answerNo(result.problems.map((p) => p.message).join('; '));
            return;
          }
          const letter = result.value;
          for (const p of result.problems) {
            // Where on the claim it is (e.g. the line's units, 2400 SV1-04), never which claim: stderr may be logged.
            const at = where(p.at);
            eprintln(`drugclaim: ${p.severity}: ${at === '' ? '' : `[${p.code}; ${at}] `}${p.message}`);
          }
          if (opts.out !== undefined) {
            const ext = extname(opts.out).toLowerCase();
            if (ext === '.pdf') {
              // pdfkit is loaded only when a PDF is asked for (it is a good part of the CLI's start-up otherwise).
              const { renderAppealPdf } = await import('../../appeal-pdf/index.ts');
              writeFileWhole(
                opts.out,
                await renderAppealPdf(letter.markdown, {
                  title: letter.fields['title'] ?? 'Appeal',
                  author: letter.fields['providerName'] ?? 'drugclaim',
                }),
              );
            } else if (ext === '.md' || ext === '.markdown' || ext === '.txt') {
              writeFileWhole(opts.out, letter.markdown);
            } else {
              answerNo(`--out must end in .pdf or .md (got ${opts.out})`);
              return;
            }
          }
          if (opts.json) {
            printJson({ ...letterJson(claimId, line, letter), out: opts.out ?? null });
          } else if (opts.out !== undefined) {
            println(
              `Wrote ${opts.out}: ${letter.fields['title'] ?? ''}. Deadline ${letter.deadline?.date ?? 'unknown'} (${letter.deadline?.citation ?? 'no policy'}).`,
            );
            println(
              `When sent: drugclaim worklist set ${letter.findingIds.join(',')} ${letter.sentStatus} --note "${letter.kind === 'corrected-claim' ? 'corrected claim sent' : 'appeal sent'}"`,
            );
            if (letter.kind === 'corrected-claim')
              println(
                'A replacement (CLM05-3 7, REF*F8) imported with drugclaim claims import sets the items to corrected-claim-sent by itself.',
              );
          } else {
            process.stdout.write(letter.markdown);
          }
        } finally {
          session.close();
        }
      },
    );
}

/** A warning's position as the 837 names it ("loop 2400, SV104, field units"); formatPosition otherwise. */
function where(at: SourcePosition | undefined): string {
  if (at?.segmentId === undefined || at.segmentIndex !== undefined || at.element === undefined)
    return formatPosition(at);
  const { segmentId, element, ...rest } = at;
  const element2 = String(element).padStart(2, '0');
  return [
    rest.loop === undefined ? '' : `loop ${rest.loop}`,
    `${segmentId}${element2}`,
    rest.field ? `field ${rest.field}` : '',
  ]
    .filter((x) => x !== '')
    .join(', ');
}
