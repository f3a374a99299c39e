/**
 * `drugclaim claims import FILE... [--json]`: imports submitted claims (837P, 837I, FHIR Claim) idempotently, so
 * remittances can be matched to them; then re-tries matching of remittances that had no claim.
 */
import type { Command } from 'commander';
import { importCommand } from './remit.ts';

export function register(program: Command): void {
  const claims = program
    .command('claims')
    .description('Submitted claims for revenue recovery (matching remittances)');
  importCommand(
    claims,
    'claims',
    'Import claim files (837P, 837I or FHIR Claim); the same file twice adds nothing',
    'claim files',
  );
}
