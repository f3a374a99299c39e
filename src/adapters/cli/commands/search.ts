/**
 * `drugclaim search TEXT [--limit N] [--date YYYY-MM-DD] [--json]`: ranked search by code, NDC (any form),
 * brand or drug name, descriptor words.
 */
import type { Command } from 'commander';
import { uncoveredDatasets } from '../../../core/reference/as-of.ts';
import { DEFAULT_SEARCH_LIMIT } from '../../../core/reference/reference-index.ts';
import {
  EXIT_ERROR,
  EXIT_NO,
  eprintln,
  formatTable,
  parseDateOption,
  parsePositiveInt,
  printJson,
  println,
  today,
} from '../output.ts';
import { referenceForLookup } from './store-access.ts';

export function register(program: Command): void {
  program
    .command('search')
    .description('Find codes by code, NDC, brand or drug name, or descriptor words (ranked)')
    .argument('<text...>', 'what to look for, e.g. imfinzi, durvalumab, 0310-4500-12, "pemetrexed 10 mg"')
    .option('--limit <n>', `maximum hits (default ${DEFAULT_SEARCH_LIMIT})`, parsePositiveInt)
    .option('--date <YYYY-MM-DD>', 'date of service for code status (default: today)', parseDateOption)
    .option('--json', 'print JSON (shape documented in docs/reference-store.md)')
    .action(async (words: string[], opts: { limit?: number; date?: string; json?: boolean }) => {
      const query = words.join(' ').trim();
      if (query === '') {
        eprintln(
          'drugclaim: search needs some text: a code, an NDC, a drug or brand name, or descriptor words.',
        );
        process.exitCode = EXIT_ERROR;
        return;
      }
      const ref = await referenceForLookup();
      if (!ref) return;
      const date = opts.date ?? today();
      const limit = opts.limit ?? DEFAULT_SEARCH_LIMIT;
      const hits = ref.search(query, { limit, date });
      const correctedQuery = hits[0]?.correctedQuery ?? null;
      // On a date no HCPCS release covers, statuses come from the nearest release: warn as `code` does, and call
      // "active" unknown (a later release may have terminated the code).
      const hcpcs = uncoveredDatasets(ref.releases(), date).find((u) => u.dataset === 'hcpcs');
      const note = hcpcs
        ? `${hcpcs.message} Statuses are read from ${hcpcs.nearest.label}; "active" is unknown on ${date}.`
        : null;
      if (opts.json) {
        printJson({ query, date, limit, correctedQuery, note, hits });
      } else if (hits.length === 0) {
        println(`No code matches "${query}".`);
      } else {
        if (correctedQuery !== null) println(`No exact match; showing results for "${correctedQuery}".`);
        const rows = [['code', 'status', 'matched by', 'description']];
        for (const h of hits) {
          const by =
            h.matchedBy === 'descriptor' || h.matchedBy === 'code'
              ? h.matchedBy
              : `${h.matchedBy} ${h.matchedText}`;
          rows.push([
            h.code,
            h.status === 'active' && !h.inForce ? 'unknown' : h.status,
            by,
            h.longDescription,
          ]);
        }
        for (const line of formatTable(rows)) println(line);
      }
      if (note !== null && !opts.json) eprintln(`drugclaim: warning: ${note}`);
      if (hits.length === 0) process.exitCode = EXIT_NO;
    });
}
