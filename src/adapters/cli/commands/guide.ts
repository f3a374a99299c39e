/**
 * `drugclaim guide CODE [--date YYYY-MM-DD] [--format md|html|json] [--rules PATH...] [--out FILE]`: the billing
 * guide of a HCPCS code from the reference data (seven sections, each statement with its source; see
 * docs/guides.md). JSON is the guide model itself.
 *
 * Exit codes: 0 guide written; 1 the code is unknown on that date (or a modifier); 2 usage error or no reference data.
 */
import { Option, type Command } from 'commander';
import { isExamplePayer } from '../../../core/guides/commercial.ts';
import { buildGuide, isProblem } from '../../../core/guides/index.ts';
import { loadGuideInputs } from '../../render/guide-inputs.ts';
import { renderGuideHtml } from '../../render/guide-html.ts';
import { renderGuideMarkdown } from '../../render/guide-markdown.ts';
import {
  EXIT_ERROR,
  EXIT_NO,
  eprintln,
  loadReferenceForCli,
  parseDateOption,
  printJson,
  today,
  writeFileWhole,
} from '../output.ts';

interface GuideOptions {
  date?: string;
  format: 'md' | 'html' | 'json';
  rules?: string[];
  out?: string;
}

export function register(program: Command): void {
  program
    .command('guide')
    .description(
      'Billing guide for a drug code: definition, clinical context, modifiers, documentation, denials, payer rules, similar codes',
    )
    .argument('<code>', 'HCPCS code, e.g. J9173')
    .option('--date <YYYY-MM-DD>', 'date of service (default: today)', parseDateOption)
    .addOption(new Option('--format <format>', 'output format').choices(['md', 'html', 'json']).default('md'))
    .option(
      '--rules <path...>',
      'payer rules files or folders (default: rules/payers without its example payer, which is shown, marked as an example, only when named)',
    )
    .option('--out <file>', 'write to a file instead of standard output')
    .action(async (code: string, opts: GuideOptions) => {
      const ref = await loadReferenceForCli();
      if (!ref) return;
      const date = opts.date ?? today();
      const { inputs, problems } = loadGuideInputs(opts.rules ?? []);
      for (const p of problems) eprintln(`drugclaim: warning: payer rules left out: ${p.message}`);
      // The default folder holds a fictional example payer beside the real rules: a guide asked for without
      // --rules must not present its policies, so it is left out unless a --rules path is given.
      if (opts.rules === undefined && inputs.payerRules)
        inputs.payerRules = inputs.payerRules.filter((r) => !isExamplePayer(r));
      const guide = buildGuide(ref, code, date, inputs);
      if (isProblem(guide)) {
        if (opts.format === 'json')
          printJson({ error: guide.code, message: guide.message, ...(guide.data ?? {}) });
        else eprintln(`drugclaim: ${guide.message}`);
        process.exitCode =
          guide.code === 'guide-bad-code' || guide.code === 'guide-bad-date' ? EXIT_ERROR : EXIT_NO;
        return;
      }
      const text =
        opts.format === 'json'
          ? `${JSON.stringify(guide, null, 2)}\n`
          : opts.format === 'html'
            ? renderGuideHtml(guide)
            : renderGuideMarkdown(guide);
      // A guide is reference data, no PHI: created as other programs create files, not 0600.
      if (opts.out) writeFileWhole(opts.out, text, { shared: true });
      else process.stdout.write(text);
    });
}
