/**
 * `drugclaim claims import FILE... [--json]`: imports submitted claims (837P, 837I, FHIR Claim) idempotently, so
 * remittances can be matched to them; then re-tries matching of remittances that had no claim.
 */
import type { Command } from 'commander';
import { openSessionForCli, toleranceOptions } from './denials.ts';
import { importFiles, printImport } from './remit.ts';

export function register(program: Command): void {
  const claims = program
    .command('claims')
    .description('Submitted claims for revenue recovery (matching remittances)');
  toleranceOptions(
    claims
      .command('import')
      .description('Import claim files (837P, 837I or FHIR Claim); the same file twice adds nothing')
      .argument('<files...>', 'claim files')
      .option('--json', 'print JSON'),
  ).action(
    async (files: string[], opts: { json?: boolean; toleranceCents?: number; tolerancePercent?: number }) => {
      const session = openSessionForCli(opts);
      if (!session) return;
      try {
        const { rows, reconcile } = await importFiles(session, files, 'claims');
        printImport(rows, reconcile, opts.json, 'claims');
      } finally {
        session.close();
      }
    },
  );
}
